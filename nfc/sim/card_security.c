/* card_security.c - EF.CardSecurity of a PACE-CAM chip (ICAO 9303-11
 * §9.2.x, TR-03110-3 A.1.2.5): SecurityInfos holding the chip's PACEInfos
 * and its ChipAuthenticationPublicKeyInfo (id-PK-ECDH, a static key made
 * for this run), signed as CMS (eContentType id-SecurityObject) by the
 * document signer of the test PKI. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"

#define OID_SECURITY_OBJECT "0.4.0.127.0.7.3.2.1"

/* id-PK-ECDH 0.4.0.127.0.7.2.2.1.2 */
static const uint8_t id_pk_ecdh[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02};

/* A key pair on the named curve: the private key (len bytes, big-endian)
 * and the SubjectPublicKeyInfo (DER, malloc'd by OpenSSL). */
static enum sim_err make_key(const char *curve, size_t len, uint8_t *sk, uint8_t **spki,
                             int *spki_len)
{
	EVP_PKEY *pk = EVP_EC_gen(curve);
	BIGNUM *d = NULL;
	enum sim_err e = SIM_ERR_CRYPTO;
	*spki = NULL;
	if (pk && EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 &&
	    BN_bn2binpad(d, sk, (int)len) == (int)len && (*spki_len = i2d_PUBKEY(pk, spki)) > 0)
		e = SIM_OK;
	BN_clear_free(d);
	EVP_PKEY_free(pk);
	return e;
}

enum sim_err sim_card_security_build(const char *pki_dir, const struct emrtd_pace_info *infos,
                                     size_t n, bool wrong_key, uint8_t *sk, size_t sk_cap,
                                     size_t *sk_len, uint8_t **file, size_t *len)
{
	uint8_t ca[512], pk_info[512], body[1024], set[1040], other[EMRTD_PACE_MAX_SCALAR];
	uint8_t *spki = NULL, *spki2 = NULL;
	int spki_len = 0, spki2_len = 0;
	size_t ca_len = 0, hl = 0, vl = 0, pl = 0, bl = 0, sl = 0;
	uint32_t tag;
	struct emrtd_pace pace;
	struct emrtd_writer w, pk;
	enum sim_err e = SIM_ERR_ARG;
	*file = NULL;
	*len = 0;
	if (!pki_dir || !n || emrtd_pace_init(&pace, &infos[0]) || pace.scalar_len > sk_cap)
		goto out;
	const char *curve = emrtd_pace_param_name(infos[0].parameter_id, NULL);
	*sk_len = pace.scalar_len;
	if ((e = make_key(curve, pace.scalar_len, sk, &spki, &spki_len)))
		goto out;
	/* The fault: the file names another key than the one the chip uses. */
	if (wrong_key && (e = make_key(curve, pace.scalar_len, other, &spki2, &spki2_len)))
		goto out;
	e = SIM_ERR_TOO_BIG;
	/* The PACEInfos as EF.CardAccess has them, then the key. */
	if (emrtd_card_access_write(infos, n, ca, sizeof ca, &ca_len) ||
	    emrtd_tlv_header(ca, ca_len, &tag, &hl, &vl))
		goto out;
	emrtd_writer_init(&pk, pk_info, sizeof pk_info);
	emrtd_writer_tlv(&pk, 0x06, id_pk_ecdh, sizeof id_pk_ecdh);
	emrtd_writer_bytes(&pk, wrong_key ? spki2 : spki, (size_t)(wrong_key ? spki2_len : spki_len));
	emrtd_writer_tlv(&pk, 0x02, "\x01", 1); /* keyId 1 */
	if (emrtd_writer_finish(&pk, &pl))
		goto out;
	emrtd_writer_init(&w, body, sizeof body);
	emrtd_writer_bytes(&w, ca + hl, vl);
	emrtd_writer_tlv(&w, 0x30, pk_info, pl);
	if (emrtd_writer_finish(&w, &bl))
		goto out;
	emrtd_writer_init(&w, set, sizeof set);
	emrtd_writer_tlv(&w, 0x31, body, bl);
	if (emrtd_writer_finish(&w, &sl))
		goto out;
	e = sim_cms_sign(pki_dir, false, OID_SECURITY_OBJECT, set, sl, file, len);
out:
	OPENSSL_free(spki);
	OPENSSL_free(spki2);
	emrtd_wipe(other, sizeof other);
	emrtd_pace_wipe(&pace);
	if (e)
		emrtd_wipe(sk, sk_cap);
	return e;
}
