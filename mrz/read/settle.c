/* settle.c - from per-character OCR choices to MRZ lines.
 *
 * Every position of a TD1, TD2 or TD3 zone has a type (digit, letter,
 * letter or filler, ...).  The first OCR choice that the type allows is
 * taken, an OCR confusion (O/0, I/1, B/8 ...) mapped into the type when no
 * choice fits.  Then each check digit that fails is repaired from the
 * alternatives Tesseract saw, but only when exactly one change (or, failing
 * that, exactly one pair of changes) makes it hold.  The name, issuing
 * state, nationality and sex have no check digit: their confidence is
 * reported and they are never changed except into their type. */
#include "read_int.h"

#include <math.h>
#include <mrz.h>
#include <string.h>

/* Position types. */
enum {
	T_ANY = 0,
	T_DIGIT,     /* 0-9 */
	T_ALPHA,     /* A-Z */
	T_FILL,      /* A-Z or < (names, codes) */
	T_ALNUM,     /* A-Z 0-9 < (numbers, optional data) */
	T_CHECK,     /* 0-9 */
	T_CHECK_OPT, /* 0-9 or < (TD3 personal number, TD1 long number) */
	T_SEX,       /* M F X < */
};

/* What a position is for, to say how sure the reader is of unprotected
 * fields. */
enum { R_PROT = 0, R_NAME, R_STATE, R_SEX, R_CODE };

struct layout {
	int lines, chars;
	signed char type[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE];
	signed char role[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE];
};

static void span(struct layout *L, int line, int from, int to, int type, int role)
{
	for (int i = from; i <= to; i++) {
		L->type[line][i] = (signed char)type;
		L->role[line][i] = (signed char)role;
	}
}

static void layout_for(int lines, int chars, struct layout *L)
{
	memset(L, 0, sizeof *L);
	L->lines = lines;
	L->chars = chars;
	if (lines == 3) { /* TD1 */
		span(L, 0, 0, 0, T_ALPHA, R_CODE);
		span(L, 0, 1, 1, T_FILL, R_CODE);
		span(L, 0, 2, 4, T_FILL, R_STATE);
		span(L, 0, 5, 13, T_ALNUM, R_PROT);
		span(L, 0, 14, 14, T_CHECK_OPT, R_PROT);
		span(L, 0, 15, 29, T_ALNUM, R_PROT);
		span(L, 1, 0, 5, T_DIGIT, R_PROT);
		span(L, 1, 6, 6, T_CHECK, R_PROT);
		span(L, 1, 7, 7, T_SEX, R_SEX);
		span(L, 1, 8, 13, T_DIGIT, R_PROT);
		span(L, 1, 14, 14, T_CHECK, R_PROT);
		span(L, 1, 15, 17, T_FILL, R_STATE);
		span(L, 1, 18, 28, T_ALNUM, R_PROT);
		span(L, 1, 29, 29, T_CHECK, R_PROT);
		span(L, 2, 0, 29, T_FILL, R_NAME);
		return;
	}
	span(L, 0, 0, 0, T_ALPHA, R_CODE);
	span(L, 0, 1, 1, T_FILL, R_CODE);
	span(L, 0, 2, 4, T_FILL, R_STATE);
	span(L, 0, 5, chars - 1, T_FILL, R_NAME);
	span(L, 1, 0, 8, T_ALNUM, R_PROT);
	span(L, 1, 9, 9, T_CHECK, R_PROT);
	span(L, 1, 10, 12, T_FILL, R_STATE);
	span(L, 1, 13, 18, T_DIGIT, R_PROT);
	span(L, 1, 19, 19, T_CHECK, R_PROT);
	span(L, 1, 20, 20, T_SEX, R_SEX);
	span(L, 1, 21, 26, T_DIGIT, R_PROT);
	span(L, 1, 27, 27, T_CHECK, R_PROT);
	if (chars == 44) {
		span(L, 1, 28, 41, T_ALNUM, R_PROT);
		span(L, 1, 42, 42, T_CHECK_OPT, R_PROT);
		span(L, 1, 43, 43, T_CHECK, R_PROT);
	} else {
		span(L, 1, 28, 34, T_ALNUM, R_PROT);
		span(L, 1, 35, 35, T_CHECK, R_PROT);
	}
}

static bool type_allows(int type, char c)
{
	bool digit = c >= '0' && c <= '9', alpha = c >= 'A' && c <= 'Z';
	switch (type) {
	case T_DIGIT:
	case T_CHECK: return digit;
	case T_ALPHA: return alpha;
	case T_FILL: return alpha || c == '<';
	case T_ALNUM: return digit || alpha || c == '<';
	case T_CHECK_OPT: return digit || c == '<';
	case T_SEX: return c == 'M' || c == 'F' || c == 'X' || c == '<';
	default: return digit || alpha || c == '<';
	}
}

/* The usual OCR confusions, into a digit or into a letter. */
static char as_digit(char c)
{
	static const char from[] = "OQDUIL|ZSGBAT";
	static const char to[] = "0000111256847";
	const char *p = c ? strchr(from, c) : NULL;
	return p ? to[p - from] : 0;
}

static char as_letter(char c)
{
	static const char from[] = "0125684";
	static const char to[] = "OIZSGBA";
	const char *p = c ? strchr(from, c) : NULL;
	return p ? to[p - from] : 0;
}

/* Candidates a position allows, best first. */
struct cand {
	char c[8];
	float p[8];
	int n;
};

static void cand_add(struct cand *k, char c, float p)
{
	for (int i = 0; i < k->n; i++)
		if (k->c[i] == c) {
			if (p > k->p[i])
				k->p[i] = p;
			return;
		}
	if (k->n < 8) {
		k->c[k->n] = c;
		k->p[k->n] = p;
		k->n++;
	}
	/* keep sorted by p, descending */
	for (int i = k->n - 1; i > 0 && k->p[i] > k->p[i - 1]; i--) {
		char tc = k->c[i];
		float tp = k->p[i];
		k->c[i] = k->c[i - 1];
		k->p[i] = k->p[i - 1];
		k->c[i - 1] = tc;
		k->p[i - 1] = tp;
	}
}

static void candidates(const struct mr_cell *cell, int type, struct cand *k)
{
	memset(k, 0, sizeof *k);
	for (int i = 0; i < cell->n; i++) {
		char c = cell->c[i];
		float p = cell->p[i];
		if (type_allows(type, c))
			cand_add(k, c, p);
		char m = 0;
		if (type == T_DIGIT || type == T_CHECK || type == T_CHECK_OPT)
			m = as_digit(c);
		else if (type == T_ALPHA || type == T_FILL || type == T_SEX)
			m = as_letter(c);
		/* A confusion mapped into a field no check digit protects is a
		 * guess: never above the reader's "sure" threshold. */
		if (m && type_allows(type, m))
			cand_add(k, m, (type == T_FILL || type == T_ALPHA || type == T_SEX) &&
			               p * 0.8f > 0.5f ? 0.5f : p * 0.8f);
	}
}

/* A check: data positions and the digit's position. */
struct pos {
	signed char line, col;
};
struct check {
	struct pos data[64];
	int n;
	struct pos digit;
	bool filler_ok;   /* '<' digit over an all-filler field holds */
};

static void check_add(struct check *c, int line, int from, int to)
{
	for (int i = from; i <= to && c->n < 64; i++) {
		c->data[c->n].line = (signed char)line;
		c->data[c->n].col = (signed char)i;
		c->n++;
	}
}

static int checks_for(int lines, int chars, char s[][MRZ_READ_MAX_LINE + 1], struct check *cs)
{
	memset(cs, 0, sizeof(struct check) * 5);
	int n = 0;
	if (lines == 3) {
		/* TD1; a long document number continues in the optional data,
		 * its check digit the last character before the filler. */
		if (s[0][14] == '<' && s[0][15] != '<') {
			int end = 15;
			while (end < 30 && s[0][end] != '<')
				end++;
			check_add(&cs[n], 0, 5, 13);
			check_add(&cs[n], 0, 15, end - 2);
			cs[n].digit = (struct pos){0, (signed char)(end - 1)};
		} else {
			check_add(&cs[n], 0, 5, 13);
			cs[n].digit = (struct pos){0, 14};
		}
		n++;
		check_add(&cs[n], 1, 0, 5);
		cs[n++].digit = (struct pos){1, 6};
		check_add(&cs[n], 1, 8, 13);
		cs[n++].digit = (struct pos){1, 14};
		check_add(&cs[n], 0, 5, 29);
		check_add(&cs[n], 1, 0, 6);
		check_add(&cs[n], 1, 8, 14);
		check_add(&cs[n], 1, 18, 28);
		cs[n++].digit = (struct pos){1, 29};
		return n;
	}
	check_add(&cs[n], 1, 0, 8);
	cs[n++].digit = (struct pos){1, 9};
	check_add(&cs[n], 1, 13, 18);
	cs[n++].digit = (struct pos){1, 19};
	check_add(&cs[n], 1, 21, 26);
	cs[n++].digit = (struct pos){1, 27};
	if (chars == 44) {
		check_add(&cs[n], 1, 28, 41);
		cs[n].filler_ok = true;
		cs[n++].digit = (struct pos){1, 42};
		check_add(&cs[n], 1, 0, 9);
		check_add(&cs[n], 1, 13, 19);
		check_add(&cs[n], 1, 21, 42);
		cs[n++].digit = (struct pos){1, 43};
	} else {
		check_add(&cs[n], 1, 0, 9);
		check_add(&cs[n], 1, 13, 19);
		check_add(&cs[n], 1, 21, 34);
		cs[n++].digit = (struct pos){1, 35};
	}
	return n;
}

static bool check_holds(const struct check *c, char s[][MRZ_READ_MAX_LINE + 1])
{
	char buf[64];
	bool all_fill = true;
	for (int i = 0; i < c->n; i++) {
		buf[i] = s[c->data[i].line][c->data[i].col];
		if (buf[i] != '<')
			all_fill = false;
	}
	char d = s[c->digit.line][c->digit.col];
	if (c->filler_ok && all_fill && d == '<')
		return true;
	char want = mrz_check_digit(buf, (size_t)c->n);
	return want && want == d;
}

bool mr_checks_hold(char lines[][MRZ_READ_MAX_LINE + 1], int n, int len)
{
	struct check cs[5];
	int k = checks_for(n, len, lines, cs);
	for (int i = 0; i < k; i++)
		if (!check_holds(&cs[i], lines))
			return false;
	return true;
}

static bool in_check(const struct check *c, int line, int col)
{
	if (c->digit.line == line && c->digit.col == col)
		return true;
	for (int i = 0; i < c->n; i++)
		if (c->data[i].line == line && c->data[i].col == col)
			return true;
	return false;
}

struct state {
	const struct layout *L;
	struct cand cand[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE];
	char s[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1];
	float conf[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE];
};

/* Positions of check c that the repair may change: the whole check,
 * minus (for the composite) what another check already protects. */
static int positions(const struct check *c, const struct check *others, int n_others,
                     struct pos *out)
{
	int n = 0;
	for (int i = 0; i <= c->n; i++) {
		struct pos p = i < c->n ? c->data[i] : c->digit;
		bool covered = false;
		for (int k = 0; k < n_others; k++)
			if (in_check(&others[k], p.line, p.col))
				covered = true;
		if (!covered)
			out[n++] = p;
	}
	return n;
}

/* Repairs one failing check from the alternatives; true when exactly one
 * single change (or else exactly one pair) makes it hold. */
static bool repair(struct state *st, const struct check *c, const struct pos *ps, int np,
                   struct mrz_read_result *r)
{
	int found = 0;
	struct pos fp[2];
	char fc[2];
	for (int i = 0; i < np; i++) {
		const struct cand *k = &st->cand[ps[i].line][ps[i].col];
		char keep = st->s[ps[i].line][ps[i].col];
		for (int a = 0; a < k->n; a++) {
			if (k->c[a] == keep || k->p[a] <= 0)
				continue;
			st->s[ps[i].line][ps[i].col] = k->c[a];
			if (check_holds(c, st->s)) {
				found++;
				fp[0] = ps[i];
				fc[0] = k->c[a];
			}
		}
		st->s[ps[i].line][ps[i].col] = keep;
	}
	int changes = 1;
	if (found == 0) {
		changes = 2;
		for (int i = 0; i < np; i++) {
			const struct cand *ki = &st->cand[ps[i].line][ps[i].col];
			char keepi = st->s[ps[i].line][ps[i].col];
			for (int a = 0; a < ki->n; a++) {
				if (ki->c[a] == keepi || ki->p[a] <= 0)
					continue;
				st->s[ps[i].line][ps[i].col] = ki->c[a];
				for (int j = i + 1; j < np; j++) {
					const struct cand *kj = &st->cand[ps[j].line][ps[j].col];
					char keepj = st->s[ps[j].line][ps[j].col];
					for (int b = 0; b < kj->n; b++) {
						if (kj->c[b] == keepj || kj->p[b] <= 0)
							continue;
						st->s[ps[j].line][ps[j].col] = kj->c[b];
						if (check_holds(c, st->s)) {
							found++;
							fp[0] = ps[i];
							fc[0] = ki->c[a];
							fp[1] = ps[j];
							fc[1] = kj->c[b];
						}
					}
					st->s[ps[j].line][ps[j].col] = keepj;
				}
			}
			st->s[ps[i].line][ps[i].col] = keepi;
		}
	}
	if (found != 1)
		return false;
	for (int i = 0; i < changes; i++) {
		char *at = &st->s[fp[i].line][fp[i].col];
		if (r->correction_count < MRZ_READ_MAX_CORRECTIONS) {
			struct mrz_read_correction *co = &r->corrections[r->correction_count++];
			co->line = fp[i].line + 1;
			co->column = fp[i].col + 1;
			co->from = *at;
			co->to = fc[i];
		}
		*at = fc[i];
		/* A repaired character is as sure as the check that forced it. */
		const struct cand *k = &st->cand[fp[i].line][fp[i].col];
		for (int a = 0; a < k->n; a++)
			if (k->c[a] == fc[i])
				st->conf[fp[i].line][fp[i].col] = k->p[a];
	}
	return true;
}

/* Placing characters on the fixed-pitch grid when Tesseract's count is off
 * (a glyph read twice, a speck read as a character, a glyph missed): each
 * character goes to a column, in order, or is dropped; a column may stay
 * empty.  The placement with the least cost wins (dynamic programming):
 * every character pays for how far its box centre is from its column's
 * centre, every pair of neighbours for how far their spacing is from
 * their columns' (what keeps a duplicate or a gap from shifting the rest
 * of the line), every dropped character and empty column a fixed price.
 * The columns' centres are then fitted to the placed boxes (the cut grid
 * can be off by half a pitch and a few percent in scale) and the placement
 * made once more. */
#define PLACE_SKIP 3          /* at most 2 characters dropped or columns
                               * left empty between two placed ones (any
                               * number before the first, after the last) */
#define PLACE_DROP 3.f        /* cost of a dropped character */
#define PLACE_EMPTY 3.f       /* cost of an empty column */
#define PLACE_SPACING 4.f     /* weight of spacing errors (in pitches^2) */
#define PLACE_ANCHOR 0.1f     /* weight of a box's distance from its column */

struct place {
	float cost;
	signed char from_k, from_j;  /* previous placed character, or -1 */
};

static float place_at(float x, float a, float b, int j)
{
	float d = (x - (a + b * (float)j)) / (float)MR_PITCH;
	return PLACE_ANCHOR * d * d;
}

/* col[k] = the column of character k, or -1 when dropped. */
static void place_line(const float *x, int n, int chars, float a, float b, int *col)
{
	static const struct place none = {1e30f, -1, -1};
	struct place t[MR_MAX_CHARS][MRZ_READ_MAX_LINE];
	for (int k = 0; k < n; k++) {
		col[k] = -1;
		for (int j = 0; j < chars; j++) {
			struct place best = none;
			/* the first placed character (anywhere: a line's start may
			 * be lost) */
			best.cost = PLACE_DROP * (float)k + PLACE_EMPTY * (float)j;
			for (int pk = k - PLACE_SKIP; pk < k; pk++)
				for (int pj = j - PLACE_SKIP; pj < j; pj++) {
					if (pk < 0 || pj < 0 || t[pk][pj].cost >= 1e29f)
						continue;
					float gap = (x[k] - x[pk]) / (float)MR_PITCH - (float)(j - pj) * b /
					            (float)MR_PITCH;
					float c = t[pk][pj].cost + PLACE_DROP * (float)(k - pk - 1) +
					          PLACE_EMPTY * (float)(j - pj - 1) +
					          PLACE_SPACING * gap * gap / (float)(j - pj);
					if (c < best.cost) {
						best.cost = c;
						best.from_k = (signed char)pk;
						best.from_j = (signed char)pj;
					}
				}
			if (best.cost < 1e29f)
				best.cost += place_at(x[k], a, b, j);
			t[k][j] = best;
		}
	}
	int bk = -1, bj = -1;
	float bc = 1e30f;
	for (int k = 0; k < n; k++)
		for (int j = 0; j < chars; j++) {
			float c = t[k][j].cost + PLACE_DROP * (float)(n - 1 - k) +
			          PLACE_EMPTY * (float)(chars - 1 - j);
			if (c < bc) {
				bc = c;
				bk = k;
				bj = j;
			}
		}
	while (bk >= 0 && bj >= 0) {
		col[bk] = bj;
		const struct place *p = &t[bk][bj];
		bk = p->from_k;
		bj = p->from_j;
	}
}

static void cell_set(struct mr_cell *cell, const struct mr_char *ch)
{
	cell->n = ch->n;
	memcpy(cell->c, ch->c, sizeof cell->c);
	memcpy(cell->p, ch->p, sizeof cell->p);
	cell->cx = 0.5f * (ch->x0 + ch->x1);
}

void mr_grid_place(struct mr_grid *g, int line, const struct mr_ocr_line *ocr, float left)
{
	struct mr_cell *row = g->cell[line];
	memset(row, 0, sizeof g->cell[line]);
	if (ocr->n == g->chars) {
		for (int i = 0; i < ocr->n; i++)
			cell_set(&row[i], &ocr->ch[i]);
		return;
	}
	if (ocr->n <= 0 || ocr->n > MR_MAX_CHARS || g->chars > MRZ_READ_MAX_LINE)
		return;
	float x[MR_MAX_CHARS];
	int col[MR_MAX_CHARS];
	for (int k = 0; k < ocr->n; k++)
		x[k] = 0.5f * (ocr->ch[k].x0 + ocr->ch[k].x1);
	float a = left + 0.5f * (float)MR_PITCH, b = (float)MR_PITCH;
	for (int pass = 0; pass < 2; pass++) {
		place_line(x, ocr->n, g->chars, a, b, col);
		if (pass)
			break;
		/* Fit the columns' centres to the placed boxes. */
		double sn = 0, sj = 0, sx = 0, sjj = 0, sjx = 0;
		for (int k = 0; k < ocr->n; k++)
			if (col[k] >= 0) {
				sn++;
				sj += col[k];
				sx += x[k];
				sjj += (double)col[k] * col[k];
				sjx += (double)col[k] * x[k];
			}
		double den = sn * sjj - sj * sj;
		if (sn < 8 || den <= 0)
			break;
		double fb = (sn * sjx - sj * sx) / den, fa = (sx - fb * sj) / sn;
		if (fb < 0.9 * MR_PITCH || fb > 1.1 * MR_PITCH || fabs(fa - a) > MR_PITCH)
			break;
		a = (float)fa;
		b = (float)fb;
	}
	for (int k = 0; k < ocr->n; k++)
		if (col[k] >= 0)
			cell_set(&row[col[k]], &ocr->ch[k]);
}

void mr_grid_typed(const struct mr_grid *g, struct mr_grid *out)
{
	struct layout L;
	layout_for(g->lines, g->chars, &L);
	*out = *g;
	for (int l = 0; l < g->lines; l++)
		for (int i = 0; i < g->chars; i++) {
			struct cand k;
			candidates(&g->cell[l][i], L.type[l][i], &k);
			if (k.n == 0)
				continue;
			struct mr_cell *c = &out->cell[l][i];
			c->n = k.n < MR_MAX_CHOICES ? k.n : MR_MAX_CHOICES;
			for (int a = 0; a < c->n; a++) {
				c->c[a] = k.c[a];
				c->p[a] = k.p[a];
			}
		}
}

enum mr_guard mr_position_guard(int lines, int chars, int line, int col)
{
	struct layout L;
	if (line < 0 || line >= lines || col < 0 || col >= chars)
		return MR_GUARD_CHECK;
	layout_for(lines, chars, &L);
	if (L.role[line][col] != R_PROT)
		return MR_GUARD_NONE;
	return L.type[line][col] == T_ALNUM ? MR_GUARD_WEAK : MR_GUARD_CHECK;
}

float mr_settle(const struct mr_grid *g, struct mrz_read_result *r)
{
	int fit = 0;
	struct layout L;
	layout_for(g->lines, g->chars, &L);
	struct state st;
	memset(&st, 0, sizeof st);
	st.L = &L;
	r->line_count = g->lines;
	r->line_length = g->chars;
	bool complete = true;
	for (int l = 0; l < g->lines; l++) {
		for (int i = 0; i < g->chars; i++) {
			const struct mr_cell *cell = &g->cell[l][i];
			r->raw_lines[l][i] = cell->n ? cell->c[0] : '?';
			if (cell->n && type_allows(L.type[l][i], cell->c[0]))
				fit++;
			candidates(cell, L.type[l][i], &st.cand[l][i]);
			if (st.cand[l][i].n) {
				st.s[l][i] = st.cand[l][i].c[0];
				st.conf[l][i] = st.cand[l][i].p[0];
				if (cell->n && st.s[l][i] != cell->c[0] &&
				    r->correction_count < MRZ_READ_MAX_CORRECTIONS) {
					struct mrz_read_correction *co = &r->corrections[r->correction_count++];
					co->line = l + 1;
					co->column = i + 1;
					co->from = cell->c[0];
					co->to = st.s[l][i];
				}
			} else {
				st.s[l][i] = '?';
				st.conf[l][i] = 0;
				complete = false;
			}
		}
		r->raw_lines[l][g->chars] = 0;
		st.s[l][g->chars] = 0;
	}
	struct check cs[5];
	int nc = checks_for(g->lines, g->chars, st.s, cs);
	bool ok = complete;
	int held = 0;
	for (int i = 0; i < nc; i++)
		if (check_holds(&cs[i], st.s))
			held++;
	/* Field checks first, then the composite with what they left. */
	for (int i = 0; i < nc; i++) {
		if (check_holds(&cs[i], st.s))
			continue;
		struct pos ps[72];
		int np = i == nc - 1 ? positions(&cs[i], cs, nc - 1, ps) : positions(&cs[i], NULL, 0, ps);
		if (!repair(&st, &cs[i], ps, np, r))
			ok = false;
	}
	/* The repairs may have moved a TD1 long number's digit: recheck all. */
	nc = checks_for(g->lines, g->chars, st.s, cs);
	for (int i = 0; i < nc; i++)
		if (!check_holds(&cs[i], st.s))
			ok = false;
	float cmin = 1, prot = 1, name = 1, state = 1, sex = 1;
	for (int l = 0; l < g->lines; l++) {
		for (int i = 0; i < g->chars; i++) {
			float c = st.conf[l][i];
			if (c < cmin)
				cmin = c;
			switch (L.role[l][i]) {
			case R_PROT: if (c < prot) prot = c; break;
			case R_NAME: if (c < name) name = c; break;
			case R_STATE: if (c < state) state = c; break;
			case R_SEX: if (c < sex) sex = c; break;
			default: if (c < state) state = c; break;
			}
		}
		memcpy(r->lines[l], st.s[l], (size_t)g->chars + 1);
	}
	/* Dates must be possible dates (an unknown day or month is '<'). */
	if (ok) {
		const char *dates[2];
		if (g->lines == 3) {
			dates[0] = &st.s[1][0];
			dates[1] = &st.s[1][8];
		} else {
			dates[0] = &st.s[1][13];
			dates[1] = &st.s[1][21];
		}
		for (int d = 0; d < 2; d++) {
			int mm = (dates[d][2] - '0') * 10 + (dates[d][3] - '0');
			int dd = (dates[d][4] - '0') * 10 + (dates[d][5] - '0');
			if (mm < 1 || mm > 12 || dd < 1 || dd > 31)
				ok = false;
		}
		char code = st.s[0][0];
		if (g->chars == 44 && code != 'P' && code != 'V')
			ok = false;
	}
	r->valid = ok;
	r->confidence = cmin;
	r->protected_confidence = prot;
	r->name_confidence = name;
	r->state_confidence = state;
	r->sex_confidence = sex;
	memset(&st, 0, sizeof st);
	return (float)fit / (float)(g->lines * g->chars) + (float)held;
}
