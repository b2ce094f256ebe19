/* kiosk_camera.c - the live document camera (kiosk_camera.h): frames from
 * mrz_video_* (V4L2 or a video file) or a folder of pictures, the MRZ
 * tracker on them, a downscaled preview and an agreed MRZ for the main
 * loop.  Everything OpenCV and Tesseract do runs on this thread. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "kiosk_camera.h"

#ifndef ID06_HAVE_MRZ_READ

bool kiosk_live_camera_open(const char *spec, struct kiosk_live_camera **out, char *why,
                            size_t cap)
{
	(void)spec;
	*out = NULL;
	snprintf(why, cap, "this build has no MRZ image reader (mrz/read needs OpenCV and "
	                   "Tesseract: run scripts/setup, then build again)");
	return false;
}
void kiosk_live_camera_close(struct kiosk_live_camera *c) { (void)c; }
void kiosk_live_camera_set_active(struct kiosk_live_camera *c, bool active)
{
	(void)c;
	(void)active;
}
bool kiosk_live_camera_present(struct kiosk_live_camera *c)
{
	(void)c;
	return false;
}
bool kiosk_live_camera_take(struct kiosk_live_camera *c, struct kiosk_preview *pv,
                            struct mrz_result *mrz, bool *have_mrz)
{
	(void)c;
	(void)pv;
	(void)mrz;
	*have_mrz = false;
	return false;
}

#else

#include "mrz_read.h"

#define MAX_PICTURES 32
#define PICTURE_SECONDS 4      /* each picture of images:DIR is "seen" this long */
#define PICTURE_FPS 10
#define RETRY_SECONDS 5        /* a missing V4L2 camera is tried again this often */
#define OCR_SPACING_MS 150     /* the tracker's frame budget (mrz/read/README.md) */

enum source { SOURCE_DEVICE, SOURCE_VIDEO, SOURCE_PICTURES };

/* A decoded picture of images:DIR (BGR, rows packed). */
struct picture {
	uint8_t *bgr;
	int width, height;
};

struct kiosk_live_camera {
	pthread_t thread;
	enum source source;
	char path[1024];
	struct mrz_reader *reader;
	struct mrz_tracker *tracker;
	struct mrz_video *video;     /* SOURCE_DEVICE, SOURCE_VIDEO */
	struct picture pictures[MAX_PICTURES];
	int picture_count;

	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* under lock */
	bool stop, active, present;
	unsigned generation;         /* bumped by set_active: drops stale results */
	uint64_t seq, taken_seq;     /* preview frames made, taken */
	struct kiosk_preview preview;
	bool have_mrz;
	struct mrz_result mrz;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool picture_file(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && name[0] != '.' &&
	       (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0 ||
	        strcasecmp(dot, ".png") == 0);
}

/* Decodes one picture through the same OpenCV path as a video file. */
static bool picture_load(const char *path, struct picture *p)
{
	struct mrz_video *v = NULL;
	struct mrz_image f;
	if (mrz_video_open(NULL, path, &v) != MRZ_READ_OK || mrz_video_next(v, &f, NULL) != MRZ_READ_OK) {
		mrz_video_close(v);
		return false;
	}
	size_t row = (size_t)f.width * 3;
	p->bgr = malloc(row * (size_t)f.height);
	if (p->bgr) {
		for (int y = 0; y < f.height; y++)
			memcpy(p->bgr + row * (size_t)y, f.pixels + (size_t)f.stride * (size_t)y, row);
		p->width = f.width;
		p->height = f.height;
	}
	mrz_video_close(v);
	return p->bgr != NULL;
}

/* Every .jpg/.jpeg/.png of DIR in name order. */
static bool pictures_load(struct kiosk_live_camera *c, char *why, size_t cap)
{
	DIR *dir = opendir(c->path);
	if (!dir) {
		snprintf(why, cap, "kiosk_camera = images:%s: the folder cannot be opened: %s",
		         c->path, strerror(errno));
		return false;
	}
	char *names[MAX_PICTURES];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL && n < MAX_PICTURES)
		if (picture_file(e->d_name))
			names[n++] = strdup(e->d_name);
	closedir(dir);
	qsort(names, (size_t)n, sizeof names[0], by_name);
	bool ok = n > 0;
	if (!ok)
		snprintf(why, cap, "kiosk_camera = images:%s: no .jpg or .png pictures in the folder",
		         c->path);
	for (int i = 0; i < n; i++) {
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", c->path, names[i] ? names[i] : "");
		if (ok && (!names[i] || !picture_load(path, &c->pictures[c->picture_count]))) {
			snprintf(why, cap, "kiosk_camera = images:%s: %s cannot be decoded", c->path,
			         names[i] ? names[i] : "a name");
			ok = false;
		}
		if (ok)
			c->picture_count++;
		free(names[i]);
	}
	return ok;
}

/* The next frame of the source; false when there is none now. */
static bool next_frame(struct kiosk_live_camera *c, struct mrz_image *f, double *t)
{
	if (c->source == SOURCE_PICTURES) {
		double ms = now_ms();
		int i = (int)(ms / (PICTURE_SECONDS * 1000.0)) % c->picture_count;
		const struct picture *p = &c->pictures[i];
		*f = (struct mrz_image){p->bgr, p->width, p->height, p->width * 3, MRZ_PIXEL_BGR24};
		*t = ms;
		struct timespec pause = {0, 1000000000L / PICTURE_FPS};
		nanosleep(&pause, NULL);
		return true;
	}
	/* A camera that went away or a video at its end is opened again once
	 * (a video plays in a loop). */
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!c->video) {
			enum mrz_read_err err = c->source == SOURCE_DEVICE
			                                ? mrz_video_open(c->path, NULL, &c->video)
			                                : mrz_video_open(NULL, c->path, &c->video);
			if (err)
				return false;
		}
		if (mrz_video_next(c->video, f, t) == MRZ_READ_OK) {
			if (c->source == SOURCE_VIDEO) {
				/* A file decodes faster than it plays: about 25 frames a second. */
				struct timespec pause = {0, 40000000L};
				nanosleep(&pause, NULL);
			}
			return true;
		}
		mrz_video_close(c->video);
		c->video = NULL;
	}
	return false;
}

/* Nearest-neighbour BGR -> RGB into the preview, at most its size. */
static void make_preview(const struct mrz_image *f, struct kiosk_preview *pv, float *scale)
{
	float s = 1.0f;
	if (f->width > KIOSK_PREVIEW_MAX_W)
		s = (float)KIOSK_PREVIEW_MAX_W / (float)f->width;
	if ((float)f->height * s > KIOSK_PREVIEW_MAX_H)
		s = (float)KIOSK_PREVIEW_MAX_H / (float)f->height;
	int w = (int)((float)f->width * s), h = (int)((float)f->height * s);
	for (int y = 0; y < h; y++) {
		const uint8_t *src = f->pixels + (size_t)f->stride * (size_t)((float)y / s);
		uint8_t *dst = pv->rgb + (size_t)y * (size_t)w * 3;
		for (int x = 0; x < w; x++) {
			const uint8_t *px = src + (size_t)((float)x / s) * 3;
			dst[3 * x] = px[2];
			dst[3 * x + 1] = px[1];
			dst[3 * x + 2] = px[0];
		}
	}
	pv->width = w;
	pv->height = h;
	*scale = s;
}

static void *camera_main(void *arg)
{
	struct kiosk_live_camera *c = arg;
	struct kiosk_preview *pv = malloc(sizeof *pv);
	struct mrz_track_state *st = malloc(sizeof *st);
	bool was_active = false;
	double retry_at = 0;
	for (;;) {
		pthread_mutex_lock(&c->lock);
		/* Idle (nothing wanted, the camera there): sleep until woken.  A
		 * missing camera is looked for even when idle, so the kiosk
		 * leaves its out-of-order screen once it is plugged in. */
		while (!c->stop && !c->active && c->present)
			pthread_cond_wait(&c->wake, &c->lock);
		bool stop = c->stop, active = c->active;
		unsigned generation = c->generation;
		pthread_mutex_unlock(&c->lock);
		if (stop || !pv || !st)
			break;
		if (active && !was_active)
			mrz_tracker_reset(c->tracker);
		was_active = active;
		struct mrz_image f;
		double t = 0;
		bool got = now_ms() >= retry_at && next_frame(c, &f, &t);
		pthread_mutex_lock(&c->lock);
		c->present = got || (c->present && now_ms() < retry_at);
		pthread_mutex_unlock(&c->lock);
		if (!got) {
			if (now_ms() >= retry_at)
				retry_at = now_ms() + RETRY_SECONDS * 1000.0;
			struct timespec pause = {0, 200000000L};
			nanosleep(&pause, NULL);
			continue;
		}
		if (!active)
			continue; /* found again while idle */
		enum mrz_read_err err = mrz_tracker_feed(c->tracker, &f, t, st);
		float scale = 1.0f;
		make_preview(&f, pv, &scale);
		pv->zone_seen = !err && st->zone_seen;
		for (int i = 0; i < 4; i++)
			pv->quad[i] = (struct ui_point){st->quad.pt[i].x * scale, st->quad.pt[i].y * scale};
		bool agreed = !err && st->agreed && st->result.valid && st->result.sure;
		pthread_mutex_lock(&c->lock);
		/* set_active() in between: this frame is of the old session. */
		if (c->generation == generation && c->active) {
			memcpy(&c->preview, pv, sizeof *pv);
			c->seq++;
			if (agreed && !c->have_mrz) {
				c->mrz = st->result.mrz;
				c->have_mrz = true;
			}
		}
		pthread_mutex_unlock(&c->lock);
		mrz_read_result_wipe(&st->result);
		if (agreed)
			mrz_tracker_reset(c->tracker);
	}
	if (pv)
		OPENSSL_cleanse(pv, sizeof *pv);
	if (st)
		OPENSSL_cleanse(st, sizeof *st);
	free(pv);
	free(st);
	return NULL;
}

bool kiosk_live_camera_open(const char *spec, struct kiosk_live_camera **out, char *why,
                            size_t cap)
{
	*out = NULL;
	struct kiosk_live_camera *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(why, cap, "out of memory for the camera");
		return false;
	}
	if (strncmp(spec, "images:", 7) == 0) {
		c->source = SOURCE_PICTURES;
		snprintf(c->path, sizeof c->path, "%s", spec + 7);
	} else if (strncmp(spec, "video:", 6) == 0) {
		c->source = SOURCE_VIDEO;
		snprintf(c->path, sizeof c->path, "%s", spec + 6);
	} else {
		c->source = SOURCE_DEVICE;
		snprintf(c->path, sizeof c->path, "%s", spec);
	}
	enum mrz_read_err err = mrz_reader_new(NULL, &c->reader);
	if (!err)
		err = mrz_tracker_new(c->reader, OCR_SPACING_MS, &c->tracker);
	if (err) {
		snprintf(why, cap, "the MRZ reader: %s", mrz_read_err_str(err));
		goto fail;
	}
	if (c->source == SOURCE_PICTURES && !pictures_load(c, why, cap))
		goto fail;
	if (c->source == SOURCE_VIDEO) {
		if (mrz_video_open(NULL, c->path, &c->video) != MRZ_READ_OK) {
			snprintf(why, cap, "kiosk_camera = video:%s: the video cannot be opened (a file "
			                   "FFmpeg reads, such as .mp4 or .avi)", c->path);
			goto fail;
		}
	}
	/* A camera is present until a frame says otherwise: it is opened
	 * when first wanted. */
	c->present = true;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, camera_main, c) != 0) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		snprintf(why, cap, "the camera thread could not be started");
		goto fail;
	}
	*out = c;
	return true;
fail:
	for (int i = 0; i < c->picture_count; i++)
		free(c->pictures[i].bgr);
	mrz_video_close(c->video);
	mrz_tracker_free(c->tracker);
	mrz_reader_free(c->reader);
	free(c);
	return false;
}

void kiosk_live_camera_close(struct kiosk_live_camera *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	for (int i = 0; i < c->picture_count; i++) {
		size_t n = (size_t)c->pictures[i].width * (size_t)c->pictures[i].height * 3;
		OPENSSL_cleanse(c->pictures[i].bgr, n);
		free(c->pictures[i].bgr);
	}
	mrz_video_close(c->video);
	mrz_tracker_free(c->tracker);
	mrz_reader_free(c->reader);
	OPENSSL_cleanse(c, sizeof *c);
	free(c);
}

void kiosk_live_camera_set_active(struct kiosk_live_camera *c, bool active)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->active = active;
	c->generation++;
	c->have_mrz = false;
	mrz_result_wipe(&c->mrz);
	OPENSSL_cleanse(&c->preview, sizeof c->preview);
	c->preview.width = c->preview.height = 0;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

bool kiosk_live_camera_present(struct kiosk_live_camera *c)
{
	if (!c)
		return false;
	pthread_mutex_lock(&c->lock);
	bool present = c->present;
	pthread_mutex_unlock(&c->lock);
	return present;
}

bool kiosk_live_camera_take(struct kiosk_live_camera *c, struct kiosk_preview *pv,
                            struct mrz_result *mrz, bool *have_mrz)
{
	*have_mrz = false;
	if (!c)
		return false;
	pthread_mutex_lock(&c->lock);
	bool fresh = c->seq != c->taken_seq && c->preview.width > 0;
	if (fresh) {
		memcpy(pv, &c->preview, sizeof *pv);
		c->taken_seq = c->seq;
	}
	if (c->have_mrz) {
		*mrz = c->mrz;
		*have_mrz = true;
		c->have_mrz = false;
		mrz_result_wipe(&c->mrz);
	}
	pthread_mutex_unlock(&c->lock);
	return fresh;
}

#endif
