/* face.c - a synthetic face for the virtual chip: a head, hair, eyes, nose,
 * mouth and shoulders on a plain background, with a fixed-seed texture so
 * the compressed size is realistic.  Encoded as JPEG (libjpeg) or JPEG 2000
 * (OpenJPEG, JP2 file format).  Deterministic: same arguments, same bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <openjpeg.h>

#include "chip_sim.h"

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static int in_ellipse(double x, double y, double cx, double cy, double rx, double ry)
{
	double dx = (x - cx) / rx, dy = (y - cy) / ry;
	return dx * dx + dy * dy <= 1.0;
}

static uint8_t clamp8(double v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* RGB pixels, width * height * 3. */
static void draw(uint8_t *px, unsigned w, unsigned h, unsigned texture)
{
	uint32_t seed = 0x1D06u;
	double W = w, H = h;
	for (unsigned y = 0; y < h; y++) {
		for (unsigned x = 0; x < w; x++) {
			double fx = x, fy = y;
			double r = 205 - 30 * fy / H, g = 212 - 25 * fy / H, b = 220 - 10 * fy / H;
			if (in_ellipse(fx, fy, W / 2, H * 1.05, W * 0.48, H * 0.30)) {
				r = 50; g = 60; b = 90;         /* shoulders, dark jacket */
			}
			if (in_ellipse(fx, fy, W / 2, H * 0.70, W * 0.09, H * 0.12)) {
				r = 222; g = 180; b = 150;      /* neck */
			}
			if (in_ellipse(fx, fy, W / 2, H * 0.40, W * 0.27, H * 0.26)) {
				double shade = (fx - W / 2) / (W * 0.27);
				r = 232 - 25 * shade; g = 190 - 25 * shade; b = 160 - 20 * shade;
			}
			if (in_ellipse(fx, fy, W / 2, H * 0.25, W * 0.29, H * 0.14) &&
			    fy < H * 0.27) {
				r = 70; g = 45; b = 30;         /* hair */
			}
			for (int side = -1; side <= 1; side += 2) {
				double ex = W / 2 + side * W * 0.10, ey = H * 0.38;
				if (in_ellipse(fx, fy, ex, ey, W * 0.045, H * 0.02)) {
					r = 245; g = 245; b = 240;
				}
				if (in_ellipse(fx, fy, ex, ey, W * 0.018, H * 0.018)) {
					r = 60; g = 90; b = 120;        /* iris */
				}
				if (in_ellipse(fx, fy, ex, ey - H * 0.045, W * 0.055, H * 0.008)) {
					r = 80; g = 55; b = 40;         /* brow */
				}
			}
			if (in_ellipse(fx, fy, W / 2, H * 0.46, W * 0.025, H * 0.05)) {
				r -= 20; g -= 25; b -= 25;      /* nose */
			}
			if (in_ellipse(fx, fy, W / 2, H * 0.55, W * 0.08, H * 0.015)) {
				r = 170; g = 80; b = 80;        /* mouth */
			}
			/* Skin/cloth texture: fixed-seed noise. */
			double n = (double)(rng_next(&seed) % (2 * texture + 1)) - texture;
			uint8_t *p = px + ((size_t)y * w + x) * 3;
			p[0] = clamp8(r + n);
			p[1] = clamp8(g + n);
			p[2] = clamp8(b + n);
		}
	}
}

static enum sim_err encode_jpeg(const uint8_t *px, unsigned w, unsigned h,
                                int quality, uint8_t **out, size_t *out_len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	unsigned char *mem = NULL;
	unsigned long mem_len = 0;
	c.err = jpeg_std_error(&jerr);   /* errors exit(): inputs are ours */
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &mem_len);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(px + (size_t)c.next_scanline * w * 3);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	if (!mem)
		return SIM_ERR_NOMEM;
	*out = malloc(mem_len);
	if (!*out) {
		free(mem);
		return SIM_ERR_NOMEM;
	}
	memcpy(*out, mem, mem_len);
	*out_len = mem_len;
	free(mem);
	return SIM_OK;
}

struct membuf {
	uint8_t *p;
	size_t len, cap, pos;
};

static OPJ_SIZE_T mem_write(void *buf, OPJ_SIZE_T n, void *user)
{
	struct membuf *m = user;
	if (m->pos + n > m->cap) {
		size_t cap = (m->pos + n) * 2;
		uint8_t *p = realloc(m->p, cap);
		if (!p)
			return (OPJ_SIZE_T)-1;
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->pos, buf, n);
	m->pos += n;
	if (m->pos > m->len)
		m->len = m->pos;
	return n;
}

static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user)
{
	struct membuf *m = user;
	if (n < 0 && (size_t)-n > m->pos)
		return -1;
	m->pos = (size_t)((OPJ_OFF_T)m->pos + n);
	return n;
}

static OPJ_BOOL mem_seek(OPJ_OFF_T n, void *user)
{
	struct membuf *m = user;
	if (n < 0)
		return OPJ_FALSE;
	m->pos = (size_t)n;
	return OPJ_TRUE;
}

static enum sim_err encode_jp2(const uint8_t *px, unsigned w, unsigned h,
                               int ratio, uint8_t **out, size_t *out_len)
{
	enum sim_err err = SIM_ERR_CRYPTO;
	opj_cparameters_t params;
	opj_set_default_encoder_parameters(&params);
	params.tcp_numlayers = 1;
	params.tcp_rates[0] = (float)ratio;
	params.cp_disto_alloc = 1;
	params.numresolution = 5;

	opj_image_cmptparm_t cp[3];
	memset(cp, 0, sizeof cp);
	for (int k = 0; k < 3; k++) {
		cp[k].dx = cp[k].dy = 1;
		cp[k].w = w;
		cp[k].h = h;
		cp[k].prec = 8;
		cp[k].sgnd = 0;
	}
	opj_image_t *img = opj_image_create(3, cp, OPJ_CLRSPC_SRGB);
	opj_codec_t *codec = NULL;
	opj_stream_t *stream = NULL;
	struct membuf m = {0};
	if (!img) {
		err = SIM_ERR_NOMEM;
		goto out;
	}
	img->x0 = img->y0 = 0;
	img->x1 = w;
	img->y1 = h;
	for (size_t i = 0; i < (size_t)w * h; i++)
		for (int k = 0; k < 3; k++)
			img->comps[k].data[i] = px[i * 3 + (size_t)k];
	params.tcp_mct = 1;
	codec = opj_create_compress(OPJ_CODEC_JP2);
	if (!codec || !opj_setup_encoder(codec, &params, img))
		goto out;
	stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE);
	if (!stream)
		goto out;
	opj_stream_set_user_data(stream, &m, NULL);
	opj_stream_set_write_function(stream, mem_write);
	opj_stream_set_skip_function(stream, mem_skip);
	opj_stream_set_seek_function(stream, mem_seek);
	if (!opj_start_compress(codec, img, stream) || !opj_encode(codec, stream) ||
	    !opj_end_compress(codec, stream))
		goto out;
	opj_stream_destroy(stream);
	stream = NULL;
	*out = m.p;
	*out_len = m.len;
	m.p = NULL;
	err = SIM_OK;
out:
	if (stream)
		opj_stream_destroy(stream);
	if (codec)
		opj_destroy_codec(codec);
	if (img)
		opj_image_destroy(img);
	free(m.p);
	return err;
}

enum sim_err sim_face_make(enum sim_image_kind kind, unsigned width,
                           unsigned height, int quality, uint8_t **out,
                           size_t *out_len)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!out || !out_len || width < 16 || height < 16 || width > 2000 ||
	    height > 2000 || quality < 1 || quality > 100)
		return SIM_ERR_ARG;
	uint8_t *px = malloc((size_t)width * height * 3);
	if (!px)
		return SIM_ERR_NOMEM;
	draw(px, width, height, 6);
	enum sim_err err;
	if (kind == SIM_IMAGE_JPEG)
		err = encode_jpeg(px, width, height, quality, out, out_len);
	else /* quality 1..100 maps to compression ratio 100..1 */
		err = encode_jp2(px, width, height, 101 - quality, out, out_len);
	free(px);
	return err;
}

enum sim_err sim_face_kind(const uint8_t *img, size_t len, enum sim_image_kind *kind)
{
	static const uint8_t jp2[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A};
	static const uint8_t j2k[] = {0xFF, 0x4F, 0xFF, 0x51};
	if (!img || !kind)
		return SIM_ERR_ARG;
	if (len >= 3 && img[0] == 0xFF && img[1] == 0xD8 && img[2] == 0xFF) {
		*kind = SIM_IMAGE_JPEG;
		return SIM_OK;
	}
	if ((len >= sizeof jp2 && memcmp(img, jp2, sizeof jp2) == 0) ||
	    (len >= sizeof j2k && memcmp(img, j2k, sizeof j2k) == 0)) {
		*kind = SIM_IMAGE_JPEG2000;
		return SIM_OK;
	}
	return SIM_ERR_FACE;
}
