/* reader.c - the MRZ reader: locate, cut, OCR, settle; and the video
 * tracker that agrees results over frames. */
#define _POSIX_C_SOURCE 200809L
#include "read_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double cpu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#ifndef ID06_MRZ_MODEL_DIR
#define ID06_MRZ_MODEL_DIR "mrz/model"
#endif
#ifndef ID06_MRZ_MODEL_FROM_BIN
#define ID06_MRZ_MODEL_FROM_BIN "../share/id06-kiosk/model"
#endif

/* The installed model, found from the running program (BINDIR/../share/
 * id06-kiosk/model), into buf; false when the program runs from a build
 * tree, where that folder does not exist. */
static bool installed_model(char *buf, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = 0;
	struct stat sb;
	return (size_t)snprintf(buf, cap, "%s/%s", exe, ID06_MRZ_MODEL_FROM_BIN) < cap &&
	       stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Below these the name, state or sex is reported but not "sure". */
#define SURE_PROTECTED 0.60f
#define SURE_NAME 0.60f
#define SURE_STATE 0.60f
#define SURE_SEX 0.60f

struct mrz_reader {
	struct mr_ocr *ocr;
};

const char *mrz_read_err_str(enum mrz_read_err err)
{
	switch (err) {
	case MRZ_READ_OK: return "ok";
	case MRZ_READ_ERR_ARG: return "invalid argument";
	case MRZ_READ_ERR_NOMEM: return "out of memory";
	case MRZ_READ_ERR_MODEL: return "the MRZ model could not be loaded: check --model or ID06_MRZ_MODEL points at mrz.traineddata";
	case MRZ_READ_ERR_IO: return "the file could not be opened or read: check the path and permissions";
	case MRZ_READ_ERR_NOT_IMAGE: return "not an image: give a JPEG, PNG, BMP or PNM picture";
	case MRZ_READ_ERR_CORRUPT: return "the image file is damaged or cut short: take or copy the picture again";
	case MRZ_READ_ERR_TOO_BIG: return "the image is too large (at most 64 MB, 12000 pixels a side): scale it down";
	case MRZ_READ_ERR_TOO_SMALL: return "the image is too small to hold a readable MRZ: use a larger picture";
	case MRZ_READ_ERR_VIDEO: return "the camera or video could not be opened: check the device or file";
	case MRZ_READ_ERR_END: return "the video has no more frames";
	}
	return "unknown error";
}

void mrz_read_result_wipe(struct mrz_read_result *r)
{
	if (!r)
		return;
	volatile unsigned char *p = (volatile unsigned char *)r;
	for (size_t i = 0; i < sizeof *r; i++)
		p[i] = 0;
}

enum mrz_read_err mrz_reader_new(const char *model, struct mrz_reader **out)
{
	if (!out)
		return MRZ_READ_ERR_ARG;
	*out = NULL;
	if (!model || !*model)
		model = getenv("ID06_MRZ_MODEL");
	char installed[4096];
	if ((!model || !*model) && installed_model(installed, sizeof installed))
		model = installed;
	if (!model || !*model)
		model = ID06_MRZ_MODEL_DIR;
	/* A folder with mrz.traineddata, or the file itself. */
	char dir[4096], lang[256];
	struct stat sb;
	if (stat(model, &sb) != 0)
		return MRZ_READ_ERR_MODEL;
	if (S_ISDIR(sb.st_mode)) {
		if ((size_t)snprintf(dir, sizeof dir, "%s", model) >= sizeof dir)
			return MRZ_READ_ERR_MODEL;
		strcpy(lang, "mrz");
	} else {
		const char *slash = strrchr(model, '/');
		const char *base = slash ? slash + 1 : model;
		size_t dlen = slash ? (size_t)(slash - model) : 1;
		const char *suffix = strstr(base, ".traineddata");
		if (!suffix || suffix[12] != 0 || suffix == base || dlen >= sizeof dir ||
		    (size_t)(suffix - base) >= sizeof lang)
			return MRZ_READ_ERR_MODEL;
		memcpy(dir, slash ? model : ".", dlen);
		dir[dlen] = 0;
		memcpy(lang, base, (size_t)(suffix - base));
		lang[suffix - base] = 0;
	}
	struct mrz_reader *r = calloc(1, sizeof *r);
	if (!r)
		return MRZ_READ_ERR_NOMEM;
	enum mrz_read_err err = mr_ocr_new(dir, lang, &r->ocr);
	if (err) {
		free(r);
		return err;
	}
	*out = r;
	return MRZ_READ_OK;
}

void mrz_reader_free(struct mrz_reader *reader)
{
	if (!reader)
		return;
	mr_ocr_free(reader->ocr);
	free(reader);
}

/* A repair (a character changed to an alternative Tesseract offered, so
 * that the check digits hold) stands only when a second reader agrees: the
 * OCR-B cell at that place (cells.c) fits the replacement clearly better
 * than the character read.  A mod-10 check lets one wrong change in ten
 * pass, and two misreads can cancel (a T read 1 next to a 1 "repaired"
 * from a T); the cell sees the glyph that is there. */
#define REPAIR_MARGIN 0.10f

/* Whether the cell at line l, column c fits to clearly better than from. */
static bool cell_confirms(const struct mr_line *lines, const struct mr_grid *grid, int l, int c,
                          char from, char to)
{
	int kf = mr_cell_index(from), kt = mr_cell_index(to);
	if (l < 0 || l >= grid->lines || c < 0 || c >= grid->chars || kf < 0 || kt < 0)
		return false;
	float centre[MRZ_READ_MAX_LINE];
	bool want[MRZ_READ_MAX_LINE];
	struct mr_cell_class cls[MRZ_READ_MAX_LINE];
	for (int k = 0; k < grid->chars; k++) {
		centre[k] = grid->cell[l][k].n ? grid->cell[l][k].cx : -1.f;
		want[k] = k == c;
	}
	mr_cells_read(&lines[l].img, lines[l].left, grid->chars, centre, want, cls);
	return cls[c].score[kt] - cls[c].score[kf] >= REPAIR_MARGIN;
}

static bool repairs_confirmed(const struct mr_line *lines, const struct mr_grid *grid,
                              const struct mrz_read_result *r)
{
	for (int i = 0; i < r->correction_count; i++) {
		const struct mrz_read_correction *co = &r->corrections[i];
		if (!cell_confirms(lines, grid, co->line - 1, co->column - 1, co->from, co->to))
			return false;
	}
	return true;
}

/* Settles the grid into *r: the settled lines, then the text engine (the
 * fewest changes among the choices that make every check digit hold, only
 * when exactly one set does), then the cells' word on its repairs.
 * Returns how MRZ-like the first choices were (mr_settle). */
static float settle(const struct mr_line *lines, const struct mr_grid *grid,
                    struct mrz_read_result *r)
{
	memset(r, 0, sizeof *r);
	float shape = mr_settle(grid, r);
	struct mrz_ocr_text text;
	struct mr_grid typed;
	mr_grid_typed(grid, &typed);
	memset(&text, 0, sizeof text);
	text.line_count = grid->lines;
	for (int l = 0; l < grid->lines; l++) {
		text.length[l] = grid->chars;
		for (int i = 0; i < grid->chars; i++) {
			const struct mr_cell *c = &typed.cell[l][i];
			struct mrz_ocr_char *o = &text.chars[l][i];
			o->count = c->n < MRZ_MAX_ALTERNATIVES ? c->n : MRZ_MAX_ALTERNATIVES;
			for (int k = 0; k < o->count; k++) {
				o->c[k] = c->c[k];
				o->confidence[k] = c->p[k];
			}
		}
	}
	enum mrz_err merr = mrz_repair_ocr(&text, NULL, &r->mrz);
	memset(&text, 0, sizeof text);
	memset(&typed, 0, sizeof typed);
	bool settled_valid = r->valid;
	r->valid = merr == MRZ_OK && r->mrz.valid && settled_valid;
	if (r->mrz.line_count == grid->lines) {
		for (int l = 0; l < grid->lines; l++)
			memcpy(r->lines[l], r->mrz.lines[l], sizeof r->lines[l]);
		r->correction_count = 0;
		for (int i = 0; i < r->mrz.correction_count && i < MRZ_READ_MAX_CORRECTIONS; i++) {
			r->corrections[i].line = r->mrz.corrections[i].line;
			r->corrections[i].column = r->mrz.corrections[i].column;
			r->corrections[i].from = r->mrz.corrections[i].from;
			r->corrections[i].to = r->mrz.corrections[i].to;
			r->correction_count++;
		}
	}
	if (r->valid && !repairs_confirmed(lines, grid, r))
		r->valid = false;
	return shape;
}

/* c as one more choice of cell, never above its first; the choice when
 * the cell is empty. */
static void cell_offer(struct mr_cell *cell, char c, float p)
{
	if (!cell->n) {
		cell->n = 1;
		cell->c[0] = c;
		cell->p[0] = p;
		return;
	}
	if (cell->c[0] == c)
		return;
	if (p > 0.99f * cell->p[0])
		p = 0.99f * cell->p[0];
	int a;
	for (a = 1; a < cell->n && cell->c[a] != c; a++)
		;
	if (a == cell->n) {
		if (cell->n < MR_MAX_CHOICES)
			cell->n++;
		else
			a = MR_MAX_CHOICES - 1;  /* in place of the weakest */
		cell->c[a] = c;
		cell->p[a] = p;
	} else if (cell->p[a] < p) {
		cell->p[a] = p;
	}
}

/* When the check digits fail, a second reader offers choices Tesseract did
 * not: at every position a check digit guards, the OCR-B glyph that fits
 * the cell clearly better (REPAIR_MARGIN) than what Tesseract read, and at
 * an empty one (a glyph Tesseract missed) the best glyph.  Settling again
 * takes them only as every other choice: when exactly one set makes every
 * check hold.  True when something was offered. */
#define OFFER_SEEN 0.50f

static bool cells_offer(const struct mr_line *lines, struct mr_grid *grid)
{
	bool offered = false;
	for (int l = 0; l < grid->lines; l++) {
		float centre[MRZ_READ_MAX_LINE];
		bool want[MRZ_READ_MAX_LINE];
		struct mr_cell_class cls[MRZ_READ_MAX_LINE];
		int n = 0;
		for (int i = 0; i < grid->chars; i++) {
			const struct mr_cell *cell = &grid->cell[l][i];
			centre[i] = cell->n ? cell->cx : -1.f;
			want[i] = mr_position_guard(grid->lines, grid->chars, l, i) != MR_GUARD_NONE;
			n += want[i];
		}
		if (!n)
			continue;
		mr_cells_read(&lines[l].img, lines[l].left, grid->chars, centre, want, cls);
		for (int i = 0; i < grid->chars; i++) {
			struct mr_cell *cell = &grid->cell[l][i];
			const struct mr_cell_class *o = &cls[i];
			int b = mr_cell_index(o->best), k = cell->n ? mr_cell_index(cell->c[0]) : -1;
			if (!want[i] || b < 0 || o->score[b] < OFFER_SEEN || (cell->n && k < 0) ||
			    (k >= 0 && (k == b || o->score[b] - o->score[k] < REPAIR_MARGIN)))
				continue;
			cell_offer(cell, o->best, o->score[b]);
			offered = true;
		}
	}
	return offered;
}

/* When the check digits still fail, Tesseract reads each line again at
 * other sizes (its errors depend on the glyphs' size in pixels), and a
 * line a check digit guards is taken from a second reading when that makes
 * every check hold.  What no check digit guards (the name, the states, the
 * sex) must then read the same in every reading: a rescued read has no
 * second judgement of those but that agreement. */
static const float reread_scales[] = {0.8f, 1.25f};
#define REREADS ((int)(sizeof reread_scales / sizeof reread_scales[0]))

static bool rereads_agree(const struct mr_grid *again, const struct mr_grid *grid,
                          const struct mrz_read_result *r)
{
	for (int v = 0; v < REREADS; v++)
		for (int l = 0; l < grid->lines; l++)
			for (int i = 0; i < grid->chars; i++) {
				const struct mr_cell *a = &again[v].cell[l][i];
				if (mr_position_guard(grid->lines, grid->chars, l, i) == MR_GUARD_NONE &&
				    (!a->n || a->c[0] != r->lines[l][i]))
					return false;
			}
	return true;
}

static bool reread(struct mrz_reader *rd, const struct mr_line *lines, struct mr_grid *grid,
                   struct mrz_read_result *r)
{
	struct mr_ocr_line ocr;
	struct mr_grid again[REREADS], g2;
	bool ok = false;
	for (int v = 0; v < REREADS; v++) {
		float s = reread_scales[v];
		memset(&again[v], 0, sizeof again[v]);
		again[v].lines = grid->lines;
		again[v].chars = grid->chars;
		for (int l = 0; l < grid->lines; l++) {
			struct mr_gray scaled;
			if (!mr_line_scaled(&lines[l].img, s, &scaled))
				continue;
			mr_ocr_read(rd->ocr, &scaled, &ocr);
			mr_gray_free(&scaled);
			for (int k = 0; k < ocr.n; k++) {
				ocr.ch[k].x0 /= s;
				ocr.ch[k].x1 /= s;
			}
			mr_grid_place(&again[v], l, &ocr, lines[l].left);
		}
	}
	for (int v = 0; v < REREADS && !ok; v++)
		for (int l = 0; l < grid->lines && !ok; l++) {
			bool guarded = false;
			for (int i = 0; i < grid->chars; i++)
				guarded |= mr_position_guard(grid->lines, grid->chars, l, i) != MR_GUARD_NONE;
			if (!guarded)
				continue;
			g2 = *grid;
			memcpy(g2.cell[l], again[v].cell[l], sizeof g2.cell[l]);
			/* Where the readings differ, the cells must side with the
			 * second (two misreads can cancel in one reading too). */
			bool seen = true;
			for (int i = 0; i < grid->chars && seen; i++) {
				const struct mr_cell *a = &grid->cell[l][i], *b = &g2.cell[l][i];
				if (a->n && b->n && a->c[0] != b->c[0])
					seen = cell_confirms(lines, &g2, l, i, a->c[0], b->c[0]);
			}
			if (!seen)
				continue;
			struct mrz_read_result res;
			settle(lines, &g2, &res);
			if (res.valid && rereads_agree(again, grid, &res)) {
				*r = res;
				*grid = g2;
				ok = true;
			}
			mrz_read_result_wipe(&res);
		}
	memset(&ocr, 0, sizeof ocr);
	memset(again, 0, sizeof again);
	memset(&g2, 0, sizeof g2);
	return ok;
}

/* Reads one zone in one orientation into *r. */
static void read_zone(struct mrz_reader *rd, const struct mr_gray *g, const struct mr_zone *z,
                      bool flip, struct mrz_read_result *r)
{
	struct mr_line lines[MRZ_READ_MAX_LINES];
	struct mr_ocr_line ocr;
	struct mr_grid grid;
	memset(r, 0, sizeof *r);
	memset(&grid, 0, sizeof grid);
	grid.lines = z->lines;
	grid.chars = z->chars;
	mr_cut_lines(g, z, flip, lines);
	const char *dbg = getenv("ID06_MRZ_DEBUG_DIR");
	for (int i = 0; i < z->lines; i++) {
		if (dbg && lines[i].img.px) {
			/* Developer aid: the cut lines as PGM files. */
			char name[4200];
			snprintf(name, sizeof name, "%s/line-%d-%d.pgm", dbg, flip, i);
			FILE *f = fopen(name, "wb");
			if (f) {
				fprintf(f, "P5 %d %d 255\n", lines[i].img.w, lines[i].img.h);
				fwrite(lines[i].img.px, 1, (size_t)lines[i].img.w * (size_t)lines[i].img.h, f);
				fclose(f);
			}
		}
		mr_ocr_read(rd->ocr, &lines[i].img, &ocr);
		mr_grid_place(&grid, i, &ocr, lines[i].left);
	}
	memset(&ocr, 0, sizeof ocr);
	float shape = settle(lines, &grid, r);
	/* Second opinions only for what looks like an MRZ read the right way
	 * up: two check digits held as read (or one, and every character fit
	 * its type).  With one held, twice as many reads took them (seeds 777
	 * and 2718) and none more came out right. */
	if (!r->valid && shape >= 2.f && cells_offer(lines, &grid)) {
		struct mrz_read_result again;
		settle(lines, &grid, &again);
		if (again.valid)
			*r = again;
		mrz_read_result_wipe(&again);
	}
	if (!r->valid && shape >= 2.f)
		reread(rd, lines, &grid, r);
	/* Found: a valid MRZ, or lines that look like one (nearly every
	 * character fits its position's type and a check digit holds). */
	r->found = r->valid || shape >= 1.85f;
	for (int k = 0; k < 4; k++)
		r->quad.pt[k] = z->quad.pt[flip ? (k + 2) % 4 : k];
	/* Rotation of the upright zone: angle of its top edge. */
	float dx = r->quad.pt[1].x - r->quad.pt[0].x, dy = r->quad.pt[1].y - r->quad.pt[0].y;
	int deg = 0;
	if (dx >= 0 && dy * dy <= dx * dx)
		deg = 0;
	else if (dy >= 0 && dx * dx < dy * dy)
		deg = 90;
	else if (dx < 0 && dy * dy <= dx * dx)
		deg = 180;
	else
		deg = 270;
	r->rotation = deg;
	r->sure = r->valid && r->protected_confidence >= SURE_PROTECTED &&
	          r->name_confidence >= SURE_NAME &&
	          r->state_confidence >= SURE_STATE && r->sex_confidence >= SURE_SEX;
	/* A second, independent judgement (cells.c). */
	if (r->sure && mr_cells_doubt(lines, &grid, r->lines))
		r->sure = false;
	mr_lines_free(lines, z->lines);
	memset(&grid, 0, sizeof grid);
}

static float rank(const struct mrz_read_result *r)
{
	return (r->found ? 20.f : 0.f) + (r->valid ? 10.f : 0.f) + (r->sure ? 5.f : 0.f) + r->confidence +
	       r->protected_confidence + r->name_confidence;
}

/* Reads the located zones of g, best first, into *out. */
static void read_zones(struct mrz_reader *rd, const struct mr_gray *g,
                       const struct mr_zone *zones, int nz, struct mrz_read_result *out)
{
	struct mrz_read_result best, cur;
	memset(&best, 0, sizeof best);
	bool have = false;
	for (int i = 0; i < nz; i++) {
		for (int flip = 0; flip < 2; flip++) {
			read_zone(rd, g, &zones[i], flip, &cur);
			if (!have || rank(&cur) > rank(&best)) {
				best = cur;
				have = true;
			}
			if (cur.valid)
				break;
		}
		if (best.sure)
			break;
	}
	mrz_read_result_wipe(&cur);
	*out = best;
	if (!best.found)
		mrz_read_result_wipe(out);
	out->zones = nz;
	mrz_read_result_wipe(&best);
}

/* A caller's picture as grey, and its zones; g is freed by the caller
 * when this succeeds. */
static enum mrz_read_err image_zones(const struct mrz_image *img, struct mr_gray *g,
                                     struct mr_zone *zones, int *nz)
{
	*nz = 0;
	enum mrz_read_err err = mr_from_image(img, g);
	if (err)
		return err;
	mr_locate(g, zones, MRZ_READ_MAX_ZONES, nz);
	return MRZ_READ_OK;
}

/* Locates and reads g, frees it, and gives the time since t0. */
static enum mrz_read_err read_gray(struct mrz_reader *rd, struct mr_gray *g, double t0,
                                   struct mrz_read_result *out)
{
	struct mr_zone zones[MRZ_READ_MAX_ZONES];
	int nz = 0;
	mr_locate(g, zones, MRZ_READ_MAX_ZONES, &nz);
	read_zones(rd, g, zones, nz, out);
	mr_gray_free(g);
	out->time_ms = mr_now_ms() - t0;
	return MRZ_READ_OK;
}

enum mrz_read_err mrz_reader_read_memory(struct mrz_reader *reader, const void *data,
                                         size_t len, struct mrz_read_result *out)
{
	if (!out)
		return MRZ_READ_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!reader || !data)
		return MRZ_READ_ERR_ARG;
	double t0 = mr_now_ms();
	struct mr_gray g;
	enum mrz_read_err err = mr_decode(data, len, &g);
	return err ? err : read_gray(reader, &g, t0, out);
}

enum mrz_read_err mrz_reader_read_file(struct mrz_reader *reader, const char *path,
                                       struct mrz_read_result *out)
{
	if (!out)
		return MRZ_READ_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!reader || !path)
		return MRZ_READ_ERR_ARG;
	double t0 = mr_now_ms(), c0 = cpu_now_ms();
	FILE *f = fopen(path, "rb");
	if (!f)
		return MRZ_READ_ERR_IO;
	enum mrz_read_err err = MRZ_READ_OK;
	uint8_t *buf = NULL;
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		err = MRZ_READ_ERR_IO;
		goto out;
	}
	if ((uint64_t)sb.st_size > MRZ_READ_MAX_FILE) {
		err = MRZ_READ_ERR_TOO_BIG;
		goto out;
	}
	size_t len = (size_t)sb.st_size;
	buf = malloc(len ? len : 1);
	if (!buf) {
		err = MRZ_READ_ERR_NOMEM;
		goto out;
	}
	if (fread(buf, 1, len, f) != len) {
		err = MRZ_READ_ERR_IO;
		goto out;
	}
	err = mrz_reader_read_memory(reader, buf, len, out);
	out->time_ms = mr_now_ms() - t0;
	out->cpu_ms = cpu_now_ms() - c0;
out:
	free(buf);
	fclose(f);
	return err;
}

enum mrz_read_err mrz_reader_read_image(struct mrz_reader *reader,
                                        const struct mrz_image *img,
                                        struct mrz_read_result *out)
{
	if (!out)
		return MRZ_READ_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!reader || !img)
		return MRZ_READ_ERR_ARG;
	double t0 = mr_now_ms();
	struct mr_gray g;
	enum mrz_read_err err = mr_from_image(img, &g);
	return err ? err : read_gray(reader, &g, t0, out);
}

enum mrz_read_err mrz_locate(const struct mrz_image *img, struct mrz_quad *quads,
                             int max, int *count)
{
	if (count)
		*count = 0;
	if (!img || !quads || !count || max <= 0)
		return MRZ_READ_ERR_ARG;
	struct mr_gray g;
	struct mr_zone zones[MRZ_READ_MAX_ZONES];
	int nz;
	enum mrz_read_err err = image_zones(img, &g, zones, &nz);
	if (err)
		return err;
	for (int i = 0; i < nz && i < max; i++)
		quads[(*count)++] = zones[i].quad;
	mr_gray_free(&g);
	return MRZ_READ_OK;
}

/* ---- tracker ---- */
#define TRACK_CANDIDATES 4

struct mrz_tracker {
	struct mrz_reader *reader;
	int interval_ms;
	double last_ocr;
	bool reported;
	struct {
		char lines[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1];
		int votes;
	} cand[TRACK_CANDIDATES];
	int ncand;
};

enum mrz_read_err mrz_tracker_new(struct mrz_reader *reader, int min_ocr_interval_ms,
                                  struct mrz_tracker **out)
{
	if (!out)
		return MRZ_READ_ERR_ARG;
	*out = NULL;
	if (!reader || min_ocr_interval_ms < 0)
		return MRZ_READ_ERR_ARG;
	struct mrz_tracker *t = calloc(1, sizeof *t);
	if (!t)
		return MRZ_READ_ERR_NOMEM;
	t->reader = reader;
	t->interval_ms = min_ocr_interval_ms;
	t->last_ocr = -1e18;
	*out = t;
	return MRZ_READ_OK;
}

void mrz_tracker_reset(struct mrz_tracker *t)
{
	if (!t)
		return;
	struct mrz_reader *r = t->reader;
	int iv = t->interval_ms;
	volatile unsigned char *p = (volatile unsigned char *)t;
	for (size_t i = 0; i < sizeof *t; i++)
		p[i] = 0;
	t->reader = r;
	t->interval_ms = iv;
	t->last_ocr = -1e18;
}

void mrz_tracker_free(struct mrz_tracker *t)
{
	if (!t)
		return;
	mrz_tracker_reset(t);
	free(t);
}

enum mrz_read_err mrz_tracker_feed(struct mrz_tracker *t, const struct mrz_image *frame,
                                   double time_ms, struct mrz_track_state *st)
{
	if (!st)
		return MRZ_READ_ERR_ARG;
	memset(st, 0, sizeof *st);
	if (!t || !frame)
		return MRZ_READ_ERR_ARG;
	struct mr_gray g;
	struct mr_zone zones[MRZ_READ_MAX_ZONES];
	int nz;
	enum mrz_read_err err = image_zones(frame, &g, zones, &nz);
	if (err)
		return err;
	if (nz > 0) {
		st->zone_seen = true;
		st->quad = zones[0].quad;
	}
	if (nz > 0 && time_ms - t->last_ocr >= t->interval_ms && !t->reported) {
		t->last_ocr = time_ms;
		st->ocr_ran = true;
		struct mrz_read_result r;
		double t0 = mr_now_ms();
		read_zones(t->reader, &g, zones, nz, &r);
		r.time_ms = mr_now_ms() - t0;
		if (r.found)
			st->quad = r.quad;
		if (r.sure) {
			int k;
			for (k = 0; k < t->ncand; k++)
				if (memcmp(t->cand[k].lines, r.lines, sizeof r.lines) == 0)
					break;
			if (k == t->ncand) {
				if (t->ncand < TRACK_CANDIDATES)
					t->ncand++;
				else
					k = TRACK_CANDIDATES - 1;  /* replace the last */
				memcpy(t->cand[k].lines, r.lines, sizeof r.lines);
				t->cand[k].votes = 0;
			}
			t->cand[k].votes++;
			st->agreeing = t->cand[k].votes;
			if (t->cand[k].votes >= MRZ_TRACK_AGREE) {
				st->agreed = true;
				st->result = r;
				t->reported = true;
			}
		}
		mrz_read_result_wipe(&r);
	}
	mr_gray_free(&g);
	return MRZ_READ_OK;
}
