/* sim_spawn.c - start and always stop id06-chip-sim from a test. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_spawn.h"

#define MAX_CHILDREN 8
static pid_t children[MAX_CHILDREN];
static int atexit_done;

static void kill_all(void)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0) {
			kill(children[i], SIGKILL);
			waitpid(children[i], NULL, 0);
			children[i] = 0;
		}
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL watchdog: test took too long, simulator killed\n";
	ssize_t w = write(2, msg, sizeof msg - 1);
	(void)w;
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0)
			kill(children[i], SIGKILL);
	_exit(1);
}

void sim_watchdog(unsigned seconds)
{
	signal(SIGALRM, on_alarm);
	alarm(seconds);
}

static void track(pid_t pid, int add)
{
	if (!atexit_done) {
		atexit(kill_all);
		atexit_done = 1;
	}
	for (int i = 0; i < MAX_CHILDREN; i++) {
		if (add && children[i] == 0) {
			children[i] = pid;
			return;
		}
		if (!add && children[i] == pid) {
			children[i] = 0;
			return;
		}
	}
}

int sim_spawn(const char *exe, const char *const *argv, const char *link,
              struct sim_proc *p)
{
	int fds[2];
	memset(p, 0, sizeof *p);
	snprintf(p->link, sizeof p->link, "%s", link);
	if (pipe(fds) != 0)
		return -1;
	const char *args[32];
	int n = 0;
	for (; argv[n] && n < 28; n++)
		args[n] = argv[n];
	args[n++] = "--pn532";
	args[n++] = link;
	args[n] = NULL;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* If the test dies without cleaning up, the simulator goes too. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(exe, (char *const *)args);
		_exit(127);
	}
	close(fds[1]);
	p->pid = pid;
	track(pid, 1);
	char line[512];
	size_t have = 0;
	int ok = 0;
	for (int waited = 0; waited < 200 && !ok; waited++) {
		struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		ssize_t r = read(fds[0], line + have, sizeof line - 1 - have);
		if (r <= 0)
			break;   /* the simulator exited before it was ready */
		have += (size_t)r;
		line[have] = 0;
		ok = strstr(line, " ready ") != NULL;
	}
	close(fds[0]);
	if (!ok) {
		fprintf(stderr, "sim_spawn: %s did not print its ready line\n", exe);
		sim_stop(p);
		return -1;
	}
	return 0;
}

int sim_stop(struct sim_proc *p)
{
	if (p->pid <= 0)
		return -1;
	int status = 0;
	kill(p->pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		pid_t r = waitpid(p->pid, &status, WNOHANG);
		if (r == p->pid)
			goto done;
		struct timespec ts = {0, 100000000L};
		nanosleep(&ts, NULL);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
done:
	track(p->pid, 0);
	p->pid = 0;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
