/* fuzz_lds.c - LDS parsing of arbitrary bytes: EF.COM, DG1, DG2 and, when
 * DG2 yields an image, the JPEG / JPEG 2000 decoder.  Every pointer a
 * parser returns must lie inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct emrtd_com com;
	char mrz[128];
	struct emrtd_face face;
	emrtd_com_parse(data, size, &com);
	emrtd_dg1_mrz(data, size, mrz, sizeof mrz);
	if (emrtd_dg2_parse(data, size, &face) == EMRTD_OK) {
		if (face.image < data || face.image + face.image_len > data + size)
			abort();
		struct emrtd_image img;
		if (emrtd_face_decode(&face, &img) == EMRTD_OK) {
			uint8_t *jpeg = NULL;
			size_t jl;
			emrtd_image_to_jpeg(&img, 50, &jpeg, &jl);
			emrtd_free(jpeg);
		}
		emrtd_image_fini(&img);
	}
	return 0;
}
