/* ui_lang.c - the translation file parser (untrusted text, bounded). */
#include "ui_lang.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ui_lang_err_str(enum ui_lang_err err)
{
	switch (err) {
	case UI_LANG_OK: return "no error";
	case UI_LANG_TOO_BIG: return "the translation file is larger than 64 KiB";
	case UI_LANG_BAD_UTF8: return "the line is not valid UTF-8: save the file as UTF-8";
	case UI_LANG_CONTROL_CHAR: return "the line holds a control character (tab, NUL...): use spaces";
	case UI_LANG_NO_EQUALS: return "the line has no '=': write key = text, or start a comment with #";
	case UI_LANG_EMPTY_KEY: return "the line has no key before '='";
	case UI_LANG_BAD_KEY: return "the key may hold only a-z, 0-9, '.', '_' and '-'";
	case UI_LANG_KEY_TOO_LONG: return "the key is longer than 47 bytes";
	case UI_LANG_EMPTY_VALUE: return "the text after '=' is empty: translate it or delete the line (English is used then)";
	case UI_LANG_VALUE_TOO_LONG: return "the text is longer than 399 bytes";
	case UI_LANG_BAD_ESCAPE: return "a backslash must be followed by n (line break) or another backslash";
	case UI_LANG_DUPLICATE: return "the key appears twice in the file: delete one";
	case UI_LANG_TOO_MANY: return "the file has more than 256 keys";
	case UI_LANG_IO: return "the translation file could not be read";
	case UI_LANG_NOMEM: return "out of memory";
	}
	return "unknown translation error";
}

/* Length of the UTF-8 sequence at p (at most left bytes), 0 if invalid.
 * Rejects overlong forms, surrogates and code points past U+10FFFF. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	unsigned c = p[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int entry_cmp(const void *a, const void *b)
{
	const struct ui_lang_entry *x = a, *y = b;
	return strcmp(x->key, y->key);
}

void ui_lang_fini(struct ui_lang_table *table)
{
	if (!table)
		return;
	for (size_t i = 0; i < table->count; i++)
		free(table->entries[i].value);
	free(table->entries);
	table->entries = NULL;
	table->count = 0;
}

/* Parses one line [p, p + n) that is neither blank nor a comment. */
static enum ui_lang_err parse_line(const char *p, size_t n,
                                   struct ui_lang_table *t)
{
	const char *eq = memchr(p, '=', n);
	if (!eq)
		return UI_LANG_NO_EQUALS;
	size_t ks = 0, ke = (size_t)(eq - p);
	while (ks < ke && p[ks] == ' ')
		ks++;
	while (ke > ks && p[ke - 1] == ' ')
		ke--;
	if (ke == ks)
		return UI_LANG_EMPTY_KEY;
	if (ke - ks >= UI_LANG_MAX_KEY)
		return UI_LANG_KEY_TOO_LONG;
	for (size_t i = ks; i < ke; i++)
		if (!key_char(p[i]))
			return UI_LANG_BAD_KEY;
	size_t vs = (size_t)(eq - p) + 1, ve = n;
	while (vs < ve && p[vs] == ' ')
		vs++;
	while (ve > vs && p[ve - 1] == ' ')
		ve--;
	if (ve == vs)
		return UI_LANG_EMPTY_VALUE;
	if (ve - vs >= UI_LANG_MAX_VALUE)
		return UI_LANG_VALUE_TOO_LONG;
	for (size_t i = 0; i < t->count; i++)
		if (strlen(t->entries[i].key) == ke - ks &&
		    memcmp(t->entries[i].key, p + ks, ke - ks) == 0)
			return UI_LANG_DUPLICATE;
	if (t->count >= UI_LANG_MAX_ENTRIES)
		return UI_LANG_TOO_MANY;

	char *value = malloc(ve - vs + 1);
	if (!value)
		return UI_LANG_NOMEM;
	size_t o = 0;
	for (size_t i = vs; i < ve; i++) {
		if (p[i] != '\\') {
			value[o++] = p[i];
			continue;
		}
		if (i + 1 >= ve || (p[i + 1] != 'n' && p[i + 1] != '\\')) {
			free(value);
			return UI_LANG_BAD_ESCAPE;
		}
		value[o++] = p[i + 1] == 'n' ? '\n' : '\\';
		i++;
	}
	value[o] = '\0';
	struct ui_lang_entry *e = &t->entries[t->count];
	memcpy(e->key, p + ks, ke - ks);
	e->key[ke - ks] = '\0';
	e->value = value;
	t->count++;
	return UI_LANG_OK;
}

enum ui_lang_err ui_lang_parse(const char *text, size_t len,
                               struct ui_lang_table *table, int *line)
{
	enum ui_lang_err err = UI_LANG_OK;
	*line = 0;
	table->count = 0;
	table->entries = NULL;
	if (len > UI_LANG_MAX_FILE)
		return UI_LANG_TOO_BIG;
	table->entries = calloc(UI_LANG_MAX_ENTRIES, sizeof *table->entries);
	if (!table->entries)
		return UI_LANG_NOMEM;

	const unsigned char *u = (const unsigned char *)text;
	size_t pos = 0;
	/* A byte order mark at the start is harmless: skip it. */
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		pos = 3;
	int lineno = 0;
	while (pos < len) {
		lineno++;
		size_t start = pos, end = pos;
		while (end < len && text[end] != '\n')
			end++;
		pos = end < len ? end + 1 : end;
		if (end > start && text[end - 1] == '\r')
			end--;
		for (size_t i = start; i < end;) {
			if (u[i] < 0x20 || u[i] == 0x7f) {
				err = UI_LANG_CONTROL_CHAR;
				goto out;
			}
			size_t n = utf8_len(u + i, end - i);
			if (n == 0) {
				err = UI_LANG_BAD_UTF8;
				goto out;
			}
			i += n;
		}
		size_t s = start;
		while (s < end && text[s] == ' ')
			s++;
		if (s == end || text[s] == '#')
			continue;
		err = parse_line(text + s, end - s, table);
		if (err != UI_LANG_OK)
			goto out;
	}
	qsort(table->entries, table->count, sizeof *table->entries, entry_cmp);
out:
	if (err != UI_LANG_OK) {
		*line = lineno;
		ui_lang_fini(table);
	}
	return err;
}

enum ui_lang_err ui_lang_load(const char *path, struct ui_lang_table *table,
                              int *line)
{
	*line = 0;
	table->count = 0;
	table->entries = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return UI_LANG_IO;
	char *buf = malloc(UI_LANG_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		return UI_LANG_NOMEM;
	}
	size_t n = fread(buf, 1, UI_LANG_MAX_FILE + 1, f);
	bool bad = ferror(f) != 0;
	fclose(f);
	enum ui_lang_err err = bad ? UI_LANG_IO : ui_lang_parse(buf, n, table, line);
	free(buf);
	return err;
}

const char *ui_lang_get(const struct ui_lang_table *table, const char *key)
{
	if (!table || !table->entries)
		return NULL;
	struct ui_lang_entry probe;
	size_t kl = strlen(key);
	if (kl >= sizeof probe.key)
		return NULL;
	memcpy(probe.key, key, kl + 1);
	const struct ui_lang_entry *e = bsearch(&probe, table->entries, table->count,
	                                        sizeof *e, entry_cmp);
	return e ? e->value : NULL;
}
