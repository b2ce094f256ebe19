/* tlv_test.c - the bounded BER-TLV cursor, the writer and APDU coding:
 * bytes -> expected result, one row per form, every truncation point of
 * every well-formed row, and child cursors that cannot see past their
 * value. */
#include <stdio.h>
#include <string.h>

#include "emrtd_crypto.h"
#include "hex.h"

static int failed;

#define Z8 "0000000000000000"
#define Z64 Z8 Z8 Z8 Z8 Z8 Z8 Z8 Z8

static const struct {
	const char *hex;
	enum emrtd_err err;
	uint32_t tag;
	size_t header, value;
	const char *what;
} rows[] = {
	{"6100", EMRTD_OK, 0x61, 2, 0, "empty value"},
	{"5F1F0141", EMRTD_OK, 0x5F1F, 3, 1, "two-byte tag"},
	{"7F618101AA", EMRTD_OK, 0x7F61, 4, 1, "two-byte tag, 81 length"},
	{"5F8F0102AABB", EMRTD_OK, 0x5F8F01, 4, 2, "three-byte tag"},
	{"758180" Z64 Z64,
	 EMRTD_OK, 0x75, 3, 128, "81 80: 128 bytes"},
	{"77820003010203", EMRTD_OK, 0x77, 4, 3, "82 length"},
	{"7783000002AABB", EMRTD_OK, 0x77, 5, 2, "83 length"},
	{"778400000001AA", EMRTD_OK, 0x77, 6, 1, "84 length"},
	{"7785000000000100", EMRTD_ERR_BAD_LENGTH, 0, 0, 0, "5 length bytes"},
	{"7780AA0000", EMRTD_ERR_BAD_LENGTH, 0, 0, 0, "indefinite length"},
	{"5F8F8F0100", EMRTD_ERR_BAD_TAG, 0, 0, 0, "four-byte tag"},
	{"0001AA", EMRTD_ERR_BAD_TAG, 0, 0, 0, "tag 00"},
	{"FF01AA", EMRTD_ERR_BAD_TAG, 0, 0, 0, "tag FF"},
	{"6105AABB", EMRTD_ERR_TRUNCATED, 0, 0, 0, "value shorter than length"},
	{"6184FFFFFFFF00", EMRTD_ERR_TRUNCATED, 0, 0, 0, "4 GB declared"},
	{"", EMRTD_ERR_TRUNCATED, 0, 0, 0, "no bytes"},
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint8_t buf[512];
		size_t n = hex_decode(rows[i].hex, buf, sizeof buf);
		struct emrtd_cursor c, v;
		uint32_t tag;
		enum emrtd_err e = emrtd_cursor_tlv((emrtd_cursor_init(&c, buf, n), &c), &tag, &v);
		size_t hl = 0, vl = 0;
		uint32_t htag = 0;
		if (e != rows[i].err || (e == EMRTD_OK && (tag != rows[i].tag || v.left != rows[i].value ||
		                                          v.p != buf + rows[i].header || !emrtd_cursor_done(&c)))) {
			printf("FAIL %s (%s): expected %s tag %X value %zu, got %s tag %X value %zu\n",
			       rows[i].what, rows[i].hex, emrtd_err_str(rows[i].err), rows[i].tag, rows[i].value,
			       emrtd_err_str(e), tag, v.left);
			failed++;
			continue;
		}
		if (e) {
			/* Sticky: a later read fails with the same error. */
			uint8_t b;
			if (emrtd_cursor_u8(&c, &b) != e || c.err != e) {
				printf("FAIL %s: error not sticky\n", rows[i].what);
				failed++;
			}
			continue;
		}
		if (emrtd_tlv_header(buf, n, &htag, &hl, &vl) || htag != rows[i].tag || hl != rows[i].header ||
		    vl != rows[i].value) {
			printf("FAIL %s: emrtd_tlv_header expected %X/%zu/%zu got %X/%zu/%zu\n", rows[i].what,
			       rows[i].tag, rows[i].header, rows[i].value, htag, hl, vl);
			failed++;
		}
		/* Every truncation point of a good TLV is TRUNCATED. */
		for (size_t cut = 0; cut < n; cut++) {
			emrtd_cursor_init(&c, buf, cut);
			e = emrtd_cursor_tlv(&c, &tag, &v);
			if (e != EMRTD_ERR_TRUNCATED) {
				printf("FAIL %s cut at %zu of %zu: expected %s got %s\n", rows[i].what, cut, n,
				       emrtd_err_str(EMRTD_ERR_TRUNCATED), emrtd_err_str(e));
				failed++;
			}
		}
	}
}

/* A nested structure as in DG1: 61 { 5F1F <mrz> } followed by junk. */
static void test_nested(void)
{
	uint8_t buf[64];
	size_t n = hex_decode("6106 5F1F03414243 9000 5C02 6175", buf, sizeof buf);
	struct emrtd_cursor c, outer, inner, v;
	uint32_t tag;
	emrtd_cursor_init(&c, buf, n);
	if (emrtd_cursor_expect(&c, 0x61, &outer) || emrtd_cursor_expect(&outer, 0x5F1F, &inner) ||
	    inner.left != 3 || memcmp(inner.p, "ABC", 3) || !emrtd_cursor_done(&outer)) {
		printf("FAIL nested: 61/5F1F not read as expected\n");
		failed++;
	}
	/* The child ended: reading on fails instead of seeing the 90 00 after it. */
	if (emrtd_cursor_tlv(&outer, &tag, &v) != EMRTD_ERR_TRUNCATED) {
		printf("FAIL nested: child cursor read past its value\n");
		failed++;
	}
	/* 90 00 is a TLV with tag 90 and empty value; then 5C. */
	if (emrtd_cursor_find(&c, 0x5C, &v) || v.left != 2) {
		printf("FAIL nested: find 5C\n");
		failed++;
	}
	emrtd_cursor_init(&c, buf, n);
	if (emrtd_cursor_find(&c, 0x77, &v) != EMRTD_ERR_NOT_FOUND || c.err != EMRTD_OK) {
		printf("FAIL nested: find of a missing tag should be NOT_FOUND and not sticky\n");
		failed++;
	}
	emrtd_cursor_init(&c, buf, n);
	if (emrtd_cursor_expect(&c, 0x60, &v) != EMRTD_ERR_BAD_TAG || c.err != EMRTD_ERR_BAD_TAG) {
		printf("FAIL nested: expect of the wrong tag should be BAD_TAG\n");
		failed++;
	}
	const uint8_t *p;
	emrtd_cursor_init(&c, buf, 3);
	if (emrtd_cursor_take(&c, 4, &p) != EMRTD_ERR_TRUNCATED || p != NULL) {
		printf("FAIL take past the end\n");
		failed++;
	}
}

static void test_writer(void)
{
	uint8_t buf[300], small[5];
	struct emrtd_writer w;
	size_t len;
	static const uint8_t big[200];
	emrtd_writer_init(&w, buf, sizeof buf);
	emrtd_writer_tlv(&w, 0x5F1F, "AB", 2);
	emrtd_writer_tlv(&w, 0x7F61, big, 200);
	emrtd_writer_header(&w, 0x5F8F01, 0x1234);
	if (emrtd_writer_finish(&w, &len) || len != 5 + 4 + 200 + 6) {
		printf("FAIL writer: length %zu\n", len);
		failed++;
	}
	failed += hex_expect("writer 5F1F", "5F1F024142 7F6181C8", buf, 9);
	failed += hex_expect("writer 3-byte tag, 82 length", "5F8F01821234", buf + 209, 6);
	emrtd_writer_init(&w, small, sizeof small);
	emrtd_writer_tlv(&w, 0x61, "ABCD", 4);
	emrtd_writer_u8(&w, 1);
	if (emrtd_writer_finish(&w, &len) != EMRTD_ERR_TOO_BIG || len != 0) {
		printf("FAIL writer overflow not reported\n");
		failed++;
	}
	/* Round trip: what the writer writes, the cursor reads. */
	struct emrtd_cursor c, v;
	uint32_t tag;
	emrtd_cursor_init(&c, buf, 209);
	emrtd_cursor_tlv(&c, &tag, &v);
	emrtd_cursor_tlv(&c, &tag, &v);
	if (c.err || tag != 0x7F61 || v.left != 200 || !emrtd_cursor_done(&c)) {
		printf("FAIL writer/cursor round trip\n");
		failed++;
	}
}

static const struct {
	const char *hex;
	enum emrtd_err err;
	size_t nc, ne;
	bool has_le, extended;
} apdus[] = {
	{"00A4020C", EMRTD_OK, 0, 0, false, false},
	{"00B0000000", EMRTD_OK, 0, 256, true, false},
	{"00B00000DF", EMRTD_OK, 0, 0xDF, true, false},
	{"00A4020C02011E", EMRTD_OK, 2, 0, false, false},
	{"00A4040C07A000000247100100", EMRTD_OK, 7, 256, true, false},
	{"00B0000000FFFF", EMRTD_OK, 0, 0xFFFF, true, true},
	{"00B0000000000000", EMRTD_ERR_BAD_LENGTH, 0, 0, false, false},
	{"00D600000000020102", EMRTD_OK, 2, 0, false, true},
	{"00D6000000000201020000", EMRTD_OK, 2, 65536, true, true},
	{"00A4020C03011E", EMRTD_ERR_BAD_LENGTH, 0, 0, false, false},
	{"00A4020C02011E0000", EMRTD_ERR_BAD_LENGTH, 0, 0, false, false},
	{"00A402", EMRTD_ERR_TRUNCATED, 0, 0, false, false},
	{"00A4020C0000", EMRTD_ERR_BAD_LENGTH, 0, 0, false, false},
};

static void test_apdus(void)
{
	for (size_t i = 0; i < sizeof apdus / sizeof apdus[0]; i++) {
		uint8_t in[64], out[64];
		size_t n = hex_decode(apdus[i].hex, in, sizeof in), len = 0;
		struct emrtd_apdu a;
		enum emrtd_err e = emrtd_apdu_parse(in, n, &a);
		if (e != apdus[i].err || (e == EMRTD_OK && (a.nc != apdus[i].nc || a.ne != apdus[i].ne ||
		                                           a.has_le != apdus[i].has_le ||
		                                           a.extended != apdus[i].extended))) {
			printf("FAIL APDU %s: expected %s nc %zu ne %zu, got %s nc %zu ne %zu\n", apdus[i].hex,
			       emrtd_err_str(apdus[i].err), apdus[i].nc, apdus[i].ne, emrtd_err_str(e), a.nc, a.ne);
			failed++;
			continue;
		}
		if (e)
			continue;
		/* Parse and build are inverse. */
		if (emrtd_apdu_build(&a, out, sizeof out, &len) || len != n || memcmp(in, out, n)) {
			printf("FAIL APDU %s: rebuilt as %s\n", apdus[i].hex, hex_str(out, len));
			failed++;
		}
	}
}

int main(void)
{
	test_rows();
	test_nested();
	test_writer();
	test_apdus();
	printf("tlv/apdu: %d failed\n", failed);
	return failed ? 1 : 0;
}
