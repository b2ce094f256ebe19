/* emrtd_transport.c - what every reader transport shares: the APDU
 * exchange rules (extended lengths, GET RESPONSE), the ATR, and the choice
 * of transport from a device string ("pcsc:READER" or a libnfc
 * connstring). */
#include <string.h>

#include "emrtd_crypto.h"
#include "emrtd_link.h"

enum { SW1_MORE_DATA = 0x61, INS_GET_RESPONSE = 0xC0 };

enum emrtd_err emrtd_link_transceive(const struct emrtd_link *l, const uint8_t *cmd, size_t n,
                                     uint8_t *resp, size_t cap, size_t *resp_len,
                                     int timeout_ms)
{
	if (!resp_len)
		return EMRTD_ERR_ARG;
	*resp_len = 0;
	if (!l || !l->raw || !cmd || !resp)
		return EMRTD_ERR_ARG;
	struct emrtd_apdu a;
	/* A malformed command goes out as it is: the card says 6700. */
	if (emrtd_apdu_parse(cmd, n, &a) == EMRTD_OK && a.extended && !l->extended)
		return EMRTD_ERR_UNSUPPORTED;

	/* GET RESPONSE keeps the logical channel of the command (first
	 * interindustry class) and drops secure messaging: the card hands out
	 * the rest of the answer it already protected. */
	uint8_t get_response[5] = {(cmd[0] & 0x80) ? 0x00 : (uint8_t)(cmd[0] & 0x03),
	                           INS_GET_RESPONSE, 0x00, 0x00, 0x00};
	const uint8_t *out = cmd;
	size_t out_len = n, have = 0;
	for (unsigned round = 0; round <= EMRTD_LINK_MAX_ROUNDS; round++) {
		size_t got = 0;
		enum emrtd_err err = l->raw(l->ctx, out, out_len, resp + have, cap - have, &got,
		                            timeout_ms);
		if (err)
			return err;
		if (got > cap - have)
			return EMRTD_ERR_TRANSPORT;  /* a raw exchange that overran */
		if (got < 2 || resp[have + got - 2] != SW1_MORE_DATA) {
			*resp_len = have + got;
			return EMRTD_OK;
		}
		/* 61xx: xx more bytes wait (00: 256 or more); keep the data,
		 * drop the status word, ask for the rest. */
		have += got - 2;
		get_response[4] = resp[have + 1];
		out = get_response;
		out_len = sizeof get_response;
	}
	return EMRTD_ERR_TRANSPORT;
}

enum emrtd_err emrtd_link_ops_transceive(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                                         size_t cap, size_t *resp_len, int timeout_ms)
{
	return emrtd_link_transceive(ctx, cmd, n, resp, cap, resp_len, timeout_ms);
}

/* Card capabilities in compact-TLV historical bytes: tag 7, the third
 * byte's bit 7 (0x40) is "extended Lc and Le fields". */
static bool historical_extended(const uint8_t *h, size_t n)
{
	size_t end;
	if (n == 0)
		return false;
	if (h[0] == 0x80)
		end = n;
	else if (h[0] == 0x00 && n >= 4)
		end = n - 3;  /* the last three bytes are the status indicator */
	else
		return false;
	for (size_t i = 1; i < end;) {
		unsigned tag = h[i] >> 4, len = h[i] & 0x0F;
		if (len > end - i - 1)
			return false;  /* informative bytes only: stop, claim nothing */
		if (tag == 7 && len >= 3)
			return (h[i + 3] & 0x40) != 0;
		i += 1 + len;
	}
	return false;
}

enum emrtd_err emrtd_atr_parse(const uint8_t *atr, size_t n, struct emrtd_atr *out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!atr || n < 2)
		return EMRTD_ERR_TRUNCATED;
	if (atr[0] != 0x3B && atr[0] != 0x3F)
		return EMRTD_ERR_BAD_TAG;
	size_t i = 1;
	unsigned y = atr[i] >> 4, k = atr[i] & 0x0F;
	bool any_td = false, needs_tck = false;
	i++;
	while (y) {
		/* TA, TB, TC, then TD (which says whether more follow). */
		for (unsigned bit = 0x1; bit <= 0x4; bit <<= 1)
			if (y & bit) {
				if (i >= n)
					return EMRTD_ERR_TRUNCATED;
				i++;
			}
		if (!(y & 0x8))
			break;
		if (i >= n)
			return EMRTD_ERR_TRUNCATED;
		unsigned td = atr[i++];
		unsigned proto = td & 0x0F;
		any_td = true;
		if (proto == 0)
			out->t0 = true;
		else if (proto == 1)
			out->t1 = true;
		if (proto != 0)
			needs_tck = true;
		y = td >> 4;
	}
	if (!any_td)
		out->t0 = true;  /* no TD1: T=0 only */
	if (k > n - i)
		return EMRTD_ERR_TRUNCATED;
	out->historical_len = k;
	out->extended = historical_extended(atr + i, k);
	i += k;
	if (needs_tck) {
		if (i >= n)
			return EMRTD_ERR_BAD_LENGTH;
		i++;
	}
	return i == n ? EMRTD_OK : EMRTD_ERR_BAD_LENGTH;
}

enum emrtd_err emrtd_transport_open(const char *device, int wait_ms, struct emrtd_transport **out)
{
	static const char pcsc[] = "pcsc:";
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	if (device && strncmp(device, pcsc, sizeof pcsc - 1) == 0) {
		const char *reader = device + sizeof pcsc - 1;
		return emrtd_transport_pcsc_open(*reader ? reader : NULL, wait_ms, out);
	}
	return emrtd_transport_nfc_open(device, wait_ms, out);
}
