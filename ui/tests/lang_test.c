#define _POSIX_C_SOURCE 200809L /* mkdtemp */
/* lang_test.c - the translation parser as a table of inputs and expected
 * results; every language file against English (every key present); and
 * the fallback to English for a key a language lacks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui.h"
#include "ui_lang.h"

static int failures;

#define CHECK(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                     \
			failures++;                                                    \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                    \
			printf(__VA_ARGS__);                                           \
			printf("\n");                                                  \
		}                                                                  \
	} while (0)

struct parse_case {
	const char *name;
	const char *text;
	enum ui_lang_err err;
	int line;               /* expected line of the error */
	size_t count;           /* expected keys on success */
	const char *key, *value;/* one expected pair on success */
};

static const struct parse_case cases[] = {
	{ "empty file", "", UI_LANG_OK, 0, 0, NULL, NULL },
	{ "comments and blanks", "# hello\n\n   \n  # indented\n", UI_LANG_OK, 0, 0, NULL, NULL },
	{ "one pair", "a.b = Hello", UI_LANG_OK, 0, 1, "a.b", "Hello" },
	{ "spaces trimmed", "  key_1   =   two words  \n", UI_LANG_OK, 0, 1, "key_1", "two words" },
	{ "no spaces", "k=v\n", UI_LANG_OK, 0, 1, "k", "v" },
	{ "CRLF", "a = x\r\nb = y\r\n", UI_LANG_OK, 0, 2, "b", "y" },
	{ "BOM", "\xef\xbb\xbf" "a = x\n", UI_LANG_OK, 0, 1, "a", "x" },
	{ "newline escape", "a = one\\ntwo", UI_LANG_OK, 0, 1, "a", "one\ntwo" },
	{ "backslash escape", "a = c:\\\\d", UI_LANG_OK, 0, 1, "a", "c:\\d" },
	{ "equals in value", "a = x = y", UI_LANG_OK, 0, 1, "a", "x = y" },
	{ "UTF-8 text", "a = Łódź Žąsinas Пример", UI_LANG_OK, 0, 1, "a", "Łódź Žąsinas Пример" },
	{ "no equals", "a = x\nhello\n", UI_LANG_NO_EQUALS, 2, 0, NULL, NULL },
	{ "empty key", "= x\n", UI_LANG_EMPTY_KEY, 1, 0, NULL, NULL },
	{ "upper case key", "A = x\n", UI_LANG_BAD_KEY, 1, 0, NULL, NULL },
	{ "space in key", "a b = x\n", UI_LANG_BAD_KEY, 1, 0, NULL, NULL },
	{ "key too long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = x\n", UI_LANG_KEY_TOO_LONG, 1, 0, NULL, NULL },
	{ "key at limit", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = x\n", UI_LANG_OK, 0, 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x" },
	{ "empty value", "a = x\nb =   \n", UI_LANG_EMPTY_VALUE, 2, 0, NULL, NULL },
	{ "bad escape", "a = x\\t\n", UI_LANG_BAD_ESCAPE, 1, 0, NULL, NULL },
	{ "trailing backslash", "a = x\\", UI_LANG_BAD_ESCAPE, 1, 0, NULL, NULL },
	{ "duplicate", "a = x\nb = y\na = z\n", UI_LANG_DUPLICATE, 3, 0, NULL, NULL },
	{ "tab", "a =\tx\n", UI_LANG_CONTROL_CHAR, 1, 0, NULL, NULL },
	{ "bad UTF-8 (lone continuation)", "a = x\nb = \x80\n", UI_LANG_BAD_UTF8, 2, 0, NULL, NULL },
	{ "bad UTF-8 (overlong)", "a = \xc0\xaf\n", UI_LANG_BAD_UTF8, 1, 0, NULL, NULL },
	{ "bad UTF-8 (surrogate)", "a = \xed\xa0\x80\n", UI_LANG_BAD_UTF8, 1, 0, NULL, NULL },
	{ "bad UTF-8 (truncated)", "a = \xe2\x82", UI_LANG_BAD_UTF8, 1, 0, NULL, NULL },
	{ "bad UTF-8 (past U+10FFFF)", "a = \xf4\x90\x80\x80", UI_LANG_BAD_UTF8, 1, 0, NULL, NULL },
};

static void parse_table(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct parse_case *c = &cases[i];
		struct ui_lang_table t;
		int line = -1;
		enum ui_lang_err err = ui_lang_parse(c->text, strlen(c->text), &t, &line);
		CHECK(err == c->err, "%s: expected %s, got %s", c->name, ui_lang_err_str(c->err),
		      ui_lang_err_str(err));
		if (err == c->err && err != UI_LANG_OK)
			CHECK(line == c->line, "%s: expected the error at line %d, got line %d", c->name,
			      c->line, line);
		if (err == UI_LANG_OK) {
			CHECK(t.count == c->count, "%s: expected %zu keys, got %zu", c->name, c->count, t.count);
			if (c->key) {
				const char *v = ui_lang_get(&t, c->key);
				CHECK(v && strcmp(v, c->value) == 0, "%s: expected %s = \"%s\", got \"%s\"",
				      c->name, c->key, c->value, v ? v : "(missing)");
			}
		} else {
			CHECK(t.count == 0 && t.entries == NULL, "%s: table not empty after an error", c->name);
		}
		ui_lang_fini(&t);
	}
}

static void limits(void)
{
	/* more keys than allowed */
	size_t cap = (UI_LANG_MAX_ENTRIES + 1) * 16;
	char *big = malloc(cap);
	size_t o = 0;
	for (int i = 0; i <= UI_LANG_MAX_ENTRIES; i++)
		o += (size_t)snprintf(big + o, cap - o, "k%d = v\n", i);
	struct ui_lang_table t;
	int line = 0;
	enum ui_lang_err err = ui_lang_parse(big, o, &t, &line);
	CHECK(err == UI_LANG_TOO_MANY && line == UI_LANG_MAX_ENTRIES + 1,
	      "257 keys: expected too many at line 257, got %s at line %d", ui_lang_err_str(err), line);
	ui_lang_fini(&t);
	free(big);
	/* a value at and past its limit */
	char val[UI_LANG_MAX_VALUE + 16];
	for (int extra = 0; extra < 2; extra++) {
		memcpy(val, "a = ", 4);
		memset(val + 4, 'x', UI_LANG_MAX_VALUE - 1 + (size_t)extra);
		size_t n = 4 + UI_LANG_MAX_VALUE - 1 + (size_t)extra;
		err = ui_lang_parse(val, n, &t, &line);
		enum ui_lang_err want = extra ? UI_LANG_VALUE_TOO_LONG : UI_LANG_OK;
		CHECK(err == want, "value of %d bytes: expected %s, got %s", UI_LANG_MAX_VALUE - 1 + extra,
		      ui_lang_err_str(want), ui_lang_err_str(err));
		ui_lang_fini(&t);
	}
	/* a file too big */
	char *huge = calloc(UI_LANG_MAX_FILE + 1, 1);
	memset(huge, '#', UI_LANG_MAX_FILE + 1);
	err = ui_lang_parse(huge, UI_LANG_MAX_FILE + 1, &t, &line);
	CHECK(err == UI_LANG_TOO_BIG, "64 KiB + 1: expected too big, got %s", ui_lang_err_str(err));
	ui_lang_fini(&t);
	free(huge);
}

static const char *const languages[] = { "en", "sv", "pl", "lt", "lv", "et", "ro", "uk", "ru" };

/* Every key of en.txt is in every language, and no language has a key
 * English lacks (a typo would otherwise never be shown). */
static void completeness(void)
{
	char path[1024];
	struct ui_lang_table en;
	int line = 0;
	snprintf(path, sizeof path, "%s/ui/lang/en.txt", ID06_SOURCE_DIR);
	enum ui_lang_err err = ui_lang_load(path, &en, &line);
	CHECK(err == UI_LANG_OK, "%s line %d: %s", path, line, ui_lang_err_str(err));
	if (err != UI_LANG_OK)
		return;
	for (size_t l = 0; l < sizeof languages / sizeof languages[0]; l++) {
		struct ui_lang_table t;
		snprintf(path, sizeof path, "%s/ui/lang/%s.txt", ID06_SOURCE_DIR, languages[l]);
		err = ui_lang_load(path, &t, &line);
		CHECK(err == UI_LANG_OK, "%s line %d: %s", path, line, ui_lang_err_str(err));
		if (err != UI_LANG_OK)
			continue;
		int missing = 0;
		for (size_t i = 0; i < en.count; i++)
			if (!ui_lang_get(&t, en.entries[i].key)) {
				printf("missing in %s.txt: %s (English: %s)\n", languages[l], en.entries[i].key,
				       en.entries[i].value);
				missing++;
			}
		for (size_t i = 0; i < t.count; i++)
			CHECK(ui_lang_get(&en, t.entries[i].key), "%s.txt has a key English lacks: %s",
			      languages[l], t.entries[i].key);
		CHECK(missing == 0, "%s.txt: expected 0 missing keys, got %d", languages[l], missing);
		/* a translation identical to English is allowed (OK, E-mail) but
		 * the language's own name must be its own */
		const char *name = ui_lang_get(&t, "language.name");
		CHECK(name && (l == 0 || strcmp(name, "English") != 0), "%s.txt: language.name not set",
		      languages[l]);
		ui_lang_fini(&t);
	}
	ui_lang_fini(&en);
}

/* A language lacking a key shows the English text, never an empty button
 * (checked through the UI's own layout). */
static void fallback(void)
{
	char dir[] = "/tmp/id06-ui-lang-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp failed");
		return;
	}
	char path[1024];
	snprintf(path, sizeof path, "%s/en.txt", dir);
	FILE *f = fopen(path, "w");
	fputs("language.name = English\ntitle.x = y\nbutton.cancel = Cancel\nplace.title = Place it\n"
	      "place.hint = Hint\nplace.found = Found\nplace.hold_still = Still\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/xx.txt", dir);
	f = fopen(path, "w");
	fputs("# lacks button.cancel\nlanguage.name = Xx\nplace.title = Xx place\n", f);
	fclose(f);
	char why[512] = "";
	struct ui_config cfg = { .width = 1024, .height = 600, .dpi = 117, .lang_dir = dir,
	                         .headless = true, .why = why, .why_size = sizeof why };
	struct ui *ui = NULL;
	enum ui_err err = ui_open(&cfg, &ui);
	CHECK(err == UI_OK, "ui_open: %s: %s", ui_err_str(err), why);
	if (ui) {
		struct ui_view *v = calloc(1, sizeof *v);
		ui_view_wipe(v);
		v->screen = UI_SCREEN_PLACE_DOCUMENT;
		memcpy(v->language, "xx", 3);
		err = ui_layout(ui, v);
		CHECK(err == UI_OK, "ui_layout: %s", ui_err_str(err));
		bool seen_cancel = false, seen_title = false;
		for (size_t i = 0; i < ui_layout_count(ui); i++) {
			struct ui_element e;
			ui_layout_get(ui, i, &e);
			if (strcmp(e.id, "cancel") == 0) {
				seen_cancel = true;
				CHECK(strcmp(e.text, "Cancel") == 0, "fallback: expected \"Cancel\", got \"%s\"", e.text);
			}
			if (strcmp(e.id, "title") == 0) {
				seen_title = true;
				CHECK(strcmp(e.text, "Xx place") == 0, "own text: expected \"Xx place\", got \"%s\"",
				      e.text);
			}
		}
		CHECK(seen_cancel && seen_title, "expected a cancel button and a title");
		/* An unknown language code falls back to English as a whole. */
		memcpy(v->language, "zz", 3);
		ui_layout(ui, v);
		for (size_t i = 0; i < ui_layout_count(ui); i++) {
			struct ui_element e;
			ui_layout_get(ui, i, &e);
			if (strcmp(e.id, "title") == 0)
				CHECK(strcmp(e.text, "Place it") == 0, "unknown language: expected \"Place it\", got \"%s\"",
				      e.text);
		}
		free(v);
		ui_close(ui);
	}
	snprintf(path, sizeof path, "%s/en.txt", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/xx.txt", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	parse_table();
	limits();
	completeness();
	fallback();
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("ok: %zu parser cases, limits, %zu languages complete, fallback\n",
	       sizeof cases / sizeof cases[0], sizeof languages / sizeof languages[0]);
	return 0;
}
