/* emrtd_link.h - private: what the reader transports (libnfc, PC/SC)
 * share.  Each transport supplies a raw exchange (one command out, one
 * answer in); emrtd_link_transceive adds the ISO 7816-4 rules that do not
 * depend on the reader: extended-length commands only when the card
 * announced them, and answers handed out in pieces (61xx) collected with
 * GET RESPONSE. */
#ifndef ID06_EMRTD_LINK_H
#define ID06_EMRTD_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd.h"

/* One command APDU out, the card's answer (data + SW1 SW2) into resp. */
typedef enum emrtd_err (*emrtd_raw_fn)(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                                       size_t cap, size_t *resp_len, int timeout_ms);

struct emrtd_link {
	emrtd_raw_fn raw;
	void *ctx;
	bool extended;  /* the card takes extended Lc/Le (its ATR says so) */
};

/* GET RESPONSE rounds before the card is taken to be looping. */
#define EMRTD_LINK_MAX_ROUNDS 256

/* One APDU as the session sees it: EMRTD_ERR_UNSUPPORTED for an
 * extended-length command the card did not announce (nothing is sent);
 * while the card answers 61xx, GET RESPONSE (Le xx) and the pieces are
 * joined in resp, which must hold them all (EMRTD_ERR_TOO_BIG otherwise,
 * from the raw exchange); EMRTD_ERR_TRANSPORT after
 * EMRTD_LINK_MAX_ROUNDS.  Errors of the raw exchange pass through. */
enum emrtd_err emrtd_link_transceive(const struct emrtd_link *l, const uint8_t *cmd, size_t n,
                                     uint8_t *resp, size_t cap, size_t *resp_len,
                                     int timeout_ms);

/* emrtd_link_transceive in the shape of emrtd_transport_ops.transceive,
 * for transports whose ctx is a struct that begins with its struct
 * emrtd_link. */
enum emrtd_err emrtd_link_ops_transceive(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                                         size_t cap, size_t *resp_len, int timeout_ms);

/* What an ATR (ISO 7816-3) says: the protocols it offers and, from the
 * card capabilities in its historical bytes (ISO 7816-4 compact TLV, tag
 * 7, third byte bit 7), whether the card takes extended Lc/Le. */
struct emrtd_atr {
	bool t0, t1;
	bool extended;
	size_t historical_len;
};
/* EMRTD_ERR_TRUNCATED when the interface or historical bytes run past n,
 * EMRTD_ERR_BAD_TAG for a TS other than 3B/3F, EMRTD_ERR_BAD_LENGTH for
 * bytes after the end or a missing check byte. */
enum emrtd_err emrtd_atr_parse(const uint8_t *atr, size_t n, struct emrtd_atr *out);

#endif
