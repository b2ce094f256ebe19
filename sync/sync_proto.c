/* sync_proto.c - parsing the server's replies (untrusted) and building the
 * requests of the sync contract v1 (sync/contract/). */
#include "sync_proto.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void where_set(struct sync_reply_where *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void where_set(struct sync_reply_where *w, const char *fmt, ...)
{
	if (!w)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->field, sizeof w->field, fmt, ap);
	va_end(ap);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int sync_valid_date(const char *d)
{
	if (!d)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (d[i] != '-')
				return 0;
		} else if (!is_digit(d[i])) {
			return 0;
		}
	}
	if (d[10] != 0)
		return 0;
	int y = two(d) * 100 + two(d + 2), m = two(d + 5), day = two(d + 8);
	return m >= 1 && m <= 12 && day >= 1 && day <= days_in_month(y, m);
}

int sync_valid_order_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 1 && n <= 32 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

enum sync_err sync_parse_instant(const char *t, int64_t *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	*out = 0;
	if (!t || strlen(t) < 20)
		return SYNC_ERR_BAD_FIELD;
	char date[11];
	memcpy(date, t, 10);
	date[10] = 0;
	if (!sync_valid_date(date) || (t[10] != 'T' && t[10] != 't'))
		return SYNC_ERR_BAD_FIELD;
	const char *p = t + 11;
	if (!is_digit(p[0]) || !is_digit(p[1]) || p[2] != ':' || !is_digit(p[3]) ||
	    !is_digit(p[4]) || p[5] != ':' || !is_digit(p[6]) || !is_digit(p[7]))
		return SYNC_ERR_BAD_FIELD;
	int hh = two(p), mm = two(p + 3), ss = two(p + 6);
	if (hh > 23 || mm > 59 || ss > 60)
		return SYNC_ERR_BAD_FIELD;
	p += 8;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return SYNC_ERR_BAD_FIELD;
		for (int i = 0; is_digit(*p); p++)
			if (++i > 9)
				return SYNC_ERR_BAD_FIELD;
	}
	int64_t offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		if (!is_digit(p[1]) || !is_digit(p[2]) || p[3] != ':' || !is_digit(p[4]) ||
		    !is_digit(p[5]))
			return SYNC_ERR_BAD_FIELD;
		int oh = two(p + 1), om = two(p + 4);
		if (oh > 23 || om > 59)
			return SYNC_ERR_BAD_FIELD;
		offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return SYNC_ERR_BAD_FIELD;
	}
	if (*p)
		return SYNC_ERR_BAD_FIELD;
	int y = two(date) * 100 + two(date + 2);
	*out = days_from_civil(y, two(date + 5), two(date + 8)) * 86400 + hh * 3600 + mm * 60 +
	       ss - offset;
	return SYNC_OK;
}

/* ---- reading JSON with bounds ---- */

enum { REQUIRED = 0, NULLABLE = 1, OPTIONAL = 2 };

/* Copies a string member into dst; no NUL or other C0 control inside. */
static enum sync_err get_str(json_t *obj, const char *key, char *dst, size_t cap, int mode,
                             struct sync_reply_where *w, const char *path)
{
	dst[0] = 0;
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (mode == REQUIRED || (!v && mode == NULLABLE)) {
			where_set(w, "%s%s: missing", path, key);
			return SYNC_ERR_REPLY_SHAPE;
		}
		return SYNC_OK;
	}
	if (!json_is_string(v)) {
		where_set(w, "%s%s: not a string", path, key);
		return SYNC_ERR_REPLY_SHAPE;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n >= cap) {
		where_set(w, "%s%s: longer than %zu bytes", path, key, cap - 1);
		return SYNC_ERR_TOO_LONG;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			where_set(w, "%s%s: control character", path, key);
			return SYNC_ERR_BAD_FIELD;
		}
	memcpy(dst, s, n + 1);
	return SYNC_OK;
}

static enum sync_err get_int(json_t *obj, const char *key, int64_t min, int64_t *out,
                             int mode, struct sync_reply_where *w, const char *path)
{
	json_t *v = json_object_get(obj, key);
	if (!v && mode == OPTIONAL)
		return SYNC_OK;
	if (!json_is_integer(v)) {
		where_set(w, "%s%s: %s", path, key, v ? "not an integer" : "missing");
		return SYNC_ERR_REPLY_SHAPE;
	}
	json_int_t n = json_integer_value(v);
	if (n < min) {
		where_set(w, "%s%s: below %lld", path, key, (long long)min);
		return SYNC_ERR_BAD_FIELD;
	}
	*out = (int64_t)n;
	return SYNC_OK;
}

static enum sync_err get_bool(json_t *obj, const char *key, int *out, int mode,
                              struct sync_reply_where *w, const char *path)
{
	json_t *v = json_object_get(obj, key);
	if (!v && mode == OPTIONAL)
		return SYNC_OK;
	if (!json_is_boolean(v)) {
		where_set(w, "%s%s: %s", path, key, v ? "not a boolean" : "missing");
		return SYNC_ERR_REPLY_SHAPE;
	}
	*out = json_is_true(v);
	return SYNC_OK;
}

static enum sync_err load(const char *body, size_t len, json_t **out,
                          struct sync_reply_where *w)
{
	*out = NULL;
	if (!body && len)
		return SYNC_ERR_ARG;
	if (len > SYNC_REPLY_MAX) {
		where_set(w, "body: %zu bytes", len);
		return SYNC_ERR_REPLY_TOO_BIG;
	}
	json_error_t e;
	json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		where_set(w, "line %d column %d", e.line, e.column);
		return SYNC_ERR_REPLY_JSON;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		where_set(w, "top level: not an object");
		return SYNC_ERR_REPLY_SHAPE;
	}
	*out = j;
	return SYNC_OK;
}

/* Every reply reader starts alike: an output to fill (cleared first, so a
 * failure never leaves half a reply), no error place yet, the body parsed. */
static enum sync_err begin_reply(const char *body, size_t len, void *out, size_t out_size,
                                 json_t **j, struct sync_reply_where *w)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, out_size);
	if (w)
		w->field[0] = 0;
	return load(body, len, j, w);
}

static enum sync_err parse_order(json_t *o, struct sync_order_entry *e,
                                 struct sync_reply_where *w, const char *path)
{
	memset(e, 0, sizeof *e);
	struct sync_order *d = &e->order;
	enum sync_err err;
	char sub[128];
	if (!json_is_object(o)) {
		where_set(w, "%s: not an object", path);
		return SYNC_ERR_REPLY_SHAPE;
	}
	if ((err = get_str(o, "order_id", d->order_id, sizeof d->order_id, REQUIRED, w, path)))
		return err;
	if (!sync_valid_order_id(d->order_id)) {
		where_set(w, "%sorder_id: not [A-Za-z0-9-]{1,32}", path);
		return SYNC_ERR_BAD_FIELD;
	}
	if ((err = get_int(o, "version", 1, &d->version, REQUIRED, w, path)) ||
	    (err = get_str(o, "status", d->status, sizeof d->status, REQUIRED, w, path)) ||
	    (err = get_bool(o, "tombstone", &e->tombstone, REQUIRED, w, path)))
		return err;
	if (e->tombstone)
		return SYNC_OK;

	json_t *c = json_object_get(o, "company");
	snprintf(sub, sizeof sub, "%scompany.", path);
	if (!json_is_object(c)) {
		where_set(w, "%scompany: not an object", path);
		return SYNC_ERR_REPLY_SHAPE;
	}
	if ((err = get_str(c, "org_number", d->org_number, sizeof d->org_number, REQUIRED, w, sub)) ||
	    (err = get_str(c, "name", d->company, sizeof d->company, REQUIRED, w, sub)) ||
	    (err = get_str(o, "card_type", d->card_type, sizeof d->card_type, REQUIRED, w, path)) ||
	    (err = get_str(o, "valid_until", d->valid_until, sizeof d->valid_until, REQUIRED, w,
	                   path)) ||
	    (err = get_bool(o, "requires_residence_permit", &d->requires_residence_permit,
	                    REQUIRED, w, path)))
		return err;
	if (!sync_valid_date(d->valid_until)) {
		where_set(w, "%svalid_until: not YYYY-MM-DD", path);
		return SYNC_ERR_BAD_FIELD;
	}
	json_t *h = json_object_get(o, "cardholder");
	snprintf(sub, sizeof sub, "%scardholder.", path);
	if (!json_is_object(h)) {
		where_set(w, "%scardholder: not an object", path);
		return SYNC_ERR_REPLY_SHAPE;
	}
	if ((err = get_str(h, "given_names", d->given_names, sizeof d->given_names, REQUIRED, w,
	                   sub)) ||
	    (err = get_str(h, "surname", d->surname, sizeof d->surname, REQUIRED, w, sub)) ||
	    (err = get_str(h, "date_of_birth", d->birth_date, sizeof d->birth_date, REQUIRED, w,
	                   sub)) ||
	    (err = get_str(h, "nationality", d->nationality, sizeof d->nationality, REQUIRED, w,
	                   sub)) ||
	    (err = get_str(h, "identification_number", d->identification_number,
	                   sizeof d->identification_number, OPTIONAL, w, sub)) ||
	    (err = get_str(h, "coordination_number", d->coordination_number,
	                   sizeof d->coordination_number, OPTIONAL, w, sub)) ||
	    (err = get_str(h, "email", d->email, sizeof d->email, OPTIONAL, w, sub)) ||
	    (err = get_str(h, "mobile", d->mobile, sizeof d->mobile, OPTIONAL, w, sub)))
		return err;
	if (!sync_valid_date(d->birth_date)) {
		where_set(w, "%sdate_of_birth: not YYYY-MM-DD", sub);
		return SYNC_ERR_BAD_FIELD;
	}
	return SYNC_OK;
}

/* The page's list: present, an array, and no longer than the page allows. */
static enum sync_err get_array(json_t *j, const char *name, size_t max, json_t **out,
                               struct sync_reply_where *w)
{
	json_t *list = json_object_get(j, name);
	if (!json_is_array(list)) {
		where_set(w, "%s: %s", name, list ? "not an array" : "missing");
		return SYNC_ERR_REPLY_SHAPE;
	}
	if (json_array_size(list) > max) {
		where_set(w, "%s: more than %zu entries", name, max);
		return SYNC_ERR_REPLY_TOO_BIG;
	}
	*out = list;
	return SYNC_OK;
}

enum sync_err sync_reply_orders(const char *body, size_t len, struct sync_order_page *out,
                                struct sync_reply_where *w)
{
	json_t *j = NULL;
	enum sync_err err = begin_reply(body, len, out, sizeof *out, &j, w);
	if (err)
		return err;
	json_t *orders;
	if ((err = get_array(j, "orders", SYNC_PAGE_MAX, &orders, w)))
		goto out;
	for (size_t i = 0; i < json_array_size(orders); i++) {
		char path[32];
		snprintf(path, sizeof path, "orders[%zu].", i);
		if ((err = parse_order(json_array_get(orders, i), &out->items[i], w, path)))
			goto out;
		out->count++;
	}
	if ((err = get_str(j, "next_cursor", out->next_cursor, sizeof out->next_cursor, REQUIRED,
	                   w, "")) ||
	    (err = get_bool(j, "has_more", &out->has_more, REQUIRED, w, "")))
		goto out;
out:
	json_decref(j);
	if (err)
		OPENSSL_cleanse(out, sizeof *out);
	return err;
}

enum sync_err sync_reply_order(const char *body, size_t len, struct sync_order_entry *out,
                               struct sync_reply_where *w)
{
	json_t *j = NULL;
	enum sync_err err = begin_reply(body, len, out, sizeof *out, &j, w);
	if (err)
		return err;
	err = parse_order(j, out, w, "");
	json_decref(j);
	if (err)
		OPENSSL_cleanse(out, sizeof *out);
	return err;
}

enum sync_err sync_reply_appointments(const char *body, size_t len, struct sync_appt_page *out,
                                      struct sync_reply_where *w)
{
	json_t *j = NULL;
	enum sync_err err = begin_reply(body, len, out, sizeof *out, &j, w);
	if (err)
		return err;
	json_t *list;
	if ((err = get_array(j, "appointments", SYNC_APPT_PAGE_MAX, &list, w)))
		goto out;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		struct sync_appt *a = &out->items[i];
		char path[40], start[40], end[40], given[SYNC_NAME_MAX], sur[SYNC_NAME_MAX];
		snprintf(path, sizeof path, "appointments[%zu].", i);
		if (!json_is_object(o)) {
			where_set(w, "%s: not an object", path);
			err = SYNC_ERR_REPLY_SHAPE;
			goto out;
		}
		if ((err = get_str(o, "appointment_id", a->appt_id, sizeof a->appt_id, REQUIRED, w,
		                   path)) ||
		    (err = get_str(o, "site", a->site, sizeof a->site, REQUIRED, w, path)) ||
		    (err = get_str(o, "site_name", a->site_name, sizeof a->site_name, OPTIONAL, w,
		                   path)) ||
		    (err = get_str(o, "starts_at", start, sizeof start, REQUIRED, w, path)) ||
		    (err = get_str(o, "ends_at", end, sizeof end, REQUIRED, w, path)) ||
		    (err = get_str(o, "order_id", a->order_id, sizeof a->order_id, REQUIRED, w, path)) ||
		    (err = get_str(o, "given_names", given, sizeof given, REQUIRED, w, path)) ||
		    (err = get_str(o, "surname", sur, sizeof sur, REQUIRED, w, path)))
			goto out;
		if (!a->appt_id[0]) {
			where_set(w, "%sappointment_id: empty", path);
			err = SYNC_ERR_BAD_FIELD;
			goto out;
		}
		if (sync_parse_instant(start, &a->starts_at) || sync_parse_instant(end, &a->ends_at)) {
			where_set(w, "%sstarts_at/ends_at: not RFC 3339", path);
			err = SYNC_ERR_BAD_FIELD;
			goto out;
		}
		snprintf(a->display_name, sizeof a->display_name, "%s %s", given, sur);
		OPENSSL_cleanse(given, sizeof given);
		OPENSSL_cleanse(sur, sizeof sur);
		out->count++;
	}
out:
	json_decref(j);
	if (err)
		OPENSSL_cleanse(out, sizeof *out);
	return err;
}

enum sync_err sync_reply_problem(const char *body, size_t len, struct sync_problem *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	out->current_version = -1;
	json_t *j = NULL;
	enum sync_err err = load(body, len, &j, NULL);
	if (err)
		return err;
	int64_t status = 0;
	if ((err = get_int(j, "status", 100, &status, REQUIRED, NULL, "")) ||
	    (err = get_str(j, "code", out->code, sizeof out->code, REQUIRED, NULL, "")))
		goto out;
	if (status > 599) {
		err = SYNC_ERR_BAD_FIELD;
		goto out;
	}
	out->status = (int)status;
	/* Optional parts: a message too long or odd is cut, not fatal. */
	if (get_str(j, "message", out->message, sizeof out->message, OPTIONAL, NULL, ""))
		out->message[0] = 0;
	if (get_str(j, "field", out->field, sizeof out->field, OPTIONAL, NULL, ""))
		out->field[0] = 0;
	if (get_int(j, "current_version", 1, &out->current_version, OPTIONAL, NULL, ""))
		out->current_version = -1;
out:
	json_decref(j);
	if (err) {
		memset(out, 0, sizeof *out);
		out->current_version = -1;
	}
	return err;
}

enum sync_err sync_reply_ack(enum sync_result_kind kind, const char *body, size_t len,
                             struct sync_ack *out, struct sync_reply_where *w)
{
	json_t *j = NULL;
	enum sync_err err = begin_reply(body, len, out, sizeof *out, &j, w);
	if (err)
		return err;
	char id[SYNC_ID_MAX];
	bool appt = kind == SYNC_RESULT_APPT_CHECKED_IN || kind == SYNC_RESULT_APPT_NO_SHOW;
	if ((err = get_str(j, appt ? "appointment_id" : "order_id", id, sizeof id, REQUIRED, w, "")))
		goto out;
	switch (kind) {
	case SYNC_RESULT_IDENTITY_VERIFIED:
		if (!(err = get_str(j, "verification_id", out->ref, sizeof out->ref, REQUIRED, w, "")))
			err = get_bool(j, "duplicate", &out->duplicate, REQUIRED, w, "");
		break;
	case SYNC_RESULT_ACCOUNT_CREATED:
		if (!(err = get_str(j, "account_id", out->ref, sizeof out->ref, REQUIRED, w, "")))
			err = get_bool(j, "created", &out->created, REQUIRED, w, "");
		break;
	case SYNC_RESULT_ORDER_CONFIRMED:
	case SYNC_RESULT_ORDER_REJECTED:
		err = get_str(j, "status", out->ref, sizeof out->ref, REQUIRED, w, "");
		break;
	case SYNC_RESULT_APPT_CHECKED_IN:
	case SYNC_RESULT_APPT_NO_SHOW:
		err = get_str(j, "attendance", out->ref, sizeof out->ref, REQUIRED, w, "");
		break;
	default:
		err = SYNC_ERR_ARG;
	}
out:
	json_decref(j);
	if (err)
		memset(out, 0, sizeof *out);
	return err;
}

enum sync_err sync_reply_health(const char *body, size_t len, struct sync_health *out,
                                struct sync_reply_where *w)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	json_t *j = NULL;
	char status[16];
	enum sync_err err = load(body, len, &j, w);
	if (err)
		return err;
	if ((err = get_str(j, "status", status, sizeof status, REQUIRED, w, "")) ||
	    (err = get_str(j, "kiosk_id", out->kiosk_id, sizeof out->kiosk_id, REQUIRED, w, "")) ||
	    (err = get_str(j, "api_version", out->api_version, sizeof out->api_version, REQUIRED,
	                   w, "")))
		goto out;
	if (strcmp(status, "ok") != 0) {
		where_set(w, "status: not \"ok\"");
		err = SYNC_ERR_BAD_FIELD;
	}
out:
	json_decref(j);
	if (err)
		memset(out, 0, sizeof *out);
	return err;
}

/* ---- requests ---- */

static void instant(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *document(const struct sync_document *d)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "type", d->type, "issuing_state",
	                 d->issuing_state, "number", d->number, "expiry", d->expiry);
}

static json_t *face(const unsigned char *data, size_t len)
{
	size_t cap = 4 * ((len + 2) / 3) + 1;
	char *b64 = malloc(cap);
	if (!b64)
		return NULL;
	EVP_EncodeBlock((unsigned char *)b64, data, (int)len);
	json_t *o = json_pack("{s:s, s:s}", "format", "jpeg", "data", b64);
	free(b64);
	return o;
}

static int utf8_ok(const char *s)
{
	json_t *t = json_string(s);
	json_decref(t);
	return t != NULL;
}

enum sync_err sync_request_build(const struct sync_result *r, struct sync_request *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!r)
		return SYNC_ERR_ARG;
	bool appt = r->kind == SYNC_RESULT_APPT_CHECKED_IN || r->kind == SYNC_RESULT_APPT_NO_SHOW;
	if (appt ? !sync_valid_order_id(r->appt_id) ||
	                   (r->order_id[0] && !sync_valid_order_id(r->order_id))
	         : !sync_valid_order_id(r->order_id))
		return SYNC_ERR_BAD_FIELD;
	if (r->face_len > SYNC_FACE_MAX || (r->face_len && !r->face))
		return SYNC_ERR_TOO_LONG;
	const char *const texts[] = {r->surname, r->given_names, r->birth_date, r->nationality,
	                             r->document.type, r->document.issuing_state,
	                             r->document.number, r->document.expiry,
	                             r->residence_permit.type, r->residence_permit.issuing_state,
	                             r->residence_permit.number, r->residence_permit.expiry,
	                             r->email, r->mobile, r->language, r->reason_code, r->reason,
	                             r->access};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!utf8_ok(texts[i]))
			return SYNC_ERR_BAD_FIELD;
	char at[32];
	instant(r->at, at);
	int64_t version = r->order_version >= 1 ? r->order_version : 1;
	json_t *o = NULL;
	const char *leaf = NULL;
	switch (r->kind) {
	case SYNC_RESULT_IDENTITY_VERIFIED:
		leaf = "identity-verification";
		o = json_pack("{s:I, s:o, s:{s:s, s:s, s:s, s:s}, s:{s:b, s:b, s:s, s:s, s:s}, s:s}",
		              "order_version", (json_int_t)version,
		              "document", document(&r->document),
		              "holder", "surname", r->surname, "given_names", r->given_names,
		              "date_of_birth", r->birth_date, "nationality", r->nationality,
		              "method", "mrz", r->mrz_ok, "chip", r->chip_read,
		              "passive_authentication", sync_verdict_name(r->passive_auth),
		              "chip_authentication", sync_verdict_name(r->chip_auth),
		              "active_authentication", sync_verdict_name(r->active_auth),
		              "verified_at", at);
		/* Newer than contract 1.0's first text: servers ignore it if unknown. */
		if (o && r->access[0])
			json_object_set_new(json_object_get(o, "method"), "access", json_string(r->access));
		if (o && r->residence_permit.type[0])
			json_object_set_new(o, "residence_permit", document(&r->residence_permit));
		if (o && r->face_len)
			json_object_set_new(o, "face_image", face(r->face, r->face_len));
		break;
	case SYNC_RESULT_ACCOUNT_CREATED:
		leaf = "account";
		o = json_pack("{s:s, s:s, s:s}", "email", r->email, "mobile", r->mobile,
		              "language", r->language[0] ? r->language : "en");
		break;
	case SYNC_RESULT_ORDER_CONFIRMED:
	case SYNC_RESULT_ORDER_REJECTED:
		leaf = "decision";
		o = json_pack("{s:I, s:s, s:s}", "order_version", (json_int_t)version, "decision",
		              r->kind == SYNC_RESULT_ORDER_CONFIRMED ? "confirm" : "reject",
		              "decided_at", at);
		if (o && r->kind == SYNC_RESULT_ORDER_REJECTED) {
			json_object_set_new(o, "reason_code",
			                    json_string(r->reason_code[0] ? r->reason_code : "other"));
			if (r->reason[0])
				json_object_set_new(o, "reason", json_string(r->reason));
		}
		break;
	case SYNC_RESULT_APPT_CHECKED_IN:
	case SYNC_RESULT_APPT_NO_SHOW:
		leaf = "attendance";
		o = json_pack("{s:s, s:s}", "attendance",
		              r->kind == SYNC_RESULT_APPT_CHECKED_IN ? "checked_in" : "no_show",
		              "marked_at", at);
		if (o && r->order_id[0])
			json_object_set_new(o, "visitor_order_id", json_string(r->order_id));
		break;
	default:
		return SYNC_ERR_ARG;
	}
	if (!o)
		return SYNC_ERR_BAD_FIELD; /* json_pack refuses invalid UTF-8 */
	out->body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!out->body)
		return SYNC_ERR_NOMEM;
	out->body_len = strlen(out->body);
	if (appt)
		snprintf(out->path, sizeof out->path, "/appointments/%s/%s", r->appt_id, leaf);
	else
		snprintf(out->path, sizeof out->path, "/orders/%s/%s", r->order_id, leaf);
	return SYNC_OK;
}

void sync_request_free(struct sync_request *req)
{
	if (!req)
		return;
	if (req->body) {
		OPENSSL_cleanse(req->body, req->body_len);
		free(req->body);
	}
	memset(req, 0, sizeof *req);
}
