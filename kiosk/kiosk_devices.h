/* kiosk_devices.h - is the kiosk's hardware there?  The USB bus through
 * libusb (known NFC readers, PC/SC readers, USB video class cameras, with
 * hot-plug notices where the platform has them) and the device paths the
 * configuration names (a serial PN532 /dev/ttyUSB0, /dev/videoN, a folder
 * of document pictures).  The driver turns a report into KIOSK_EV_DEVICES
 * and into the staff device list; nothing here touches the session. */
#ifndef ID06_KIOSK_DEVICES_H
#define ID06_KIOSK_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

enum kiosk_device_kind {
	KIOSK_DEVICE_OTHER = 0,
	KIOSK_DEVICE_NFC_READER,   /* a reader libnfc drives, or a PC/SC (CCID) reader */
	KIOSK_DEVICE_CAMERA,       /* USB video class */
};
const char *kiosk_device_kind_name(enum kiosk_device_kind kind);

/* What the classifier reads of a USB device's descriptors. */
#define KIOSK_USB_MAX_INTERFACES 16
struct kiosk_usb_ids {
	uint16_t vendor, product;
	uint8_t device_class;      /* bDeviceClass; 0 = per interface */
	int interface_count;
	uint8_t interface_class[KIOSK_USB_MAX_INTERFACES];
};

/* Known readers by vendor:product first, then the class codes (0x0b smart
 * card, 0x0e video).  *model (may be NULL) is a static name, "" if none. */
enum kiosk_device_kind kiosk_devices_classify(const struct kiosk_usb_ids *ids,
                                              const char **model);

struct kiosk_usb_device {
	enum kiosk_device_kind kind;
	uint16_t vendor, product;
	uint8_t bus, address;
	char model[40];
};

/* Which devices the kiosk needs, as the configuration names them.  A
 * reader (kiosk_nfc) is a libnfc connstring: one with a device path
 * ("pn532_uart:/dev/ttyUSB0", a bare path too) must have that path; "usb"
 * or a libnfc USB driver ("acr122_usb", "pn53x_usb:001:004") any known
 * reader on the bus; "pcsc" or "pcsc:NAME" a smart card class reader on
 * the bus; "" (libnfc's default device) is not watched: always present.
 * A camera (kiosk_camera) is "usb" or "" (any video class device), or a
 * path: /dev/videoN, images:DIR (a folder of pictures), video:FILE.
 * Strings are copied. */
struct kiosk_devices_config {
	const char *reader;
	const char *camera;
};

#define KIOSK_MAX_USB 32
struct kiosk_device_report {
	bool reader_present, camera_present;
	char reader[128], camera[128];   /* what was found or missed, for staff */
	bool usb_ok;                     /* libusb answered */
	bool hotplug;                    /* the platform reports plug events */
	int usb_count;                   /* devices listed below */
	bool usb_truncated;              /* more than KIOSK_MAX_USB on the bus */
	struct kiosk_usb_device usb[KIOSK_MAX_USB];
};

enum kiosk_devices_err {
	KIOSK_DEVICES_OK = 0,
	KIOSK_DEVICES_ERR_ARG,
	KIOSK_DEVICES_ERR_NOMEM,
};

struct kiosk_devices;

/* Starts libusb and registers for hot-plug notices when it can.  A host
 * without a USB bus is not an error: its report lists no USB devices. */
enum kiosk_devices_err kiosk_devices_open(const struct kiosk_devices_config *cfg,
                                          struct kiosk_devices **out);
void kiosk_devices_close(struct kiosk_devices *devices);

/* Handles pending hot-plug notices without waiting; true when a device
 * came or went since the last kiosk_devices_scan (always false without
 * hot-plug support: the driver then scans on a timer). */
bool kiosk_devices_changed(struct kiosk_devices *devices);

/* Lists the USB bus and checks the configured paths. */
void kiosk_devices_scan(struct kiosk_devices *devices, struct kiosk_device_report *out);

#endif
