/* lang_fuzz.c - the translation parser on arbitrary bytes: no crash, no
 * leak, and a successful parse gives a table whose every key is found. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui_lang_table t;
	int line = 0;
	enum ui_lang_err err = ui_lang_parse((const char *)data, size, &t, &line);
	if (err == UI_LANG_OK) {
		for (size_t i = 0; i < t.count; i++) {
			const char *v = ui_lang_get(&t, t.entries[i].key);
			if (!v || v != t.entries[i].value || strlen(v) >= UI_LANG_MAX_VALUE)
				abort();
		}
	} else {
		/* an error leaves the table empty and names the line at fault */
		if (t.count != 0 || t.entries != NULL)
			abort();
		if (line <= 0 && err != UI_LANG_TOO_BIG && err != UI_LANG_NOMEM)
			abort();
	}
	ui_lang_fini(&t);
	return 0;
}
