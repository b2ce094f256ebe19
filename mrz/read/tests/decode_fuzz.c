/* decode_fuzz.c - untrusted image bytes: the header probe, then OpenCV's
 * decoder behind it. */
#include "read_int.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w, h;
	if (mrz_image_probe(data, size, &w, &h) != MRZ_READ_OK)
		return 0;
	struct mr_gray g;
	if (mr_decode(data, size, &g) == MRZ_READ_OK) {
		struct mr_zone z[MRZ_READ_MAX_ZONES];
		int n;
		mr_locate(&g, z, MRZ_READ_MAX_ZONES, &n);
		mr_gray_free(&g);
	}
	return 0;
}
