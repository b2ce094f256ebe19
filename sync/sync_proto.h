/* sync_proto.h - private: the sync contract v1 on the wire.  Server replies
 * are untrusted; every byte from the server is read here and nowhere else
 * (fuzz target: tests/fuzz_reply.c).  Requests are built here too. */
#ifndef ID06_SYNC_PROTO_H
#define ID06_SYNC_PROTO_H

#include "sync.h"

#define SYNC_REPLY_MAX (4 * 1024 * 1024) /* largest reply body accepted */
#define SYNC_PAGE_MAX 200                /* the contract's largest page */
#define SYNC_APPT_PAGE_MAX 256

/* Where a reply went wrong, e.g. "orders[3].cardholder.date_of_birth". */
struct sync_reply_where {
	char field[96];
};

struct sync_order_entry {
	int tombstone;
	struct sync_order order;   /* tombstone: order_id, version, status only */
};

struct sync_order_page {
	size_t count;
	struct sync_order_entry items[SYNC_PAGE_MAX];
	char next_cursor[SYNC_CURSOR_MAX];
	int has_more;
};

struct sync_appt_page {
	size_t count;
	struct sync_appt items[SYNC_APPT_PAGE_MAX];
};

struct sync_problem {
	int status;
	char code[64];
	char message[SYNC_REASON_MAX];
	char field[96];
	int64_t current_version;   /* order_changed; -1 when absent */
};

/* What a successful POST answered. */
struct sync_ack {
	char ref[SYNC_ID_MAX];      /* verification_id, account_id or status */
	int duplicate;              /* identity: already verified with this document */
	int created;                /* account: 0 = the person already had one */
};

struct sync_health {
	char kiosk_id[SYNC_ID_MAX];
	char api_version[16];
};

/* Each emptys its out-parameters on entry and wipes them on error. */
enum sync_err sync_reply_orders(const char *body, size_t len, struct sync_order_page *out,
                                struct sync_reply_where *where);
enum sync_err sync_reply_order(const char *body, size_t len, struct sync_order_entry *out,
                               struct sync_reply_where *where);
enum sync_err sync_reply_appointments(const char *body, size_t len,
                                      struct sync_appt_page *out,
                                      struct sync_reply_where *where);
enum sync_err sync_reply_problem(const char *body, size_t len, struct sync_problem *out);
enum sync_err sync_reply_ack(enum sync_result_kind kind, const char *body, size_t len,
                             struct sync_ack *out, struct sync_reply_where *where);
enum sync_err sync_reply_health(const char *body, size_t len, struct sync_health *out,
                                struct sync_reply_where *where);

/* RFC 3339 with an offset (or Z) to unix seconds. */
enum sync_err sync_parse_instant(const char *text, int64_t *out);
/* YYYY-MM-DD with a real month and day. */
int sync_valid_date(const char *text);
/* Order ids as the contract allows: ^[A-Za-z0-9-]{1,32}$. */
int sync_valid_order_id(const char *text);

/* The request for an outbox entry: path below the base URL (e.g.
 * "/orders/N-1/decision") and JSON body, freed with sync_request_free
 * (wiped: it holds personal data). */
struct sync_request {
	char path[128];
	char *body;
	size_t body_len;
};
enum sync_err sync_request_build(const struct sync_result *result, struct sync_request *out);
void sync_request_free(struct sync_request *req);

#endif
