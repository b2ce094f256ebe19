/* probe_test.c - image signatures and declared sizes: bytes -> expected
 * error and size, one row per truncation and malformed header. */
#include "mrz_read.h"

#include <stdio.h>
#include <string.h>

struct row {
	const char *name;
	const char *bytes;
	size_t len;
	enum mrz_read_err err;
	int w, h;
};

#define B(s) s, sizeof(s) - 1
/* JPEG: SOI, APP0 (len 4), SOF0 (len 11: precision, height, width, ...), EOI. */
#define JPEG_HEAD "\xFF\xD8\xFF\xE0\x00\x04\x00\x00"
#define SOF(h1, h0, w1, w0) "\xFF\xC0\x00\x0B\x08" h1 h0 w1 w0 "\x01\x01\x11\x00"

static const struct row rows[] = {
	{"empty", "", 0, MRZ_READ_ERR_NOT_IMAGE, 0, 0},
	{"text", B("hello, world"), MRZ_READ_ERR_NOT_IMAGE, 0, 0},
	{"GIF", B("GIF89a\x10\x00\x10\x00"), MRZ_READ_ERR_NOT_IMAGE, 0, 0},
	{"JPEG SOI only", B("\xFF\xD8\xFF"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG cut in APP0", B("\xFF\xD8\xFF\xE0\x00\x10\x00"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG cut in SOF", B(JPEG_HEAD "\xFF\xC0\x00\x0B\x08\x00"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG segment length 1", B("\xFF\xD8\xFF\xE0\x00\x01"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG scan before frame", B("\xFF\xD8\xFF\xDA\x00\x02\xFF\xD9"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG 640x480", B(JPEG_HEAD SOF("\x01", "\xE0", "\x02", "\x80") "\xFF\xD9"), MRZ_READ_OK, 640, 480},
	{"JPEG 640x480 without end", B(JPEG_HEAD SOF("\x01", "\xE0", "\x02", "\x80") "\x00\x00"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG 60000x60000", B(JPEG_HEAD SOF("\xEA", "\x60", "\xEA", "\x60") "\xFF\xD9"), MRZ_READ_ERR_TOO_BIG, 0, 0},
	{"JPEG 0 wide", B(JPEG_HEAD SOF("\x01", "\xE0", "\x00", "\x00") "\xFF\xD9"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"JPEG 16x16", B(JPEG_HEAD SOF("\x00", "\x10", "\x00", "\x10") "\xFF\xD9"), MRZ_READ_ERR_TOO_SMALL, 0, 0},
	{"PNG 64x48", B("\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x40\x00\x00\x00\x30\x08\x00\x00\x00\x00"
	                "\x00\x00\x00\x00IEND\xAE\x42\x60\x82"), MRZ_READ_OK, 64, 48},
	{"PNG without IEND", B("\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x40\x00\x00\x00\x30\x08\x00\x00\x00\x00"),
	 MRZ_READ_ERR_CORRUPT, 0, 0},
	{"PNG cut in IHDR", B("\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIHDR\x00\x00"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"PNG first chunk not IHDR", B("\x89PNG\r\n\x1a\n\x00\x00\x00\x0DIDAT\x00\x00\x00\x40\x00\x00\x00\x30"),
	 MRZ_READ_ERR_CORRUPT, 0, 0},
	{"BMP 100x-50 (top-down)", B("BM\0\0\0\0\0\0\0\0\0\0\0\0\x28\0\0\0\x64\0\0\0\xCE\xFF\xFF\xFF"), MRZ_READ_OK, 100, 50},
	{"BMP cut", B("BM\0\0\0\0\0\0\0\0\0\0\0\0\x28\0\0"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"PGM 64x48", B("P5\n# comment\n64 48\n255\n"), MRZ_READ_OK, 64, 48},
	{"PGM huge number", B("P5 99999999999 2\n"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"PGM cut", B("P5 64"), MRZ_READ_ERR_CORRUPT, 0, 0},
	{"PGM junk", B("P5 64x48\n"), MRZ_READ_ERR_CORRUPT, 0, 0},
};

int main(void)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		int w = -1, h = -1;
		enum mrz_read_err err = mrz_image_probe(r->bytes, r->len, &w, &h);
		if (err != r->err || (err == MRZ_READ_OK && (w != r->w || h != r->h))) {
			failed++;
			printf("FAIL %s: expected %d (%s) %dx%d, got %d (%s) %dx%d\n", r->name, r->err,
			       mrz_read_err_str(r->err), r->w, r->h, err, mrz_read_err_str(err), w, h);
		} else {
			printf("ok   %s\n", r->name);
		}
	}
	/* Larger than the file limit, whatever the bytes. */
	int w, h;
	if (mrz_image_probe("x", (size_t)MRZ_READ_MAX_FILE + 1, &w, &h) != MRZ_READ_ERR_TOO_BIG) {
		failed++;
		printf("FAIL over the file limit: expected too big\n");
	}
	printf("%d failed\n", failed);
	return failed ? 1 : 0;
}
