/* emrtd_crypto.h - private: the building blocks both ends of an eMRTD
 * session need (ICAO Doc 9303 part 11): the bounded BER-TLV cursor and
 * writer, ISO 7816-4 APDU coding, BAC key derivation and mutual
 * authentication, and secure messaging (3DES and AES) for the terminal (IFD)
 * and the chip (ICC) roles.
 *
 * Used by the reader (emrtd_*.c) and by the virtual chip in nfc/sim/.  Not
 * installed, not part of the public API: names may change with the reader.
 * Pure functions over caller memory; nothing here allocates on the heap,
 * prints or logs.  Secrets live in fixed arrays; callers wipe them with
 * emrtd_wipe() (struct emrtd_sm with emrtd_sm_wipe()). */
#ifndef ID06_EMRTD_CRYPTO_H
#define ID06_EMRTD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd.h"
#include "mrz.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- bounded BER-TLV cursor ------------------------------------------- */

/* A window on untrusted bytes.  Every read checks the bytes left first; the
 * first error is sticky, so a chain of reads can be checked once at the
 * end.  Tags are 1 to 3 bytes (returned as the big-endian value, e.g.
 * 0x5F1F, 0x7F61), lengths are definite with at most 4 length bytes. */
struct emrtd_cursor {
	const uint8_t *p;    /* borrowed: the caller keeps the bytes alive */
	size_t left;
	enum emrtd_err err;  /* EMRTD_OK until the first failed read */
};

void emrtd_cursor_init(struct emrtd_cursor *c, const void *p, size_t n);
/* n bytes: *out points at them (borrowed from the cursor's bytes). */
enum emrtd_err emrtd_cursor_take(struct emrtd_cursor *c, size_t n, const uint8_t **out);
enum emrtd_err emrtd_cursor_u8(struct emrtd_cursor *c, uint8_t *out);
/* The next TLV: its tag, and a child cursor limited to its value. */
enum emrtd_err emrtd_cursor_tlv(struct emrtd_cursor *c, uint32_t *tag,
                                struct emrtd_cursor *value);
/* The next TLV must carry tag (EMRTD_ERR_BAD_TAG otherwise, sticky). */
enum emrtd_err emrtd_cursor_expect(struct emrtd_cursor *c, uint32_t tag,
                                   struct emrtd_cursor *value);
/* Skips TLVs until one with tag.  EMRTD_ERR_NOT_FOUND (not sticky, cursor
 * left at the end) when there is none; malformed TLVs are sticky errors. */
enum emrtd_err emrtd_cursor_find(struct emrtd_cursor *c, uint32_t tag,
                                 struct emrtd_cursor *value);
/* A DER INTEGER 0..2^32-1 (EMRTD_ERR_BAD_LENGTH when negative or larger). */
enum emrtd_err emrtd_cursor_uint(struct emrtd_cursor *c, uint32_t *out);
/* True when every byte was consumed without error. */
bool emrtd_cursor_done(const struct emrtd_cursor *c);

/* Decodes only the header of the TLV at p (for sizing a file from its
 * first bytes).  EMRTD_ERR_TRUNCATED when n is too short for the header;
 * the value need not be present. */
enum emrtd_err emrtd_tlv_header(const uint8_t *p, size_t n, uint32_t *tag,
                                size_t *header_len, size_t *value_len);

/* TLV writer into a caller buffer.  The first overflow is sticky
 * (EMRTD_ERR_TOO_BIG); check once with emrtd_writer_finish(). */
struct emrtd_writer {
	uint8_t *p;          /* borrowed */
	size_t cap;
	size_t len;
	enum emrtd_err err;
};

void emrtd_writer_init(struct emrtd_writer *w, void *buf, size_t cap);
void emrtd_writer_bytes(struct emrtd_writer *w, const void *p, size_t n);
void emrtd_writer_u8(struct emrtd_writer *w, uint8_t b);
/* Tag (1-3 bytes) and definite length in the shortest form. */
void emrtd_writer_header(struct emrtd_writer *w, uint32_t tag, size_t len);
void emrtd_writer_tlv(struct emrtd_writer *w, uint32_t tag, const void *p, size_t n);
enum emrtd_err emrtd_writer_finish(const struct emrtd_writer *w, size_t *len);

/* ---- ISO 7816-4 APDUs ------------------------------------------------- */

#define EMRTD_APDU_MAX 4096  /* largest command or response we build or accept */

/* A command APDU.  data is borrowed (points into the buffer it was parsed
 * from, or the caller's).  ne is the expected length: 0 with has_le false
 * means no Le field; has_le with ne 256 (short) or 65536 (extended) is "all". */
struct emrtd_apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t nc;
	bool has_le;
	size_t ne;
	bool extended;  /* coded with extended lengths */
};

/* Cases 1-4, short and extended.  EMRTD_ERR_BAD_LENGTH when Lc/Le do not
 * match the byte count. */
enum emrtd_err emrtd_apdu_parse(const uint8_t *in, size_t n, struct emrtd_apdu *out);
/* Short coding when nc <= 255 and ne <= 256, extended otherwise. */
enum emrtd_err emrtd_apdu_build(const struct emrtd_apdu *a, uint8_t *out, size_t cap,
                                size_t *len);

/* ---- primitives ------------------------------------------------------- */

enum emrtd_cipher {
	EMRTD_CIPHER_3DES = 0,  /* two-key 3DES-CBC, ISO 9797-1 MAC algorithm 3 */
	EMRTD_CIPHER_AES128,    /* AES-CBC, AES-CMAC truncated to 8 bytes */
	EMRTD_CIPHER_AES192,
	EMRTD_CIPHER_AES256,
};

/* Key length in bytes: 16, 16, 24, 32. */
size_t emrtd_cipher_key_len(enum emrtd_cipher c);
/* Block length: 8 for 3DES, 16 for AES (also the SSC length). */
size_t emrtd_cipher_block_len(enum emrtd_cipher c);

/* Overwrites n bytes (OPENSSL_cleanse).  NULL is fine. */
void emrtd_wipe(void *p, size_t n);

/* ISO/IEC 9797-1 padding method 2 ('80' then '00' to the block length) in
 * place: buf holds len bytes and has cap.  *out_len gets the padded length. */
enum emrtd_err emrtd_pad(uint8_t *buf, size_t len, size_t cap, size_t block, size_t *out_len);
/* Strips method-2 padding; EMRTD_ERR_BAD_PADDING when there is none. */
enum emrtd_err emrtd_unpad(const uint8_t *buf, size_t len, size_t *out_len);

/* CBC with n a multiple of the block length; iv NULL means zeros.  in and
 * out may be the same buffer. */
enum emrtd_err emrtd_cbc(enum emrtd_cipher c, const uint8_t *key, const uint8_t *iv,
                         bool encrypt, const uint8_t *in, size_t n, uint8_t *out);
/* One block encrypted in ECB (the AES SM IV, E(K_enc, SSC)). */
enum emrtd_err emrtd_ecb_block(enum emrtd_cipher c, const uint8_t *key,
                               const uint8_t *in, uint8_t *out);
/* ISO 9797-1 MAC algorithm 3 (retail MAC, DES) over n bytes that are
 * already padded to 8. */
enum emrtd_err emrtd_retail_mac(const uint8_t key[16], const uint8_t *data, size_t n,
                                uint8_t mac[8]);
/* AES-CMAC (full 16 bytes), key of key_len 16/24/32. */
enum emrtd_err emrtd_aes_cmac(const uint8_t *key, size_t key_len, const uint8_t *data,
                              size_t n, uint8_t mac[16]);
/* The 8-byte eMRTD MAC: padding method 2 applied to data, then retail MAC
 * (3DES) or AES-CMAC truncated to 8 bytes. */
enum emrtd_err emrtd_mac(enum emrtd_cipher c, const uint8_t *key, const uint8_t *data,
                         size_t n, uint8_t mac[8]);

/* Part 11 §9.7.1 key derivation: H(secret || counter), counter 1 for
 * K_enc, 2 for K_mac, 3 for PACE K_pi.  SHA-1 for 3DES and AES-128 (first
 * 16 bytes), SHA-256 for AES-192/256.  3DES keys get DES parity.  key
 * holds emrtd_cipher_key_len(c) bytes. */
#define EMRTD_KDF_ENC 1u
#define EMRTD_KDF_MAC 2u
#define EMRTD_KDF_PACE 3u
enum emrtd_err emrtd_kdf(enum emrtd_cipher c, const uint8_t *secret, size_t n,
                         uint32_t counter, uint8_t *key);

/* ---- BAC (part 11 §4.3 and appendix D) -------------------------------- */

/* Document number (as printed, '<' fillers allowed; padded with '<' to 9
 * when shorter; TD1/TD2 long numbers in full), its check digit, birth and
 * expiry dates (YYMMDD) and their check digits.  MRZ_information is
 * docnum||c||birth||c||expiry||c, K_seed its SHA-1 cut to 16 bytes.
 * EMRTD_ERR_MRZ when a field is missing, too long or outside 0-9 A-Z <. */
enum emrtd_err emrtd_bac_seed(const char *document_number, char document_number_check,
                              const char *birth_date, char birth_date_check,
                              const char *expiry_date, char expiry_date_check,
                              uint8_t seed[16]);
/* The same from a parsed MRZ (mrz_parse). */
enum emrtd_err emrtd_bac_seed_from_mrz(const struct mrz_result *mrz, uint8_t seed[16]);

/* Document basic access keys K_enc, K_mac from K_seed. */
struct emrtd_bac_keys {
	uint8_t enc[16];
	uint8_t mac[16];
};
enum emrtd_err emrtd_bac_keys_derive(const uint8_t seed[16], struct emrtd_bac_keys *keys);

/* ---- secure messaging (part 11 §9.8) ---------------------------------- */

/* One secure channel.  The same struct serves both roles; each side keeps
 * its own copy.  ssc is big-endian, emrtd_cipher_block_len() bytes. */
struct emrtd_sm {
	enum emrtd_cipher cipher;
	uint8_t enc[32];
	uint8_t mac[32];
	uint8_t ssc[16];
	bool active;
};

/* Starts a channel with keys and initial SSC (block-length bytes: the BAC
 * SSC is 8 bytes, PACE starts at 16 zero bytes for AES). */
enum emrtd_err emrtd_sm_init(struct emrtd_sm *sm, enum emrtd_cipher c, const uint8_t *enc,
                             const uint8_t *mac, const uint8_t *ssc);
void emrtd_sm_wipe(struct emrtd_sm *sm);

/* BAC mutual authentication, terminal side.  Builds the EXTERNAL
 * AUTHENTICATE data E_IFD||M_IFD (40 bytes) from the chip's challenge
 * rnd_ic, the terminal's random rnd_ifd and key material k_ifd. */
enum emrtd_err emrtd_bac_ifd_request(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                     const uint8_t rnd_ifd[8], const uint8_t k_ifd[16],
                                     uint8_t cmd[40]);
/* Verifies the chip's answer (40 bytes: MAC first, in constant time; then
 * that it echoes rnd_ifd and rnd_ic) and starts the 3DES channel.
 * EMRTD_ERR_MAC when the answer is not from a chip holding our keys,
 * EMRTD_ERR_BAC_BAD_RESPONSE when the nonces do not match. */
enum emrtd_err emrtd_bac_ifd_finish(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                    const uint8_t rnd_ifd[8], const uint8_t k_ifd[16],
                                    const uint8_t *resp, size_t resp_len, struct emrtd_sm *sm);
/* Chip side: checks the EXTERNAL AUTHENTICATE data against its challenge
 * rnd_ic (MAC, then the echoed RND.IC), answers R = E(RND.IC||RND.IFD||K.IC)
 * || MAC (40 bytes) and starts the channel.  EMRTD_ERR_MAC /
 * EMRTD_ERR_BAC_BAD_RESPONSE when the terminal does not hold the keys. */
enum emrtd_err emrtd_bac_icc_answer(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                    const uint8_t k_ic[16], const uint8_t *cmd, size_t cmd_len,
                                    uint8_t resp[40], struct emrtd_sm *sm);

/* Terminal: protects a plain command APDU (increments the SSC).  Data go
 * in DO'87' (even INS) or DO'85' (odd INS), Le in DO'97', the MAC in
 * DO'8E'; the protected APDU carries Le 00 (or 0000 when extended). */
enum emrtd_err emrtd_sm_wrap_command(struct emrtd_sm *sm, const uint8_t *apdu, size_t n,
                                     uint8_t *out, size_t cap, size_t *out_len);
/* Terminal: checks and opens a protected response (increments the SSC).
 * data gets the plaintext (cap bytes available), *sw the status word from
 * DO'99'.  A bare status word without SM objects is EMRTD_ERR_SM_STATUS
 * with *sw set (the chip ended secure messaging).  EMRTD_ERR_MAC on a
 * wrong MAC (a wrong SSC included), EMRTD_ERR_SM_MISSING_DO,
 * EMRTD_ERR_BAD_PADDING. */
enum emrtd_err emrtd_sm_unwrap_response(struct emrtd_sm *sm, const uint8_t *resp, size_t n,
                                        uint8_t *data, size_t cap, size_t *data_len,
                                        uint16_t *sw);
/* Chip: checks and opens a protected command (increments the SSC).  The
 * plain command goes to *out, its data decrypted into buf (cap bytes). */
enum emrtd_err emrtd_sm_unwrap_command(struct emrtd_sm *sm, const uint8_t *apdu, size_t n,
                                       uint8_t *buf, size_t cap, struct emrtd_apdu *out);
/* Chip: protects a response (increments the SSC): DO'87' when n > 0,
 * DO'99' with sw, DO'8E', then the plain status 9000... as ICAO shows
 * (sw again).  out needs n + 48 bytes. */
enum emrtd_err emrtd_sm_wrap_response(struct emrtd_sm *sm, const uint8_t *data, size_t n,
                                      uint16_t sw, uint8_t *out, size_t cap, size_t *out_len);

/* ---- PACE (part 11 §4.4, §9.5, appendix G) ---------------------------- */

/* The PACE password: SHA-1 of MRZ_information (20 bytes) for key
 * reference MRZ, the CAN's ASCII digits for key reference CAN.  K_pi is
 * emrtd_kdf(cipher, password, n, EMRTD_KDF_PACE, kpi). */
enum emrtd_err emrtd_pace_mrz_password(const struct mrz_result *mrz, uint8_t password[20]);
#define EMRTD_PACE_KEY_MRZ 1u
#define EMRTD_PACE_KEY_CAN 2u

enum emrtd_pace_agreement { EMRTD_PACE_DH = 1, EMRTD_PACE_ECDH };
enum emrtd_pace_mapping { EMRTD_PACE_GM = 1, EMRTD_PACE_IM, EMRTD_PACE_CAM };

/* id-PACE-{DH,ECDH}-{GM,IM,CAM}-{3DES,AES...}: 0.4.0.127.0.7.2.2.4.m.c,
 * the DER contents (10 bytes). */
#define EMRTD_PACE_OID_LEN 10

/* One PACEInfo of EF.CardAccess. */
struct emrtd_pace_info {
	uint8_t oid[EMRTD_PACE_OID_LEN];
	enum emrtd_pace_agreement agreement;
	enum emrtd_pace_mapping mapping;
	enum emrtd_cipher cipher;
	uint32_t version;
	bool has_parameter_id;
	uint32_t parameter_id;  /* standardized domain parameters (§9.5.1) */
};

#define EMRTD_CARD_ACCESS_MAX_PACE 8
struct emrtd_card_access {
	struct emrtd_pace_info pace[EMRTD_CARD_ACCESS_MAX_PACE];
	size_t n_pace;
};

/* SecurityInfos (SET OF SecurityInfo) at p: set gets its contents. */
enum emrtd_err emrtd_security_infos_open(const uint8_t *p, size_t n, struct emrtd_cursor *set);
/* The next SecurityInfo of a SecurityInfos SET (EF.CardAccess,
 * EF.CardSecurity, DG14): SEQUENCE { OID, ... }; info is left after the
 * OID, oid holds its contents. */
enum emrtd_err emrtd_security_info_next(struct emrtd_cursor *set, struct emrtd_cursor *info,
                                        struct emrtd_cursor *oid);
/* The first SecurityInfo whose protocol is oid: info is left after the
 * OID.  EMRTD_ERR_NOT_FOUND when there is none. */
enum emrtd_err emrtd_security_info_find(const uint8_t *p, size_t n, const uint8_t *oid,
                                        size_t oid_len, struct emrtd_cursor *info);

/* EF.CardAccess: SET OF SecurityInfo.  PACEInfos are kept in file order,
 * other SecurityInfos (domain parameters, CA, TA...) skipped.  Malformed
 * TLVs, an INTEGER that is negative or longer than 4 bytes, a PACEInfo
 * without version: EMRTD_ERR_BAD_TAG / _BAD_LENGTH / _TRUNCATED; more
 * PACEInfos than EMRTD_CARD_ACCESS_MAX_PACE: EMRTD_ERR_TOO_BIG. */
enum emrtd_err emrtd_card_access_parse(const uint8_t *p, size_t n, struct emrtd_card_access *out);

/* The name of a standardized parameter id ("brainpoolP256r1", ...), NULL
 * when unknown.  ec says whether it is an elliptic curve. */
const char *emrtd_pace_param_name(uint32_t id, bool *ec);
/* True when this library can run the protocol (ECDH-GM with a curve it
 * knows). */
bool emrtd_pace_supported(const struct emrtd_pace_info *info);

/* "ECDH-GM AES-128 brainpoolP256r1": protocol, cipher, domain parameters. */
void emrtd_pace_describe(const struct emrtd_pace_info *info, char *buf, size_t cap);
/* The PACEInfo (version 2) of a protocol, cipher and standardized
 * parameter id: EMRTD_ERR_ARG for a combination with no OID (CAM with
 * 3DES). */
enum emrtd_err emrtd_pace_info_make(enum emrtd_pace_agreement agreement,
                                    enum emrtd_pace_mapping mapping, enum emrtd_cipher cipher,
                                    uint32_t parameter_id, struct emrtd_pace_info *out);
/* EF.CardAccess holding infos (1 to EMRTD_CARD_ACCESS_MAX_PACE), as a chip
 * stores it. */
enum emrtd_err emrtd_card_access_write(const struct emrtd_pace_info *infos, size_t n,
                                       uint8_t *out, size_t cap, size_t *len);
/* The strongest PACEInfo this library runs (weaker of group and cipher
 * strength; CAM before GM at equal strength; then file order), NULL when
 * none.  Borrowed from ca. */
const struct emrtd_pace_info *emrtd_pace_choose(const struct emrtd_card_access *ca);

/* MSE:Set AT for PACE: 00 22 C1 A4, DO'80' OID, DO'83' key reference,
 * DO'84' parameter id when the info has one; no Le. */
enum emrtd_err emrtd_pace_mse_set_at(const struct emrtd_pace_info *info, uint8_t key_ref,
                                     uint8_t *out, size_t cap, size_t *len);
/* GENERAL AUTHENTICATE: CLA 10 (chained) unless last, 86 00 00,
 * 7C{tag value} (7C 00 when n == 0 and tag 0), Le 00. */
enum emrtd_err emrtd_pace_ga_build(bool last, uint32_t tag, const uint8_t *p, size_t n,
                                   uint8_t *out, size_t cap, size_t *len);
/* Dynamic authentication data 7C{...}: *val (borrowed from p) and *val_len
 * get the value of the first object with tag.  EMRTD_ERR_BAD_TAG when it
 * is not 7C, EMRTD_ERR_SM_MISSING_DO when the object is absent. */
enum emrtd_err emrtd_pace_ga_parse(const uint8_t *p, size_t n, uint32_t tag,
                                   const uint8_t **val, size_t *val_len);

#define EMRTD_PACE_MAX_SCALAR 66   /* P-521 */
/* A public key: 04 || x || y (133 bytes for P-521) or a DH value (256
 * bytes for the 2048-bit groups). */
#define EMRTD_PACE_MAX_POINT 256

/* One PACE run, either role: the generic mapping is symmetric but for the
 * nonce (the chip encrypts it, the terminal decrypts it).  Steps, in
 * order: init, nonce_encrypt (chip) or nonce_decrypt (terminal), map_key
 * and send the public key, map with the peer's, eph_key and send, agree
 * with the peer's, token to send, token_check on the peer's, start_sm.
 * Private keys are random unless given (known-answer tests).  Wipe with
 * emrtd_pace_wipe on every path. */
struct emrtd_pace {
	struct emrtd_pace_info info;
	int nid;                 /* OpenSSL curve (ECDH) */
	size_t field_len;        /* bytes of a coordinate (ECDH) or of p (DH) */
	size_t scalar_len;       /* bytes of the group order: private keys */
	uint8_t nonce[16];
	size_t nonce_len;
	uint8_t map_priv[EMRTD_PACE_MAX_SCALAR];
	uint8_t map_peer[EMRTD_PACE_MAX_POINT]; /* peer's mapping key (CAM checks it) */
	size_t map_peer_len;
	uint8_t gen[EMRTD_PACE_MAX_POINT];      /* mapped generator G' */
	size_t gen_len;
	uint8_t eph_priv[EMRTD_PACE_MAX_SCALAR];
	uint8_t own_pub[EMRTD_PACE_MAX_POINT];  /* own ephemeral public key */
	size_t own_pub_len;
	uint8_t peer_pub[EMRTD_PACE_MAX_POINT]; /* peer's ephemeral public key */
	size_t peer_pub_len;
	uint8_t ks_enc[32];
	uint8_t ks_mac[32];
	int step;
};

/* EMRTD_ERR_UNSUPPORTED unless emrtd_pace_supported(info). */
enum emrtd_err emrtd_pace_init(struct emrtd_pace *pace, const struct emrtd_pace_info *info);
void emrtd_pace_wipe(struct emrtd_pace *pace);
/* Chip: a random nonce s (or the given one, block-length bytes), z =
 * E(K_pi, s) into z (block-length bytes). */
enum emrtd_err emrtd_pace_nonce_encrypt(struct emrtd_pace *pace, const uint8_t *kpi,
                                        const uint8_t *nonce, uint8_t *z, size_t cap,
                                        size_t *z_len);
/* Terminal: s = D(K_pi, z).  EMRTD_ERR_BAD_LENGTH when z is not one block. */
enum emrtd_err emrtd_pace_nonce_decrypt(struct emrtd_pace *pace, const uint8_t *kpi,
                                        const uint8_t *z, size_t n);
/* Mapping key pair on the standard generator; pub gets 04||x||y. */
enum emrtd_err emrtd_pace_map_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len);
/* G' = s*G + priv*PK_peer.  EMRTD_ERR_BAC_BAD_RESPONSE when the peer's key
 * is not a point of the curve (or infinity). */
enum emrtd_err emrtd_pace_map(struct emrtd_pace *pace, const uint8_t *peer, size_t n);
/* Ephemeral key pair on G'. */
enum emrtd_err emrtd_pace_eph_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len);
/* K = x(priv*PK_peer), KS_enc and KS_mac.  The peer's key must be on the
 * curve and differ from ours (EMRTD_ERR_BAC_BAD_RESPONSE). */
enum emrtd_err emrtd_pace_agree(struct emrtd_pace *pace, const uint8_t *peer, size_t n);
/* Our token: MAC(KS_mac, 7F49{06 OID, 86 PK_peer}), 8 bytes. */
enum emrtd_err emrtd_pace_token(const struct emrtd_pace *pace, uint8_t token[8]);
/* The peer's token over our key, in constant time: EMRTD_ERR_MAC. */
enum emrtd_err emrtd_pace_token_check(const struct emrtd_pace *pace, const uint8_t *token,
                                      size_t n);
/* Secure messaging with KS_enc/KS_mac, SSC zero (block length). */
enum emrtd_err emrtd_pace_start_sm(const struct emrtd_pace *pace, struct emrtd_sm *sm);

/* Chip authentication mapping (§4.4.3.5, ECDH-CAM only), after agree.
 * Chip: CA_IC = SK_IC^-1 · SK_Map,IC mod n (sk: its static private key,
 * big-endian), padded (ISO 9797-1 method 2) and encrypted as A_IC with
 * KS_enc in CBC mode, IV = E(KS_enc, all-ones block); the mapping key is
 * wiped after. */
enum emrtd_err emrtd_pace_cam_encrypt(struct emrtd_pace *pace, const uint8_t *sk, size_t sk_len,
                                      uint8_t *out, size_t cap, size_t *len);
/* Terminal: decrypts A_IC and checks CA_IC · PK_IC = PK_Map,IC, the chip's
 * mapping key, where pk_ic is the chip's static public key (04||x||y on
 * the PACE curve).  EMRTD_ERR_CAM_FAILED when it does not hold (or A_IC
 * is malformed). */
enum emrtd_err emrtd_pace_cam_check(const struct emrtd_pace *pace, const uint8_t *a_ic, size_t n,
                                    const uint8_t *pk_ic, size_t pk_len);

#ifdef __cplusplus
}
#endif

#endif
