/* body.c - parsing and validation of result bodies posted by kiosks.
 * Every byte here is untrusted; fuzzed by fuzz/body_fuzz.c. */
#include "devserver.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *devsrv_err_str(enum devsrv_err err)
{
	switch (err) {
	case DEVSRV_OK: return "ok";
	case DEVSRV_ERR_MALFORMED: return "the body is not a JSON object";
	case DEVSRV_ERR_INVALID: return "a field of the body is missing or wrong";
	case DEVSRV_ERR_TOO_BIG: return "the body is larger than 1 MiB";
	case DEVSRV_ERR_NOMEM: return "out of memory";
	}
	return "unknown error";
}

void devsrv_problem_set(struct devsrv_problem *p, int status, const char *code,
                        const char *field, const char *fmt, ...)
{
	memset(p, 0, sizeof *p);
	p->status = status;
	snprintf(p->code, sizeof p->code, "%s", code);
	snprintf(p->field, sizeof p->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
}

void devsrv_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char digest[32];
	static const char hex[] = "0123456789abcdef";
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) < 0)
		memset(digest, 0, sizeof digest);
	for (size_t i = 0; i < sizeof digest; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool date_ok(const char *s)
{
	if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
	    !all_digits(s + 8, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

bool devsrv_is_date(const char *s)
{
	return strlen(s) == 10 && date_ok(s);
}

/* RFC 3339: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM) */
bool devsrv_is_instant(const char *s)
{
	size_t n = strlen(s);
	if (n < 20 || n > 39 || !date_ok(s) || (s[10] != 'T' && s[10] != 't'))
		return false;
	const char *t = s + 11;
	if (!all_digits(t, 2) || t[2] != ':' || !all_digits(t + 3, 2) || t[5] != ':' ||
	    !all_digits(t + 6, 2))
		return false;
	if (num(t, 2) > 23 || num(t + 3, 2) > 59 || num(t + 6, 2) > 60)
		return false;
	const char *z = t + 8;
	if (*z == '.') {
		z++;
		const char *f = z;
		while (*z >= '0' && *z <= '9')
			z++;
		if (z == f || z - f > 9)
			return false;
	}
	if ((*z == 'Z' || *z == 'z') && z[1] == '\0')
		return true;
	if ((*z == '+' || *z == '-') && strlen(z) == 6 && all_digits(z + 1, 2) && z[3] == ':' &&
	    all_digits(z + 4, 2))
		return num(z + 1, 2) <= 23 && num(z + 4, 2) <= 59;
	return false;
}

bool devsrv_is_order_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

bool devsrv_is_idempotency_key(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			return false;
	}
	return true;
}

/* ---- field readers: each fills problem and returns false on error ---- */

struct reader {
	json_t *obj;
	const char *prefix;     /* "" or "document." */
	struct devsrv_problem *problem;
};

static bool bad(struct reader *r, const char *key, const char *what)
{
	char field[64];
	snprintf(field, sizeof field, "%s%s", r->prefix, key);
	devsrv_problem_set(r->problem, 400, "invalid_field", field,
	                   "Field %s: %s. Fix the request and send it again.", field, what);
	return false;
}

/* A string of 1..cap-1 bytes (jansson guarantees valid UTF-8), without
 * control characters.  Missing is an error unless optional (then ""). */
static bool get_str(struct reader *r, const char *key, char *dst, size_t cap, bool optional)
{
	dst[0] = '\0';
	json_t *v = json_object_get(r->obj, key);
	if (!v || json_is_null(v)) {
		if (optional)
			return true;
		return bad(r, key, "is required");
	}
	if (!json_is_string(v))
		return bad(r, key, "must be a string");
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n == 0)
		return bad(r, key, "must not be empty");
	if (n >= cap)
		return bad(r, key, "is too long");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return bad(r, key, "must not contain control characters");
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

static bool get_enum(struct reader *r, const char *key, char *dst, size_t cap,
                     const char *const *allowed, const char *what)
{
	if (!get_str(r, key, dst, cap, false))
		return false;
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(dst, allowed[i]) == 0)
			return true;
	dst[0] = '\0';
	return bad(r, key, what);
}

static bool get_date(struct reader *r, const char *key, char *dst, size_t cap)
{
	if (!get_str(r, key, dst, cap, false))
		return false;
	if (!devsrv_is_date(dst))
		return bad(r, key, "must be a date YYYY-MM-DD");
	return true;
}

static bool get_instant(struct reader *r, const char *key, char *dst, size_t cap)
{
	if (!get_str(r, key, dst, cap, false))
		return false;
	if (!devsrv_is_instant(dst))
		return bad(r, key, "must be an RFC 3339 time with an offset, e.g. 2026-11-23T10:15:00+01:00");
	return true;
}

static bool get_bool(struct reader *r, const char *key, bool *dst)
{
	json_t *v = json_object_get(r->obj, key);
	if (!v)
		return bad(r, key, "is required");
	if (!json_is_boolean(v))
		return bad(r, key, "must be true or false");
	*dst = json_is_true(v);
	return true;
}

static bool get_version(struct reader *r, const char *key, long long *dst)
{
	json_t *v = json_object_get(r->obj, key);
	if (!v)
		return bad(r, key, "is required");
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return bad(r, key, "must be a whole number of at least 1 (the order version you fetched)");
	*dst = (long long)json_integer_value(v);
	return true;
}

/* Uppercase letters and '<' only (ICAO codes), or also digits. */
static bool icao_chars(const char *s, bool digits)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || *s == '<' || (digits && *s >= '0' && *s <= '9')))
			return false;
	return true;
}

static bool get_object(struct reader *r, const char *key, json_t **out, bool optional)
{
	*out = json_object_get(r->obj, key);
	if (!*out || json_is_null(*out)) {
		*out = NULL;
		return optional ? true : bad(r, key, "is required");
	}
	if (!json_is_object(*out))
		return bad(r, key, "must be an object");
	return true;
}

static bool read_document(json_t *obj, const char *prefix, struct devsrv_document *d,
                          struct devsrv_problem *problem)
{
	static const char *const types[] = {"passport", "id_card", "residence_permit", NULL};
	struct reader r = {obj, prefix, problem};
	if (!get_enum(&r, "type", d->type, sizeof d->type, types,
	              "must be passport, id_card or residence_permit"))
		return false;
	if (!get_str(&r, "issuing_state", d->issuing_state, sizeof d->issuing_state, false))
		return false;
	if (!icao_chars(d->issuing_state, false))
		return bad(&r, "issuing_state", "must be an ICAO code of 1 to 3 letters A-Z or <");
	if (!get_str(&r, "number", d->number, sizeof d->number, false))
		return false;
	if (!icao_chars(d->number, true))
		return bad(&r, "number", "must be 1 to 22 characters A-Z, 0-9 or < as in the MRZ");
	return get_date(&r, "expiry", d->expiry, sizeof d->expiry);
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

/* Strict RFC 4648 base64 with padding into dst (capacity cap).  Returns
 * the decoded length, or -1 (bad alphabet or padding), or -2 (too big). */
static long b64_decode(const char *s, size_t n, unsigned char *dst, size_t cap)
{
	if (n == 0 || n % 4 != 0)
		return -1;
	if (n / 4 * 3 > cap + 2)
		return -2;
	size_t out = 0;
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		bool last = i + 4 == n;
		for (int k = 0; k < 4; k++) {
			unsigned char c = (unsigned char)s[i + (size_t)k];
			if (c == '=' && last && k >= 2) {
				v[k] = -2;
			} else {
				v[k] = b64_value(c);
				if (v[k] < 0)
					return -1;
			}
		}
		if (v[2] == -2 && v[3] != -2)
			return -1;
		unsigned triple = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 |
		                  (v[2] >= 0 ? (unsigned)v[2] << 6 : 0) | (v[3] >= 0 ? (unsigned)v[3] : 0);
		size_t take = v[2] == -2 ? 1 : v[3] == -2 ? 2 : 3;
		if (out + take > cap)
			return -2;
		dst[out++] = (unsigned char)(triple >> 16);
		if (take > 1)
			dst[out++] = (unsigned char)(triple >> 8);
		if (take > 2)
			dst[out++] = (unsigned char)triple;
	}
	return (long)out;
}

static bool read_face(json_t *obj, struct devsrv_identity *id, struct devsrv_problem *problem)
{
	static const char *const formats[] = {"jpeg", NULL};
	struct reader r = {obj, "face_image.", problem};
	char format[8];
	if (!get_enum(&r, "format", format, sizeof format, formats, "must be jpeg"))
		return false;
	json_t *v = json_object_get(obj, "data");
	if (!v)
		return bad(&r, "data", "is required");
	if (!json_is_string(v))
		return bad(&r, "data", "must be a base64 string");
	unsigned char *img = malloc(DEVSRV_MAX_FACE);
	if (!img) {
		devsrv_problem_set(problem, 500, "internal", NULL, "Out of memory; try again later.");
		return false;
	}
	bool ok = false;
	long n = b64_decode(json_string_value(v), json_string_length(v), img, DEVSRV_MAX_FACE);
	if (n == -2) {
		bad(&r, "data", "decodes to more than 600000 bytes; send a smaller JPEG");
		goto out;
	}
	if (n < 0) {
		bad(&r, "data", "is not base64 (RFC 4648, with = padding)");
		goto out;
	}
	if (n < 4 || img[0] != 0xFF || img[1] != 0xD8 || img[2] != 0xFF) {
		bad(&r, "data", "is not a JPEG image (it must start with FF D8 FF)");
		goto out;
	}
	id->has_face = true;
	id->face_bytes = (size_t)n;
	devsrv_sha256_hex(img, (size_t)n, id->face_sha256);
	ok = true;
out:
	/* The face is biometric data: leave no copy behind. */
	memset(img, 0, DEVSRV_MAX_FACE);
	free(img);
	return ok;
}

static bool read_identity(json_t *root, struct devsrv_identity *id, struct devsrv_problem *problem)
{
	static const char *const verdicts[] = {"passed", "failed", "not_supported", "not_performed", NULL};
	static const char *const verdict_msg =
		"must be passed, failed, not_supported or not_performed";
	struct reader r = {root, "", problem};
	json_t *o;
	if (!get_version(&r, "order_version", &id->order_version))
		return false;
	if (!get_object(&r, "document", &o, false) || !read_document(o, "document.", &id->document, problem))
		return false;
	if (strcmp(id->document.type, "residence_permit") == 0)
		return bad(&r, "document.type",
		           "must be the travel document (passport or id_card); send the permit as residence_permit");
	if (!get_object(&r, "residence_permit", &o, true))
		return false;
	if (o) {
		if (!read_document(o, "residence_permit.", &id->permit, problem))
			return false;
		if (strcmp(id->permit.type, "residence_permit") != 0)
			return bad(&r, "residence_permit.type", "must be residence_permit");
		id->has_permit = true;
	}
	if (!get_object(&r, "holder", &o, false))
		return false;
	struct reader h = {o, "holder.", problem};
	if (!get_str(&h, "surname", id->surname, sizeof id->surname, false) ||
	    !get_str(&h, "given_names", id->given_names, sizeof id->given_names, false) ||
	    !get_date(&h, "date_of_birth", id->date_of_birth, sizeof id->date_of_birth) ||
	    !get_str(&h, "nationality", id->nationality, sizeof id->nationality, false))
		return false;
	if (!icao_chars(id->nationality, false))
		return bad(&h, "nationality", "must be an ICAO code of 1 to 3 letters A-Z or <");
	if (!get_object(&r, "method", &o, false))
		return false;
	struct reader m = {o, "method.", problem};
	if (!get_bool(&m, "mrz", &id->mrz) || !get_bool(&m, "chip", &id->chip) ||
	    !get_enum(&m, "passive_authentication", id->passive_auth, sizeof id->passive_auth, verdicts, verdict_msg) ||
	    !get_enum(&m, "chip_authentication", id->chip_auth, sizeof id->chip_auth, verdicts, verdict_msg) ||
	    !get_enum(&m, "active_authentication", id->active_auth, sizeof id->active_auth, verdicts, verdict_msg))
		return false;
	if (!id->mrz && !id->chip)
		return bad(&m, "mrz", "at least one of mrz and chip must be true");
	/* Optional (added after 1.0): how the chip was opened. */
	static const char *const accesses[] = {"BAC", "PACE-ECDH-GM", NULL};
	if (json_object_get(o, "access") &&
	    !get_enum(&m, "access", id->access, sizeof id->access, accesses,
	              "must be BAC or PACE-ECDH-GM"))
		return false;
	if (!get_object(&r, "face_image", &o, true))
		return false;
	if (o && !read_face(o, id, problem))
		return false;
	return get_instant(&r, "verified_at", id->verified_at, sizeof id->verified_at);
}

static bool read_account(json_t *root, struct devsrv_account *a, struct devsrv_problem *problem)
{
	struct reader r = {root, "", problem};
	if (!get_str(&r, "email", a->email, sizeof a->email, false))
		return false;
	const char *at = strchr(a->email, '@');
	if (!at || at == a->email || !at[1] || strchr(at + 1, '@') || strchr(a->email, ' '))
		return bad(&r, "email", "must be an e-mail address like name@example.com");
	if (!get_str(&r, "mobile", a->mobile, sizeof a->mobile, false))
		return false;
	size_t n = strlen(a->mobile);
	if (a->mobile[0] != '+' || n < 8 || n > 16 || !all_digits(a->mobile + 1, n - 1))
		return bad(&r, "mobile", "must be an E.164 number like +46701234567");
	if (!get_str(&r, "language", a->language, sizeof a->language, false))
		return false;
	for (const char *s = a->language; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return bad(&r, "language", "must be a BCP 47 language tag like sv or pl");
	return true;
}

static bool read_decision(json_t *root, struct devsrv_decision *d, struct devsrv_problem *problem)
{
	static const char *const decisions[] = {"confirm", "reject", NULL};
	static const char *const reasons[] = {"wrong_name", "wrong_date_of_birth", "wrong_company",
	                                      "wrong_card_type", "wrong_contact", "other", NULL};
	struct reader r = {root, "", problem};
	char decision[8];
	if (!get_version(&r, "order_version", &d->order_version) ||
	    !get_enum(&r, "decision", decision, sizeof decision, decisions, "must be confirm or reject"))
		return false;
	d->confirm = strcmp(decision, "confirm") == 0;
	if (d->confirm) {
		if (json_object_get(root, "reason_code") || json_object_get(root, "reason"))
			return bad(&r, "reason_code", "belongs to a rejection only; leave it out of a confirmation");
	} else {
		if (!get_enum(&r, "reason_code", d->reason_code, sizeof d->reason_code, reasons,
		              "is required for a rejection: wrong_name, wrong_date_of_birth, wrong_company, "
		              "wrong_card_type, wrong_contact or other"))
			return false;
		if (!get_str(&r, "reason", d->reason, sizeof d->reason, true))
			return false;
	}
	return get_instant(&r, "decided_at", d->decided_at, sizeof d->decided_at);
}

static bool read_attendance(json_t *root, struct devsrv_attendance *a,
                            struct devsrv_problem *problem)
{
	static const char *const marks[] = {"checked_in", "no_show", NULL};
	struct reader r = {root, "", problem};
	char mark[12];
	if (!get_enum(&r, "attendance", mark, sizeof mark, marks, "must be checked_in or no_show"))
		return false;
	a->checked_in = strcmp(mark, "checked_in") == 0;
	if (!get_str(&r, "visitor_order_id", a->visitor_order_id, sizeof a->visitor_order_id, true))
		return false;
	if (a->visitor_order_id[0] && !devsrv_is_order_id(a->visitor_order_id))
		return bad(&r, "visitor_order_id", "must be an order id (1 to 32 of A-Z a-z 0-9 -)");
	if (a->visitor_order_id[0] && !a->checked_in)
		return bad(&r, "visitor_order_id", "belongs to a check-in only; a no-show has no visitor");
	return get_instant(&r, "marked_at", a->marked_at, sizeof a->marked_at);
}

enum devsrv_err devsrv_body_parse(enum devsrv_body_kind kind, const char *buf, size_t len,
                                  struct devsrv_body *out, struct devsrv_problem *problem)
{
	enum devsrv_err err = DEVSRV_OK;
	json_t *root = NULL;
	char *canonical = NULL;
	memset(out, 0, sizeof *out);
	memset(problem, 0, sizeof *problem);
	out->kind = kind;

	if (len > DEVSRV_MAX_BODY) {
		devsrv_problem_set(problem, 413, "body_too_large", NULL,
		                   "The request body is larger than 1 MiB; send a smaller face image.");
		err = DEVSRV_ERR_TOO_BIG;
		goto out;
	}
	json_error_t jerr;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		devsrv_problem_set(problem, 400, "malformed_json", NULL,
		                   "The body is not valid JSON (error at line %d, column %d). Send a JSON object.",
		                   jerr.line, jerr.column);
		err = DEVSRV_ERR_MALFORMED;
		goto out;
	}
	if (!json_is_object(root)) {
		devsrv_problem_set(problem, 400, "malformed_json", NULL,
		                   "The body must be a JSON object ({...}).");
		err = DEVSRV_ERR_MALFORMED;
		goto out;
	}
	bool ok = false;
	switch (kind) {
	case DEVSRV_BODY_IDENTITY: ok = read_identity(root, &out->u.identity, problem); break;
	case DEVSRV_BODY_ACCOUNT: ok = read_account(root, &out->u.account, problem); break;
	case DEVSRV_BODY_DECISION: ok = read_decision(root, &out->u.decision, problem); break;
	case DEVSRV_BODY_ATTENDANCE: ok = read_attendance(root, &out->u.attendance, problem); break;
	}
	if (!ok) {
		err = problem->status == 500 ? DEVSRV_ERR_NOMEM : DEVSRV_ERR_INVALID;
		goto out;
	}
	canonical = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
	if (!canonical) {
		devsrv_problem_set(problem, 500, "internal", NULL, "Out of memory; try again later.");
		err = DEVSRV_ERR_NOMEM;
		goto out;
	}
	devsrv_sha256_hex(canonical, strlen(canonical), out->sha256);
out:
	if (canonical) {
		memset(canonical, 0, strlen(canonical));
		free(canonical);
	}
	json_decref(root);
	if (err != DEVSRV_OK) {
		enum devsrv_body_kind k = out->kind;
		memset(out, 0, sizeof *out);
		out->kind = k;
	}
	return err;
}
