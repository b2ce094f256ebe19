/* id06-mrz.c - the id06-mrz tool: a table of subcommands.  Each subcommand
 * lives in its own file (id06-mrz-parse.c, ...); adding one is one line in
 * the table and one in CMakeLists.txt. */
#include <stdio.h>
#include <string.h>

#include "id06-mrz.h"

static const struct id06_mrz_command commands[] = {
	{"parse", "parse and validate MRZ text (2 or 3 lines)",
	 id06_mrz_parse_main, id06_mrz_parse_usage},
	{"read", "find and read the MRZ in pictures", id06_mrz_read_main, id06_mrz_read_usage},
	{"watch", "read the MRZ from a camera or video", id06_mrz_watch_main, id06_mrz_watch_usage},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
	fprintf(to, "usage: id06-mrz COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(to, "\n'id06-mrz COMMAND --help' describes one command.\n"
	            "Exit status: 0 every check holds, 1 an MRZ with a failed check,\n"
	            "2 not an MRZ or a usage error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			for (size_t i = 0; i < NCOMMANDS; i++) {
				if (strcmp(argv[2], commands[i].name) == 0) {
					commands[i].usage(stdout);
					return 0;
				}
			}
		}
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "id06-mrz: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
