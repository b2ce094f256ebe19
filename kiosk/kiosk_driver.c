/* kiosk_driver.c - drives the devices and the store from the session's
 * actions (kiosk_driver.h); the headless and the live loop share it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "kiosk_driver.h"
#include "kiosk_paths.h"
#ifdef ID06_HAVE_MRZ_READ
#include "mrz_read.h"
#endif

#ifndef ID06_SOURCE_DIR
#define ID06_SOURCE_DIR "."
#endif
#ifndef ID06_CHIP_SIM
#define ID06_CHIP_SIM "id06-chip-sim"
#endif
#ifndef ID06_KIOSK_RUN_DIR
#define ID06_KIOSK_RUN_DIR "/tmp"
#endif

bool kiosk_read_small_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(buf, 1, cap - 1, f);
	bool ok = !ferror(f) && feof(f);
	fclose(f);
	buf[n] = '\0';
	return ok;
}

double kiosk_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the camera ------------------------------------------------------- */

static void camera_wipe(struct kiosk_camera *c)
{
	sync_wipe(c, sizeof *c);
}

/* ---- the chip reader worker --------------------------------------------- */

static void on_chip_progress(void *ctx, enum emrtd_file file, size_t done, size_t total)
{
	struct kiosk_chip_worker *w = ctx;
	/* DG2 (the face) is nearly all of the bytes: give it most of the bar. */
	int base = 50, span = 50;
	if (file == EMRTD_FILE_DG2) {
		base = 150;
		span = 750;
	} else if (file == EMRTD_FILE_SOD) {
		base = 900;
		span = 100;
	} else if (file == EMRTD_FILE_DG1) {
		base = 100;
		span = 50;
	}
	int p = base + (total ? (int)((size_t)span * (done > total ? total : done) / total) : 0);
	pthread_mutex_lock(&w->lock);
	if (p > w->permille)
		w->permille = p;
	pthread_mutex_unlock(&w->lock);
}

static void *chip_worker_main(void *arg)
{
	struct kiosk_chip_worker *w = arg;
	struct emrtd_transport *t = NULL;
	struct emrtd_session *s = NULL;
	uint8_t seed[16];
	struct emrtd_access_key key;
	memset(&key, 0, sizeof key);
	enum emrtd_err err = emrtd_key_from_mrz(w->mrz_text, strlen(w->mrz_text), seed, &w->key_mrz);
	sync_wipe(w->mrz_text, sizeof w->mrz_text);
	if (!err)
		err = emrtd_access_key_from_mrz(&w->key_mrz, &key);
	/* The CAN, when the cardholder typed one, is PACE's password. */
	snprintf(key.can, sizeof key.can, "%s", w->can);
	sync_wipe(w->can, sizeof w->can);
	if (err)
		goto out;
	err = emrtd_transport_open(w->connstring[0] ? w->connstring : NULL, 3000, &t);
	if (err)
		goto out;
	struct emrtd_options opts = {.progress = on_chip_progress, .progress_ctx = w,
	                             .bac_fallback = w->bac_fallback};
	err = emrtd_session_open(t, &opts, &s);
	if (err)
		goto out;
	err = emrtd_session_authenticate(s, &key);
	w->access = emrtd_session_access(s);
	if (err)
		goto out;
	err = emrtd_document_read(s, &w->doc);
	if (err)
		goto out;
	err = emrtd_document_verify(w->doc, w->trust, &w->key_mrz);
out:
	sync_wipe(seed, sizeof seed);
	emrtd_access_key_wipe(&key);
	emrtd_session_close(s);
	emrtd_transport_close(t);
	pthread_mutex_lock(&w->lock);
	w->err = err;
	w->finished = true;
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the staff PIN ---------------------------------------------------------- */

#define PIN_ITERATIONS 200000

static bool unhex(const char *h, size_t hlen, unsigned char *out, size_t n)
{
	if (hlen != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = h[2 * i + (size_t)k];
			unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			             : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			                                    : 16u;
			if (d > 15)
				return false;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return true;
}

static bool pin_derive(const char *pin, const unsigned char *salt, unsigned iterations,
                       unsigned char out[PIN_HASH])
{
	return PKCS5_PBKDF2_HMAC(pin, (int)strlen(pin), salt, PIN_SALT, (int)iterations, EVP_sha256(),
	                         PIN_HASH, out) == 1;
}

bool kiosk_pin_load(const char *path, struct kiosk_staff_pin *p, char *why, size_t cap)
{
	char line[256];
	memset(p, 0, sizeof *p);
	if (!kiosk_read_small_file(path, line, sizeof line)) {
		snprintf(why, cap, "staff PIN file %s cannot be read: %s", path, strerror(errno));
		return false;
	}
	line[strcspn(line, "\r\n")] = '\0';
	char *it = strchr(line, '$');
	char *salt = it ? strchr(it + 1, '$') : NULL;
	char *hash = salt ? strchr(salt + 1, '$') : NULL;
	char *end = NULL;
	unsigned long iterations = it ? strtoul(it + 1, &end, 10) : 0;
	if (!it || strncmp(line, "pbkdf2-sha256$", 14) != 0 || !salt || !hash || end != salt ||
	    iterations < 10000 || iterations > 10000000 ||
	    !unhex(salt + 1, (size_t)(hash - salt - 1), p->salt, PIN_SALT) ||
	    !unhex(hash + 1, strlen(hash + 1), p->hash, PIN_HASH)) {
		snprintf(why, cap, "staff PIN file %s is not one line pbkdf2-sha256$ITERATIONS$SALT$HASH "
		                   "(at least 10000 iterations, 16-byte salt, 32-byte hash, lower-case "
		                   "hex): make it with id06-kiosk --hash-pin",
		         path);
		sync_wipe(line, sizeof line);
		return false;
	}
	p->iterations = (unsigned)iterations;
	p->set = true;
	sync_wipe(line, sizeof line);
	return true;
}

static bool pin_check(const struct kiosk_staff_pin *p, const char *digits)
{
	unsigned char got[PIN_HASH];
	bool ok = p->set && pin_derive(digits, p->salt, p->iterations, got) &&
	          CRYPTO_memcmp(got, p->hash, PIN_HASH) == 0;
	OPENSSL_cleanse(got, sizeof got);
	return ok;
}

/* Reads a PIN (4 to 8 digits) from stdin and prints its hash line. */
int kiosk_pin_hash_main(void)
{
	char pin[64] = "";
	if (!fgets(pin, sizeof pin, stdin))
		pin[0] = '\0';
	pin[strcspn(pin, "\r\n")] = '\0';
	size_t n = strlen(pin);
	bool digits = n >= 4 && n <= 8 && strspn(pin, "0123456789") == n;
	if (!digits) {
		OPENSSL_cleanse(pin, sizeof pin);
		fprintf(stderr, "id06-kiosk --hash-pin: give the PIN on stdin, 4 to 8 digits\n");
		return 2;
	}
	unsigned char salt[PIN_SALT], hash[PIN_HASH];
	bool ok = RAND_bytes(salt, PIN_SALT) == 1 && pin_derive(pin, salt, PIN_ITERATIONS, hash);
	OPENSSL_cleanse(pin, sizeof pin);
	if (!ok) {
		fprintf(stderr, "id06-kiosk --hash-pin: OpenSSL failed\n");
		return 1;
	}
	printf("pbkdf2-sha256$%u$", PIN_ITERATIONS);
	for (size_t i = 0; i < PIN_SALT; i++)
		printf("%02x", salt[i]);
	printf("$");
	for (size_t i = 0; i < PIN_HASH; i++)
		printf("%02x", hash[i]);
	printf("\n");
	OPENSSL_cleanse(hash, sizeof hash);
	return 0;
}

/* ---- the driver --------------------------------------------------------- */


static void drv_error(struct kiosk_driver *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void drv_error(struct kiosk_driver *d, const char *fmt, ...)
{
	if (d->error[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->error, sizeof d->error, fmt, ap);
	va_end(ap);
}

static void audit(struct kiosk_driver *d, const char *event, const char *ref, const char *detail)
{
	if (d->store && sync_audit_append(d->store, event, ref ? ref : "", detail ? detail : ""))
		drv_error(d, "audit log write failed");
}

static void chip_join(struct kiosk_driver *d)
{
	struct kiosk_chip_worker *w = &d->chip;
	if (!w->running)
		return;
	pthread_join(w->thread, NULL);
	w->running = false;
	pthread_mutex_destroy(&w->lock);
}

static void chip_discard(struct kiosk_driver *d)
{
	struct kiosk_chip_worker *w = &d->chip;
	if (w->running) {
		pthread_mutex_lock(&w->lock);
		w->cancel = true;
		pthread_mutex_unlock(&w->lock);
		chip_join(d);
	}
	emrtd_document_free(w->doc);
	w->doc = NULL;
	mrz_result_wipe(&w->key_mrz);
	sync_wipe(w->mrz_text, sizeof w->mrz_text);
	sync_wipe(w->can, sizeof w->can);
}

static void chip_start(struct kiosk_driver *d, bool with_can)
{
	chip_discard(d);
	struct kiosk_chip_worker *w = &d->chip;
	memset(w, 0, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	const struct mrz_result *m =
	        d->session.phase == KIOSK_PHASE_IDENTITY ? &d->session.mrz : &d->session.permit_mrz;
	size_t n = 0;
	for (int i = 0; i < m->line_count; i++)
		n += (size_t)snprintf(w->mrz_text + n, sizeof w->mrz_text - n, "%s%s", i ? "\n" : "",
		                      m->lines[i]);
	if (d->sim.link[0])
		snprintf(w->connstring, sizeof w->connstring, "pn532_uart:%s", d->sim.link);
	else
		snprintf(w->connstring, sizeof w->connstring, "%s", d->nfc);
	w->bac_fallback = d->bac_fallback;
	w->trust = d->trust;
	if (with_can)
		snprintf(w->can, sizeof w->can, "%s", d->session.can);
	if (pthread_create(&w->thread, NULL, chip_worker_main, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		struct kiosk_event ev = {.type = KIOSK_EV_CHIP_FAILED, .failure = KIOSK_CHIP_ERROR};
		kiosk_driver_feed(d, &ev);
		return;
	}
	w->running = true;
}

static enum kiosk_chip_failure failure_of(enum emrtd_err err)
{
	switch (err) {
	case EMRTD_ERR_NO_READER:
	case EMRTD_ERR_NO_CARD:
		return KIOSK_CHIP_NO_CARD;
	case EMRTD_ERR_CARD_LOST:
	case EMRTD_ERR_TIMEOUT:
		return KIOSK_CHIP_LOST;
	case EMRTD_ERR_ACCESS_DENIED:
	case EMRTD_ERR_BAC_BAD_RESPONSE:
		return KIOSK_CHIP_ACCESS_DENIED;
	case EMRTD_ERR_NEEDS_CAN:
		return KIOSK_CHIP_NEEDS_CAN;
	case EMRTD_ERR_CAN_REFUSED:
		return KIOSK_CHIP_CAN_REFUSED;
	default:
		return KIOSK_CHIP_ERROR;
	}
}

/* A proof of the chip (chip or active authentication) as the evidence
 * sent to ID06 names it; "not checked" (a pass that passive authentication
 * did not cover) is not a pass. */
static enum sync_verdict proof_verdict(const struct emrtd_proof *p)
{
	switch (p->state) {
	case EMRTD_PROOF_PASSED: return SYNC_VERDICT_PASSED;
	case EMRTD_PROOF_FAILED: return SYNC_VERDICT_FAILED;
	case EMRTD_PROOF_NOT_SUPPORTED: return SYNC_VERDICT_NOT_SUPPORTED;
	case EMRTD_PROOF_NOT_CHECKED: break;
	}
	return SYNC_VERDICT_NOT_PERFORMED;
}

/* The worker finished: turn its result into an event. */
static void chip_finish(struct kiosk_driver *d)
{
	struct kiosk_chip_worker *w = &d->chip;
	d->t_chip_done = kiosk_seconds();
	chip_join(d);
	struct kiosk_event ev = {.type = KIOSK_EV_CHIP_DONE};
	if (w->err) {
		char line[160];
		snprintf(line, sizeof line, "chip read failed: %s", emrtd_err_str(w->err));
		audit(d, "chip", NULL, line);
		ev.type = KIOSK_EV_CHIP_FAILED;
		ev.failure = failure_of(w->err);
		chip_discard(d);
		kiosk_driver_feed(d, &ev);
		return;
	}
	struct emrtd_document *doc = w->doc;
	w->doc = NULL;
	mrz_result_wipe(&w->key_mrz);
	struct kiosk_chip_report r;
	memset(&r, 0, sizeof r);
	/* A read that verifies but is not complete (a withheld DG2) gives no
	 * face to compare: it does not count.  Beyond that the reader's one
	 * verdict decides: genuine needs chip or active authentication too. */
	bool ok = doc->verified && doc->complete && doc->verdict != EMRTD_VERDICT_FAILED;
	r.verdict = !ok ? KIOSK_VERDICT_FAILED
	            : doc->verdict == EMRTD_VERDICT_GENUINE ? KIOSK_VERDICT_GENUINE
	                                                    : KIOSK_VERDICT_NOT_PROVEN;
	r.dg1_matches_mrz = doc->dg1_matches;
	r.dg1 = doc->dg1;
	snprintf(r.access, sizeof r.access, "%s", emrtd_access_name(w->access));
	snprintf(r.passive_auth, sizeof r.passive_auth, "%s",
	         doc->pa.verdict == EMRTD_CHECK_PASS ? "passed" : "failed");
	snprintf(r.chip_auth, sizeof r.chip_auth, "%s", sync_verdict_name(proof_verdict(&doc->chip_auth)));
	snprintf(r.active_auth, sizeof r.active_auth, "%s",
	         sync_verdict_name(proof_verdict(&doc->active_auth)));
	r.has_face = doc->image.rgb != NULL;
	if (!ok) {
		char line[260];
		snprintf(line, sizeof line, "chip not verified: %s",
		         doc->verdict == EMRTD_VERDICT_FAILED ? doc->verdict_reason
		         : doc->pa.reason[0]                  ? doc->pa.reason
		                                              : doc->incomplete);
		audit(d, "chip", NULL, line);
	}
	if (d->session.phase == KIOSK_PHASE_IDENTITY) {
		emrtd_document_free(d->doc);
		emrtd_free(d->face_jpeg);
		d->face_jpeg = NULL;
		d->face_jpeg_len = 0;
		d->doc = doc;
		if (ok && doc->image.rgb &&
		    emrtd_image_to_jpeg(&doc->image, 85, &d->face_jpeg, &d->face_jpeg_len) != EMRTD_OK)
			drv_error(d, "the chip's face could not be encoded as JPEG");
	} else {
		emrtd_document_free(d->permit_doc);
		d->permit_doc = doc;
	}
	ev.chip = &r;
	kiosk_driver_feed(d, &ev);
	sync_wipe(&r, sizeof r);
}

void kiosk_driver_sim_stop(struct kiosk_driver *d)
{
	if (d->sim.pid > 0) {
		kill(d->sim.pid, SIGTERM);
		int st;
		waitpid(d->sim.pid, &st, 0);
	}
	d->sim.pid = 0;
	d->sim.link[0] = '\0';
}

/* Starts id06-chip-sim on a pty linked at run_dir/pn532 and waits for its
 * ready line. */
bool kiosk_driver_sim_start(struct kiosk_driver *d, const struct kiosk_sim_chip *chip)
{
	kiosk_driver_sim_stop(d);
	snprintf(d->sim.link, sizeof d->sim.link, "%s/pn532", d->run_dir);
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		/* The CAN is the test chip's own, as printed on its card. */
		const struct {
			const char *flag, *value;
		} opts[] = {{"--mrz", chip->mrz_file}, {"--pn532", d->sim.link}, {"--face", chip->face},
		            {"--fault", chip->fault},  {"--access", chip->access}, {"--can", chip->can},
		            {"--ca", chip->ca},        {"--aa", chip->aa}};
		char *argv[2 + 2 * sizeof opts / sizeof opts[0]];
		int n = 0;
		argv[n++] = (char *)ID06_CHIP_SIM;
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
			if (opts[k].value) {
				argv[n++] = (char *)opts[k].flag;
				argv[n++] = (char *)opts[k].value;
			}
		argv[n] = NULL;
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	d->sim.pid = pid;
	char buf[512];
	size_t got = 0;
	bool ready = false;
	for (int waited = 0; waited < 30000 && !ready;) {
		struct pollfd p = {.fd = fds[0], .events = POLLIN};
		int r = poll(&p, 1, 200);
		waited += 200;
		if (r > 0) {
			ssize_t k = read(fds[0], buf + got, sizeof buf - 1 - got);
			if (k <= 0)
				break;
			got += (size_t)k;
			buf[got] = '\0';
			ready = strstr(buf, " ready ") != NULL;
			if (got >= sizeof buf - 1)
				break;
		}
	}
	close(fds[0]);
	if (!ready)
		kiosk_driver_sim_stop(d);
	return ready;
}

/* ---- actions ------------------------------------------------------------ */

static void iso_date(const struct mrz_date *m, char *out, size_t cap)
{
	snprintf(out, cap, "%04d-%02d-%02d", m->year, m->month, m->day);
}

static void lookup_orders(struct kiosk_driver *d)
{
	struct kiosk_session *s = &d->session;
	char birth[16];
	iso_date(&s->chip.dg1.birth_date, birth, sizeof birth);
	struct sync_order_list *list = calloc(1, sizeof *list);
	struct kiosk_order *orders = calloc(SYNC_MATCH_MAX, sizeof *orders);
	struct kiosk_event ev = {.type = KIOSK_EV_CANDIDATES};
	if (!list || !orders) {
		drv_error(d, "out of memory in the order look-up");
		goto out;
	}
	enum sync_err err = sync_orders_find_by_birth_date(d->store, birth, list);
	d->t_lookup_done = kiosk_seconds();
	if (err) {
		char line[160];
		snprintf(line, sizeof line, "order look-up failed: %s", sync_err_str(err));
		audit(d, "lookup", NULL, line);
		goto out; /* no candidates: the look-up timer ends it */
	}
	for (size_t i = 0; i < list->count && i < SYNC_MATCH_MAX; i++) {
		const struct sync_order *o = &list->items[i];
		struct kiosk_order *k = &orders[i];
		snprintf(k->order_id, sizeof k->order_id, "%s", o->order_id);
		k->version = (int)o->version;
		snprintf(k->company, sizeof k->company, "%s", o->company);
		snprintf(k->card_type, sizeof k->card_type, "%s", o->card_type);
		snprintf(k->valid_until, sizeof k->valid_until, "%s", o->valid_until);
		snprintf(k->surname, sizeof k->surname, "%s", o->surname);
		snprintf(k->given_names, sizeof k->given_names, "%s", o->given_names);
		snprintf(k->birth_date, sizeof k->birth_date, "%s", o->birth_date);
		snprintf(k->nationality, sizeof k->nationality, "%s", o->nationality);
		snprintf(k->id_number, sizeof k->id_number, "%s",
		         o->identification_number[0] ? o->identification_number
		                                     : o->coordination_number);
		snprintf(k->email, sizeof k->email, "%s", o->email);
		snprintf(k->mobile, sizeof k->mobile, "%s", o->mobile);
		ev.order_count++;
	}
	ev.orders = orders;
	kiosk_driver_feed(d, &ev);
out:
	if (list)
		sync_wipe(list, sizeof *list);
	if (orders)
		sync_wipe(orders, SYNC_MATCH_MAX * sizeof *orders);
	free(list);
	free(orders);
}

static void fill_document(const struct mrz_result *m, const char *type, struct sync_document *doc)
{
	snprintf(doc->type, sizeof doc->type, "%s", type);
	snprintf(doc->issuing_state, sizeof doc->issuing_state, "%s", m->issuing_state);
	snprintf(doc->number, sizeof doc->number, "%s", m->document_number);
	iso_date(&m->expiry_date, doc->expiry, sizeof doc->expiry);
}

static const char *const reason_codes[KIOSK_MAX_REJECT_REASONS] = {
	"wrong_company", "wrong_card_type", "other", "other", "other"};
static const char *const reason_words[KIOSK_MAX_REJECT_REASONS] = {
	"not my employer", "wrong card type", "wrong delivery address",
	"I did not ask for a card", "something else"};

static void enqueue(struct kiosk_driver *d, enum sync_result_kind kind)
{
	struct kiosk_session *s = &d->session;
	if (s->chosen < 0 || s->chosen >= s->match_count) {
		drv_error(d, "enqueue without a chosen order");
		return;
	}
	const struct kiosk_order *o = &s->matches[s->chosen].order;
	struct sync_result *r = calloc(1, sizeof *r);
	struct kiosk_event ev = {.type = KIOSK_EV_ENQUEUED, .ok = false};
	if (!r)
		goto done;
	r->kind = kind;
	snprintf(r->order_id, sizeof r->order_id, "%s", o->order_id);
	r->order_version = o->version;
	if (kind == SYNC_RESULT_IDENTITY_VERIFIED) {
		const struct mrz_result *m = &s->chip.dg1;
		fill_document(m, m->format == MRZ_TD3 ? "passport" : "id_card", &r->document);
		if (s->phase == KIOSK_PHASE_PERMIT)
			fill_document(&s->permit_chip.dg1, "residence_permit", &r->residence_permit);
		snprintf(r->surname, sizeof r->surname, "%s", m->surname);
		snprintf(r->given_names, sizeof r->given_names, "%s", m->given_names);
		iso_date(&m->birth_date, r->birth_date, sizeof r->birth_date);
		snprintf(r->nationality, sizeof r->nationality, "%s", m->nationality);
		r->mrz_ok = 1;
		r->chip_read = 1;
		r->passive_auth = strcmp(s->chip.passive_auth, "passed") == 0 ? SYNC_VERDICT_PASSED
		                                                              : SYNC_VERDICT_FAILED;
		r->chip_auth = d->doc ? proof_verdict(&d->doc->chip_auth) : SYNC_VERDICT_NOT_PERFORMED;
		r->active_auth = d->doc ? proof_verdict(&d->doc->active_auth) : SYNC_VERDICT_NOT_PERFORMED;
		snprintf(r->access, sizeof r->access, "%s", s->chip.access);
		r->face = d->face_jpeg;
		r->face_len = d->face_jpeg_len;
	} else if (kind == SYNC_RESULT_ACCOUNT_CREATED) {
		snprintf(r->email, sizeof r->email, "%s", o->email);
		snprintf(r->mobile, sizeof r->mobile, "%s", o->mobile);
		snprintf(r->language, sizeof r->language, "%s", s->language);
	} else if (kind == SYNC_RESULT_ORDER_REJECTED) {
		int i = s->reject_reason - 1;
		if (i < 0 || i >= KIOSK_MAX_REJECT_REASONS)
			i = KIOSK_MAX_REJECT_REASONS - 1;
		snprintf(r->reason_code, sizeof r->reason_code, "%s", reason_codes[i]);
		snprintf(r->reason, sizeof r->reason, "%s", reason_words[i]);
	}
	char idem[SYNC_IDEM_MAX];
	enum sync_err err = sync_outbox_enqueue(d->store, r, idem);
	ev.ok = err == SYNC_OK;
	if (err)
		drv_error(d, "outbox: %s", sync_err_str(err));
	else
		audit(d, sync_result_kind_name(kind), o->order_id, "queued");
done:
	if (r)
		sync_wipe(r, sizeof *r);
	free(r);
	kiosk_driver_feed(d, &ev);
}

/* Everything of the person the driver holds. */
void kiosk_driver_wipe(struct kiosk_driver *d)
{
	chip_discard(d);
	emrtd_document_free(d->doc);
	emrtd_document_free(d->permit_doc);
	d->doc = NULL;
	d->permit_doc = NULL;
	if (d->face_jpeg)
		sync_wipe(d->face_jpeg, d->face_jpeg_len);
	emrtd_free(d->face_jpeg);
	d->face_jpeg = NULL;
	d->face_jpeg_len = 0;
	camera_wipe(&d->camera);
	sync_wipe(&d->preview, sizeof d->preview);
}

static void add_line(struct kiosk_driver *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(struct kiosk_driver *d, const char *fmt, ...)
{
	if (d->line_count >= UI_MAX_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->lines[d->line_count++], UI_MAX_TEXT, fmt, ap);
	va_end(ap);
}

/* Unix seconds as local wall-clock text, HH:MM[:SS] ("" if out of range). */
static void local_clock(int64_t t, bool seconds, char *out, size_t cap)
{
	time_t at = (time_t)t;
	struct tm tm;
	out[0] = '\0';
	if (localtime_r(&at, &tm))
		strftime(out, cap, seconds ? "%H:%M:%S" : "%H:%M", &tm);
}

/* Staff see every device: the configured ones first, then the bus. */
static void list_devices(struct kiosk_driver *d)
{
	if (!d->devices) {
		add_line(d, "devices are not watched in this mode");
		return;
	}
	kiosk_driver_devices_check(d); /* a fresh look, and the session learns it */
	const struct kiosk_device_report *r = &d->devices_seen;
	add_line(d, "chip reader: %s - %.90s", r->reader_present ? "ready" : "MISSING", r->reader);
	add_line(d, "camera: %s - %.90s%s", r->camera_present && !d->camera_silent ? "ready" : "MISSING",
	         r->camera, d->camera_silent ? ", gives no frames" : "");
	if (!r->usb_ok)
		add_line(d, "USB: not available on this host");
	else
		add_line(d, "USB: %d device%s%s, hot-plug %s", r->usb_count, r->usb_count == 1 ? "" : "s",
		         r->usb_truncated ? " (more not listed)" : "", r->hotplug ? "yes" : "no (polled)");
	for (int i = 0; i < r->usb_count; i++) {
		const struct kiosk_usb_device *u = &r->usb[i];
		add_line(d, "  %04x:%04x %s%s%s bus %u address %u", u->vendor, u->product,
		         kiosk_device_kind_name(u->kind), u->model[0] ? ", " : "", u->model, u->bus,
		         u->address);
	}
}

/* Local midnight of YYYYMMDD (0: today), as unix seconds. */
static int64_t local_midnight(int ymd, int add_days)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	if (ymd) {
		tm.tm_year = ymd / 10000 - 1900;
		tm.tm_mon = ymd / 100 % 100 - 1;
		tm.tm_mday = ymd % 100;
	}
	tm.tm_mday += add_days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Today's appointments: time, the booked person (staff need the name to
 * call them), the order, and what staff marked. */
static void list_appointments(struct kiosk_driver *d)
{
	d->appt_count = 0;
	struct sync_appt_list *list = calloc(1, sizeof *list);
	enum sync_err err = list ? sync_appts_list(d->store, local_midnight(d->today, 0),
	                                           local_midnight(d->today, 1), list)
	                         : SYNC_ERR_NOMEM;
	if (err) {
		free(list);
		drv_error(d, "appointments: %s", sync_err_str(err));
		return;
	}
	for (size_t i = 0; i < list->count && d->appt_count < UI_MAX_LINES; i++) {
		const struct sync_appt *a = &list->items[i];
		char when[16];
		local_clock(a->starts_at, false, when, sizeof when);
		static const char *const marks[] = {[SYNC_APPT_BOOKED] = "",
		                                    [SYNC_APPT_CHECKED_IN] = " - checked in",
		                                    [SYNC_APPT_NO_SHOW] = " - no-show",
		                                    [SYNC_APPT_DONE] = " - done"};
		char mark[96];
		snprintf(mark, sizeof mark, "%s%s%.40s",
		         (unsigned)a->state <= SYNC_APPT_DONE ? marks[a->state] : "",
		         a->visitor_order_id[0] ? ", visitor " : "", a->visitor_order_id);
		snprintf(d->appt_ids[d->appt_count++], sizeof d->appt_ids[0], "%s", a->appt_id);
		add_line(d, "%s %.50s (%.20s)%s", when, a->display_name, a->order_id, mark);
	}
	sync_wipe(list, sizeof *list);
	free(list);
}

/* "checkin:N", "noshow:N" or "link:N" (a check-in with the order of the
 * person verified a moment ago as the visitor) on line N of the
 * appointment list. */
static void mark_appointment(struct kiosk_driver *d, const char *detail)
{
	const char *colon = strchr(detail, ':');
	int line = colon ? atoi(colon + 1) : -1;
	if (line < 0 || line >= d->appt_count) {
		drv_error(d, "appointment mark %s: no such line", detail);
		return;
	}
	bool link = strncmp(detail, "link:", 5) == 0;
	enum sync_appt_state state = strncmp(detail, "noshow:", 7) == 0 ? SYNC_APPT_NO_SHOW
	                                                                : SYNC_APPT_CHECKED_IN;
	/* sync_appts_mark audits it (appointment and order ids, no names) and
	 * queues it for the server. */
	enum sync_err err = sync_appts_mark(d->store, d->appt_ids[line], state,
	                                    link ? d->session.visitor_order : NULL);
	if (err)
		drv_error(d, "appointment %s: %s", d->appt_ids[line], sync_err_str(err));
}

/* Fills the staff screen's lines from the store and the devices. */
static void load_staff_list(struct kiosk_driver *d, const char *which)
{
	d->line_count = 0;
	if (strcmp(which, "sync") == 0) {
		struct sync_status st;
		enum sync_err err = sync_status_get(d->store, &st);
		if (err) {
			add_line(d, "store: %s", sync_err_str(err));
			return;
		}
		add_line(d, "results waiting: %lld", (long long)st.pending);
		add_line(d, "results refused (staff must act): %lld", (long long)st.failed);
		add_line(d, "results in conflict: %lld", (long long)st.conflict);
		add_line(d, "results delivered: %lld", (long long)st.acked_total);
		add_line(d, "orders cached: %lld", (long long)st.orders_cached);
		if (st.last_error[0])
			add_line(d, "last error: %.100s", st.last_error);
	} else if (strcmp(which, "audit") == 0) {
		struct sync_audit_list *list = calloc(1, sizeof *list);
		if (!list || sync_audit_read(d->store, 0, list) != SYNC_OK) {
			add_line(d, "audit log cannot be read");
			free(list);
			return;
		}
		size_t first = list->count > UI_MAX_LINES ? list->count - UI_MAX_LINES : 0;
		for (size_t i = first; i < list->count; i++) {
			const struct sync_audit *e = &list->items[i];
			char when[16];
			local_clock(e->at, true, when, sizeof when);
			add_line(d, "%s %.20s %.24s %.60s", when, e->event, e->ref, e->detail);
		}
		free(list);
	} else if (strcmp(which, "devices") == 0) {
		list_devices(d);
		add_line(d, "chip trust: %.100s", d->csca_dir);
		if (d->office[0])
			add_line(d, "office: %.60s", d->office);
	} else if (strcmp(which, "appointments") == 0) {
		list_appointments(d);
	}
}

static void run_actions(struct kiosk_driver *d, const struct kiosk_actions *a)
{
	for (int i = 0; i < a->count; i++) {
		const struct kiosk_action *x = &a->list[i];
		switch (x->type) {
		case KIOSK_ACT_CAMERA_START:
			kiosk_live_camera_set_active(d->live_camera, true);
			d->camera.active = true;
			d->camera.delivered = false;
			kiosk_driver_camera_offer(d);
			break;
		case KIOSK_ACT_CAMERA_STOP:
			kiosk_live_camera_set_active(d->live_camera, false);
			d->camera.active = false;
			break;
		case KIOSK_ACT_CHIP_READ_MRZ:
		case KIOSK_ACT_CHIP_READ_CAN:
			d->t_chip_start = kiosk_seconds();
			chip_start(d, x->type == KIOSK_ACT_CHIP_READ_CAN);
			break;
		case KIOSK_ACT_CHIP_CANCEL:
			chip_discard(d);
			break;
		case KIOSK_ACT_LOOKUP_ORDERS:
			d->t_lookup = kiosk_seconds();
			lookup_orders(d);
			break;
		case KIOSK_ACT_ENQUEUE_VERIFIED:
			enqueue(d, SYNC_RESULT_IDENTITY_VERIFIED);
			break;
		case KIOSK_ACT_ENQUEUE_ACCOUNT:
			enqueue(d, SYNC_RESULT_ACCOUNT_CREATED);
			break;
		case KIOSK_ACT_ENQUEUE_CONFIRM:
			enqueue(d, SYNC_RESULT_ORDER_CONFIRMED);
			break;
		case KIOSK_ACT_ENQUEUE_REJECT:
			enqueue(d, SYNC_RESULT_ORDER_REJECTED);
			break;
		case KIOSK_ACT_CHECK_PIN: {
			/* Without a PIN file staff mode stays closed. */
			struct kiosk_event ev = {.type = KIOSK_EV_PIN_CHECKED};
			ev.pin_ok = pin_check(&d->pin, d->session.pin_digits);
			if (!d->pin.set)
				audit(d, "staff", NULL, "no staff PIN file configured");
			kiosk_driver_feed(d, &ev);
			break;
		}
		case KIOSK_ACT_LOAD_STAFF_LIST:
			load_staff_list(d, x->detail);
			break;
		case KIOSK_ACT_APPOINTMENT:
			mark_appointment(d, x->detail);
			break;
		case KIOSK_ACT_AUDIT:
			audit(d, "session", NULL, x->detail);
			break;
		case KIOSK_ACT_WIPE:
			kiosk_driver_wipe(d);
			break;
		}
	}
}

void kiosk_driver_feed(struct kiosk_driver *d, struct kiosk_event *ev)
{
	if (d->depth > 8) {
		drv_error(d, "events nested too deep");
		return;
	}
	d->depth++;
	ev->now_ms = d->now_ms;
	struct kiosk_actions a;
	kiosk_session_step(&d->session, ev, &a);
	run_actions(d, &a);
	d->depth--;
}

/* The camera "reads" the document on the scanner once it is on. */
void kiosk_driver_camera_offer(struct kiosk_driver *d)
{
	struct kiosk_camera *c = &d->camera;
	if (!c->active || !c->document || c->delivered)
		return;
	struct mrz_result m;
	memset(&m, 0, sizeof m);
	bool ok = false;
	c->delivered = true;
	if (c->image[0]) {
#ifdef ID06_HAVE_MRZ_READ
		/* Only a read the reader is sure of counts, as with the live
		 * camera's tracker. */
		struct mrz_read_result *r = calloc(1, sizeof *r);
		enum mrz_read_err rerr = !r ? MRZ_READ_ERR_NOMEM
		                         : d->reader ? MRZ_READ_OK : mrz_reader_new(NULL, &d->reader);
		if (!rerr)
			rerr = mrz_reader_read_file(d->reader, c->image, r);
		ok = !rerr && r->valid && r->sure;
		if (ok)
			m = r->mrz;
		if (rerr) {
			char line[160];
			snprintf(line, sizeof line, "camera: %s", mrz_read_err_str(rerr));
			audit(d, "camera", NULL, line);
		}
		if (r)
			mrz_read_result_wipe(r);
		free(r);
#else
		audit(d, "camera", NULL, "no MRZ image reader in this build");
#endif
	} else {
		struct mrz_options opts = {d->today / 10000, d->today / 100 % 100, d->today % 100};
		ok = mrz_parse(c->text, strlen(c->text), &opts, &m) == MRZ_OK && m.valid;
	}
	if (ok) {
		d->t_mrz = kiosk_seconds();
		struct kiosk_event ev = {.type = KIOSK_EV_MRZ, .mrz = &m};
		kiosk_driver_feed(d, &ev);
	} else {
		audit(d, "camera", NULL, "MRZ not readable");
	}
	mrz_result_wipe(&m);
}

/* Lets the devices report: the chip worker, the UI. */
void kiosk_driver_pump(struct kiosk_driver *d, int wait_ms)
{
	struct kiosk_chip_worker *w = &d->chip;
	if (w->running) {
		pthread_mutex_lock(&w->lock);
		int permille = w->permille;
		bool finished = w->finished;
		pthread_mutex_unlock(&w->lock);
		if (permille != d->session.chip_permille) {
			struct kiosk_event ev = {.type = KIOSK_EV_CHIP_PROGRESS, .permille = permille};
			kiosk_driver_feed(d, &ev);
		}
		if (finished)
			chip_finish(d);
	}
	kiosk_driver_camera_offer(d);
	/* A hot-plug notice, or the time for the next look at the paths. */
	if (d->devices && (kiosk_devices_changed(d->devices) || d->now_ms >= d->devices_next_ms))
		kiosk_driver_devices_check(d);
	struct ui_event uev;
	while (ui_poll(d->ui, wait_ms, &uev)) {
		wait_ms = 0;
		if (uev.type == UI_EVENT_BUTTON) {
			struct kiosk_event ev = {.type = KIOSK_EV_BUTTON};
			snprintf(ev.button, sizeof ev.button, "%s", uev.button);
			kiosk_driver_feed(d, &ev);
		} else if (uev.type == UI_EVENT_ACTIVITY) {
			struct kiosk_event ev = {.type = KIOSK_EV_ACTIVITY};
			kiosk_driver_feed(d, &ev);
		} else if (uev.type == UI_EVENT_QUIT) {
			d->quit = true;
		}
	}
}

/* One line for scripts/bench-kiosk when the summary first shows; no
 * personal data, times only. */
static void report_timings(struct kiosk_driver *d)
{
	if (!d->timings || d->summary_reported || d->session.state != KIOSK_SUMMARY)
		return;
	d->summary_reported = true;
	double now = kiosk_seconds();
	fprintf(stderr,
	        "timing camera_ms=%.1f chip_wait_ms=%.1f chip_read_ms=%.1f lookup_ms=%.1f "
	        "to_summary_ms=%.1f total_ms=%.1f\n",
	        (d->t_mrz - d->t_document) * 1e3, (d->t_chip_start - d->t_mrz) * 1e3,
	        (d->t_chip_done - d->t_chip_start) * 1e3, (d->t_lookup_done - d->t_lookup) * 1e3,
	        (now - d->t_chip_done) * 1e3, (now - d->t_document) * 1e3);
}

void kiosk_driver_draw(struct kiosk_driver *d)
{
	report_timings(d);
	struct ui_view v;
	kiosk_session_view(&d->session, &v);
	if (v.screen == UI_SCREEN_VERIFIED && d->doc && d->doc->image.rgb) {
		v.face.rgb = d->doc->image.rgb;
		v.face.width = (int)d->doc->image.width;
		v.face.height = (int)d->doc->image.height;
		v.face.stride = (int)d->doc->image.width * 3;
	}
	/* The live camera's preview with the MRZ outlined once found. */
	if (v.screen == UI_SCREEN_PLACE_DOCUMENT && d->preview.width > 0) {
		v.camera.rgb = d->preview.rgb;
		v.camera.width = d->preview.width;
		v.camera.height = d->preview.height;
		v.camera.stride = d->preview.width * 3;
		v.mrz_found = d->preview.zone_seen;
		memcpy(v.mrz_quad, d->preview.quad, sizeof v.mrz_quad);
	}
	if (v.screen >= UI_SCREEN_STAFF_APPOINTMENTS && v.screen <= UI_SCREEN_STAFF_AUDIT &&
	    v.screen != UI_SCREEN_STAFF_MANUAL_MRZ) {
		v.line_count = d->line_count;
		memcpy(v.lines, d->lines, sizeof v.lines);
	}
	enum ui_err err = ui_draw(d->ui, &v);
	ui_view_wipe(&v);
	if (err)
		drv_error(d, "drawing failed: %s", ui_err_str(err));
}

const char *kiosk_problem_name(enum ui_problem p)
{
	static const char *const names[UI_PROBLEM_COUNT] = {
		"none", "no_chip", "moved_away", "access_denied", "not_genuine",
		"dg1_mismatch", "expired", "not_accepted", "permit_mismatch",
		"camera_missing", "reader_missing", "server",
	};
	return (unsigned)p < UI_PROBLEM_COUNT ? names[p] : "none";
}

const char *kiosk_driver_screen(struct kiosk_driver *d)
{
	struct ui_view v;
	kiosk_session_view(&d->session, &v);
	const char *name = ui_screen_name(v.screen);
	ui_view_wipe(&v);
	return name;
}

bool kiosk_driver_is_clean(const struct kiosk_driver *d)
{
	return !d->doc && !d->permit_doc && !d->face_jpeg && !d->chip.running && !d->chip.doc &&
	       d->camera.text[0] == '\0' && d->chip.can[0] == '\0';
}

/* ---- start and stop ------------------------------------------------------ */

void kiosk_driver_configure(struct kiosk_driver *d, const struct sync_kiosk_config *k)
{
	kiosk_timeouts_default(&d->timeouts);
	d->timeouts.idle_ms = (uint32_t)k->idle_s * 1000u;
	d->timeouts.warning_ms = (uint32_t)k->warning_s * 1000u;
	d->timeouts.chip_ms = (uint32_t)k->chip_s * 1000u;
	d->timeouts.lookup_ms = (uint32_t)k->lookup_s * 1000u;
	d->timeouts.done_ms = (uint32_t)k->done_s * 1000u;
	snprintf(d->nfc, sizeof d->nfc, "%s", k->nfc);
	d->bac_fallback = k->bac_fallback != 0;
	snprintf(d->office, sizeof d->office, "%s", k->office);
	snprintf(d->home_language, sizeof d->home_language, "%s", k->language);
	snprintf(d->csca_dir, sizeof d->csca_dir, "%s",
	         k->csca_dir[0] ? k->csca_dir : kiosk_default_csca_dir());
}

bool kiosk_driver_open(struct kiosk_driver *d, const struct ui_config *ucfg, char *why,
                       size_t cap)
{
	unsigned added = 0;
	if (!d->csca_dir[0])
		snprintf(d->csca_dir, sizeof d->csca_dir, "%s", kiosk_default_csca_dir());
	if (emrtd_trust_new(&d->trust) || emrtd_trust_add_dir(d->trust, d->csca_dir, &added)) {
		snprintf(why, cap, "kiosk_csca_dir %s holds no usable CSCA certificate: put the CSCA "
		         "certificates of the accepted countries there (id06-kiosk --check says "
		         "more)", d->csca_dir);
		return false;
	}
	char uwhy[300] = "";
	struct ui_config c = *ucfg;
	c.why = uwhy;
	c.why_size = sizeof uwhy;
	enum ui_err uerr = ui_open(&c, &d->ui);
	if (uerr) {
		snprintf(why, cap, "screen: %s", uwhy[0] ? uwhy : ui_err_str(uerr));
		return false;
	}
	snprintf(d->run_dir, sizeof d->run_dir, "%s/run-%ld", ID06_KIOSK_RUN_DIR, (long)getpid());
	if (mkdir(d->run_dir, 0700) != 0 && errno != EEXIST) {
		snprintf(why, cap, "cannot create %s: %s", d->run_dir, strerror(errno));
		d->run_dir[0] = '\0';
		return false;
	}
	return true;
}

bool kiosk_driver_begin(struct kiosk_driver *d, const struct kiosk_devices_config *devices,
                        char *why, size_t cap)
{
	kiosk_session_init(&d->session, &d->timeouts, d->now_ms, d->today);
	kiosk_session_set_home_language(&d->session, d->home_language);
	d->camera_silent = false;
	if (kiosk_devices_open(devices, &d->devices) != KIOSK_DEVICES_OK) {
		snprintf(why, cap, "the device watch could not start (out of memory)");
		return false;
	}
	kiosk_driver_devices_check(d);
	return true;
}

void kiosk_driver_devices_check(struct kiosk_driver *d)
{
	if (!d->devices)
		return;
	kiosk_devices_scan(d->devices, &d->devices_seen);
	d->devices_next_ms = d->now_ms + KIOSK_DEVICES_POLL_MS;
	struct kiosk_event ev = {.type = KIOSK_EV_DEVICES,
	                         .camera_present = d->devices_seen.camera_present && !d->camera_silent,
	                         .reader_present = d->devices_seen.reader_present};
	kiosk_driver_feed(d, &ev);
}

void kiosk_driver_close(struct kiosk_driver *d)
{
	kiosk_devices_close(d->devices);
	d->devices = NULL;
	kiosk_driver_wipe(d);
	kiosk_driver_sim_stop(d);
	if (d->run_dir[0])
		rmdir(d->run_dir);
	ui_close(d->ui);
	d->ui = NULL;
	emrtd_trust_free(d->trust);
	d->trust = NULL;
#ifdef ID06_HAVE_MRZ_READ
	mrz_reader_free(d->reader);
#endif
	d->reader = NULL;
	sync_store_close(d->store);
	d->store = NULL;
	sync_wipe(&d->session, sizeof d->session);
	sync_wipe(&d->pin, sizeof d->pin);
}
