/* sync_config.c - the configuration file: "name = value" lines.  The file
 * is untrusted input: bounded lines, every value checked, every mistake
 * named with its line (fuzz target: tests/fuzz_config.c). */
#include "sync.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 2048
#define CONFIG_MAX (64 * 1024)

enum kind { TEXT, NUMBER };

static const struct setting {
	const char *name;
	enum kind kind;
	size_t offset;
	size_t cap;          /* TEXT */
	int64_t min, max;    /* NUMBER */
	int64_t scale;       /* NUMBER: multiply into the struct's unit */
	const char *what;
} settings[] = {
#define T(n, m, w) {n, TEXT, offsetof(struct sync_config, m), \
	sizeof(((struct sync_config *)0)->m), 0, 0, 0, w}
#define N(n, m, lo, hi, sc, w) {n, NUMBER, offsetof(struct sync_config, m), 0, lo, hi, sc, w}
	T("server_url", server_url, "the server's base URL, https://HOST:PORT/v1"),
	T("ca_file", ca_file, "the server CA certificate (PEM) to pin"),
	T("cert_file", cert_file, "this kiosk's client certificate (PEM)"),
	T("key_file", key_file, "this kiosk's client key (PEM)"),
	T("store_path", store_path, "the store file"),
	T("store_key_file", store_key_file, "a file of exactly 32 random bytes"),
	T("store_key_credential", store_key_credential, "a systemd credential name"),
	T("site", site, "the site whose appointments to fetch"),
	N("connect_timeout_ms", connect_timeout_ms, 100, 120000, 1, "milliseconds"),
	N("request_timeout_ms", request_timeout_ms, 100, 600000, 1, "milliseconds"),
	N("backoff_base_ms", backoff_base_ms, 1, 3600000, 1, "milliseconds"),
	N("backoff_cap_ms", backoff_cap_ms, 1, 86400000, 1, "milliseconds"),
	N("poll_interval_ms", poll_interval_ms, 10, 86400000, 1, "milliseconds"),
	N("page_size", page_size, 1, 200, 1, "orders per page, 1 to 200"),
	N("order_max_age_h", order_max_age_s, 1, 24 * 365, 3600, "hours"),
	N("audit_max_age_days", audit_max_age_s, 1, 3650, 86400, "days"),
#undef T
#undef N
};
enum { N_SETTINGS = sizeof settings / sizeof settings[0] };

static enum sync_err fail(char *msg, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum sync_err fail(char *msg, size_t cap, const char *fmt, ...)
{
	if (msg && cap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, cap, fmt, ap);
		va_end(ap);
	}
	return SYNC_ERR_CONFIG;
}

static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

static int printable(const char *b, const char *e)
{
	for (; b < e; b++)
		if ((unsigned char)*b < 0x20 || *b == 0x7f)
			return 0;
	return 1;
}

enum sync_err sync_config_parse(const char *text, size_t len, struct sync_config *c,
                                char *msg, size_t msg_cap)
{
	if (msg && msg_cap)
		msg[0] = 0;
	if (!c)
		return SYNC_ERR_ARG;
	memset(c, 0, sizeof *c);
	if (!text && len)
		return SYNC_ERR_ARG;
	if (len > CONFIG_MAX)
		return fail(msg, msg_cap, "configuration is larger than %d bytes", CONFIG_MAX);
	c->connect_timeout_ms = 5000;
	c->request_timeout_ms = 30000;
	c->backoff_base_ms = 1000;
	c->backoff_cap_ms = 300000;
	c->poll_interval_ms = 60000;
	c->page_size = 200;
	c->order_max_age_s = 86400;
	c->audit_max_age_s = 90 * 86400;
	unsigned char seen[N_SETTINGS] = {0};

	const char *p = text, *end = text + len;
	for (int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > LINE_MAX_LEN)
			return fail(msg, msg_cap, "line %d: longer than %d characters", line,
			            LINE_MAX_LEN);
		const char *b = p, *e = le;
		p = nl ? nl + 1 : end;
		trim(&b, &e);
		if (b == e || *b == '#')
			continue;
		const char *eq = memchr(b, '=', (size_t)(e - b));
		if (!eq)
			return fail(msg, msg_cap, "line %d: expected \"name = value\"", line);
		const char *nb = b, *ne = eq, *vb = eq + 1, *ve = e;
		trim(&nb, &ne);
		trim(&vb, &ve);
		if (!printable(nb, ne) || !printable(vb, ve))
			return fail(msg, msg_cap, "line %d: control character", line);
		size_t nlen = (size_t)(ne - nb), vlen = (size_t)(ve - vb);
		const struct setting *s = NULL;
		size_t idx = 0;
		for (idx = 0; idx < N_SETTINGS; idx++)
			if (strlen(settings[idx].name) == nlen &&
			    memcmp(settings[idx].name, nb, nlen) == 0) {
				s = &settings[idx];
				break;
			}
		if (!s)
			return fail(msg, msg_cap, "line %d: unknown setting \"%.*s\"", line,
			            (int)(nlen > 64 ? 64 : nlen), nb);
		if (seen[idx])
			return fail(msg, msg_cap, "line %d: %s is set twice", line, s->name);
		seen[idx] = 1;
		if (vlen == 0)
			return fail(msg, msg_cap, "line %d: %s is empty; expected %s", line, s->name,
			            s->what);
		if (s->kind == TEXT) {
			if (vlen >= s->cap)
				return fail(msg, msg_cap, "line %d: %s is longer than %zu characters",
				            line, s->name, s->cap - 1);
			memcpy((char *)c + s->offset, vb, vlen);
			((char *)c + s->offset)[vlen] = 0;
			continue;
		}
		char num[32];
		if (vlen >= sizeof num)
			return fail(msg, msg_cap, "line %d: %s: not a number", line, s->name);
		memcpy(num, vb, vlen);
		num[vlen] = 0;
		char *stop = NULL;
		errno = 0;
		long long v = strtoll(num, &stop, 10);
		if (errno || !stop || *stop || num[0] == '+' || num[0] == '-' || num[0] == ' ')
			return fail(msg, msg_cap, "line %d: %s: \"%s\" is not a whole number of %s",
			            line, s->name, num, s->what);
		if (v < s->min || v > s->max)
			return fail(msg, msg_cap, "line %d: %s = %lld is out of range %lld..%lld (%s)",
			            line, s->name, v, (long long)s->min, (long long)s->max, s->what);
		int64_t scaled = (int64_t)v * s->scale;
		memcpy((char *)c + s->offset, &scaled, sizeof scaled);
	}

	static const char *const required[] = {"server_url", "ca_file", "cert_file", "key_file",
	                                       "store_path"};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		for (size_t j = 0; j < N_SETTINGS; j++)
			if (strcmp(settings[j].name, required[i]) == 0 && !seen[j])
				return fail(msg, msg_cap, "%s is missing; expected %s", settings[j].name,
				            settings[j].what);
	if (!c->store_key_file[0] == !c->store_key_credential[0])
		return fail(msg, msg_cap, "set exactly one of store_key_file (a file of 32 random "
		            "bytes) and store_key_credential (a systemd credential name)");
	if (strncmp(c->server_url, "https://", 8) != 0 || strlen(c->server_url) < 9)
		return fail(msg, msg_cap, "server_url must start with https:// (got \"%.64s\")",
		            c->server_url);
	if (c->server_url[strlen(c->server_url) - 1] == '/')
		c->server_url[strlen(c->server_url) - 1] = 0;
	if (c->backoff_cap_ms < c->backoff_base_ms)
		return fail(msg, msg_cap, "backoff_cap_ms must be at least backoff_base_ms");
	if (strchr(c->store_key_credential, '/'))
		return fail(msg, msg_cap, "store_key_credential is a name, not a path");
	return SYNC_OK;
}

enum sync_err sync_config_load(const char *path, struct sync_config *out, char *msg,
                               size_t msg_cap)
{
	if (msg && msg_cap)
		msg[0] = 0;
	if (!path || !out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(msg, msg_cap, "cannot read configuration %s: %s", path, strerror(errno));
	char *buf = malloc(CONFIG_MAX + 1);
	if (!buf) {
		fclose(f);
		return SYNC_ERR_NOMEM;
	}
	size_t n = fread(buf, 1, CONFIG_MAX + 1, f);
	int bad = ferror(f);
	fclose(f);
	enum sync_err err;
	if (bad)
		err = fail(msg, msg_cap, "cannot read configuration %s", path);
	else
		err = sync_config_parse(buf, n, out, msg, msg_cap);
	free(buf);
	return err;
}

enum sync_err sync_config_key(const struct sync_config *cfg, struct sync_key *out)
{
	if (!cfg || !out)
		return SYNC_ERR_ARG;
	if (cfg->store_key_credential[0])
		return sync_key_load(NULL, cfg->store_key_credential, out);
	return sync_key_load(cfg->store_key_file, NULL, out);
}

enum sync_err sync_config_open_store(const struct sync_config *cfg, struct sync_store **out,
                                     int *key_failed)
{
	if (key_failed)
		*key_failed = 0;
	if (!cfg || !out)
		return SYNC_ERR_ARG;
	struct sync_key key;
	enum sync_err err = sync_config_key(cfg, &key);
	if (err) {
		if (key_failed)
			*key_failed = 1;
		return err;
	}
	struct sync_store_options opts = {.order_max_age_s = cfg->order_max_age_s,
	                                  .audit_max_age_s = cfg->audit_max_age_s};
	err = sync_store_open(cfg->store_path, &key, &opts, out);
	sync_wipe(&key, sizeof key);
	return err;
}
