/* session_test.c - the reader against the in-process chip: BAC, files,
 * READ BINARY sizes and their fallback when a chip refuses (6700, 6Cxx,
 * 6282, 6B00), short-file-identifier reads with SELECT fallback, offsets
 * past 0x7FFF, a wrong MRZ, a missing file, a card that leaves the field,
 * a chip that answers more than asked or lies in a file header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "test_chip.h"

static int failed;

static uint8_t com[] = {0x60, 0x14, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06,
                        0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x5C, 0x02, 0x61, 0x75};
static uint8_t dg2[1500];
static uint8_t big[40000];
static uint8_t wrongtag[] = {0x62, 0x03, 1, 2, 3};
static uint8_t huge[] = {0x6C, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0};

struct progress {
	size_t calls, last_done, last_total;
	bool backwards;
};

static void on_progress(void *ctx, enum emrtd_file f, size_t done, size_t total)
{
	struct progress *p = ctx;
	(void)f;
	if (p->calls && done < p->last_done && total == p->last_total)
		p->backwards = true;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

static void make_files(void)
{
	/* DG2: 75 82 05D8 <bytes>; BIG: 61 83 009C3B <bytes> (a DG1 tag, 40000 in all) */
	dg2[0] = 0x75;
	dg2[1] = 0x82;
	dg2[2] = (uint8_t)((sizeof dg2 - 4) >> 8);
	dg2[3] = (uint8_t)(sizeof dg2 - 4);
	for (size_t i = 4; i < sizeof dg2; i++)
		dg2[i] = (uint8_t)(i * 31 + 7);
	big[0] = 0x6B;
	big[1] = 0x83;
	big[2] = (uint8_t)((sizeof big - 5) >> 16);
	big[3] = (uint8_t)((sizeof big - 5) >> 8);
	big[4] = (uint8_t)(sizeof big - 5);
	for (size_t i = 5; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 13 + (i >> 8));
}

static void setup(struct test_chip *c, const uint8_t seed[16])
{
	test_chip_init(c);
	memcpy(c->seed, seed, 16);
	c->files[0].fid = 0x011E, c->files[0].sfi = 0x1E, c->files[0].data = com, c->files[0].len = sizeof com;
	c->files[1].fid = 0x0102, c->files[1].sfi = 0x02, c->files[1].data = dg2, c->files[1].len = sizeof dg2;
	c->files[2].fid = 0x010B, c->files[2].sfi = 0x0B, c->files[2].data = big, c->files[2].len = sizeof big;
	c->files[3].fid = 0x0101, c->files[3].sfi = 0x01, c->files[3].data = wrongtag, c->files[3].len = sizeof wrongtag;
	c->files[4].fid = 0x010C, c->files[4].sfi = 0x0C, c->files[4].data = huge, c->files[4].len = sizeof huge;
}

enum wrong { RIGHT_KEY, WRONG_KEY };

static const struct {
	const char *what;
	size_t max_le;
	uint16_t refuse_sw;
	bool sfi, no_sfi;
	unsigned lost_after;
	size_t overlong;
	enum wrong key;
	enum emrtd_file file;
	enum emrtd_err bac_err, err;
	size_t expect_read_size; /* 0: do not check */
} cases[] = {
	{"EF.COM", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_COM, EMRTD_OK, EMRTD_OK, 0xDF},
	{"DG2 1500 bytes", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0xDF},
	{"DG2, chip refuses Le > 0x80 with 6700", 0x80, 0x6700, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0x80},
	{"DG2, chip refuses Le > 0x70 with 6Cxx", 0x70, 0x6C00, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0x70},
	{"DG2, chip refuses Le > 0xA0 with 6282", 0xA0, 0x6282, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0xA0},
	{"DG2, chip refuses Le > 0x40 with 6B00", 0x40, 0x6B00, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0x40},
	{"DG2, chip refuses every Le > 2", 2, 0x6700, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_ERR_STATUS, 0},
	{"DG2, chip refuses with 6A80", 0x80, 0x6A80, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_ERR_STATUS, 0},
	{"DG2 by short file identifier", 0, 0, true, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0xDF},
	{"DG2, SFI refused: SELECT instead", 0, 0, true, true, 0, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_OK, 0xDF},
	{"DG11 40000 bytes (offsets past 7FFF)", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG11, EMRTD_OK, EMRTD_OK, 0xDF},
	{"wrong MRZ", 0, 0, false, false, 0, 0, WRONG_KEY, EMRTD_FILE_COM, EMRTD_ERR_ACCESS_DENIED, EMRTD_ERR_SECURITY, 0},
	{"file not on the chip", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG15, EMRTD_OK, EMRTD_ERR_NOT_FOUND, 0},
	{"card leaves during DG2", 0, 0, false, false, 8, 0, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_ERR_CARD_LOST, 0},
	{"chip answers 3 bytes more than asked", 0, 0, false, false, 0, 3, RIGHT_KEY, EMRTD_FILE_DG2, EMRTD_OK, EMRTD_ERR_BAD_LENGTH, 0},
	{"DG1 with a DG3 tag", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG1, EMRTD_OK, EMRTD_ERR_BAD_TAG, 0},
	{"DG12 declaring 2 GB", 0, 0, false, false, 0, 0, RIGHT_KEY, EMRTD_FILE_DG12, EMRTD_OK, EMRTD_ERR_TOO_BIG, 0},
};

static const uint8_t *expected_bytes(enum emrtd_file f, size_t *n)
{
	switch (f) {
	case EMRTD_FILE_COM: *n = sizeof com; return com;
	case EMRTD_FILE_DG2: *n = sizeof dg2; return dg2;
	case EMRTD_FILE_DG11: *n = sizeof big; return big;
	default: *n = 0; return NULL;
	}
}

static void run_case(size_t k)
{
	struct test_chip chip;
	struct emrtd_transport t;
	struct emrtd_session *s = NULL;
	uint8_t seed[16], wrong[16];
	struct progress prog = {0};
	emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed);
	emrtd_bac_seed("L898902C<", '3', "690806", '1', "940624", '7', wrong);
	setup(&chip, seed);
	chip.max_le = cases[k].max_le;
	chip.refuse_sw = cases[k].refuse_sw ? cases[k].refuse_sw : 0x6700;
	chip.no_sfi = cases[k].no_sfi;
	chip.lost_after = cases[k].lost_after;
	chip.overlong = cases[k].overlong;
	test_chip_transport(&chip, &t);
	struct emrtd_options o = {0};
	o.use_sfi = cases[k].sfi;
	o.progress = on_progress;
	o.progress_ctx = &prog;
	enum emrtd_err e = emrtd_session_open(&t, &o, &s);
	if (e) {
		printf("FAIL %s: open: %s\n", cases[k].what, emrtd_err_str(e));
		failed++;
		return;
	}
	e = emrtd_session_bac(s, cases[k].key == RIGHT_KEY ? seed : wrong);
	if (e != cases[k].bac_err) {
		printf("FAIL %s: BAC expected %s, got %s\n", cases[k].what, emrtd_err_str(cases[k].bac_err),
		       emrtd_err_str(e));
		failed++;
	}
	uint8_t *data = NULL;
	size_t len = 0;
	e = emrtd_session_read_file(s, cases[k].file, &data, &len);
	if (e != cases[k].err) {
		printf("FAIL %s: read expected %s, got %s\n", cases[k].what, emrtd_err_str(cases[k].err),
		       emrtd_err_str(e));
		failed++;
	}
	size_t want_n;
	const uint8_t *want = expected_bytes(cases[k].file, &want_n);
	if (e == EMRTD_OK && (!want || len != want_n || memcmp(data, want, len) != 0)) {
		printf("FAIL %s: file content differs (expected %zu bytes, got %zu)\n", cases[k].what, want_n, len);
		failed++;
	}
	if (e == EMRTD_OK && (prog.calls < 2 || prog.last_done != len || prog.last_total != len ||
	                      prog.backwards)) {
		printf("FAIL %s: progress expected to end at %zu/%zu, got %zu/%zu after %zu calls\n",
		       cases[k].what, len, len, prog.last_done, prog.last_total, prog.calls);
		failed++;
	}
	struct emrtd_stats st;
	emrtd_session_stats(s, &st);
	if (cases[k].expect_read_size && st.read_size != cases[k].expect_read_size) {
		printf("FAIL %s: read size expected %zu, got %u\n", cases[k].what, cases[k].expect_read_size,
		       st.read_size);
		failed++;
	}
	if (chip.le_on_select) {
		printf("FAIL %s: a SELECT carried Le\n", cases[k].what);
		failed++;
	}
	if (chip.largest_le > 0xDF + 4) {
		printf("FAIL %s: READ BINARY asked for %zu bytes (max 0xDF)\n", cases[k].what, chip.largest_le);
		failed++;
	}
	/* After a failure in the middle of a file the session still reads
	 * EF.COM unless the card is gone or SM broke. */
	if (e == EMRTD_ERR_NOT_FOUND || e == EMRTD_ERR_BAD_TAG) {
		uint8_t *c2 = NULL;
		size_t l2 = 0;
		enum emrtd_err e2 = emrtd_session_read_file(s, EMRTD_FILE_COM, &c2, &l2);
		if (e2 || l2 != sizeof com) {
			printf("FAIL %s: EF.COM afterwards: %s\n", cases[k].what, emrtd_err_str(e2));
			failed++;
		}
		emrtd_free(c2);
	}
	emrtd_free(data);
	emrtd_session_close(s);
	emrtd_sm_wipe(&chip.sm);
}

int main(void)
{
	make_files();
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		run_case(k);
	printf("session: %zu cases, %d failed\n", sizeof cases / sizeof cases[0], failed);
	return failed ? 1 : 0;
}
