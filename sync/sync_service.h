/* sync_service.h - for the daemons (id06-kiosk, id06-sync), not the
 * libraries: log lines with a level, and the systemd service protocol.
 *
 * Under systemd (stderr is the journal: $JOURNAL_STREAM names it) each
 * line starts with the sd-daemon prefix "<N>" so the journal keeps the
 * level; elsewhere a line is "PROGRAM: LEVEL: message" on stderr.  Never
 * log personal data: no names, MRZ, document numbers, faces or keys.
 *
 * sd_notify is done by hand: one datagram to $NOTIFY_SOCKET ("READY=1",
 * "WATCHDOG=1", "STOPPING=1", "STATUS=..."); without the variable it does
 * nothing, so the programs run the same outside systemd. */
#ifndef ID06_SYNC_SERVICE_H
#define ID06_SYNC_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

/* syslog(3) levels, as the journal reads them. */
enum sync_log_level {
	SYNC_LOG_ERR = 3,
	SYNC_LOG_WARNING = 4,
	SYNC_LOG_NOTICE = 5,
	SYNC_LOG_INFO = 6,
	SYNC_LOG_DEBUG = 7,
};

/* Names the program in plain lines; program is borrowed for the process's
 * life (a string literal). */
void sync_service_init(const char *program);

/* One line (a trailing newline is added) at level. */
void sync_service_log(enum sync_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when stderr is the journal ($JOURNAL_STREAM matches it). */
bool sync_service_journal(void);

/* Sends state ("READY=1", ...) to the service manager.  True when it was
 * sent; false without $NOTIFY_SOCKET or when sending failed. */
bool sync_service_notify(const char *state);

/* How often to send WATCHDOG=1, in milliseconds: half of $WATCHDOG_USEC
 * when the watchdog is on for this process, else 0. */
int64_t sync_service_watchdog_ms(void);

#endif
