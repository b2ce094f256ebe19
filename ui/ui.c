/* ui.c - window, fonts, translations, events; the screens are laid out in
 * ui_layout.c and painted in ui_draw.c. */
#include "ui_int.h"

#include <SDL_image.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *ui_err_str(enum ui_err err)
{
	switch (err) {
	case UI_OK: return "no error";
	case UI_ERR_VIDEO: return "no display could be opened (check DISPLAY / WAYLAND_DISPLAY, or the KMS/DRM device and the input group)";
	case UI_ERR_FONT: return "a font file is missing or unreadable (install fonts-dejavu-core)";
	case UI_ERR_TRANSLATIONS: return "the translation folder is missing or a translation file is malformed";
	case UI_ERR_ASSET: return "an image asset is missing or unreadable";
	case UI_ERR_IO: return "the screenshot could not be written";
	case UI_ERR_ARG: return "invalid argument (no such button on this screen?)";
	case UI_ERR_NOMEM: return "out of memory";
	}
	return "unknown UI error";
}

const char *ui_screen_name(enum ui_screen s)
{
	static const char *const names[UI_SCREEN_COUNT] = {
		"language", "place_document", "chip_reading", "chip_problem", "can_entry",
		"verified", "permit_document", "no_order", "choose_order", "contact_confirm",
		"order_summary", "reject_reason", "done", "out_of_order", "staff_pin",
		"staff_menu", "staff_appointments", "staff_manual_mrz", "staff_devices",
		"staff_sync", "staff_audit",
	};
	return (unsigned)s < UI_SCREEN_COUNT ? names[s] : "unknown";
}

void ui_view_wipe(struct ui_view *view)
{
	if (!view)
		return;
	volatile unsigned char *p = (volatile unsigned char *)view;
	for (size_t i = 0; i < sizeof *view; i++)
		p[i] = 0;
	view->selected_line = -1;
	memcpy(view->language, "en", 3);
}

__attribute__((format(printf, 2, 3)))
static void why(const struct ui_config *cfg, const char *fmt, ...)
{
	if (!cfg || !cfg->why || cfg->why_size == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cfg->why, cfg->why_size, fmt, ap);
	va_end(ap);
}

static bool readable(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	fclose(f);
	return true;
}

static const char *const font_dirs[] = {
	"/usr/share/fonts/truetype/dejavu",
	"/usr/share/fonts/dejavu",
};
static const char *const font_files[UI_FACES] = { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                   "DejaVuSansMono.ttf" };

static enum ui_err find_fonts(struct ui *ui, const struct ui_config *cfg)
{
	for (int b = 0; b < UI_FACES; b++) {
		char path[1024];
		bool found = false;
		if (cfg->font_dir) {
			snprintf(path, sizeof path, "%s/%s", cfg->font_dir, font_files[b]);
			if (!readable(path)) {
				why(cfg, "font %s not found: put DejaVu Sans there, or leave "
				    "font_dir unset and 'apt-get install fonts-dejavu-core'", path);
				return UI_ERR_FONT;
			}
			found = true;
		}
		if (!found && cfg->asset_dir) {
			snprintf(path, sizeof path, "%s/fonts/%s", cfg->asset_dir, font_files[b]);
			found = readable(path);
		}
		for (size_t i = 0; !found && i < sizeof font_dirs / sizeof font_dirs[0]; i++) {
			snprintf(path, sizeof path, "%s/%s", font_dirs[i], font_files[b]);
			found = readable(path);
		}
		if (!found) {
			why(cfg, "font %s not found in %s/fonts or %s: install it with "
			    "'apt-get install fonts-dejavu-core'", font_files[b],
			    cfg->asset_dir ? cfg->asset_dir : "(no asset_dir)", font_dirs[0]);
			return UI_ERR_FONT;
		}
		ui->font_path[b] = SDL_strdup(path);
		if (!ui->font_path[b])
			return UI_ERR_NOMEM;
		TTF_Font *f = TTF_OpenFont(path, 24);
		if (!f) {
			why(cfg, "font %s could not be opened (%s): reinstall fonts-dejavu-core",
			    path, TTF_GetError());
			return UI_ERR_FONT;
		}
		ui->fonts[b][24] = f;
	}
	return UI_OK;
}

static int lang_order(const struct ui_lang_table *t)
{
	const char *o = ui_lang_get(t, "language.order");
	return o ? atoi(o) : 1000;
}

static int lang_cmp(const void *a, const void *b)
{
	const struct ui_lang_table *x = a, *y = b;
	int ox = lang_order(x), oy = lang_order(y);
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Whether CODE is one of LIST, "xx,yy,..." (NULL or "" lists them all). */
static bool lang_listed(const char *list, const char *code)
{
	if (!list || !list[0])
		return true;
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && memcmp(p, code, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* Loads every "xx.txt" (xx: a-z, 2 or 3 letters) of dir that cfg->languages
 * lists, and English. */
static enum ui_err load_languages(struct ui *ui, const struct ui_config *cfg)
{
	const char *dir = cfg->lang_dir;
	if (!dir) {
		why(cfg, "no translation folder given (lang_dir): point it at ui/lang");
		return UI_ERR_TRANSLATIONS;
	}
	DIR *d = opendir(dir);
	if (!d) {
		why(cfg, "translation folder %s cannot be opened: point lang_dir at ui/lang", dir);
		return UI_ERR_TRANSLATIONS;
	}
	enum ui_err err = UI_OK;
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		const char *n = ent->d_name;
		size_t len = strlen(n), cl = len >= 4 ? len - 4 : 0;
		if (cl < 2 || cl > 3 || strcmp(n + cl, ".txt") != 0)
			continue;
		bool ok = true;
		for (size_t i = 0; i < cl; i++)
			ok = ok && n[i] >= 'a' && n[i] <= 'z';
		char code[4] = "";
		memcpy(code, n, cl);
		if (!ok || (strcmp(code, "en") != 0 && !lang_listed(cfg->languages, code)))
			continue;
		if (ui->lang_count == UI_MAX_LANGS) {
			why(cfg, "more than %d translation files in %s", UI_MAX_LANGS, dir);
			err = UI_ERR_TRANSLATIONS;
			break;
		}
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, n);
		struct ui_lang_table *t = &ui->langs[ui->lang_count];
		int line = 0;
		enum ui_lang_err le = ui_lang_load(path, t, &line);
		if (le != UI_LANG_OK) {
			if (line > 0)
				why(cfg, "%s line %d: %s", path, line, ui_lang_err_str(le));
			else
				why(cfg, "%s: %s", path, ui_lang_err_str(le));
			err = le == UI_LANG_NOMEM ? UI_ERR_NOMEM : UI_ERR_TRANSLATIONS;
			break;
		}
		memcpy(t->code, n, cl);
		t->code[cl] = '\0';
		ui->lang_count++;
	}
	closedir(d);
	if (err != UI_OK)
		return err;
	qsort(ui->langs, ui->lang_count, sizeof ui->langs[0], lang_cmp);
	for (size_t i = 0; i < ui->lang_count; i++)
		if (strcmp(ui->langs[i].code, "en") == 0)
			ui->en = &ui->langs[i];
	if (!ui->en) {
		why(cfg, "%s has no en.txt: English is the fallback for every missing text", dir);
		return UI_ERR_TRANSLATIONS;
	}
	/* Every listed language must have its file. */
	for (const char *p = cfg->languages; p && *p;) {
		size_t len = strcspn(p, ",");
		bool found = false;
		for (size_t i = 0; i < ui->lang_count; i++)
			found = found || (strlen(ui->langs[i].code) == len &&
			                  memcmp(ui->langs[i].code, p, len) == 0);
		if (!found) {
			why(cfg, "language %.*s is asked for but %s has no %.*s.txt: add the "
			         "translation or leave it out of the list",
			    (int)(len > 8 ? 8 : len), p, dir, (int)(len > 8 ? 8 : len), p);
			return UI_ERR_TRANSLATIONS;
		}
		p += len + (p[len] == ',');
	}
	ui->cur = ui->en;
	return UI_OK;
}

static void compute_sizes(struct ui *ui)
{
	ui->target_px = (int)ceilf(20.0f / 25.4f * ui->dpi);
	ui->min_cap_px = (int)ceilf(4.0f / 25.4f * ui->dpi);
	/* the smallest pixel size whose capital H is at least min_cap_px tall */
	int px = ui->min_cap_px;
	while (px < UI_FONT_SIZES - 1) {
		int minx, maxx, miny, maxy, adv;
		TTF_Font *f = ui_font(ui, px, UI_FACE_REGULAR);
		if (f && TTF_GlyphMetrics32(f, 'H', &minx, &maxx, &miny, &maxy, &adv) == 0 &&
		    maxy >= ui->min_cap_px) {
			bool all = true;
			for (int face = 1; face < UI_FACES; face++) {
				TTF_Font *fb = ui_font(ui, px, (enum ui_face)face);
				all = all && fb &&
				      TTF_GlyphMetrics32(fb, 'H', &minx, &maxx, &miny, &maxy, &adv) == 0 &&
				      maxy >= ui->min_cap_px;
			}
			if (all)
				break;
		}
		px++;
	}
	ui->min_font_px = px;
}

static int sdl_users;

enum ui_err ui_open(const struct ui_config *cfg, struct ui **out)
{
	*out = NULL;
	if (!cfg)
		return UI_ERR_ARG;
	if (cfg->why && cfg->why_size)
		cfg->why[0] = '\0';
	struct ui *ui = calloc(1, sizeof *ui);
	if (!ui)
		return UI_ERR_NOMEM;
	ui->focus = ui->pressed = -1;
	ui->headless = cfg->headless;
	enum ui_err err = UI_OK;

	if (sdl_users == 0) {
		/* Headless wins over an SDL_VIDEODRIVER in the environment; a
		 * window goes back to whatever the environment says (kmsdrm...). */
		if (cfg->headless)
			SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "dummy", SDL_HINT_OVERRIDE);
		else
			SDL_ResetHint(SDL_HINT_VIDEODRIVER);
		/* A kiosk never blanks; a finger is not a mouse twice. */
		SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
		SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
		SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
		if (SDL_Init(SDL_INIT_VIDEO) != 0) {
			why(cfg, "SDL could not open a display: %s (set DISPLAY or "
			    "WAYLAND_DISPLAY, or run on a VT with access to /dev/dri and "
			    "/dev/input; tests use headless)", SDL_GetError());
			free(ui);
			return UI_ERR_VIDEO;
		}
		if (TTF_Init() != 0) {
			why(cfg, "SDL_ttf could not start: %s", TTF_GetError());
			SDL_Quit();
			free(ui);
			return UI_ERR_FONT;
		}
	}
	sdl_users++;

	err = find_fonts(ui, cfg);
	if (err != UI_OK)
		goto out;
	err = load_languages(ui, cfg);
	if (err != UI_OK)
		goto out;

	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
	int w = cfg->width > 0 ? cfg->width : 1024, h = cfg->height > 0 ? cfg->height : 600;
	if (cfg->fullscreen && !cfg->headless)
		flags |= cfg->width > 0 ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
	else if (!cfg->headless)
		flags |= SDL_WINDOW_RESIZABLE;
	ui->window = SDL_CreateWindow("ID06", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                              w, h, flags);
	if (!ui->window) {
		why(cfg, "SDL could not create a %dx%d window: %s", w, h, SDL_GetError());
		err = UI_ERR_VIDEO;
		goto out;
	}
	if (!cfg->headless)
		ui->renderer = SDL_CreateRenderer(ui->window, -1,
		                                  SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE);
	if (!ui->renderer)
		ui->renderer = SDL_CreateRenderer(ui->window, -1,
		                                  SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
	if (!ui->renderer) {
		why(cfg, "SDL could not create a renderer: %s", SDL_GetError());
		err = UI_ERR_VIDEO;
		goto out;
	}
	ui->dpi = cfg->dpi;
	if (ui->dpi <= 0) {
		float ddpi = 0;
		int disp = SDL_GetWindowDisplayIndex(ui->window);
		if (SDL_GetDisplayDPI(disp < 0 ? 0 : disp, &ddpi, NULL, NULL) == 0 && ddpi > 30)
			ui->dpi = ddpi;
		else
			ui->dpi = 96; /* a laptop's usual figure when the display will not say */
	}
	compute_sizes(ui);
	ui->start_ms = SDL_GetTicks();
	ui->screen = UI_SCREEN_COUNT;
out:
	if (err != UI_OK) {
		ui_close(ui);
		return err;
	}
	*out = ui;
	return UI_OK;
}

void ui_close(struct ui *ui)
{
	if (!ui)
		return;
	ui_cache_flush(ui);
	if (ui->frame)
		SDL_DestroyTexture(ui->frame);
	if (ui->renderer)
		SDL_DestroyRenderer(ui->renderer);
	if (ui->window)
		SDL_DestroyWindow(ui->window);
	for (int b = 0; b < UI_FACES; b++) {
		for (int i = 0; i < UI_FONT_SIZES; i++)
			if (ui->fonts[b][i])
				TTF_CloseFont(ui->fonts[b][i]);
		SDL_free(ui->font_path[b]);
	}
	for (size_t i = 0; i < ui->lang_count; i++)
		ui_lang_fini(&ui->langs[i]);
	volatile unsigned char *p = (volatile unsigned char *)ui->items;
	for (size_t i = 0; i < sizeof ui->items; i++)
		p[i] = 0;
	free(ui);
	if (--sdl_users == 0) {
		TTF_Quit();
		SDL_Quit();
	}
}

static const struct ui_lang_table *find_lang(const struct ui *ui, const char *code)
{
	for (size_t i = 0; i < ui->lang_count; i++)
		if (strncmp(ui->langs[i].code, code, sizeof ui->langs[i].code) == 0)
			return &ui->langs[i];
	return ui->en;
}

/* Screen change bookkeeping, progress easing and the layout. */
static enum ui_err prepare(struct ui *ui, const struct ui_view *view, int w, int h)
{
	if (!ui || !view || (unsigned)view->screen >= UI_SCREEN_COUNT)
		return UI_ERR_ARG;
	char lang[sizeof view->language + 1];
	memcpy(lang, view->language, sizeof view->language);
	lang[sizeof view->language] = '\0';
	if (view->screen != ui->screen || strcmp(lang, ui->language) != 0) {
		/* A new screen: nothing of the last one survives. */
		ui_cache_flush(ui);
		ui->page = 0;
		ui->focus = ui->pressed = -1;
		ui->screen = view->screen;
		memcpy(ui->language, lang, sizeof ui->language);
		ui->language[sizeof ui->language - 1] = '\0';
		ui->shown_permille = 0;
	}
	ui->cur = find_lang(ui, lang);

	/* progress eases towards the view's figure (and jumps back at once) */
	Uint32 now = SDL_GetTicks();
	double target = view->progress_permille < 0 ? 0 : view->progress_permille > 1000 ? 1000 :
	                view->progress_permille;
	double dt = (double)(now - ui->last_frame_ms);
	if (target < ui->shown_permille || dt > 500)
		ui->shown_permille = target;
	else
		ui->shown_permille += (target - ui->shown_permille) * (1.0 - exp(-dt / 120.0));
	if (fabs(target - ui->shown_permille) < 1)
		ui->shown_permille = target;
	ui->last_frame_ms = now;

	ui_layout_build(ui, view, w, h);
	if (ui->focus >= (int)ui->item_count)
		ui->focus = -1;
	if (ui->pressed >= (int)ui->item_count)
		ui->pressed = -1;
	return UI_OK;
}

static void wipe_personal(struct ui *ui)
{
	for (size_t i = 0; i < ui->item_count; i++)
		if (ui->items[i].e.personal) {
			volatile char *p = ui->items[i].e.text;
			for (size_t k = 0; k < sizeof ui->items[i].e.text; k++)
				p[k] = 0;
		}
}

static enum ui_err output_size(struct ui *ui, int *w, int *h)
{
	if (SDL_GetRendererOutputSize(ui->renderer, w, h) != 0 || *w <= 0 || *h <= 0)
		return UI_ERR_VIDEO;
	return UI_OK;
}

enum ui_err ui_layout(struct ui *ui, const struct ui_view *view)
{
	int w = 0, h = 0;
	if (!ui)
		return UI_ERR_ARG;
	enum ui_err err = output_size(ui, &w, &h);
	if (err == UI_OK)
		err = prepare(ui, view, w, h);
	if (err != UI_OK)
		return err;
	ui->frame_w = ui->frame ? ui->frame_w : w;
	ui->frame_h = ui->frame ? ui->frame_h : h;
	ui->drawn = true;
	wipe_personal(ui);
	return UI_OK;
}

enum ui_err ui_draw(struct ui *ui, const struct ui_view *view)
{
	int w = 0, h = 0;
	if (!ui)
		return UI_ERR_ARG;
	enum ui_err err = output_size(ui, &w, &h);
	if (err != UI_OK)
		return err;
	if (!ui->frame || w != ui->frame_w || h != ui->frame_h) {
		if (ui->frame)
			SDL_DestroyTexture(ui->frame);
		ui->frame = SDL_CreateTexture(ui->renderer, SDL_PIXELFORMAT_ARGB8888,
		                              SDL_TEXTUREACCESS_TARGET, w, h);
		if (!ui->frame)
			return UI_ERR_VIDEO;
		ui->frame_w = w;
		ui->frame_h = h;
	}
	err = prepare(ui, view, w, h);
	if (err != UI_OK)
		return err;
	Uint32 now = SDL_GetTicks();

	SDL_SetRenderTarget(ui->renderer, ui->frame);
	ui_draw_items(ui, view);
	SDL_SetRenderTarget(ui->renderer, NULL);
	SDL_RenderCopy(ui->renderer, ui->frame, NULL, NULL);
	SDL_RenderPresent(ui->renderer);
	ui->drawn = true;

	/* The layout stays for hit testing and tests; personal text does not. */
	wipe_personal(ui);

	/* Does this screen animate?  The reading screen always does (waves,
	 * the band on the bar); the attract screen for two seconds in eight. */
	ui->animating = false;
	if (view->screen == UI_SCREEN_CHIP_READING && !view->timeout_warning) {
		ui->animating = true;
		ui->next_frame_ms = now + 16;
	} else if (view->screen == UI_SCREEN_LANGUAGE && !view->timeout_warning) {
		Uint32 cyc = (now - ui->start_ms) % 8000;
		ui->animating = true;
		ui->next_frame_ms = cyc < 2000 ? now + 16 : now + (8000 - cyc);
	}
	return UI_OK;
}

/* ---- input ---------------------------------------------------------------- */

static bool active(const struct ui *ui, size_t i)
{
	const struct ui_item *it = &ui->items[i];
	if (it->e.kind != UI_ELEMENT_BUTTON)
		return false;
	return ui->overlay_from >= ui->item_count || i >= ui->overlay_from;
}

static int hit(const struct ui *ui, int x, int y)
{
	for (size_t i = ui->item_count; i-- > 0;) {
		const struct ui_box *b = &ui->items[i].e.box;
		if (active(ui, i) && x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h)
			return (int)i;
	}
	return -1;
}

static int find_button(const struct ui *ui, const char *id)
{
	for (size_t i = 0; i < ui->item_count; i++)
		if (active(ui, i) && strcmp(ui->items[i].e.id, id) == 0)
			return (int)i;
	return -1;
}

/* A button was activated: page buttons are the UI's own business. */
static bool activate(struct ui *ui, int i, struct ui_event *ev)
{
	const char *id = ui->items[i].e.id;
	if (strcmp(id, "page:next") == 0 || strcmp(id, "page:prev") == 0) {
		ui->page += id[5] == 'n' ? 1 : -1;
		if (ui->page < 0)
			ui->page = 0;
		ui->focus = -1;
		ev->type = UI_EVENT_REDRAW;
		return true;
	}
	ev->type = UI_EVENT_BUTTON;
	snprintf(ev->button, sizeof ev->button, "%s", id);
	return true;
}

static bool press_id(struct ui *ui, const char *id, struct ui_event *ev)
{
	int i = find_button(ui, id);
	if (i < 0)
		return false;
	return activate(ui, i, ev);
}

static void to_frame(struct ui *ui, int wx, int wy, int *x, int *y)
{
	int ww = 0, wh = 0;
	SDL_GetWindowSize(ui->window, &ww, &wh);
	*x = ww > 0 ? (int)((long)wx * ui->frame_w / ww) : wx;
	*y = wh > 0 ? (int)((long)wy * ui->frame_h / wh) : wy;
}

static bool pointer(struct ui *ui, bool down, int x, int y, struct ui_event *ev)
{
	int i = ui->drawn ? hit(ui, x, y) : -1;
	if (down) {
		ui->pressed = i;
		ev->type = UI_EVENT_ACTIVITY;
		return true;
	}
	int was = ui->pressed;
	ui->pressed = -1;
	if (i >= 0 && i == was)
		return activate(ui, i, ev);
	ev->type = UI_EVENT_ACTIVITY;
	return true;
}

static void move_focus(struct ui *ui, int dir)
{
	int n = (int)ui->item_count;
	if (n == 0)
		return;
	int i = ui->focus;
	for (int k = 0; k < n; k++) {
		i = i < 0 ? (dir > 0 ? 0 : n - 1) : (i + dir + n) % n;
		if (active(ui, (size_t)i)) {
			ui->focus = i;
			return;
		}
	}
}

static bool key(struct ui *ui, const SDL_KeyboardEvent *k, struct ui_event *ev)
{
	SDL_Keycode sym = k->keysym.sym;
	char id[32];
	bool pad = ui->screen == UI_SCREEN_CAN_ENTRY || ui->screen == UI_SCREEN_STAFF_PIN;
	bool mrz = ui->screen == UI_SCREEN_STAFF_MANUAL_MRZ;
	ev->type = UI_EVENT_ACTIVITY;
	if (sym == SDLK_TAB) {
		move_focus(ui, (k->keysym.mod & KMOD_SHIFT) ? -1 : 1);
		ev->type = UI_EVENT_REDRAW;
		return true;
	}
	if (sym == SDLK_ESCAPE || sym == SDLK_AC_BACK)
		return press_id(ui, "back", ev) || press_id(ui, "cancel", ev) || true;
	if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER || (sym == SDLK_SPACE && !mrz)) {
		if (ui->focus >= 0 && active(ui, (size_t)ui->focus))
			return activate(ui, ui->focus, ev);
		if (mrz && sym != SDLK_SPACE)
			return press_id(ui, "key:newline", ev) || true;
		return press_id(ui, "more_time", ev) || press_id(ui, "continue", ev) || true;
	}
	if (sym == SDLK_BACKSPACE || sym == SDLK_DELETE)
		return press_id(ui, "key:del", ev) || true;
	if ((pad || mrz) && sym >= SDLK_0 && sym <= SDLK_9) {
		snprintf(id, sizeof id, "key:%c", (char)sym);
		return press_id(ui, id, ev) || true;
	}
	if ((pad || mrz) && sym >= SDLK_KP_1 && sym <= SDLK_KP_0) {
		snprintf(id, sizeof id, "key:%c", sym == SDLK_KP_0 ? '0' : (char)('1' + (sym - SDLK_KP_1)));
		return press_id(ui, id, ev) || true;
	}
	if (mrz && sym >= SDLK_a && sym <= SDLK_z) {
		snprintf(id, sizeof id, "key:%c", (char)('A' + (sym - SDLK_a)));
		return press_id(ui, id, ev) || true;
	}
	return true;
}

static int frames_due(const struct ui *ui)
{
	if (!ui->animating)
		return -1;
	Sint32 d = (Sint32)(ui->next_frame_ms - SDL_GetTicks());
	return d < 0 ? 0 : d;
}

bool ui_poll(struct ui *ui, int timeout_ms, struct ui_event *ev)
{
	memset(ev, 0, sizeof *ev);
	if (!ui)
		return false;
	Uint32 start = SDL_GetTicks();
	for (;;) {
		int left = timeout_ms - (int)(SDL_GetTicks() - start);
		if (left < 0)
			left = 0;
		int due = frames_due(ui);
		int wait = due >= 0 && due < left ? due : left;
		SDL_Event e;
		if (!SDL_WaitEventTimeout(&e, wait)) {
			if (due >= 0 && due <= left) {
				ui->animating = false; /* until the next ui_draw says again */
				ev->type = UI_EVENT_REDRAW;
				return true;
			}
			if ((int)(SDL_GetTicks() - start) >= timeout_ms)
				return false;
			continue;
		}
		switch (e.type) {
		case SDL_QUIT:
			ev->type = UI_EVENT_QUIT;
			return true;
		case SDL_WINDOWEVENT:
			if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
			    e.window.event == SDL_WINDOWEVENT_EXPOSED ||
			    e.window.event == SDL_WINDOWEVENT_RESTORED) {
				ev->type = UI_EVENT_REDRAW;
				return true;
			}
			break;
		case SDL_FINGERDOWN:
		case SDL_FINGERUP: {
			int x = (int)(e.tfinger.x * (float)ui->frame_w), y = (int)(e.tfinger.y * (float)ui->frame_h);
			return pointer(ui, e.type == SDL_FINGERDOWN, x, y, ev);
		}
		case SDL_MOUSEBUTTONDOWN:
		case SDL_MOUSEBUTTONUP: {
			if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT)
				break; /* the finger events carry touches */
			int x, y;
			to_frame(ui, e.button.x, e.button.y, &x, &y);
			return pointer(ui, e.type == SDL_MOUSEBUTTONDOWN, x, y, ev);
		}
		case SDL_KEYDOWN:
			return key(ui, &e.key, ev);
		case SDL_TEXTINPUT:
			if (ui->screen == UI_SCREEN_STAFF_MANUAL_MRZ && e.text.text[0] == '<' &&
			    press_id(ui, "key:<", ev))
				return true;
			break;
		default:
			break;
		}
	}
}

enum ui_err ui_tap(struct ui *ui, const char *button)
{
	if (!ui || !button || !ui->drawn)
		return UI_ERR_ARG;
	int i = find_button(ui, button);
	if (i < 0)
		return UI_ERR_ARG;
	const struct ui_box *b = &ui->items[i].e.box;
	float x = ((float)b->x + (float)b->w / 2) / (float)ui->frame_w;
	float y = ((float)b->y + (float)b->h / 2) / (float)ui->frame_h;
	SDL_Event e[2];
	memset(e, 0, sizeof e);
	for (int k = 0; k < 2; k++) {
		e[k].type = k == 0 ? SDL_FINGERDOWN : SDL_FINGERUP;
		e[k].tfinger.timestamp = SDL_GetTicks();
		e[k].tfinger.touchId = 0x1d06; /* a virtual touchscreen */
		e[k].tfinger.fingerId = 1;
		e[k].tfinger.x = x;
		e[k].tfinger.y = y;
		e[k].tfinger.pressure = k == 0 ? 1.0f : 0.0f;
		e[k].tfinger.windowID = SDL_GetWindowID(ui->window);
		if (SDL_PushEvent(&e[k]) < 0)
			return UI_ERR_NOMEM;
	}
	return UI_OK;
}

enum ui_err ui_screenshot(struct ui *ui, const char *png_path)
{
	if (!ui || !png_path || !ui->frame)
		return UI_ERR_ARG;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, ui->frame_w, ui->frame_h, 32,
	                                                SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return UI_ERR_NOMEM;
	enum ui_err err = UI_OK;
	SDL_SetRenderTarget(ui->renderer, ui->frame);
	if (SDL_RenderReadPixels(ui->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
		err = UI_ERR_VIDEO;
	SDL_SetRenderTarget(ui->renderer, NULL);
	if (err == UI_OK && IMG_SavePNG(s, png_path) != 0)
		err = UI_ERR_IO;
	SDL_FreeSurface(s);
	return err;
}

size_t ui_layout_count(const struct ui *ui)
{
	return ui && ui->drawn ? ui->item_count : 0;
}

enum ui_err ui_layout_get(const struct ui *ui, size_t index, struct ui_element *out)
{
	memset(out, 0, sizeof *out);
	if (!ui || !ui->drawn || index >= ui->item_count)
		return UI_ERR_ARG;
	*out = ui->items[index].e;
	return UI_OK;
}

float ui_dpi(const struct ui *ui) { return ui ? ui->dpi : 0; }
int ui_min_target_px(const struct ui *ui) { return ui ? ui->target_px : 0; }
int ui_min_cap_px(const struct ui *ui) { return ui ? ui->min_cap_px : 0; }
size_t ui_language_count(const struct ui *ui) { return ui ? ui->lang_count : 0; }

const char *ui_language_code(const struct ui *ui, size_t index)
{
	return ui && index < ui->lang_count ? ui->langs[index].code : NULL;
}
