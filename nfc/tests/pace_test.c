/* pace_test.c - PACE in the crypto core: EF.CardAccess rows (with every
 * truncation point), MSE:Set AT and GENERAL AUTHENTICATE coding, the ICAO
 * 9303-11 appendix G.1 run (ECDH-GM, brainpoolP256r1, AES-128) from the
 * terminal's side and from the chip's, byte for byte, and random runs of both roles over every
 * supported curve and cipher, with the failures each side must catch. */
#include <stdio.h>
#include <string.h>

#include "emrtd_crypto.h"
#include "hex.h"

static int failed;

#define CHECK(what, expr, want)                                                          \
	do {                                                                                 \
		enum emrtd_err e_ = (expr);                                                      \
		if (e_ != (want)) {                                                              \
			printf("FAIL %s: expected %s, got %s\n", what, emrtd_err_str(want),          \
			       emrtd_err_str(e_));                                                   \
			failed++;                                                                    \
		}                                                                                \
	} while (0)
#define CHECK_OK(what, expr) CHECK(what, expr, EMRTD_OK)

static void expect(const char *what, const char *hex, const uint8_t *p, size_t n)
{
	failed += hex_expect(what, hex, p, n);
}

/* ---- EF.CardAccess ---- */
static const struct {
	const char *what, *hex;
	enum emrtd_err err;
	size_t n_pace;
	enum emrtd_pace_agreement agreement;  /* of the first PACEInfo */
	enum emrtd_pace_mapping mapping;
	enum emrtd_cipher cipher;
	uint32_t version, parameter_id;
	bool has_parameter_id, supported;
} card_access[] = {
	{"G.1 ECDH-GM-AES-128 brainpoolP256r1",
	 "31143012060A04007F0007020204020202010202010D", EMRTD_OK, 1, EMRTD_PACE_ECDH,
	 EMRTD_PACE_GM, EMRTD_CIPHER_AES128, 2, 13, true, true},
	{"G.2 DH-GM-AES-128 MODP-1024",
	 "31143012060A04007F00070202040102020102020100", EMRTD_OK, 1, EMRTD_PACE_DH,
	 EMRTD_PACE_GM, EMRTD_CIPHER_AES128, 2, 0, true, false},
	{"ECDH-IM-AES-256 P-521 (research §2)",
	 "3012060A04007F00070202040404020102020112", EMRTD_ERR_BAD_TAG, 0, 0, 0, 0, 0, 0,
	 false, false},
	{"the same inside its SET", "31143012060A04007F00070202040404020102020112", EMRTD_OK, 1,
	 EMRTD_PACE_ECDH, EMRTD_PACE_IM, EMRTD_CIPHER_AES256, 2, 18, true, false},
	{"ECDH-GM-3DES without parameter id",
	 "3111300F060A04007F00070202040201020102", EMRTD_OK, 1, EMRTD_PACE_ECDH,
	 EMRTD_PACE_GM, EMRTD_CIPHER_3DES, 2, 0, false, false},
	{"a CA info first, then ECDH-GM-AES-256 P-384",
	 "3128" "3012060A04007F00070202030202020101020101"
	 "3012060A04007F0007020204020402010202010F",
	 EMRTD_OK, 1, EMRTD_PACE_ECDH, EMRTD_PACE_GM, EMRTD_CIPHER_AES256, 2, 15, true, true},
	{"unknown PACE cipher 5 is skipped", "31143012060A04007F0007020204020502010202010D",
	 EMRTD_OK, 0, 0, 0, 0, 0, 0, false, false},
	{"empty SET", "3100", EMRTD_OK, 0, 0, 0, 0, 0, 0, false, false},
	{"negative parameter id", "31143012060A04007F000702020402020201020201FF",
	 EMRTD_ERR_BAD_LENGTH, 0, 0, 0, 0, 0, 0, false, false},
	{"version missing", "310E300C060A04007F00070202040202", EMRTD_ERR_TRUNCATED, 0, 0, 0, 0,
	 0, 0, false, false},
	{"an extra object", "31173015060A04007F0007020204020202010202010D050100",
	 EMRTD_ERR_BAD_LENGTH, 0, 0, 0, 0, 0, 0, false, false},
	{"not a SEQUENCE inside", "31143112060A04007F0007020204020202010202010D",
	 EMRTD_ERR_BAD_TAG, 0, 0, 0, 0, 0, 0, false, false},
	{"parameter id of 6 bytes", "31193017060A04007F0007020204020202010202060000000000FF",
	 EMRTD_ERR_BAD_LENGTH, 0, 0, 0, 0, 0, 0, false, false},
};

static void test_card_access(void)
{
	uint8_t buf[128];
	for (size_t i = 0; i < sizeof card_access / sizeof card_access[0]; i++) {
		struct emrtd_card_access ca;
		size_t n = hex_decode(card_access[i].hex, buf, sizeof buf);
		CHECK(card_access[i].what, emrtd_card_access_parse(buf, n, &ca), card_access[i].err);
		if (ca.n_pace != card_access[i].n_pace) {
			printf("FAIL %s: expected %zu PACEInfos, got %zu\n", card_access[i].what,
			       card_access[i].n_pace, ca.n_pace);
			failed++;
			continue;
		}
		if (card_access[i].err == EMRTD_OK) {
			/* Every proper prefix of a good file is an error. */
			for (size_t cut = 0; cut < n; cut++) {
				struct emrtd_card_access c2;
				if (emrtd_card_access_parse(buf, cut, &c2) == EMRTD_OK) {
					printf("FAIL %s cut at %zu: parsed\n", card_access[i].what, cut);
					failed++;
				}
			}
		}
		if (!ca.n_pace)
			continue;
		const struct emrtd_pace_info *pi = &ca.pace[0];
		if (pi->agreement != card_access[i].agreement || pi->mapping != card_access[i].mapping ||
		    pi->cipher != card_access[i].cipher || pi->version != card_access[i].version ||
		    pi->has_parameter_id != card_access[i].has_parameter_id ||
		    pi->parameter_id != card_access[i].parameter_id ||
		    emrtd_pace_supported(pi) != card_access[i].supported) {
			printf("FAIL %s: got agreement %d mapping %d cipher %d version %u param %d/%u "
			       "supported %d\n",
			       card_access[i].what, pi->agreement, pi->mapping, pi->cipher, pi->version,
			       pi->has_parameter_id, pi->parameter_id, emrtd_pace_supported(pi));
			failed++;
		}
	}
}

/* ---- the appendix G.1 run ---- */
static const struct g1 {
	const char *source, *card_access, *mrz_hash, *kpi, *mse, *z, *nonce;
	const char *map_priv, *map_pub, *chip_map_pub, *eph_priv, *eph_pub, *chip_eph_pub;
	const char *ks_enc, *ks_mac, *t_ifd, *t_ic, *ga4;
	const char *chip_map_priv, *chip_eph_priv;
} g1[] = {{
	"ICAO 9303-11 G.1",
	"31143012060A04007F0007020204020202010202010D",
	"7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD",
	"89DED1B26624EC1E634C1989302849DD",
	"0022C1A412800A04007F0007020204020283010184010D",
	"95A3A016522EE98D01E76CB6B98B42C3",
	"3F00C4D39D153F2B2A214A078D899B22",
	"7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99",
	"047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
	"544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D",
	"04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
	"30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54",
	"A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595",
	"042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
	"3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462",
	"049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
	"7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094",
	"F5F0E35C0D7161EE6724EE513A0D9A7F",
	"FE251C7858B356B24514B3BD5F4297D1",
	"C2B0BD78D94BA866",
	"3ABB9674BCE93C08",
	"008600000C7C0A8508C2B0BD78D94BA86600",
	/* The chip's private keys of G.1 (not in research §3.3; checked here
	 * by giving the chip's public keys of the table). */
	"498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560",
	"107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A",
}};

static const char g1_mapped[] =
	"048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
	"8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522";

static void test_g1(const struct g1 *v)
{
	uint8_t buf[256], hash[20], kpi[32], z[16], priv[66], pub[133], peer[133], tok[8];
	size_t n, zl, pl, peerl;
	char what[96];
	struct emrtd_card_access ca;
	struct emrtd_pace pace;

	n = hex_decode(v->card_access, buf, sizeof buf);
	CHECK_OK(v->source, emrtd_card_access_parse(buf, n, &ca));
	if (ca.n_pace != 1)
		return;
	hex_decode(v->mrz_hash, hash, sizeof hash);
	CHECK_OK("K_pi", emrtd_kdf(ca.pace[0].cipher, hash, 20, EMRTD_KDF_PACE, kpi));
	snprintf(what, sizeof what, "%s K_pi", v->source);
	expect(what, v->kpi, kpi, 16);
	CHECK_OK("MSE:Set AT", emrtd_pace_mse_set_at(&ca.pace[0], EMRTD_PACE_KEY_MRZ, buf,
	                                             sizeof buf, &n));
	snprintf(what, sizeof what, "%s MSE:Set AT", v->source);
	expect(what, v->mse, buf, n);

	CHECK_OK("init", emrtd_pace_init(&pace, &ca.pace[0]));
	zl = hex_decode(v->z, z, sizeof z);
	CHECK_OK("nonce", emrtd_pace_nonce_decrypt(&pace, kpi, z, zl));
	snprintf(what, sizeof what, "%s nonce s", v->source);
	expect(what, v->nonce, pace.nonce, pace.nonce_len);
	hex_decode(v->map_priv, priv, sizeof priv);
	CHECK_OK("map key", emrtd_pace_map_key(&pace, priv, pub, sizeof pub, &pl));
	snprintf(what, sizeof what, "%s terminal mapping key", v->source);
	expect(what, v->map_pub, pub, pl);
	CHECK_OK("GA 2", emrtd_pace_ga_build(false, 0x81, pub, pl, buf, sizeof buf, &n));
	snprintf(what, sizeof what, "%s GA step 2 header", v->source);
	expect(what, "10860000457C43814104", buf, 10);
	peerl = hex_decode(v->chip_map_pub, peer, sizeof peer);
	CHECK_OK("map", emrtd_pace_map(&pace, peer, peerl));
	snprintf(what, sizeof what, "%s mapped generator", v->source);
	expect(what, g1_mapped, pace.gen, pace.gen_len);
	hex_decode(v->eph_priv, priv, sizeof priv);
	CHECK_OK("eph key", emrtd_pace_eph_key(&pace, priv, pub, sizeof pub, &pl));
	snprintf(what, sizeof what, "%s terminal ephemeral key", v->source);
	expect(what, v->eph_pub, pub, pl);
	peerl = hex_decode(v->chip_eph_pub, peer, sizeof peer);
	CHECK_OK("agree", emrtd_pace_agree(&pace, peer, peerl));
	snprintf(what, sizeof what, "%s KS_enc", v->source);
	expect(what, v->ks_enc, pace.ks_enc, 16);
	snprintf(what, sizeof what, "%s KS_mac", v->source);
	expect(what, v->ks_mac, pace.ks_mac, 16);
	CHECK_OK("token", emrtd_pace_token(&pace, tok));
	snprintf(what, sizeof what, "%s T_IFD", v->source);
	expect(what, v->t_ifd, tok, 8);
	CHECK_OK("GA 4", emrtd_pace_ga_build(true, 0x85, tok, 8, buf, sizeof buf, &n));
	snprintf(what, sizeof what, "%s GA step 4", v->source);
	expect(what, v->ga4, buf, n);
	n = hex_decode(v->t_ic, buf, sizeof buf);
	CHECK_OK("T_IC", emrtd_pace_token_check(&pace, buf, n));
	buf[7] ^= 1;
	CHECK("T_IC with a bit flipped", emrtd_pace_token_check(&pace, buf, n), EMRTD_ERR_MAC);
	struct emrtd_sm sm;
	CHECK_OK("start SM", emrtd_pace_start_sm(&pace, &sm));
	static const uint8_t zero16[16];
	if (sm.cipher != EMRTD_CIPHER_AES128 || memcmp(sm.ssc, zero16, 16) != 0) {
		printf("FAIL %s: SM not AES-128 with SSC 0\n", v->source);
		failed++;
	}
	emrtd_sm_wipe(&sm);
	emrtd_pace_wipe(&pace);
	/* A step out of order is refused. */
	CHECK("map before init", emrtd_pace_map(&pace, peer, peerl), EMRTD_ERR_ARG);
}

/* The chip's side of G.1: z from the nonce, its keys, G', T_IC, and the
 * terminal's token checked. */
static void test_g1_chip(const struct g1 *v)
{
	uint8_t buf[64], hash[20], kpi[32], nonce[16], z[16], priv[66], pub[133], peer[133], tok[8];
	size_t n, zl, pl, peerl;
	char what[96];
	struct emrtd_card_access ca;
	struct emrtd_pace pace;
	n = hex_decode(v->card_access, buf, sizeof buf);
	CHECK_OK(v->source, emrtd_card_access_parse(buf, n, &ca));
	if (ca.n_pace != 1)
		return;
	hex_decode(v->mrz_hash, hash, sizeof hash);
	CHECK_OK("chip K_pi", emrtd_kdf(ca.pace[0].cipher, hash, 20, EMRTD_KDF_PACE, kpi));
	CHECK_OK("chip init", emrtd_pace_init(&pace, &ca.pace[0]));
	hex_decode(v->nonce, nonce, sizeof nonce);
	CHECK_OK("chip nonce", emrtd_pace_nonce_encrypt(&pace, kpi, nonce, z, sizeof z, &zl));
	snprintf(what, sizeof what, "%s chip: encrypted nonce", v->source);
	expect(what, v->z, z, zl);
	hex_decode(v->chip_map_priv, priv, sizeof priv);
	CHECK_OK("chip map key", emrtd_pace_map_key(&pace, priv, pub, sizeof pub, &pl));
	snprintf(what, sizeof what, "%s chip: mapping key", v->source);
	expect(what, v->chip_map_pub, pub, pl);
	peerl = hex_decode(v->map_pub, peer, sizeof peer);
	CHECK_OK("chip map", emrtd_pace_map(&pace, peer, peerl));
	snprintf(what, sizeof what, "%s chip: mapped generator", v->source);
	expect(what, g1_mapped, pace.gen, pace.gen_len);
	hex_decode(v->chip_eph_priv, priv, sizeof priv);
	CHECK_OK("chip eph key", emrtd_pace_eph_key(&pace, priv, pub, sizeof pub, &pl));
	snprintf(what, sizeof what, "%s chip: ephemeral key", v->source);
	expect(what, v->chip_eph_pub, pub, pl);
	peerl = hex_decode(v->eph_pub, peer, sizeof peer);
	CHECK_OK("chip agree", emrtd_pace_agree(&pace, peer, peerl));
	snprintf(what, sizeof what, "%s chip: KS_enc", v->source);
	expect(what, v->ks_enc, pace.ks_enc, 16);
	n = hex_decode(v->t_ifd, buf, sizeof buf);
	CHECK_OK("chip: T_IFD", emrtd_pace_token_check(&pace, buf, n));
	CHECK_OK("chip token", emrtd_pace_token(&pace, tok));
	snprintf(what, sizeof what, "%s chip: T_IC", v->source);
	expect(what, v->t_ic, tok, 8);
	emrtd_pace_wipe(&pace);
	emrtd_wipe(kpi, sizeof kpi);
}

/* GA coding and parsing: research §3.3 step 1 and 4 answers. */
static void test_ga(void)
{
	uint8_t buf[64];
	size_t n;
	const uint8_t *val;
	size_t vl;
	CHECK_OK("GA 1", emrtd_pace_ga_build(false, 0, NULL, 0, buf, sizeof buf, &n));
	expect("G.1 GA step 1", "10860000027C0000", buf, n);
	n = hex_decode("7C12801095A3A016522EE98D01E76CB6B98B42C3", buf, sizeof buf);
	CHECK_OK("GA 1 answer", emrtd_pace_ga_parse(buf, n, 0x80, &val, &vl));
	if (val)
		expect("G.1 GA step 1 nonce", "95A3A016522EE98D01E76CB6B98B42C3", val, vl);
	CHECK("GA answer without the object", emrtd_pace_ga_parse(buf, n, 0x82, &val, &vl),
	      EMRTD_ERR_SM_MISSING_DO);
	for (size_t cut = 0; cut < n; cut++)
		if (emrtd_pace_ga_parse(buf, cut, 0x80, &val, &vl) == EMRTD_OK) {
			printf("FAIL GA answer cut at %zu parsed\n", cut);
			failed++;
		}
	buf[0] = 0x7D;
	CHECK("GA answer not 7C", emrtd_pace_ga_parse(buf, n, 0x80, &val, &vl), EMRTD_ERR_BAD_TAG);
}

/* ---- both roles, random keys ---- */
static const struct {
	uint32_t param;
	enum emrtd_cipher cipher;
} runs[] = {
	{13, EMRTD_CIPHER_AES128}, {13, EMRTD_CIPHER_3DES}, {16, EMRTD_CIPHER_AES192},
	{17, EMRTD_CIPHER_AES256}, {12, EMRTD_CIPHER_AES128}, {15, EMRTD_CIPHER_AES256},
	{18, EMRTD_CIPHER_AES256}, {18, EMRTD_CIPHER_3DES},
};

static void info_for(uint32_t param, enum emrtd_cipher c, struct emrtd_pace_info *pi)
{
	static const uint8_t oid[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x00};
	memset(pi, 0, sizeof *pi);
	memcpy(pi->oid, oid, sizeof oid);
	pi->oid[9] = (uint8_t)(c == EMRTD_CIPHER_3DES ? 1 : c == EMRTD_CIPHER_AES128 ? 2
	                       : c == EMRTD_CIPHER_AES192 ? 3 : 4);
	pi->agreement = EMRTD_PACE_ECDH;
	pi->mapping = EMRTD_PACE_GM;
	pi->cipher = c;
	pi->version = 2;
	pi->has_parameter_id = true;
	pi->parameter_id = param;
}

/* One run; wrong_password makes the terminal use another CAN. */
static void run_both(uint32_t param, enum emrtd_cipher c, bool wrong_password)
{
	struct emrtd_pace_info pi;
	struct emrtd_pace ifd, icc;
	struct emrtd_sm sm_ifd, sm_icc;
	uint8_t kpi_ifd[32], kpi_icc[32], z[16], a[133], b[133], t_ifd[8], t_icc[8];
	size_t zl, al, bl;
	char what[96];
	const char *name = emrtd_pace_param_name(param, NULL);
	snprintf(what, sizeof what, "%s cipher %d%s", name ? name : "?", c,
	         wrong_password ? " wrong CAN" : "");
	info_for(param, c, &pi);
	CHECK_OK(what, emrtd_kdf(c, (const uint8_t *)"123456", 6, EMRTD_KDF_PACE, kpi_icc));
	CHECK_OK(what, emrtd_kdf(c, (const uint8_t *)(wrong_password ? "123457" : "123456"), 6,
	                         EMRTD_KDF_PACE, kpi_ifd));
	CHECK_OK(what, emrtd_pace_init(&ifd, &pi));
	CHECK_OK(what, emrtd_pace_init(&icc, &pi));
	CHECK_OK(what, emrtd_pace_nonce_encrypt(&icc, kpi_icc, NULL, z, sizeof z, &zl));
	CHECK_OK(what, emrtd_pace_nonce_decrypt(&ifd, kpi_ifd, z, zl));
	CHECK_OK(what, emrtd_pace_map_key(&ifd, NULL, a, sizeof a, &al));
	CHECK_OK(what, emrtd_pace_map_key(&icc, NULL, b, sizeof b, &bl));
	CHECK_OK(what, emrtd_pace_map(&ifd, b, bl));
	CHECK_OK(what, emrtd_pace_map(&icc, a, al));
	if (!wrong_password && (ifd.gen_len != icc.gen_len ||
	                        memcmp(ifd.gen, icc.gen, ifd.gen_len) != 0)) {
		printf("FAIL %s: the two sides mapped different generators\n", what);
		failed++;
	}
	CHECK_OK(what, emrtd_pace_eph_key(&ifd, NULL, a, sizeof a, &al));
	CHECK_OK(what, emrtd_pace_eph_key(&icc, NULL, b, sizeof b, &bl));
	/* The chip must refuse its own key echoed back. */
	struct emrtd_pace echo = icc;
	CHECK("own key echoed", emrtd_pace_agree(&echo, b, bl), EMRTD_ERR_BAC_BAD_RESPONSE);
	emrtd_pace_wipe(&echo);
	/* A point off the curve. */
	echo = icc;
	a[al - 1] ^= 1;
	CHECK("key off the curve", emrtd_pace_agree(&echo, a, al), EMRTD_ERR_BAC_BAD_RESPONSE);
	a[al - 1] ^= 1;
	emrtd_pace_wipe(&echo);
	CHECK_OK(what, emrtd_pace_agree(&ifd, b, bl));
	CHECK_OK(what, emrtd_pace_agree(&icc, a, al));
	CHECK_OK(what, emrtd_pace_token(&ifd, t_ifd));
	CHECK_OK(what, emrtd_pace_token(&icc, t_icc));
	CHECK(what, emrtd_pace_token_check(&icc, t_ifd, 8),
	      wrong_password ? EMRTD_ERR_MAC : EMRTD_OK);
	CHECK(what, emrtd_pace_token_check(&ifd, t_icc, 8),
	      wrong_password ? EMRTD_ERR_MAC : EMRTD_OK);
	if (!wrong_password) {
		/* One protected SELECT each way on the new channel. */
		uint8_t cmd[64], wrapped[128], plain[64], resp[128];
		size_t n, wl, rl, dl;
		struct emrtd_apdu ap;
		uint16_t sw = 0;
		n = hex_decode("00A4020C02011E", cmd, sizeof cmd);
		CHECK_OK(what, emrtd_pace_start_sm(&ifd, &sm_ifd));
		CHECK_OK(what, emrtd_pace_start_sm(&icc, &sm_icc));
		CHECK_OK(what, emrtd_sm_wrap_command(&sm_ifd, cmd, n, wrapped, sizeof wrapped, &wl));
		CHECK_OK(what, emrtd_sm_unwrap_command(&sm_icc, wrapped, wl, plain, sizeof plain, &ap));
		if (ap.nc != 2 || memcmp(ap.data, "\x01\x1E", 2) != 0) {
			printf("FAIL %s: the chip opened another command\n", what);
			failed++;
		}
		CHECK_OK(what, emrtd_sm_wrap_response(&sm_icc, NULL, 0, 0x9000, resp, sizeof resp, &rl));
		CHECK_OK(what, emrtd_sm_unwrap_response(&sm_ifd, resp, rl, plain, sizeof plain, &dl,
		                                        &sw));
		if (sw != 0x9000) {
			printf("FAIL %s: status %04X\n", what, sw);
			failed++;
		}
		emrtd_sm_wipe(&sm_ifd);
		emrtd_sm_wipe(&sm_icc);
	}
	emrtd_pace_wipe(&ifd);
	emrtd_pace_wipe(&icc);
	emrtd_wipe(kpi_ifd, sizeof kpi_ifd);
	emrtd_wipe(kpi_icc, sizeof kpi_icc);
}

int main(void)
{
	test_card_access();
	test_ga();
	for (size_t i = 0; i < sizeof g1 / sizeof g1[0]; i++) {
		test_g1(&g1[i]);
		test_g1_chip(&g1[i]);
	}
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		run_both(runs[i].param, runs[i].cipher, false);
		run_both(runs[i].param, runs[i].cipher, true);
	}
	printf("pace: %d failed\n", failed);
	return failed ? 1 : 0;
}
