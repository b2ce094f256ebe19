/* kiosk_live.c - id06-kiosk without --headless: the kiosk itself.  The
 * session runs on the monotonic clock (a KIOSK_EV_TICK about once a
 * second), input comes from the window through ui_poll (which sleeps while
 * nothing moves), the chip is read in the driver's worker thread and the
 * camera has its own thread (kiosk_camera.c).  SIGTERM, SIGINT or closing
 * the window end it, wiping what it held of the person. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk_driver.h"
#include "sync_service.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Today as YYYYMMDD in local time, for the documents' expiry checks. */
static int today_local(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Called once per iteration of the main loop, which turns at least once a
 * second while the kiosk works. */
static void live_heartbeat(struct kiosk_driver *d)
{
	/* The systemd watchdog (WatchdogSec= in id06-kiosk.service): a ping
	 * every half interval while the loop turns; a hung loop gets none and
	 * systemd restarts the kiosk. */
	static int64_t last_ping_ms = -1;
	int64_t every_ms = sync_service_watchdog_ms();
	int64_t now = (int64_t)monotonic_ms();
	if (every_ms && (last_ping_ms < 0 || now - last_ping_ms >= every_ms)) {
		sync_service_notify("WATCHDOG=1");
		last_ping_ms = now;
	}
	(void)d;
}

/* Rewrites FILE (atomically) with the screen shown and its buttons'
 * rectangles whenever they change: "screen NAME", "problem NAME",
 * "warning 0|1", on the staff device list "line I TEXT" per line, then
 * "button ID X Y W H" per button.  Tests and the demo read it; it holds
 * no personal data (button ids and positions, device paths). */
static void write_status(struct kiosk_driver *d, const char *file, char *last, size_t cap)
{
	if (!file)
		return;
	char text[4096];
	size_t n = 0;
	struct ui_view v;
	kiosk_session_view(&d->session, &v);
	n += (size_t)snprintf(text + n, sizeof text - n, "screen %s\nproblem %s\nwarning %d\n",
	                      ui_screen_name(v.screen), kiosk_problem_name(v.problem),
	                      v.timeout_warning ? 1 : 0);
	/* The device list is paths and USB ids; other staff lists may name
	 * people and stay out. */
	for (int i = 0; v.screen == UI_SCREEN_STAFF_DEVICES && i < d->line_count &&
	                n < sizeof text - UI_MAX_TEXT - 16; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "line %d %s\n", i, d->lines[i]);
	ui_view_wipe(&v);
	for (size_t i = 0; i < ui_layout_count(d->ui) && n < sizeof text - 100; i++) {
		struct ui_element e;
		if (ui_layout_get(d->ui, i, &e) == UI_OK && e.kind == UI_ELEMENT_BUTTON)
			n += (size_t)snprintf(text + n, sizeof text - n, "button %s %d %d %d %d\n", e.id,
			                      e.box.x, e.box.y, e.box.w, e.box.h);
	}
	if (strcmp(text, last) == 0)
		return;
	snprintf(last, cap, "%s", text);
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.tmp", file);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		sync_service_log(SYNC_LOG_ERR, "status file %s: %s", tmp, strerror(errno));
		return;
	}
	fputs(text, f);
	if (fclose(f) != 0 || rename(tmp, file) != 0)
		sync_service_log(SYNC_LOG_ERR, "status file %s: %s", file, strerror(errno));
}

/* Logs a device of the driver's watch that went missing or came back. */
static void log_device(const char *what, bool present, const char *detail, bool *logged)
{
	if (present == *logged)
		return;
	*logged = present;
	sync_service_log(SYNC_LOG_WARNING, "%s %s: %s%s", what, present ? "back" : "missing", detail,
	                 present ? "" : " (the kiosk shows out of order until it is back)");
}

static void tick(struct kiosk_driver *d)
{
	struct kiosk_event ev = {.type = KIOSK_EV_TICK, .today = today_local()};
	kiosk_driver_feed(d, &ev);
}

int kiosk_live_run(struct kiosk_driver *d, const char *camera, const char *status_file)
{
	char why[600];
	if (!kiosk_live_camera_open(camera, &d->live_camera, why, sizeof why)) {
		sync_service_log(SYNC_LOG_ERR, "camera: %s", why);
		return 2;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	/* The devices are watched as in a scripted session: the configured
	 * reader and camera (paths, or the USB bus). */
	d->now_ms = monotonic_ms();
	d->today = today_local();
	struct kiosk_devices_config dcfg = {.reader = d->nfc, .camera = camera};
	if (!kiosk_driver_begin(d, &dcfg, why, sizeof why)) {
		sync_service_log(SYNC_LOG_ERR, "%s", why);
		kiosk_live_camera_close(d->live_camera);
		d->live_camera = NULL;
		return 2;
	}
	tick(d);
	uint64_t next_tick = d->now_ms + 1000;
	bool reader_logged = true, camera_logged = true; /* a missing one is logged at once */
	static char last_status[4096];
	sync_service_log(SYNC_LOG_INFO, "running (camera %s, chip reader %s)", camera,
	                 d->nfc[0] ? d->nfc : "libnfc's default");

	while (!stop_signal && !d->quit) {
		live_heartbeat(d);
		d->now_ms = monotonic_ms();
		if (d->now_ms >= next_tick) {
			tick(d);
			next_tick += 1000;
			if (next_tick <= d->now_ms) /* the loop was held up: no burst of ticks */
				next_tick = d->now_ms + 1000;
		}
		bool silent = !kiosk_live_camera_present(d->live_camera);
		if (silent != d->camera_silent) {
			d->camera_silent = silent;
			sync_service_log(SYNC_LOG_WARNING, "camera %s %s", camera,
			                 silent ? "gives no frames: check that it is plugged in "
			                          "(the kiosk shows out of order meanwhile)"
			                        : "gives frames again");
			kiosk_driver_devices_check(d);
		}
		log_device("chip reader", d->devices_seen.reader_present, d->devices_seen.reader,
		           &reader_logged);
		log_device("camera", d->devices_seen.camera_present, d->devices_seen.camera,
		           &camera_logged);
		struct mrz_result mrz;
		bool have_mrz = false;
		kiosk_live_camera_take(d->live_camera, &d->preview, &mrz, &have_mrz);
		if (have_mrz) {
			struct kiosk_event ev = {.type = KIOSK_EV_MRZ, .mrz = &mrz};
			kiosk_driver_feed(d, &ev);
			mrz_result_wipe(&mrz);
		}
		kiosk_driver_draw(d);
		write_status(d, status_file, last_status, sizeof last_status);
		if (d->error[0]) {
			sync_service_log(SYNC_LOG_ERR, "%s", d->error);
			d->error[0] = '\0';
		}
		/* Sleep in ui_poll until input, the next tick, or (camera on) the
		 * next preview frame. */
		uint64_t now = monotonic_ms();
		int wait = next_tick > now ? (int)(next_tick - now) : 0;
		if (d->camera.active && wait > 100)
			wait = 100;
		kiosk_driver_pump(d, wait);
	}
	if (stop_signal)
		sync_service_log(SYNC_LOG_INFO, "stopped by signal %d", (int)stop_signal);
	kiosk_driver_wipe(d);
	kiosk_live_camera_close(d->live_camera);
	d->live_camera = NULL;
	sync_wipe(last_status, sizeof last_status);
	return 0;
}
