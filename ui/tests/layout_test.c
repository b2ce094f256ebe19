/* layout_test.c - every screen, in every language, at every size: each
 * touch target at least 20 mm, each text inside its box at a readable
 * size (capitals at least 4 mm), nothing off screen, no two buttons on top
 * of each other, and every button id the kiosk relies on present (over all
 * pages of a list).  Measured from the layout the UI reports (real font
 * metrics), not from pixels; every view is also drawn at 1024x600.  Writes
 * screenshots of Lithuanian (long words) to screens/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sample.h"
#include "ui.h"

static int failures, checks;

#define FAIL(...)                                                          \
	do {                                                                   \
		if (++failures <= 60) {                                            \
			printf("FAIL ");                                               \
			printf(__VA_ARGS__);                                           \
			printf("\n");                                                  \
		}                                                                  \
	} while (0)

struct size {
	int w, h;
	float dpi;
	const char *what;
};

static const struct size sizes[] = {
	{ 1024, 600, 117, "10.1\" kiosk panel" },
	{ 1920, 1080, 102, "21.5\" kiosk panel" },
	{ 1080, 1920, 102, "21.5\" portrait" },
	{ 1280, 800, 96, "laptop window" },
};

/* Button ids each screen must offer (with the sample data). */
static const char *const required[UI_SCREEN_COUNT][48] = {
	[UI_SCREEN_LANGUAGE] = { "lang:en", "lang:sv", "lang:pl", "lang:lt", "lang:lv", "lang:et",
	                         "lang:ro", "lang:uk", "lang:ru", "staff" },
	[UI_SCREEN_PLACE_DOCUMENT] = { "cancel" },
	[UI_SCREEN_CHIP_READING] = { "cancel" },
	[UI_SCREEN_CHIP_PROBLEM] = { "retry", "cancel" },
	[UI_SCREEN_CAN_ENTRY] = { "key:0", "key:1", "key:2", "key:3", "key:4", "key:5", "key:6",
	                          "key:7", "key:8", "key:9", "key:del", "continue", "back" },
	[UI_SCREEN_VERIFIED] = { "continue", "cancel" },
	[UI_SCREEN_PERMIT_DOCUMENT] = { "continue", "cancel" },
	[UI_SCREEN_NO_ORDER] = { "done" },
	[UI_SCREEN_CHOOSE_ORDER] = { "order:0", "order:1", "order:2", "cancel" },
	[UI_SCREEN_CONTACT_CONFIRM] = { "continue", "contact_wrong" },
	[UI_SCREEN_ORDER_SUMMARY] = { "accept", "reject", "back" },
	[UI_SCREEN_REJECT_REASON] = { "reason:0", "reason:1", "reason:2", "reason:3", "reason:4", "back" },
	[UI_SCREEN_DONE] = { "done" },
	[UI_SCREEN_OUT_OF_ORDER] = { "staff" },
	[UI_SCREEN_STAFF_PIN] = { "key:0", "key:1", "key:2", "key:3", "key:4", "key:5", "key:6",
	                          "key:7", "key:8", "key:9", "key:del", "continue", "back" },
	[UI_SCREEN_STAFF_MENU] = { "menu:appointments", "menu:manual_mrz", "menu:devices",
	                           "menu:sync", "menu:audit", "back" },
	[UI_SCREEN_STAFF_APPOINTMENTS] = { "checkin:0", "noshow:0", "link:0", "checkin:5", "noshow:5",
	                                   "link:5", "back" },
	[UI_SCREEN_STAFF_MANUAL_MRZ] = { "key:A", "key:M", "key:Z", "key:0", "key:9", "key:<",
	                                 "key:newline", "key:del", "continue", "back" },
	[UI_SCREEN_STAFF_DEVICES] = { "back", "refresh" },
	[UI_SCREEN_STAFF_SYNC] = { "back", "sync_now" },
	[UI_SCREEN_STAFF_AUDIT] = { "back" },
};

static bool inside(struct ui_box in, struct ui_box out)
{
	return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
	       in.y + in.h <= out.y + out.h;
}

static bool overlap(struct ui_box a, struct ui_box b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

#define MAX_SEEN 256
struct seen {
	int n;
	char id[MAX_SEEN][32];
};

static void note(struct seen *s, const char *id)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->id[i], id) == 0)
			return;
	if (s->n < MAX_SEEN)
		snprintf(s->id[s->n++], sizeof s->id[0], "%s", id);
}

/* Checks the current layout; ctx names it in messages. */
static void check_layout(struct ui *ui, const struct size *sz, const char *ctx, struct seen *seen,
                         bool *has_next)
{
	int target = ui_min_target_px(ui), cap = ui_min_cap_px(ui);
	struct ui_box screen = { 0, 0, sz->w, sz->h };
	size_t n = ui_layout_count(ui);
	struct ui_element *el = calloc(n ? n : 1, sizeof *el);
	size_t overlay = n;
	*has_next = false;
	if (n == 0)
		FAIL("%s: no elements laid out", ctx);
	for (size_t i = 0; i < n; i++) {
		ui_layout_get(ui, i, &el[i]);
		if (strcmp(el[i].id, "overlay") == 0)
			overlay = i;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ui_element *e = &el[i];
		checks++;
		if (!inside(e->box, screen))
			FAIL("%s: %s at %d,%d %dx%d: expected inside the %dx%d screen", ctx, e->id, e->box.x,
			     e->box.y, e->box.w, e->box.h, sz->w, sz->h);
		if (e->kind == UI_ELEMENT_BUTTON) {
			note(seen, e->id);
			if (strcmp(e->id, "page:next") == 0)
				*has_next = true;
			if (e->box.w < target || e->box.h < target)
				FAIL("%s: button %s is %dx%d px: expected at least %dx%d (20 mm at %.0f dpi)", ctx,
				     e->id, e->box.w, e->box.h, target, target, (double)ui_dpi(ui));
			if (!e->personal && !e->text[0])
				FAIL("%s: button %s has no label", ctx, e->id);
			for (size_t k = i + 1; k < n; k++)
				if (el[k].kind == UI_ELEMENT_BUTTON && (i < overlay) == (k < overlay) &&
				    overlap(e->box, el[k].box))
					FAIL("%s: buttons %s and %s overlap", ctx, e->id, el[k].id);
		}
		if (e->line_count > 0) {
			if (!e->fits || e->text_w > e->text_box.w || e->text_h > e->text_box.h)
				FAIL("%s: text of %s (\"%.40s\") is %dx%d in %d lines at %d px: expected within %dx%d",
				     ctx, e->id, e->personal ? "(personal)" : e->text, e->text_w, e->text_h,
				     e->line_count, e->font_px, e->text_box.w, e->text_box.h);
			if (e->cap_px < cap)
				FAIL("%s: text of %s has capitals of %d px: expected at least %d (4 mm)", ctx,
				     e->id, e->cap_px, cap);
			if (!inside(e->text_box, e->box))
				FAIL("%s: text box of %s is outside its element", ctx, e->id);
		} else if (e->kind == UI_ELEMENT_BUTTON || (e->kind == UI_ELEMENT_TEXT && !e->personal)) {
			if (e->text[0] || e->kind == UI_ELEMENT_BUTTON)
				FAIL("%s: %s has text but no laid out line", ctx, e->id);
		}
	}
	free(el);
}

static void next_page(struct ui *ui, const char *ctx)
{
	if (ui_tap(ui, "page:next") != UI_OK) {
		FAIL("%s: page:next could not be tapped", ctx);
		return;
	}
	struct ui_event ev;
	for (int i = 0; i < 50; i++)
		if (ui_poll(ui, 100, &ev) && ev.type == UI_EVENT_REDRAW)
			return;
	FAIL("%s: page:next gave no redraw", ctx);
}

/* One view: every page of it. */
static void check_view(struct ui *ui, const struct size *sz, struct ui_view *v, const char *variant,
                       bool want_ids, bool shot)
{
	char ctx[256];
	struct seen seen;
	seen.n = 0;
	for (int page = 0; page < 8; page++) {
		snprintf(ctx, sizeof ctx, "%dx%d %s %s%s page %d", sz->w, sz->h, v->language,
		         ui_screen_name(v->screen), variant, page + 1);
		/* drawn at the smallest size (and for screenshots); the other sizes
		 * are laid out only: the layout is what gets drawn */
		enum ui_err err = shot || sz->w == 1024 ? ui_draw(ui, v) : ui_layout(ui, v);
		if (err != UI_OK) {
			FAIL("%s: %s", ctx, ui_err_str(err));
			return;
		}
		if (shot && page == 0) {
			char path[512];
			snprintf(path, sizeof path, "screens/%dx%d-%s-%s%s.png", sz->w, sz->h, v->language,
			         ui_screen_name(v->screen), variant);
			if (ui_screenshot(ui, path) != UI_OK)
				FAIL("%s: screenshot %s not written", ctx, path);
		}
		bool more = false;
		check_layout(ui, sz, ctx, &seen, &more);
		if (!more)
			break;
		next_page(ui, ctx);
	}
	if (!want_ids)
		return;
	for (int i = 0; required[v->screen][i]; i++) {
		bool found = false;
		for (int k = 0; k < seen.n && !found; k++)
			found = strcmp(seen.id[k], required[v->screen][i]) == 0;
		if (!found)
			FAIL("%dx%d %s %s%s: expected a button %s, got none", sz->w, sz->h, v->language,
			     ui_screen_name(v->screen), variant, required[v->screen][i]);
	}
}

int main(void)
{
	mkdir("screens", 0755);
	struct ui_view *v = calloc(1, sizeof *v);
	int views = 0;
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		const struct size *sz = &sizes[s];
		char why[512] = "";
		struct ui_config cfg = { .width = sz->w, .height = sz->h, .dpi = sz->dpi,
		                         .lang_dir = ID06_SOURCE_DIR "/ui/lang", .headless = true,
		                         .why = why, .why_size = sizeof why };
		struct ui *ui;
		enum ui_err err = ui_open(&cfg, &ui);
		if (err != UI_OK) {
			FAIL("ui_open %dx%d: %s: %s", sz->w, sz->h, ui_err_str(err), why);
			continue;
		}
		if (ui_language_count(ui) < 9)
			FAIL("expected at least 9 languages, got %zu", ui_language_count(ui));
		for (size_t l = 0; l < ui_language_count(ui); l++) {
			const char *lang = ui_language_code(ui, l);
			/* screenshots of the language with the longest words */
			bool shot = strcmp(lang, "lt") == 0 && (sz->w == 1024 || sz->w == 1080);
			for (int sc = 0; sc < UI_SCREEN_COUNT; sc++) {
				ui_sample_view((enum ui_screen)sc, lang, v);
				check_view(ui, sz, v, "", true, shot);
				views++;
			}
			/* the overlay is the same over every screen: one will do */
			ui_sample_view(UI_SCREEN_ORDER_SUMMARY, lang, v);
			v->timeout_warning = true;
			check_view(ui, sz, v, "+timeout", false, shot);
			views++;
			for (int p = 0; p < UI_PROBLEM_COUNT; p++) {
				char variant[32];
				ui_sample_view(UI_SCREEN_CHIP_PROBLEM, lang, v);
				v->problem = (enum ui_problem)p;
				snprintf(variant, sizeof variant, "+problem%d", p);
				check_view(ui, sz, v, variant, false, false);
				views++;
			}
			static const enum ui_problem devices[] = { UI_PROBLEM_NONE, UI_PROBLEM_CAMERA_MISSING,
			                                           UI_PROBLEM_READER_MISSING, UI_PROBLEM_SERVER };
			for (int p = 0; p < 4; p++) {
				char variant[32];
				ui_sample_view(UI_SCREEN_OUT_OF_ORDER, lang, v);
				v->problem = devices[p];
				snprintf(variant, sizeof variant, "+problem%d", (int)devices[p]);
				check_view(ui, sz, v, variant, false, false);
				views++;
			}
			static const enum ui_screen errs[] = { UI_SCREEN_CAN_ENTRY, UI_SCREEN_STAFF_PIN };
			for (int k = 0; k < 2; k++) {
				ui_sample_view(errs[k], lang, v);
				v->entry_error = true;
				check_view(ui, sz, v, "+error", true, false);
				views++;
			}
			/* no verified visitor: no link buttons, wider lines */
			ui_sample_view(UI_SCREEN_STAFF_APPOINTMENTS, lang, v);
			v->visitor_link = false;
			check_view(ui, sz, v, "+no_visitor", false, shot);
			views++;
			ui_sample_view(UI_SCREEN_PLACE_DOCUMENT, lang, v);
			v->mrz_found = false;
			check_view(ui, sz, v, "+searching", true, false);
			ui_sample_view(UI_SCREEN_CHIP_PROBLEM, lang, v);
			v->problem = UI_PROBLEM_ACCESS_DENIED;
			check_view(ui, sz, v, "+access_denied", true, false);
			views += 2;
		}
		ui_close(ui);
	}
	ui_view_wipe(v);
	free(v);
	if (failures) {
		printf("%d failure(s) in %d element checks over %d views\n", failures, checks, views);
		return 1;
	}
	printf("ok: %d element checks over %d views, %zu sizes\n", checks, views,
	       sizeof sizes / sizeof sizes[0]);
	return 0;
}
