/* fuzz_pace.c - the PACE parsers over arbitrary bytes: EF.CardAccess, the
 * GENERAL AUTHENTICATE answer objects, and the chip's public keys fed to a
 * terminal-side PACE run (brainpoolP256r1) that must refuse every point
 * off the curve without reading outside the input. */
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
	/* A 65-byte prefix as the chip's mapping key, the rest as its ephemeral
	 * key: a terminal run with fixed secrets. */
	if (size >= 65) {
		static const uint8_t oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};
		struct emrtd_pace_info pi;
		struct emrtd_pace p;
		uint8_t kpi[16] = {1}, z[16] = {2}, priv[32] = {0, 3}, pub[133];
		size_t pl;
		memset(&pi, 0, sizeof pi);
		memcpy(pi.oid, oid, sizeof oid);
		pi.agreement = EMRTD_PACE_ECDH;
		pi.mapping = EMRTD_PACE_GM;
		pi.cipher = EMRTD_CIPHER_AES128;
		pi.has_parameter_id = true;
		pi.parameter_id = 13;
		if (emrtd_pace_init(&p, &pi) || emrtd_pace_nonce_decrypt(&p, kpi, z, 16) ||
		    emrtd_pace_map_key(&p, priv, pub, sizeof pub, &pl))
			abort();
		if (emrtd_pace_map(&p, data, 65) == EMRTD_OK &&
		    emrtd_pace_eph_key(&p, priv, pub, sizeof pub, &pl) == EMRTD_OK)
			(void)emrtd_pace_agree(&p, data + 65, size - 65);
		emrtd_pace_wipe(&p);
	}
	return 0;
}
