/* mrz_read.h - reading the machine readable zone from pictures and video.
 *
 * Locates the MRZ (any rotation, tilt, perspective, clutter), rectifies it,
 * cuts it into lines and reads them with Tesseract and the project's MRZ
 * model (mrz/model/mrz.traineddata), then uses per-character alternatives
 * and the check digits to settle what was read.  Plain C interface; OpenCV
 * and Tesseract stay inside the library.  Nothing here prints or logs.
 *
 * Results hold personal data: wipe them with mrz_read_result_wipe(). */
#ifndef ID06_MRZ_READ_H
#define ID06_MRZ_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mrz.h"

#ifdef __cplusplus
extern "C" {
#endif

enum mrz_read_err {
	MRZ_READ_OK = 0,
	MRZ_READ_ERR_ARG,         /* a NULL or unusable argument */
	MRZ_READ_ERR_NOMEM,       /* out of memory */
	MRZ_READ_ERR_MODEL,       /* the MRZ model could not be loaded */
	MRZ_READ_ERR_IO,          /* the file could not be opened or read */
	MRZ_READ_ERR_NOT_IMAGE,   /* the bytes are not a JPEG, PNG, BMP or PNM */
	MRZ_READ_ERR_CORRUPT,     /* an image file that is damaged or truncated */
	MRZ_READ_ERR_TOO_BIG,     /* file or picture larger than the limits below */
	MRZ_READ_ERR_TOO_SMALL,   /* picture too small to hold a readable MRZ */
	MRZ_READ_ERR_VIDEO,       /* the camera or video could not be opened */
	MRZ_READ_ERR_END,         /* the video has no more frames */
};

/* Words a person can act on; never NULL. */
const char *mrz_read_err_str(enum mrz_read_err err);

#define MRZ_READ_MAX_FILE (64u << 20)     /* bytes of an encoded image */
#define MRZ_READ_MAX_SIDE 12000           /* pixels per side */
#define MRZ_READ_MAX_PIXELS (64u << 20)   /* width * height */
#define MRZ_READ_MIN_SIDE 32

enum mrz_pixel_format {
	MRZ_PIXEL_GRAY8 = 0,
	MRZ_PIXEL_RGB24,
	MRZ_PIXEL_BGR24,
	MRZ_PIXEL_RGBA32,
	MRZ_PIXEL_BGRA32,
};

/* A frame the caller owns: borrowed for the duration of a call. */
struct mrz_image {
	const uint8_t *pixels;
	int width, height;
	int stride;                    /* bytes per row */
	enum mrz_pixel_format format;
};

struct mrz_point {
	float x, y;
};

/* The zone's corners in image pixels, in reading order: top-left,
 * top-right, bottom-right, bottom-left of the upright MRZ. */
struct mrz_quad {
	struct mrz_point pt[4];
};

#define MRZ_READ_MAX_LINES 3
#define MRZ_READ_MAX_LINE 44
#define MRZ_READ_MAX_ZONES 4
#define MRZ_READ_MAX_CORRECTIONS 16

/* A character the reader settled differently from Tesseract's first
 * choice, because the field type or a check digit left only one option
 * (mrz_repair_ocr() of mrz.h decides). */
struct mrz_read_correction {
	int line, column;   /* 1-based */
	char from, to;
};

struct mrz_read_result {
	bool found;         /* an MRZ zone was located */
	bool valid;         /* every check digit holds, every protected
	                       character was read or uniquely corrected */
	bool sure;          /* valid, and every character, protected or not
	                       (name, issuing state, nationality, sex), was
	                       read with confidence above the reader's
	                       threshold: only then is the document "read" */
	int zones;          /* MRZ-like zones seen in the picture */
	struct mrz_quad quad;
	int line_count;     /* 2 or 3 */
	int line_length;    /* 30, 36 or 44 */
	char lines[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1];     /* settled */
	struct mrz_result mrz;  /* the settled text parsed by mrz_repair_ocr() */
	char raw_lines[MRZ_READ_MAX_LINES][MRZ_READ_MAX_LINE + 1]; /* as OCR read */
	float confidence;          /* 0..1, least sure character of all */
	float protected_confidence;/* 0..1, least sure check-digit-covered one */
	float name_confidence;     /* 0..1, least sure character of the name */
	float state_confidence;    /* 0..1, issuing state and nationality */
	float sex_confidence;      /* 0..1 */
	int correction_count;
	struct mrz_read_correction corrections[MRZ_READ_MAX_CORRECTIONS];
	int rotation;       /* degrees the zone was turned from upright (0-359) */
	double time_ms;     /* wall time of the read */
	double cpu_ms;      /* CPU time of the calling thread for the read */
};

/* Overwrites everything in *r. */
void mrz_read_result_wipe(struct mrz_read_result *r);

struct mrz_reader;

/* Loads the MRZ model.  model is a .traineddata file or a folder holding
 * mrz.traineddata; NULL means $ID06_MRZ_MODEL, else the installed model
 * next to the program (BINDIR/../share/id06-kiosk/model), else the
 * compiled-in default (the repository's mrz/model/).  Tesseract runs single-threaded.
 * Free with mrz_reader_free(). */
enum mrz_read_err mrz_reader_new(const char *model, struct mrz_reader **out);
void mrz_reader_free(struct mrz_reader *reader);

/* Reads the MRZ of a picture.  *out is emptied on entry.  Returns
 * MRZ_READ_OK when the picture could be examined (see out->found and
 * out->valid), an error when it could not (not an image, damaged ...). */
enum mrz_read_err mrz_reader_read_file(struct mrz_reader *reader, const char *path,
                                       struct mrz_read_result *out);
/* The same for an encoded image in memory (JPEG, PNG, BMP, PNM), len at
 * most MRZ_READ_MAX_FILE.  data is untrusted and borrowed for the call. */
enum mrz_read_err mrz_reader_read_memory(struct mrz_reader *reader, const void *data,
                                         size_t len, struct mrz_read_result *out);
/* The same for raw pixels. */
enum mrz_read_err mrz_reader_read_image(struct mrz_reader *reader,
                                        const struct mrz_image *img,
                                        struct mrz_read_result *out);

/* Locates MRZ-like zones only (no OCR): at most max quads, best first. */
enum mrz_read_err mrz_locate(const struct mrz_image *img, struct mrz_quad *quads,
                             int max, int *count);

/* Checks an encoded image's signature and declared size without decoding
 * it: width and height, or the error that mrz_reader_read_memory() would
 * give for it.  data is untrusted. */
enum mrz_read_err mrz_image_probe(const void *data, size_t len, int *width, int *height);

/* ---- live video ---------------------------------------------------------
 * The tracker locates the zone on every frame fed to it (for the preview
 * outline) and runs OCR only on frames where the zone is found, sharp and
 * at least the frame budget apart.  It reports a result only when
 * MRZ_TRACK_AGREE independent frames gave the same valid MRZ. */
#define MRZ_TRACK_AGREE 2

struct mrz_tracker;

struct mrz_track_state {
	bool zone_seen;            /* a zone on this frame; quad is set */
	struct mrz_quad quad;
	bool ocr_ran;              /* this frame was read */
	bool agreed;               /* result holds an agreed MRZ (new) */
	int agreeing;              /* frames agreeing with the best candidate */
	struct mrz_read_result result;
};

/* reader is borrowed for the tracker's life.  min_ocr_interval_ms spaces
 * OCR runs so the preview stays live (0: every promising frame). */
enum mrz_read_err mrz_tracker_new(struct mrz_reader *reader, int min_ocr_interval_ms,
                                  struct mrz_tracker **out);
void mrz_tracker_free(struct mrz_tracker *t);
/* Forgets candidates (next document).  */
void mrz_tracker_reset(struct mrz_tracker *t);
/* Feeds one frame taken at time_ms (monotonic). *st is emptied on entry. */
enum mrz_read_err mrz_tracker_feed(struct mrz_tracker *t, const struct mrz_image *frame,
                                   double time_ms, struct mrz_track_state *st);

/* Frames from a V4L2 camera (device path such as /dev/video0) or a video
 * file, through OpenCV.  The frame's pixels stay valid until the next call
 * or mrz_video_close(). */
struct mrz_video;
enum mrz_read_err mrz_video_open(const char *camera, const char *file, struct mrz_video **out);
enum mrz_read_err mrz_video_next(struct mrz_video *v, struct mrz_image *frame, double *time_ms);
void mrz_video_close(struct mrz_video *v);

#ifdef __cplusplus
}
#endif

#endif
