/* emrtd_pace.c - PACE (ICAO 9303-11 §4.4) for both roles: EF.CardAccess,
 * the standardized domain parameters, MSE:Set AT and GENERAL AUTHENTICATE
 * coding, ECDH generic mapping on OpenSSL's EC_POINT arithmetic, the
 * session keys and the authentication tokens.  Checked against appendix
 * G.1 in tests/crypto_kat_test.c. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

#include "emrtd_crypto.h"

/* 0.4.0.127.0.7.2.2.4 (id-PACE), DER contents. */
static const uint8_t id_pace[8] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04};

/* Part 11 §9.5.1, table of standardized domain parameters. */
static const struct {
	uint32_t id;
	const char *name;
	bool ec;
} params[] = {
	{0, "MODP-1024-160 (RFC 5114)", false},
	{1, "MODP-2048-224 (RFC 5114)", false},
	{2, "MODP-2048-256 (RFC 5114)", false},
	{8, "prime192v1", true},
	{9, "brainpoolP192r1", true},
	{10, "secp224r1", true},
	{11, "brainpoolP224r1", true},
	{12, "prime256v1", true},
	{13, "brainpoolP256r1", true},
	{14, "brainpoolP320r1", true},
	{15, "secp384r1", true},
	{16, "brainpoolP384r1", true},
	{17, "brainpoolP512r1", true},
	{18, "secp521r1", true},
};

const char *emrtd_pace_param_name(uint32_t id, bool *ec)
{
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
		if (params[i].id == id) {
			if (ec)
				*ec = params[i].ec;
			return params[i].name;
		}
	}
	return NULL;
}

static int param_nid(uint32_t id)
{
	bool ec = false;
	const char *name = emrtd_pace_param_name(id, &ec);
	if (!name || !ec)
		return NID_undef;
	int nid = OBJ_sn2nid(name);
	if (nid == NID_undef)
		nid = OBJ_ln2nid(name);
	return nid;
}

bool emrtd_pace_supported(const struct emrtd_pace_info *info)
{
	return info && info->agreement == EMRTD_PACE_ECDH && info->mapping == EMRTD_PACE_GM &&
	       info->has_parameter_id && param_nid(info->parameter_id) != NID_undef;
}

/* ---- EF.CardAccess ---- */

/* A DER INTEGER 0..2^32-1. */
static enum emrtd_err read_uint(struct emrtd_cursor *c, uint32_t *out)
{
	struct emrtd_cursor v;
	enum emrtd_err err = emrtd_cursor_expect(c, 0x02, &v);
	if (err)
		return err;
	if (v.left == 0 || v.left > 5 || (v.p[0] & 0x80))
		return EMRTD_ERR_BAD_LENGTH;
	if (v.left == 5 && v.p[0] != 0)
		return EMRTD_ERR_BAD_LENGTH;
	uint32_t x = 0;
	for (size_t i = 0; i < v.left; i++)
		x = (x << 8) | v.p[i];
	*out = x;
	return EMRTD_OK;
}

/* The protocol OID: true when it is a PACEInfo OID this parser knows. */
static bool pace_oid(const uint8_t *p, size_t n, struct emrtd_pace_info *info)
{
	if (n != EMRTD_PACE_OID_LEN || memcmp(p, id_pace, sizeof id_pace) != 0)
		return false;
	switch (p[8]) {
	case 1: info->agreement = EMRTD_PACE_DH; info->mapping = EMRTD_PACE_GM; break;
	case 2: info->agreement = EMRTD_PACE_ECDH; info->mapping = EMRTD_PACE_GM; break;
	case 3: info->agreement = EMRTD_PACE_DH; info->mapping = EMRTD_PACE_IM; break;
	case 4: info->agreement = EMRTD_PACE_ECDH; info->mapping = EMRTD_PACE_IM; break;
	case 6: info->agreement = EMRTD_PACE_ECDH; info->mapping = EMRTD_PACE_CAM; break;
	default: return false;
	}
	switch (p[9]) {
	case 1: info->cipher = EMRTD_CIPHER_3DES; break;
	case 2: info->cipher = EMRTD_CIPHER_AES128; break;
	case 3: info->cipher = EMRTD_CIPHER_AES192; break;
	case 4: info->cipher = EMRTD_CIPHER_AES256; break;
	default: return false;
	}
	/* CAM is defined with AES only. */
	if (info->mapping == EMRTD_PACE_CAM && info->cipher == EMRTD_CIPHER_3DES)
		return false;
	memcpy(info->oid, p, EMRTD_PACE_OID_LEN);
	return true;
}

enum emrtd_err emrtd_card_access_parse(const uint8_t *p, size_t n, struct emrtd_card_access *out)
{
	struct emrtd_cursor file, set, info, oid;
	const uint8_t *oidp;
	enum emrtd_err err;
	if (!out || (!p && n))
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	emrtd_cursor_init(&file, p, n);
	if ((err = emrtd_cursor_expect(&file, 0x31, &set)))
		return err;
	/* Bytes after the SET (file padding) are not ours to judge. */
	while (set.left) {
		struct emrtd_pace_info pi;
		memset(&pi, 0, sizeof pi);
		if ((err = emrtd_cursor_expect(&set, 0x30, &info)))
			goto fail;
		if ((err = emrtd_cursor_expect(&info, 0x06, &oid)))
			goto fail;
		size_t oid_len = oid.left;
		if ((err = emrtd_cursor_take(&oid, oid_len, &oidp)))
			goto fail;
		if (!pace_oid(oidp, oid_len, &pi))
			continue; /* another SecurityInfo: its content is opaque here */
		if ((err = read_uint(&info, &pi.version)))
			goto fail;
		if (info.left) {
			if ((err = read_uint(&info, &pi.parameter_id)))
				goto fail;
			pi.has_parameter_id = true;
		}
		if (info.left) {
			err = EMRTD_ERR_BAD_LENGTH;
			goto fail;
		}
		if (out->n_pace == EMRTD_CARD_ACCESS_MAX_PACE) {
			err = EMRTD_ERR_TOO_BIG;
			goto fail;
		}
		out->pace[out->n_pace++] = pi;
	}
	return EMRTD_OK;
fail:
	memset(out, 0, sizeof *out);
	return err;
}

/* ---- APDUs ---- */

enum emrtd_err emrtd_pace_mse_set_at(const struct emrtd_pace_info *info, uint8_t key_ref,
                                     uint8_t *out, size_t cap, size_t *len)
{
	uint8_t data[32], pid[4];
	struct emrtd_writer w;
	size_t n = 0, pl = 0;
	enum emrtd_err err;
	if (!info || !out || !len)
		return EMRTD_ERR_ARG;
	*len = 0;
	emrtd_writer_init(&w, data, sizeof data);
	emrtd_writer_tlv(&w, 0x80, info->oid, EMRTD_PACE_OID_LEN);
	emrtd_writer_tlv(&w, 0x83, &key_ref, 1);
	if (info->has_parameter_id) {
		/* Shortest unsigned big-endian form. */
		uint32_t v = info->parameter_id;
		uint8_t tmp[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
		                  (uint8_t)v};
		size_t i = 0;
		while (i < 3 && tmp[i] == 0)
			i++;
		pl = 4 - i;
		memcpy(pid, tmp + i, pl);
		emrtd_writer_tlv(&w, 0x84, pid, pl);
	}
	if ((err = emrtd_writer_finish(&w, &n)))
		return err;
	struct emrtd_apdu a = {.cla = 0x00, .ins = 0x22, .p1 = 0xC1, .p2 = 0xA4,
	                       .data = data, .nc = n};
	return emrtd_apdu_build(&a, out, cap, len);
}

enum emrtd_err emrtd_pace_ga_build(bool last, uint32_t tag, const uint8_t *p, size_t n,
                                   uint8_t *out, size_t cap, size_t *len)
{
	uint8_t data[EMRTD_PACE_MAX_POINT * 2 + 16];
	struct emrtd_writer w, inner;
	uint8_t obj[EMRTD_PACE_MAX_POINT * 2 + 8];
	size_t on = 0, dn = 0;
	enum emrtd_err err;
	if (!out || !len || (n && !p))
		return EMRTD_ERR_ARG;
	*len = 0;
	emrtd_writer_init(&inner, obj, sizeof obj);
	if (tag)
		emrtd_writer_tlv(&inner, tag, p, n);
	if ((err = emrtd_writer_finish(&inner, &on)))
		return err;
	emrtd_writer_init(&w, data, sizeof data);
	emrtd_writer_tlv(&w, 0x7C, obj, on);
	if ((err = emrtd_writer_finish(&w, &dn)))
		return err;
	struct emrtd_apdu a = {.cla = last ? 0x00 : 0x10, .ins = 0x86, .p1 = 0, .p2 = 0,
	                       .data = data, .nc = dn, .has_le = true, .ne = 256};
	return emrtd_apdu_build(&a, out, cap, len);
}

enum emrtd_err emrtd_pace_ga_parse(const uint8_t *p, size_t n, uint32_t tag,
                                   const uint8_t **val, size_t *val_len)
{
	struct emrtd_cursor c, dyn, obj;
	enum emrtd_err err;
	if (!val || !val_len || (!p && n))
		return EMRTD_ERR_ARG;
	*val = NULL;
	*val_len = 0;
	emrtd_cursor_init(&c, p, n);
	if ((err = emrtd_cursor_expect(&c, 0x7C, &dyn)))
		return err;
	if (c.left)
		return EMRTD_ERR_BAD_LENGTH;
	err = emrtd_cursor_find(&dyn, tag, &obj);
	if (err == EMRTD_ERR_NOT_FOUND)
		return EMRTD_ERR_SM_MISSING_DO;
	if (err)
		return err;
	*val = obj.p;
	*val_len = obj.left;
	return EMRTD_OK;
}

/* ---- the protocol ---- */

void emrtd_pace_wipe(struct emrtd_pace *pace)
{
	emrtd_wipe(pace, pace ? sizeof *pace : 0);
}

enum emrtd_err emrtd_pace_init(struct emrtd_pace *pace, const struct emrtd_pace_info *info)
{
	if (!pace || !info)
		return EMRTD_ERR_ARG;
	memset(pace, 0, sizeof *pace);
	if (!emrtd_pace_supported(info))
		return EMRTD_ERR_UNSUPPORTED;
	pace->info = *info;
	pace->nid = param_nid(info->parameter_id);
	EC_GROUP *g = EC_GROUP_new_by_curve_name(pace->nid);
	if (!g)
		return EMRTD_ERR_UNSUPPORTED;
	pace->field_len = (size_t)(EC_GROUP_get_degree(g) + 7) / 8;
	EC_GROUP_free(g);
	if (pace->field_len == 0 || pace->field_len > EMRTD_PACE_MAX_SCALAR)
		return EMRTD_ERR_UNSUPPORTED;
	pace->step = 1;
	return EMRTD_OK;
}

enum emrtd_err emrtd_pace_nonce_encrypt(struct emrtd_pace *pace, const uint8_t *kpi,
                                        const uint8_t *nonce, uint8_t *z, size_t cap,
                                        size_t *z_len)
{
	if (!pace || !kpi || !z || !z_len || pace->step != 1)
		return EMRTD_ERR_ARG;
	*z_len = 0;
	size_t bl = emrtd_cipher_block_len(pace->info.cipher);
	if (cap < bl)
		return EMRTD_ERR_TOO_BIG;
	if (nonce)
		memcpy(pace->nonce, nonce, bl);
	else if (RAND_priv_bytes(pace->nonce, (int)bl) != 1)
		return EMRTD_ERR_CRYPTO;
	pace->nonce_len = bl;
	enum emrtd_err err = emrtd_cbc(pace->info.cipher, kpi, NULL, true, pace->nonce, bl, z);
	if (err)
		return err;
	*z_len = bl;
	pace->step = 2;
	return EMRTD_OK;
}

enum emrtd_err emrtd_pace_nonce_decrypt(struct emrtd_pace *pace, const uint8_t *kpi,
                                        const uint8_t *z, size_t n)
{
	if (!pace || !kpi || !z || pace->step != 1)
		return EMRTD_ERR_ARG;
	size_t bl = emrtd_cipher_block_len(pace->info.cipher);
	if (n != bl)
		return EMRTD_ERR_BAD_LENGTH;
	enum emrtd_err err = emrtd_cbc(pace->info.cipher, kpi, NULL, false, z, n, pace->nonce);
	if (err)
		return err;
	pace->nonce_len = bl;
	pace->step = 2;
	return EMRTD_OK;
}

/* OpenSSL objects of one step, freed (secrets cleared) together. */
struct ec_work {
	EC_GROUP *group;
	BN_CTX *ctx;
	BIGNUM *k, *x;
	EC_POINT *a, *b;
};

static enum emrtd_err work_open(const struct emrtd_pace *pace, struct ec_work *w)
{
	memset(w, 0, sizeof *w);
	w->group = EC_GROUP_new_by_curve_name(pace->nid);
	w->ctx = BN_CTX_secure_new();
	w->k = BN_secure_new();
	w->x = BN_secure_new();
	if (!w->group || !w->ctx || !w->k || !w->x)
		return EMRTD_ERR_NOMEM;
	w->a = EC_POINT_new(w->group);
	w->b = EC_POINT_new(w->group);
	if (!w->a || !w->b)
		return EMRTD_ERR_NOMEM;
	return EMRTD_OK;
}

static void work_close(struct ec_work *w)
{
	EC_POINT_clear_free(w->a);
	EC_POINT_clear_free(w->b);
	BN_clear_free(w->k);
	BN_clear_free(w->x);
	BN_CTX_free(w->ctx);
	EC_GROUP_free(w->group);
	memset(w, 0, sizeof *w);
}

/* A peer's public key: uncompressed, on the curve, not infinity. */
static enum emrtd_err point_in(const struct emrtd_pace *pace, struct ec_work *w,
                               const uint8_t *p, size_t n, EC_POINT *pt)
{
	if (!p || n != 1 + 2 * pace->field_len || p[0] != 0x04)
		return EMRTD_ERR_BAC_BAD_RESPONSE;
	if (EC_POINT_oct2point(w->group, pt, p, n, w->ctx) != 1 ||
	    EC_POINT_is_at_infinity(w->group, pt) || EC_POINT_is_on_curve(w->group, pt, w->ctx) != 1)
		return EMRTD_ERR_BAC_BAD_RESPONSE;
	return EMRTD_OK;
}

static enum emrtd_err point_out(const struct emrtd_pace *pace, struct ec_work *w,
                                const EC_POINT *pt, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 1 + 2 * pace->field_len;
	if (cap < n)
		return EMRTD_ERR_TOO_BIG;
	if (EC_POINT_is_at_infinity(w->group, pt) ||
	    EC_POINT_point2oct(w->group, pt, POINT_CONVERSION_UNCOMPRESSED, out, n, w->ctx) != n)
		return EMRTD_ERR_CRYPTO;
	*len = n;
	return EMRTD_OK;
}

/* w->k = the given private key (1 <= k < order) or a random one; its
 * big-endian bytes (field length) go to priv_out. */
static enum emrtd_err scalar(const struct emrtd_pace *pace, struct ec_work *w,
                             const uint8_t *priv, uint8_t *priv_out)
{
	const BIGNUM *order = EC_GROUP_get0_order(w->group);
	if (!order)
		return EMRTD_ERR_CRYPTO;
	if (priv) {
		if (!BN_bin2bn(priv, (int)pace->field_len, w->k))
			return EMRTD_ERR_CRYPTO;
		if (BN_is_zero(w->k) || BN_cmp(w->k, order) >= 0)
			return EMRTD_ERR_ARG;
	} else {
		do {
			if (BN_priv_rand_range(w->k, order) != 1)
				return EMRTD_ERR_CRYPTO;
		} while (BN_is_zero(w->k));
	}
	if (BN_bn2binpad(w->k, priv_out, (int)pace->field_len) != (int)pace->field_len)
		return EMRTD_ERR_CRYPTO;
	return EMRTD_OK;
}

enum emrtd_err emrtd_pace_map_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len)
{
	struct ec_work w;
	enum emrtd_err err;
	if (!pace || !pub || !len || pace->step != 2)
		return EMRTD_ERR_ARG;
	*len = 0;
	if ((err = work_open(pace, &w)))
		goto out;
	if ((err = scalar(pace, &w, priv, pace->map_priv)))
		goto out;
	if (EC_POINT_mul(w.group, w.a, w.k, NULL, NULL, w.ctx) != 1) {
		err = EMRTD_ERR_CRYPTO;
		goto out;
	}
	if ((err = point_out(pace, &w, w.a, pub, cap, len)))
		goto out;
	pace->step = 3;
out:
	work_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_map(struct emrtd_pace *pace, const uint8_t *peer, size_t n)
{
	struct ec_work w;
	enum emrtd_err err;
	if (!pace || pace->step != 3)
		return EMRTD_ERR_ARG;
	if ((err = work_open(pace, &w)))
		goto out;
	if ((err = point_in(pace, &w, peer, n, w.a)))
		goto out;
	/* H = priv * PK_peer; G' = s * G + H. */
	err = EMRTD_ERR_CRYPTO;
	if (!BN_bin2bn(pace->map_priv, (int)pace->field_len, w.k) ||
	    EC_POINT_mul(w.group, w.b, NULL, w.a, w.k, w.ctx) != 1)
		goto out;
	if (EC_POINT_is_at_infinity(w.group, w.b)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if (!BN_bin2bn(pace->nonce, (int)pace->nonce_len, w.x) ||
	    EC_POINT_mul(w.group, w.a, w.x, NULL, NULL, w.ctx) != 1 ||
	    EC_POINT_add(w.group, w.a, w.a, w.b, w.ctx) != 1)
		goto out;
	if (EC_POINT_is_at_infinity(w.group, w.a)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if ((err = point_out(pace, &w, w.a, pace->gen, sizeof pace->gen, &pace->gen_len)))
		goto out;
	emrtd_wipe(pace->map_priv, sizeof pace->map_priv);
	emrtd_wipe(pace->nonce, sizeof pace->nonce);
	pace->step = 4;
out:
	work_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_eph_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len)
{
	struct ec_work w;
	enum emrtd_err err;
	if (!pace || !pub || !len || pace->step != 4)
		return EMRTD_ERR_ARG;
	*len = 0;
	if ((err = work_open(pace, &w)))
		goto out;
	if ((err = scalar(pace, &w, priv, pace->eph_priv)))
		goto out;
	if (EC_POINT_oct2point(w.group, w.b, pace->gen, pace->gen_len, w.ctx) != 1 ||
	    EC_POINT_mul(w.group, w.a, NULL, w.b, w.k, w.ctx) != 1) {
		err = EMRTD_ERR_CRYPTO;
		goto out;
	}
	if ((err = point_out(pace, &w, w.a, pace->own_pub, sizeof pace->own_pub,
	                     &pace->own_pub_len)))
		goto out;
	if (cap < pace->own_pub_len) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	memcpy(pub, pace->own_pub, pace->own_pub_len);
	*len = pace->own_pub_len;
	pace->step = 5;
out:
	work_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_agree(struct emrtd_pace *pace, const uint8_t *peer, size_t n)
{
	struct ec_work w;
	uint8_t k[EMRTD_PACE_MAX_SCALAR];
	enum emrtd_err err;
	if (!pace || pace->step != 5)
		return EMRTD_ERR_ARG;
	if ((err = work_open(pace, &w)))
		goto out;
	if ((err = point_in(pace, &w, peer, n, w.a)))
		goto out;
	/* Part 11 §4.4.3.3.2 c: the chip's key must differ from the terminal's. */
	if (n == pace->own_pub_len && memcmp(peer, pace->own_pub, n) == 0) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	err = EMRTD_ERR_CRYPTO;
	if (!BN_bin2bn(pace->eph_priv, (int)pace->field_len, w.k) ||
	    EC_POINT_mul(w.group, w.b, NULL, w.a, w.k, w.ctx) != 1)
		goto out;
	if (EC_POINT_is_at_infinity(w.group, w.b)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if (EC_POINT_get_affine_coordinates(w.group, w.b, w.x, NULL, w.ctx) != 1 ||
	    BN_bn2binpad(w.x, k, (int)pace->field_len) != (int)pace->field_len)
		goto out;
	if ((err = emrtd_kdf(pace->info.cipher, k, pace->field_len, EMRTD_KDF_ENC, pace->ks_enc)))
		goto out;
	if ((err = emrtd_kdf(pace->info.cipher, k, pace->field_len, EMRTD_KDF_MAC, pace->ks_mac)))
		goto out;
	memcpy(pace->peer_pub, peer, n);
	pace->peer_pub_len = n;
	emrtd_wipe(pace->eph_priv, sizeof pace->eph_priv);
	pace->step = 6;
out:
	emrtd_wipe(k, sizeof k);
	work_close(&w);
	return err;
}

/* MAC(KS_mac, 7F49{06 OID, 86 key}): CMAC over the object for AES (no
 * padding), retail MAC over the padded object for 3DES. */
static enum emrtd_err token_over(const struct emrtd_pace *pace, const uint8_t *key, size_t n,
                                 uint8_t token[8])
{
	uint8_t inner[EMRTD_PACE_MAX_POINT + 24], obj[EMRTD_PACE_MAX_POINT + 32], mac[16];
	struct emrtd_writer w;
	size_t in = 0, on = 0;
	enum emrtd_err err;
	emrtd_writer_init(&w, inner, sizeof inner);
	emrtd_writer_tlv(&w, 0x06, pace->info.oid, EMRTD_PACE_OID_LEN);
	emrtd_writer_tlv(&w, 0x86, key, n);
	if ((err = emrtd_writer_finish(&w, &in)))
		return err;
	emrtd_writer_init(&w, obj, sizeof obj);
	emrtd_writer_tlv(&w, 0x7F49, inner, in);
	if ((err = emrtd_writer_finish(&w, &on)))
		return err;
	if (pace->info.cipher == EMRTD_CIPHER_3DES) {
		err = emrtd_mac(EMRTD_CIPHER_3DES, pace->ks_mac, obj, on, token);
	} else {
		err = emrtd_aes_cmac(pace->ks_mac, emrtd_cipher_key_len(pace->info.cipher), obj, on,
		                     mac);
		if (!err)
			memcpy(token, mac, 8);
	}
	emrtd_wipe(mac, sizeof mac);
	return err;
}

enum emrtd_err emrtd_pace_token(const struct emrtd_pace *pace, uint8_t token[8])
{
	if (!pace || !token || pace->step != 6)
		return EMRTD_ERR_ARG;
	return token_over(pace, pace->peer_pub, pace->peer_pub_len, token);
}

enum emrtd_err emrtd_pace_token_check(const struct emrtd_pace *pace, const uint8_t *token,
                                      size_t n)
{
	uint8_t t[8];
	if (!pace || !token || pace->step != 6)
		return EMRTD_ERR_ARG;
	if (n != 8)
		return EMRTD_ERR_MAC;
	enum emrtd_err err = token_over(pace, pace->own_pub, pace->own_pub_len, t);
	if (!err && CRYPTO_memcmp(t, token, 8) != 0)
		err = EMRTD_ERR_MAC;
	emrtd_wipe(t, sizeof t);
	return err;
}

enum emrtd_err emrtd_pace_start_sm(const struct emrtd_pace *pace, struct emrtd_sm *sm)
{
	static const uint8_t zero[16];
	if (!pace || !sm || pace->step != 6)
		return EMRTD_ERR_ARG;
	return emrtd_sm_init(sm, pace->info.cipher, pace->ks_enc, pace->ks_mac, zero);
}
