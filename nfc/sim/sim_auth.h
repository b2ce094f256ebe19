/* sim_auth.h - private to the virtual chip: its chip authentication and
 * active authentication keys, DG14 and DG15, and the APDU handlers that
 * use them (auth.c). */
#ifndef ID06_SIM_AUTH_H
#define ID06_SIM_AUTH_H

#include "chip_sim.h"
#include "emrtd_crypto.h"

/* Makes the keys and the files DG14 / DG15 of doc as opts asks
 * (wrong-aa-key: DG15 holds another key than the chip signs with;
 * wrong-ca-key: the same for DG14).  Freed by sim_auth_fini. */
enum sim_err sim_auth_build(struct sim_doc *doc, const struct sim_auth_opts *opts,
                            enum sim_fault fault);
void sim_auth_fini(struct sim_doc *doc);
/* A copy of len bytes as file f (lds.c). */
enum sim_err sim_file_set(struct sim_file *f, uint16_t fid, uint8_t sfi, const uint8_t *data,
                          size_t len);

/* Chip authentication in progress on a card. */
struct sim_ca_state {
	bool armed;             /* MSE:Set AT accepted: GENERAL AUTHENTICATE next */
	bool pending;           /* next: replace the channel with next_sm */
	struct emrtd_sm next_sm;
};
void sim_ca_state_wipe(struct sim_ca_state *st);

/* INTERNAL AUTHENTICATE under SM: the signature of the 8-byte challenge
 * into out; 6Cxx when Le is too small for it.  cut (SIM_FAULT_AA_CUT):
 * with Le 00 only the first half, as some chips do.  Returns the status
 * word. */
uint16_t sim_aa_answer(const struct sim_doc *doc, const struct emrtd_apdu *a, bool cut,
                       uint8_t *out, size_t cap, size_t *len);
/* MSE:Set KAT (P1P2 41A6) and MSE:Set AT (41A4) for chip
 * authentication; the status word. */
uint16_t sim_ca_mse(const struct sim_doc *doc, const struct emrtd_apdu *a, struct sim_ca_state *st);
/* GENERAL AUTHENTICATE after MSE:Set AT: 7C{80 key}, answers 7C 00. */
uint16_t sim_ca_general_authenticate(const struct sim_doc *doc, const struct emrtd_apdu *a,
                                     struct sim_ca_state *st, uint8_t *out, size_t cap,
                                     size_t *len);

#endif
