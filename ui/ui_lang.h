/* ui_lang.h - translation files (private to ui/).
 *
 * A translation file is UTF-8 text, one "key = text" a line.  Lines that
 * start with '#' and blank lines are ignored.  Keys are made of a-z, 0-9,
 * '.', '_' and '-'; text runs to the end of the line, with surrounding
 * spaces removed; "\n" in the text is a line break and "\\" a backslash.
 * The file is untrusted: every size is bounded and every error names the
 * line. */
#ifndef ID06_UI_LANG_H
#define ID06_UI_LANG_H

#include <stddef.h>

#define UI_LANG_MAX_FILE (64 * 1024)
#define UI_LANG_MAX_KEY 48
#define UI_LANG_MAX_VALUE 400
#define UI_LANG_MAX_ENTRIES 256

enum ui_lang_err {
	UI_LANG_OK = 0,
	UI_LANG_TOO_BIG,        /* file larger than UI_LANG_MAX_FILE */
	UI_LANG_BAD_UTF8,       /* bytes that are not UTF-8 */
	UI_LANG_CONTROL_CHAR,   /* a control character (tab, NUL, ...) inside a line */
	UI_LANG_NO_EQUALS,      /* a line without " = " */
	UI_LANG_EMPTY_KEY,
	UI_LANG_BAD_KEY,        /* key with characters other than a-z 0-9 . _ - */
	UI_LANG_KEY_TOO_LONG,
	UI_LANG_EMPTY_VALUE,
	UI_LANG_VALUE_TOO_LONG,
	UI_LANG_BAD_ESCAPE,     /* a backslash not followed by n or backslash */
	UI_LANG_DUPLICATE,      /* the same key twice */
	UI_LANG_TOO_MANY,       /* more than UI_LANG_MAX_ENTRIES keys */
	UI_LANG_IO,             /* the file could not be read */
	UI_LANG_NOMEM,
};
const char *ui_lang_err_str(enum ui_lang_err err);

struct ui_lang_entry {
	char key[UI_LANG_MAX_KEY];
	char *value;              /* owned by the table */
};

struct ui_lang_table {
	char code[8];             /* "en", from the file name */
	size_t count;
	struct ui_lang_entry *entries; /* sorted by key */
};

/* Parses text (len bytes, need not be NUL-terminated) into *table, which is
 * emptied first.  On error *line is the 1-based line at fault and the table
 * is empty. */
enum ui_lang_err ui_lang_parse(const char *text, size_t len,
                               struct ui_lang_table *table, int *line);
enum ui_lang_err ui_lang_load(const char *path, struct ui_lang_table *table,
                              int *line);
void ui_lang_fini(struct ui_lang_table *table);

/* The text for key, or NULL when the table has none. */
const char *ui_lang_get(const struct ui_lang_table *table, const char *key);

#endif
