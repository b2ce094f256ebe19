/* vpcd.c - the virtual chip behind vsmartcard's vpcd socket protocol, so
 * the real pcscd with the real vpcd driver reads it as a card in a PC/SC
 * reader.  The protocol is in sim_vpcd.h. */
#define _GNU_SOURCE  /* TCP_QUICKACK */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sim_vpcd.h"

enum { CTRL_OFF = 0x00, CTRL_ON = 0x01, CTRL_RESET = 0x02, CTRL_ATR = 0x04 };
enum { POLL_MS = 100 };

const uint8_t sim_vpcd_atr[6] = {0x3B, 0x81, 0x80, 0x01, 0x80, 0x80};
const uint8_t sim_vpcd_atr_t0[3] = {0x3B, 0x01, 0x80};

struct sim_vpcd {
	struct sim_target_ops target;
	unsigned delay_ms;
	bool gone;        /* the card left the reader (lost-tag): no more answers */
	enum sim_vpcd_protocol protocol;
	/* T=0: the answer GET RESPONSE hands out (data, then its status word). */
	uint8_t pending[SIM_MAX_RAPDU];
	size_t pending_len, pending_off;
};

enum sim_err sim_vpcd_parse(const uint8_t *buf, size_t len, struct sim_vpcd_msg *msg,
                            size_t *consumed)
{
	if (consumed)
		*consumed = 0;
	if (!buf || !msg || !consumed)
		return SIM_ERR_ARG;
	memset(msg, 0, sizeof *msg);
	if (len < 2)
		return SIM_ERR_NEED_MORE;
	size_t n = (size_t)buf[0] << 8 | buf[1];
	if (n == 0) {
		*consumed = 2;
		return SIM_ERR_BAD_LENGTH;
	}
	if (len - 2 < n)
		return SIM_ERR_NEED_MORE;
	*consumed = 2 + n;
	if (n > 1) {
		msg->kind = SIM_VPCD_APDU;
		msg->data = buf + 2;
		msg->len = n;
		return SIM_OK;
	}
	msg->control = buf[2];
	switch (buf[2]) {
	case CTRL_OFF: msg->kind = SIM_VPCD_POWER_OFF; break;
	case CTRL_ON: msg->kind = SIM_VPCD_POWER_ON; break;
	case CTRL_RESET: msg->kind = SIM_VPCD_RESET; break;
	case CTRL_ATR: msg->kind = SIM_VPCD_ATR; break;
	default: msg->kind = SIM_VPCD_UNKNOWN; break;
	}
	return SIM_OK;
}

enum sim_err sim_vpcd_write(const uint8_t *p, size_t n, uint8_t *out, size_t cap,
                            size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if ((!p && n) || !out || !out_len)
		return SIM_ERR_ARG;
	if (n > SIM_VPCD_MAX_PAYLOAD || cap < 2 || n > cap - 2)
		return SIM_ERR_TOO_BIG;
	out[0] = (uint8_t)(n >> 8);
	out[1] = (uint8_t)n;
	if (n)
		memcpy(out + 2, p, n);
	*out_len = 2 + n;
	return SIM_OK;
}

enum sim_err sim_vpcd_new(const struct sim_target_ops *target, struct sim_vpcd **out)
{
	if (!out)
		return SIM_ERR_ARG;
	*out = NULL;
	if (!target || !target->apdu)
		return SIM_ERR_ARG;
	struct sim_vpcd *v = calloc(1, sizeof *v);
	if (!v)
		return SIM_ERR_NOMEM;
	v->target = *target;
	*out = v;
	return SIM_OK;
}

void sim_vpcd_free(struct sim_vpcd *v)
{
	free(v);
}

void sim_vpcd_set_delay(struct sim_vpcd *v, unsigned delay_ms)
{
	if (v)
		v->delay_ms = delay_ms;
}

void sim_vpcd_set_protocol(struct sim_vpcd *v, enum sim_vpcd_protocol protocol)
{
	if (v)
		v->protocol = protocol;
}

static void reset_target(struct sim_vpcd *v)
{
	v->pending_len = v->pending_off = 0;
	if (v->target.reset)
		v->target.reset(v->target.ctx);
}

/* T=0: the next piece of the pending answer for GET RESPONSE with Le (0:
 * 256) into resp; 61xx while more waits, the card's status word last. */
static size_t next_piece(struct sim_vpcd *v, size_t le, uint8_t *resp)
{
	size_t data_left = v->pending_len - 2 - v->pending_off;
	size_t n = le < data_left ? le : data_left;
	memcpy(resp, v->pending + v->pending_off, n);
	v->pending_off += n;
	data_left -= n;
	if (data_left) {
		resp[n] = 0x61;
		resp[n + 1] = (uint8_t)(data_left > 255 ? 0 : data_left);
	} else {
		memcpy(resp + n, v->pending + v->pending_len - 2, 2);
		v->pending_len = v->pending_off = 0;
	}
	return n + 2;
}

/* One command through the card as the protocol hands it out: T=1 as the
 * card answers; T=0 answers with data become 61xx, and GET RESPONSE (00
 * C0 00 00 Le) gets them while an answer waits. */
static enum sim_err exchange(struct sim_vpcd *v, const uint8_t *cmd, size_t n, uint8_t *resp,
                             size_t *rn)
{
	if (v->protocol == SIM_VPCD_T0 && v->pending_len && n == 5 && (cmd[0] & 0x80) == 0 &&
	    cmd[1] == 0xC0 && cmd[2] == 0 && cmd[3] == 0) {
		*rn = next_piece(v, cmd[4] ? cmd[4] : 256, resp);
		return SIM_OK;
	}
	v->pending_len = v->pending_off = 0;
	enum sim_err e = v->target.apdu(v->target.ctx, cmd, n, resp, SIM_MAX_RAPDU, rn);
	if (e != SIM_OK || v->protocol != SIM_VPCD_T0 || *rn <= 2 || *rn > SIM_MAX_RAPDU)
		return e;
	memcpy(v->pending, resp, *rn);
	v->pending_len = *rn;
	resp[0] = 0x61;
	resp[1] = (uint8_t)(*rn - 2 > 255 ? 0 : *rn - 2);
	*rn = 2;
	return SIM_OK;
}

enum sim_err sim_vpcd_step(struct sim_vpcd *v, const uint8_t *in, size_t len, size_t *consumed,
                           struct sim_vpcd_out *out)
{
	if (out) {
		out->len = 0;
		out->delay_ms = 0;
		out->gone = v && v->gone;
	}
	if (!v || !out)
		return SIM_ERR_ARG;
	struct sim_vpcd_msg msg;
	enum sim_err e = sim_vpcd_parse(in, len, &msg, consumed);
	if (e != SIM_OK || v->gone)
		return e;
	uint8_t resp[SIM_MAX_RAPDU];
	size_t rn = 0;
	switch (msg.kind) {
	case SIM_VPCD_POWER_OFF:
	case SIM_VPCD_POWER_ON:
	case SIM_VPCD_RESET:
		reset_target(v);
		return SIM_OK;
	case SIM_VPCD_UNKNOWN:
		return SIM_OK;
	case SIM_VPCD_ATR:
		if (v->protocol == SIM_VPCD_T0)
			return sim_vpcd_write(sim_vpcd_atr_t0, sizeof sim_vpcd_atr_t0, out->bytes,
			                      sizeof out->bytes, &out->len);
		return sim_vpcd_write(sim_vpcd_atr, sizeof sim_vpcd_atr, out->bytes, sizeof out->bytes,
		                      &out->len);
	case SIM_VPCD_APDU:
		break;
	}
	enum sim_err ce = exchange(v, msg.data, msg.len, resp, &rn);
	if (ce == SIM_ERR_TAG_LOST) {
		v->gone = true;   /* taken out of the reader: no answer, ever */
		out->gone = true;
		return SIM_OK;
	}
	if (ce != SIM_OK || rn < 2 || rn > sizeof resp) {
		resp[0] = 0x6F;   /* no precise diagnosis */
		resp[1] = 0x00;
		rn = 2;
	}
	out->delay_ms = v->delay_ms;
	return sim_vpcd_write(resp, rn, out->bytes, sizeof out->bytes, &out->len);
}

/* ---- the socket ----------------------------------------------------------- */

static void pause_ms(unsigned ms, volatile sig_atomic_t *stop)
{
	while (ms > 0 && !*stop) {
		unsigned step = ms > POLL_MS ? POLL_MS : ms;
		struct timespec ts = {0, (long)step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static int connect_any(const struct addrinfo *ai)
{
	for (; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			int one = 1;  /* small messages, one answer per command: no Nagle wait */
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
			return fd;
		}
		close(fd);
	}
	return -1;
}

static bool send_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Answers what is in buf; false when the connection must end. */
static bool answer_all(struct sim_vpcd *v, int fd, uint8_t *buf, size_t *have,
                       volatile sig_atomic_t *stop)
{
	while (*have > 0) {
		size_t consumed = 0;
		struct sim_vpcd_out out;
		enum sim_err e = sim_vpcd_step(v, buf, *have, &consumed, &out);
		memmove(buf, buf + consumed, *have - consumed);
		*have -= consumed;
		if (out.len) {
			pause_ms(out.delay_ms, stop);
			if (!send_all(fd, out.bytes, out.len))
				return false;
		}
		if (out.gone)
			return false;
		if (e == SIM_ERR_NEED_MORE)
			break;
	}
	return true;
}

enum sim_err sim_vpcd_serve(struct sim_vpcd *v, const char *host, const char *port,
                            void (*ready)(void *ctx), void *ready_ctx,
                            volatile sig_atomic_t *stop)
{
	if (!v || !host || !port || !stop)
		return SIM_ERR_ARG;
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return SIM_ERR_ARG;
	uint8_t *buf = malloc(SIM_VPCD_MAX_MESSAGE);
	if (!buf) {
		freeaddrinfo(ai);
		return SIM_ERR_NOMEM;
	}
	size_t have = 0;
	int fd = -1;
	bool announced = false;
	while (!*stop) {
		if (fd < 0) {
			fd = v->gone ? -1 : connect_any(ai);
			if (fd < 0) {
				pause_ms(POLL_MS, stop);  /* vpcd not listening yet, or the card left */
				continue;
			}
			reset_target(v);  /* a new connection: the card was (re)inserted */
			have = 0;
			if (!announced && ready)
				ready(ready_ctx);
			announced = true;
		}
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int pr = poll(&pfd, 1, POLL_MS);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr <= 0)
			continue;
		ssize_t r = recv(fd, buf + have, SIM_VPCD_MAX_MESSAGE - have, 0);
		/* vpcd writes the length and the payload separately: acknowledge
		 * at once, or its Nagle wait meets our delayed ACK (~40 ms per
		 * APDU).  Linux clears the flag again, so set it on every read. */
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		bool keep = r > 0;
		if (keep) {
			have += (size_t)r;
			keep = answer_all(v, fd, buf, &have, stop);
		}
		if (!keep) {  /* vpcd closed, or the card left */
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	freeaddrinfo(ai);
	return SIM_OK;
}
