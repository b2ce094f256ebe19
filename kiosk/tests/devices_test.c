/* devices_test.c - the USB classifier as a table of synthetic descriptors,
 * then a real scan: libusb on whatever bus this host has (the build
 * container has none, which must not be an error), configured paths
 * that come and go, and how each kind of setting is watched. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk_devices.h"

static int failures;

#define EXPECT(cond, ...)                                           \
	do {                                                            \
		if (!(cond)) {                                              \
			printf("FAIL line %d: %s: ", __LINE__, #cond);          \
			printf(__VA_ARGS__);                                    \
			printf("\n");                                           \
			failures++;                                             \
		}                                                           \
	} while (0)

static const struct {
	const char *what;
	struct kiosk_usb_ids ids;
	enum kiosk_device_kind kind;
	const char *model;
} rows[] = {
	{"PN533", {0x04cc, 0x2533, 0xff, 1, {0xff}}, KIOSK_DEVICE_NFC_READER, "NXP PN533"},
	{"ACR122U", {0x072f, 0x2200, 0, 1, {0x0b}}, KIOSK_DEVICE_NFC_READER, "ACS ACR122U"},
	{"ACR122U Touchatag", {0x072f, 0x90cc, 0, 1, {0xff}}, KIOSK_DEVICE_NFC_READER,
	 "ACS ACR122U (Touchatag)"},
	{"SCL3711", {0x04e6, 0x5591, 0, 1, {0xff}}, KIOSK_DEVICE_NFC_READER, "SCM SCL3711"},
	{"ASK LoGO", {0x1fd3, 0x0608, 0, 1, {0xff}}, KIOSK_DEVICE_NFC_READER, "ASK LoGO"},
	{"another ACS product is not a known reader", {0x072f, 0x2201, 0, 1, {0xff}},
	 KIOSK_DEVICE_OTHER, ""},
	{"the PN533's product id from another vendor", {0x04cd, 0x2533, 0, 1, {0xff}},
	 KIOSK_DEVICE_OTHER, ""},
	{"CCID reader by interface class", {0x076b, 0x5427, 0, 1, {0x0b}}, KIOSK_DEVICE_NFC_READER,
	 "PC/SC (CCID) reader"},
	{"CCID reader by device class", {0x1234, 0x0001, 0x0b, 0, {0}}, KIOSK_DEVICE_NFC_READER,
	 "PC/SC (CCID) reader"},
	{"UVC webcam: video control + streaming + audio", {0x046d, 0x0825, 0xef, 4,
	 {0x0e, 0x0e, 0x01, 0x01}}, KIOSK_DEVICE_CAMERA, "USB video class"},
	{"document scanner camera, video in the last interface", {0x2b16, 0x6689, 0, 3,
	 {0x03, 0xff, 0x0e}}, KIOSK_DEVICE_CAMERA, "USB video class"},
	{"camera with a card slot is a camera", {0x1111, 0x2222, 0, 2, {0x0b, 0x0e}},
	 KIOSK_DEVICE_CAMERA, "USB video class"},
	{"keyboard (HID)", {0x046d, 0xc31c, 0, 1, {0x03}}, KIOSK_DEVICE_OTHER, ""},
	{"hub", {0x1d6b, 0x0002, 0x09, 1, {0x09}}, KIOSK_DEVICE_OTHER, ""},
	{"mass storage", {0x0781, 0x5567, 0, 1, {0x08}}, KIOSK_DEVICE_OTHER, ""},
	{"no interfaces at all", {0x0000, 0x0000, 0, 0, {0}}, KIOSK_DEVICE_OTHER, ""},
	{"interface count over the array is bounded", {0x9999, 0x9999, 0, 1000, {0x03}},
	 KIOSK_DEVICE_OTHER, ""},
};

static void test_classifier(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *model = NULL;
		enum kiosk_device_kind got = kiosk_devices_classify(&rows[i].ids, &model);
		EXPECT(got == rows[i].kind && model && strcmp(model, rows[i].model) == 0,
		       "%s: expected %s \"%s\", got %s \"%s\"", rows[i].what,
		       kiosk_device_kind_name(rows[i].kind), rows[i].model, kiosk_device_kind_name(got),
		       model ? model : "(null)");
	}
	EXPECT(kiosk_devices_classify(NULL, NULL) == KIOSK_DEVICE_OTHER, "NULL descriptors");
}

static void test_scan(void)
{
	char dir[] = "/tmp/kiosk-devices-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("FAIL: mkdtemp\n");
		failures++;
		return;
	}
	char tty[300], pictures[300], reader[320];
	snprintf(tty, sizeof tty, "%s/ttyUSB0", dir);
	snprintf(pictures, sizeof pictures, "%s/pictures", dir);
	snprintf(reader, sizeof reader, "pn532_uart:%s:115200", tty);

	struct kiosk_devices *d = NULL;
	struct kiosk_devices_config cfg = {.reader = reader, .camera = pictures};
	EXPECT(kiosk_devices_open(&cfg, &d) == KIOSK_DEVICES_OK && d, "open");
	struct kiosk_device_report *r = calloc(1, sizeof *r);
	if (!d || !r)
		goto out;

	/* Whatever the bus holds, the scan lists it without failing; with no
	 * bus at all (this container) the list is simply empty. */
	kiosk_devices_scan(d, r);
	printf("usb: %s, %d devices, hot-plug %s\n", r->usb_ok ? "answered" : "not available",
	       r->usb_count, r->hotplug ? "yes" : "no");
	EXPECT(r->usb_count >= 0 && r->usb_count <= KIOSK_MAX_USB, "count %d", r->usb_count);
	EXPECT(!r->reader_present && strstr(r->reader, "ttyUSB0 missing"), "reader: %s", r->reader);
	EXPECT(!r->camera_present && strstr(r->camera, "pictures missing"), "camera: %s", r->camera);

	FILE *f = fopen(tty, "w");
	if (f)
		fclose(f);
	mkdir(pictures, 0700);
	kiosk_devices_scan(d, r);
	EXPECT(r->reader_present && strstr(r->reader, "ttyUSB0 (file)"), "reader: %s", r->reader);
	EXPECT(r->camera_present && strstr(r->camera, "pictures (picture folder)"), "camera: %s",
	       r->camera);

	unlink(tty);
	kiosk_devices_scan(d, r);
	EXPECT(!r->reader_present && r->camera_present, "reader unplugged: %s", r->reader);
	kiosk_devices_close(d);

	/* "usb" asks the bus: present exactly when a reader is listed. */
	cfg = (struct kiosk_devices_config){.reader = "usb", .camera = "usb"};
	EXPECT(kiosk_devices_open(&cfg, &d) == KIOSK_DEVICES_OK, "open usb");
	kiosk_devices_scan(d, r);
	bool reader_listed = false, camera_listed = false;
	for (int i = 0; i < r->usb_count; i++) {
		reader_listed = reader_listed || r->usb[i].kind == KIOSK_DEVICE_NFC_READER;
		camera_listed = camera_listed || r->usb[i].kind == KIOSK_DEVICE_CAMERA;
	}
	EXPECT(r->reader_present == reader_listed, "usb reader: %s", r->reader);
	EXPECT(r->camera_present == camera_listed, "usb camera: %s", r->camera);
	EXPECT(!kiosk_devices_changed(d) || r->hotplug, "a change without hot-plug support");
out:
	kiosk_devices_close(d);
	kiosk_devices_close(NULL);
	free(r);
	rmdir(pictures);
	rmdir(dir);
}

/* How each kind of setting is watched.  "@" stands for a fresh folder
 * holding ttyUSB0 (a file), pictures/ and clip.avi; AS_BUS: present
 * exactly when the bus lists such a device (none in this container). */
#define AS_BUS (-1)
static const struct {
	const char *reader, *camera;
	int reader_present, camera_present;
	const char *reader_says, *camera_says;
} settings[] = {
	{"", "images:@/pictures", 1, 1, "not watched", "pictures (picture folder)"},
	{"pn532_uart:@/ttyUSB0:115200", "video:@/clip.avi", 1, 1, "ttyUSB0 (file)", "clip.avi (file)"},
	{"@/ttyUSB0", "@/pictures", 1, 1, "ttyUSB0 (file)", "pictures (picture folder)"},
	{"pn532_i2c:@/i2c-9", "images:@/gone", 0, 0, "i2c-9 missing", "gone missing"},
	{"pn532_uart:@/ttyUSB1", "video:@/none.avi", 0, 0, "ttyUSB1 missing", "none.avi missing"},
	{"@/ttyS9", "@/video9", 0, 0, "ttyS9 missing", "video9 missing"},
	{"usb", "usb", AS_BUS, AS_BUS, NULL, NULL},
	{"acr122_usb", "", AS_BUS, AS_BUS, NULL, NULL},
	{"pn53x_usb:003:004", "images:@/pictures", AS_BUS, 1, NULL, "pictures (picture folder)"},
	{"pcsc", "@/pictures", AS_BUS, 1, NULL, NULL},
	{"pcsc:ACS ACR122U PICC Interface 00 00", "@/video9", AS_BUS, 0, NULL, "video9 missing"},
};

/* SETTING with each "@" replaced by DIR. */
static void expand(const char *setting, const char *dir, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = setting; *p && n + 1 < cap; p++) {
		if (*p == '@') {
			n += (size_t)snprintf(out + n, cap - n, "%s", dir);
		} else {
			out[n++] = *p;
			out[n] = '\0';
		}
	}
}

static void test_settings(void)
{
	char dir[] = "/tmp/kiosk-settings-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("FAIL: mkdtemp\n");
		failures++;
		return;
	}
	char path[300];
	snprintf(path, sizeof path, "%s/ttyUSB0", dir);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
	snprintf(path, sizeof path, "%s/clip.avi", dir);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	snprintf(path, sizeof path, "%s/pictures", dir);
	mkdir(path, 0700);
	struct kiosk_device_report *r = calloc(1, sizeof *r);
	for (size_t i = 0; r && i < sizeof settings / sizeof settings[0]; i++) {
		char reader[400], camera[400];
		expand(settings[i].reader, dir, reader, sizeof reader);
		expand(settings[i].camera, dir, camera, sizeof camera);
		struct kiosk_devices_config cfg = {.reader = reader, .camera = camera};
		struct kiosk_devices *d = NULL;
		EXPECT(kiosk_devices_open(&cfg, &d) == KIOSK_DEVICES_OK && d, "open %s", reader);
		kiosk_devices_scan(d, r);
		kiosk_devices_close(d);
		bool pcsc = strncmp(reader, "pcsc", 4) == 0, reader_listed = false, camera_listed = false;
		for (int k = 0; k < r->usb_count; k++) {
			reader_listed = reader_listed ||
			                (r->usb[k].kind == KIOSK_DEVICE_NFC_READER &&
			                 (!pcsc || strcmp(r->usb[k].model, "PC/SC (CCID) reader") == 0));
			camera_listed = camera_listed || r->usb[k].kind == KIOSK_DEVICE_CAMERA;
		}
		bool want_reader = settings[i].reader_present == AS_BUS ? reader_listed
		                                                        : settings[i].reader_present == 1;
		bool want_camera = settings[i].camera_present == AS_BUS ? camera_listed
		                                                        : settings[i].camera_present == 1;
		EXPECT(r->reader_present == want_reader, "reader %s: expected %s, got %s (%s)", reader,
		       want_reader ? "present" : "missing", r->reader_present ? "present" : "missing",
		       r->reader);
		EXPECT(r->camera_present == want_camera, "camera %s: expected %s, got %s (%s)", camera,
		       want_camera ? "present" : "missing", r->camera_present ? "present" : "missing",
		       r->camera);
		EXPECT(!settings[i].reader_says || strstr(r->reader, settings[i].reader_says),
		       "reader %s: expected \"%s\", got \"%s\"", reader, settings[i].reader_says, r->reader);
		EXPECT(!settings[i].camera_says || strstr(r->camera, settings[i].camera_says),
		       "camera %s: expected \"%s\", got \"%s\"", camera, settings[i].camera_says, r->camera);
	}
	free(r);
	rmdir(path);
	snprintf(path, sizeof path, "%s/clip.avi", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/ttyUSB0", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_classifier();
	test_scan();
	test_settings();
	printf("devices: %d failed\n", failures);
	return failures ? 1 : 0;
}
