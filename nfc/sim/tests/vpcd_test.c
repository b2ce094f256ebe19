/* vpcd_test - the vpcd socket protocol of the virtual chip (sim_vpcd.h)
 * as tables: bytes in -> message kind, bytes consumed, error, one row per
 * control and malformed length, every truncation point; the writer for
 * every length up to 300 and at the 2-byte limit; then conversations
 * with a card model: the ATR, power and reset, APDUs, the slow fault, a
 * card error and the card leaving; a T=0 card's GET RESPONSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tests/hex.h"
#include "sim_vpcd.h"

static int failed;

static const struct {
	const char *what;
	const char *in;
	enum sim_err err;
	enum sim_vpcd_kind kind;
	size_t consumed;
	const char *apdu;
} rows[] = {
	{"power off", "0001 00", SIM_OK, SIM_VPCD_POWER_OFF, 3, ""},
	{"power on", "0001 01", SIM_OK, SIM_VPCD_POWER_ON, 3, ""},
	{"reset", "0001 02", SIM_OK, SIM_VPCD_RESET, 3, ""},
	{"ATR request", "0001 04", SIM_OK, SIM_VPCD_ATR, 3, ""},
	{"control 03 (undefined)", "0001 03", SIM_OK, SIM_VPCD_UNKNOWN, 3, ""},
	{"control FF (undefined)", "0001 FF", SIM_OK, SIM_VPCD_UNKNOWN, 3, ""},
	{"SELECT", "000C 00A4040C07A0000002471001", SIM_OK, SIM_VPCD_APDU, 14,
	 "00A4040C07A0000002471001"},
	{"two bytes: an APDU for the card to refuse", "0002 6700", SIM_OK, SIM_VPCD_APDU, 4, "6700"},
	{"two messages: the first only", "0001 01 0001 04", SIM_OK, SIM_VPCD_POWER_ON, 3, ""},
	{"length zero", "0000", SIM_ERR_BAD_LENGTH, SIM_VPCD_POWER_OFF, 2, ""},
	{"length zero, then a message", "0000 0001 01", SIM_ERR_BAD_LENGTH, SIM_VPCD_POWER_OFF, 2, ""},
	{"empty", "", SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, ""},
	{"half a length", "00", SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, ""},
	{"length without payload", "0001", SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, ""},
	{"APDU cut", "0005 00B00000", SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, ""},
	{"length FFFF, 3 bytes there", "FFFF 000102", SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, ""},
};

static void check_parse(const char *what, const uint8_t *in, size_t n, enum sim_err want_err,
                        enum sim_vpcd_kind want_kind, size_t want_consumed, const char *want_apdu)
{
	struct sim_vpcd_msg m;
	size_t consumed = 99;
	enum sim_err e = sim_vpcd_parse(in, n, &m, &consumed);
	if (e != want_err || consumed != want_consumed || (e == SIM_OK && m.kind != want_kind)) {
		printf("FAIL %s: expected %s, kind %d, consumed %zu; got %s, kind %d, consumed %zu\n",
		       what, sim_err_str(want_err), want_kind, want_consumed, sim_err_str(e), m.kind,
		       consumed);
		failed++;
		return;
	}
	if (e == SIM_OK && m.kind == SIM_VPCD_APDU)
		failed += hex_expect(what, want_apdu, m.data, m.len);
}

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint8_t in[64];
		size_t n = hex_decode(rows[i].in, in, sizeof in);
		check_parse(rows[i].what, in, n, rows[i].err, rows[i].kind, rows[i].consumed,
		            rows[i].apdu);
		if (rows[i].err != SIM_OK)
			continue;
		/* Every cut of a whole message waits for more. */
		for (size_t cut = 0; cut < rows[i].consumed; cut++) {
			char what[160];
			snprintf(what, sizeof what, "%s, cut at %zu", rows[i].what, cut);
			check_parse(what, in, cut, SIM_ERR_NEED_MORE, SIM_VPCD_POWER_OFF, 0, "");
		}
	}
	/* The longest message the length allows. */
	uint8_t *big = calloc(1, SIM_VPCD_MAX_MESSAGE + 1);
	if (!big)
		exit(1);
	big[0] = big[1] = 0xFF;
	struct sim_vpcd_msg m;
	size_t consumed = 0;
	if (sim_vpcd_parse(big, SIM_VPCD_MAX_MESSAGE + 1, &m, &consumed) != SIM_OK ||
	    m.kind != SIM_VPCD_APDU || m.len != 65535 || consumed != SIM_VPCD_MAX_MESSAGE) {
		printf("FAIL 65535-byte message: expected an APDU of 65535 bytes, got kind %d len %zu "
		       "consumed %zu\n", m.kind, m.len, consumed);
		failed++;
	}

	/* Writer round trips for every length up to 300, and the limits. */
	uint8_t p[300], out[400];
	for (size_t k = 0; k < sizeof p; k++)
		p[k] = (uint8_t)(k * 7 + 1);
	for (size_t n = 2; n <= sizeof p; n++) {
		size_t ol = 0;
		if (sim_vpcd_write(p, n, out, sizeof out, &ol) != SIM_OK || ol != n + 2 ||
		    sim_vpcd_parse(out, ol, &m, &consumed) != SIM_OK || consumed != ol ||
		    m.len != n || memcmp(m.data, p, n) != 0) {
			printf("FAIL write/parse round trip of %zu bytes\n", n);
			failed++;
		}
	}
	size_t ol = 0;
	uint8_t *wire = malloc(SIM_VPCD_MAX_MESSAGE + 1);
	if (!wire)
		exit(1);
	if (sim_vpcd_write(big, 65535, wire, SIM_VPCD_MAX_MESSAGE, &ol) != SIM_OK ||
	    ol != SIM_VPCD_MAX_MESSAGE || wire[0] != 0xFF || wire[1] != 0xFF) {
		printf("FAIL write 65535 bytes: expected %u bytes out, got %zu\n", SIM_VPCD_MAX_MESSAGE, ol);
		failed++;
	}
	if (sim_vpcd_write(big, 65536, wire, SIM_VPCD_MAX_MESSAGE + 1, &ol) != SIM_ERR_TOO_BIG ||
	    sim_vpcd_write(p, 10, out, 11, &ol) != SIM_ERR_TOO_BIG || ol != 0) {
		printf("FAIL write: 65536 bytes and a too small buffer must be refused\n");
		failed++;
	}
	free(wire);
	free(big);
}

/* A card that answers its command followed by 9000; DD.. is a card error
 * and EE.. leaves the field. */
struct model {
	unsigned resets;
};

static enum sim_err model_apdu(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp,
                               size_t cap, size_t *resp_len)
{
	(void)ctx;
	if (len && cmd[0] == 0xEE)
		return SIM_ERR_TAG_LOST;
	if (len && cmd[0] == 0xDD)
		return SIM_ERR_CRYPTO;
	if (len + 2 > cap)
		return SIM_ERR_TOO_BIG;
	memcpy(resp, cmd, len);
	resp[len] = 0x90;
	resp[len + 1] = 0x00;
	*resp_len = len + 2;
	return SIM_OK;
}

static void model_reset(void *ctx)
{
	((struct model *)ctx)->resets++;
}

struct talk_row {
	const char *what;
	const char *in;
	const char *out;     /* the answer on the wire */
	unsigned resets;     /* card resets so far */
	unsigned slow_ms;    /* the slow fault's delay, set before the step */
	unsigned delay_ms;   /* the delay asked before the answer */
	bool gone;
};

static const struct talk_row talk_t1[] = {
	{"ATR", "000104", "0006 3B8180018080", 0, 0, 0, false},
	{"power on resets the card", "000101", "", 1, 0, 0, false},
	{"APDU", "0004 00B00000", "0006 00B00000 9000", 1, 0, 0, false},
	{"reset", "000102", "", 2, 0, 0, false},
	{"power off", "000100", "", 3, 0, 0, false},
	{"undefined control: ignored", "000103", "", 3, 0, 0, false},
	{"APDU, slow card", "0002 0102", "0004 0102 9000", 3, 7, 7, false},
	{"card error: 6F00", "0004 DD000000", "0002 6F00", 3, 7, 7, false},
	{"ATR, not delayed", "000104", "0006 3B8180018080", 3, 7, 0, false},
	{"the card leaves: no answer", "0004 EE000000", "", 3, 0, 0, true},
	{"after: no ATR", "000104", "", 3, 0, 0, true},
	{"after: no APDU answer", "0004 00B00000", "", 3, 0, 0, true},
};

/* T=0: answers with data come by GET RESPONSE. */
static const struct talk_row talk_t0[] = {
	{"T=0 ATR", "000104", "0003 3B0180", 0, 0, 0, false},
	{"answer with data: 61 and its length", "0004 00B00000", "0002 6104", 0, 0, 0, false},
	{"GET RESPONSE, Le 2: two bytes, 61 for the rest", "0005 00C0000002", "0004 00B0 6102", 0, 0,
	 0, false},
	{"GET RESPONSE, Le 5: the rest and the card's status", "0005 00C0000005",
	 "0004 0000 9000", 0, 0, 0, false},
	{"answer without data: as it is", "0004 DD000000", "0002 6F00", 0, 0, 0, false},
	{"new command drops what waited", "0002 0102", "0002 6102", 0, 0, 0, false},
	{"reset drops it too", "000102", "", 1, 0, 0, false},
	{"GET RESPONSE with nothing waiting: the card's answer", "0005 00C0000004",
	 "0002 6105", 1, 0, 0, false},
	{"GET RESPONSE, Le 00: all of it", "0005 00C0000000", "0007 00C0000004 9000", 1, 0, 0, false},
};

static void test_talk(const struct talk_row *talk, size_t rows_n, enum sim_vpcd_protocol protocol)
{
	struct model card = {0};
	struct sim_target_ops ops = {model_apdu, model_reset, &card};
	struct sim_vpcd *v = NULL;
	if (sim_vpcd_new(&ops, &v) != SIM_OK) {
		printf("FAIL sim_vpcd_new\n");
		failed++;
		return;
	}
	sim_vpcd_set_protocol(v, protocol);
	for (size_t i = 0; i < rows_n; i++) {
		sim_vpcd_set_delay(v, talk[i].slow_ms);
		uint8_t in[64];
		size_t n = hex_decode(talk[i].in, in, sizeof in), consumed = 0;
		struct sim_vpcd_out out;
		enum sim_err e = sim_vpcd_step(v, in, n, &consumed, &out);
		if (e != SIM_OK || consumed != n) {
			printf("FAIL %s: expected success consuming %zu, got %s consuming %zu\n",
			       talk[i].what, n, sim_err_str(e), consumed);
			failed++;
			continue;
		}
		failed += hex_expect(talk[i].what, talk[i].out, out.bytes, out.len);
		if (card.resets != talk[i].resets || out.gone != talk[i].gone ||
		    (out.len && out.delay_ms != talk[i].delay_ms)) {
			printf("FAIL %s: expected %u resets, gone %d, delay %u; got %u, %d, %u\n",
			       talk[i].what, talk[i].resets, talk[i].gone, talk[i].delay_ms, card.resets,
			       out.gone, out.delay_ms);
			failed++;
		}
	}
	sim_vpcd_free(v);
}

int main(void)
{
	test_parse();
	test_talk(talk_t1, sizeof talk_t1 / sizeof talk_t1[0], SIM_VPCD_T1);
	test_talk(talk_t0, sizeof talk_t0 / sizeof talk_t0[0], SIM_VPCD_T0);
	if (failed) {
		printf("%d failures\n", failed);
		return 1;
	}
	printf("vpcd: %zu parse rows with every cut, writer 2..300 and 65535, %zu T=1 and %zu T=0 "
	       "steps: all pass\n", sizeof rows / sizeof rows[0], sizeof talk_t1 / sizeof talk_t1[0],
	       sizeof talk_t0 / sizeof talk_t0[0]);
	return 0;
}
