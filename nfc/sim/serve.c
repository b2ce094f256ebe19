/* serve.c - puts the PN532 emulator on a pseudo-terminal, so libnfc's
 * pn532_uart driver opens it like a serial port. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "chip_sim.h"
#include "sim_serve.h"

struct sim_server {
	int master;
	int slave;      /* kept open: the master never sees a hang-up between sessions */
	char link[4096];
	char pty[128];
};

enum sim_err sim_server_open(const char *link, struct sim_server **out)
{
	if (!out)
		return SIM_ERR_ARG;
	*out = NULL;
	if (!link || !*link || strlen(link) >= sizeof((struct sim_server *)0)->link)
		return SIM_ERR_ARG;
	struct stat st;
	if (lstat(link, &st) == 0) {
		if (!S_ISLNK(st.st_mode))
			return SIM_ERR_IO;   /* never replace a real file */
		unlink(link);
	}
	struct sim_server *s = calloc(1, sizeof *s);
	if (!s)
		return SIM_ERR_NOMEM;
	s->slave = -1;
	s->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (s->master < 0 || grantpt(s->master) != 0 || unlockpt(s->master) != 0 ||
	    ptsname_r(s->master, s->pty, sizeof s->pty) != 0)
		goto fail;
	s->slave = open(s->pty, O_RDWR | O_NOCTTY);
	if (s->slave < 0)
		goto fail;
	struct termios t;
	if (tcgetattr(s->slave, &t) != 0)
		goto fail;
	cfmakeraw(&t);
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	if (tcsetattr(s->slave, TCSANOW, &t) != 0)
		goto fail;
	int fl = fcntl(s->master, F_GETFL);
	if (fl < 0 || fcntl(s->master, F_SETFL, fl | O_NONBLOCK) != 0)
		goto fail;
	if (symlink(s->pty, link) != 0)
		goto fail;
	snprintf(s->link, sizeof s->link, "%s", link);
	*out = s;
	return SIM_OK;
fail:
	if (s->slave >= 0)
		close(s->slave);
	if (s->master >= 0)
		close(s->master);
	free(s);
	return SIM_ERR_IO;
}

const char *sim_server_pty(const struct sim_server *s)
{
	return s ? s->pty : "";
}

void sim_server_close(struct sim_server *s)
{
	if (!s)
		return;
	if (s->link[0])
		unlink(s->link);
	if (s->slave >= 0)
		close(s->slave);
	if (s->master >= 0)
		close(s->master);
	free(s);
}

static enum sim_err write_all(int fd, const uint8_t *p, size_t n,
                              volatile sig_atomic_t *stop)
{
	while (n > 0 && !*stop) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd pfd = {.fd = fd, .events = POLLOUT};
				poll(&pfd, 1, 100);
				continue;
			}
			return SIM_ERR_IO;
		}
		p += w;
		n -= (size_t)w;
	}
	return SIM_OK;
}

static void sleep_ms(unsigned ms, volatile sig_atomic_t *stop)
{
	while (ms > 0 && !*stop) {
		unsigned step = ms > 50 ? 50 : ms;
		struct timespec ts = {0, (long)step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

enum sim_err sim_server_run(struct sim_server *s, struct sim_pn532 *emu,
                            volatile sig_atomic_t *stop)
{
	if (!s || !emu || !stop)
		return SIM_ERR_ARG;
	uint8_t buf[4 * SIM_PN532_MAX_FRAME];
	size_t have = 0;
	while (!*stop) {
		struct pollfd pfd = {.fd = s->master, .events = POLLIN};
		int pr = poll(&pfd, 1, 100);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			return SIM_ERR_IO;
		}
		if (pr == 0 || !(pfd.revents & POLLIN))
			continue;
		ssize_t r = read(s->master, buf + have, sizeof buf - have);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EIO)
				continue;
			return SIM_ERR_IO;
		}
		have += (size_t)r;
		for (;;) {
			size_t consumed = 0;
			struct sim_pn532_out out;
			enum sim_err e = sim_pn532_step(emu, buf, have, &consumed, &out);
			if (consumed > have)
				consumed = have;
			memmove(buf, buf + consumed, have - consumed);
			have -= consumed;
			if (e == SIM_OK && out.len) {
				enum sim_err we = write_all(s->master, out.bytes, out.ack_len, stop);
				if (we == SIM_OK && out.delay_ms)
					sleep_ms(out.delay_ms, stop);
				if (we == SIM_OK)
					we = write_all(s->master, out.bytes + out.ack_len,
					               out.len - out.ack_len, stop);
				if (we != SIM_OK)
					return we;
			}
			if (e == SIM_ERR_NEED_MORE) {
				if (have == sizeof buf)
					have = 0;   /* a frame never fits: drop the noise */
				break;
			}
			if (have == 0)
				break;
		}
	}
	return SIM_OK;
}
