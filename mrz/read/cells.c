/* cells.c - a second, independent judgement of every character: the MRZ
 * is fixed pitch, so each cut line is a row of 20 px cells, and each cell
 * is compared with the 37 OCR-B glyphs (ocrb_cells.h, rendered from Debian's
 * fonts-ocr-b by `mrz/gen/mrzgen.py cells`) by normalized correlation.
 * Tesseract reads the line as a sequence; this looks at one cell at a time,
 * so the two rarely make the same mistake. */
#include "read_int.h"

#include <math.h>
#include <string.h>

#include "ocrb_cells.h"

#define NGLYPH MR_GLYPHS
#define NPIX (MR_CELL_W * MR_CELL_H)
#define MR_MAX_LINE_W ((MRZ_READ_MAX_LINE + 4) * MR_CELL_W)

/* Templates with zero mean and unit norm, made once. */
static float tpl[NGLYPH][NPIX];
static float tpl_rows[MR_CELL_H];   /* mean ink per row over all glyphs */
static int tpl_ready;

static void tpl_init(void)
{
	if (tpl_ready)
		return;
	memset(tpl_rows, 0, sizeof tpl_rows);
	for (int g = 0; g < NGLYPH; g++) {
		double mean = 0, norm = 0;
		for (int i = 0; i < NPIX; i++)
			mean += mr_cell_glyphs[g][i];
		mean /= NPIX;
		for (int i = 0; i < NPIX; i++) {
			tpl[g][i] = (float)(mr_cell_glyphs[g][i] - mean);
			norm += (double)tpl[g][i] * tpl[g][i];
			tpl_rows[i / MR_CELL_W] += (float)mr_cell_glyphs[g][i];
		}
		float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0.f;
		for (int i = 0; i < NPIX; i++)
			tpl[g][i] *= inv;
	}
	tpl_ready = 1;
}

int mr_cell_index(char c)
{
	const char *p = c ? strchr(mr_cell_chars, c) : NULL;
	return p ? (int)(p - mr_cell_chars) : -1;
}

char mr_cell_char(int g)
{
	return g >= 0 && g < NGLYPH ? mr_cell_chars[g] : 0;
}

/* Ink (255 = black) at x, y; paper outside the picture. */
static float ink(const struct mr_gray *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return 0.f;
	return (float)(255 - g->px[(size_t)y * (size_t)g->stride + (size_t)x]);
}

/* The row where the line's glyph cells start: the offset whose row profile
 * of ink best matches the glyphs' average profile. */
static int line_top(const struct mr_gray *g, float left, int chars)
{
	float rows[64];
	int h = g->h < 64 ? g->h : 64;
	int x0 = (int)left, x1 = (int)left + chars * MR_CELL_W;
	for (int y = 0; y < h; y++) {
		float s = 0;
		for (int x = x0; x < x1; x++)
			s += ink(g, x, y);
		rows[y] = s;
	}
	int best = (h - MR_CELL_H) / 2;
	double best_s = -1e30;
	for (int y0 = 0; y0 + MR_CELL_H <= h; y0++) {
		double m = 0, s = 0, n = 0;
		for (int r = 0; r < MR_CELL_H; r++)
			m += rows[y0 + r];
		m /= MR_CELL_H;
		for (int r = 0; r < MR_CELL_H; r++) {
			s += (rows[y0 + r] - m) * tpl_rows[r];
			n += (rows[y0 + r] - m) * (rows[y0 + r] - m);
		}
		double v = n > 0 ? s / sqrt(n) : -1e30;
		if (v > best_s) {
			best_s = v;
			best = y0;
		}
	}
	return best;
}

/* Where the cells really are: the rectified grid can be off by half a
 * pitch at its start and by a few percent in pitch.  The ink's extent gives
 * both roughly; then, as borders between fixed-pitch cells fall in the gaps
 * between glyphs, the start and pitch nearby whose borders cross the least
 * ink win. */
static void line_grid(const struct mr_gray *g, float left, int chars, int top, float *start,
                      float *pitch)
{
	float col[MR_MAX_LINE_W];
	int w = g->w < MR_MAX_LINE_W ? g->w : MR_MAX_LINE_W;
	float lo = 1e30f, hi = 0;
	for (int x = 0; x < w; x++) {
		col[x] = 0;
		for (int y = top + MR_CELL_TOP; y < top + MR_CELL_H - MR_CELL_TOP; y++)
			col[x] += ink(g, x, y);
		lo = col[x] < lo ? col[x] : lo;
		hi = col[x] > hi ? col[x] : hi;
	}
	*start = left;
	*pitch = MR_CELL_W;
	int first = -1, last = -1;
	for (int x = 0; x < w; x++)
		if (col[x] > lo + 0.3f * (hi - lo)) {
			if (first < 0)
				first = x;
			last = x;
		}
	/* Glyphs stand about 3 px inside their cells. */
	float s0 = (float)first - 3.f, p0 = ((float)last + 4.f - s0) / (float)chars;
	if (first < 0 || p0 < 17.f || p0 > 23.f)
		return;
	float best_ink = 1e30f;
	for (int dp = -8; dp <= 8; dp++) {
		float p = p0 + (float)dp * 0.05f;
		for (int d = -4; d <= 4; d++) {
			float sum = 0;
			for (int k = 0; k <= chars; k++) {
				int x = (int)lroundf(s0 + (float)d + (float)k * p);
				sum += x >= 0 && x < w ? col[x] : 0.f;
			}
			if (sum < best_ink) {
				best_ink = sum;
				*start = s0 + (float)d;
				*pitch = p;
			}
		}
	}
}

void mr_cells_read(const struct mr_gray *line, float left, int chars, const float *centre,
                   const bool *want, struct mr_cell_class *out)
{
	tpl_init();
	memset(out, 0, sizeof *out * (size_t)chars);
	if (!line || !line->px)
		return;
	int top = line_top(line, left, chars);
	float pitch;
	line_grid(line, left, chars, top, &left, &pitch);
	float s[NPIX];
	for (int i = 0; i < chars; i++) {
		struct mr_cell_class *o = &out[i];
		if (want && !want[i])
			continue;
		for (int g = 0; g < NGLYPH; g++)
			o->score[g] = -1.f;
		/* OCR's own box says where the glyph is (a grid slips in long
		 * runs of '<'); the grid only where OCR saw nothing. */
		float at = left + (float)i * pitch;
		int reach = 2;
		if (centre && centre[i] >= 0) {
			at = centre[i] - 0.5f * MR_CELL_W;
			reach = 3;
		}
		int cx = (int)lroundf(at);
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -reach; dx <= reach; dx++) {
				double mean = 0, norm = 0;
				for (int y = 0; y < MR_CELL_H; y++)
					for (int x = 0; x < MR_CELL_W; x++) {
						float v = ink(line, cx + dx + x, top + dy + y);
						s[y * MR_CELL_W + x] = v;
						mean += v;
					}
				mean /= NPIX;
				for (int k = 0; k < NPIX; k++) {
					s[k] -= (float)mean;
					norm += (double)s[k] * s[k];
				}
				if (norm <= 0)
					continue;
				float inv = (float)(1.0 / sqrt(norm));
				for (int g = 0; g < NGLYPH; g++) {
					float dot = 0;
					for (int k = 0; k < NPIX; k++)
						dot += s[k] * tpl[g][k];
					dot *= inv;
					if (dot > o->score[g])
						o->score[g] = dot;
				}
			}
		int b = 0, b2 = -1;
		for (int g = 1; g < NGLYPH; g++)
			if (o->score[g] > o->score[b])
				b = g;
		for (int g = 0; g < NGLYPH; g++)
			if (g != b && (b2 < 0 || o->score[g] > o->score[b2]))
				b2 = g;
		o->best = mr_cell_chars[b];
		o->margin = o->score[b] - o->score[b2];
	}
}
