/* store.c - SQLite state of the reference server. */
#define _POSIX_C_SOURCE 200809L
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct devsrv_store {
	sqlite3 *db;
};

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO meta VALUES('seq', 0);"
	"INSERT OR IGNORE INTO meta VALUES('ids', 0);"
	/* seq: the change sequence behind the delta cursor; content: the
	 * order's JSON (company, card_type, valid_until, delivery, cardholder,
	 * requires_residence_permit). */
	"CREATE TABLE IF NOT EXISTS orders(order_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
	" version INTEGER NOT NULL, status TEXT NOT NULL, content TEXT NOT NULL,"
	" updated_at TEXT NOT NULL, change_armed INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS sites(site TEXT PRIMARY KEY, name TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS appointments(appointment_id TEXT PRIMARY KEY, site TEXT NOT NULL,"
	" day TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, order_id TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS idempotency(kiosk_id TEXT NOT NULL, key TEXT NOT NULL,"
	" path TEXT NOT NULL, body_sha256 TEXT NOT NULL, status INTEGER NOT NULL,"
	" response TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY(kiosk_id, key));"
	"CREATE TABLE IF NOT EXISTS verifications(verification_id TEXT PRIMARY KEY,"
	" order_id TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, order_version INTEGER NOT NULL,"
	" doc_type TEXT NOT NULL, issuing_state TEXT NOT NULL, doc_number TEXT NOT NULL,"
	" doc_expiry TEXT NOT NULL, permit INTEGER NOT NULL, mrz INTEGER NOT NULL, chip INTEGER NOT NULL,"
	" passive_auth TEXT NOT NULL, chip_auth TEXT NOT NULL, active_auth TEXT NOT NULL,"
	" face_bytes INTEGER NOT NULL, face_sha256 TEXT NOT NULL, verified_at TEXT NOT NULL,"
	" created_at TEXT NOT NULL, access TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE IF NOT EXISTS accounts(account_id TEXT PRIMARY KEY, issuing_state TEXT NOT NULL,"
	" doc_number TEXT NOT NULL, email TEXT NOT NULL, mobile TEXT NOT NULL, language TEXT NOT NULL,"
	" kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE(issuing_state, doc_number));"
	"CREATE TABLE IF NOT EXISTS order_accounts(order_id TEXT PRIMARY KEY, account_id TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS decisions(order_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,"
	" decision TEXT NOT NULL, reason_code TEXT NOT NULL, reason TEXT NOT NULL,"
	" order_version INTEGER NOT NULL, decided_at TEXT NOT NULL, created_at TEXT NOT NULL);"
	/* The latest mark of an appointment: staff may correct a mistake. */
	"CREATE TABLE IF NOT EXISTS attendance(appointment_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,"
	" attendance TEXT NOT NULL, visitor_order_id TEXT NOT NULL, marked_at TEXT NOT NULL,"
	" created_at TEXT NOT NULL);";

static const char cursor_prefix[] = "v1.";

json_t *devsrv_problem_json(const struct devsrv_problem *p)
{
	json_t *o = json_pack("{s:i, s:s, s:s}", "status", p->status, "code", p->code,
	                      "message", p->message);
	if (o && p->field[0])
		json_object_set_new(o, "field", json_string(p->field));
	if (o && p->current_version > 0)
		json_object_set_new(o, "current_version", json_integer(p->current_version));
	return o;
}

static int problem(json_t **body, int status, const char *code, const char *field,
                   const char *message)
{
	struct devsrv_problem p;
	devsrv_problem_set(&p, status, code, field, "%s", message);
	*body = devsrv_problem_json(&p);
	return status;
}

static int internal(struct devsrv_store *st, json_t **body)
{
	fprintf(stderr, "id06-devserver: database error: %s\n", sqlite3_errmsg(st->db));
	return problem(body, 500, "internal",
	               NULL, "The server's database failed; retry later. The server log says why.");
}

static void now_utc(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool exec(struct devsrv_store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static sqlite3_stmt *prep(struct devsrv_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

/* meta counters: the next change sequence number, or the next id */
static long long next_counter(struct devsrv_store *st, const char *name)
{
	long long v = -1;
	sqlite3_stmt *s = prep(st, "UPDATE meta SET value = value + 1 WHERE name = ?1 RETURNING value");
	if (!s)
		return -1;
	bind_text(s, 1, name);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

struct devsrv_store *devsrv_store_open(const char *path, char *err, size_t errcap)
{
	struct devsrv_store *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "cannot open database %s: %s; check the path and its folder",
		         path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		devsrv_store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(st->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errcap, "database %s is not usable: %s (is it another program's file?)",
		         path, msg ? msg : "unknown error");
		sqlite3_free(msg);
		devsrv_store_close(st);
		return NULL;
	}
	return st;
}

void devsrv_store_close(struct devsrv_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

/* ---- seeding ---- */

static bool seed_order(struct devsrv_store *st, json_t *o, size_t index, char *err, size_t errcap)
{
	const char *id = json_string_value(json_object_get(o, "order_id"));
	const char *status = json_string_value(json_object_get(o, "status"));
	json_t *version = json_object_get(o, "version");
	static const char *const required[] = {"company", "card_type", "valid_until", "delivery",
	                                       "cardholder", "requires_residence_permit", NULL};
	if (!id || !devsrv_is_order_id(id)) {
		snprintf(err, errcap, "orders[%zu]: order_id missing or not 1-32 of A-Z a-z 0-9 -", index);
		return false;
	}
	for (size_t i = 0; required[i]; i++)
		if (!json_object_get(o, required[i])) {
			snprintf(err, errcap, "order %s: field %s is missing", id, required[i]);
			return false;
		}
	json_t *holder = json_object_get(o, "cardholder");
	static const char *const holder_required[] = {"given_names", "surname", "date_of_birth",
	                                              "nationality", NULL};
	for (size_t i = 0; holder_required[i]; i++)
		if (!json_is_string(json_object_get(holder, holder_required[i]))) {
			snprintf(err, errcap, "order %s: cardholder.%s is missing", id, holder_required[i]);
			return false;
		}
	if (!devsrv_is_date(json_string_value(json_object_get(holder, "date_of_birth")))) {
		snprintf(err, errcap, "order %s: cardholder.date_of_birth is not YYYY-MM-DD", id);
		return false;
	}
	static const char *const statuses[] = {"awaiting_identification", "cancelled", "removed", NULL};
	bool status_ok = !status;
	for (size_t i = 0; status && statuses[i]; i++)
		status_ok |= strcmp(status, statuses[i]) == 0;
	if (!status_ok) {
		snprintf(err, errcap, "order %s: status must be awaiting_identification, cancelled or removed", id);
		return false;
	}
	json_t *content = json_deep_copy(o);
	if (!content) {
		snprintf(err, errcap, "out of memory");
		return false;
	}
	static const char *const drop[] = {"order_id", "version", "status", "note", "tombstone",
	                                   "updated_at", NULL};
	for (size_t i = 0; drop[i]; i++)
		json_object_del(content, drop[i]);
	char *text = json_dumps(content, JSON_COMPACT);
	json_decref(content);
	long long seq = next_counter(st, "seq");
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, "INSERT INTO orders(order_id, seq, version, status, content, updated_at)"
	                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	bool ok = false;
	if (s && text && seq > 0) {
		bind_text(s, 1, id);
		sqlite3_bind_int64(s, 2, seq);
		sqlite3_bind_int64(s, 3, json_is_integer(version) && json_integer_value(version) > 0
		                             ? json_integer_value(version) : 1);
		bind_text(s, 4, status ? status : "awaiting_identification");
		bind_text(s, 5, text);
		bind_text(s, 6, now);
		ok = sqlite3_step(s) == SQLITE_DONE;
	}
	if (!ok)
		snprintf(err, errcap, "order %s: %s", id, sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	free(text);
	return ok;
}

/* RFC 3339 local time with the offset written +HH:MM. */
static void local_instant(time_t t, char out[40])
{
	struct tm tm;
	localtime_r(&t, &tm);
	char z[8];
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof z, "%z", &tm);
	size_t n = strlen(out);
	if (strlen(z) == 5)
		snprintf(out + n, 40 - n, "%.3s:%.2s", z, z + 3);
	else
		snprintf(out + n, 40 - n, "Z");
}

static bool seed_appointment(struct devsrv_store *st, json_t *a, size_t index, char *err, size_t errcap)
{
	const char *id = json_string_value(json_object_get(a, "appointment_id"));
	const char *site = json_string_value(json_object_get(a, "site"));
	const char *start = json_string_value(json_object_get(a, "start"));
	const char *order = json_string_value(json_object_get(a, "order_id"));
	json_t *day = json_object_get(a, "day"), *minutes = json_object_get(a, "minutes");
	int hh, mm;
	if (!id || !site || !start || !order || !json_is_integer(day) || !json_is_integer(minutes) ||
	    sscanf(start, "%2d:%2d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
	    json_integer_value(day) < -366 || json_integer_value(day) > 366 ||
	    json_integer_value(minutes) < 1 || json_integer_value(minutes) > 600) {
		snprintf(err, errcap, "appointments[%zu]: needs appointment_id, site, day (days after today),"
		         " start (HH:MM), minutes (1-600) and order_id", index);
		return false;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += (int)json_integer_value(day);
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t begin = mktime(&tm);
	time_t end = begin + (time_t)json_integer_value(minutes) * 60;
	char date[16], starts[40], ends[40];
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	local_instant(begin, starts);
	local_instant(end, ends);
	sqlite3_stmt *s = prep(st, "INSERT INTO appointments VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	bool ok = false;
	if (s) {
		bind_text(s, 1, id);
		bind_text(s, 2, site);
		bind_text(s, 3, date);
		bind_text(s, 4, starts);
		bind_text(s, 5, ends);
		bind_text(s, 6, order);
		ok = sqlite3_step(s) == SQLITE_DONE;
	}
	if (!ok)
		snprintf(err, errcap, "appointment %s: %s", id, sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return ok;
}

int devsrv_store_seed(struct devsrv_store *st, const char *path, char *err, size_t errcap)
{
	int rc = -1;
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errcap, "seed %s: %s (line %d)", path, jerr.text, jerr.line);
		return -1;
	}
	sqlite3_stmt *s = prep(st, "SELECT count(*) FROM orders");
	long long count = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	if (count != 0) {
		if (count > 0)
			rc = 1;
		else
			snprintf(err, errcap, "seed: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	json_t *orders = json_object_get(root, "orders"), *appts = json_object_get(root, "appointments");
	json_t *sites = json_object_get(root, "sites");
	if (!json_is_array(orders) || !json_is_array(appts) || !json_is_array(sites)) {
		snprintf(err, errcap, "seed %s: needs the arrays sites, orders and appointments", path);
		goto out;
	}
	if (!exec(st, "BEGIN IMMEDIATE")) {
		snprintf(err, errcap, "seed: %s", sqlite3_errmsg(st->db));
		goto out;
	}
	size_t i;
	json_t *v;
	json_array_foreach(sites, i, v) {
		const char *site = json_string_value(json_object_get(v, "site"));
		const char *name = json_string_value(json_object_get(v, "name"));
		if (!site || !name) {
			snprintf(err, errcap, "sites[%zu]: needs site and name", i);
			goto rollback;
		}
		s = prep(st, "INSERT INTO sites VALUES(?1, ?2)");
		bind_text(s, 1, site);
		bind_text(s, 2, name);
		bool ok = s && sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
		if (!ok) {
			snprintf(err, errcap, "site %s: %s", site, sqlite3_errmsg(st->db));
			goto rollback;
		}
	}
	json_array_foreach(orders, i, v)
		if (!seed_order(st, v, i, err, errcap))
			goto rollback;
	json_array_foreach(appts, i, v)
		if (!seed_appointment(st, v, i, err, errcap))
			goto rollback;
	if (!exec(st, "COMMIT")) {
		snprintf(err, errcap, "seed: %s", sqlite3_errmsg(st->db));
		goto rollback;
	}
	rc = 0;
	goto out;
rollback:
	exec(st, "ROLLBACK");
out:
	json_decref(root);
	return rc;
}

/* ---- orders ---- */

static bool is_pending(const char *status)
{
	return strcmp(status, "awaiting_identification") == 0 || strcmp(status, "identified") == 0;
}

/* Columns: order_id, version, status, content, updated_at */
static json_t *order_json(sqlite3_stmt *s)
{
	const char *status = col_text(s, 2);
	if (!is_pending(status))
		return json_pack("{s:s, s:I, s:s, s:b}", "order_id", col_text(s, 0), "version",
		                 (json_int_t)sqlite3_column_int64(s, 1), "status", status, "tombstone", 1);
	json_t *content = json_loads(col_text(s, 3), 0, NULL);
	json_t *o = json_pack("{s:s, s:I, s:s, s:b}", "order_id", col_text(s, 0), "version",
	                      (json_int_t)sqlite3_column_int64(s, 1), "status", status, "tombstone", 0);
	if (!content || !o || json_object_update(o, content) < 0) {
		json_decref(content);
		json_decref(o);
		return NULL;
	}
	json_decref(content);
	json_object_set_new(o, "updated_at", json_string(col_text(s, 4)));
	return o;
}

/* The orderer edits the order: version + 1, a new change sequence, and a
 * visible change (the mobile number). */
static bool order_edit(struct devsrv_store *st, const char *order_id)
{
	bool ok = false;
	char now[32];
	now_utc(now);
	long long seq = next_counter(st, "seq");
	sqlite3_stmt *s = prep(st,
		"UPDATE orders SET version = version + 1, seq = ?2, updated_at = ?3, change_armed = 0,"
		" content = json_set(content, '$.cardholder.mobile', '+46700009999')"
		" WHERE order_id = ?1");
	if (s && seq > 0) {
		bind_text(s, 1, order_id);
		sqlite3_bind_int64(s, 2, seq);
		bind_text(s, 3, now);
		ok = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1;
	}
	sqlite3_finalize(s);
	return ok;
}

/* Status change: a new change sequence (so caches see it), same version
 * unless bump_version (a change by the orderer). */
static bool order_set_status(struct devsrv_store *st, const char *order_id, const char *status,
                             bool bump_version)
{
	bool ok = false;
	char now[32];
	now_utc(now);
	long long seq = next_counter(st, "seq");
	sqlite3_stmt *s = prep(st, "UPDATE orders SET status = ?2, seq = ?3, updated_at = ?4,"
	                           " version = version + ?5 WHERE order_id = ?1");
	if (s && seq > 0) {
		bind_text(s, 1, order_id);
		bind_text(s, 2, status);
		sqlite3_bind_int64(s, 3, seq);
		bind_text(s, 4, now);
		sqlite3_bind_int(s, 5, bump_version ? 1 : 0);
		ok = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1;
	}
	sqlite3_finalize(s);
	return ok;
}

/* After an answer listed these orders, apply armed changes. */
static void fire_armed_changes(struct devsrv_store *st, json_t *served)
{
	size_t i;
	json_t *id;
	json_array_foreach(served, i, id) {
		sqlite3_stmt *s = prep(st, "SELECT change_armed FROM orders WHERE order_id = ?1");
		bind_text(s, 1, json_string_value(id));
		bool armed = s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (armed && !order_edit(st, json_string_value(id)))
			fprintf(stderr, "id06-devserver: change-order fault failed: %s\n", sqlite3_errmsg(st->db));
		else if (armed)
			fprintf(stderr, "id06-devserver: fault: order %s changed after it was fetched\n",
			        json_string_value(id));
	}
}

static bool parse_cursor(const char *since, long long *seq)
{
	size_t n = strlen(cursor_prefix);
	if (strncmp(since, cursor_prefix, n) != 0)
		return false;
	const char *d = since + n;
	size_t len = strlen(d);
	if (len < 1 || len > 18)
		return false;
	long long v = 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return false;
		v = v * 10 + (*d - '0');
	}
	*seq = v;
	return true;
}

int devsrv_store_list_orders(struct devsrv_store *st, const char *since, const char *limit, json_t **body)
{
	long long after = 0, max = 50;
	*body = NULL;
	if (limit) {
		char *end;
		max = strtoll(limit, &end, 10);
		if (!*limit || *end || max < 1 || max > 200)
			return problem(body, 400, "bad_parameter", "limit",
			               "limit must be a whole number from 1 to 200.");
	}
	sqlite3_stmt *s = prep(st, "SELECT value FROM meta WHERE name = 'seq'");
	long long top = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	if (top < 0)
		return internal(st, body);
	if (since && (!parse_cursor(since, &after) || after > top))
		return problem(body, 400, "bad_cursor", "since",
		               "The cursor is not one this server gave out. Drop the cursor and the cached"
		               " orders and fetch again without since.");

	s = prep(st, "SELECT order_id, version, status, content, updated_at, seq FROM orders"
	             " WHERE seq > ?1 ORDER BY seq LIMIT ?2");
	if (!s)
		return internal(st, body);
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, max + 1);
	json_t *orders = json_array(), *served = json_array();
	long long last = after;
	bool more = false;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((long long)json_array_size(orders) == max) {
			more = true;
			break;
		}
		json_t *o = order_json(s);
		if (!o) {
			fprintf(stderr, "id06-devserver: order %s has unreadable content\n", col_text(s, 0));
			rc = SQLITE_CORRUPT;
			break;
		}
		json_array_append_new(orders, o);
		if (is_pending(col_text(s, 2)))
			json_array_append_new(served, json_string(col_text(s, 0)));
		last = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(orders);
		json_decref(served);
		return internal(st, body);
	}
	char cursor[40];
	snprintf(cursor, sizeof cursor, "%s%lld", cursor_prefix, last);
	*body = json_pack("{s:o, s:s, s:b}", "orders", orders, "next_cursor", cursor, "has_more", more);
	fire_armed_changes(st, served);
	json_decref(served);
	return 200;
}

int devsrv_store_get_order(struct devsrv_store *st, const char *order_id, json_t **body)
{
	sqlite3_stmt *s = prep(st, "SELECT order_id, version, status, content, updated_at FROM orders"
	                           " WHERE order_id = ?1");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, order_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(s);
		return problem(body, 404, "order_not_found", NULL,
		               "No order with this id. It may have been removed; fetch the order delta again.");
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return internal(st, body);
	}
	*body = order_json(s);
	bool pending = is_pending(col_text(s, 2));
	sqlite3_finalize(s);
	if (pending) {
		json_t *served = json_pack("[s]", order_id);
		fire_armed_changes(st, served);
		json_decref(served);
	}
	return *body ? 200 : internal(st, body);
}

int devsrv_store_appointments(struct devsrv_store *st, const char *date, const char *site, json_t **body)
{
	if (!date || !devsrv_is_date(date))
		return problem(body, 400, "bad_parameter", "date",
		               "date is required and must be a day YYYY-MM-DD.");
	sqlite3_stmt *s = prep(st,
		"SELECT a.appointment_id, a.site, coalesce(si.name, a.site), a.starts_at, a.ends_at, a.order_id,"
		" json_extract(o.content, '$.cardholder.given_names'), json_extract(o.content, '$.cardholder.surname')"
		" FROM appointments a LEFT JOIN sites si ON si.site = a.site"
		" LEFT JOIN orders o ON o.order_id = a.order_id"
		" WHERE a.day = ?1 AND (?2 IS NULL OR a.site = ?2) ORDER BY a.starts_at, a.appointment_id");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, date);
	if (site)
		bind_text(s, 2, site);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"appointment_id", col_text(s, 0), "site", col_text(s, 1), "site_name", col_text(s, 2),
			"starts_at", col_text(s, 3), "ends_at", col_text(s, 4), "order_id", col_text(s, 5),
			"given_names", col_text(s, 6), "surname", col_text(s, 7)));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return internal(st, body);
	}
	*body = json_pack("{s:s, s:s?, s:o}", "date", date, "site", site, "appointments", list);
	return 200;
}

/* ---- results ---- */

struct order_row {
	bool found;
	long long version;
	char status[32];
};

static bool load_order(struct devsrv_store *st, const char *order_id, struct order_row *o)
{
	memset(o, 0, sizeof *o);
	sqlite3_stmt *s = prep(st, "SELECT version, status FROM orders WHERE order_id = ?1");
	if (!s)
		return false;
	bind_text(s, 1, order_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		o->found = true;
		o->version = sqlite3_column_int64(s, 0);
		snprintf(o->status, sizeof o->status, "%s", col_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static int not_found(json_t **body)
{
	return problem(body, 404, "order_not_found", NULL,
	               "No order with this id. Check the order id; the order may have been removed.");
}

static int not_pending(json_t **body, const char *status)
{
	struct devsrv_problem p;
	devsrv_problem_set(&p, 409, "order_not_pending", NULL,
	                   "The order is %s and takes no more results. Drop it from the queue and tell staff.",
	                   status);
	*body = devsrv_problem_json(&p);
	return 409;
}

static bool new_id(struct devsrv_store *st, const char *prefix, char out[24])
{
	long long n = next_counter(st, "ids");
	if (n < 0)
		return false;
	snprintf(out, 24, "%s-%06lld", prefix, n);
	return true;
}

/* Loads an order a result is posted for: 0 when it exists and is pending,
 * else the HTTP status with the problem in *body. */
static int pending_order(struct devsrv_store *st, const char *order_id, struct order_row *o,
                         json_t **body)
{
	if (!load_order(st, order_id, o))
		return internal(st, body);
	if (!o->found)
		return not_found(body);
	if (!is_pending(o->status))
		return not_pending(body, o->status);
	return 0;
}

static int post_identity(struct devsrv_store *st, const char *kiosk, const char *order_id,
                         const struct devsrv_identity *id, json_t **body)
{
	struct order_row o;
	int refused = pending_order(st, order_id, &o, body);
	if (refused)
		return refused;
	sqlite3_stmt *s = prep(st, "SELECT verification_id, issuing_state, doc_number FROM verifications"
	                           " WHERE order_id = ?1");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, order_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		bool same = strcmp(col_text(s, 1), id->document.issuing_state) == 0 &&
		            strcmp(col_text(s, 2), id->document.number) == 0;
		if (same)
			*body = json_pack("{s:s, s:s, s:s, s:b}", "verification_id", col_text(s, 0),
			                  "order_id", order_id, "status", "identified", "duplicate", 1);
		sqlite3_finalize(s);
		if (same)
			return 200;
		return problem(body, 409, "already_verified", NULL,
		               "This order was already verified with another document. Staff must check"
		               " the order; do not resend.");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return internal(st, body);

	char vid[24], now[32];
	now_utc(now);
	if (!new_id(st, "V", vid))
		return internal(st, body);
	s = prep(st, "INSERT INTO verifications VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	             " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, vid);
	bind_text(s, 2, order_id);
	bind_text(s, 3, kiosk);
	sqlite3_bind_int64(s, 4, id->order_version);
	bind_text(s, 5, id->document.type);
	bind_text(s, 6, id->document.issuing_state);
	bind_text(s, 7, id->document.number);
	bind_text(s, 8, id->document.expiry);
	sqlite3_bind_int(s, 9, id->has_permit);
	sqlite3_bind_int(s, 10, id->mrz);
	sqlite3_bind_int(s, 11, id->chip);
	bind_text(s, 12, id->passive_auth);
	bind_text(s, 13, id->chip_auth);
	bind_text(s, 14, id->active_auth);
	sqlite3_bind_int64(s, 15, (sqlite3_int64)id->face_bytes);
	bind_text(s, 16, id->face_sha256);
	bind_text(s, 17, id->verified_at);
	bind_text(s, 18, now);
	bind_text(s, 19, id->access);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE || !order_set_status(st, order_id, "identified", false))
		return internal(st, body);
	*body = json_pack("{s:s, s:s, s:s, s:b}", "verification_id", vid, "order_id", order_id,
	                  "status", "identified", "duplicate", 0);
	return 201;
}

static int post_account(struct devsrv_store *st, const char *kiosk, const char *order_id,
                        const struct devsrv_account *a, json_t **body)
{
	struct order_row o;
	int refused = pending_order(st, order_id, &o, body);
	if (refused)
		return refused;
	char state[4] = "", number[23] = "", account[24] = "";
	sqlite3_stmt *s = prep(st, "SELECT v.issuing_state, v.doc_number, oa.account_id FROM verifications v"
	                           " LEFT JOIN order_accounts oa ON oa.order_id = v.order_id WHERE v.order_id = ?1");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, order_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(state, sizeof state, "%s", col_text(s, 0));
		snprintf(number, sizeof number, "%s", col_text(s, 1));
		snprintf(account, sizeof account, "%s", col_text(s, 2));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return problem(body, 409, "identity_not_verified", NULL,
		               "Post the identity verification of this order before the account.");
	if (rc != SQLITE_ROW)
		return internal(st, body);
	if (account[0]) {
		*body = json_pack("{s:s, s:s, s:b}", "account_id", account, "order_id", order_id, "created", 0);
		return 200;
	}
	/* One account per person: the verified document. */
	s = prep(st, "SELECT account_id FROM accounts WHERE issuing_state = ?1 AND doc_number = ?2");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, state);
	bind_text(s, 2, number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(account, sizeof account, "%s", col_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return internal(st, body);
	bool created = !account[0];
	char now[32];
	now_utc(now);
	if (created) {
		if (!new_id(st, "ACC", account))
			return internal(st, body);
		s = prep(st, "INSERT INTO accounts VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
		if (!s)
			return internal(st, body);
		bind_text(s, 1, account);
		bind_text(s, 2, state);
		bind_text(s, 3, number);
		bind_text(s, 4, a->email);
		bind_text(s, 5, a->mobile);
		bind_text(s, 6, a->language);
		bind_text(s, 7, kiosk);
		bind_text(s, 8, now);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return internal(st, body);
	}
	s = prep(st, "INSERT INTO order_accounts VALUES(?1, ?2)");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, order_id);
	bind_text(s, 2, account);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return internal(st, body);
	*body = json_pack("{s:s, s:s, s:b}", "account_id", account, "order_id", order_id, "created", created);
	return created ? 201 : 200;
}

static bool exists(struct devsrv_store *st, const char *sql, const char *order_id, bool *found)
{
	sqlite3_stmt *s = prep(st, sql);
	if (!s)
		return false;
	bind_text(s, 1, order_id);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	*found = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static int post_decision(struct devsrv_store *st, const char *kiosk, const char *order_id,
                         const struct devsrv_decision *d, json_t **body)
{
	struct order_row o;
	int refused = pending_order(st, order_id, &o, body);
	if (refused)
		return refused;
	if (d->order_version != o.version) {
		struct devsrv_problem p;
		devsrv_problem_set(&p, 412, "order_changed", "order_version",
		                   "The order changed after it was shown to the cardholder (version %lld shown,"
		                   " now %lld). Do not resend: staff must fetch the order again and have the"
		                   " cardholder approve the new details.", d->order_version, o.version);
		p.current_version = o.version;
		*body = devsrv_problem_json(&p);
		return 412;
	}
	bool verified, has_account;
	if (!exists(st, "SELECT 1 FROM verifications WHERE order_id = ?1", order_id, &verified) ||
	    !exists(st, "SELECT 1 FROM order_accounts WHERE order_id = ?1", order_id, &has_account))
		return internal(st, body);
	if (!verified)
		return problem(body, 409, "identity_not_verified", NULL,
		               "Post the identity verification of this order before the decision.");
	if (d->confirm && !has_account)
		return problem(body, 409, "account_missing", NULL,
		               "Post the account of this order before the confirmation.");
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, "INSERT INTO decisions VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return internal(st, body);
	bind_text(s, 1, order_id);
	bind_text(s, 2, kiosk);
	bind_text(s, 3, d->confirm ? "confirm" : "reject");
	bind_text(s, 4, d->reason_code);
	bind_text(s, 5, d->reason);
	sqlite3_bind_int64(s, 6, d->order_version);
	bind_text(s, 7, d->decided_at);
	bind_text(s, 8, now);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	const char *status = d->confirm ? "confirmed" : "rejected_by_cardholder";
	if (rc != SQLITE_DONE || !order_set_status(st, order_id, status, false))
		return internal(st, body);
	*body = json_pack("{s:s, s:s}", "order_id", order_id, "status", status);
	return 201;
}

static int post_attendance(struct devsrv_store *st, const char *kiosk, const char *appt_id,
                           const struct devsrv_attendance *a, json_t **body)
{
	bool found;
	if (!exists(st, "SELECT 1 FROM appointments WHERE appointment_id = ?1", appt_id, &found))
		return internal(st, body);
	if (!found)
		return problem(body, 404, "appointment_not_found", NULL,
		               "No such appointment. Pull today's appointments again; do not resend.");
	if (a->visitor_order_id[0]) {
		struct order_row o;
		if (!load_order(st, a->visitor_order_id, &o))
			return internal(st, body);
		if (!o.found)
			return problem(body, 409, "visitor_order_unknown", "visitor_order_id",
			               "The visitor's order does not exist. Staff must check the link;"
			               " do not resend.");
	}
	char now[32];
	now_utc(now);
	sqlite3_stmt *s = prep(st, "INSERT OR REPLACE INTO attendance VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return internal(st, body);
	const char *mark = a->checked_in ? "checked_in" : "no_show";
	bind_text(s, 1, appt_id);
	bind_text(s, 2, kiosk);
	bind_text(s, 3, mark);
	bind_text(s, 4, a->visitor_order_id);
	bind_text(s, 5, a->marked_at);
	bind_text(s, 6, now);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return internal(st, body);
	*body = json_pack("{s:s, s:s}", "appointment_id", appt_id, "attendance", mark);
	if (*body && a->visitor_order_id[0])
		json_object_set_new(*body, "visitor_order_id", json_string(a->visitor_order_id));
	return 201;
}

int devsrv_store_post(struct devsrv_store *st, const char *kiosk_id, const char *key,
                      const char *path, const char *order_id, const struct devsrv_body *b,
                      json_t **body, bool *replayed)
{
	*body = NULL;
	*replayed = false;
	if (!exec(st, "BEGIN IMMEDIATE"))
		return internal(st, body);
	int status;
	sqlite3_stmt *s = prep(st, "SELECT path, body_sha256, status, response FROM idempotency"
	                           " WHERE kiosk_id = ?1 AND key = ?2");
	if (!s) {
		status = internal(st, body);
		goto rollback;
	}
	bind_text(s, 1, kiosk_id);
	bind_text(s, 2, key);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (strcmp(col_text(s, 0), path) == 0 && strcmp(col_text(s, 1), b->sha256) == 0) {
			status = sqlite3_column_int(s, 2);
			*body = json_loads(col_text(s, 3), 0, NULL);
			*replayed = true;
		} else {
			status = problem(body, 422, "idempotency_key_reused", NULL,
			                 "This Idempotency-Key was already used for another request. Use a new"
			                 " key for each result, and the same key only to retry the same request.");
		}
		sqlite3_finalize(s);
		goto rollback; /* nothing to write */
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = internal(st, body);
		goto rollback;
	}

	switch (b->kind) {
	case DEVSRV_BODY_IDENTITY: status = post_identity(st, kiosk_id, order_id, &b->u.identity, body); break;
	case DEVSRV_BODY_ACCOUNT: status = post_account(st, kiosk_id, order_id, &b->u.account, body); break;
	case DEVSRV_BODY_DECISION: status = post_decision(st, kiosk_id, order_id, &b->u.decision, body); break;
	case DEVSRV_BODY_ATTENDANCE: status = post_attendance(st, kiosk_id, order_id, &b->u.attendance, body); break;
	default: status = problem(body, 500, "internal", NULL, "Unknown result kind."); break;
	}
	if (status >= 500 || !*body)
		goto rollback;
	char *text = json_dumps(*body, JSON_COMPACT);
	char now[32];
	now_utc(now);
	s = prep(st, "INSERT INTO idempotency VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	rc = SQLITE_ERROR;
	if (s && text) {
		bind_text(s, 1, kiosk_id);
		bind_text(s, 2, key);
		bind_text(s, 3, path);
		bind_text(s, 4, b->sha256);
		sqlite3_bind_int(s, 5, status);
		bind_text(s, 6, text);
		bind_text(s, 7, now);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	free(text);
	if (rc != SQLITE_DONE || !exec(st, "COMMIT")) {
		json_decref(*body);
		status = internal(st, body);
		goto rollback;
	}
	return status;
rollback:
	exec(st, "ROLLBACK");
	return status;
}

/* ---- admin ---- */

static int admin_check(struct devsrv_store *st, const char *order_id, char *err, size_t errcap,
                       struct order_row *o)
{
	if (!load_order(st, order_id, o)) {
		snprintf(err, errcap, "database error: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	if (!o->found) {
		snprintf(err, errcap, "no order %s in this database (see: id06-devserver dump)", order_id);
		return -1;
	}
	return 0;
}

int devsrv_store_arm_change(struct devsrv_store *st, const char *order_id, char *err, size_t errcap)
{
	struct order_row o;
	if (admin_check(st, order_id, err, errcap, &o) < 0)
		return -1;
	sqlite3_stmt *s = prep(st, "UPDATE orders SET change_armed = 1 WHERE order_id = ?1");
	bind_text(s, 1, order_id);
	bool ok = s && sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok)
		snprintf(err, errcap, "database error: %s", sqlite3_errmsg(st->db));
	return ok ? 0 : -1;
}

/* status NULL: the orderer edits the order; else it leaves the pending set
 * with that status (cancelled, removed). */
static int admin_change(struct devsrv_store *st, const char *order_id, char *err, size_t errcap,
                        const char *status)
{
	struct order_row o;
	if (admin_check(st, order_id, err, errcap, &o) < 0)
		return -1;
	if (!is_pending(o.status)) {
		snprintf(err, errcap, "order %s is %s; only pending orders can be changed", order_id, o.status);
		return -1;
	}
	if (!exec(st, "BEGIN IMMEDIATE")) {
		snprintf(err, errcap, "database busy: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	bool ok = status ? order_set_status(st, order_id, status, true) : order_edit(st, order_id);
	if (!ok || !exec(st, "COMMIT")) {
		snprintf(err, errcap, "database error: %s", sqlite3_errmsg(st->db));
		exec(st, "ROLLBACK");
		return -1;
	}
	return 0;
}

int devsrv_store_change_order(struct devsrv_store *st, const char *order_id, char *err, size_t errcap)
{
	return admin_change(st, order_id, err, errcap, NULL);
}

int devsrv_store_end_order(struct devsrv_store *st, const char *order_id, bool removed, char *err,
                           size_t errcap)
{
	return admin_change(st, order_id, err, errcap, removed ? "removed" : "cancelled");
}

json_t *devsrv_store_dump(struct devsrv_store *st)
{
	json_t *out = json_object();
	struct {
		const char *name, *sql;
	} tables[] = {
		{"orders", "SELECT json_object('order_id', order_id, 'version', version, 'status', status,"
		           " 'seq', seq) FROM orders ORDER BY order_id"},
		{"verifications", "SELECT json_object('verification_id', verification_id, 'order_id', order_id,"
		                  " 'kiosk_id', kiosk_id, 'order_version', order_version, 'document_type', doc_type,"
		                  " 'residence_permit', permit, 'mrz', mrz, 'chip', chip,"
		                  " 'passive_authentication', passive_auth, 'chip_authentication', chip_auth,"
		                  " 'active_authentication', active_auth, 'face_bytes', face_bytes,"
		                  " 'face_sha256', face_sha256, 'access', access) FROM verifications ORDER BY order_id"},
		{"accounts", "SELECT json_object('account_id', a.account_id, 'kiosk_id', a.kiosk_id, 'orders',"
		             " json((SELECT json_group_array(order_id) FROM (SELECT order_id FROM order_accounts oa"
		             " WHERE oa.account_id = a.account_id ORDER BY order_id)))) FROM accounts a ORDER BY account_id"},
		{"decisions", "SELECT json_object('order_id', order_id, 'kiosk_id', kiosk_id, 'decision', decision,"
		              " 'reason_code', reason_code, 'order_version', order_version) FROM decisions ORDER BY order_id"},
		{"attendance", "SELECT json_object('appointment_id', appointment_id, 'kiosk_id', kiosk_id,"
		               " 'attendance', attendance, 'visitor_order_id', visitor_order_id)"
		               " FROM attendance ORDER BY appointment_id"},
		{"idempotency_keys", "SELECT json_object('kiosk_id', kiosk_id, 'path', path, 'status', status)"
		                     " FROM idempotency ORDER BY kiosk_id, path, key"},
	};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		json_t *list = json_array();
		sqlite3_stmt *s = prep(st, tables[t].sql);
		while (s && sqlite3_step(s) == SQLITE_ROW) {
			json_t *row = json_loads(col_text(s, 0), 0, NULL);
			if (row)
				json_array_append_new(list, row);
		}
		sqlite3_finalize(s);
		json_object_set_new(out, tables[t].name, list);
	}
	return out;
}
