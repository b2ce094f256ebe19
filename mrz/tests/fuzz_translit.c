/* fuzz_translit.c - transliteration, name fields and name matching on any
 * bytes.  An input may start with a language hint line ("uk\n...").  The
 * output must be MRZ characters only, and a name field built from a
 * transliteration must match the name it came from. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void only_mrz_chars(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || *s == '<'))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[512];
	if (size >= sizeof in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	const char *lang = NULL, *name = in;
	char hint[3] = {0, 0, 0};
	if (size >= 3 && in[2] == '\n') {
		hint[0] = in[0];
		hint[1] = in[1];
		lang = hint;
		name = in + 3;
	}
	char out[MRZ_MAX_NAME * 2 + 1];
	for (int v = 0; v < 3; v++) {
		enum mrz_err err = mrz_transliterate(name, lang, (enum mrz_translit_variant)v,
		                                     out, sizeof out);
		if (err == MRZ_OK) {
			only_mrz_chars(out);
		} else if (out[0] != '\0') {
			abort();  /* a refused name leaves nothing behind */
		}
	}
	char all[8][MRZ_MAX_NAME * 2 + 1];
	int count = 0;
	if (mrz_transliterate_all(name, lang, all, 8, &count) == MRZ_OK) {
		if (count < 1 || count > 8)
			abort();
		for (int i = 0; i < count; i++) {
			only_mrz_chars(all[i]);
			char field[MRZ_MAX_LINE + 1];
			if (all[i][0] == '\0')
				continue;
			if (mrz_name_field(all[i], "ANNA", 30, field, sizeof field) != MRZ_OK)
				abort();
			if (strlen(field) != 30)
				abort();
			only_mrz_chars(field);
			char *sep = strstr(field, "<<");
			if (!sep)
				abort();
			*sep = '\0';
			if (!mrz_name_matches(field, sep + 2, field[29] != '<',
			                      all[i], "ANNA"))
				abort();
		}
	}
	/* Raw bytes as an MRZ name on both sides: no crash. */
	(void)mrz_name_matches(name, name, true, name, name);
	return 0;
}
