/* read_int.h - private interface between the parts of the MRZ reader:
 * the OpenCV side (cv.cpp: decode, locate, cut lines, video), the OCR side
 * (ocr.c: Tesseract) and the settling of characters (settle.c). */
#ifndef ID06_MRZ_READ_INT_H
#define ID06_MRZ_READ_INT_H

#include "mrz_read.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A grey picture owned by the reader (free with mr_gray_free). */
struct mr_gray {
	uint8_t *px;
	int w, h, stride;
};
void mr_gray_free(struct mr_gray *g);

enum mrz_read_err mr_decode(const void *data, size_t len, struct mr_gray *out);
enum mrz_read_err mr_from_image(const struct mrz_image *img, struct mr_gray *out);

/* A located zone: quad in reading order for rotation 0 (flip turns it
 * 180 degrees), how many lines, characters per line. */
struct mr_zone {
	struct mrz_quad quad;
	int lines;
	int chars;
	float pitch;     /* character pitch in image pixels */
	float score;
	float sharpness; /* for the tracker: variance of the Laplacian */
};

/* Up to max zones, best first; *count gets how many. */
void mr_locate(const struct mr_gray *g, struct mr_zone *zones, int max, int *count);

/* Pixels per character of cut lines, and the cut line height. */
#define MR_PITCH 20
#define MR_LINE_H 42

/* Cut line images: rectified at MR_PITCH pixels per character.  flip turns
 * the zone 180 degrees.  Each line is w x MR_LINE_H grey, owned by lines[]. */
struct mr_line {
	struct mr_gray img;
	float left;      /* x of the first character's left edge in img */
};
void mr_cut_lines(const struct mr_gray *g, const struct mr_zone *z, bool flip,
                  struct mr_line *lines);
void mr_lines_free(struct mr_line *lines, int n);
/* A cut line scaled by s both ways into *out (free with mr_gray_free). */
bool mr_line_scaled(const struct mr_gray *line, float s, struct mr_gray *out);

/* ---- OCR ---- */
#define MR_MAX_CHOICES 4
struct mr_char {
	char c[MR_MAX_CHOICES];     /* choices, best first; 0 = none */
	float p[MR_MAX_CHOICES];    /* 0..1 */
	int n;
	float x0, x1;               /* box in the line image */
};
#define MR_MAX_CHARS 64
struct mr_ocr_line {
	int n;
	struct mr_char ch[MR_MAX_CHARS];
};
struct mr_ocr;
enum mrz_read_err mr_ocr_new(const char *datapath, const char *lang, struct mr_ocr **out);
void mr_ocr_free(struct mr_ocr *o);
void mr_ocr_read(struct mr_ocr *o, const struct mr_gray *line, struct mr_ocr_line *out);

/* ---- cell classifier (cells.c) ---- */
#define MR_GLYPHS 37
struct mr_cell_class {
	float score[MR_GLYPHS];  /* correlation with each glyph, -1..1 */
	char best;               /* the best glyph's character */
	float margin;            /* its score minus the second best's */
};
/* Index of an MRZ character in score[] (A-Z, 0-9, <), -1 for others. */
int mr_cell_index(char c);
/* The character of score[g], 0 for no glyph. */
char mr_cell_char(int g);
/* Judges the cells of a cut line where want[i] (all when want is NULL),
 * the first cell at x = left by the grid.  centre[i] is where OCR saw
 * character i's box centre (the cell is taken there), or < 0. */
void mr_cells_read(const struct mr_gray *line, float left, int chars, const float *centre,
                   const bool *want, struct mr_cell_class *out);

/* ---- settling ---- */
/* Per position choices of a whole zone. */
struct mr_cell {
	char c[MR_MAX_CHOICES];
	float p[MR_MAX_CHOICES];
	int n;       /* 0: nothing read at this position */
	float cx;    /* centre of the OCR box in the line image */
};
struct mr_grid {
	int lines, chars;
	struct mr_cell cell[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE];
};
/* Places OCR characters on the fixed pitch grid of one line. */
void mr_grid_place(struct mr_grid *g, int line, const struct mr_ocr_line *ocr,
                   float left);
/* Settles the grid into lines using field types and check digits; fills
 * lines, raw_lines, valid, confidences and corrections of *r.  Returns
 * how MRZ-like the first choices were: the share of positions whose type
 * they fit (0..1), plus 1 for every check digit that held as read. */
float mr_settle(const struct mr_grid *g, struct mrz_read_result *r);
/* The grid with each position's choices limited to what its type allows
 * (an OCR confusion mapped into the type, at a lower confidence, when no
 * choice fits); positions with nothing allowed keep what was read. */
void mr_grid_typed(const struct mr_grid *g, struct mr_grid *out);
/* How well check digits guard a position. */
enum mr_guard {
	MR_GUARD_CHECK = 0, /* digits only, under a check digit */
	MR_GUARD_NONE,      /* no check digit: name, issuing state, nationality,
	                     * sex, document code */
	MR_GUARD_WEAK,      /* letters and digits (document number, optional
	                     * data): under a check digit, but a letter and a
	                     * digit of equal value modulo 10 (U/0, S/8, G/6,
	                     * Z/5) swap unnoticed, and two errors can cancel */
};
enum mr_guard mr_position_guard(int lines, int chars, int line, int col);
/* The second judgement (cells.c).  Whether the cells doubt the settled
 * text[] of a zone read from the cut lines[] through grid (OCR's choices and
 * boxes): true when a character no check digit guards, or a set of
 * characters the check digits would not notice changing, may be something
 * else. */
bool mr_cells_doubt(const struct mr_line *lines, const struct mr_grid *grid,
                    char text[][MRZ_READ_MAX_LINE + 1]);
/* Whether the check digits of settled lines hold (format from the shape). */
bool mr_checks_hold(char lines[][MRZ_READ_MAX_LINE + 1], int n, int len);

/* ---- video ---- */
double mr_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif
