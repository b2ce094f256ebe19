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

/* Templates with zero mean and unit norm, made once; stored pixel by
 * pixel (all glyphs' values of one pixel side by side, padded to a
 * multiple of 8) so the correlation with every glyph is one vector loop. */
#define NGLYPH_PAD 40
static float tpl[NPIX][NGLYPH_PAD];
static float tpl_rows[MR_CELL_H];   /* mean ink per row over all glyphs */
static int tpl_ready;

/* The glyphs are rendered sharp (ocrb_cells.h); a camera picture cut at 20
 * px per character is blurrier, up to 2-3 px at 10 px per character scaled
 * up.  Templates blurred by TPL_BLUR px more fit the pictures better and
 * tell similar glyphs apart by more: on the benchmark sets the closest call
 * between a misread letter and the letter Tesseract offered as its runner-up
 * grew from 0.02 to 0.04 (see README, step 6). */
#define TPL_BLUR 1.2f
#define TPL_R 3

static void blur_glyph(const unsigned char *in, float *out)
{
	float k[2 * TPL_R + 1], sum = 0, tmp[NPIX];
	for (int j = -TPL_R; j <= TPL_R; j++) {
		k[j + TPL_R] = expf(-(float)(j * j) / (2.f * TPL_BLUR * TPL_BLUR));
		sum += k[j + TPL_R];
	}
	for (int j = 0; j < 2 * TPL_R + 1; j++)
		k[j] /= sum;
	/* Rows, then columns; outside the cell is paper. */
	for (int y = 0; y < MR_CELL_H; y++)
		for (int x = 0; x < MR_CELL_W; x++) {
			float a = 0;
			for (int j = -TPL_R; j <= TPL_R; j++)
				if (x + j >= 0 && x + j < MR_CELL_W)
					a += k[j + TPL_R] * in[y * MR_CELL_W + x + j];
			tmp[y * MR_CELL_W + x] = a;
		}
	for (int y = 0; y < MR_CELL_H; y++)
		for (int x = 0; x < MR_CELL_W; x++) {
			float a = 0;
			for (int j = -TPL_R; j <= TPL_R; j++)
				if (y + j >= 0 && y + j < MR_CELL_H)
					a += k[j + TPL_R] * tmp[(y + j) * MR_CELL_W + x];
			out[y * MR_CELL_W + x] = a;
		}
}

static void tpl_init(void)
{
	if (tpl_ready)
		return;
	memset(tpl_rows, 0, sizeof tpl_rows);
	for (int g = 0; g < NGLYPH; g++) {
		float b[NPIX];
		double mean = 0, norm = 0;
		blur_glyph(mr_cell_glyphs[g], b);
		for (int i = 0; i < NPIX; i++)
			mean += b[i];
		mean /= NPIX;
		for (int i = 0; i < NPIX; i++) {
			tpl[i][g] = (float)(b[i] - mean);
			norm += (double)tpl[i][g] * tpl[i][g];
			tpl_rows[i / MR_CELL_W] += (float)mr_cell_glyphs[g][i];
		}
		float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0.f;
		for (int i = 0; i < NPIX; i++)
			tpl[i][g] *= inv;
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
				float dot[NGLYPH_PAD] = { 0 };
				for (int k = 0; k < NPIX; k++)
					for (int g = 0; g < NGLYPH_PAD; g++)
						dot[g] += s[k] * tpl[k][g];
				for (int g = 0; g < NGLYPH; g++)
					if (dot[g] * inv > o->score[g])
						o->score[g] = dot[g] * inv;
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

/* ---- the judgement ----
 * Cells are cut where Tesseract's own boxes put them and judged: the
 * letters no check digit guards (mr_position_guard: name, issuing state,
 * nationality, sex, document code but its first letter: few are allowed
 * there, and a line's first cell is where cells slip most), the letters and
 * digits of document numbers and optional data (a swap of equal value
 * modulo 10 fools their check digit) and the digits under check digits
 * (two errors can cancel).
 *
 * A character may be another one (a "rival") when
 *  - Tesseract offered the rival too (CELL_OFFERED or more) and the cells do
 *    not prefer the character read by at least CELL_PREFER (and the rival
 *    fits at all, CELL_FIT: else the cell was cut in the wrong place):
 *    Tesseract reads a line as a sequence and can be confidently wrong
 *    about one letter (Q for G at 0.99), the cells look at the glyph alone;
 *  - or, whatever Tesseract offered, the rival fits well (CELL_SEEN: the
 *    cell was cut right) and clearly better (CELL_MARGIN).  Cells cut in
 *    the wrong place fit every glyph badly; their "best" glyph, 0.1-0.6
 *    better than a right read, must not count.
 * Rivals are of the position's type: letters in letter fields, digits
 * under check digits, both in document numbers and optional data.  The
 * read is doubted when some set of rivals would also make every check
 * digit hold: any one rival of an unguarded letter, a twin (U/0, G/6, S/8,
 * Z/5), or two rivals whose changes cancel.  A doubted read is not sure; it
 * stays valid, and the caller takes another picture. */
#define CELL_OFFERED 0.05f
#define CELL_PREFER 0.02f
#define CELL_FIT 0.50f
#define CELL_SEEN 0.75f
#define CELL_MARGIN 0.14f
#define MAX_RIVALS 10

struct rival {
	int line, col;
	char c;
};

static bool fits(char c, enum mr_guard gd)
{
	bool digit = c >= '0' && c <= '9', letter = c >= 'A' && c <= 'Z';
	return gd == MR_GUARD_CHECK ? digit : letter || (gd == MR_GUARD_WEAK && digit);
}

/* The rivals of the character read at a cell into rv[] (at most max);
 * returns how many. */
static int cell_rivals(const struct mr_cell_class *o, const struct mr_cell *ocr, char read,
                       enum mr_guard gd, char *rv, int max)
{
	int k = mr_cell_index(read), n = 0;
	if (k < 0)
		return 0;
	for (int g = 0; g < NGLYPH && n < max; g++) {
		char c = mr_cell_chars[g];
		if (g == k || !fits(c, gd))
			continue;
		bool offered = false;
		for (int j = 0; j < ocr->n; j++)
			offered |= ocr->c[j] == c && ocr->p[j] >= CELL_OFFERED;
		if ((offered && o->score[g] >= CELL_FIT && o->score[g] > o->score[k] - CELL_PREFER) ||
		    (o->score[g] >= CELL_SEEN && o->score[g] - o->score[k] > CELL_MARGIN))
			rv[n++] = c;
	}
	return n;
}

/* Whether some nonempty set of the rivals makes every check digit hold. */
static bool rivals_hold(char text[][MRZ_READ_MAX_LINE + 1], int lines, int chars,
                        const struct rival *rv, int n)
{
	char alt[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1];
	bool hold = false;
	for (unsigned set = 1; set < 1u << n && !hold; set++) {
		bool twice = false;
		memcpy(alt, text, sizeof alt[0] * (size_t)lines);
		for (int i = 0; i < n; i++) {
			if (!(set & 1u << i))
				continue;
			/* Two rivals of one position are not a set. */
			twice |= alt[rv[i].line][rv[i].col] != text[rv[i].line][rv[i].col];
			alt[rv[i].line][rv[i].col] = rv[i].c;
		}
		hold = !twice && mr_checks_hold(alt, lines, chars);
	}
	memset(alt, 0, sizeof alt);
	return hold;
}

bool mr_cells_doubt(const struct mr_line *lines, const struct mr_grid *grid,
                    char text[][MRZ_READ_MAX_LINE + 1])
{
	struct mr_cell_class cls[MRZ_READ_MAX_LINE];
	enum mr_guard gd[MRZ_READ_MAX_LINE];
	struct rival rv[MAX_RIVALS];
	int nrv = 0;
	bool doubt = false;
	for (int l = 0; l < grid->lines && !doubt; l++) {
		float centre[MRZ_READ_MAX_LINE];
		bool want[MRZ_READ_MAX_LINE];
		int n = 0;
		for (int i = 0; i < grid->chars; i++) {
			char c = text[l][i];
			const struct mr_cell *cell = &grid->cell[l][i];
			gd[i] = mr_position_guard(grid->lines, grid->chars, l, i);
			centre[i] = cell->n ? cell->cx : -1.f;
			want[i] = gd[i] == MR_GUARD_NONE ? c >= 'A' && c <= 'Z' && (l || i) : c != '<';
			n += want[i];
		}
		if (!n)
			continue;
		mr_cells_read(&lines[l].img, lines[l].left, grid->chars, centre, want, cls);
		for (int i = 0; i < grid->chars && !doubt; i++) {
			char c[MAX_RIVALS];
			int m = want[i] ? cell_rivals(&cls[i], &grid->cell[l][i], text[l][i], gd[i], c,
			                             MAX_RIVALS) : 0;
			/* An unguarded letter: any rival would do; too many rivals
			 * to weigh: not sure either. */
			if (m && (gd[i] == MR_GUARD_NONE || nrv + m > MAX_RIVALS))
				doubt = true;
			for (int k = 0; k < m && !doubt; k++)
				rv[nrv++] = (struct rival){ l, i, c[k] };
		}
	}
	memset(cls, 0, sizeof cls);
	return doubt || (nrv && rivals_hold(text, grid->lines, grid->chars, rv, nrv));
}
