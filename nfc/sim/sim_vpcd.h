/* sim_vpcd.h - private: the virtual chip as a virtual smart card (virtual
 * ICC) of vsmartcard's vpcd, the pcscd driver in Debian's vsmartcard-vpcd.
 *
 * vpcd listens on a TCP port (35963 for its first reader); the virtual card
 * connects to it.  Every message either way is a 2-byte big-endian length
 * and that many bytes.  From vpcd, a 1-byte message is a control: 00 power
 * off, 01 power on, 02 reset, 04 "send the ATR"; anything longer is a
 * command APDU.  The card answers the ATR request with its ATR and an APDU
 * with the response APDU, and the controls with nothing.  The card leaves
 * the reader by closing the connection. */
#ifndef ID06_SIM_VPCD_H
#define ID06_SIM_VPCD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chip_sim.h"

#define SIM_VPCD_DEFAULT_PORT "35963"
/* The longest message the 2-byte length allows, and one on the wire. */
#define SIM_VPCD_MAX_PAYLOAD 65535u
#define SIM_VPCD_MAX_MESSAGE (2u + SIM_VPCD_MAX_PAYLOAD)

enum sim_vpcd_kind {
	SIM_VPCD_POWER_OFF = 0,
	SIM_VPCD_POWER_ON,
	SIM_VPCD_RESET,
	SIM_VPCD_ATR,       /* send the ATR */
	SIM_VPCD_APDU,      /* a command APDU: data, len */
	SIM_VPCD_UNKNOWN,   /* a 1-byte control this protocol does not define: ignored */
};

struct sim_vpcd_msg {
	enum sim_vpcd_kind kind;
	uint8_t control;        /* the byte of a 1-byte message */
	const uint8_t *data;    /* SIM_VPCD_APDU: points into the input */
	size_t len;
};

/* Reads one message from buf.  *consumed is always set: SIM_ERR_NEED_MORE
 * with 0 until the whole message is there; SIM_ERR_BAD_LENGTH (a zero
 * length, which vpcd never sends) with the 2 length bytes to drop. */
enum sim_err sim_vpcd_parse(const uint8_t *buf, size_t len, struct sim_vpcd_msg *msg,
                            size_t *consumed);
/* Writes one message: the length, then p.  SIM_ERR_TOO_BIG when n is over
 * SIM_VPCD_MAX_PAYLOAD or out (cap bytes) cannot hold it. */
enum sim_err sim_vpcd_write(const uint8_t *p, size_t n, uint8_t *out, size_t cap,
                            size_t *out_len);

/* The ATR the virtual card gives (PC/SC part 3 for a contactless card:
 * 3B 81 80 01, the ATS historical byte 80, TCK): T=1, no extended length. */
extern const uint8_t sim_vpcd_atr[6];
/* With SIM_VPCD_T0: 3B 01 80, T=0 only (no TD1), the same historical byte. */
extern const uint8_t sim_vpcd_atr_t0[3];

/* The protocol the card offers.  A T=0 card hands every answer that
 * carries data out by GET RESPONSE (ISO 7816-3 section 10.3, 7816-4
 * section 5.3.4): 61xx first (xx the bytes waiting, 00 for 256 or more),
 * then 00 C0 00 00 Le gets them, the last piece with the card's own
 * status word. */
enum sim_vpcd_protocol { SIM_VPCD_T1 = 0, SIM_VPCD_T0 };

struct sim_vpcd;

/* target is copied; its ctx must outlive the card. */
enum sim_err sim_vpcd_new(const struct sim_target_ops *target, struct sim_vpcd **out);
void sim_vpcd_free(struct sim_vpcd *v);
/* Delay per APDU answer (the slow fault). */
void sim_vpcd_set_delay(struct sim_vpcd *v, unsigned delay_ms);
void sim_vpcd_set_protocol(struct sim_vpcd *v, enum sim_vpcd_protocol protocol);

/* What one step gives: a message to send (len 0: none), a delay to wait
 * before it, and whether the card has left the reader for good (the
 * caller closes the connection). */
struct sim_vpcd_out {
	uint8_t bytes[2 + SIM_MAX_RAPDU];
	size_t len;
	unsigned delay_ms;
	bool gone;
};

/* Consumes at most one message of in (see sim_vpcd_parse for *consumed)
 * and says what the card answers.  Returns the parse result.  Power off,
 * power on and reset reset the card (its session keys are wiped).  After
 * the card left (lost-tag) nothing is answered. */
enum sim_err sim_vpcd_step(struct sim_vpcd *v, const uint8_t *in, size_t len, size_t *consumed,
                           struct sim_vpcd_out *out);

/* Connects to vpcd at host:port (retrying every 100 ms until it listens),
 * calls ready(ctx) once after the first connection, and serves until
 * *stop becomes non-zero; connects again when vpcd closes the connection
 * (pcscd restarted), but not after the card left.  SIM_ERR_ARG for a host
 * or port that does not resolve. */
enum sim_err sim_vpcd_serve(struct sim_vpcd *v, const char *host, const char *port,
                            void (*ready)(void *ctx), void *ready_ctx,
                            volatile sig_atomic_t *stop);

#endif
