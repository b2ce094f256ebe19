/* fuzz_sm.c - secure-messaging unwrap of arbitrary bytes, both roles.
 * The first input byte picks the cipher; the rest is the message.  A
 * fixed key means random bytes almost never pass the MAC, so the parser
 * in front of the MAC check is what gets exercised; the seed corpus holds
 * genuine messages for the paths behind it. */
#include <stdint.h>
#include <string.h>

#include "emrtd_crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t enc[32] = {0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC,
	                                0xD0, 0x1A, 0xB0, 0xFE, 0xD3, 0x07, 0xEA, 0xE5};
	static const uint8_t mac[32] = {0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08,
	                                0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8};
	/* D.4: the terminal's SSC before unwrapping the first answer is ...C227. */
	static const uint8_t ssc_resp[16] = {0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x27};
	static const uint8_t ssc_cmd[16] = {0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x26};
	uint8_t out[EMRTD_APDU_MAX];
	size_t len;
	uint16_t sw;
	struct emrtd_sm sm;
	struct emrtd_apdu a;
	if (size < 1)
		return 0;
	enum emrtd_cipher c = (enum emrtd_cipher)(data[0] & 3);
	emrtd_sm_init(&sm, c, enc, mac, ssc_resp);
	emrtd_sm_unwrap_response(&sm, data + 1, size - 1, out, sizeof out, &len, &sw);
	emrtd_sm_init(&sm, c, enc, mac, ssc_cmd);
	if (emrtd_sm_unwrap_command(&sm, data + 1, size - 1, out, sizeof out, &a) == EMRTD_OK &&
	    a.nc > sizeof out)
		__builtin_trap();
	emrtd_sm_wipe(&sm);
	return 0;
}
