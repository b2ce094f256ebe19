/* mrz_read_cmd.h - the read and watch subcommands, for the id06-mrz tool's
 * subcommand table.  argv[0] is the subcommand name.  Exit statuses as
 * documented in mrz_read_cmd.c. */
#ifndef ID06_MRZ_READ_CMD_H
#define ID06_MRZ_READ_CMD_H

int mrz_read_cmd_read(int argc, char **argv);
int mrz_read_cmd_watch(int argc, char **argv);

#endif
