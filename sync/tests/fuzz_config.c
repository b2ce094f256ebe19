/* fuzz_config.c - the configuration parser on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sync_config c;
	char msg[256];
	sync_config_parse((const char *)data, size, &c, msg, sizeof msg);
	return 0;
}
