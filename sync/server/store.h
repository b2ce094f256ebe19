/* store.h - the reference server's SQLite state: orders (with a change
 * sequence for the delta), appointments, results and idempotency records. */
#ifndef ID06_DEVSERVER_STORE_H
#define ID06_DEVSERVER_STORE_H

#include "devserver.h"

#include <jansson.h>

struct devsrv_store;

/* Opens (creating if needed) the database.  On failure returns NULL and
 * writes a sentence into err. */
struct devsrv_store *devsrv_store_open(const char *path, char *err, size_t errcap);
void devsrv_store_close(struct devsrv_store *st);

/* Loads a seed file (sync/server/seed/demo.json shape).  Returns 0 when
 * seeded, 1 when the database already holds orders (nothing done), -1 on
 * error (err says what). */
int devsrv_store_seed(struct devsrv_store *st, const char *path, char *err, size_t errcap);

/* Fault change-order: the order changes (as if the orderer edited it)
 * right after it is next served.  -1 with err when the order is unknown. */
int devsrv_store_arm_change(struct devsrv_store *st, const char *order_id, char *err, size_t errcap);

/* Admin: the orderer edits the order now (version + 1) or cancels it.
 * Return 0, or -1 with err. */
int devsrv_store_change_order(struct devsrv_store *st, const char *order_id, char *err, size_t errcap);
int devsrv_store_cancel_order(struct devsrv_store *st, const char *order_id, char *err, size_t errcap);

/* The state for tests, without personal data.  Caller json_decref()s. */
json_t *devsrv_store_dump(struct devsrv_store *st);

/* Request handlers.  Each returns the HTTP status and sets *body (an
 * answer or a problem object, caller json_decref()s). */
int devsrv_store_list_orders(struct devsrv_store *st, const char *since, const char *limit, json_t **body);
int devsrv_store_get_order(struct devsrv_store *st, const char *order_id, json_t **body);
int devsrv_store_appointments(struct devsrv_store *st, const char *date, const char *site, json_t **body);

/* A result, with its idempotency key scoped to kiosk_id.  *replayed tells
 * whether the answer is a stored one.  Answers below 500 are stored with
 * the key in the same transaction as the result. */
int devsrv_store_post(struct devsrv_store *st, const char *kiosk_id, const char *key,
                      const char *path, const char *order_id, const struct devsrv_body *b,
                      json_t **body, bool *replayed);

/* A problem object as JSON. */
json_t *devsrv_problem_json(const struct devsrv_problem *p);

#endif
