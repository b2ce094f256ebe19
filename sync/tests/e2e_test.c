/* e2e_test.c - id06-sync against id06-devserver over real HTTPS with mutual
 * TLS on loopback: pull and look-up, push in order with idempotency keys,
 * a confirmation for an order changed while offline, certificates the
 * other side must refuse, and a server that is down and comes back. */
#include "sync.h"
#include "e2e_util.h"

static struct e2e E;

static const char *jstr(json_t *v)
{
	const char *s = json_string_value(v);
	return s ? s : "";
}

static int enqueue(const char *kind, const char *order, const char *version,
                   const char *doc, const char *face)
{
	char out[256];
	if (face)
		return e2e_tool(&E, out, sizeof out, "enqueue", kind, order, "--version", version,
		                "--doc-type", "passport", "--doc-state", "UTO", "--doc-number", doc,
		                "--doc-expiry", "2030-01-01", "--surname", "ERIKSSON",
		                "--given-names", "ANNA MARIA", "--birth-date", "1974-08-12",
		                "--nationality", "UTO", "--face", face, NULL);
	return e2e_tool(&E, out, sizeof out, "enqueue", kind, order, "--version", version,
	                "--doc-type", "passport", "--doc-state", "UTO", "--doc-number", doc,
	                "--doc-expiry", "2030-01-01", "--surname", "ERIKSSON", "--given-names",
	                "ANNA MARIA", "--birth-date", "1974-08-12", "--nationality", "UTO",
	                "--email", "a@example.com", "--mobile", "+46700000001", "--language", "sv",
	                NULL);
}

static int has_order(json_t *list, const char *order_id)
{
	for (size_t i = 0; i < json_array_size(list); i++)
		if (strcmp(jstr(json_object_get(json_array_get(list, i), "order_id")),
		           order_id) == 0)
			return 1;
	return 0;
}

/* Pull, blind-index look-up, push of three results per order, and a
 * confirmation of an order the orderer changed after the kiosk's pull. */
static void test_round_trip_and_conflict(void)
{
	e2e_path(&E, E.server_db, sizeof E.server_db, "server-a.db");
	const char *faults[] = {"change-order=N-100005", NULL};
	if (e2e_server_start(&E, 0, "server", "demo", faults) < 0) {
		test_failures++;
		return;
	}
	e2e_config(&E, E.port, "kiosk-1", "a");
	char out[4096];
	EXPECT_INT("check", 0, e2e_tool(&E, out, sizeof out, "check", NULL));
	EXPECT_TRUE("server knows the kiosk", strstr(out, "kiosk-test-01") != NULL);
	EXPECT_INT("pull", 0, e2e_tool(&E, out, sizeof out, "pull", NULL));
	EXPECT_TRUE("orders cached", e2e_status_int(&E, "orders_cached") >= 5);

	/* The kiosk's look-up: by birth date through the blind index. */
	struct sync_key key;
	char keyfile[4200], storefile[4200];
	e2e_path(&E, keyfile, sizeof keyfile, "store.key");
	e2e_path(&E, storefile, sizeof storefile, "kiosk-a.db");
	EXPECT_ERR("key", SYNC_OK, sync_key_load(keyfile, NULL, &key));
	struct sync_store *s = NULL;
	EXPECT_ERR("open store", SYNC_OK, sync_store_open(storefile, &key, NULL, &s));
	struct sync_order_list l;
	EXPECT_ERR("look-up", SYNC_OK, sync_orders_find_by_birth_date(s, "1974-08-12", &l));
	EXPECT_INT("specimen birth date matches", 3, l.count);
	int n1 = 0;
	for (size_t i = 0; i < l.count; i++)
		if (strcmp(l.items[i].order_id, "N-100001") == 0) {
			n1 = 1;
			EXPECT_STR("surname", "Eriksson", l.items[i].surname);
			EXPECT_STR("given names", "Anna Maria", l.items[i].given_names);
			EXPECT_INT("version", 1, l.items[i].version);
		}
	EXPECT_TRUE("N-100001 found", n1);
	struct sync_appt_list appts;
	EXPECT_ERR("appointments", SYNC_OK, sync_appts_list(s, 0, INT64_MAX, &appts));
	sync_wipe(&l, sizeof l);
	sync_wipe(&appts, sizeof appts);
	sync_store_close(s);

	/* Results: N-100001 all the way; N-100005 was edited by its orderer
	 * after the pull, so its confirmation (version 1) is stale. */
	char face[4200];
	e2e_path(&E, face, sizeof face, "face.jpg");
	unsigned char jpeg[3000];
	for (size_t i = 0; i < sizeof jpeg; i++)
		jpeg[i] = (unsigned char)(i * 7);
	jpeg[0] = 0xff, jpeg[1] = 0xd8, jpeg[2] = 0xff;
	test_write_file(face, jpeg, sizeof jpeg);
	EXPECT_INT("enqueue", 0, enqueue("identity_verified", "N-100001", "1", "L898902C3", face));
	EXPECT_INT("enqueue", 0, enqueue("account_created", "N-100001", "1", "L898902C3", NULL));
	EXPECT_INT("enqueue", 0, enqueue("order_confirmed", "N-100001", "1", "L898902C3", NULL));
	EXPECT_INT("enqueue", 0, enqueue("identity_verified", "N-100005", "1", "ZW1234567", NULL));
	EXPECT_INT("enqueue", 0, enqueue("account_created", "N-100005", "1", "ZW1234567", NULL));
	EXPECT_INT("enqueue", 0, enqueue("order_confirmed", "N-100005", "1", "ZW1234567", NULL));
	EXPECT_INT("pending", 6, e2e_status_int(&E, "pending"));
	EXPECT_INT("run --once", 0, e2e_tool(&E, out, sizeof out, "run", "--once", NULL));

	json_t *st = e2e_status(&E);
	EXPECT_INT("pending after push", 0, json_integer_value(json_object_get(st, "pending")));
	EXPECT_INT("acknowledged", 5, json_integer_value(json_object_get(st, "acked_total")));
	EXPECT_INT("conflicts", 1, json_integer_value(json_object_get(st, "conflict")));
	EXPECT_INT("failed", 0, json_integer_value(json_object_get(st, "failed")));
	json_t *f = json_array_get(json_object_get(st, "failures"), 0);
	EXPECT_STR("conflict kind", "order_confirmed",
	           jstr(json_object_get(f, "kind")));
	EXPECT_STR("conflict order", "N-100005", jstr(json_object_get(f, "order_id")));
	EXPECT_STR("conflict state", "conflict", jstr(json_object_get(f, "state")));
	EXPECT_INT("conflict http", 412, json_integer_value(json_object_get(f, "http_status")));
	EXPECT_TRUE("reason names the change",
	            strstr(jstr(json_object_get(f, "reason")), "order_changed") != NULL);
	json_decref(st);

	json_t *d = e2e_dump(&E);
	json_t *ver = json_object_get(d, "verifications"), *dec = json_object_get(d, "decisions");
	EXPECT_INT("verifications on the server", 2, json_array_size(ver));
	EXPECT_INT("decisions on the server", 1, json_array_size(dec));
	EXPECT_TRUE("N-100001 decided", has_order(dec, "N-100001"));
	EXPECT_TRUE("N-100005 not decided", !has_order(dec, "N-100005"));
	for (size_t i = 0; i < json_array_size(ver); i++) {
		json_t *v = json_array_get(ver, i);
		if (strcmp(jstr(json_object_get(v, "order_id")), "N-100001") == 0)
			EXPECT_INT("face bytes arrived", sizeof jpeg,
			           json_integer_value(json_object_get(v, "face_bytes")));
	}
	size_t keys = json_array_size(json_object_get(d, "idempotency_keys"));
	json_decref(d);

	/* Again: nothing left to send, nothing stored twice. */
	EXPECT_INT("run --once again", 0, e2e_tool(&E, out, sizeof out, "run", "--once", NULL));
	EXPECT_INT("no new requests", keys, e2e_dump_count(&E, "idempotency_keys"));
	EXPECT_INT("still 1 decision", 1, e2e_dump_count(&E, "decisions"));

	/* Acknowledged personal data is gone from the kiosk. */
	EXPECT_ERR("reopen store", SYNC_OK, sync_store_open(storefile, &key, NULL, &s));
	struct sync_order o;
	EXPECT_ERR("confirmed order dropped", SYNC_ERR_NOT_FOUND, sync_orders_get(s, "N-100001", &o));
	struct sync_outbox_item it;
	int64_t due;
	EXPECT_ERR("outbox empty", SYNC_ERR_NOT_FOUND, sync_outbox_peek(s, &it, &due));
	sync_store_close(s);
	sync_wipe(&key, sizeof key);
	e2e_server_stop(&E);
}

static json_t *find_appt(json_t *list, const char *appt_id)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *a = json_array_get(list, i);
		if (strcmp(jstr(json_object_get(a, "appointment_id")), appt_id) == 0)
			return a;
	}
	return NULL;
}

/* Appointments: the server serves today's, id06-sync pull caches them,
 * staff at the kiosk mark a check-in (linking the visitor's order) and a
 * no-show, id06-sync push sends the marks and the server holds them. */
static void test_appointments(void)
{
	e2e_path(&E, E.server_db, sizeof E.server_db, "server-m.db");
	if (e2e_server_start(&E, 0, "server", "demo", NULL) < 0) {
		test_failures++;
		return;
	}
	e2e_config(&E, E.port, "kiosk-1", "m");
	char out[4096];
	EXPECT_INT("pull", 0, e2e_tool(&E, out, sizeof out, "pull", NULL));

	struct sync_key key;
	char keyfile[4200], storefile[4200];
	e2e_path(&E, keyfile, sizeof keyfile, "store.key");
	e2e_path(&E, storefile, sizeof storefile, "kiosk-m.db");
	EXPECT_ERR("key", SYNC_OK, sync_key_load(keyfile, NULL, &key));
	struct sync_store *s = NULL;
	EXPECT_ERR("open store", SYNC_OK, sync_store_open(storefile, &key, NULL, &s));
	struct sync_appt_list *l = calloc(1, sizeof *l);
	if (!s || !l) {
		test_failures++;
		free(l);
		sync_store_close(s);
		e2e_server_stop(&E);
		return;
	}
	EXPECT_ERR("appointments", SYNC_OK, sync_appts_list(s, 0, INT64_MAX, l));
	EXPECT_TRUE("today's appointments pulled (the demo seed has eight)", l->count >= 2);
	char in_id[SYNC_ID_MAX] = "", in_order[SYNC_ID_MAX] = "", gone_id[SYNC_ID_MAX] = "";
	char tool_id[SYNC_ID_MAX] = "";
	EXPECT_TRUE("three of the mobile team today", l->count >= 3);
	if (l->count >= 3) {
		snprintf(in_id, sizeof in_id, "%s", l->items[0].appt_id);
		snprintf(in_order, sizeof in_order, "%s", l->items[0].order_id);
		snprintf(gone_id, sizeof gone_id, "%s", l->items[1].appt_id);
		snprintf(tool_id, sizeof tool_id, "%s", l->items[2].appt_id);
		EXPECT_TRUE("a display name for staff", l->items[0].display_name[0] != '\0');
	}
	sync_wipe(l, sizeof *l);
	free(l);
	EXPECT_ERR("check in", SYNC_OK, sync_appts_mark(s, in_id, SYNC_APPT_CHECKED_IN, in_order));
	EXPECT_ERR("no-show", SYNC_OK, sync_appts_mark(s, gone_id, SYNC_APPT_NO_SHOW, NULL));
	sync_store_close(s);
	sync_wipe(&key, sizeof key);
	/* The command line queues one too (tests and demos). */
	EXPECT_INT("enqueue a no-show", 0,
	           e2e_tool(&E, out, sizeof out, "enqueue", "appointment_no_show", "", "--appointment",
	                    tool_id, NULL));
	EXPECT_INT("marks pending", 3, e2e_status_int(&E, "pending"));

	EXPECT_INT("push", 0, e2e_tool(&E, out, sizeof out, "push", NULL));
	EXPECT_INT("pending after push", 0, e2e_status_int(&E, "pending"));
	EXPECT_INT("none refused", 0, e2e_status_int(&E, "failed"));
	json_t *d = e2e_dump(&E);
	json_t *att = json_object_get(d, "attendance");
	EXPECT_INT("marks on the server", 3, json_array_size(att));
	EXPECT_STR("the tool's no-show arrived", "no_show",
	           jstr(json_object_get(find_appt(att, tool_id), "attendance")));
	json_t *a = find_appt(att, in_id), *b = find_appt(att, gone_id);
	EXPECT_STR("check-in arrived", "checked_in", jstr(json_object_get(a, "attendance")));
	EXPECT_STR("visitor linked", in_order, jstr(json_object_get(a, "visitor_order_id")));
	EXPECT_STR("by this kiosk", "kiosk-test-01", jstr(json_object_get(a, "kiosk_id")));
	EXPECT_STR("no-show arrived", "no_show", jstr(json_object_get(b, "attendance")));
	json_decref(d);
	e2e_server_stop(&E);
}

/* A server certificate from another CA, or a kiosk certificate the server
 * does not know: refused with a clear error, nothing sent, nothing lost. */
static void test_certificates(void)
{
	e2e_path(&E, E.server_db, sizeof E.server_db, "server-b.db");
	if (e2e_server_start(&E, 0, "other-server", "demo", NULL) < 0) {
		test_failures++;
		return;
	}
	e2e_config(&E, E.port, "kiosk-1", "b");
	EXPECT_INT("enqueue", 0, enqueue("identity_verified", "N-100002", "1", "D23145890", NULL));
	long long before = e2e_status_int(&E, "pending");
	char out[4096];
	EXPECT_INT("wrong server: run --once fails", 1,
	           e2e_tool(&E, out, sizeof out, "run", "--once", NULL));
	json_t *st = e2e_status(&E);
	const char *err = jstr(json_object_get(st, "last_error"));
	EXPECT_TRUE("says the server certificate is not trusted",
	            strstr(err, "server certificate not trusted") != NULL);
	EXPECT_INT("nothing lost", before, json_integer_value(json_object_get(st, "pending")));
	EXPECT_INT("nothing failed", 0, json_integer_value(json_object_get(st, "failed")));
	json_decref(st);
	EXPECT_INT("nothing reached the server", 0, e2e_dump_count(&E, "idempotency_keys"));
	e2e_server_stop(&E);

	if (e2e_server_start(&E, 0, "server", NULL, NULL) < 0) {
		test_failures++;
		return;
	}
	e2e_config(&E, E.port, "other-client", "b");
	EXPECT_INT("unknown kiosk: check fails", 1, e2e_tool(&E, out, sizeof out, "check", NULL));
	EXPECT_INT("unknown kiosk: run --once fails", 1,
	           e2e_tool(&E, out, sizeof out, "run", "--once", NULL));
	st = e2e_status(&E);
	err = jstr(json_object_get(st, "last_error"));
	EXPECT_TRUE("says the kiosk certificate is refused",
	            strstr(err, "certificate") != NULL && strstr(err, "provision") != NULL);
	EXPECT_INT("nothing lost", before, json_integer_value(json_object_get(st, "pending")));
	EXPECT_INT("nothing failed", 0, json_integer_value(json_object_get(st, "failed")));
	json_decref(st);
	EXPECT_INT("nothing reached the server", 0, e2e_dump_count(&E, "idempotency_keys"));
	e2e_server_stop(&E);
}

/* The server is down while results queue up, then comes back: the running
 * id06-sync drains the outbox by itself. */
static void test_down_then_back(void)
{
	e2e_path(&E, E.server_db, sizeof E.server_db, "server-c.db");
	/* Find a free port, then leave it closed. */
	if (e2e_server_start(&E, 0, "server", "demo", NULL) < 0) {
		test_failures++;
		return;
	}
	int port = E.port;
	e2e_server_stop(&E);
	e2e_config(&E, port, "kiosk-1", "c");
	static const char *const orders[] = {"N-100002", "N-100003", "N-100004"};
	for (size_t i = 0; i < 3; i++) {
		char doc[16];
		snprintf(doc, sizeof doc, "DOWN%zu", i);
		EXPECT_INT("enqueue", 0, enqueue("identity_verified", orders[i], "1", doc, NULL));
		EXPECT_INT("enqueue", 0, enqueue("account_created", orders[i], "1", doc, NULL));
	}
	long long pending = e2e_status_int(&E, "pending");
	char log[4200];
	e2e_path(&E, log, sizeof log, "run.log");
	char *const argv[] = {(char *)E.tool, "-c", E.config, "run", NULL};
	pid_t run = e2e_spawn(log, argv);
	/* Wait until it has tried and failed at least once. */
	int tried = 0;
	for (int i = 0; i < 300 && !tried; i++) {
		e2e_sleep_ms(100);
		struct sync_status st = e2e_store_status(&E, "c");
		tried = strstr(st.last_error, "unreachable") != NULL;
	}
	EXPECT_TRUE("reports the server unreachable", tried);
	EXPECT_INT("nothing lost while down", pending, e2e_status_int(&E, "pending"));
	EXPECT_INT("nothing failed while down", 0, e2e_status_int(&E, "failed"));

	if (e2e_server_start(&E, port, "server", NULL, NULL) < 0) {
		e2e_stop(run, SIGKILL);
		test_failures++;
		return;
	}
	long long left = pending;
	for (int i = 0; i < 600 && left != 0; i++) { /* generous: a limit, not a timing */
		e2e_sleep_ms(100);
		left = e2e_store_status(&E, "c").pending;
	}
	EXPECT_INT("drained after the server came back", 0, left);
	EXPECT_INT("SIGTERM stops it cleanly", 0, e2e_stop(run, SIGTERM));
	EXPECT_INT("verifications on the server", 3, e2e_dump_count(&E, "verifications"));
	EXPECT_INT("accounts on the server (three documents)", 3, e2e_dump_count(&E, "accounts"));
	EXPECT_INT("nothing failed", 0, e2e_status_int(&E, "failed"));
	e2e_server_stop(&E);
}

/* A wrong configuration or key: a clear message and exit status 2 (1 for
 * a store the key does not open), before anything is touched. */
static void test_bad_config(void)
{
	static const struct {
		const char *extra;    /* a line after the valid ones */
		const char *keyfile;  /* store_key_file in the folder */
		int want_rc;
		const char *want_msg;
	} rows[] = {
		{"colour = blue\n", "store.key", 2, "line 7: unknown setting \"colour\""},
		{"page_size = 1000\n", "store.key", 2, "page_size = 1000 is out of range"},
		{"", "none.key", 2, "store key not found"},
		{"", "short.key", 2, "wrong size"},
		{"", "other.key", 1, "does not match this store"},
	};
	char path[4200], out[4096];
	/* A store made with store.key, for the wrong-key row. */
	e2e_config(&E, 1, "kiosk-1", "cfg");
	EXPECT_INT("status creates the store", 0, e2e_tool(&E, out, sizeof out, "status", NULL));
	unsigned char other[32], shortk[16];
	memset(other, 7, sizeof other);
	memset(shortk, 7, sizeof shortk);
	e2e_path(&E, path, sizeof path, "other.key");
	test_write_file(path, other, sizeof other);
	e2e_path(&E, path, sizeof path, "short.key");
	test_write_file(path, shortk, sizeof shortk);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		FILE *f = fopen(E.config, "w");
		fprintf(f, "server_url = https://127.0.0.1:1/v1\nca_file = %s/pki/ca.pem\n"
		        "cert_file = %s/pki/kiosk-1.pem\nkey_file = %s/pki/kiosk-1.key\n"
		        "store_path = %s/kiosk-cfg.db\nstore_key_file = %s/%s\n%s", E.dir, E.dir,
		        E.dir, E.dir, E.dir, rows[i].keyfile, rows[i].extra);
		fclose(f);
		char *const argv[] = {(char *)E.tool, "-c", E.config, "status", NULL};
		char what[64];
		snprintf(what, sizeof what, "bad config row %zu exit status", i);
		EXPECT_INT(what, rows[i].want_rc, e2e_run_to(out, sizeof out, 1, argv));
		if (!strstr(out, rows[i].want_msg)) {
			fprintf(stderr, "FAIL bad config row %zu: message expected to contain \"%s\", "
			        "got \"%s\"\n", i, rows[i].want_msg, out);
			test_failures++;
		}
	}
}

int main(int argc, char **argv)
{
	/* One scenario per CTest test (argv[3]), or all. */
	const char *only = argc > 3 ? argv[3] : "all";
	e2e_init(&E, "e2e", argc, argv);
	alarm(115);
	if (!strcmp(only, "all") || !strcmp(only, "roundtrip"))
		test_round_trip_and_conflict();
	if (!strcmp(only, "all") || !strcmp(only, "certs"))
		test_certificates();
	if (!strcmp(only, "all") || !strcmp(only, "downup"))
		test_down_then_back();
	if (!strcmp(only, "all") || !strcmp(only, "config"))
		test_bad_config();
	if (!strcmp(only, "all") || !strcmp(only, "appointments"))
		test_appointments();
	e2e_cleanup();
	if (test_failures) {
		fprintf(stderr, "%d check(s) failed; files kept in %s\n", test_failures, E.dir);
		return 1;
	}
	test_rmdir(E.dir);
	printf("e2e_test %s: all checks passed\n", only);
	return 0;
}
