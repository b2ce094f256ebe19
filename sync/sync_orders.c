/* sync_orders.c - the cached pending orders (blind-indexed by birth date,
 * personal fields encrypted) and today's appointments. */
#include "sync_proto.h"
#include "sync_store_private.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The encrypted columns of an order, in SELECT order after the clear ones. */
static const struct field {
	const char *column;
	size_t offset;
	size_t cap;
} order_fields[] = {
	{"surname", offsetof(struct sync_order, surname), SYNC_NAME_MAX},
	{"given_names", offsetof(struct sync_order, given_names), SYNC_NAME_MAX},
	{"birth_date", offsetof(struct sync_order, birth_date), SYNC_DATE_MAX},
	{"nationality", offsetof(struct sync_order, nationality), SYNC_COUNTRY_MAX},
	{"identification_number", offsetof(struct sync_order, identification_number),
	 SYNC_DOCNUM_MAX},
	{"email", offsetof(struct sync_order, email), SYNC_EMAIL_MAX},
	{"mobile", offsetof(struct sync_order, mobile), SYNC_MOBILE_MAX},
	{"coordination_number", offsetof(struct sync_order, coordination_number),
	 SYNC_SHORT_MAX},
};
enum { N_ORDER_FIELDS = sizeof order_fields / sizeof order_fields[0] };

#define ORDER_COLUMNS "order_id,version,status,org_number,company,card_type," \
	"valid_until,requires_rp,fetched_at,surname,given_names,birth_date," \
	"nationality,identification_number,email,mobile,coordination_number"
enum { ORDER_FIRST_SEALED = 9 };

static enum sync_err check_order(const struct sync_order *o)
{
	if (!sync_fits(o->order_id, sizeof o->order_id) || !sync_fits(o->status, sizeof o->status) ||
	    !sync_fits(o->company, sizeof o->company) ||
	    !sync_fits(o->org_number, sizeof o->org_number) ||
	    !sync_fits(o->card_type, sizeof o->card_type) ||
	    !sync_fits(o->valid_until, sizeof o->valid_until))
		return SYNC_ERR_TOO_LONG;
	for (size_t i = 0; i < N_ORDER_FIELDS; i++)
		if (!sync_fits((const char *)o + order_fields[i].offset, order_fields[i].cap))
			return SYNC_ERR_TOO_LONG;
	if (!o->order_id[0] || !sync_valid_date(o->birth_date) || o->version < 0)
		return SYNC_ERR_BAD_FIELD;
	return SYNC_OK;
}

/* Seals text (NULL for an empty field) and binds it. */
static enum sync_err bind_sealed(const struct sync_store *s, sqlite3_stmt *st, int col,
                                 const char *table, const char *column,
                                 const char *row, const char *text)
{
	if (!text[0])
		return sync_sqlite_err(sqlite3_bind_null(st, col));
	unsigned char *sealed = NULL;
	size_t len = 0;
	enum sync_err err = sync_field_seal(&s->keys, table, column, row, text,
	                                    strlen(text), &sealed, &len);
	if (err)
		return err;
	int rc = sqlite3_bind_blob(st, col, sealed, (int)len, SQLITE_TRANSIENT);
	sync_field_free(sealed, len);
	return sync_sqlite_err(rc);
}

/* Opens a sealed text column into dst (empty for NULL). */
static enum sync_err open_sealed(const struct sync_store *s, sqlite3_stmt *st, int col,
                                 const char *table, const char *column,
                                 const char *row, char *dst, size_t cap)
{
	dst[0] = 0;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return SYNC_OK;
	const unsigned char *blob = sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);
	if (!blob || n <= 0)
		return SYNC_ERR_TAMPERED;
	unsigned char *plain = NULL;
	size_t len = 0;
	enum sync_err err = sync_field_open(&s->keys, table, column, row, blob, (size_t)n,
	                                    &plain, &len);
	if (err)
		return err;
	if (len >= cap || memchr(plain, 0, len))
		err = SYNC_ERR_TOO_LONG;
	else
		memcpy(dst, plain, len + 1);
	sync_field_free(plain, len + 1);
	return err;
}

/* Blind indexes of a birth date: the whole date, its year-month, its year. */
static const char *const bi_domains[3] = {"birth_date", "birth_month", "birth_year"};
static const char *const bi_columns[3] = {"dob_bi", "dob_bi_month", "dob_bi_year"};
static const size_t bi_lengths[3] = {10, 7, 4};

static enum sync_err blind_all(const struct sync_store *s, const char *date,
                               unsigned char bi[3][SYNC_BLIND_LEN])
{
	enum sync_err err = SYNC_OK;
	for (int i = 0; i < 3 && !err; i++) {
		char part[11];
		memcpy(part, date, bi_lengths[i]);
		part[bi_lengths[i]] = 0;
		err = sync_blind_index(&s->keys, bi_domains[i], part, bi[i]);
	}
	return err;
}

/* Which index a query uses: YYYY-MM-DD, YYYY-MM (day unknown) or YYYY
 * (month and day unknown); -1 when the text is none of them. */
static int query_kind(const char *q)
{
	size_t n = strlen(q);
	if (n == 10)
		return sync_valid_date(q) ? 0 : -1;
	char full[11];
	if (n == 7) {
		snprintf(full, sizeof full, "%s-01", q);
		return sync_valid_date(full) ? 1 : -1;
	}
	if (n == 4) {
		snprintf(full, sizeof full, "%s-01-01", q);
		return sync_valid_date(full) ? 2 : -1;
	}
	return -1;
}

enum sync_err sync_orders_backfill(struct sync_store *s)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	enum sync_err err = sync_tx_begin(s);
	if (err)
		return err;
	if ((err = sync_stmt_prepare(s->db, "SELECT order_id, birth_date FROM orders"
	                             " WHERE dob_bi_year IS NULL", &sel)) ||
	    (err = sync_stmt_prepare(s->db, "UPDATE orders SET dob_bi=?2, dob_bi_month=?3,"
	                             " dob_bi_year=?4 WHERE order_id=?1", &upd)))
		goto out;
	int rc;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		char id[SYNC_ID_MAX], date[SYNC_DATE_MAX];
		sync_column_text(id, sizeof id, sel, 0);
		/* A field that does not open stays unindexed: the cache is
		 * refreshed from the server, and tampering shows on reading. */
		if (open_sealed(s, sel, 1, "orders", "birth_date", id, date, sizeof date) ||
		    !sync_valid_date(date))
			continue;
		unsigned char bi[3][SYNC_BLIND_LEN];
		if ((err = blind_all(s, date, bi)))
			goto out;
		sqlite3_reset(upd);
		sqlite3_bind_text(upd, 1, id, -1, SQLITE_TRANSIENT);
		for (int i = 0; i < 3; i++)
			sqlite3_bind_blob(upd, 2 + i, bi[i], SYNC_BLIND_LEN, SQLITE_TRANSIENT);
		sync_wipe(date, sizeof date);
		sync_wipe(bi, sizeof bi);
		if ((err = sync_sqlite_err(sqlite3_step(upd))))
			goto out;
	}
	err = rc == SQLITE_DONE ? SYNC_OK : sync_sqlite_err(rc);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return sync_tx_end(s, err);
}

enum sync_err sync_orders_put(struct sync_store *store, const struct sync_order *order)
{
	if (!store || !order)
		return SYNC_ERR_ARG;
	enum sync_err err = check_order(order);
	if (err)
		return err;
	unsigned char bi[3][SYNC_BLIND_LEN];
	if ((err = blind_all(store, order->birth_date, bi)))
		return err;
	sqlite3_stmt *st;
	if ((err = sync_stmt_prepare(store->db,
		"INSERT OR REPLACE INTO orders(" ORDER_COLUMNS ",dob_bi,dob_bi_month,dob_bi_year)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
		&st)))
		goto out;
	sqlite3_bind_text(st, 1, order->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, order->version);
	sqlite3_bind_text(st, 3, order->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, order->org_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, order->company, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, order->card_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, order->valid_until, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, order->requires_residence_permit ? 1 : 0);
	sqlite3_bind_int64(st, 9, sync_now());
	for (size_t i = 0; i < N_ORDER_FIELDS && !err; i++)
		err = bind_sealed(store, st, ORDER_FIRST_SEALED + 1 + (int)i, "orders",
		                  order_fields[i].column, order->order_id,
		                  (const char *)order + order_fields[i].offset);
	if (err)
		goto out;
	for (int i = 0; i < 3; i++)
		sqlite3_bind_blob(st, ORDER_FIRST_SEALED + N_ORDER_FIELDS + 1 + i, bi[i],
		                  SYNC_BLIND_LEN, SQLITE_STATIC);
	err = sync_sqlite_err(sqlite3_step(st));
out:
	sqlite3_finalize(st);
	sync_wipe(bi, sizeof bi);
	return err;
}

enum sync_err sync_orders_delete(struct sync_store *store, const char *order_id)
{
	if (!store || !order_id)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db, "DELETE FROM orders WHERE order_id=?1",
	                                      &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, order_id, -1, SQLITE_STATIC);
	return sync_stmt_run(st);
}

enum sync_err sync_orders_clear(struct sync_store *store)
{
	if (!store)
		return SYNC_ERR_ARG;
	return sync_sqlite_err(sqlite3_exec(store->db, "DELETE FROM orders", NULL, NULL, NULL));
}

static enum sync_err read_order(const struct sync_store *s, sqlite3_stmt *st,
                                struct sync_order *o)
{
	memset(o, 0, sizeof *o);
	sync_column_text(o->order_id, sizeof o->order_id, st, 0);
	o->version = sqlite3_column_int64(st, 1);
	sync_column_text(o->status, sizeof o->status, st, 2);
	sync_column_text(o->org_number, sizeof o->org_number, st, 3);
	sync_column_text(o->company, sizeof o->company, st, 4);
	sync_column_text(o->card_type, sizeof o->card_type, st, 5);
	sync_column_text(o->valid_until, sizeof o->valid_until, st, 6);
	o->requires_residence_permit = sqlite3_column_int(st, 7);
	o->fetched_at = sqlite3_column_int64(st, 8);
	enum sync_err err = SYNC_OK;
	for (size_t i = 0; i < N_ORDER_FIELDS && !err; i++)
		err = open_sealed(s, st, ORDER_FIRST_SEALED + (int)i, "orders",
		                  order_fields[i].column, o->order_id,
		                  (char *)o + order_fields[i].offset, order_fields[i].cap);
	if (err)
		sync_wipe(o, sizeof *o);
	return err;
}

enum sync_err sync_orders_get(struct sync_store *store, const char *order_id,
                              struct sync_order *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store || !order_id)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT " ORDER_COLUMNS " FROM orders WHERE order_id=?1", &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, order_id, -1, SQLITE_STATIC);
	if ((err = sync_stmt_row(st)) == SYNC_OK)
		err = read_order(store, st, out);
	sqlite3_finalize(st);
	return err;
}

enum sync_err sync_orders_count(struct sync_store *store, int64_t *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	*out = 0;
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store->db, "SELECT count(*) FROM orders", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return sync_sqlite_err(rc);
}

static enum sync_err add_match(struct sync_order_list *out, const struct sync_order *o)
{
	if (out->count == SYNC_MATCH_MAX) {
		out->truncated = 1;
		return SYNC_OK;
	}
	out->items[out->count++] = *o;
	return SYNC_OK;
}

/* The orders born on the date, month or year of the query: through the
 * blind index of its kind, or (indexed false) by opening every order. */
static enum sync_err find_by_birth_date(struct sync_store *store, const char *birth_date,
                                        bool indexed, struct sync_order_list *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store || !birth_date)
		return SYNC_ERR_ARG;
	int kind = query_kind(birth_date);
	if (kind < 0)
		return SYNC_ERR_BAD_FIELD;
	unsigned char bi[SYNC_BLIND_LEN];
	enum sync_err err;
	char where[256];
	const char *sql = "SELECT " ORDER_COLUMNS " FROM orders ORDER BY order_id";
	memset(bi, 0, sizeof bi);
	if (indexed) {
		if ((err = sync_blind_index(&store->keys, bi_domains[kind], birth_date, bi)))
			return err;
		snprintf(where, sizeof where, "SELECT " ORDER_COLUMNS " FROM orders WHERE %s=?1"
		         " ORDER BY order_id", bi_columns[kind]);
		sql = where;
	}
	struct sync_order o;
	sqlite3_stmt *st;
	if ((err = sync_stmt_prepare(store->db, sql, &st)))
		goto out;
	if (indexed)
		sqlite3_bind_blob(st, 1, bi, sizeof bi, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((err = read_order(store, st, &o)))
			goto out;
		/* A blind index is a 128-bit truncation: confirm on the
		 * decrypted value, so a collision can never give a wrong match. */
		if (strncmp(o.birth_date, birth_date, bi_lengths[kind]) == 0)
			add_match(out, &o);
	}
	err = sync_sqlite_err(rc);
out:
	sqlite3_finalize(st);
	sync_wipe(&o, sizeof o);
	sync_wipe(bi, sizeof bi);
	if (err)
		sync_wipe(out, sizeof *out);
	return err;
}

enum sync_err sync_orders_find_by_birth_date(struct sync_store *store,
                                             const char *birth_date,
                                             struct sync_order_list *out)
{
	return find_by_birth_date(store, birth_date, true, out);
}

enum sync_err sync_orders_find_by_birth_date_scan(struct sync_store *store,
                                                  const char *birth_date,
                                                  struct sync_order_list *out)
{
	return find_by_birth_date(store, birth_date, false, out);
}

/* ---- appointments ---- */

static const char *const appt_names[] = {
	[SYNC_APPT_BOOKED] = "booked",
	[SYNC_APPT_CHECKED_IN] = "checked_in",
	[SYNC_APPT_NO_SHOW] = "no_show",
	[SYNC_APPT_DONE] = "done",
};

const char *sync_appt_state_name(enum sync_appt_state state)
{
	if ((unsigned)state >= sizeof appt_names / sizeof appt_names[0])
		return "unknown";
	return appt_names[state];
}

enum sync_err sync_appts_put(struct sync_store *store, const struct sync_appt *a)
{
	if (!store || !a)
		return SYNC_ERR_ARG;
	if (!sync_fits(a->appt_id, sizeof a->appt_id) || !sync_fits(a->order_id, sizeof a->order_id) ||
	    !sync_fits(a->site, sizeof a->site) || !sync_fits(a->site_name, sizeof a->site_name) ||
	    !sync_fits(a->display_name, sizeof a->display_name) ||
	    !sync_fits(a->visitor_order_id, sizeof a->visitor_order_id))
		return SYNC_ERR_TOO_LONG;
	if (!a->appt_id[0] || (unsigned)a->state > SYNC_APPT_DONE)
		return SYNC_ERR_BAD_FIELD;
	sqlite3_stmt *st;
	/* A re-pulled appointment keeps what staff marked at the kiosk. */
	enum sync_err err = sync_stmt_prepare(store->db,
		"INSERT INTO appts(appt_id,order_id,starts_at,site,display_name,state,"
		"visitor_order_id,updated_at,fetched_at,site_name,ends_at)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?8,?9,?10)"
		" ON CONFLICT(appt_id) DO UPDATE SET order_id=excluded.order_id,"
		" starts_at=excluded.starts_at, site=excluded.site,"
		" site_name=excluded.site_name, ends_at=excluded.ends_at,"
		" display_name=excluded.display_name, fetched_at=excluded.fetched_at", &st);
	if (err)
		goto out;
	sqlite3_bind_text(st, 1, a->appt_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->starts_at);
	sqlite3_bind_text(st, 4, a->site, -1, SQLITE_STATIC);
	if ((err = bind_sealed(store, st, 5, "appts", "display_name", a->appt_id,
	                       a->display_name)))
		goto out;
	sqlite3_bind_int(st, 6, (int)a->state);
	sqlite3_bind_text(st, 7, a->visitor_order_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, sync_now());
	sqlite3_bind_text(st, 9, a->site_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, a->ends_at);
	err = sync_sqlite_err(sqlite3_step(st));
out:
	sqlite3_finalize(st);
	return err;
}

enum sync_err sync_appts_list(struct sync_store *store, int64_t from, int64_t to,
                              struct sync_appt_list *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT appt_id,order_id,starts_at,site,display_name,state,"
		"visitor_order_id,updated_at,site_name,ends_at FROM appts WHERE starts_at>=?1 AND starts_at<?2"
		" ORDER BY starts_at, appt_id LIMIT ?3", &st);
	if (err)
		goto out;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, SYNC_APPT_LIST_MAX + 1);
	int rc;
	while ((rc = sync_stmt_next(st, out->count, SYNC_APPT_LIST_MAX, &out->truncated)) ==
	       SQLITE_ROW) {
		struct sync_appt *a = &out->items[out->count];
		sync_column_text(a->appt_id, sizeof a->appt_id, st, 0);
		sync_column_text(a->order_id, sizeof a->order_id, st, 1);
		a->starts_at = sqlite3_column_int64(st, 2);
		sync_column_text(a->site, sizeof a->site, st, 3);
		sync_column_text(a->site_name, sizeof a->site_name, st, 8);
		a->ends_at = sqlite3_column_int64(st, 9);
		if ((err = open_sealed(store, st, 4, "appts", "display_name", a->appt_id,
		                       a->display_name, sizeof a->display_name)))
			goto out;
		int state = sqlite3_column_int(st, 5);
		a->state = state >= 0 && state <= SYNC_APPT_DONE ? (enum sync_appt_state)state
		                                                 : SYNC_APPT_BOOKED;
		sync_column_text(a->visitor_order_id, sizeof a->visitor_order_id, st, 6);
		a->updated_at = sqlite3_column_int64(st, 7);
		out->count++;
	}
	err = sync_sqlite_err(rc);
out:
	sqlite3_finalize(st);
	if (err)
		sync_wipe(out, sizeof *out);
	return err;
}

enum sync_err sync_appts_mark(struct sync_store *store, const char *appt_id,
                              enum sync_appt_state state, const char *visitor_order_id)
{
	if (!store || !appt_id || (unsigned)state > SYNC_APPT_DONE)
		return SYNC_ERR_ARG;
	if (strlen(appt_id) >= SYNC_ID_MAX ||
	    (visitor_order_id && strlen(visitor_order_id) >= SYNC_ID_MAX))
		return SYNC_ERR_TOO_LONG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	sqlite3_stmt *st;
	err = sync_stmt_prepare(store->db,
		"UPDATE appts SET state=?2, visitor_order_id=coalesce(?3, visitor_order_id),"
		" updated_at=?4 WHERE appt_id=?1", &st);
	if (!err) {
		sqlite3_bind_text(st, 1, appt_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)state);
		if (visitor_order_id)
			sqlite3_bind_text(st, 3, visitor_order_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, sync_now());
		err = sync_stmt_run(st);
	}
	if (!err && sqlite3_changes(store->db) == 0)
		err = SYNC_ERR_NOT_FOUND;
	if (!err) {
		char detail[SYNC_REASON_MAX];
		snprintf(detail, sizeof detail, "state=%s visitor_order=%s",
		         sync_appt_state_name(state), visitor_order_id ? visitor_order_id : "");
		err = sync_audit_append(store, "appointment_marked", appt_id, detail);
	}
	/* The server learns of arrivals and no-shows; "done" is the kiosk's own. */
	if (!err && (state == SYNC_APPT_CHECKED_IN || state == SYNC_APPT_NO_SHOW)) {
		struct sync_result r;
		memset(&r, 0, sizeof r);
		r.kind = state == SYNC_APPT_CHECKED_IN ? SYNC_RESULT_APPT_CHECKED_IN
		                                       : SYNC_RESULT_APPT_NO_SHOW;
		snprintf(r.appt_id, sizeof r.appt_id, "%s", appt_id);
		snprintf(r.order_id, sizeof r.order_id, "%s", visitor_order_id ? visitor_order_id : "");
		err = sync_outbox_enqueue(store, &r, NULL);
	}
	return sync_tx_end(store, err);
}
