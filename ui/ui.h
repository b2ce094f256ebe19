/* ui.h - the touchscreen: draws what the kiosk session decides.
 *
 * The UI never calls the chip reader or the store.  The kiosk fills a
 * struct ui_view (which screen, with which data) and calls ui_draw(); the
 * UI answers with events naming the button that was tapped.  Every text a
 * person reads comes from the translation files, looked up by the UI; the
 * kiosk passes only data (names, companies, digits).  Button ids are
 * stable strings so scripted sessions can say "tap accept". */
#ifndef ID06_UI_H
#define ID06_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ui_err {
	UI_OK = 0,
	UI_ERR_VIDEO,        /* no display could be opened */
	UI_ERR_FONT,         /* a font file is missing or unreadable */
	UI_ERR_TRANSLATIONS, /* the translation folder is missing or malformed */
	UI_ERR_ASSET,        /* an image asset is missing or unreadable */
	UI_ERR_IO,           /* a screenshot could not be written */
	UI_ERR_ARG,
	UI_ERR_NOMEM,
};
const char *ui_err_str(enum ui_err err);

enum ui_screen {
	/* cardholder */
	UI_SCREEN_LANGUAGE = 0,    /* attract screen and language choice */
	UI_SCREEN_PLACE_DOCUMENT,  /* camera preview, MRZ outlined when found */
	UI_SCREEN_CHIP_READING,    /* where to hold the document, progress bar */
	UI_SCREEN_CHIP_PROBLEM,    /* no chip, moved away, access denied... (view.problem) */
	UI_SCREEN_CAN_ENTRY,       /* the six-digit card access number */
	UI_SCREEN_VERIFIED,        /* the chip's face photo and the name read */
	UI_SCREEN_PERMIT_DOCUMENT, /* third-country nationals: residence permit card next */
	UI_SCREEN_NO_ORDER,        /* no matching order: the orderer must correct it */
	UI_SCREEN_CHOOSE_ORDER,    /* several orders (several employers) */
	UI_SCREEN_CONTACT_CONFIRM, /* masked e-mail and mobile number for the account */
	UI_SCREEN_ORDER_SUMMARY,   /* company, card type, validity, delivery: accept / reject */
	UI_SCREEN_REJECT_REASON,   /* choose why the order is rejected */
	UI_SCREEN_DONE,
	UI_SCREEN_OUT_OF_ORDER,    /* a device is missing: please ask staff */
	/* staff */
	UI_SCREEN_STAFF_PIN,
	UI_SCREEN_STAFF_MENU,
	UI_SCREEN_STAFF_APPOINTMENTS,
	UI_SCREEN_STAFF_MANUAL_MRZ, /* on-screen keyboard */
	UI_SCREEN_STAFF_DEVICES,
	UI_SCREEN_STAFF_SYNC,       /* sync status and failed results */
	UI_SCREEN_STAFF_AUDIT,
	UI_SCREEN_COUNT
};

/* Stable name of a screen ("language", "place_document", ...), used by
 * scripted sessions and screenshot file names. */
const char *ui_screen_name(enum ui_screen screen);

/* What went wrong with the chip, for UI_SCREEN_CHIP_PROBLEM and for the
 * staff's near-miss explanations.  The UI turns each into translated text. */
enum ui_problem {
	UI_PROBLEM_NONE = 0,
	UI_PROBLEM_NO_CHIP,         /* no chip answered: hold the document flat on the reader */
	UI_PROBLEM_MOVED_AWAY,      /* the document was moved during the read */
	UI_PROBLEM_ACCESS_DENIED,   /* the chip refused the key (MRZ misread, or CAN needed) */
	UI_PROBLEM_NOT_GENUINE,     /* verification failed: ask staff */
	UI_PROBLEM_DG1_MISMATCH,    /* chip and printed MRZ differ: ask staff */
	UI_PROBLEM_EXPIRED,         /* the document has expired */
	UI_PROBLEM_NOT_ACCEPTED,    /* this kind of document is not accepted */
	UI_PROBLEM_PERMIT_MISMATCH, /* the permit card belongs to someone else */
	UI_PROBLEM_CAMERA_MISSING,
	UI_PROBLEM_READER_MISSING,
	UI_PROBLEM_SERVER,          /* could not reach the ID06 side; result kept */
	UI_PROBLEM_COUNT
};

#define UI_MAX_TEXT 128
#define UI_MAX_ITEMS 12
#define UI_MAX_LINES 16

/* One order as the cardholder may see it (their own orders only). */
struct ui_order_item {
	char company[UI_MAX_TEXT];
	char card_type[UI_MAX_TEXT];
	char valid_until[16];     /* ISO date */
	char delivery[UI_MAX_TEXT];
};

/* An image the kiosk owns; borrowed by ui_draw() for the call only. */
struct ui_image {
	const uint8_t *rgb;       /* 3 bytes a pixel, rows of stride bytes; NULL = none */
	int width, height, stride;
};

struct ui_point {
	float x, y;               /* in the camera image's pixels */
};

struct ui_view {
	enum ui_screen screen;
	char language[8];         /* ISO 639-1: "en", "sv", "pl", ... */

	/* Timeout warning overlay: shown over any screen when set. */
	bool timeout_warning;
	int seconds_left;

	/* UI_SCREEN_PLACE_DOCUMENT */
	struct ui_image camera;
	bool mrz_found;
	struct ui_point mrz_quad[4];

	/* UI_SCREEN_CHIP_READING: progress in thousandths, and a step hint */
	int progress_permille;

	/* UI_SCREEN_CHIP_PROBLEM, UI_SCREEN_OUT_OF_ORDER, UI_SCREEN_NO_ORDER */
	enum ui_problem problem;

	/* UI_SCREEN_CAN_ENTRY, UI_SCREEN_STAFF_PIN: digits typed so far
	 * (the PIN is drawn as dots, the CAN as digits). */
	char digits[16];
	bool entry_error;         /* last attempt refused: say so */

	/* UI_SCREEN_VERIFIED */
	struct ui_image face;
	char display_name[UI_MAX_TEXT]; /* as read from the document */

	/* UI_SCREEN_CHOOSE_ORDER, UI_SCREEN_ORDER_SUMMARY (item 0) */
	int order_count;
	struct ui_order_item orders[UI_MAX_ITEMS];

	/* UI_SCREEN_CONTACT_CONFIRM: already masked by the kiosk */
	char email_masked[UI_MAX_TEXT];
	char mobile_masked[UI_MAX_TEXT];

	/* UI_SCREEN_STAFF_MANUAL_MRZ: the text typed, lines separated by '\n' */
	char mrz_entry[3 * 45];

	/* Staff lists (appointments, devices, sync, audit): one line each,
	 * already composed by the kiosk from data (no personal data beyond
	 * what staff need). */
	int line_count;
	char lines[UI_MAX_LINES][UI_MAX_TEXT];
	int selected_line;        /* -1 for none */
	/* UI_SCREEN_STAFF_APPOINTMENTS: a verified visitor's order is known,
	 * so each line also offers "link:<i>" (check in as that visitor). */
	bool visitor_link;
};

/* Overwrites every field (a view holds personal data). */
void ui_view_wipe(struct ui_view *view);

struct ui_config {
	bool fullscreen;          /* kiosk: fullscreen; laptop: resizable window */
	int width, height;        /* window size, or 0 for the display's */
	float dpi;                /* screen DPI for 20 mm touch targets; 0 = ask SDL */
	const char *asset_dir;    /* fonts are found through it or fontconfig paths; borrowed for the call */
	const char *lang_dir;     /* translation files, one per language; borrowed for the call */
	const char *font_dir;     /* DejaVuSans(-Bold).ttf, DejaVuSansMono.ttf; NULL = asset_dir/fonts,
	                           * then /usr/share/fonts/truetype/dejavu; borrowed */
	bool headless;            /* no display: SDL's dummy driver, software renderer */
	const char *languages;    /* codes to offer, "en,sv,pl"; NULL or "" = every file
	                           * of lang_dir.  English is always loaded and offered
	                           * (every missing text falls back to it); borrowed */
	/* Optional: on error ui_open writes here one sentence saying what
	 * failed and what to do ("font ... not found: apt-get install
	 * fonts-dejavu-core").  Never holds personal data. */
	char *why;
	size_t why_size;
};

struct ui;

/* Opens the window (or an offscreen surface) and loads fonts and
 * translations.  *out is NULL on error. */
enum ui_err ui_open(const struct ui_config *cfg, struct ui **out);
void ui_close(struct ui *ui);

/* Draws the view and presents it.  view is borrowed for the call. */
enum ui_err ui_draw(struct ui *ui, const struct ui_view *view);

enum ui_event_type {
	UI_EVENT_NONE = 0,
	UI_EVENT_BUTTON,   /* a button was activated: see button */
	UI_EVENT_QUIT,     /* window closed */
	UI_EVENT_ACTIVITY, /* any touch or key: resets the idle timer */
	UI_EVENT_REDRAW,   /* window resized or exposed, a button pressed, or an
	                    * animation frame is due: call ui_draw() again */
};

struct ui_event {
	enum ui_event_type type;
	char button[32];   /* "continue", "lang:pl", "order:1", "key:7", "accept", ... */
};

/* Waits up to timeout_ms for input (no busy loop when idle: it sleeps in
 * SDL_WaitEventTimeout, and wakes early only when an animation frame of the
 * drawn screen is due).  Returns true with *ev filled when something
 * happened.  Keyboard: Tab / Shift+Tab move the focus, Enter or Space
 * activates it (or "continue" when nothing has the focus), Escape is "back"
 * (or "cancel"), digits and Backspace type on the pad screens, letters, '<'
 * and Enter on the manual MRZ screen. */
bool ui_poll(struct ui *ui, int timeout_ms, struct ui_event *ev);

/* Injects a tap at a button by id as if touched (scripted sessions, tests).
 * UI_ERR_ARG when the current screen has no such button. */
enum ui_err ui_tap(struct ui *ui, const char *button);

/* Lays the view out without drawing it: ui_layout_get() then describes it
 * and ui_tap() finds its buttons (tests, layout checks). */
enum ui_err ui_layout(struct ui *ui, const struct ui_view *view);

/* Writes the last drawn frame as PNG. */
enum ui_err ui_screenshot(struct ui *ui, const char *png_path);

/* --- Layout inspection (tests, the preview tool) ---------------------
 * Every element of the last drawn frame with its rectangle, the box its
 * text must fit in and the measured size of the text as laid out, so a
 * test can check touch target sizes and text overflow with the real font
 * metrics.  Text that comes from the view (names, companies, e-mail) is
 * blanked once the frame is drawn; its measurements stay. */
struct ui_box {
	int x, y, w, h;           /* pixels of the drawing surface */
};

enum ui_element_kind {
	UI_ELEMENT_TEXT = 0,      /* a heading or paragraph */
	UI_ELEMENT_BUTTON,        /* a touch target: id is its button id */
	UI_ELEMENT_IMAGE,         /* camera preview or face photo */
	UI_ELEMENT_PROGRESS,      /* the chip reading progress bar */
	UI_ELEMENT_DRAWING,       /* illustration or flag drawn with primitives */
};

#define UI_MAX_ELEMENTS 96
#define UI_MAX_ELEMENT_TEXT 400

struct ui_element {
	enum ui_element_kind kind;
	char id[32];              /* button id, or a name ("title", "camera") */
	struct ui_box box;        /* the element; for a button its touch target */
	struct ui_box text_box;   /* where its text must fit (inside the padding) */
	char text[UI_MAX_ELEMENT_TEXT]; /* the text shown; "" for view data once drawn */
	bool personal;            /* text comes from the view (names, contacts...) */
	int font_px;              /* font size chosen (pixels per em) */
	int cap_px;               /* measured height of a capital at font_px */
	int text_w, text_h;       /* measured size of the text as laid out */
	int line_count;           /* lines after wrapping */
	bool fits;                /* text_w x text_h fits text_box at a readable size */
};

size_t ui_layout_count(const struct ui *ui);
/* Copies element index of the last drawn frame into *out. */
enum ui_err ui_layout_get(const struct ui *ui, size_t index, struct ui_element *out);

/* The figures the layout was made for: dots per inch, the smallest touch
 * target (20 mm) and the smallest capital height (4 mm) in pixels. */
float ui_dpi(const struct ui *ui);
int ui_min_target_px(const struct ui *ui);
int ui_min_cap_px(const struct ui *ui);

/* Languages found in lang_dir, in the order shown on the first screen. */
size_t ui_language_count(const struct ui *ui);
const char *ui_language_code(const struct ui *ui, size_t index);

#ifdef __cplusplus
}
#endif

#endif
