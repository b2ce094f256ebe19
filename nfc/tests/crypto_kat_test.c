/* crypto_kat_test.c - known answers: ICAO 9303-11 appendix D (BAC key
 * derivation, mutual authentication, 3DES secure messaging while reading
 * EF.COM), the AES-256 secure messaging exchange recomputed in
 * research/emrtd.md §3.2, the PACE K_pi derivation of appendix G.1, and
 * RFC 4493 AES-CMAC.  Both roles run every exchange: the terminal must
 * produce the protected command byte for byte and open the response, the
 * chip must open the command and produce the response byte for byte. */
#include <stdio.h>
#include <string.h>

#include "emrtd_crypto.h"
#include "hex.h"

static int failed;

#define CHECK_OK(what, expr)                                                            \
	do {                                                                                \
		enum emrtd_err e_ = (expr);                                                     \
		if (e_ != EMRTD_OK) {                                                           \
			printf("FAIL %s: expected success, got %s\n", what, emrtd_err_str(e_));  \
			failed++;                                                                   \
		}                                                                               \
	} while (0)

static void expect(const char *what, const char *hex, const uint8_t *p, size_t n)
{
	failed += hex_expect(what, hex, p, n);
}

/* ---- BAC key derivation, appendix D.2 ---- */
static const struct {
	const char *doc, *birth, *expiry;
	char doc_c, birth_c, expiry_c;
	const char *seed, *kenc, *kmac, *source;
} bac_keys[] = {
	{"L898902C<", "690806", "940623", '3', '1', '6', "239AB9CB282DAF66231DC5A4DF6BFBAE",
	 "AB94FDECF2674FDFB9B391F85D7F76F2", "7962D9ECE03D1ACD4C76089DCE131543",
	 "ICAO 9303-11 D.2"},
	/* A short number is padded with '<' to 9 characters. */
	{"L898902C", "690806", "940623", '3', '1', '6', "239AB9CB282DAF66231DC5A4DF6BFBAE",
	 "AB94FDECF2674FDFB9B391F85D7F76F2", "7962D9ECE03D1ACD4C76089DCE131543",
	 "D.2 with the filler left out"},
	/* Appendix G.1's MRZ: K_seed is the first 16 bytes of SHA-1 7E2D2A41... */
	{"T22000129", "640812", "101031", '3', '5', '8', "7E2D2A41C74EA0B38CD36F863939BFA8",
	 NULL, NULL, "ICAO 9303-11 G.1"},
};

static void test_bac_keys(void)
{
	for (size_t i = 0; i < sizeof bac_keys / sizeof bac_keys[0]; i++) {
		uint8_t seed[16];
		struct emrtd_bac_keys k;
		char what[96];
		snprintf(what, sizeof what, "%s K_seed", bac_keys[i].source);
		CHECK_OK(what, emrtd_bac_seed(bac_keys[i].doc, bac_keys[i].doc_c, bac_keys[i].birth,
		                              bac_keys[i].birth_c, bac_keys[i].expiry,
		                              bac_keys[i].expiry_c, seed));
		expect(what, bac_keys[i].seed, seed, 16);
		if (!bac_keys[i].kenc)
			continue;
		CHECK_OK(what, emrtd_bac_keys_derive(seed, &k));
		snprintf(what, sizeof what, "%s K_enc", bac_keys[i].source);
		expect(what, bac_keys[i].kenc, k.enc, 16);
		snprintf(what, sizeof what, "%s K_mac", bac_keys[i].source);
		expect(what, bac_keys[i].kmac, k.mac, 16);
	}
}

/* The seed refuses fields that cannot be an access key. */
static const struct {
	const char *doc, *birth, *expiry;
	char doc_c, birth_c, expiry_c;
	const char *why;
} bad_seeds[] = {
	{"", "690806", "940623", '3', '1', '6', "empty document number"},
	{"L898902C<", "6908", "940623", '3', '1', '6', "short birth date"},
	{"L898902C<", "690806", "9406231", '3', '1', '6', "long expiry date"},
	{"l898902c<", "690806", "940623", '3', '1', '6', "lower case"},
	{"L898902C<", "690806", "940623", '<', '1', '6', "filler as check digit"},
	{"L898902C<0123456789ABCDEFG", "690806", "940623", '3', '1', '6', "25-character number"},
};

static void test_bad_seeds(void)
{
	for (size_t i = 0; i < sizeof bad_seeds / sizeof bad_seeds[0]; i++) {
		uint8_t seed[16];
		enum emrtd_err e = emrtd_bac_seed(bad_seeds[i].doc, bad_seeds[i].doc_c, bad_seeds[i].birth,
		                                  bad_seeds[i].birth_c, bad_seeds[i].expiry,
		                                  bad_seeds[i].expiry_c, seed);
		if (e != EMRTD_ERR_MRZ) {
			printf("FAIL seed %s: expected %s, got %s\n", bad_seeds[i].why,
			       emrtd_err_str(EMRTD_ERR_MRZ), emrtd_err_str(e));
			failed++;
		}
	}
}

/* ---- BAC mutual authentication, appendix D.3 ---- */
static void test_bac_mutual(void)
{
	uint8_t seed[16], rnd_ic[8], rnd_ifd[8], k_ifd[16], k_ic[16], cmd[40], resp[64];
	struct emrtd_bac_keys k;
	struct emrtd_sm ifd, icc;
	hex_decode("4608F91988702212", rnd_ic, 8);
	hex_decode("781723860C06C226", rnd_ifd, 8);
	hex_decode("0B795240CB7049B01C19B33E32804F0B", k_ifd, 16);
	hex_decode("0B4F80323EB3191CB04970CB4052790B", k_ic, 16);
	CHECK_OK("D.3 seed", emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed));
	CHECK_OK("D.3 keys", emrtd_bac_keys_derive(seed, &k));
	CHECK_OK("D.3 EXTERNAL AUTHENTICATE data", emrtd_bac_ifd_request(&k, rnd_ic, rnd_ifd, k_ifd, cmd));
	expect("D.3 E_IFD||M_IFD",
	       "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7",
	       cmd, 40);
	CHECK_OK("D.3 chip answer", emrtd_bac_icc_answer(&k, rnd_ic, k_ic, cmd, 40, resp, &icc));
	expect("D.3 E_IC||M_IC",
	       "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449",
	       resp, 40);
	CHECK_OK("D.3 terminal finish", emrtd_bac_ifd_finish(&k, rnd_ic, rnd_ifd, k_ifd, resp, 40, &ifd));
	expect("D.3 KS_enc (terminal)", "979EC13B1CBFE9DCD01AB0FED307EAE5", ifd.enc, 16);
	expect("D.3 KS_mac (terminal)", "F1CB1F1FB5ADF208806B89DC579DC1F8", ifd.mac, 16);
	expect("D.3 SSC (terminal)", "887022120C06C226", ifd.ssc, 8);
	expect("D.3 KS_enc (chip)", "979EC13B1CBFE9DCD01AB0FED307EAE5", icc.enc, 16);
	expect("D.3 KS_mac (chip)", "F1CB1F1FB5ADF208806B89DC579DC1F8", icc.mac, 16);
	expect("D.3 SSC (chip)", "887022120C06C226", icc.ssc, 8);

	/* Negative: a flipped MAC bit, a wrong challenge, a wrong length. */
	uint8_t bad[40];
	memcpy(bad, cmd, 40);
	bad[39] ^= 1;
	enum emrtd_err e = emrtd_bac_icc_answer(&k, rnd_ic, k_ic, bad, 40, resp, &icc);
	if (e != EMRTD_ERR_MAC) {
		printf("FAIL D.3 chip, flipped MAC: expected %s got %s\n", emrtd_err_str(EMRTD_ERR_MAC), emrtd_err_str(e));
		failed++;
	}
	uint8_t other_ic[8];
	memcpy(other_ic, rnd_ic, 8);
	other_ic[0] ^= 0x80;
	e = emrtd_bac_icc_answer(&k, other_ic, k_ic, cmd, 40, resp, &icc);
	if (e != EMRTD_ERR_BAC_BAD_RESPONSE) {
		printf("FAIL D.3 chip, stale challenge: expected %s got %s\n",
		       emrtd_err_str(EMRTD_ERR_BAC_BAD_RESPONSE), emrtd_err_str(e));
		failed++;
	}
	e = emrtd_bac_ifd_finish(&k, other_ic, rnd_ifd, k_ifd, resp, 40, &ifd);
	if (e != EMRTD_ERR_BAC_BAD_RESPONSE && e != EMRTD_ERR_MAC) {
		printf("FAIL D.3 terminal, wrong nonce: expected an error, got %s\n", emrtd_err_str(e));
		failed++;
	}
	e = emrtd_bac_ifd_finish(&k, rnd_ic, rnd_ifd, k_ifd, resp, 39, &ifd);
	if (e != EMRTD_ERR_BAD_LENGTH) {
		printf("FAIL D.3 terminal, 39 bytes: expected %s got %s\n",
		       emrtd_err_str(EMRTD_ERR_BAD_LENGTH), emrtd_err_str(e));
		failed++;
	}
	emrtd_sm_wipe(&ifd);
	emrtd_sm_wipe(&icc);
}

/* ---- secure messaging exchanges ---- */
struct sm_step {
	const char *plain_cmd;   /* unprotected command APDU */
	const char *prot_cmd;    /* protected command APDU */
	const char *plain_data;  /* response data */
	const char *prot_resp;   /* protected response APDU incl. SW */
};

struct sm_vector {
	const char *source;
	enum emrtd_cipher cipher;
	const char *enc, *mac, *ssc, *final_ssc;
	struct sm_step steps[4];
};

static const struct sm_vector sm_vectors[] = {
	{"ICAO 9303-11 D.4 (3DES)", EMRTD_CIPHER_3DES, "979EC13B1CBFE9DCD01AB0FED307EAE5",
	 "F1CB1F1FB5ADF208806B89DC579DC1F8", "887022120C06C226", "887022120C06C22C",
	 {{"00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800", "",
	   "990290008E08FA855A5D4C50A8ED9000"},
	  {"00B0000004", "0CB000000D9701048E08ED6705417E96BA5500", "60145F01",
	   "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"},
	  {"00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500", "04303130365F36063034303030305C026175",
	   "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"},
	  {NULL, NULL, NULL, NULL}}},
	{"AES-256 SM (research §3.2, gmrtd)", EMRTD_CIPHER_AES256,
	 "74B94F408BBB2CD92571FD5B6370A94CCE7A2FA42AE3EB4DA47B97CE6EAA24C6",
	 "9E28D5D9FF1D979BE752E8926BF0E1D35A440FC0AEFC4AA3BC5610055AC8B113",
	 "00000000000000000000000000000020", "00000000000000000000000000000026",
	 {{"00A4020C02011E", "0CA4020C1D8711011D35E7EB510E21A0DD12380D9AD2B92D8E0828CB68B81D3FAFC000", "",
	   "990290008E08E083EAA61ADABFCE9000"},
	  {"00B0000004", "0CB000000D9701048E084AFC933E0CDBE5F000", "60185F01",
	   "871101D8059A9CF835105082CA2B1837E4AEC0990290008E08B36DB56761D706BB9000"},
	  {"00B0000416", "0CB000040D9701168E0811F7EFC907D1F27400",
	   "04303130385F36063034303030305C06617563766D6E",
	   "87210142E919C115FAF69350B01813D77A9E8D91912A7F717AFD073F199070E61B79C6990290008E083382E3D983F441369000"},
	  {NULL, NULL, NULL, NULL}}},
};

static void test_sm(const struct sm_vector *v)
{
	uint8_t enc[32], mac[32], ssc[16], buf[512], out[512], exp[512];
	size_t kl = emrtd_cipher_key_len(v->cipher), bl = emrtd_cipher_block_len(v->cipher);
	struct emrtd_sm ifd, icc;
	char what[160];
	hex_decode(v->enc, enc, sizeof enc);
	hex_decode(v->mac, mac, sizeof mac);
	hex_decode(v->ssc, ssc, sizeof ssc);
	CHECK_OK(v->source, emrtd_sm_init(&ifd, v->cipher, enc, mac, ssc));
	CHECK_OK(v->source, emrtd_sm_init(&icc, v->cipher, enc, mac, ssc));
	(void)kl;
	for (int i = 0; v->steps[i].plain_cmd; i++) {
		const struct sm_step *s = &v->steps[i];
		size_t n = hex_decode(s->plain_cmd, buf, sizeof buf), len = 0;
		snprintf(what, sizeof what, "%s step %d: terminal wraps %s", v->source, i + 1, s->plain_cmd);
		CHECK_OK(what, emrtd_sm_wrap_command(&ifd, buf, n, out, sizeof out, &len));
		expect(what, s->prot_cmd, out, len);

		struct emrtd_apdu a, want;
		uint8_t data[256];
		snprintf(what, sizeof what, "%s step %d: chip unwraps the command", v->source, i + 1);
		n = hex_decode(s->prot_cmd, buf, sizeof buf);
		CHECK_OK(what, emrtd_sm_unwrap_command(&icc, buf, n, data, sizeof data, &a));
		size_t pn = hex_decode(s->plain_cmd, exp, sizeof exp);
		CHECK_OK(what, emrtd_apdu_parse(exp, pn, &want));
		if (a.cla != want.cla || a.ins != want.ins || a.p1 != want.p1 || a.p2 != want.p2 ||
		    a.nc != want.nc || a.has_le != want.has_le || a.ne != want.ne ||
		    (a.nc && memcmp(a.data, want.data, a.nc))) {
			printf("FAIL %s\n  expected %s\n  got header %02X%02X%02X%02X nc %zu data %s le %d/%zu\n",
			       what, s->plain_cmd, a.cla, a.ins, a.p1, a.p2, a.nc, hex_str(a.data, a.nc),
			       a.has_le, a.ne);
			failed++;
		}

		snprintf(what, sizeof what, "%s step %d: chip wraps the response", v->source, i + 1);
		pn = hex_decode(s->plain_data, exp, sizeof exp);
		CHECK_OK(what, emrtd_sm_wrap_response(&icc, exp, pn, 0x9000, out, sizeof out, &len));
		expect(what, s->prot_resp, out, len);

		snprintf(what, sizeof what, "%s step %d: terminal unwraps the response", v->source, i + 1);
		n = hex_decode(s->prot_resp, buf, sizeof buf);
		uint16_t sw = 0;
		CHECK_OK(what, emrtd_sm_unwrap_response(&ifd, buf, n, out, sizeof out, &len, &sw));
		expect(what, s->plain_data, out, len);
		if (sw != 0x9000) {
			printf("FAIL %s: expected SW 9000 got %04X\n", what, sw);
			failed++;
		}
	}
	snprintf(what, sizeof what, "%s final SSC (terminal)", v->source);
	expect(what, v->final_ssc, ifd.ssc, bl);
	snprintf(what, sizeof what, "%s final SSC (chip)", v->source);
	expect(what, v->final_ssc, icc.ssc, bl);
	emrtd_sm_wipe(&ifd);
	emrtd_sm_wipe(&icc);
	if (ifd.active || ifd.enc[0] || ifd.mac[0]) {
		printf("FAIL %s: emrtd_sm_wipe left key material\n", v->source);
		failed++;
	}
}

/* ---- KDF for PACE and AES, CMAC ---- */
static void test_kdf_cmac(void)
{
	uint8_t h[20], k[32], m[16], msg[64];
	/* G.1: K_pi = SHA-1(SHA-1(MRZ_information) || 00000003), 16 bytes. */
	hex_decode("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD", h, 20);
	CHECK_OK("G.1 K_pi", emrtd_kdf(EMRTD_CIPHER_AES128, h, 20, EMRTD_KDF_PACE, k));
	expect("G.1 K_pi", "89DED1B26624EC1E634C1989302849DD", k, 16);
	/* G.1: KS_enc / KS_mac from the shared secret. */
	uint8_t s[32];
	hex_decode("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925", s, 32);
	CHECK_OK("G.1 KS_enc", emrtd_kdf(EMRTD_CIPHER_AES128, s, 32, EMRTD_KDF_ENC, k));
	expect("G.1 KS_enc", "F5F0E35C0D7161EE6724EE513A0D9A7F", k, 16);
	CHECK_OK("G.1 KS_mac", emrtd_kdf(EMRTD_CIPHER_AES128, s, 32, EMRTD_KDF_MAC, k));
	expect("G.1 KS_mac", "FE251C7858B356B24514B3BD5F4297D1", k, 16);
	/* D.3: session keys from K.IFD xor K.IC. */
	hex_decode("0036D272F5C350ACAC50C3F572D23600", s, 16);
	CHECK_OK("D.3 KS_enc", emrtd_kdf(EMRTD_CIPHER_3DES, s, 16, EMRTD_KDF_ENC, k));
	expect("D.3 KS_enc", "979EC13B1CBFE9DCD01AB0FED307EAE5", k, 16);

	/* RFC 4493 section 4. */
	uint8_t key[16];
	hex_decode("2B7E151628AED2A6ABF7158809CF4F3C", key, 16);
	CHECK_OK("RFC 4493 empty", emrtd_aes_cmac(key, 16, msg, 0, m));
	expect("RFC 4493 example 1 (empty)", "BB1D6929E95937287FA37D129B756746", m, 16);
	hex_decode("6BC1BEE22E409F96E93D7E117393172A", msg, 16);
	CHECK_OK("RFC 4493 16", emrtd_aes_cmac(key, 16, msg, 16, m));
	expect("RFC 4493 example 2 (16 bytes)", "070A16B46B4D4144F79BDD9DD04A287C", m, 16);
	size_t n = hex_decode("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411",
	                      msg, sizeof msg);
	CHECK_OK("RFC 4493 40", emrtd_aes_cmac(key, 16, msg, n, m));
	expect("RFC 4493 example 3 (40 bytes)", "DFA66747DE9AE63030CA32611497C827", m, 16);

	/* D.3: M_IFD is the retail MAC of E_IFD padded. */
	n = hex_decode("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2", msg, sizeof msg);
	hex_decode("7962D9ECE03D1ACD4C76089DCE131543", key, 16);
	CHECK_OK("D.3 M_IFD", emrtd_mac(EMRTD_CIPHER_3DES, key, msg, n, m));
	expect("D.3 M_IFD", "5F1448EEA8AD90A7", m, 8);
}

int main(void)
{
	test_bac_keys();
	test_bad_seeds();
	test_bac_mutual();
	for (size_t i = 0; i < sizeof sm_vectors / sizeof sm_vectors[0]; i++)
		test_sm(&sm_vectors[i]);
	test_kdf_cmac();
	printf("crypto known answers: %d failed\n", failed);
	return failed ? 1 : 0;
}
