/* id06-mrz.h - private to the id06-mrz tool: one function per subcommand.
 * A subcommand gets argv with its own name in argv[0], prints what a person
 * needs, and returns the exit status (0 ok, 1 an MRZ with a failed check,
 * 2 not an MRZ or a usage error). */
#ifndef ID06_MRZ_TOOL_H
#define ID06_MRZ_TOOL_H

#include <stdio.h>

struct id06_mrz_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *to);  /* NULL: run handles --help itself */
};

/* id06-mrz-parse.c */
int id06_mrz_parse_main(int argc, char **argv);
void id06_mrz_parse_usage(FILE *to);

/* id06-mrz-read.c: reading pictures and video (mrz/read/) */
int id06_mrz_read_main(int argc, char **argv);
void id06_mrz_read_usage(FILE *to);
int id06_mrz_watch_main(int argc, char **argv);
void id06_mrz_watch_usage(FILE *to);

#endif
