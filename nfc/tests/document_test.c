/* document_test.c - emrtd_document_read/verify against the in-process
 * chip: which files are asked for (EF.COM's list), DG1 against the
 * printed MRZ, the face decoded, a listed DG the chip withholds, a missing
 * EF.SOD, a card lost mid-read (what was read is kept).  Passive
 * authentication itself is pa_test's; here it must never pass without a
 * SOD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_chip.h"

static int failed;

#define L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
#define L2_OTHER_NAME_L1 "P<UTOERIKSSON<<ANNE<MARIA<<<<<<<<<<<<<<<<<<<"

static uint8_t com_12[] = {0x60, 0x14, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06,
                           0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x5C, 0x02, 0x61, 0x75};
static uint8_t com_1_2_11[] = {0x60, 0x15, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06,
                               0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x5C, 0x03, 0x61, 0x75, 0x6B};
static uint8_t dg1[93], dg1_other[93];
static uint8_t dg2[8192];
static size_t dg2_len;

static void make_dg1(uint8_t *out, const char *l1)
{
	out[0] = 0x61, out[1] = 0x5B, out[2] = 0x5F, out[3] = 0x1F, out[4] = 0x58;
	memcpy(out + 5, l1, 44);
	memcpy(out + 49, L2, 44);
}

/* A 64x48 gradient as JPEG in a minimal 19794-5 DG2. */
static void make_dg2(void)
{
	struct emrtd_image img = {64, 48, malloc(64 * 48 * 3)};
	for (unsigned i = 0; i < 64 * 48; i++) {
		img.rgb[3 * i] = (uint8_t)(i % 64 * 4);
		img.rgb[3 * i + 1] = (uint8_t)(i / 64 * 5);
		img.rgb[3 * i + 2] = 128;
	}
	uint8_t *jpeg = NULL;
	size_t jl = 0;
	emrtd_image_to_jpeg(&img, 80, &jpeg, &jl);
	emrtd_image_fini(&img);
	uint8_t bdb[8192], a[8192], b[8192];
	size_t rec = 32 + jl, k = 0, an, bn;
	memcpy(bdb, "FAC\0" "010\0", 8);
	k = 8;
	uint32_t total = (uint32_t)(14 + rec);
	for (int i = 3; i >= 0; i--)
		bdb[k++] = (uint8_t)(total >> (8 * i));
	bdb[k++] = 0, bdb[k++] = 1;
	for (int i = 3; i >= 0; i--)
		bdb[k++] = (uint8_t)(rec >> (8 * i));
	memset(bdb + k, 0, 16), k += 16;
	uint8_t info[12] = {1, 0, 0, 64, 0, 48};
	memcpy(bdb + k, info, 12), k += 12;
	memcpy(bdb + k, jpeg, jl), k += jl;
	emrtd_free(jpeg);
	struct emrtd_writer w;
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0xA1, "\x80\x02\x01\x01", 4);
	emrtd_writer_tlv(&w, 0x5F2E, bdb, k);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, b, sizeof b);
	emrtd_writer_tlv(&w, 0x02, "\x01", 1);
	emrtd_writer_tlv(&w, 0x7F60, a, an);
	emrtd_writer_finish(&w, &bn);
	emrtd_writer_init(&w, a, sizeof a);
	emrtd_writer_tlv(&w, 0x7F61, b, bn);
	emrtd_writer_finish(&w, &an);
	emrtd_writer_init(&w, dg2, sizeof dg2);
	emrtd_writer_tlv(&w, 0x75, a, an);
	emrtd_writer_finish(&w, &dg2_len);
}

static const struct {
	const char *what;
	const uint8_t *com;
	size_t com_len;
	bool other_dg1, no_dg2;
	unsigned lost_after;
	enum emrtd_err read_err;
	bool tried11, dg1_matches;
	const char *incomplete_has;
} cases[] = {
	{"COM lists DG1, DG2", com_12, sizeof com_12, false, false, 0, EMRTD_OK, false, true, NULL},
	{"COM lists DG11 too, chip lacks it", com_1_2_11, sizeof com_1_2_11, false, false, 0, EMRTD_OK, true, true, "DG11 listed"},
	{"DG1 name differs from the printed MRZ", com_12, sizeof com_12, true, false, 0, EMRTD_OK, false, false, NULL},
	{"no EF.COM: DG1 and DG2 anyway", NULL, 0, false, false, 0, EMRTD_OK, false, true, NULL},
	{"DG2 listed, chip lacks it", com_12, sizeof com_12, false, true, 0, EMRTD_OK, false, true, "DG2 listed"},
	{"card lost after DG1", com_12, sizeof com_12, false, false, 10, EMRTD_ERR_CARD_LOST, false, true, NULL},
};

static void run(size_t k)
{
	struct test_chip chip;
	struct emrtd_transport t;
	struct emrtd_session *s = NULL;
	struct emrtd_document *d = NULL;
	struct mrz_result key;
	uint8_t seed[16];
	const char *what = cases[k].what;
	emrtd_key_from_mrz(L1 "\n" L2, 89, seed, &key);
	test_chip_init(&chip);
	memcpy(chip.seed, seed, 16);
	int n = 0;
	if (cases[k].com)
		chip.files[n].fid = 0x011E, chip.files[n].data = cases[k].com, chip.files[n++].len = cases[k].com_len;
	chip.files[n].fid = 0x0101, chip.files[n].data = cases[k].other_dg1 ? dg1_other : dg1, chip.files[n++].len = sizeof dg1;
	if (!cases[k].no_dg2)
		chip.files[n].fid = 0x0102, chip.files[n].data = dg2, chip.files[n++].len = dg2_len;
	chip.lost_after = cases[k].lost_after;
	test_chip_transport(&chip, &t);
	if (emrtd_session_open(&t, NULL, &s) || emrtd_session_bac(s, seed)) {
		printf("FAIL %s: session\n", what);
		failed++;
		goto out;
	}
	enum emrtd_err e = emrtd_document_read(s, &d);
	if (e != cases[k].read_err || !d) {
		printf("FAIL %s: read expected %s got %s\n", what, emrtd_err_str(cases[k].read_err), emrtd_err_str(e));
		failed++;
		goto out;
	}
	if (!d->files[EMRTD_FILE_DG1] || d->tried[EMRTD_FILE_DG11] != cases[k].tried11 || d->tried[EMRTD_FILE_DG3]) {
		printf("FAIL %s: files asked for: DG1 %s, DG11 %s (expected %s), DG3 %s\n", what,
		       d->files[EMRTD_FILE_DG1] ? "read" : "missing", d->tried[EMRTD_FILE_DG11] ? "yes" : "no",
		       cases[k].tried11 ? "yes" : "no", d->tried[EMRTD_FILE_DG3] ? "yes" : "no");
		failed++;
	}
	if (e)
		goto out; /* lost: what was read is kept, nothing to verify */
	if (emrtd_document_verify(d, NULL, &key)) {
		printf("FAIL %s: verify returned an error\n", what);
		failed++;
		goto out;
	}
	if (!d->dg1_parsed || d->dg1_matches != cases[k].dg1_matches) {
		printf("FAIL %s: DG1 parsed %d matches %d (expected %d): %s\n", what, d->dg1_parsed, d->dg1_matches,
		       cases[k].dg1_matches, d->dg1_mismatch);
		failed++;
	}
	if (!cases[k].dg1_matches && !strstr(d->dg1_mismatch, "name")) {
		printf("FAIL %s: mismatch should name the field, got \"%s\"\n", what, d->dg1_mismatch);
		failed++;
	}
	if (!cases[k].no_dg2 && (d->face_err || d->face.format != EMRTD_IMAGE_JPEG || d->image.width != 64 ||
	                         d->image.height != 48)) {
		printf("FAIL %s: face %s %ux%u, expected jpeg 64x48\n", what, emrtd_err_str(d->face_err),
		       d->image.width, d->image.height);
		failed++;
	}
	const char *inc = cases[k].incomplete_has;
	if (inc ? !strstr(d->incomplete, inc) || d->complete : d->incomplete[0] != 0 || !d->complete) {
		printf("FAIL %s: incomplete expected \"%s\", got \"%s\"\n", what, inc ? inc : "", d->incomplete);
		failed++;
	}
	if (d->pa.verdict == EMRTD_CHECK_PASS || d->verified || !strstr(d->pa.reason, "EF.SOD")) {
		printf("FAIL %s: without EF.SOD nothing may verify (reason \"%s\")\n", what, d->pa.reason);
		failed++;
	}
out:
	emrtd_document_free(d);
	emrtd_session_close(s);
	emrtd_sm_wipe(&chip.sm);
	mrz_result_wipe(&key);
}

int main(void)
{
	make_dg1(dg1, L1);
	make_dg1(dg1_other, L2_OTHER_NAME_L1);
	make_dg2();
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		run(k);
	printf("document: %zu cases, %d failed\n", sizeof cases / sizeof cases[0], failed);
	return failed ? 1 : 0;
}
