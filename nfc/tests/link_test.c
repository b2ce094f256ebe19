/* link_test.c - what the libnfc and PC/SC transports share
 * (emrtd_link.h), as tables: a command and the card's scripted answers ->
 * the commands sent, the answer the session sees and the error; then ATRs
 * (ISO 7816-3 section 8, ISO 7816-4 section 8.1.1 compact TLV) -> the
 * protocols and the extended-length capability. */
#include <stdio.h>
#include <string.h>

#include "emrtd_link.h"
#include "hex.h"

static int failed;

/* ---- the APDU exchange ---------------------------------------------------- */

/* One exchange the card model expects: the command it must receive and
 * what it answers (hex), or an error. */
struct step {
	const char *cmd;
	const char *resp;
	enum emrtd_err err;
};

struct script {
	const struct step *steps;
	size_t n, at;
	bool repeat_last;   /* the card answers the last step for ever */
	const char *what;
};

static enum emrtd_err scripted(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                               size_t cap, size_t *resp_len, int timeout_ms)
{
	struct script *s = ctx;
	(void)timeout_ms;
	*resp_len = 0;
	if (s->at >= s->n && !(s->repeat_last && s->n)) {
		printf("FAIL %s: unexpected command %s\n", s->what, hex_str(cmd, n));
		failed++;
		return EMRTD_ERR_TRANSPORT;
	}
	const struct step *st = &s->steps[s->at < s->n ? s->at : s->n - 1];
	s->at++;
	char what[160];
	snprintf(what, sizeof what, "%s: command %zu", s->what, s->at);
	failed += hex_expect(what, st->cmd, cmd, n) != 0;
	if (st->err)
		return st->err;
	uint8_t buf[600];
	size_t rn = hex_decode(st->resp, buf, sizeof buf);
	if (rn > cap)
		return EMRTD_ERR_TOO_BIG;  /* as libnfc and PC/SC say it */
	memcpy(resp, buf, rn);
	*resp_len = rn;
	return EMRTD_OK;
}

#define MAX_STEPS 4
static const struct {
	const char *what;
	bool extended;
	const char *cmd;
	struct step steps[MAX_STEPS];
	size_t cap;          /* 0: 512 */
	bool repeat_last;
	enum emrtd_err err;
	const char *resp;    /* what the session sees */
} rows[] = {
	{"plain answer", false, "00A4040C07A0000002471001", {{"00A4040C07A0000002471001", "9000", 0}},
	 0, false, EMRTD_OK, "9000"},
	{"61xx twice: GET RESPONSE with Le xx, pieces joined", false, "00B0000000",
	 {{"00B0000000", "0102 6103", 0}, {"00C0000003", "030405 6102", 0}, {"00C0000002", "0607 9000", 0}},
	 0, false, EMRTD_OK, "01020304050607 9000"},
	{"6100: GET RESPONSE for 256", false, "00B0000000",
	 {{"00B0000000", "6100", 0}, {"00C0000000", "AA 9000", 0}}, 0, false, EMRTD_OK, "AA9000"},
	{"logical channel kept in GET RESPONSE", false, "01B0000000",
	 {{"01B0000000", "6101", 0}, {"01C0000001", "AA 9000", 0}}, 0, false, EMRTD_OK, "AA9000"},
	{"secure messaging class dropped in GET RESPONSE", false, "0CB000000D970100 8E08 0102030405060708 00",
	 {{"0CB000000D9701008E08010203040506070800", "990290008E08 6110", 0},
	  {"00C0000010", "0102030405060708090A0B0C0D0E0F10 9000", 0}},
	 0, false, EMRTD_OK, "990290008E08 0102030405060708090A0B0C0D0E0F10 9000"},
	{"proprietary class: GET RESPONSE with class 00", false, "80CA9F7F00",
	 {{"80CA9F7F00", "6101", 0}, {"00C0000001", "AA 9000", 0}}, 0, false, EMRTD_OK, "AA9000"},
	{"6Cxx passes to the session untouched", false, "00B0000000",
	 {{"00B0000000", "6C10", 0}}, 0, false, EMRTD_OK, "6C10"},
	{"an answer without a status word passes through", false, "00B0000000",
	 {{"00B0000000", "90", 0}}, 0, false, EMRTD_OK, "90"},
	{"card lost during GET RESPONSE", false, "00B0000000",
	 {{"00B0000000", "01 6101", 0}, {"00C0000001", "", EMRTD_ERR_CARD_LOST}},
	 0, false, EMRTD_ERR_CARD_LOST, ""},
	{"the pieces overflow the caller's buffer", false, "00B0000000",
	 {{"00B0000000", "010203 6104", 0}, {"00C0000004", "04050607 9000", 0}},
	 8, false, EMRTD_ERR_TOO_BIG, ""},
	{"a card that says 61xx for ever", false, "00B0000000",
	 {{"00B0000000", "6100", 0}, {"00C0000000", "6100", 0}}, 0, true, EMRTD_ERR_TRANSPORT, ""},
	{"extended Le, card without extended length: not sent", false, "00B00000000100",
	 {{"", "", 0}}, 0, false, EMRTD_ERR_UNSUPPORTED, ""},
	{"extended Lc, card without extended length: not sent", false, "00860000000003 7C0100",
	 {{"", "", 0}}, 0, false, EMRTD_ERR_UNSUPPORTED, ""},
	{"extended Le, card with extended length: sent", true, "00B00000000100",
	 {{"00B00000000100", "01 9000", 0}}, 0, false, EMRTD_OK, "019000"},
	{"malformed command goes out as it is", false, "00B000",
	 {{"00B000", "6700", 0}}, 0, false, EMRTD_OK, "6700"},
};

static void test_exchange(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t n_steps = 0;
		while (n_steps < MAX_STEPS && rows[i].steps[n_steps].cmd && rows[i].steps[n_steps].cmd[0])
			n_steps++;
		struct script s = {rows[i].steps, n_steps, 0, rows[i].repeat_last, rows[i].what};
		struct emrtd_link l = {scripted, &s, rows[i].extended};
		uint8_t cmd[300], resp[512];
		size_t cn = hex_decode(rows[i].cmd, cmd, sizeof cmd), rn = 99;
		size_t cap = rows[i].cap ? rows[i].cap : sizeof resp;
		enum emrtd_err e = emrtd_link_transceive(&l, cmd, cn, resp, cap, &rn, 1000);
		if (e != rows[i].err) {
			printf("FAIL %s: expected %s, got %s\n", rows[i].what, emrtd_err_str(rows[i].err),
			       emrtd_err_str(e));
			failed++;
			continue;
		}
		if (e == EMRTD_OK)
			failed += hex_expect(rows[i].what, rows[i].resp, resp, rn) != 0;
		else if (rn != 0) {
			printf("FAIL %s: an error with %zu answer bytes\n", rows[i].what, rn);
			failed++;
		}
		size_t want_calls = rows[i].repeat_last ? EMRTD_LINK_MAX_ROUNDS + 1 : n_steps;
		if (s.at != want_calls) {
			printf("FAIL %s: expected %zu exchanges, got %zu\n", rows[i].what, want_calls, s.at);
			failed++;
		}
	}
}

/* ---- ATRs ----------------------------------------------------------------- */

static const struct {
	const char *what;
	const char *atr;
	enum emrtd_err err;
	bool t0, t1, extended;
	size_t historical;
} atrs[] = {
	{"PC/SC contactless (ATS historical byte 80), the virtual chip's", "3B81800180 80",
	 EMRTD_OK, true, true, false, 1},
	{"card capabilities with extended Lc/Le", "3B858001 80 73000040 00", EMRTD_OK, true, true, true, 5},
	{"card capabilities with command chaining only", "3B858001 80 73000080 00", EMRTD_OK, true, true,
	 false, 5},
	{"category 00: capabilities before the status indicator", "3B888001 00 73000040 00 9000 00",
	 EMRTD_OK, true, true, true, 8},
	{"category 00: the status bytes are not capabilities", "3B858001 00 7300 0040 00", EMRTD_OK,
	 true, true, false, 5},
	{"capabilities after another object", "3B878001 80 41AA 73000040 00", EMRTD_OK, true, true,
	 true, 7},
	{"short capabilities (one byte)", "3B838001 80 7140 00", EMRTD_OK, true, true, false, 3},
	{"object running past the historical bytes", "3B838001 80 7500 00", EMRTD_OK, true, true,
	 false, 3},
	{"T=0 only, no TD1, no check byte", "3B021450", EMRTD_OK, true, false, false, 2},
	{"T=1 only with TA1 TB1 TC1 and TA2", "3BF81300008131FE 45 4A434F50 76323431 B7", EMRTD_OK,
	 false, true, false, 8},
	{"inverse convention TS", "3F021450", EMRTD_OK, true, false, false, 2},
	{"TS neither 3B nor 3F", "3A021450", EMRTD_ERR_BAD_TAG, false, false, false, 0},
	{"interface bytes cut", "3B8180", EMRTD_ERR_TRUNCATED, false, false, false, 0},
	{"historical bytes cut", "3B858001 8073", EMRTD_ERR_TRUNCATED, false, false, false, 0},
	{"check byte missing", "3B81800180", EMRTD_ERR_BAD_LENGTH, false, false, false, 0},
	{"bytes after the end", "3B021450 00", EMRTD_ERR_BAD_LENGTH, false, false, false, 0},
	{"TS only", "3B", EMRTD_ERR_TRUNCATED, false, false, false, 0},
};

static void test_atr(void)
{
	for (size_t i = 0; i < sizeof atrs / sizeof atrs[0]; i++) {
		uint8_t b[64];
		size_t n = hex_decode(atrs[i].atr, b, sizeof b);
		struct emrtd_atr a;
		enum emrtd_err e = emrtd_atr_parse(b, n, &a);
		if (e != atrs[i].err) {
			printf("FAIL ATR %s: expected %s, got %s\n", atrs[i].what,
			       emrtd_err_str(atrs[i].err), emrtd_err_str(e));
			failed++;
			continue;
		}
		if (e)
			continue;
		if (a.t0 != atrs[i].t0 || a.t1 != atrs[i].t1 || a.extended != atrs[i].extended ||
		    a.historical_len != atrs[i].historical) {
			printf("FAIL ATR %s: expected T=0 %d T=1 %d extended %d historical %zu, "
			       "got %d %d %d %zu\n", atrs[i].what, atrs[i].t0, atrs[i].t1,
			       atrs[i].extended, atrs[i].historical, a.t0, a.t1, a.extended,
			       a.historical_len);
			failed++;
		}
	}
	/* Every cut of a well-formed ATR is an error, never a read past it. */
	uint8_t b[16];
	size_t n = hex_decode("3B878001 80 41AA 73000040 00", b, sizeof b);
	for (size_t cut = 0; cut < n; cut++) {
		struct emrtd_atr a;
		if (emrtd_atr_parse(b, cut, &a) == EMRTD_OK) {
			printf("FAIL ATR cut at %zu bytes of %zu: accepted\n", cut, n);
			failed++;
		}
	}
}

int main(void)
{
	test_exchange();
	test_atr();
	if (failed) {
		printf("%d failures\n", failed);
		return 1;
	}
	printf("link: %zu exchange rows, %zu ATR rows: all pass\n", sizeof rows / sizeof rows[0],
	       sizeof atrs / sizeof atrs[0]);
	return 0;
}
