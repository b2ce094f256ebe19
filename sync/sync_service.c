/* sync_service.c - leveled log lines and sd_notify for the daemons
 * (sync_service.h). */
#include "sync_service.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *program_name = "id06";

void sync_service_init(const char *program)
{
	if (program)
		program_name = program;
}

bool sync_service_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;
	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &sb) != 0)
		return false;
	return (unsigned long long)sb.st_dev == dev && (unsigned long long)sb.st_ino == ino;
}

static const char *level_name(enum sync_log_level level)
{
	switch (level) {
	case SYNC_LOG_ERR: return "error";
	case SYNC_LOG_WARNING: return "warning";
	case SYNC_LOG_NOTICE: return "notice";
	case SYNC_LOG_INFO: return "info";
	case SYNC_LOG_DEBUG: return "debug";
	}
	return "log";
}

void sync_service_log(enum sync_log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One write per line, so lines of two threads never interleave. */
	if (sync_service_journal())
		fprintf(stderr, "<%d>%s\n", (int)level, line);
	else
		fprintf(stderr, "%s: %s: %s\n", program_name, level_name(level), line);
	fflush(stderr);
}

bool sync_service_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || !state)
		return false;
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	size_t len = strlen(path);
	/* "/path" or "@abstract"; vsock addresses are not used by this project. */
	if ((path[0] != '/' && path[0] != '@') || len < 2 || len >= sizeof sa.sun_path)
		return false;
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	socklen_t sa_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	                               (path[0] == '/' ? 1 : 0));
	ssize_t n;
	do
		n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, sa_len);
	while (n < 0 && errno == EINTR);
	close(fd);
	return n == (ssize_t)strlen(state);
}

int64_t sync_service_watchdog_ms(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	if (!usec)
		return 0;
	if (pid && strtoll(pid, NULL, 10) != (long long)getpid())
		return 0;
	char *end;
	errno = 0;
	long long us = strtoll(usec, &end, 10);
	if (errno || *end || us <= 0)
		return 0;
	/* Ping at half the interval, as sd_watchdog_enabled(3) advises. */
	int64_t ms = (int64_t)(us / 2000);
	return ms > 0 ? ms : 1;
}
