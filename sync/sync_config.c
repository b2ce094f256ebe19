/* sync_config.c - the configuration file: "name = value" lines.  The file
 * is untrusted input: bounded lines, every value checked, every mistake
 * named with its line (fuzz target: tests/fuzz_config.c). */
#include "sync.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 2048
#define CONFIG_MAX (64 * 1024)

/* TEXT is copied, NUMBER is a whole number in a range, OWN is parsed by
 * the setting's check alone (it stores what it understood). */
enum kind { TEXT, NUMBER, OWN };

/* Checks of the kiosk's values: true when VALUE is what the setting takes.
 * Only the form is checked here; whether a device or folder exists is the
 * kiosk's start-up's business (it says what to do then). */
static bool lower_code(const char *v, size_t n)
{
	return n == 2 && v[0] >= 'a' && v[0] <= 'z' && v[1] >= 'a' && v[1] <= 'z';
}

static bool check_camera(struct sync_config *c, const char *v)
{
	(void)c;
	return (strncmp(v, "/dev/", 5) == 0 && v[5]) || (strncmp(v, "video:", 6) == 0 && v[6]) ||
	       (strncmp(v, "images:", 7) == 0 && v[7]);
}

/* A libnfc connstring: DRIVER or DRIVER:WHERE, DRIVER of [a-z0-9_]. */
static bool check_nfc(struct sync_config *c, const char *v)
{
	(void)c;
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return n > 0 && (v[n] == '\0' || (v[n] == ':' && v[n + 1]));
}

static bool check_language(struct sync_config *c, const char *v)
{
	(void)c;
	return lower_code(v, strlen(v));
}

/* Codes separated by commas, each once. */
static bool check_languages(struct sync_config *c, const char *v)
{
	(void)c;
	size_t n = strlen(v);
	if ((n + 1) % 3 != 0)
		return false;
	for (size_t i = 0; i < n; i += 3) {
		if (!lower_code(v + i, 2) || (i + 2 < n && v[i + 2] != ','))
			return false;
		for (size_t j = 0; j < i; j += 3)
			if (memcmp(v + i, v + j, 2) == 0)
				return false;
	}
	return true;
}

/* "fullscreen", or a window of WIDTHxHEIGHT pixels. */
static bool check_screen(struct sync_config *c, const char *v)
{
	if (strcmp(v, "fullscreen") == 0) {
		c->kiosk.width = c->kiosk.height = 0;
		return true;
	}
	unsigned w = 0, h = 0;
	int used = 0;
	if (sscanf(v, "%5u%*[x]%5u%n", &w, &h, &used) != 2 || (size_t)used != strlen(v) ||
	    v[0] < '0' || v[0] > '9' || w < 320 || h < 240 || w > 7680 || h > 7680)
		return false;
	c->kiosk.width = w;
	c->kiosk.height = h;
	return true;
}

static bool check_yes_no(struct sync_config *c, const char *v)
{
	bool yes = strcmp(v, "yes") == 0;
	if (!yes && strcmp(v, "no") != 0)
		return false;
	c->kiosk.bac_fallback = yes;
	return true;
}

static const struct setting {
	const char *name;
	enum kind kind;
	size_t offset;
	size_t cap;          /* TEXT */
	int64_t min, max;    /* NUMBER */
	int64_t scale;       /* NUMBER: multiply into the struct's unit */
	const char *what;
	bool (*check)(struct sync_config *c, const char *value); /* TEXT, OWN */
} settings[] = {
#define T(n, m, w) {n, TEXT, offsetof(struct sync_config, m), \
	sizeof(((struct sync_config *)0)->m), 0, 0, 0, w, NULL}
#define C(n, m, w, f) {n, TEXT, offsetof(struct sync_config, m), \
	sizeof(((struct sync_config *)0)->m), 0, 0, 0, w, f}
#define N(n, m, lo, hi, sc, w) {n, NUMBER, offsetof(struct sync_config, m), 0, lo, hi, sc, w, NULL}
#define O(n, w, f) {n, OWN, 0, 0, 0, 0, 0, w, f}
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
	C("kiosk_camera", kiosk.camera,
	  "/dev/videoN (a V4L2 camera), video:FILE (a video) or images:DIR (pictures shown in turn)",
	  check_camera),
	C("kiosk_nfc", kiosk.nfc,
	  "a libnfc connstring such as pn532_uart:/dev/ttyUSB0 or pcsc:NAME", check_nfc),
	N("kiosk_idle_s", kiosk.idle_s, 10, 3600, 1, "seconds without a touch before the warning"),
	N("kiosk_warning_s", kiosk.warning_s, 5, 600, 1, "seconds the warning shows"),
	N("kiosk_chip_s", kiosk.chip_s, 5, 600, 1, "seconds a chip read may take"),
	N("kiosk_lookup_s", kiosk.lookup_s, 1, 600, 1, "seconds the order look-up may take"),
	N("kiosk_done_s", kiosk.done_s, 3, 600, 1, "seconds the done screen shows"),
	C("kiosk_languages", kiosk.languages,
	  "language codes separated by commas, such as en,sv,pl", check_languages),
	C("kiosk_language", kiosk.language, "a language code such as en or sv", check_language),
	T("kiosk_office", kiosk.office, "this kiosk's office id"),
	T("kiosk_csca_dir", kiosk.csca_dir, "the folder of CSCA certificates and master lists"),
	T("kiosk_staff_pin_file", kiosk.staff_pin_file,
	  "the staff PIN hash file (id06-kiosk --hash-pin)"),
	N("kiosk_dpi", kiosk.dpi, 50, 600, 1, "the screen's dots per inch"),
	O("kiosk_screen", "fullscreen or a window size WIDTHxHEIGHT such as 1024x600",
	  check_screen),
	O("kiosk_bac_fallback", "yes or no", check_yes_no),
#undef T
#undef C
#undef N
#undef O
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
	snprintf(c->kiosk.camera, sizeof c->kiosk.camera, "/dev/video0");
	c->kiosk.idle_s = 60;
	c->kiosk.warning_s = 20;
	c->kiosk.chip_s = 30;
	c->kiosk.lookup_s = 10;
	c->kiosk.done_s = 15;
	snprintf(c->kiosk.language, sizeof c->kiosk.language, "en");
	c->kiosk.bac_fallback = 1;
	int seen[N_SETTINGS] = {0}; /* the line each setting was given on */

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
		seen[idx] = line;
		if (vlen == 0)
			return fail(msg, msg_cap, "line %d: %s is empty; expected %s", line, s->name,
			            s->what);
		if (s->kind != NUMBER) {
			char value[LINE_MAX_LEN + 1];
			size_t cap = s->kind == TEXT ? s->cap : 64;
			if (vlen >= cap)
				return fail(msg, msg_cap, "line %d: %s is longer than %zu characters",
				            line, s->name, cap - 1);
			memcpy(value, vb, vlen);
			value[vlen] = 0;
			if (s->kind == TEXT)
				memcpy((char *)c + s->offset, value, vlen + 1);
			if (s->check && !s->check(c, value))
				return fail(msg, msg_cap, "line %d: %s = %.64s: expected %s", line,
				            s->name, value, s->what);
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
	if (c->kiosk.languages[0] && !strstr(c->kiosk.languages, c->kiosk.language))
		return fail(msg, msg_cap, "kiosk_language = %s is not among kiosk_languages = %s",
		            c->kiosk.language, c->kiosk.languages);
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
