/* fuzz_tlv.c - the TLV cursor over arbitrary bytes: walks every TLV,
 * recursing into constructed values, and checks that no child cursor
 * reaches outside its parent. */
#include <stdint.h>
#include <stdlib.h>

#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(struct emrtd_cursor *c, const uint8_t *lo, const uint8_t *hi, int depth)
{
	struct emrtd_cursor v;
	uint32_t tag;
	while (c->left && !c->err) {
		if (emrtd_cursor_tlv(c, &tag, &v))
			break;
		if (v.p < lo || v.p + v.left > hi)
			abort();
		/* Constructed (bit 6 of the first tag byte): recurse. */
		uint32_t first = tag > 0xFFFF ? tag >> 16 : tag > 0xFF ? tag >> 8 : tag;
		if ((first & 0x20) && depth < 16)
			walk(&v, v.p, v.p + v.left, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct emrtd_cursor c;
	emrtd_cursor_init(&c, data, size);
	walk(&c, data, data + size, 0);
	uint32_t tag;
	size_t hl, vl;
	if (emrtd_tlv_header(data, size, &tag, &hl, &vl) == EMRTD_OK && hl > size)
		abort();
	struct emrtd_apdu a;
	uint8_t out[EMRTD_APDU_MAX + 16];
	size_t n;
	if (size <= EMRTD_APDU_MAX && emrtd_apdu_parse(data, size, &a) == EMRTD_OK) {
		if (a.nc && (a.data < data || a.data + a.nc > data + size))
			abort();
		if (emrtd_apdu_build(&a, out, sizeof out, &n) != EMRTD_OK)
			abort();
	}
	return 0;
}
