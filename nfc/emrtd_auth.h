/* emrtd_auth.h - private, shared with sim/: proving a chip genuine (ICAO
 * Doc 9303 part 11 §6).  DG14 SecurityInfos (chip authentication and
 * active authentication infos), the DG15 public key, active authentication
 * verification (RSA with ISO/IEC 9796-2 scheme 1, ECDSA plain or DER) and
 * the chip authentication key agreement for both roles.
 *
 * Pure functions over caller memory; keys live in OpenSSL objects freed
 * here, derived secrets in fixed arrays wiped with emrtd_ca_wipe. */
#ifndef ID06_EMRTD_AUTH_H
#define ID06_EMRTD_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd_crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

struct evp_pkey_st; /* OpenSSL's EVP_PKEY, kept out of this header */

enum emrtd_hash {
	EMRTD_HASH_NONE = 0,
	EMRTD_HASH_SHA1,
	EMRTD_HASH_SHA224,
	EMRTD_HASH_SHA256,
	EMRTD_HASH_SHA384,
	EMRTD_HASH_SHA512,
};
/* "SHA-1" ... "SHA-512", "none". */
const char *emrtd_hash_name(enum emrtd_hash h);

enum emrtd_ca_agreement { EMRTD_CA_DH = 1, EMRTD_CA_ECDH };

/* id-CA-{DH,ECDH}-{3DES-CBC-CBC,AES-CBC-CMAC-128/192/256}, DER contents. */
#define EMRTD_CA_OID_LEN 10

/* ChipAuthenticationInfo. */
struct emrtd_ca_info {
	uint8_t oid[EMRTD_CA_OID_LEN];
	enum emrtd_ca_agreement agreement;
	enum emrtd_cipher cipher;
	uint32_t version;
	bool has_key_id;
	uint32_t key_id;
};

/* ChipAuthenticationPublicKeyInfo: the SubjectPublicKeyInfo is borrowed
 * from the DG14 bytes. */
struct emrtd_ca_key {
	enum emrtd_ca_agreement agreement;
	const uint8_t *spki;
	size_t spki_len;
	bool has_key_id;
	uint32_t key_id;
};

#define EMRTD_DG14_MAX 4
struct emrtd_dg14 {
	struct emrtd_ca_info ca[EMRTD_DG14_MAX];
	size_t n_ca;
	struct emrtd_ca_key keys[EMRTD_DG14_MAX];
	size_t n_keys;
	bool has_aa;              /* ActiveAuthenticationInfo */
	enum emrtd_hash aa_hash;  /* from its ECDSA signature algorithm */
};

/* DG14 (6E { SET OF SecurityInfo }): the infos above kept in file order,
 * other SecurityInfos (PACE, TA, ...) skipped.  Unknown CA ciphers are
 * skipped; a malformed TLV, INTEGER or OID is EMRTD_ERR_BAD_TAG /
 * _BAD_LENGTH / _TRUNCATED; more than EMRTD_DG14_MAX of a kind
 * EMRTD_ERR_TOO_BIG.  out borrows p. */
enum emrtd_err emrtd_dg14_parse(const uint8_t *p, size_t n, struct emrtd_dg14 *out);

/* DG15 (6F { SubjectPublicKeyInfo }): an RSA key of 1024-4096 bits or an
 * EC key.  *key is new (EVP_PKEY_free).  EMRTD_ERR_UNSUPPORTED for other
 * key types and sizes. */
enum emrtd_err emrtd_dg15_key(const uint8_t *p, size_t n, struct evp_pkey_st **key);

/* ISO/IEC 9796-2 digital signature scheme 1, the recovered representative
 * f (as long as the modulus): header 6A (partial recovery), M1, H(M1||m2),
 * trailer BC (SHA-1) or hh CC (hash hh of ISO/IEC 10118-3).  *hash says
 * which.  EMRTD_ERR_BAD_SIGNATURE when it does not hold. */
enum emrtd_err emrtd_iso9796_2_check(const uint8_t *f, size_t n, const uint8_t *m2, size_t m2_len,
                                     enum emrtd_hash *hash);

/* Active authentication: sig (the INTERNAL AUTHENTICATE answer) over
 * challenge with the DG15 key.  RSA: ISO/IEC 9796-2 scheme 1; ECDSA:
 * plain r||s (BSI TR-03111) when it is twice the order long, else DER,
 * over hash (EMRTD_HASH_NONE: by the key size).  algo gets words such as
 * "RSA-1024 ISO 9796-2 SHA-1".  EMRTD_ERR_BAD_SIGNATURE when it does not
 * verify. */
enum emrtd_err emrtd_aa_verify(struct evp_pkey_st *key, enum emrtd_hash hash,
                               const uint8_t *challenge, size_t challenge_len, const uint8_t *sig,
                               size_t sig_len, char *algo, size_t algo_cap);

/* The length of a whole answer with key: the modulus for RSA, r||s for
 * ECDSA (a DER signature is longer).  0 for other keys. */
size_t emrtd_aa_sig_len(struct evp_pkey_st *key);

/* ---- chip authentication (part 11 §6.2) ---- */

#define EMRTD_CA_MAX_PUB 520  /* a 4096-bit DH public value */

/* One key agreement, either role: own ephemeral (terminal) or static
 * (chip) key, the shared secret turned into KS_enc/KS_mac. */
struct emrtd_ca {
	enum emrtd_cipher cipher;
	uint8_t pub[EMRTD_CA_MAX_PUB];  /* own public key: 04||x||y, or the DH value */
	size_t pub_len;
	uint8_t ks_enc[32];
	uint8_t ks_mac[32];
	char params[48];                /* "brainpoolP256r1", "DH-2048", ... */
};
void emrtd_ca_wipe(struct emrtd_ca *ca);

/* The chip's key from DG14 (a SubjectPublicKeyInfo).  *key is new. */
enum emrtd_err emrtd_ca_chip_key(const struct emrtd_ca_key *k, struct evp_pkey_st **key);
/* Terminal: an ephemeral key on chip_key's domain parameters, then
 * K = KA(eph, chip_key) and the session keys of info's cipher. */
enum emrtd_err emrtd_ca_terminal(const struct emrtd_ca_info *info, struct evp_pkey_st *chip_key,
                                 struct emrtd_ca *out);
/* Chip: K = KA(chip_priv, peer) with the terminal's public key (04||x||y
 * on the curve, or a DH value in [2, p-2]); EMRTD_ERR_BAC_BAD_RESPONSE when
 * it is not a valid key. */
enum emrtd_err emrtd_ca_chip(enum emrtd_cipher cipher, struct evp_pkey_st *chip_priv,
                             const uint8_t *peer, size_t n, struct emrtd_ca *out);
/* Secure messaging with KS_enc/KS_mac and SSC zero. */
enum emrtd_err emrtd_ca_start_sm(const struct emrtd_ca *ca, struct emrtd_sm *sm);

/* MSE:Set KAT (3DES, 00 22 41 A6: DO'91' key, DO'84' key id) or MSE:Set
 * AT (00 22 41 A4: DO'80' OID, DO'84' key id) for chip authentication. */
enum emrtd_err emrtd_ca_mse_kat(const struct emrtd_ca *ca, const struct emrtd_ca_info *info,
                                uint8_t *out, size_t cap, size_t *len);
enum emrtd_err emrtd_ca_mse_set_at(const struct emrtd_ca_info *info, uint8_t *out, size_t cap,
                                   size_t *len);

#ifdef __cplusplus
}
#endif

#endif
