/* sim_spawn.h - tests start id06-chip-sim as a child, wait for its ready
 * line, and always stop it (also on failure, via atexit and an alarm). */
#ifndef ID06_SIM_SPAWN_H
#define ID06_SIM_SPAWN_H

#include <sys/types.h>

struct sim_proc {
	pid_t pid;
	char link[1024];
};

/* Runs exe with argv (NULL-terminated, argv[0] included) plus
 * "--pn532 link", waits up to 20 s for "ready".  0 on success. */
int sim_spawn(const char *exe, const char *const *argv, const char *link,
              struct sim_proc *p);
/* SIGTERM, then SIGKILL after 5 s.  Returns the exit code (128+sig when
 * killed by a signal, -1 when it was not running). */
int sim_stop(struct sim_proc *p);
/* Kills every child still running after seconds, then exits 1. */
void sim_watchdog(unsigned seconds);

#endif
