/* kiosk_check.h - id06-kiosk --check: is this kiosk set up to run?
 *
 * One line per check (configuration, store, CSCA trust store, MRZ model,
 * translations and fonts, camera, NFC reader, client certificate, server CA, server), each "ok"
 * with what was found, or what is wrong and how to fix it.  Checks that
 * need the configuration are skipped when it cannot be read.  No check
 * prints personal data: the store is opened, never read. */
#ifndef ID06_KIOSK_CHECK_H
#define ID06_KIOSK_CHECK_H

#include <stddef.h>
#include <stdint.h>

enum kiosk_check_result {
	KIOSK_CHECK_OK = 0,
	KIOSK_CHECK_FAIL,
	KIOSK_CHECK_SKIP,      /* could not run: an earlier check failed */
};

struct kiosk_check_line {
	const char *name;      /* "config", "store", "csca", "model", "data", "camera", "nfc",
	                        * "client-cert", "server-ca", "server" */
	enum kiosk_check_result result;
	char text[600];
};

/* What to check.  camera and nfc left NULL come from the configuration
 * (kiosk_camera, kiosk_nfc, kiosk_csca_dir; its default /etc/id06-kiosk/csca). */
struct kiosk_check_setup {
	const char *config_path;   /* required */
	const char *csca_dir;      /* CSCA trust store folder */
	const char *model;         /* MRZ model (NULL: the reader's default) */
	const char *camera;        /* /dev/videoN, video:FILE or images:DIR */
	const char *nfc;           /* libnfc connstring ("" = libnfc's default) */
	int64_t now;               /* unix seconds, to judge certificate dates */
};

typedef void kiosk_check_emit(const struct kiosk_check_line *line, void *ctx);

/* Runs every check in order, calling emit once per line; returns how many
 * failed. */
int kiosk_check_run(const struct kiosk_check_setup *setup, kiosk_check_emit *emit, void *ctx);

/* Prints the lines to stdout ("ok   name  text"), then a summary; the
 * exit status for --check: 0 all passed, 1 something is wrong. */
int kiosk_check_print(const struct kiosk_check_setup *setup);

/* The pieces (for the tests).  Each fills msg with what was found or what
 * is wrong and how to fix it. */

/* A PEM or DER certificate file: readable, a certificate, valid at now. */
enum kiosk_check_result kiosk_check_cert(const char *path, const char *what, int64_t now,
                                         char *msg, size_t cap);
/* A CSCA folder: readable, at least one certificate, none expired, every
 * certificate file readable. */
enum kiosk_check_result kiosk_check_csca(const char *dir, int64_t now, char *msg, size_t cap);
/* A camera device (V4L2 capture), video:FILE or images:DIR (stand-ins). */
enum kiosk_check_result kiosk_check_camera(const char *camera, char *msg, size_t cap);
/* A libnfc reader: opens and initialises (a document need not be there). */
enum kiosk_check_result kiosk_check_nfc(const char *connstring, char *msg, size_t cap);
/* The MRZ model loads in Tesseract. */
enum kiosk_check_result kiosk_check_model(const char *model, char *msg, size_t cap);

#endif
