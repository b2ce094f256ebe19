/* sim_cli_test - id06-chip-sim's answers to bad input: each row is the
 * arguments, the expected exit code and a phrase the message must hold
 * (one that says what to do).  None of these starts a server. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_test_util.h"

#define TD3 SIM_TEST_MRZ_TD3

static int failures;

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: sim_cli_test ID06_CHIP_SIM PKI_DIR WORK_DIR\n");
		return 2;
	}
	const char *sim = argv[1], *pki = argv[2], *dir = argv[3];
	char file[1200], notimg[1200], link[1200];
	snprintf(file, sizeof file, "%s/cli-test-%ld-regular-file", dir, (long)getpid());
	snprintf(notimg, sizeof notimg, "%s/cli-test-%ld-not-an-image.jpg", dir, (long)getpid());
	snprintf(link, sizeof link, "%s/cli-test-%ld-link", dir, (long)getpid());
	FILE *f = fopen(file, "w");
	if (f) {
		fputs("not a terminal\n", f);
		fclose(f);
	}
	f = fopen(notimg, "w");
	if (f) {
		fputs("GIF89a, not a JPEG\n", f);
		fclose(f);
	}
	struct {
		const char *name;
		const char *args[10];
		int code;
		const char *says;
	} rows[] = {
		{"no arguments", {0}, 2, "--mrz and one of --pn532 or --vpcd are required"},
		{"both --pn532 and --vpcd", {"--mrz", TD3, "--pn532", link, "--vpcd", "127.0.0.1:35963"},
		 2, "one of --pn532 or --vpcd"},
		{"vpcd port not a number", {"--mrz", TD3, "--vpcd", "127.0.0.1:pcsc"}, 2,
		 "--vpcd 127.0.0.1:pcsc: give HOST:PORT, e.g. 127.0.0.1:35963"},
		{"vpcd port out of range", {"--mrz", TD3, "--vpcd", "127.0.0.1:70000"}, 2, "give HOST:PORT"},
		{"--protocol without --vpcd", {"--mrz", TD3, "--pn532", link, "--protocol", "t0"}, 2,
		 "--protocol: t0 or t1, with --vpcd"},
		{"vpcd IPv6 without ]", {"--mrz", TD3, "--vpcd", "[::1:35963"}, 2, "give HOST:PORT"},
		{"unknown option", {"--colour", "red"}, 2, "unknown option --colour"},
		{"option without value", {"--mrz"}, 2, "--mrz needs a value"},
		{"unknown fault", {"--mrz", TD3, "--fault", "bad_mac", "--pn532", link}, 2,
		 "unknown fault 'bad_mac'; one of: bad-mac truncated overlong bad-tlv"},
		{"MRZ check digit wrong", {"--mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
		                           "L898902C<4UTO6908061F9406236ZE184226B<<<<<14",
		                           "--pki", pki, "--pn532", link}, 1,
		 "not a valid TD1, TD2 or TD3 MRZ: check line lengths and check digits"},
		{"not an MRZ", {"--mrz", "hello", "--pki", pki, "--pn532", link}, 1, "not a valid TD1"},
		{"face missing", {"--mrz", TD3, "--face", "/nonexistent/face.jpg", "--pn532", link}, 1,
		 "not a readable JPEG or JPEG 2000 file of at most 30000 bytes"},
		{"face not an image", {"--mrz", TD3, "--face", notimg, "--pn532", link}, 1,
		 "not a readable JPEG or JPEG 2000 file"},
		{"PKI missing", {"--mrz", TD3, "--pki", "/nonexistent/pki", "--pn532", link}, 1,
		 "run scripts/make-test-pki DIR"},
		{"link is a regular file", {"--mrz", TD3, "--pki", pki, "--pn532", file}, 1,
		 "cannot create the pseudo-terminal link (is a non-symlink file in the way?)"},
		{"unknown --ca", {"--mrz", TD3, "--ca", "ecdsa", "--pn532", link}, 2,
		 "unknown --ca 'ecdsa'; one of: none ecdh ecdh-p256 dh"},
		{"unknown --aa", {"--mrz", TD3, "--aa", "dsa", "--pn532", link}, 2,
		 "unknown --aa 'dsa'; one of: none rsa ecdsa ecdsa-der"},
		{"DH with a 2048-bit group", {"--mrz", TD3, "--access", "pace-dh", "--pace-param", "2",
		                              "--pn532", link}, 2,
		 "--pace-param 2: not a parameter id for pace-dh (ECDH 8-18, DH 0; see --help)"},
		{"ECDH with a DH group", {"--mrz", TD3, "--access", "pace-ecdh", "--pace-param", "0",
		                          "--pn532", link}, 2, "not a parameter id for ECDH PACE"},
		{"unknown PACE cipher", {"--mrz", TD3, "--access", "pace-ecdh", "--pace-cipher", "des",
		                         "--pn532", link}, 2, "one of aes128 aes192 aes256 3des"},
		{"list faults", {"--list-faults"}, 0, "lost-tag\nslow\n"},
		{"help", {"--help"}, 0, "pn532_uart:LINK"},
		{"help names --vpcd", {"--help"}, 0, "--device pcsc:"},
	};
	static char out[8192];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *a[12] = {sim};
		int n = 1;
		for (int k = 0; k < 10 && rows[i].args[k]; k++)
			a[n++] = rows[i].args[k];
		a[n] = NULL;
		int code = sim_test_run(a, 1, out, sizeof out);
		if (code != rows[i].code || !strstr(out, rows[i].says)) {
			printf("FAIL %s: expected exit %d saying \"%s\"\n  got exit %d: %s\n", rows[i].name,
			       rows[i].code, rows[i].says, code, out);
			failures++;
		}
		if (strstr(out, "L898902C")) {
			printf("FAIL %s: the output holds the document number\n", rows[i].name);
			failures++;
		}
	}
	/* The regular file in the way must still be there, untouched. */
	f = fopen(file, "r");
	char line[64] = "";
	if (!f || !fgets(line, sizeof line, f) || strcmp(line, "not a terminal\n") != 0) {
		printf("FAIL the regular file at --pn532 was changed\n");
		failures++;
	}
	if (f)
		fclose(f);
	unlink(file);
	unlink(notimg);
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("id06-chip-sim bad input: %zu rows passed\n", sizeof rows / sizeof rows[0]);
	return 0;
}
