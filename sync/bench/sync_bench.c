/* sync_bench.c - figures for sync/README.md, each against a baseline
 * measured in the same run:
 *   push:   results/s by id06-sync (one TLS connection, durable ack per
 *           result) vs. the curl command line posting the same requests
 *           one process and handshake each;
 *   pull:   time and peak RSS of id06-sync pulling N pending orders;
 *   lookup: the kiosk's birth-date look-up through the blind index vs.
 *           decrypting every cached order.
 * usage: sync_bench ID06-DEVSERVER ID06-SYNC [ORDERS] [PUSH] */
#include <jansson.h>
#include <sys/resource.h>

#include "sync.h"
#include "sync_proto.h"
#include "../tests/e2e_util.h"

static struct e2e E;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void birth_date(int i, char out[SYNC_DATE_MAX])
{
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", 1950 + i % 50, 1 + (i / 50) % 12,
	         1 + (i / 600) % 28);
	memcpy(out, tmp, SYNC_DATE_MAX - 1);
	out[SYNC_DATE_MAX - 1] = 0;
}

static void write_seed(const char *path, int n)
{
	FILE *f = fopen(path, "w");
	fprintf(f, "{\"sites\":[{\"site\":\"mobile-team\",\"name\":\"Mobile\"}],\"orders\":[");
	for (int i = 0; i < n; i++) {
		char d[SYNC_DATE_MAX];
		birth_date(i, d);
		fprintf(f, "%s{\"order_id\":\"B-%07d\",\"version\":1,\"status\":\"awaiting_identification\","
		        "\"company\":{\"org_number\":\"556000-0009\",\"name\":\"Bench AB\",\"country\":\"SE\"},"
		        "\"card_type\":\"standard\",\"valid_until\":\"2027-05-31\",\"delivery\":{\"recipient\":"
		        "\"Bench AB\",\"street\":\"Gatan 1\",\"postal_code\":\"111 22\",\"city\":\"Stockholm\","
		        "\"country\":\"SE\"},\"cardholder\":{\"given_names\":\"Given%d\",\"surname\":\"Surname%d\","
		        "\"date_of_birth\":\"%s\",\"nationality\":\"UTO\",\"identification_number\":\"ID%d\","
		        "\"coordination_number\":null,\"email\":\"p%d@example.org\",\"mobile\":\"+4670%07d\"},"
		        "\"requires_residence_permit\":false}", i ? "," : "", i, i, i, d, i, i, i);
	}
	fprintf(f, "],\"appointments\":[]}\n");
	fclose(f);
}

static double cpu_s;  /* CPU time of the last timed_tool child */

/* Runs the tool and returns wall time; peak RSS (KiB) of the child. */
static double timed_tool(long *rss_kib, const char *cmd, const char *arg)
{
	char *argv[] = {(char *)E.tool, "-c", E.config, (char *)cmd, (char *)arg, NULL};
	double t0 = now_s();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	double t = now_s() - t0;
	if (rss_kib)
		*rss_kib = ru.ru_maxrss;
	cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	        (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fprintf(stderr, "bench: id06-sync %s failed (status %d)\n", cmd, st);
	return t;
}

static struct sync_store *open_store(void)
{
	char keyfile[4200], path[4200];
	e2e_path(&E, keyfile, sizeof keyfile, "store.key");
	e2e_path(&E, path, sizeof path, "kiosk-bench.db");
	struct sync_key key;
	struct sync_store *s = NULL;
	if (sync_key_load(keyfile, NULL, &key) || sync_store_open(path, &key, NULL, &s)) {
		fprintf(stderr, "bench: cannot open the store\n");
		exit(1);
	}
	sync_wipe(&key, sizeof key);
	return s;
}

static struct sync_result result_for(int i)
{
	struct sync_result r;
	memset(&r, 0, sizeof r);
	r.kind = SYNC_RESULT_IDENTITY_VERIFIED;
	snprintf(r.order_id, sizeof r.order_id, "B-%07d", i);
	r.order_version = 1;
	r.at = 1795420800;
	snprintf(r.document.type, sizeof r.document.type, "passport");
	snprintf(r.document.issuing_state, sizeof r.document.issuing_state, "UTO");
	snprintf(r.document.number, sizeof r.document.number, "BN%07d", i);
	snprintf(r.document.expiry, sizeof r.document.expiry, "2030-01-01");
	snprintf(r.surname, sizeof r.surname, "SURNAME%d", i);
	snprintf(r.given_names, sizeof r.given_names, "GIVEN%d", i);
	birth_date(i, r.birth_date);
	snprintf(r.nationality, sizeof r.nationality, "UTO");
	r.mrz_ok = 1;
	return r;
}

int main(int argc, char **argv)
{
	(void)test_failures;
	e2e_init(&E, "bench", argc, argv);
	int n_orders = argc > 3 ? atoi(argv[3]) : 100000;
	int n_push = argc > 4 ? atoi(argv[4]) : 500;
	int n_curl = n_push / 5;
	if (n_orders < n_push + n_curl)
		n_orders = n_push + n_curl;
	char seedfile[4200];
	e2e_path(&E, seedfile, sizeof seedfile, "seed.json");
	printf("bench-sync: seeding the server with %d orders\n", n_orders);
	fflush(stdout);
	write_seed(seedfile, n_orders);
	e2e_path(&E, E.server_db, sizeof E.server_db, "server.db");
	if (e2e_server_start(&E, 0, "server", seedfile, NULL) < 0)
		return 1;
	e2e_config(&E, E.port, "kiosk-1", "bench");

	/* Pull. */
	long rss = 0;
	double t_pull = timed_tool(&rss, "pull", NULL);
	struct sync_store *s = open_store();
	int64_t cached = 0;
	sync_orders_count(s, &cached);
	printf("pull:   %lld orders in %.2f s (%.0f orders/s), peak RSS of id06-sync %.1f MiB, "
	       "its CPU time %.2f s\n", (long long)cached, t_pull, (double)cached / t_pull,
	       (double)rss / 1024.0, cpu_s);

	/* Look-up with everything cached: index vs. full scan and decrypt. */
	int n_idx = 2000, n_scan = 3;
	struct sync_order_list *l = malloc(sizeof *l);
	size_t found = 0, found_first = 0;
	double t0 = now_s();
	for (int i = 0; i < n_idx; i++) {
		char d[SYNC_DATE_MAX];
		birth_date((i * 7919) % n_orders, d);
		sync_orders_find_by_birth_date(s, d, l);
		found += l->count;
		if (i < n_scan)
			found_first += l->count;
	}
	double t_idx = (now_s() - t0) / n_idx;
	size_t found_scan = 0;
	t0 = now_s();
	for (int i = 0; i < n_scan; i++) {
		char d[SYNC_DATE_MAX];
		birth_date((i * 7919) % n_orders, d);
		sync_orders_find_by_birth_date_scan(s, d, l);
		found_scan += l->count;
	}
	double t_scan = (now_s() - t0) / n_scan;
	printf("lookup: blind index %.3f ms per look-up (%.1f matches each); baseline full scan and "
	       "decrypt %.1f ms (%.0fx slower)%s\n", t_idx * 1e3, (double)found / n_idx, t_scan * 1e3,
	       t_scan / t_idx, found_scan == found_first ? "" : " MISMATCH between index and scan");
	sync_wipe(l, sizeof *l);
	free(l);

	/* Push: queue n_push results, time the drain. */
	for (int i = 0; i < n_push; i++) {
		struct sync_result r = result_for(i);
		sync_outbox_enqueue(s, &r, NULL);
	}
	sync_store_close(s);
	double t_push = timed_tool(&rss, "push", NULL);
	s = open_store();
	struct sync_status st;
	sync_status_get(s, &st);
	sync_store_close(s);
	printf("push:   %lld results in %.2f s: %.0f results/s (%lld left pending), id06-sync CPU "
	       "time %.2f s\n", (long long)st.acked_total, t_push, (double)st.acked_total / t_push,
	       (long long)st.pending, cpu_s);

	/* Baseline: the curl command line, one process and handshake per result. */
	char body[4200], url[512], cert[4200], key[4200], ca[4200], hdr[128];
	e2e_path(&E, body, sizeof body, "body.json");
	snprintf(cert, sizeof cert, "%s/pki/kiosk-1.pem", E.dir);
	snprintf(key, sizeof key, "%s/pki/kiosk-1.key", E.dir);
	snprintf(ca, sizeof ca, "%s/pki/ca.pem", E.dir);
	int ok = 0;
	t0 = now_s();
	for (int i = n_push; i < n_push + n_curl; i++) {
		struct sync_result r = result_for(i);
		struct sync_request q;
		sync_request_build(&r, &q);
		test_write_file(body, q.body, q.body_len);
		snprintf(url, sizeof url, "https://127.0.0.1:%d/v1%s", E.port, q.path);
		sync_request_free(&q);
		char data[4300], idem[SYNC_IDEM_MAX];
		snprintf(data, sizeof data, "@%s", body);
		snprintf(idem, sizeof idem, "bench-%d", i);
		snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", idem);
		char code[16];
		char *const cv[] = {"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
		                    "--cacert", ca, "--cert", cert, "--key", key, "-H",
		                    "Content-Type: application/json", "-H", hdr, "--data-binary", data,
		                    url, NULL};
		e2e_run(code, sizeof code, cv);
		ok += strcmp(code, "201") == 0;
	}
	double t_curl = now_s() - t0;
	printf("push baseline: curl command line %d results in %.2f s: %.0f results/s (%d accepted); "
	       "id06-sync is %.1fx that\n", n_curl, t_curl, ok / t_curl, ok,
	       ((double)st.acked_total / t_push) / (ok / t_curl));
	e2e_server_stop(&E);
	test_rmdir(E.dir);
	return 0;
}
