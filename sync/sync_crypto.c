/* sync_crypto.c - AES-256-GCM per field, HMAC blind index, HKDF subkeys. */
#include "sync_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sync_wipe(void *p, size_t n)
{
	if (p && n)
		OPENSSL_cleanse(p, n);
}

static enum sync_err hkdf(const struct sync_key *key, const char *info,
                          unsigned char out[32])
{
	enum sync_err err = SYNC_ERR_CRYPTO;
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	if (!ctx)
		goto out;
	static const char salt[] = "id06-sync store v1";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key->bytes,
		                                  sizeof key->bytes),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt,
		                                  sizeof salt - 1),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info,
		                                  strlen(info)),
		OSSL_PARAM_construct_end(),
	};
	if (EVP_KDF_derive(ctx, out, 32, params) == 1)
		err = SYNC_OK;
out:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return err;
}

enum sync_err sync_keys_derive(const struct sync_key *key, struct sync_keys *out)
{
	if (!key || !out)
		return SYNC_ERR_ARG;
	enum sync_err err;
	if ((err = hkdf(key, "field encryption", out->enc)) != SYNC_OK ||
	    (err = hkdf(key, "blind index", out->blind)) != SYNC_OK ||
	    (err = hkdf(key, "key check", out->check)) != SYNC_OK)
		sync_wipe(out, sizeof *out);
	return err;
}

/* "table\0column\0row" into a bounded buffer. */
static int make_aad(char *buf, size_t cap, const char *table, const char *column,
                    const char *row, size_t *len)
{
	size_t a = strlen(table), b = strlen(column), c = strlen(row);
	if (a + b + c + 2 > cap)
		return -1;
	memcpy(buf, table, a);
	buf[a] = 0;
	memcpy(buf + a + 1, column, b);
	buf[a + 1 + b] = 0;
	memcpy(buf + a + b + 2, row, c);
	*len = a + b + c + 2;
	return 0;
}

enum sync_err sync_field_seal(const struct sync_keys *k, const char *table,
                              const char *column, const char *row,
                              const void *plain, size_t plain_len,
                              unsigned char **out, size_t *out_len)
{
	if (!out || !out_len)
		return SYNC_ERR_ARG;
	*out = NULL;
	*out_len = 0;
	if (!k || !table || !column || !row || (!plain && plain_len))
		return SYNC_ERR_ARG;
	if (plain_len > SYNC_FACE_MAX + 65536)
		return SYNC_ERR_TOO_LONG;
	char aad[256];
	size_t aad_len;
	if (make_aad(aad, sizeof aad, table, column, row, &aad_len) != 0)
		return SYNC_ERR_TOO_LONG;

	enum sync_err err = SYNC_ERR_CRYPTO;
	size_t total = SYNC_FIELD_OVERHEAD + plain_len;
	unsigned char *buf = malloc(total);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;
	if (!buf || !ctx) {
		err = SYNC_ERR_NOMEM;
		goto out;
	}
	buf[0] = SYNC_FIELD_VERSION;
	unsigned char *nonce = buf + 1, *ct = buf + 1 + SYNC_NONCE_LEN;
	if (RAND_bytes(nonce, SYNC_NONCE_LEN) != 1)
		goto out;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, k->enc, nonce) != 1)
		goto out;
	if (EVP_EncryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)aad_len) != 1)
		goto out;
	if (plain_len && EVP_EncryptUpdate(ctx, ct, &n, plain, (int)plain_len) != 1)
		goto out;
	if (EVP_EncryptFinal_ex(ctx, ct + plain_len, &n) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SYNC_TAG_LEN,
	                        ct + plain_len) != 1)
		goto out;
	*out = buf;
	*out_len = total;
	buf = NULL;
	err = SYNC_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	if (buf)
		sync_field_free(buf, total);
	return err;
}

enum sync_err sync_field_open(const struct sync_keys *k, const char *table,
                              const char *column, const char *row,
                              const unsigned char *sealed, size_t sealed_len,
                              unsigned char **out, size_t *out_len)
{
	if (!out || !out_len)
		return SYNC_ERR_ARG;
	*out = NULL;
	*out_len = 0;
	if (!k || !table || !column || !row || !sealed)
		return SYNC_ERR_ARG;
	if (sealed_len < SYNC_FIELD_OVERHEAD || sealed[0] != SYNC_FIELD_VERSION)
		return SYNC_ERR_TAMPERED;
	char aad[256];
	size_t aad_len;
	if (make_aad(aad, sizeof aad, table, column, row, &aad_len) != 0)
		return SYNC_ERR_TOO_LONG;

	enum sync_err err = SYNC_ERR_CRYPTO;
	size_t plain_len = sealed_len - SYNC_FIELD_OVERHEAD;
	const unsigned char *nonce = sealed + 1, *ct = sealed + 1 + SYNC_NONCE_LEN;
	unsigned char tag[SYNC_TAG_LEN];
	memcpy(tag, ct + plain_len, SYNC_TAG_LEN);
	unsigned char *buf = malloc(plain_len + 1);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;
	if (!buf || !ctx) {
		err = SYNC_ERR_NOMEM;
		goto out;
	}
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, k->enc, nonce) != 1)
		goto out;
	if (EVP_DecryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)aad_len) != 1)
		goto out;
	if (plain_len && EVP_DecryptUpdate(ctx, buf, &n, ct, (int)plain_len) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SYNC_TAG_LEN, tag) != 1)
		goto out;
	if (EVP_DecryptFinal_ex(ctx, buf + plain_len, &n) != 1) {
		err = SYNC_ERR_TAMPERED;
		goto out;
	}
	buf[plain_len] = 0;
	*out = buf;
	*out_len = plain_len;
	buf = NULL;
	err = SYNC_OK;
out:
	EVP_CIPHER_CTX_free(ctx);
	if (buf)
		sync_field_free(buf, plain_len + 1);
	return err;
}

void sync_field_free(unsigned char *p, size_t len)
{
	if (!p)
		return;
	sync_wipe(p, len);
	free(p);
}

enum sync_err sync_blind_index(const struct sync_keys *k, const char *domain,
                               const char *value, unsigned char out[SYNC_BLIND_LEN])
{
	if (!k || !domain || !value || !out)
		return SYNC_ERR_ARG;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	size_t dl = strlen(domain), vl = strlen(value);
	unsigned char msg[512];
	if (dl + 1 + vl > sizeof msg)
		return SYNC_ERR_TOO_LONG;
	memcpy(msg, domain, dl);
	msg[dl] = 0;
	memcpy(msg + dl + 1, value, vl);
	enum sync_err err = SYNC_ERR_CRYPTO;
	if (HMAC(EVP_sha256(), k->blind, sizeof k->blind, msg, dl + 1 + vl, mac,
	         &mac_len) && mac_len >= SYNC_BLIND_LEN) {
		memcpy(out, mac, SYNC_BLIND_LEN);
		err = SYNC_OK;
	}
	sync_wipe(msg, sizeof msg);
	sync_wipe(mac, sizeof mac);
	return err;
}

enum sync_err sync_uuid(char out[SYNC_IDEM_MAX])
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof b) != 1)
		return SYNC_ERR_CRYPTO;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, SYNC_IDEM_MAX,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
	         b[11], b[12], b[13], b[14], b[15]);
	return SYNC_OK;
}

int64_t sync_random_below(int64_t bound)
{
	if (bound <= 0)
		return 0;
	uint64_t range = (uint64_t)bound + 1, r, limit = UINT64_MAX - UINT64_MAX % range;
	do {
		if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
			return bound / 2;
	} while (r >= limit);
	return (int64_t)(r % range);
}
