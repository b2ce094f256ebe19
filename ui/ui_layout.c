/* ui_layout.c - where everything goes: one function a screen, sizes from
 * the DPI (20 mm targets, 4 mm capitals), text fitted with the real font
 * metrics (shrunk to the smallest readable size, then wrapped). */
#include "ui_int.h"

#include <stdio.h>
#include <string.h>

/* ---- translations ------------------------------------------------------ */

const char *ui_tr(const struct ui *ui, const char *key)
{
	const char *s = ui_lang_get(ui->cur, key);
	if (!s)
		s = ui_lang_get(ui->en, key);
	return s ? s : key; /* never an empty button: the key at worst */
}

/* ---- fonts and text fitting -------------------------------------------- */

TTF_Font *ui_font(struct ui *ui, int px, enum ui_face face)
{
	if (px < 1)
		px = 1;
	if (px >= UI_FONT_SIZES)
		px = UI_FONT_SIZES - 1;
	int b = (unsigned)face < UI_FACES ? (int)face : 0;
	if (!ui->fonts[b][px])
		ui->fonts[b][px] = TTF_OpenFont(ui->font_path[b], px);
	return ui->fonts[b][px];
}

static int text_width(TTF_Font *f, const char *s, size_t n)
{
	char buf[UI_MAX_ELEMENT_TEXT];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	int w = 0, h = 0;
	if (!f || TTF_SizeUTF8(f, buf, &w, &h) != 0)
		return 1 << 20;
	return w;
}

static size_t utf8_next(const char *s, size_t i, size_t n)
{
	i++;
	while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* Greedy word wrap of s into lines no wider than width.  Fills breaks
 * with each line's start and returns the line count, or 0 when it would
 * need more than UI_MAX_WRAP lines.  *widest is the widest line. */
static int wrap(TTF_Font *f, const char *s, int width, int *breaks, int *widest)
{
	size_t n = strlen(s), start = 0;
	int lines = 0;
	*widest = 0;
	while (start <= n) {
		if (lines >= UI_MAX_WRAP)
			return 0;
		breaks[lines++] = (int)start;
		/* The longest prefix that fits, ending at a space, a forced break
		 * or the end; a single word too long is cut between characters. */
		size_t end = start, best = start, hard = n;
		for (size_t i = start; i < n; i++)
			if (s[i] == '\n') {
				hard = i;
				break;
			}
		for (;;) {
			size_t next = end;
			while (next < hard && s[next] == ' ')
				next++;
			while (next < hard && s[next] != ' ')
				next++;
			if (next == end)
				break;
			if (text_width(f, s + start, next - start) > width)
				break;
			best = end = next;
		}
		if (best == start && start < hard) {
			/* Not even one word fits: cut it. */
			size_t i = utf8_next(s, start, hard);
			best = i;
			while (i < hard && text_width(f, s + start, (i = utf8_next(s, i, hard)) - start) <= width)
				best = i;
		}
		int w = text_width(f, s + start, best - start);
		if (w > *widest)
			*widest = w;
		start = best;
		while (start < hard && s[start] == ' ')
			start++;
		if (start == hard) {
			if (hard == n)
				break;
			start = hard + 1; /* past the forced break */
		}
	}
	return lines;
}

static int cap_height(TTF_Font *f)
{
	int minx, maxx, miny, maxy, adv;
	if (!f || TTF_GlyphMetrics32(f, 'H', &minx, &maxx, &miny, &maxy, &adv) != 0)
		return 0;
	return maxy;
}

/* Fits it->e.text into it->e.text_box: one line, shrinking from pref down
 * to the smallest readable size; then wrapped, from pref down again.
 * paragraph texts wrap first (they are sentences). */
static void fit(struct ui *ui, struct ui_item *it, int pref, bool paragraph)
{
	struct ui_element *e = &it->e;
	int minpx = ui->min_font_px;
	if (pref < minpx)
		pref = minpx;
	int bw = e->text_box.w, bh = e->text_box.h;
	e->fits = false;
	if (!e->text[0]) {
		e->fits = true;
		e->font_px = pref;
		e->cap_px = cap_height(ui_font(ui, pref, ui_item_face(it)));
		e->line_count = 0;
		return;
	}
	for (int pass = paragraph ? 1 : 0; pass < 2; pass++) {
		for (int px = pref;; px = px * 15 / 16 < minpx ? minpx : px * 15 / 16) {
			TTF_Font *f = ui_font(ui, px, ui_item_face(it));
			if (!f)
				break;
			int skip = TTF_FontLineSkip(f), widest = 0, lines;
			if (pass == 0) {
				/* no wrapping: only the line breaks the text has */
				lines = 0;
				for (const char *p = e->text; p && lines < UI_MAX_WRAP; lines++) {
					const char *nl = strchr(p, '\n');
					size_t n = nl ? (size_t)(nl - p) : strlen(p);
					int lw = text_width(f, p, n);
					if (lw > widest)
						widest = lw;
					it->breaks[lines] = (int)(p - e->text);
					p = nl ? nl + 1 : NULL;
				}
				if (strchr(e->text + it->breaks[lines - 1], '\n'))
					lines = 0; /* more lines than UI_MAX_WRAP */
			} else {
				lines = wrap(f, e->text, bw, it->breaks, &widest);
			}
			int th = lines ? (lines - 1) * skip + TTF_FontHeight(f) : 1 << 20;
			e->font_px = px;
			e->cap_px = cap_height(f);
			e->text_w = widest;
			e->text_h = th;
			e->line_count = lines;
			if (lines && widest <= bw && th <= bh) {
				e->fits = true;
				return;
			}
			if (px == minpx)
				break;
		}
	}
}

/* ---- building the element list ----------------------------------------- */

struct lay {
	struct ui *ui;
	int W, H;
	int T;      /* touch target side */
	int M, G;   /* margin, gap */
	int title_px, body_px, button_px, big_px;
};

static struct ui_box box(int x, int y, int w, int h)
{
	struct ui_box b = { x, y, w > 0 ? w : 0, h > 0 ? h : 0 };
	return b;
}

static struct ui_box inset(struct ui_box b, int d)
{
	return box(b.x + d, b.y + d, b.w - 2 * d, b.h - 2 * d);
}

static struct ui_item *add(struct lay *l, enum ui_element_kind kind,
                           const char *id, struct ui_box b)
{
	struct ui *ui = l->ui;
	if (ui->item_count >= UI_MAX_ELEMENTS)
		return &ui->items[UI_MAX_ELEMENTS - 1]; /* a layout bug: tests see the count */
	struct ui_item *it = &ui->items[ui->item_count++];
	memset(it, 0, sizeof *it);
	it->e.kind = kind;
	snprintf(it->e.id, sizeof it->e.id, "%s", id);
	it->e.box = b;
	it->e.text_box = b;
	it->e.fits = true;
	return it;
}

static struct ui_item *text(struct lay *l, const char *id, struct ui_box b,
                            const char *s, int px, enum ui_style style,
                            bool bold, bool personal)
{
	struct ui_item *it = add(l, UI_ELEMENT_TEXT, id, b);
	snprintf(it->e.text, sizeof it->e.text, "%s", s);
	it->e.personal = personal;
	it->style = style;
	it->bold = bold;
	fit(l->ui, it, px, true);
	return it;
}

static struct ui_item *tr_text(struct lay *l, const char *key, struct ui_box b,
                               int px, enum ui_style style, bool bold)
{
	return text(l, key, b, ui_tr(l->ui, key), px, style, bold, false);
}

static struct ui_item *button(struct lay *l, const char *id, struct ui_box b,
                              const char *label, enum ui_style style, bool personal)
{
	struct ui_item *it = add(l, UI_ELEMENT_BUTTON, id, b);
	snprintf(it->e.text, sizeof it->e.text, "%s", label);
	it->e.personal = personal;
	it->style = style;
	it->bold = style != UI_STYLE_SECONDARY;
	it->center = true;
	int pad = l->T / 10;
	it->e.text_box = inset(b, pad);
	fit(l->ui, it, style == UI_STYLE_KEY ? l->big_px : l->button_px, false);
	return it;
}

static struct ui_item *tr_button(struct lay *l, const char *id, struct ui_box b,
                                 const char *key, enum ui_style style)
{
	return button(l, id, b, ui_tr(l->ui, key), style, false);
}

static struct ui_item *drawing(struct lay *l, const char *id, struct ui_box b,
                               enum ui_draw_kind kind)
{
	struct ui_item *it = add(l, kind == UI_DRAW_CAMERA || kind == UI_DRAW_FACE ?
	                         UI_ELEMENT_IMAGE : kind == UI_DRAW_PROGRESS ?
	                         UI_ELEMENT_PROGRESS : UI_ELEMENT_DRAWING, id, b);
	it->draw = kind;
	return it;
}

/* A header band: optional left button, title, optional right button. */
static struct ui_box header(struct lay *l, const char *left, const char *left_key,
                            const char *title_key, const char *right,
                            const char *right_key)
{
	int bw = 2 * l->T;
	if (bw > l->W / 4)
		bw = l->W / 4 > l->T ? l->W / 4 : l->T;
	int x0 = l->M, x1 = l->W - l->M;
	if (left) {
		tr_button(l, left, box(l->M, l->M, bw, l->T), left_key, UI_STYLE_SECONDARY);
		x0 += bw + l->G;
	}
	if (right) {
		tr_button(l, right, box(l->W - l->M - bw, l->M, bw, l->T), right_key,
		          right_key && strcmp(right, "continue") == 0 ? UI_STYLE_PRIMARY :
		          UI_STYLE_SECONDARY);
		x1 -= bw + l->G;
	}
	struct ui_item *t = tr_text(l, title_key, box(x0, l->M, x1 - x0, l->T), l->title_px,
	                            UI_STYLE_HEADER, true);
	snprintf(t->e.id, sizeof t->e.id, "title");
	return box(l->M, l->M + l->T + l->M, l->W - 2 * l->M, l->H - 2 * l->M - l->T - l->M);
}

/* A row of buttons along the bottom of body; returns what is left above. */
struct act {
	const char *id, *key;
	enum ui_style style;
};

static struct ui_box footer(struct lay *l, struct ui_box body, const struct act *a, int n)
{
	if (n == 0)
		return body;
	int y = body.y + body.h - l->T;
	int bw = (body.w - (n - 1) * l->G) / n;
	for (int i = 0; i < n; i++)
		tr_button(l, a[i].id, box(body.x + i * (bw + l->G), y, bw, l->T),
		          a[i].key, a[i].style);
	return box(body.x, body.y, body.w, body.h - l->T - l->M);
}

/* Splits b into a picture part and a text part: side by side when wide,
 * stacked when tall.  frac is the picture's share. */
static void split(struct lay *l, struct ui_box b, int frac_pct,
                  struct ui_box *pic, struct ui_box *rest)
{
	if (b.w >= b.h) {
		int pw = b.w * frac_pct / 100;
		*pic = box(b.x, b.y, pw, b.h);
		*rest = box(b.x + pw + l->G, b.y, b.w - pw - l->G, b.h);
	} else {
		int ph = b.h * frac_pct / 100;
		*pic = box(b.x, b.y, b.w, ph);
		*rest = box(b.x, b.y + ph + l->G, b.w, b.h - ph - l->G);
	}
}

/* A box of aspect w:h as large as fits in b, centred. */
static struct ui_box aspect(struct ui_box b, int aw, int ah)
{
	if (aw <= 0 || ah <= 0)
		return b;
	int w = b.w, h = (int)((long)b.w * ah / aw);
	if (h > b.h) {
		h = b.h;
		w = (int)((long)b.h * aw / ah);
	}
	return box(b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h);
}

/* Paging for lists: how many rows fit, which page shows, and the page
 * buttons (handled inside the UI) when there is more than one page. */
static struct ui_box pager(struct lay *l, struct ui_box body, int count,
                           int row_h, int cols, int *first, int *shown)
{
	struct ui *ui = l->ui;
	int rows = (body.h + l->G) / (row_h + l->G);
	if (rows < 1)
		rows = 1;
	int per = rows * cols;
	ui->list_count = count;
	if (count > per) {
		/* room for the page buttons */
		body.h -= l->T + l->G;
		rows = (body.h + l->G) / (row_h + l->G);
		if (rows < 1)
			rows = 1;
		per = rows * cols;
		int pages = (count + per - 1) / per;
		if (ui->page >= pages)
			ui->page = pages - 1;
		int bw = (body.w - l->G) / 2;
		int y = body.y + body.h + l->G;
		if (ui->page > 0)
			tr_button(l, "page:prev", box(body.x, y, bw, l->T), "button.previous",
			          UI_STYLE_SECONDARY);
		if (ui->page < pages - 1)
			tr_button(l, "page:next", box(body.x + bw + l->G, y, bw, l->T),
			          "button.next", UI_STYLE_SECONDARY);
	} else {
		ui->page = 0;
	}
	*first = ui->page * per;
	*shown = count - *first < per ? count - *first : per;
	return body;
}

static const char *problem_name(enum ui_problem p)
{
	static const char *const names[UI_PROBLEM_COUNT] = {
		"none", "no_chip", "moved_away", "access_denied", "not_genuine",
		"dg1_mismatch", "expired", "not_accepted", "permit_mismatch",
		"camera_missing", "reader_missing", "server",
	};
	return (unsigned)p < UI_PROBLEM_COUNT ? names[p] : "none";
}

/* ---- the screens ------------------------------------------------------- */

static void lay_language(struct lay *l, const struct ui_view *v)
{
	(void)v;
	struct ui *ui = l->ui;
	struct ui_box body = header(l, NULL, NULL, "language.title", "staff", "button.staff");
	struct ui_item *sub = tr_text(l, "language.hint", box(body.x, body.y, body.w, l->T * 3 / 4),
	                              l->body_px, UI_STYLE_PLAIN, false);
	(void)sub;
	body.y += l->T * 3 / 4 + l->G;
	body.h -= l->T * 3 / 4 + l->G;
	int n = (int)ui->lang_count;
	int cols = body.w >= body.h ? 3 : 2;
	if (n <= 4)
		cols = 2;
	int rows = (n + cols - 1) / cols;
	if (rows < 1)
		rows = 1;
	int bw = (body.w - (cols - 1) * l->G) / cols;
	int bh = (body.h - (rows - 1) * l->G) / rows;
	if (bh > 2 * l->T)
		bh = 2 * l->T;
	for (int i = 0; i < n; i++) {
		const struct ui_lang_table *t = &ui->langs[i];
		char id[32];
		snprintf(id, sizeof id, "lang:%s", t->code);
		struct ui_box b = box(body.x + (i % cols) * (bw + l->G),
		                      body.y + (i / cols) * (bh + l->G), bw, bh);
		const char *name = ui_lang_get(t, "language.name");
		struct ui_item *it = button(l, id, b, name ? name : t->code, UI_STYLE_SECONDARY, false);
		it->bold = true;
		int pad = l->T / 10;
		int fh = bh - 2 * pad;
		if (fh > l->T * 2 / 3)
			fh = l->T * 2 / 3;
		int fw = fh * 3 / 2;
		struct ui_box fb = box(b.x + pad + pad, b.y + (bh - fh) / 2, fw, fh);
		it->e.text_box = box(fb.x + fw + pad, b.y + pad, b.x + b.w - pad - (fb.x + fw + pad), bh - 2 * pad);
		it->center = false;
		fit(ui, it, l->button_px * 6 / 5, false);
		char fid[32];
		snprintf(fid, sizeof fid, "flag:%s", t->code);
		struct ui_item *f = drawing(l, fid, fb, UI_DRAW_FLAG);
		const char *spec = ui_lang_get(t, "language.flag");
		snprintf(f->flag, sizeof f->flag, "%s", spec ? spec : "");
	}
}

static void lay_place(struct lay *l, const struct ui_view *v)
{
	struct ui_box body = header(l, "cancel", "button.cancel", "place.title", NULL, NULL);
	struct ui_box pic, rest;
	split(l, body, 55, &pic, &rest);
	int aw = v->camera.rgb ? v->camera.width : 4, ah = v->camera.rgb ? v->camera.height : 3;
	drawing(l, "camera", aspect(pic, aw, ah), v->camera.rgb ? UI_DRAW_CAMERA : UI_DRAW_PASSPORT);
	if (v->mrz_found) {
		struct ui_box a, b;
		int th = rest.h / 2;
		a = box(rest.x, rest.y, rest.w, th);
		b = box(rest.x, rest.y + th + l->G, rest.w, rest.h - th - l->G);
		tr_text(l, "place.found", a, l->title_px, UI_STYLE_DATA, true);
		tr_text(l, "place.hold_still", b, l->body_px, UI_STYLE_PLAIN, false);
	} else {
		tr_text(l, "place.hint", rest, l->body_px, UI_STYLE_PLAIN, false);
	}
}

static void lay_reading(struct lay *l, const struct ui_view *v)
{
	(void)v;
	struct ui_box body = header(l, "cancel", "button.cancel", "reading.title", NULL, NULL);
	struct ui_box pic, rest;
	split(l, body, 45, &pic, &rest);
	drawing(l, "reader", aspect(pic, 4, 3), UI_DRAW_READER);
	int bar_h = l->T * 2 / 3;
	struct ui_box hint = box(rest.x, rest.y, rest.w, rest.h - bar_h - l->T - 2 * l->G);
	tr_text(l, "reading.hint", hint, l->body_px, UI_STYLE_PLAIN, false);
	drawing(l, "progress", box(rest.x, hint.y + hint.h + l->G, rest.w, bar_h), UI_DRAW_PROGRESS);
	char pct[16];
	int p = v->progress_permille < 0 ? 0 : v->progress_permille > 1000 ? 1000 : v->progress_permille;
	snprintf(pct, sizeof pct, "%d %%", p / 10);
	text(l, "percent", box(rest.x, hint.y + hint.h + 2 * l->G + bar_h, rest.w, l->T),
	     pct, l->title_px, UI_STYLE_BIG, true, false);
}

static void lay_problem(struct lay *l, const struct ui_view *v, bool out_of_order)
{
	char key[64];
	const char *name = problem_name(v->problem);
	struct ui_box body;
	if (out_of_order) {
		body = header(l, NULL, NULL, "out_of_order.title", "staff", "button.staff");
	} else {
		snprintf(key, sizeof key, "problem.%s.title", name);
		body = header(l, NULL, NULL, key, NULL, NULL);
	}
	struct act a[3] = { { NULL, NULL, UI_STYLE_PLAIN } };
	int n = 0;
	if (!out_of_order) {
		enum ui_problem p = v->problem;
		if (p == UI_PROBLEM_NO_CHIP || p == UI_PROBLEM_MOVED_AWAY ||
		    p == UI_PROBLEM_ACCESS_DENIED || p == UI_PROBLEM_SERVER)
			a[n++] = (struct act){ "retry", "button.retry", UI_STYLE_PRIMARY };
		if (p == UI_PROBLEM_ACCESS_DENIED)
			a[n++] = (struct act){ "enter_can", "button.enter_can", UI_STYLE_SECONDARY };
		a[n++] = (struct act){ "cancel", "button.start_over", UI_STYLE_SECONDARY };
	}
	body = footer(l, body, a, n);
	struct ui_box pic, rest;
	split(l, body, 30, &pic, &rest);
	drawing(l, "warning", aspect(pic, 1, 1), UI_DRAW_WARNING);
	if (out_of_order) {
		struct ui_box a1 = box(rest.x, rest.y, rest.w, rest.h / 2);
		struct ui_box b1 = box(rest.x, rest.y + rest.h / 2 + l->G, rest.w, rest.h / 2 - l->G);
		tr_text(l, "out_of_order.text", a1, l->body_px, UI_STYLE_PLAIN, false);
		if (v->problem != UI_PROBLEM_NONE) {
			snprintf(key, sizeof key, "problem.%s.text", name);
			tr_text(l, key, b1, l->body_px, UI_STYLE_ERROR, false);
		}
	} else {
		snprintf(key, sizeof key, "problem.%s.text", name);
		tr_text(l, key, rest, l->body_px, UI_STYLE_PLAIN, false);
	}
}

/* A 3x4 digit pad in b: 1-9, delete, 0, OK. */
static void pad(struct lay *l, struct ui_box b)
{
	int kw = (b.w - 2 * l->G) / 3, kh = (b.h - 3 * l->G) / 4;
	if (kh > kw)
		kh = kw;
	if (kw > 2 * kh)
		kw = 2 * kh;
	int x0 = b.x + (b.w - 3 * kw - 2 * l->G) / 2, y0 = b.y + (b.h - 4 * kh - 3 * l->G) / 2;
	static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok" };
	for (int i = 0; i < 12; i++) {
		struct ui_box k = box(x0 + (i % 3) * (kw + l->G), y0 + (i / 3) * (kh + l->G), kw, kh);
		char id[32];
		if (i == 9) {
			tr_button(l, "key:del", k, "button.delete", UI_STYLE_SECONDARY);
		} else if (i == 11) {
			tr_button(l, "continue", k, "button.ok", UI_STYLE_PRIMARY);
		} else {
			snprintf(id, sizeof id, "key:%s", keys[i]);
			button(l, id, k, keys[i], UI_STYLE_KEY, false);
		}
	}
}

static void lay_pad_screen(struct lay *l, const struct ui_view *v, bool pin)
{
	struct ui_box all = box(l->M, l->M, l->W - 2 * l->M, l->H - 2 * l->M);
	struct ui_box left, right;
	if (all.w >= all.h) {
		int pw = all.w / 2;
		int need = 3 * l->T + 2 * l->G;
		if (pw < need)
			pw = need;
		right = box(all.x + all.w - pw, all.y, pw, all.h);
		left = box(all.x, all.y, all.w - pw - l->G, all.h);
	} else {
		int ph = 4 * l->T * 3 / 2 + 3 * l->G;
		if (ph > all.h / 2)
			ph = all.h / 2;
		right = box(all.x, all.y + all.h - ph, all.w, ph);
		left = box(all.x, all.y, all.w, all.h - ph - l->G);
	}
	int bw = 2 * l->T < left.w ? 2 * l->T : left.w;
	tr_button(l, "back", box(left.x, left.y, bw, l->T), "button.back", UI_STYLE_SECONDARY);
	int y = left.y + l->T + l->G;
	int rest = left.y + left.h - y;
	int th = rest / 3, dh = rest / 4, eh = rest - th - dh - 2 * l->G;
	tr_text(l, pin ? "pin.title" : "can.title", box(left.x, y, left.w, th), l->title_px,
	        UI_STYLE_PLAIN, true);
	y += th + l->G;
	if (pin) {
		struct ui_item *d = drawing(l, "digits", box(left.x, y, left.w, dh), UI_DRAW_DOTS);
		snprintf(d->flag, sizeof d->flag, "%d", (int)strnlen(v->digits, sizeof v->digits));
	} else {
		/* the digits typed, in six boxes' worth of space */
		char shown[32];
		size_t n = strnlen(v->digits, sizeof v->digits), o = 0;
		for (size_t i = 0; i < 6; i++) {
			shown[o++] = i < n ? v->digits[i] : '_';
			if (i < 5)
				shown[o++] = ' ';
		}
		shown[o] = '\0';
		struct ui_item *t = text(l, "digits", box(left.x, y, left.w, dh), shown, l->big_px,
		                         UI_STYLE_BIG, true, true);
		t->center = true;
	}
	y += dh + l->G;
	struct ui_box eb = box(left.x, y, left.w, eh);
	if (v->entry_error) {
		tr_text(l, pin ? "pin.error" : "can.error", eb, l->body_px, UI_STYLE_ERROR, true);
	} else if (!pin) {
		struct ui_box pic, txt;
		split(l, eb, 40, &pic, &txt);
		drawing(l, "id_card", aspect(pic, 86, 54), UI_DRAW_ID_CARD);
		tr_text(l, "can.hint", txt, l->body_px, UI_STYLE_PLAIN, false);
	}
	pad(l, right);
}

static void lay_verified(struct lay *l, const struct ui_view *v)
{
	struct ui_box body = header(l, NULL, NULL, "verified.title", NULL, NULL);
	struct act a[2] = { { "cancel", "button.not_me", UI_STYLE_SECONDARY },
	                    { "continue", "button.continue", UI_STYLE_PRIMARY } };
	body = footer(l, body, a, 2);
	struct ui_box pic, rest;
	split(l, body, 35, &pic, &rest);
	drawing(l, "face", aspect(pic, v->face.rgb ? v->face.width : 3, v->face.rgb ? v->face.height : 4),
	        UI_DRAW_FACE);
	int nh = rest.h / 2;
	text(l, "name", box(rest.x, rest.y, rest.w, nh), v->display_name, l->title_px,
	     UI_STYLE_DATA, true, true);
	tr_text(l, "verified.text", box(rest.x, rest.y + nh + l->G, rest.w, rest.h - nh - l->G),
	        l->body_px, UI_STYLE_PLAIN, false);
}

static void lay_info(struct lay *l, const char *title, const char *body_key,
                     enum ui_draw_kind pic_kind, const struct act *a, int n)
{
	struct ui_box body = header(l, NULL, NULL, title, NULL, NULL);
	body = footer(l, body, a, n);
	struct ui_box pic, rest;
	split(l, body, 30, &pic, &rest);
	drawing(l, "picture", aspect(pic, pic_kind == UI_DRAW_PERMIT ? 86 : 1,
	                             pic_kind == UI_DRAW_PERMIT ? 54 : 1), pic_kind);
	tr_text(l, body_key, rest, l->body_px, UI_STYLE_PLAIN, false);
}

static void lay_choose(struct lay *l, const struct ui_view *v)
{
	struct ui_box body = header(l, "cancel", "button.cancel", "choose.title", NULL, NULL);
	int count = v->order_count < 0 ? 0 : v->order_count > UI_MAX_ITEMS ? UI_MAX_ITEMS : v->order_count;
	int row_h = l->T * 3 / 2, cols = 1, first, shown;
	body = pager(l, body, count, row_h, cols, &first, &shown);
	int rows = (body.h + l->G) / (row_h + l->G);
	if (rows < 1)
		rows = 1;
	for (int i = 0; i < shown; i++) {
		const struct ui_order_item *o = &v->orders[first + i];
		char id[32], label[UI_MAX_ELEMENT_TEXT];
		snprintf(id, sizeof id, "order:%d", first + i);
		snprintf(label, sizeof label, "%.127s\n%.127s", o->company, o->card_type);
		button(l, id, box(body.x, body.y + i * (row_h + l->G), body.w, row_h), label,
		       UI_STYLE_SECONDARY, true);
	}
}

static void lay_contact(struct lay *l, const struct ui_view *v)
{
	struct ui_box body = header(l, NULL, NULL, "contact.title", NULL, NULL);
	struct act a[2] = { { "contact_wrong", "button.not_mine", UI_STYLE_SECONDARY },
	                    { "continue", "button.yes_continue", UI_STYLE_PRIMARY } };
	body = footer(l, body, a, 2);
	int th = body.h / 3, rh = (body.h - th - 2 * l->G) / 2;
	tr_text(l, "contact.text", box(body.x, body.y, body.w, th), l->body_px, UI_STYLE_PLAIN, false);
	int lw = body.w / 3;
	int y = body.y + th + l->G;
	tr_text(l, "contact.email", box(body.x, y, lw - l->G, rh), l->body_px, UI_STYLE_PLAIN,
	        false)->vcenter = true;
	text(l, "email", box(body.x + lw, y, body.w - lw, rh), v->email_masked, l->body_px,
	     UI_STYLE_DATA, true, true)->vcenter = true;
	y += rh + l->G;
	tr_text(l, "contact.mobile", box(body.x, y, lw - l->G, rh), l->body_px, UI_STYLE_PLAIN,
	        false)->vcenter = true;
	text(l, "mobile", box(body.x + lw, y, body.w - lw, rh), v->mobile_masked, l->body_px,
	     UI_STYLE_DATA, true, true)->vcenter = true;
}

static void lay_summary(struct lay *l, const struct ui_view *v)
{
	struct ui_box body = header(l, "back", "button.back", "summary.title", NULL, NULL);
	struct act a[2] = { { "reject", "button.reject", UI_STYLE_DANGER },
	                    { "accept", "button.accept", UI_STYLE_GOOD } };
	body = footer(l, body, a, 2);
	const struct ui_order_item *o = &v->orders[0];
	const char *keys[4] = { "summary.company", "summary.card_type", "summary.valid_until",
	                        "summary.delivery" };
	const char *vals[4] = { o->company, o->card_type, o->valid_until, o->delivery };
	int rh = (body.h - 3 * l->G) / 4, lw = body.w * 2 / 5;
	for (int i = 0; i < 4; i++) {
		int y = body.y + i * (rh + l->G);
		tr_text(l, keys[i], box(body.x, y, lw - l->G, rh), l->body_px, UI_STYLE_PLAIN,
		        false)->vcenter = true;
		char id[32];
		snprintf(id, sizeof id, "value:%d", i);
		char val[UI_MAX_TEXT];
		snprintf(val, sizeof val, "%.*s", (int)(sizeof val - 1), vals[i]);
		text(l, id, box(body.x + lw, y, body.w - lw, rh), val, l->body_px, UI_STYLE_DATA,
		     true, true)->vcenter = true;
	}
}

#define UI_REJECT_REASONS 5

static void lay_reject(struct lay *l, const struct ui_view *v)
{
	(void)v;
	struct ui_box body = header(l, "back", "button.back", "reject.title", NULL, NULL);
	int cols = body.w >= body.h ? 2 : 1, first, shown;
	body = pager(l, body, UI_REJECT_REASONS, l->T, cols, &first, &shown);
	int rows = (shown + cols - 1) / cols;
	int rh = rows ? (body.h - (rows - 1) * l->G) / rows : l->T;
	if (rh > l->T * 3 / 2)
		rh = l->T * 3 / 2;
	int cw = (body.w - (cols - 1) * l->G) / cols;
	for (int i = 0; i < shown; i++) {
		char id[32], key[32];
		snprintf(id, sizeof id, "reason:%d", first + i);
		snprintf(key, sizeof key, "reject.reason.%d", first + i);
		tr_button(l, id, box(body.x + (i % cols) * (cw + l->G), body.y + (i / cols) * (rh + l->G),
		                     cw, rh), key, UI_STYLE_SECONDARY);
	}
}

static void lay_staff_menu(struct lay *l)
{
	struct ui_box body = header(l, "back", "button.exit", "staff.menu.title", NULL, NULL);
	static const char *const ids[5] = { "menu:appointments", "menu:manual_mrz", "menu:devices",
	                                    "menu:sync", "menu:audit" };
	static const char *const keys[5] = { "staff.appointments.title", "staff.mrz.title",
	                                     "staff.devices.title", "staff.sync.title",
	                                     "staff.audit.title" };
	int cols = body.w >= body.h ? 2 : 1, rows = (5 + cols - 1) / cols;
	int cw = (body.w - (cols - 1) * l->G) / cols, rh = (body.h - (rows - 1) * l->G) / rows;
	if (rh > 2 * l->T)
		rh = 2 * l->T;
	for (int i = 0; i < 5; i++)
		tr_button(l, ids[i], box(body.x + (i % cols) * (cw + l->G), body.y + (i / cols) * (rh + l->G),
		                         cw, rh), keys[i], UI_STYLE_SECONDARY);
}

/* A staff list: one row a line; appointments get check-in / no-show, and
 * link while a verified visitor is known.  Where the buttons would leave
 * the text less than a third of the row (a portrait panel), they go under
 * it. */
static void lay_staff_list(struct lay *l, const struct ui_view *v, const char *title,
                           const char *action, const char *action_key, bool per_line)
{
	struct ui_box body = header(l, "back", "button.back", title, action, action_key);
	int count = v->line_count < 0 ? 0 : v->line_count > UI_MAX_LINES ? UI_MAX_LINES : v->line_count;
	int bw = 2 * l->T, buttons = !per_line ? 0 : v->visitor_link ? 3 : 2;
	int beside = body.w - buttons * (bw + l->G);
	bool under = buttons > 0 && beside < body.w / 3;
	int row_h = under ? 2 * l->T + l->G : l->T;
	int first, shown;
	body = pager(l, body, count, row_h, 1, &first, &shown);
	if (count == 0)
		tr_text(l, "staff.empty", box(body.x, body.y, body.w, l->T), l->body_px,
		        UI_STYLE_PLAIN, false);
	static const char *const ids[3] = { "checkin", "noshow", "link" };
	static const char *const keys[3] = { "button.checkin", "button.noshow", "button.link" };
	static const enum ui_style styles[3] = { UI_STYLE_GOOD, UI_STYLE_SECONDARY, UI_STYLE_PRIMARY };
	for (int i = 0; i < shown; i++) {
		int y = body.y + i * (row_h + l->G), idx = first + i;
		char id[32], line[UI_MAX_TEXT];
		snprintf(line, sizeof line, "%.*s", (int)(sizeof line - 1), v->lines[idx]);
		snprintf(id, sizeof id, "line:%d", idx);
		struct ui_item *t = text(l, id, box(body.x, y, under ? body.w : beside, l->T), line,
		                         l->body_px, idx == v->selected_line ? UI_STYLE_DATA : UI_STYLE_PLAIN,
		                         idx == v->selected_line, true);
		t->vcenter = true; /* level with the row's buttons */
		int by = under ? y + l->T + l->G : y;
		for (int k = 0; k < buttons; k++) {
			snprintf(id, sizeof id, "%s:%d", ids[k], idx);
			tr_button(l, id, box(body.x + beside + l->G + k * (bw + l->G), by, bw, l->T), keys[k],
			          styles[k]);
		}
	}
}

static void lay_manual_mrz(struct lay *l, const struct ui_view *v)
{
	/* Tight on 1024x600: smaller margins so 4 rows of 20 mm keys fit. */
	l->M = l->T / 12;
	l->G = l->T / 20 > 3 ? l->T / 20 : 3;
	struct ui_box body = header(l, "back", "button.back", "staff.mrz.title", "continue",
	                            "button.done");
	int cols = body.w >= body.h ? 10 : 8;
	static const char keys[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
	int nkeys = (int)sizeof keys - 1 + 2; /* plus new line, delete */
	int rows = (nkeys + cols - 1) / cols;
	int kw = (body.w - (cols - 1) * l->G) / cols;
	int kh = l->T;
	int kb_h = rows * kh + (rows - 1) * l->G;
	struct ui_box disp = box(body.x, body.y, body.w, body.h - kb_h - l->G);
	struct ui_item *t = add(l, UI_ELEMENT_TEXT, "mrz", disp);
	snprintf(t->e.text, sizeof t->e.text, "%.*s", (int)sizeof v->mrz_entry, v->mrz_entry);
	t->e.personal = true;
	t->style = UI_STYLE_DATA;
	t->mono = true;
	fit(l->ui, t, l->body_px, false); /* MRZ lines are never wrapped if they can fit */
	int y0 = disp.y + disp.h + l->G;
	for (int i = 0; i < nkeys; i++) {
		struct ui_box k = box(body.x + (i % cols) * (kw + l->G), y0 + (i / cols) * (kh + l->G),
		                      kw, kh);
		char id[32], label[4];
		if (i < (int)sizeof keys - 1) {
			snprintf(id, sizeof id, "key:%c", keys[i]);
			snprintf(label, sizeof label, "%c", keys[i]);
			button(l, id, k, label, UI_STYLE_KEY, false);
		} else if (i == (int)sizeof keys - 1) {
			button(l, "key:newline", k, "\xe2\x86\xb5", UI_STYLE_SECONDARY, false); /* ↵ */
		} else {
			button(l, "key:del", k, "\xe2\x8c\xab", UI_STYLE_SECONDARY, false);     /* ⌫ */
		}
	}
}

static void lay_overlay(struct lay *l, const struct ui_view *v)
{
	struct ui *ui = l->ui;
	ui->overlay_from = ui->item_count;
	int pw = l->W * 4 / 5, ph = l->H * 4 / 5;
	struct ui_box p = box((l->W - pw) / 2, (l->H - ph) / 2, pw, ph);
	struct ui_item *bg = drawing(l, "overlay", p, UI_DRAW_NONE);
	bg->overlay = true;
	struct ui_box in = inset(p, l->M);
	int bh = l->T * 3 / 2;
	int th = (in.h - bh - 2 * l->G) / 2;
	struct ui_item *t = tr_text(l, "timeout.text", box(in.x, in.y, in.w, th), l->title_px,
	                            UI_STYLE_PLAIN, true);
	t->overlay = true;
	char secs[32];
	snprintf(secs, sizeof secs, "%d s", v->seconds_left < 0 ? 0 : v->seconds_left);
	int lw = in.w / 2;
	t = tr_text(l, "timeout.left", box(in.x, in.y + th + l->G, lw - l->G, th), l->body_px,
	            UI_STYLE_PLAIN, false);
	t->overlay = true;
	t = text(l, "seconds", box(in.x + lw, in.y + th + l->G, in.w - lw, th), secs, l->big_px,
	         UI_STYLE_BIG, true, false);
	t->overlay = true;
	struct ui_item *b = tr_button(l, "more_time", box(in.x, in.y + in.h - bh, in.w, bh),
	                              "button.more_time", UI_STYLE_PRIMARY);
	b->overlay = true;
	b->e.text_box = inset(b->e.box, l->T / 10);
	fit(ui, b, l->big_px, false);
}

void ui_layout_build(struct ui *ui, const struct ui_view *v, int w, int h)
{
	struct lay l;
	memset(&l, 0, sizeof l);
	l.ui = ui;
	l.W = w;
	l.H = h;
	int shorter = w < h ? w : h;
	l.T = ui->target_px;
	if (l.T < shorter * 2 / 15)
		l.T = shorter * 2 / 15; /* bigger screens get bigger targets */
	l.M = l.T / 6;
	l.G = l.T / 8;
	int mf = ui->min_font_px;
	l.body_px = mf * 11 / 10 > l.T * 28 / 100 ? mf * 11 / 10 : l.T * 28 / 100;
	l.title_px = mf * 14 / 10 > l.T * 36 / 100 ? mf * 14 / 10 : l.T * 36 / 100;
	l.button_px = mf * 12 / 10 > l.T * 30 / 100 ? mf * 12 / 10 : l.T * 30 / 100;
	l.big_px = mf * 3 / 2 > l.T / 2 ? mf * 3 / 2 : l.T / 2;
	ui->item_count = 0;
	ui->list_count = 0;

	switch (v->screen) {
	case UI_SCREEN_LANGUAGE: lay_language(&l, v); break;
	case UI_SCREEN_PLACE_DOCUMENT: lay_place(&l, v); break;
	case UI_SCREEN_CHIP_READING: lay_reading(&l, v); break;
	case UI_SCREEN_CHIP_PROBLEM: lay_problem(&l, v, false); break;
	case UI_SCREEN_CAN_ENTRY: lay_pad_screen(&l, v, false); break;
	case UI_SCREEN_VERIFIED: lay_verified(&l, v); break;
	case UI_SCREEN_PERMIT_DOCUMENT: {
		struct act a[2] = { { "cancel", "button.cancel", UI_STYLE_SECONDARY },
		                    { "continue", "button.continue", UI_STYLE_PRIMARY } };
		lay_info(&l, "permit.title", "permit.text", UI_DRAW_PERMIT, a, 2);
		break;
	}
	case UI_SCREEN_NO_ORDER: {
		struct act a[1] = { { "done", "button.finish", UI_STYLE_PRIMARY } };
		lay_info(&l, "no_order.title", "no_order.text", UI_DRAW_WARNING, a, 1);
		break;
	}
	case UI_SCREEN_CHOOSE_ORDER: lay_choose(&l, v); break;
	case UI_SCREEN_CONTACT_CONFIRM: lay_contact(&l, v); break;
	case UI_SCREEN_ORDER_SUMMARY: lay_summary(&l, v); break;
	case UI_SCREEN_REJECT_REASON: lay_reject(&l, v); break;
	case UI_SCREEN_DONE: {
		struct act a[1] = { { "done", "button.finish", UI_STYLE_PRIMARY } };
		lay_info(&l, "done.title", "done.text", UI_DRAW_CHECK, a, 1);
		break;
	}
	case UI_SCREEN_OUT_OF_ORDER: lay_problem(&l, v, true); break;
	case UI_SCREEN_STAFF_PIN: lay_pad_screen(&l, v, true); break;
	case UI_SCREEN_STAFF_MENU: lay_staff_menu(&l); break;
	case UI_SCREEN_STAFF_APPOINTMENTS:
		lay_staff_list(&l, v, "staff.appointments.title", NULL, NULL, true);
		break;
	case UI_SCREEN_STAFF_MANUAL_MRZ: lay_manual_mrz(&l, v); break;
	case UI_SCREEN_STAFF_DEVICES:
		lay_staff_list(&l, v, "staff.devices.title", "refresh", "button.refresh", false);
		break;
	case UI_SCREEN_STAFF_SYNC:
		lay_staff_list(&l, v, "staff.sync.title", "sync_now", "button.sync_now", false);
		break;
	case UI_SCREEN_STAFF_AUDIT:
		lay_staff_list(&l, v, "staff.audit.title", NULL, NULL, false);
		break;
	case UI_SCREEN_COUNT:
		break;
	}
	ui->overlay_from = ui->item_count;
	if (v->timeout_warning)
		lay_overlay(&l, v);
}
