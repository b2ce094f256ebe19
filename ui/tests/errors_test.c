/* errors_test.c - bad input gets a clear error that says what to do: a
 * missing or broken translation folder, a missing or corrupt font. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui.h"

static int failures;

struct error_case {
	const char *name;
	const char *en, *xx;      /* file contents, NULL = no file */
	const char *font;         /* "missing", "corrupt", NULL = system fonts */
	bool no_dir;
	enum ui_err want;
	const char *want_why;     /* must appear in the explanation */
};

static const struct error_case cases[] = {
	{ "good", "language.name = English\n", "language.name = X\n", NULL, false, UI_OK, "" },
	{ "no folder", NULL, NULL, NULL, true, UI_ERR_TRANSLATIONS, "cannot be opened" },
	{ "no en.txt", NULL, "language.name = X\n", NULL, false, UI_ERR_TRANSLATIONS, "no en.txt" },
	{ "broken line", "language.name = English\n", "# ok\nlanguage.name = X\nbroken line\n", NULL,
	  false, UI_ERR_TRANSLATIONS, "xx.txt line 3: the line has no '='" },
	{ "bad UTF-8", "language.name = English\n", "a = \xff\n", NULL, false, UI_ERR_TRANSLATIONS,
	  "xx.txt line 1: the line is not valid UTF-8" },
	{ "missing font", "language.name = English\n", NULL, "missing", false, UI_ERR_FONT,
	  "apt-get install fonts-dejavu-core" },
	{ "corrupt font", "language.name = English\n", NULL, "corrupt", false, UI_ERR_FONT,
	  "could not be opened" },
};

static void put(const char *dir, const char *name, const char *text)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void rm(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct error_case *c = &cases[i];
		char dir[] = "/tmp/id06-ui-err-XXXXXX";
		if (!mkdtemp(dir)) {
			printf("FAIL mkdtemp\n");
			return 1;
		}
		char fonts[600];
		snprintf(fonts, sizeof fonts, "%s/fonts", dir);
		mkdir(fonts, 0755);
		if (c->en)
			put(dir, "en.txt", c->en);
		if (c->xx)
			put(dir, "xx.txt", c->xx);
		if (c->font && strcmp(c->font, "corrupt") == 0) {
			put(fonts, "DejaVuSans.ttf", "this is not a font\n");
			put(fonts, "DejaVuSans-Bold.ttf", "this is not a font\n");
		}
		char missing[640];
		snprintf(missing, sizeof missing, "%s/nothing-here", dir);
		char why[512] = "";
		struct ui_config cfg = { .width = 640, .height = 480, .dpi = 96, .headless = true,
		                         .lang_dir = c->no_dir ? missing : dir,
		                         .font_dir = c->font ? fonts : NULL,
		                         .why = why, .why_size = sizeof why };
		struct ui *ui = NULL;
		enum ui_err err = ui_open(&cfg, &ui);
		if (err != c->want || !strstr(why, c->want_why) || (err == UI_OK) != (ui != NULL)) {
			failures++;
			printf("FAIL %s: expected %s with \"%s\", got %s with \"%s\"\n", c->name,
			       ui_err_str(c->want), c->want_why, ui_err_str(err), why);
		} else {
			printf("ok %s: %s%s%s\n", c->name, ui_err_str(err), why[0] ? ": " : "", why);
		}
		ui_close(ui);
		rm(fonts, "DejaVuSans.ttf");
		rm(fonts, "DejaVuSans-Bold.ttf");
		rmdir(fonts);
		rm(dir, "en.txt");
		rm(dir, "xx.txt");
		rmdir(dir);
	}
	return failures ? 1 : 0;
}
