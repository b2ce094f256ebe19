/* card_test - the virtual chip's APDU handling, in-process (no libnfc), as
 * one table played in order against one card, then every fault switch that
 * lives in the chip or its LDS.
 *
 * BAC and the first secure-messaging exchanges are byte-exact against ICAO
 * Doc 9303-11 Appendix D.3/D.4 (fixed RND.IC and K.IC, the specimen MRZ of
 * that appendix): the chip must answer exactly what the appendix shows.
 * The PKI comes from scripts/make-test-pki (argv[1]). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "sim_test_util.h"

static int failures;
static const char *pki_dir;

static int check(const char *what, const char *want, const uint8_t *got, size_t got_len)
{
	uint8_t w[1024];
	char wh[2100], gh[2100];
	size_t wn = sim_test_unhex(want, w, sizeof w);
	sim_test_hex(w, wn, wh, sizeof wh);
	sim_test_hex(got, got_len, gh, sizeof gh);
	if (strcmp(wh, gh) != 0) {
		printf("FAIL %s\n  expected %s\n  got      %s\n", what, wh, gh);
		failures++;
		return 0;
	}
	return 1;
}

static enum sim_err build_kind(const char *mrz, enum sim_fault fault, enum sim_image_kind kind,
                               struct sim_doc *doc)
{
	uint8_t *face = NULL;
	size_t face_len = 0;
	enum sim_err e = sim_face_make(kind, 120, 160, 75, &face, &face_len);
	if (e == SIM_OK)
		e = sim_doc_build(mrz, face, face_len, kind, pki_dir, fault, doc);
	free(face);
	return e;
}

static enum sim_err build(const char *mrz, enum sim_fault fault, struct sim_doc *doc)
{
	return build_kind(mrz, fault, SIM_IMAGE_JPEG, doc);
}

enum row_kind {
	RAW,     /* send cmd verbatim, expect the exact answer */
	SMX,     /* wrap cmd (expect the exact wrapped bytes), expect the exact answer */
	SM,      /* wrap cmd, unwrap the answer: expect sw and plaintext */
	BAC,     /* the answer opens the terminal's session (EXTERNAL AUTHENTICATE) */
	SMBAD,   /* wrap cmd then flip its MAC: expect the exact plain answer */
};

struct row {
	const char *name;
	enum row_kind kind;
	const char *cmd;
	const char *wrapped;   /* SMX: expected protected command */
	const char *want;      /* RAW/SMX/BAC/SMBAD: exact answer; SM: plaintext or FILE:fid:off:len */
	uint16_t sw;           /* SM: expected status word */
};

#define EA_CMD "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728"
#define EA_RESP "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000"

static const struct row rows[] = {
	{"SELECT EF.COM before the application", RAW, "00A4020C02011E", 0, "6A82", 0},
	{"GET CHALLENGE before the application", RAW, "0084000008", 0, "6985", 0},
	{"SELECT MF", RAW, "00A4000C023F00", 0, "9000", 0},
	{"SELECT unknown AID", RAW, "00A4040C07A0000002471002", 0, "6A82", 0},
	{"SELECT eMRTD AID", RAW, "00A4040C07A0000002471001", 0, "9000", 0},
	{"SELECT EF.COM before BAC", RAW, "00A4020C02011E", 0, "6982", 0},
	{"READ BINARY before BAC", RAW, "00B0000004", 0, "6982", 0},
	{"READ BINARY by SFI before BAC", RAW, "00B0810004", 0, "6982", 0},
	{"INTERNAL AUTHENTICATE before BAC", RAW, "0088000008112233445566778800", 0, "6982", 0},
	{"EXTERNAL AUTHENTICATE without challenge", RAW, EA_CMD, 0, "6985", 0},
	{"GET CHALLENGE Le 4", RAW, "0084000004", 0, "6700", 0},
	{"GET CHALLENGE P1", RAW, "0084010008", 0, "6A86", 0},
	{"GET CHALLENGE (D.3)", RAW, "0084000008", 0, "4608F919887022129000", 0},
	{"EXTERNAL AUTHENTICATE short data", RAW, "008200000401020304", 0, "6700", 0},
	{"EXTERNAL AUTHENTICATE (D.3)", BAC, EA_CMD, 0, EA_RESP, 0},
	{"SM SELECT EF.COM (D.4)", SMX, "00A4020C02011E",
	 "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
	 "990290008E08FA855A5D4C50A8ED9000", 0},
	{"SM READ BINARY 4 (D.4)", SMX, "00B0000004", "0CB000000D9701048E08ED6705417E96BA5500",
	 "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", 0},
	{"SM READ BINARY rest of EF.COM", SM, "00B0000412", 0, "FILE:011E:4:18", 0x9000},
	{"SM READ BINARY at the end", SM, "00B0001600", 0, "", 0x6B00},
	{"SM READ BINARY past the end (Le 16 at 20)", SM, "00B0001410", 0, "FILE:011E:20:2", 0x6282},
	{"SM READ BINARY DG1 by SFI, Le 00", SM, "00B0810000", 0, "FILE:0101:0:all", 0x6282},
	{"SM READ BINARY continues in DG1", SM, "00B0000A05", 0, "FILE:0101:10:5", 0x9000},
	{"SM SELECT DG2", SM, "00A4020C020102", 0, "", 0x9000},
	{"SM READ BINARY DG2, Le DF", SM, "00B00000DF", 0, "FILE:0102:0:223", 0x9000},
	{"SM READ BINARY DG2 at 223", SM, "00B000DFDF", 0, "FILE:0102:223:223", 0x9000},
	{"SM SELECT EF.SOD", SM, "00A4020C02011D", 0, "", 0x9000},
	{"SM READ BINARY EF.SOD", SM, "00B0000004", 0, "FILE:011D:0:4", 0x9000},
	{"SM SELECT DG3 (absent)", SM, "00A4020C020103", 0, "", 0x6A82},
	{"SM READ BINARY SFI 31 (absent)", SM, "00B09F0004", 0, "", 0x6A82},
	{"SM READ BINARY SFI with bad P1 bits", SM, "00B0E10004", 0, "", 0x6A86},
	{"SM SELECT with P1 08", SM, "00A4080C020101", 0, "", 0x6A86},
	{"SM SELECT FID of 3 bytes", SM, "00A4020C03010101", 0, "", 0x6700},
	{"SM GET DATA (not supported)", SM, "00CA010100", 0, "", 0x6D00},
	/* This card has no DG14 or DG15 (auth.c's handlers with keys run in
	 * emrtd_auth_e2e_test and chip_card_fuzz). */
	{"SM INTERNAL AUTHENTICATE without DG15", SM, "0088000008112233445566778800", 0, "", 0x6D00},
	{"SM MSE:Set KAT without a CA key", SM, "002241A605910304AABB", 0, "", 0x6985},
	{"SM GENERAL AUTHENTICATE without MSE:Set AT", SM, "00860000047C02800000", 0, "", 0x6985},
	{"plain command inside the session ends it", RAW, "00B0000004", 0, "6982", 0},
	{"SM command without a session", RAW, "0CB000000D9701048E08ED6705417E96BA5500", 0, "6988", 0},
	{"one byte", RAW, "00", 0, "6700", 0},
	{"header cut", RAW, "00B000", 0, "6700", 0},
	{"Lc longer than the data", RAW, "00A4040C07A000", 0, "6700", 0},
	{"extended length", RAW, "00B00000000100", 0, "6700", 0},
	{"CLA 80", RAW, "80A4040C07A0000002471001", 0, "6E00", 0},
	{"GET CHALLENGE again", RAW, "0084000008", 0, "4608F919887022129000", 0},
	{"EXTERNAL AUTHENTICATE with a wrong MAC", RAW,
	 "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A628",
	 0, "6300", 0},
	{"EXTERNAL AUTHENTICATE twice for one challenge", RAW, EA_CMD, 0, "6985", 0},
	{"GET CHALLENGE (new session)", RAW, "0084000008", 0, "4608F919887022129000", 0},
	{"EXTERNAL AUTHENTICATE (new session)", BAC, EA_CMD, 0, EA_RESP, 0},
	{"SM command with a wrong MAC ends the session", SMBAD, "00A4020C02011E", 0, "6988", 0},
	{"READ BINARY after the session ended", RAW, "00B0000004", 0, "6982", 0},
};

/* "FILE:fid:off:len" -> the bytes of that file, or NULL. */
static size_t expect_file(const struct sim_doc *doc, const char *spec, const uint8_t **p)
{
	unsigned fid = 0;
	size_t off = 0;
	char len_s[16] = "";
	*p = NULL;
	if (sscanf(spec, "FILE:%4x:%zu:%15s", &fid, &off, len_s) != 3)
		return 0;
	const struct sim_file *f = sim_doc_file(doc, (uint16_t)fid);
	if (!f || off > f->len)
		return 0;
	size_t n = strcmp(len_s, "all") == 0 ? f->len - off : (size_t)atoi(len_s);
	if (off + n > f->len)
		return 0;
	*p = f->data + off;
	return n;
}

static void test_table(void)
{
	struct sim_doc doc;
	struct sim_card *card = NULL;
	enum sim_err e = build(SIM_TEST_MRZ_TD3, SIM_FAULT_NONE, &doc);
	if (e != SIM_OK) {
		printf("FAIL building the TD3 document: %s\n", sim_err_str(e));
		failures++;
		return;
	}
	struct sim_card_opts opts = {.fault = SIM_FAULT_NONE, .fixed_random = true};
	sim_test_unhex("4608F91988702212", opts.rnd_ic, 8);
	sim_test_unhex("0B4F80323EB3191CB04970CB4052790B", opts.k_ic, 16);
	if (sim_card_new(&doc, &opts, &card) != SIM_OK) {
		printf("FAIL sim_card_new\n");
		failures++;
		sim_doc_fini(&doc);
		return;
	}
	uint8_t seed[16];
	struct emrtd_bac_keys keys;
	struct emrtd_sm sm;
	memset(&sm, 0, sizeof sm);
	emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed);
	emrtd_bac_keys_derive(seed, &keys);
	uint8_t rnd_ic[8], rnd_ifd[8], k_ifd[16];
	sim_test_unhex("4608F91988702212", rnd_ic, 8);
	sim_test_unhex("781723860C06C226", rnd_ifd, 8);
	sim_test_unhex("0B795240CB7049B01C19B33E32804F0B", k_ifd, 16);

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		uint8_t cmd[600], wire[700], resp[SIM_MAX_RAPDU];
		size_t cn = sim_test_unhex(r->cmd, cmd, sizeof cmd), wn = cn, rn = 0;
		memcpy(wire, cmd, cn);
		if (r->kind == SMX || r->kind == SM || r->kind == SMBAD) {
			if (emrtd_sm_wrap_command(&sm, cmd, cn, wire, sizeof wire, &wn) != EMRTD_OK) {
				printf("FAIL %s: the terminal could not wrap the command\n", r->name);
				failures++;
				continue;
			}
			if (r->kind == SMX)
				check(r->name, r->wrapped, wire, wn);
			if (r->kind == SMBAD)
				wire[wn - 2] ^= 0x01;     /* last byte of DO'8E' (before Le) */
		}
		e = sim_card_apdu(card, wire, wn, resp, sizeof resp, &rn);
		if (e != SIM_OK) {
			printf("FAIL %s: expected an answer, got %s\n", r->name, sim_err_str(e));
			failures++;
			continue;
		}
		if (r->kind == RAW || r->kind == SMX || r->kind == BAC || r->kind == SMBAD)
			check(r->name, r->want, resp, rn);
		if (r->kind == BAC) {
			enum emrtd_err be = emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd,
			                                         resp, rn - 2, &sm);
			if (be != EMRTD_OK) {
				printf("FAIL %s: the terminal rejects the answer: %s\n", r->name,
				       emrtd_err_str(be));
				failures++;
			}
		}
		if (r->kind == SMX || r->kind == SM) {
			uint8_t plain[300];
			size_t pn = 0;
			uint16_t sw = 0;
			enum emrtd_err ue = emrtd_sm_unwrap_response(&sm, resp, rn, plain, sizeof plain,
			                                             &pn, &sw);
			if (ue != EMRTD_OK) {
				printf("FAIL %s: the terminal cannot open the answer: %s\n", r->name,
				       emrtd_err_str(ue));
				failures++;
				continue;
			}
			if (r->kind == SMX)
				continue;
			if (sw != r->sw) {
				printf("FAIL %s: expected SW %04X, got %04X\n", r->name, r->sw, sw);
				failures++;
			}
			const uint8_t *fp = NULL;
			size_t fn = 0;
			if (strncmp(r->want, "FILE:", 5) == 0) {
				fn = expect_file(&doc, r->want, &fp);
				if (!fp) {
					printf("FAIL %s: bad FILE spec %s\n", r->name, r->want);
					failures++;
					continue;
				}
			}
			if (pn != fn || (fn && memcmp(plain, fp, fn) != 0)) {
				char gh[700], wh[700];
				sim_test_hex(plain, pn, gh, sizeof gh);
				sim_test_hex(fp ? fp : plain, fn, wh, sizeof wh);
				printf("FAIL %s: plaintext\n  expected %s\n  got      %s\n", r->name, wh, gh);
				failures++;
			}
		}
	}
	emrtd_sm_wipe(&sm);
	emrtd_wipe(&keys, sizeof keys);
	sim_card_free(card);
	sim_doc_fini(&doc);
}

/* ---- LDS and SOD -------------------------------------------------------- */

/* Verifies the SOD like passive authentication would (signature and chain
 * to the CSCA) and compares its DG hashes to the files.  *sig_ok, *dg_ok[2]. */
static void verify_sod(const struct sim_doc *doc, int *sig_ok, int dg_ok[2])
{
	*sig_ok = 0;
	dg_ok[0] = dg_ok[1] = 0;
	const struct sim_file *sod = sim_doc_file(doc, 0x011D);
	struct emrtd_cursor c, v;
	emrtd_cursor_init(&c, sod->data, sod->len);
	if (emrtd_cursor_expect(&c, 0x77, &v) != EMRTD_OK)
		return;
	const uint8_t *p = v.p;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)v.left);
	X509_STORE *store = X509_STORE_new();
	char path[4096];
	snprintf(path, sizeof path, "%s/trust/csca.crt", pki_dir);
	X509_STORE_load_file(store, path);
	BIO *out = BIO_new(BIO_s_mem());
	if (cms && CMS_verify(cms, NULL, store, NULL, out, CMS_BINARY) == 1)
		*sig_ok = 1;
	/* The LDSSecurityObject, parsed with the bounded cursor. */
	ASN1_OCTET_STRING **content = cms ? CMS_get0_content(cms) : NULL;
	if (content && *content) {
		struct emrtd_cursor so, seq, alg, list, item, num, val;
		emrtd_cursor_init(&so, ASN1_STRING_get0_data(*content),
		                  (size_t)ASN1_STRING_length(*content));
		emrtd_cursor_expect(&so, 0x30, &seq);
		emrtd_cursor_expect(&seq, 0x02, &num);
		emrtd_cursor_expect(&seq, 0x30, &alg);
		emrtd_cursor_expect(&seq, 0x30, &list);
		for (int k = 0; k < 2 && list.err == EMRTD_OK; k++) {
			emrtd_cursor_expect(&list, 0x30, &item);
			emrtd_cursor_expect(&item, 0x02, &num);
			emrtd_cursor_expect(&item, 0x04, &val);
			uint8_t dg = 0, h[32];
			emrtd_cursor_u8(&num, &dg);
			const struct sim_file *f = sim_doc_file(doc, (uint16_t)(0x0100 + dg));
			if (f && val.left == 32 && EVP_Digest(f->data, f->len, h, NULL, EVP_sha256(), NULL) &&
			    memcmp(h, val.p, 32) == 0 && dg >= 1 && dg <= 2)
				dg_ok[dg - 1] = 1;
		}
	}
	BIO_free(out);
	X509_STORE_free(store);
	CMS_ContentInfo_free(cms);
}

/* DG1's MRZ must parse with the bounded cursor: 61 { 5F1F MRZ }. */
static enum emrtd_err parse_dg1(const struct sim_doc *doc, size_t *mrz_len)
{
	const struct sim_file *f = sim_doc_file(doc, 0x0101);
	struct emrtd_cursor c, v, m;
	*mrz_len = 0;
	emrtd_cursor_init(&c, f->data, f->len);
	emrtd_cursor_expect(&c, 0x61, &v);
	emrtd_cursor_expect(&v, 0x5F1F, &m);
	if (v.err)
		return v.err;
	if (c.err)
		return c.err;
	*mrz_len = m.left;
	return EMRTD_OK;
}

struct lds_row {
	const char *name;
	const char *mrz;
	enum sim_fault fault;
	enum sim_err build;
	int sig_ok, dg1_ok, dg2_ok;
	enum emrtd_err dg1_parse;
	size_t mrz_len;
};

static const struct lds_row lds_rows[] = {
	{"TD3", NULL, SIM_FAULT_NONE, SIM_OK, 1, 1, 1, EMRTD_OK, 88},
	{"TD1", "TD1", SIM_FAULT_NONE, SIM_OK, 1, 1, 1, EMRTD_OK, 90},
	{"TD3, JPEG 2000", "JP2", SIM_FAULT_NONE, SIM_OK, 1, 1, 1, EMRTD_OK, 88},
	{"untrusted-signer", NULL, SIM_FAULT_UNTRUSTED_SIGNER, SIM_OK, 0, 1, 1, EMRTD_OK, 88},
	{"tamper-dg1", NULL, SIM_FAULT_TAMPER_DG1, SIM_OK, 1, 0, 1, EMRTD_OK, 88},
	{"tamper-dg2", NULL, SIM_FAULT_TAMPER_DG2, SIM_OK, 1, 1, 0, EMRTD_OK, 88},
	{"bad-tlv", NULL, SIM_FAULT_BAD_TLV, SIM_OK, 1, 1, 1, EMRTD_ERR_TRUNCATED, 0},
	{"MRZ with a wrong check digit", "BAD", SIM_FAULT_NONE, SIM_ERR_BAD_MRZ, 0, 0, 0, EMRTD_OK, 0},
	{"not an MRZ", "HELLO", SIM_FAULT_NONE, SIM_ERR_BAD_MRZ, 0, 0, 0, EMRTD_OK, 0},
};

static void test_lds(void)
{
	for (size_t i = 0; i < sizeof lds_rows / sizeof lds_rows[0]; i++) {
		const struct lds_row *r = &lds_rows[i];
		const char *mrz = SIM_TEST_MRZ_TD3;
		int jp2 = r->mrz && strcmp(r->mrz, "JP2") == 0;
		if (jp2)
			mrz = SIM_TEST_MRZ_TD3;
		else if (r->mrz && strcmp(r->mrz, "TD1") == 0)
			mrz = SIM_TEST_MRZ_TD1;
		else if (r->mrz && strcmp(r->mrz, "BAD") == 0)
			mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
			      "L898902C<4UTO6908061F9406236ZE184226B<<<<<14";
		else if (r->mrz)
			mrz = r->mrz;
		struct sim_doc doc;
		enum sim_err e = build_kind(mrz, r->fault, jp2 ? SIM_IMAGE_JPEG2000 : SIM_IMAGE_JPEG, &doc);
		if (e != r->build) {
			printf("FAIL lds %s: expected build %s, got %s\n", r->name,
			       sim_err_str(r->build), sim_err_str(e));
			failures++;
		}
		if (e != SIM_OK)
			continue;
		int sig_ok, dg_ok[2];
		size_t mrz_len;
		verify_sod(&doc, &sig_ok, dg_ok);
		enum emrtd_err pe = parse_dg1(&doc, &mrz_len);
		if (sig_ok != r->sig_ok || dg_ok[0] != r->dg1_ok || dg_ok[1] != r->dg2_ok ||
		    pe != r->dg1_parse || mrz_len != r->mrz_len) {
			printf("FAIL lds %s: expected signature %d, DG1 hash %d, DG2 hash %d, DG1 parse %s, MRZ %zu\n"
			       "                   got signature %d, DG1 hash %d, DG2 hash %d, DG1 parse %s, MRZ %zu\n",
			       r->name, r->sig_ok, r->dg1_ok, r->dg2_ok, emrtd_err_str(r->dg1_parse), r->mrz_len,
			       sig_ok, dg_ok[0], dg_ok[1], emrtd_err_str(pe), mrz_len);
			failures++;
		}
		/* DG2: 75 { 7F61 { 02 01 01, 7F60 { A1 ..., 5F2E FAC record } } } */
		const struct sim_file *f = sim_doc_file(&doc, 0x0102);
		struct emrtd_cursor c, g, bit, bht, rec, cnt;
		emrtd_cursor_init(&c, f->data, f->len);
		emrtd_cursor_expect(&c, 0x75, &g);
		emrtd_cursor_expect(&g, 0x7F61, &bit);
		emrtd_cursor_expect(&bit, 0x02, &cnt);
		emrtd_cursor_expect(&bit, 0x7F60, &g);
		emrtd_cursor_expect(&g, 0xA1, &bht);
		emrtd_cursor_expect(&g, 0x5F2E, &rec);
		/* Record: general header (14), facial header (20), image info
		 * (12: type, data type 0 JPEG / 1 JPEG 2000, width, height ...). */
		static const uint8_t jp2_sig[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50};
		int image_ok = rec.left > 52 &&
		               (jp2 ? memcmp(rec.p + 46, jp2_sig, sizeof jp2_sig) == 0
		                    : rec.p[46] == 0xFF && rec.p[47] == 0xD8);
		if (g.err || bit.err || c.err || rec.left < 46 || memcmp(rec.p, "FAC\0", 4) != 0 ||
		    !image_ok || !emrtd_cursor_done(&c)) {
			printf("FAIL lds %s: DG2 is not 75/7F61/7F60/5F2E with a FAC record and %s\n", r->name,
			       jp2 ? "JPEG 2000" : "JPEG");
			failures++;
		} else if (rec.p[35] != (jp2 ? 1 : 0) || (rec.p[36] << 8 | rec.p[37]) != 120 ||
		           (rec.p[38] << 8 | rec.p[39]) != 160) {
			printf("FAIL lds %s: image info expected type %d, 120x160; got type %d, %dx%d\n",
			       r->name, jp2, rec.p[35], rec.p[36] << 8 | rec.p[37], rec.p[38] << 8 | rec.p[39]);
			failures++;
		}
		sim_doc_fini(&doc);
	}
}

/* ---- faults inside the chip -------------------------------------------- */

struct fault_row {
	enum sim_fault fault;
	const char *select;     /* plain SELECT before the read */
	const char *read;       /* plain READ BINARY */
	enum sim_err apdu;      /* what sim_card_apdu returns for the read */
	enum emrtd_err unwrap;  /* what the terminal makes of the answer */
	uint16_t sw;
	int more_than_le;
};

static const struct fault_row fault_rows[] = {
	{SIM_FAULT_NONE, "00A4020C020101", "00B0000010", SIM_OK, EMRTD_OK, 0x9000, 0},
	{SIM_FAULT_BAD_MAC, "00A4020C020101", "00B0000010", SIM_OK, EMRTD_ERR_MAC, 0, 0},
	{SIM_FAULT_TRUNCATED, "00A4020C020101", "00B0000010", SIM_OK, EMRTD_ERR_TRUNCATED, 0, 0},
	{SIM_FAULT_OVERLONG, "00A4020C020101", "00B0000010", SIM_OK, EMRTD_OK, 0x9000, 1},
	{SIM_FAULT_SW_6982, "00A4020C020102", "00B0000010", SIM_OK, EMRTD_OK, 0x6982, 0},
	{SIM_FAULT_SW_6A82, "00A4020C020102", NULL, SIM_OK, EMRTD_OK, 0x6A82, 0},
	{SIM_FAULT_LOST_TAG, "00A4020C020102", "00B0000010", SIM_OK, EMRTD_OK, 0x9000, 0},
	{SIM_FAULT_LOST_TAG, "00A4020C020102", "00B0001010", SIM_ERR_TAG_LOST, EMRTD_OK, 0, 0},
	{SIM_FAULT_SLOW, "00A4020C020101", "00B0000010", SIM_OK, EMRTD_OK, 0x9000, 0},
};

static void test_faults(void)
{
	for (size_t i = 0; i < sizeof fault_rows / sizeof fault_rows[0]; i++) {
		const struct fault_row *r = &fault_rows[i];
		const char *name = sim_fault_name(r->fault);
		struct sim_doc doc;
		struct sim_card *card = NULL;
		if (build(SIM_TEST_MRZ_TD3, r->fault, &doc) != SIM_OK) {
			printf("FAIL fault %s: document\n", name);
			failures++;
			continue;
		}
		struct sim_card_opts opts = {.fault = r->fault};
		sim_card_new(&doc, &opts, &card);
		/* BAC with random nonces, the terminal's way. */
		uint8_t seed[16], cmd[300], wire[300], resp[SIM_MAX_RAPDU], plain[300];
		size_t rn = 0, wn = 0, pn = 0;
		uint16_t sw = 0;
		struct emrtd_bac_keys keys;
		struct emrtd_sm sm;
		memset(&sm, 0, sizeof sm);
		uint8_t rnd_ifd[8] = {1, 2, 3, 4, 5, 6, 7, 8}, k_ifd[16] = {9, 8, 7};
		emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed);
		emrtd_bac_keys_derive(seed, &keys);
		size_t n = sim_test_unhex("00A4040C07A0000002471001", cmd, sizeof cmd);
		sim_card_apdu(card, cmd, n, resp, sizeof resp, &rn);
		n = sim_test_unhex("0084000008", cmd, sizeof cmd);
		sim_card_apdu(card, cmd, n, resp, sizeof resp, &rn);
		uint8_t ea[46] = {0x00, 0x82, 0x00, 0x00, 0x28};
		emrtd_bac_ifd_request(&keys, resp, rnd_ifd, k_ifd, ea + 5);
		ea[45] = 0x28;
		uint8_t rnd_ic[8];
		memcpy(rnd_ic, resp, 8);
		sim_card_apdu(card, ea, sizeof ea, resp, sizeof resp, &rn);
		enum emrtd_err be = emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd, resp,
		                                         rn >= 2 ? rn - 2 : 0, &sm);
		n = sim_test_unhex(r->select, cmd, sizeof cmd);
		emrtd_sm_wrap_command(&sm, cmd, n, wire, sizeof wire, &wn);
		sim_card_apdu(card, wire, wn, resp, sizeof resp, &rn);
		enum emrtd_err ue = emrtd_sm_unwrap_response(&sm, resp, rn, plain, sizeof plain, &pn, &sw);
		enum sim_err ae = SIM_OK;
		if (r->read && ue == EMRTD_OK) {
			n = sim_test_unhex(r->read, cmd, sizeof cmd);
			emrtd_sm_wrap_command(&sm, cmd, n, wire, sizeof wire, &wn);
			ae = sim_card_apdu(card, wire, wn, resp, sizeof resp, &rn);
			if (ae == SIM_OK)
				ue = emrtd_sm_unwrap_response(&sm, resp, rn, plain, sizeof plain, &pn, &sw);
		}
		int more = ue == EMRTD_OK && r->read && pn > cmd[4];
		if (be != EMRTD_OK || ae != r->apdu ||
		    (ae == SIM_OK && (ue != r->unwrap || (ue == EMRTD_OK && sw != r->sw) ||
		                      more != r->more_than_le))) {
			printf("FAIL fault %s: expected BAC ok, answer %s, terminal %s, SW %04X, overlong %d\n"
			       "%*sgot BAC %s, answer %s, terminal %s, SW %04X, overlong %d\n", name,
			       sim_err_str(r->apdu), emrtd_err_str(r->unwrap), r->sw, r->more_than_le,
			       (int)strlen(name) + 11, "", emrtd_err_str(be), sim_err_str(ae),
			       emrtd_err_str(ue), sw, more);
			failures++;
		}
		emrtd_sm_wipe(&sm);
		emrtd_wipe(&keys, sizeof keys);
		sim_card_free(card);
		sim_doc_fini(&doc);
	}
	/* Every fault has a name and parses back. */
	for (unsigned k = 0; k < SIM_FAULT_COUNT; k++) {
		enum sim_fault f;
		if (sim_fault_parse(sim_fault_name((enum sim_fault)k), &f) != SIM_OK || f != k) {
			printf("FAIL fault name %u does not round-trip\n", k);
			failures++;
		}
	}
	enum sim_fault f;
	if (sim_fault_parse("bad_mac", &f) != SIM_ERR_UNKNOWN_FAULT) {
		printf("FAIL fault name bad_mac: expected unknown\n");
		failures++;
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: card_test PKI_DIR (from scripts/make-test-pki)\n");
		return 2;
	}
	pki_dir = argv[1];
	test_table();
	test_lds();
	test_faults();
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("card: %zu APDU rows, %zu LDS rows, %zu fault rows passed\n",
	       sizeof rows / sizeof rows[0], sizeof lds_rows / sizeof lds_rows[0],
	       sizeof fault_rows / sizeof fault_rows[0]);
	return 0;
}
