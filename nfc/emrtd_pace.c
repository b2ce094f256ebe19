/* emrtd_pace.c - PACE (ICAO 9303-11 §4.4) for both roles: EF.CardAccess,
 * the standardized domain parameters, MSE:Set AT and GENERAL AUTHENTICATE
 * coding, ECDH generic mapping on OpenSSL's EC_POINT arithmetic, the
 * session keys and the authentication tokens.  Checked against appendix
 * G.1 in tests/crypto_kat_test.c. */
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
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

/* The MODP groups of the table (ids 0-2, RFC 5114). */
static bool param_dh(uint32_t id)
{
	bool ec = true;
	return emrtd_pace_param_name(id, &ec) && !ec;
}

bool emrtd_pace_supported(const struct emrtd_pace_info *info)
{
	if (!info || info->mapping == EMRTD_PACE_IM || !info->has_parameter_id)
		return false;
	if (info->agreement == EMRTD_PACE_DH)
		return param_dh(info->parameter_id);
	return param_nid(info->parameter_id) != NID_undef;
}

/* ---- EF.CardAccess ---- */

/* id-PACE-<protocol>-<cipher>: the protocol arc (ICAO 9303-11 §9.2.1). */
static const struct {
	uint8_t arc;
	enum emrtd_pace_agreement agreement;
	enum emrtd_pace_mapping mapping;
} protocols[] = {
	{1, EMRTD_PACE_DH, EMRTD_PACE_GM},   {2, EMRTD_PACE_ECDH, EMRTD_PACE_GM},
	{3, EMRTD_PACE_DH, EMRTD_PACE_IM},   {4, EMRTD_PACE_ECDH, EMRTD_PACE_IM},
	{6, EMRTD_PACE_ECDH, EMRTD_PACE_CAM},
};

/* The cipher arc: 1 3DES, 2-4 AES-128/192/256. */
static uint8_t cipher_arc(enum emrtd_cipher c)
{
	return (uint8_t)((unsigned)c + 1);
}

/* The protocol OID: true when it is a PACEInfo OID this parser knows. */
static bool pace_oid(const uint8_t *p, size_t n, struct emrtd_pace_info *info)
{
	if (n != EMRTD_PACE_OID_LEN || memcmp(p, id_pace, sizeof id_pace) != 0)
		return false;
	size_t i = 0;
	while (i < sizeof protocols / sizeof protocols[0] && protocols[i].arc != p[8])
		i++;
	if (i == sizeof protocols / sizeof protocols[0] || p[9] < 1 || p[9] > 4)
		return false;
	info->agreement = protocols[i].agreement;
	info->mapping = protocols[i].mapping;
	info->cipher = (enum emrtd_cipher)(p[9] - 1);
	/* CAM is defined with AES only. */
	if (info->mapping == EMRTD_PACE_CAM && info->cipher == EMRTD_CIPHER_3DES)
		return false;
	memcpy(info->oid, p, EMRTD_PACE_OID_LEN);
	return true;
}

void emrtd_pace_describe(const struct emrtd_pace_info *info, char *buf, size_t cap)
{
	static const char *const ciphers[] = {"3DES", "AES-128", "AES-192", "AES-256"};
	if (!buf || !cap)
		return;
	buf[0] = 0;
	if (!info)
		return;
	const char *param = info->has_parameter_id ? emrtd_pace_param_name(info->parameter_id, NULL)
	                                           : NULL;
	snprintf(buf, cap, "%s-%s %s %s", info->agreement == EMRTD_PACE_DH ? "DH" : "ECDH",
	         info->mapping == EMRTD_PACE_GM ? "GM" : info->mapping == EMRTD_PACE_IM ? "IM" : "CAM",
	         ciphers[info->cipher & 3], param ? param : "(parameters not standardized)");
}

enum emrtd_err emrtd_pace_info_make(enum emrtd_pace_agreement agreement,
                                    enum emrtd_pace_mapping mapping, enum emrtd_cipher cipher,
                                    uint32_t parameter_id, struct emrtd_pace_info *out)
{
	uint8_t oid[EMRTD_PACE_OID_LEN];
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	memcpy(oid, id_pace, sizeof id_pace);
	oid[9] = cipher_arc(cipher);
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (protocols[i].agreement == agreement && protocols[i].mapping == mapping)
			oid[8] = protocols[i].arc;
	if (!pace_oid(oid, sizeof oid, out)) {
		memset(out, 0, sizeof *out);
		return EMRTD_ERR_ARG;
	}
	out->version = 2;
	out->has_parameter_id = true;
	out->parameter_id = parameter_id;
	return EMRTD_OK;
}

/* INTEGER v, shortest two's-complement form. */
static void write_uint(struct emrtd_writer *w, uint32_t v)
{
	uint8_t b[5] = {0, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	size_t i = 0;
	while (i < 4 && b[i] == 0 && !(b[i + 1] & 0x80))
		i++;
	emrtd_writer_tlv(w, 0x02, b + i, 5 - i);
}

enum emrtd_err emrtd_card_access_write(const struct emrtd_pace_info *infos, size_t n,
                                       uint8_t *out, size_t cap, size_t *len)
{
	uint8_t set[EMRTD_CARD_ACCESS_MAX_PACE * 32], one[32];
	struct emrtd_writer w, e;
	size_t sl = 0, ol = 0;
	enum emrtd_err err;
	if (!infos || !n || n > EMRTD_CARD_ACCESS_MAX_PACE || !out || !len)
		return EMRTD_ERR_ARG;
	*len = 0;
	emrtd_writer_init(&w, set, sizeof set);
	for (size_t i = 0; i < n; i++) {
		emrtd_writer_init(&e, one, sizeof one);
		emrtd_writer_tlv(&e, 0x06, infos[i].oid, EMRTD_PACE_OID_LEN);
		write_uint(&e, infos[i].version);
		if (infos[i].has_parameter_id)
			write_uint(&e, infos[i].parameter_id);
		if ((err = emrtd_writer_finish(&e, &ol)))
			return err;
		emrtd_writer_tlv(&w, 0x30, one, ol);
	}
	if ((err = emrtd_writer_finish(&w, &sl)))
		return err;
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_tlv(&w, 0x31, set, sl);
	return emrtd_writer_finish(&w, len);
}

/* Rough security strength in bits (NIST SP 800-57): the group's (half
 * the curve size; 80 for MODP-1024, 112 for MODP-2048) and the cipher's
 * (112 for two-key 3DES), whichever is weaker. */
static unsigned strength(const struct emrtd_pace_info *info)
{
	static const unsigned cipher_bits[] = {112, 128, 192, 256};
	unsigned g = 0;
	int nid = param_nid(info->parameter_id);
	if (info->agreement == EMRTD_PACE_DH) {
		g = info->parameter_id == 0 ? 80 : 112;
	} else if (nid != NID_undef) {
		EC_GROUP *grp = EC_GROUP_new_by_curve_name(nid);
		g = grp ? (unsigned)EC_GROUP_get_degree(grp) / 2 : 0;
		EC_GROUP_free(grp);
	}
	unsigned c = cipher_bits[info->cipher & 3];
	return g < c ? g : c;
}

const struct emrtd_pace_info *emrtd_pace_choose(const struct emrtd_card_access *ca)
{
	const struct emrtd_pace_info *best = NULL;
	unsigned best_s = 0;
	for (size_t i = 0; ca && i < ca->n_pace; i++) {
		const struct emrtd_pace_info *pi = &ca->pace[i];
		if (!emrtd_pace_supported(pi))
			continue;
		/* Stronger first; at equal strength CAM, which also
		 * authenticates the chip; then file order. */
		unsigned s = strength(pi) * 2 + (pi->mapping == EMRTD_PACE_CAM);
		if (!best || s > best_s) {
			best = pi;
			best_s = s;
		}
	}
	return best;
}

enum emrtd_err emrtd_security_infos_open(const uint8_t *p, size_t n, struct emrtd_cursor *set)
{
	struct emrtd_cursor file;
	emrtd_cursor_init(&file, p, n);
	/* Bytes after the SET (file padding) are not ours to judge. */
	return emrtd_cursor_expect(&file, 0x31, set);
}

enum emrtd_err emrtd_security_info_next(struct emrtd_cursor *set, struct emrtd_cursor *info,
                                        struct emrtd_cursor *oid)
{
	enum emrtd_err err = emrtd_cursor_expect(set, 0x30, info);
	return err ? err : emrtd_cursor_expect(info, 0x06, oid);
}

enum emrtd_err emrtd_security_info_find(const uint8_t *p, size_t n, const uint8_t *oid,
                                        size_t oid_len, struct emrtd_cursor *info)
{
	struct emrtd_cursor set, o;
	enum emrtd_err err = emrtd_security_infos_open(p, n, &set);
	while (!err && set.left) {
		err = emrtd_security_info_next(&set, info, &o);
		if (!err && o.left == oid_len && memcmp(o.p, oid, oid_len) == 0)
			return EMRTD_OK;
	}
	return err ? err : EMRTD_ERR_NOT_FOUND;
}

enum emrtd_err emrtd_card_access_parse(const uint8_t *p, size_t n, struct emrtd_card_access *out)
{
	struct emrtd_cursor set, info, oid;
	enum emrtd_err err;
	if (!out || (!p && n))
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if ((err = emrtd_security_infos_open(p, n, &set)))
		return err;
	while (set.left) {
		struct emrtd_pace_info pi;
		memset(&pi, 0, sizeof pi);
		if ((err = emrtd_security_info_next(&set, &info, &oid)))
			goto fail;
		if (!pace_oid(oid.p, oid.left, &pi))
			continue; /* another SecurityInfo: its content is opaque here */
		if ((err = emrtd_cursor_uint(&info, &pi.version)))
			goto fail;
		if (info.left) {
			if ((err = emrtd_cursor_uint(&info, &pi.parameter_id)))
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
	/* DO'84' names the standardized domain parameters (§9.5.1). */
	if (info->has_parameter_id && emrtd_pace_param_name(info->parameter_id, NULL)) {
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

/* ---- the group: one set of steps, two kinds of arithmetic ----
 *
 * The generic mapping is the same protocol over an elliptic curve (ECDH)
 * and over a MODP group (DH); only the group operation differs.  The steps
 * below are written once over "elements": for ECDH a point (bytes
 * 04||x||y), for DH a residue mod p (big-endian, padded to the length of
 * p).  The functions of this block are the only place that knows which. */

struct elem {
	EC_POINT *pt;  /* ECDH */
	BIGNUM *v;     /* DH */
};

/* OpenSSL objects of one step, freed (secrets cleared) together. */
struct grp {
	bool dh;
	size_t field_len;
	BN_CTX *ctx;
	BIGNUM *k;                 /* a private key or the nonce */
	EC_GROUP *ec;              /* ECDH */
	BIGNUM *p, *q, *g;         /* DH: modulus, subgroup order, generator */
	struct elem a, b;
};

static const char *const dh_groups[] = {"dh_1024_160", "dh_2048_224", "dh_2048_256"};

/* p, q and g of the RFC 5114 group of parameter id 0-2 (OpenSSL's copy). */
static enum emrtd_err dh_params(uint32_t id, BIGNUM **p, BIGNUM **q, BIGNUM **g)
{
	OSSL_PARAM prm[2] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)dh_groups[id], 0),
		OSSL_PARAM_construct_end()};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DHX", NULL);
	EVP_PKEY *pk = NULL;
	enum emrtd_err err = EMRTD_ERR_UNSUPPORTED;
	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEY_PARAMETERS, prm) == 1 &&
	    EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_FFC_P, p) == 1 &&
	    EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_FFC_Q, q) == 1 &&
	    EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_FFC_G, g) == 1)
		err = EMRTD_OK;
	EVP_PKEY_free(pk);
	EVP_PKEY_CTX_free(ctx);
	return err;
}

static enum emrtd_err elem_new(struct grp *w, struct elem *e)
{
	if (w->dh)
		e->v = BN_secure_new();
	else
		e->pt = EC_POINT_new(w->ec);
	return (e->v || e->pt) ? EMRTD_OK : EMRTD_ERR_NOMEM;
}

static void grp_close(struct grp *w)
{
	EC_POINT_clear_free(w->a.pt);
	EC_POINT_clear_free(w->b.pt);
	BN_clear_free(w->a.v);
	BN_clear_free(w->b.v);
	BN_clear_free(w->k);
	BN_free(w->p);
	BN_free(w->q);
	BN_free(w->g);
	BN_CTX_free(w->ctx);
	EC_GROUP_free(w->ec);
	memset(w, 0, sizeof *w);
}

static enum emrtd_err grp_open(const struct emrtd_pace *pace, struct grp *w)
{
	enum emrtd_err err;
	memset(w, 0, sizeof *w);
	w->dh = pace->info.agreement == EMRTD_PACE_DH;
	w->field_len = pace->field_len;
	w->ctx = BN_CTX_secure_new();
	w->k = BN_secure_new();
	if (!w->ctx || !w->k)
		return EMRTD_ERR_NOMEM;
	BN_set_flags(w->k, BN_FLG_CONSTTIME);
	if (w->dh) {
		if ((err = dh_params(pace->info.parameter_id, &w->p, &w->q, &w->g)))
			return err;
	} else if (!(w->ec = EC_GROUP_new_by_curve_name(pace->nid))) {
		return EMRTD_ERR_UNSUPPORTED;
	}
	if ((err = elem_new(w, &w->a)) || (err = elem_new(w, &w->b)))
		return err;
	return EMRTD_OK;
}

static const BIGNUM *grp_order(const struct grp *w)
{
	return w->dh ? w->q : EC_GROUP_get0_order(w->ec);
}

/* The neutral element: the point at infinity, or 1 (0 is no element). */
static bool elem_is_neutral(const struct grp *w, const struct elem *e)
{
	if (w->dh)
		return BN_is_one(e->v) || BN_is_zero(e->v);
	return EC_POINT_is_at_infinity(w->ec, e->pt) == 1;
}

/* A peer's public element, refused unless it is in the group: an
 * uncompressed point on the curve, or 1 < y < p-1 with y^q = 1 (the
 * subgroup), and not neutral.  A DH value may come with leading zero
 * bytes. */
static enum emrtd_err elem_in(struct grp *w, const uint8_t *p, size_t n, struct elem *e)
{
	if (!p || n == 0)
		return EMRTD_ERR_BAC_BAD_RESPONSE;
	if (!w->dh) {
		if (n != 1 + 2 * w->field_len || p[0] != 0x04 ||
		    EC_POINT_oct2point(w->ec, e->pt, p, n, w->ctx) != 1 ||
		    EC_POINT_is_on_curve(w->ec, e->pt, w->ctx) != 1 || elem_is_neutral(w, e))
			return EMRTD_ERR_BAC_BAD_RESPONSE;
		return EMRTD_OK;
	}
	while (n > w->field_len && p[0] == 0) {
		p++;
		n--;
	}
	if (n > w->field_len || !BN_bin2bn(p, (int)n, e->v))
		return EMRTD_ERR_BAC_BAD_RESPONSE;
	BN_CTX_start(w->ctx);
	BIGNUM *t = BN_CTX_get(w->ctx);
	enum emrtd_err err = EMRTD_ERR_BAC_BAD_RESPONSE;
	if (t && BN_sub(t, w->p, BN_value_one()) && !elem_is_neutral(w, e) && BN_cmp(e->v, t) < 0 &&
	    BN_mod_exp(t, e->v, w->q, w->p, w->ctx) && BN_is_one(t))
		err = EMRTD_OK;
	BN_CTX_end(w->ctx);
	return err;
}

/* An element as bytes: 04||x||y, or y padded to the length of p. */
static enum emrtd_err elem_out(struct grp *w, const struct elem *e, uint8_t *out, size_t cap,
                               size_t *len)
{
	size_t n = w->dh ? w->field_len : 1 + 2 * w->field_len;
	if (cap < n)
		return EMRTD_ERR_TOO_BIG;
	if (elem_is_neutral(w, e))
		return EMRTD_ERR_CRYPTO;
	if (w->dh ? BN_bn2binpad(e->v, out, (int)n) != (int)n
	          : EC_POINT_point2oct(w->ec, e->pt, POINT_CONVERSION_UNCOMPRESSED, out, n,
	                               w->ctx) != n)
		return EMRTD_ERR_CRYPTO;
	*len = n;
	return EMRTD_OK;
}

/* r = k·base (EC) or base^k mod p (DH); base NULL is the group's generator. */
static enum emrtd_err elem_mul(struct grp *w, struct elem *r, const struct elem *base,
                               const BIGNUM *k)
{
	int ok;
	if (w->dh)
		ok = BN_mod_exp_mont_consttime(r->v, base ? base->v : w->g, k, w->p, w->ctx, NULL);
	else if (base)
		ok = EC_POINT_mul(w->ec, r->pt, NULL, base->pt, k, w->ctx);
	else
		ok = EC_POINT_mul(w->ec, r->pt, k, NULL, NULL, w->ctx);
	return ok == 1 ? EMRTD_OK : EMRTD_ERR_CRYPTO;
}

/* r = r + x (EC) or r·x mod p (DH). */
static enum emrtd_err elem_add(struct grp *w, struct elem *r, const struct elem *x)
{
	int ok = w->dh ? BN_mod_mul(r->v, r->v, x->v, w->p, w->ctx)
	               : EC_POINT_add(w->ec, r->pt, r->pt, x->pt, w->ctx);
	return ok == 1 ? EMRTD_OK : EMRTD_ERR_CRYPTO;
}

/* The shared secret of an agreement: x of the point, or the value,
 * field-length bytes. */
static enum emrtd_err elem_secret(struct grp *w, const struct elem *e, uint8_t *out)
{
	int fl = (int)w->field_len;
	if (w->dh)
		return BN_bn2binpad(e->v, out, fl) == fl ? EMRTD_OK : EMRTD_ERR_CRYPTO;
	BN_CTX_start(w->ctx);
	BIGNUM *x = BN_CTX_get(w->ctx);
	enum emrtd_err err = EMRTD_ERR_CRYPTO;
	if (x && EC_POINT_get_affine_coordinates(w->ec, e->pt, x, NULL, w->ctx) == 1 &&
	    BN_bn2binpad(x, out, fl) == fl)
		err = EMRTD_OK;
	if (x)
		BN_clear(x);
	BN_CTX_end(w->ctx);
	return err;
}

/* w->k = the given private key (1 <= k < order, scalar_len bytes) or a
 * random one; its bytes go to priv_out. */
static enum emrtd_err scalar(const struct emrtd_pace *pace, struct grp *w, const uint8_t *priv,
                             uint8_t *priv_out)
{
	const BIGNUM *order = grp_order(w);
	int sl = (int)pace->scalar_len;
	if (!order)
		return EMRTD_ERR_CRYPTO;
	if (priv) {
		if (!BN_bin2bn(priv, sl, w->k))
			return EMRTD_ERR_CRYPTO;
		if (BN_is_zero(w->k) || BN_cmp(w->k, order) >= 0)
			return EMRTD_ERR_ARG;
	} else {
		do {
			if (BN_priv_rand_range(w->k, order) != 1)
				return EMRTD_ERR_CRYPTO;
		} while (BN_is_zero(w->k));
	}
	if (BN_bn2binpad(w->k, priv_out, sl) != sl)
		return EMRTD_ERR_CRYPTO;
	return EMRTD_OK;
}

/* w->k = a stored private key (scalar_len bytes). */
static enum emrtd_err load_scalar(const struct emrtd_pace *pace, struct grp *w,
                                  const uint8_t *priv)
{
	return BN_bin2bn(priv, (int)pace->scalar_len, w->k) ? EMRTD_OK : EMRTD_ERR_CRYPTO;
}

/* ---- the protocol ---- */

void emrtd_pace_wipe(struct emrtd_pace *pace)
{
	emrtd_wipe(pace, pace ? sizeof *pace : 0);
}

enum emrtd_err emrtd_pace_init(struct emrtd_pace *pace, const struct emrtd_pace_info *info)
{
	struct grp w;
	enum emrtd_err err;
	if (!pace || !info)
		return EMRTD_ERR_ARG;
	memset(pace, 0, sizeof *pace);
	if (!emrtd_pace_supported(info))
		return EMRTD_ERR_UNSUPPORTED;
	pace->info = *info;
	pace->nid = param_nid(info->parameter_id);
	if ((err = grp_open(pace, &w)))
		goto out;
	/* Bytes of a coordinate (ECDH) or of p (DH), and of the group order. */
	const BIGNUM *order = grp_order(&w);
	int bits = w.dh ? BN_num_bits(w.p) : EC_GROUP_get_degree(w.ec);
	pace->field_len = (size_t)(bits + 7) / 8;
	pace->scalar_len = order ? (size_t)BN_num_bytes(order) : 0;
	size_t pub_len = w.dh ? pace->field_len : 1 + 2 * pace->field_len;
	if (pace->scalar_len == 0 || pace->scalar_len > EMRTD_PACE_MAX_SCALAR ||
	    pub_len > EMRTD_PACE_MAX_POINT)
		err = EMRTD_ERR_UNSUPPORTED;
	else
		pace->step = 1;
out:
	grp_close(&w);
	if (err)
		memset(pace, 0, sizeof *pace);
	return err;
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

/* ---- the steps, the same for both groups ---- */

/* A key pair on base (NULL: the group's generator): the private key to
 * priv_store, the public one to pub. */
static enum emrtd_err key_pair(struct emrtd_pace *pace, struct grp *w, const uint8_t *base,
                               size_t base_len, const uint8_t *priv, uint8_t *priv_store,
                               uint8_t *pub, size_t cap, size_t *len)
{
	enum emrtd_err err;
	if ((err = scalar(pace, w, priv, priv_store)))
		return err;
	if (base && elem_in(w, base, base_len, &w->b))
		return EMRTD_ERR_CRYPTO;
	if ((err = elem_mul(w, &w->a, base ? &w->b : NULL, w->k)))
		return err;
	return elem_out(w, &w->a, pub, cap, len);
}

enum emrtd_err emrtd_pace_map_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len)
{
	struct grp w;
	enum emrtd_err err;
	if (!pace || !pub || !len || pace->step != 2)
		return EMRTD_ERR_ARG;
	*len = 0;
	if (!(err = grp_open(pace, &w)) &&
	    !(err = key_pair(pace, &w, NULL, 0, priv, pace->map_priv, pub, cap, len)))
		pace->step = 3;
	grp_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_map(struct emrtd_pace *pace, const uint8_t *peer, size_t n)
{
	struct grp w;
	enum emrtd_err err;
	if (!pace || pace->step != 3)
		return EMRTD_ERR_ARG;
	if ((err = grp_open(pace, &w)))
		goto out;
	if ((err = elem_in(&w, peer, n, &w.a)))
		goto out;
	if ((err = elem_out(&w, &w.a, pace->map_peer, sizeof pace->map_peer, &pace->map_peer_len)))
		goto out;
	/* H = priv·PK_peer; G' = s·G + H (multiplicatively for DH). */
	if ((err = load_scalar(pace, &w, pace->map_priv)) ||
	    (err = elem_mul(&w, &w.b, &w.a, w.k)))
		goto out;
	if (elem_is_neutral(&w, &w.b)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if (!BN_bin2bn(pace->nonce, (int)pace->nonce_len, w.k)) {
		err = EMRTD_ERR_CRYPTO;
		goto out;
	}
	if ((err = elem_mul(&w, &w.a, NULL, w.k)) || (err = elem_add(&w, &w.a, &w.b)))
		goto out;
	if (elem_is_neutral(&w, &w.a)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if ((err = elem_out(&w, &w.a, pace->gen, sizeof pace->gen, &pace->gen_len)))
		goto out;
	/* The chip's CAM data needs its mapping key once more. */
	if (pace->info.mapping != EMRTD_PACE_CAM)
		emrtd_wipe(pace->map_priv, sizeof pace->map_priv);
	emrtd_wipe(pace->nonce, sizeof pace->nonce);
	pace->step = 4;
out:
	grp_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_eph_key(struct emrtd_pace *pace, const uint8_t *priv, uint8_t *pub,
                                  size_t cap, size_t *len)
{
	struct grp w;
	enum emrtd_err err;
	if (!pace || !pub || !len || pace->step != 4)
		return EMRTD_ERR_ARG;
	*len = 0;
	if ((err = grp_open(pace, &w)))
		goto out;
	if ((err = key_pair(pace, &w, pace->gen, pace->gen_len, priv, pace->eph_priv, pace->own_pub,
	                    sizeof pace->own_pub, &pace->own_pub_len)))
		goto out;
	if (cap < pace->own_pub_len) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	memcpy(pub, pace->own_pub, pace->own_pub_len);
	*len = pace->own_pub_len;
	pace->step = 5;
out:
	grp_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_agree(struct emrtd_pace *pace, const uint8_t *peer, size_t n)
{
	struct grp w;
	uint8_t k[EMRTD_PACE_MAX_POINT];
	size_t pl = 0;
	enum emrtd_err err;
	if (!pace || pace->step != 5)
		return EMRTD_ERR_ARG;
	if ((err = grp_open(pace, &w)))
		goto out;
	if ((err = elem_in(&w, peer, n, &w.a)))
		goto out;
	/* The peer's key in our encoding (a DH key may have come with
	 * leading zeros); the tokens are computed over it. */
	if ((err = elem_out(&w, &w.a, pace->peer_pub, sizeof pace->peer_pub, &pl)))
		goto out;
	/* Part 11 §4.4.3.3.2 c: the chip's key must differ from the terminal's. */
	if (pl == pace->own_pub_len && memcmp(pace->peer_pub, pace->own_pub, pl) == 0) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if ((err = load_scalar(pace, &w, pace->eph_priv)) ||
	    (err = elem_mul(&w, &w.b, &w.a, w.k)))
		goto out;
	if (elem_is_neutral(&w, &w.b)) {
		err = EMRTD_ERR_BAC_BAD_RESPONSE;
		goto out;
	}
	if ((err = elem_secret(&w, &w.b, k)))
		goto out;
	if ((err = emrtd_kdf(pace->info.cipher, k, pace->field_len, EMRTD_KDF_ENC, pace->ks_enc)))
		goto out;
	if ((err = emrtd_kdf(pace->info.cipher, k, pace->field_len, EMRTD_KDF_MAC, pace->ks_mac)))
		goto out;
	pace->peer_pub_len = pl;
	emrtd_wipe(pace->eph_priv, sizeof pace->eph_priv);
	pace->step = 6;
out:
	if (err)
		emrtd_wipe(pace->peer_pub, sizeof pace->peer_pub);
	emrtd_wipe(k, sizeof k);
	grp_close(&w);
	return err;
}

/* MAC(KS_mac, 7F49{06 OID, 84/86 key}): CMAC over the object for AES (no
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
	/* The public key: DO'84' for DH, DO'86' for ECDH (TR-03110-3 D.3). */
	emrtd_writer_tlv(&w, pace->info.agreement == EMRTD_PACE_DH ? 0x84 : 0x86, key, n);
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

/* ---- chip authentication mapping ---- */

/* The IV of A_IC: E(KS_enc, -1), -1 being the all-ones block. */
static enum emrtd_err cam_iv(const struct emrtd_pace *pace, uint8_t iv[16])
{
	uint8_t ones[16];
	memset(ones, 0xFF, sizeof ones);
	return emrtd_ecb_block(pace->info.cipher, pace->ks_enc, ones, iv);
}

static bool cam_ready(const struct emrtd_pace *pace)
{
	return pace && pace->step == 6 && pace->info.mapping == EMRTD_PACE_CAM &&
	       pace->info.cipher != EMRTD_CIPHER_3DES;
}

enum emrtd_err emrtd_pace_cam_encrypt(struct emrtd_pace *pace, const uint8_t *sk, size_t sk_len,
                                      uint8_t *out, size_t cap, size_t *len)
{
	uint8_t ca[EMRTD_PACE_MAX_SCALAR + 16], iv[16];
	size_t cl = 0;
	struct grp w;
	enum emrtd_err err;
	if (!cam_ready(pace) || !sk || !sk_len || sk_len > EMRTD_PACE_MAX_SCALAR || !out || !len)
		return EMRTD_ERR_ARG;
	*len = 0;
	if ((err = grp_open(pace, &w)))
		goto out;
	BN_CTX_start(w.ctx);
	BIGNUM *x = BN_CTX_get(w.ctx);
	const BIGNUM *order = grp_order(&w);
	err = EMRTD_ERR_CRYPTO;
	if (!x || !order || !BN_bin2bn(sk, (int)sk_len, x))
		goto end;
	BN_set_flags(x, BN_FLG_CONSTTIME);
	if (BN_is_zero(x) || BN_cmp(x, order) >= 0) {
		err = EMRTD_ERR_ARG;
		goto end;
	}
	if (!BN_mod_inverse(x, x, order, w.ctx) || load_scalar(pace, &w, pace->map_priv) ||
	    !BN_mod_mul(x, x, w.k, order, w.ctx) ||
	    BN_bn2binpad(x, ca, (int)pace->scalar_len) != (int)pace->scalar_len)
		goto end;
	if ((err = emrtd_pad(ca, pace->scalar_len, sizeof ca, 16, &cl)))
		goto end;
	if (cap < cl) {
		err = EMRTD_ERR_TOO_BIG;
		goto end;
	}
	if ((err = cam_iv(pace, iv)) ||
	    (err = emrtd_cbc(pace->info.cipher, pace->ks_enc, iv, true, ca, cl, out)))
		goto end;
	*len = cl;
	emrtd_wipe(pace->map_priv, sizeof pace->map_priv);
end:
	if (x)
		BN_clear(x);
	BN_CTX_end(w.ctx);
out:
	emrtd_wipe(ca, sizeof ca);
	grp_close(&w);
	return err;
}

enum emrtd_err emrtd_pace_cam_check(const struct emrtd_pace *pace, const uint8_t *a_ic, size_t n,
                                    const uint8_t *pk_ic, size_t pk_len)
{
	uint8_t ca[EMRTD_PACE_MAX_SCALAR + 16], iv[16], mapped[EMRTD_PACE_MAX_POINT];
	size_t cl = 0, ml = 0;
	struct grp w;
	enum emrtd_err err;
	if (!cam_ready(pace) || !a_ic || !pk_ic)
		return EMRTD_ERR_ARG;
	if (n == 0 || n % 16 || n > sizeof ca)
		return EMRTD_ERR_CAM_FAILED;
	if ((err = grp_open(pace, &w)))
		goto out;
	if ((err = cam_iv(pace, iv)) ||
	    (err = emrtd_cbc(pace->info.cipher, pace->ks_enc, iv, false, a_ic, n, ca)))
		goto out;
	/* CA_IC: 1 <= CA_IC < n, no longer than the order. */
	err = EMRTD_ERR_CAM_FAILED;
	if (emrtd_unpad(ca, n, &cl) || cl == 0 || cl > pace->scalar_len ||
	    !BN_bin2bn(ca, (int)cl, w.k) || BN_is_zero(w.k) || BN_cmp(w.k, grp_order(&w)) >= 0)
		goto out;
	/* PK_IC on the PACE curve; CA_IC · PK_IC must be the chip's mapping key. */
	if (elem_in(&w, pk_ic, pk_len, &w.a) || elem_mul(&w, &w.b, &w.a, w.k) ||
	    elem_out(&w, &w.b, mapped, sizeof mapped, &ml))
		goto out;
	if (ml == pace->map_peer_len && CRYPTO_memcmp(mapped, pace->map_peer, ml) == 0)
		err = EMRTD_OK;
out:
	emrtd_wipe(ca, sizeof ca);
	grp_close(&w);
	return err;
}
