/* service_test.c - the systemd side of the daemons.
 *
 *   service_test unit
 *       sync_service_log with and without $JOURNAL_STREAM, sync_service_notify
 *       to a path and an abstract socket, sync_service_watchdog_ms.
 *   service_test exec [--term-after MSG] [--expect MSG]... -- COMMAND ARGS...
 *       runs COMMAND with $NOTIFY_SOCKET pointing at a socket this test
 *       listens on, sends SIGTERM once MSG arrived (--term-after), and
 *       checks that every --expect message arrived and COMMAND exited 0.
 *
 * Prints expected vs got on failure. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sync_service.h"

#define MAX_EXPECT 8
#define WAIT_LIMIT_MS 100000

static int failures;

static void check(int ok, const char *what, const char *expected, const char *got)
{
	if (ok) {
		printf("ok   %s\n", what);
	} else {
		printf("FAIL %s: expected %s, got %s\n", what, expected, got);
		failures++;
	}
}

/* A datagram socket bound at path ("@name": abstract). */
static int listen_at(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	size_t len = strlen(path);
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	socklen_t sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sl) != 0) {
		perror("service_test: bind");
		exit(1);
	}
	return fd;
}

/* One datagram within ms, into buf; false on timeout. */
static int receive(int fd, char *buf, size_t cap, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, ms) != 1)
		return 0;
	ssize_t n = recv(fd, buf, cap - 1, 0);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return 1;
}

static void scratch_path(char *buf, size_t cap, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(buf, cap, "%s/id06-service-%ld-%s", tmp && *tmp ? tmp : "/tmp", (long)getpid(),
	         name);
}

/* Runs sync_service_log with stderr redirected into a file; returns what
 * was written. */
static void log_into(const char *path, int journal, char *out, size_t cap)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDERR_FILENO);
	close(fd);
	struct stat sb;
	fstat(STDERR_FILENO, &sb);
	char js[64];
	snprintf(js, sizeof js, "%llu:%llu", (unsigned long long)sb.st_dev,
	         (unsigned long long)sb.st_ino);
	if (journal)
		setenv("JOURNAL_STREAM", js, 1);
	else
		setenv("JOURNAL_STREAM", "1:1", 1);   /* someone else's stream */
	sync_service_log(SYNC_LOG_ERR, "store: %s", "cannot open");
	sync_service_log(SYNC_LOG_INFO, "running");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	unsetenv("JOURNAL_STREAM");
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(out, 1, cap - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	unlink(path);
}

static int run_unit(void)
{
	char path[256], got[512];
	sync_service_init("service_test");
	scratch_path(path, sizeof path, "log");
	log_into(path, 1, got, sizeof got);
	check(strcmp(got, "<3>store: cannot open\n<6>running\n") == 0,
	      "journal lines carry <N> levels", "\"<3>store: cannot open\\n<6>running\\n\"", got);
	log_into(path, 0, got, sizeof got);
	check(strcmp(got, "service_test: error: store: cannot open\n"
	                  "service_test: info: running\n") == 0,
	      "plain lines name the program and level",
	      "\"service_test: error: ...\\nservice_test: info: running\\n\"", got);

	/* notify: nothing without the variable, a datagram with it. */
	unsetenv("NOTIFY_SOCKET");
	check(!sync_service_notify("READY=1"), "no NOTIFY_SOCKET: nothing sent", "false", "true");
	char sock[256], abstract[128];
	scratch_path(sock, sizeof sock, "notify");
	snprintf(abstract, sizeof abstract, "@id06-service-test-%ld", (long)getpid());
	const char *where[] = {sock, abstract};
	for (int i = 0; i < 2; i++) {
		int fd = listen_at(where[i]);
		setenv("NOTIFY_SOCKET", where[i], 1);
		int sent = sync_service_notify("READY=1");
		char msg[256] = "";
		int got_one = receive(fd, msg, sizeof msg, 5000);
		close(fd);
		check(sent && got_one && strcmp(msg, "READY=1") == 0,
		      i == 0 ? "READY=1 to a socket path" : "READY=1 to an abstract socket",
		      "READY=1", got_one ? msg : "nothing");
	}
	unlink(sock);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	check(!sync_service_notify("READY=1"), "a NOTIFY_SOCKET that is no socket address is refused",
	      "false", "true");
	unsetenv("NOTIFY_SOCKET");

	/* The watchdog interval: half of WATCHDOG_USEC, for this process only. */
	struct {
		const char *usec, *pid;
		int64_t want;
	} rows[] = {
		{NULL, NULL, 0}, {"30000000", NULL, 15000}, {"30000000", "self", 15000},
		{"30000000", "1", 0}, {"0", NULL, 0}, {"abc", NULL, 0}, {"1000", NULL, 1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char pid[32];
		snprintf(pid, sizeof pid, "%ld", (long)getpid());
		if (rows[i].usec)
			setenv("WATCHDOG_USEC", rows[i].usec, 1);
		else
			unsetenv("WATCHDOG_USEC");
		if (rows[i].pid)
			setenv("WATCHDOG_PID", strcmp(rows[i].pid, "self") ? rows[i].pid : pid, 1);
		else
			unsetenv("WATCHDOG_PID");
		int64_t got_ms = sync_service_watchdog_ms();
		char what[128], want[32], gotb[32];
		snprintf(what, sizeof what, "watchdog USEC=%s PID=%s", rows[i].usec ? rows[i].usec : "-",
		         rows[i].pid ? rows[i].pid : "-");
		snprintf(want, sizeof want, "%lld ms", (long long)rows[i].want);
		snprintf(gotb, sizeof gotb, "%lld ms", (long long)got_ms);
		check(got_ms == rows[i].want, what, want, gotb);
	}
	return failures ? 1 : 0;
}

static int run_exec(int argc, char **argv)
{
	const char *term_after = NULL, *expect[MAX_EXPECT];
	int n_expect = 0, i = 0;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--term-after") == 0)
			term_after = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--expect") == 0 && n_expect < MAX_EXPECT)
			expect[n_expect++] = argv[++i];
		else {
			fprintf(stderr, "service_test exec: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "service_test exec: give -- COMMAND ARGS\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	char sock[256];
	scratch_path(sock, sizeof sock, "notify");
	int fd = listen_at(sock);
	setenv("NOTIFY_SOCKET", sock, 1);
	pid_t pid = fork();
	if (pid == 0) {
		execv(cmd[0], cmd);
		perror("service_test: exec");
		_exit(127);
	}
	int seen[MAX_EXPECT] = {0}, status = 0, exited = 0, termed = 0;
	char all[2048] = "";
	for (int waited = 0; !exited && waited < WAIT_LIMIT_MS; waited += 100) {
		char msg[512];
		while (receive(fd, msg, sizeof msg, 100)) {
			/* A datagram may hold several newline-separated assignments. */
			for (char *line = strtok(msg, "\n"); line; line = strtok(NULL, "\n")) {
				size_t used = strlen(all);
				snprintf(all + used, sizeof all - used, "%s%s", used ? "," : "", line);
				for (int k = 0; k < n_expect; k++)
					seen[k] |= strcmp(line, expect[k]) == 0;
				if (term_after && !termed && strcmp(line, term_after) == 0) {
					kill(pid, SIGTERM);
					termed = 1;
				}
			}
		}
		exited = waitpid(pid, &status, WNOHANG) == pid;
	}
	if (!exited) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		check(0, "the command ends", "an exit", "still running after 100 s (killed)");
	}
	/* Anything sent just before the exit. */
	char msg[512];
	while (receive(fd, msg, sizeof msg, 0))
		for (int k = 0; k < n_expect; k++)
			seen[k] |= strcmp(msg, expect[k]) == 0;
	close(fd);
	unlink(sock);
	for (int k = 0; k < n_expect; k++) {
		char what[200];
		snprintf(what, sizeof what, "%s sent %s", cmd[0], expect[k]);
		check(seen[k], what, expect[k], all[0] ? all : "no message");
	}
	char got[64];
	snprintf(got, sizeof got, "%s %d", WIFEXITED(status) ? "exit" : "signal",
	         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	check(exited && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the command exits 0",
	      "exit 0", got);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "unit") == 0)
		return run_unit();
	if (argc >= 2 && strcmp(argv[1], "exec") == 0)
		return run_exec(argc - 2, argv + 2);
	fprintf(stderr, "usage: service_test unit | exec [--term-after MSG] [--expect MSG]... "
	                "-- COMMAND ARGS...\n");
	return 2;
}
