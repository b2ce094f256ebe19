/* fuzz_pace.c - the PACE parsers over arbitrary bytes: EF.CardAccess, the
 * GENERAL AUTHENTICATE answer objects, and the chip's public keys fed to
 * terminal-side PACE runs (brainpoolP256r1, MODP-1024-160) that must
 * refuse every point off the curve and every value outside the subgroup
 * without reading outside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct emrtd_card_access ca;
	if (emrtd_card_access_parse(data, size, &ca) == EMRTD_OK) {
		if (ca.n_pace > EMRTD_CARD_ACCESS_MAX_PACE)
			abort();
		for (size_t i = 0; i < ca.n_pace; i++) {
			uint8_t apdu[64];
			size_t n;
			if (emrtd_pace_mse_set_at(&ca.pace[i], EMRTD_PACE_KEY_CAN, apdu, sizeof apdu, &n))
				abort();
			(void)emrtd_pace_supported(&ca.pace[i]);
		}
	}
	static const uint32_t tags[] = {0x80, 0x82, 0x84, 0x86};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		const uint8_t *val;
		size_t vl;
		if (emrtd_pace_ga_parse(data, size, tags[i], &val, &vl) == EMRTD_OK &&
		    (val < data || val + vl > data + size))
			abort();
	}
	/* A prefix as the chip's mapping key, the rest as its ephemeral key: a
	 * terminal run with fixed secrets over brainpoolP256r1 (65-byte
	 * points) and over MODP-1024-160 (128-byte values). */
	static const struct {
		enum emrtd_pace_agreement agreement;
		uint32_t param;
		size_t key_len;
	} groups[] = {{EMRTD_PACE_ECDH, 13, 65}, {EMRTD_PACE_DH, 0, 128}};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		struct emrtd_pace_info pi;
		struct emrtd_pace p;
		uint8_t kpi[16] = {1}, z[16] = {2}, priv[32] = {0, 3}, pub[EMRTD_PACE_MAX_POINT];
		size_t pl, kl = groups[g].key_len;
		if (size < kl)
			continue;
		if (emrtd_pace_info_make(groups[g].agreement, EMRTD_PACE_GM, EMRTD_CIPHER_AES128,
		                         groups[g].param, &pi) ||
		    emrtd_pace_init(&p, &pi) || emrtd_pace_nonce_decrypt(&p, kpi, z, 16) ||
		    emrtd_pace_map_key(&p, priv, pub, sizeof pub, &pl))
			abort();
		if (emrtd_pace_map(&p, data, kl) == EMRTD_OK &&
		    emrtd_pace_eph_key(&p, priv, pub, sizeof pub, &pl) == EMRTD_OK)
			(void)emrtd_pace_agree(&p, data + kl, size - kl);
		emrtd_pace_wipe(&p);
	}
	return 0;
}
