#define _POSIX_C_SOURCE 200809L
/* emrtd_nfc.c - the libnfc transport: open a reader by connstring, select
 * an ISO 14443-4 target (type A, then B), exchange APDUs.  A target that
 * leaves the field is reported as EMRTD_ERR_CARD_LOST. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nfc/nfc.h>

#include "emrtd_link.h"

/* libnfc's PN53x path carries at most ~263 response bytes (research §6.4). */
enum { NFC_MAX_RESPONSE = 262, POLL_STEP_MS = 100 };

struct nfc_tp {
	struct emrtd_link link;  /* first: emrtd_link_ops_transceive's ctx */
	struct emrtd_transport t;
	nfc_context *ctx;
	nfc_device *dev;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static enum emrtd_err nfc_raw(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                              size_t cap, size_t *resp_len, int timeout_ms)
{
	struct nfc_tp *tp = ctx;
	*resp_len = 0;
	int r = nfc_initiator_transceive_bytes(tp->dev, cmd, n, resp, cap, timeout_ms);
	if (r >= 0) {
		*resp_len = (size_t)r;
		return EMRTD_OK;
	}
	switch (r) {
	case NFC_ETGRELEASED:
	case NFC_ERFTRANS:
		return EMRTD_ERR_CARD_LOST;
	case NFC_ETIMEOUT:
	case NFC_ECHIP:
		/* No answer: gone, or slow?  Ask the reader. */
		if (nfc_initiator_target_is_present(tp->dev, NULL) < 0)
			return EMRTD_ERR_CARD_LOST;
		return r == NFC_ETIMEOUT ? EMRTD_ERR_TIMEOUT : EMRTD_ERR_TRANSPORT;
	case NFC_EOVFLOW:
		return EMRTD_ERR_TOO_BIG;
	default:
		return EMRTD_ERR_TRANSPORT;
	}
}

static void nfc_tp_close(void *ctx)
{
	struct nfc_tp *tp = ctx;
	if (!tp)
		return;
	if (tp->dev) {
		nfc_initiator_deselect_target(tp->dev);
		nfc_close(tp->dev);
	}
	if (tp->ctx)
		nfc_exit(tp->ctx);
	free(tp);
}

static const struct emrtd_transport_ops nfc_ops = {"libnfc", emrtd_link_ops_transceive,
                                                   nfc_tp_close};

enum emrtd_err emrtd_transport_nfc_open(const char *connstring, int wait_ms,
                                        struct emrtd_transport **out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	struct nfc_tp *tp = calloc(1, sizeof *tp);
	if (!tp)
		return EMRTD_ERR_NOMEM;
	enum emrtd_err err = EMRTD_ERR_NO_READER;
	nfc_init(&tp->ctx);
	if (!tp->ctx)
		goto fail;
	tp->dev = nfc_open(tp->ctx, connstring && connstring[0] ? connstring : NULL);
	if (!tp->dev)
		goto fail;
	err = EMRTD_ERR_TRANSPORT;
	if (nfc_initiator_init(tp->dev) < 0)
		goto fail;
	if (nfc_device_set_property_bool(tp->dev, NP_INFINITE_SELECT, false) < 0)
		goto fail;
	static const nfc_modulation mods[] = {{NMT_ISO14443A, NBR_106}, {NMT_ISO14443B, NBR_106}};
	long deadline = now_ms() + (wait_ms > 0 ? wait_ms : 0);
	err = EMRTD_ERR_NO_CARD;
	for (;;) {
		for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
			nfc_target nt;
			memset(&nt, 0, sizeof nt);
			int r = nfc_initiator_select_passive_target(tp->dev, mods[i], NULL, 0, &nt);
			if (r <= 0)
				continue;
			/* Type A: ISO 14443-4 compliant when SAK bit 6 is set. */
			if (mods[i].nmt == NMT_ISO14443A && !(nt.nti.nai.btSak & 0x20)) {
				nfc_initiator_deselect_target(tp->dev);
				continue;
			}
			/* No ATR to ask here: every command goes out, and a chip
			 * that takes no extended length answers 6700. */
			tp->link = (struct emrtd_link){nfc_raw, tp, true};
			tp->t.ops = &nfc_ops;
			tp->t.ctx = tp;
			tp->t.max_response = NFC_MAX_RESPONSE;
			snprintf(tp->t.description, sizeof tp->t.description, "%s, ISO 14443-4 type %c",
			         nfc_device_get_name(tp->dev), mods[i].nmt == NMT_ISO14443A ? 'A' : 'B');
			*out = &tp->t;
			return EMRTD_OK;
		}
		if (now_ms() >= deadline)
			break;
		sleep_ms(POLL_STEP_MS);
	}
fail:
	nfc_tp_close(tp);
	return err;
}
