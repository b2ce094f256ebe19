/* ui_draw.c - paints the layout: high-contrast colours, text from the
 * font cache, flags and illustrations from primitives, images borrowed
 * from the view for the frame only. */
#include "ui_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rgb {
	Uint8 r, g, b;
};

static const struct rgb C_BG = { 0xf2, 0xf4, 0xf7 }, C_TEXT = { 0x10, 0x14, 0x18 },
	C_HEAD = { 0x0b, 0x25, 0x45 }, C_WHITE = { 0xff, 0xff, 0xff },
	C_PRIMARY = { 0x0b, 0x5c, 0xad }, C_GOOD = { 0x11, 0x6b, 0x2e },
	C_DANGER = { 0xa4, 0x16, 0x1a }, C_FOCUS = { 0xff, 0xb0, 0x00 },
	C_GREY = { 0x5b, 0x67, 0x75 }, C_LIGHT = { 0xd9, 0xe2, 0xec };

static void color(SDL_Renderer *r, struct rgb c, Uint8 a)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, a);
}

static void fill(SDL_Renderer *r, struct ui_box b, struct rgb c)
{
	SDL_Rect rc = { b.x, b.y, b.w, b.h };
	color(r, c, 255);
	SDL_RenderFillRect(r, &rc);
}

static void frame_rect(SDL_Renderer *r, struct ui_box b, int t, struct rgb c, Uint8 a)
{
	SDL_Rect s[4] = { { b.x, b.y, b.w, t }, { b.x, b.y + b.h - t, b.w, t },
	                  { b.x, b.y + t, t, b.h - 2 * t }, { b.x + b.w - t, b.y + t, t, b.h - 2 * t } };
	color(r, c, a);
	SDL_RenderFillRects(r, s, 4);
}

static SDL_Vertex vert(float x, float y, struct rgb c, Uint8 a)
{
	SDL_Vertex v = { { x, y }, { c.r, c.g, c.b, a }, { 0, 0 } };
	return v;
}

static void quad(SDL_Renderer *r, const float *xy, struct rgb c, Uint8 a)
{
	SDL_Vertex v[4];
	for (int i = 0; i < 4; i++)
		v[i] = vert(xy[2 * i], xy[2 * i + 1], c, a);
	int idx[6] = { 0, 1, 2, 0, 2, 3 };
	SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

static void line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
                 struct rgb c, Uint8 a)
{
	float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
	if (len < 0.01f)
		return;
	float nx = -dy / len * w / 2, ny = dx / len * w / 2;
	float q[8] = { x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny };
	quad(r, q, c, a);
}

static void triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1,
                     float x2, float y2, struct rgb c)
{
	SDL_Vertex v[3] = { vert(x0, y0, c, 255), vert(x1, y1, c, 255), vert(x2, y2, c, 255) };
	SDL_RenderGeometry(r, NULL, v, 3, NULL, 0);
}

enum { ARC_STEPS = 48 };

/* A ring (or a disc when inner is 0) from angle a0 to a1 (radians). */
static void arc(SDL_Renderer *r, float cx, float cy, float inner, float outer,
                float a0, float a1, struct rgb c, Uint8 alpha)
{
	SDL_Vertex v[2 * (ARC_STEPS + 1)];
	int idx[6 * ARC_STEPS];
	if (inner <= 0.5f) {
		/* a disc: a fan around the centre (no degenerate triangles) */
		v[0] = vert(cx, cy, c, alpha);
		for (int i = 0; i <= ARC_STEPS; i++) {
			float a = a0 + (a1 - a0) * (float)i / ARC_STEPS;
			v[i + 1] = vert(cx + outer * cosf(a), cy + outer * sinf(a), c, alpha);
		}
		for (int i = 0; i < ARC_STEPS; i++) {
			idx[3 * i] = 0;
			idx[3 * i + 1] = i + 1;
			idx[3 * i + 2] = i + 2;
		}
		SDL_RenderGeometry(r, NULL, v, ARC_STEPS + 2, idx, 3 * ARC_STEPS);
		return;
	}
	for (int i = 0; i <= ARC_STEPS; i++) {
		float a = a0 + (a1 - a0) * (float)i / ARC_STEPS;
		v[2 * i] = vert(cx + inner * cosf(a), cy + inner * sinf(a), c, alpha);
		v[2 * i + 1] = vert(cx + outer * cosf(a), cy + outer * sinf(a), c, alpha);
	}
	for (int i = 0; i < ARC_STEPS; i++) {
		int *q = idx + 6 * i;
		q[0] = 2 * i; q[1] = 2 * i + 1; q[2] = 2 * i + 3;
		q[3] = 2 * i; q[4] = 2 * i + 3; q[5] = 2 * i + 2;
	}
	SDL_RenderGeometry(r, NULL, v, 2 * (ARC_STEPS + 1), idx, 6 * ARC_STEPS);
}

/* ---- text ---------------------------------------------------------------- */

void ui_cache_flush(struct ui *ui)
{
	for (size_t i = 0; i < ui->cache_used; i++) {
		SDL_DestroyTexture(ui->cache[i].tex);
		memset(&ui->cache[i], 0, sizeof ui->cache[i]);
	}
	ui->cache_used = 0;
}

/* A texture of one line of text.  Personal text is never cached: the
 * caller destroys it after drawing (*owned). */
static SDL_Texture *line_texture(struct ui *ui, const char *s, int px, enum ui_face face,
                                 struct rgb c, bool personal, int *w, int *h, bool *owned)
{
	char key[sizeof ui->cache[0].key];
	*owned = false;
	if (!personal) {
		snprintf(key, sizeof key, "%d%c%02x%02x%02x|%s", px, "rbm"[face], c.r, c.g, c.b, s);
		for (size_t i = 0; i < ui->cache_used; i++)
			if (strcmp(ui->cache[i].key, key) == 0) {
				*w = ui->cache[i].w;
				*h = ui->cache[i].h;
				return ui->cache[i].tex;
			}
	}
	TTF_Font *f = ui_font(ui, px, face);
	if (!f || !s[0])
		return NULL;
	SDL_Color col = { c.r, c.g, c.b, 255 };
	SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, col);
	if (!surf)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(ui->renderer, surf);
	*w = surf->w;
	*h = surf->h;
	SDL_FreeSurface(surf);
	if (!tex)
		return NULL;
	if (personal) {
		*owned = true;
		return tex;
	}
	if (ui->cache_used == UI_TEXT_CACHE)
		ui_cache_flush(ui);
	struct ui_text_entry *e = &ui->cache[ui->cache_used++];
	snprintf(e->key, sizeof e->key, "%s", key);
	e->tex = tex;
	e->w = *w;
	e->h = *h;
	return tex;
}

static void draw_text(struct ui *ui, const struct ui_item *it, struct rgb c, bool vcenter)
{
	const struct ui_element *e = &it->e;
	if (!e->text[0] || e->line_count <= 0)
		return;
	TTF_Font *f = ui_font(ui, e->font_px, ui_item_face(it));
	if (!f)
		return;
	int skip = TTF_FontLineSkip(f);
	int y = e->text_box.y;
	if (vcenter)
		y += (e->text_box.h - e->text_h) / 2;
	size_t n = strlen(e->text);
	for (int i = 0; i < e->line_count; i++) {
		size_t s = (size_t)it->breaks[i];
		size_t end = i + 1 < e->line_count ? (size_t)it->breaks[i + 1] : n;
		if (s > n || end > n || end < s)
			break;
		char buf[UI_MAX_ELEMENT_TEXT];
		memcpy(buf, e->text + s, end - s);
		buf[end - s] = '\0';
		size_t l = end - s;
		while (l > 0 && (buf[l - 1] == ' ' || buf[l - 1] == '\n'))
			buf[--l] = '\0';
		int w = 0, h = 0;
		bool owned = false;
		SDL_Texture *t = line_texture(ui, buf, e->font_px, ui_item_face(it), c, e->personal, &w, &h, &owned);
		if (t) {
			int x = it->center ? e->text_box.x + (e->text_box.w - w) / 2 : e->text_box.x;
			SDL_Rect dst = { x, y, w, h };
			SDL_RenderCopy(ui->renderer, t, NULL, &dst);
			if (owned)
				SDL_DestroyTexture(t);
		}
		y += skip;
	}
}

/* ---- flags and illustrations ---------------------------------------- */

static bool hex_color(const char *s, struct rgb *c)
{
	char *end;
	unsigned long v = strtoul(s, &end, 16);
	if (end - s != 6)
		return false;
	c->r = (Uint8)(v >> 16);
	c->g = (Uint8)(v >> 8);
	c->b = (Uint8)v;
	return true;
}

/* Flag descriptions from the translation files (language.flag):
 *   h RRGGBB[:weight] ...   horizontal stripes, top first
 *   v RRGGBB[:weight] ...   vertical stripes, left first
 *   nordic FIELD CROSS [INNER]
 *   uk                      the Union Flag */
static void draw_flag(SDL_Renderer *r, struct ui_box b, const char *spec)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", spec);
	char *save = NULL, *kind = strtok_r(buf, " ", &save);
	fill(r, b, C_LIGHT);
	if (!kind)
		goto border;
	if (strcmp(kind, "uk") == 0) {
		struct rgb blue = { 0x01, 0x21, 0x69 }, red = { 0xc8, 0x10, 0x2e };
		fill(r, b, blue);
		SDL_Rect clip = { b.x, b.y, b.w, b.h };
		SDL_RenderSetClipRect(r, &clip);
		float x0 = (float)b.x, y0 = (float)b.y, x1 = (float)(b.x + b.w), y1 = (float)(b.y + b.h);
		float u = (float)b.h / 30.0f;
		line(r, x0, y0, x1, y1, 6 * u, C_WHITE, 255);
		line(r, x0, y1, x1, y0, 6 * u, C_WHITE, 255);
		line(r, x0, y0, x1, y1, 2 * u, red, 255);
		line(r, x0, y1, x1, y0, 2 * u, red, 255);
		SDL_RenderSetClipRect(r, NULL);
		int cw = b.h / 3, rw = b.h / 5;
		fill(r, (struct ui_box){ b.x + (b.w - cw) / 2, b.y, cw, b.h }, C_WHITE);
		fill(r, (struct ui_box){ b.x, b.y + (b.h - cw) / 2, b.w, cw }, C_WHITE);
		fill(r, (struct ui_box){ b.x + (b.w - rw) / 2, b.y, rw, b.h }, red);
		fill(r, (struct ui_box){ b.x, b.y + (b.h - rw) / 2, b.w, rw }, red);
	} else if (strcmp(kind, "nordic") == 0) {
		struct rgb f, c, in;
		char *a = strtok_r(NULL, " ", &save), *c2 = strtok_r(NULL, " ", &save),
		     *c3 = strtok_r(NULL, " ", &save);
		if (!a || !c2 || !hex_color(a, &f) || !hex_color(c2, &c))
			goto border;
		fill(r, b, f);
		/* Cross: 1/5 of the height, its upright at 5/16 of the width. */
		int cw = b.h / 5, cx = b.x + b.w * 5 / 16 - cw / 2, cy = b.y + (b.h - cw) / 2;
		fill(r, (struct ui_box){ cx, b.y, cw, b.h }, c);
		fill(r, (struct ui_box){ b.x, cy, b.w, cw }, c);
		if (c3 && hex_color(c3, &in)) {
			int iw = cw / 2;
			fill(r, (struct ui_box){ cx + (cw - iw) / 2, b.y, iw, b.h }, in);
			fill(r, (struct ui_box){ b.x, cy + (cw - iw) / 2, b.w, iw }, in);
		}
	} else if (strcmp(kind, "h") == 0 || strcmp(kind, "v") == 0) {
		bool horiz = kind[0] == 'h';
		struct rgb cols[8];
		int weights[8], n = 0, total = 0;
		char *tok;
		while (n < 8 && (tok = strtok_r(NULL, " ", &save)) != NULL) {
			char *colon = strchr(tok, ':');
			int w = 1;
			if (colon) {
				*colon = '\0';
				w = atoi(colon + 1);
				if (w < 1 || w > 9)
					w = 1;
			}
			if (!hex_color(tok, &cols[n]))
				goto border;
			weights[n++] = w;
			total += w;
		}
		int acc = 0;
		for (int i = 0; i < n; i++) {
			int len = horiz ? b.h : b.w;
			int s = len * acc / total, e = len * (acc + weights[i]) / total;
			acc += weights[i];
			if (horiz)
				fill(r, (struct ui_box){ b.x, b.y + s, b.w, e - s }, cols[i]);
			else
				fill(r, (struct ui_box){ b.x + s, b.y, e - s, b.h }, cols[i]);
		}
	}
border:
	frame_rect(r, b, 1, C_GREY, 255);
}

static void draw_chip_logo(SDL_Renderer *r, float cx, float cy, float s, struct rgb c)
{
	/* The ePassport symbol: a circle between two bars in a frame. */
	float w = s, h = s * 0.62f, t = s * 0.07f;
	line(r, cx - w / 2, cy - h / 2, cx + w / 2, cy - h / 2, t, c, 255);
	line(r, cx - w / 2, cy + h / 2, cx + w / 2, cy + h / 2, t, c, 255);
	line(r, cx - w / 2, cy - h / 2 - t / 2, cx - w / 2, cy + h / 2 + t / 2, t, c, 255);
	line(r, cx + w / 2, cy - h / 2 - t / 2, cx + w / 2, cy + h / 2 + t / 2, t, c, 255);
	arc(r, cx, cy, h * 0.22f, h * 0.22f + t, 0, 6.2832f, c, 255);
	line(r, cx - w / 2, cy, cx - h * 0.22f, cy, t, c, 255);
	line(r, cx + h * 0.22f, cy, cx + w / 2, cy, t, c, 255);
}

static void draw_reader(struct ui *ui, struct ui_box b, double t_s)
{
	SDL_Renderer *r = ui->renderer;
	float x = (float)b.x, y = (float)b.y, w = (float)b.w, h = (float)b.h;
	/* the reader: a dark slab */
	struct ui_box slab = { b.x + b.w / 10, b.y + b.h * 2 / 3, b.w * 8 / 10, b.h / 4 };
	fill(r, slab, C_GREY);
	frame_rect(r, slab, 2, C_TEXT, 255);
	/* radio waves rising from the reader, pulsing */
	float cx = x + w / 2, cy = y + h * 2 / 3;
	for (int i = 0; i < 3; i++) {
		double ph = fmod(t_s * 0.8 + i / 3.0, 1.0);
		float rad = (float)(h * (0.15 + 0.5 * ph));
		Uint8 a = (Uint8)(200 * (1.0 - ph));
		arc(r, cx, cy, rad, rad + h / 60 + 2, 3.6f, 5.8f, C_PRIMARY, a);
	}
	/* the closed passport lying on the reader, gently settling */
	float bob = (float)(sin(t_s * 3.0) * h / 80);
	float pw = w * 0.42f, ph = h * 0.42f;
	float px = cx - pw / 2, py = y + h * 2 / 3 - ph * 0.55f + bob;
	struct rgb cover = { 0x7a, 0x1f, 0x2b }, gold = { 0xe0, 0xb8, 0x4a };
	fill(r, (struct ui_box){ (int)px, (int)py, (int)pw, (int)ph }, cover);
	frame_rect(r, (struct ui_box){ (int)px, (int)py, (int)pw, (int)ph }, 2, C_TEXT, 255);
	draw_chip_logo(r, cx, py + ph * 0.6f, pw * 0.35f, gold);
	arc(r, cx, py + ph * 0.28f, 0, ph * 0.12f, 0, 6.2832f, gold, 255);
}

static void draw_warning(SDL_Renderer *r, struct ui_box b)
{
	float x = (float)b.x, y = (float)b.y, s = (float)(b.w < b.h ? b.w : b.h) * 0.9f;
	float cx = x + (float)b.w / 2, top = y + ((float)b.h - s * 0.87f) / 2;
	struct rgb yellow = { 0xff, 0xc8, 0x00 };
	triangle(r, cx, top - s * 0.06f, cx - s * 0.56f, top + s * 0.92f, cx + s * 0.56f,
	         top + s * 0.92f, C_TEXT);
	triangle(r, cx, top + s * 0.08f, cx - s * 0.45f, top + s * 0.85f, cx + s * 0.45f,
	         top + s * 0.85f, yellow);
	line(r, cx, top + s * 0.3f, cx, top + s * 0.6f, s * 0.08f, C_TEXT, 255);
	arc(r, cx, top + s * 0.72f, 0, s * 0.05f, 0, 6.2832f, C_TEXT, 255);
}

static void draw_card(SDL_Renderer *r, struct ui_box b, bool can)
{
	struct rgb card = { 0xcf, 0xe3, 0xf5 };
	fill(r, b, card);
	frame_rect(r, b, 2, C_TEXT, 255);
	struct ui_box photo = { b.x + b.w / 16, b.y + b.h / 4, b.w / 4, b.h * 5 / 8 };
	fill(r, photo, C_GREY);
	for (int i = 0; i < 4; i++)
		fill(r, (struct ui_box){ b.x + b.w * 3 / 8, b.y + b.h / 3 + i * b.h / 7, b.w / 2 - i * b.w / 16,
		                         b.h / 24 + 1 }, C_GREY);
	if (can) {
		/* the CAN: six digits in the lower right corner, marked */
		struct ui_box m = { b.x + b.w * 6 / 10, b.y + b.h * 3 / 4 + b.h / 40, b.w * 3 / 10, b.h / 6 };
		fill(r, m, C_WHITE);
		for (int i = 0; i < 6; i++)
			fill(r, (struct ui_box){ m.x + m.w / 12 + i * m.w / 7, m.y + m.h / 4, m.w / 10, m.h / 2 }, C_TEXT);
		frame_rect(r, (struct ui_box){ m.x - 4, m.y - 4, m.w + 8, m.h + 8 }, 4, C_DANGER, 255);
	} else {
		struct rgb blue = { 0x00, 0x6a, 0xa7 }, yellow = { 0xfe, 0xcc, 0x00 };
		fill(r, (struct ui_box){ b.x, b.y, b.w, b.h / 6 }, blue);
		fill(r, (struct ui_box){ b.x + b.w / 3, b.y, b.w / 20 + 1, b.h / 6 }, yellow);
		frame_rect(r, b, 2, C_TEXT, 255);
	}
}

static void draw_passport_page(SDL_Renderer *r, struct ui_box b)
{
	struct rgb page = { 0xe8, 0xee, 0xe4 };
	fill(r, b, page);
	frame_rect(r, b, 3, C_TEXT, 255);
	struct ui_box photo = { b.x + b.w / 20, b.y + b.h / 10, b.w / 4, b.h / 2 };
	fill(r, photo, C_GREY);
	for (int i = 0; i < 4; i++)
		fill(r, (struct ui_box){ b.x + b.w / 3, b.y + b.h / 8 + i * b.h / 9, b.w / 2, b.h / 30 + 1 }, C_LIGHT);
	/* the two MRZ lines, marked: this part must be visible */
	struct ui_box mrz = { b.x + b.w / 20, b.y + b.h * 7 / 10, b.w * 9 / 10, b.h / 4 };
	for (int l = 0; l < 2; l++)
		for (int i = 0; i < 22; i++)
			fill(r, (struct ui_box){ mrz.x + i * mrz.w / 22, mrz.y + mrz.h / 6 + l * mrz.h / 2,
			                         mrz.w / 30 + 1, mrz.h / 4 }, C_TEXT);
	frame_rect(r, (struct ui_box){ mrz.x - 6, mrz.y - 2, mrz.w + 12, mrz.h + 6 }, 4, C_GOOD, 255);
}

static void draw_check(SDL_Renderer *r, struct ui_box b)
{
	float s = (float)(b.w < b.h ? b.w : b.h) * 0.8f;
	float cx = (float)b.x + (float)b.w / 2, cy = (float)b.y + (float)b.h / 2;
	arc(r, cx, cy, 0, s / 2, 0, 6.2832f, C_GOOD, 255);
	line(r, cx - s * 0.22f, cy, cx - s * 0.05f, cy + s * 0.18f, s * 0.09f, C_WHITE, 255);
	line(r, cx - s * 0.08f, cy + s * 0.18f, cx + s * 0.25f, cy - s * 0.18f, s * 0.09f, C_WHITE, 255);
}

static SDL_Texture *image_texture(SDL_Renderer *r, const struct ui_image *img)
{
	if (!img->rgb || img->width <= 0 || img->height <= 0 || img->width > 8192 ||
	    img->height > 8192 || img->stride < img->width * 3)
		return NULL;
	SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STATIC,
	                                   img->width, img->height);
	if (t && SDL_UpdateTexture(t, NULL, img->rgb, img->stride) != 0) {
		SDL_DestroyTexture(t);
		t = NULL;
	}
	return t;
}

static void draw_image(struct ui *ui, const struct ui_item *it, const struct ui_view *v)
{
	SDL_Renderer *r = ui->renderer;
	struct ui_box b = it->e.box;
	const struct ui_image *img = it->draw == UI_DRAW_CAMERA ? &v->camera : &v->face;
	/* Personal: a texture for this frame only. */
	SDL_Texture *t = image_texture(r, img);
	if (t) {
		SDL_Rect dst = { b.x, b.y, b.w, b.h };
		SDL_RenderCopy(r, t, NULL, &dst);
		SDL_DestroyTexture(t);
	} else {
		/* no image: a neutral silhouette */
		fill(r, b, C_LIGHT);
		float cx = (float)b.x + (float)b.w / 2, s = (float)b.w;
		arc(r, cx, (float)b.y + (float)b.h * 0.38f, 0, s * 0.2f, 0, 6.2832f, C_GREY, 255);
		arc(r, cx, (float)(b.y + b.h), s * 0.0f, s * 0.38f, 3.1416f, 6.2832f, C_GREY, 255);
	}
	frame_rect(r, b, 3, C_TEXT, 255);
	if (it->draw == UI_DRAW_CAMERA && v->mrz_found && t) {
		float sx = (float)b.w / (float)img->width, sy = (float)b.h / (float)img->height;
		float lw = (float)ui->target_px / 16 + 2;
		for (int i = 0; i < 4; i++) {
			const struct ui_point *p = &v->mrz_quad[i], *q = &v->mrz_quad[(i + 1) % 4];
			line(r, (float)b.x + p->x * sx, (float)b.y + p->y * sy,
			     (float)b.x + q->x * sx, (float)b.y + q->y * sy, lw, C_GOOD, 255);
		}
	}
}

static void draw_progress(struct ui *ui, struct ui_box b, double t_s)
{
	SDL_Renderer *r = ui->renderer;
	fill(r, b, C_WHITE);
	int fw = (int)(b.w * ui->shown_permille / 1000.0);
	fill(r, (struct ui_box){ b.x, b.y, fw, b.h }, C_PRIMARY);
	/* a light band sweeping over the filled part: the read is alive */
	if (fw > 0) {
		SDL_Rect clip = { b.x, b.y, fw, b.h };
		SDL_RenderSetClipRect(r, &clip);
		float band = (float)b.h * 2;
		float pos = (float)b.x + (float)fmod(t_s * b.w * 0.6, (double)b.w + band) - band;
		float q[8] = { pos, (float)(b.y + b.h), pos + band / 2, (float)b.y, pos + band,
		               (float)b.y, pos + band / 2, (float)(b.y + b.h) };
		quad(r, q, C_WHITE, 70);
		SDL_RenderSetClipRect(r, NULL);
	}
	frame_rect(r, b, 3, C_TEXT, 255);
}

static void draw_dots(SDL_Renderer *r, struct ui_box b, int n)
{
	int slots = n > 4 ? n : 4;
	if (slots > 12)
		slots = 12;
	float d = (float)b.h * 0.4f, gap = d * 0.6f;
	float total = (float)slots * d + (float)(slots - 1) * gap;
	float x = (float)b.x + ((float)b.w - total) / 2 + d / 2, cy = (float)b.y + (float)b.h / 2;
	for (int i = 0; i < slots; i++, x += d + gap) {
		if (i < n)
			arc(r, x, cy, 0, d / 2, 0, 6.2832f, C_TEXT, 255);
		else
			arc(r, x, cy, d / 2 - 3, d / 2, 0, 6.2832f, C_TEXT, 255);
	}
}

/* ---- the frame ----------------------------------------------------------- */

static struct rgb style_bg(enum ui_style s, bool pressed)
{
	struct rgb c;
	switch (s) {
	case UI_STYLE_PRIMARY: c = C_PRIMARY; break;
	case UI_STYLE_GOOD: c = C_GOOD; break;
	case UI_STYLE_DANGER: c = C_DANGER; break;
	default: c = C_WHITE; break;
	}
	if (pressed) {
		if (c.r == 0xff) {
			c = C_LIGHT;
		} else {
			c.r = (Uint8)(c.r * 2 / 3);
			c.g = (Uint8)(c.g * 2 / 3);
			c.b = (Uint8)(c.b * 2 / 3);
		}
	}
	return c;
}

static struct rgb style_fg(enum ui_style s)
{
	switch (s) {
	case UI_STYLE_PRIMARY:
	case UI_STYLE_GOOD:
	case UI_STYLE_DANGER:
	case UI_STYLE_HEADER: return C_WHITE;
	case UI_STYLE_ERROR: return C_DANGER;
	case UI_STYLE_DATA: return C_HEAD;
	default: return C_TEXT;
	}
}

void ui_draw_items(struct ui *ui, const struct ui_view *v)
{
	SDL_Renderer *r = ui->renderer;
	double t_s = (double)(SDL_GetTicks() - ui->start_ms) / 1000.0;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	fill(r, (struct ui_box){ 0, 0, ui->frame_w, ui->frame_h }, C_BG);
	/* the header band behind the title */
	for (size_t i = 0; i < ui->item_count; i++)
		if (ui->items[i].style == UI_STYLE_HEADER && !ui->items[i].overlay) {
			const struct ui_box *tb = &ui->items[i].e.box;
			fill(r, (struct ui_box){ 0, 0, ui->frame_w, tb->y + tb->h + tb->y / 2 }, C_HEAD);
			break;
		}
	int border = ui->target_px / 30 + 2;
	for (size_t i = 0; i < ui->item_count; i++) {
		struct ui_item *it = &ui->items[i];
		struct ui_box b = it->e.box;
		if (i == ui->overlay_from) {
			SDL_SetRenderDrawColor(r, 0, 0, 0, 170);
			SDL_Rect all = { 0, 0, ui->frame_w, ui->frame_h };
			SDL_RenderFillRect(r, &all);
		}
		switch (it->e.kind) {
		case UI_ELEMENT_BUTTON: {
			bool pressed = (int)i == ui->pressed;
			struct rgb bg = style_bg(it->style, pressed);
			fill(r, b, bg);
			frame_rect(r, b, border, it->style == UI_STYLE_PRIMARY ? C_HEAD : C_TEXT, 255);
			draw_text(ui, it, style_fg(it->style), true);
			break;
		}
		case UI_ELEMENT_TEXT:
			draw_text(ui, it, style_fg(it->style),
			          it->style == UI_STYLE_HEADER || it->style == UI_STYLE_BIG || it->center ||
			          it->vcenter || it->e.line_count == 1);
			break;
		case UI_ELEMENT_IMAGE:
			draw_image(ui, it, v);
			break;
		case UI_ELEMENT_PROGRESS:
			draw_progress(ui, b, t_s);
			break;
		case UI_ELEMENT_DRAWING:
			switch (it->draw) {
			case UI_DRAW_FLAG: draw_flag(r, b, it->flag); break;
			case UI_DRAW_READER: draw_reader(ui, b, t_s); break;
			case UI_DRAW_WARNING: draw_warning(r, b); break;
			case UI_DRAW_ID_CARD: draw_card(r, b, true); break;
			case UI_DRAW_PERMIT: draw_card(r, b, false); break;
			case UI_DRAW_CHECK: draw_check(r, b); break;
			case UI_DRAW_DOTS: draw_dots(r, b, atoi(it->flag)); break;
			case UI_DRAW_PASSPORT: draw_passport_page(r, b); break;
			case UI_DRAW_NONE:
				if (it->overlay) {
					fill(r, b, C_WHITE);
					frame_rect(r, b, border * 2, C_FOCUS, 255);
				}
				break;
			default: break;
			}
			break;
		}
	}
	/* attract: a glow runs over the language buttons every few seconds */
	if (v->screen == UI_SCREEN_LANGUAGE && !v->timeout_warning) {
		double cyc = fmod(t_s, 8.0);
		if (cyc < 2.0) {
			int k = 0;
			for (size_t i = 0; i < ui->item_count; i++) {
				struct ui_item *it = &ui->items[i];
				if (strncmp(it->e.id, "lang:", 5) != 0)
					continue;
				double ph = cyc / 2.0 * ((double)ui->lang_count + 2) - k++;
				double in = 1.0 - fabs(ph - 1.0);
				if (in > 0)
					frame_rect(r, it->e.box, border * 2, C_FOCUS, (Uint8)(255 * in));
			}
		}
	}
	if (ui->focus >= 0 && (size_t)ui->focus < ui->item_count) {
		struct ui_box b = ui->items[ui->focus].e.box;
		frame_rect(r, (struct ui_box){ b.x - 2, b.y - 2, b.w + 4, b.h + 4 }, border * 2, C_FOCUS, 255);
		frame_rect(r, b, 2, C_TEXT, 255);
	}
}
