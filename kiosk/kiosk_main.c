/* kiosk_main.c - id06-kiosk: arguments, configuration, store, then the mode.
 *
 *   id06-kiosk --config FILE [--window WxH] [--status-file FILE]
 *              [--staff-pin FILE]                   the kiosk (kiosk_live.c)
 *   id06-kiosk --headless --script FILE --config FILE [--screenshots DIR]
 *              [--staff-pin FILE] [--timings]       a scripted session
 *   id06-kiosk --check [--config FILE] [--camera DEV] [--nfc CONNSTRING] [--csca DIR]
 *                                                   is this kiosk set up? (kiosk_check.c)
 *   id06-kiosk --hash-pin < PIN      prints a staff PIN hash line for FILE
 *
 * The configuration is the one file id06-sync reads too (sync_config_load);
 * its kiosk_* settings are the kiosk's (kiosk.conf.example).  The headless
 * mode (kiosk_headless.c) runs a scripted session, the live one the kiosk
 * on its screen, camera and chip reader; the driver
 * (kiosk_driver.c) is what drives the devices and the store.  Exit 0 when
 * every expect holds, 1 with the line and expected vs got otherwise, 2 on
 * bad usage or configuration. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kiosk_check.h"
#include "kiosk_driver.h"
#include "kiosk_paths.h"
#include "sync_service.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: id06-kiosk --config FILE [--window WxH] [--status-file FILE] "
	           "[--staff-pin FILE]\n"
	           "       id06-kiosk --headless --script FILE --config FILE "
	           "[--screenshots DIR] [--staff-pin FILE] [--timings]\n"
	           "       id06-kiosk --check [--config FILE] [--camera DEV] [--nfc CONNSTRING] "
	           "[--csca DIR]\n"
	           "                 is this kiosk set up? one line per part; the options check "
	           "another device or folder\n"
	           "       id06-kiosk --hash-pin < PIN\n"
	           "FILE defaults to %s for --check.\n", kiosk_default_config());
}

static struct kiosk_driver drv;

/* Whether the screen loaded a translation for CODE. */
static bool ui_has_language(const struct ui *ui, const char *code)
{
	for (size_t i = 0; i < ui_language_count(ui); i++)
		if (strcmp(ui_language_code(ui, i), code) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *script_path = NULL, *shots = NULL, *config = NULL, *pin_file = NULL;
	const char *window = NULL, *status_file = NULL;
	bool headless = false, check = false;
	struct kiosk_check_setup setup = {.now = (int64_t)time(NULL)};
	sync_service_init("id06-kiosk");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--headless") == 0) {
			headless = true;
		} else if (strcmp(argv[i], "--check") == 0) {
			check = true;
		} else if (i + 1 < argc && strcmp(argv[i], "--camera") == 0) {
			setup.camera = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--nfc") == 0) {
			setup.nfc = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--csca") == 0) {
			setup.csca_dir = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--script") == 0) {
			script_path = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--screenshots") == 0) {
			shots = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--config") == 0) {
			config = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--staff-pin") == 0) {
			pin_file = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--window") == 0) {
			window = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--status-file") == 0) {
			status_file = argv[++i];
		} else if (strcmp(argv[i], "--timings") == 0) {
			drv.timings = true;
		} else if (strcmp(argv[i], "--hash-pin") == 0 && argc == 2) {
			return kiosk_pin_hash_main();
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "id06-kiosk: unknown argument \"%s\"\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (check) {
		setup.config_path = config ? config : kiosk_default_config();
		return kiosk_check_print(&setup);
	}
	if (headless != (script_path != NULL)) {
		fprintf(stderr, "id06-kiosk: --headless and --script FILE go together (a scripted "
		                "session); without both the kiosk runs live on its screen\n");
		usage(stderr);
		return 2;
	}
	unsigned window_w = 0, window_h = 0;
	int used = 0;
	if (window && (sscanf(window, "%5ux%5u%n", &window_w, &window_h, &used) != 2 ||
	               (size_t)used != strlen(window) || window_w < 320 || window_h < 240)) {
		fprintf(stderr, "id06-kiosk: --window %s: expected WIDTHxHEIGHT such as 1024x600 "
		                "(at least 320x240)\n", window);
		return 2;
	}
	if (!config) {
		fprintf(stderr, "id06-kiosk: --config FILE is needed: the store and its key are "
		                "named there (see kiosk/kiosk.conf.example)\n");
		return 2;
	}

	struct kiosk_driver *d = &drv;
	int rc = 2;
	char msg[300];
	struct sync_config cfg;
	enum sync_err serr = sync_config_load(config, &cfg, msg, sizeof msg);
	if (serr) {
		sync_service_log(SYNC_LOG_ERR, "%s: %s", config,
		                 serr == SYNC_ERR_CONFIG ? msg : sync_err_str(serr));
		return 2;
	}
	/* --staff-pin overrides the configuration's file. */
	if (pin_file && !kiosk_pin_load(pin_file, &d->pin, msg, sizeof msg)) {
		sync_service_log(SYNC_LOG_ERR, "%s", msg);
		return 2;
	}
	if (!pin_file && cfg.kiosk.staff_pin_file[0] &&
	    !kiosk_pin_load(cfg.kiosk.staff_pin_file, &d->pin, msg, sizeof msg)) {
		sync_service_log(SYNC_LOG_ERR, "%s: kiosk_staff_pin_file: %s", config, msg);
		return 2;
	}
	kiosk_driver_configure(d, &cfg.kiosk);
	int key_failed;
	serr = sync_config_open_store(&cfg, &d->store, &key_failed);
	if (serr && key_failed) {
		sync_service_log(SYNC_LOG_ERR, "%s: store_key_file: %s", config, sync_err_str(serr));
		return 2;
	}
	if (serr) {
		sync_service_log(SYNC_LOG_ERR, "%s: store_path %s: %s", config, cfg.store_path,
		                 sync_err_str(serr));
		return 2;
	}

	/* Scripted sessions are drawn at the kiosk panel's size; the live
	 * kiosk as configured (--window overrides kiosk_screen).  The
	 * translations are installed ones, or the source tree's. */
	char data[900], ui_dir[1000], lang_dir[1000];
	kiosk_data_dir(data, sizeof data);
	snprintf(ui_dir, sizeof ui_dir, "%s/ui", data);
	snprintf(lang_dir, sizeof lang_dir, "%s/ui/lang", data);
	struct ui_config ucfg = {.width = 1024, .height = 600, .dpi = 117,
	                         .asset_dir = ui_dir, .lang_dir = lang_dir,
	                         .languages = cfg.kiosk.languages,
	                         .headless = true};
	if (!headless) {
		ucfg.headless = false;
		ucfg.width = window ? (int)window_w : (int)cfg.kiosk.width;
		ucfg.height = window ? (int)window_h : (int)cfg.kiosk.height;
		ucfg.fullscreen = ucfg.width == 0;
		ucfg.dpi = (float)cfg.kiosk.dpi;
	}
	if (!kiosk_driver_open(d, &ucfg, msg, sizeof msg)) {
		sync_service_log(SYNC_LOG_ERR, "%s: %s", config, msg);
		goto out;
	}
	if (!ui_has_language(d->ui, cfg.kiosk.language)) {
		sync_service_log(SYNC_LOG_ERR, "%s: kiosk_language = %s: %s has no %s.txt (or "
		                         "kiosk_languages leaves it out): pick one of the translations",
		                 config, cfg.kiosk.language, ucfg.lang_dir, cfg.kiosk.language);
		goto out;
	}
	if (shots) {
		snprintf(d->screenshots, sizeof d->screenshots, "%s", shots);
		if (mkdir(shots, 0755) != 0 && errno != EEXIST) {
			sync_service_log(SYNC_LOG_ERR, "cannot create %s: %s", shots, strerror(errno));
			goto out;
		}
	}
	/* Started: the screen, the store and the trust store are open
	 * (Type=notify); the live loop's heartbeat pings the watchdog. */
	sync_service_notify("READY=1");
	rc = headless ? kiosk_headless_run(d, script_path)
	              : kiosk_live_run(d, cfg.kiosk.camera, status_file);
	sync_service_notify("STOPPING=1");
out:
	kiosk_driver_close(d);
	sync_wipe(&cfg, sizeof cfg);
	return rc;
}
