/* ui_int.h - what the files of ui/ share (private). */
#ifndef ID06_UI_INT_H
#define ID06_UI_INT_H

#define _POSIX_C_SOURCE 200809L /* strnlen, strtok_r */

#include <SDL.h>
#include <SDL_ttf.h>

#include "ui.h"
#include "ui_lang.h"

#define UI_MAX_LANGS 24
#define UI_FONT_SIZES 257   /* fonts cached per pixel size, 0..256 */
#define UI_TEXT_CACHE 192
#define UI_MAX_WRAP 12      /* lines a text may wrap into */

enum ui_face {
	UI_FACE_REGULAR = 0,
	UI_FACE_BOLD,
	UI_FACE_MONO,           /* the MRZ: its columns must line up */
	UI_FACES
};

enum ui_style {
	UI_STYLE_PLAIN = 0,     /* text on the background */
	UI_STYLE_PRIMARY,       /* the forward action */
	UI_STYLE_SECONDARY,     /* back, cancel, list entries */
	UI_STYLE_GOOD,          /* accept */
	UI_STYLE_DANGER,        /* reject */
	UI_STYLE_KEY,           /* pad and keyboard keys */
	UI_STYLE_HEADER,        /* text on the header band */
	UI_STYLE_ERROR,         /* text saying something went wrong */
	UI_STYLE_DATA,          /* data read from the document or the order */
	UI_STYLE_BIG,           /* the digits typed, the seconds left */
};

enum ui_draw_kind {
	UI_DRAW_NONE = 0,
	UI_DRAW_FLAG,
	UI_DRAW_READER,         /* document on the reader, radio waves */
	UI_DRAW_WARNING,        /* a warning triangle */
	UI_DRAW_ID_CARD,        /* an ID card with the CAN field marked */
	UI_DRAW_PERMIT,         /* a residence permit card */
	UI_DRAW_CHECK,          /* a tick in a circle */
	UI_DRAW_DOTS,           /* PIN dots */
	UI_DRAW_CAMERA,
	UI_DRAW_FACE,
	UI_DRAW_PROGRESS,
	UI_DRAW_PASSPORT,       /* an open passport, MRZ lines at the bottom */
};

/* One element of the layout plus what drawing it needs. */
struct ui_item {
	struct ui_element e;
	enum ui_style style;
	enum ui_draw_kind draw;
	bool bold;
	bool mono;
	bool center;            /* centre the text (buttons); else left-aligned */
	bool vcenter;           /* centre the lines vertically in the text box */
	bool overlay;           /* belongs to the timeout overlay */
	char flag[64];          /* UI_DRAW_FLAG: the language's flag description */
	int breaks[UI_MAX_WRAP];/* byte offset where each laid out line starts */
};

struct ui_text_entry {
	char key[UI_MAX_ELEMENT_TEXT + 16];
	SDL_Texture *tex;
	int w, h;
};

struct ui {
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *frame;     /* every frame is drawn here, then shown */
	int frame_w, frame_h;
	bool headless;
	float dpi;
	int target_px;          /* 20 mm */
	int min_cap_px;         /* 4 mm */
	int min_font_px;        /* smallest size whose capitals reach min_cap_px */

	char *font_path[UI_FACES]; /* regular, bold, mono */
	TTF_Font *fonts[UI_FACES][UI_FONT_SIZES];

	size_t lang_count;
	struct ui_lang_table langs[UI_MAX_LANGS];
	const struct ui_lang_table *en, *cur;

	struct ui_text_entry cache[UI_TEXT_CACHE];
	size_t cache_used;

	/* the last drawn frame */
	struct ui_item items[UI_MAX_ELEMENTS];
	size_t item_count;
	size_t overlay_from;    /* first overlay item, item_count if none */
	enum ui_screen screen;
	bool drawn;
	char language[8];
	int list_count;         /* entries of the paged list on this screen */

	/* interaction state, reset when the screen changes */
	int page;
	int focus;              /* item index with the keyboard focus, -1 none */
	int pressed;            /* item index under a finger or mouse, -1 none */

	/* animation */
	Uint32 start_ms;
	double shown_permille;  /* progress bar as drawn, eases to the view's */
	Uint32 last_frame_ms;
	bool animating;         /* the screen drawn wants another frame soon */
	Uint32 next_frame_ms;   /* when (SDL ticks) */
};

/* ui_layout.c */
void ui_layout_build(struct ui *ui, const struct ui_view *view, int w, int h);
const char *ui_tr(const struct ui *ui, const char *key);
TTF_Font *ui_font(struct ui *ui, int px, enum ui_face face);

static inline enum ui_face ui_item_face(const struct ui_item *it)
{
	return it->mono ? UI_FACE_MONO : it->bold ? UI_FACE_BOLD : UI_FACE_REGULAR;
}

/* ui_draw.c */
void ui_draw_items(struct ui *ui, const struct ui_view *view);
void ui_cache_flush(struct ui *ui);

#endif
