/* e2e_util.h - processes for the end-to-end tests: a throwaway PKI, the
 * reference server (id06-devserver) on a loopback port it picks, and the
 * id06-sync tool, all started and always stopped by the test itself. */
#ifndef ID06_SYNC_E2E_UTIL_H
#define ID06_SYNC_E2E_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sync.h"
#include "test_util.h"

struct e2e {
	char dir[4096];
	const char *devserver;    /* path of id06-devserver */
	const char *tool;         /* path of id06-sync */
	pid_t server;
	int port;
	char server_db[4200];
	char config[4200];
};

static struct e2e *e2e_current; /* for the exit handler */

static inline void e2e_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Runs argv to completion; stdout into out (may be NULL).  Exit status,
 * or 128+signal. */
static inline int e2e_run_to(char *out, size_t cap, int with_stderr, char *const argv[])
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		if (with_stderr)
			dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t len = 0;
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
		if (n <= 0)
			continue;
		if (out && len + (size_t)n < cap) {
			memcpy(out + len, buf, (size_t)n);
			len += (size_t)n;
		}
	}
	close(fds[0]);
	if (out && cap)
		out[len < cap ? len : cap - 1] = 0;
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline int e2e_run(char *out, size_t cap, char *const argv[])
{
	return e2e_run_to(out, cap, 0, argv);
}

/* Starts argv in the background; stdout and stderr to the log file. */
static inline pid_t e2e_spawn(const char *log, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static inline int e2e_stop(pid_t pid, int sig)
{
	if (pid <= 0)
		return -1;
	kill(pid, sig);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline void e2e_path(const struct e2e *e, char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", e->dir, name);
}

static inline void e2e_cleanup(void)
{
	if (e2e_current && e2e_current->server > 0) {
		e2e_stop(e2e_current->server, SIGTERM);
		e2e_current->server = 0;
	}
}

static inline void e2e_on_signal(int sig)
{
	e2e_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A scratch folder, the test PKI and a store key. */
static inline void e2e_init(struct e2e *e, const char *tag, int argc, char **argv)
{
	memset(e, 0, sizeof *e);
	if (argc < 3) {
		fprintf(stderr, "usage: %s ID06-DEVSERVER ID06-SYNC\n", argv[0]);
		exit(2);
	}
	e->devserver = argv[1];
	e->tool = argv[2];
	if (access(e->devserver, X_OK) != 0 || access(e->tool, X_OK) != 0) {
		fprintf(stderr, "missing %s or %s\n", e->devserver, e->tool);
		exit(1);
	}
	test_tmpdir(e->dir, sizeof e->dir, tag);
	e2e_current = e;
	atexit(e2e_cleanup);
	signal(SIGTERM, e2e_on_signal);
	signal(SIGINT, e2e_on_signal);
	signal(SIGALRM, e2e_on_signal);
	signal(SIGPIPE, SIG_IGN);
	char script[4200], pki[4200], out[2048];
	snprintf(script, sizeof script, "%s/scripts/make-test-ca", ID06_SOURCE_DIR);
	e2e_path(e, pki, sizeof pki, "pki");
	char *const mk[] = {script, pki, NULL};
	if (e2e_run(out, sizeof out, mk) != 0) {
		fprintf(stderr, "make-test-ca failed: %s\n", out);
		exit(1);
	}
	unsigned char key[32];
	FILE *r = fopen("/dev/urandom", "rb");
	if (!r || fread(key, 1, sizeof key, r) != sizeof key) {
		fprintf(stderr, "cannot read /dev/urandom\n");
		exit(1);
	}
	fclose(r);
	char keyfile[4200];
	e2e_path(e, keyfile, sizeof keyfile, "store.key");
	test_write_file(keyfile, key, sizeof key);
	e2e_path(e, e->server_db, sizeof e->server_db, "server.db");
	e2e_path(e, e->config, sizeof e->config, "sync.conf");
}

/* Writes the kiosk's configuration; client "kiosk-1" or "other-client";
 * the store is kiosk-<store>.db. */
static inline void e2e_config(struct e2e *e, int port, const char *client, const char *store)
{
	FILE *f = fopen(e->config, "w");
	if (!f) {
		perror(e->config);
		exit(1);
	}
	fprintf(f,
	        "server_url = https://127.0.0.1:%d/v1\n"
	        "ca_file = %s/pki/ca.pem\n"
	        "cert_file = %s/pki/%s.pem\n"
	        "key_file = %s/pki/%s.key\n"
	        "store_path = %s/kiosk-%s.db\n"
	        "store_key_file = %s/store.key\n"
	        "site = mobile-team\n"
	        "connect_timeout_ms = 2000\n"
	        "request_timeout_ms = 10000\n"
	        "backoff_base_ms = 20\n"
	        "backoff_cap_ms = 400\n"
	        "poll_interval_ms = 500\n",
	        port, e->dir, e->dir, client, e->dir, client, e->dir, store, e->dir);
	fclose(f);
}

/* Starts id06-devserver; port 0 picks one, read from its ready line.
 * cert: "server" (signed by the test CA) or "other-server". */
static inline int e2e_server_start(struct e2e *e, int port, const char *cert, const char *seed,
                            const char *const *faults)
{
	char listen[64], certp[4200], keyp[4200], cap[4200], log[4200];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	snprintf(certp, sizeof certp, "%s/pki/%s.pem", e->dir, cert);
	snprintf(keyp, sizeof keyp, "%s/pki/%s.key", e->dir, cert);
	snprintf(cap, sizeof cap, "%s/pki/ca.pem", e->dir);
	e2e_path(e, log, sizeof log, "server.log");
	char *argv[32];
	int n = 0;
	argv[n++] = (char *)e->devserver;
	argv[n++] = "--db";
	argv[n++] = e->server_db;
	argv[n++] = "--cert";
	argv[n++] = certp;
	argv[n++] = "--key";
	argv[n++] = keyp;
	argv[n++] = "--client-ca";
	argv[n++] = cap;
	argv[n++] = "--listen";
	argv[n++] = listen;
	if (seed) {
		argv[n++] = "--seed";
		argv[n++] = (char *)seed;
	}
	for (int i = 0; faults && faults[i] && n < 28; i++) {
		argv[n++] = "--fault";
		argv[n++] = (char *)faults[i];
	}
	argv[n] = NULL;
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	e->server = pid;
	char line[256];
	size_t len = 0;
	/* Wait for "id06-devserver ready ... port=N". */
	while (len < sizeof line - 1) {
		ssize_t r = read(fds[0], line + len, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (line[len++] == '\n')
			break;
	}
	line[len] = 0;
	close(fds[0]);
	const char *p = strstr(line, "port=");
	if (!p) {
		fprintf(stderr, "id06-devserver did not start (see %s): %s\n", log, line);
		e2e_stop(pid, SIGKILL);
		e->server = 0;
		return -1;
	}
	e->port = atoi(p + 5);
	return e->port;
}

static inline void e2e_server_stop(struct e2e *e)
{
	if (e->server > 0)
		e2e_stop(e->server, SIGTERM);
	e->server = 0;
}

/* id06-sync -c CONFIG args...; stdout into out. */
static inline int e2e_tool(struct e2e *e, char *out, size_t cap, ...)
{
	char *argv[40];
	int n = 0;
	argv[n++] = (char *)e->tool;
	argv[n++] = "-c";
	argv[n++] = e->config;
	va_list ap;
	va_start(ap, cap);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL && n < 39)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return e2e_run(out, cap, argv);
}

/* `id06-sync status --json`, parsed. */
static json_t *e2e_status(struct e2e *e)
{
	static char out[1 << 16];
	if (e2e_tool(e, out, sizeof out, "status", "--json", NULL) != 0)
		return NULL;
	return json_loads(out, 0, NULL);
}

static inline long long e2e_status_int(struct e2e *e, const char *name)
{
	json_t *j = e2e_status(e);
	long long v = j ? (long long)json_integer_value(json_object_get(j, name)) : -1;
	json_decref(j);
	return v;
}

/* The kiosk store's status read in-process (cheaper than a process when
 * polling); store is the name given to e2e_config. */
static inline struct sync_status e2e_store_status(struct e2e *e, const char *store)
{
	struct sync_status st;
	memset(&st, 0, sizeof st);
	st.pending = -1;
	char keyfile[4200], path[4200];
	e2e_path(e, keyfile, sizeof keyfile, "store.key");
	snprintf(path, sizeof path, "%s/kiosk-%s.db", e->dir, store);
	struct sync_key key;
	struct sync_store *s = NULL;
	if (sync_key_load(keyfile, NULL, &key) == SYNC_OK &&
	    sync_store_open(path, &key, NULL, &s) == SYNC_OK)
		sync_status_get(s, &st);
	sync_store_close(s);
	sync_wipe(&key, sizeof key);
	return st;
}

/* `id06-devserver dump`: the server's state without personal data. */
static json_t *e2e_dump(struct e2e *e)
{
	static char out[1 << 22];
	char *const argv[] = {(char *)e->devserver, "dump", "--db", e->server_db, NULL};
	if (e2e_run(out, sizeof out, argv) != 0)
		return NULL;
	return json_loads(out, 0, NULL);
}

static inline size_t e2e_dump_count(struct e2e *e, const char *table)
{
	json_t *j = e2e_dump(e);
	size_t n = j ? json_array_size(json_object_get(j, table)) : (size_t)-1;
	json_decref(j);
	return n;
}

#endif
