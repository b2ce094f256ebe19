/* auth_test - proving a chip genuine, offline (emrtd_auth.h):
 *   ISO/IEC 9796-2 scheme 1 signatures made here with a fixed RSA-1024 test
 *   key for every trailer (BC, and hh CC for SHA-1/224/256/384/512) and
 *   the ways one can be wrong; ECDSA P-256 plain r||s and DER with the hash
 *   named or taken from the key size; DG14 and DG15 rows with every
 *   truncation point; the chip authentication key agreement from both
 *   sides (ECDH with explicit and named curves, DH on the RFC 5114 groups,
 *   3DES and AES-128/192/256) ending in one SM exchange, and refused peer
 *   keys; the MSE:Set KAT and MSE:Set AT bytes.
 * No published chip authentication vectors exist in research/emrtd.md; the
 * KDF under it is checked against ICAO vectors in crypto_kat_test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "emrtd_auth.h"
#include "hex.h"

static int failures;

#define CHECK(cond, ...)                      \
	do {                                  \
		if (!(cond)) {                \
			printf("FAIL ");      \
			printf(__VA_ARGS__);  \
			printf("\n");         \
			failures++;           \
		}                             \
	} while (0)

/* TEST ONLY keys, made once with `openssl genpkey`; worthless elsewhere. */
static const char rsa_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBALlncx6Ygi01qQ3i\n"
	"cn0t/hcrHtEXoF11wEm2bCQzsdNahS6LKaE1rttIkgq/2P0m2oAx04cT43sZuY58\n"
	"C7ERjEssMn2Fajd1vZItigkgacqeUVkfJlF6oMTA46YTDrj2dihg9Ce9+QZ6NoQs\n"
	"5j+kVeMrip1ILtlC5PSGBeusAWJTAgMBAAECgYEAp10TNlNFb7o42SfJYebar99k\n"
	"+irxwGxDIEdkZ2mi5L+Z6eIFuljTd2+TJdD498zTAVX5NL5nYwBd2JlxlG3azZYy\n"
	"zsRf5l09+GQG5v4x0lTr5Q1whTgr1TWFGhqSB97j6scCbgy6wDn/U2Lb7EznYSUY\n"
	"mgcP4tWstI5n6SbcvsECQQDuZIjiRigaZXhFADI5vy520P6HVewGjNripW5ysn3h\n"
	"9nihw5ixK11yeDLuDFIjQ+YgeDUrH+omeMMe7XnFOk49AkEAxxkFQeea6g4q3M5V\n"
	"25XNYvK5IQQADepiIAq1FVnmm7NClWr42KFugVu8liBPS+GQ+yy4XAUp3kkLy0uT\n"
	"3fWLzwJBANAg48UxXRfWmQ8c4by65hUD2AROBpedaAhSSEBJB1A9QApy2x9q7dXf\n"
	"jQ95oEh7ojGc4UZ6QZI/ApNA33xKsD0CQHPXxwtVqvlMTPw0whgFzX8pIzZmkXGH\n"
	"Upi6IirOKDOn1bICj8/b/eQecFgZbIoGMMk0eABysK25ardaviqDWFkCQQCEsC90\n"
	"nr6wG4zsbg+PE3ZVNVDTWP8Joae+xixBol49aCxXZ9Q13yNJsSOZmkd2LCW/tTwM\n"
	"5c4FcaoJ15lr+clr\n"
	"-----END PRIVATE KEY-----\n";
static const char ec_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgqX/51eaXSrVb/fur\n"
	"50QAXWWlry2qN2Ci0sSP4ByClCWhRANCAATtCalOnXAHNlM5sizWBoaXg8Y7k5vG\n"
	"yOwinkouGF6+aJ+O7pAmMA2q2NyJ3YXFEh7TQQXEpZ38zJ8t08gviA4M\n"
	"-----END PRIVATE KEY-----\n";

static const uint8_t challenge[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static EVP_PKEY *load(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	return k;
}

static const EVP_MD *md_of(enum emrtd_hash h)
{
	switch (h) {
	case EMRTD_HASH_SHA1: return EVP_sha1();
	case EMRTD_HASH_SHA224: return EVP_sha224();
	case EMRTD_HASH_SHA256: return EVP_sha256();
	case EMRTD_HASH_SHA384: return EVP_sha384();
	case EMRTD_HASH_SHA512: return EVP_sha512();
	case EMRTD_HASH_NONE: break;
	}
	return NULL;
}

/* ---- ISO/IEC 9796-2 ---- */

enum mangle { M_NONE, M_HEADER_4A, M_HEADER_6B, M_TRAILER_BD, M_HASH_ID_37, M_HASH_BIT,
              M_OTHER_CHALLENGE, M_HASH_SHA1_TRAILER_SHA256, M_SIG_SHORT, M_SIG_LONG, M_SIG_ZERO,
              M_SIG_FF };

struct rsa_row {
	const char *name;
	enum emrtd_hash hash;
	bool two_byte;        /* trailer hh CC (else BC, SHA-1 only) */
	enum mangle mangle;
	enum emrtd_err want;
};

static const uint8_t hash_id[] = {[EMRTD_HASH_SHA1] = 0x33, [EMRTD_HASH_SHA224] = 0x38,
                                  [EMRTD_HASH_SHA256] = 0x34, [EMRTD_HASH_SHA384] = 0x36,
                                  [EMRTD_HASH_SHA512] = 0x35};

static const struct rsa_row rsa_rows[] = {
	{"SHA-1, trailer BC", EMRTD_HASH_SHA1, false, M_NONE, EMRTD_OK},
	{"SHA-1, trailer 33CC", EMRTD_HASH_SHA1, true, M_NONE, EMRTD_OK},
	{"SHA-224, trailer 38CC", EMRTD_HASH_SHA224, true, M_NONE, EMRTD_OK},
	{"SHA-256, trailer 34CC", EMRTD_HASH_SHA256, true, M_NONE, EMRTD_OK},
	{"SHA-384, trailer 36CC", EMRTD_HASH_SHA384, true, M_NONE, EMRTD_OK},
	{"SHA-512, trailer 35CC", EMRTD_HASH_SHA512, true, M_NONE, EMRTD_OK},
	{"header 4A (total recovery)", EMRTD_HASH_SHA1, false, M_HEADER_4A, EMRTD_ERR_BAD_SIGNATURE},
	{"header 6B", EMRTD_HASH_SHA1, false, M_HEADER_6B, EMRTD_ERR_BAD_SIGNATURE},
	{"trailer BD", EMRTD_HASH_SHA1, false, M_TRAILER_BD, EMRTD_ERR_BAD_SIGNATURE},
	{"hash id 37 (Whirlpool)", EMRTD_HASH_SHA256, true, M_HASH_ID_37, EMRTD_ERR_BAD_SIGNATURE},
	{"one bit of the hash", EMRTD_HASH_SHA256, true, M_HASH_BIT, EMRTD_ERR_BAD_SIGNATURE},
	{"another challenge", EMRTD_HASH_SHA1, false, M_OTHER_CHALLENGE, EMRTD_ERR_BAD_SIGNATURE},
	{"SHA-1 hash under a SHA-256 trailer", EMRTD_HASH_SHA1, true, M_HASH_SHA1_TRAILER_SHA256,
	 EMRTD_ERR_BAD_SIGNATURE},
	{"signature one byte short", EMRTD_HASH_SHA1, false, M_SIG_SHORT, EMRTD_ERR_BAD_SIGNATURE},
	{"signature one byte long", EMRTD_HASH_SHA1, false, M_SIG_LONG, EMRTD_ERR_BAD_SIGNATURE},
	{"signature zero", EMRTD_HASH_SHA1, false, M_SIG_ZERO, EMRTD_ERR_BAD_SIGNATURE},
	{"signature above the modulus", EMRTD_HASH_SHA1, false, M_SIG_FF, EMRTD_ERR_BAD_SIGNATURE},
};

/* f = 6A || M1 || H(M1 || challenge) || trailer, 128 bytes. */
static size_t representative(const struct rsa_row *r, uint8_t f[128])
{
	const EVP_MD *md = md_of(r->hash);
	size_t t = r->two_byte ? 2 : 1, L = (size_t)EVP_MD_get_size(md), m1 = 128 - 1 - L - t;
	uint8_t other[8];
	memcpy(other, challenge, 8);
	if (r->mangle == M_OTHER_CHALLENGE)
		other[0] ^= 1;
	f[0] = 0x6A;
	for (size_t i = 0; i < m1; i++)
		f[1 + i] = (uint8_t)(i * 7 + 3);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_DigestInit_ex(c, md, NULL);
	EVP_DigestUpdate(c, f + 1, m1);
	EVP_DigestUpdate(c, other, 8);
	EVP_DigestFinal_ex(c, f + 1 + m1, NULL);
	EVP_MD_CTX_free(c);
	if (r->two_byte) {
		f[126] = r->mangle == M_HASH_SHA1_TRAILER_SHA256 ? 0x34 : hash_id[r->hash];
		f[127] = 0xCC;
	} else {
		f[127] = 0xBC;
	}
	switch (r->mangle) {
	case M_HEADER_4A: f[0] = 0x4A; break;
	case M_HEADER_6B: f[0] = 0x6B; break;
	case M_TRAILER_BD: f[127] = 0xBD; break;
	case M_HASH_ID_37: f[126] = 0x37; break;
	case M_HASH_BIT: f[1 + m1] ^= 0x01; break;
	default: break;
	}
	return 128;
}

static void test_rsa(EVP_PKEY *rsa)
{
	for (size_t i = 0; i < sizeof rsa_rows / sizeof rsa_rows[0]; i++) {
		const struct rsa_row *r = &rsa_rows[i];
		uint8_t f[128], sig[160];
		size_t sl = sizeof sig;
		representative(r, f);
		EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, rsa, NULL);
		if (!ctx || EVP_PKEY_sign_init(ctx) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) <= 0 ||
		    EVP_PKEY_sign(ctx, sig, &sl, f, sizeof f) <= 0) {
			CHECK(0, "rsa %s: could not sign", r->name);
			EVP_PKEY_CTX_free(ctx);
			continue;
		}
		EVP_PKEY_CTX_free(ctx);
		if (r->mangle == M_SIG_SHORT)
			sl--;
		if (r->mangle == M_SIG_LONG)
			sig[sl++] = 0;
		if (r->mangle == M_SIG_ZERO)
			memset(sig, 0, sl);
		if (r->mangle == M_SIG_FF)
			memset(sig, 0xFF, sl);
		char algo[64];
		enum emrtd_err got = emrtd_aa_verify(rsa, EMRTD_HASH_NONE, challenge, 8, sig, sl, algo,
		                                     sizeof algo);
		CHECK(got == r->want, "rsa %s: expected %s, got %s", r->name, emrtd_err_str(r->want),
		      emrtd_err_str(got));
		if (r->want == EMRTD_OK) {
			char want[64];
			snprintf(want, sizeof want, "RSA-1024 ISO 9796-2 %s", emrtd_hash_name(r->hash));
			CHECK(strcmp(algo, want) == 0, "rsa %s: algorithm expected '%s', got '%s'", r->name,
			      want, algo);
			/* The representative itself, and every cut of it. */
			enum emrtd_hash h = EMRTD_HASH_NONE;
			got = emrtd_iso9796_2_check(f, sizeof f, challenge, 8, &h);
			CHECK(got == EMRTD_OK && h == r->hash, "rsa %s: representative check %s, hash %s",
			      r->name, emrtd_err_str(got), emrtd_hash_name(h));
			for (size_t n = 0; n < sizeof f; n++) {
				got = emrtd_iso9796_2_check(f, n, challenge, 8, &h);
				CHECK(got == EMRTD_ERR_BAD_SIGNATURE, "rsa %s: representative cut to %zu: %s",
				      r->name, n, emrtd_err_str(got));
			}
		}
	}
}

/* ---- ECDSA ---- */

struct ec_row {
	const char *name;
	enum emrtd_hash sign_with, hint;
	bool plain, flip_s, other_challenge, drop_byte;
	enum emrtd_err want;
	const char *algo;
};

static const struct ec_row ec_rows[] = {
	{"plain, SHA-256 by key size", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, true, false, false, false,
	 EMRTD_OK, "ECDSA prime256v1 SHA-256"},
	{"plain, SHA-256 named", EMRTD_HASH_SHA256, EMRTD_HASH_SHA256, true, false, false, false,
	 EMRTD_OK, "ECDSA prime256v1 SHA-256"},
	{"DER, SHA-256", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, false, false, false, false, EMRTD_OK,
	 "ECDSA prime256v1 SHA-256 (DER)"},
	{"plain, SHA-1 named", EMRTD_HASH_SHA1, EMRTD_HASH_SHA1, true, false, false, false, EMRTD_OK,
	 "ECDSA prime256v1 SHA-1"},
	{"plain, SHA-224 named", EMRTD_HASH_SHA224, EMRTD_HASH_SHA224, true, false, false, false,
	 EMRTD_OK, "ECDSA prime256v1 SHA-224"},
	{"plain, SHA-384 named", EMRTD_HASH_SHA384, EMRTD_HASH_SHA384, true, false, false, false,
	 EMRTD_OK, "ECDSA prime256v1 SHA-384"},
	{"DER, SHA-512 named", EMRTD_HASH_SHA512, EMRTD_HASH_SHA512, false, false, false, false,
	 EMRTD_OK, "ECDSA prime256v1 SHA-512 (DER)"},
	{"signed SHA-512, key size says SHA-256", EMRTD_HASH_SHA512, EMRTD_HASH_NONE, true, false,
	 false, false, EMRTD_ERR_BAD_SIGNATURE, NULL},
	{"s changed", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, true, true, false, false,
	 EMRTD_ERR_BAD_SIGNATURE, NULL},
	{"another challenge", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, true, false, true, false,
	 EMRTD_ERR_BAD_SIGNATURE, NULL},
	{"plain one byte short", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, true, false, false, true,
	 EMRTD_ERR_BAD_SIGNATURE, NULL},
	{"DER one byte short", EMRTD_HASH_SHA256, EMRTD_HASH_NONE, false, false, false, true,
	 EMRTD_ERR_BAD_SIGNATURE, NULL},
};

static void test_ecdsa(EVP_PKEY *ec)
{
	for (size_t i = 0; i < sizeof ec_rows / sizeof ec_rows[0]; i++) {
		const struct ec_row *r = &ec_rows[i];
		uint8_t der[128], sig[128], msg[8];
		size_t dl = sizeof der, sl;
		memcpy(msg, challenge, 8);
		if (r->other_challenge)
			msg[7] ^= 0x80;
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		bool ok = c && EVP_DigestSignInit(c, NULL, md_of(r->sign_with), NULL, ec) > 0 &&
		          EVP_DigestSign(c, der, &dl, msg, 8) > 0;
		EVP_MD_CTX_free(c);
		CHECK(ok, "ecdsa %s: could not sign", r->name);
		if (!ok)
			continue;
		if (r->plain) {
			const unsigned char *q = der;
			ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, (long)dl);
			BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32);
			BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32);
			ECDSA_SIG_free(es);
			sl = 64;
		} else {
			memcpy(sig, der, dl);
			sl = dl;
		}
		if (r->flip_s)
			sig[sl - 1] ^= 0x01;
		if (r->drop_byte)
			sl--;
		char algo[64];
		enum emrtd_err got = emrtd_aa_verify(ec, r->hint, challenge, 8, sig, sl, algo, sizeof algo);
		CHECK(got == r->want, "ecdsa %s: expected %s, got %s", r->name, emrtd_err_str(r->want),
		      emrtd_err_str(got));
		if (r->algo)
			CHECK(strcmp(algo, r->algo) == 0, "ecdsa %s: algorithm expected '%s', got '%s'",
			      r->name, r->algo, algo);
	}
}

/* ---- DG14 and DG15 ---- */

static size_t spki_of(EVP_PKEY *k, uint8_t *out, size_t cap)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	size_t len = n > 0 && (size_t)n <= cap ? (size_t)n : 0;
	memcpy(out, der, len);
	OPENSSL_free(der);
	return len;
}

/* A DG14 like a passport's: PACEInfo (skipped), CAInfo ECDH AES-128 v1
 * key 1, CAPK ECDH key 1, ActiveAuthenticationInfo with ecdsa-plain-SHA384,
 * TerminalAuthenticationInfo (skipped). */
static size_t make_dg14(EVP_PKEY *ec, uint8_t *out, size_t cap)
{
	uint8_t spki[200], set[600], item[300];
	size_t sl = spki_of(ec, spki, sizeof spki), n, in;
	struct emrtd_writer w, s;
	emrtd_writer_init(&s, set, sizeof set);
	static const uint8_t pace[] = {0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02,
	                               0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0D};
	emrtd_writer_tlv(&s, 0x30, pace, sizeof pace);
	static const uint8_t ca[] = {0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02,
	                             0x02, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
	emrtd_writer_tlv(&s, 0x30, ca, sizeof ca);
	static const uint8_t pk[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02};
	emrtd_writer_init(&w, item, sizeof item);
	emrtd_writer_tlv(&w, 0x06, pk, sizeof pk);
	emrtd_writer_bytes(&w, spki, sl);
	emrtd_writer_tlv(&w, 0x02, (const uint8_t[]){0x01}, 1);
	emrtd_writer_finish(&w, &n);
	emrtd_writer_tlv(&s, 0x30, item, n);
	static const uint8_t aa[] = {0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x05, 0x02, 0x01, 0x01,
	                             0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01,
	                             0x04};
	emrtd_writer_tlv(&s, 0x30, aa, sizeof aa);
	static const uint8_t ta[] = {0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02, 0x02,
	                             0x01, 0x02, 0x01, 0x01};
	emrtd_writer_tlv(&s, 0x30, ta, sizeof ta);
	emrtd_writer_finish(&s, &in);
	emrtd_writer_init(&w, item, sizeof item);
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_header(&w, 0x6E, in + (in > 255 ? 4 : in > 127 ? 3 : 2));
	emrtd_writer_tlv(&w, 0x31, set, in);
	emrtd_writer_finish(&w, &n);
	return n;
}

struct dg14_row {
	const char *name;
	const char *hex;
	enum emrtd_err want;
	size_t n_ca, n_keys;
	enum emrtd_cipher cipher;
};

static const struct dg14_row dg14_rows[] = {
	{"empty set", "6E023100", EMRTD_OK, 0, 0, EMRTD_CIPHER_3DES},
	{"wrong outer tag", "6F023100", EMRTD_ERR_BAD_TAG, 0, 0, EMRTD_CIPHER_3DES},
	{"not a set", "6E023000", EMRTD_ERR_BAD_TAG, 0, 0, EMRTD_CIPHER_3DES},
	{"CAInfo AES-256 v2, no key id", "6E13311130 0F060A04007F00070202030204 020102", EMRTD_OK, 1, 0,
	 EMRTD_CIPHER_AES256},
	{"CAInfo negative version", "6E13311130 0F060A04007F00070202030202 0201FF",
	 EMRTD_ERR_BAD_LENGTH, 0, 0, EMRTD_CIPHER_3DES},
	{"CAInfo without version", "6E10310E30 0C060A04007F00070202030202", EMRTD_ERR_TRUNCATED, 0, 0,
	 EMRTD_CIPHER_3DES},
	{"CAInfo unknown cipher 5: skipped", "6E13311130 0F060A04007F00070202030205 020101", EMRTD_OK, 0,
	 0, EMRTD_CIPHER_3DES},
	{"CAInfo key id of 6 bytes", "6E1B311930 17060A04007F00070202030202 020101 0206010203040506",
	 EMRTD_ERR_BAD_LENGTH, 0, 0, EMRTD_CIPHER_3DES},
	{"SecurityInfo not a sequence", "6E05 3103 020100", EMRTD_ERR_BAD_TAG, 0, 0, EMRTD_CIPHER_3DES},
	{"five CAInfos", "6E573155"
	 "300F060A04007F00070202030202020101 300F060A04007F00070202030202020101"
	 "300F060A04007F00070202030202020101 300F060A04007F00070202030202020101"
	 "300F060A04007F00070202030202020101", EMRTD_ERR_TOO_BIG, 0, 0, EMRTD_CIPHER_3DES},
};

static void test_dg14(EVP_PKEY *ec)
{
	uint8_t dg[800];
	size_t n = make_dg14(ec, dg, sizeof dg);
	struct emrtd_dg14 d;
	enum emrtd_err got = emrtd_dg14_parse(dg, n, &d);
	CHECK(got == EMRTD_OK, "dg14 passport-like: %s", emrtd_err_str(got));
	CHECK(d.n_ca == 1 && d.ca[0].agreement == EMRTD_CA_ECDH && d.ca[0].cipher == EMRTD_CIPHER_AES128 &&
	      d.ca[0].version == 1 && d.ca[0].has_key_id && d.ca[0].key_id == 1,
	      "dg14 passport-like: CAInfo (n %zu)", d.n_ca);
	CHECK(d.n_keys == 1 && d.keys[0].agreement == EMRTD_CA_ECDH && d.keys[0].has_key_id &&
	      d.keys[0].spki && d.keys[0].spki[0] == 0x30,
	      "dg14 passport-like: CAPK (n %zu)", d.n_keys);
	CHECK(d.has_aa && d.aa_hash == EMRTD_HASH_SHA384, "dg14 passport-like: AA info hash %s",
	      emrtd_hash_name(d.aa_hash));
	EVP_PKEY *k = NULL;
	got = d.n_keys ? emrtd_ca_chip_key(&d.keys[0], &k) : EMRTD_ERR_NOT_FOUND;
	CHECK(got == EMRTD_OK && EVP_PKEY_eq(k, ec) == 1, "dg14 passport-like: key %s",
	      emrtd_err_str(got));
	EVP_PKEY_free(k);
	/* Every cut is an error, never a read past the end. */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, dg, cut);
		got = emrtd_dg14_parse(copy, cut, &d);
		CHECK(got != EMRTD_OK && d.n_ca == 0 && d.n_keys == 0, "dg14 cut to %zu of %zu: %s", cut, n,
		      emrtd_err_str(got));
		free(copy);
	}
	for (size_t i = 0; i < sizeof dg14_rows / sizeof dg14_rows[0]; i++) {
		const struct dg14_row *r = &dg14_rows[i];
		uint8_t b[256];
		size_t bl = hex_decode(r->hex, b, sizeof b);
		got = emrtd_dg14_parse(b, bl, &d);
		CHECK(got == r->want, "dg14 %s: expected %s, got %s", r->name, emrtd_err_str(r->want),
		      emrtd_err_str(got));
		if (got == EMRTD_OK)
			CHECK(d.n_ca == r->n_ca && d.n_keys == r->n_keys &&
			      (d.n_ca == 0 || d.ca[0].cipher == r->cipher),
			      "dg14 %s: %zu infos, %zu keys", r->name, d.n_ca, d.n_keys);
	}
	/* Keys without a CAInfo: chip authentication with 3DES. */
	uint8_t spki[200], only[300];
	size_t sl = spki_of(ec, spki, sizeof spki), ol;
	struct emrtd_writer w;
	uint8_t item[260], set[270];
	size_t il, stl;
	static const uint8_t pk[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02};
	emrtd_writer_init(&w, item, sizeof item);
	emrtd_writer_tlv(&w, 0x06, pk, sizeof pk);
	emrtd_writer_bytes(&w, spki, sl);
	emrtd_writer_finish(&w, &il);
	emrtd_writer_init(&w, set, sizeof set);
	emrtd_writer_tlv(&w, 0x30, item, il);
	emrtd_writer_finish(&w, &stl);
	emrtd_writer_init(&w, only, sizeof only);
	emrtd_writer_header(&w, 0x6E, stl + 2);
	emrtd_writer_tlv(&w, 0x31, set, stl);
	emrtd_writer_finish(&w, &ol);
	got = emrtd_dg14_parse(only, ol, &d);
	CHECK(got == EMRTD_OK && d.n_ca == 1 && d.ca[0].cipher == EMRTD_CIPHER_3DES &&
	      d.ca[0].agreement == EMRTD_CA_ECDH && !d.ca[0].has_key_id,
	      "dg14 key only: implied 3DES (%s, %zu infos)", emrtd_err_str(got), d.n_ca);
}

static size_t wrap_dg15(EVP_PKEY *k, bool extra, uint8_t *out, size_t cap)
{
	uint8_t spki[300];
	size_t sl = spki_of(k, spki, sizeof spki), n;
	if (extra)
		spki[sl++] = 0x00;
	struct emrtd_writer w;
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_tlv(&w, 0x6F, spki, sl);
	emrtd_writer_finish(&w, &n);
	return n;
}

static void test_dg15(EVP_PKEY *rsa, EVP_PKEY *ec)
{
	EVP_PKEY *keys[2] = {rsa, ec};
	uint8_t dg[400];
	for (int i = 0; i < 2; i++) {
		size_t n = wrap_dg15(keys[i], false, dg, sizeof dg);
		EVP_PKEY *k = NULL;
		enum emrtd_err got = emrtd_dg15_key(dg, n, &k);
		CHECK(got == EMRTD_OK && EVP_PKEY_eq(k, keys[i]) == 1, "dg15 %s: %s", i ? "EC" : "RSA",
		      emrtd_err_str(got));
		EVP_PKEY_free(k);
		for (size_t cut = 0; cut < n; cut++) {
			got = emrtd_dg15_key(dg, cut, &k);
			CHECK(got != EMRTD_OK && !k, "dg15 %s cut to %zu: %s", i ? "EC" : "RSA", cut,
			      emrtd_err_str(got));
		}
		n = wrap_dg15(keys[i], true, dg, sizeof dg);
		got = emrtd_dg15_key(dg, n, &k);
		CHECK(got == EMRTD_ERR_BAD_LENGTH && !k, "dg15 %s with a byte after the key: %s",
		      i ? "EC" : "RSA", emrtd_err_str(got));
	}
	size_t wl = wrap_dg15(ec, false, dg, sizeof dg);
	dg[0] = 0x6E;
	EVP_PKEY *k = NULL;
	enum emrtd_err got = emrtd_dg15_key(dg, wl, &k);
	CHECK(got == EMRTD_ERR_BAD_TAG, "dg15 wrong tag: %s", emrtd_err_str(got));
	EVP_PKEY *small = EVP_RSA_gen(512);
	size_t n = wrap_dg15(small, false, dg, sizeof dg);
	got = emrtd_dg15_key(dg, n, &k);
	CHECK(got == EMRTD_ERR_UNSUPPORTED && !k, "dg15 RSA-512: %s", emrtd_err_str(got));
	EVP_PKEY_free(small);
	/* A SubjectPublicKeyInfo that is no key. */
	static const char junk[] = "6F0A 3008 3003 060100 030100";
	uint8_t b[16];
	size_t bl = hex_decode(junk, b, sizeof b);
	got = emrtd_dg15_key(b, bl, &k);
	CHECK(got == EMRTD_ERR_BAD_TAG && !k, "dg15 junk key: %s", emrtd_err_str(got));
}

/* ---- chip authentication, both roles ---- */

static EVP_PKEY *gen(const char *type, const char *group)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (c && EVP_PKEY_keygen_init(c) > 0 && EVP_PKEY_CTX_set_group_name(c, group) > 0)
		EVP_PKEY_keygen(c, &k);
	EVP_PKEY_CTX_free(c);
	return k;
}

/* The chip's key as the terminal gets it: through DG14's SPKI. */
static EVP_PKEY *public_of(EVP_PKEY *k, bool explicit_params, enum emrtd_ca_agreement ag)
{
	uint8_t spki[1200];
	if (explicit_params)
		EVP_PKEY_set_utf8_string_param(k, "encoding", "explicit");
	struct emrtd_ca_key ck = {ag, spki, spki_of(k, spki, sizeof spki), false, 0};
	EVP_PKEY *pub = NULL;
	enum emrtd_err got = emrtd_ca_chip_key(&ck, &pub);
	CHECK(got == EMRTD_OK, "ca chip key from SPKI (%s): %s", EVP_PKEY_get0_type_name(k),
	      emrtd_err_str(got));
	return pub;
}

static void test_ca(void)
{
	static const struct {
		const char *type, *group;
		bool explicit_params;
		const char *params;
	} groups[] = {
		{"EC", "brainpoolP256r1", true, NULL},
		{"EC", "prime256v1", false, "prime256v1"},
		{"EC", "secp384r1", false, "secp384r1"},
		{"DHX", "dh_1024_160", false, "DH-1024"},
		{"DHX", "dh_2048_224", false, "DH-2048"},
	};
	static const enum emrtd_cipher ciphers[] = {EMRTD_CIPHER_3DES, EMRTD_CIPHER_AES128,
	                                            EMRTD_CIPHER_AES192, EMRTD_CIPHER_AES256};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		bool ec = strcmp(groups[g].type, "EC") == 0;
		enum emrtd_ca_agreement ag = ec ? EMRTD_CA_ECDH : EMRTD_CA_DH;
		EVP_PKEY *chip = gen(groups[g].type, groups[g].group);
		CHECK(chip, "ca %s: keygen", groups[g].group);
		if (!chip)
			continue;
		EVP_PKEY *pub = public_of(chip, groups[g].explicit_params, ag);
		for (size_t c = 0; pub && c < sizeof ciphers / sizeof ciphers[0]; c++) {
			struct emrtd_ca_info info = {.agreement = ag, .cipher = ciphers[c], .version = 1};
			struct emrtd_ca t, i;
			enum emrtd_err et = emrtd_ca_terminal(&info, pub, &t);
			enum emrtd_err ei = et ? et : emrtd_ca_chip(ciphers[c], chip, t.pub, t.pub_len, &i);
			size_t kl = emrtd_cipher_key_len(ciphers[c]);
			CHECK(!et && !ei && memcmp(t.ks_enc, i.ks_enc, kl) == 0 &&
			      memcmp(t.ks_mac, i.ks_mac, kl) == 0,
			      "ca %s cipher %zu: terminal %s, chip %s, keys %s", groups[g].group, c,
			      emrtd_err_str(et), emrtd_err_str(ei), et || ei ? "-" : "differ");
			if (groups[g].params)
				CHECK(strcmp(t.params, groups[g].params) == 0, "ca %s: params '%s'",
				      groups[g].group, t.params);
			if (et || ei)
				continue;
			/* One exchange under the new channels. */
			struct emrtd_sm ts, cs;
			static const uint8_t cmd[] = {0x00, 0xB0, 0x00, 0x00, 0x04};
			uint8_t wire[128], plain[128], resp[128], data[16];
			size_t wl = 0, rl = 0, dl = 0;
			struct emrtd_apdu a;
			uint16_t sw = 0;
			emrtd_ca_start_sm(&t, &ts);
			emrtd_ca_start_sm(&i, &cs);
			enum emrtd_err e = emrtd_sm_wrap_command(&ts, cmd, sizeof cmd, wire, sizeof wire, &wl);
			if (!e)
				e = emrtd_sm_unwrap_command(&cs, wire, wl, plain, sizeof plain, &a);
			if (!e)
				e = emrtd_sm_wrap_response(&cs, (const uint8_t *)"\x6E\x02\x31\x00", 4, 0x9000,
				                           resp, sizeof resp, &rl);
			if (!e)
				e = emrtd_sm_unwrap_response(&ts, resp, rl, data, sizeof data, &dl, &sw);
			CHECK(!e && sw == 0x9000 && dl == 4 && data[0] == 0x6E,
			      "ca %s cipher %zu: SM exchange %s", groups[g].group, c, emrtd_err_str(e));
			/* A changed public key gives other keys, or is refused. */
			t.pub[t.pub_len - 1] ^= 0x01;
			ei = emrtd_ca_chip(ciphers[c], chip, t.pub, t.pub_len, &i);
			CHECK(ei != EMRTD_OK || memcmp(t.ks_mac, i.ks_mac, kl) != 0,
			      "ca %s cipher %zu: altered key accepted with the same keys", groups[g].group, c);
			emrtd_ca_wipe(&t);
			emrtd_ca_wipe(&i);
			emrtd_sm_wipe(&ts);
			emrtd_sm_wipe(&cs);
		}
		/* Refused peer keys. */
		struct emrtd_ca i;
		uint8_t bad[600];
		size_t fl = ec ? (size_t)(EVP_PKEY_get_bits(chip) + 7) / 8 : 0;
		if (ec) {
			memset(bad, 0, sizeof bad);
			bad[0] = 0x02;  /* compressed */
			CHECK(emrtd_ca_chip(EMRTD_CIPHER_AES128, chip, bad, 1 + fl, &i) ==
			      EMRTD_ERR_BAC_BAD_RESPONSE, "ca %s: compressed point accepted", groups[g].group);
			bad[0] = 0x04;
			bad[2 * fl] = 0x01;  /* (0, 1): not on the curve */
			CHECK(emrtd_ca_chip(EMRTD_CIPHER_AES128, chip, bad, 1 + 2 * fl, &i) != EMRTD_OK,
			      "ca %s: off-curve point accepted", groups[g].group);
			CHECK(emrtd_ca_chip(EMRTD_CIPHER_AES128, chip, bad, 0, &i) != EMRTD_OK,
			      "ca %s: empty key accepted", groups[g].group);
		} else {
			size_t pl = (size_t)EVP_PKEY_get_size(chip);
			memset(bad, 0, pl);
			bad[pl - 1] = 0x01;  /* y = 1 */
			CHECK(emrtd_ca_chip(EMRTD_CIPHER_3DES, chip, bad, pl, &i) != EMRTD_OK,
			      "ca %s: public value 1 accepted", groups[g].group);
		}
		EVP_PKEY_free(pub);
		EVP_PKEY_free(chip);
	}
}

static void test_mse(void)
{
	struct emrtd_ca_info info = {.agreement = EMRTD_CA_ECDH, .cipher = EMRTD_CIPHER_AES128,
	                             .version = 1, .has_key_id = true, .key_id = 0x0102};
	static const uint8_t oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02};
	memcpy(info.oid, oid, sizeof oid);
	uint8_t out[64];
	size_t n = 0;
	CHECK(emrtd_ca_mse_set_at(&info, out, sizeof out, &n) == EMRTD_OK &&
	      !hex_expect("MSE:Set AT", "002241A4 10 800A04007F00070202030202 84020102", out, n),
	      "MSE:Set AT");
	struct emrtd_ca ca;
	memset(&ca, 0, sizeof ca);
	ca.pub[0] = 0x04;
	ca.pub[1] = 0xAA;
	ca.pub[2] = 0xBB;
	ca.pub_len = 3;
	info.key_id = 7;
	CHECK(emrtd_ca_mse_kat(&ca, &info, out, sizeof out, &n) == EMRTD_OK &&
	      !hex_expect("MSE:Set KAT", "002241A6 08 910304AABB 840107", out, n), "MSE:Set KAT");
	info.has_key_id = false;
	CHECK(emrtd_ca_mse_kat(&ca, &info, out, sizeof out, &n) == EMRTD_OK &&
	      !hex_expect("MSE:Set KAT no key id", "002241A6 05 910304AABB", out, n),
	      "MSE:Set KAT without key id");
}

int main(void)
{
	EVP_PKEY *rsa = load(rsa_pem), *ec = load(ec_pem);
	if (!rsa || !ec) {
		printf("FAIL test keys do not load\n");
		return 1;
	}
	test_rsa(rsa);
	test_ecdsa(ec);
	test_dg14(ec);
	test_dg15(rsa, ec);
	test_ca();
	test_mse();
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	if (failures) {
		printf("auth_test: %d failures\n", failures);
		return 1;
	}
	printf("auth_test: all passed\n");
	return 0;
}
