/* lds_test.c - EF.COM, DG1 and DG2 parsing: good files, every truncation
 * point, malformed fields; the face in ISO 19794-5 and ISO 39794-5
 * wrappings as JPEG, JP2 and raw J2K, decoded to RGB and re-encoded as
 * JPEG.  The sample faces come from the project's own generator
 * (nfc/sim, sim_face_make). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "hex.h"
#include "mrz.h"

static int failed;

static void want(const char *what, enum emrtd_err exp, enum emrtd_err got)
{
	if (exp != got) {
		printf("FAIL %s: expected %s, got %s\n", what, emrtd_err_str(exp), emrtd_err_str(got));
		failed++;
	}
}

/* ---- EF.COM ---- */
static const struct {
	const char *hex;
	enum emrtd_err err;
	const char *what;
} coms[] = {
	{"60145F0104303130375F36063034303030305C026175", EMRTD_OK, "DG1, DG2 (D.4)"},
	{"60185F0104303130375F36063034303030305C0661756B6C6E6F", EMRTD_OK, "six DGs"},
	{"60145F0104303130375F36063034303030305C026199", EMRTD_ERR_BAD_TAG, "unknown DG tag 99"},
	{"60135F01033031305F36063034303030305C026175", EMRTD_ERR_BAD_LENGTH, "3-digit LDS version"},
	{"60145F0104413031375F36063034303030305C026175", EMRTD_ERR_BAD_LENGTH, "letter in LDS version"},
	{"60145F0104303130375F36063034303030305C02617500", EMRTD_ERR_BAD_LENGTH, "trailing byte"},
	{"61145F0104303130375F36063034303030305C026175", EMRTD_ERR_BAD_TAG, "DG1 tag"},
	{"600D5F36063034303030305C026175", EMRTD_ERR_BAD_TAG, "no LDS version"},
	{"60105F0104303130375F3606303430303030", EMRTD_ERR_TRUNCATED, "no tag list"},
};

static void test_com(void)
{
	for (size_t i = 0; i < sizeof coms / sizeof coms[0]; i++) {
		uint8_t b[128];
		struct emrtd_com c;
		size_t n = hex_decode(coms[i].hex, b, sizeof b);
		want(coms[i].what, coms[i].err, emrtd_com_parse(b, n, &c));
		if (coms[i].err)
			continue;
		if (!c.present[EMRTD_FILE_DG1] || !c.present[EMRTD_FILE_DG2] || c.present[EMRTD_FILE_DG3] ||
		    strcmp(c.lds_version, "0107") || strcmp(c.unicode_version, "040000")) {
			printf("FAIL %s: fields not as encoded\n", coms[i].what);
			failed++;
		}
		for (size_t cut = 0; cut < n; cut++)
			if (emrtd_com_parse(b, cut, &c) == EMRTD_OK) {
				printf("FAIL %s: accepted when cut to %zu bytes\n", coms[i].what, cut);
				failed++;
			}
	}
}

/* ---- DG1 ---- */
#define TD3 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
#define TD1 "I<UTOD231458907<<<<<<<<<<<<<<<" "7408122F1204159UTO<<<<<<<<<<<6" "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"

static void test_dg1(void)
{
	uint8_t b[256];
	char mrz[128];
	struct emrtd_writer w;
	size_t n;
	const char *texts[] = {TD3, TD1};
	for (int k = 0; k < 2; k++) {
		uint8_t inner[128];
		size_t tl = strlen(texts[k]), il;
		emrtd_writer_init(&w, inner, sizeof inner);
		emrtd_writer_tlv(&w, 0x5F1F, texts[k], tl);
		emrtd_writer_finish(&w, &il);
		emrtd_writer_init(&w, b, sizeof b);
		emrtd_writer_tlv(&w, 0x61, inner, il);
		emrtd_writer_finish(&w, &n);
		want(k ? "DG1 TD1" : "DG1 TD3", EMRTD_OK, emrtd_dg1_mrz(b, n, mrz, sizeof mrz));
		if (strcmp(mrz, texts[k]) != 0) {
			printf("FAIL DG1: expected %s got %s\n", texts[k], mrz);
			failed++;
		}
		for (size_t cut = 0; cut < n; cut++)
			if (emrtd_dg1_mrz(b, cut, mrz, sizeof mrz) == EMRTD_OK) {
				printf("FAIL DG1 accepted when cut to %zu\n", cut);
				failed++;
			}
		want("DG1 into a small buffer", EMRTD_ERR_TOO_BIG, emrtd_dg1_mrz(b, n, mrz, 50));
	}
	/* 87 characters, a lower-case letter, wrong tags. */
	char text[100];
	snprintf(text, sizeof text, "%s", TD3);
	text[87] = 0;
	uint8_t inner[128];
	size_t il;
	emrtd_writer_init(&w, inner, sizeof inner);
	emrtd_writer_tlv(&w, 0x5F1F, text, 87);
	emrtd_writer_finish(&w, &il);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0x61, inner, il);
	emrtd_writer_finish(&w, &n);
	want("DG1 with 87 characters", EMRTD_ERR_BAD_LENGTH, emrtd_dg1_mrz(b, n, mrz, sizeof mrz));
	snprintf(text, sizeof text, "%s", TD3);
	text[5] = 'r';
	emrtd_writer_init(&w, inner, sizeof inner);
	emrtd_writer_tlv(&w, 0x5F1F, text, 88);
	emrtd_writer_finish(&w, &il);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0x61, inner, il);
	emrtd_writer_finish(&w, &n);
	want("DG1 with a lower-case letter", EMRTD_ERR_BAD_TAG, emrtd_dg1_mrz(b, n, mrz, sizeof mrz));
	b[0] = 0x60;
	want("DG1 with the EF.COM tag", EMRTD_ERR_BAD_TAG, emrtd_dg1_mrz(b, n, mrz, sizeof mrz));
	b[0] = 0x61;
	b[3] = 0x20; /* 5F1F -> 5F20 */
	want("DG1 without 5F1F", EMRTD_ERR_BAD_TAG, emrtd_dg1_mrz(b, n, mrz, sizeof mrz));

	/* The access key from MRZ text, and refusal of a text without one. */
	uint8_t seed[16];
	struct mrz_result r;
	want("key from TD3 text", EMRTD_OK,
	     emrtd_key_from_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
	                        89, seed, &r));
	uint8_t ref[16];
	emrtd_bac_seed("L898902C3", '6', "740812", '2', "120415", '9', ref);
	if (memcmp(seed, ref, 16)) {
		printf("FAIL key from TD3 text differs from the seed of its fields\n");
		failed++;
	}
	want("key from text with a wrong birth date digit", EMRTD_ERR_MRZ,
	     emrtd_key_from_mrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10",
	                        89, seed, &r));
	want("key from text that is no MRZ", EMRTD_ERR_MRZ, emrtd_key_from_mrz("hello", 5, seed, &r));
	mrz_result_wipe(&r);
}

/* ---- DG2 ---- */

/* 19794-5: FAC header, one facial record, no feature points. */
static size_t bdb_19794(const uint8_t *img, size_t n, uint8_t type, unsigned w, unsigned h,
                        uint16_t points, uint8_t *out)
{
	size_t rec = 20 + 8u * points + 12 + n, total = 14 + rec, k = 0;
	memcpy(out, "FAC\0" "010\0", 8);
	k = 8;
	for (int i = 3; i >= 0; i--)
		out[k++] = (uint8_t)(total >> (8 * i));
	out[k++] = 0;
	out[k++] = 1;
	for (int i = 3; i >= 0; i--)
		out[k++] = (uint8_t)(rec >> (8 * i));
	out[k++] = (uint8_t)(points >> 8);
	out[k++] = (uint8_t)points;
	memset(out + k, 0, 14);
	k += 14;
	memset(out + k, 0x11, 8u * points);
	k += 8u * points;
	out[k++] = 1;      /* full frontal */
	out[k++] = type;   /* 0 JPEG, 1 JPEG 2000 */
	out[k++] = (uint8_t)(w >> 8);
	out[k++] = (uint8_t)w;
	out[k++] = (uint8_t)(h >> 8);
	out[k++] = (uint8_t)h;
	memset(out + k, 0, 6);
	k += 6;
	memcpy(out + k, img, n);
	return k + n;
}

/* 75 { 7F61 { 02 01 01, 7F60 { A1 {..}, <bdb_tag> { bdb } } } } */
static size_t wrap_dg2(uint32_t bdb_tag, const uint8_t *bdb, size_t n, uint8_t *out, size_t cap)
{
	static uint8_t a[600000], b[600000];
	struct emrtd_writer w;
	size_t an, bn, len;
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0xA1, "\x80\x02\x01\x01", 4);
	emrtd_writer_tlv(&w, bdb_tag, bdb, n);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0x02, "\x01", 1);
	emrtd_writer_tlv(&w, 0x7F60, a, an);
	emrtd_writer_finish(&w, &bn);
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0x7F61, b, bn);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_tlv(&w, 0x75, a, an);
	emrtd_writer_finish(&w, &len);
	return len;
}

/* 39794-5 shape: A1 { A0 { 02 01 01 }, A1 { 30 { 80 01 00, A1 { A0 { 80 <image> } } } } } */
static size_t bdb_39794(const uint8_t *img, size_t n, uint8_t *out, size_t cap)
{
	static uint8_t a[600000], b[600000];
	struct emrtd_writer w;
	size_t an, bn, len;
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0x80, img, n);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0xA0, a, an);
	emrtd_writer_finish(&w, &bn);
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0x80, "\x00", 1);
	emrtd_writer_tlv(&w, 0xA1, b, bn);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0x30, a, an);
	emrtd_writer_finish(&w, &bn);
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0xA0, "\x02\x01\x01", 3);
	emrtd_writer_tlv(&w, 0xA1, b, bn);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, out, cap);
	emrtd_writer_tlv(&w, 0xA1, a, an);
	emrtd_writer_finish(&w, &len);
	return len;
}

/* The codestream inside a JP2 (the jp2c box). */
static size_t j2k_of(const uint8_t *jp2, size_t n, const uint8_t **out)
{
	size_t i = 0;
	while (i + 8 <= n) {
		size_t len = (size_t)jp2[i] << 24 | (size_t)jp2[i + 1] << 16 | (size_t)jp2[i + 2] << 8 | jp2[i + 3];
		if (memcmp(jp2 + i + 4, "jp2c", 4) == 0) {
			*out = jp2 + i + 8;
			return (len ? len : n - i) - 8;
		}
		if (len < 8)
			break;
		i += len;
	}
	*out = NULL;
	return 0;
}

static uint8_t bdb[600000], dg2[600000];

static void check_face(const char *what, const uint8_t *p, size_t n, enum emrtd_image_format fmt,
                       unsigned w, unsigned h)
{
	struct emrtd_face face;
	struct emrtd_image img;
	want(what, EMRTD_OK, emrtd_dg2_parse(p, n, &face));
	if (face.format != fmt) {
		printf("FAIL %s: format expected %s got %s\n", what, emrtd_image_format_name(fmt),
		       emrtd_image_format_name(face.format));
		failed++;
		return;
	}
	want(what, EMRTD_OK, emrtd_face_decode(&face, &img));
	if (img.width != w || img.height != h) {
		printf("FAIL %s: decoded %ux%u, expected %ux%u\n", what, img.width, img.height, w, h);
		failed++;
	}
	/* The synthetic face is not flat: a decoder that returns zeros fails. */
	size_t distinct = 0;
	for (size_t i = 3; img.rgb && i < (size_t)img.width * img.height * 3; i += 3)
		distinct += memcmp(img.rgb + i, img.rgb, 3) != 0;
	if (distinct < (size_t)w * h / 4) {
		printf("FAIL %s: decoded image is nearly uniform\n", what);
		failed++;
	}
	uint8_t *jpeg = NULL;
	size_t jl = 0;
	want(what, EMRTD_OK, emrtd_image_to_jpeg(&img, 85, &jpeg, &jl));
	struct emrtd_face again = {EMRTD_IMAGE_JPEG, jpeg, jl, 0, 0, 1};
	struct emrtd_image img2;
	want(what, EMRTD_OK, emrtd_face_decode(&again, &img2));
	if (img2.width != w || img2.height != h) {
		printf("FAIL %s: JPEG round trip %ux%u\n", what, img2.width, img2.height);
		failed++;
	}
	emrtd_free(jpeg);
	emrtd_image_fini(&img);
	emrtd_image_fini(&img2);
	/* Every truncation point fails cleanly. */
	for (size_t cut = 0; cut < n && cut < 64; cut++)
		if (emrtd_dg2_parse(p, cut, &face) == EMRTD_OK) {
			printf("FAIL %s: accepted when cut to %zu\n", what, cut);
			failed++;
		}
	if (emrtd_dg2_parse(p, n - 1, &face) == EMRTD_OK) {
		printf("FAIL %s: accepted without its last byte\n", what);
		failed++;
	}
}

static void test_dg2(void)
{
	uint8_t *jpeg = NULL, *jp2 = NULL;
	size_t jl = 0, pl = 0, n, bn;
	const unsigned W = 120, H = 160;
	if (sim_face_make(SIM_IMAGE_JPEG, W, H, 80, &jpeg, &jl) || sim_face_make(SIM_IMAGE_JPEG2000, W, H, 80, &jp2, &pl)) {
		printf("FAIL: sample faces could not be made\n");
		failed++;
		return;
	}
	const uint8_t *j2k;
	size_t kl = j2k_of(jp2, pl, &j2k);

	bn = bdb_19794(jpeg, jl, 0, W, H, 0, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	check_face("19794-5 JPEG", dg2, n, EMRTD_IMAGE_JPEG, W, H);
	bn = bdb_19794(jpeg, jl, 0, W, H, 3, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	check_face("19794-5 JPEG with 3 feature points", dg2, n, EMRTD_IMAGE_JPEG, W, H);
	bn = bdb_19794(jp2, pl, 1, W, H, 0, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	check_face("19794-5 JP2", dg2, n, EMRTD_IMAGE_JP2, W, H);
	if (kl) {
		bn = bdb_19794(j2k, kl, 1, W, H, 0, bdb);
		n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
		check_face("19794-5 raw J2K codestream", dg2, n, EMRTD_IMAGE_J2K, W, H);
	} else {
		printf("FAIL: no jp2c box in the sample JP2\n");
		failed++;
	}
	bn = bdb_39794(jp2, pl, bdb, sizeof bdb);
	n = wrap_dg2(0x7F2E, bdb, bn, dg2, sizeof dg2);
	check_face("39794-5 JP2", dg2, n, EMRTD_IMAGE_JP2, W, H);
	bn = bdb_39794(jpeg, jl, bdb, sizeof bdb);
	n = wrap_dg2(0x7F2E, bdb, bn, dg2, sizeof dg2);
	check_face("39794-5 JPEG", dg2, n, EMRTD_IMAGE_JPEG, W, H);

	/* Malformed 19794-5 headers. */
	struct emrtd_face face;
	bn = bdb_19794(jpeg, jl, 1, W, H, 0, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("JPEG declared as JPEG 2000", EMRTD_ERR_IMAGE, emrtd_dg2_parse(dg2, n, &face));
	bn = bdb_19794(jpeg, jl, 0, W, H, 0, bdb);
	bdb[0] = 'X';
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("no FAC magic", EMRTD_ERR_BAD_TAG, emrtd_dg2_parse(dg2, n, &face));
	bn = bdb_19794(jpeg, jl, 0, W, H, 0, bdb);
	bdb[10] ^= 0x40; /* record length beyond the data */
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("record length past the end", EMRTD_ERR_BAD_LENGTH, emrtd_dg2_parse(dg2, n, &face));
	bn = bdb_19794(jpeg, jl, 0, W, H, 0, bdb);
	bdb[18] = 0x7F; /* 0x7Fxx feature points */
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("too many feature points", EMRTD_ERR_BAD_LENGTH, emrtd_dg2_parse(dg2, n, &face));
	bn = bdb_19794(jpeg, jl, 0, W, H, 0, bdb);
	bdb[13] = 0;
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("zero faces", EMRTD_ERR_NOT_FOUND, emrtd_dg2_parse(dg2, n, &face));
	uint8_t junk[64] = {0xFF, 0xD8, 0xFF, 0xE0};
	bn = bdb_19794(junk, sizeof junk, 0, W, H, 0, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("JPEG magic then junk: parses", EMRTD_OK, emrtd_dg2_parse(dg2, n, &face));
	struct emrtd_image img;
	want("JPEG magic then junk: no image", EMRTD_ERR_IMAGE, emrtd_face_decode(&face, &img));
	uint8_t jjunk[64];
	memcpy(jjunk, jp2, 12);
	memset(jjunk + 12, 0x5A, sizeof jjunk - 12);
	bn = bdb_19794(jjunk, sizeof jjunk, 1, W, H, 0, bdb);
	n = wrap_dg2(0x5F2E, bdb, bn, dg2, sizeof dg2);
	want("JP2 signature then junk: parses", EMRTD_OK, emrtd_dg2_parse(dg2, n, &face));
	want("JP2 signature then junk: no image", EMRTD_ERR_IMAGE, emrtd_face_decode(&face, &img));
	bn = bdb_39794((const uint8_t *)"no image here", 13, bdb, sizeof bdb);
	n = wrap_dg2(0x7F2E, bdb, bn, dg2, sizeof dg2);
	want("39794-5 without an image", EMRTD_ERR_IMAGE, emrtd_dg2_parse(dg2, n, &face));
	free(jpeg);
	free(jp2);
}

int main(void)
{
	test_com();
	test_dg1();
	test_dg2();
	printf("lds: %d failed\n", failed);
	return failed ? 1 : 0;
}
