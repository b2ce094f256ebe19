/* sync_outbox.c - results waiting for the server, in order, each under an
 * idempotency key; encrypted payload and face; deleted on acknowledgement. */
#include "sync_proto.h"
#include "sync_store_private.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum sync_err sync_status_count_ack(struct sync_store *store);

static const char *const kind_names[] = {
	[SYNC_RESULT_IDENTITY_VERIFIED] = "identity_verified",
	[SYNC_RESULT_ACCOUNT_CREATED] = "account_created",
	[SYNC_RESULT_ORDER_CONFIRMED] = "order_confirmed",
	[SYNC_RESULT_ORDER_REJECTED] = "order_rejected",
	[SYNC_RESULT_APPT_CHECKED_IN] = "appointment_checked_in",
	[SYNC_RESULT_APPT_NO_SHOW] = "appointment_no_show",
};
enum { N_KINDS = sizeof kind_names / sizeof kind_names[0] };

const char *sync_result_kind_name(enum sync_result_kind kind)
{
	if ((unsigned)kind >= N_KINDS || !kind_names[kind])
		return "unknown";
	return kind_names[kind];
}

enum sync_result_kind sync_result_kind_parse(const char *name)
{
	for (unsigned i = 1; name && i < N_KINDS; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (enum sync_result_kind)i;
	return (enum sync_result_kind)0;
}

static const char *const verdict_names[] = {
	[SYNC_VERDICT_NOT_PERFORMED] = "not_performed",
	[SYNC_VERDICT_PASSED] = "passed",
	[SYNC_VERDICT_FAILED] = "failed",
	[SYNC_VERDICT_NOT_SUPPORTED] = "not_supported",
};

const char *sync_verdict_name(enum sync_verdict v)
{
	if ((unsigned)v > SYNC_VERDICT_NOT_SUPPORTED)
		return "not_performed";
	return verdict_names[v];
}

static const char *const state_names[] = {
	[SYNC_OUTBOX_PENDING] = "pending",
	[SYNC_OUTBOX_FAILED] = "failed",
	[SYNC_OUTBOX_CONFLICT] = "conflict",
};

const char *sync_outbox_state_name(enum sync_outbox_state state)
{
	if ((unsigned)state > SYNC_OUTBOX_CONFLICT)
		return "unknown";
	return state_names[state];
}

#define RF(name, member) {name, offsetof(struct sync_result, member), \
	sizeof(((struct sync_result *)0)->member)}
/* Text fields of a result, stored together as one encrypted JSON object. */
static const struct {
	const char *name;
	size_t offset;
	size_t cap;
} result_fields[] = {
	RF("doc_type", document.type),
	RF("doc_state", document.issuing_state),
	RF("doc_number", document.number),
	RF("doc_expiry", document.expiry),
	RF("rp_type", residence_permit.type),
	RF("rp_state", residence_permit.issuing_state),
	RF("rp_number", residence_permit.number),
	RF("rp_expiry", residence_permit.expiry),
	RF("surname", surname),
	RF("given_names", given_names),
	RF("birth_date", birth_date),
	RF("nationality", nationality),
	RF("email", email),
	RF("mobile", mobile),
	RF("language", language),
	RF("reason_code", reason_code),
	RF("reason", reason),
	RF("appt_id", appt_id),
	RF("access", access),
};
enum { N_RESULT_FIELDS = sizeof result_fields / sizeof result_fields[0] };

/* Integer fields. */
#define RI(name, member) {name, offsetof(struct sync_result, member), \
	sizeof(((struct sync_result *)0)->member)}
static const struct {
	const char *name;
	size_t offset;
	size_t size;
} result_ints[] = {
	RI("order_version", order_version),
	RI("at", at),
	RI("mrz_ok", mrz_ok),
	RI("chip_read", chip_read),
	RI("passive_auth", passive_auth),
	RI("chip_auth", chip_auth),
	RI("active_auth", active_auth),
};
enum { N_RESULT_INTS = sizeof result_ints / sizeof result_ints[0] };

static int64_t get_int(const struct sync_result *r, size_t i)
{
	const char *p = (const char *)r + result_ints[i].offset;
	if (result_ints[i].size == sizeof(int64_t)) {
		int64_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	int v; /* int and the enums */
	memcpy(&v, p, sizeof v);
	return v;
}

static void set_int(struct sync_result *r, size_t i, int64_t v)
{
	char *p = (char *)r + result_ints[i].offset;
	if (result_ints[i].size == sizeof(int64_t)) {
		memcpy(p, &v, sizeof v);
	} else {
		int n = v > 1000 || v < 0 ? 0 : (int)v;
		memcpy(p, &n, sizeof n);
	}
}

static enum sync_err result_check(const struct sync_result *r)
{
	if ((unsigned)r->kind >= N_KINDS || !kind_names[r->kind])
		return SYNC_ERR_BAD_FIELD;
	if (!sync_fits(r->order_id, sizeof r->order_id))
		return SYNC_ERR_TOO_LONG;
	for (size_t i = 0; i < N_RESULT_FIELDS; i++)
		if (!sync_fits((const char *)r + result_fields[i].offset, result_fields[i].cap))
			return SYNC_ERR_TOO_LONG;
	if (strlen(r->reason) > 500)
		return SYNC_ERR_TOO_LONG;
	if (r->face_len > SYNC_FACE_MAX)
		return SYNC_ERR_TOO_LONG;
	if (r->face_len && !r->face)
		return SYNC_ERR_ARG;
	/* Ids go into a URL path: the contract's pattern only.  An
	 * appointment mark names its appointment; its order is optional. */
	bool appt = r->kind == SYNC_RESULT_APPT_CHECKED_IN || r->kind == SYNC_RESULT_APPT_NO_SHOW;
	if (appt ? !sync_fits(r->appt_id, sizeof r->appt_id) || !sync_valid_order_id(r->appt_id) ||
	                   (r->order_id[0] && !sync_valid_order_id(r->order_id))
	         : !sync_valid_order_id(r->order_id))
		return SYNC_ERR_BAD_FIELD;
	if ((unsigned)r->passive_auth > SYNC_VERDICT_NOT_SUPPORTED ||
	    (unsigned)r->chip_auth > SYNC_VERDICT_NOT_SUPPORTED ||
	    (unsigned)r->active_auth > SYNC_VERDICT_NOT_SUPPORTED)
		return SYNC_ERR_BAD_FIELD;
	if (r->kind == SYNC_RESULT_ORDER_REJECTED && !r->reason_code[0])
		return SYNC_ERR_BAD_FIELD;
	return SYNC_OK;
}

static char *payload_dump(const struct sync_result *r)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	for (size_t i = 0; i < N_RESULT_FIELDS; i++)
		json_object_set_new(o, result_fields[i].name,
		                    json_string((const char *)r + result_fields[i].offset));
	for (size_t i = 0; i < N_RESULT_INTS; i++)
		json_object_set_new(o, result_ints[i].name, json_integer(get_int(r, i)));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* Our own data, authenticated by GCM, but still read with bounds. */
static enum sync_err payload_load(const char *text, size_t len, struct sync_result *r)
{
	json_error_t jerr;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	enum sync_err err = SYNC_ERR_TAMPERED;
	if (!json_is_object(o))
		goto out;
	for (size_t i = 0; i < N_RESULT_FIELDS; i++) {
		json_t *v = json_object_get(o, result_fields[i].name);
		const char *s = json_is_string(v) ? json_string_value(v) : "";
		size_t n = json_is_string(v) ? json_string_length(v) : 0;
		if (n >= result_fields[i].cap || memchr(s, 0, n))
			goto out;
		memcpy((char *)r + result_fields[i].offset, s, n + 1);
	}
	for (size_t i = 0; i < N_RESULT_INTS; i++)
		set_int(r, i, json_integer_value(json_object_get(o, result_ints[i].name)));
	err = SYNC_OK;
out:
	json_decref(o);
	return err;
}

enum sync_err sync_outbox_enqueue(struct sync_store *store,
                                  const struct sync_result *result,
                                  char idem_key[SYNC_IDEM_MAX])
{
	if (idem_key)
		idem_key[0] = 0;
	if (!store || !result)
		return SYNC_ERR_ARG;
	enum sync_err err = result_check(result);
	if (err)
		return err;
	char key[SYNC_IDEM_MAX];
	if ((err = sync_uuid(key)))
		return err;
	/* The stored copy carries its time so every retry sends the same body. */
	struct sync_result *copy = malloc(sizeof *copy);
	char *json = NULL;
	if (copy) {
		*copy = *result;
		if (!copy->at)
			copy->at = sync_now();
		json = payload_dump(copy);
		sync_wipe(copy, sizeof *copy);
		free(copy);
	}
	unsigned char *payload = NULL, *face = NULL;
	size_t payload_len = 0, face_len = 0;
	sqlite3_stmt *st = NULL;
	int began = 0;
	if (!json) {
		err = SYNC_ERR_NOMEM;
		goto out;
	}
	if ((err = sync_field_seal(&store->keys, "outbox", "payload", key, json,
	                           strlen(json), &payload, &payload_len)))
		goto out;
	if (result->face_len &&
	    (err = sync_field_seal(&store->keys, "outbox", "face", key, result->face,
	                           result->face_len, &face, &face_len)))
		goto out;
	if ((err = sync_tx_begin(store)))
		goto out;
	began = 1;
	int64_t now = sync_now();
	if ((err = sync_stmt_prepare(store->db,
		"INSERT INTO outbox(idem_key,kind,order_id,payload,face,due_at,created_at,"
		"updated_at) VALUES(?1,?2,?3,?4,?5,0,?6,?6)", &st)))
		goto out;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sync_result_kind_name(result->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, result->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, payload, (int)payload_len, SQLITE_STATIC);
	if (face)
		sqlite3_bind_blob(st, 5, face, (int)face_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	if ((err = sync_sqlite_err(sqlite3_step(st))))
		goto out;
	char detail[SYNC_REASON_MAX];
	snprintf(detail, sizeof detail, "%s order=%s", sync_result_kind_name(result->kind),
	         result->order_id);
	err = sync_audit_append(store, "result_queued", key, detail);
out:
	sqlite3_finalize(st);
	if (began)
		err = sync_tx_end(store, err);
	if (!err && idem_key)
		memcpy(idem_key, key, SYNC_IDEM_MAX);
	if (json) {
		sync_wipe(json, strlen(json));
		free(json);
	}
	sync_field_free(payload, payload_len);
	sync_field_free(face, face_len);
	return err;
}

void sync_outbox_item_fini(struct sync_outbox_item *item)
{
	if (!item)
		return;
	if (item->result.face) {
		sync_wipe((void *)item->result.face, item->result.face_len);
		free((void *)item->result.face);
	}
	sync_wipe(item, sizeof *item);
}

enum sync_err sync_outbox_peek(struct sync_store *store,
                               struct sync_outbox_item *item, int64_t *due_at)
{
	if (!item)
		return SYNC_ERR_ARG;
	memset(item, 0, sizeof *item);
	if (due_at)
		*due_at = 0;
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st = NULL;
	unsigned char *plain = NULL, *face = NULL;
	size_t plain_len = 0, face_len = 0;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT seq,idem_key,kind,order_id,payload,face,attempts,due_at,created_at"
		" FROM outbox WHERE state=0 ORDER BY seq LIMIT 1", &st);
	if (err || (err = sync_stmt_row(st)))
		goto out;
	item->seq = sqlite3_column_int64(st, 0);
	const char *key = (const char *)sqlite3_column_text(st, 1);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	const char *order = (const char *)sqlite3_column_text(st, 3);
	if (!key || strlen(key) >= SYNC_IDEM_MAX || !order || strlen(order) >= SYNC_ID_MAX) {
		err = SYNC_ERR_STORE_CORRUPT;
		goto out;
	}
	memcpy(item->idem_key, key, strlen(key) + 1);
	memcpy(item->result.order_id, order, strlen(order) + 1);
	item->result.kind = sync_result_kind_parse(kind);
	if (!item->result.kind) {
		err = SYNC_ERR_STORE_CORRUPT;
		goto out;
	}
	const unsigned char *blob = sqlite3_column_blob(st, 4);
	int n = sqlite3_column_bytes(st, 4);
	if (!blob || n <= 0) {
		err = SYNC_ERR_TAMPERED;
		goto out;
	}
	if ((err = sync_field_open(&store->keys, "outbox", "payload", item->idem_key, blob,
	                           (size_t)n, &plain, &plain_len)))
		goto out;
	if ((err = payload_load((const char *)plain, plain_len, &item->result)))
		goto out;
	if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
		blob = sqlite3_column_blob(st, 5);
		n = sqlite3_column_bytes(st, 5);
		if (!blob || n <= 0) {
			err = SYNC_ERR_TAMPERED;
			goto out;
		}
		if ((err = sync_field_open(&store->keys, "outbox", "face", item->idem_key,
		                           blob, (size_t)n, &face, &face_len)))
			goto out;
		if (face_len > SYNC_FACE_MAX) {
			err = SYNC_ERR_TOO_LONG;
			goto out;
		}
		item->result.face = face;
		item->result.face_len = face_len;
		face = NULL;
	}
	item->attempts = sqlite3_column_int64(st, 6);
	if (due_at)
		*due_at = sqlite3_column_int64(st, 7);
	item->created_at = sqlite3_column_int64(st, 8);
out:
	sqlite3_finalize(st);
	sync_field_free(plain, plain_len + 1);
	sync_field_free(face, face_len + 1);
	if (err)
		sync_outbox_item_fini(item);
	return err;
}

/* An outbox entry's names, for audit records. */
struct entry {
	int64_t seq;
	char idem[SYNC_IDEM_MAX];
	char kind[SYNC_STATUS_MAX];
	char order[SYNC_ID_MAX];
};

/* The entry under key, or (key NULL) the one numbered seq. */
static enum sync_err entry_info(struct sync_store *s, int64_t seq, const char *key,
                                struct entry *e)
{
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(s->db, key
		? "SELECT seq,idem_key,kind,order_id FROM outbox WHERE idem_key=?1"
		: "SELECT seq,idem_key,kind,order_id FROM outbox WHERE seq=?1", &st);
	if (err)
		return err;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, seq);
	if ((err = sync_stmt_row(st)) == SYNC_OK) {
		e->seq = sqlite3_column_int64(st, 0);
		sync_column_text(e->idem, sizeof e->idem, st, 1);
		sync_column_text(e->kind, sizeof e->kind, st, 2);
		sync_column_text(e->order, sizeof e->order, st, 3);
	}
	sqlite3_finalize(st);
	return err;
}

enum sync_err sync_outbox_ack(struct sync_store *store, int64_t seq, const char *server_ref)
{
	if (!store)
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	struct entry e;
	if ((err = entry_info(store, seq, NULL, &e)))
		goto out;
	if ((err = sync_exec_int64(store->db, "DELETE FROM outbox WHERE seq=?1", seq, NULL)))
		goto out;
	/* A confirmed or rejected order needs no cached personal data now. */
	enum sync_result_kind k = sync_result_kind_parse(e.kind);
	if (k == SYNC_RESULT_ORDER_CONFIRMED || k == SYNC_RESULT_ORDER_REJECTED)
		if ((err = sync_orders_delete(store, e.order)))
			goto out;
	char detail[SYNC_REASON_MAX];
	snprintf(detail, sizeof detail, "%s order=%s server_ref=%.64s", e.kind, e.order,
	         server_ref ? server_ref : "");
	if ((err = sync_audit_append(store, "result_acked", e.idem, detail)))
		goto out;
	err = sync_status_count_ack(store);
out:
	return sync_tx_end(store, err);
}

static enum sync_err note_attempt(struct sync_store *s, int64_t seq, int http, const char *e)
{
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(s->db,
		"INSERT INTO outbox_attempts(seq,at,http_status,error) VALUES(?1,?2,?3,?4)", &st);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, sync_now());
	sqlite3_bind_int(st, 3, http);
	sqlite3_bind_text(st, 4, e ? e : "", -1, SQLITE_STATIC);
	if ((err = sync_stmt_run(st)))
		return err;
	/* Keep the last 20 attempts of an entry. */
	return sync_exec_int64(s->db, "DELETE FROM outbox_attempts WHERE rowid IN (SELECT rowid"
	                       " FROM outbox_attempts WHERE seq=?1 ORDER BY rowid DESC LIMIT -1"
	                       " OFFSET 20)", seq, NULL);
}

static enum sync_err update_entry(struct sync_store *s, int64_t seq, int state,
                                  int64_t due_at, int http, const char *reason)
{
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(s->db,
		"UPDATE outbox SET state=?2, due_at=?3, http_status=?4, reason=?5,"
		" attempts=attempts+1, updated_at=?6 WHERE seq=?1", &st);
	if (err)
		return err;
	char r[SYNC_REASON_MAX];
	snprintf(r, sizeof r, "%s", reason ? reason : "");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int(st, 2, state);
	sqlite3_bind_int64(st, 3, due_at);
	sqlite3_bind_int(st, 4, http);
	sqlite3_bind_text(st, 5, r, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, sync_now());
	err = sync_stmt_run(st);
	if (!err && sqlite3_changes(s->db) == 0)
		err = SYNC_ERR_NOT_FOUND;
	return err;
}

enum sync_err sync_outbox_retry_later(struct sync_store *store, int64_t seq,
                                      int64_t next_at, int http_status, const char *error)
{
	if (!store)
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	err = update_entry(store, seq, SYNC_OUTBOX_PENDING, next_at, http_status, error);
	if (!err)
		err = note_attempt(store, seq, http_status, error);
	return sync_tx_end(store, err);
}

enum sync_err sync_outbox_refuse(struct sync_store *store, int64_t seq,
                                 enum sync_outbox_state state, int http_status,
                                 const char *reason)
{
	if (!store || (state != SYNC_OUTBOX_FAILED && state != SYNC_OUTBOX_CONFLICT))
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	struct entry e;
	err = entry_info(store, seq, NULL, &e);
	if (!err)
		err = update_entry(store, seq, (int)state, 0, http_status, reason);
	if (!err)
		err = note_attempt(store, seq, http_status, reason);
	if (!err) {
		char detail[SYNC_REASON_MAX];
		snprintf(detail, sizeof detail, "%s order=%s http=%d", e.kind, e.order, http_status);
		err = sync_audit_append(store, state == SYNC_OUTBOX_CONFLICT ? "result_conflict"
		                                                             : "result_refused",
		                        e.idem, detail);
	}
	return sync_tx_end(store, err);
}

/* Staff's answer to a refused entry: sql on it (?1 its seq), then an audit
 * record event with its kind, and its order when with_order. */
static enum sync_err entry_resolve(struct sync_store *store, const char *idem_key,
                                   const char *sql, const char *event, bool with_order)
{
	if (!store || !idem_key)
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	struct entry e;
	err = entry_info(store, 0, idem_key, &e);
	if (!err)
		err = sync_exec_int64(store->db, sql, e.seq, NULL);
	if (!err) {
		char detail[SYNC_REASON_MAX];
		if (with_order)
			snprintf(detail, sizeof detail, "%s order=%s", e.kind, e.order);
		else
			snprintf(detail, sizeof detail, "%s", e.kind);
		err = sync_audit_append(store, event, e.idem, detail);
	}
	return sync_tx_end(store, err);
}

enum sync_err sync_outbox_requeue(struct sync_store *store, const char *idem_key)
{
	return entry_resolve(store, idem_key, "UPDATE outbox SET state=0, due_at=0, reason=''"
	                     " WHERE seq=?1", "result_requeued", false);
}

enum sync_err sync_outbox_dismiss(struct sync_store *store, const char *idem_key)
{
	return entry_resolve(store, idem_key, "DELETE FROM outbox WHERE seq=?1",
	                     "result_dismissed", true);
}

enum sync_err sync_outbox_failures(struct sync_store *store, struct sync_failure_list *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT idem_key,kind,order_id,state,http_status,reason,updated_at FROM outbox"
		" WHERE state<>0 ORDER BY seq LIMIT ?1", &st);
	if (err)
		return err;
	sqlite3_bind_int(st, 1, SYNC_FAILURE_LIST_MAX + 1);
	int rc;
	while ((rc = sync_stmt_next(st, out->count, SYNC_FAILURE_LIST_MAX, &out->truncated)) ==
	       SQLITE_ROW) {
		struct sync_failure *f = &out->items[out->count++];
		sync_column_text(f->idem_key, sizeof f->idem_key, st, 0);
		f->kind = sync_result_kind_parse((const char *)sqlite3_column_text(st, 1));
		sync_column_text(f->order_id, sizeof f->order_id, st, 2);
		int state = sqlite3_column_int(st, 3);
		f->state = state == SYNC_OUTBOX_CONFLICT ? SYNC_OUTBOX_CONFLICT : SYNC_OUTBOX_FAILED;
		f->http_status = sqlite3_column_int(st, 4);
		sync_column_text(f->reason, sizeof f->reason, st, 5);
		f->at = sqlite3_column_int64(st, 6);
	}
	sqlite3_finalize(st);
	return sync_sqlite_err(rc);
}
