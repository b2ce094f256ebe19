/* sync_store.c - opening the store, schema migrations, transactions, the
 * device key, metadata, status, audit log and retention. */
#include "sync_store_private.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const err_text[SYNC_ERR_COUNT] = {
	[SYNC_OK] = "success",
	[SYNC_ERR_ARG] = "invalid argument (a programming error in the caller)",
	[SYNC_ERR_NOMEM] = "out of memory",
	[SYNC_ERR_KEY_MISSING] = "store key not found: check store_key_file in the configuration, "
	                         "or store_key_credential and the unit's LoadCredential=",
	[SYNC_ERR_KEY_SIZE] = "store key has the wrong size: it must be exactly 32 random bytes "
	                      "(e.g. head -c32 /dev/urandom > key)",
	[SYNC_ERR_KEY_WRONG] = "store key does not match this store: use the key the store "
	                       "was created with",
	[SYNC_ERR_STORE_OPEN] = "cannot open or create the store file: check store_path "
	                        "and that its folder exists and is writable",
	[SYNC_ERR_STORE_NEWER] = "the store was written by a newer version of id06-sync: "
	                         "update this kiosk's software",
	[SYNC_ERR_STORE_CORRUPT] = "the store file is damaged or not a store",
	[SYNC_ERR_STORE_IO] = "reading or writing the store failed (disk full or failing?)",
	[SYNC_ERR_STORE_BUSY] = "the store is locked by another process; try again",
	[SYNC_ERR_TAMPERED] = "an encrypted field failed its integrity check: the store was "
	                      "modified outside id06-sync",
	[SYNC_ERR_CRYPTO] = "a cryptographic operation failed (OpenSSL)",
	[SYNC_ERR_NOT_FOUND] = "not found",
	[SYNC_ERR_TOO_LONG] = "a field is longer than its maximum",
	[SYNC_ERR_BAD_FIELD] = "a field has the wrong format",
	[SYNC_ERR_CONFIG] = "bad configuration",
	[SYNC_ERR_REPLY_TOO_BIG] = "the server's reply is larger than allowed",
	[SYNC_ERR_REPLY_JSON] = "the server's reply is not valid JSON",
	[SYNC_ERR_REPLY_SHAPE] = "the server's reply lacks a field or has a field of the wrong type",
};

const char *sync_err_str(enum sync_err err)
{
	if ((unsigned)err >= SYNC_ERR_COUNT || !err_text[err])
		return "unknown error";
	return err_text[err];
}

int64_t sync_now(void)
{
	return (int64_t)time(NULL);
}

int sync_fits(const char *field, size_t cap)
{
	return memchr(field, 0, cap) != NULL;
}

enum sync_err sync_sqlite_err(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return SYNC_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SYNC_ERR_STORE_BUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return SYNC_ERR_STORE_CORRUPT;
	case SQLITE_NOMEM:
		return SYNC_ERR_NOMEM;
	case SQLITE_CANTOPEN:
		return SYNC_ERR_STORE_OPEN;
	default:
		return SYNC_ERR_STORE_IO;
	}
}

/* ---- statements ---- */

enum sync_err sync_stmt_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	*st = NULL;
	return sync_sqlite_err(sqlite3_prepare_v2(db, sql, -1, st, NULL));
}

enum sync_err sync_stmt_row(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? SYNC_ERR_NOT_FOUND : sync_sqlite_err(rc);
}

enum sync_err sync_stmt_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return sync_sqlite_err(rc);
}

int sync_stmt_next(sqlite3_stmt *st, size_t count, size_t max, int *truncated)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && count >= max)
		*truncated = 1;
	return rc;
}

void sync_column_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	snprintf(dst, cap, "%s", v ? v : "");
}

enum sync_err sync_exec_int64(sqlite3 *db, const char *sql, int64_t v, int64_t *changes)
{
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(db, sql, &st);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, v);
	if ((err = sync_stmt_run(st)) == SYNC_OK && changes)
		*changes = sqlite3_changes(db);
	return err;
}

/* ---- the device key ---- */

enum sync_err sync_key_load(const char *path, const char *credential,
                            struct sync_key *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	sync_wipe(out, sizeof *out);
	if ((path == NULL) == (credential == NULL))
		return SYNC_ERR_ARG;
	char buf[4096];
	if (credential) {
		const char *dir = getenv("CREDENTIALS_DIRECTORY");
		if (!dir || !*dir || strchr(credential, '/') || !*credential)
			return SYNC_ERR_KEY_MISSING;
		int n = snprintf(buf, sizeof buf, "%s/%s", dir, credential);
		if (n < 0 || (size_t)n >= sizeof buf)
			return SYNC_ERR_KEY_MISSING;
		path = buf;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SYNC_ERR_KEY_MISSING;
	enum sync_err err = SYNC_ERR_KEY_SIZE;
	unsigned char tmp[SYNC_KEY_LEN + 1];
	size_t got = 0;
	for (;;) {
		ssize_t r = read(fd, tmp + got, sizeof tmp - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = SYNC_ERR_KEY_MISSING;
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got == sizeof tmp)
			break;
	}
	if (got == SYNC_KEY_LEN) {
		memcpy(out->bytes, tmp, SYNC_KEY_LEN);
		err = SYNC_OK;
	}
out:
	sync_wipe(tmp, sizeof tmp);
	close(fd);
	return err;
}

/* ---- schema ---- */

/* Each step moves the schema up by one version.  Never edit a released
 * step: add a new one. */
static const char *const schema_steps[] = {
	/* 1: orders cache, outbox, audit log, settings */
	"CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE orders(order_id TEXT PRIMARY KEY, version INTEGER NOT NULL,"
	" status TEXT NOT NULL, dob_bi BLOB NOT NULL, surname BLOB, given_names BLOB,"
	" birth_date BLOB, nationality BLOB, identification_number BLOB, email BLOB,"
	" mobile BLOB, fetched_at INTEGER NOT NULL);"
	"CREATE INDEX orders_dob_bi ON orders(dob_bi);"
	"CREATE TABLE outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" idem_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, order_id TEXT NOT NULL,"
	" payload BLOB NOT NULL, face BLOB, state INTEGER NOT NULL DEFAULT 0,"
	" attempts INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL,"
	" http_status INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '',"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
	" event TEXT NOT NULL, ref TEXT NOT NULL, detail TEXT NOT NULL);",
	/* 2: today's appointments */
	"CREATE TABLE appts(appt_id TEXT PRIMARY KEY, order_id TEXT NOT NULL,"
	" starts_at INTEGER NOT NULL, site TEXT NOT NULL, display_name BLOB,"
	" state INTEGER NOT NULL DEFAULT 0, visitor_order_id TEXT NOT NULL DEFAULT '',"
	" updated_at INTEGER NOT NULL, fetched_at INTEGER NOT NULL);"
	"CREATE INDEX appts_start ON appts(starts_at);",
	/* 3: contract v1 order and appointment fields, per-attempt history,
	 * indexes for status and purge */
	"ALTER TABLE orders ADD COLUMN org_number TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN company TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN card_type TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN valid_until TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN requires_rp INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE orders ADD COLUMN coordination_number BLOB;"
	"ALTER TABLE appts ADD COLUMN site_name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE appts ADD COLUMN ends_at INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX orders_fetched ON orders(fetched_at);"
	"CREATE INDEX outbox_state ON outbox(state, seq);"
	"CREATE INDEX audit_at ON audit(at);"
	"CREATE TABLE outbox_attempts(seq INTEGER NOT NULL"
	" REFERENCES outbox(seq) ON DELETE CASCADE, at INTEGER NOT NULL,"
	" http_status INTEGER NOT NULL, error TEXT NOT NULL);"
	"CREATE INDEX outbox_attempts_seq ON outbox_attempts(seq);",
	/* 4: blind indexes of the birth year and month, for documents that
	 * leave the day or the month unknown; filled in at open (keyed). */
	"ALTER TABLE orders ADD COLUMN dob_bi_month BLOB;"
	"ALTER TABLE orders ADD COLUMN dob_bi_year BLOB;"
	"CREATE INDEX orders_dob_bi_month ON orders(dob_bi_month);"
	"CREATE INDEX orders_dob_bi_year ON orders(dob_bi_year);",
};

int sync_schema_steps(void)
{
	return (int)(sizeof schema_steps / sizeof schema_steps[0]);
}

int sync_store_schema_version(void)
{
	return sync_schema_steps();
}

static enum sync_err user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return sync_sqlite_err(rc);
}

enum sync_err sync_schema_migrate(sqlite3 *db, int target)
{
	int have = 0;
	enum sync_err err = user_version(db, &have);
	if (err)
		return err;
	if (have > sync_schema_steps())
		return SYNC_ERR_STORE_NEWER;
	if (target > sync_schema_steps() || target < 0)
		return SYNC_ERR_ARG;
	while (have < target) {
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return sync_sqlite_err(rc);
		/* Read again under the write lock: another process may have
		 * migrated meanwhile. */
		if ((err = user_version(db, &have)) != SYNC_OK)
			goto fail;
		if (have >= target) {
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			break;
		}
		rc = sqlite3_exec(db, schema_steps[have], NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			char sql[64];
			snprintf(sql, sizeof sql, "PRAGMA user_version=%d", have + 1);
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		}
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			err = sync_sqlite_err(rc);
			goto fail;
		}
		have++;
	}
	return SYNC_OK;
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

/* ---- transactions ---- */

enum sync_err sync_tx_begin(struct sync_store *s)
{
	if (s->depth == 0) {
		int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return sync_sqlite_err(rc);
	}
	s->depth++;
	return SYNC_OK;
}

enum sync_err sync_tx_end(struct sync_store *s, enum sync_err err)
{
	if (s->depth <= 0)
		return err ? err : SYNC_ERR_ARG;
	if (--s->depth > 0)
		return err;
	if (err) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return err;
	}
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return sync_sqlite_err(rc);
	}
	return SYNC_OK;
}

enum sync_err sync_store_begin(struct sync_store *store)
{
	if (!store)
		return SYNC_ERR_ARG;
	return sync_tx_begin(store);
}

enum sync_err sync_store_commit(struct sync_store *store)
{
	if (!store)
		return SYNC_ERR_ARG;
	return sync_tx_end(store, SYNC_OK);
}

void sync_store_rollback(struct sync_store *store)
{
	if (store && store->depth > 0) {
		store->depth = 1;
		sync_tx_end(store, SYNC_ERR_ARG);
	}
}

/* ---- metadata ---- */

static enum sync_err meta_get(sqlite3 *db, const char *name, char *value, size_t cap)
{
	value[0] = 0;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(db, "SELECT value FROM meta WHERE name=?1", &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((err = sync_stmt_row(st)) == SYNC_OK) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		size_t n = v ? strlen(v) : 0;
		if (n >= cap)
			err = SYNC_ERR_TOO_LONG;
		else if (v)
			memcpy(value, v, n + 1);
	}
	sqlite3_finalize(st);
	return err;
}

static enum sync_err meta_set(sqlite3 *db, const char *name, const char *value)
{
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(db,
		"INSERT INTO meta(name,value) VALUES(?1,?2)"
		" ON CONFLICT(name) DO UPDATE SET value=excluded.value", &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return sync_stmt_run(st);
}

enum sync_err sync_store_meta_get(struct sync_store *store, const char *name,
                                  char *value, size_t cap)
{
	if (!store || !name || !value || !cap)
		return SYNC_ERR_ARG;
	return meta_get(store->db, name, value, cap);
}

enum sync_err sync_store_meta_set(struct sync_store *store, const char *name,
                                  const char *value)
{
	if (!store || !name || !value)
		return SYNC_ERR_ARG;
	return meta_set(store->db, name, value);
}

/* ---- open and close ---- */

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = 0;
}

/* The store keeps a key check value (an HKDF output independent of the
 * other subkeys) so a wrong key is an error at open, not garbage later. */
static enum sync_err check_key(struct sync_store *s)
{
	char want[65], have[80];
	hex(s->keys.check, 16, want);
	enum sync_err err = meta_get(s->db, "key_check", have, sizeof have);
	if (err == SYNC_ERR_NOT_FOUND) {
		err = sync_tx_begin(s);
		if (err)
			return err;
		err = meta_get(s->db, "key_check", have, sizeof have);
		if (err == SYNC_ERR_NOT_FOUND) {
			err = meta_set(s->db, "key_check", want);
			return sync_tx_end(s, err);
		}
		sync_tx_end(s, SYNC_OK);
	}
	if (err)
		return err;
	if (strlen(have) != strlen(want) || CRYPTO_memcmp(have, want, strlen(want)) != 0)
		return SYNC_ERR_KEY_WRONG;
	return SYNC_OK;
}

enum sync_err sync_store_open(const char *path, const struct sync_key *key,
                              const struct sync_store_options *opts,
                              struct sync_store **out)
{
	if (!out)
		return SYNC_ERR_ARG;
	*out = NULL;
	if (!path || !key)
		return SYNC_ERR_ARG;
	enum sync_err err;
	struct sync_store *s = calloc(1, sizeof *s);
	if (!s)
		return SYNC_ERR_NOMEM;
	if (opts)
		s->opts = *opts;
	if (s->opts.order_max_age_s <= 0)
		s->opts.order_max_age_s = 86400;
	if (s->opts.audit_max_age_s <= 0)
		s->opts.audit_max_age_s = 90 * 86400;
	if ((err = sync_keys_derive(key, &s->keys)) != SYNC_OK)
		goto fail;
	mode_t old = umask(077); /* the store and its WAL: owner only */
	int rc = sqlite3_open_v2(path, &s->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		err = SYNC_ERR_STORE_OPEN;
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL for concurrent readers; synchronous=FULL so a commit that
	 * returned survives a power cut; secure_delete so deleted personal
	 * data is overwritten, not left in free pages. */
	rc = sqlite3_exec(s->db,
	                  "PRAGMA journal_mode=WAL;"
	                  "PRAGMA synchronous=FULL;"
	                  "PRAGMA foreign_keys=ON;"
	                  "PRAGMA secure_delete=ON;",
	                  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err = sync_sqlite_err(rc);
		if (err == SYNC_ERR_STORE_IO)
			err = SYNC_ERR_STORE_CORRUPT;
		goto fail;
	}
	if ((err = sync_schema_migrate(s->db, sync_schema_steps())) != SYNC_OK)
		goto fail;
	if ((err = check_key(s)) != SYNC_OK)
		goto fail;
	if ((err = sync_orders_backfill(s)) != SYNC_OK)
		goto fail;
	*out = s;
	return SYNC_OK;
fail:
	sync_store_close(s);
	return err;
}

void sync_store_close(struct sync_store *store)
{
	if (!store)
		return;
	if (store->depth > 0)
		sync_store_rollback(store);
	sqlite3_close(store->db);
	sync_wipe(&store->keys, sizeof store->keys);
	free(store);
}

/* ---- status ---- */

static int64_t meta_int(sqlite3 *db, const char *name)
{
	char v[32];
	if (meta_get(db, name, v, sizeof v) != SYNC_OK)
		return 0;
	return strtoll(v, NULL, 10);
}

static enum sync_err meta_set_int(sqlite3 *db, const char *name, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return meta_set(db, name, buf);
}

enum sync_err sync_status_get(struct sync_store *store, struct sync_status *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT state, count(*) FROM outbox GROUP BY state", &st);
	if (err)
		return err;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int state = sqlite3_column_int(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);
		if (state == SYNC_OUTBOX_PENDING)
			out->pending = n;
		else if (state == SYNC_OUTBOX_FAILED)
			out->failed = n;
		else if (state == SYNC_OUTBOX_CONFLICT)
			out->conflict = n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sync_sqlite_err(rc);
	err = sync_orders_count(store, &out->orders_cached);
	if (err)
		return err;
	out->acked_total = meta_int(store->db, "acked_total");
	out->last_success_at = meta_int(store->db, "last_success_at");
	out->last_attempt_at = meta_int(store->db, "last_attempt_at");
	meta_get(store->db, "last_error", out->last_error, sizeof out->last_error);
	return SYNC_OK;
}

enum sync_err sync_status_note(struct sync_store *store, int64_t at, const char *error)
{
	if (!store)
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	err = meta_set_int(store->db, "last_attempt_at", at);
	if (!err && !error)
		err = meta_set_int(store->db, "last_success_at", at);
	if (!err) {
		char e[SYNC_REASON_MAX];
		snprintf(e, sizeof e, "%s", error ? error : "");
		err = meta_set(store->db, "last_error", e);
	}
	return sync_tx_end(store, err);
}

/* Called by the outbox on acknowledgement, inside its transaction. */
enum sync_err sync_status_count_ack(struct sync_store *store);
enum sync_err sync_status_count_ack(struct sync_store *store)
{
	return meta_set_int(store->db, "acked_total", meta_int(store->db, "acked_total") + 1);
}

/* ---- audit ---- */

enum sync_err sync_audit_append(struct sync_store *store, const char *event,
                                const char *ref, const char *detail)
{
	if (!store || !event)
		return SYNC_ERR_ARG;
	if (strlen(event) >= SYNC_STATUS_MAX || (ref && strlen(ref) >= SYNC_ID_MAX) ||
	    (detail && strlen(detail) >= SYNC_REASON_MAX))
		return SYNC_ERR_TOO_LONG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"INSERT INTO audit(at,event,ref,detail) VALUES(?1,?2,?3,?4)", &st);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, sync_now());
	sqlite3_bind_text(st, 2, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ref ? ref : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_STATIC);
	return sync_stmt_run(st);
}

enum sync_err sync_audit_read(struct sync_store *store, int64_t after_id,
                              struct sync_audit_list *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store)
		return SYNC_ERR_ARG;
	sqlite3_stmt *st;
	enum sync_err err = sync_stmt_prepare(store->db,
		"SELECT id,at,event,ref,detail FROM audit WHERE id>?1 ORDER BY id LIMIT ?2", &st);
	if (err)
		return err;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, SYNC_AUDIT_LIST_MAX + 1);
	int rc;
	while ((rc = sync_stmt_next(st, out->count, SYNC_AUDIT_LIST_MAX, &out->truncated)) ==
	       SQLITE_ROW) {
		struct sync_audit *a = &out->items[out->count++];
		a->id = sqlite3_column_int64(st, 0);
		a->at = sqlite3_column_int64(st, 1);
		sync_column_text(a->event, sizeof a->event, st, 2);
		sync_column_text(a->ref, sizeof a->ref, st, 3);
		sync_column_text(a->detail, sizeof a->detail, st, 4);
	}
	sqlite3_finalize(st);
	return sync_sqlite_err(rc);
}

/* ---- retention ---- */

enum sync_err sync_store_purge(struct sync_store *store, int64_t now,
                               struct sync_purge_counts *out)
{
	if (!out)
		return SYNC_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!store)
		return SYNC_ERR_ARG;
	enum sync_err err = sync_tx_begin(store);
	if (err)
		return err;
	int64_t order_cut = now - store->opts.order_max_age_s;
	err = sync_exec_int64(store->db, "DELETE FROM orders WHERE fetched_at < ?1",
	                      order_cut, &out->orders);
	if (!err)
		err = sync_exec_int64(store->db, "DELETE FROM appts WHERE fetched_at < ?1",
		                      order_cut, &out->appts);
	if (!err)
		err = sync_exec_int64(store->db, "DELETE FROM audit WHERE at < ?1",
		                      now - store->opts.audit_max_age_s, &out->audit);
	/* The delta only resends changed orders: once any cached order was
	 * purged, the next pull must be a full snapshot, or orders still
	 * pending on the server would never come back. */
	if (!err && out->orders)
		err = meta_set(store->db, "orders_cursor", "");
	if (!err && (out->orders || out->appts || out->audit)) {
		char detail[128];
		snprintf(detail, sizeof detail, "orders=%lld appointments=%lld audit=%lld",
		         (long long)out->orders, (long long)out->appts, (long long)out->audit);
		err = sync_audit_append(store, "retention_purge", "", detail);
	}
	return sync_tx_end(store, err);
}
