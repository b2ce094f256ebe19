/* fuzz_parse.c - mrz_parse(), mrz_repair() and the JSON writer on any bytes:
 * no crash, no read outside the input, and results that keep their own
 * promises (NUL-terminated strings, counts within bounds, JSON that fits). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(const struct mrz_result *r)
{
	if (r->issue_count < 0 || r->issue_count > MRZ_MAX_ISSUES ||
	    r->correction_count < 0 || r->correction_count > MRZ_MAX_CORRECTIONS ||
	    memchr(r->surname, 0, sizeof r->surname) == NULL ||
	    memchr(r->given_names, 0, sizeof r->given_names) == NULL ||
	    memchr(r->document_number, 0, sizeof r->document_number) == NULL)
		abort();
	static char json[8192];
	if (mrz_result_json(r, json, sizeof json) != MRZ_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mrz_options today = {2026, 11, 23};
	struct mrz_result r;
	enum mrz_err err = mrz_parse((const char *)data, size, &today, &r);
	check_result(&r);
	if (err == MRZ_OK && !r.valid)
		abort();
	mrz_result_wipe(&r);

	/* Repair: same promises, and never a change inside a name. */
	err = mrz_repair((const char *)data, size, &today, &r);
	check_result(&r);
	if (err == MRZ_OK && !r.valid)
		abort();
	for (int i = 0; i < r.correction_count; i++) {
		const struct mrz_correction *c = &r.corrections[i];
		bool in_name = r.format == MRZ_TD1 ? c->line == 3
		                                   : (c->line == 1 && c->column >= 6);
		if (in_name || c->from == c->to)
			abort();
	}
	mrz_result_wipe(&r);
	return 0;
}
