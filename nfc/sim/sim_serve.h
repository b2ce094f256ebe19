/* sim_serve.h - private: the PN532 emulator on a pseudo-terminal. */
#ifndef ID06_SIM_SERVE_H
#define ID06_SIM_SERVE_H

#include <signal.h>

#include "chip_sim.h"

struct sim_server;

/* Opens a pseudo-terminal in raw mode and makes link a symlink to it (an
 * old symlink at link is replaced; any other file there is an error).
 * Close with sim_server_close(), which removes link. */
enum sim_err sim_server_open(const char *link, struct sim_server **out);
void sim_server_close(struct sim_server *s);
/* The terminal's path (/dev/pts/N), borrowed until close. */
const char *sim_server_pty(const struct sim_server *s);
/* Serves frames until *stop becomes non-zero (a signal handler sets it). */
enum sim_err sim_server_run(struct sim_server *s, struct sim_pn532 *emu,
                            volatile sig_atomic_t *stop);

#endif
