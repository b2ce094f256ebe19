/* id06-ui-preview - renders any screen in any language at any size with
 * sample data, to a PNG or in a window.
 *
 *   id06-ui-preview [-s screen] [-l lang] [-w width] [-h height] [-d dpi]
 *                   [-t] [-o out.png] [-a dir] [--list]
 *
 * -t adds the timeout warning; -a writes every screen in every language
 * to dir/<lang>-<screen>.png.  Without -o or -a a window opens: taps print
 * the button id, Escape or closing the window ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "ui.h"

static void usage(void)
{
	fprintf(stderr, "usage: id06-ui-preview [-s screen] [-l lang] [-w width] [-h height] "
	                "[-d dpi] [-t] [-o out.png | -a dir] [--list]\n");
}

int main(int argc, char **argv)
{
	const char *screen_name = "language", *lang = "en", *out = NULL, *all = NULL;
	int w = 1024, h = 600;
	float dpi = 117;
	bool timeout = false, list = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--list") == 0) { list = true; continue; }
		if (strcmp(a, "-t") == 0) { timeout = true; continue; }
		if (!next) { usage(); return 2; }
		if (strcmp(a, "-s") == 0) screen_name = next;
		else if (strcmp(a, "-l") == 0) lang = next;
		else if (strcmp(a, "-w") == 0) w = atoi(next);
		else if (strcmp(a, "-h") == 0) h = atoi(next);
		else if (strcmp(a, "-d") == 0) dpi = (float)atof(next);
		else if (strcmp(a, "-o") == 0) out = next;
		else if (strcmp(a, "-a") == 0) all = next;
		else { usage(); return 2; }
		i++;
	}
	if (list) {
		for (int s = 0; s < UI_SCREEN_COUNT; s++)
			printf("%s\n", ui_screen_name((enum ui_screen)s));
		return 0;
	}
	enum ui_screen screen = ui_sample_screen(screen_name);
	if (screen == UI_SCREEN_COUNT) {
		fprintf(stderr, "id06-ui-preview: no screen called %s (see --list)\n", screen_name);
		return 2;
	}
	char why[512] = "";
	struct ui_config cfg = { .width = w, .height = h, .dpi = dpi,
	                         .lang_dir = ID06_SOURCE_DIR "/ui/lang",
	                         .headless = out || all, .why = why, .why_size = sizeof why };
	const char *env = getenv("ID06_UI_LANG_DIR");
	if (env)
		cfg.lang_dir = env;
	struct ui *ui;
	enum ui_err err = ui_open(&cfg, &ui);
	if (err != UI_OK) {
		fprintf(stderr, "id06-ui-preview: %s: %s\n", ui_err_str(err), why);
		return 1;
	}
	struct ui_view *v = calloc(1, sizeof *v);
	int rc = 0;
	if (!v) {
		ui_close(ui);
		return 1;
	}
	if (all) {
		for (size_t l = 0; l < ui_language_count(ui); l++)
			for (int s = 0; s < UI_SCREEN_COUNT; s++) {
				ui_sample_view((enum ui_screen)s, ui_language_code(ui, l), v);
				v->timeout_warning = timeout;
				char path[1024];
				snprintf(path, sizeof path, "%s/%s-%s.png", all, ui_language_code(ui, l),
				         ui_screen_name((enum ui_screen)s));
				if ((err = ui_draw(ui, v)) != UI_OK || (err = ui_screenshot(ui, path)) != UI_OK) {
					fprintf(stderr, "id06-ui-preview: %s: %s\n", path, ui_err_str(err));
					rc = 1;
				}
			}
	} else {
		ui_sample_view(screen, lang, v);
		v->timeout_warning = timeout;
		if ((err = ui_draw(ui, v)) != UI_OK) {
			fprintf(stderr, "id06-ui-preview: %s\n", ui_err_str(err));
			rc = 1;
		} else if (out) {
			if ((err = ui_screenshot(ui, out)) != UI_OK) {
				fprintf(stderr, "id06-ui-preview: %s: %s\n", out, ui_err_str(err));
				rc = 1;
			}
		} else {
			struct ui_event ev;
			for (;;) {
				if (!ui_poll(ui, 1000, &ev))
					continue;
				if (ev.type == UI_EVENT_QUIT)
					break;
				if (ev.type == UI_EVENT_BUTTON) {
					printf("%s\n", ev.button);
					fflush(stdout);
					if (strcmp(ev.button, "back") == 0 || strcmp(ev.button, "cancel") == 0)
						break;
				}
				ui_draw(ui, v);
			}
		}
	}
	ui_view_wipe(v);
	free(v);
	ui_close(ui);
	return rc;
}
