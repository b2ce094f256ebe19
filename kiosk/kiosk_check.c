/* kiosk_check.c - id06-kiosk --check (kiosk_check.h): one line per part of
 * the setup, each saying what is wrong and how to fix it. */
#define _DEFAULT_SOURCE
#include "kiosk_check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "emrtd.h"
#include "kiosk_paths.h"
#ifdef ID06_HAVE_MRZ_READ
#include "mrz_read.h"
#endif
#include "sync.h"
#include "sync_client.h"

#define CERT_FILE_MAX (1024 * 1024)

static enum kiosk_check_result say(char *msg, size_t cap, enum kiosk_check_result r,
                                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static enum kiosk_check_result say(char *msg, size_t cap, enum kiosk_check_result r,
                                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, cap, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- certificates ------------------------------------------------------- */

/* The certificates of a PEM file (one or more) or a DER file, at most
 * max of them into out; the count, 0 when the file holds none. */
static int load_certs(const char *path, X509 **out, int max, int *err_no)
{
	*err_no = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err_no = errno;
		return 0;
	}
	unsigned char *buf = malloc(CERT_FILE_MAX);
	size_t n = buf ? fread(buf, 1, CERT_FILE_MAX, f) : 0;
	bool too_big = buf && n == CERT_FILE_MAX;
	fclose(f);
	int count = 0;
	if (!buf || too_big || n == 0) {
		free(buf);
		return 0;
	}
	BIO *bio = BIO_new_mem_buf(buf, (int)n);
	while (bio && count < max) {
		X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (!x)
			break;
		out[count++] = x;
	}
	BIO_free(bio);
	if (count == 0) {
		const unsigned char *p = buf;
		X509 *x = d2i_X509(NULL, &p, (long)n);
		if (x)
			out[count++] = x;
	}
	ERR_clear_error();
	free(buf);
	return count;
}

static void cert_date(const ASN1_TIME *t, char out[16])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!t || !ASN1_TIME_to_tm(t, &tm) || !strftime(out, 16, "%Y-%m-%d", &tm))
		snprintf(out, 16, "(no date)");
}

enum cert_state { CERT_VALID, CERT_EXPIRED, CERT_NOT_YET };

static enum cert_state cert_state_at(X509 *x, int64_t now)
{
	time_t t = (time_t)now;
	if (X509_cmp_time(X509_get0_notAfter(x), &t) < 0)
		return CERT_EXPIRED;
	if (X509_cmp_time(X509_get0_notBefore(x), &t) > 0)
		return CERT_NOT_YET;
	return CERT_VALID;
}

enum kiosk_check_result kiosk_check_cert(const char *path, const char *what, int64_t now,
                                         char *msg, size_t cap)
{
	X509 *x = NULL;
	int err_no;
	if (!path || !*path)
		return say(msg, cap, KIOSK_CHECK_FAIL, "%s is not set in the configuration", what);
	if (load_certs(path, &x, 1, &err_no) == 0) {
		if (err_no)
			return say(msg, cap, KIOSK_CHECK_FAIL,
			           "%s %s cannot be read (%s): install the file and make it "
			           "readable by the service user id06-kiosk", what, path, strerror(err_no));
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s %s is not a certificate (PEM or DER): install the certificate "
		           "you were issued", what, path);
	}
	char after[16], before[16];
	cert_date(X509_get0_notAfter(x), after);
	cert_date(X509_get0_notBefore(x), before);
	enum cert_state st = cert_state_at(x, now);
	X509_free(x);
	if (st == CERT_EXPIRED)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s %s expired on %s: get a new certificate and replace the file", what,
		           path, after);
	if (st == CERT_NOT_YET)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s %s is valid only from %s: check this PC's clock (timedatectl) "
		           "or the certificate", what, path, before);
	return say(msg, cap, KIOSK_CHECK_OK, "%s %s valid until %s", what, path, after);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The file names the chip reader's trust store loads (emrtd_trust_add_dir). */
static bool is_cert_name(const char *name)
{
	return ends_with(name, ".pem") || ends_with(name, ".crt") || ends_with(name, ".cer") ||
	       ends_with(name, ".der") ||
	       (strlen(name) == 10 && name[8] == '.' && name[9] == '0');
}

enum kiosk_check_result kiosk_check_csca(const char *dir, int64_t now, char *msg, size_t cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "CSCA folder %s cannot be opened (%s): create it (the package makes "
		           "/etc/id06-kiosk/csca) and let the group id06-kiosk read it", dir,
		           strerror(errno));
	unsigned certs = 0, expired = 0, lists = 0, bad = 0;
	char expired_names[200] = "", bad_name[NAME_MAX + 1] = "", first_name[NAME_MAX + 1] = "";
	char first_date[16] = "";
	time_t first_after = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (ends_with(name, ".ml") || ends_with(name, ".mls")) {
			lists++;
			continue;
		}
		if (!is_cert_name(name))
			continue;
		char path[PATH_MAX];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
			continue;
		X509 *xs[16];
		int err_no;
		int n = load_certs(path, xs, 16, &err_no);
		if (n == 0) {
			bad++;
			snprintf(bad_name, sizeof bad_name, "%s", name);
			continue;
		}
		for (int i = 0; i < n; i++) {
			certs++;
			if (cert_state_at(xs[i], now) == CERT_EXPIRED) {
				char date[16];
				cert_date(X509_get0_notAfter(xs[i]), date);
				size_t used = strlen(expired_names);
				if (expired++ < 3)
					snprintf(expired_names + used, sizeof expired_names - used, "%s%s (%s)",
					         used ? ", " : "", name, date);
			} else {
				/* The next to expire, so staff see it coming. */
				struct tm tm;
				memset(&tm, 0, sizeof tm);
				if (ASN1_TIME_to_tm(X509_get0_notAfter(xs[i]), &tm)) {
					time_t t = timegm(&tm);
					if (!first_name[0] || t < first_after) {
						first_after = t;
						snprintf(first_name, sizeof first_name, "%s", name);
						cert_date(X509_get0_notAfter(xs[i]), first_date);
					}
				}
			}
			X509_free(xs[i]);
		}
	}
	closedir(d);
	if (bad)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s/%s is not a certificate or cannot be read (%u such file%s): replace it "
		           "with the CSCA in PEM or DER, or remove it", dir, bad_name, bad,
		           bad == 1 ? "" : "s");
	if (certs == 0 && lists == 0)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "no CSCA certificate in %s: put the CSCA certificates (PEM or DER) or "
		           "master lists (.ml) of the countries you accept there (see its README); "
		           "without them no chip verifies", dir);
	if (expired)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%u of %u CSCA certificates in %s expired: %s%s: replace them with the "
		           "countries' current CSCAs or remove them", expired, certs, dir,
		           expired_names, expired > 3 ? ", ..." : "");
	/* The chip reader must accept them too (master list signatures...). */
	struct emrtd_trust *t = NULL;
	unsigned added = 0;
	enum emrtd_err err = emrtd_trust_new(&t);
	if (!err)
		err = emrtd_trust_add_dir(t, dir, &added);
	emrtd_trust_free(t);
	if (err)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "the chip reader loads no CSCA from %s (%s): check the master lists' "
		           "format (CMS, signed)", dir, emrtd_err_str(err));
	if (!first_name[0])
		return say(msg, cap, KIOSK_CHECK_OK, "%u CSCA certificates from %u master list%s in %s",
		           added, lists, lists == 1 ? "" : "s", dir);
	return say(msg, cap, KIOSK_CHECK_OK,
	           "%u CSCA certificate%s in %s (%u loaded by the chip reader), none expired; "
	           "next to expire: %s on %s", certs, certs == 1 ? "" : "s", dir, added,
	           first_name, first_date);
}

/* ---- devices -------------------------------------------------------------- */

/* "images:DIR": a folder of document pictures stands in for the camera. */
static enum kiosk_check_result check_images(const char *dir, char *msg, size_t cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera images:%s: the folder cannot be opened (%s): fix kiosk_camera", dir,
		           strerror(errno));
	unsigned n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += ends_with(e->d_name, ".jpg") || ends_with(e->d_name, ".jpeg") ||
		     ends_with(e->d_name, ".png");
	closedir(d);
	if (!n)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera images:%s holds no .jpg or .png picture: fix kiosk_camera", dir);
	return say(msg, cap, KIOSK_CHECK_OK, "camera images:%s: %u pictures stand in for a camera",
	           dir, n);
}

enum kiosk_check_result kiosk_check_camera(const char *camera, char *msg, size_t cap)
{
	if (!camera || !*camera)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "no camera configured: set kiosk_camera = /dev/videoN");
	if (strncmp(camera, "images:", 7) == 0)
		return check_images(camera + 7, msg, cap);
	bool video_file = strncmp(camera, "video:", 6) == 0;
	const char *path = video_file ? camera + 6 : camera;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera %s not found (%s): %s", path, strerror(errno),
		           video_file ? "fix kiosk_camera = video:FILE"
		                      : "plug the camera in (ls /dev/video*) or set kiosk_camera to "
		                        "its device");
	if (video_file || S_ISREG(sb.st_mode)) {
#ifdef ID06_HAVE_MRZ_READ
		/* A video file stands in for the camera (demos, tests). */
		struct mrz_video *v = NULL;
		enum mrz_read_err err = mrz_video_open(NULL, path, &v);
		mrz_video_close(v);
		if (err)
			return say(msg, cap, KIOSK_CHECK_FAIL, "camera %s: %s", path,
			           mrz_read_err_str(err));
		return say(msg, cap, KIOSK_CHECK_OK, "camera %s is a video file and opens", path);
#else
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera %s is a file, and this build reads no video", path);
#endif
	}
	if (!S_ISCHR(sb.st_mode))
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera %s is not a device: set kiosk_camera = /dev/videoN", camera);
	int fd = open(camera, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "camera %s cannot be opened (%s): %s", camera, strerror(errno),
		           errno == EACCES ? "run as a member of the group video (the service is)"
		                           : "is another program using it?");
	struct v4l2_capability caps;
	memset(&caps, 0, sizeof caps);
	int r = ioctl(fd, VIDIOC_QUERYCAP, &caps);
	close(fd);
	if (r != 0)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s is not a video4linux camera: set kiosk_camera to the camera's /dev/videoN",
		           camera);
	uint32_t dev_caps = (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps
	                                                               : caps.capabilities;
	if (!(dev_caps & V4L2_CAP_VIDEO_CAPTURE))
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "%s cannot capture pictures (a metadata node?): use the camera's other "
		           "/dev/videoN (v4l2-ctl --list-devices)", camera);
	return say(msg, cap, KIOSK_CHECK_OK, "camera %s (%.32s) opens and captures", camera,
	           (const char *)caps.card);
}

enum kiosk_check_result kiosk_check_nfc(const char *connstring, char *msg, size_t cap)
{
	const char *shown = connstring && *connstring ? connstring : "(libnfc's default)";
	struct emrtd_transport *t = NULL;
	enum emrtd_err err = emrtd_transport_nfc_open(connstring, 0, &t);
	emrtd_transport_close(t);
	if (err == EMRTD_OK)
		return say(msg, cap, KIOSK_CHECK_OK, "NFC reader %s answers (a document lies on it)",
		           shown);
	if (err == EMRTD_ERR_NO_CARD)
		return say(msg, cap, KIOSK_CHECK_OK, "NFC reader %s answers", shown);
	if (err == EMRTD_ERR_NO_READER)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "no NFC reader at %s: plug it in and check the connstring (nfc-scan-device "
		           "lists readers); a USB reader needs the kernel's pn533 driver unloaded "
		           "(modprobe -r pn533_usb; the package blacklists it) and, for an ACR122U, "
		           "pcscd stopped (systemctl stop pcscd.socket pcscd)", shown);
	return say(msg, cap, KIOSK_CHECK_FAIL,
	           "NFC reader %s found but not usable (%s): unplug and replug it", shown,
	           emrtd_err_str(err));
}

enum kiosk_check_result kiosk_check_model(const char *model, char *msg, size_t cap)
{
#ifdef ID06_HAVE_MRZ_READ
	struct mrz_reader *r = NULL;
	enum mrz_read_err err = mrz_reader_new(model, &r);
	mrz_reader_free(r);
	if (err)
		return say(msg, cap, KIOSK_CHECK_FAIL, "MRZ model %s: %s",
		           model ? model : "(ID06_MRZ_MODEL, else the installed one)",
		           err == MRZ_READ_ERR_MODEL
		               ? "it does not load in Tesseract: reinstall the package (it ships "
		                 "/usr/share/id06-kiosk/model/mrz.traineddata) or fix ID06_MRZ_MODEL"
		               : mrz_read_err_str(err));
	return say(msg, cap, KIOSK_CHECK_OK, "the MRZ model loads in Tesseract");
#else
	(void)model;
	return say(msg, cap, KIOSK_CHECK_FAIL, "this build has no MRZ image reader");
#endif
}

/* ---- data --------------------------------------------------------------- */

/* The translations (kiosk_data_dir) and the fonts the screen uses. */
static enum kiosk_check_result check_data(char *msg, size_t cap)
{
	char data[PATH_MAX], lang[PATH_MAX + 16];
	kiosk_data_dir(data, sizeof data);
	snprintf(lang, sizeof lang, "%s/ui/lang", data);
	DIR *d = opendir(lang);
	unsigned n = 0;
	bool english = false;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (ends_with(e->d_name, ".txt")) {
			n++;
			english |= strcmp(e->d_name, "en.txt") == 0;
		}
	}
	if (d)
		closedir(d);
	if (!english)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "translations: no en.txt in %s: reinstall the package (or set "
		           "ID06_KIOSK_DATA to the folder holding ui/lang)", lang);
	static const char font[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
	if (access(font, R_OK) != 0)
		return say(msg, cap, KIOSK_CHECK_FAIL, "font %s missing: apt-get install "
		           "fonts-dejavu-core", font);
	return say(msg, cap, KIOSK_CHECK_OK, "%u languages in %s; DejaVu fonts installed", n, lang);
}

/* ---- configuration, store and server ---------------------------------- */

static enum kiosk_check_result check_store(const struct sync_config *cfg, char *msg, size_t cap)
{
	const char *user_hint = getuid() == 0 ? ": run the check as the service user "
	                                        "(sudo -u id06-kiosk id06-kiosk --check)"
	                                      : "";
	struct stat sb;
	if (stat(cfg->store_path, &sb) != 0 && errno == ENOENT) {
		/* Not made yet: the key must still load, and the folder exist. */
		char dir[SYNC_PATH_MAX];
		snprintf(dir, sizeof dir, "%s", cfg->store_path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		if (slash && dir[0] && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
			return say(msg, cap, KIOSK_CHECK_FAIL,
			           "store_path %s: the folder %s does not exist: fix store_path (the "
			           "package's is /var/lib/id06-kiosk/store.db)", cfg->store_path, dir);
		struct sync_key key;
		enum sync_err err = sync_config_key(cfg, &key);
		sync_wipe(&key, sizeof key);
		if (err)
			return say(msg, cap, KIOSK_CHECK_FAIL, "store key (%s): %s",
			           cfg->store_key_credential[0] ? cfg->store_key_credential
			                                        : cfg->store_key_file,
			           sync_err_str(err));
		return say(msg, cap, KIOSK_CHECK_OK,
		           "store %s not made yet (the first start makes it); its key loads",
		           cfg->store_path);
	}
	struct sync_store *store = NULL;
	int key_failed = 0;
	enum sync_err err = sync_config_open_store(cfg, &store, &key_failed);
	sync_store_close(store);
	if (err && key_failed)
		return say(msg, cap, KIOSK_CHECK_FAIL, "store key (%s): %s%s",
		           cfg->store_key_credential[0] ? cfg->store_key_credential
		                                        : cfg->store_key_file,
		           sync_err_str(err), user_hint);
	if (err)
		return say(msg, cap, KIOSK_CHECK_FAIL, "store %s: %s%s", cfg->store_path,
		           sync_err_str(err), err == SYNC_ERR_STORE_OPEN ? user_hint : "");
	return say(msg, cap, KIOSK_CHECK_OK, "store %s opens with its key", cfg->store_path);
}

static enum kiosk_check_result check_key_file(const char *path, char *msg, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return say(msg, cap, KIOSK_CHECK_FAIL,
		           "client key (key_file) %s cannot be read (%s): install it readable by the "
		           "service user only (chown id06-kiosk; chmod 0600)", path, strerror(errno));
	fclose(f);
	return KIOSK_CHECK_OK;
}

static enum kiosk_check_result check_server(const struct sync_config *cfg, char *msg,
                                            size_t cap)
{
	struct sync_client *c = NULL;
	enum sync_err err = sync_client_new(cfg, &c);
	if (err)
		return say(msg, cap, KIOSK_CHECK_FAIL, "server client: %s", sync_err_str(err));
	struct sync_health h;
	struct sync_pass p;
	memset(&p, 0, sizeof p);
	sync_pass_health(c, &h, &p);
	sync_client_free(c);
	if (p.error[0])
		return say(msg, cap, KIOSK_CHECK_FAIL, "server %s: %s%s", cfg->server_url, p.error,
		           p.fatal ? "" : ": check server_url, the network and the firewall");
	return say(msg, cap, KIOSK_CHECK_OK, "server %s answers; it knows this kiosk as %s",
	           cfg->server_url, h.kiosk_id);
}

int kiosk_check_run(const struct kiosk_check_setup *s, kiosk_check_emit *emit, void *ctx)
{
	/* Every check writes line.text (through say()) before EMIT sends it. */
	struct kiosk_check_line line;
	memset(&line, 0, sizeof line);
	int failed = 0;
#define EMIT(n, expr)                                            \
	do {                                                     \
		line.name = (n);                                 \
		line.result = (expr);                            \
		failed += line.result == KIOSK_CHECK_FAIL;       \
		emit(&line, ctx);                                \
	} while (0)

	struct sync_config *cfg = calloc(1, sizeof *cfg);
	char why[400] = "";
	enum sync_err cerr = cfg ? sync_config_load(s->config_path, cfg, why, sizeof why)
	                         : SYNC_ERR_NOMEM;
	bool have_cfg = cerr == SYNC_OK;
	if (have_cfg)
		EMIT("config", say(line.text, sizeof line.text, KIOSK_CHECK_OK, "%s read",
		                   s->config_path));
	else
		EMIT("config", say(line.text, sizeof line.text, KIOSK_CHECK_FAIL, "%s: %s",
		                   s->config_path, cerr == SYNC_ERR_CONFIG ? why : sync_err_str(cerr)));
	const char *skipped = "skipped: the configuration cannot be read";

	if (have_cfg)
		EMIT("store", check_store(cfg, line.text, sizeof line.text));
	else
		EMIT("store", say(line.text, sizeof line.text, KIOSK_CHECK_SKIP, "%s", skipped));

	const char *csca = s->csca_dir                          ? s->csca_dir
	                   : have_cfg && cfg->kiosk.csca_dir[0] ? cfg->kiosk.csca_dir
	                                                        : kiosk_default_csca_dir();
	EMIT("csca", kiosk_check_csca(csca, s->now, line.text, sizeof line.text));
	EMIT("model", kiosk_check_model(s->model, line.text, sizeof line.text));
	EMIT("data", check_data(line.text, sizeof line.text));
	/* Devices: the options, else the configuration's kiosk_camera and
	 * kiosk_nfc (their defaults when it cannot be read). */
	const char *camera = s->camera ? s->camera : have_cfg ? cfg->kiosk.camera : "/dev/video0";
	const char *nfc = s->nfc ? s->nfc : have_cfg ? cfg->kiosk.nfc : "";
	EMIT("camera", kiosk_check_camera(camera, line.text, sizeof line.text));
	EMIT("nfc", kiosk_check_nfc(nfc, line.text, sizeof line.text));

	if (have_cfg) {
		enum kiosk_check_result cert = kiosk_check_cert(
			cfg->cert_file, "client certificate (cert_file)", s->now, line.text,
			sizeof line.text);
		if (cert == KIOSK_CHECK_OK)
			cert = check_key_file(cfg->key_file, line.text, sizeof line.text);
		EMIT("client-cert", cert);
		enum kiosk_check_result ca = kiosk_check_cert(cfg->ca_file, "server CA (ca_file)",
		                                              s->now, line.text, sizeof line.text);
		EMIT("server-ca", ca);
		if (cert == KIOSK_CHECK_OK && ca == KIOSK_CHECK_OK)
			EMIT("server", check_server(cfg, line.text, sizeof line.text));
		else
			EMIT("server", say(line.text, sizeof line.text, KIOSK_CHECK_SKIP,
			                   "skipped: fix the certificates first"));
	} else {
		EMIT("client-cert", say(line.text, sizeof line.text, KIOSK_CHECK_SKIP, "%s", skipped));
		EMIT("server-ca", say(line.text, sizeof line.text, KIOSK_CHECK_SKIP, "%s", skipped));
		EMIT("server", say(line.text, sizeof line.text, KIOSK_CHECK_SKIP, "%s", skipped));
	}
#undef EMIT
	if (cfg)
		sync_wipe(cfg, sizeof *cfg);
	free(cfg);
	return failed;
}

static void print_line(const struct kiosk_check_line *line, void *ctx)
{
	(void)ctx;
	static const char *const words[] = {"ok", "FAIL", "skip"};
	printf("%-4s %-11s %s\n", words[line->result], line->name, line->text);
	fflush(stdout);
}

int kiosk_check_print(const struct kiosk_check_setup *setup)
{
	int failed = kiosk_check_run(setup, print_line, NULL);
	if (failed)
		printf("%d check%s failed: fix %s and run id06-kiosk --check again\n", failed,
		       failed == 1 ? "" : "s", failed == 1 ? "it" : "them");
	else
		printf("all checks passed\n");
	return failed ? 1 : 0;
}
