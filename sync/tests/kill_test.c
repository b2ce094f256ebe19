/* kill_test.c - kill -9 id06-sync at random points while it pushes a few
 * hundred results to a server that also drops answers and fails with 5xx
 * now and then; restart it each time.  Afterwards the server holds every
 * result exactly once and the kiosk has nothing left and nothing failed. */
#include "sync.h"
#include "e2e_util.h"

enum { N_RESULTS = 300 };

static struct e2e E;

static void write_seed(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "{\"sites\":[{\"site\":\"mobile-team\",\"name\":\"Mobile\"}],\"orders\":[");
	for (int i = 0; i < N_RESULTS; i++)
		fprintf(f, "%s{\"order_id\":\"N-2%05d\",\"version\":1,\"status\":\"awaiting_identification\","
		        "\"company\":{\"org_number\":\"556000-0009\",\"name\":\"Test AB\",\"country\":\"SE\"},"
		        "\"card_type\":\"standard\",\"valid_until\":\"2027-05-31\",\"delivery\":{\"recipient\":"
		        "\"Test AB\",\"street\":\"V\\u00e4gen 1\",\"postal_code\":\"111 22\",\"city\":\"Stockholm\","
		        "\"country\":\"SE\"},\"cardholder\":{\"given_names\":\"Test\",\"surname\":\"Person%d\","
		        "\"date_of_birth\":\"1980-01-%02d\",\"nationality\":\"UTO\",\"identification_number\":null,"
		        "\"coordination_number\":null,\"email\":null,\"mobile\":null},"
		        "\"requires_residence_permit\":false}",
		        i ? "," : "", i, i, 1 + i % 28);
	fprintf(f, "],\"appointments\":[]}\n");
	fclose(f);
}

int main(int argc, char **argv)
{
	e2e_init(&E, "kill", argc, argv);
	alarm(115);
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
	printf("kill_test: random seed %u\n", seed);

	char seedfile[4200];
	e2e_path(&E, seedfile, sizeof seedfile, "seed.json");
	write_seed(seedfile);
	e2e_path(&E, E.server_db, sizeof E.server_db, "server.db");
	const char *faults[] = {"drop=0.03", "5xx=0.01", NULL};
	if (e2e_server_start(&E, 0, "server", seedfile, faults) < 0)
		return 1;
	e2e_config(&E, E.port, "kiosk-1", "k");

	/* Queue the results through the library, as the kiosk does. */
	struct sync_key key;
	char keyfile[4200], storefile[4200];
	e2e_path(&E, keyfile, sizeof keyfile, "store.key");
	e2e_path(&E, storefile, sizeof storefile, "kiosk-k.db");
	struct sync_store *s = NULL;
	if (sync_key_load(keyfile, NULL, &key) || sync_store_open(storefile, &key, NULL, &s)) {
		fprintf(stderr, "cannot open the kiosk store\n");
		return 1;
	}
	for (int i = 0; i < N_RESULTS; i++) {
		struct sync_result r;
		memset(&r, 0, sizeof r);
		r.kind = SYNC_RESULT_IDENTITY_VERIFIED;
		snprintf(r.order_id, sizeof r.order_id, "N-2%05d", i);
		r.order_version = 1;
		snprintf(r.document.type, sizeof r.document.type, "passport");
		snprintf(r.document.issuing_state, sizeof r.document.issuing_state, "UTO");
		snprintf(r.document.number, sizeof r.document.number, "K%07d", i);
		snprintf(r.document.expiry, sizeof r.document.expiry, "2030-01-01");
		snprintf(r.surname, sizeof r.surname, "PERSON%d", i);
		snprintf(r.given_names, sizeof r.given_names, "TEST");
		snprintf(r.birth_date, sizeof r.birth_date, "1980-01-%02d", 1 + i % 28);
		snprintf(r.nationality, sizeof r.nationality, "UTO");
		r.mrz_ok = 1;
		EXPECT_ERR("enqueue", SYNC_OK, sync_outbox_enqueue(s, &r, NULL));
	}
	sync_store_close(s);
	sync_wipe(&key, sizeof key);

	/* Run, kill -9 at a random moment, run again. */
	char log[4200];
	e2e_path(&E, log, sizeof log, "run.log");
	char *const run[] = {(char *)E.tool, "-c", E.config, "run", NULL};
	int kills = 0;
	long long pending = N_RESULTS;
	while (pending > 0 && kills < 25) {
		pid_t pid = e2e_spawn(log, run);
		e2e_sleep_ms(100 + rand() % 400);
		int st = e2e_stop(pid, SIGKILL);
		if (st == 128 + SIGKILL)
			kills++;
		pending = e2e_store_status(&E, "k").pending;
		if (pending < 0) {
			fprintf(stderr, "FAIL status unreadable after a kill\n");
			test_failures++;
			break;
		}
	}
	printf("kill_test: %d kills, %lld results still pending\n", kills, pending);
	EXPECT_TRUE("killed at least a few times mid-push", kills >= 3);
	/* Then let it finish (bounded: a limit, not a timing). */
	for (int i = 0; i < 50 && pending > 0; i++) {
		char out[1024];
		e2e_tool(&E, out, sizeof out, "run", "--once", NULL);
		pending = e2e_store_status(&E, "k").pending;
	}
	EXPECT_INT("nothing pending", 0, pending);
	EXPECT_INT("nothing failed", 0, e2e_status_int(&E, "failed"));
	EXPECT_INT("no conflicts", 0, e2e_status_int(&E, "conflict"));
	EXPECT_INT("each acknowledged once", N_RESULTS, e2e_status_int(&E, "acked_total"));

	/* The server holds each result exactly once, under its one key. */
	json_t *d = e2e_dump(&E);
	json_t *ver = json_object_get(d, "verifications");
	EXPECT_INT("verifications on the server", N_RESULTS, json_array_size(ver));
	static unsigned char seen[N_RESULTS];
	for (size_t i = 0; i < json_array_size(ver); i++) {
		const char *id = json_string_value(json_object_get(json_array_get(ver, i), "order_id"));
		int n = id && strlen(id) == 8 ? atoi(id + 3) : -1;
		if (n < 0 || n >= N_RESULTS || seen[n]++) {
			fprintf(stderr, "FAIL verification for %s: unexpected or twice\n", id ? id : "?");
			test_failures++;
		}
	}
	size_t keys = 0;
	json_t *idem = json_object_get(d, "idempotency_keys");
	for (size_t i = 0; i < json_array_size(idem); i++) {
		json_t *k = json_array_get(idem, i);
		const char *path = json_string_value(json_object_get(k, "path"));
		if (path && strstr(path, "/identity-verification"))
			keys++;
	}
	EXPECT_INT("one idempotency key per result", N_RESULTS, keys);
	json_decref(d);
	e2e_server_stop(&E);
	if (test_failures) {
		fprintf(stderr, "%d check(s) failed (seed %u); files kept in %s\n", test_failures, seed,
		        E.dir);
		return 1;
	}
	test_rmdir(E.dir);
	printf("kill_test: all checks passed\n");
	return 0;
}
