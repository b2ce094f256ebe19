/* store_test.c - the store: migrations, encryption at rest, tamper and
 * wrong-key detection, nonce uniqueness, blind-index look-up, outbox
 * states, retention. */
#include <sqlite3.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sync.h"
#include "sync_crypto.h"
#include "sync_store_private.h"
#include "test_util.h"

static char dir[4096];

static void make_key(struct sync_key *k, unsigned char seed)
{
	for (size_t i = 0; i < sizeof k->bytes; i++)
		k->bytes[i] = (unsigned char)(seed * 31 + i * 7);
}

static void path_in(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static struct sync_order sample_order(int i)
{
	struct sync_order o;
	memset(&o, 0, sizeof o);
	snprintf(o.order_id, sizeof o.order_id, "N-%06d", i);
	o.version = 1 + i % 3;
	snprintf(o.status, sizeof o.status, "awaiting_identification");
	snprintf(o.org_number, sizeof o.org_number, "556677-8899");
	snprintf(o.company, sizeof o.company, "Bygg AB");
	snprintf(o.card_type, sizeof o.card_type, "standard");
	snprintf(o.valid_until, sizeof o.valid_until, "2027-05-31");
	snprintf(o.surname, sizeof o.surname, "W\xc3\xb3jcik%d", i);
	snprintf(o.given_names, sizeof o.given_names, "Zdzis\xc5\x82\x61w");
	snprintf(o.birth_date, sizeof o.birth_date, "19%02d-%02d-%02d", 50 + i % 50,
	         1 + i % 12, 1 + i % 28);
	snprintf(o.nationality, sizeof o.nationality, "POL");
	snprintf(o.identification_number, sizeof o.identification_number, "ID%07d", i);
	snprintf(o.email, sizeof o.email, "worker%d@example.org", i);
	snprintf(o.mobile, sizeof o.mobile, "+4670%07d", i);
	return o;
}

static int orders_equal(const struct sync_order *a, const struct sync_order *b)
{
	return strcmp(a->order_id, b->order_id) == 0 && a->version == b->version &&
	       strcmp(a->surname, b->surname) == 0 &&
	       strcmp(a->given_names, b->given_names) == 0 &&
	       strcmp(a->birth_date, b->birth_date) == 0 &&
	       strcmp(a->nationality, b->nationality) == 0 &&
	       strcmp(a->identification_number, b->identification_number) == 0 &&
	       strcmp(a->email, b->email) == 0 && strcmp(a->mobile, b->mobile) == 0 &&
	       strcmp(a->company, b->company) == 0 && strcmp(a->card_type, b->card_type) == 0;
}

static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "raw_exec: %s: %s\n", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc;
}

/* Flips one byte of a BLOB column of the first matching row. */
static int raw_flip(const char *path, const char *table, const char *column,
                    const char *where, int at)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char sql[512];
	int ok = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto out;
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s", column, table, where);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto out;
	int n = sqlite3_column_bytes(st, 0);
	unsigned char buf[8192];
	if (n <= 0 || (size_t)n > sizeof buf)
		goto out;
	memcpy(buf, sqlite3_column_blob(st, 0), (size_t)n);
	sqlite3_finalize(st);
	st = NULL;
	int pos = at < 0 ? n + at : at;
	buf[pos] ^= 0x01;
	snprintf(sql, sizeof sql, "UPDATE %s SET %s=?1 WHERE %s", table, column, where);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_blob(st, 1, buf, n, SQLITE_TRANSIENT);
	ok = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

static void test_key_load(void)
{
	char p[4200];
	unsigned char bytes[40];
	for (size_t i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)i;
	static const struct {
		const char *name;
		size_t len; /* (size_t)-1: no file */
		enum sync_err want;
	} rows[] = {
		{"key-missing", (size_t)-1, SYNC_ERR_KEY_MISSING},
		{"key-empty", 0, SYNC_ERR_KEY_SIZE},
		{"key-31", 31, SYNC_ERR_KEY_SIZE},
		{"key-32", 32, SYNC_OK},
		{"key-33", 33, SYNC_ERR_KEY_SIZE},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		path_in(p, sizeof p, rows[i].name);
		if (rows[i].len != (size_t)-1)
			test_write_file(p, bytes, rows[i].len);
		struct sync_key k;
		EXPECT_ERR(rows[i].name, rows[i].want, sync_key_load(p, NULL, &k));
		if (rows[i].want == SYNC_OK)
			EXPECT_INT("key bytes", 0, memcmp(k.bytes, bytes, 32));
	}
	/* systemd credential: $CREDENTIALS_DIRECTORY/NAME */
	struct sync_key k;
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	EXPECT_ERR("credential", SYNC_OK, sync_key_load(NULL, "key-32", &k));
	EXPECT_ERR("credential missing", SYNC_ERR_KEY_MISSING,
	           sync_key_load(NULL, "nope", &k));
	EXPECT_ERR("credential with slash", SYNC_ERR_KEY_MISSING,
	           sync_key_load(NULL, "../key-32", &k));
	unsetenv("CREDENTIALS_DIRECTORY");
	EXPECT_ERR("no credentials dir", SYNC_ERR_KEY_MISSING, sync_key_load(NULL, "key-32", &k));
	EXPECT_ERR("both path and credential", SYNC_ERR_ARG, sync_key_load(p, "x", &k));
}

/* Builds a store at schema version `v` with raw SQL written for that
 * version, then opens it with the current code. */
static void test_migrations(void)
{
	struct sync_key key;
	make_key(&key, 1);
	struct sync_keys keys;
	sync_keys_derive(&key, &keys);
	char p[4200];

	/* From empty. */
	path_in(p, sizeof p, "mig-empty.db");
	struct sync_store *s = NULL;
	EXPECT_ERR("open empty", SYNC_OK, sync_store_open(p, &key, NULL, &s));
	sync_store_close(s);
	sqlite3 *db = NULL;
	sqlite3_open(p, &db);
	int v = -1;
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	EXPECT_INT("version after open", sync_store_schema_version(), v);

	for (int from = 1; from < sync_schema_steps(); from++) {
		char name[64];
		snprintf(name, sizeof name, "mig-v%d.db", from);
		path_in(p, sizeof p, name);
		db = NULL;
		sqlite3_open(p, &db);
		EXPECT_ERR("migrate to old version", SYNC_OK, sync_schema_migrate(db, from));
		/* An order as version 1 wrote it. */
		unsigned char *sealed = NULL, bi[SYNC_BLIND_LEN];
		size_t len = 0;
		sync_field_seal(&keys, "orders", "surname", "N-1", "Old\xc3\xa9", 5, &sealed, &len);
		sync_blind_index(&keys, "birth_date", "1980-02-03", bi);
		unsigned char *dob = NULL;
		size_t dob_len = 0;
		sync_field_seal(&keys, "orders", "birth_date", "N-1", "1980-02-03", 10, &dob, &dob_len);
		sqlite3_prepare_v2(db, "INSERT INTO orders(order_id,version,status,dob_bi,surname,"
		                   "birth_date,fetched_at) VALUES('N-1',7,'awaiting_identification',"
		                   "?1,?2,?3,strftime('%s','now'))", -1, &st, NULL);
		sqlite3_bind_blob(st, 1, bi, sizeof bi, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, sealed, (int)len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, dob, (int)dob_len, SQLITE_STATIC);
		EXPECT_INT("insert v1 order", SQLITE_DONE, sqlite3_step(st));
		sqlite3_finalize(st);
		sync_field_free(sealed, len);
		sync_field_free(dob, dob_len);
		if (from >= 2)
			EXPECT_INT("insert v2 appointment", SQLITE_OK,
			           sqlite3_exec(db, "INSERT INTO appts(appt_id,order_id,starts_at,site,"
			                        "updated_at,fetched_at) VALUES('A-1','N-1',1000,'x',"
			                        "strftime('%s','now'),strftime('%s','now'))",
			                        NULL, NULL, NULL));
		sqlite3_close(db);

		s = NULL;
		EXPECT_ERR(name, SYNC_OK, sync_store_open(p, &key, NULL, &s));
		struct sync_order o;
		EXPECT_ERR("old order readable", SYNC_OK, sync_orders_get(s, "N-1", &o));
		EXPECT_STR("old order surname", "Old\xc3\xa9", o.surname);
		EXPECT_INT("old order version", 7, o.version);
		struct sync_order_list list;
		EXPECT_ERR("old order by birth date", SYNC_OK,
		           sync_orders_find_by_birth_date(s, "1980-02-03", &list));
		EXPECT_INT("old order found", 1, list.count);
		/* Indexes added later are filled in at open, with the key. */
		EXPECT_ERR("old order by year-month", SYNC_OK,
		           sync_orders_find_by_birth_date(s, "1980-02", &list));
		EXPECT_INT("old order found by year-month", 1, list.count);
		EXPECT_ERR("old order by year", SYNC_OK,
		           sync_orders_find_by_birth_date(s, "1980", &list));
		EXPECT_INT("old order found by year", 1, list.count);
		struct sync_appt_list appts;
		EXPECT_ERR("appointments", SYNC_OK, sync_appts_list(s, 0, 2000, &appts));
		EXPECT_INT("old appointments", from >= 2 ? 1 : 0, appts.count);
		/* New columns work on a migrated store. */
		struct sync_order n = sample_order(5);
		EXPECT_ERR("put after migration", SYNC_OK, sync_orders_put(s, &n));
		sync_store_close(s);
	}

	/* A store from the future is refused, not downgraded. */
	path_in(p, sizeof p, "mig-empty.db");
	raw_exec(p, "PRAGMA user_version=99");
	s = NULL;
	EXPECT_ERR("newer store", SYNC_ERR_STORE_NEWER, sync_store_open(p, &key, NULL, &s));
	EXPECT_TRUE("no handle on error", s == NULL);

	/* Not a database. */
	path_in(p, sizeof p, "garbage.db");
	char junk[4096];
	memset(junk, 'x', sizeof junk);
	test_write_file(p, junk, sizeof junk);
	EXPECT_ERR("garbage file", SYNC_ERR_STORE_CORRUPT, sync_store_open(p, &key, NULL, &s));
	path_in(p, sizeof p, "no/such/folder/x.db");
	EXPECT_ERR("missing folder", SYNC_ERR_STORE_OPEN, sync_store_open(p, &key, NULL, &s));
	sync_wipe(&keys, sizeof keys);
}

static void test_crypto(void)
{
	struct sync_key key, other;
	make_key(&key, 2);
	make_key(&other, 3);
	char p[4200];
	path_in(p, sizeof p, "crypto.db");
	struct sync_store *s = NULL;
	EXPECT_ERR("open", SYNC_OK, sync_store_open(p, &key, NULL, &s));

	/* Round trip. */
	struct sync_order a = sample_order(1), b = sample_order(2), got;
	snprintf(b.surname, sizeof b.surname, "%s", a.surname); /* same plaintext */
	EXPECT_ERR("put a", SYNC_OK, sync_orders_put(s, &a));
	EXPECT_ERR("put b", SYNC_OK, sync_orders_put(s, &b));
	EXPECT_ERR("get a", SYNC_OK, sync_orders_get(s, a.order_id, &got));
	EXPECT_TRUE("round trip", orders_equal(&a, &got));
	EXPECT_ERR("get missing", SYNC_ERR_NOT_FOUND, sync_orders_get(s, "N-none", &got));

	/* Nonces: 20000 seals of the same field never repeat a nonce; two rows
	 * with the same surname hold different ciphertexts. */
	enum { N = 20000 };
	unsigned char(*nonces)[SYNC_NONCE_LEN] = malloc((size_t)N * SYNC_NONCE_LEN);
	for (int i = 0; i < N; i++) {
		unsigned char *c = NULL;
		size_t n = 0;
		sync_field_seal(&s->keys, "t", "c", "r", "same", 4, &c, &n);
		memcpy(nonces[i], c + 1, SYNC_NONCE_LEN);
		sync_field_free(c, n);
	}
	int dup = 0;
	/* sort-free check: hash into buckets */
	enum { B = 1 << 16 };
	int *head = malloc(B * sizeof *head), *next = malloc(N * sizeof *next);
	for (int i = 0; i < B; i++)
		head[i] = -1;
	for (int i = 0; i < N; i++) {
		unsigned h = (unsigned)nonces[i][0] | (unsigned)nonces[i][1] << 8;
		for (int j = head[h]; j >= 0; j = next[j])
			dup += memcmp(nonces[i], nonces[j], SYNC_NONCE_LEN) == 0;
		next[i] = head[h];
		head[h] = i;
	}
	EXPECT_INT("repeated nonces", 0, dup);
	free(head);
	free(next);
	free(nonces);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(s->db, "SELECT count(DISTINCT surname) FROM orders", -1, &st, NULL);
	sqlite3_step(st);
	EXPECT_INT("distinct ciphertexts of one name", 2, sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	sync_store_close(s);

	/* Nothing personal in clear in the file or its WAL. */
	char wal[4300];
	snprintf(wal, sizeof wal, "%s-wal", p);
	const char *needles[] = {"W\xc3\xb3jcik1", "worker1@example.org", "ID0000001", "1951-02-02"};
	for (size_t i = 0; i < 4; i++) {
		EXPECT_INT(needles[i], 0, test_file_contains(p, needles[i]));
		EXPECT_INT(needles[i], 0, test_file_contains(wal, needles[i]));
	}

	/* Wrong key: refused at open. */
	s = NULL;
	EXPECT_ERR("wrong key", SYNC_ERR_KEY_WRONG, sync_store_open(p, &other, NULL, &s));

	/* Tampering: a flipped byte anywhere, or a ciphertext moved to another
	 * row or column, is an error, never garbage. */
	static const struct {
		const char *what;
		const char *column;
		const char *where;
		int at;
	} flips[] = {
		{"flip in nonce", "surname", "order_id='N-000001'", 3},
		{"flip in ciphertext", "given_names", "order_id='N-000001'", 15},
		{"flip in tag", "email", "order_id='N-000001'", -1},
		{"flip in version byte", "mobile", "order_id='N-000001'", 0},
	};
	for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
		EXPECT_ERR("reopen", SYNC_OK, sync_store_open(p, &key, NULL, &s));
		sync_orders_put(s, &a);
		sync_store_close(s);
		EXPECT_INT(flips[i].what, 0, raw_flip(p, "orders", flips[i].column, flips[i].where,
		                                      flips[i].at));
		EXPECT_ERR("reopen", SYNC_OK, sync_store_open(p, &key, NULL, &s));
		memset(&got, 'x', sizeof got);
		EXPECT_ERR(flips[i].what, SYNC_ERR_TAMPERED, sync_orders_get(s, a.order_id, &got));
		EXPECT_INT("result emptied", 0, got.surname[0]);
		sync_store_close(s);
	}
	EXPECT_INT("swap rows", SQLITE_OK,
	           raw_exec(p, "UPDATE orders SET surname=(SELECT surname FROM orders WHERE"
	                       " order_id='N-000002') WHERE order_id='N-000001'"));
	EXPECT_ERR("reopen", SYNC_OK, sync_store_open(p, &key, NULL, &s));
	EXPECT_ERR("ciphertext from another row", SYNC_ERR_TAMPERED,
	           sync_orders_get(s, a.order_id, &got));
	sync_store_close(s);
	EXPECT_INT("swap columns", SQLITE_OK,
	           raw_exec(p, "UPDATE orders SET email=mobile WHERE order_id='N-000002'"));
	EXPECT_ERR("reopen", SYNC_OK, sync_store_open(p, &key, NULL, &s));
	EXPECT_ERR("ciphertext from another column", SYNC_ERR_TAMPERED,
	           sync_orders_get(s, b.order_id, &got));

	/* The outbox: a face round-trips, and a flipped face byte is caught. */
	static unsigned char face[50000];
	for (size_t i = 0; i < sizeof face; i++)
		face[i] = (unsigned char)(i * 13);
	struct sync_result r;
	memset(&r, 0, sizeof r);
	r.kind = SYNC_RESULT_IDENTITY_VERIFIED;
	snprintf(r.order_id, sizeof r.order_id, "N-000001");
	r.order_version = 2;
	snprintf(r.surname, sizeof r.surname, "W\xc3\xb3jcik");
	snprintf(r.document.type, sizeof r.document.type, "passport");
	snprintf(r.document.number, sizeof r.document.number, "XA1234567");
	r.passive_auth = SYNC_VERDICT_PASSED;
	r.face = face;
	r.face_len = sizeof face;
	char idem[SYNC_IDEM_MAX];
	EXPECT_ERR("enqueue", SYNC_OK, sync_outbox_enqueue(s, &r, idem));
	EXPECT_INT("uuid length", 36, strlen(idem));
	struct sync_outbox_item item;
	int64_t due = 0;
	EXPECT_ERR("peek", SYNC_OK, sync_outbox_peek(s, &item, &due));
	EXPECT_STR("idem", idem, item.idem_key);
	EXPECT_STR("surname", r.surname, item.result.surname);
	EXPECT_STR("doc number", "XA1234567", item.result.document.number);
	EXPECT_INT("verdict", SYNC_VERDICT_PASSED, item.result.passive_auth);
	EXPECT_INT("order version", 2, item.result.order_version);
	EXPECT_TRUE("time stamped at enqueue", item.result.at > 0);
	EXPECT_INT("face length", sizeof face, item.result.face_len);
	EXPECT_INT("face bytes", 0, item.result.face ? memcmp(item.result.face, face, sizeof face) : -1);
	sync_outbox_item_fini(&item);
	sync_store_close(s);
	char where[128];
	snprintf(where, sizeof where, "idem_key='%s'", idem);
	raw_flip(p, "outbox", "payload", where, 20);
	EXPECT_ERR("reopen", SYNC_OK, sync_store_open(p, &key, NULL, &s));
	EXPECT_ERR("tampered payload", SYNC_ERR_TAMPERED, sync_outbox_peek(s, &item, &due));
	sync_store_close(s);
}

static void test_blind_index(void)
{
	struct sync_key key;
	make_key(&key, 4);
	char p[4200];
	path_in(p, sizeof p, "index.db");
	struct sync_store *s = NULL;
	EXPECT_ERR("open", SYNC_OK, sync_store_open(p, &key, NULL, &s));
	sync_store_begin(s);
	for (int i = 0; i < 3000; i++) {
		struct sync_order o = sample_order(i);
		if (sync_orders_put(s, &o) != SYNC_OK) {
			EXPECT_TRUE("put", 0);
			break;
		}
	}
	EXPECT_ERR("commit", SYNC_OK, sync_store_commit(s));
	static const char *const dates[] = {"1950-01-01", "1961-12-12", "1999-04-28",
	                                    "2001-01-01", "1976-02-29",
	                                    /* day, or month and day, unknown */
	                                    "1961-12", "1999-04", "1950", "1977"};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		struct sync_order_list idx, scan;
		EXPECT_ERR(dates[i], SYNC_OK, sync_orders_find_by_birth_date(s, dates[i], &idx));
		EXPECT_ERR(dates[i], SYNC_OK, sync_orders_find_by_birth_date_scan(s, dates[i], &scan));
		EXPECT_INT(dates[i], scan.count, idx.count);
		for (size_t j = 0; j < idx.count && j < scan.count; j++) {
			EXPECT_STR("same order", scan.items[j].order_id, idx.items[j].order_id);
			EXPECT_INT("birth date", 0, strncmp(dates[i], idx.items[j].birth_date,
			                                    strlen(dates[i])));
		}
	}
	/* 3000 orders over 50 years x 12 months x 28 days: 1950-01-01 is i=0
	 * and every i with i%50==0, i%12==0, i%28==0 (lcm 2100): 2 orders. */
	struct sync_order_list l;
	sync_orders_find_by_birth_date(s, "1950-01-01", &l);
	EXPECT_INT("matches of 1950-01-01", 2, l.count);
	EXPECT_ERR("bad date", SYNC_ERR_BAD_FIELD, sync_orders_find_by_birth_date(s, "1950-1-1", &l));
	EXPECT_ERR("no such month", SYNC_ERR_BAD_FIELD,
	           sync_orders_find_by_birth_date(s, "1961-13", &l));
	EXPECT_ERR("three digits", SYNC_ERR_BAD_FIELD, sync_orders_find_by_birth_date(s, "196", &l));
	EXPECT_ERR("no such day", SYNC_ERR_BAD_FIELD,
	           sync_orders_find_by_birth_date(s, "1975-02-29", &l));
	EXPECT_ERR("bad date", SYNC_ERR_BAD_FIELD,
	           sync_orders_find_by_birth_date(s, "1950-13-01", &l));

	/* The look-up uses the index. */
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(s->db, "EXPLAIN QUERY PLAN SELECT * FROM orders WHERE dob_bi=?1",
	                   -1, &st, NULL);
	int uses_index = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		uses_index |= strstr((const char *)sqlite3_column_text(st, 3), "orders_dob_bi") != NULL;
	sqlite3_finalize(st);
	EXPECT_TRUE("query plan uses orders_dob_bi", uses_index);

	/* More than SYNC_MATCH_MAX matches are reported as truncated. */
	sync_store_begin(s);
	for (int i = 0; i < SYNC_MATCH_MAX + 3; i++) {
		struct sync_order o = sample_order(10000 + i);
		snprintf(o.birth_date, sizeof o.birth_date, "1988-08-08");
		sync_orders_put(s, &o);
	}
	sync_store_commit(s);
	sync_orders_find_by_birth_date(s, "1988-08-08", &l);
	EXPECT_INT("capped", SYNC_MATCH_MAX, l.count);
	EXPECT_INT("truncated", 1, l.truncated);
	sync_wipe(&l, sizeof l);
	sync_store_close(s);
}

static struct sync_result result_for(const char *order, enum sync_result_kind kind)
{
	struct sync_result r;
	memset(&r, 0, sizeof r);
	r.kind = kind;
	snprintf(r.order_id, sizeof r.order_id, "%s", order);
	r.order_version = 1;
	if (kind == SYNC_RESULT_ORDER_REJECTED)
		snprintf(r.reason_code, sizeof r.reason_code, "wrong_name");
	return r;
}

static void test_outbox_and_retention(void)
{
	struct sync_key key;
	make_key(&key, 5);
	char p[4200];
	path_in(p, sizeof p, "outbox.db");
	struct sync_store_options opts = {.order_max_age_s = 3600, .audit_max_age_s = 7200};
	struct sync_store *s = NULL;
	EXPECT_ERR("open", SYNC_OK, sync_store_open(p, &key, &opts, &s));

	/* Bad results are refused before they reach the queue. */
	struct sync_result bad = result_for("N-1/../x", SYNC_RESULT_IDENTITY_VERIFIED);
	EXPECT_ERR("order id outside the contract's pattern", SYNC_ERR_BAD_FIELD,
	           sync_outbox_enqueue(s, &bad, NULL));
	bad = result_for("N-1", SYNC_RESULT_ORDER_REJECTED);
	bad.reason_code[0] = 0;
	EXPECT_ERR("rejection without reason code", SYNC_ERR_BAD_FIELD,
	           sync_outbox_enqueue(s, &bad, NULL));
	bad = result_for("N-1", SYNC_RESULT_IDENTITY_VERIFIED);
	bad.face_len = SYNC_FACE_MAX + 1;
	bad.face = (const unsigned char *)"x";
	EXPECT_ERR("face too big", SYNC_ERR_TOO_LONG, sync_outbox_enqueue(s, &bad, NULL));

	struct sync_order o = sample_order(1);
	sync_orders_put(s, &o);
	char k[4][SYNC_IDEM_MAX];
	enum sync_result_kind kinds[4] = {SYNC_RESULT_IDENTITY_VERIFIED, SYNC_RESULT_ACCOUNT_CREATED,
	                                  SYNC_RESULT_ORDER_CONFIRMED, SYNC_RESULT_ORDER_REJECTED};
	for (int i = 0; i < 4; i++) {
		struct sync_result r = result_for(i < 3 ? o.order_id : "N-2", kinds[i]);
		EXPECT_ERR("enqueue", SYNC_OK, sync_outbox_enqueue(s, &r, k[i]));
	}
	EXPECT_TRUE("keys differ", strcmp(k[0], k[1]) != 0);
	struct sync_status st;
	sync_status_get(s, &st);
	EXPECT_INT("pending", 4, st.pending);

	/* In order; a transient failure keeps the entry first in line. */
	struct sync_outbox_item it;
	int64_t due;
	sync_outbox_peek(s, &it, &due);
	EXPECT_STR("first in line", k[0], it.idem_key);
	EXPECT_ERR("retry later", SYNC_OK, sync_outbox_retry_later(s, it.seq, 12345, 503, "unavailable"));
	sync_outbox_item_fini(&it);
	sync_outbox_peek(s, &it, &due);
	EXPECT_STR("still first", k[0], it.idem_key);
	EXPECT_INT("due", 12345, due);
	EXPECT_INT("attempts", 1, it.attempts);
	EXPECT_ERR("ack", SYNC_OK, sync_outbox_ack(s, it.seq, "V-1"));
	sync_outbox_item_fini(&it);
	sync_outbox_peek(s, &it, &due);
	EXPECT_STR("second", k[1], it.idem_key);
	EXPECT_ERR("ack", SYNC_OK, sync_outbox_ack(s, it.seq, "A-1"));
	sync_outbox_item_fini(&it);
	struct sync_order cached;
	EXPECT_ERR("order still cached", SYNC_OK, sync_orders_get(s, o.order_id, &cached));
	sync_outbox_peek(s, &it, &due);
	EXPECT_ERR("conflict", SYNC_OK,
	           sync_outbox_refuse(s, it.seq, SYNC_OUTBOX_CONFLICT, 412, "order changed"));
	sync_outbox_item_fini(&it);
	sync_outbox_peek(s, &it, &due);
	EXPECT_STR("fourth", k[3], it.idem_key);
	EXPECT_ERR("refuse", SYNC_OK, sync_outbox_refuse(s, it.seq, SYNC_OUTBOX_FAILED, 409, "not pending"));
	sync_outbox_item_fini(&it);
	EXPECT_ERR("empty", SYNC_ERR_NOT_FOUND, sync_outbox_peek(s, &it, &due));

	sync_status_get(s, &st);
	EXPECT_INT("pending", 0, st.pending);
	EXPECT_INT("failed", 1, st.failed);
	EXPECT_INT("conflict", 1, st.conflict);
	EXPECT_INT("acked", 2, st.acked_total);
	struct sync_failure_list fl;
	sync_outbox_failures(s, &fl);
	EXPECT_INT("failures listed", 2, fl.count);
	EXPECT_STR("conflict first", k[2], fl.items[0].idem_key);
	EXPECT_INT("conflict state", SYNC_OUTBOX_CONFLICT, fl.items[0].state);
	EXPECT_INT("conflict http", 412, fl.items[0].http_status);
	EXPECT_STR("conflict reason", "order changed", fl.items[0].reason);

	/* Staff: requeue one, dismiss the other. */
	EXPECT_ERR("requeue", SYNC_OK, sync_outbox_requeue(s, k[3]));
	EXPECT_ERR("dismiss", SYNC_OK, sync_outbox_dismiss(s, k[2]));
	EXPECT_ERR("dismiss again", SYNC_ERR_NOT_FOUND, sync_outbox_dismiss(s, k[2]));
	sync_status_get(s, &st);
	EXPECT_INT("pending after requeue", 1, st.pending);
	EXPECT_INT("conflict after dismiss", 0, st.conflict);

	/* Ack of a decision drops the cached order with its personal data. */
	struct sync_result dec = result_for(o.order_id, SYNC_RESULT_ORDER_CONFIRMED);
	sync_outbox_enqueue(s, &dec, NULL);
	sync_outbox_peek(s, &it, &due); /* the requeued rejection */
	sync_outbox_ack(s, it.seq, "");
	sync_outbox_item_fini(&it);
	sync_outbox_peek(s, &it, &due);
	EXPECT_INT("decision", SYNC_RESULT_ORDER_CONFIRMED, it.result.kind);
	sync_outbox_ack(s, it.seq, "");
	sync_outbox_item_fini(&it);
	EXPECT_ERR("order dropped after acked decision", SYNC_ERR_NOT_FOUND,
	           sync_orders_get(s, o.order_id, &cached));
	sqlite3_stmt *q = NULL;
	sqlite3_prepare_v2(s->db, "SELECT count(*) FROM outbox", -1, &q, NULL);
	sqlite3_step(q);
	EXPECT_INT("acked rows deleted", 0, sqlite3_column_int(q, 0));
	sqlite3_finalize(q);

	/* Audit: events without personal data. */
	struct sync_audit_list al;
	EXPECT_ERR("audit", SYNC_OK, sync_audit_read(s, 0, &al));
	EXPECT_TRUE("audit has entries", al.count >= 8);
	int acked = 0;
	for (size_t i = 0; i < al.count; i++) {
		acked += strcmp(al.items[i].event, "result_acked") == 0;
		EXPECT_TRUE("no name in audit", strstr(al.items[i].detail, "jcik") == NULL);
	}
	EXPECT_INT("acked events", 4, acked);
	EXPECT_ERR("append", SYNC_OK, sync_audit_append(s, "staff_note", "N-9", "checked"));

	/* Appointments: list a day, mark check-in, a re-pull keeps the mark. */
	struct sync_appt a;
	memset(&a, 0, sizeof a);
	snprintf(a.appt_id, sizeof a.appt_id, "A-1");
	snprintf(a.order_id, sizeof a.order_id, "N-5");
	snprintf(a.site, sizeof a.site, "mobile-team");
	snprintf(a.display_name, sizeof a.display_name, "Zdzis\xc5\x82\x61w W\xc3\xb3jcik");
	a.starts_at = 1000;
	EXPECT_ERR("appt put", SYNC_OK, sync_appts_put(s, &a));
	snprintf(a.appt_id, sizeof a.appt_id, "A-2");
	a.starts_at = 500;
	sync_appts_put(s, &a);
	a.starts_at = 99999; /* another day */
	snprintf(a.appt_id, sizeof a.appt_id, "A-3");
	sync_appts_put(s, &a);
	struct sync_status before, after;
	EXPECT_ERR("status", SYNC_OK, sync_status_get(s, &before));
	EXPECT_ERR("mark", SYNC_OK, sync_appts_mark(s, "A-1", SYNC_APPT_CHECKED_IN, "N-5"));
	EXPECT_ERR("mark unknown", SYNC_ERR_NOT_FOUND,
	           sync_appts_mark(s, "A-404", SYNC_APPT_NO_SHOW, NULL));
	EXPECT_ERR("status", SYNC_OK, sync_status_get(s, &after));
	EXPECT_INT("the check-in queued for the server, the unknown one not", before.pending + 1,
	           after.pending);
	/* An id the server's path cannot carry: nothing marked, nothing queued. */
	snprintf(a.appt_id, sizeof a.appt_id, "A/9");
	a.starts_at = 200000;
	sync_appts_put(s, &a);
	EXPECT_ERR("mark bad id", SYNC_ERR_BAD_FIELD, sync_appts_mark(s, "A/9", SYNC_APPT_NO_SHOW, NULL));
	EXPECT_ERR("mark done", SYNC_OK, sync_appts_mark(s, "A/9", SYNC_APPT_DONE, NULL));
	EXPECT_ERR("status", SYNC_OK, sync_status_get(s, &before));
	EXPECT_INT("done stays on the kiosk", after.pending, before.pending);
	struct sync_appt_list odd;
	EXPECT_ERR("list", SYNC_OK, sync_appts_list(s, 200000, 200001, &odd));
	EXPECT_INT("A/9 listed", 1, odd.count);
	EXPECT_INT("the refused no-show rolled back, done kept", SYNC_APPT_DONE, odd.items[0].state);
	sync_wipe(&odd, sizeof odd);
	snprintf(a.appt_id, sizeof a.appt_id, "A-1");
	a.starts_at = 1000;
	sync_appts_put(s, &a); /* re-pulled */
	struct sync_appt_list day;
	EXPECT_ERR("list", SYNC_OK, sync_appts_list(s, 0, 86400, &day));
	EXPECT_INT("today", 2, day.count);
	EXPECT_STR("by time", "A-2", day.items[0].appt_id);
	EXPECT_INT("check-in kept", SYNC_APPT_CHECKED_IN, day.items[1].state);
	EXPECT_STR("visitor linked", "N-5", day.items[1].visitor_order_id);
	EXPECT_STR("name decrypted", a.display_name, day.items[1].display_name);

	/* Retention: stale orders and appointments, old audit entries. */
	for (int i = 10; i < 15; i++) {
		struct sync_order x = sample_order(i);
		sync_orders_put(s, &x);
	}
	int64_t now = sync_now();
	sqlite3_exec(s->db, "UPDATE orders SET fetched_at=fetched_at-4000 WHERE order_id IN"
	             " ('N-000010','N-000011')", NULL, NULL, NULL);
	sqlite3_exec(s->db, "UPDATE audit SET at=at-8000 WHERE id<=3", NULL, NULL, NULL);
	struct sync_purge_counts pc;
	sync_store_meta_set(s, "orders_cursor", "v1.99");
	EXPECT_ERR("purge", SYNC_OK, sync_store_purge(s, now, &pc));
	EXPECT_INT("orders purged", 2, pc.orders);
	char cursor[SYNC_CURSOR_MAX];
	EXPECT_ERR("cursor", SYNC_OK, sync_store_meta_get(s, "orders_cursor", cursor, sizeof cursor));
	EXPECT_STR("purge resets the pull cursor", "", cursor);
	EXPECT_INT("appointments kept", 0, pc.appts);
	EXPECT_INT("audit purged", 3, pc.audit);
	int64_t n = 0;
	sync_orders_count(s, &n);
	EXPECT_INT("orders left", 3 + SYNC_MATCH_MAX * 0, n);
	EXPECT_ERR("purge a day later", SYNC_OK, sync_store_purge(s, now + 86400, &pc));
	EXPECT_INT("all orders stale", 3, pc.orders);
	EXPECT_INT("all appointments stale (A-1, A-2, A-3, A/9)", 4, pc.appts);
	sync_store_close(s);
}

int main(void)
{
	test_tmpdir(dir, sizeof dir, "store");
	test_key_load();
	test_migrations();
	test_crypto();
	test_blind_index();
	test_outbox_and_retention();
	test_rmdir(dir);
	if (test_failures) {
		fprintf(stderr, "%d check(s) failed\n", test_failures);
		return 1;
	}
	printf("store_test: all checks passed\n");
	return 0;
}
