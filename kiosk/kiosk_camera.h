/* kiosk_camera.h - the live document camera: a thread that takes frames
 * from a V4L2 camera, a video file or a folder of pictures, and while the
 * session wants a document read runs the MRZ tracker (mrz_tracker_*) on
 * them.  The main loop takes from it a downscaled preview with the zone's
 * outline for the place-document screen, and an MRZ only once several
 * frames agreed on it.
 *
 * The preview and the MRZ are personal data: the thread wipes its copies
 * when the camera is turned off, the caller wipes its own. */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mrz.h"
#include "ui.h"

/* The preview is at most this big (the screen shows it smaller still). */
#define KIOSK_PREVIEW_MAX_W 640
#define KIOSK_PREVIEW_MAX_H 480

struct kiosk_preview {
	uint8_t rgb[KIOSK_PREVIEW_MAX_W * KIOSK_PREVIEW_MAX_H * 3];
	int width, height;          /* 0 = no frame yet */
	bool zone_seen;             /* the MRZ outline below is of this frame */
	struct ui_point quad[4];    /* in preview pixels */
};

struct kiosk_live_camera;

/* Opens SPEC (the kiosk_camera setting: /dev/videoN, video:FILE or
 * images:DIR), loads the MRZ model and starts the thread.  A folder or
 * video that cannot be read, or a missing model, is an error (*why says
 * what to do); a V4L2 camera that is not there yet is not: the thread
 * keeps trying and kiosk_live_camera_present() says false meanwhile. */
bool kiosk_live_camera_open(const char *spec, struct kiosk_live_camera **out, char *why,
                            size_t cap);
/* Stops the thread, wipes what it held.  NULL is fine. */
void kiosk_live_camera_close(struct kiosk_live_camera *c);

/* The session turned the camera on (a document is wanted) or off; off
 * forgets the tracker's candidates and wipes the preview and any MRZ. */
void kiosk_live_camera_set_active(struct kiosk_live_camera *c, bool active);

/* Whether frames arrive (false while a V4L2 camera is missing). */
bool kiosk_live_camera_present(struct kiosk_live_camera *c);

/* Copies the newest preview into *pv when there is a newer one than the
 * last taken (returns true then), and moves an agreed MRZ into *mrz
 * (*have_mrz true; taken once). */
bool kiosk_live_camera_take(struct kiosk_live_camera *c, struct kiosk_preview *pv,
                            struct mrz_result *mrz, bool *have_mrz);

#endif
