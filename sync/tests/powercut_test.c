/* powercut_test.c - a writer process queues results and reports each key
 * once sync_outbox_enqueue returned; it is killed with SIGKILL at random
 * moments, several times over.  Afterwards the store opens, passes
 * SQLite's integrity check, and holds every reported result, readable. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sync.h"
#include "sync_store_private.h"
#include "test_util.h"

enum { ROUNDS = 8, MAX_KEYS = 20000 };

static char dir[4096], storefile[4200];
static struct sync_key key;

static void writer(int fd)
{
	struct sync_store *s = NULL;
	if (sync_store_open(storefile, &key, NULL, &s) != SYNC_OK)
		_exit(3);
	static unsigned char face[20000];
	for (size_t i = 0; i < sizeof face; i++)
		face[i] = (unsigned char)(i * 31);
	for (unsigned i = 0;; i++) {
		struct sync_result r;
		memset(&r, 0, sizeof r);
		r.kind = SYNC_RESULT_IDENTITY_VERIFIED;
		snprintf(r.order_id, sizeof r.order_id, "N-%u", i % 1000);
		snprintf(r.surname, sizeof r.surname, "Writer%u", i);
		r.face = face;
		r.face_len = sizeof face;
		char k[SYNC_IDEM_MAX + 1];
		if (sync_outbox_enqueue(s, &r, k) != SYNC_OK)
			_exit(4);
		/* The order cache churns too. */
		struct sync_order o;
		memset(&o, 0, sizeof o);
		snprintf(o.order_id, sizeof o.order_id, "N-%u", i % 1000);
		o.version = i;
		snprintf(o.birth_date, sizeof o.birth_date, "1980-01-01");
		if (sync_orders_put(s, &o) != SYNC_OK)
			_exit(5);
		size_t n = strlen(k);
		k[n] = '\n';
		if (write(fd, k, n + 1) != (ssize_t)(n + 1))
			_exit(6);
	}
}

/* Reads what the writer reported; once: one read only.  Returns bytes read. */
static ssize_t drain(int fd, char (*keys)[SYNC_IDEM_MAX], size_t *nkeys, char *line,
                     size_t *ll, int once)
{
	char buf[8192];
	ssize_t total = 0, n;
	do {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				line[*ll] = 0;
				if (*ll == 36 && *nkeys < MAX_KEYS)
					memcpy(keys[(*nkeys)++], line, 37);
				*ll = 0;
			} else if (*ll < 63) {
				line[(*ll)++] = buf[i];
			}
		}
	} while (!once);
	return total;
}

int main(void)
{
	test_tmpdir(dir, sizeof dir, "powercut");
	snprintf(storefile, sizeof storefile, "%s/store.db", dir);
	for (size_t i = 0; i < sizeof key.bytes; i++)
		key.bytes[i] = (unsigned char)(i + 1);
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
	printf("powercut_test: random seed %u\n", seed);

	static char keys[MAX_KEYS][SYNC_IDEM_MAX];
	size_t nkeys = 0;
	for (int round = 0; round < ROUNDS; round++) {
		int fds[2];
		if (pipe(fds) != 0)
			return 1;
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1]);
		}
		close(fds[1]);
		/* Let it get going (at least one result reported), then cut. */
		size_t before = nkeys;
		char line[64];
		size_t ll = 0;
		while (nkeys == before && drain(fds[0], keys, &nkeys, line, &ll, 1) > 0)
			;
		struct timespec ts = {0, (rand() % 250) * 1000000L};
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int st = 0;
		waitpid(pid, &st, 0);
		if (!WIFSIGNALED(st)) {
			fprintf(stderr, "FAIL writer exited with %d before the kill\n",
			        WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			test_failures++;
		}
		/* Keys the writer reported before it died. */
		while (drain(fds[0], keys, &nkeys, line, &ll, 0) > 0)
			;
		close(fds[0]);
	}
	printf("powercut_test: %zu results reported durable over %d kills\n", nkeys, ROUNDS);
	EXPECT_TRUE("the writer got some work done", nkeys > 0);

	struct sync_store *s = NULL;
	EXPECT_ERR("store opens after the kills", SYNC_OK, sync_store_open(storefile, &key, NULL, &s));
	if (!s)
		return 1;
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
	const char *ok = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
	EXPECT_STR("integrity_check", "ok", ok ? ok : "");
	sqlite3_finalize(st);
	sqlite3_prepare_v2(s->db, "SELECT count(*) FROM outbox WHERE idem_key=?1", -1, &st, NULL);
	size_t missing = 0;
	for (size_t i = 0; i < nkeys; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1)
			missing++;
	}
	sqlite3_finalize(st);
	EXPECT_INT("reported results missing", 0, missing);
	/* Every stored result decrypts (no torn or garbage rows). */
	size_t read_back = 0;
	for (;;) {
		struct sync_outbox_item it;
		int64_t due;
		enum sync_err err = sync_outbox_peek(s, &it, &due);
		if (err == SYNC_ERR_NOT_FOUND)
			break;
		EXPECT_ERR("stored result readable", SYNC_OK, err);
		if (err)
			break;
		EXPECT_INT("face intact", 20000, it.result.face_len);
		sync_outbox_ack(s, it.seq, "");
		sync_outbox_item_fini(&it);
		read_back++;
	}
	EXPECT_TRUE("at least every reported result read back", read_back >= nkeys);
	sync_store_close(s);
	if (test_failures) {
		fprintf(stderr, "%d check(s) failed (seed %u); files kept in %s\n", test_failures, seed, dir);
		return 1;
	}
	test_rmdir(dir);
	printf("powercut_test: all checks passed\n");
	return 0;
}
