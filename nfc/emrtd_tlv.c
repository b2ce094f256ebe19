/* emrtd_tlv.c - the bounded BER-TLV cursor and writer, ISO 7816-4 APDUs. */
#include <string.h>

#include "emrtd_crypto.h"

static enum emrtd_err cursor_fail(struct emrtd_cursor *c, enum emrtd_err err)
{
	if (c->err == EMRTD_OK)
		c->err = err;
	return c->err;
}

void emrtd_cursor_init(struct emrtd_cursor *c, const void *p, size_t n)
{
	c->p = p;
	c->left = p ? n : 0;
	c->err = EMRTD_OK;
}

enum emrtd_err emrtd_cursor_take(struct emrtd_cursor *c, size_t n, const uint8_t **out)
{
	*out = NULL;
	if (c->err)
		return c->err;
	if (n > c->left)
		return cursor_fail(c, EMRTD_ERR_TRUNCATED);
	*out = c->p;
	c->p += n;
	c->left -= n;
	return EMRTD_OK;
}

enum emrtd_err emrtd_cursor_u8(struct emrtd_cursor *c, uint8_t *out)
{
	const uint8_t *p;
	*out = 0;
	enum emrtd_err err = emrtd_cursor_take(c, 1, &p);
	if (err == EMRTD_OK)
		*out = p[0];
	return err;
}

/* Decodes a header from p[0..n): tag, header length, value length. */
static enum emrtd_err tlv_header(const uint8_t *p, size_t n, uint32_t *tag, size_t *hlen,
                                 size_t *vlen)
{
	size_t i = 0;
	*tag = 0;
	*hlen = 0;
	*vlen = 0;
	if (n < 1)
		return EMRTD_ERR_TRUNCATED;
	uint32_t t = p[i++];
	if (t == 0x00 || t == 0xFF)
		return EMRTD_ERR_BAD_TAG;
	if ((t & 0x1F) == 0x1F) {
		/* Subsequent tag bytes while bit 8 is set, at most 3 bytes in all. */
		for (;;) {
			if (i >= n)
				return EMRTD_ERR_TRUNCATED;
			if (i >= 3)
				return EMRTD_ERR_BAD_TAG;
			uint8_t b = p[i++];
			t = (t << 8) | b;
			if (!(b & 0x80))
				break;
		}
	}
	if (i >= n)
		return EMRTD_ERR_TRUNCATED;
	uint8_t l0 = p[i++];
	size_t len;
	if (l0 < 0x80) {
		len = l0;
	} else if (l0 == 0x80) {
		return EMRTD_ERR_BAD_LENGTH; /* indefinite */
	} else {
		size_t nb = l0 & 0x7Fu;
		if (nb > 4)
			return EMRTD_ERR_BAD_LENGTH;
		if (n - i < nb)
			return EMRTD_ERR_TRUNCATED;
		uint32_t v = 0;
		for (size_t k = 0; k < nb; k++)
			v = (v << 8) | p[i++];
		len = v;
	}
	*tag = t;
	*hlen = i;
	*vlen = len;
	return EMRTD_OK;
}

enum emrtd_err emrtd_tlv_header(const uint8_t *p, size_t n, uint32_t *tag,
                                size_t *header_len, size_t *value_len)
{
	if (!p || !tag || !header_len || !value_len)
		return EMRTD_ERR_ARG;
	return tlv_header(p, n, tag, header_len, value_len);
}

enum emrtd_err emrtd_cursor_tlv(struct emrtd_cursor *c, uint32_t *tag, struct emrtd_cursor *value)
{
	size_t hlen, vlen;
	*tag = 0;
	emrtd_cursor_init(value, NULL, 0);
	if (c->err) {
		value->err = c->err;
		return c->err;
	}
	enum emrtd_err err = tlv_header(c->p, c->left, tag, &hlen, &vlen);
	if (err == EMRTD_OK && vlen > c->left - hlen)
		err = EMRTD_ERR_TRUNCATED;
	if (err) {
		*tag = 0;
		value->err = err;
		return cursor_fail(c, err);
	}
	emrtd_cursor_init(value, c->p + hlen, vlen);
	c->p += hlen + vlen;
	c->left -= hlen + vlen;
	return EMRTD_OK;
}

enum emrtd_err emrtd_cursor_expect(struct emrtd_cursor *c, uint32_t tag, struct emrtd_cursor *value)
{
	uint32_t got;
	enum emrtd_err err = emrtd_cursor_tlv(c, &got, value);
	if (err)
		return err;
	if (got != tag) {
		emrtd_cursor_init(value, NULL, 0);
		value->err = EMRTD_ERR_BAD_TAG;
		return cursor_fail(c, EMRTD_ERR_BAD_TAG);
	}
	return EMRTD_OK;
}

enum emrtd_err emrtd_cursor_find(struct emrtd_cursor *c, uint32_t tag, struct emrtd_cursor *value)
{
	uint32_t got;
	while (c->err == EMRTD_OK && c->left > 0) {
		enum emrtd_err err = emrtd_cursor_tlv(c, &got, value);
		if (err)
			return err;
		if (got == tag)
			return EMRTD_OK;
	}
	emrtd_cursor_init(value, NULL, 0);
	if (c->err) {
		value->err = c->err;
		return c->err;
	}
	value->err = EMRTD_ERR_NOT_FOUND;
	return EMRTD_ERR_NOT_FOUND;
}

enum emrtd_err emrtd_cursor_uint(struct emrtd_cursor *c, uint32_t *out)
{
	struct emrtd_cursor v;
	enum emrtd_err err = emrtd_cursor_expect(c, 0x02, &v);
	if (err)
		return err;
	if (v.left == 0 || v.left > 5 || (v.p[0] & 0x80) || (v.left == 5 && v.p[0] != 0))
		return EMRTD_ERR_BAD_LENGTH;
	uint32_t x = 0;
	for (size_t i = 0; i < v.left; i++)
		x = (x << 8) | v.p[i];
	*out = x;
	return EMRTD_OK;
}

bool emrtd_cursor_done(const struct emrtd_cursor *c)
{
	return c->err == EMRTD_OK && c->left == 0;
}

/* ---- writer ---- */

void emrtd_writer_init(struct emrtd_writer *w, void *buf, size_t cap)
{
	w->p = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->err = EMRTD_OK;
}

void emrtd_writer_bytes(struct emrtd_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n > w->cap - w->len) {
		w->err = EMRTD_ERR_TOO_BIG;
		return;
	}
	if (n)
		memmove(w->p + w->len, p, n);
	w->len += n;
}

void emrtd_writer_u8(struct emrtd_writer *w, uint8_t b)
{
	emrtd_writer_bytes(w, &b, 1);
}

void emrtd_writer_header(struct emrtd_writer *w, uint32_t tag, size_t len)
{
	uint8_t h[8];
	size_t n = 0;
	if (tag > 0xFFFF)
		h[n++] = (uint8_t)(tag >> 16);
	if (tag > 0xFF)
		h[n++] = (uint8_t)(tag >> 8);
	h[n++] = (uint8_t)tag;
	if (len < 0x80) {
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFF) {
		h[n++] = 0x81;
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFFFF) {
		h[n++] = 0x82;
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFFFFFF) {
		h[n++] = 0x83;
		h[n++] = (uint8_t)(len >> 16);
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	} else {
		if (!w->err)
			w->err = EMRTD_ERR_TOO_BIG;
		return;
	}
	emrtd_writer_bytes(w, h, n);
}

void emrtd_writer_tlv(struct emrtd_writer *w, uint32_t tag, const void *p, size_t n)
{
	emrtd_writer_header(w, tag, n);
	emrtd_writer_bytes(w, p, n);
}

enum emrtd_err emrtd_writer_finish(const struct emrtd_writer *w, size_t *len)
{
	if (len)
		*len = w->err ? 0 : w->len;
	return w->err;
}

/* ---- APDUs ---- */

enum emrtd_err emrtd_apdu_parse(const uint8_t *in, size_t n, struct emrtd_apdu *out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!in || n < 4)
		return EMRTD_ERR_TRUNCATED;
	out->cla = in[0];
	out->ins = in[1];
	out->p1 = in[2];
	out->p2 = in[3];
	const uint8_t *b = in + 4;
	size_t m = n - 4;
	if (m == 0)
		return EMRTD_OK; /* case 1 */
	if (m == 1) {         /* case 2 short */
		out->has_le = true;
		out->ne = b[0] ? b[0] : 256;
		return EMRTD_OK;
	}
	if (b[0] != 0) {      /* short Lc */
		size_t lc = b[0];
		if (m == 1 + lc) { /* case 3 short */
			out->data = b + 1;
			out->nc = lc;
			return EMRTD_OK;
		}
		if (m == 2 + lc) { /* case 4 short */
			out->data = b + 1;
			out->nc = lc;
			out->has_le = true;
			out->ne = b[1 + lc] ? b[1 + lc] : 256;
			return EMRTD_OK;
		}
		return EMRTD_ERR_BAD_LENGTH;
	}
	/* b[0] == 0: extended */
	out->extended = true;
	if (m == 3) {         /* case 2 extended */
		size_t le = ((size_t)b[1] << 8) | b[2];
		out->has_le = true;
		out->ne = le ? le : 65536;
		return EMRTD_OK;
	}
	if (m < 3)
		return EMRTD_ERR_BAD_LENGTH;
	size_t lc = ((size_t)b[1] << 8) | b[2];
	if (lc == 0)
		return EMRTD_ERR_BAD_LENGTH;
	if (m == 3 + lc) {
		out->data = b + 3;
		out->nc = lc;
		return EMRTD_OK;
	}
	if (m == 5 + lc) {
		size_t le = ((size_t)b[3 + lc] << 8) | b[4 + lc];
		out->data = b + 3;
		out->nc = lc;
		out->has_le = true;
		out->ne = le ? le : 65536;
		return EMRTD_OK;
	}
	return EMRTD_ERR_BAD_LENGTH;
}

enum emrtd_err emrtd_apdu_build(const struct emrtd_apdu *a, uint8_t *out, size_t cap, size_t *len)
{
	if (!a || !out || !len || (a->nc && !a->data))
		return EMRTD_ERR_ARG;
	*len = 0;
	if (a->nc > 65535 || (a->has_le && (a->ne == 0 || a->ne > 65536)))
		return EMRTD_ERR_BAD_LENGTH;
	bool ext = a->extended || a->nc > 255 || (a->has_le && a->ne > 256);
	struct emrtd_writer w;
	emrtd_writer_init(&w, out, cap);
	uint8_t h[4] = {a->cla, a->ins, a->p1, a->p2};
	emrtd_writer_bytes(&w, h, 4);
	if (a->nc) {
		if (ext) {
			uint8_t lc[3] = {0, (uint8_t)(a->nc >> 8), (uint8_t)a->nc};
			emrtd_writer_bytes(&w, lc, 3);
		} else {
			emrtd_writer_u8(&w, (uint8_t)a->nc);
		}
		emrtd_writer_bytes(&w, a->data, a->nc);
	}
	if (a->has_le) {
		if (ext) {
			size_t le = a->ne == 65536 ? 0 : a->ne;
			if (!a->nc)
				emrtd_writer_u8(&w, 0);
			emrtd_writer_u8(&w, (uint8_t)(le >> 8));
			emrtd_writer_u8(&w, (uint8_t)le);
		} else {
			emrtd_writer_u8(&w, (uint8_t)(a->ne == 256 ? 0 : a->ne));
		}
	}
	return emrtd_writer_finish(&w, len);
}
