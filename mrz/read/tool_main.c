/* tool_main.c - a stand-alone entry for the read and watch subcommands
 * until mrz/tools/id06-mrz.c lists them in its table. */
#include "mrz_read_cmd.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "read") == 0)
		return mrz_read_cmd_read(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "watch") == 0)
		return mrz_read_cmd_watch(argc - 1, argv + 1);
	fprintf(stderr, "usage: %s read [--json] [--model PATH] IMAGE...\n"
	        "       %s watch [--camera DEV | --video FILE] [--json]\n", argv[0], argv[0]);
	return 2;
}
