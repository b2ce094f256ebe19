/* kiosk_driver.h - what drives the devices and the store from the
 * session's actions, shared by the headless (kiosk_headless.c) and the live
 * loop: the chip reader worker thread, the chip simulator, the camera, the
 * order look-up, the outbox, the staff PIN and lists, the screen.
 *
 * The driver owns one struct kiosk_session; every event goes through
 * kiosk_driver_feed(), which steps the session and runs the actions it
 * returns.  Personal data the driver holds (chip files, face, JPEG, camera
 * text) is wiped by kiosk_driver_wipe(), which the session's WIPE action
 * calls on every reset. */
#ifndef KIOSK_DRIVER_H
#define KIOSK_DRIVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "emrtd.h"
#include "kiosk_camera.h"
#include "kiosk_devices.h"
#include "kiosk_session.h"
#include "mrz.h"
#include "sync.h"
#include "ui.h"

struct mrz_reader;

/* What the camera sees.  The headless source is a document's MRZ text or a
 * picture of it read by the MRZ image reader. */
struct kiosk_camera {
	bool active;             /* the session asked for it */
	bool document;           /* a document lies on the scanner */
	bool delivered;          /* its MRZ went to the session already */
	char text[3 * 45];       /* the MRZ as the camera would read it (personal) */
	char image[600];         /* or a picture to read it from ("" = none) */
};

/* The chip read runs in a thread: libnfc blocks, the screen must not. */
struct kiosk_chip_worker {
	pthread_t thread;
	bool running;            /* a thread was started and not joined */
	pthread_mutex_t lock;
	/* under lock */
	int permille;
	bool finished;
	bool cancel;
	/* set by the worker before finished; read by the main thread after */
	enum emrtd_err err;
	struct emrtd_document *doc;
	struct mrz_result key_mrz;
	enum emrtd_access access;  /* how the chip was opened */
	/* input */
	char connstring[SYNC_PATH_MAX]; /* "" = libnfc's default device */
	bool bac_fallback;
	char mrz_text[3 * 45];
	char can[16];              /* "" for a read with the MRZ; wiped by the worker */
	const struct emrtd_trust *trust;
};

/* id06-chip-sim on a pseudo-terminal (headless only). */
struct kiosk_chip_sim {
	pid_t pid;
	char link[256];
};

/* A staff PIN file holds one line: pbkdf2-sha256$ITERATIONS$SALT$HASH,
 * salt (16 bytes) and hash (32 bytes) in hex.  The PIN itself is never
 * stored. */
#define PIN_SALT 16
#define PIN_HASH 32

struct kiosk_staff_pin {
	bool set;
	unsigned iterations;
	unsigned char salt[PIN_SALT];
	unsigned char hash[PIN_HASH];
};

struct kiosk_driver {
	struct kiosk_session session;
	struct ui *ui;
	struct sync_store *store;
	struct emrtd_trust *trust;
	struct kiosk_staff_pin pin;
	struct kiosk_camera camera;
	struct kiosk_live_camera *live_camera; /* the live loop's camera thread, or NULL */
	struct kiosk_preview preview; /* its newest frame for the screen (personal) */
	bool quit;               /* the window was closed */
	struct mrz_reader *reader;   /* loaded with the first picture (NULL without mrz/read) */
	struct kiosk_chip_worker chip;
	struct kiosk_chip_sim sim;
	char run_dir[200];
	char screenshots[512];
	/* From the configuration (kiosk_* settings). */
	struct kiosk_timeouts timeouts;
	char nfc[SYNC_PATH_MAX];  /* libnfc connstring when no simulator runs;
	                           * "" = libnfc's default */
	bool bac_fallback;       /* BAC allowed after a failed PACE */
	char office[64];
	char home_language[8];   /* the start screen's language */
	char csca_dir[SYNC_PATH_MAX];    /* the CSCA trust store folder */
	uint64_t now_ms;         /* the virtual clock */
	int today;
	/* Results of the last chip read (personal: wiped on reset). */
	struct emrtd_document *doc;
	uint8_t *face_jpeg;
	size_t face_jpeg_len;
	struct emrtd_document *permit_doc;
	int depth;               /* events fed from within actions */
	/* Staff list lines for the screen (no personal data). */
	int line_count;
	char lines[UI_MAX_LINES][UI_MAX_TEXT];
	/* --timings: real-clock marks of the document's way to the summary. */
	bool timings;
	double t_document, t_mrz, t_chip_start, t_chip_done, t_lookup, t_lookup_done;
	bool summary_reported;
	char error[300];         /* the first driver error, for the report */
	/* Is the hardware there (NULL: not watched).  The driver looks on a
	 * hot-plug notice and every KIOSK_DEVICES_POLL_MS (paths come and go
	 * without one). */
	struct kiosk_devices *devices;
	struct kiosk_device_report devices_seen;
	uint64_t devices_next_ms;   /* the next look at the devices */
	bool camera_silent;         /* the live camera gives no frames though its path is there */
	/* The appointment behind each staff list line. */
	int appt_count;
	char appt_ids[UI_MAX_LINES][64];
};

/* The kiosk's settings of the configuration into the driver: timeouts,
 * NFC reader, BAC fallback, office, camera name. */
void kiosk_driver_configure(struct kiosk_driver *d, const struct sync_kiosk_config *k);

/* Opens the driver's own parts: the chip trust store, the screen (ucfg),
 * the run directory for the simulator's pty link.  d->store, d->pin and
 * d->timings are set by the caller before or after.  On error *why says
 * what failed. */
bool kiosk_driver_open(struct kiosk_driver *d, const struct ui_config *ucfg, char *why,
                       size_t cap);
/* Wipes what it holds of the person, stops the simulator, closes the
 * screen, the store and the trust store.  Takes a driver never opened. */
void kiosk_driver_close(struct kiosk_driver *d);

/* Steps the session with EV (stamped with d->now_ms) and runs its actions. */
void kiosk_driver_feed(struct kiosk_driver *d, struct kiosk_event *ev);
/* Lets the devices report (chip worker, camera, UI), waiting at most
 * WAIT_MS for the UI's first event. */
void kiosk_driver_pump(struct kiosk_driver *d, int wait_ms);
/* Draws the session's current screen. */
void kiosk_driver_draw(struct kiosk_driver *d);
/* The camera hands a document's MRZ to the session once it is on. */
void kiosk_driver_camera_offer(struct kiosk_driver *d);
/* Everything of the person the driver holds. */
void kiosk_driver_wipe(struct kiosk_driver *d);
/* True when the driver holds nothing of a person. */
bool kiosk_driver_is_clean(const struct kiosk_driver *d);
/* The name of the screen shown now (ui_screen_name), and of a problem. */
const char *kiosk_driver_screen(struct kiosk_driver *d);
const char *kiosk_problem_name(enum ui_problem p);

/* Starts id06-chip-sim for MRZ_FILE (FACE, FAULT, ACCESS and CAN may be
 * NULL) on a pty linked at run_dir/pn532; false when it did not get ready. */
/* The simulated document's chip: id06-chip-sim's options (NULL: its
 * default).  ca and aa give the chip a chip or active authentication key. */
struct kiosk_sim_chip {
	const char *mrz_file, *face, *fault, *access, *can, *ca, *aa;
};
bool kiosk_driver_sim_start(struct kiosk_driver *d, const struct kiosk_sim_chip *chip);

/* Starts a mode on an opened driver: a new session at d->now_ms and
 * d->today in the home language, and the watch of the devices DEVICES
 * names (the configured reader and camera), looked at once now so a
 * missing device shows at once.  False with *why on failure. */
bool kiosk_driver_begin(struct kiosk_driver *d, const struct kiosk_devices_config *devices,
                        char *why, size_t cap);
/* Scans the devices now and tells the session what is there (a camera that
 * gives no frames, d->camera_silent, counts as missing).  kiosk_driver_pump
 * calls it on a hot-plug notice and every KIOSK_DEVICES_POLL_MS. */
void kiosk_driver_devices_check(struct kiosk_driver *d);
#define KIOSK_DEVICES_POLL_MS 2000u
void kiosk_driver_sim_stop(struct kiosk_driver *d);

/* Loads a staff PIN file; on error *why says what is wrong and what to do. */
bool kiosk_pin_load(const char *path, struct kiosk_staff_pin *p, char *why, size_t cap);
/* id06-kiosk --hash-pin: reads a PIN from stdin, prints its line; exit code. */
int kiosk_pin_hash_main(void);

/* Reads a file of less than CAP bytes into BUF, NUL-terminated. */
bool kiosk_read_small_file(const char *path, char *buf, size_t cap);
/* Seconds on the monotonic clock. */
double kiosk_seconds(void);

/* The modes, on an opened driver; each returns the exit code.
 * kiosk_headless_run: the script at SCRIPT_PATH.
 * kiosk_live_run: the kiosk itself with CAMERA (kiosk_camera) until SIGTERM,
 * SIGINT or the window closes; STATUS_FILE (may be NULL) is rewritten with
 * the screen shown and its buttons. */
int kiosk_headless_run(struct kiosk_driver *d, const char *script_path);
int kiosk_live_run(struct kiosk_driver *d, const char *camera, const char *status_file);

#endif
