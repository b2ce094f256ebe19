/* fuzz_face - the face file given to id06-chip-sim --face: format sniffing
 * and the bounded JPEG SOF / JPEG 2000 SIZ scan that finds width and height
 * for the ISO 19794-5 record.  Must never read past the bytes given. */
#include <stdint.h>

#include "chip_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sim_image_kind kind;
	unsigned w = 0, h = 0;
	(void)sim_face_kind(data, size, &kind);
	sim_face_size(data, size, &w, &h);
	if (w > 0xFFFFFFu || h > 0xFFFFFFu)
		__builtin_trap();
	return 0;
}
