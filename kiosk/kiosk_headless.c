/* kiosk_headless.c - id06-kiosk --headless --script FILE: runs a scripted
 * session (kiosk_script.h) on the driver with a virtual clock for "wait" and
 * real parts for the rest: the SDL screen drawn offscreen, the chip read
 * through libnfc from an id06-chip-sim started on a pseudo-terminal for
 * each "document", the encrypted store the configuration names.
 *
 * The camera sits behind struct kiosk_camera: "document IMAGE mrz=FILE"
 * lets the MRZ image reader (mrz/read) read IMAGE, the chip simulator
 * serving the MRZ of FILE; "document - mrz=FILE" has no picture and the
 * camera gives the text of FILE as read. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk_driver.h"
#include "kiosk_script.h"

#ifndef ID06_CHIP_SIM
#define ID06_CHIP_SIM "id06-chip-sim"
#endif

static void path_near(const char *script, const char *file, char *out, size_t cap)
{
	if (file[0] == '/') {
		snprintf(out, cap, "%s", file);
		return;
	}
	const char *slash = strrchr(script, '/');
	int dir = slash ? (int)(slash - script) : 1;
	snprintf(out, cap, "%.*s/%s", dir, slash ? script : ".", file);
}

static int fail_at(const struct kiosk_script_cmd *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static int fail_at(const struct kiosk_script_cmd *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "id06-kiosk: script line %d: ", c->line);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	return 1;
}

/* The headless kiosk's devices are paths in its run folder: the reader a
 * file standing in for a serial port, the camera a folder of pictures. */
static char d_reader[300], d_camera[300];

static bool device_plug(const char *path, bool folder)
{
	if (folder)
		return mkdir(path, 0700) == 0 || errno == EEXIST;
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static bool device_unplug(const char *path, bool folder)
{
	return (folder ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT;
}

static int run_command(struct kiosk_driver *d, const char *script_path, const struct kiosk_script_cmd *c)
{
	switch (c->op) {
	case KIOSK_OP_TODAY: {
		d->today = (int)c->number;
		struct kiosk_event ev = {.type = KIOSK_EV_TICK, .today = d->today};
		kiosk_driver_feed(d, &ev);
		return 0;
	}
	case KIOSK_OP_DOCUMENT: {
		const char *mrz = kiosk_script_option(c, "mrz");
		if (!mrz)
			return fail_at(c, "document %s: give mrz=FILE, the MRZ the chip simulator "
			                  "serves (and the camera reads when IMAGE is -)",
			               c->arg);
		if (strcmp(c->arg, "-") == 0)
			d->camera.image[0] = '\0';
		else
			path_near(script_path, c->arg, d->camera.image, sizeof d->camera.image);
		char mrz_path[600], face_path[600];
		path_near(script_path, mrz, mrz_path, sizeof mrz_path);
		const char *face = kiosk_script_option(c, "face");
		if (face)
			path_near(script_path, face, face_path, sizeof face_path);
		if (!kiosk_read_small_file(mrz_path, d->camera.text, sizeof d->camera.text))
			return fail_at(c, "cannot read the MRZ file %s: %s", mrz_path, strerror(errno));
		d->camera.document = true;
		d->camera.delivered = false;
		struct kiosk_sim_chip chip = {
			.mrz_file = mrz_path, .face = face ? face_path : NULL,
			.fault = kiosk_script_option(c, "fault"), .access = kiosk_script_option(c, "access"),
			.can = kiosk_script_option(c, "can"), .ca = kiosk_script_option(c, "ca"),
			.aa = kiosk_script_option(c, "aa")};
		if (!kiosk_driver_sim_start(d, &chip))
			return fail_at(c, "the chip simulator %s did not get ready", ID06_CHIP_SIM);
		/* The document is "placed" once its chip answers (the simulator's
		 * start-up is not the kiosk's time). */
		d->t_document = kiosk_seconds();
		d->summary_reported = false;
		kiosk_driver_camera_offer(d);
		return 0;
	}
	case KIOSK_OP_REMOVE:
		kiosk_driver_sim_stop(d);
		d->camera.document = false;
		sync_wipe(d->camera.text, sizeof d->camera.text);
		d->camera.image[0] = '\0';
		return 0;
	case KIOSK_OP_TAP: {
		kiosk_driver_draw(d);
		enum ui_err err = ui_tap(d->ui, c->arg);
		if (err)
			return fail_at(c, "tap %s: expected the button on screen %s, got %s", c->arg,
			               kiosk_driver_screen(d), ui_err_str(err));
		kiosk_driver_pump(d, 0);
		return 0;
	}
	case KIOSK_OP_WAIT: {
		uint64_t end = d->now_ms + (uint64_t)(c->number * 1000.0);
		while (d->now_ms < end) {
			uint64_t step = end - d->now_ms < 1000 ? end - d->now_ms : 1000;
			d->now_ms += step;
			struct kiosk_event ev = {.type = KIOSK_EV_TICK};
			kiosk_driver_feed(d, &ev);
			kiosk_driver_pump(d, 0);
		}
		return 0;
	}
	case KIOSK_OP_EXPECT_SCREEN: {
		double until = kiosk_seconds() + c->number;
		for (;;) {
			kiosk_driver_pump(d, 0);
			if (strcmp(kiosk_driver_screen(d), c->arg) == 0)
				break;
			if (kiosk_seconds() >= until)
				return fail_at(c, "expect screen: expected %s, got %s", c->arg,
				               kiosk_driver_screen(d));
			kiosk_driver_pump(d, 20);
		}
		kiosk_driver_draw(d);
		return 0;
	}
	case KIOSK_OP_EXPECT_PROBLEM: {
		struct ui_view v;
		kiosk_session_view(&d->session, &v);
		const char *got = kiosk_problem_name(v.problem);
		ui_view_wipe(&v);
		if (strcmp(got, c->arg) != 0)
			return fail_at(c, "expect problem: expected %s, got %s", c->arg, got);
		return 0;
	}
	case KIOSK_OP_EXPECT_OUTBOX: {
		struct sync_status st;
		enum sync_err err = sync_status_get(d->store, &st);
		if (err)
			return fail_at(c, "expect outbox: the store answered %s", sync_err_str(err));
		if (st.pending != (int64_t)c->number)
			return fail_at(c, "expect outbox: expected %d, got %lld", (int)c->number,
			               (long long)st.pending);
		return 0;
	}
	case KIOSK_OP_EXPECT_LINES:
		if (d->line_count != (int)c->number)
			return fail_at(c, "expect lines: expected %d, got %d", (int)c->number,
			               d->line_count);
		return 0;
	case KIOSK_OP_UNPLUG:
	case KIOSK_OP_PLUG: {
		const char *path = strcmp(c->arg, "reader") == 0 ? d_reader : d_camera;
		bool ok = c->op == KIOSK_OP_PLUG ? device_plug(path, strcmp(c->arg, "camera") == 0)
		                                 : device_unplug(path, strcmp(c->arg, "camera") == 0);
		if (!ok)
			return fail_at(c, "%s %s: %s: %s", c->op == KIOSK_OP_PLUG ? "plug" : "unplug",
			               c->arg, path, strerror(errno));
		kiosk_driver_devices_check(d); /* as a hot-plug notice would */
		return 0;
	}
	case KIOSK_OP_EXPECT_CLEAN: {
		bool session = kiosk_session_is_clean(&d->session);
		bool driver = kiosk_driver_is_clean(d);
		if (!session || !driver)
			return fail_at(c, "expect clean: expected no personal data, got some in the %s",
			               !session ? "session" : "driver");
		return 0;
	}
	case KIOSK_OP_SCREENSHOT: {
		kiosk_driver_draw(d);
		if (!d->screenshots[0])
			return 0;
		char path[800];
		snprintf(path, sizeof path, "%s/%s.png", d->screenshots, c->arg);
		enum ui_err err = ui_screenshot(d->ui, path);
		if (err)
			return fail_at(c, "screenshot %s: %s", path, ui_err_str(err));
		return 0;
	}
	}
	return fail_at(c, "unknown command");
}

int kiosk_headless_run(struct kiosk_driver *d, const char *script_path)
{
	struct kiosk_script script = {0};
	enum kiosk_script_err kerr = kiosk_script_load(script_path, &script);
	if (kerr) {
		fprintf(stderr, "id06-kiosk: %s:%d: %s\n", script_path, script.error_line,
		        script.error[0] ? script.error : kiosk_script_err_str(kerr));
		kiosk_script_free(&script);
		return 2;
	}
	d->now_ms = 1000;
	d->today = 0;
	/* The chip answers only while a scripted document lies on the
	 * simulator; the camera is the script's pictures. */
	snprintf(d->nfc, sizeof d->nfc, "pn532_uart:/dev/null");
	snprintf(d_reader, sizeof d_reader, "%s/ttyPN532", d->run_dir);
	snprintf(d_camera, sizeof d_camera, "%s/camera", d->run_dir);
	char conn[320], why[200] = "";
	snprintf(conn, sizeof conn, "pn532_uart:%s", d_reader);
	struct kiosk_devices_config dcfg = {.reader = conn, .camera = d_camera};
	if (!device_plug(d_reader, false) || !device_plug(d_camera, true))
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (kiosk_driver_begin(d, &dcfg, why, sizeof why))
		why[0] = '\0';
	if (why[0]) {
		fprintf(stderr, "id06-kiosk: headless devices in %s: %s\n", d->run_dir, why);
		kiosk_script_free(&script);
		return 2;
	}
	kiosk_driver_draw(d);

	int rc = 0;
	for (int i = 0; i < script.count && rc == 0; i++) {
		rc = run_command(d, script_path, &script.cmds[i]);
		if (rc == 0 && d->error[0])
			rc = fail_at(&script.cmds[i], "%s", d->error);
		if (rc == 0)
			kiosk_driver_draw(d);
	}
	if (rc == 0)
		printf("id06-kiosk: %s: %d commands, every expect held\n", script_path, script.count);
	device_unplug(d_reader, false);
	device_unplug(d_camera, true);
	kiosk_script_free(&script);
	return rc;
}
