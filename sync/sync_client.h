/* sync_client.h - private: HTTPS with mutual TLS to the ID06 side (libcurl),
 * and the sync passes built on it (pull, push).  Used by id06-sync. */
#ifndef ID06_SYNC_CLIENT_H
#define ID06_SYNC_CLIENT_H

#include "sync.h"
#include "sync_proto.h"

enum sync_net {
	SYNC_NET_OK = 0,          /* an HTTP answer arrived (any status) */
	SYNC_NET_CONNECT,         /* server unreachable: refused, no route, DNS */
	SYNC_NET_TIMEOUT,
	SYNC_NET_SERVER_CERT,     /* the server's certificate is not from ca_file */
	SYNC_NET_CLIENT_CERT,     /* our certificate or key unusable, or refused in the handshake */
	SYNC_NET_TOO_BIG,         /* reply larger than SYNC_REPLY_MAX */
	SYNC_NET_ABORTED,         /* stop requested (SIGTERM) */
	SYNC_NET_OTHER,
};

struct sync_http_reply {
	enum sync_net net;
	long status;
	char *body;                 /* NUL-terminated, len bytes; freed by fini */
	size_t len;
	int64_t retry_after_ms;     /* from Retry-After (seconds form), -1: none */
	char error[SYNC_REASON_MAX]; /* for a person, when net != OK */
};
void sync_http_reply_fini(struct sync_http_reply *r);

struct sync_client;
enum sync_err sync_client_new(const struct sync_config *cfg, struct sync_client **out);
void sync_client_free(struct sync_client *c);
/* Requests are cut short when *stop becomes non-zero (may be NULL). */
void sync_client_stop_flag(struct sync_client *c, volatile int *stop);

void sync_client_get(struct sync_client *c, const char *path, struct sync_http_reply *out);
void sync_client_post(struct sync_client *c, const char *path, const char *idem_key,
                      const char *body, size_t len, struct sync_http_reply *out);

/* ---- passes ---- */

struct sync_pass {
	int64_t pulled, tombstones, pages;
	int64_t pushed, refused, conflicts;
	int stopped_transient;      /* push stopped on a network error, 408/429/5xx */
	int fatal;                  /* certificate/provisioning problem: retrying won't help */
	char error[SYNC_REASON_MAX]; /* "" when the pass succeeded */
};

/* Checks connectivity and certificates with GET /health. */
enum sync_err sync_pass_health(struct sync_client *c, struct sync_health *out,
                               struct sync_pass *pass);
/* Pulls the orders delta until has_more is false, page by page, each page
 * and its cursor in one transaction. */
enum sync_err sync_pass_pull(struct sync_store *s, struct sync_client *c,
                             const struct sync_config *cfg, struct sync_pass *pass);
/* Fetches the appointments of `date` (YYYY-MM-DD) for cfg->site. */
enum sync_err sync_pass_appointments(struct sync_store *s, struct sync_client *c,
                                     const struct sync_config *cfg, const char *date,
                                     struct sync_pass *pass);
/* Pushes pending results oldest first.  ignore_due: try entries even when
 * their backoff has not expired.  Stops at the first transient failure
 * (later entries wait: order is kept). */
enum sync_err sync_pass_push(struct sync_store *s, struct sync_client *c,
                             const struct sync_config *cfg, int ignore_due,
                             struct sync_pass *pass);

/* Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^n)]. */
int64_t sync_backoff_ms(int64_t base_ms, int64_t cap_ms, int64_t attempt);
int64_t sync_now_ms(void);

#endif
