/* server_test.c - id06-devserver over real HTTPS with mutual TLS on
 * loopback, driven with libcurl.  Makes its own test PKI
 * (scripts/make-test-ca), starts its own servers on ports they pick, and
 * stops them.  Usage: server_test PATH-TO-id06-devserver */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef ID06_SOURCE_DIR
#error "ID06_SOURCE_DIR must be defined"
#endif

enum { DEVSRV_TEST_MAX_FACE = 600000 }; /* the contract's limit */

static const char *exe;
static time_t seeded_at;      /* when the main server was started and seeded */
static char dir[256];
static int failures;
static pid_t running[8];

#define FAIL(...) fail(__LINE__, __VA_ARGS__)
static void fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("FAIL (line %d): ", line);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures++;
}

/* ---- servers ---- */

struct server {
	pid_t pid;
	int port;
};

static void kill_running(void)
{
	for (size_t i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] > 0) {
			kill(running[i], SIGKILL);
			waitpid(running[i], NULL, 0);
			running[i] = 0;
		}
}

/* Runs exe with args; returns its exit status (output discarded). */
static int run(const char *const *args)
{
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* dump --db db: the state as JSON */
static json_t *dump(const char *db)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "'%s' dump --db '%s'", exe, db);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	json_error_t err;
	json_t *j = json_loadf(p, 0, &err);
	pclose(p);
	if (!j)
		FAIL("dump: not JSON: %s", err.text);
	return j;
}

/* Starts a server on db with the test PKI's server certificate (or the
 * named one), seeded with the demo, plus extra arguments (NULL-terminated). */
static bool server_start_as(struct server *s, const char *db, const char *cert_name, const char *const *extra)
{
	char cert[300], key[300], ca[300];
	snprintf(cert, sizeof cert, "%s/%s.pem", dir, cert_name);
	snprintf(key, sizeof key, "%s/%s.key", dir, cert_name);
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	const char *args[24] = {exe, "--listen", "127.0.0.1:0", "--db", db, "--cert", cert, "--key", key,
	                        "--client-ca", ca, "--seed", "demo"};
	size_t n = 13;
	for (size_t i = 0; extra && extra[i] && n < sizeof args / sizeof args[0] - 1; i++)
		args[n++] = extra[i];
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(exe, (char *const *)args);
		_exit(127);
	}
	close(fds[1]);
	for (size_t i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] == 0) {
			running[i] = s->pid;
			break;
		}
	/* The ready line: "id06-devserver ready https://127.0.0.1:P/v1 port=P" */
	char line[256];
	size_t len = 0;
	s->port = 0;
	struct pollfd pfd = {fds[0], POLLIN, 0};
	while (len < sizeof line - 1 && poll(&pfd, 1, 20000) > 0) {
		ssize_t r = read(fds[0], line + len, 1);
		if (r <= 0)
			break;
		if (line[len++] == '\n')
			break;
	}
	line[len] = '\0';
	close(fds[0]);
	const char *p = strstr(line, "port=");
	if (p)
		s->port = atoi(p + 5);
	if (s->port <= 0) {
		FAIL("server did not print its ready line; got \"%s\"", line);
		return false;
	}
	return true;
}

static bool server_start(struct server *s, const char *db, const char *fault1, const char *fault2)
{
	const char *extra[] = {"--fault", fault1, "--fault", fault2, NULL};
	if (!fault1)
		extra[0] = NULL;
	else if (!fault2)
		extra[2] = NULL;
	return server_start_as(s, db, "server", extra);
}

/* Keep-alive: one curl handle per client certificate keeps its
 * connection, so most requests skip the TLS handshake.  Tests of dropped
 * connections turn it off: curl silently resends a request whose reused
 * connection died, which would hide the drop. */
static bool reuse_connections = true;
static struct {
	char cert[32];
	CURL *h;
} pool[6];

static void pool_clear(void)
{
	for (size_t i = 0; i < sizeof pool / sizeof pool[0]; i++) {
		if (pool[i].h)
			curl_easy_cleanup(pool[i].h);
		memset(&pool[i], 0, sizeof pool[i]);
	}
}

static CURL *pool_get(const char *cert)
{
	const char *name = cert ? cert : "-";
	if (!reuse_connections)
		return curl_easy_init();
	for (size_t i = 0; i < sizeof pool / sizeof pool[0]; i++) {
		if (pool[i].h && strcmp(pool[i].cert, name) == 0) {
			curl_easy_reset(pool[i].h);
			return pool[i].h;
		}
		if (!pool[i].h) {
			snprintf(pool[i].cert, sizeof pool[i].cert, "%s", name);
			pool[i].h = curl_easy_init();
			return pool[i].h;
		}
	}
	return curl_easy_init();
}

static void pool_put(CURL *h)
{
	for (size_t i = 0; i < sizeof pool / sizeof pool[0]; i++)
		if (pool[i].h == h)
			return;
	curl_easy_cleanup(h);
}

/* SIGTERM; returns the exit status (0 expected). */
static int server_stop(struct server *s)
{
	int st = -1;
	pool_clear();
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
	for (size_t i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] == s->pid)
			running[i] = 0;
	s->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* ---- HTTP ---- */

struct reply {
	CURLcode cc;
	long status;
	char *body;
	size_t len;
	json_t *json;
	bool replayed;
	bool retry_after;
	char content_type[64];
};

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
	struct reply *r = user;
	size_t add = size * n;
	char *b = realloc(r->body, r->len + add + 1);
	if (!b)
		return 0;
	memcpy(b + r->len, p, add);
	r->body = b;
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *user)
{
	struct reply *r = user;
	size_t len = size * n;
	if (len >= 20 && strncasecmp(p, "Idempotent-Replayed:", 20) == 0)
		r->replayed = strstr(p, "true") != NULL;
	if (len >= 12 && strncasecmp(p, "Retry-After:", 12) == 0)
		r->retry_after = true;
	if (len >= 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
		size_t k = len - 13 < sizeof r->content_type - 1 ? len - 13 : sizeof r->content_type - 1;
		memcpy(r->content_type, p + 13, k);
		r->content_type[k] = '\0';
	}
	return len;
}

static void reply_free(struct reply *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

struct call {
	const char *cert;        /* "kiosk-1", "other-client", or NULL for none */
	const char *method;
	const char *path;
	const char *key;         /* Idempotency-Key or NULL */
	const char *type;        /* Content-Type, default application/json */
	const char *body;        /* NULL for GET */
	size_t body_len;         /* 0: strlen(body) */
	long timeout_ms;
	bool chunked;            /* send the body chunked, without Content-Length */
};

struct upload {
	const char *p;
	size_t left;
};

static size_t on_read(char *dst, size_t size, size_t n, void *user)
{
	struct upload *u = user;
	size_t k = size * n < u->left ? size * n : u->left;
	if (k > 16384)
		k = 16384;
	memcpy(dst, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static void call(const struct server *s, const struct call *c, struct reply *r)
{
	memset(r, 0, sizeof *r);
	CURL *h = pool_get(c->cert);
	char url[512], cert[300], key[300], ca[300], keyhdr[200], typehdr[100];
	snprintf(url, sizeof url, "https://127.0.0.1:%d%s", s->port, c->path);
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	if (c->cert) {
		snprintf(cert, sizeof cert, "%s/%s.pem", dir, c->cert);
		snprintf(key, sizeof key, "%s/%s.key", dir, c->cert);
		curl_easy_setopt(h, CURLOPT_SSLCERT, cert);
		curl_easy_setopt(h, CURLOPT_SSLKEY, key);
	}
	struct curl_slist *hdrs = NULL;
	if (c->key) {
		snprintf(keyhdr, sizeof keyhdr, "Idempotency-Key: %s", c->key);
		hdrs = curl_slist_append(hdrs, keyhdr);
	}
	struct upload up = {c->body, 0};
	if (c->body) {
		size_t len = c->body_len ? c->body_len : strlen(c->body);
		snprintf(typehdr, sizeof typehdr, "Content-Type: %s", c->type ? c->type : "application/json");
		hdrs = curl_slist_append(hdrs, typehdr);
		if (c->chunked) {
			up.left = len;
			hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
			curl_easy_setopt(h, CURLOPT_POST, 1L);
			curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
			curl_easy_setopt(h, CURLOPT_READDATA, &up);
		} else {
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, c->body);
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		}
	}
	if (c->method && strcmp(c->method, "GET") != 0 && strcmp(c->method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, c->method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms ? c->timeout_ms : 30000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	r->cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	pool_put(h);
	curl_slist_free_all(hdrs);
	if (r->body)
		r->json = json_loads(r->body, 0, NULL);
}

static const char *jstr(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));
	return s ? s : "(none)";
}

static long long jint(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* status and (for problems) code; a problem must also carry a message and
 * the problem content type. */
static bool expect(int line, const char *what, const struct reply *r, long status, const char *code)
{
	const char *got_code = jstr(r->json, "code");
	bool ok = r->cc == CURLE_OK && r->status == status;
	if (ok && code)
		ok = strcmp(got_code, code) == 0 && json_is_string(json_object_get(r->json, "message")) &&
		     jint(r->json, "status") == status && strstr(r->content_type, "application/problem+json");
	if (!ok)
		fail(line, "%s: expected %ld %s, got %ld %s (curl: %s) body: %.300s", what, status,
		     code ? code : "", r->status, r->json ? got_code : "", curl_easy_strerror(r->cc),
		     r->body ? r->body : "");
	return ok;
}
#define EXPECT(what, r, status, code) expect(__LINE__, what, r, status, code)

/* ---- bodies ---- */

static char *identity_body(long long version, const char *number, bool face)
{
	static char buf[2048];
	snprintf(buf, sizeof buf,
		"{\"order_version\":%lld,"
		"\"document\":{\"type\":\"passport\",\"issuing_state\":\"UTO\",\"number\":\"%s\",\"expiry\":\"2032-04-15\"},"
		"\"holder\":{\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"date_of_birth\":\"1974-08-12\",\"nationality\":\"UTO\"},"
		"\"method\":{\"mrz\":true,\"chip\":true,\"passive_authentication\":\"passed\","
		"\"chip_authentication\":\"not_supported\",\"active_authentication\":\"passed\"},"
		"%s\"verified_at\":\"2026-11-23T10:15:00+01:00\"}",
		version, number, face ? "\"face_image\":{\"format\":\"jpeg\",\"data\":\"/9j/4AAQSkZJRgABAQ==\"}," : "");
	return buf;
}

static const char account_body[] = "{\"email\":\"anna.eriksson@example.com\",\"mobile\":\"+46700000001\",\"language\":\"sv\"}";

static char *decision_body(long long version)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "{\"order_version\":%lld,\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00+01:00\"}",
	         version);
	return buf;
}

/* ---- the tests ---- */

static void test_bad_config(void)
{
	char cert[300], key[300], ca[300], db[300];
	snprintf(cert, sizeof cert, "%s/server.pem", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(db, sizeof db, "%s/config.db", dir);
	struct {
		const char *name;
		const char *args[16];
		int status;
	} rows[] = {
		{"unknown fault", {exe, "--db", db, "--cert", cert, "--key", key, "--client-ca", ca, "--fault", "explode=1"}, 2},
		{"rate above 1", {exe, "--db", db, "--cert", cert, "--key", key, "--client-ca", ca, "--fault", "5xx=1.5"}, 2},
		{"no db", {exe, "--cert", cert, "--key", key, "--client-ca", ca}, 2},
		{"bad listen", {exe, "--db", db, "--cert", cert, "--key", key, "--client-ca", ca, "--listen", "nowhere"}, 2},
		{"unknown option", {exe, "--db", db, "--verbose", "yes"}, 2},
		{"missing cert file", {exe, "--db", db, "--cert", "/nonexistent.pem", "--key", key, "--client-ca", ca, "--listen", "127.0.0.1:0"}, 1},
		{"key is not PEM", {exe, "--db", db, "--cert", cert, "--key", "/dev/null", "--client-ca", ca, "--listen", "127.0.0.1:0"}, 1},
		{"seed not found", {exe, "--db", db, "--cert", cert, "--key", key, "--client-ca", ca, "--listen", "127.0.0.1:0", "--seed", "/nonexistent.json"}, 1},
		{"change-order unknown", {exe, "--db", db, "--cert", cert, "--key", key, "--client-ca", ca, "--listen", "127.0.0.1:0", "--fault", "change-order=N-999"}, 1},
		{"dump without db", {exe, "dump"}, 2},
		{"change unknown order", {exe, "change", "--db", db, "N-999"}, 1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int got = run(rows[i].args);
		if (got != rows[i].status)
			FAIL("config \"%s\": expected exit %d, got %d", rows[i].name, rows[i].status, got);
	}
}

/* Requests refused before any processing: one row each. */
static void test_refusals(const struct server *s)
{
	static char big[(1 << 20) + 2];
	memset(big, ' ', sizeof big - 1);
	big[0] = '{';
	big[sizeof big - 2] = '}';
	const char *ok_decision = "{\"order_version\":1,\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00Z\"}";
	struct {
		const char *name;
		struct call c;
		long status;
		const char *code;
	} rows[] = {
		{"no client certificate", {NULL, "GET", "/v1/health", NULL, NULL, NULL, 0, 0, false}, 401, "client_certificate_required"},
		{"certificate of another CA", {"other-client", "GET", "/v1/orders", NULL, NULL, NULL, 0, 0, false}, 403, "client_certificate_unknown"},
		{"server certificate used as client", {"server", "GET", "/v1/orders", NULL, NULL, NULL, 0, 0, false}, 403, "client_certificate_unknown"},
		{"unknown path", {"kiosk-1", "GET", "/v1/nothing", NULL, NULL, NULL, 0, 0, false}, 404, "not_found"},
		{"bad order id", {"kiosk-1", "GET", "/v1/orders/N%20100", NULL, NULL, NULL, 0, 0, false}, 404, "not_found"},
		{"unknown order", {"kiosk-1", "GET", "/v1/orders/N-999", NULL, NULL, NULL, 0, 0, false}, 404, "order_not_found"},
		{"POST to a list", {"kiosk-1", "POST", "/v1/orders", "k-r1", NULL, "{}", 0, 0, false}, 405, "method_not_allowed"},
		{"GET a result", {"kiosk-1", "GET", "/v1/orders/N-100001/decision", NULL, NULL, NULL, 0, 0, false}, 405, "method_not_allowed"},
		{"DELETE an order", {"kiosk-1", "DELETE", "/v1/orders/N-100001", NULL, NULL, NULL, 0, 0, false}, 405, "method_not_allowed"},
		{"limit 0", {"kiosk-1", "GET", "/v1/orders?limit=0", NULL, NULL, NULL, 0, 0, false}, 400, "bad_parameter"},
		{"limit 201", {"kiosk-1", "GET", "/v1/orders?limit=201", NULL, NULL, NULL, 0, 0, false}, 400, "bad_parameter"},
		{"limit text", {"kiosk-1", "GET", "/v1/orders?limit=ten", NULL, NULL, NULL, 0, 0, false}, 400, "bad_parameter"},
		{"made-up cursor", {"kiosk-1", "GET", "/v1/orders?since=42", NULL, NULL, NULL, 0, 0, false}, 400, "bad_cursor"},
		{"cursor from the future", {"kiosk-1", "GET", "/v1/orders?since=v1.999999", NULL, NULL, NULL, 0, 0, false}, 400, "bad_cursor"},
		{"appointments without date", {"kiosk-1", "GET", "/v1/appointments", NULL, NULL, NULL, 0, 0, false}, 400, "bad_parameter"},
		{"appointments bad date", {"kiosk-1", "GET", "/v1/appointments?date=2026-13-01", NULL, NULL, NULL, 0, 0, false}, 400, "bad_parameter"},
		{"no idempotency key", {"kiosk-1", "POST", "/v1/orders/N-100001/decision", NULL, NULL, ok_decision, 0, 0, false}, 400, "idempotency_key_missing"},
		{"bad idempotency key", {"kiosk-1", "POST", "/v1/orders/N-100001/decision", "key with spaces", NULL, ok_decision, 0, 0, false}, 400, "idempotency_key_invalid"},
		{"not JSON content type", {"kiosk-1", "POST", "/v1/orders/N-100001/decision", "k-r2", "text/plain", ok_decision, 0, 0, false}, 415, "unsupported_media_type"},
		{"malformed JSON", {"kiosk-1", "POST", "/v1/orders/N-100001/decision", "k-r3", NULL, "{\"order_version\":1,", 0, 0, false}, 400, "malformed_json"},
		{"JSON array", {"kiosk-1", "POST", "/v1/orders/N-100001/account", "k-r4", NULL, "[1]", 0, 0, false}, 400, "malformed_json"},
		{"empty body", {"kiosk-1", "POST", "/v1/orders/N-100001/account", "k-r5", NULL, "", 0, 0, false}, 400, "malformed_json"},
		{"invalid field", {"kiosk-1", "POST", "/v1/orders/N-100001/decision", "k-r6", NULL,
		                   "{\"order_version\":1,\"decision\":\"perhaps\",\"decided_at\":\"2026-11-23T10:20:00Z\"}", 0, 0, false}, 400, "invalid_field"},
		{"body over 1 MiB", {"kiosk-1", "POST", "/v1/orders/N-100001/identity-verification", "k-r7", NULL, big, sizeof big - 1, 0, false}, 413, "body_too_large"},
		{"chunked body over 1 MiB", {"kiosk-1", "POST", "/v1/orders/N-100001/identity-verification", "k-r9", NULL, big, sizeof big - 1, 0, true}, 413, "body_too_large"},
		{"result for unknown order", {"kiosk-1", "POST", "/v1/orders/N-999/decision", "k-r8", NULL, ok_decision, 0, 0, false}, 404, "order_not_found"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct reply r;
		call(s, &rows[i].c, &r);
		expect(__LINE__, rows[i].name, &r, rows[i].status, rows[i].code);
		if (strcmp(rows[i].code, "invalid_field") == 0 && strcmp(jstr(r.json, "field"), "decision") != 0)
			FAIL("invalid field: expected field \"decision\", got \"%s\"", jstr(r.json, "field"));
		reply_free(&r);
	}
	/* Refused requests store nothing: the key of the malformed one is free. */
	struct reply r;
	struct call c = {"kiosk-1", "POST", "/v1/orders/N-100001/account", "k-r3", NULL, account_body, 0, 0, false};
	call(s, &c, &r);
	EXPECT("account before identity, key of a refused request", &r, 409, "identity_not_verified");
	reply_free(&r);
}

/* Reads the whole delta in pages of `limit` from `since` (NULL: start);
 * returns the entries; *cursor gets the last next_cursor. */
static json_t *read_delta(const struct server *s, const char *since, int limit, char cursor[64], int *pages)
{
	json_t *all = json_array();
	char cur[64] = "";
	if (since)
		snprintf(cur, sizeof cur, "%s", since);
	*pages = 0;
	for (int guard = 0; guard < 100; guard++) {
		char path[160];
		if (cur[0])
			snprintf(path, sizeof path, "/v1/orders?limit=%d&since=%s", limit, cur);
		else
			snprintf(path, sizeof path, "/v1/orders?limit=%d", limit);
		struct call c = {"kiosk-1", "GET", path, NULL, NULL, NULL, 0, 0, false};
		struct reply r;
		call(s, &c, &r);
		if (!EXPECT("delta page", &r, 200, NULL)) {
			reply_free(&r);
			break;
		}
		(*pages)++;
		json_t *orders = json_object_get(r.json, "orders");
		if ((int)json_array_size(orders) > limit)
			FAIL("delta page: expected at most %d entries, got %zu", limit, json_array_size(orders));
		json_array_extend(all, orders);
		snprintf(cur, sizeof cur, "%s", jstr(r.json, "next_cursor"));
		bool more = json_is_true(json_object_get(r.json, "has_more"));
		reply_free(&r);
		if (!more)
			break;
	}
	snprintf(cursor, 64, "%s", cur);
	return all;
}

static json_t *find(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (strcmp(jstr(v, key), value) == 0)
			return v;
	return NULL;
}

static size_t seed_count(const char *array, int day)
{
	char path[512];
	snprintf(path, sizeof path, "%s/sync/server/seed/demo.json", ID06_SOURCE_DIR);
	json_t *seed = json_load_file(path, 0, NULL);
	json_t *list = json_object_get(seed, array);
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (day < 0 || jint(v, "day") == day)
			n++;
	json_decref(seed);
	return n;
}

static void test_reading(const struct server *s, char start_cursor[64])
{
	/* The whole delta, 5 at a time: every seeded order exactly once. */
	int pages;
	json_t *all = read_delta(s, NULL, 5, start_cursor, &pages);
	size_t want = seed_count("orders", -1);
	if (json_array_size(all) != want || pages != (int)((want + 4) / 5))
		FAIL("delta: expected %zu entries in %zu pages, got %zu in %d", want, (want + 4) / 5,
		     json_array_size(all), pages);
	for (size_t i = 0; i < json_array_size(all); i++)
		for (size_t k = i + 1; k < json_array_size(all); k++)
			if (strcmp(jstr(json_array_get(all, i), "order_id"), jstr(json_array_get(all, k), "order_id")) == 0)
				FAIL("delta: order %s appears twice", jstr(json_array_get(all, i), "order_id"));
	json_t *anna = find(all, "order_id", "N-100001");
	json_t *holder = json_object_get(anna, "cardholder");
	if (!anna || strcmp(jstr(holder, "given_names"), "Anna Maria") != 0 || strcmp(jstr(holder, "surname"), "Eriksson") != 0 ||
	    strcmp(jstr(holder, "date_of_birth"), "1974-08-12") != 0 || strcmp(jstr(holder, "nationality"), "UTO") != 0 ||
	    jint(anna, "version") != 1 || strcmp(jstr(anna, "status"), "awaiting_identification") != 0 ||
	    !json_is_false(json_object_get(anna, "tombstone")))
		FAIL("order N-100001: expected Anna Maria Eriksson 1974-08-12 UTO v1 pending, got %.200s",
		     anna ? json_dumps(anna, JSON_COMPACT) : "nothing");
	json_t *ukr = json_object_get(find(all, "order_id", "N-100007"), "cardholder");
	if (strcmp(jstr(ukr, "given_names"), "Олександр") != 0 || strcmp(jstr(ukr, "surname"), "Шевченко") != 0)
		FAIL("order N-100007: expected Олександр Шевченко, got %s %s", jstr(ukr, "given_names"), jstr(ukr, "surname"));
	json_t *gone = find(all, "order_id", "N-100012");
	if (!gone || !json_is_true(json_object_get(gone, "tombstone")) || strcmp(jstr(gone, "status"), "cancelled") != 0 ||
	    json_object_get(gone, "cardholder"))
		FAIL("order N-100012: expected a tombstone (cancelled, no cardholder), got %.200s",
		     gone ? json_dumps(gone, JSON_COMPACT) : "nothing");
	json_decref(all);

	/* Nothing changed since: empty page, same cursor. */
	char again[64];
	all = read_delta(s, start_cursor, 50, again, &pages);
	if (json_array_size(all) != 0 || strcmp(again, start_cursor) != 0)
		FAIL("delta since the end: expected 0 entries and cursor %s, got %zu and %s", start_cursor,
		     json_array_size(all), again);
	json_decref(all);

	struct reply r;
	struct call c = {"kiosk-1", "GET", "/v1/orders/N-100007", NULL, NULL, NULL, 0, 0, false};
	call(s, &c, &r);
	if (EXPECT("one order", &r, 200, NULL) && !json_is_true(json_object_get(r.json, "requires_residence_permit")))
		FAIL("order N-100007: expected requires_residence_permit true");
	reply_free(&r);

	c.path = "/v1/health";
	call(s, &c, &r);
	if (EXPECT("health", &r, 200, NULL) && strcmp(jstr(r.json, "kiosk_id"), "kiosk-test-01") != 0)
		FAIL("health: expected kiosk_id kiosk-test-01, got %s", jstr(r.json, "kiosk_id"));
	reply_free(&r);

	/* Appointments: today's and tomorrow's (the server's local days, as
	 * they were when it seeded, so midnight during the test does not
	 * matter). */
	time_t now = seeded_at;
	for (int day = 0; day <= 1; day++) {
		struct tm tm;
		localtime_r(&now, &tm);
		tm.tm_mday += day;     /* calendar days, right across DST changes */
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		mktime(&tm);
		char date[16], path[128];
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		snprintf(path, sizeof path, "/v1/appointments?date=%s", date);
		c.path = path;
		call(s, &c, &r);
		if (EXPECT("appointments", &r, 200, NULL)) {
			size_t want_n = seed_count("appointments", day);
			json_t *list = json_object_get(r.json, "appointments");
			if (json_array_size(list) != want_n)
				FAIL("appointments day +%d: expected %zu, got %zu", day, want_n, json_array_size(list));
			json_t *first = json_array_get(list, 0);
			if (day == 0 && (strcmp(jstr(first, "order_id"), "N-100001") != 0 ||
			                 strcmp(jstr(first, "surname"), "Eriksson") != 0))
				FAIL("appointments today: expected N-100001 Eriksson first, got %s %s",
				     jstr(first, "order_id"), jstr(first, "surname"));
		}
		reply_free(&r);
		if (day == 0) {
			snprintf(path, sizeof path, "/v1/appointments?date=%s&site=mobile-team", date);
			call(s, &c, &r);
			json_t *list = json_object_get(r.json, "appointments");
			size_t i, mobile = 0;
			json_t *v;
			json_array_foreach(list, i, v)
				mobile += strcmp(jstr(v, "site"), "mobile-team") == 0;
			if (!EXPECT("appointments of one site", &r, 200, NULL) || json_array_size(list) != 3 || mobile != 3)
				FAIL("appointments mobile-team: expected 3 of the mobile team, got %zu (%zu mobile)",
				     json_array_size(list), mobile);
			reply_free(&r);
		}
	}
}

static void post(const struct server *s, const char *cert, const char *order, const char *what,
                 const char *key, const char *body, struct reply *r)
{
	char path[128];
	snprintf(path, sizeof path, "/v1/orders/%s/%s", order, what);
	struct call c = {cert, "POST", path, key, NULL, body, 0, 0, false};
	call(s, &c, r);
}

/* Staff marks of appointments: the seed's A-0001 (today), the mark kept,
 * replayed under its key, corrected by a later mark, refused for an
 * unknown appointment or visitor order. */
static void test_attendance(const struct server *s, const char *db)
{
	struct reply r;
	const char *in = "{\"attendance\":\"checked_in\",\"visitor_order_id\":\"N-100002\","
	                 "\"marked_at\":\"2026-11-23T09:05:00+01:00\"}";
	const char *noshow = "{\"attendance\":\"no_show\",\"marked_at\":\"2026-11-23T09:30:00+01:00\"}";
	struct call c = {"kiosk-1", "POST", "/v1/appointments/A-0001/attendance", "k-att-1", NULL, in,
	                 0, 0, false};
	call(s, &c, &r);
	if (EXPECT("check-in", &r, 201, NULL) && (strcmp(jstr(r.json, "attendance"), "checked_in") != 0 ||
	                                          strcmp(jstr(r.json, "visitor_order_id"), "N-100002") != 0))
		FAIL("check-in: expected checked_in by N-100002, got %s by %s", jstr(r.json, "attendance"),
		     jstr(r.json, "visitor_order_id"));
	reply_free(&r);
	call(s, &c, &r);
	EXPECT("check-in replayed", &r, 201, NULL);
	if (!r.replayed)
		FAIL("check-in replayed: expected Idempotent-Replayed, got none");
	reply_free(&r);
	c.key = "k-att-2";
	c.body = noshow;
	call(s, &c, &r);
	EXPECT("no-show corrects the check-in", &r, 201, NULL);
	reply_free(&r);
	c.path = "/v1/appointments/A-9999/attendance";
	c.key = "k-att-3";
	call(s, &c, &r);
	EXPECT("unknown appointment", &r, 404, "appointment_not_found");
	reply_free(&r);
	c.path = "/v1/appointments/A-0002/attendance";
	c.key = "k-att-4";
	c.body = "{\"attendance\":\"checked_in\",\"visitor_order_id\":\"N-999999\","
	         "\"marked_at\":\"2026-11-23T09:05:00+01:00\"}";
	call(s, &c, &r);
	EXPECT("unknown visitor order", &r, 409, "visitor_order_unknown");
	reply_free(&r);
	c.method = "GET";
	c.body = NULL;
	c.key = NULL;
	call(s, &c, &r);
	EXPECT("attendance is POST only", &r, 405, "method_not_allowed");
	reply_free(&r);

	json_t *d = dump(db);
	json_t *list = json_object_get(d, "attendance");
	json_t *a = json_array_get(list, 0);
	if (json_array_size(list) != 1 || strcmp(jstr(a, "appointment_id"), "A-0001") != 0 ||
	    strcmp(jstr(a, "attendance"), "no_show") != 0 || strcmp(jstr(a, "visitor_order_id"), "") != 0)
		FAIL("attendance in the dump: expected A-0001 no_show without visitor, got %zu rows, %s %s %s",
		     json_array_size(list), jstr(a, "appointment_id"), jstr(a, "attendance"),
		     jstr(a, "visitor_order_id"));
	json_decref(d);
}

static void test_results(const struct server *s, const char *db, const char *cursor)
{
	struct reply r, r2;
	/* identity verified, with a face */
	post(s, "kiosk-1", "N-100001", "identity-verification", "k-id-1", identity_body(1, "L898902C3", true), &r);
	EXPECT("identity verified", &r, 201, NULL);
	char vid[32];
	snprintf(vid, sizeof vid, "%s", jstr(r.json, "verification_id"));

	/* replay: same key, same JSON with other whitespace and key order */
	json_t *reordered = json_loads(identity_body(1, "L898902C3", true), 0, NULL);
	char *pretty = json_dumps(reordered, JSON_INDENT(3) | JSON_SORT_KEYS);
	post(s, "kiosk-1", "N-100001", "identity-verification", "k-id-1", pretty, &r2);
	if (EXPECT("replay", &r2, 201, NULL) &&
	    (!r2.replayed || strcmp(jstr(r2.json, "verification_id"), vid) != 0 || strcmp(r.body, r2.body) != 0))
		FAIL("replay: expected the original answer %s with Idempotent-Replayed, got %s (replayed %d)",
		     r.body, r2.body, r2.replayed);
	free(pretty);
	json_decref(reordered);
	reply_free(&r);
	reply_free(&r2);

	/* same key, another body; same key, another path */
	post(s, "kiosk-1", "N-100001", "identity-verification", "k-id-1", identity_body(1, "X0000000", true), &r);
	EXPECT("key reused with another body", &r, 422, "idempotency_key_reused");
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "identity-verification", "k-id-1", identity_body(1, "L898902C3", true), &r);
	EXPECT("key reused on another order", &r, 422, "idempotency_key_reused");
	reply_free(&r);
	/* keys are per kiosk: kiosk 2 may use the same key for its own result */
	post(s, "kiosk-2", "N-100003", "identity-verification", "k-id-1", identity_body(1, "NAMESAKE1", false), &r);
	EXPECT("same key from another kiosk", &r, 201, NULL);
	reply_free(&r);

	/* natural keys: a new key for the same order and document is no new result */
	post(s, "kiosk-1", "N-100001", "identity-verification", "k-id-1b", identity_body(1, "L898902C3", true), &r);
	if (EXPECT("same document again", &r, 200, NULL) &&
	    (!json_is_true(json_object_get(r.json, "duplicate")) || strcmp(jstr(r.json, "verification_id"), vid) != 0))
		FAIL("same document again: expected duplicate true and %s, got %s", vid, r.body);
	reply_free(&r);
	post(s, "kiosk-1", "N-100001", "identity-verification", "k-id-1c", identity_body(1, "OTHER1234", true), &r);
	EXPECT("another document", &r, 409, "already_verified");
	reply_free(&r);

	/* account: one per person, shared by the person's two orders */
	post(s, "kiosk-1", "N-100004", "account", "k-acc-4", account_body, &r);
	EXPECT("account before identity", &r, 409, "identity_not_verified");
	reply_free(&r);
	post(s, "kiosk-1", "N-100001", "account", "k-acc-1", account_body, &r);
	if (EXPECT("account created", &r, 201, NULL) && !json_is_true(json_object_get(r.json, "created")))
		FAIL("account: expected created true, got %s", r.body);
	char account[32];
	snprintf(account, sizeof account, "%s", jstr(r.json, "account_id"));
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "identity-verification", "k-id-2", identity_body(1, "L898902C3", false), &r);
	EXPECT("second order, same passport", &r, 201, NULL);
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "account", "k-acc-2", account_body, &r);
	if (EXPECT("second order's account", &r, 200, NULL) &&
	    (json_is_true(json_object_get(r.json, "created")) || strcmp(jstr(r.json, "account_id"), account) != 0))
		FAIL("second order's account: expected %s, created false; got %s", account, r.body);
	reply_free(&r);

	/* decision: stale version refused, right version stored once */
	post(s, "kiosk-1", "N-100001", "decision", "k-dec-1", decision_body(2), &r);
	if (EXPECT("stale version", &r, 412, "order_changed") && jint(r.json, "current_version") != 1)
		FAIL("stale version: expected current_version 1, got %lld", jint(r.json, "current_version"));
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "decision", "k-dec-2", decision_body(1), &r);
	EXPECT("confirm N-100002", &r, 201, NULL);
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "decision", "k-dec-2", decision_body(1), &r);
	if (EXPECT("confirm replay", &r, 201, NULL) && !r.replayed)
		FAIL("confirm replay: expected Idempotent-Replayed: true");
	reply_free(&r);
	post(s, "kiosk-1", "N-100002", "decision", "k-dec-2b", decision_body(1), &r);
	EXPECT("confirm again, new key", &r, 409, "order_not_pending");
	reply_free(&r);
	post(s, "kiosk-1", "N-100004", "decision", "k-dec-4",
	     "{\"order_version\":1,\"decision\":\"reject\",\"reason_code\":\"wrong_name\",\"decided_at\":\"2026-11-23T10:20:00Z\"}", &r);
	EXPECT("reject before identity", &r, 409, "identity_not_verified");
	reply_free(&r);

	/* the orderer edits N-100005 and cancels N-100006 behind the kiosk's back */
	const char *change[] = {exe, "change", "--db", db, "N-100005", NULL};
	const char *cancel[] = {exe, "cancel", "--db", db, "N-100006", NULL};
	const char *remove[] = {exe, "remove", "--db", db, "N-100009", NULL};
	if (run(change) != 0 || run(cancel) != 0 || run(remove) != 0)
		FAIL("admin change/cancel/remove: expected exit 0");
	if (run(cancel) != 1)
		FAIL("cancelling a cancelled order: expected exit 1");
	post(s, "kiosk-1", "N-100005", "decision", "k-dec-5", decision_body(1), &r);
	if (EXPECT("decision on an edited order", &r, 412, "order_changed") && jint(r.json, "current_version") != 2)
		FAIL("edited order: expected current_version 2, got %lld", jint(r.json, "current_version"));
	reply_free(&r);
	post(s, "kiosk-1", "N-100006", "identity-verification", "k-id-6", identity_body(1, "C01X00T47", false), &r);
	EXPECT("identity for a cancelled order", &r, 409, "order_not_pending");
	reply_free(&r);

	/* the delta since the snapshot shows exactly what happened */
	int pages;
	char end[64];
	json_t *delta = read_delta(s, cursor, 2, end, &pages);
	struct {
		const char *id, *status;
		bool tombstone;
		long long version;
	} want[] = {
		{"N-100001", "identified", false, 1}, {"N-100002", "confirmed", true, 1},
		{"N-100003", "identified", false, 1}, {"N-100005", "awaiting_identification", false, 2},
		{"N-100006", "cancelled", true, 2}, {"N-100009", "removed", true, 2},
	};
	if (json_array_size(delta) != sizeof want / sizeof want[0])
		FAIL("delta after results: expected %zu entries, got %zu", sizeof want / sizeof want[0], json_array_size(delta));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *o = find(delta, "order_id", want[i].id);
		if (!o || strcmp(jstr(o, "status"), want[i].status) != 0 ||
		    json_is_true(json_object_get(o, "tombstone")) != want[i].tombstone || jint(o, "version") != want[i].version)
			FAIL("delta after results, %s: expected %s tombstone %d v%lld, got %.200s", want[i].id, want[i].status,
			     want[i].tombstone, want[i].version, o ? json_dumps(o, JSON_COMPACT) : "nothing");
	}
	json_t *edited = json_object_get(find(delta, "order_id", "N-100005"), "cardholder");
	if (strcmp(jstr(edited, "mobile"), "+48600000005") == 0)
		FAIL("edited order: expected a changed mobile number, got the old one");
	json_decref(delta);

	/* each result exactly once */
	json_t *d = dump(db);
	json_t *ver = json_object_get(d, "verifications"), *acc = json_object_get(d, "accounts");
	json_t *dec = json_object_get(d, "decisions");
	json_t *v1 = find(ver, "order_id", "N-100001");
	if (json_array_size(ver) != 3 || !find(ver, "order_id", "N-100002") || !v1 ||
	    strcmp(jstr(find(ver, "order_id", "N-100003"), "kiosk_id"), "kiosk-test-02") != 0)
		FAIL("dump: expected 3 verifications (N-100001, N-100002, N-100003 by kiosk-test-02), got %zu",
		     json_array_size(ver));
	if (jint(v1, "face_bytes") != 13 || strcmp(jstr(v1, "passive_authentication"), "passed") != 0)
		FAIL("dump: expected N-100001 face of 13 bytes and PA passed, got %lld %s", jint(v1, "face_bytes"),
		     jstr(v1, "passive_authentication"));
	json_t *orders = json_object_get(json_array_get(acc, 0), "orders");
	if (json_array_size(acc) != 1 || json_array_size(orders) != 2)
		FAIL("dump: expected 1 account for 2 orders, got %zu accounts, %zu orders", json_array_size(acc),
		     json_array_size(orders));
	if (json_array_size(dec) != 1 || strcmp(jstr(json_array_get(dec, 0), "order_id"), "N-100002") != 0)
		FAIL("dump: expected 1 decision (N-100002), got %zu", json_array_size(dec));
	json_decref(d);
}

static void test_fault_5xx(const char *db)
{
	struct server s;
	if (!server_start(&s, db, "5xx=1", NULL))
		return;
	struct reply r;
	struct call c = {"kiosk-1", "GET", "/v1/health", NULL, NULL, NULL, 0, 0, false};
	call(&s, &c, &r);
	if (EXPECT("5xx fault, GET", &r, 503, "unavailable") && !r.retry_after)
		FAIL("5xx fault: expected a Retry-After header");
	reply_free(&r);
	post(&s, "kiosk-1", "N-100001", "identity-verification", "k-5xx", identity_body(1, "L898902C3", false), &r);
	EXPECT("5xx fault, POST", &r, 503, "unavailable");
	reply_free(&r);
	int st = server_stop(&s);
	if (st != 0)
		FAIL("5xx server: expected exit 0 on SIGTERM, got %d", st);
	json_t *d = dump(db);
	if (json_array_size(json_object_get(d, "verifications")) != 0 ||
	    json_array_size(json_object_get(d, "idempotency_keys")) != 0)
		FAIL("5xx fault: expected nothing stored, got %zu verifications",
		     json_array_size(json_object_get(d, "verifications")));
	json_decref(d);
}

static void test_fault_drop(const char *db)
{
	reuse_connections = false;
	struct server s;
	if (!server_start(&s, db, "drop=1", NULL))
		return;
	struct reply r;
	post(&s, "kiosk-1", "N-100001", "identity-verification", "k-drop", identity_body(1, "L898902C3", false), &r);
	if (r.cc == CURLE_OK || r.status != 0)
		FAIL("drop fault: expected no answer, got curl %s, status %ld", curl_easy_strerror(r.cc), r.status);
	reply_free(&r);
	server_stop(&s);
	json_t *d = dump(db);
	if (json_array_size(json_object_get(d, "verifications")) != 1)
		FAIL("drop fault: expected the result stored once, got %zu",
		     json_array_size(json_object_get(d, "verifications")));
	json_decref(d);

	/* The kiosk retries with the same key against a healthy server. */
	if (!server_start(&s, db, NULL, NULL))
		return;
	post(&s, "kiosk-1", "N-100001", "identity-verification", "k-drop", identity_body(1, "L898902C3", false), &r);
	if (EXPECT("retry after a lost answer", &r, 201, NULL) && !r.replayed)
		FAIL("retry after a lost answer: expected the stored answer (Idempotent-Replayed)");
	reply_free(&r);
	server_stop(&s);
	d = dump(db);
	if (json_array_size(json_object_get(d, "verifications")) != 1)
		FAIL("after the retry: expected the result stored once, got %zu",
		     json_array_size(json_object_get(d, "verifications")));
	json_decref(d);
}

static void test_fault_slow(const char *db)
{
	struct server s;
	if (!server_start(&s, db, "slow=1500", NULL))
		return;
	struct reply r;
	struct call c = {"kiosk-1", "GET", "/v1/health", NULL, NULL, NULL, 0, 200, false};
	call(&s, &c, &r);
	if (r.cc != CURLE_OPERATION_TIMEDOUT)
		FAIL("slow fault: expected a client timeout, got curl %s, status %ld", curl_easy_strerror(r.cc), r.status);
	reply_free(&r);
	c.timeout_ms = 0;
	call(&s, &c, &r);
	EXPECT("slow fault, patient client", &r, 200, NULL);
	reply_free(&r);
	server_stop(&s);
}

static void test_fault_change(const char *db)
{
	struct server s;
	if (!server_start(&s, db, "change-order=N-100001", NULL))
		return;
	struct reply r;
	struct call c = {"kiosk-1", "GET", "/v1/orders/N-100001", NULL, NULL, NULL, 0, 0, false};
	call(&s, &c, &r);
	long long shown = jint(r.json, "version");
	EXPECT("fetch before the change", &r, 200, NULL);
	reply_free(&r);
	call(&s, &c, &r);
	if (EXPECT("fetch after the change", &r, 200, NULL) && jint(r.json, "version") != shown + 1)
		FAIL("change-order: expected version %lld after the fetch, got %lld", shown + 1, jint(r.json, "version"));
	reply_free(&r);
	post(&s, "kiosk-1", "N-100001", "identity-verification", "k-ch-id", identity_body(shown, "L898902C3", false), &r);
	EXPECT("identity (version not enforced)", &r, 201, NULL);
	reply_free(&r);
	post(&s, "kiosk-1", "N-100001", "account", "k-ch-acc", account_body, &r);
	EXPECT("account", &r, 201, NULL);
	reply_free(&r);
	post(&s, "kiosk-1", "N-100001", "decision", "k-ch-dec", decision_body(shown), &r);
	if (EXPECT("confirm the version shown", &r, 412, "order_changed") && jint(r.json, "current_version") != shown + 1)
		FAIL("change-order: expected current_version %lld, got %lld", shown + 1, jint(r.json, "current_version"));
	reply_free(&r);
	post(&s, "kiosk-1", "N-100001", "decision", "k-ch-dec2", decision_body(shown + 1), &r);
	EXPECT("confirm the new version", &r, 201, NULL);
	reply_free(&r);
	/* the change fires once */
	c.path = "/v1/orders/N-100002";
	call(&s, &c, &r);
	if (EXPECT("other orders unchanged", &r, 200, NULL) && jint(r.json, "version") != 1)
		FAIL("change-order: expected N-100002 at version 1, got %lld", jint(r.json, "version"));
	reply_free(&r);
	server_stop(&s);
}

/* Retries one result with the same key until an answer other than 503
 * arrives, as the kiosk's outbox does; counts what went wrong. */
static void post_until_answered(const struct server *s, const char *order, const char *what, const char *key,
                                const char *body, struct reply *r, int *unavailable, int *dropped)
{
	for (int attempt = 0; attempt < 60; attempt++) {
		post(s, "kiosk-1", order, what, key, body, r);
		if (r->cc != CURLE_OK)
			++*dropped;
		else if (r->status == 503)
			++*unavailable;
		else
			return;
		reply_free(r);
	}
	FAIL("%s %s: no answer in 60 attempts", order, what);
}

/* Under random 5xx and dropped answers, retried results are stored
 * exactly once and every retry ends with the original answer. */
static void test_fault_mix(const char *db)
{
	reuse_connections = false;
	struct server s;
	if (!server_start(&s, db, "5xx=0.3", "drop=0.3"))
		return;
	const char *orders[] = {"N-100005", "N-100006", "N-100008", "N-100009", "N-100010"};
	const size_t n = sizeof orders / sizeof orders[0];
	int unavailable = 0, dropped = 0;
	for (size_t i = 0; i < n; i++) {
		char key[64], number[16];
		struct reply r;
		snprintf(number, sizeof number, "MIX%06zu", i);
		snprintf(key, sizeof key, "mix-id-%zu", i);
		post_until_answered(&s, orders[i], "identity-verification", key, identity_body(1, number, false), &r,
		                    &unavailable, &dropped);
		EXPECT("identity under faults", &r, 201, NULL);
		reply_free(&r);
		snprintf(key, sizeof key, "mix-acc-%zu", i);
		post_until_answered(&s, orders[i], "account", key, account_body, &r, &unavailable, &dropped);
		if (EXPECT("account under faults", &r, 201, NULL) && !json_is_true(json_object_get(r.json, "created")))
			FAIL("account under faults: expected created true (the original answer), got %s", r.body);
		reply_free(&r);
		snprintf(key, sizeof key, "mix-dec-%zu", i);
		post_until_answered(&s, orders[i], "decision", key, decision_body(1), &r, &unavailable, &dropped);
		EXPECT("decision under faults", &r, 201, NULL);
		reply_free(&r);
	}
	server_stop(&s);
	if (unavailable == 0 || dropped == 0)
		FAIL("fault mix: expected some 503s and some dropped answers, got %d and %d", unavailable, dropped);
	json_t *d = dump(db);
	size_t ver = json_array_size(json_object_get(d, "verifications"));
	size_t acc = json_array_size(json_object_get(d, "accounts"));
	size_t dec = json_array_size(json_object_get(d, "decisions"));
	size_t keys = json_array_size(json_object_get(d, "idempotency_keys"));
	if (ver != n || acc != n || dec != n || keys != 3 * n)
		FAIL("fault mix: expected %zu verifications, accounts and decisions and %zu keys, got %zu %zu %zu %zu",
		     n, 3 * n, ver, acc, dec, keys);
	json_decref(d);
}

/* base64 (RFC 4648, padded) of n bytes of a fake JPEG: FF D8 FF, then a
 * pattern.  Caller frees. */
static char *fake_jpeg_b64(size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((n + 2) / 3 * 4 + 1);
	size_t o = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		unsigned char b[3];
		for (size_t k = 0; k < 3; k++) {
			size_t j = i + k;
			b[k] = j >= n ? 0 : j == 0 ? 0xFF : j == 1 ? 0xD8 : j == 2 ? 0xFF : (unsigned char)(j * 7);
		}
		unsigned t = (unsigned)b[0] << 16 | (unsigned)b[1] << 8 | b[2];
		out[o++] = abc[t >> 18 & 63];
		out[o++] = abc[t >> 12 & 63];
		out[o++] = i + 1 < n ? abc[t >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[t & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* A large face just under the limit goes through; one byte over is refused. */
static void test_big_faces(const struct server *s, const char *db)
{
	struct {
		size_t bytes;
		long status;
		const char *code;
	} rows[] = {{DEVSRV_TEST_MAX_FACE, 201, NULL}, {DEVSRV_TEST_MAX_FACE + 1, 400, "invalid_field"}};
	for (size_t i = 0; i < 2; i++) {
		char *face = fake_jpeg_b64(rows[i].bytes);
		const char *tmpl = identity_body(1, "BIGFACE01", true);
		const char *at = strstr(tmpl, "/9j/4AAQSkZJRgABAQ==");
		size_t len = strlen(tmpl) + strlen(face) + 1;
		char *body = malloc(len), key[32];
		if (!face || !body || !at)
			return;
		snprintf(body, len, "%.*s%s%s", (int)(at - tmpl), tmpl, face, at + strlen("/9j/4AAQSkZJRgABAQ=="));
		snprintf(key, sizeof key, "k-face-%zu", i);
		struct reply r;
		post(s, "kiosk-1", "N-100008", "identity-verification", key, body, &r);
		if (expect(__LINE__, "large face", &r, rows[i].status, rows[i].code) && rows[i].code &&
		    strcmp(jstr(r.json, "field"), "face_image.data") != 0)
			FAIL("face one byte too big: expected field face_image.data, got %s", jstr(r.json, "field"));
		reply_free(&r);
		free(body);
		free(face);
	}
	json_t *d = dump(db);
	json_t *v = find(json_object_get(d, "verifications"), "order_id", "N-100008");
	if (jint(v, "face_bytes") != DEVSRV_TEST_MAX_FACE)
		FAIL("large face: expected %d bytes stored, got %lld", DEVSRV_TEST_MAX_FACE, jint(v, "face_bytes"));
	json_decref(d);
}

/* The kiosk pins its CA: a server with a certificate from another CA is
 * refused by the client.  A revoked kiosk is refused by the server. */
static void test_pinning_and_revocation(const char *db)
{
	struct server s;
	if (server_start_as(&s, db, "other-server", NULL)) {
		struct reply r;
		struct call c = {"kiosk-1", "GET", "/v1/health", NULL, NULL, NULL, 0, 0, false};
		call(&s, &c, &r);
		if (r.cc != CURLE_PEER_FAILED_VERIFICATION || r.status != 0)
			FAIL("server of another CA: expected the kiosk to refuse it, got curl %s, status %ld",
			     curl_easy_strerror(r.cc), r.status);
		reply_free(&r);
		server_stop(&s);
	}
	const char *revoke[] = {"--revoked-kiosk", "kiosk-test-02", NULL};
	if (server_start_as(&s, db, "server", revoke)) {
		struct reply r;
		struct call c = {"kiosk-2", "GET", "/v1/health", NULL, NULL, NULL, 0, 0, false};
		call(&s, &c, &r);
		EXPECT("revoked kiosk", &r, 403, "kiosk_revoked");
		reply_free(&r);
		c.cert = "kiosk-1";
		call(&s, &c, &r);
		EXPECT("other kiosk still served", &r, 200, NULL);
		reply_free(&r);
		test_big_faces(&s, db);
		/* Plain HTTP on the TLS port gets no answer at all. */
		CURL *h = curl_easy_init();
		char url[64];
		snprintf(url, sizeof url, "http://127.0.0.1:%d/v1/health", s.port);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
		memset(&r, 0, sizeof r);
		CURLcode cc = curl_easy_perform(h);
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(h);
		if (cc == CURLE_OK || status != 0)
			FAIL("plain HTTP: expected no answer, got curl %s, status %ld", curl_easy_strerror(cc), status);
		reply_free(&r);
		server_stop(&s);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: server_test PATH-TO-id06-devserver\n");
		return 2;
	}
	exe = argv[1];
	atexit(kill_running);
	snprintf(dir, sizeof dir, "devserver_test.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char cmd[600];
	snprintf(cmd, sizeof cmd, "'%s/scripts/make-test-ca' '%s' >/dev/null", ID06_SOURCE_DIR, dir);
	if (system(cmd) != 0) {
		printf("FAIL: scripts/make-test-ca did not run\n");
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);

	test_bad_config();

	char db[300], start_cursor[64] = "";
	snprintf(db, sizeof db, "%s/main.db", dir);
	struct server s;
	seeded_at = time(NULL);
	if (server_start(&s, db, NULL, NULL)) {
		test_refusals(&s);
		test_reading(&s, start_cursor);
		test_results(&s, db, start_cursor);
		test_attendance(&s, db);
		int st = server_stop(&s);
		if (st != 0)
			FAIL("server: expected exit 0 on SIGTERM, got %d", st);
	}
	const char *names[] = {"5xx", "drop", "slow", "change", "mix", "pki"};
	void (*faults[])(const char *) = {test_fault_5xx, test_fault_drop, test_fault_slow, test_fault_change,
	                                  test_fault_mix, test_pinning_and_revocation};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		snprintf(db, sizeof db, "%s/fault-%s.db", dir, names[i]);
		faults[i](db);
		reuse_connections = true;
	}

	curl_global_cleanup();
	printf("%s: %d failures\n", failures ? "FAIL" : "ok", failures);
	if (!failures) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return failures ? 1 : 0;
}
