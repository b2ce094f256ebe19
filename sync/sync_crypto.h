/* sync_crypto.h - private: field encryption, blind index, random ids. */
#ifndef ID06_SYNC_CRYPTO_H
#define ID06_SYNC_CRYPTO_H

#include "sync.h"

/* Field ciphertext: version(1) || nonce(12) || ciphertext || tag(16). */
#define SYNC_FIELD_VERSION 1
#define SYNC_NONCE_LEN 12
#define SYNC_TAG_LEN 16
#define SYNC_FIELD_OVERHEAD (1 + SYNC_NONCE_LEN + SYNC_TAG_LEN)
#define SYNC_BLIND_LEN 16

struct sync_keys {
	unsigned char enc[32];    /* AES-256-GCM field key */
	unsigned char blind[32];  /* HMAC-SHA256 blind-index key */
	unsigned char check[32];  /* key check value stored in the store */
};

/* Derives the subkeys from the device key with HKDF-SHA256. */
enum sync_err sync_keys_derive(const struct sync_key *key, struct sync_keys *out);

/* Associated data binds table, column and row: "table\0column\0row". */
enum sync_err sync_field_seal(const struct sync_keys *k, const char *table,
                              const char *column, const char *row,
                              const void *plain, size_t plain_len,
                              unsigned char **out, size_t *out_len);
/* Returns SYNC_ERR_TAMPERED when authentication fails.  *out has one more
 * byte than *out_len, set to NUL, so text fields can be used as strings. */
enum sync_err sync_field_open(const struct sync_keys *k, const char *table,
                              const char *column, const char *row,
                              const unsigned char *sealed, size_t sealed_len,
                              unsigned char **out, size_t *out_len);
/* Wipes and frees a buffer from sync_field_seal/open. */
void sync_field_free(unsigned char *p, size_t len);

/* HMAC-SHA256(blind, domain || 0 || value) truncated to SYNC_BLIND_LEN. */
enum sync_err sync_blind_index(const struct sync_keys *k, const char *domain,
                               const char *value, unsigned char out[SYNC_BLIND_LEN]);

/* A random UUID v4 in text. */
enum sync_err sync_uuid(char out[SYNC_IDEM_MAX]);
/* A uniformly random value in [0, bound], bound >= 0. */
int64_t sync_random_below(int64_t bound);

#endif
