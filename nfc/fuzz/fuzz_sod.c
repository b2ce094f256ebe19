/* fuzz_sod.c - EF.SOD handling of arbitrary bytes: the 77 wrapper, the
 * CMS structure, the LDS security object and its hash list, checked
 * against two small data groups; bytes that look like a bare CMS also go
 * through the master list import. */
#include <stdint.h>
#include <stdlib.h>

#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t dg1[] = {0x61, 0x03, 0x5F, 0x1F, 0x00};
	static const uint8_t dg2[] = {0x75, 0x00};
	const uint8_t *files[EMRTD_FILE_COUNT] = {0};
	size_t lens[EMRTD_FILE_COUNT] = {0};
	struct emrtd_pa pa;
	files[EMRTD_FILE_DG1] = dg1;
	lens[EMRTD_FILE_DG1] = sizeof dg1;
	files[EMRTD_FILE_DG2] = dg2;
	lens[EMRTD_FILE_DG2] = sizeof dg2;
	if (emrtd_passive_auth(NULL, data, size, files, lens, &pa) != EMRTD_OK)
		abort();
	if (pa.verdict == EMRTD_CHECK_PASS)
		abort(); /* never without a trust store */
	/* A master list is a bare CMS (30 ...); an SOD is wrapped in 77. */
	if (size && data[0] == 0x30) {
		struct emrtd_trust *t = NULL;
		if (emrtd_trust_new(&t) == EMRTD_OK) {
			unsigned added = 0;
			emrtd_trust_add_master_list(t, data, size, &added);
			emrtd_trust_free(t);
		}
	}
	return 0;
}
