/* settle_test.c - from OCR choices to MRZ lines: one table row per case,
 * the ICAO Doc 9303 specimens (parts 4, 5, 6) as the starting text. */
#include "read_int.h"

#include <stdio.h>
#include <string.h>

/* An OCR misreading of one position: first choice and alternatives. */
struct misread {
	int line, col;           /* 0-based */
	const char *choices;     /* best first */
	float p[3];
};

struct row {
	const char *name;
	const char *text[3];          /* what the document says */
	struct misread mis[3];
	int nmis;
	bool valid;                   /* expected */
	const char *settled_line2;    /* expected line 2 when valid, or NULL */
	int corrections;
};

static const char *TD3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char *TD3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
static const char *TD1_1 = "I<UTOD231458907<<<<<<<<<<<<<<<";
static const char *TD1_2 = "7408122F1204159UTO<<<<<<<<<<<6";
static const char *TD1_3 = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
static const char *TD2_1 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
static const char *TD2_2 = "D231458907UTO7408122F1204159<<<<<<<6";

static const struct row rows[] = {
	{"TD3 read right", {0}, {{0}}, 0, true, NULL, 0},
	{"TD1 read right", {0}, {{0}}, 0, true, NULL, 0},
	{"TD2 read right", {0}, {{0}}, 0, true, NULL, 0},
	/* 'O' in a date is a digit field: the type alone settles it. */
	{"TD3 O for 0 in birth date", {0}, {{1, 15, "O", {0.9f}}}, 1, true, NULL, 1},
	/* Document number is alphanumeric: the check digit picks the
	 * alternative. */
	{"TD3 doc number 8 read as B, 8 second", {0}, {{1, 1, "B8", {0.6f, 0.3f}}}, 1, true, NULL, 1},
	/* No alternative that makes the check hold: not valid. */
	{"TD3 doc number misread, no alternative", {0}, {{1, 1, "B", {0.6f}}}, 1, false, NULL, 0},
	/* 0 and A weigh the same modulo 10: two fixes, so no fix. */
	{"TD3 ambiguous alternatives", {0}, {{1, 1, "QA0", {0.5f, 0.3f, 0.2f}}}, 1, false, NULL, 0},
	/* A wrong check digit with the right one as alternative. */
	{"TD3 expiry check digit 5 for 9", {0}, {{1, 27, "59", {0.6f, 0.3f}}}, 1, true, NULL, 1},
	/* Nothing read at a protected position: never guessed. */
	{"TD3 lost character in birth date", {0}, {{1, 14, "", {0}}}, 1, false, NULL, 0},
	/* A misread name is not protected: stays as read, still valid. */
	{"TD3 name H for N", {0}, {{0, 10, "H", {0.3f}}}, 1, true, NULL, 0},
	/* K weighs the same as '<' modulo 10: no check can tell them apart,
	 * which is why the model must not confuse them. */
	{"TD1 optional data 2 K for < passes the check", {0}, {{1, 20, "K<", {0.55f, 0.4f}}}, 1, true, NULL, -1},
	/* TD1 composite repaired from an unprotected optional position. */
	{"TD1 optional data 2 L for <", {0}, {{1, 20, "L<", {0.55f, 0.4f}}}, 1, true, NULL, 1},
	{"TD2 sex 8 read for B is no sex", {0}, {{1, 20, "8", {0.9f}}}, 1, false, NULL, 0},
	/* Two independent misreads in two fields, each fixed by its check. */
	{"TD3 doc number 8 read as B, a zero-confidence alternative elsewhere also fits", {0},
	 {{1, 1, "B8", {0.6f, 0.3f}}, {1, 0, "LO", {0.97f, 0.f}}}, 2, true, NULL, 1},
	{"TD3 doc number 8 read as B, a second alternative also fits", {0},
	 {{1, 1, "B8", {0.6f, 0.3f}}, {1, 0, "LO", {0.97f, 0.1f}}}, 2, false, NULL, 0},
	{"TD3 two fields", {0}, {{1, 1, "B8", {0.6f, 0.3f}}, {1, 21, "I1", {0.5f, 0.45f}}}, 2, true, NULL, 2},
};

static void fill(struct mr_grid *g, const char *const text[3], int lines, int chars)
{
	memset(g, 0, sizeof *g);
	g->lines = lines;
	g->chars = chars;
	for (int l = 0; l < lines; l++)
		for (int i = 0; i < chars; i++) {
			g->cell[l][i].n = 1;
			g->cell[l][i].c[0] = text[l][i];
			g->cell[l][i].p[0] = 0.97f;
		}
}

/* Placing OCR boxes on the grid when the count is off: boxes one pitch
 * apart (times scale), from x = left + half a pitch, with one read twice,
 * a speck before the line or a glyph missed. */
struct place_row {
	const char *name;
	const char *text;
	float scale;       /* the glyphs' pitch over MR_PITCH */
	int twice;         /* index read twice (a second box 4 px right), or -1 */
	bool speck;        /* a narrow box just before the first glyph */
	int missed, missed_end; /* indices not read: [missed, missed_end) */
	const char *want;  /* the placed row, '?' for an empty column */
};

static const struct place_row place_rows[] = {
	{"count right", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", 1.f, -1, false, -1, -1,
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	{"one glyph read twice", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", 1.f, 7, false, -1, -1,
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	{"a speck before the line", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", 1.f, -1, true, -1, -1,
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	{"a glyph missed", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", 1.f, -1, false, 20, 21,
	 "L898902C36UTO7408122?1204159ZE184226B<<<<<10"},
	{"pitch 4% short, a speck and a glyph read twice",
	 "D231458907UTO7408122F1204159<<<<<<<6", 0.96f, 9, true, -1, -1,
	 "D231458907UTO7408122F1204159<<<<<<<6"},
	{"pitch 3% long, a glyph missed", "D231458907UTO7408122F1204159<<<<<<<6", 1.03f, -1, false,
	 5, 6, "D2314?8907UTO7408122F1204159<<<<<<<6"},
	{"the line's first four glyphs lost", "D231458907UTO7408122F1204159<<<<<<<6", 1.f, -1, false,
	 0, 4, "????458907UTO7408122F1204159<<<<<<<6"},
};

static int place_tests(void)
{
	int failed = 0;
	const float left = 10.f;
	for (size_t k = 0; k < sizeof place_rows / sizeof place_rows[0]; k++) {
		const struct place_row *row = &place_rows[k];
		int chars = (int)strlen(row->text);
		struct mr_ocr_line ocr;
		memset(&ocr, 0, sizeof ocr);
		if (row->speck) {
			struct mr_char *ch = &ocr.ch[ocr.n++];
			ch->c[0] = '1';
			ch->p[0] = 0.9f;
			ch->n = 1;
			ch->x0 = left + 1.f;
			ch->x1 = left + 3.f;
		}
		for (int i = 0; i < chars; i++) {
			if (i >= row->missed && i < row->missed_end)
				continue;
			for (int copy = 0; copy < (i == row->twice ? 2 : 1); copy++) {
				struct mr_char *ch = &ocr.ch[ocr.n++];
				float cx = left + ((float)i + 0.5f) * MR_PITCH * row->scale + 4.f * (float)copy;
				ch->c[0] = row->text[i];
				ch->p[0] = 0.95f;
				ch->n = 1;
				ch->x0 = cx - 7.f;
				ch->x1 = cx + 7.f;
			}
		}
		struct mr_grid g;
		memset(&g, 0, sizeof g);
		g.lines = 2;
		g.chars = chars;
		mr_grid_place(&g, 1, &ocr, left);
		char got[MRZ_READ_MAX_LINE + 1];
		for (int i = 0; i < chars; i++)
			got[i] = g.cell[1][i].n ? g.cell[1][i].c[0] : '?';
		got[chars] = 0;
		if (strcmp(got, row->want) != 0) {
			failed++;
			printf("FAIL place: %s\n  expected %s\n  got      %s\n", row->name, row->want, got);
		} else {
			printf("ok   place: %s\n", row->name);
		}
	}
	return failed;
}

int main(void)
{
	int failed = place_tests();
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		const struct row *row = &rows[k];
		const char *text[3];
		int lines, chars;
		if (strncmp(row->name, "TD1", 3) == 0) {
			text[0] = TD1_1; text[1] = TD1_2; text[2] = TD1_3;
			lines = 3; chars = 30;
		} else if (strncmp(row->name, "TD2", 3) == 0) {
			text[0] = TD2_1; text[1] = TD2_2; text[2] = NULL;
			lines = 2; chars = 36;
		} else {
			text[0] = TD3_1; text[1] = TD3_2; text[2] = NULL;
			lines = 2; chars = 44;
		}
		struct mr_grid g;
		fill(&g, text, lines, chars);
		for (int m = 0; m < row->nmis; m++) {
			const struct misread *mr = &row->mis[m];
			struct mr_cell *c = &g.cell[mr->line][mr->col];
			c->n = (int)strlen(mr->choices);
			for (int i = 0; i < c->n; i++) {
				c->c[i] = mr->choices[i];
				c->p[i] = mr->p[i];
			}
		}
		struct mrz_read_result r;
		memset(&r, 0, sizeof r);
		mr_settle(&g, &r);
		bool ok = r.valid == row->valid;
		if (ok && row->valid) {
			for (int l = 0; l < lines; l++) {
				bool name_misread = row->nmis && row->mis[0].line == l &&
				                    strstr(row->name, "name");
				if (!name_misread && row->corrections >= 0 &&
				    strcmp(r.lines[l], text[l]) != 0)
					ok = false;
			}
			if (row->corrections >= 0 && r.correction_count != row->corrections)
				ok = false;
		}
		if (!ok) {
			failed++;
			printf("FAIL %s: expected valid=%d corrections=%d, got valid=%d corrections=%d\n",
			       row->name, row->valid, row->corrections, r.valid, r.correction_count);
			for (int l = 0; l < lines; l++)
				printf("  expected %s\n  got      %s\n", text[l], r.lines[l]);
		} else {
			printf("ok   %s\n", row->name);
		}
	}
	/* The name's confidence is what the name's weakest character had. */
	{
		const char *text[3] = {TD3_1, TD3_2, NULL};
		struct mr_grid g;
		fill(&g, text, 2, 44);
		g.cell[0][7].p[0] = 0.25f;
		struct mrz_read_result r;
		memset(&r, 0, sizeof r);
		mr_settle(&g, &r);
		if (!r.valid || r.name_confidence > 0.26f || r.protected_confidence < 0.9f) {
			failed++;
			printf("FAIL name confidence: expected valid, name 0.25, protected 0.97; got %d %.2f %.2f\n",
			       r.valid, (double)r.name_confidence, (double)r.protected_confidence);
		} else {
			printf("ok   name confidence reported\n");
		}
	}
	printf("%d failed\n", failed);
	return failed ? 1 : 0;
}
