/* fuzz_card_security.c - EF.CardSecurity (CMS over SecurityInfos), the
 * ChipAuthenticationPublicKeyInfo parser over the file's content and over
 * the raw bytes, and the chip's PACE-CAM data (A_IC) with the key found,
 * checked by a terminal that ran PACE-CAM once with fixed keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emrtd_chip_key.h"
#include "emrtd_crypto.h"
#include "emrtd_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A terminal after the tokens of a PACE-CAM run (brainpoolP256r1). */
static bool cam_terminal(struct emrtd_pace *ifd)
{
	struct emrtd_pace_info pi;
	struct emrtd_pace icc;
	uint8_t kpi[16] = {1}, z[16], priv[32] = {0, 3}, a[EMRTD_PACE_MAX_POINT], b[EMRTD_PACE_MAX_POINT];
	size_t zl, al, bl;
	bool ok = !emrtd_pace_info_make(EMRTD_PACE_ECDH, EMRTD_PACE_CAM, EMRTD_CIPHER_AES128, 13, &pi) &&
	          !emrtd_pace_init(ifd, &pi) && !emrtd_pace_init(&icc, &pi) &&
	          !emrtd_pace_nonce_encrypt(&icc, kpi, NULL, z, sizeof z, &zl) &&
	          !emrtd_pace_nonce_decrypt(ifd, kpi, z, zl) &&
	          !emrtd_pace_map_key(ifd, priv, a, sizeof a, &al) &&
	          !emrtd_pace_map_key(&icc, NULL, b, sizeof b, &bl) &&
	          !emrtd_pace_map(ifd, b, bl) && !emrtd_pace_map(&icc, a, al) &&
	          !emrtd_pace_eph_key(ifd, NULL, a, sizeof a, &al) &&
	          !emrtd_pace_eph_key(&icc, NULL, b, sizeof b, &bl) &&
	          !emrtd_pace_agree(ifd, b, bl) && !emrtd_pace_agree(&icc, a, al);
	emrtd_pace_wipe(&icc);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct emrtd_pace ifd;
	static bool ready;
	static uint8_t content[8192];
	struct emrtd_pa pa;
	struct emrtd_chip_key key;
	size_t cl = 0;
	if (!ready) {
		if (!cam_terminal(&ifd))
			abort();
		ready = true;
	}
	if (emrtd_card_security_check(NULL, data, size, &pa, content, sizeof content, &cl) ==
	        EMRTD_OK &&
	    cl > sizeof content)
		abort();
	if (emrtd_chip_key_find(content, cl, false, &key) == EMRTD_OK && key.pub_len > sizeof key.pub)
		abort();
	if (emrtd_chip_key_find(data, size, false, &key) == EMRTD_OK) {
		if (key.pub_len > sizeof key.pub)
			abort();
		/* The key found against A_IC of a run it has nothing to do with:
		 * must fail, whatever the bytes. */
		if (emrtd_pace_cam_check(&ifd, data, size < 64 ? size : 64, key.pub, key.pub_len) ==
		    EMRTD_OK)
			abort();
	}
	/* The bytes as A_IC with a key of the curve. */
	(void)emrtd_pace_cam_check(&ifd, data, size, ifd.map_peer, ifd.map_peer_len);
	return 0;
}
