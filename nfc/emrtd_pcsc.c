/* emrtd_pcsc.c - the PC/SC transport (pcsc-lite): find the reader, wait
 * for a card (SCardGetStatusChange), connect with T=1 or T=0 as the card
 * offers, exchange APDUs.  A card that leaves the reader is reported as
 * EMRTD_ERR_CARD_LOST, as the libnfc transport does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

#include "emrtd_link.h"

/* Short APDUs answer at most 256 bytes + SW; extended ones 65536 + SW. */
enum { PCSC_SHORT_RESPONSE = 258, PCSC_EXTENDED_RESPONSE = 65538 };
/* Room for the reader list (pcsc-lite: 16 readers of up to 128 bytes) and
 * the time to wait for pcscd to see a removal after a failed exchange. */
enum { READER_LIST_MAX = 16 * 128 + 1, MAX_READERS = 16, REMOVAL_WAIT_MS = 1500 };

struct pcsc_tp {
	struct emrtd_link link;  /* first: emrtd_link_ops_transceive's ctx */
	struct emrtd_transport t;
	SCARDCONTEXT ctx;
	bool have_ctx;
	SCARDHANDLE card;
	bool have_card;
	DWORD protocol;
	char reader[MAX_READERNAME];
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* What a PC/SC status means to a caller that did not get a card. */
static enum emrtd_err open_error(LONG rv)
{
	switch (rv) {
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		return EMRTD_ERR_NO_SERVICE;
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
		return EMRTD_ERR_NO_READER;
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_TIMEOUT:
		return EMRTD_ERR_NO_CARD;
	case SCARD_E_NO_MEMORY:
		return EMRTD_ERR_NOMEM;
	default:
		return EMRTD_ERR_TRANSPORT;
	}
}

/* The readers' names as one multi-string ("a\0b\0\0"). */
static LONG list_readers(SCARDCONTEXT ctx, char *names, DWORD cap)
{
	DWORD len = cap;
	LONG rv = SCardListReaders(ctx, NULL, names, &len);
	if (rv != SCARD_S_SUCCESS)
		names[0] = names[1] = 0;
	return rv;
}

/* After a failed exchange: has the card left?  pcscd notices a removal
 * only when it next polls the reader, so wait a little for it. */
static bool card_gone(struct pcsc_tp *tp)
{
	SCARD_READERSTATE rs;
	memset(&rs, 0, sizeof rs);
	rs.szReader = tp->reader;
	rs.dwCurrentState = SCARD_STATE_UNAWARE;
	long deadline = now_ms() + REMOVAL_WAIT_MS;
	for (;;) {
		LONG rv = SCardGetStatusChange(tp->ctx, 0, &rs, 1);
		if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
			return true;  /* the reader or the service went away */
		if (!(rs.dwEventState & SCARD_STATE_PRESENT))
			return true;
		long left = deadline - now_ms();
		if (left <= 0)
			return false;
		rs.dwCurrentState = rs.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
		rv = SCardGetStatusChange(tp->ctx, (DWORD)left, &rs, 1);
		if (rv == SCARD_E_TIMEOUT)
			return false;
	}
}

static enum emrtd_err pcsc_raw(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                               size_t cap, size_t *resp_len, int timeout_ms)
{
	struct pcsc_tp *tp = ctx;
	(void)timeout_ms;  /* PC/SC has no per-command timeout: the driver's applies */
	*resp_len = 0;
	if (n > PCSC_EXTENDED_RESPONSE)
		return EMRTD_ERR_TOO_BIG;
	DWORD got = cap > PCSC_EXTENDED_RESPONSE ? PCSC_EXTENDED_RESPONSE : (DWORD)cap;
	const SCARD_IO_REQUEST *pci =
		tp->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	LONG rv = SCardTransmit(tp->card, pci, cmd, (DWORD)n, NULL, resp, &got);
	switch (rv) {
	case SCARD_S_SUCCESS:
		/* No status word: vpcd, for one, says so when its card left. */
		if (got < 2 && card_gone(tp))
			return EMRTD_ERR_CARD_LOST;
		*resp_len = got;
		return EMRTD_OK;
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_NO_SMARTCARD:
		return EMRTD_ERR_CARD_LOST;
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		return EMRTD_ERR_NO_SERVICE;
	case SCARD_E_INSUFFICIENT_BUFFER:
		return EMRTD_ERR_TOO_BIG;
	case SCARD_E_TIMEOUT:
		return card_gone(tp) ? EMRTD_ERR_CARD_LOST : EMRTD_ERR_TIMEOUT;
	default:
		/* No answer (SCARD_E_NOT_TRANSACTED, a comm error...): gone, or
		 * a reader fault?  Ask pcscd, as libnfc's presence check does. */
		return card_gone(tp) ? EMRTD_ERR_CARD_LOST : EMRTD_ERR_TRANSPORT;
	}
}

static void pcsc_tp_close(void *ctx)
{
	struct pcsc_tp *tp = ctx;
	if (!tp)
		return;
	/* Reset: the chip forgets the secure-messaging session. */
	if (tp->have_card)
		SCardDisconnect(tp->card, SCARD_RESET_CARD);
	if (tp->have_ctx)
		SCardReleaseContext(tp->ctx);
	free(tp);
}

static const struct emrtd_transport_ops pcsc_ops = {"pcsc", emrtd_link_ops_transceive,
                                                    pcsc_tp_close};

/* The readers to watch: the one named (exactly, else the first whose name
 * starts with it), or all of them.  names is the multi-string. */
static size_t pick_readers(const char *names, const char *want, const char **out, size_t max)
{
	size_t count = 0;
	if (want) {
		for (const char *p = names; *p && !count; p += strlen(p) + 1)
			if (strcmp(p, want) == 0)
				out[count++] = p;
		for (const char *p = names; *p && !count; p += strlen(p) + 1)
			if (strncmp(p, want, strlen(want)) == 0)
				out[count++] = p;
		return count;
	}
	for (const char *p = names; *p && count < max; p += strlen(p) + 1)
		out[count++] = p;
	return count;
}

/* Waits until one of the readers holds a card; *which is its index. */
static enum emrtd_err wait_card(SCARDCONTEXT ctx, SCARD_READERSTATE *rs, size_t n, int wait_ms,
                                size_t *which)
{
	long deadline = now_ms() + (wait_ms > 0 ? wait_ms : 0);
	DWORD timeout = 0;  /* the first call reports the current state at once */
	for (;;) {
		LONG rv = SCardGetStatusChange(ctx, timeout, rs, (DWORD)n);
		if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
			return open_error(rv);
		for (size_t i = 0; i < n; i++) {
			DWORD st = rs[i].dwEventState;
			if ((st & SCARD_STATE_PRESENT) && !(st & SCARD_STATE_MUTE)) {
				*which = i;
				return EMRTD_OK;
			}
			if (st & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
				return EMRTD_ERR_NO_READER;  /* unplugged while we waited */
			rs[i].dwCurrentState = st & ~(DWORD)SCARD_STATE_CHANGED;
		}
		long left = deadline - now_ms();
		if (left <= 0)
			return EMRTD_ERR_NO_CARD;
		timeout = (DWORD)left;
	}
}

enum emrtd_err emrtd_transport_pcsc_open(const char *reader, int wait_ms,
                                         struct emrtd_transport **out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	struct pcsc_tp *tp = calloc(1, sizeof *tp);
	if (!tp)
		return EMRTD_ERR_NOMEM;
	char names[READER_LIST_MAX];
	const char *cand[MAX_READERS];
	SCARD_READERSTATE rs[MAX_READERS];
	size_t n, which = 0;
	enum emrtd_err err;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &tp->ctx);
	if (rv != SCARD_S_SUCCESS) {
		err = open_error(rv);
		goto fail;
	}
	tp->have_ctx = true;
	rv = list_readers(tp->ctx, names, sizeof names);
	if (rv != SCARD_S_SUCCESS) {
		err = open_error(rv);
		goto fail;
	}
	n = pick_readers(names, reader, cand, MAX_READERS);
	if (n == 0) {
		err = EMRTD_ERR_READER_NOT_FOUND;
		goto fail;
	}
	memset(rs, 0, sizeof rs);
	for (size_t i = 0; i < n; i++) {
		rs[i].szReader = cand[i];
		rs[i].dwCurrentState = SCARD_STATE_UNAWARE;
	}
	err = wait_card(tp->ctx, rs, n, wait_ms, &which);
	if (err)
		goto fail;
	snprintf(tp->reader, sizeof tp->reader, "%s", cand[which]);
	rv = SCardConnect(tp->ctx, tp->reader, SCARD_SHARE_EXCLUSIVE,
	                  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &tp->card, &tp->protocol);
	if (rv != SCARD_S_SUCCESS) {
		err = open_error(rv);
		goto fail;
	}
	tp->have_card = true;

	/* The ATR says whether the card takes extended lengths. */
	uint8_t atr[MAX_ATR_SIZE];
	DWORD atr_len = sizeof atr, state = 0, proto = 0;
	struct emrtd_atr info;
	rv = SCardStatus(tp->card, NULL, NULL, &state, &proto, atr, &atr_len);
	if (rv != SCARD_S_SUCCESS) {
		err = rv == SCARD_W_REMOVED_CARD ? EMRTD_ERR_NO_CARD : open_error(rv);
		goto fail;
	}
	if (emrtd_atr_parse(atr, atr_len, &info) != EMRTD_OK)
		info.extended = false;  /* an ATR we cannot read promises nothing */
	tp->link.raw = pcsc_raw;
	tp->link.ctx = tp;
	tp->link.extended = info.extended;
	tp->t.ops = &pcsc_ops;
	tp->t.ctx = tp;
	tp->t.max_response = info.extended ? PCSC_EXTENDED_RESPONSE : PCSC_SHORT_RESPONSE;
	snprintf(tp->t.description, sizeof tp->t.description, "%.60s, PC/SC T=%c%s", tp->reader,
	         tp->protocol == SCARD_PROTOCOL_T0 ? '0' : '1',
	         info.extended ? ", extended length" : "");
	*out = &tp->t;
	return EMRTD_OK;
fail:
	pcsc_tp_close(tp);
	return err;
}

enum emrtd_err emrtd_transport_pcsc_readers(char *buf, size_t cap)
{
	if (!buf || cap == 0)
		return EMRTD_ERR_ARG;
	buf[0] = 0;
	SCARDCONTEXT ctx;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv != SCARD_S_SUCCESS)
		return open_error(rv);
	char names[READER_LIST_MAX];
	rv = list_readers(ctx, names, sizeof names);
	SCardReleaseContext(ctx);
	if (rv != SCARD_S_SUCCESS)
		return open_error(rv);
	size_t used = 0;
	for (const char *p = names; *p; p += strlen(p) + 1) {
		int w = snprintf(buf + used, cap - used, "%s%s", used ? "; " : "", p);
		if (w < 0 || (size_t)w >= cap - used)
			break;  /* cut: what fits is already in buf */
		used += (size_t)w;
	}
	return EMRTD_OK;
}
