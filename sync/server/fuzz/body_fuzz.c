/* body_fuzz.c - fuzz target for the reference server's parsing of result
 * bodies (identity verification, account, decision, attendance) and of the
 * checks on query parameters and headers.  The first byte picks which
 * (modulo 8: 0 identity, 1 account, 2 decision, 3 the checks, 4
 * attendance, 5-7 as 1-3; so the ASCII digits '0'..'4' name them); the
 * rest is the input as a kiosk would send it. */
#include "devserver.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned pick = data[0] % 8u;
	if (pick > 4)
		pick -= 4;
	if (pick == 3) {
		/* The checks applied to query parameters and headers. */
		char *s = malloc(size);
		if (!s)
			return 0;
		memcpy(s, data + 1, size - 1);
		s[size - 1] = '\0';
		bool date = devsrv_is_date(s), instant = devsrv_is_instant(s);
		bool key = devsrv_is_idempotency_key(s), order = devsrv_is_order_id(s);
		if ((date && instant) || (order && !key))
			abort();
		free(s);
		return 0;
	}
	enum devsrv_body_kind kind = pick == 4 ? DEVSRV_BODY_ATTENDANCE : (enum devsrv_body_kind)pick;
	struct devsrv_body *out = malloc(sizeof *out);
	if (!out)
		return 0;
	struct devsrv_problem problem;
	enum devsrv_err err = devsrv_body_parse(kind, (const char *)data + 1, size - 1, out, &problem);
	/* A failure always explains itself; a success never carries a problem. */
	if (err != DEVSRV_OK && (problem.status < 400 || !problem.code[0] || !problem.message[0]))
		abort();
	if (err == DEVSRV_OK && (problem.status != 0 || strlen(out->sha256) != 64))
		abort();
	free(out);
	return 0;
}
