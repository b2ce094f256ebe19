/* flow_test.c - a scripted session: the kiosk's views one after the other,
 * with taps injected by button id (ui_tap goes through the same hit
 * testing as a finger), mouse clicks, keys; each row says which event must
 * come back.  Argument: "headless" (SDL's offscreen driver) or "x11" (a
 * real window, under tests/with-xvfb).  Screenshots go to flow-<mode>/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#include "sample.h"
#include "ui.h"

static int failures;

#define FAIL(...)                                                          \
	do {                                                                   \
		failures++;                                                        \
		printf("FAIL ");                                                   \
		printf(__VA_ARGS__);                                               \
		printf("\n");                                                      \
	} while (0)

enum act { TAP, KEY, TEXT, CLICK, TAP_MISSING };

struct step {
	enum ui_screen screen;
	const char *lang;
	int variant;              /* 1: timeout overlay, 2: 8 orders */
	enum act act;
	const char *arg;          /* button id for TAP/CLICK/TAP_MISSING, key name for KEY */
	enum ui_event_type want;  /* UI_EVENT_NONE for TAP_MISSING */
	const char *want_button;
};

static const struct step script[] = {
	{ UI_SCREEN_LANGUAGE, "en", 0, TAP, "lang:pl", UI_EVENT_BUTTON, "lang:pl" },
	{ UI_SCREEN_LANGUAGE, "en", 0, TAP, "lang:uk", UI_EVENT_BUTTON, "lang:uk" },
	{ UI_SCREEN_LANGUAGE, "en", 0, CLICK, "lang:sv", UI_EVENT_BUTTON, "lang:sv" },
	{ UI_SCREEN_LANGUAGE, "en", 0, TAP_MISSING, "accept", UI_EVENT_NONE, NULL },
	{ UI_SCREEN_PLACE_DOCUMENT, "pl", 0, TAP, "cancel", UI_EVENT_BUTTON, "cancel" },
	{ UI_SCREEN_PLACE_DOCUMENT, "pl", 0, KEY, "Escape", UI_EVENT_BUTTON, "cancel" },
	{ UI_SCREEN_CHIP_READING, "pl", 0, TAP, "cancel", UI_EVENT_BUTTON, "cancel" },
	{ UI_SCREEN_CHIP_PROBLEM, "pl", 0, TAP, "retry", UI_EVENT_BUTTON, "retry" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, TAP, "key:7", UI_EVENT_BUTTON, "key:7" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, TAP, "key:0", UI_EVENT_BUTTON, "key:0" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, KEY, "5", UI_EVENT_BUTTON, "key:5" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, KEY, "Keypad 3", UI_EVENT_BUTTON, "key:3" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, KEY, "Backspace", UI_EVENT_BUTTON, "key:del" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, KEY, "Return", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, KEY, "Escape", UI_EVENT_BUTTON, "back" },
	{ UI_SCREEN_CAN_ENTRY, "lt", 0, CLICK, "key:9", UI_EVENT_BUTTON, "key:9" },
	{ UI_SCREEN_VERIFIED, "lt", 0, TAP, "continue", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_PERMIT_DOCUMENT, "uk", 0, TAP, "continue", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_NO_ORDER, "ro", 0, TAP, "done", UI_EVENT_BUTTON, "done" },
	{ UI_SCREEN_CHOOSE_ORDER, "ru", 0, TAP, "order:1", UI_EVENT_BUTTON, "order:1" },
	{ UI_SCREEN_CONTACT_CONFIRM, "ru", 0, TAP, "contact_wrong", UI_EVENT_BUTTON, "contact_wrong" },
	{ UI_SCREEN_CONTACT_CONFIRM, "ru", 0, TAP, "continue", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_ORDER_SUMMARY, "et", 0, TAP, "accept", UI_EVENT_BUTTON, "accept" },
	{ UI_SCREEN_ORDER_SUMMARY, "et", 0, TAP, "reject", UI_EVENT_BUTTON, "reject" },
	{ UI_SCREEN_ORDER_SUMMARY, "et", 1, TAP_MISSING, "accept", UI_EVENT_NONE, NULL },
	{ UI_SCREEN_ORDER_SUMMARY, "et", 1, TAP, "more_time", UI_EVENT_BUTTON, "more_time" },
	{ UI_SCREEN_ORDER_SUMMARY, "et", 1, KEY, "Return", UI_EVENT_BUTTON, "more_time" },
	{ UI_SCREEN_REJECT_REASON, "lv", 0, TAP, "reason:2", UI_EVENT_BUTTON, "reason:2" },
	{ UI_SCREEN_REJECT_REASON, "lv", 0, TAP, "back", UI_EVENT_BUTTON, "back" },
	{ UI_SCREEN_DONE, "sv", 0, TAP, "done", UI_EVENT_BUTTON, "done" },
	{ UI_SCREEN_OUT_OF_ORDER, "sv", 0, TAP, "staff", UI_EVENT_BUTTON, "staff" },
	{ UI_SCREEN_STAFF_PIN, "sv", 0, KEY, "1", UI_EVENT_BUTTON, "key:1" },
	{ UI_SCREEN_STAFF_PIN, "sv", 0, TAP, "continue", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_STAFF_MENU, "sv", 0, TAP, "menu:manual_mrz", UI_EVENT_BUTTON, "menu:manual_mrz" },
	{ UI_SCREEN_STAFF_MANUAL_MRZ, "sv", 0, TAP, "key:<", UI_EVENT_BUTTON, "key:<" },
	{ UI_SCREEN_STAFF_MANUAL_MRZ, "sv", 0, KEY, "Q", UI_EVENT_BUTTON, "key:Q" },
	{ UI_SCREEN_STAFF_MANUAL_MRZ, "sv", 0, TEXT, "<", UI_EVENT_BUTTON, "key:<" },
	{ UI_SCREEN_STAFF_MANUAL_MRZ, "sv", 0, KEY, "Return", UI_EVENT_BUTTON, "key:newline" },
	{ UI_SCREEN_STAFF_MANUAL_MRZ, "sv", 0, TAP, "continue", UI_EVENT_BUTTON, "continue" },
	{ UI_SCREEN_STAFF_APPOINTMENTS, "sv", 0, TAP, "checkin:0", UI_EVENT_BUTTON, "checkin:0" },
	{ UI_SCREEN_STAFF_APPOINTMENTS, "sv", 0, TAP, "link:1", UI_EVENT_BUTTON, "link:1" },
	{ UI_SCREEN_STAFF_APPOINTMENTS, "sv", 0, TAP, "page:next", UI_EVENT_REDRAW, NULL },
	{ UI_SCREEN_STAFF_DEVICES, "sv", 0, TAP, "refresh", UI_EVENT_BUTTON, "refresh" },
	{ UI_SCREEN_STAFF_SYNC, "sv", 0, TAP, "sync_now", UI_EVENT_BUTTON, "sync_now" },
	{ UI_SCREEN_STAFF_AUDIT, "sv", 0, KEY, "Escape", UI_EVENT_BUTTON, "back" },
};

static const char *type_name(enum ui_event_type t)
{
	static const char *const n[] = { "none", "button", "quit", "activity", "redraw" };
	return (unsigned)t < 5 ? n[t] : "?";
}

/* The centre of a button in the drawn frame, from the layout. */
static bool centre(struct ui *ui, const char *id, int *x, int *y)
{
	for (size_t i = 0; i < ui_layout_count(ui); i++) {
		struct ui_element e;
		ui_layout_get(ui, i, &e);
		if (e.kind == UI_ELEMENT_BUTTON && strcmp(e.id, id) == 0) {
			*x = e.box.x + e.box.w / 2;
			*y = e.box.y + e.box.h / 2;
			return true;
		}
	}
	return false;
}

static bool inject(struct ui *ui, const struct step *s)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	if (s->act == TAP)
		return ui_tap(ui, s->arg) == UI_OK;
	if (s->act == KEY) {
		SDL_Keycode k = SDL_GetKeyFromName(s->arg);
		if (k == SDLK_UNKNOWN)
			return false;
		e.type = SDL_KEYDOWN;
		e.key.state = SDL_PRESSED;
		e.key.keysym.sym = k;
		e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
		return SDL_PushEvent(&e) == 1;
	}
	if (s->act == TEXT) {
		e.type = SDL_TEXTINPUT;
		snprintf(e.text.text, sizeof e.text.text, "%s", s->arg);
		return SDL_PushEvent(&e) == 1;
	}
	/* CLICK: a left mouse press and release at the centre; the frame and
	 * the window have the same size here (no high-DPI scaling). */
	int x, y;
	if (!centre(ui, s->arg, &x, &y))
		return false;
	for (int k = 0; k < 2; k++) {
		e.type = k == 0 ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
		e.button.button = SDL_BUTTON_LEFT;
		e.button.state = k == 0 ? SDL_PRESSED : SDL_RELEASED;
		e.button.which = 0;
		e.button.clicks = 1;
		e.button.x = x;
		e.button.y = y;
		if (SDL_PushEvent(&e) != 1)
			return false;
	}
	return true;
}

/* Polls until an event of the wanted kind (activity and redraws on the
 * way are normal), or nothing more comes. */
static bool await(struct ui *ui, enum ui_event_type want, struct ui_event *got)
{
	for (int i = 0; i < 40; i++) {
		if (!ui_poll(ui, 250, got))
			return false;
		if (got->type == want || got->type == UI_EVENT_BUTTON || got->type == UI_EVENT_QUIT)
			return got->type == want;
	}
	return false;
}

/* After a screen change no personal text stays in the layout. */
static void check_privacy(struct ui *ui, struct ui_view *v)
{
	ui_sample_view(UI_SCREEN_VERIFIED, "en", v);
	ui_draw(ui, v);
	bool seen = false;
	for (size_t i = 0; i < ui_layout_count(ui); i++) {
		struct ui_element e;
		ui_layout_get(ui, i, &e);
		if (strcmp(e.id, "name") == 0) {
			seen = true;
			if (e.text[0] || e.line_count == 0)
				FAIL("privacy: expected the name measured (lines > 0) and blanked, got \"%s\" "
				     "in %d lines", e.text, e.line_count);
		}
	}
	if (!seen)
		FAIL("privacy: expected a name element on the verified screen");
}

/* ui_view_wipe leaves nothing of the person: every byte is zero but the
 * documented defaults (no selected line, English). */
static void check_wipe(struct ui_view *v)
{
	ui_sample_view(UI_SCREEN_VERIFIED, "pl", v);
	ui_view_wipe(v);
	struct ui_view want;
	memset(&want, 0, sizeof want);
	want.selected_line = -1;
	memcpy(want.language, "en", 3);
	const unsigned char *a = (const unsigned char *)v, *b = (const unsigned char *)&want;
	for (size_t i = 0; i < sizeof want; i++)
		if (a[i] != b[i]) {
			FAIL("wipe: byte %zu of the view is 0x%02x, expected 0x%02x", i, a[i], b[i]);
			break;
		}
}

/* A static screen is idle: nothing to report for a while. */
static void check_idle(struct ui *ui, struct ui_view *v)
{
	ui_sample_view(UI_SCREEN_DONE, "en", v);
	ui_draw(ui, v);
	struct ui_event ev;
	/* drain what the window system sends once (expose, focus) */
	for (int i = 0; i < 20 && ui_poll(ui, 50, &ev); i++)
		ui_draw(ui, v);
	if (ui_poll(ui, 300, &ev))
		FAIL("idle: expected no event on a static screen, got %s %s", type_name(ev.type), ev.button);
	/* an animating screen asks to be redrawn */
	ui_sample_view(UI_SCREEN_CHIP_READING, "en", v);
	ui_draw(ui, v);
	bool redraw = false;
	for (int i = 0; i < 20 && !redraw; i++)
		redraw = ui_poll(ui, 250, &ev) && ev.type == UI_EVENT_REDRAW;
	if (!redraw)
		FAIL("animation: expected a redraw request on the chip reading screen");
}

/* A laptop window resized by hand: the UI asks to be redrawn and lays the
 * screen out again for the new size (x11 only: the dummy driver has no
 * window system to resize with). */
static void check_resize(struct ui *ui, struct ui_view *v)
{
	SDL_Window *win = NULL;
	for (Uint32 id = 1; id < 16 && !win; id++)
		win = SDL_GetWindowFromID(id);
	if (!win) {
		FAIL("resize: no window found");
		return;
	}
	ui_sample_view(UI_SCREEN_ORDER_SUMMARY, "pl", v);
	ui_draw(ui, v);
	SDL_SetWindowSize(win, 800, 1000);
	struct ui_event ev;
	bool redraw = false;
	for (int i = 0; i < 40 && !redraw; i++)
		redraw = ui_poll(ui, 100, &ev) && ev.type == UI_EVENT_REDRAW;
	if (!redraw)
		FAIL("resize: expected a redraw request after the window was resized");
	ui_draw(ui, v);
	int right = 0, bottom = 0;
	for (size_t i = 0; i < ui_layout_count(ui); i++) {
		struct ui_element e;
		ui_layout_get(ui, i, &e);
		if (e.box.x + e.box.w > right)
			right = e.box.x + e.box.w;
		if (e.box.y + e.box.h > bottom)
			bottom = e.box.y + e.box.h;
		if (e.kind == UI_ELEMENT_BUTTON && (e.box.w < ui_min_target_px(ui) || e.box.h < ui_min_target_px(ui)))
			FAIL("resize: button %s is %dx%d: expected at least %d px", e.id, e.box.w, e.box.h,
			     ui_min_target_px(ui));
	}
	if (right > 800 || right < 700 || bottom > 1000 || bottom < 900)
		FAIL("resize: expected the layout to fill 800x1000, got it reaching %d,%d", right, bottom);
	if (ui_screenshot(ui, "flow-x11/resized-800x1000.png") != UI_OK)
		FAIL("resize: screenshot not written");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "headless";
	bool headless = strcmp(mode, "x11") != 0;
	char dir[64];
	snprintf(dir, sizeof dir, "flow-%s", mode);
	mkdir(dir, 0755);
	char why[512] = "";
	struct ui_config cfg = { .width = 1024, .height = 600, .dpi = 117,
	                         .lang_dir = ID06_SOURCE_DIR "/ui/lang", .headless = headless,
	                         .why = why, .why_size = sizeof why };
	struct ui *ui;
	enum ui_err err = ui_open(&cfg, &ui);
	if (err != UI_OK) {
		printf("ui_open (%s): %s: %s\n", mode, ui_err_str(err), why);
		return 1;
	}
	struct ui_view *v = calloc(1, sizeof *v);
	for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
		const struct step *s = &script[i];
		ui_sample_view(s->screen, s->lang, v);
		v->timeout_warning = s->variant == 1;
		if ((err = ui_draw(ui, v)) != UI_OK) {
			FAIL("step %zu (%s): ui_draw: %s", i + 1, ui_screen_name(s->screen), ui_err_str(err));
			continue;
		}
		/* let the window system settle (expose events) before the step */
		struct ui_event ev;
		SDL_PumpEvents();
		if (!headless)
			while (ui_poll(ui, 30, &ev))
				;
		char path[256];
		snprintf(path, sizeof path, "%s/%02zu-%s-%s.png", dir, i + 1, s->lang,
		         ui_screen_name(s->screen));
		if (ui_screenshot(ui, path) != UI_OK)
			FAIL("step %zu: screenshot %s not written", i + 1, path);
		if (s->act == TAP_MISSING) {
			err = ui_tap(ui, s->arg);
			if (err != UI_ERR_ARG)
				FAIL("step %zu (%s): tap %s: expected %s, got %s", i + 1, ui_screen_name(s->screen),
				     s->arg, ui_err_str(UI_ERR_ARG), ui_err_str(err));
			continue;
		}
		if (!inject(ui, s)) {
			FAIL("step %zu (%s): could not inject %s", i + 1, ui_screen_name(s->screen), s->arg);
			continue;
		}
		bool ok = await(ui, s->want, &ev);
		if (!ok || (s->want_button && strcmp(ev.button, s->want_button) != 0))
			FAIL("step %zu (%s %s): %s: expected %s %s, got %s %s", i + 1, s->lang,
			     ui_screen_name(s->screen), s->arg, type_name(s->want),
			     s->want_button ? s->want_button : "", ok ? type_name(ev.type) : "nothing",
			     ev.button);
		/* the pad screens show what was typed once the kiosk redraws */
	}
	check_privacy(ui, v);
	check_wipe(v);
	check_idle(ui, v);
	if (!headless)
		check_resize(ui, v);
	ui_view_wipe(v);
	free(v);
	ui_close(ui);
	if (failures) {
		printf("%d failure(s) (%s)\n", failures, mode);
		return 1;
	}
	printf("ok: %zu scripted steps (%s), privacy, wipe, idle\n", sizeof script / sizeof script[0], mode);
	return 0;
}
