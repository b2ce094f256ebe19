/* emrtd_pa.c - passive authentication (ICAO 9303-11 §5.1, 9303-12): the
 * CMS signature of EF.SOD, the document signer chained to a trusted CSCA,
 * and the data group hashes of the LDS security object.  Each part is
 * reported on its own; the verdict passes only when all three pass.
 *
 * The SOD comes from the chip: its outer TLV and the LDS security object
 * are read with the bounded cursor; OpenSSL parses the CMS from a buffer
 * whose length the cursor checked. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "emrtd_crypto.h"
#include "emrtd_int.h"

struct emrtd_trust {
	X509_STORE *store;
	unsigned count;
};

const char *emrtd_check_name(enum emrtd_check c)
{
	switch (c) {
	case EMRTD_CHECK_NOT_DONE: return "not checked";
	case EMRTD_CHECK_PASS: return "pass";
	case EMRTD_CHECK_FAIL: return "fail";
	}
	return "unknown";
}

enum emrtd_err emrtd_trust_new(struct emrtd_trust **out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	struct emrtd_trust *t = calloc(1, sizeof *t);
	if (!t)
		return EMRTD_ERR_NOMEM;
	t->store = X509_STORE_new();
	if (!t->store) {
		free(t);
		return EMRTD_ERR_NOMEM;
	}
	*out = t;
	return EMRTD_OK;
}

void emrtd_trust_free(struct emrtd_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	free(t);
}

static bool add_cert(struct emrtd_trust *t, X509 *x)
{
	/* A duplicate is not an error. */
	if (X509_STORE_add_cert(t->store, x) != 1) {
		ERR_clear_error();
		return false;
	}
	t->count++;
	return true;
}

/* Reads a whole (small) local file. */
static enum emrtd_err slurp(const char *path, uint8_t **data, size_t *len)
{
	enum { MAX_TRUST_FILE = 16 * 1024 * 1024 };
	*data = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return EMRTD_ERR_IO;
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			if (cap >= MAX_TRUST_FILE) {
				free(buf);
				fclose(f);
				return EMRTD_ERR_TOO_BIG;
			}
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return EMRTD_ERR_NOMEM;
			}
			buf = nb;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return EMRTD_ERR_IO;
	}
	*data = buf;
	*len = n;
	return EMRTD_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Certificates from one file: PEM (several) or one DER certificate. */
static unsigned add_cert_file(struct emrtd_trust *t, const uint8_t *p, size_t n)
{
	unsigned added = 0;
	if (n > INT32_MAX)
		return 0;
	BIO *b = BIO_new_mem_buf(p, (int)n);
	if (!b)
		return 0;
	X509 *x;
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		added += add_cert(t, x);
		X509_free(x);
	}
	ERR_clear_error();
	BIO_free(b);
	if (added == 0) {
		const unsigned char *q = p;
		x = d2i_X509(NULL, &q, (long)n);
		if (x) {
			added += add_cert(t, x);
			X509_free(x);
		}
		ERR_clear_error();
	}
	return added;
}

enum emrtd_err emrtd_trust_add_dir(struct emrtd_trust *t, const char *dir, unsigned *added)
{
	if (added)
		*added = 0;
	if (!t || !dir)
		return EMRTD_ERR_ARG;
	DIR *d = opendir(dir);
	if (!d)
		return EMRTD_ERR_TRUST;
	struct dirent *e;
	unsigned total = 0;
	char path[4096];
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		bool cert = ends_with(name, ".pem") || ends_with(name, ".crt") ||
		            ends_with(name, ".cer") || ends_with(name, ".der") ||
		            (strlen(name) == 10 && name[8] == '.' && name[9] == '0');
		bool ml = ends_with(name, ".ml") || ends_with(name, ".mls");
		if (!cert && !ml)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
			continue;
		uint8_t *data;
		size_t n;
		if (slurp(path, &data, &n))
			continue;
		if (ml) {
			unsigned k = 0;
			if (emrtd_trust_add_master_list(t, data, n, &k) == EMRTD_OK)
				total += k;
		} else {
			total += add_cert_file(t, data, n);
		}
		free(data);
	}
	closedir(d);
	if (added)
		*added = total;
	return t->count ? EMRTD_OK : EMRTD_ERR_TRUST;
}

/* CMS from DER bytes whose length the caller checked. */
static CMS_ContentInfo *cms_from(const uint8_t *p, size_t n)
{
	if (n > INT32_MAX)
		return NULL;
	const unsigned char *q = p;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
	if (cms && (size_t)(q - p) != n) {
		CMS_ContentInfo_free(cms);
		cms = NULL;
	}
	ERR_clear_error();
	return cms;
}

/* Verifies a CMS signature with the signer certificate it carries
 * (no chain), leaving the certificate's trust to the caller. */
static bool cms_signature_ok(CMS_ContentInfo *cms)
{
	BIO *out = BIO_new(BIO_s_mem());
	int ok = out ? CMS_verify(cms, NULL, NULL, NULL, out,
	                          CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) : 0;
	BIO_free(out);
	ERR_clear_error();
	return ok == 1;
}

static const ASN1_OCTET_STRING *cms_content(CMS_ContentInfo *cms)
{
	ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
	return pos ? *pos : NULL;
}

enum emrtd_err emrtd_trust_add_master_list(struct emrtd_trust *t, const uint8_t *p, size_t n,
                                           unsigned *added)
{
	/* id-icao-cscaMasterList 2.23.136.1.1.2 */
	static const char ml_oid[] = "2.23.136.1.1.2";
	enum emrtd_err err = EMRTD_ERR_TRUST;
	unsigned k = 0;
	char oid[64];
	if (added)
		*added = 0;
	if (!t || !p)
		return EMRTD_ERR_ARG;
	CMS_ContentInfo *cms = cms_from(p, n);
	if (!cms)
		return EMRTD_ERR_TRUST;
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms);
	if (!type || OBJ_obj2txt(oid, sizeof oid, type, 1) <= 0 || strcmp(oid, ml_oid) != 0)
		goto out;
	if (!cms_signature_ok(cms))
		goto out;
	const ASN1_OCTET_STRING *os = cms_content(cms);
	if (!os)
		goto out;
	/* CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate } */
	struct emrtd_cursor c, seq, v, set;
	emrtd_cursor_init(&c, ASN1_STRING_get0_data(os), (size_t)ASN1_STRING_length(os));
	emrtd_cursor_expect(&c, 0x30, &seq);
	emrtd_cursor_expect(&seq, 0x02, &v);
	emrtd_cursor_expect(&seq, 0x31, &set);
	if (seq.err || c.err)
		goto out;
	while (set.left) {
		const uint8_t *start = set.p;
		uint32_t tag;
		if (emrtd_cursor_tlv(&set, &tag, &v) || tag != 0x30)
			goto out;
		const unsigned char *q = start;
		X509 *x = d2i_X509(NULL, &q, (long)(set.p - start));
		if (x) {
			k += add_cert(t, x);
			X509_free(x);
		}
		ERR_clear_error();
	}
	err = k ? EMRTD_OK : EMRTD_ERR_TRUST;
	if (added)
		*added = k;
out:
	CMS_ContentInfo_free(cms);
	return err;
}

/* ---- SOD ---- */

static void reason(struct emrtd_pa *pa, const char *text)
{
	if (!pa->reason[0])
		snprintf(pa->reason, sizeof pa->reason, "%s", text);
}

/* Hash algorithm OIDs (DER content bytes) the LDS security object uses. */
static const struct {
	uint8_t oid[9];
	size_t len;
	const char *name;
} hash_oids[] = {
	{{0x2B, 0x0E, 0x03, 0x02, 0x1A}, 5, "sha1"},
	{{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04}, 9, "sha224"},
	{{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}, 9, "sha256"},
	{{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02}, 9, "sha384"},
	{{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03}, 9, "sha512"},
};

/* LDSSecurityObject ::= SEQUENCE { version INTEGER, hashAlgorithm
 * AlgorithmIdentifier, dataGroupHashValues SEQUENCE OF DataGroupHash
 * { dataGroupNumber INTEGER, dataGroupHashValue OCTET STRING }, ... } */
static void check_hashes(const uint8_t *p, size_t n, const uint8_t *const files[EMRTD_FILE_COUNT],
                         const size_t lens[EMRTD_FILE_COUNT], struct emrtd_pa *pa)
{
	struct emrtd_cursor c, lso, v, alg, oid, list, item, num, hash;
	const EVP_MD *md = NULL;
	emrtd_cursor_init(&c, p, n);
	emrtd_cursor_expect(&c, 0x30, &lso);
	emrtd_cursor_expect(&lso, 0x02, &v);
	emrtd_cursor_expect(&lso, 0x30, &alg);
	emrtd_cursor_expect(&alg, 0x06, &oid);
	emrtd_cursor_expect(&lso, 0x30, &list);
	if (c.err || lso.err || alg.err) {
		pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "the LDS security object in EF.SOD is malformed");
		return;
	}
	for (size_t i = 0; i < sizeof hash_oids / sizeof hash_oids[0]; i++) {
		if (oid.left == hash_oids[i].len && memcmp(oid.p, hash_oids[i].oid, oid.left) == 0) {
			md = EVP_get_digestbyname(hash_oids[i].name);
			snprintf(pa->hash_algorithm, sizeof pa->hash_algorithm, "%s", hash_oids[i].name);
		}
	}
	if (!md) {
		pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "EF.SOD uses an unknown hash algorithm");
		return;
	}
	size_t mdlen = (size_t)EVP_MD_get_size(md);
	bool bad = false;
	while (list.left && !list.err) {
		if (emrtd_cursor_expect(&list, 0x30, &item))
			break;
		emrtd_cursor_expect(&item, 0x02, &num);
		emrtd_cursor_expect(&item, 0x04, &hash);
		if (item.err || num.left != 1 || num.p[0] < 1 || num.p[0] > 16 || hash.left != mdlen) {
			bad = true;
			break;
		}
		enum emrtd_file f = (enum emrtd_file)(EMRTD_FILE_DG1 + num.p[0] - 1);
		if (pa->dg_listed[f]) {
			bad = true; /* the same data group twice */
			break;
		}
		pa->dg_listed[f] = true;
		if (!files[f])
			continue;
		uint8_t d[EVP_MAX_MD_SIZE];
		unsigned dl = 0;
		if (EVP_Digest(files[f], lens[f], d, &dl, md, NULL) != 1 || dl != mdlen) {
			bad = true;
			break;
		}
		pa->dg_hash[f] = CRYPTO_memcmp(d, hash.p, mdlen) == 0 ? EMRTD_CHECK_PASS : EMRTD_CHECK_FAIL;
	}
	if (bad || list.err) {
		pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "the data group hash list in EF.SOD is malformed");
		return;
	}
	bool any = false, all = true;
	for (int f = EMRTD_FILE_DG1; f <= EMRTD_FILE_DG16; f++) {
		if (!files[f])
			continue;
		any = true;
		if (!pa->dg_listed[f]) {
			pa->dg_hash[f] = EMRTD_CHECK_FAIL;
			all = false;
			char text[96];
			snprintf(text, sizeof text, "%s was read but EF.SOD has no hash for it",
			         emrtd_file_name((enum emrtd_file)f));
			reason(pa, text);
		} else if (pa->dg_hash[f] != EMRTD_CHECK_PASS) {
			all = false;
			char text[96];
			snprintf(text, sizeof text, "%s does not match its hash in EF.SOD (altered data)",
			         emrtd_file_name((enum emrtd_file)f));
			reason(pa, text);
		}
	}
	pa->hashes = any && all ? EMRTD_CHECK_PASS : EMRTD_CHECK_FAIL;
	if (!any)
		reason(pa, "no data group was read to check against EF.SOD");
}

static void check_chain(const struct emrtd_trust *trust, X509 *signer, STACK_OF(X509) *extra,
                        struct emrtd_pa *pa)
{
	if (!trust) {
		reason(pa, "no trust store given: the document signer was not checked against a CSCA");
		return;
	}
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	if (!ctx)
		return;
	if (X509_STORE_CTX_init(ctx, trust->store, signer, extra) == 1) {
		/* Document signers are end-entity certificates without a
		 * purpose extension; check the chain and dates. */
		int ok = X509_verify_cert(ctx);
		if (ok == 1) {
			pa->chain = EMRTD_CHECK_PASS;
		} else {
			pa->chain = EMRTD_CHECK_FAIL;
			char text[200];
			int e = X509_STORE_CTX_get_error(ctx);
			snprintf(text, sizeof text, "document signer not trusted: %s",
			         X509_verify_cert_error_string(e));
			reason(pa, text);
		}
	}
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
}

/* The document signer of a CMS (the certificate matching its one
 * SignerInfo) chained to the trust store: pa->signer and pa->chain. */
static void check_signer(const struct emrtd_trust *trust, CMS_ContentInfo *cms,
                         STACK_OF(X509) *certs, const char *file, struct emrtd_pa *pa)
{
	X509 *signer = NULL;
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (certs && sis && sk_CMS_SignerInfo_num(sis) == 1) {
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
		for (int i = 0; i < sk_X509_num(certs) && !signer; i++)
			if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
				signer = sk_X509_value(certs, i);
	}
	if (signer) {
		X509_NAME_oneline(X509_get_subject_name(signer), pa->signer, sizeof pa->signer);
		check_chain(trust, signer, certs, pa);
	} else {
		char text[120];
		pa->chain = EMRTD_CHECK_FAIL;
		snprintf(text, sizeof text, "%s does not carry its document signer certificate", file);
		reason(pa, text);
	}
}

enum emrtd_err emrtd_card_security_check(const struct emrtd_trust *trust, const uint8_t *p,
                                         size_t n, struct emrtd_pa *pa, uint8_t *content,
                                         size_t cap, size_t *content_len)
{
	/* id-SecurityObject 0.4.0.127.0.7.3.2.1 (TR-03110-3 A.1.2.5) */
	static const char so_oid[] = "0.4.0.127.0.7.3.2.1";
	STACK_OF(X509) *certs = NULL;
	char oid[64];
	enum emrtd_err err = EMRTD_ERR_BAD_TAG;
	if (!pa || !content || !content_len || (!p && n))
		return EMRTD_ERR_ARG;
	memset(pa, 0, sizeof *pa);
	*content_len = 0;
	CMS_ContentInfo *cms = cms_from(p, n);
	const ASN1_OBJECT *type = cms ? CMS_get0_eContentType(cms) : NULL;
	const ASN1_OCTET_STRING *os = cms ? cms_content(cms) : NULL;
	if (!type || !os || OBJ_obj2txt(oid, sizeof oid, type, 1) <= 0 || strcmp(oid, so_oid) != 0) {
		pa->signature = pa->chain = EMRTD_CHECK_FAIL;
		reason(pa, "EF.CardSecurity is not CMS signed data over SecurityInfos");
		goto out;
	}
	if ((size_t)ASN1_STRING_length(os) > cap) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	*content_len = (size_t)ASN1_STRING_length(os);
	memcpy(content, ASN1_STRING_get0_data(os), *content_len);
	pa->signature = cms_signature_ok(cms) ? EMRTD_CHECK_PASS : EMRTD_CHECK_FAIL;
	if (pa->signature != EMRTD_CHECK_PASS)
		reason(pa, "the signature of EF.CardSecurity does not verify");
	certs = CMS_get1_certs(cms);
	check_signer(trust, cms, certs, "EF.CardSecurity", pa);
	err = EMRTD_OK;
out:
	pa->verdict = pa->signature == EMRTD_CHECK_PASS && pa->chain == EMRTD_CHECK_PASS
	                  ? EMRTD_CHECK_PASS
	                  : EMRTD_CHECK_FAIL;
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return err;
}

enum emrtd_err emrtd_passive_auth(const struct emrtd_trust *trust, const uint8_t *sod, size_t sod_len,
                                  const uint8_t *const files[EMRTD_FILE_COUNT],
                                  const size_t lens[EMRTD_FILE_COUNT], struct emrtd_pa *pa)
{
	/* id-icao-mrtd-security-ldsSecurityObject 2.23.136.1.1.1 */
	static const char lso_oid[] = "2.23.136.1.1.1";
	struct emrtd_cursor c, v;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *signers = NULL, *certs = NULL;
	char oid[64];
	if (!pa)
		return EMRTD_ERR_ARG;
	memset(pa, 0, sizeof *pa);
	if (!files || !lens || (!sod && sod_len))
		return EMRTD_ERR_ARG;
	emrtd_cursor_init(&c, sod, sod_len);
	if (emrtd_cursor_expect(&c, 0x77, &v) || !emrtd_cursor_done(&c)) {
		pa->signature = pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "EF.SOD is malformed (not a 77 TLV)");
		goto verdict;
	}
	cms = cms_from(v.p, v.left);
	if (!cms) {
		pa->signature = pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "EF.SOD holds no readable CMS signed data");
		goto verdict;
	}
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms);
	if (!type || OBJ_obj2txt(oid, sizeof oid, type, 1) <= 0 || strcmp(oid, lso_oid) != 0) {
		pa->signature = pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "EF.SOD does not sign an LDS security object");
		goto verdict;
	}
	pa->signature = cms_signature_ok(cms) ? EMRTD_CHECK_PASS : EMRTD_CHECK_FAIL;
	if (pa->signature != EMRTD_CHECK_PASS)
		reason(pa, "the signature of EF.SOD does not verify (altered or corrupt security object)");
	const ASN1_OCTET_STRING *os = cms_content(cms);
	if (os)
		check_hashes(ASN1_STRING_get0_data(os), (size_t)ASN1_STRING_length(os), files, lens, pa);
	else {
		pa->hashes = EMRTD_CHECK_FAIL;
		reason(pa, "EF.SOD has no content");
	}
	certs = CMS_get1_certs(cms);
	check_signer(trust, cms, certs, "EF.SOD", pa);
verdict:
	pa->verdict = pa->signature == EMRTD_CHECK_PASS && pa->chain == EMRTD_CHECK_PASS &&
	                      pa->hashes == EMRTD_CHECK_PASS
	                  ? EMRTD_CHECK_PASS
	                  : EMRTD_CHECK_FAIL;
	sk_X509_pop_free(certs, X509_free);
	sk_X509_free(signers);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return EMRTD_OK;
}
