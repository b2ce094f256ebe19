/* pa_test.c - passive authentication against a PKI made here with
 * OpenSSL (EC P-256): a good SOD; a tampered data group; a signer outside
 * the trust store; an expired signer; no trust store; a corrupted
 * signature; a data group the SOD does not list; malformed SODs cut at
 * many points; CSCAs from a folder and from a CMS master list. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "emrtd_crypto.h"

static int failed;

static EVP_PKEY *ec_key(void)
{
	return EVP_EC_gen("P-256");
}

static void ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key, issued by (issuer, ikey) or self-signed. */
static X509 *cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey, long from_days,
                  long to_days, bool ca)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_NAME *n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"UT", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	X509_gmtime_adj(X509_getm_notBefore(x), from_days * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to_days * 86400);
	X509_set_pubkey(x, key);
	ext(x, issuer ? issuer : x, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	ext(x, issuer ? issuer : x, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
	X509_sign(x, ikey ? ikey : key, EVP_sha256());
	return x;
}

/* LDSSecurityObject with SHA-256 hashes of the given DGs. */
static size_t lso(const uint8_t *const dgs[], const size_t lens[], const int nums[], int count, uint8_t *out,
                  size_t cap)
{
	static const uint8_t sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
	uint8_t list[1024], item[64], alg[32], body[1400];
	size_t ll = 0, il, al, bl, len;
	struct emrtd_writer w, lw;
	emrtd_writer_init(&lw, list, sizeof list);
	for (int i = 0; i < count; i++) {
		uint8_t h[32];
		EVP_Digest(dgs[i], lens[i], h, NULL, EVP_sha256(), NULL);
		emrtd_writer_init(&w, item, sizeof item);
		uint8_t num = (uint8_t)nums[i];
		emrtd_writer_tlv(&w, 0x02, &num, 1);
		emrtd_writer_tlv(&w, 0x04, h, 32);
		emrtd_writer_finish(&w, &il);
		emrtd_writer_tlv(&lw, 0x30, item, il);
	}
	emrtd_writer_finish(&lw, &ll);
	emrtd_writer_init(&w, alg, sizeof alg);
	emrtd_writer_tlv(&w, 0x06, sha256, sizeof sha256);
	emrtd_writer_finish(&w, &al);
	emrtd_writer_init(&w, body, sizeof body);
	emrtd_writer_tlv(&w, 0x02, "\x00", 1);
	emrtd_writer_tlv(&w, 0x30, alg, al);
	emrtd_writer_tlv(&w, 0x30, list, ll);
	emrtd_writer_finish(&w, &bl);
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_tlv(&w, 0x30, body, bl);
	emrtd_writer_finish(&w, &len);
	return len;
}

/* CMS SignedData over content with eContentType oid, signer cert in it. */
static size_t cms_sign(const uint8_t *content, size_t n, const char *oid, X509 *signer, EVP_PKEY *key,
                       uint8_t *out, size_t cap, uint32_t wrap_tag)
{
	BIO *in = BIO_new_mem_buf(content, (int)n);
	CMS_ContentInfo *cms = CMS_sign(signer, key, NULL, in, CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP);
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	CMS_set1_eContentType(cms, type);
	ASN1_OBJECT_free(type);
	BIO_free(in);
	in = BIO_new_mem_buf(content, (int)n);
	CMS_final(cms, in, NULL, CMS_BINARY);
	BIO_free(in);
	unsigned char *der = NULL;
	int dl = i2d_CMS_ContentInfo(cms, &der);
	CMS_ContentInfo_free(cms);
	size_t len = 0;
	if (wrap_tag) {
		struct emrtd_writer w;
		emrtd_writer_init(&w, out, cap);
		emrtd_writer_tlv(&w, wrap_tag, der, (size_t)dl);
		emrtd_writer_finish(&w, &len);
	} else if ((size_t)dl <= cap) {
		memcpy(out, der, (size_t)dl);
		len = (size_t)dl;
	}
	OPENSSL_free(der);
	return len;
}

struct expect {
	enum emrtd_check signature, chain, hashes, verdict;
	const char *reason_has;
};

static void check(const char *what, const struct emrtd_trust *trust, const uint8_t *sod, size_t n,
                  const uint8_t *const files[EMRTD_FILE_COUNT], const size_t lens[EMRTD_FILE_COUNT],
                  struct expect e)
{
	struct emrtd_pa pa;
	enum emrtd_err err = emrtd_passive_auth(trust, sod, n, files, lens, &pa);
	if (err || pa.signature != e.signature || pa.chain != e.chain || pa.hashes != e.hashes ||
	    pa.verdict != e.verdict || (e.reason_has && !strstr(pa.reason, e.reason_has))) {
		printf("FAIL %s\n  expected signature %s chain %s hashes %s verdict %s reason ~ \"%s\"\n"
		       "  got      signature %s chain %s hashes %s verdict %s reason \"%s\" (%s)\n",
		       what, emrtd_check_name(e.signature), emrtd_check_name(e.chain), emrtd_check_name(e.hashes),
		       emrtd_check_name(e.verdict), e.reason_has ? e.reason_has : "", emrtd_check_name(pa.signature),
		       emrtd_check_name(pa.chain), emrtd_check_name(pa.hashes), emrtd_check_name(pa.verdict),
		       pa.reason, emrtd_err_str(err));
		failed++;
	}
}

#define P EMRTD_CHECK_PASS
#define F EMRTD_CHECK_FAIL
#define N EMRTD_CHECK_NOT_DONE

int main(void)
{
	static const char lso_oid[] = "2.23.136.1.1.1", ml_oid[] = "2.23.136.1.1.2";
	EVP_PKEY *csca_k = ec_key(), *ds_k = ec_key(), *other_k = ec_key(), *ods_k = ec_key();
	X509 *csca = cert("Test CSCA", csca_k, NULL, NULL, -1, 3650, true);
	X509 *ds = cert("Test DS", ds_k, csca, csca_k, -1, 365, false);
	X509 *expired = cert("Expired DS", ds_k, csca, csca_k, -400, -30, false);
	X509 *other = cert("Other CSCA", other_k, NULL, NULL, -1, 3650, true);
	X509 *ods = cert("Other DS", ods_k, other, other_k, -1, 365, false);

	uint8_t dg1[93] = {0x61, 0x5B, 0x5F, 0x1F, 0x58}, dg2[500] = {0x75, 0x82, 0x01, 0xF0};
	memset(dg1 + 5, 'A', 88);
	for (size_t i = 4; i < sizeof dg2; i++)
		dg2[i] = (uint8_t)(i * 7);
	uint8_t body[2048], sod[4096];
	const uint8_t *dgs[] = {dg1, dg2};
	const size_t dls[] = {sizeof dg1, sizeof dg2};
	const int nums[] = {1, 2};
	size_t bl = lso(dgs, dls, nums, 2, body, sizeof body);

	struct emrtd_trust *trust = NULL;
	emrtd_trust_new(&trust);
	/* CSCA into a folder, as PEM. */
	char dir[] = "/tmp/emrtd-pa-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("FAIL mkdtemp\n");
		return 1;
	}
	char path[256];
	snprintf(path, sizeof path, "%s/csca.pem", dir);
	FILE *f = fopen(path, "w");
	PEM_write_X509(f, csca);
	fclose(f);
	unsigned added = 0;
	enum emrtd_err e = emrtd_trust_add_dir(trust, dir, &added);
	if (e || added != 1) {
		printf("FAIL trust folder: expected 1 certificate, got %u (%s)\n", added, emrtd_err_str(e));
		failed++;
	}
	unlink(path);
	rmdir(dir);

	const uint8_t *files[EMRTD_FILE_COUNT] = {0};
	size_t lens[EMRTD_FILE_COUNT] = {0};
	files[EMRTD_FILE_DG1] = dg1, lens[EMRTD_FILE_DG1] = sizeof dg1;
	files[EMRTD_FILE_DG2] = dg2, lens[EMRTD_FILE_DG2] = sizeof dg2;

	size_t n = cms_sign(body, bl, lso_oid, ds, ds_k, sod, sizeof sod, 0x77);
	check("good SOD", trust, sod, n, files, lens, (struct expect){P, P, P, P, NULL});
	check("no trust store", NULL, sod, n, files, lens, (struct expect){P, N, P, F, "no trust store"});

	uint8_t dg2b[sizeof dg2];
	memcpy(dg2b, dg2, sizeof dg2);
	dg2b[300] ^= 1;
	files[EMRTD_FILE_DG2] = dg2b;
	check("DG2 altered", trust, sod, n, files, lens, (struct expect){P, P, F, F, "DG2 does not match"});
	files[EMRTD_FILE_DG2] = dg2;

	uint8_t dg11[] = {0x6B, 0x01, 0x00};
	files[EMRTD_FILE_DG11] = dg11, lens[EMRTD_FILE_DG11] = sizeof dg11;
	check("DG11 read but not in SOD", trust, sod, n, files, lens, (struct expect){P, P, F, F, "DG11"});
	files[EMRTD_FILE_DG11] = NULL, lens[EMRTD_FILE_DG11] = 0;

	uint8_t bad[4096];
	memcpy(bad, sod, n);
	bad[n - 1] ^= 0x01; /* last byte of the ECDSA signature */
	check("signature corrupted", trust, bad, n, files, lens, (struct expect){F, P, P, F, "signature"});

	size_t m = cms_sign(body, bl, lso_oid, ods, ods_k, bad, sizeof bad, 0x77);
	check("signer outside the trust store", trust, bad, m, files, lens, (struct expect){P, F, P, F, "not trusted"});
	m = cms_sign(body, bl, lso_oid, expired, ds_k, bad, sizeof bad, 0x77);
	check("expired document signer", trust, bad, m, files, lens, (struct expect){P, F, P, F, "expired"});
	m = cms_sign(body, bl, "1.2.3.4", ds, ds_k, bad, sizeof bad, 0x77);
	check("wrong content type", trust, bad, m, files, lens, (struct expect){F, N, F, F, "LDS security object"});

	/* Malformed: cut at many points, wrong outer tag, garbage. */
	for (size_t cut = 0; cut < n; cut += 37) {
		struct emrtd_pa pa;
		if (emrtd_passive_auth(trust, sod, cut, files, lens, &pa) || pa.verdict != F) {
			printf("FAIL SOD cut to %zu: expected a failed verdict\n", cut);
			failed++;
		}
	}
	memcpy(bad, sod, n);
	bad[0] = 0x76;
	check("SOD with tag 76", trust, bad, n, files, lens, (struct expect){F, N, F, F, "77"});

	/* Master list: CscaMasterList { 0, SET { csca } } signed by the CSCA. */
	struct emrtd_trust *ml_trust = NULL;
	emrtd_trust_new(&ml_trust);
	unsigned char *cd = NULL;
	int cl = i2d_X509(csca, &cd);
	uint8_t set[2048], seq[2048], ml[8192];
	size_t sl, ql;
	struct emrtd_writer w;
	emrtd_writer_init(&w, set, sizeof set);
	emrtd_writer_tlv(&w, 0x02, "\x00", 1);
	emrtd_writer_tlv(&w, 0x31, cd, (size_t)cl);
	emrtd_writer_finish(&w, &sl);
	emrtd_writer_init(&w, seq, sizeof seq);
	emrtd_writer_tlv(&w, 0x30, set, sl);
	emrtd_writer_finish(&w, &ql);
	OPENSSL_free(cd);
	size_t mll = cms_sign(seq, ql, ml_oid, csca, csca_k, ml, sizeof ml, 0);
	e = emrtd_trust_add_master_list(ml_trust, ml, mll, &added);
	if (e || added != 1) {
		printf("FAIL master list: expected 1 CSCA, got %u (%s)\n", added, emrtd_err_str(e));
		failed++;
	}
	check("good SOD, CSCA from a master list", ml_trust, sod, n, files, lens, (struct expect){P, P, P, P, NULL});
	ml[mll - 1] ^= 1;
	e = emrtd_trust_add_master_list(ml_trust, ml, mll, &added);
	if (e != EMRTD_ERR_TRUST || added != 0) {
		printf("FAIL master list with a broken signature: expected %s, got %s\n",
		       emrtd_err_str(EMRTD_ERR_TRUST), emrtd_err_str(e));
		failed++;
	}
	e = emrtd_trust_add_master_list(ml_trust, sod + 4, n - 4, &added);
	if (e != EMRTD_ERR_TRUST) {
		printf("FAIL an SOD given as master list: expected %s, got %s\n", emrtd_err_str(EMRTD_ERR_TRUST),
		       emrtd_err_str(e));
		failed++;
	}

	emrtd_trust_free(trust);
	emrtd_trust_free(ml_trust);
	X509_free(csca);
	X509_free(ds);
	X509_free(expired);
	X509_free(other);
	X509_free(ods);
	EVP_PKEY_free(csca_k);
	EVP_PKEY_free(ds_k);
	EVP_PKEY_free(other_k);
	EVP_PKEY_free(ods_k);
	printf("passive authentication: %d failed\n", failed);
	return failed ? 1 : 0;
}
