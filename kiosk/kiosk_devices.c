/* kiosk_devices.c - the USB bus through libusb, and the configured paths. */
#define _POSIX_C_SOURCE 200809L
#include "kiosk_devices.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libusb.h>

/* Readers libnfc drives over USB (its pn53x_usb and acr122_usb drivers). */
static const struct {
	uint16_t vendor, product;
	const char *model;
} known_readers[] = {
	{0x04cc, 0x2533, "NXP PN533"},
	{0x072f, 0x2200, "ACS ACR122U"},
	{0x072f, 0x90cc, "ACS ACR122U (Touchatag)"},
	{0x04e6, 0x5591, "SCM SCL3711"},
	{0x1fd3, 0x0608, "ASK LoGO"},
};

#define USB_CLASS_SMART_CARD 0x0b
#define USB_CLASS_VIDEO 0x0e

const char *kiosk_device_kind_name(enum kiosk_device_kind kind)
{
	switch (kind) {
	case KIOSK_DEVICE_NFC_READER:
		return "chip reader";
	case KIOSK_DEVICE_CAMERA:
		return "camera";
	case KIOSK_DEVICE_OTHER:
		break;
	}
	return "other";
}

static bool has_class(const struct kiosk_usb_ids *ids, uint8_t cls)
{
	if (ids->device_class == cls)
		return true;
	int n = ids->interface_count < KIOSK_USB_MAX_INTERFACES ? ids->interface_count
	                                                        : KIOSK_USB_MAX_INTERFACES;
	for (int i = 0; i < n; i++)
		if (ids->interface_class[i] == cls)
			return true;
	return false;
}

enum kiosk_device_kind kiosk_devices_classify(const struct kiosk_usb_ids *ids, const char **model)
{
	const char *unused;
	if (!model)
		model = &unused;
	*model = "";
	if (!ids)
		return KIOSK_DEVICE_OTHER;
	for (size_t i = 0; i < sizeof known_readers / sizeof known_readers[0]; i++) {
		if (known_readers[i].vendor == ids->vendor && known_readers[i].product == ids->product) {
			*model = known_readers[i].model;
			return KIOSK_DEVICE_NFC_READER;
		}
	}
	/* A camera with a smart card slot is still a camera to the kiosk:
	 * video is the rarer class, so it is asked first. */
	if (has_class(ids, USB_CLASS_VIDEO)) {
		*model = "USB video class";
		return KIOSK_DEVICE_CAMERA;
	}
	if (has_class(ids, USB_CLASS_SMART_CARD)) {
		*model = "PC/SC (CCID) reader";
		return KIOSK_DEVICE_NFC_READER;
	}
	return KIOSK_DEVICE_OTHER;
}

struct kiosk_devices {
	libusb_context *usb;         /* NULL when libusb could not start */
	bool hotplug;
	libusb_hotplug_callback_handle hotplug_handle;
	volatile bool changed;       /* set by the hot-plug callback */
	char reader[256], camera[256];
};

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *dev,
                                  libusb_hotplug_event event, void *user)
{
	(void)ctx;
	(void)dev;
	(void)event;
	struct kiosk_devices *d = user;
	d->changed = true;
	return 0; /* stay registered */
}

enum kiosk_devices_err kiosk_devices_open(const struct kiosk_devices_config *cfg,
                                          struct kiosk_devices **out)
{
	if (!out)
		return KIOSK_DEVICES_ERR_ARG;
	*out = NULL;
	struct kiosk_devices *d = calloc(1, sizeof *d);
	if (!d)
		return KIOSK_DEVICES_ERR_NOMEM;
	snprintf(d->reader, sizeof d->reader, "%s", cfg && cfg->reader ? cfg->reader : "usb");
	snprintf(d->camera, sizeof d->camera, "%s", cfg && cfg->camera ? cfg->camera : "usb");
	if (libusb_init(&d->usb) != 0)
		d->usb = NULL; /* no bus: the report says so, paths still count */
	if (d->usb && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
		int events = LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT;
		d->hotplug = libusb_hotplug_register_callback(
		                     d->usb, events, 0, LIBUSB_HOTPLUG_MATCH_ANY,
		                     LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, d,
		                     &d->hotplug_handle) == LIBUSB_SUCCESS;
	}
	*out = d;
	return KIOSK_DEVICES_OK;
}

void kiosk_devices_close(struct kiosk_devices *d)
{
	if (!d)
		return;
	if (d->usb) {
		if (d->hotplug)
			libusb_hotplug_deregister_callback(d->usb, d->hotplug_handle);
		libusb_exit(d->usb);
	}
	free(d);
}

bool kiosk_devices_changed(struct kiosk_devices *d)
{
	if (!d || !d->usb || !d->hotplug)
		return false;
	struct timeval zero = {0, 0};
	libusb_handle_events_timeout_completed(d->usb, &zero, NULL);
	return d->changed;
}

static void read_ids(libusb_device *dev, struct kiosk_usb_ids *ids)
{
	memset(ids, 0, sizeof *ids);
	struct libusb_device_descriptor dd;
	if (libusb_get_device_descriptor(dev, &dd) != 0)
		return;
	ids->vendor = dd.idVendor;
	ids->product = dd.idProduct;
	ids->device_class = dd.bDeviceClass;
	struct libusb_config_descriptor *cd = NULL;
	if (libusb_get_active_config_descriptor(dev, &cd) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cd) != 0)
		return;
	for (int i = 0; i < cd->bNumInterfaces && ids->interface_count < KIOSK_USB_MAX_INTERFACES; i++)
		for (int a = 0; a < cd->interface[i].num_altsetting &&
		                ids->interface_count < KIOSK_USB_MAX_INTERFACES;
		     a++)
			ids->interface_class[ids->interface_count++] =
			        cd->interface[i].altsetting[a].bInterfaceClass;
	libusb_free_config_descriptor(cd);
}

static void scan_usb(struct kiosk_devices *d, struct kiosk_device_report *out)
{
	out->usb_ok = d->usb != NULL;
	if (!d->usb)
		return;
	libusb_device **list = NULL;
	ssize_t n = libusb_get_device_list(d->usb, &list);
	if (n < 0) {
		out->usb_ok = false;
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		struct kiosk_usb_ids ids;
		read_ids(list[i], &ids);
		const char *model = "";
		enum kiosk_device_kind kind = kiosk_devices_classify(&ids, &model);
		if (out->usb_count == KIOSK_MAX_USB) {
			out->usb_truncated = true;
			continue;
		}
		struct kiosk_usb_device *u = &out->usb[out->usb_count++];
		u->kind = kind;
		u->vendor = ids.vendor;
		u->product = ids.product;
		u->bus = libusb_get_bus_number(list[i]);
		u->address = libusb_get_device_address(list[i]);
		snprintf(u->model, sizeof u->model, "%s", model);
	}
	libusb_free_device_list(list, 1);
}

/* The first USB device of a kind, or NULL. */
static const struct kiosk_usb_device *usb_of(const struct kiosk_device_report *r,
                                             enum kiosk_device_kind kind, bool pcsc_only)
{
	for (int i = 0; i < r->usb_count; i++)
		if (r->usb[i].kind == kind &&
		    (!pcsc_only || strcmp(r->usb[i].model, "PC/SC (CCID) reader") == 0))
			return &r->usb[i];
	return NULL;
}

/* How a reader setting is watched: libnfc's default device cannot be
 * (which one it opens is libnfc.conf's business), "usb" and libnfc's USB
 * drivers ("acr122_usb", "pn53x_usb:001:004") by a known reader on the
 * bus, "pcsc[:NAME]" by a smart card class reader on the bus, anything
 * else ("pn532_uart:/dev/ttyUSB0:115200", a bare path) by its path. */
enum reader_watch { WATCH_NONE, WATCH_USB, WATCH_PCSC, WATCH_PATH };

static enum reader_watch reader_watch(const char *conn)
{
	if (!conn[0])
		return WATCH_NONE;
	if (conn[0] == '/')
		return WATCH_PATH;
	size_t driver = strcspn(conn, ":");
	if (strcmp(conn, "usb") == 0 || (driver > 4 && strncmp(conn + driver - 4, "_usb", 4) == 0))
		return WATCH_USB;
	if (driver == 4 && strncmp(conn, "pcsc", 4) == 0)
		return WATCH_PCSC;
	return WATCH_PATH;
}

/* The device path of a libnfc connstring ("pn532_uart:/dev/ttyUSB0:115200"
 * -> "/dev/ttyUSB0"), or the string itself when it is a path. */
static void connstring_path(const char *conn, char *path, size_t cap)
{
	const char *p = conn[0] == '/' ? conn : strchr(conn, ':');
	if (p && p[0] == ':')
		p++;
	if (!p) {
		path[0] = '\0';
		return;
	}
	size_t n = strcspn(p, ":");
	snprintf(path, cap, "%.*s", (int)n, p);
}

/* The path of a camera setting (kiosk_camera: /dev/videoN, images:DIR,
 * video:FILE), or NULL for "usb" and "" (a video class device on the bus). */
static const char *camera_path(const char *spec)
{
	if (!spec[0] || strcmp(spec, "usb") == 0)
		return NULL;
	if (strncmp(spec, "images:", 7) == 0)
		return spec + 7;
	if (strncmp(spec, "video:", 6) == 0)
		return spec + 6;
	return spec;
}

/* Checks a configured path; *what says what it is or why it is missing. */
static bool path_present(const char *path, char *what, size_t cap)
{
	struct stat st;
	if (!path[0]) {
		snprintf(what, cap, "no device path configured");
		return false;
	}
	if (stat(path, &st) != 0) {
		snprintf(what, cap, "%.100s missing (%s)", path, strerror(errno));
		return false;
	}
	const char *kind = S_ISCHR(st.st_mode)   ? "device"
	                   : S_ISDIR(st.st_mode) ? "picture folder"
	                                         : "file";
	snprintf(what, cap, "%.100s (%s)", path, kind);
	return true;
}

static void describe_usb(const struct kiosk_usb_device *u, char *what, size_t cap)
{
	snprintf(what, cap, "%s %04x:%04x on USB bus %u address %u", u->model, u->vendor, u->product,
	         u->bus, u->address);
}

void kiosk_devices_scan(struct kiosk_devices *d, struct kiosk_device_report *out)
{
	memset(out, 0, sizeof *out);
	if (!d)
		return;
	d->changed = false;
	out->hotplug = d->hotplug;
	scan_usb(d, out);

	enum reader_watch watch = reader_watch(d->reader);
	if (watch == WATCH_NONE) {
		out->reader_present = true;
		snprintf(out->reader, sizeof out->reader,
		         "libnfc's default device (not watched: name the reader in kiosk_nfc)");
	} else if (watch == WATCH_USB || watch == WATCH_PCSC) {
		bool pcsc = watch == WATCH_PCSC;
		const struct kiosk_usb_device *u = usb_of(out, KIOSK_DEVICE_NFC_READER, pcsc);
		out->reader_present = u != NULL;
		if (u)
			describe_usb(u, out->reader, sizeof out->reader);
		else
			snprintf(out->reader, sizeof out->reader, "no %s on the USB bus",
			         pcsc ? "PC/SC reader" : "known NFC reader");
	} else {
		char path[256];
		connstring_path(d->reader, path, sizeof path);
		out->reader_present = path_present(path, out->reader, sizeof out->reader);
	}

	const char *camera = camera_path(d->camera);
	if (!camera) {
		const struct kiosk_usb_device *u = usb_of(out, KIOSK_DEVICE_CAMERA, false);
		out->camera_present = u != NULL;
		if (u)
			describe_usb(u, out->camera, sizeof out->camera);
		else
			snprintf(out->camera, sizeof out->camera, "no video class camera on the USB bus");
	} else {
		out->camera_present = path_present(camera, out->camera, sizeof out->camera);
	}
}
