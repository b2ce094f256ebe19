/* lds.c - the logical data structure the virtual chip serves (ICAO Doc 9303
 * part 10): EF.COM, DG1 (the MRZ), DG2 (an ISO/IEC 19794-5:2005 facial
 * record wrapping the image in the biometric templates of part 10 §4.7.2)
 * and EF.SOD (part 10 §4.6.2: CMS SignedData over an LDSSecurityObject
 * with SHA-256 hashes, signed by the test document signer). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "mrz.h"
#include "sim_auth.h"

enum {
	FID_COM = 0x011E, FID_DG1 = 0x0101, FID_DG2 = 0x0102, FID_SOD = 0x011D,
	IDX_COM = 0, IDX_DG1 = 1, IDX_DG2 = 2, IDX_SOD = 3, IDX_DG14 = 4, IDX_DG15 = 5,
};

/* id-icao-mrtd-security-ldsSecurityObject, part 10 §4.6.2. */
#define OID_LDS_SECURITY_OBJECT "2.23.136.1.1.1"
/* DER of the SHA-256 AlgorithmIdentifier OID 2.16.840.1.101.3.4.2.1. */
static const uint8_t oid_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};

void sim_face_size(const uint8_t *img, size_t len, unsigned *width, unsigned *height)
{
	*width = *height = 0;
	if (!img)
		return;
	if (len >= 4 && img[0] == 0xFF && img[1] == 0xD8) {
		/* JPEG: walk the marker segments to the first SOFn. */
		size_t i = 2;
		while (i + 4 <= len) {
			if (img[i] != 0xFF)
				return;
			uint8_t m = img[i + 1];
			if (m == 0xFF) {
				i++;
				continue;
			}
			size_t seg = (size_t)img[i + 2] << 8 | img[i + 3];
			if (seg < 2)
				return;
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				if (i + 9 > len)
					return;
				*height = (unsigned)(img[i + 5] << 8 | img[i + 6]);
				*width = (unsigned)(img[i + 7] << 8 | img[i + 8]);
				return;
			}
			if (m == 0xD9 || m == 0xDA)
				return;
			i += 2 + seg;
		}
		return;
	}
	/* J2K codestream: SIZ follows SOC; Xsiz, Ysiz, XOsiz, YOsiz. */
	size_t off = SIZE_MAX;
	if (len >= 4 && img[0] == 0xFF && img[1] == 0x4F && img[2] == 0xFF && img[3] == 0x51)
		off = 0;
	else
		for (size_t i = 0; i + 4 <= len && i < 4096; i++)
			if (img[i] == 0xFF && img[i + 1] == 0x4F && img[i + 2] == 0xFF && img[i + 3] == 0x51) {
				off = i;
				break;
			}
	if (off == SIZE_MAX || off + 24 > len)
		return;
	const uint8_t *s = img + off + 8;
	uint32_t xs = (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
	uint32_t ys = (uint32_t)s[4] << 24 | (uint32_t)s[5] << 16 | (uint32_t)s[6] << 8 | s[7];
	uint32_t xo = (uint32_t)s[8] << 24 | (uint32_t)s[9] << 16 | (uint32_t)s[10] << 8 | s[11];
	uint32_t yo = (uint32_t)s[12] << 24 | (uint32_t)s[13] << 16 | (uint32_t)s[14] << 8 | s[15];
	if (xs > xo && ys > yo && xs - xo < 65536 && ys - yo < 65536) {
		*width = xs - xo;
		*height = ys - yo;
	}
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

enum sim_err sim_file_set(struct sim_file *f, uint16_t fid, uint8_t sfi, const uint8_t *data,
                          size_t len)
{
	if (len > SIM_MAX_FILE)
		return SIM_ERR_TOO_BIG;
	f->data = malloc(len ? len : 1);
	if (!f->data)
		return SIM_ERR_NOMEM;
	memcpy(f->data, data, len);
	f->len = len;
	f->fid = fid;
	f->sfi = sfi;
	return SIM_OK;
}

/* Writes into a heap buffer of cap bytes; the writer's sticky overflow
 * becomes SIM_ERR_TOO_BIG. */
static enum sim_err writer_done(const struct emrtd_writer *w, size_t *len)
{
	return emrtd_writer_finish(w, len) == EMRTD_OK ? SIM_OK : SIM_ERR_TOO_BIG;
}

static enum sim_err build_com(struct sim_doc *doc)
{
	uint8_t tags[4] = {0x61, 0x75};               /* DG1, DG2, then DG14, DG15 */
	size_t nt = 2;
	uint8_t buf[64], inner[48];
	struct emrtd_writer w;
	size_t n = 0;
	if (doc->files[IDX_DG14].data)
		tags[nt++] = 0x6E;
	if (doc->files[IDX_DG15].data)
		tags[nt++] = 0x6F;
	emrtd_writer_init(&w, inner, sizeof inner);
	emrtd_writer_tlv(&w, 0x5F01, "0107", 4);      /* LDS version 1.7 */
	emrtd_writer_tlv(&w, 0x5F36, "040000", 6);    /* Unicode 4.0.0 */
	emrtd_writer_tlv(&w, 0x5C, tags, nt);
	enum sim_err e = writer_done(&w, &n);
	if (e)
		return e;
	emrtd_writer_init(&w, buf, sizeof buf);
	emrtd_writer_tlv(&w, 0x60, inner, n);
	if ((e = writer_done(&w, &n)))
		return e;
	return sim_file_set(&doc->files[IDX_COM], FID_COM, 0x1E, buf, n);
}

static enum sim_err build_dg1(struct sim_doc *doc, const struct mrz_result *m, bool bad_tlv)
{
	char mrz[3 * MRZ_MAX_LINE];
	size_t n = 0;
	for (int l = 0; l < m->line_count; l++) {
		size_t ll = strlen(m->lines[l]);
		memcpy(mrz + n, m->lines[l], ll);
		n += ll;
	}
	uint8_t buf[160];
	struct emrtd_writer w;
	emrtd_writer_init(&w, buf, sizeof buf);
	/* bad-tlv: the inner length claims 7 bytes more than there are. */
	emrtd_writer_header(&w, 0x61, 3 + n);   /* 5F1F, one length byte, MRZ */
	emrtd_writer_header(&w, 0x5F1F, n + (bad_tlv ? 7 : 0));
	emrtd_writer_bytes(&w, mrz, n);
	size_t len = 0;
	enum sim_err e = writer_done(&w, &len);
	emrtd_wipe(mrz, sizeof mrz);
	if (e == SIM_OK)
		e = sim_file_set(&doc->files[IDX_DG1], FID_DG1, 0x01, buf, len);
	emrtd_wipe(buf, sizeof buf);
	return e;
}

static enum sim_err build_dg2(struct sim_doc *doc, const uint8_t *face, size_t face_len,
                              enum sim_image_kind kind)
{
	unsigned width, height;
	sim_face_size(face, face_len, &width, &height);
	/* ISO/IEC 19794-5:2005: general header (14), facial record header (20),
	 * image information (12), image. */
	size_t rec_len = 14 + 20 + 12 + face_len;
	uint8_t *rec = calloc(1, rec_len);
	uint8_t *buf = NULL;
	enum sim_err e = SIM_ERR_NOMEM;
	if (!rec)
		goto out;
	memcpy(rec, "FAC\0" "010\0", 8);
	put32(rec + 8, rec_len);
	put16(rec + 12, 1);                 /* one facial image */
	uint8_t *fr = rec + 14;
	put32(fr, 20 + 12 + face_len);      /* facial record data length */
	put16(fr + 4, 0);                   /* no feature points */
	fr[6] = 0;                          /* gender unspecified */
	fr[7] = 0;                          /* eye colour unspecified */
	fr[8] = 0;                          /* hair colour unspecified */
	/* feature mask, expression, pose angles and uncertainties: 0 */
	uint8_t *ii = fr + 20;
	ii[0] = 1;                          /* face image type: full frontal */
	ii[1] = kind == SIM_IMAGE_JPEG ? 0 : 1; /* image data type */
	put16(ii + 2, width);
	put16(ii + 4, height);
	ii[6] = 1;                          /* colour space: 24-bit RGB */
	ii[7] = 2;                          /* source type: digital still */
	memcpy(ii + 12, face, face_len);

	size_t cap = rec_len + 64;
	buf = malloc(cap);
	if (!buf)
		goto out;
	/* Biometric header template (part 10 §4.7.2.1). */
	uint8_t bht[32];
	struct emrtd_writer w;
	size_t bht_len = 0, len = 0;
	emrtd_writer_init(&w, bht, sizeof bht);
	emrtd_writer_tlv(&w, 0x80, (const uint8_t[]){0x01, 0x01}, 2); /* ICAO header version */
	emrtd_writer_tlv(&w, 0x81, (const uint8_t[]){0x02}, 1);       /* type: face */
	emrtd_writer_tlv(&w, 0x87, (const uint8_t[]){0x01, 0x01}, 2); /* format owner: ISO/IEC JTC1 SC37 */
	emrtd_writer_tlv(&w, 0x88, (const uint8_t[]){0x00, 0x08}, 2); /* format type: 19794-5 */
	if ((e = writer_done(&w, &bht_len)))
		goto out;
	size_t bhtw = 1 + (bht_len > 127 ? 2u : 1u) + bht_len;             /* A1 L ... */
	size_t recw = 2 + (rec_len > 255 ? 3u : rec_len > 127 ? 2u : 1u) + rec_len; /* 5F2E L ... */
	size_t bit = bhtw + recw;                                       /* 7F60 content */
	size_t bitw = 2 + (bit > 255 ? 3u : bit > 127 ? 2u : 1u) + bit;
	size_t grp = 3 + bitw;                                          /* 02 01 01 + 7F60 */
	emrtd_writer_init(&w, buf, cap);
	emrtd_writer_header(&w, 0x75, 2 + (grp > 255 ? 3u : grp > 127 ? 2u : 1u) + grp);
	emrtd_writer_header(&w, 0x7F61, grp);
	emrtd_writer_tlv(&w, 0x02, (const uint8_t[]){0x01}, 1);        /* one instance */
	emrtd_writer_header(&w, 0x7F60, bit);
	emrtd_writer_tlv(&w, 0xA1, bht, bht_len);
	emrtd_writer_tlv(&w, 0x5F2E, rec, rec_len);
	if ((e = writer_done(&w, &len)))
		goto out;
	e = sim_file_set(&doc->files[IDX_DG2], FID_DG2, 0x02, buf, len);
out:
	emrtd_wipe(rec, rec ? rec_len : 0);
	free(rec);
	free(buf);
	return e;
}

/* LDSSecurityObject v0 with SHA-256 hashes of DG1, DG2 and DG14, DG15
 * when present (DG14 left out when skip_dg14). */
static enum sim_err build_lds_security_object(const struct sim_doc *doc, bool skip_dg14,
                                              uint8_t *out, size_t cap, size_t *out_len)
{
	static const int idx[] = {IDX_DG1, IDX_DG2, IDX_DG14, IDX_DG15};
	uint8_t alg[16], dgh[40], list[192];
	struct emrtd_writer w, lw;
	size_t alg_len, dgh_len, list_len, len;
	enum sim_err e;
	emrtd_writer_init(&w, alg, sizeof alg);
	emrtd_writer_tlv(&w, 0x06, oid_sha256, sizeof oid_sha256);
	if ((e = writer_done(&w, &alg_len)))
		return e;
	emrtd_writer_init(&lw, list, sizeof list);
	for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++) {
		const struct sim_file *f = &doc->files[idx[k]];
		uint8_t hash[32];
		if (!f->data || (idx[k] == IDX_DG14 && skip_dg14))
			continue;
		if (!EVP_Digest(f->data, f->len, hash, NULL, EVP_sha256(), NULL))
			return SIM_ERR_CRYPTO;
		emrtd_writer_init(&w, dgh, sizeof dgh);
		emrtd_writer_tlv(&w, 0x02, (const uint8_t[]){(uint8_t)(f->fid & 0xFF)}, 1);
		emrtd_writer_tlv(&w, 0x04, hash, 32);
		if ((e = writer_done(&w, &dgh_len)))
			return e;
		emrtd_writer_tlv(&lw, 0x30, dgh, dgh_len);
	}
	if ((e = writer_done(&lw, &list_len)))
		return e;
	/* The hash list's own length takes two bytes past 127. */
	size_t body = 3 + 2 + alg_len + (list_len > 127 ? 3 : 2) + list_len;
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_header(&w, 0x30, body);
	emrtd_writer_tlv(&w, 0x02, (const uint8_t[]){0x00}, 1);        /* version v0 */
	emrtd_writer_tlv(&w, 0x30, alg, alg_len);
	emrtd_writer_tlv(&w, 0x30, list, list_len);
	if ((e = writer_done(&w, &len)))
		return e;
	*out_len = len;
	return SIM_OK;
}

static enum sim_err load_signer(const char *pki_dir, bool untrusted, X509 **cert,
                                EVP_PKEY **key)
{
	char path[4096];
	const char *name = untrusted ? "untrusted-signer" : "document-signer";
	*cert = NULL;
	*key = NULL;
	snprintf(path, sizeof path, "%s/%s.crt", pki_dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return SIM_ERR_PKI;
	*cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	snprintf(path, sizeof path, "%s/%s.key", pki_dir, name);
	f = fopen(path, "r");
	if (f) {
		*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!*cert || !*key) {
		X509_free(*cert);
		EVP_PKEY_free(*key);
		*cert = NULL;
		*key = NULL;
		return SIM_ERR_PKI;
	}
	return SIM_OK;
}

enum sim_err sim_cms_sign(const char *pki_dir, bool untrusted, const char *content_oid,
                          const uint8_t *content, size_t n, uint8_t **der, size_t *der_len)
{
	X509 *cert = NULL;
	EVP_PKEY *key = NULL;
	CMS_ContentInfo *cms = NULL;
	BIO *in = NULL;
	ASN1_OBJECT *ctype = NULL;
	uint8_t *out = NULL;
	enum sim_err e;
	*der = NULL;
	*der_len = 0;
	if (n > INT32_MAX)
		return SIM_ERR_TOO_BIG;
	if ((e = load_signer(pki_dir, untrusted, &cert, &key)))
		return e;
	e = SIM_ERR_CRYPTO;
	unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	in = BIO_new_mem_buf(content, (int)n);
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	ctype = OBJ_txt2obj(content_oid, 1);
	if (!in || !cms || !ctype || !CMS_set1_eContentType(cms, ctype) ||
	    !CMS_add1_signer(cms, cert, key, EVP_sha256(), flags) ||
	    !CMS_final(cms, in, NULL, flags))
		goto out;
	int len = i2d_CMS_ContentInfo(cms, &out);
	if (len <= 0)
		goto out;
	*der = malloc((size_t)len);
	if (!*der) {
		e = SIM_ERR_NOMEM;
		goto out;
	}
	memcpy(*der, out, (size_t)len);
	*der_len = (size_t)len;
	e = SIM_OK;
out:
	OPENSSL_free(out);
	ASN1_OBJECT_free(ctype);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_free(cert);
	EVP_PKEY_free(key);
	return e;
}

static enum sim_err build_sod(struct sim_doc *doc, const char *pki_dir, bool untrusted,
                             bool skip_dg14)
{
	uint8_t so[320];
	size_t so_len = 0, der_len = 0, len = 0;
	uint8_t *der = NULL, *buf = NULL;
	enum sim_err e = build_lds_security_object(doc, skip_dg14, so, sizeof so, &so_len);
	if (e || (e = sim_cms_sign(pki_dir, untrusted, OID_LDS_SECURITY_OBJECT, so, so_len, &der,
	                           &der_len)))
		return e;
	size_t cap = der_len + 8;
	buf = malloc(cap);
	if (!buf) {
		e = SIM_ERR_NOMEM;
		goto out;
	}
	struct emrtd_writer w;
	emrtd_writer_init(&w, buf, cap);
	emrtd_writer_tlv(&w, 0x77, der, der_len);
	if ((e = writer_done(&w, &len)))
		goto out;
	e = sim_file_set(&doc->files[IDX_SOD], FID_SOD, 0x1D, buf, len);
out:
	free(buf);
	free(der);
	return e;
}

/* Changes a byte the SOD hash covers but no check digit does: the first
 * letter of the name (TD3 line 1 from column 6, TD1 line 3) in DG1, a byte
 * in the middle of the image in DG2. */
static void tamper(struct sim_file *f, bool dg1, size_t mrz_len)
{
	if (f->len < 16)
		return;
	size_t at;
	if (dg1)
		at = f->len - mrz_len + (mrz_len == 90 ? 60 : 5);
	else
		at = f->len / 2;
	f->data[at] = f->data[at] == 'X' ? 'Y' : dg1 ? 'X' : (uint8_t)(f->data[at] ^ 0x01);
}

enum sim_err sim_doc_build(const char *mrz_text, const uint8_t *face,
                           size_t face_len, enum sim_image_kind kind,
                           const char *pki_dir, enum sim_fault fault,
                           struct sim_doc *doc)
{
	return sim_doc_build_auth(mrz_text, face, face_len, kind, pki_dir, fault, NULL, doc);
}

enum sim_err sim_doc_build_auth(const char *mrz_text, const uint8_t *face, size_t face_len,
                                enum sim_image_kind kind, const char *pki_dir,
                                enum sim_fault fault, const struct sim_auth_opts *auth,
                                struct sim_doc *doc)
{
	if (!doc)
		return SIM_ERR_ARG;
	memset(doc, 0, sizeof *doc);
	if (!mrz_text || !pki_dir)
		return SIM_ERR_ARG;
	if (!face || face_len == 0 || face_len > SIM_MAX_FACE)
		return SIM_ERR_FACE;
	enum sim_image_kind found;
	if (sim_face_kind(face, face_len, &found) != SIM_OK || found != kind)
		return SIM_ERR_FACE;

	struct mrz_result m;
	enum sim_err e = SIM_ERR_BAD_MRZ;
	if (mrz_parse(mrz_text, strlen(mrz_text), NULL, &m) != MRZ_OK ||
	    (m.format != MRZ_TD1 && m.format != MRZ_TD2 && m.format != MRZ_TD3))
		goto out;
	if (emrtd_bac_seed_from_mrz(&m, doc->bac_seed) != EMRTD_OK ||
	    emrtd_pace_mrz_password(&m, doc->pace_mrz) != EMRTD_OK)
		goto out;
	size_t mrz_len = 0;
	for (int l = 0; l < m.line_count; l++)
		mrz_len += strlen(m.lines[l]);

	if ((auth && (e = sim_auth_build(doc, auth, fault))) || (e = build_com(doc)) ||
	    (e = build_dg1(doc, &m, fault == SIM_FAULT_BAD_TLV)) ||
	    (e = build_dg2(doc, face, face_len, kind)) ||
	    (e = build_sod(doc, pki_dir, fault == SIM_FAULT_UNTRUSTED_SIGNER,
	                   fault == SIM_FAULT_DG14_NOT_SIGNED)))
		goto out;
	if (fault == SIM_FAULT_TAMPER_DG1)
		tamper(&doc->files[IDX_DG1], true, mrz_len);
	if (fault == SIM_FAULT_TAMPER_DG2)
		tamper(&doc->files[IDX_DG2], false, 0);
out:
	mrz_result_wipe(&m);
	if (e)
		sim_doc_fini(doc);
	return e;
}

void sim_doc_fini(struct sim_doc *doc)
{
	if (!doc)
		return;
	for (int k = 0; k < SIM_DOC_FILES; k++) {
		if (doc->files[k].data)
			emrtd_wipe(doc->files[k].data, doc->files[k].len);
		free(doc->files[k].data);
	}
	sim_auth_fini(doc);
	emrtd_wipe(doc, sizeof *doc);
}

const struct sim_file *sim_doc_file(const struct sim_doc *doc, uint16_t fid)
{
	if (!doc)
		return NULL;
	for (int k = 0; k < SIM_DOC_FILES; k++)
		if (doc->files[k].data && doc->files[k].fid == fid)
			return &doc->files[k];
	return NULL;
}
