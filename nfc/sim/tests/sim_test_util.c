/* sim_test_util.c - what the simulator's tests share. */
#define _POSIX_C_SOURCE 200809L
#include "sim_test_util.h"

#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

size_t sim_test_unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		int v;
		if (*s >= '0' && *s <= '9') v = *s - '0';
		else if (*s >= 'A' && *s <= 'F') v = *s - 'A' + 10;
		else if (*s >= 'a' && *s <= 'f') v = *s - 'a' + 10;
		else continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

void sim_test_hex(const uint8_t *p, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = 0;
	for (size_t i = 0; i < n && k + 3 < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, "%02X", p[i]);
}

int sim_test_run(const char *const *argv, int with_stderr, char *out, size_t cap)
{
	int fds[2];
	out[0] = 0;
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		if (with_stderr)
			dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	size_t have = 0;
	ssize_t r;
	while (have + 1 < cap && (r = read(fds[0], out + have, cap - 1 - have)) > 0)
		have += (size_t)r;
	out[have] = 0;
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
