/* emrtd_crypto.c - primitives, key derivation and BAC (ICAO 9303-11 §4.3,
 * §9.7) on OpenSSL 3.  Single DES is only in OpenSSL's legacy provider, so
 * the retail MAC uses DES-EDE3 with a repeated key, which is the same
 * function. */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "emrtd_crypto.h"

void emrtd_wipe(void *p, size_t n)
{
	if (p && n)
		OPENSSL_cleanse(p, n);
}

size_t emrtd_cipher_key_len(enum emrtd_cipher c)
{
	switch (c) {
	case EMRTD_CIPHER_3DES: return 16;
	case EMRTD_CIPHER_AES128: return 16;
	case EMRTD_CIPHER_AES192: return 24;
	case EMRTD_CIPHER_AES256: return 32;
	}
	return 0;
}

size_t emrtd_cipher_block_len(enum emrtd_cipher c)
{
	switch (c) {
	case EMRTD_CIPHER_3DES: return 8;
	case EMRTD_CIPHER_AES128:
	case EMRTD_CIPHER_AES192:
	case EMRTD_CIPHER_AES256: return 16;
	}
	return 0;
}

enum emrtd_err emrtd_pad(uint8_t *buf, size_t len, size_t cap, size_t block, size_t *out_len)
{
	if (!buf || !out_len || block == 0)
		return EMRTD_ERR_ARG;
	*out_len = 0;
	size_t padded = (len / block + 1) * block;
	if (padded > cap || padded < len)
		return EMRTD_ERR_TOO_BIG;
	buf[len] = 0x80;
	memset(buf + len + 1, 0, padded - len - 1);
	*out_len = padded;
	return EMRTD_OK;
}

enum emrtd_err emrtd_unpad(const uint8_t *buf, size_t len, size_t *out_len)
{
	if (!buf || !out_len)
		return EMRTD_ERR_ARG;
	*out_len = 0;
	size_t i = len;
	while (i > 0 && buf[i - 1] == 0x00)
		i--;
	if (i == 0 || buf[i - 1] != 0x80)
		return EMRTD_ERR_BAD_PADDING;
	*out_len = i - 1;
	return EMRTD_OK;
}

static const EVP_CIPHER *cipher_cbc(enum emrtd_cipher c)
{
	switch (c) {
	case EMRTD_CIPHER_3DES: return EVP_des_ede_cbc();
	case EMRTD_CIPHER_AES128: return EVP_aes_128_cbc();
	case EMRTD_CIPHER_AES192: return EVP_aes_192_cbc();
	case EMRTD_CIPHER_AES256: return EVP_aes_256_cbc();
	}
	return NULL;
}

static const EVP_CIPHER *cipher_ecb(enum emrtd_cipher c)
{
	switch (c) {
	case EMRTD_CIPHER_3DES: return EVP_des_ede_ecb();
	case EMRTD_CIPHER_AES128: return EVP_aes_128_ecb();
	case EMRTD_CIPHER_AES192: return EVP_aes_192_ecb();
	case EMRTD_CIPHER_AES256: return EVP_aes_256_ecb();
	}
	return NULL;
}

/* Raw block-aligned encryption or decryption without padding. */
static enum emrtd_err run_cipher(const EVP_CIPHER *ciph, const uint8_t *key, const uint8_t *iv,
                                 bool encrypt, const uint8_t *in, size_t n, uint8_t *out)
{
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	if (!ciph)
		return EMRTD_ERR_ARG;
	size_t block = (size_t)EVP_CIPHER_get_block_size(ciph);
	if (n == 0 || n % block || n > INT32_MAX)
		return EMRTD_ERR_ARG;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0, finl = 0;
	if (!ctx)
		return EMRTD_ERR_NOMEM;
	if (EVP_CipherInit_ex(ctx, ciph, NULL, key, iv, encrypt ? 1 : 0) != 1)
		goto out;
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	if (EVP_CipherUpdate(ctx, out, &outl, in, (int)n) != 1)
		goto out;
	if (EVP_CipherFinal_ex(ctx, out + outl, &finl) != 1)
		goto out;
	if ((size_t)outl + (size_t)finl != n)
		goto out;
	err = EMRTD_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	return err;
}

enum emrtd_err emrtd_cbc(enum emrtd_cipher c, const uint8_t *key, const uint8_t *iv,
                         bool encrypt, const uint8_t *in, size_t n, uint8_t *out)
{
	static const uint8_t zero[16];
	if (!key || !in || !out)
		return EMRTD_ERR_ARG;
	return run_cipher(cipher_cbc(c), key, iv ? iv : zero, encrypt, in, n, out);
}

enum emrtd_err emrtd_ecb_block(enum emrtd_cipher c, const uint8_t *key, const uint8_t *in,
                               uint8_t *out)
{
	if (!key || !in || !out)
		return EMRTD_ERR_ARG;
	return run_cipher(cipher_ecb(c), key, NULL, true, in, emrtd_cipher_block_len(c), out);
}

enum emrtd_err emrtd_retail_mac(const uint8_t key[16], const uint8_t *data, size_t n,
                                uint8_t mac[8])
{
	uint8_t k1[24], k2[24], iv[8] = {0}, h[8], t[8];
	enum emrtd_err err = EMRTD_ERR_ARG;
	if (!key || !data || !mac || n == 0 || n % 8)
		goto out;
	/* Single DES under K as DES-EDE3 with K||K||K. */
	for (int i = 0; i < 3; i++) {
		memcpy(k1 + 8 * i, key, 8);
		memcpy(k2 + 8 * i, key + 8, 8);
	}
	/* CBC-MAC with K1 over every block, then decrypt with K2 and encrypt
	 * with K1 on the last (ISO 9797-1 MAC algorithm 3). */
	for (size_t off = 0; off < n; off += 8) {
		for (int i = 0; i < 8; i++)
			t[i] = (uint8_t)(iv[i] ^ data[off + (size_t)i]);
		err = run_cipher(EVP_des_ede3_ecb(), k1, NULL, true, t, 8, iv);
		if (err)
			goto out;
	}
	err = run_cipher(EVP_des_ede3_ecb(), k2, NULL, false, iv, 8, h);
	if (err)
		goto out;
	err = run_cipher(EVP_des_ede3_ecb(), k1, NULL, true, h, 8, mac);
out:
	emrtd_wipe(k1, sizeof k1);
	emrtd_wipe(k2, sizeof k2);
	emrtd_wipe(iv, sizeof iv);
	emrtd_wipe(h, sizeof h);
	emrtd_wipe(t, sizeof t);
	return err;
}

enum emrtd_err emrtd_aes_cmac(const uint8_t *key, size_t key_len, const uint8_t *data, size_t n,
                              uint8_t mac[16])
{
	const char *name;
	switch (key_len) {
	case 16: name = "AES-128-CBC"; break;
	case 24: name = "AES-192-CBC"; break;
	case 32: name = "AES-256-CBC"; break;
	default: return EMRTD_ERR_ARG;
	}
	if (!key || (!data && n) || !mac)
		return EMRTD_ERR_ARG;
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
	size_t outl = 0;
	OSSL_PARAM params[2];
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx)
		goto out;
	if (EVP_MAC_init(ctx, key, key_len, params) != 1)
		goto out;
	if (n && EVP_MAC_update(ctx, data, n) != 1)
		goto out;
	if (EVP_MAC_final(ctx, mac, &outl, 16) != 1 || outl != 16)
		goto out;
	err = EMRTD_OK;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
	return err;
}

enum emrtd_err emrtd_mac(enum emrtd_cipher c, const uint8_t *key, const uint8_t *data, size_t n,
                         uint8_t mac[8])
{
	uint8_t buf[EMRTD_APDU_MAX + 64];
	uint8_t full[16];
	size_t padded;
	enum emrtd_err err;
	if (!key || (!data && n) || !mac)
		return EMRTD_ERR_ARG;
	if (n > EMRTD_APDU_MAX)
		return EMRTD_ERR_TOO_BIG;
	if (n)
		memcpy(buf, data, n);
	err = emrtd_pad(buf, n, sizeof buf, emrtd_cipher_block_len(c), &padded);
	if (err)
		goto out;
	if (c == EMRTD_CIPHER_3DES) {
		err = emrtd_retail_mac(key, buf, padded, mac);
	} else {
		err = emrtd_aes_cmac(key, emrtd_cipher_key_len(c), buf, padded, full);
		if (!err)
			memcpy(mac, full, 8);
	}
out:
	emrtd_wipe(buf, n + 16 < sizeof buf ? n + 16 : sizeof buf);
	emrtd_wipe(full, sizeof full);
	return err;
}

/* DES keys carry odd parity in the low bit of each byte. */
static void des_parity(uint8_t *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b = k[i] & 0xFE;
		int ones = 0;
		for (int j = 1; j < 8; j++)
			ones += (b >> j) & 1;
		k[i] = (uint8_t)(b | ((ones & 1) ? 0 : 1));
	}
}

enum emrtd_err emrtd_kdf(enum emrtd_cipher c, const uint8_t *secret, size_t n, uint32_t counter,
                         uint8_t *key)
{
	uint8_t d[EVP_MAX_MD_SIZE];
	uint8_t ctr[4] = {(uint8_t)(counter >> 24), (uint8_t)(counter >> 16),
	                  (uint8_t)(counter >> 8), (uint8_t)counter};
	unsigned dl = 0;
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	size_t kl = emrtd_cipher_key_len(c);
	if (!secret || !key || kl == 0)
		return EMRTD_ERR_ARG;
	const EVP_MD *md = (c == EMRTD_CIPHER_AES192 || c == EMRTD_CIPHER_AES256)
	                       ? EVP_sha256() : EVP_sha1();
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		return EMRTD_ERR_NOMEM;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, secret, n) != 1 ||
	    EVP_DigestUpdate(ctx, ctr, 4) != 1 || EVP_DigestFinal_ex(ctx, d, &dl) != 1 || dl < kl)
		goto out;
	memcpy(key, d, kl);
	if (c == EMRTD_CIPHER_3DES)
		des_parity(key, kl);
	err = EMRTD_OK;
out:
	EVP_MD_CTX_free(ctx);
	emrtd_wipe(d, sizeof d);
	return err;
}

/* ---- BAC ---- */

static bool mrz_field_ok(const char *s, size_t max)
{
	size_t n = 0;
	while (n <= max && s[n])
		n++;
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || ch == '<'))
			return false;
	}
	return true;
}

static bool check_ok(char c)
{
	return c >= '0' && c <= '9';
}

/* SHA-1 of MRZ_information (part 11 §9.7.2): the BAC K_seed is its first
 * 16 bytes, the PACE MRZ password all 20. */
static enum emrtd_err mrz_info_hash(const char *document_number, char document_number_check,
                                    const char *birth_date, char birth_date_check,
                                    const char *expiry_date, char expiry_date_check,
                                    uint8_t d[20])
{
	char info[MRZ_MAX_DOCNUM + 1 + 7 + 7 + 1];
	size_t n = 0;
	enum emrtd_err err = EMRTD_ERR_MRZ;
	memset(d, 0, 20);
	if (!document_number || !birth_date || !expiry_date)
		return EMRTD_ERR_MRZ;
	if (!mrz_field_ok(document_number, MRZ_MAX_DOCNUM) || !mrz_field_ok(birth_date, 6) ||
	    !mrz_field_ok(expiry_date, 6) || strlen(birth_date) != 6 ||
	    strlen(expiry_date) != 6 || !check_ok(document_number_check) ||
	    !check_ok(birth_date_check) || !check_ok(expiry_date_check))
		goto out;
	size_t dl = strlen(document_number);
	memcpy(info, document_number, dl);
	n = dl;
	while (n < 9)
		info[n++] = '<';
	info[n++] = document_number_check;
	memcpy(info + n, birth_date, 6);
	n += 6;
	info[n++] = birth_date_check;
	memcpy(info + n, expiry_date, 6);
	n += 6;
	info[n++] = expiry_date_check;
	if (EVP_Digest(info, n, d, NULL, EVP_sha1(), NULL) != 1) {
		emrtd_wipe(d, 20);
		err = EMRTD_ERR_CRYPTO;
		goto out;
	}
	err = EMRTD_OK;
out:
	emrtd_wipe(info, sizeof info);
	return err;
}

enum emrtd_err emrtd_bac_seed(const char *document_number, char document_number_check,
                              const char *birth_date, char birth_date_check,
                              const char *expiry_date, char expiry_date_check,
                              uint8_t seed[16])
{
	uint8_t d[20];
	if (!seed)
		return EMRTD_ERR_ARG;
	memset(seed, 0, 16);
	enum emrtd_err err = mrz_info_hash(document_number, document_number_check, birth_date,
	                                   birth_date_check, expiry_date, expiry_date_check, d);
	if (!err)
		memcpy(seed, d, 16);
	emrtd_wipe(d, sizeof d);
	return err;
}

enum emrtd_err emrtd_pace_mrz_password(const struct mrz_result *mrz, uint8_t password[20])
{
	if (!mrz || !password)
		return EMRTD_ERR_ARG;
	return mrz_info_hash(mrz->document_number, mrz->document_number_check,
	                     mrz->birth_date.raw, mrz->birth_date_check, mrz->expiry_date.raw,
	                     mrz->expiry_date_check, password);
}

enum emrtd_err emrtd_bac_seed_from_mrz(const struct mrz_result *mrz, uint8_t seed[16])
{
	if (!mrz || !seed)
		return EMRTD_ERR_ARG;
	return emrtd_bac_seed(mrz->document_number, mrz->document_number_check,
	                      mrz->birth_date.raw, mrz->birth_date_check,
	                      mrz->expiry_date.raw, mrz->expiry_date_check, seed);
}

enum emrtd_err emrtd_bac_keys_derive(const uint8_t seed[16], struct emrtd_bac_keys *keys)
{
	if (!seed || !keys)
		return EMRTD_ERR_ARG;
	enum emrtd_err err = emrtd_kdf(EMRTD_CIPHER_3DES, seed, 16, EMRTD_KDF_ENC, keys->enc);
	if (!err)
		err = emrtd_kdf(EMRTD_CIPHER_3DES, seed, 16, EMRTD_KDF_MAC, keys->mac);
	if (err)
		emrtd_wipe(keys, sizeof *keys);
	return err;
}

/* Session keys from K.IFD xor K.IC, SSC from the nonces (part 11 §9.7.4). */
static enum emrtd_err bac_session(const uint8_t k_ifd[16], const uint8_t k_ic[16],
                                  const uint8_t rnd_ic[8], const uint8_t rnd_ifd[8],
                                  struct emrtd_sm *sm)
{
	uint8_t seed[16], enc[16], mac[16], ssc[8];
	enum emrtd_err err;
	for (int i = 0; i < 16; i++)
		seed[i] = (uint8_t)(k_ifd[i] ^ k_ic[i]);
	err = emrtd_kdf(EMRTD_CIPHER_3DES, seed, 16, EMRTD_KDF_ENC, enc);
	if (!err)
		err = emrtd_kdf(EMRTD_CIPHER_3DES, seed, 16, EMRTD_KDF_MAC, mac);
	memcpy(ssc, rnd_ic + 4, 4);
	memcpy(ssc + 4, rnd_ifd + 4, 4);
	if (!err)
		err = emrtd_sm_init(sm, EMRTD_CIPHER_3DES, enc, mac, ssc);
	emrtd_wipe(seed, sizeof seed);
	emrtd_wipe(enc, sizeof enc);
	emrtd_wipe(mac, sizeof mac);
	emrtd_wipe(ssc, sizeof ssc);
	return err;
}

/* E = 3DES(K_enc, a||b||k), then MAC: 40 bytes. */
static enum emrtd_err bac_seal(const struct emrtd_bac_keys *keys, const uint8_t a[8],
                               const uint8_t b[8], const uint8_t k[16], uint8_t out[40])
{
	uint8_t s[32];
	memcpy(s, a, 8);
	memcpy(s + 8, b, 8);
	memcpy(s + 16, k, 16);
	enum emrtd_err err = emrtd_cbc(EMRTD_CIPHER_3DES, keys->enc, NULL, true, s, 32, out);
	if (!err)
		err = emrtd_mac(EMRTD_CIPHER_3DES, keys->mac, out, 32, out + 32);
	emrtd_wipe(s, sizeof s);
	return err;
}

/* Checks the MAC of a 40-byte cryptogram and decrypts it into s. */
static enum emrtd_err bac_open(const struct emrtd_bac_keys *keys, const uint8_t *in, size_t n,
                               uint8_t s[32])
{
	uint8_t mac[8];
	enum emrtd_err err;
	if (n != 40)
		return EMRTD_ERR_BAD_LENGTH;
	err = emrtd_mac(EMRTD_CIPHER_3DES, keys->mac, in, 32, mac);
	if (err)
		return err;
	if (CRYPTO_memcmp(mac, in + 32, 8) != 0)
		return EMRTD_ERR_MAC;
	return emrtd_cbc(EMRTD_CIPHER_3DES, keys->enc, NULL, false, in, 32, s);
}

enum emrtd_err emrtd_bac_ifd_request(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                     const uint8_t rnd_ifd[8], const uint8_t k_ifd[16],
                                     uint8_t cmd[40])
{
	if (!keys || !rnd_ic || !rnd_ifd || !k_ifd || !cmd)
		return EMRTD_ERR_ARG;
	return bac_seal(keys, rnd_ifd, rnd_ic, k_ifd, cmd);
}

enum emrtd_err emrtd_bac_ifd_finish(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                    const uint8_t rnd_ifd[8], const uint8_t k_ifd[16],
                                    const uint8_t *resp, size_t resp_len, struct emrtd_sm *sm)
{
	uint8_t r[32];
	enum emrtd_err err;
	if (!keys || !rnd_ic || !rnd_ifd || !k_ifd || !resp || !sm)
		return EMRTD_ERR_ARG;
	memset(sm, 0, sizeof *sm);
	err = bac_open(keys, resp, resp_len, r);
	if (err)
		goto out;
	if (CRYPTO_memcmp(r, rnd_ic, 8) != 0 || CRYPTO_memcmp(r + 8, rnd_ifd, 8) != 0) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	err = bac_session(k_ifd, r + 16, rnd_ic, rnd_ifd, sm);
out:
	emrtd_wipe(r, sizeof r);
	return err;
}

enum emrtd_err emrtd_bac_icc_answer(const struct emrtd_bac_keys *keys, const uint8_t rnd_ic[8],
                                    const uint8_t k_ic[16], const uint8_t *cmd, size_t cmd_len,
                                    uint8_t resp[40], struct emrtd_sm *sm)
{
	uint8_t s[32];
	enum emrtd_err err;
	if (!keys || !rnd_ic || !k_ic || !cmd || !resp || !sm)
		return EMRTD_ERR_ARG;
	memset(sm, 0, sizeof *sm);
	memset(resp, 0, 40);
	err = bac_open(keys, cmd, cmd_len, s);
	if (err)
		goto out;
	if (CRYPTO_memcmp(s + 8, rnd_ic, 8) != 0) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	err = bac_seal(keys, rnd_ic, s, k_ic, resp);
	if (!err)
		err = bac_session(s + 16, k_ic, rnd_ic, s, sm);
	if (err)
		memset(resp, 0, 40);
out:
	emrtd_wipe(s, sizeof s);
	return err;
}
