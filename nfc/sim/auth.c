/* auth.c - the virtual chip proves itself genuine (ICAO Doc 9303 part 11
 * §6): its chip authentication key (DG14) and active authentication key
 * (DG15), made fresh for each document as a real chip's are unique, and
 * the chip's side of INTERNAL AUTHENTICATE, MSE:Set KAT, MSE:Set AT and
 * GENERAL AUTHENTICATE.  The key agreement is the reader's own
 * (emrtd_auth.h, chip role). */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "emrtd_auth.h"
#include "sim_auth.h"

enum {
	IDX_DG14 = 4, IDX_DG15 = 5,
	SW_OK = 0x9000, SW_WRONG_LENGTH = 0x6700, SW_CONDITIONS = 0x6985, SW_WRONG_DATA = 0x6A80,
	SW_WRONG_P1P2 = 0x6A86, SW_INS = 0x6D00, SW_UNKNOWN = 0x6F00,
};

/* The index of name in names (n of them), or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
	for (int k = 0; name && k < n; k++)
		if (strcmp(name, names[k]) == 0)
			return k;
	return -1;
}

enum sim_err sim_ca_parse(const char *name, enum sim_ca *out)
{
	static const char *const names[] = {"none", "ecdh", "ecdh-p256", "dh"};
	int k = name_index(names, 4, name);
	if (k < 0 || !out)
		return SIM_ERR_ARG;
	*out = (enum sim_ca)k;
	return SIM_OK;
}

enum sim_err sim_aa_parse(const char *name, enum sim_aa *out)
{
	static const char *const names[] = {"none", "rsa", "ecdsa", "ecdsa-der"};
	int k = name_index(names, 4, name);
	if (k < 0 || !out)
		return SIM_ERR_ARG;
	*out = (enum sim_aa)k;
	return SIM_OK;
}

/* The CA protocol of each kind: id-CA-ECDH-AES-CBC-CMAC-128,
 * id-CA-ECDH-3DES-CBC-CBC, id-CA-DH-3DES-CBC-CBC. */
static void ca_info(enum sim_ca ca, struct emrtd_ca_info *ci)
{
	static const uint8_t id_ca[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03};
	memset(ci, 0, sizeof ci[0]);
	ci->agreement = ca == SIM_CA_DH ? EMRTD_CA_DH : EMRTD_CA_ECDH;
	ci->cipher = ca == SIM_CA_ECDH ? EMRTD_CIPHER_AES128 : EMRTD_CIPHER_3DES;
	ci->version = 1;
	ci->has_key_id = true;
	ci->key_id = 1;
	memcpy(ci->oid, id_ca, sizeof id_ca);
	ci->oid[8] = ci->agreement == EMRTD_CA_DH ? 1 : 2;
	ci->oid[9] = ci->cipher == EMRTD_CIPHER_3DES ? 1 : 2;
}

static EVP_PKEY *keygen(const char *type, const char *group, unsigned rsa_bits)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 ||
	    (group && EVP_PKEY_CTX_set_group_name(ctx, group) <= 0) ||
	    (rsa_bits && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)rsa_bits) <= 0) ||
	    EVP_PKEY_keygen(ctx, &k) <= 0)
		k = NULL;
	EVP_PKEY_CTX_free(ctx);
	return k;
}

static EVP_PKEY *ca_keygen(enum sim_ca ca)
{
	switch (ca) {
	case SIM_CA_ECDH: return keygen("EC", "brainpoolP256r1", 0);
	case SIM_CA_ECDH_P256: return keygen("EC", "prime256v1", 0);
	case SIM_CA_DH: return keygen("DHX", "dh_1024_160", 0);
	case SIM_CA_NONE: break;
	}
	return NULL;
}

static EVP_PKEY *aa_keygen(enum sim_aa aa)
{
	switch (aa) {
	case SIM_AA_RSA: return keygen("RSA", NULL, 1024);
	case SIM_AA_ECDSA: return keygen("EC", "prime256v1", 0);
	case SIM_AA_ECDSA_DER: return keygen("EC", "secp384r1", 0);
	case SIM_AA_NONE: break;
	}
	return NULL;
}

/* SubjectPublicKeyInfo DER of k's public part; *der is OPENSSL_free'd by
 * the caller.  Passports give EC keys with explicit parameters. */
static int spki(EVP_PKEY *k, bool explicit_params, unsigned char **der)
{
	*der = NULL;
	if (explicit_params &&
	    !EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_ENCODING,
	                                    OSSL_PKEY_EC_ENCODING_EXPLICIT))
		return -1;
	return i2d_PUBKEY(k, der);
}

/* DG14: 6E { SET { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo,
 * ActiveAuthenticationInfo } } as present. */
static enum sim_err build_dg14(struct sim_doc *doc, EVP_PKEY *ca_pub)
{
	static const uint8_t id_pk[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x00};
	static const uint8_t id_aa[] = {0x67, 0x81, 0x08, 0x01, 0x01, 0x05};
	/* ecdsa-plain-SHA256 (BSI TR-03111). */
	static const uint8_t plain_sha256[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01, 0x03};
	static const uint8_t one[] = {0x01};
	uint8_t set[2048], infos[2048], item[1024], out[2100];
	struct emrtd_writer w, s;
	size_t n = 0, in = 0;
	unsigned char *der = NULL;
	enum sim_err e = SIM_ERR_CRYPTO;
	emrtd_writer_init(&s, infos, sizeof infos);
	if (ca_pub) {
		struct emrtd_ca_info ci;
		uint8_t pk[sizeof id_pk];
		ca_info(doc->auth.ca, &ci);
		int dl = spki(ca_pub, doc->auth.ca == SIM_CA_ECDH, &der);
		if (dl <= 0)
			goto out;
		emrtd_writer_init(&w, item, sizeof item);
		emrtd_writer_tlv(&w, 0x06, ci.oid, EMRTD_CA_OID_LEN);
		emrtd_writer_tlv(&w, 0x02, one, 1);          /* version 1 */
		emrtd_writer_tlv(&w, 0x02, one, 1);          /* key id 1 */
		if (emrtd_writer_finish(&w, &n))
			goto out;
		emrtd_writer_tlv(&s, 0x30, item, n);
		memcpy(pk, id_pk, sizeof pk);
		pk[8] = ci.agreement == EMRTD_CA_DH ? 1 : 2;
		emrtd_writer_init(&w, item, sizeof item);
		emrtd_writer_tlv(&w, 0x06, pk, sizeof pk);
		emrtd_writer_bytes(&w, der, (size_t)dl);
		emrtd_writer_tlv(&w, 0x02, one, 1);          /* key id 1 */
		if (emrtd_writer_finish(&w, &n))
			goto out;
		emrtd_writer_tlv(&s, 0x30, item, n);
	}
	if (doc->auth.aa == SIM_AA_ECDSA) {
		emrtd_writer_init(&w, item, sizeof item);
		emrtd_writer_tlv(&w, 0x06, id_aa, sizeof id_aa);
		emrtd_writer_tlv(&w, 0x02, one, 1);
		emrtd_writer_tlv(&w, 0x06, plain_sha256, sizeof plain_sha256);
		if (emrtd_writer_finish(&w, &n))
			goto out;
		emrtd_writer_tlv(&s, 0x30, item, n);
	}
	if (emrtd_writer_finish(&s, &in))
		goto out;
	emrtd_writer_init(&w, set, sizeof set);
	emrtd_writer_tlv(&w, 0x31, infos, in);
	if (emrtd_writer_finish(&w, &n))
		goto out;
	emrtd_writer_init(&w, out, sizeof out);
	emrtd_writer_tlv(&w, 0x6E, set, n);
	if (emrtd_writer_finish(&w, &n))
		goto out;
	e = sim_file_set(&doc->files[IDX_DG14], 0x010E, 0x0E, out, n);
out:
	OPENSSL_free(der);
	return e;
}

static enum sim_err build_dg15(struct sim_doc *doc, EVP_PKEY *aa_pub)
{
	uint8_t out[1100];
	struct emrtd_writer w;
	size_t n = 0;
	unsigned char *der = NULL;
	enum sim_err e = SIM_ERR_CRYPTO;
	int dl = spki(aa_pub, false, &der);
	if (dl <= 0)
		goto out;
	emrtd_writer_init(&w, out, sizeof out);
	emrtd_writer_tlv(&w, 0x6F, der, (size_t)dl);
	if (emrtd_writer_finish(&w, &n)) {
		e = SIM_ERR_TOO_BIG;
		goto out;
	}
	e = sim_file_set(&doc->files[IDX_DG15], 0x010F, 0x0F, out, n);
out:
	OPENSSL_free(der);
	return e;
}

enum sim_err sim_auth_build(struct sim_doc *doc, const struct sim_auth_opts *opts,
                            enum sim_fault fault)
{
	EVP_PKEY *ca_pub = NULL, *aa_pub = NULL;
	enum sim_err e = SIM_ERR_CRYPTO;
	if (!doc || !opts)
		return SIM_ERR_ARG;
	doc->auth = *opts;
	if (opts->ca != SIM_CA_NONE) {
		if (!(doc->ca_key = ca_keygen(opts->ca)))
			goto out;
		/* wrong-ca-key: DG14 shows another key of the same group. */
		ca_pub = fault == SIM_FAULT_WRONG_CA_KEY ? ca_keygen(opts->ca) : doc->ca_key;
		if (!ca_pub)
			goto out;
	}
	if (opts->aa != SIM_AA_NONE) {
		if (!(doc->aa_key = aa_keygen(opts->aa)))
			goto out;
		aa_pub = fault == SIM_FAULT_WRONG_AA_KEY ? aa_keygen(opts->aa) : doc->aa_key;
		if (!aa_pub)
			goto out;
	}
	e = SIM_OK;
	if (ca_pub || opts->aa == SIM_AA_ECDSA)
		e = build_dg14(doc, ca_pub);
	if (!e && aa_pub)
		e = build_dg15(doc, aa_pub);
out:
	if (ca_pub != doc->ca_key)
		EVP_PKEY_free(ca_pub);
	if (aa_pub != doc->aa_key)
		EVP_PKEY_free(aa_pub);
	return e;
}

void sim_auth_fini(struct sim_doc *doc)
{
	if (!doc)
		return;
	EVP_PKEY_free(doc->ca_key);
	EVP_PKEY_free(doc->aa_key);
	doc->ca_key = doc->aa_key = NULL;
}

void sim_ca_state_wipe(struct sim_ca_state *st)
{
	emrtd_wipe(st, st ? sizeof *st : 0);
}

/* ---- active authentication ---- */

/* ISO/IEC 9796-2 scheme 1 with SHA-1 (trailer BC): 6A || M1 || H(M1 ||
 * challenge) || BC, M1 random, as long as the modulus, raised to d. */
static bool rsa_sign(EVP_PKEY *k, const uint8_t *challenge, size_t cl, uint8_t *out, size_t cap,
                     size_t *len)
{
	uint8_t f[512];
	int size = EVP_PKEY_get_size(k);
	if (size < 64 || (size_t)size > sizeof f || (size_t)size > cap)
		return false;
	size_t n = (size_t)size, m1 = n - 1 - 20 - 1;
	f[0] = 0x6A;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = RAND_bytes(f + 1, (int)m1) == 1 && md && EVP_DigestInit_ex(md, EVP_sha1(), NULL) &&
	          EVP_DigestUpdate(md, f + 1, m1) && EVP_DigestUpdate(md, challenge, cl) &&
	          EVP_DigestFinal_ex(md, f + 1 + m1, NULL);
	EVP_MD_CTX_free(md);
	f[n - 1] = 0xBC;
	EVP_PKEY_CTX *ctx = ok ? EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL) : NULL;
	*len = cap;
	ok = ok && ctx && EVP_PKEY_sign_init(ctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0 &&
	     EVP_PKEY_sign(ctx, out, len, f, n) > 0;
	EVP_PKEY_CTX_free(ctx);
	emrtd_wipe(f, sizeof f);
	return ok;
}

/* ECDSA over SHA-256 (P-256) or SHA-384 (P-384); plain r||s or DER. */
static bool ec_sign(EVP_PKEY *k, bool der, const uint8_t *challenge, size_t cl, uint8_t *out,
                    size_t cap, size_t *len)
{
	uint8_t sig[160];
	size_t sl = sizeof sig;
	bool p384 = EVP_PKEY_get_bits(k) > 256;
	size_t ol = p384 ? 48 : 32;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestSignInit(md, NULL, p384 ? EVP_sha384() : EVP_sha256(), NULL, k) > 0 &&
	          EVP_DigestSign(md, sig, &sl, challenge, cl) > 0;
	EVP_MD_CTX_free(md);
	if (!ok)
		return false;
	if (der) {
		if (sl > cap)
			return false;
		memcpy(out, sig, sl);
		*len = sl;
		return true;
	}
	const unsigned char *q = sig;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, (long)sl);
	ok = es && 2 * ol <= cap &&
	     BN_bn2binpad(ECDSA_SIG_get0_r(es), out, (int)ol) == (int)ol &&
	     BN_bn2binpad(ECDSA_SIG_get0_s(es), out + ol, (int)ol) == (int)ol;
	ECDSA_SIG_free(es);
	*len = ok ? 2 * ol : 0;
	return ok;
}

uint16_t sim_aa_answer(const struct sim_doc *doc, const struct emrtd_apdu *a, bool cut,
                       uint8_t *out, size_t cap, size_t *len)
{
	*len = 0;
	if (!doc->aa_key)
		return SW_INS;
	if (a->p1 || a->p2)
		return SW_WRONG_P1P2;
	if (a->nc != 8 || !a->has_le)
		return SW_WRONG_LENGTH;
	bool ok = doc->auth.aa == SIM_AA_RSA ?
	          rsa_sign(doc->aa_key, a->data, a->nc, out, cap, len) :
	          ec_sign(doc->aa_key, doc->auth.aa == SIM_AA_ECDSA_DER, a->data, a->nc, out, cap, len);
	if (!ok)
		return SW_UNKNOWN;
	if (a->ne < *len) {
		size_t full = *len;
		*len = 0;
		return (uint16_t)(0x6C00 | (full & 0xFF));  /* the exact Le */
	}
	if (cut && a->ne == 256)
		*len /= 2;
	return SW_OK;
}

/* ---- chip authentication ---- */

/* DO'84' key id, when sent, must name ours (1). */
static bool key_id_ok(const struct emrtd_cursor *v)
{
	return v->left == 1 && v->p[0] == 1;
}

static uint16_t agree(const struct sim_doc *doc, enum emrtd_cipher cipher, const uint8_t *pub,
                      size_t n, struct sim_ca_state *st)
{
	struct emrtd_ca ca;
	uint16_t sw = SW_WRONG_DATA;
	if (emrtd_ca_chip(cipher, doc->ca_key, pub, n, &ca) == EMRTD_OK &&
	    emrtd_ca_start_sm(&ca, &st->next_sm) == EMRTD_OK) {
		st->pending = true;  /* after this answer, under the old keys */
		sw = SW_OK;
	}
	emrtd_ca_wipe(&ca);
	return sw;
}

uint16_t sim_ca_mse(const struct sim_doc *doc, const struct emrtd_apdu *a, struct sim_ca_state *st)
{
	struct emrtd_ca_info ci;
	struct emrtd_cursor c, v;
	uint32_t tag;
	const uint8_t *pub = NULL;
	size_t pl = 0;
	bool oid_ok = false;
	st->armed = false;
	if (!doc->ca_key)
		return SW_CONDITIONS;
	if (a->p2 != 0xA6 && a->p2 != 0xA4)
		return SW_WRONG_P1P2;
	ca_info(doc->auth.ca, &ci);
	emrtd_cursor_init(&c, a->data, a->nc);
	while (c.left) {
		if (emrtd_cursor_tlv(&c, &tag, &v))
			return SW_WRONG_DATA;
		if (tag == 0x84 && !key_id_ok(&v))
			return SW_WRONG_DATA;
		if (tag == 0x91) {
			pub = v.p;
			pl = v.left;
		}
		if (tag == 0x80)
			oid_ok = v.left == EMRTD_CA_OID_LEN && memcmp(v.p, ci.oid, EMRTD_CA_OID_LEN) == 0;
	}
	if (a->p2 == 0xA6) {
		/* MSE:Set KAT is defined for 3DES only. */
		if (ci.cipher != EMRTD_CIPHER_3DES)
			return SW_CONDITIONS;
		if (!pub)
			return SW_WRONG_DATA;
		return agree(doc, ci.cipher, pub, pl, st);
	}
	if (!oid_ok)
		return SW_WRONG_DATA;
	st->armed = true;
	return SW_OK;
}

uint16_t sim_ca_general_authenticate(const struct sim_doc *doc, const struct emrtd_apdu *a,
                                     struct sim_ca_state *st, uint8_t *out, size_t cap,
                                     size_t *len)
{
	struct emrtd_ca_info ci;
	const uint8_t *pub = NULL;
	size_t pl = 0;
	*len = 0;
	if (!st->armed || !doc->ca_key)
		return SW_CONDITIONS;
	st->armed = false;
	if (a->p1 || a->p2)
		return SW_WRONG_P1P2;
	if (emrtd_pace_ga_parse(a->data, a->nc, 0x80, &pub, &pl))
		return SW_WRONG_DATA;
	ca_info(doc->auth.ca, &ci);
	uint16_t sw = agree(doc, ci.cipher, pub, pl, st);
	if (sw == SW_OK && cap >= 2) {
		out[0] = 0x7C;  /* empty dynamic authentication data */
		out[1] = 0x00;
		*len = 2;
	}
	return sw;
}
