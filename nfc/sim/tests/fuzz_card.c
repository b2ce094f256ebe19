/* fuzz_card - a hostile reader against the virtual chip's command parser.
 * Input: byte 0 bit 0 = open a BAC session first (ICAO appendix D nonces),
 * bit 1 = the chip offers PACE ECDH-GM (CAN 123456), so raw MSE:Set AT and
 * GENERAL AUTHENTICATE commands reach its PACE handlers; bit 2 with bit 1:
 * PACE DH-GM (MODP-1024-160) instead;
 * then records [flags][len][len bytes]: flags bit 0 = wrap the bytes with
 * the terminal's secure messaging (so the fuzzer reaches the commands
 * behind the MAC check), else send them raw.  The chip must answer every
 * APDU with a status word and never crash, read out of bounds or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sim_doc doc;
static int doc_ready;

static int setup(void)
{
	if (doc_ready)
		return doc_ready > 0;
	uint8_t *face = NULL;
	size_t face_len = 0;
	doc_ready = -1;
	if (sim_face_make(SIM_IMAGE_JPEG, 64, 80, 50, &face, &face_len) != SIM_OK)
		return 0;
	/* With both proofs, so hostile INTERNAL AUTHENTICATE, MSE and GENERAL
	 * AUTHENTICATE bytes reach their handlers. */
	struct sim_auth_opts auth = {SIM_CA_ECDH, SIM_AA_RSA};
	if (sim_doc_build_auth("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	                       "L898902C<3UTO6908061F9406236ZE184226B<<<<<14",
	                       face, face_len, SIM_IMAGE_JPEG,
	                       ID06_SOURCE_DIR "/tests/data/chip/test-only-pki",
	                       SIM_FAULT_NONE, &auth, &doc) == SIM_OK)
		doc_ready = 1;
	free(face);
	return doc_ready > 0;
}

static const uint8_t rnd_ic[8] = {0x46, 0x08, 0xF9, 0x19, 0x88, 0x70, 0x22, 0x12};
static const uint8_t k_ic[16] = {0x0B, 0x4F, 0x80, 0x32, 0x3E, 0xB3, 0x19, 0x1C,
                                 0xB0, 0x49, 0x70, 0xCB, 0x40, 0x52, 0x79, 0x0B};

static void bac(struct sim_card *card, struct emrtd_sm *sm)
{
	uint8_t resp[SIM_MAX_RAPDU], seed[16];
	size_t rn;
	static const uint8_t sel[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02,
	                              0x47, 0x10, 0x01};
	static const uint8_t chal[] = {0x00, 0x84, 0x00, 0x00, 0x08};
	uint8_t rnd_ifd[8] = {1, 2, 3, 4, 5, 6, 7, 8}, k_ifd[16] = {0};
	struct emrtd_bac_keys keys;
	sim_card_apdu(card, sel, sizeof sel, resp, sizeof resp, &rn);
	sim_card_apdu(card, chal, sizeof chal, resp, sizeof resp, &rn);
	emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed);
	emrtd_bac_keys_derive(seed, &keys);
	uint8_t ea[46] = {0x00, 0x82, 0x00, 0x00, 0x28};
	emrtd_bac_ifd_request(&keys, rnd_ic, rnd_ifd, k_ifd, ea + 5);
	ea[45] = 0x28;
	sim_card_apdu(card, ea, sizeof ea, resp, sizeof resp, &rn);
	if (rn == 42)
		emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd, resp, 40, sm);
	emrtd_wipe(&keys, sizeof keys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || !setup())
		return 0;
	struct sim_card *card = NULL;
	struct sim_card_opts opts = {.fixed_random = true};
	memcpy(opts.rnd_ic, rnd_ic, 8);
	memcpy(opts.k_ic, k_ic, 16);
	if (data[0] & 2) {
		opts.access = data[0] & 4 ? SIM_ACCESS_PACE_DH : SIM_ACCESS_PACE_ECDH;
		memcpy(opts.can, "123456", 6);
	}
	if (sim_card_new(&doc, &opts, &card) != SIM_OK)
		return 0;
	struct emrtd_sm sm;
	memset(&sm, 0, sizeof sm);
	if (data[0] & 1)
		bac(card, &sm);
	size_t off = 1;
	while (off + 2 <= size) {
		uint8_t flags = data[off];
		size_t n = data[off + 1];
		off += 2;
		if (n > size - off)
			n = size - off;
		uint8_t wire[600], resp[SIM_MAX_RAPDU];
		size_t wn = n, rn = 0;
		memcpy(wire, data + off, n);
		if ((flags & 1) && sm.active &&
		    emrtd_sm_wrap_command(&sm, data + off, n, wire, sizeof wire, &wn) != EMRTD_OK)
			wn = n;
		enum sim_err e = sim_card_apdu(card, wire, wn, resp, sizeof resp, &rn);
		if (e == SIM_OK && (rn < 2 || rn > sizeof resp))
			__builtin_trap();   /* every answer ends in a status word */
		if ((flags & 1) && sm.active && e == SIM_OK) {
			uint8_t plain[300];
			size_t pn;
			uint16_t sw;
			emrtd_sm_unwrap_response(&sm, resp, rn, plain, sizeof plain, &pn, &sw);
		}
		off += n;
	}
	emrtd_sm_wipe(&sm);
	sim_card_free(card);
	return 0;
}
