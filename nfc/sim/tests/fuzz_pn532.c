/* fuzz_pn532 - a hostile host on the serial line: arbitrary bytes through
 * the PN532 emulator's frame parser and command handling, behind which sits
 * a card that echoes APDUs.  Nothing may crash, read out of bounds or leak. */
#include <stdint.h>
#include <string.h>

#include "chip_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum sim_err echo(void *ctx, const uint8_t *cmd, size_t len,
                         uint8_t *resp, size_t cap, size_t *resp_len)
{
	(void)ctx;
	if (len + 2 > cap)
		return SIM_ERR_TOO_BIG;
	if (len == 1 && cmd[0] == 0xEE)
		return SIM_ERR_TAG_LOST;
	/* Echo twice, so answers over one frame exercise MI chaining. */
	size_t n = len * 2 + 2 > cap ? len : len * 2;
	for (size_t k = 0; k < n; k++)
		resp[k] = cmd[k % len];
	resp[n] = 0x90;
	resp[n + 1] = 0x00;
	*resp_len = n + 2;
	return SIM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_target_ops ops = {echo, NULL, NULL};
	struct sim_pn532 *emu = NULL;
	if (sim_pn532_new(&ops, &emu) != SIM_OK)
		return 0;
	size_t off = 0;
	while (off < size) {
		size_t consumed = 0;
		struct sim_pn532_out out;
		enum sim_err e = sim_pn532_step(emu, data + off, size - off, &consumed, &out);
		if (out.len > sizeof out.bytes)
			__builtin_trap();
		if (e == SIM_ERR_NEED_MORE && consumed == 0)
			break;
		if (consumed == 0)
			__builtin_trap();   /* no progress: would loop forever */
		off += consumed;
	}
	sim_pn532_free(emu);
	return 0;
}
