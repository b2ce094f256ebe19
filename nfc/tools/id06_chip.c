#define _POSIX_C_SOURCE 200809L
/* id06-chip - read and verify the chip of a passport or ID card.
 *
 *   id06-chip read --mrz FILE|TEXT [--device CONNSTRING] [--trust DIR]
 *                  [--out DIR] [--json] [--wait MS] [--max-read N] [--sfi]
 *
 * Exit 0: read and verified; 1: read, but verification failed (the report
 * says which part); 2: the chip could not be read (the report says why).
 * Keys are never printed; of the MRZ only the DG1 fields are reported. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "emrtd.h"
#include "mrz.h"

static const enum emrtd_file wanted[] = {EMRTD_FILE_DG1,  EMRTD_FILE_DG2,  EMRTD_FILE_DG11,
                                         EMRTD_FILE_DG12, EMRTD_FILE_DG14, EMRTD_FILE_DG15};

struct opts {
	const char *mrz, *device, *trust, *out;
	bool json, sfi;
	int wait_ms;
	size_t max_read;
};

struct report {
	const char *stage;
	enum emrtd_err err;
	uint16_t sw;
	uint8_t *files[EMRTD_FILE_COUNT];
	size_t lens[EMRTD_FILE_COUNT];
	enum emrtd_err file_err[EMRTD_FILE_COUNT];
	bool tried[EMRTD_FILE_COUNT];
	struct mrz_result key_mrz, dg1;
	bool dg1_parsed;
	bool dg1_matches;
	char dg1_mismatch[96];
	struct emrtd_face face;
	enum emrtd_err face_err;
	char face_path[4200], face_display_path[4200];
	struct emrtd_pa pa;
	bool pa_done;
	struct emrtd_stats stats;
	enum emrtd_access access;
	long time_ms;
	char reader[96];
};

static void usage(void)
{
	fprintf(stderr,
	        "usage: id06-chip read --mrz FILE|TEXT [--device CONNSTRING] [--trust DIR]\n"
	        "                      [--out DIR] [--json] [--wait MS] [--max-read N] [--sfi]\n"
	        "  --mrz       the MRZ (2 or 3 lines) or a file holding it: the access key\n"
	        "  --device    libnfc connstring, e.g. pn532_uart:/dev/ttyUSB0 (default: libnfc's)\n"
	        "  --trust     folder of CSCA certificates and master lists for passive authentication\n"
	        "  --out       folder for the face image and the raw files\n"
	        "  --json      the report as one JSON object\n"
	        "  --wait      how long to wait for a document, ms (default 5000)\n"
	        "  --max-read  plaintext bytes per READ BINARY (default 223)\n"
	        "  --sfi       read files by short file identifier\n");
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The MRZ from a file or the argument; separators ',', '|', ' ' or
 * literal "\n" become line breaks, and one run of 88/72/90 characters is
 * split into lines. */
static bool load_mrz(const char *arg, char *buf, size_t cap)
{
	size_t n = 0;
	FILE *f = fopen(arg, "r");
	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	} else {
		n = strlen(arg);
		if (n >= cap)
			return false;
		memcpy(buf, arg, n);
	}
	buf[n] = 0;
	char tmp[512];
	size_t m = 0;
	for (size_t i = 0; i < n && m + 2 < sizeof tmp; i++) {
		char ch = buf[i];
		if (ch == '\\' && buf[i + 1] == 'n') {
			tmp[m++] = '\n';
			i++;
		} else if (ch == ',' || ch == '|' || ch == ' ') {
			tmp[m++] = '\n';
		} else {
			tmp[m++] = ch;
		}
	}
	while (m && (tmp[m - 1] == '\n' || tmp[m - 1] == '\r'))
		m--;
	tmp[m] = 0;
	size_t line = 0;
	if (!strchr(tmp, '\n'))
		line = m == 88 ? 44 : m == 72 ? 36 : m == 90 ? 30 : 0;
	size_t k = 0;
	for (size_t i = 0; i < m && k + 2 < cap; i++) {
		if (line && i && i % line == 0)
			buf[k++] = '\n';
		buf[k++] = tmp[i];
	}
	buf[k] = 0;
	memset(tmp, 0, sizeof tmp);
	return k > 0;
}

static bool write_file(const char *dir, const char *name, const uint8_t *p, size_t n, char *path,
                       size_t cap)
{
	char tmp[4200];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/%s", dir, name) >= sizeof tmp)
		return false;
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return false;
	chmod(tmp, 0600);
	bool ok = fwrite(p, 1, n, f) == n;
	ok = fclose(f) == 0 && ok;
	if (ok && path)
		snprintf(path, cap, "%s", tmp);
	return ok;
}

static bool fatal_read_error(enum emrtd_err e)
{
	return e != EMRTD_OK && e != EMRTD_ERR_NOT_FOUND && e != EMRTD_ERR_SECURITY &&
	       e != EMRTD_ERR_STATUS && e != EMRTD_ERR_BAD_TAG && e != EMRTD_ERR_TOO_BIG;
}

/* DG1 against the MRZ used as the key: same document, same dates. */
static void cross_check(struct report *r)
{
	char mrz[100];
	r->dg1_matches = false;
	if (!r->files[EMRTD_FILE_DG1])
		return;
	if (emrtd_dg1_mrz(r->files[EMRTD_FILE_DG1], r->lens[EMRTD_FILE_DG1], mrz, sizeof mrz)) {
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "DG1 holds no readable MRZ");
		return;
	}
	/* Split into lines of the format's width for mrz_parse. */
	size_t n = strlen(mrz), w = n == 90 ? 30 : n == 72 ? 36 : 44;
	char text[100];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && i % w == 0)
			text[k++] = '\n';
		text[k++] = mrz[i];
	}
	text[k] = 0;
	mrz_parse(text, k, NULL, &r->dg1);
	r->dg1_parsed = r->dg1.format != MRZ_FORMAT_UNKNOWN;
	memset(mrz, 0, sizeof mrz);
	memset(text, 0, sizeof text);
	if (!r->dg1_parsed) {
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "DG1 is not an MRZ");
		return;
	}
	if (strcmp(r->dg1.document_number, r->key_mrz.document_number) != 0)
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "document number differs from the printed MRZ");
	else if (strcmp(r->dg1.birth_date.raw, r->key_mrz.birth_date.raw) != 0)
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "birth date differs from the printed MRZ");
	else if (strcmp(r->dg1.expiry_date.raw, r->key_mrz.expiry_date.raw) != 0)
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "expiry date differs from the printed MRZ");
	else if (strcmp(r->dg1.surname, r->key_mrz.surname) != 0 ||
	         strcmp(r->dg1.given_names, r->key_mrz.given_names) != 0)
		snprintf(r->dg1_mismatch, sizeof r->dg1_mismatch, "name differs from the printed MRZ");
	else
		r->dg1_matches = true;
}

static void do_face(struct report *r, const char *out)
{
	struct emrtd_image img = {0};
	r->face_err = emrtd_dg2_parse(r->files[EMRTD_FILE_DG2], r->lens[EMRTD_FILE_DG2], &r->face);
	if (r->face_err)
		return;
	r->face_err = emrtd_face_decode(&r->face, &img);
	if (r->face_err)
		return;
	r->face.width = img.width;
	r->face.height = img.height;
	if (out) {
		char name[32];
		snprintf(name, sizeof name, "face.%s", r->face.format == EMRTD_IMAGE_JPEG ? "jpg"
		                                       : emrtd_image_format_name(r->face.format));
		if (!write_file(out, name, r->face.image, r->face.image_len, r->face_path,
		                sizeof r->face_path))
			r->face_err = EMRTD_ERR_IO;
		if (r->face.format != EMRTD_IMAGE_JPEG) {
			uint8_t *jpeg = NULL;
			size_t jl = 0;
			r->face_err = emrtd_image_to_jpeg(&img, 90, &jpeg, &jl);
			if (!r->face_err && !write_file(out, "face-display.jpg", jpeg, jl,
			                                r->face_display_path, sizeof r->face_display_path))
				r->face_err = EMRTD_ERR_IO;
			emrtd_free(jpeg);
		} else {
			snprintf(r->face_display_path, sizeof r->face_display_path, "%s", r->face_path);
		}
	}
	memset(img.rgb, 0, (size_t)img.width * img.height * 3);
	emrtd_image_fini(&img);
}

static int read_chip(const struct opts *o, struct report *r)
{
	char mrz_text[512];
	uint8_t seed[16];
	struct emrtd_transport *t = NULL;
	struct emrtd_session *s = NULL;
	struct emrtd_trust *trust = NULL;
	long t0 = now_ms();
	int rc = 2;

	r->stage = "mrz";
	if (!load_mrz(o->mrz, mrz_text, sizeof mrz_text)) {
		r->err = EMRTD_ERR_MRZ;
		goto out;
	}
	r->err = emrtd_key_from_mrz(mrz_text, strlen(mrz_text), seed, &r->key_mrz);
	memset(mrz_text, 0, sizeof mrz_text);
	if (r->err)
		goto out;
	if (o->trust) {
		r->stage = "trust";
		r->err = emrtd_trust_new(&trust);
		unsigned added = 0;
		if (!r->err)
			r->err = emrtd_trust_add_dir(trust, o->trust, &added);
		if (r->err)
			goto out;
	}
	if (o->out) {
		r->stage = "out";
		if (mkdir(o->out, 0700) != 0 && errno != EEXIST) {
			r->err = EMRTD_ERR_IO;
			goto out;
		}
	}
	r->stage = "reader";
	r->err = emrtd_transport_nfc_open(o->device, o->wait_ms, &t);
	if (r->err)
		goto out;
	snprintf(r->reader, sizeof r->reader, "%s", t->description);
	struct emrtd_options so = {0};
	so.max_read = o->max_read;
	so.use_sfi = o->sfi;
	r->stage = "select";
	r->err = emrtd_session_open(t, &so, &s);
	if (r->err)
		goto out;
	r->stage = "access";
	r->err = emrtd_session_bac(s, seed);
	if (r->err)
		goto out;
	r->access = emrtd_session_access(s);

	r->stage = "read";
	struct emrtd_com com;
	bool have_com = false;
	r->tried[EMRTD_FILE_COM] = true;
	r->file_err[EMRTD_FILE_COM] = emrtd_session_read_file(s, EMRTD_FILE_COM, &r->files[EMRTD_FILE_COM],
	                                                      &r->lens[EMRTD_FILE_COM]);
	if (fatal_read_error(r->file_err[EMRTD_FILE_COM])) {
		r->err = r->file_err[EMRTD_FILE_COM];
		goto out;
	}
	if (!r->file_err[EMRTD_FILE_COM])
		have_com = emrtd_com_parse(r->files[EMRTD_FILE_COM], r->lens[EMRTD_FILE_COM], &com) == EMRTD_OK;
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		enum emrtd_file f = wanted[i];
		bool must = f == EMRTD_FILE_DG1 || f == EMRTD_FILE_DG2;
		if (have_com ? !com.present[f] : !must)
			continue;
		r->tried[f] = true;
		r->file_err[f] = emrtd_session_read_file(s, f, &r->files[f], &r->lens[f]);
		if (fatal_read_error(r->file_err[f])) {
			r->err = r->file_err[f];
			goto out;
		}
	}
	r->tried[EMRTD_FILE_SOD] = true;
	r->file_err[EMRTD_FILE_SOD] = emrtd_session_read_file(s, EMRTD_FILE_SOD, &r->files[EMRTD_FILE_SOD],
	                                                      &r->lens[EMRTD_FILE_SOD]);
	if (fatal_read_error(r->file_err[EMRTD_FILE_SOD])) {
		r->err = r->file_err[EMRTD_FILE_SOD];
		goto out;
	}
	emrtd_session_stats(s, &r->stats);
	emrtd_session_close(s);
	s = NULL;
	emrtd_transport_close(t);
	t = NULL;

	if (r->files[EMRTD_FILE_DG1] == NULL) {
		r->stage = "read";
		r->err = r->file_err[EMRTD_FILE_DG1] ? r->file_err[EMRTD_FILE_DG1] : EMRTD_ERR_NOT_FOUND;
		goto out;
	}
	r->stage = "verify";
	r->err = EMRTD_OK;
	cross_check(r);
	if (r->files[EMRTD_FILE_DG2])
		do_face(r, o->out);
	if (o->out) {
		for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
			char name[32];
			if (!r->files[f])
				continue;
			snprintf(name, sizeof name, "%s.bin", emrtd_file_name((enum emrtd_file)f));
			if (!write_file(o->out, name, r->files[f], r->lens[f], NULL, 0))
				r->err = EMRTD_ERR_IO;
		}
	}
	const uint8_t *files[EMRTD_FILE_COUNT];
	for (int f = 0; f < EMRTD_FILE_COUNT; f++)
		files[f] = r->files[f];
	if (r->files[EMRTD_FILE_SOD]) {
		emrtd_passive_auth(trust, r->files[EMRTD_FILE_SOD], r->lens[EMRTD_FILE_SOD], files, r->lens,
		                   &r->pa);
	} else {
		r->pa.verdict = EMRTD_CHECK_FAIL;
		snprintf(r->pa.reason, sizeof r->pa.reason, "EF.SOD could not be read: %s",
		         emrtd_err_str(r->file_err[EMRTD_FILE_SOD]));
	}
	r->pa_done = true;
	rc = r->pa.verdict == EMRTD_CHECK_PASS && r->dg1_matches && !r->face_err && !r->err ? 0 : 1;
out:
	if (s) {
		emrtd_session_stats(s, &r->stats);
		r->sw = emrtd_session_last_sw(s);
	}
	emrtd_session_close(s);
	emrtd_transport_close(t);
	emrtd_trust_free(trust);
	memset(seed, 0, sizeof seed);
	r->time_ms = now_ms() - t0;
	return rc;
}

/* ---- output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *hash_state(const struct report *r, enum emrtd_file f)
{
	if (f == EMRTD_FILE_COM || f == EMRTD_FILE_SOD)
		return "n/a";
	if (!r->pa_done || r->pa.hashes == EMRTD_CHECK_NOT_DONE)
		return "not checked";
	if (!r->pa.dg_listed[f])
		return "not listed";
	return emrtd_check_name(r->pa.dg_hash[f]);
}

static void print_json(const struct report *r, int rc)
{
	printf("{\"result\":");
	json_str(rc == 0 ? "verified" : rc == 1 ? "read, verification failed" : "not read");
	if (r->err) {
		printf(",\"error\":{\"stage\":");
		json_str(r->stage);
		printf(",\"message\":");
		json_str(emrtd_err_str(r->err));
		if (r->sw)
			printf(",\"sw\":\"%04X\"", r->sw);
		printf("}");
	}
	printf(",\"access\":");
	json_str(emrtd_access_name(r->access));
	printf(",\"reader\":");
	json_str(r->reader);
	printf(",\"files\":[");
	bool first = true;
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		if (!r->tried[f])
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		first = false;
		json_str(emrtd_file_name((enum emrtd_file)f));
		printf(",\"size\":%zu,\"hash\":", r->lens[f]);
		json_str(r->files[f] ? hash_state(r, (enum emrtd_file)f) : "not read");
		if (r->file_err[f]) {
			printf(",\"error\":");
			json_str(emrtd_err_str(r->file_err[f]));
		}
		printf("}");
	}
	printf("]");
	if (r->dg1_parsed) {
		static char buf[8192];
		if (mrz_result_json(&r->dg1, buf, sizeof buf) == MRZ_OK)
			printf(",\"dg1\":%s", buf);
		memset(buf, 0, sizeof buf);
	}
	if (r->files[EMRTD_FILE_DG1]) {
		printf(",\"dg1_matches_mrz\":%s", r->dg1_matches ? "true" : "false");
		if (!r->dg1_matches) {
			printf(",\"dg1_mismatch\":");
			json_str(r->dg1_mismatch);
		}
	}
	if (r->files[EMRTD_FILE_DG2]) {
		printf(",\"face\":{\"format\":");
		json_str(emrtd_image_format_name(r->face.format));
		printf(",\"width\":%u,\"height\":%u,\"path\":", r->face.width, r->face.height);
		json_str(r->face_path);
		printf(",\"jpeg_path\":");
		json_str(r->face_display_path);
		if (r->face_err) {
			printf(",\"error\":");
			json_str(emrtd_err_str(r->face_err));
		}
		printf("}");
	}
	if (r->pa_done) {
		printf(",\"passive_auth\":{\"signature\":");
		json_str(emrtd_check_name(r->pa.signature));
		printf(",\"chain\":");
		json_str(emrtd_check_name(r->pa.chain));
		printf(",\"hashes\":");
		json_str(emrtd_check_name(r->pa.hashes));
		printf(",\"verdict\":");
		json_str(emrtd_check_name(r->pa.verdict));
		printf(",\"hash_algorithm\":");
		json_str(r->pa.hash_algorithm);
		printf(",\"signer\":");
		json_str(r->pa.signer);
		if (r->pa.reason[0]) {
			printf(",\"reason\":");
			json_str(r->pa.reason);
		}
		printf("}");
	}
	printf(",\"apdus\":%u,\"bytes_in\":%zu,\"bytes_out\":%zu,\"read_size\":%u,\"time_ms\":%ld}\n",
	       r->stats.apdus, r->stats.bytes_in, r->stats.bytes_out, r->stats.read_size, r->time_ms);
}

static void print_text(const struct report *r, int rc)
{
	if (rc == 2) {
		printf("chip not read (%s): %s", r->stage, emrtd_err_str(r->err));
		if (r->sw)
			printf(" [status %04X]", r->sw);
		printf("\n");
		return;
	}
	printf("reader:  %s\naccess:  %s\n", r->reader, emrtd_access_name(r->access));
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		if (!r->tried[f])
			continue;
		if (r->files[f])
			printf("  %-7s %6zu bytes  hash %s\n", emrtd_file_name((enum emrtd_file)f), r->lens[f],
			       hash_state(r, (enum emrtd_file)f));
		else
			printf("  %-7s not read: %s\n", emrtd_file_name((enum emrtd_file)f),
			       emrtd_err_str(r->file_err[f]));
	}
	if (r->dg1_parsed)
		printf("DG1:     %s, %s %s, born %s, expires %s: %s\n", mrz_format_name(r->dg1.format),
		       r->dg1.given_names, r->dg1.surname, r->dg1.birth_date.raw, r->dg1.expiry_date.raw,
		       r->dg1_matches ? "matches the printed MRZ" : r->dg1_mismatch);
	if (r->files[EMRTD_FILE_DG2]) {
		if (r->face_err)
			printf("face:    %s\n", emrtd_err_str(r->face_err));
		else
			printf("face:    %s %ux%u%s%s\n", emrtd_image_format_name(r->face.format), r->face.width,
			       r->face.height, r->face_path[0] ? " -> " : "", r->face_display_path);
	}
	printf("passive authentication: signature %s, chain %s, hashes %s (%s): %s\n",
	       emrtd_check_name(r->pa.signature), emrtd_check_name(r->pa.chain),
	       emrtd_check_name(r->pa.hashes), r->pa.hash_algorithm[0] ? r->pa.hash_algorithm : "-",
	       emrtd_check_name(r->pa.verdict));
	if (r->pa.reason[0])
		printf("  %s\n", r->pa.reason);
	printf("%u APDUs, %zu bytes in, %zu bytes out, %u-byte reads, %ld ms\n", r->stats.apdus,
	       r->stats.bytes_in, r->stats.bytes_out, r->stats.read_size, r->time_ms);
	printf("%s\n", rc == 0 ? "VERIFIED" : "READ, NOT VERIFIED");
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	o.wait_ms = 5000;
	if (argc < 2 || strcmp(argv[1], "read") != 0) {
		usage();
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json")) {
			o.json = true;
		} else if (!strcmp(a, "--sfi")) {
			o.sfi = true;
		} else if (v && !strcmp(a, "--mrz")) {
			o.mrz = v;
			i++;
		} else if (v && !strcmp(a, "--device")) {
			o.device = v;
			i++;
		} else if (v && !strcmp(a, "--trust")) {
			o.trust = v;
			i++;
		} else if (v && !strcmp(a, "--out")) {
			o.out = v;
			i++;
		} else if (v && !strcmp(a, "--wait")) {
			o.wait_ms = atoi(v);
			i++;
		} else if (v && !strcmp(a, "--max-read")) {
			long m = strtol(v, NULL, 0);
			o.max_read = m > 0 ? (size_t)m : 0;
			i++;
		} else {
			usage();
			return 2;
		}
	}
	if (!o.mrz) {
		usage();
		return 2;
	}
	struct report *r = calloc(1, sizeof *r);
	if (!r)
		return 2;
	int rc = read_chip(&o, r);
	if (o.json)
		print_json(r, rc);
	else
		print_text(r, rc);
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		if (r->files[f])
			memset(r->files[f], 0, r->lens[f]);
		emrtd_free(r->files[f]);
	}
	mrz_result_wipe(&r->key_mrz);
	mrz_result_wipe(&r->dg1);
	memset(r, 0, sizeof *r);
	free(r);
	return rc;
}
