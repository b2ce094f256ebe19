/* emrtd_chip_key.c - ChipAuthenticationPublicKeyInfo out of SecurityInfos
 * (EF.CardSecurity, DG14), through the bounded cursor. */
#include <string.h>

#include "emrtd_chip_key.h"
#include "emrtd_crypto.h"

/* id-PK: 0.4.0.127.0.7.2.2.1, then 1 DH or 2 ECDH (DER contents; the last
 * byte is set per call). */
static const uint8_t id_pk[9] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x00};

/* SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }; the
 * key bytes of the BIT STRING (no unused bits). */
static enum emrtd_err read_spki(struct emrtd_cursor *c, struct emrtd_chip_key *out)
{
	struct emrtd_cursor spki, alg, bits;
	const uint8_t *key;
	uint8_t unused = 0;
	enum emrtd_err err;
	if ((err = emrtd_cursor_expect(c, 0x30, &spki)) ||
	    (err = emrtd_cursor_expect(&spki, 0x30, &alg)) ||
	    (err = emrtd_cursor_expect(&spki, 0x03, &bits)) || (err = emrtd_cursor_u8(&bits, &unused)))
		return err;
	if (spki.left || unused != 0 || bits.left == 0 || bits.left > sizeof out->pub)
		return EMRTD_ERR_BAD_LENGTH;
	size_t n = bits.left;
	if ((err = emrtd_cursor_take(&bits, n, &key)))
		return err;
	memcpy(out->pub, key, n);
	out->pub_len = n;
	return EMRTD_OK;
}

enum emrtd_err emrtd_chip_key_find(const uint8_t *p, size_t n, bool dh, struct emrtd_chip_key *out)
{
	struct emrtd_cursor info;
	uint8_t oid[sizeof id_pk];
	enum emrtd_err err;
	if (!out || (!p && n))
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	memcpy(oid, id_pk, sizeof oid);
	oid[sizeof oid - 1] = dh ? 1 : 2;
	if ((err = emrtd_security_info_find(p, n, oid, sizeof oid, &info)))
		return err;
	out->dh = dh;
	if (!(err = read_spki(&info, out)) && info.left) {
		if (!(err = emrtd_cursor_uint(&info, &out->key_id)))
			out->has_key_id = true;
		if (!err && info.left)
			err = EMRTD_ERR_BAD_LENGTH;
	}
	if (err)
		memset(out, 0, sizeof *out);
	return err;
}
