/* pn532_frame_test - the PN532 HSU frame parser and the emulator's answers,
 * as tables: bytes in -> expected result, one row per malformed field.
 * Frame layout from the PN532 User Manual (UM0701-02) section 6.2.1. */
#include <stdio.h>
#include <string.h>

#include "chip_sim.h"
#include "sim_test_util.h"

static int failures;

struct parse_row {
	const char *name;
	const char *in;
	enum sim_err err;
	enum sim_frame_kind kind;
	size_t consumed;
	const char *data;   /* TFI + payload, hex */
};

static const struct parse_row parse_rows[] = {
	{"SAMConfiguration", "0000FF03FDD4140117 00", SIM_OK, SIM_FRAME_INFO, 10, "D41401"},
	{"wake-up preamble skipped", "5555 0000000000000000000000000000 0000FF03FDD4140117 00",
	 SIM_OK, SIM_FRAME_INFO, 26, "D41401"},
	{"no leading 00", "00FF03FDD4140117 00", SIM_OK, SIM_FRAME_INFO, 9, "D41401"},
	{"ACK", "0000FF00FF00", SIM_OK, SIM_FRAME_ACK, 6, ""},
	{"NACK", "0000FFFF0000", SIM_OK, SIM_FRAME_NACK, 6, ""},
	{"error frame", "0000FF01FF7F8100", SIM_OK, SIM_FRAME_ERROR, 8, "7F"},
	{"GetFirmwareVersion reply", "0000FF06FAD50332010607E8 00", SIM_OK, SIM_FRAME_INFO, 13, "D50332010607"},
	{"two frames: first only", "0000FF03FDD4140117 00 0000FF02FED4022A00",
	 SIM_OK, SIM_FRAME_INFO, 10, "D41401"},
	{"empty", "", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 0, ""},
	{"noise only", "5555 AA", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 3, ""},
	{"noise, trailing 00 kept", "55 55 00", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 2, ""},
	{"start code only", "0000FF", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"cut after LEN", "0000FF03", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"cut after LCS", "0000FF03FD", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"cut in data", "0000FF03FDD414", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"cut before DCS", "0000FF03FDD41401", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"cut before postamble", "0000FF03FDD4140117", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"bad LCS", "0000FF03FCD4140117 00", SIM_ERR_BAD_LCS, SIM_FRAME_INFO, 3, ""},
	{"bad DCS", "0000FF03FDD4140118 00", SIM_ERR_BAD_DCS, SIM_FRAME_INFO, 10, ""},
	{"bad postamble", "0000FF03FDD4140117 55", SIM_ERR_BAD_POSTAMBLE, SIM_FRAME_INFO, 10, ""},
	{"length 0 (00 00 is no ACK)", "0000FF0000", SIM_ERR_BAD_LENGTH, SIM_FRAME_INFO, 5, ""},
	{"extended frame", "0000FFFFFF0003FDD4140117 00", SIM_OK, SIM_FRAME_INFO, 13, "D41401"},
	{"extended cut in header", "0000FFFFFF00", SIM_ERR_NEED_MORE, SIM_FRAME_INFO, 1, ""},
	{"extended bad LCS", "0000FFFFFF0003FED4140117 00", SIM_ERR_BAD_LCS, SIM_FRAME_INFO, 3, ""},
	{"extended too big (266)", "0000FFFFFF010AF5", SIM_ERR_TOO_BIG, SIM_FRAME_INFO, 8, ""},
	{"extended length 0", "0000FFFFFF000000", SIM_ERR_BAD_LENGTH, SIM_FRAME_INFO, 8, ""},
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
		const struct parse_row *r = &parse_rows[i];
		uint8_t in[600], want[300];
		size_t n = sim_test_unhex(r->in, in, sizeof in);
		size_t wn = sim_test_unhex(r->data, want, sizeof want);
		struct sim_frame f;
		size_t consumed = 99;
		enum sim_err e = sim_pn532_frame_parse(in, n, &f, &consumed);
		int bad = e != r->err || consumed != r->consumed;
		if (e == SIM_OK && r->err == SIM_OK)
			bad |= f.kind != r->kind || f.len != wn || memcmp(f.data, want, wn) != 0;
		if (bad) {
			char got[700];
			sim_test_hex(f.data, e == SIM_OK ? f.len : 0, got, sizeof got);
			printf("FAIL parse %s: expected err=%s consumed=%zu kind=%d data=%s\n"
			       "                 got err=%s consumed=%zu kind=%d data=%s\n",
			       r->name, sim_err_str(r->err), r->consumed, r->kind, r->data,
			       sim_err_str(e), consumed, f.kind, got);
			failures++;
		}
	}
}

/* Writer: every length round-trips through the parser, normal up to 255,
 * extended above. */
static void test_write(void)
{
	uint8_t data[SIM_PN532_MAX_DATA], frame[SIM_PN532_MAX_FRAME];
	for (size_t len = 1; len <= SIM_PN532_MAX_DATA; len++) {
		for (size_t k = 0; k < len; k++)
			data[k] = (uint8_t)(k * 7 + len);
		size_t fl = 0, consumed = 0;
		struct sim_frame f;
		enum sim_err e = sim_pn532_frame_write(data, len, frame, sizeof frame, &fl);
		enum sim_err p = e == SIM_OK ? sim_pn532_frame_parse(frame, fl, &f, &consumed) : e;
		if (e != SIM_OK || p != SIM_OK || f.len != len || memcmp(f.data, data, len) != 0 ||
		    consumed != fl || f.extended != (len > 255)) {
			printf("FAIL write/parse len %zu: expected ok, same data, extended=%d; "
			       "got write=%s parse=%s len=%zu extended=%d\n", len, len > 255,
			       sim_err_str(e), sim_err_str(p), f.len, f.extended);
			failures++;
		}
	}
	size_t fl = 7;
	if (sim_pn532_frame_write(data, SIM_PN532_MAX_DATA + 1, frame, sizeof frame, &fl) != SIM_ERR_TOO_BIG || fl != 0) {
		printf("FAIL write of %u bytes: expected too big\n", SIM_PN532_MAX_DATA + 1);
		failures++;
	}
	if (sim_pn532_frame_write(data, 10, frame, 16, &fl) != SIM_ERR_TOO_BIG) {
		printf("FAIL write into a 16-byte buffer: expected too big\n");
		failures++;
	}
}

/* A card that answers every APDU with its bytes reversed + 9000, or with a
 * long answer (for MI chaining) when the APDU is "LONG". */
static int resets;
static enum sim_err echo_apdu(void *ctx, const uint8_t *cmd, size_t len,
                              uint8_t *resp, size_t cap, size_t *resp_len)
{
	(void)ctx;
	if (len == 4 && memcmp(cmd, "LONG", 4) == 0) {
		for (size_t k = 0; k < 298; k++)
			resp[k] = (uint8_t)k;
		resp[298] = 0x90;
		resp[299] = 0x00;
		*resp_len = 300;
		return cap >= 300 ? SIM_OK : SIM_ERR_TOO_BIG;
	}
	if (len == 4 && memcmp(cmd, "GONE", 4) == 0)
		return SIM_ERR_TAG_LOST;
	for (size_t k = 0; k < len; k++)
		resp[k] = cmd[len - 1 - k];
	resp[len] = 0x90;
	resp[len + 1] = 0x00;
	*resp_len = len + 2;
	return SIM_OK;
}

static void echo_reset(void *ctx)
{
	(void)ctx;
	resets++;
}

struct cmd_row {
	const char *name;
	const char *cmd;      /* D4 + command, hex (framed by the test) */
	const char *want;     /* D5 + answer, hex; "ERR" = error frame; "" = no answer */
};

static const struct cmd_row cmd_rows[] = {
	{"InDataExchange before listing", "D4400100A4", "D54129"},
	{"SAMConfiguration", "D41401", "D515"},
	{"Diagnose echo", "D400006C69626E6663", "D501006C69626E6663"},
	{"GetFirmwareVersion", "D402", "D50332010607"},
	{"SetParameters", "D41214", "D513"},
	{"ReadRegister unknown reads 0", "D40663026303", "D5070000"},
	{"WriteRegister", "D408630280630380", "D509"},
	{"ReadRegister after write", "D40663026303", "D5078080"},
	{"ReadRegister odd length", "D406630263", "ERR"},
	{"RFConfiguration field on", "D4320101", "D533"},
	{"RFConfiguration MaxRetries", "D43205FFFFFF", "D533"},
	{"InListPassiveTarget A", "D44A0100",
	 "D54B01010008200408 3C519E 06787791 0280"},
	{"presence: Diagnose 06", "D40006", "D50100"},
	{"InDataExchange", "D44001 00A4040C", "D54100 0C04A400 9000"},
	{"InDataExchange wrong Tg", "D44002 00A4040C", "D54127"},
	{"InDataExchange long: first piece, MI", "D44001 4C4F4E47", NULL},
	{"InDataExchange MI continuation", "D44001", NULL},
	{"InRelease", "D45200", "D55300"},
	{"InDataExchange after release", "D4400100", "D54129"},
	{"InListPassiveTarget B", "D44A010300",
	 "D54B01 01 501A2B3C4D 00000000 808191 0100"},
	{"InListPassiveTarget 212 FeliCa: none", "D44A0101", "D54B00"},
	{"InListPassiveTarget A again", "D44A0100",
	 "D54B01010008200408 3C519E 06787791 0280"},
	{"InCommunicateThru: timeout", "D44226", "D54301"},
	{"InPSL", "D44E010202", "D54F00"},
	{"tag lost", "D44001 474F4E45", "D54101"},
	{"still lost", "D44001 00B00000", "D54101"},
	{"presence after loss", "D40006", "D50101"},
	{"InListPassiveTarget after loss: none", "D44A0100", "D54B00"},
	{"unknown command", "D4FF", "ERR"},
	{"wrong TFI", "D502", "ERR"},
	{"RFConfiguration too short", "D43201", "ERR"},
	{"PowerDown", "D416F0", "D51700"},
};

static void test_commands(void)
{
	struct sim_target_ops ops = {echo_apdu, echo_reset, NULL};
	struct sim_pn532 *emu = NULL;
	if (sim_pn532_new(&ops, &emu) != SIM_OK) {
		printf("FAIL sim_pn532_new\n");
		failures++;
		return;
	}
	static const uint8_t ack[6] = {0, 0, 0xFF, 0, 0xFF, 0};
	for (size_t i = 0; i < sizeof cmd_rows / sizeof cmd_rows[0]; i++) {
		const struct cmd_row *r = &cmd_rows[i];
		uint8_t data[300], frame[SIM_PN532_MAX_FRAME], want[300];
		size_t dn = sim_test_unhex(r->cmd, data, sizeof data), fl = 0, consumed = 0;
		sim_pn532_frame_write(data, dn, frame, sizeof frame, &fl);
		struct sim_pn532_out out;
		enum sim_err e = sim_pn532_step(emu, frame, fl, &consumed, &out);
		char got[1400] = "";
		struct sim_frame f;
		size_t fc = 0;
		int bad = e != SIM_OK || consumed != fl || out.ack_len != 6 ||
		          memcmp(out.bytes, ack, 6) != 0;
		enum sim_err pe = sim_pn532_frame_parse(out.bytes + out.ack_len,
		                                        out.len - out.ack_len, &f, &fc);
		if (pe == SIM_OK && f.kind == SIM_FRAME_ERROR)
			snprintf(got, sizeof got, "ERR");
		else if (pe == SIM_OK)
			sim_test_hex(f.data, f.len, got, sizeof got);
		if (r->want) {
			size_t wn = sim_test_unhex(r->want, want, sizeof want);
			char wh[700];
			if (strcmp(r->want, "ERR") == 0)
				snprintf(wh, sizeof wh, "ERR");
			else
				sim_test_hex(want, wn, wh, sizeof wh);
			bad |= strcmp(wh, got) != 0;
			if (bad) {
				printf("FAIL command %s: expected ack + %s\n%*sgot %s ack=%zu %s\n",
				       r->name, wh, (int)strlen(r->name) + 15, "", sim_err_str(e),
				       out.ack_len, got);
				failures++;
			}
			continue;
		}
		/* The MI rows: 298 + 2 bytes answered as 262 with MI, then 38. */
		int first = strstr(r->name, "first") != NULL;
		size_t expect_len = first ? 2 + 1 + 262 : 2 + 1 + 38;
		uint8_t expect_status = first ? 0x40 : 0x00;
		size_t off = first ? 0 : 262;
		bad |= pe != SIM_OK || f.len != expect_len || f.data[2] != expect_status ||
		       f.data[3] != (uint8_t)off;
		if (bad) {
			printf("FAIL command %s: expected %zu bytes, status %02X, data from %zu;"
			       " got %zu bytes, status %02X\n", r->name, expect_len,
			       expect_status, off, f.len, f.len > 2 ? f.data[2] : 0);
			failures++;
		}
	}
	/* NACK: the last answer again; host ACK: nothing. */
	uint8_t nack[6] = {0, 0, 0xFF, 0xFF, 0, 0};
	struct sim_pn532_out out;
	size_t consumed;
	if (sim_pn532_step(emu, nack, 6, &consumed, &out) != SIM_OK || out.ack_len != 0 ||
	    out.len < 9 || out.bytes[5] != 0xD5 || out.bytes[6] != 0x17) {
		printf("FAIL NACK: expected the PowerDown answer again, got %zu bytes\n", out.len);
		failures++;
	}
	if (sim_pn532_step(emu, ack, 6, &consumed, &out) != SIM_OK || out.len != 0) {
		printf("FAIL host ACK: expected no answer, got %zu bytes\n", out.len);
		failures++;
	}
	if (resets < 3) {
		printf("FAIL card resets: expected at least 3 (release, relist, power down), got %d\n", resets);
		failures++;
	}
	sim_pn532_free(emu);
}

int main(void)
{
	test_parse();
	test_write();
	test_commands();
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("pn532 frames: %zu parse rows, %u write lengths, %zu command rows passed\n",
	       sizeof parse_rows / sizeof parse_rows[0], SIM_PN532_MAX_DATA,
	       sizeof cmd_rows / sizeof cmd_rows[0]);
	return 0;
}
