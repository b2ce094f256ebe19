/* check_test.c - the pieces of id06-kiosk --check (kiosk_check.h), as a
 * table: certificates made here with fixed validity dates and judged at
 * fixed instants (never the wall clock), CSCA folders, camera and NFC
 * settings that name nothing, the MRZ model.  Each row: the result and a
 * phrase the message must hold. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kiosk_check.h"

#define Y2020 1577836800   /* 2020-01-01 */
#define Y2021 1609459200
#define Y2030 1893456000
#define Y2040 2208988800

static int failures;
static char dir[512];

static void expect(const char *what, enum kiosk_check_result got, const char *msg,
                   enum kiosk_check_result want, const char *phrase)
{
	static const char *const names[] = {"ok", "FAIL", "skip"};
	if (got == want && strstr(msg, phrase)) {
		printf("ok   %s\n", what);
		return;
	}
	printf("FAIL %s: expected %s with \"%s\", got %s: %s\n", what, names[want], phrase,
	       names[got], msg);
	failures++;
}

/* A self-signed certificate valid from..until, PEM or DER, at path. */
static void make_cert(const char *path, long long from, long long until, int der)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	ASN1_TIME_set(X509_getm_notBefore(x), (time_t)from);
	ASN1_TIME_set(X509_getm_notAfter(x), (time_t)until);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"Test CSCA",
	                           -1, -1, 0);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	X509_sign(x, key, EVP_sha256());
	FILE *f = fopen(path, "wb");
	if (!f || !(der ? i2d_X509_fp(f, x) : PEM_write_X509(f, x))) {
		fprintf(stderr, "check_test: cannot write %s\n", path);
		exit(1);
	}
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(key);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "check_test: cannot write %s\n", path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static const char *at(const char *name)
{
	static char buf[16][700];
	static int i;
	i = (i + 1) % 16;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static void test_certs(void)
{
	make_cert(at("valid.pem"), Y2020, Y2040, 0);
	make_cert(at("valid.der"), Y2020, Y2040, 1);
	make_cert(at("expired.pem"), Y2020, Y2021, 0);
	write_text(at("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
	struct {
		const char *what, *file;
		long long now;
		enum kiosk_check_result want;
		const char *phrase;
	} rows[] = {
		{"cert PEM valid", "valid.pem", Y2030, KIOSK_CHECK_OK, "valid until 2040-01-01"},
		{"cert DER valid", "valid.der", Y2030, KIOSK_CHECK_OK, "valid until 2040-01-01"},
		{"cert expired", "expired.pem", Y2030, KIOSK_CHECK_FAIL, "expired on 2021-01-01"},
		{"cert not yet valid", "valid.pem", Y2020 - 86400, KIOSK_CHECK_FAIL,
		 "valid only from 2020-01-01"},
		{"cert not a certificate", "garbage.pem", Y2030, KIOSK_CHECK_FAIL,
		 "is not a certificate"},
		{"cert missing", "missing.pem", Y2030, KIOSK_CHECK_FAIL, "cannot be read"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char msg[600];
		enum kiosk_check_result r =
			kiosk_check_cert(at(rows[i].file), "client certificate", rows[i].now, msg, sizeof msg);
		expect(rows[i].what, r, msg, rows[i].want, rows[i].phrase);
	}
	char msg[600];
	expect("cert not configured", kiosk_check_cert("", "server CA (ca_file)", Y2030, msg,
	                                               sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "server CA (ca_file) is not set");
}

static void test_csca(void)
{
	const char *empty = at("csca-empty"), *good = at("csca-good"), *old = at("csca-old"),
	           *bad = at("csca-bad");
	mkdir(empty, 0700);
	mkdir(good, 0700);
	mkdir(old, 0700);
	mkdir(bad, 0700);
	char p[800];
	snprintf(p, sizeof p, "%s/README", empty);
	write_text(p, "not a certificate, and not named like one\n");
	snprintf(p, sizeof p, "%s/utopia.pem", good);
	make_cert(p, Y2020, Y2040, 0);
	snprintf(p, sizeof p, "%s/atlantis.der", good);
	make_cert(p, Y2020, Y2030 + 86400, 1);
	snprintf(p, sizeof p, "%s/utopia.pem", old);
	make_cert(p, Y2020, Y2040, 0);
	snprintf(p, sizeof p, "%s/lemuria.crt", old);
	make_cert(p, Y2020, Y2021, 0);
	snprintf(p, sizeof p, "%s/utopia.pem", bad);
	make_cert(p, Y2020, Y2040, 0);
	snprintf(p, sizeof p, "%s/broken.pem", bad);
	write_text(p, "-----BEGIN CERTIFICATE-----\nnot base64\n");
	struct {
		const char *what, *dir;
		enum kiosk_check_result want;
		const char *phrase;
	} rows[] = {
		{"csca folder missing", at("csca-missing"), KIOSK_CHECK_FAIL, "cannot be opened"},
		{"csca folder without certificates", empty, KIOSK_CHECK_FAIL, "no CSCA certificate"},
		{"csca good, next to expire named", good, KIOSK_CHECK_OK,
		 "next to expire: atlantis.der on 2030-01-02"},
		{"csca one expired", old, KIOSK_CHECK_FAIL, "1 of 2 CSCA certificates"},
		{"csca expired one named", old, KIOSK_CHECK_FAIL, "lemuria.crt (2021-01-01)"},
		{"csca broken file named", bad, KIOSK_CHECK_FAIL, "broken.pem is not a certificate"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char msg[600];
		enum kiosk_check_result r = kiosk_check_csca(rows[i].dir, Y2030, msg, sizeof msg);
		expect(rows[i].what, r, msg, rows[i].want, rows[i].phrase);
	}
}

static void test_devices(const char *video)
{
	char msg[600];
	expect("camera device missing", kiosk_check_camera("/dev/id06-no-such-video", msg, sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "not found");
	expect("camera /dev/null is no V4L2 camera", kiosk_check_camera("/dev/null", msg, sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "not a video4linux camera");
	expect("camera video file missing", kiosk_check_camera("video:/nonexistent.avi", msg, sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "video:FILE");
	char setting[800];
	snprintf(setting, sizeof setting, "images:%s", at("csca-empty"));
	expect("camera images folder empty", kiosk_check_camera(setting, msg, sizeof msg), msg,
	       KIOSK_CHECK_FAIL, "no .jpg or .png");
	snprintf(setting, sizeof setting, "video:%s", video);
	expect("camera video file opens", kiosk_check_camera(setting, msg, sizeof msg), msg,
	       KIOSK_CHECK_OK, "video file and opens");
	expect("nfc reader missing", kiosk_check_nfc("pn532_uart:/dev/id06-no-such-tty", msg, sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "no NFC reader at pn532_uart:/dev/id06-no-such-tty");
	expect("model missing", kiosk_check_model("/nonexistent/mrz.traineddata", msg, sizeof msg),
	       msg, KIOSK_CHECK_FAIL, "does not load in Tesseract");
	expect("model (build tree default) loads", kiosk_check_model(NULL, msg, sizeof msg), msg,
	       KIOSK_CHECK_OK, "loads in Tesseract");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kiosk_check_test WORKDIR VIDEO\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s", argv[1]);
	char cmd[1100];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	if (system(cmd) != 0)
		return 2;
	unsetenv("ID06_MRZ_MODEL");
	test_certs();
	test_csca();
	test_devices(argv[2]);
	printf("%s\n", failures ? "kiosk_check_test: FAILED" : "kiosk_check_test: all passed");
	return failures ? 1 : 0;
}
