/* script_test.c - the scripted-session parser: one row per input. */
#include <stdio.h>
#include <string.h>

#include "kiosk_script.h"

static const struct {
	const char *text;
	enum kiosk_script_err err;
	int count_or_line; /* commands parsed, or the line of the error */
} rows[] = {
	{"", KIOSK_SCRIPT_OK, 0},
	{"# only a comment\n\n   \n", KIOSK_SCRIPT_OK, 0},
	{"today 2026-11-23\ntap lang:pl\nwait 61\nexpect screen language\n", KIOSK_SCRIPT_OK, 4},
	{"document a.jpg mrz=x.txt fault=bad-mac\nremove\n", KIOSK_SCRIPT_OK, 2},
	{"expect screen chip_reading 20 # with a real-time bound\r\n", KIOSK_SCRIPT_OK, 1},
	{"expect outbox 3\nexpect clean\nexpect problem no_chip\nscreenshot done", KIOSK_SCRIPT_OK, 4},
	{"unplug reader\nplug reader\nunplug camera\nplug camera\n", KIOSK_SCRIPT_OK, 4},
	{"unplug printer\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"plug\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"plug reader camera\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"tap\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"tap a b\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"\nfly away\n", KIOSK_SCRIPT_ERR_SYNTAX, 2},
	{"wait soon\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"wait -1\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"today 2026-13-01\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"today 26-11-23\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"expect\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"expect screen\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"expect screen done soon\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"expect outbox many\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"expect lines 3\n", KIOSK_SCRIPT_OK, 1},
	{"expect lines\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"expect lines x\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document a.jpg mrz\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"document a.jpg =x\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"tap lang:pl extra=1\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"document - mrz=m.txt access=pace-only-can can=123456\n", KIOSK_SCRIPT_OK, 1},
	{"document - mrz=m.txt access=pace-ecdh\n", KIOSK_SCRIPT_OK, 1},
	{"document - mrz=m.txt access=bac fault=lost-tag face=f.jpg\n", KIOSK_SCRIPT_OK, 1},
	{"document - mrz=m.txt access=pace\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt access=pace-cam ca=ecdh aa=rsa\n", KIOSK_SCRIPT_OK, 1},
	{"document - mrz=m.txt ca=ecdsa\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt aa=dsa\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt can=12345\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt can=1234567\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt can=12345a\n", KIOSK_SCRIPT_ERR_BAD_VALUE, 1},
	{"document - mrz=m.txt acces=bac\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"document - mrz=m.txt mrz=n.txt\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"document a a=1 b=2 c=3 d=4 e=5 f=6 g=7\n", KIOSK_SCRIPT_ERR_SYNTAX, 1},
	{"document a verylongkeyname_over_16=1\n", KIOSK_SCRIPT_ERR_TOO_LONG, 1},
};

int main(void)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct kiosk_script s;
		enum kiosk_script_err err = kiosk_script_parse(rows[i].text, strlen(rows[i].text), &s);
		int got = err ? s.error_line : s.count;
		if (err != rows[i].err || got != rows[i].count_or_line) {
			printf("FAIL row %zu \"%s\": expected %s/%d got %s/%d (%s)\n", i, rows[i].text,
			       kiosk_script_err_str(rows[i].err), rows[i].count_or_line,
			       kiosk_script_err_str(err), got, s.error);
			failed++;
		}
		kiosk_script_free(&s);
	}

	/* Values land where the driver reads them. */
	const char *text = "today 2026-11-23\ndocument img/p.jpg mrz=p.txt face=f.jpg access=pace-only-can "
	                   "can=123456\nwait 2.5\n";
	struct kiosk_script s;
	if (kiosk_script_parse(text, strlen(text), &s) != KIOSK_SCRIPT_OK || s.count != 3 ||
	    s.cmds[0].number != 20261123 || strcmp(s.cmds[1].arg, "img/p.jpg") != 0 ||
	    !kiosk_script_option(&s.cmds[1], "face") ||
	    strcmp(kiosk_script_option(&s.cmds[1], "face"), "f.jpg") != 0 ||
	    kiosk_script_option(&s.cmds[1], "fault") != NULL || s.cmds[2].number != 2.5 ||
	    !kiosk_script_option(&s.cmds[1], "can") ||
	    strcmp(kiosk_script_option(&s.cmds[1], "can"), "123456") != 0 ||
	    !kiosk_script_option(&s.cmds[1], "access") ||
	    strcmp(kiosk_script_option(&s.cmds[1], "access"), "pace-only-can") != 0) {
		printf("FAIL values: parsed script does not hold the values written\n");
		failed++;
	}
	kiosk_script_free(&s);

	/* A line over the limit, and bytes that are not text. */
	char long_line[2048];
	memset(long_line, 'a', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	if (kiosk_script_parse(long_line, strlen(long_line), &s) != KIOSK_SCRIPT_ERR_TOO_LONG) {
		printf("FAIL long line accepted\n");
		failed++;
	}
	kiosk_script_free(&s);
	const char nul[] = "tap a\0b\n";
	if (kiosk_script_parse(nul, sizeof nul - 1, &s) != KIOSK_SCRIPT_ERR_SYNTAX) {
		printf("FAIL NUL byte accepted\n");
		failed++;
	}
	kiosk_script_free(&s);
	if (kiosk_script_load("/nonexistent/script", &s) != KIOSK_SCRIPT_ERR_IO) {
		printf("FAIL missing file\n");
		failed++;
	}
	kiosk_script_free(&s);

	printf("%zu script rows: %d failed\n", sizeof rows / sizeof rows[0], failed);
	return failed ? 1 : 0;
}
