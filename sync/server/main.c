/* main.c - id06-devserver: the reference server for the sync contract
 * (sync/contract/openapi.yaml) over HTTPS with mutual TLS, libmicrohttpd
 * on GnuTLS, state in SQLite.  See sync/server/README.md. */
#define _POSIX_C_SOURCE 200809L
#include "devserver.h"
#include "store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef ID06_SOURCE_DIR
#define ID06_SOURCE_DIR "."
#endif

enum { MAX_PEM = 64 * 1024, MAX_CHANGE_ORDERS = 16, MAX_REVOKED = 16 };

struct faults {
	double rate_5xx;
	double rate_drop;
	unsigned slow_ms;
	const char *change_orders[MAX_CHANGE_ORDERS];
	size_t n_change;
	uint64_t rng;
};

struct server {
	struct devsrv_store *store;
	pthread_mutex_t lock;       /* one request at a time touches the store */
	struct faults faults;
	const char *revoked[MAX_REVOKED];   /* kiosk ids refused although their certificate is valid */
	size_t n_revoked;
};

enum route {
	ROUTE_NONE,
	ROUTE_HEALTH,
	ROUTE_ORDERS,
	ROUTE_ORDER,
	ROUTE_APPOINTMENTS,
	ROUTE_IDENTITY,
	ROUTE_ACCOUNT,
	ROUTE_DECISION,
	ROUTE_ATTENDANCE,           /* POST /v1/appointments/{id}/attendance */
};

struct request {
	bool early;                 /* answer decided before the body */
	struct devsrv_problem problem;
	char kiosk_id[65];
	enum route route;
	char order_id[33];          /* or the appointment id */
	char *body;
	size_t len;
	bool too_big;
};

/* ---- faults ---- */

static double fault_draw(struct server *srv)
{
	/* xorshift64*: reproducible with --fault-seed */
	uint64_t x = srv->faults.rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	srv->faults.rng = x;
	return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static bool fault_hits(struct server *srv, double rate)
{
	if (rate <= 0)
		return false;
	pthread_mutex_lock(&srv->lock);
	bool hit = fault_draw(srv) < rate;
	pthread_mutex_unlock(&srv->lock);
	return hit;
}

static void fault_slow(struct server *srv)
{
	if (!srv->faults.slow_ms)
		return;
	struct timespec ts = {(time_t)(srv->faults.slow_ms / 1000),
	                      (long)(srv->faults.slow_ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- answers ---- */

static enum MHD_Result send_json(struct server *srv, struct MHD_Connection *c, int status,
                                 json_t *body, bool replayed, const struct request *rq,
                                 const char *method, const char *url)
{
	fault_slow(srv);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	if (!text) {
		text = strdup("{\"status\":500,\"code\":\"internal\",\"message\":\"Out of memory; retry later.\"}");
		status = 500;
	}
	const char *code = json_string_value(json_object_get(body, "code"));
	bool is_problem = status >= 400;
	struct MHD_Response *r = MHD_create_response_from_buffer(text ? strlen(text) : 0, text,
	                                                         MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        is_problem ? "application/problem+json" : "application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (replayed)
		MHD_add_response_header(r, "Idempotent-Replayed", "true");
	if (status == 503)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	/* Log without personal data: ids, paths and codes only. */
	fprintf(stderr, "id06-devserver: %s %s %s -> %d%s%s%s\n", rq->kiosk_id[0] ? rq->kiosk_id : "-",
	        method, url, status, code && is_problem ? " " : "", code && is_problem ? code : "",
	        replayed ? " (replay)" : "");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_problem(struct server *srv, struct MHD_Connection *c,
                                    const struct devsrv_problem *p, const struct request *rq,
                                    const char *method, const char *url)
{
	json_t *body = devsrv_problem_json(p);
	enum MHD_Result ret = send_json(srv, c, p->status, body, false, rq, method, url);
	json_decref(body);
	return ret;
}

/* ---- the client certificate ---- */

static bool check_client(const struct server *srv, struct MHD_Connection *c, struct request *rq)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session) {
		devsrv_problem_set(&rq->problem, 401, "client_certificate_required", NULL,
		                   "HTTPS with a kiosk client certificate is required.");
		return false;
	}
	gnutls_session_t session = (gnutls_session_t)ci->tls_session;
	unsigned int n = 0;
	const gnutls_datum_t *chain = gnutls_certificate_get_peers(session, &n);
	if (!chain || n == 0) {
		devsrv_problem_set(&rq->problem, 401, "client_certificate_required", NULL,
		                   "No client certificate was sent. Configure the kiosk's certificate and key"
		                   " (see the kiosk's sync configuration).");
		return false;
	}
	/* Signed by the kiosk CA, in date, and meant for TLS clients. */
	gnutls_typed_vdata_st purpose = {GNUTLS_DT_KEY_PURPOSE_OID,
	                                 (unsigned char *)GNUTLS_KP_TLS_WWW_CLIENT, 0};
	unsigned int status = 0;
	if (gnutls_certificate_verify_peers(session, &purpose, 1, &status) < 0 || status != 0) {
		devsrv_problem_set(&rq->problem, 403, "client_certificate_unknown", NULL,
		                   "The client certificate was not issued by this server's kiosk CA, has"
		                   " expired or is not a client certificate. Provision the kiosk again.");
		return false;
	}
	gnutls_x509_crt_t crt;
	bool ok = false;
	if (gnutls_x509_crt_init(&crt) < 0)
		goto refuse;
	char cn[sizeof rq->kiosk_id];
	size_t cn_len = sizeof cn;
	if (gnutls_x509_crt_import(crt, &chain[0], GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cn_len) >= 0 &&
	    cn_len > 0 && cn_len < sizeof cn) {
		cn[cn_len] = '\0';
		ok = true;
		for (size_t i = 0; i < cn_len; i++)
			if (cn[i] <= 0x20 || cn[i] >= 0x7f)
				ok = false;
		if (ok)
			memcpy(rq->kiosk_id, cn, cn_len + 1);
	}
	gnutls_x509_crt_deinit(crt);
	for (size_t i = 0; ok && i < srv->n_revoked; i++)
		if (strcmp(rq->kiosk_id, srv->revoked[i]) == 0) {
			devsrv_problem_set(&rq->problem, 403, "kiosk_revoked", NULL,
			                   "This kiosk's certificate has been revoked. Staff must provision the"
			                   " kiosk again.");
			return false;
		}
	if (ok)
		return true;
refuse:
	devsrv_problem_set(&rq->problem, 403, "client_certificate_unknown", NULL,
	                   "The client certificate has no usable common name (the kiosk id).");
	return false;
}

/* ---- routing ---- */

static const char *route_tail(const char *rest, char order_id[33], bool *bad_id)
{
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	*bad_id = n == 0 || n > 32;
	if (!*bad_id) {
		memcpy(order_id, rest, n);
		order_id[n] = '\0';
		*bad_id = !devsrv_is_order_id(order_id);
	}
	return slash ? slash + 1 : NULL;
}

/* Sets rq->route, or an early problem (404, 405). */
static bool route(const char *url, const char *method, struct request *rq)
{
	bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
	bool want_post = false;
	if (strcmp(url, "/v1/health") == 0) {
		rq->route = ROUTE_HEALTH;
	} else if (strcmp(url, "/v1/orders") == 0) {
		rq->route = ROUTE_ORDERS;
	} else if (strcmp(url, "/v1/appointments") == 0) {
		rq->route = ROUTE_APPOINTMENTS;
	} else if (strncmp(url, "/v1/orders/", 11) == 0) {
		bool bad_id;
		const char *tail = route_tail(url + 11, rq->order_id, &bad_id);
		if (bad_id)
			rq->route = ROUTE_NONE;
		else if (!tail)
			rq->route = ROUTE_ORDER;
		else if (strcmp(tail, "identity-verification") == 0)
			rq->route = ROUTE_IDENTITY;
		else if (strcmp(tail, "account") == 0)
			rq->route = ROUTE_ACCOUNT;
		else if (strcmp(tail, "decision") == 0)
			rq->route = ROUTE_DECISION;
		want_post = rq->route >= ROUTE_IDENTITY;
	} else if (strncmp(url, "/v1/appointments/", 17) == 0) {
		bool bad_id;
		const char *tail = route_tail(url + 17, rq->order_id, &bad_id);
		if (!bad_id && tail && strcmp(tail, "attendance") == 0)
			rq->route = ROUTE_ATTENDANCE;
		want_post = true;
	}
	if (rq->route == ROUTE_NONE) {
		devsrv_problem_set(&rq->problem, 404, "not_found", NULL,
		                   "No such resource. The API is under /v1; see sync/contract/openapi.yaml.");
		return false;
	}
	if ((want_post && !post) || (!want_post && !get)) {
		devsrv_problem_set(&rq->problem, 405, "method_not_allowed", NULL,
		                   "Use %s for this resource.", want_post ? "POST" : "GET");
		return false;
	}
	return true;
}

static bool check_post_headers(struct MHD_Connection *c, struct request *rq)
{
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (len && strtoull(len, NULL, 10) > DEVSRV_MAX_BODY) {
		devsrv_problem_set(&rq->problem, 413, "body_too_large", NULL,
		                   "The request body is larger than 1 MiB; send a smaller face image.");
		return false;
	}
	const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	if (!key || !*key) {
		devsrv_problem_set(&rq->problem, 400, "idempotency_key_missing", NULL,
		                   "Every result needs an Idempotency-Key header (a UUID made when the result"
		                   " was queued, the same on every retry).");
		return false;
	}
	if (!devsrv_is_idempotency_key(key)) {
		devsrv_problem_set(&rq->problem, 400, "idempotency_key_invalid", NULL,
		                   "The Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 . _ : -"
		                   " (a UUID works).");
		return false;
	}
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen("application/json");
	if (!type || strncasecmp(type, "application/json", n) != 0 || (type[n] && type[n] != ';' && type[n] != ' ')) {
		devsrv_problem_set(&rq->problem, 415, "unsupported_media_type", NULL,
		                   "Send the body as JSON with Content-Type: application/json.");
		return false;
	}
	return true;
}

/* ---- the request handler ---- */

static int handle_get(struct server *srv, struct MHD_Connection *c, struct request *rq, json_t **body)
{
	const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	const char *limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	const char *date = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "date");
	const char *site = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "site");
	switch (rq->route) {
	case ROUTE_HEALTH:
		*body = json_pack("{s:s, s:s, s:s}", "status", "ok", "kiosk_id", rq->kiosk_id,
		                  "api_version", "1");
		return 200;
	case ROUTE_ORDERS:
		return devsrv_store_list_orders(srv->store, since, limit, body);
	case ROUTE_ORDER:
		return devsrv_store_get_order(srv->store, rq->order_id, body);
	case ROUTE_APPOINTMENTS:
		return devsrv_store_appointments(srv->store, date, site, body);
	default:
		break;
	}
	*body = NULL;
	return 500;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct request *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		bool post = strcmp(method, "POST") == 0;
		if (!check_client(srv, c, rq) || !route(url, method, rq) || (post && !check_post_headers(c, rq)))
			rq->early = true;
		else if (fault_hits(srv, srv->faults.rate_5xx)) {
			devsrv_problem_set(&rq->problem, 503, "unavailable", NULL,
			                   "The server is unavailable (fault injected); retry after a pause.");
			rq->early = true;
		}
		/* Answer now: MHD then reads no body and closes the connection. */
		if (rq->early)
			return send_problem(srv, c, &rq->problem, rq, method, url);
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->early) {
			/* answered already: the body is not read */
		} else if (!rq->too_big && rq->len + *upload_size <= DEVSRV_MAX_BODY) {
			if (!rq->body)
				rq->body = malloc(DEVSRV_MAX_BODY);
			if (!rq->body)
				return MHD_NO;
			memcpy(rq->body + rq->len, upload, *upload_size);
			rq->len += *upload_size;
		} else {
			rq->too_big = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->early)
		return MHD_YES; /* answer already queued */

	json_t *body = NULL;
	int status;
	bool replayed = false;
	if (rq->route >= ROUTE_IDENTITY) {
		struct devsrv_body *parsed = malloc(sizeof *parsed);
		if (!parsed)
			return MHD_NO;
		enum devsrv_body_kind kind = rq->route == ROUTE_IDENTITY  ? DEVSRV_BODY_IDENTITY
		                           : rq->route == ROUTE_ACCOUNT   ? DEVSRV_BODY_ACCOUNT
		                           : rq->route == ROUTE_DECISION  ? DEVSRV_BODY_DECISION
		                                                          : DEVSRV_BODY_ATTENDANCE;
		struct devsrv_problem p;
		if (rq->too_big) {
			devsrv_problem_set(&p, 413, "body_too_large", NULL,
			                   "The request body is larger than 1 MiB; send a smaller face image.");
			status = 413;
			body = devsrv_problem_json(&p);
		} else if (devsrv_body_parse(kind, rq->body ? rq->body : "", rq->len, parsed, &p) != DEVSRV_OK) {
			status = p.status;
			body = devsrv_problem_json(&p);
		} else {
			const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
			pthread_mutex_lock(&srv->lock);
			status = devsrv_store_post(srv->store, rq->kiosk_id, key, url, rq->order_id, parsed,
			                           &body, &replayed);
			pthread_mutex_unlock(&srv->lock);
		}
		/* The body may hold a face and a document number. */
		memset(parsed, 0, sizeof *parsed);
		free(parsed);
	} else {
		pthread_mutex_lock(&srv->lock);
		status = handle_get(srv, c, rq, &body);
		pthread_mutex_unlock(&srv->lock);
	}
	if (fault_hits(srv, srv->faults.rate_drop)) {
		/* The request was processed; its answer is lost. */
		fprintf(stderr, "id06-devserver: %s %s %s -> %d, connection dropped (fault)\n",
		        rq->kiosk_id, method, url, status);
		json_decref(body);
		return MHD_NO;
	}
	enum MHD_Result ret = send_json(srv, c, status, body, replayed, rq, method, url);
	json_decref(body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct request *rq = *con_cls;
	if (!rq)
		return;
	if (rq->body) {
		memset(rq->body, 0, rq->len);
		free(rq->body);
	}
	free(rq);
	*con_cls = NULL;
}

/* ---- options ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: id06-devserver --db FILE --cert PEM --key PEM --client-ca PEM\n"
		"                      [--listen 127.0.0.1:PORT] [--seed demo|FILE.json]\n"
		"                      [--fault 5xx=RATE|slow=MS|drop=RATE|change-order=ORDER_ID]...\n"
		"                      [--fault-seed N] [--revoked-kiosk KIOSK_ID]...\n"
		"       id06-devserver dump --db FILE            state as JSON (no personal data)\n"
		"       id06-devserver change --db FILE ORDER_ID the orderer edits the order (version + 1)\n"
		"       id06-devserver cancel --db FILE ORDER_ID the orderer cancels the order\n"
		"       id06-devserver remove --db FILE ORDER_ID the order is removed (e.g. by the card partner)\n"
		"Serves the sync contract (sync/contract/openapi.yaml) over HTTPS with mutual TLS.\n"
		"PORT 0 picks a free port; the ready line on stdout gives it. SIGTERM stops it.\n");
}

static char *read_pem(const char *what, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "id06-devserver: cannot read %s %s: %s\n", what, path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(MAX_PEM + 1);
	size_t n = buf ? fread(buf, 1, MAX_PEM + 1, f) : 0;
	fclose(f);
	if (!buf || n == 0 || n > MAX_PEM || !strstr(buf, "-----BEGIN")) {
		fprintf(stderr, "id06-devserver: %s %s is not a PEM file (up to 64 KiB);"
		        " make one with scripts/make-test-ca\n", what, path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static bool parse_rate(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || !(v >= 0.0 && v <= 1.0))
		return false;
	*out = v;
	return true;
}

static bool parse_fault(struct faults *f, const char *arg)
{
	if (strncmp(arg, "5xx=", 4) == 0)
		return parse_rate(arg + 4, &f->rate_5xx);
	if (strncmp(arg, "drop=", 5) == 0)
		return parse_rate(arg + 5, &f->rate_drop);
	if (strncmp(arg, "slow=", 5) == 0) {
		char *end;
		unsigned long ms = strtoul(arg + 5, &end, 10);
		if (!arg[5] || *end || ms > 600000)
			return false;
		f->slow_ms = (unsigned)ms;
		return true;
	}
	if (strncmp(arg, "change-order=", 13) == 0) {
		if (!devsrv_is_order_id(arg + 13) || f->n_change == MAX_CHANGE_ORDERS)
			return false;
		f->change_orders[f->n_change++] = arg + 13;
		return true;
	}
	return false;
}

static bool parse_listen(const char *s, struct sockaddr_in *sa)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) >= 64)
		return false;
	char host[64];
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return false;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1;
}

static int admin(int argc, char **argv)
{
	const char *cmd = argv[1], *db = NULL, *order = NULL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] != '-' && !order)
			order = argv[i];
		else {
			fprintf(stderr, "id06-devserver %s: unexpected argument %s\n", cmd, argv[i]);
			usage(stderr);
			return 2;
		}
	}
	bool need_order = strcmp(cmd, "dump") != 0;
	if (!db || need_order != (order != NULL)) {
		fprintf(stderr, "id06-devserver %s: needs --db FILE%s\n", cmd, need_order ? " and an ORDER_ID" : "");
		usage(stderr);
		return 2;
	}
	if (access(db, R_OK | W_OK) != 0) {
		fprintf(stderr, "id06-devserver %s: no database %s (start the server with --db first)\n", cmd, db);
		return 1;
	}
	char err[256];
	struct devsrv_store *st = devsrv_store_open(db, err, sizeof err);
	if (!st) {
		fprintf(stderr, "id06-devserver %s: %s\n", cmd, err);
		return 1;
	}
	int rc = 0;
	if (!need_order) {
		json_t *dump = devsrv_store_dump(st);
		json_dumpf(dump, stdout, JSON_INDENT(1));
		putchar('\n');
		json_decref(dump);
	} else if ((strcmp(cmd, "change") == 0
	                    ? devsrv_store_change_order(st, order, err, sizeof err)
	                    : devsrv_store_end_order(st, order, strcmp(cmd, "remove") == 0, err, sizeof err)) < 0) {
		fprintf(stderr, "id06-devserver %s: %s\n", cmd, err);
		rc = 1;
	}
	devsrv_store_close(st);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "dump") == 0 || strcmp(argv[1], "change") == 0 ||
	                  strcmp(argv[1], "cancel") == 0 || strcmp(argv[1], "remove") == 0))
		return admin(argc, argv);

	const char *db = NULL, *cert = NULL, *key = NULL, *client_ca = NULL, *seed = NULL;
	const char *listen = "127.0.0.1:8443";
	struct server srv;
	memset(&srv, 0, sizeof srv);
	srv.faults.rng = 0x9E3779B97F4A7C15ULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "id06-devserver: %s needs a value\n", a);
			usage(stderr);
			return 2;
		}
		i++;
		if (strcmp(a, "--db") == 0) db = v;
		else if (strcmp(a, "--cert") == 0) cert = v;
		else if (strcmp(a, "--key") == 0) key = v;
		else if (strcmp(a, "--client-ca") == 0) client_ca = v;
		else if (strcmp(a, "--listen") == 0) listen = v;
		else if (strcmp(a, "--seed") == 0) seed = v;
		else if (strcmp(a, "--revoked-kiosk") == 0) {
			if (srv.n_revoked == MAX_REVOKED) {
				fprintf(stderr, "id06-devserver: at most %d --revoked-kiosk\n", MAX_REVOKED);
				return 2;
			}
			srv.revoked[srv.n_revoked++] = v;
		}
		else if (strcmp(a, "--fault") == 0) {
			if (!parse_fault(&srv.faults, v)) {
				fprintf(stderr, "id06-devserver: bad --fault %s; use 5xx=RATE or drop=RATE (RATE 0..1),"
				        " slow=MS (0..600000) or change-order=ORDER_ID\n", v);
				return 2;
			}
		} else if (strcmp(a, "--fault-seed") == 0) {
			char *end;
			unsigned long long s = strtoull(v, &end, 10);
			if (!*v || *end) {
				fprintf(stderr, "id06-devserver: --fault-seed needs a whole number\n");
				return 2;
			}
			srv.faults.rng = s ? s : 1;
		} else {
			fprintf(stderr, "id06-devserver: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
	}
	struct sockaddr_in sa;
	if (!db || !cert || !key || !client_ca) {
		fprintf(stderr, "id06-devserver: --db, --cert, --key and --client-ca are required"
		        " (scripts/make-test-ca DIR makes test certificates)\n");
		usage(stderr);
		return 2;
	}
	if (!parse_listen(listen, &sa)) {
		fprintf(stderr, "id06-devserver: bad --listen %s; use an IPv4 address and port, e.g. 127.0.0.1:0\n",
		        listen);
		return 2;
	}
	char *cert_pem = read_pem("certificate", cert), *key_pem = read_pem("key", key);
	char *ca_pem = read_pem("client CA", client_ca);
	int rc = 1;
	struct MHD_Daemon *d = NULL;
	char err[300];
	if (!cert_pem || !key_pem || !ca_pem)
		goto out;
	srv.store = devsrv_store_open(db, err, sizeof err);
	if (!srv.store) {
		fprintf(stderr, "id06-devserver: %s\n", err);
		goto out;
	}
	if (seed) {
		char path[4096];
		if (strcmp(seed, "demo") == 0)
			snprintf(path, sizeof path, "%s/sync/server/seed/demo.json", ID06_SOURCE_DIR);
		else
			snprintf(path, sizeof path, "%s", seed);
		int s = devsrv_store_seed(srv.store, path, err, sizeof err);
		if (s < 0) {
			fprintf(stderr, "id06-devserver: %s\n", err);
			goto out;
		}
		if (s > 0)
			fprintf(stderr, "id06-devserver: %s already holds orders; seed not applied\n", db);
	}
	for (size_t i = 0; i < srv.faults.n_change; i++)
		if (devsrv_store_arm_change(srv.store, srv.faults.change_orders[i], err, sizeof err) < 0) {
			fprintf(stderr, "id06-devserver: --fault change-order: %s\n", err);
			goto out;
		}
	pthread_mutex_init(&srv.lock, NULL);

	/* Signals go to sigwait below, not to MHD's threads. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
	                     MHD_USE_ERROR_LOG,
	                     0, NULL, NULL, on_request, &srv,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                     MHD_OPTION_HTTPS_MEM_CERT, cert_pem,
	                     MHD_OPTION_HTTPS_MEM_KEY, key_pem,
	                     MHD_OPTION_HTTPS_MEM_TRUST, ca_pem,
	                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "id06-devserver: cannot listen on %s over TLS (port in use, or the certificate"
		        " and key do not belong together?)\n", listen);
		goto out_mutex;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : ntohs(sa.sin_port);
	char host[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
	printf("id06-devserver ready https://%s:%u/v1 port=%u\n", host, port, port);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	fprintf(stderr, "id06-devserver: signal %d, stopping\n", sig);
	MHD_stop_daemon(d);
	rc = 0;
out_mutex:
	pthread_mutex_destroy(&srv.lock);
out:
	devsrv_store_close(srv.store);
	free(cert_pem);
	if (key_pem) {
		memset(key_pem, 0, strlen(key_pem));
		free(key_pem);
	}
	free(ca_pem);
	return rc;
}
