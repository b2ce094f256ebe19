/* kiosk_script.h - scripted sessions for the headless driver.
 *
 * A script is a text file, one command a line, '#' starts a comment:
 *
 *   today 2026-11-23            the date the session runs on
 *   document IMAGE [key=value]  a document is laid on the scanner: IMAGE is
 *                               what the camera sees ("-": no picture, the
 *                               camera gives the mrz= text); the chip is served by
 *                               id06-chip-sim with mrz=FILE face=FILE
 *                               fault=NAME access=bac|pace-ecdh|pace-dh|
 *                               pace-cam|pace-only-can can=DIGITS (the chip's
 *                               6-digit card access number) ca=ecdh|ecdh-p256|dh
 *                               (a chip authentication key) aa=rsa|ecdsa|
 *                               ecdsa-der (an active authentication key);
 *                               unknown or repeated options are errors
 *   remove                      the document is taken away
 *   unplug reader|camera        a device goes away (its configured path)
 *   plug reader|camera          and comes back
 *   tap BUTTON                  a finger on a button, by its id
 *   wait SECONDS                time passes (virtual: nothing sleeps)
 *   expect screen NAME [SECONDS]  the screen shown now, or within SECONDS
 *                               of real time when devices are at work
 *   expect problem NAME         the problem the screen explains
 *   expect outbox N             results waiting in the outbox
 *   expect lines N              lines on the staff list shown
 *   expect clean                no personal data left in the session
 *   screenshot NAME             a PNG of the screen, when screenshots are on
 *
 * The parser reads untrusted text: every line is bounded, every error
 * names its line. */
#ifndef ID06_KIOSK_SCRIPT_H
#define ID06_KIOSK_SCRIPT_H

#include <stddef.h>

enum kiosk_script_err {
	KIOSK_SCRIPT_OK = 0,
	KIOSK_SCRIPT_ERR_IO,          /* the file cannot be read */
	KIOSK_SCRIPT_ERR_SYNTAX,      /* an unknown command or a missing argument */
	KIOSK_SCRIPT_ERR_TOO_LONG,    /* a line, an argument or the script is too long */
	KIOSK_SCRIPT_ERR_BAD_VALUE,   /* a number or date that is not one */
};
const char *kiosk_script_err_str(enum kiosk_script_err err);

enum kiosk_script_op {
	KIOSK_OP_TODAY = 1,
	KIOSK_OP_DOCUMENT,
	KIOSK_OP_REMOVE,
	KIOSK_OP_TAP,
	KIOSK_OP_WAIT,
	KIOSK_OP_EXPECT_SCREEN,
	KIOSK_OP_EXPECT_PROBLEM,
	KIOSK_OP_EXPECT_OUTBOX,
	KIOSK_OP_EXPECT_CLEAN,
	KIOSK_OP_SCREENSHOT,
	KIOSK_OP_EXPECT_LINES,
	KIOSK_OP_UNPLUG,       /* arg: reader or camera */
	KIOSK_OP_PLUG,
};

#define KIOSK_SCRIPT_MAX_COMMANDS 512
#define KIOSK_SCRIPT_MAX_ARG 256
#define KIOSK_SCRIPT_MAX_OPTIONS 8

struct kiosk_script_option {
	char key[16];
	char value[KIOSK_SCRIPT_MAX_ARG];
};

struct kiosk_script_cmd {
	enum kiosk_script_op op;
	int line;                              /* 1-based, for messages */
	char arg[KIOSK_SCRIPT_MAX_ARG];        /* image, button, screen, problem, name */
	double number;                         /* seconds, count; today as YYYYMMDD */
	int option_count;
	struct kiosk_script_option options[KIOSK_SCRIPT_MAX_OPTIONS];
};

struct kiosk_script {
	int count;
	struct kiosk_script_cmd *cmds;         /* freed by kiosk_script_free */
	int error_line;                        /* where parsing stopped, 0 if none */
	char error[160];                       /* what is wrong there */
};

/* Parses len bytes of script text.  On error *script holds the line and a
 * message; kiosk_script_free() is needed either way. */
enum kiosk_script_err kiosk_script_parse(const char *text, size_t len,
                                         struct kiosk_script *script);
enum kiosk_script_err kiosk_script_load(const char *path, struct kiosk_script *script);
void kiosk_script_free(struct kiosk_script *script);

/* The value of option key of cmd, or NULL. */
const char *kiosk_script_option(const struct kiosk_script_cmd *cmd, const char *key);

#endif
