/* emrtd_chip_key.h - private: the chip's static key for chip
 * authentication as EF.CardSecurity (or DG14) lists it in its
 * SecurityInfos (ChipAuthenticationPublicKeyInfo, ICAO 9303-11 §9.2.6).
 * PACE-CAM checks the chip against it.  Defined here, apart from the
 * chip-authentication code, so that both can use one structure. */
#ifndef ID06_EMRTD_CHIP_KEY_H
#define ID06_EMRTD_CHIP_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd.h"

#define EMRTD_CHIP_KEY_MAX 256  /* 04||x||y up to P-521, or a 2048-bit DH value */

struct emrtd_chip_key {
	bool dh;                 /* id-PK-DH; otherwise id-PK-ECDH */
	bool has_key_id;
	uint32_t key_id;
	uint8_t pub[EMRTD_CHIP_KEY_MAX];  /* the BIT STRING of the SubjectPublicKeyInfo */
	size_t pub_len;
};

/* The first ChipAuthenticationPublicKeyInfo of agreement dh (true: DH)
 * in SecurityInfos (SET OF SEQUENCE { OID, ... }).  Other SecurityInfos
 * are skipped.  EMRTD_ERR_NOT_FOUND when there is none; TLV errors,
 * EMRTD_ERR_BAD_LENGTH for a BIT STRING with unused bits or a key longer
 * than EMRTD_CHIP_KEY_MAX. */
enum emrtd_err emrtd_chip_key_find(const uint8_t *p, size_t n, bool dh, struct emrtd_chip_key *out);

#endif
