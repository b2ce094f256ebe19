/* emrtd_image.c - the face image to RGB (libjpeg for JPEG, OpenJPEG for
 * JP2 and raw J2K codestreams) and RGB to JPEG.  The image bytes come from
 * the chip: sizes are checked against EMRTD_MAX_PIXELS before allocating,
 * and decoder errors come back as EMRTD_ERR_IMAGE, never as an exit. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <openjpeg.h>

#include "emrtd.h"

void emrtd_image_fini(struct emrtd_image *img)
{
	if (!img)
		return;
	free(img->rgb);
	memset(img, 0, sizeof *img);
}

/* ---- JPEG ---- */

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
};

static void jerr_exit(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;
	longjmp(e->jb, 1);
}

static void jerr_silent(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

static enum emrtd_err decode_jpeg(const uint8_t *p, size_t n, struct emrtd_image *out)
{
	struct jpeg_decompress_struct cinfo;
	struct jerr e;
	uint8_t *volatile rgb = NULL;
	volatile enum emrtd_err err = EMRTD_ERR_IMAGE;
	if (n > 0xFFFFFFFFu)
		return EMRTD_ERR_TOO_BIG;
	cinfo.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = jerr_exit;
	e.mgr.emit_message = jerr_silent;
	if (setjmp(e.jb)) {
		jpeg_destroy_decompress(&cinfo);
		free(rgb);
		return EMRTD_ERR_IMAGE;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, p, (unsigned long)n);
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
		goto out;
	cinfo.out_color_space = JCS_RGB;
	if (cinfo.image_width == 0 || cinfo.image_height == 0 ||
	    (size_t)cinfo.image_width * cinfo.image_height > EMRTD_MAX_PIXELS) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_components != 3)
		goto out;
	size_t stride = (size_t)cinfo.output_width * 3;
	rgb = malloc(stride * cinfo.output_height);
	if (!rgb) {
		err = EMRTD_ERR_NOMEM;
		goto out;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = rgb + stride * cinfo.output_scanline;
		if (jpeg_read_scanlines(&cinfo, &row, 1) != 1)
			goto out;
	}
	jpeg_finish_decompress(&cinfo);
	out->width = cinfo.output_width;
	out->height = cinfo.output_height;
	out->rgb = rgb;
	rgb = NULL;
	err = EMRTD_OK;
out:
	jpeg_destroy_decompress(&cinfo);
	free(rgb);
	return err;
}

/* ---- JPEG 2000 ---- */

struct memstream {
	const uint8_t *p;
	size_t n, pos;
};

static OPJ_SIZE_T ms_read(void *buf, OPJ_SIZE_T len, void *user)
{
	struct memstream *m = user;
	if (m->pos >= m->n)
		return (OPJ_SIZE_T)-1;
	size_t k = m->n - m->pos < len ? m->n - m->pos : len;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return k;
}

static OPJ_OFF_T ms_skip(OPJ_OFF_T off, void *user)
{
	struct memstream *m = user;
	if (off < 0) {
		if ((size_t)-off > m->pos)
			return -1;
		m->pos -= (size_t)-off;
		return off;
	}
	size_t k = m->n - m->pos < (size_t)off ? m->n - m->pos : (size_t)off;
	m->pos += k;
	return (OPJ_OFF_T)k;
}

static OPJ_BOOL ms_seek(OPJ_OFF_T off, void *user)
{
	struct memstream *m = user;
	if (off < 0 || (size_t)off > m->n)
		return OPJ_FALSE;
	m->pos = (size_t)off;
	return OPJ_TRUE;
}

static void opj_quiet(const char *msg, void *user)
{
	(void)msg;
	(void)user;
}

static uint8_t clamp8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* The component value at output pixel (x, y), scaled to 8 bits. */
static int comp_at(const opj_image_comp_t *c, unsigned x, unsigned y, unsigned x0, unsigned y0)
{
	unsigned dx = c->dx ? c->dx : 1, dy = c->dy ? c->dy : 1;
	unsigned cx = (x0 + x) / dx - c->x0, cy = (y0 + y) / dy - c->y0;
	if (cx >= c->w)
		cx = c->w - 1;
	if (cy >= c->h)
		cy = c->h - 1;
	int v = c->data[(size_t)cy * c->w + cx];
	if (c->sgnd)
		v += 1 << (c->prec - 1);
	if (c->prec > 8)
		v >>= (c->prec - 8);
	else if (c->prec < 8)
		v <<= (8 - c->prec);
	return v;
}

static enum emrtd_err decode_j2k(const uint8_t *p, size_t n, bool jp2, struct emrtd_image *out)
{
	struct memstream ms = {p, n, 0};
	opj_codec_t *codec = opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
	opj_stream_t *st = opj_stream_create(64 * 1024, OPJ_TRUE);
	opj_image_t *img = NULL;
	opj_dparameters_t params;
	enum emrtd_err err = EMRTD_ERR_IMAGE;
	uint8_t *rgb = NULL;
	if (!codec || !st) {
		err = EMRTD_ERR_NOMEM;
		goto out;
	}
	opj_set_info_handler(codec, opj_quiet, NULL);
	opj_set_warning_handler(codec, opj_quiet, NULL);
	opj_set_error_handler(codec, opj_quiet, NULL);
	opj_stream_set_user_data(st, &ms, NULL);
	opj_stream_set_user_data_length(st, n);
	opj_stream_set_read_function(st, ms_read);
	opj_stream_set_skip_function(st, ms_skip);
	opj_stream_set_seek_function(st, ms_seek);
	opj_set_default_decoder_parameters(&params);
	if (!opj_setup_decoder(codec, &params) || !opj_read_header(st, codec, &img) || !img)
		goto out;
	if (img->x1 <= img->x0 || img->y1 <= img->y0 || img->numcomps == 0 || img->numcomps > 4) {
		goto out;
	}
	size_t w = img->x1 - img->x0, h = img->y1 - img->y0;
	if (w * h > EMRTD_MAX_PIXELS) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	if (!opj_decode(codec, st, img) || !opj_end_decompress(codec, st))
		goto out;
	for (unsigned i = 0; i < img->numcomps; i++) {
		const opj_image_comp_t *c = &img->comps[i];
		if (!c->data || c->w == 0 || c->h == 0 || c->prec == 0 || c->prec > 16)
			goto out;
	}
	rgb = malloc(w * h * 3);
	if (!rgb) {
		err = EMRTD_ERR_NOMEM;
		goto out;
	}
	bool ycc = img->color_space == OPJ_CLRSPC_SYCC;
	for (unsigned y = 0; y < h; y++) {
		for (unsigned x = 0; x < w; x++) {
			uint8_t *px = rgb + ((size_t)y * w + x) * 3;
			if (img->numcomps < 3) {
				uint8_t g = clamp8(comp_at(&img->comps[0], x, y, img->x0, img->y0));
				px[0] = px[1] = px[2] = g;
				continue;
			}
			int a = comp_at(&img->comps[0], x, y, img->x0, img->y0);
			int b = comp_at(&img->comps[1], x, y, img->x0, img->y0);
			int c = comp_at(&img->comps[2], x, y, img->x0, img->y0);
			if (ycc) {
				int cb = b - 128, cr = c - 128;
				px[0] = clamp8(a + (int)(1.402 * cr));
				px[1] = clamp8(a - (int)(0.344136 * cb + 0.714136 * cr));
				px[2] = clamp8(a + (int)(1.772 * cb));
			} else {
				px[0] = clamp8(a);
				px[1] = clamp8(b);
				px[2] = clamp8(c);
			}
		}
	}
	out->width = (unsigned)w;
	out->height = (unsigned)h;
	out->rgb = rgb;
	rgb = NULL;
	err = EMRTD_OK;
out:
	free(rgb);
	if (img)
		opj_image_destroy(img);
	if (st)
		opj_stream_destroy(st);
	if (codec)
		opj_destroy_codec(codec);
	return err;
}

enum emrtd_err emrtd_face_decode(const struct emrtd_face *face, struct emrtd_image *out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!face || !face->image || face->image_len == 0)
		return EMRTD_ERR_ARG;
	switch (face->format) {
	case EMRTD_IMAGE_JPEG: return decode_jpeg(face->image, face->image_len, out);
	case EMRTD_IMAGE_JP2: return decode_j2k(face->image, face->image_len, true, out);
	case EMRTD_IMAGE_J2K: return decode_j2k(face->image, face->image_len, false, out);
	case EMRTD_IMAGE_NONE: break;
	}
	return EMRTD_ERR_IMAGE;
}

enum emrtd_err emrtd_image_to_jpeg(const struct emrtd_image *img, int quality, uint8_t **jpeg,
                                   size_t *len)
{
	struct jpeg_compress_struct cinfo;
	struct jerr e;
	unsigned char *volatile buf = NULL;
	unsigned long size = 0;
	if (!jpeg || !len)
		return EMRTD_ERR_ARG;
	*jpeg = NULL;
	*len = 0;
	if (!img || !img->rgb || img->width == 0 || img->height == 0 || quality < 1 || quality > 100)
		return EMRTD_ERR_ARG;
	cinfo.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = jerr_exit;
	e.mgr.emit_message = jerr_silent;
	if (setjmp(e.jb)) {
		jpeg_destroy_compress(&cinfo);
		free(buf);
		return EMRTD_ERR_IMAGE;
	}
	jpeg_create_compress(&cinfo);
	unsigned char *mem = NULL;
	jpeg_mem_dest(&cinfo, &mem, &size);
	cinfo.image_width = img->width;
	cinfo.image_height = img->height;
	cinfo.input_components = 3;
	cinfo.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, quality, TRUE);
	jpeg_start_compress(&cinfo, TRUE);
	size_t stride = (size_t)img->width * 3;
	while (cinfo.next_scanline < cinfo.image_height) {
		JSAMPROW row = img->rgb + stride * cinfo.next_scanline;
		jpeg_write_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_compress(&cinfo);
	buf = mem;
	jpeg_destroy_compress(&cinfo);
	*jpeg = buf;
	*len = size;
	return EMRTD_OK;
}
