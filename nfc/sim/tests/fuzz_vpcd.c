/* fuzz_vpcd - a hostile vpcd on the socket: arbitrary bytes through the
 * virtual card's vpcd message parser and its answers, behind which sits a
 * card that echoes APDUs (and leaves the field on EE).  Nothing may crash,
 * read out of bounds, stall or answer more than one message per step. */
#include <stdint.h>
#include <string.h>

#include "sim_vpcd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum sim_err echo(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap,
                         size_t *resp_len)
{
	(void)ctx;
	if (len && cmd[0] == 0xEE)
		return SIM_ERR_TAG_LOST;
	size_t n = len + 2 > cap ? cap - 2 : len;
	memcpy(resp, cmd, n);
	resp[n] = 0x90;
	resp[n + 1] = 0x00;
	*resp_len = n + 2;
	return SIM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_target_ops ops = {echo, NULL, NULL};
	struct sim_vpcd *v = NULL;
	if (sim_vpcd_new(&ops, &v) != SIM_OK)
		return 0;
	size_t off = 0;
	while (off < size) {
		size_t consumed = 0;
		struct sim_vpcd_out out;
		enum sim_err e = sim_vpcd_step(v, data + off, size - off, &consumed, &out);
		if (out.len > sizeof out.bytes || consumed > size - off)
			__builtin_trap();
		/* An answer is one whole message: its length says the rest. */
		if (out.len && (out.len < 2 || (size_t)(out.bytes[0] << 8 | out.bytes[1]) != out.len - 2))
			__builtin_trap();
		if (e == SIM_ERR_NEED_MORE && consumed == 0)
			break;
		if (consumed == 0)
			__builtin_trap();   /* no progress: would loop for ever */
		off += consumed;
	}
	sim_vpcd_free(v);
	return 0;
}
