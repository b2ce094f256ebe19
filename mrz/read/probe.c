/* probe.c - what kind of image a file is and how large it says it is,
 * read through one bounded cursor before any decoder sees the bytes, so a
 * header claiming 60000 x 60000 pixels is refused without allocating. */
#include "mrz_read.h"

#include <string.h>

struct cursor {
	const uint8_t *p;
	size_t left;
	bool bad;     /* sticky: set by any read past the end */
};

static uint32_t cur_u8(struct cursor *c)
{
	if (c->bad || c->left < 1) {
		c->bad = true;
		return 0;
	}
	c->left--;
	return *c->p++;
}

static uint32_t cur_be16(struct cursor *c)
{
	uint32_t hi = cur_u8(c);
	return (hi << 8) | cur_u8(c);
}

static uint32_t cur_be32(struct cursor *c)
{
	uint32_t hi = cur_be16(c);
	return (hi << 16) | cur_be16(c);
}

static uint32_t cur_le32(struct cursor *c)
{
	uint32_t b0 = cur_u8(c), b1 = cur_u8(c), b2 = cur_u8(c), b3 = cur_u8(c);
	return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
}

static void cur_skip(struct cursor *c, size_t n)
{
	if (c->bad || c->left < n) {
		c->bad = true;
		return;
	}
	c->p += n;
	c->left -= n;
}

/* JPEG: markers up to the first start-of-frame, which holds the size. */
static enum mrz_read_err probe_jpeg(struct cursor *c, uint32_t *w, uint32_t *h)
{
	cur_skip(c, 2);
	for (;;) {
		uint32_t ff = cur_u8(c);
		if (c->bad)
			return MRZ_READ_ERR_CORRUPT;
		if (ff != 0xFF)
			return MRZ_READ_ERR_CORRUPT;
		uint32_t m = cur_u8(c);
		while (m == 0xFF && !c->bad)  /* fill bytes */
			m = cur_u8(c);
		if (c->bad)
			return MRZ_READ_ERR_CORRUPT;
		if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
			continue;
		if (m == 0xD9 || m == 0xDA)  /* end, or scan data before a frame */
			return MRZ_READ_ERR_CORRUPT;
		uint32_t len = cur_be16(c);
		if (c->bad || len < 2)
			return MRZ_READ_ERR_CORRUPT;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			cur_u8(c);  /* precision */
			*h = cur_be16(c);
			*w = cur_be16(c);
			return c->bad ? MRZ_READ_ERR_CORRUPT : MRZ_READ_OK;
		}
		cur_skip(c, len - 2);
	}
}

static enum mrz_read_err probe_png(struct cursor *c, uint32_t *w, uint32_t *h)
{
	cur_skip(c, 8);
	uint32_t len = cur_be32(c);
	uint32_t type = cur_be32(c);
	if (c->bad)
		return MRZ_READ_ERR_CORRUPT;
	if (type != 0x49484452u || len != 13)  /* "IHDR" */
		return MRZ_READ_ERR_CORRUPT;
	*w = cur_be32(c);
	*h = cur_be32(c);
	return c->bad ? MRZ_READ_ERR_CORRUPT : MRZ_READ_OK;
}

static enum mrz_read_err probe_bmp(struct cursor *c, uint32_t *w, uint32_t *h)
{
	cur_skip(c, 14);
	uint32_t hdr = cur_le32(c);
	if (c->bad || hdr < 40)
		return MRZ_READ_ERR_CORRUPT;
	*w = cur_le32(c);
	uint32_t hh = cur_le32(c);
	if (c->bad)
		return MRZ_READ_ERR_CORRUPT;
	/* A negative height means top-down rows. */
	*h = (hh & 0x80000000u) ? (uint32_t)(0u - hh) : hh;
	return MRZ_READ_OK;
}

/* PNM (P2, P5, P3, P6): ASCII width and height after the magic. */
static uint32_t pnm_number(struct cursor *c)
{
	uint32_t v = 0;
	int digits = 0;
	for (;;) {
		uint32_t ch = cur_u8(c);
		if (c->bad)
			return 0;
		if (ch == '#') {
			while (!c->bad && ch != '\n')
				ch = cur_u8(c);
			continue;
		}
		if (ch >= '0' && ch <= '9') {
			if (v > 100000u) {
				c->bad = true;
				return 0;
			}
			v = v * 10 + (ch - '0');
			digits++;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (digits)
				return v;
			continue;
		}
		c->bad = true;
		return 0;
	}
}

static enum mrz_read_err probe_pnm(struct cursor *c, uint32_t *w, uint32_t *h)
{
	cur_skip(c, 2);
	*w = pnm_number(c);
	*h = pnm_number(c);
	return c->bad ? MRZ_READ_ERR_CORRUPT : MRZ_READ_OK;
}

enum mrz_read_err mrz_image_probe(const void *data, size_t len, int *width, int *height)
{
	if (width)
		*width = 0;
	if (height)
		*height = 0;
	if (!data || !width || !height)
		return MRZ_READ_ERR_ARG;
	if (len > MRZ_READ_MAX_FILE)
		return MRZ_READ_ERR_TOO_BIG;
	struct cursor c = {data, len, false};
	const uint8_t *b = data;
	uint32_t w = 0, h = 0;
	enum mrz_read_err err;
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		err = probe_jpeg(&c, &w, &h);
	else if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		err = probe_png(&c, &w, &h);
	else if (len >= 2 && b[0] == 'B' && b[1] == 'M')
		err = probe_bmp(&c, &w, &h);
	else if (len >= 2 && b[0] == 'P' && (b[1] == '2' || b[1] == '3' || b[1] == '5' || b[1] == '6'))
		err = probe_pnm(&c, &w, &h);
	else
		return MRZ_READ_ERR_NOT_IMAGE;
	if (err)
		return err;
	/* A file cut short still decodes to a partly grey picture; refuse it. */
	if (b[0] == 0xFF) {
		bool eoi = false;
		for (size_t i = len - 1; i >= 1 && i + 64 >= len; i--)
			if (b[i - 1] == 0xFF && b[i] == 0xD9)
				eoi = true;
		if (!eoi)
			return MRZ_READ_ERR_CORRUPT;
	} else if (b[0] == 0x89) {
		if (len < 20 || memcmp(b + len - 8, "IEND", 4) != 0)
			return MRZ_READ_ERR_CORRUPT;
	}
	if (w == 0 || h == 0)
		return MRZ_READ_ERR_CORRUPT;
	if (w > MRZ_READ_MAX_SIDE || h > MRZ_READ_MAX_SIDE ||
	    (uint64_t)w * h > MRZ_READ_MAX_PIXELS)
		return MRZ_READ_ERR_TOO_BIG;
	if (w < MRZ_READ_MIN_SIDE || h < MRZ_READ_MIN_SIDE)
		return MRZ_READ_ERR_TOO_SMALL;
	*width = (int)w;
	*height = (int)h;
	return MRZ_READ_OK;
}
