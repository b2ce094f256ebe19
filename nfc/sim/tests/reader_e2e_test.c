/* reader_e2e_test - the reader's own tool, `id06-chip read --json`, through
 * the real libnfc pn532_uart driver against id06-chip-sim: TD3 and TD1
 * documents, JPEG and JPEG 2000 faces, offset and SFI reads, a wrong access
 * key, and every fault switch, each with its exit code and its specific
 * error in the report (POSIX extended regular expressions).  Each row starts
 * its own simulator on a unique link in the build folder and stops it; the
 * simulator must exit 0 and remove its link.  Under ASan a leak or a crash in
 * either program changes its exit code and fails the row. */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chip_sim.h"
#include "sim_spawn.h"
#include "sim_test_util.h"

static int failures;

struct row {
	const char *name;
	int td1;              /* the chip's MRZ: TD1 instead of TD3 */
	int jp2;              /* the face: JPEG 2000 instead of JPEG */
	const char *fault;    /* NULL: none */
	int reader_td1;       /* the reader's MRZ differs from the chip's */
	const char *reader_args[3];
	int exit_code;
	const char *expect[5];  /* regular expressions the JSON report must match */
};

#define DG(n, what) "\"name\":\"" n "\",\"size\":[0-9]+,\"hash\":\"" what "\""

static const struct row rows[] = {
	{"TD3, JPEG", 0, 0, NULL, 0, {0}, 0,
	 {"\"result\":\"verified\"", "\"complete\":true", "\"dg1_matches_mrz\":true",
	  "\"face\":\\{\"format\":\"jpeg\",\"width\":240,\"height\":320", "\"verdict\":\"pass\""}},
	{"TD1, JPEG 2000", 1, 1, NULL, 1, {0}, 0,
	 {"\"result\":\"verified\"", "\"format\":\"TD1\"",
	  "\"face\":\\{\"format\":\"jp2\",\"width\":240,\"height\":320", DG("DG2", "pass")}},
	{"TD3, JPEG 2000, SFI reads", 0, 1, NULL, 0, {"--sfi"}, 0,
	 {"\"result\":\"verified\"", "\"format\":\"jp2\"", DG("DG1", "pass"), DG("DG2", "pass")}},
	{"TD1, JPEG, 100-byte reads", 1, 0, NULL, 1, {"--max-read", "100"}, 0,
	 {"\"result\":\"verified\"", "\"read_size\":100", "\"format\":\"jpeg\""}},
	{"wrong access key", 0, 0, NULL, 1, {0}, 2,
	 {"\"result\":\"not read\"", "\"stage\":\"access\""}},
	{"bad-mac", 0, 0, "bad-mac", 0, {0}, 2,
	 {"\"result\":\"not read\"", "\"stage\":\"read\"", "message authentication failed"}},
	{"truncated", 0, 0, "truncated", 0, {0}, 2,
	 {"\"result\":\"not read\"", "ends before its declared length"}},
	{"overlong", 0, 0, "overlong", 0, {0}, 2,
	 {"\"result\":\"not read\"", "\"message\":\"chip data has an impossible length\""}},
	{"bad-tlv", 0, 0, "bad-tlv", 0, {0}, 1,
	 {"\"result\":\"read, verification failed\"", "\"dg1_matches_mrz\":false",
	  "DG1 holds no readable MRZ"}},
	{"tamper-dg1", 0, 0, "tamper-dg1", 0, {0}, 1,
	 {"\"result\":\"read, verification failed\"", DG("DG1", "fail"), DG("DG2", "pass"),
	  "\"verdict\":\"fail\""}},
	{"tamper-dg2", 0, 0, "tamper-dg2", 0, {0}, 1,
	 {"\"result\":\"read, verification failed\"", DG("DG1", "pass"), DG("DG2", "fail"),
	  "\"verdict\":\"fail\""}},
	{"untrusted-signer", 0, 0, "untrusted-signer", 0, {0}, 1,
	 {"\"result\":\"read, verification failed\"", "\"signature\":\"pass\",\"chain\":\"fail\"",
	  "document signer not trusted"}},
	/* A withheld DG2: what was read verifies (exit 0), but the report says
	 * the document is incomplete and why; the kiosk needs both. */
	{"sw-6982", 0, 0, "sw-6982", 0, {0}, 0,
	 {"\"name\":\"DG2\",\"size\":0,\"hash\":\"not read\",\"error\":\"the file needs stronger access than BAC",
	  "\"complete\":false", "\"incomplete\":\"DG2 listed in EF.COM but not read"}},
	{"sw-6a82", 0, 0, "sw-6a82", 0, {0}, 0,
	 {"\"name\":\"DG2\",\"size\":0,\"hash\":\"not read\",\"error\":\"the file is not on this chip\"",
	  "\"complete\":false", "\"incomplete\":\"DG2 listed in EF.COM but not read"}},
	{"lost-tag", 0, 0, "lost-tag", 0, {0}, 2,
	 {"\"result\":\"not read\"", "\"stage\":\"read\"", "left the reader's field"}},
	{"slow", 0, 0, "slow", 0, {0}, 0,
	 {"\"result\":\"verified\"", "\"complete\":true", DG("DG2", "pass")}},
};

static int write_face(const char *path, enum sim_image_kind kind)
{
	uint8_t *img = NULL;
	size_t len = 0;
	if (sim_face_make(kind, 240, 320, kind == SIM_IMAGE_JPEG ? 85 : 85, &img, &len) != SIM_OK)
		return -1;
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(img, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	free(img);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: reader_e2e_test ID06_CHIP_SIM ID06_CHIP PKI_DIR WORK_DIR\n");
		return 2;
	}
	const char *sim = argv[1], *reader = argv[2], *pki = argv[3], *dir = argv[4];
	sim_watchdog(110);
	char jpg[1200], jp2[1200], trust[1200];
	snprintf(jpg, sizeof jpg, "%s/reader-e2e-%ld.jpg", dir, (long)getpid());
	snprintf(jp2, sizeof jp2, "%s/reader-e2e-%ld.jp2", dir, (long)getpid());
	snprintf(trust, sizeof trust, "%s/trust", pki);
	if (write_face(jpg, SIM_IMAGE_JPEG) || write_face(jp2, SIM_IMAGE_JPEG2000)) {
		printf("FAIL writing the sample faces into %s\n", dir);
		return 1;
	}
	static char report[1 << 16];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		char link[1200];
		snprintf(link, sizeof link, "%s/pn532-reader-%ld-%zu", dir, (long)getpid(), i);
		const char *chip_mrz = r->td1 ? SIM_TEST_MRZ_TD1 : SIM_TEST_MRZ_TD3;
		const char *sargv[16] = {sim, "--mrz", chip_mrz, "--pki", pki, "--face", r->jp2 ? jp2 : jpg};
		int n = 7;
		if (r->fault) {
			sargv[n++] = "--fault";
			sargv[n++] = r->fault;
			sargv[n++] = "--slow-ms";
			sargv[n++] = "20";
		}
		sargv[n] = NULL;
		struct sim_proc p;
		if (sim_spawn(sim, sargv, link, &p) != 0) {
			printf("FAIL %s: the simulator did not start\n", r->name);
			failures++;
			continue;
		}
		char device[1300];
		snprintf(device, sizeof device, "pn532_uart:%s", link);
		const char *key = r->reader_td1 ? SIM_TEST_MRZ_TD1 : SIM_TEST_MRZ_TD3;
		const char *rargv[16] = {reader, "read", "--mrz", key, "--device", device,
		                         "--trust", trust, "--json"};
		int m = 9;
		for (int k = 0; k < 3 && r->reader_args[k]; k++)
			rargv[m++] = r->reader_args[k];
		rargv[m] = NULL;
		int rc = sim_test_run(rargv, 0, report, sizeof report);
		int sim_rc = sim_stop(&p);
		struct stat st;
		int bad = 0;
		if (rc != r->exit_code) {
			printf("FAIL %s: expected id06-chip exit %d, got %d\n", r->name, r->exit_code, rc);
			bad = 1;
		}
		for (int k = 0; k < 5 && r->expect[k]; k++) {
			regex_t re;
			if (regcomp(&re, r->expect[k], REG_EXTENDED | REG_NOSUB) != 0) {
				printf("FAIL %s: bad pattern %s\n", r->name, r->expect[k]);
				bad = 1;
				continue;
			}
			if (regexec(&re, report, 0, NULL, 0) != 0) {
				printf("FAIL %s: expected the report to match  %s\n", r->name, r->expect[k]);
				bad = 1;
			}
			regfree(&re);
		}
		if (sim_rc != 0) {
			printf("FAIL %s: expected the simulator to exit 0, got %d\n", r->name, sim_rc);
			bad = 1;
		}
		if (lstat(link, &st) == 0) {
			printf("FAIL %s: expected %s removed\n", r->name, link);
			bad = 1;
		}
		if (bad) {
			printf("  report: %.2000s\n", report);
			failures++;
		}
	}
	unlink(jpg);
	unlink(jp2);
	if (failures) {
		printf("%d of %zu rows failed\n", failures, sizeof rows / sizeof rows[0]);
		return 1;
	}
	printf("id06-chip read against the simulator: %zu rows passed\n", sizeof rows / sizeof rows[0]);
	return 0;
}
