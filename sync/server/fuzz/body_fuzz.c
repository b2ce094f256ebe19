/* body_fuzz.c - fuzz target for the reference server's parsing of result
 * bodies (identity verification, account, decision).  The first byte picks
 * the kind; the rest is the body as a kiosk would send it. */
#include "devserver.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum devsrv_body_kind kind = (enum devsrv_body_kind)(data[0] % 3);
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
