/* fuzz_script.c - the scripted-session parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "kiosk_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kiosk_script s;
	kiosk_script_parse((const char *)data, size, &s);
	for (int i = 0; i < s.count; i++)
		(void)kiosk_script_option(&s.cmds[i], "mrz");
	kiosk_script_free(&s);
	return 0;
}
