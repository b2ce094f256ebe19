/* mrz_json.c - a parse result as one JSON object, and wiping a result. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mrz_int.h"

/* An output buffer that remembers running out of room. */
struct jbuf {
	char *p;
	size_t cap, len;
	bool full;
};

static void jput(struct jbuf *b, const char *s, size_t n)
{
	if (b->full || n >= b->cap - b->len) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void jraw(struct jbuf *b, const char *s) { jput(b, s, strlen(s)); }

static void jfmt(struct jbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void jfmt(struct jbuf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		b->full = true;
		return;
	}
	jput(b, tmp, (size_t)n);
}

/* A JSON string of n bytes (or up to NUL); control bytes escaped. */
static void jstr_n(struct jbuf *b, const char *s, size_t n)
{
	jput(b, "\"", 1);
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			jput(b, e, 2);
		} else if (c < 0x20 || c == 0x7f) {
			jfmt(b, "\\u%04x", c);
		} else {
			jput(b, (const char *)&s[i], 1);
		}
	}
	jput(b, "\"", 1);
}

static void jstr(struct jbuf *b, const char *s) { jstr_n(b, s, (size_t)-1); }

static void jchar(struct jbuf *b, char c)
{
	char s[2] = {c, '\0'};
	jstr_n(b, s, 1);
}

static void jkey(struct jbuf *b, const char *key)
{
	jstr(b, key);
	jput(b, ":", 1);
}

/* ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY where the MRZ has '<'; null when
 * the year is unknown. */
static void jdate(struct jbuf *b, const struct mrz_date *d)
{
	if (d->year == 0) {
		jraw(b, "null");
	} else if (d->month == 0) {
		jfmt(b, "\"%04d\"", d->year);
	} else if (d->day == 0) {
		jfmt(b, "\"%04d-%02d\"", d->year, d->month);
	} else {
		jfmt(b, "\"%04d-%02d-%02d\"", d->year, d->month, d->day);
	}
}

static void jbool(struct jbuf *b, bool v) { jraw(b, v ? "true" : "false"); }

static const char *check_keys[MRZ_CHECK_COUNT] = {
	"document_number", "birth_date", "expiry_date", "optional_data",
	"composite",
};

static void jissues(struct jbuf *b, const struct mrz_result *r, bool warnings)
{
	jput(b, "[", 1);
	bool first = true;
	for (int i = 0; i < r->issue_count && i < MRZ_MAX_ISSUES; i++) {
		const struct mrz_issue *is = &r->issues[i];
		if (is->warning != warnings)
			continue;
		if (!first)
			jput(b, ",", 1);
		first = false;
		jfmt(b, "{\"line\":%d,\"column\":%d,\"message\":", is->line, is->column);
		jstr_n(b, is->text, sizeof is->text);
		jput(b, "}", 1);
	}
	jput(b, "]", 1);
}

enum mrz_err mrz_result_json(const struct mrz_result *r, char *buf, size_t cap)
{
	if (!r || !buf || cap == 0)
		return MRZ_ERR_ARG;
	struct jbuf b = {buf, cap, 0, false};
	buf[0] = '\0';
	jraw(&b, "{");
	jkey(&b, "format");
	jstr(&b, mrz_format_name(r->format));
	jraw(&b, ",");
	jkey(&b, "document_code");
	jstr_n(&b, r->document_code, sizeof r->document_code);
	jraw(&b, ",");
	jkey(&b, "issuing_state");
	jstr_n(&b, r->issuing_state, sizeof r->issuing_state);
	jraw(&b, ",");
	jkey(&b, "document_number");
	jstr_n(&b, r->document_number, sizeof r->document_number);
	jraw(&b, ",");
	jkey(&b, "document_number_long");
	jbool(&b, r->document_number_long);
	jraw(&b, ",");
	jkey(&b, "nationality");
	jstr_n(&b, r->nationality, sizeof r->nationality);
	jraw(&b, ",");
	jkey(&b, "birth_date");
	jdate(&b, &r->birth_date);
	jraw(&b, ",");
	jkey(&b, "sex");
	if (r->sex)
		jchar(&b, r->sex);
	else
		jraw(&b, "null");
	jraw(&b, ",");
	jkey(&b, "expiry_date");
	jdate(&b, &r->expiry_date);
	jraw(&b, ",");
	jkey(&b, "surname");
	jstr_n(&b, r->surname, sizeof r->surname);
	jraw(&b, ",");
	jkey(&b, "given_names");
	jstr_n(&b, r->given_names, sizeof r->given_names);
	jraw(&b, ",");
	jkey(&b, "name_truncated");
	jbool(&b, r->name_truncated);
	jraw(&b, ",");
	jkey(&b, "optional_data");
	jstr_n(&b, r->optional_data, sizeof r->optional_data);
	jraw(&b, ",");
	jkey(&b, "optional_data_2");
	jstr_n(&b, r->optional_data_2, sizeof r->optional_data_2);
	jraw(&b, ",");
	jkey(&b, "valid");
	jbool(&b, r->valid);
	jraw(&b, ",");
	jkey(&b, "checks");
	jraw(&b, "{");
	bool first = true;
	for (int i = 0; i < MRZ_CHECK_COUNT; i++) {
		const struct mrz_check *c = &r->checks[i];
		if (!c->present)
			continue;
		if (!first)
			jraw(&b, ",");
		first = false;
		jkey(&b, check_keys[i]);
		jraw(&b, "{\"valid\":");
		jbool(&b, c->valid);
		jraw(&b, ",\"expected\":");
		jchar(&b, c->expected);
		jraw(&b, ",\"found\":");
		jchar(&b, (c->found >= 0x20 && c->found < 0x7f) ? c->found : '?');
		jfmt(&b, ",\"line\":%d,\"column\":%d}", c->line, c->column);
	}
	jraw(&b, "},");
	jkey(&b, "corrections");
	jraw(&b, "[");
	for (int i = 0; i < r->correction_count && i < MRZ_MAX_CORRECTIONS; i++) {
		const struct mrz_correction *c = &r->corrections[i];
		if (i)
			jraw(&b, ",");
		jfmt(&b, "{\"line\":%d,\"column\":%d,\"from\":", c->line, c->column);
		jchar(&b, c->from);
		jraw(&b, ",\"to\":");
		jchar(&b, c->to);
		jraw(&b, "}");
	}
	jraw(&b, "],");
	jkey(&b, "errors");
	jissues(&b, r, false);
	jraw(&b, ",");
	jkey(&b, "warnings");
	jissues(&b, r, true);
	jraw(&b, "}");
	if (b.full) {
		buf[0] = '\0';
		return MRZ_ERR_TOO_LONG;
	}
	return MRZ_OK;
}

void mrz_wipe(void *p, size_t n)
{
	/* A volatile pointer so the stores are not optimised away. */
	volatile unsigned char *v = (volatile unsigned char *)p;
	for (size_t i = 0; i < n; i++)
		v[i] = 0;
}

void mrz_result_wipe(struct mrz_result *r)
{
	if (r)
		mrz_wipe(r, sizeof *r);
}
