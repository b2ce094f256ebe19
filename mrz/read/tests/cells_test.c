/* cells_test.c - the second judgement (mr_cells_doubt): lines drawn from
 * the OCR-B cells themselves, the ICAO Doc 9303 TD3 specimen as the
 * document; one table row per case: what was drawn, what was read, what
 * Tesseract offered besides, and whether the read must be doubted. */
#include "read_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ocrb_cells.h"

static const char *TD3[2] = {
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
};

/* One position read as `read` where the document shows `drawn`, with
 * Tesseract's second choice `offered` (0: none) at confidence p. */
struct misread {
	int line, col;
	char drawn, read, offered;
	float p;
};

struct row {
	const char *name;
	struct misread mis[2];
	int nmis;
	bool doubt;
};

static const struct row rows[] = {
	{"read right, nothing offered", {{0}}, 0, false},
	/* Tesseract's runner-up, and the cells do not prefer it. */
	{"read right, a rival offered that the cells reject", {{0, 6, 'R', 'R', 'B', 0.4f}}, 1, false},
	/* A name letter (no check digit) that Tesseract offered too. */
	{"name letter read wrong, the right one offered", {{0, 6, 'R', 'B', 'R', 0.3f}}, 1, true},
	/* Offered below CELL_OFFERED: the cells alone see it, as it is far from
	 * what was read (CELL_MARGIN). */
	{"name letter read wrong, nothing offered", {{0, 16, 'N', 'L', 'N', 0.01f}}, 1, true},
	/* U and 0 weigh the same modulo 10: the check digit cannot tell. */
	{"document number twin U for 0", {{1, 5, '0', 'U', '0', 0.2f}}, 1, true},
	/* H for L and 4 for 8 cancel under the document number's check digit
	 * (weights 7 and 3) and the composite's. */
	{"document number, two errors that cancel",
	 {{1, 0, 'L', 'H', 'L', 0.3f}, {1, 1, '8', '4', '8', 0.3f}}, 2, true},
	/* 2 for 7 and 9 for 4 in the birth date cancel under its check digit
	 * (weights 7 and 3) and the composite's (3 and 1). */
	{"birth date, two errors that cancel",
	 {{1, 13, '7', '2', '7', 0.3f}, {1, 14, '4', '9', '4', 0.3f}}, 2, true},
	/* A B drawn, 8 read: the check digit would notice (the text given
	 * holds them, as settling made it so), the rival alone is no doubt. */
	{"document number rival the check digit notices", {{1, 1, 'B', '8', 'B', 0.3f}}, 1, false},
};

#define LEFT 20
#define TOP 8

static void draw(struct mr_gray *g, int line, const struct row *row)
{
	int chars = (int)strlen(TD3[line]);
	g->w = g->stride = LEFT * 2 + chars * MR_CELL_W;
	g->h = MR_LINE_H;
	g->px = malloc((size_t)g->w * (size_t)g->h);
	if (!g->px)
		abort();
	memset(g->px, 255, (size_t)g->w * (size_t)g->h);
	for (int i = 0; i < chars; i++) {
		char c = TD3[line][i];
		for (int m = 0; m < row->nmis; m++)
			if (row->mis[m].line == line && row->mis[m].col == i)
				c = row->mis[m].drawn;
		int k = mr_cell_index(c);
		for (int y = 0; y < MR_CELL_H; y++)
			for (int x = 0; x < MR_CELL_W; x++)
				g->px[(size_t)(TOP + y) * (size_t)g->stride + (size_t)(LEFT + i * MR_CELL_W + x)] =
				        (uint8_t)(255 - mr_cell_glyphs[k][y * MR_CELL_W + x]);
	}
}

int main(void)
{
	int failed = 0;
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		const struct row *row = &rows[r];
		struct mr_line lines[2];
		struct mr_grid grid;
		char text[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1];
		memset(&grid, 0, sizeof grid);
		memset(text, 0, sizeof text);
		grid.lines = 2;
		grid.chars = (int)strlen(TD3[0]);
		for (int l = 0; l < 2; l++) {
			draw(&lines[l].img, l, row);
			lines[l].left = LEFT;
			memcpy(text[l], TD3[l], (size_t)grid.chars);
			for (int i = 0; i < grid.chars; i++) {
				struct mr_cell *c = &grid.cell[l][i];
				c->n = 1;
				c->c[0] = TD3[l][i];
				c->p[0] = 0.99f;
				c->cx = (float)(LEFT + i * MR_CELL_W) + 0.5f * MR_CELL_W;
			}
		}
		for (int m = 0; m < row->nmis; m++) {
			const struct misread *mi = &row->mis[m];
			struct mr_cell *c = &grid.cell[mi->line][mi->col];
			text[mi->line][mi->col] = mi->read;
			c->c[0] = mi->read;
			if (mi->offered) {
				c->c[1] = mi->offered;
				c->p[1] = mi->p;
				c->n = 2;
			}
		}
		bool doubt = mr_cells_doubt(lines, &grid, text);
		if (doubt != row->doubt) {
			printf("FAIL %s: expected doubt=%d, got %d\n", row->name, row->doubt, doubt);
			failed++;
		} else {
			printf("ok   %s\n", row->name);
		}
		mr_lines_free(lines, 2);
	}
	printf("%d failed\n", failed);
	return failed ? 1 : 0;
}
