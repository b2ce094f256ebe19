#define _POSIX_C_SOURCE 200809L
/* id06-chip - read and verify the chip of a passport or ID card.
 *
 *   id06-chip read --mrz FILE|TEXT [--can DIGITS] [--device pcsc:READER|CONNSTRING]
 *                  [--trust DIR] [--out DIR] [--json] [--wait MS] [--max-read N]
 *                  [--sfi] [--progress] [--bac-only] [--bac-fallback]
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

struct opts {
	const char *mrz, *device, *trust, *out, *can;
	bool json, sfi, progress, bac_only, bac_fallback;
	int wait_ms;
	size_t max_read;
};

struct report {
	const char *stage;
	enum emrtd_err err;
	uint16_t sw;
	struct mrz_result key_mrz;
	struct emrtd_document *doc;   /* NULL until the chip was read */
	bool checked;                 /* emrtd_document_verify ran */
	char face_path[4200], face_display_path[4200];
	enum emrtd_err out_err;
	struct emrtd_stats stats;
	enum emrtd_access access;
	char pace[64];                /* the PACE protocol run, "" for BAC */
	long time_ms;
	long access_ms;               /* SELECT to the end of PACE or BAC */
	unsigned access_apdus;
	char reader[96];
	char readers[512];            /* PC/SC reader names, when the one asked for is not there */
};

static void usage_to(FILE *f)
{
	fprintf(f,
	        "usage: id06-chip read --mrz FILE|TEXT [--can DIGITS] [--device CONNSTRING]\n"
	        "                      [--trust DIR] [--out DIR] [--json] [--wait MS]\n"
	        "                      [--max-read N] [--sfi] [--progress] [--bac-only]\n"
	        "                      [--bac-fallback]\n"
	        "  --mrz       the MRZ (2 or 3 lines) or a file holding it: the access key\n"
	        "  --can       the card access number: PACE with the CAN instead of the MRZ\n"
	        "  --bac-only  BAC even when the chip offers PACE\n"
	        "  --bac-fallback  BAC when PACE fails (default: fail closed)\n"
	        "  --device    pcsc:READER (PC/SC reader, or the start of its name), pcsc: (the\n"
	        "              first PC/SC reader holding a card) or a libnfc connstring, e.g.\n"
	        "              pn532_uart:/dev/ttyUSB0 (default: libnfc's default device)\n"
	        "  --trust     folder of CSCA certificates and master lists for passive authentication\n"
	        "  --out       folder for the face image and the raw files\n"
	        "  --json      the report as one JSON object\n"
	        "  --wait      how long to wait for a document, ms (default 5000)\n"
	        "  --max-read  plaintext bytes per READ BINARY (default 223)\n"
	        "  --sfi       read files by short file identifier\n"
	        "  --progress  bytes read per file on stderr\n");
}

static void usage(void)
{
	usage_to(stderr);
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

/* The face as stored and, for JPEG 2000, as JPEG; then the raw files. */
static enum emrtd_err write_out(struct report *r, const char *out)
{
	const struct emrtd_document *d = r->doc;
	enum emrtd_err err = EMRTD_OK;
	if (d->files[EMRTD_FILE_DG2] && !d->face_err) {
		char name[32];
		snprintf(name, sizeof name, "face.%s",
		         d->face.format == EMRTD_IMAGE_JPEG ? "jpg" : emrtd_image_format_name(d->face.format));
		if (!write_file(out, name, d->face.image, d->face.image_len, r->face_path, sizeof r->face_path))
			err = EMRTD_ERR_IO;
		if (d->face.format == EMRTD_IMAGE_JPEG) {
			snprintf(r->face_display_path, sizeof r->face_display_path, "%s", r->face_path);
		} else {
			uint8_t *jpeg = NULL;
			size_t jl = 0;
			enum emrtd_err e = emrtd_image_to_jpeg(&d->image, 90, &jpeg, &jl);
			if (e || !write_file(out, "face-display.jpg", jpeg, jl, r->face_display_path,
			                     sizeof r->face_display_path))
				err = e ? e : EMRTD_ERR_IO;
			emrtd_free(jpeg);
		}
	}
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		char name[32];
		if (!d->files[f])
			continue;
		snprintf(name, sizeof name, "%s.bin", emrtd_file_name((enum emrtd_file)f));
		if (!write_file(out, name, d->files[f], d->lens[f], NULL, 0))
			err = EMRTD_ERR_IO;
	}
	return err;
}

/* --progress: one line per file on stderr, rewritten in place. */
static void on_progress(void *ctx, enum emrtd_file f, size_t done, size_t total)
{
	(void)ctx;
	fprintf(stderr, "\r%-7s %6zu / %6zu bytes", emrtd_file_name(f), done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int read_chip(const struct opts *o, struct report *r)
{
	char mrz_text[512];
	uint8_t seed[16];
	struct emrtd_access_key key;
	struct emrtd_transport *t = NULL;
	struct emrtd_session *s = NULL;
	struct emrtd_trust *trust = NULL;
	long t0 = now_ms();
	int rc = 2;

	memset(&key, 0, sizeof key);
	r->stage = "mrz";
	if (!load_mrz(o->mrz, mrz_text, sizeof mrz_text)) {
		r->err = EMRTD_ERR_MRZ;
		goto out;
	}
	r->err = emrtd_key_from_mrz(mrz_text, strlen(mrz_text), seed, &r->key_mrz);
	memset(mrz_text, 0, sizeof mrz_text);
	if (r->err)
		goto out;
	r->err = emrtd_access_key_from_mrz(&r->key_mrz, &key);
	if (r->err)
		goto out;
	if (o->can) {
		size_t cn = strlen(o->can);
		if (cn == 0 || cn >= sizeof key.can || strspn(o->can, "0123456789") != cn) {
			r->stage = "can";
			r->err = EMRTD_ERR_ARG;
			goto out;
		}
		memcpy(key.can, o->can, cn);
	}
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
	r->err = emrtd_transport_open(o->device, o->wait_ms, &t);
	if (r->err == EMRTD_ERR_READER_NOT_FOUND)
		emrtd_transport_pcsc_readers(r->readers, sizeof r->readers);  /* name the ones there are */
	if (r->err)
		goto out;
	snprintf(r->reader, sizeof r->reader, "%s", t->description);
	struct emrtd_options so = {0};
	so.max_read = o->max_read;
	so.use_sfi = o->sfi;
	so.no_pace = o->bac_only;
	so.bac_fallback = o->bac_fallback;
	if (o->progress)
		so.progress = on_progress;
	r->stage = "select";
	long t_open = now_ms();
	r->err = emrtd_session_open(t, &so, &s);
	if (r->err)
		goto out;
	r->stage = "access";
	r->err = emrtd_session_authenticate(s, &key);
	r->access = emrtd_session_access(s);
	snprintf(r->pace, sizeof r->pace, "%s", emrtd_session_pace_protocol(s));
	{
		struct emrtd_stats st;
		emrtd_session_stats(s, &st);
		r->access_apdus = st.apdus;
		r->access_ms = now_ms() - t_open;
	}
	if (r->err)
		goto out;
	r->stage = "read";
	r->err = emrtd_document_read(s, &r->doc);
	if (r->err)
		goto out;
	emrtd_session_stats(s, &r->stats);
	emrtd_session_close(s);
	s = NULL;
	emrtd_transport_close(t);
	t = NULL;
	if (!r->doc->files[EMRTD_FILE_DG1]) {
		r->err = r->doc->file_err[EMRTD_FILE_DG1] ? r->doc->file_err[EMRTD_FILE_DG1] : EMRTD_ERR_NOT_FOUND;
		goto out;
	}
	r->stage = "verify";
	r->err = emrtd_document_verify(r->doc, trust, &r->key_mrz);
	if (r->err)
		goto out;
	r->checked = true;
	if (o->out)
		r->out_err = write_out(r, o->out);
	rc = r->doc->verified && r->doc->verdict != EMRTD_VERDICT_FAILED && !r->out_err ? 0 : 1;
out:
	if (s) {
		emrtd_session_stats(s, &r->stats);
		r->sw = emrtd_session_last_sw(s);
	}
	emrtd_session_close(s);
	emrtd_transport_close(t);
	emrtd_trust_free(trust);
	memset(seed, 0, sizeof seed);
	emrtd_access_key_wipe(&key);
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

/* A string, or null when empty. */
static void json_opt(const char *s)
{
	if (s[0])
		json_str(s);
	else
		printf("null");
}

static const char *hash_state(const struct report *r, enum emrtd_file f)
{
	const struct emrtd_document *d = r->doc;
	if (f == EMRTD_FILE_COM || f == EMRTD_FILE_SOD)
		return "n/a";
	if (!r->checked || d->pa.hashes == EMRTD_CHECK_NOT_DONE)
		return "not checked";
	if (!d->pa.dg_listed[f])
		return "not listed";
	return emrtd_check_name(d->pa.dg_hash[f]);
}

/* chip_auth, active_auth, their algorithms and costs, the verdict. */
static void print_proofs(const struct emrtd_document *d)
{
	static const char *const keys[2] = {"chip_auth", "active_auth"};
	const struct emrtd_proof *p[2] = {&d->chip_auth, &d->active_auth};
	char text[256];
	for (int i = 0; i < 2; i++) {
		emrtd_proof_describe(p[i], text, sizeof text);
		printf(",\"%s\":", keys[i]);
		json_str(text);
		if (p[i]->algorithm[0]) {
			printf(",\"%s_algorithm\":", keys[i]);
			json_str(p[i]->algorithm);
		}
		printf(",\"%s_apdus\":%u,\"%s_ms\":%.1f", keys[i], p[i]->apdus, keys[i], p[i]->ms);
	}
	printf(",\"verdict\":");
	json_str(emrtd_verdict_name(d->verdict));
	printf(",\"verdict_reason\":");
	json_str(d->verdict_reason);
}

static void print_json(const struct report *r, int rc)
{
	const struct emrtd_document *d = r->doc;
	printf("{\"result\":");
	json_str(rc == 0 ? "verified" : rc == 1 ? "read, verification failed" : "not read");
	if (r->err) {
		printf(",\"error\":{\"stage\":");
		json_str(r->stage);
		printf(",\"message\":");
		json_str(emrtd_err_str(r->err));
		if (r->sw)
			printf(",\"sw\":\"%04X\"", r->sw);
		if (r->err == EMRTD_ERR_READER_NOT_FOUND) {
			printf(",\"readers\":");
			json_str(r->readers);
		}
		printf("}");
	}
	printf(",\"access\":");
	json_str(emrtd_access_name(r->access));
	if (r->pace[0]) {
		printf(",\"pace\":");
		json_str(r->pace);
	}
	printf(",\"reader\":");
	json_str(r->reader);
	printf(",\"files\":[");
	bool first = true;
	for (int f = 0; d && f < EMRTD_FILE_COUNT; f++) {
		if (!d->tried[f])
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		first = false;
		json_str(emrtd_file_name((enum emrtd_file)f));
		printf(",\"size\":%zu,\"hash\":", d->lens[f]);
		json_str(d->files[f] ? hash_state(r, (enum emrtd_file)f) : "not read");
		if (d->file_err[f]) {
			printf(",\"error\":");
			json_str(emrtd_err_str(d->file_err[f]));
		}
		printf("}");
	}
	printf("]");
	if (r->checked) {
		if (d->dg1_parsed) {
			static char buf[8192];
			if (mrz_result_json(&d->dg1, buf, sizeof buf) == MRZ_OK)
				printf(",\"dg1\":%s", buf);
			memset(buf, 0, sizeof buf);
		}
		printf(",\"dg1_matches_mrz\":%s", d->dg1_matches ? "true" : "false");
		if (!d->dg1_matches) {
			printf(",\"dg1_mismatch\":");
			json_str(d->dg1_mismatch);
		}
		printf(",\"complete\":%s", d->complete ? "true" : "false");
		if (d->incomplete[0]) {
			printf(",\"incomplete\":");
			json_str(d->incomplete);
		}
		if (d->files[EMRTD_FILE_DG2]) {
			printf(",\"face\":{\"format\":");
			json_str(emrtd_image_format_name(d->face.format));
			printf(",\"width\":%u,\"height\":%u,\"path\":", d->face.width, d->face.height);
			json_opt(r->face_path);
			printf(",\"jpeg_path\":");
			json_opt(r->face_display_path);
			if (d->face_err) {
				printf(",\"error\":");
				json_str(emrtd_err_str(d->face_err));
			}
			printf("}");
		}
		printf(",\"passive_auth\":{\"signature\":");
		json_str(emrtd_check_name(d->pa.signature));
		printf(",\"chain\":");
		json_str(emrtd_check_name(d->pa.chain));
		printf(",\"hashes\":");
		json_str(emrtd_check_name(d->pa.hashes));
		printf(",\"verdict\":");
		json_str(emrtd_check_name(d->pa.verdict));
		printf(",\"hash_algorithm\":");
		json_str(d->pa.hash_algorithm);
		printf(",\"signer\":");
		json_str(d->pa.signer);
		if (d->pa.reason[0]) {
			printf(",\"reason\":");
			json_str(d->pa.reason);
		}
		printf("}");
		print_proofs(d);
		/* PACE-CAM: chip authentication passed when the chip proved the
		 * key of an EF.CardSecurity a trusted document signer signed. */
		printf(",\"cam_passed\":%s", d->cam_passed ? "true" : "false");
		if (d->cam) {
			const struct emrtd_pa *cs = &d->card_security_check;
			printf(",\"card_security\":{\"signature\":");
			json_str(emrtd_check_name(cs->signature));
			printf(",\"chain\":");
			json_str(emrtd_check_name(cs->chain));
			printf(",\"signer\":");
			json_str(cs->signer);
			if (cs->reason[0]) {
				printf(",\"reason\":");
				json_str(cs->reason);
			}
			printf("}");
		}
		if (r->out_err) {
			printf(",\"out_error\":");
			json_str(emrtd_err_str(r->out_err));
		}
	}
	printf(",\"apdus\":%u,\"bytes_in\":%zu,\"bytes_out\":%zu,\"read_size\":%u,\"time_ms\":%ld"
	       ",\"access_apdus\":%u,\"access_ms\":%ld}\n",
	       r->stats.apdus, r->stats.bytes_in, r->stats.bytes_out, r->stats.read_size, r->time_ms,
	       r->access_apdus, r->access_ms);
}

static void print_text(const struct report *r, int rc)
{
	const struct emrtd_document *d = r->doc;
	if (rc == 2) {
		printf("chip not read (%s): %s", r->stage, emrtd_err_str(r->err));
		if (r->sw)
			printf(" [status %04X]", r->sw);
		if (r->err == EMRTD_ERR_READER_NOT_FOUND)
			printf("; readers: %s", r->readers[0] ? r->readers : "none");
		printf("\n");
		return;
	}
	printf("reader:  %s\naccess:  %s%s%s\n", r->reader, emrtd_access_name(r->access),
	       r->pace[0] ? " " : "", r->pace);
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		if (!d->tried[f])
			continue;
		if (d->files[f])
			printf("  %-7s %6zu bytes  hash %s\n", emrtd_file_name((enum emrtd_file)f), d->lens[f],
			       hash_state(r, (enum emrtd_file)f));
		else
			printf("  %-7s not read: %s\n", emrtd_file_name((enum emrtd_file)f),
			       emrtd_err_str(d->file_err[f]));
	}
	if (d->dg1_parsed)
		printf("DG1:     %s, %s %s, born %s, expires %s: %s\n", mrz_format_name(d->dg1.format),
		       d->dg1.given_names, d->dg1.surname, d->dg1.birth_date.raw, d->dg1.expiry_date.raw,
		       d->dg1_matches ? "matches the printed MRZ" : d->dg1_mismatch);
	else
		printf("DG1:     %s\n", d->dg1_mismatch);
	if (d->files[EMRTD_FILE_DG2]) {
		if (d->face_err)
			printf("face:    %s\n", emrtd_err_str(d->face_err));
		else
			printf("face:    %s %ux%u%s%s\n", emrtd_image_format_name(d->face.format), d->face.width,
			       d->face.height, r->face_display_path[0] ? " -> " : "", r->face_display_path);
	}
	printf("passive authentication: signature %s, chain %s, hashes %s (%s): %s\n",
	       emrtd_check_name(d->pa.signature), emrtd_check_name(d->pa.chain),
	       emrtd_check_name(d->pa.hashes), d->pa.hash_algorithm[0] ? d->pa.hash_algorithm : "-",
	       emrtd_check_name(d->pa.verdict));
	if (d->pa.reason[0])
		printf("  %s\n", d->pa.reason);
	if (d->cam)
		printf("chip authentication (PACE-CAM): EF.CardSecurity signature %s, chain %s: %s\n",
		       emrtd_check_name(d->card_security_check.signature),
		       emrtd_check_name(d->card_security_check.chain),
		       d->cam_passed ? "passed" : "not passed");
	if (d->incomplete[0])
		printf("incomplete: %s\n", d->incomplete);
	{
		char text[256];
		emrtd_proof_describe(&d->chip_auth, text, sizeof text);
		printf("chip authentication: %s%s%s\n", text, d->chip_auth.algorithm[0] ? " - " : "",
		       d->chip_auth.algorithm);
		emrtd_proof_describe(&d->active_auth, text, sizeof text);
		printf("active authentication: %s%s%s\n", text, d->active_auth.algorithm[0] ? " - " : "",
		       d->active_auth.algorithm);
		printf("verdict: %s (%s)\n", emrtd_verdict_name(d->verdict), d->verdict_reason);
	}
	if (r->out_err)
		printf("output: %s\n", emrtd_err_str(r->out_err));
	printf("%u APDUs, %zu bytes in, %zu bytes out, %u-byte reads, %ld ms\n", r->stats.apdus,
	       r->stats.bytes_in, r->stats.bytes_out, r->stats.read_size, r->time_ms);
	printf("%s\n", rc == 0 ? "VERIFIED" : "READ, NOT VERIFIED");
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	o.wait_ms = 5000;
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage_to(stdout);
		return 0;
	}
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
		} else if (!strcmp(a, "--progress")) {
			o.progress = true;
		} else if (!strcmp(a, "--bac-only")) {
			o.bac_only = true;
		} else if (!strcmp(a, "--bac-fallback")) {
			o.bac_fallback = true;
		} else if (v && !strcmp(a, "--can")) {
			o.can = v;
			i++;
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
	emrtd_document_free(r->doc);
	mrz_result_wipe(&r->key_mrz);
	memset(r, 0, sizeof *r);
	free(r);
	return rc;
}
