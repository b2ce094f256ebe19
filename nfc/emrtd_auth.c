/* emrtd_auth.c - proving a chip genuine (ICAO Doc 9303 part 11 §6): the
 * DG14 and DG15 parsers, active authentication checks (RSA ISO/IEC 9796-2
 * scheme 1, ECDSA) and the chip authentication key agreement (DH or ECDH
 * with the key of DG14) for the terminal and the chip. */
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "emrtd_auth.h"

/* 0.4.0.127.0.7.2.2.1 id-PK and 0.4.0.127.0.7.2.2.3 id-CA (BSI TR-03110). */
static const uint8_t id_pk[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01};
static const uint8_t id_ca[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03};
/* 2.23.136.1.1.5 id-icao-mrtd-security-aaProtocolObject. */
static const uint8_t id_aa[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x05};
/* 0.4.0.127.0.7.1.1.4.1 ecdsa-plain-signatures (TR-03111) and
 * 1.2.840.10045.4 ecdsa-with (X9.62): .1 SHA-1, .3.1-4 SHA-224..512. */
static const uint8_t id_ecdsa_plain[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01};
static const uint8_t id_x962_ecdsa[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04};

const char *emrtd_hash_name(enum emrtd_hash h)
{
	switch (h) {
	case EMRTD_HASH_NONE: break;
	case EMRTD_HASH_SHA1: return "SHA-1";
	case EMRTD_HASH_SHA224: return "SHA-224";
	case EMRTD_HASH_SHA256: return "SHA-256";
	case EMRTD_HASH_SHA384: return "SHA-384";
	case EMRTD_HASH_SHA512: return "SHA-512";
	}
	return "none";
}

static const EVP_MD *hash_md(enum emrtd_hash h)
{
	switch (h) {
	case EMRTD_HASH_NONE: break;
	case EMRTD_HASH_SHA1: return EVP_sha1();
	case EMRTD_HASH_SHA224: return EVP_sha224();
	case EMRTD_HASH_SHA256: return EVP_sha256();
	case EMRTD_HASH_SHA384: return EVP_sha384();
	case EMRTD_HASH_SHA512: return EVP_sha512();
	}
	return NULL;
}

/* ---- DG14 ---- */

static bool oid_is(const struct emrtd_cursor *oid, const uint8_t *prefix, size_t n, size_t extra)
{
	return oid->left == n + extra && memcmp(oid->p, prefix, n) == 0;
}

static enum emrtd_hash aa_sig_hash(const struct emrtd_cursor *oid)
{
	static const enum emrtd_hash plain[] = {EMRTD_HASH_NONE, EMRTD_HASH_SHA1, EMRTD_HASH_SHA224,
	                                        EMRTD_HASH_SHA256, EMRTD_HASH_SHA384,
	                                        EMRTD_HASH_SHA512};
	if (oid_is(oid, id_ecdsa_plain, sizeof id_ecdsa_plain, 1) && oid->p[9] >= 1 && oid->p[9] <= 5)
		return plain[oid->p[9]];
	if (oid_is(oid, id_x962_ecdsa, sizeof id_x962_ecdsa, 1) && oid->p[6] == 1)
		return EMRTD_HASH_SHA1;
	if (oid_is(oid, id_x962_ecdsa, sizeof id_x962_ecdsa, 2) && oid->p[6] == 3 && oid->p[7] >= 1 &&
	    oid->p[7] <= 4)
		return plain[oid->p[7] + 1];
	return EMRTD_HASH_NONE;
}

static bool ca_cipher(uint8_t b, enum emrtd_cipher *c)
{
	switch (b) {
	case 1: *c = EMRTD_CIPHER_3DES; return true;
	case 2: *c = EMRTD_CIPHER_AES128; return true;
	case 3: *c = EMRTD_CIPHER_AES192; return true;
	case 4: *c = EMRTD_CIPHER_AES256; return true;
	}
	return false;
}

enum emrtd_err emrtd_dg14_parse(const uint8_t *p, size_t n, struct emrtd_dg14 *out)
{
	struct emrtd_cursor file, dg, set, si, oid;
	enum emrtd_err err;
	if (!out || (!p && n))
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	emrtd_cursor_init(&file, p, n);
	if ((err = emrtd_cursor_expect(&file, 0x6E, &dg)) || (err = emrtd_cursor_expect(&dg, 0x31, &set)))
		goto fail;
	while (set.left) {
		if ((err = emrtd_cursor_expect(&set, 0x30, &si)) || (err = emrtd_cursor_expect(&si, 0x06, &oid)))
			goto fail;
		if (oid_is(&oid, id_ca, sizeof id_ca, 2)) {
			struct emrtd_ca_info ci;
			memset(&ci, 0, sizeof ci);
			if (oid.p[8] != 1 && oid.p[8] != 2)
				continue; /* not DH or ECDH: not ours */
			if (!ca_cipher(oid.p[9], &ci.cipher))
				continue;
			ci.agreement = oid.p[8] == 1 ? EMRTD_CA_DH : EMRTD_CA_ECDH;
			memcpy(ci.oid, oid.p, EMRTD_CA_OID_LEN);
			if ((err = emrtd_cursor_uint(&si, &ci.version)))
				goto fail;
			if (si.left) {
				if ((err = emrtd_cursor_uint(&si, &ci.key_id)))
					goto fail;
				ci.has_key_id = true;
			}
			if (out->n_ca == EMRTD_DG14_MAX) {
				err = EMRTD_ERR_TOO_BIG;
				goto fail;
			}
			out->ca[out->n_ca++] = ci;
		} else if (oid_is(&oid, id_pk, sizeof id_pk, 1) && (oid.p[8] == 1 || oid.p[8] == 2)) {
			struct emrtd_ca_key k;
			struct emrtd_cursor spki;
			memset(&k, 0, sizeof k);
			k.agreement = oid.p[8] == 1 ? EMRTD_CA_DH : EMRTD_CA_ECDH;
			const uint8_t *start = si.p;
			size_t before = si.left;
			if ((err = emrtd_cursor_expect(&si, 0x30, &spki)))
				goto fail;
			k.spki = start;
			k.spki_len = before - si.left;
			if (si.left) {
				if ((err = emrtd_cursor_uint(&si, &k.key_id)))
					goto fail;
				k.has_key_id = true;
			}
			if (out->n_keys == EMRTD_DG14_MAX) {
				err = EMRTD_ERR_TOO_BIG;
				goto fail;
			}
			out->keys[out->n_keys++] = k;
		} else if (oid_is(&oid, id_aa, sizeof id_aa, 0)) {
			uint32_t version;
			struct emrtd_cursor alg;
			if ((err = emrtd_cursor_uint(&si, &version)))
				goto fail;
			out->has_aa = true;
			/* The signature algorithm is there for ECDSA only. */
			if (si.left) {
				if ((err = emrtd_cursor_expect(&si, 0x06, &alg)))
					goto fail;
				out->aa_hash = aa_sig_hash(&alg);
			}
		}
		/* Anything after the fields we know is the SecurityInfo's own
		 * business (optional data); other SecurityInfos are skipped. */
	}
	/* A DG14 with keys and no ChipAuthenticationInfo means CA with 3DES
	 * (9303-11 §9.2.5). */
	if (out->n_ca == 0) {
		for (size_t i = 0; i < out->n_keys && i < EMRTD_DG14_MAX; i++) {
			struct emrtd_ca_info *ci = &out->ca[out->n_ca++];
			ci->agreement = out->keys[i].agreement;
			ci->cipher = EMRTD_CIPHER_3DES;
			ci->version = 1;
			memcpy(ci->oid, id_ca, sizeof id_ca);
			ci->oid[8] = ci->agreement == EMRTD_CA_DH ? 1 : 2;
			ci->oid[9] = 1;
			ci->has_key_id = out->keys[i].has_key_id;
			ci->key_id = out->keys[i].key_id;
		}
	}
	return EMRTD_OK;
fail:
	memset(out, 0, sizeof *out);
	return err;
}

/* ---- DG15 and active authentication ---- */

enum emrtd_err emrtd_dg15_key(const uint8_t *p, size_t n, EVP_PKEY **key)
{
	struct emrtd_cursor file, dg, spki;
	enum emrtd_err err;
	if (!key)
		return EMRTD_ERR_ARG;
	*key = NULL;
	if (!p && n)
		return EMRTD_ERR_ARG;
	emrtd_cursor_init(&file, p, n);
	if ((err = emrtd_cursor_expect(&file, 0x6F, &dg)))
		return err;
	const uint8_t *start = dg.p;
	size_t total = dg.left;
	if ((err = emrtd_cursor_expect(&dg, 0x30, &spki)))
		return err;
	if (dg.left)
		return EMRTD_ERR_BAD_LENGTH;
	const unsigned char *q = start;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &q, (long)total);
	if (!k || q != start + total) {
		EVP_PKEY_free(k);
		return EMRTD_ERR_BAD_TAG;
	}
	int bits = EVP_PKEY_get_bits(k);
	bool ok = (EVP_PKEY_is_a(k, "RSA") && bits >= 1024 && bits <= 4096) ||
	          (EVP_PKEY_is_a(k, "EC") && bits >= 160 && bits <= 521);
	if (!ok) {
		EVP_PKEY_free(k);
		return EMRTD_ERR_UNSUPPORTED;
	}
	*key = k;
	return EMRTD_OK;
}

/* ISO/IEC 10118-3 hash identifiers in the two-byte trailer. */
static enum emrtd_hash trailer_hash(uint8_t id)
{
	switch (id) {
	case 0x33: return EMRTD_HASH_SHA1;
	case 0x34: return EMRTD_HASH_SHA256;
	case 0x35: return EMRTD_HASH_SHA512;
	case 0x36: return EMRTD_HASH_SHA384;
	case 0x38: return EMRTD_HASH_SHA224;
	}
	return EMRTD_HASH_NONE;
}

enum emrtd_err emrtd_iso9796_2_check(const uint8_t *f, size_t n, const uint8_t *m2, size_t m2_len,
                                     enum emrtd_hash *hash)
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = 0;
	size_t t;
	enum emrtd_hash hid;
	if (!hash)
		return EMRTD_ERR_ARG;
	*hash = EMRTD_HASH_NONE;
	if (!f || (!m2 && m2_len))
		return EMRTD_ERR_ARG;
	/* Header 01 (scheme 1), then 1 (partial recovery) and padding 010. */
	if (n < 2 || f[0] != 0x6A)
		return EMRTD_ERR_BAD_SIGNATURE;
	if (f[n - 1] == 0xBC) {
		hid = EMRTD_HASH_SHA1;
		t = 1;
	} else if (f[n - 1] == 0xCC) {
		hid = trailer_hash(f[n - 2]);
		t = 2;
	} else {
		return EMRTD_ERR_BAD_SIGNATURE;
	}
	const EVP_MD *md = hash_md(hid);
	if (!md)
		return EMRTD_ERR_BAD_SIGNATURE;
	size_t L = (size_t)EVP_MD_get_size(md);
	if (n < 1 + L + t)
		return EMRTD_ERR_BAD_SIGNATURE;
	size_t m1_len = n - 1 - L - t;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, f + 1, m1_len) &&
	          EVP_DigestUpdate(ctx, m2, m2_len) && EVP_DigestFinal_ex(ctx, h, &hl);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return EMRTD_ERR_CRYPTO;
	if (hl != L || CRYPTO_memcmp(h, f + 1 + m1_len, L) != 0)
		return EMRTD_ERR_BAD_SIGNATURE;
	*hash = hid;
	return EMRTD_OK;
}

/* The curve's name, or its size for explicit parameters. */
static void curve_name(EVP_PKEY *k, char *buf, size_t cap)
{
	char name[64];
	size_t nl = 0;
	if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &nl))
		snprintf(buf, cap, "%s", name);
	else
		snprintf(buf, cap, "EC-%d", EVP_PKEY_get_bits(k));
}

static enum emrtd_err aa_rsa(EVP_PKEY *key, const uint8_t *challenge, size_t cl, const uint8_t *sig,
                             size_t sl, char *algo, size_t cap)
{
	uint8_t f[512];
	size_t fl = sizeof f;
	enum emrtd_hash hash;
	enum emrtd_err err;
	int size = EVP_PKEY_get_size(key);
	if (size <= 0 || (size_t)size > sizeof f || sl != (size_t)size)
		return EMRTD_ERR_BAD_SIGNATURE;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	/* The raw public operation s^e mod n: the representative is the
	 * recovered message. */
	bool ok = ctx && EVP_PKEY_verify_recover_init(ctx) > 0 &&
	          EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0 &&
	          EVP_PKEY_verify_recover(ctx, f, &fl, sig, sl) > 0;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return EMRTD_ERR_BAD_SIGNATURE;
	err = emrtd_iso9796_2_check(f, fl, challenge, cl, &hash);
	if (!err)
		snprintf(algo, cap, "RSA-%d ISO 9796-2 %s", EVP_PKEY_get_bits(key), emrtd_hash_name(hash));
	else
		snprintf(algo, cap, "RSA-%d ISO 9796-2", EVP_PKEY_get_bits(key));
	emrtd_wipe(f, sizeof f);
	return err;
}

static enum emrtd_hash hash_by_size(int bits)
{
	return bits <= 160 ? EMRTD_HASH_SHA1 : bits <= 224 ? EMRTD_HASH_SHA224 :
	       bits <= 256 ? EMRTD_HASH_SHA256 : bits <= 384 ? EMRTD_HASH_SHA384 : EMRTD_HASH_SHA512;
}

static enum emrtd_err aa_ecdsa(EVP_PKEY *key, enum emrtd_hash hash, const uint8_t *challenge,
                               size_t cl, const uint8_t *sig, size_t sl, char *algo, size_t cap)
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = 0;
	unsigned char *der = NULL;
	int der_len = 0;
	char curve[64];
	int bits = EVP_PKEY_get_bits(key);
	size_t ol = (size_t)(bits + 7) / 8;
	enum emrtd_err err = EMRTD_ERR_BAD_SIGNATURE;
	if (hash == EMRTD_HASH_NONE)
		hash = hash_by_size(bits);
	curve_name(key, curve, sizeof curve);
	bool plain = sl == 2 * ol;
	snprintf(algo, cap, "ECDSA %s %s%s", curve, emrtd_hash_name(hash), plain ? "" : " (DER)");
	if (!EVP_Digest(challenge, cl, h, &hl, hash_md(hash), NULL))
		return EMRTD_ERR_CRYPTO;
	if (plain) {
		/* r || s, each as long as the order (TR-03111 §5.2.1). */
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r = BN_bin2bn(sig, (int)ol, NULL), *s = BN_bin2bn(sig + ol, (int)ol, NULL);
		if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
			BN_free(r);
			BN_free(s);
			ECDSA_SIG_free(es);
			return EMRTD_ERR_CRYPTO;
		}
		der_len = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (der_len <= 0)
			return EMRTD_ERR_CRYPTO;
		sig = der;
		sl = (size_t)der_len;
	}
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (ctx && EVP_PKEY_verify_init(ctx) > 0 && EVP_PKEY_verify(ctx, sig, sl, h, hl) == 1)
		err = EMRTD_OK;
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	return err;
}

size_t emrtd_aa_sig_len(EVP_PKEY *key)
{
	int bits = key ? EVP_PKEY_get_bits(key) : 0;
	if (bits <= 0)
		return 0;
	if (EVP_PKEY_is_a(key, "RSA"))
		return (size_t)EVP_PKEY_get_size(key);
	if (EVP_PKEY_is_a(key, "EC"))
		return 2 * (((size_t)bits + 7) / 8);
	return 0;
}

enum emrtd_err emrtd_aa_verify(EVP_PKEY *key, enum emrtd_hash hash, const uint8_t *challenge,
                               size_t challenge_len, const uint8_t *sig, size_t sig_len, char *algo,
                               size_t algo_cap)
{
	char dummy[8];
	if (!algo || !algo_cap) {
		algo = dummy;
		algo_cap = sizeof dummy;
	}
	algo[0] = 0;
	if (!key || !challenge || (!sig && sig_len))
		return EMRTD_ERR_ARG;
	if (sig_len == 0)
		return EMRTD_ERR_BAD_SIGNATURE;
	if (EVP_PKEY_is_a(key, "RSA"))
		return aa_rsa(key, challenge, challenge_len, sig, sig_len, algo, algo_cap);
	if (EVP_PKEY_is_a(key, "EC"))
		return aa_ecdsa(key, hash, challenge, challenge_len, sig, sig_len, algo, algo_cap);
	return EMRTD_ERR_UNSUPPORTED;
}

/* ---- chip authentication ---- */

void emrtd_ca_wipe(struct emrtd_ca *ca)
{
	emrtd_wipe(ca, ca ? sizeof *ca : 0);
}

enum emrtd_err emrtd_ca_chip_key(const struct emrtd_ca_key *k, EVP_PKEY **key)
{
	if (!key)
		return EMRTD_ERR_ARG;
	*key = NULL;
	if (!k || !k->spki)
		return EMRTD_ERR_ARG;
	const unsigned char *q = k->spki;
	EVP_PKEY *pk = d2i_PUBKEY(NULL, &q, (long)k->spki_len);
	if (!pk || q != k->spki + k->spki_len) {
		EVP_PKEY_free(pk);
		return EMRTD_ERR_BAD_TAG;
	}
	bool ec = EVP_PKEY_is_a(pk, "EC");
	bool dh = EVP_PKEY_is_a(pk, "DH") || EVP_PKEY_is_a(pk, "DHX");
	int bits = EVP_PKEY_get_bits(pk);
	if ((k->agreement == EMRTD_CA_ECDH && !ec) || (k->agreement == EMRTD_CA_DH && !dh) ||
	    (ec && (bits < 192 || bits > 521)) || (dh && (bits < 1024 || bits > 4096))) {
		EVP_PKEY_free(pk);
		return EMRTD_ERR_UNSUPPORTED;
	}
	*key = pk;
	return EMRTD_OK;
}

static void params_name(EVP_PKEY *k, char *buf, size_t cap)
{
	if (EVP_PKEY_is_a(k, "EC"))
		curve_name(k, buf, cap);
	else
		snprintf(buf, cap, "DH-%d", EVP_PKEY_get_bits(k));
}

/* K = KA(own, peer), then KS_enc and KS_mac. */
static enum emrtd_err agree(EVP_PKEY *own, EVP_PKEY *peer, struct emrtd_ca *out)
{
	uint8_t k[EMRTD_CA_MAX_PUB];
	size_t kl = sizeof k;
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	/* DH: the shared secret keeps the length of p (leading zeros too). */
	if (!EVP_PKEY_is_a(own, "EC") && EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0)
		goto out;
	if (EVP_PKEY_derive_set_peer(ctx, peer) <= 0) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if (EVP_PKEY_derive(ctx, k, &kl) <= 0)
		goto out;
	if ((err = emrtd_kdf(out->cipher, k, kl, EMRTD_KDF_ENC, out->ks_enc)) ||
	    (err = emrtd_kdf(out->cipher, k, kl, EMRTD_KDF_MAC, out->ks_mac)))
		goto out;
	err = EMRTD_OK;
out:
	EVP_PKEY_CTX_free(ctx);
	emrtd_wipe(k, sizeof k);
	return err;
}

static enum emrtd_err own_pub(EVP_PKEY *k, struct emrtd_ca *out)
{
	size_t n = 0;
	if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out->pub,
	                                     sizeof out->pub, &n))
		return EMRTD_ERR_CRYPTO;
	out->pub_len = n;
	return EMRTD_OK;
}

enum emrtd_err emrtd_ca_terminal(const struct emrtd_ca_info *info, EVP_PKEY *chip_key,
                                 struct emrtd_ca *out)
{
	EVP_PKEY *eph = NULL;
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!info || !chip_key)
		return EMRTD_ERR_ARG;
	out->cipher = info->cipher;
	params_name(chip_key, out->params, sizeof out->params);
	/* The ephemeral key lives on the chip key's domain parameters. */
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, chip_key, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &eph) <= 0)
		goto out;
	if ((err = own_pub(eph, out)) || (err = agree(eph, chip_key, out)))
		goto out;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(eph);
	if (err)
		emrtd_ca_wipe(out);
	return err;
}

enum emrtd_err emrtd_ca_chip(enum emrtd_cipher cipher, EVP_PKEY *chip_priv, const uint8_t *peer,
                             size_t n, struct emrtd_ca *out)
{
	EVP_PKEY *pk = NULL;
	enum emrtd_err err = EMRTD_ERR_BAC_BAD_RESPONSE;
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!chip_priv || (!peer && n))
		return EMRTD_ERR_ARG;
	out->cipher = cipher;
	params_name(chip_priv, out->params, sizeof out->params);
	if (EVP_PKEY_is_a(chip_priv, "EC") && (n == 0 || peer[0] != 0x04))
		goto out; /* uncompressed points only */
	pk = EVP_PKEY_new();
	if (!pk || !EVP_PKEY_copy_parameters(pk, chip_priv) ||
	    EVP_PKEY_set1_encoded_public_key(pk, peer, n) <= 0)
		goto out;
	if ((err = own_pub(chip_priv, out)))
		goto out;
	err = agree(chip_priv, pk, out);
out:
	EVP_PKEY_free(pk);
	if (err)
		emrtd_ca_wipe(out);
	return err;
}

enum emrtd_err emrtd_ca_start_sm(const struct emrtd_ca *ca, struct emrtd_sm *sm)
{
	static const uint8_t zero[16];
	if (!ca || !sm)
		return EMRTD_ERR_ARG;
	return emrtd_sm_init(sm, ca->cipher, ca->ks_enc, ca->ks_mac, zero);
}

/* DO'84' with the key id as an unsigned big-endian number. */
static void key_id(struct emrtd_writer *w, const struct emrtd_ca_info *info)
{
	uint8_t b[4];
	size_t k = 0;
	if (!info->has_key_id)
		return;
	for (int sh = 24; sh >= 0; sh -= 8)
		if (k || (info->key_id >> sh) & 0xFF || sh == 0)
			b[k++] = (uint8_t)(info->key_id >> sh);
	emrtd_writer_tlv(w, 0x84, b, k);
}

/* 00 22 41 P2 Lc data, no Le. */
static enum emrtd_err mse(uint8_t p2, const uint8_t *data, size_t n, uint8_t *out, size_t cap,
                          size_t *len)
{
	struct emrtd_apdu a = {.cla = 0x00, .ins = 0x22, .p1 = 0x41, .p2 = p2, .data = data, .nc = n};
	return emrtd_apdu_build(&a, out, cap, len);
}

enum emrtd_err emrtd_ca_mse_kat(const struct emrtd_ca *ca, const struct emrtd_ca_info *info,
                                uint8_t *out, size_t cap, size_t *len)
{
	uint8_t data[EMRTD_CA_MAX_PUB + 16];
	struct emrtd_writer w;
	size_t n = 0;
	enum emrtd_err err;
	if (!ca || !info || !out || !len)
		return EMRTD_ERR_ARG;
	emrtd_writer_init(&w, data, sizeof data);
	emrtd_writer_tlv(&w, 0x91, ca->pub, ca->pub_len);
	key_id(&w, info);
	if ((err = emrtd_writer_finish(&w, &n)))
		return err;
	return mse(0xA6, data, n, out, cap, len);
}

enum emrtd_err emrtd_ca_mse_set_at(const struct emrtd_ca_info *info, uint8_t *out, size_t cap,
                                   size_t *len)
{
	uint8_t data[32];
	struct emrtd_writer w;
	size_t n = 0;
	enum emrtd_err err;
	if (!info || !out || !len)
		return EMRTD_ERR_ARG;
	emrtd_writer_init(&w, data, sizeof data);
	emrtd_writer_tlv(&w, 0x80, info->oid, EMRTD_CA_OID_LEN);
	key_id(&w, info);
	if ((err = emrtd_writer_finish(&w, &n)))
		return err;
	return mse(0xA4, data, n, out, cap, len);
}
