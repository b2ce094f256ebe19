/* id06-mrz-read.c - the `read` and `watch` subcommands of id06-mrz.
 *
 *   id06-mrz read [--json] [--model PATH] IMAGE...
 *   id06-mrz watch [--camera DEV | --video FILE] [--json] [--model PATH]
 *
 * read: exit 0 when every image gave a valid MRZ, 1 when some did not, 2 on
 * usage errors or unreadable files.  watch prints each result that
 * independent frames agreed on. */
#define _POSIX_C_SOURCE 200809L
#include "id06-mrz.h"
#include "mrz_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void print_json(FILE *f, const char *file, const struct mrz_read_result *r)
{
	fputc('{', f);
	if (file) {
		fprintf(f, "\"file\":");
		json_str(f, file);
		fputc(',', f);
	}
	fprintf(f, "\"found\":%s", r->found ? "true" : "false");
	if (r->found) {
		/* The fields of `id06-mrz parse --json`, without its braces; the
		 * reader's own verdict follows as "read_valid". */
		static char buf[16384];
		if (mrz_result_json(&r->mrz, buf, sizeof buf) == MRZ_OK && buf[0] == '{') {
			size_t n = strlen(buf);
			while (n > 1 && buf[n - 1] != '}')
				n--;
			buf[n - 1] = 0;
			if (buf[1])
				fprintf(f, ",%s", buf + 1);
			memset(buf, 0, sizeof buf);
		}
		fprintf(f, ",\"read_valid\":%s,\"sure\":%s,\"mrz\":[", r->valid ? "true" : "false",
		        r->sure ? "true" : "false");
		for (int i = 0; i < r->line_count; i++) {
			if (i)
				fputc(',', f);
			json_str(f, r->lines[i]);
		}
		fprintf(f, "],\"lines\":[");
		for (int i = 0; i < r->line_count; i++) {
			if (i)
				fputc(',', f);
			json_str(f, r->raw_lines[i]);
		}
		fprintf(f, "],\"quad\":[");
		for (int k = 0; k < 4; k++)
			fprintf(f, "%s[%.1f,%.1f]", k ? "," : "", (double)r->quad.pt[k].x,
			        (double)r->quad.pt[k].y);
		fprintf(f, "],\"rotation\":%d,\"confidence\":%.3f,\"confidences\":{\"protected\":%.3f,"
		        "\"name\":%.3f,\"state\":%.3f,\"sex\":%.3f},\"read_corrections\":[",
		        r->rotation, (double)r->confidence, (double)r->protected_confidence,
		        (double)r->name_confidence, (double)r->state_confidence,
		        (double)r->sex_confidence);
		for (int i = 0; i < r->correction_count; i++) {
			const struct mrz_read_correction *c = &r->corrections[i];
			fprintf(f, "%s{\"line\":%d,\"column\":%d,\"from\":\"%c\",\"to\":\"%c\"}",
			        i ? "," : "", c->line, c->column, c->from == '"' ? '?' : c->from,
			        c->to);
		}
		fputc(']', f);
	} else {
		fprintf(f, ",\"valid\":false");
	}
	fprintf(f, ",\"zones\":%d,\"time_ms\":%.1f,\"cpu_ms\":%.1f}\n", r->zones, r->time_ms,
	        r->cpu_ms);
}

static void print_text(FILE *f, const char *file, const struct mrz_read_result *r)
{
	if (file)
		fprintf(f, "%s: ", file);
	if (!r->found) {
		fprintf(f, "no MRZ found\n");
		return;
	}
	fprintf(f, "%s%s (confidence %.2f, name %.2f, %.0f ms)\n",
	        r->valid ? "valid" : "NOT valid: check digits do not hold",
	        r->valid && !r->sure ? ", name/state/sex unsure" : "", (double)r->confidence,
	        (double)r->name_confidence, r->time_ms);
	for (int i = 0; i < r->line_count; i++)
		fprintf(f, "  %s\n", r->lines[i]);
}

void id06_mrz_read_usage(FILE *to)
{
	fprintf(to,
	        "usage: id06-mrz read [--json] [--model PATH] IMAGE...\n"
	        "\n"
	        "Finds and reads the machine readable zone of each picture (JPEG, PNG,\n"
	        "BMP, PNM) at any rotation.  --json prints one object per picture, in\n"
	        "order: the fields of `id06-mrz parse --json` plus file, found, lines\n"
	        "(as read), mrz (settled), quad (corners in pixels), confidence,\n"
	        "confidences, read_valid, sure, corrections, time_ms.\n"
	        "The model is PATH, else $ID06_MRZ_MODEL, else the repository's\n"
	        "mrz/model/mrz.traineddata.\n"
	        "Exit status: 0 every picture gave a valid MRZ, 1 some did not,\n"
	        "2 a usage error or a file that is not a readable picture.\n");
}

void id06_mrz_watch_usage(FILE *to)
{
	fprintf(to,
	        "usage: id06-mrz watch [--camera DEV | --video FILE] [--json] [--model PATH]\n"
	        "\n"
	        "Locates the MRZ on every frame of a V4L2 camera (default /dev/video0)\n"
	        "or a video file, reads promising frames, and prints a result when\n"
	        "independent frames agree on it.  Exit status: 0 a result was agreed,\n"
	        "1 none, 2 the camera or video could not be opened.\n");
}

static int usage(const char *msg)
{
	fprintf(stderr, "id06-mrz: %s\n", msg);
	id06_mrz_read_usage(stderr);
	return 2;
}

int id06_mrz_read_main(int argc, char **argv)
{
	bool json = false;
	const char *model = NULL;
	int first = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--help") == 0) {
			id06_mrz_read_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
			model = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			first = i + 1;
			break;
		} else if (argv[i][0] == '-' && argv[i][1])
			return usage("unknown option");
		else {
			first = i;
			break;
		}
	}
	if (first < 0 || first >= argc)
		return usage("no image given");
	struct mrz_reader *rd = NULL;
	enum mrz_read_err err = mrz_reader_new(model, &rd);
	if (err) {
		fprintf(stderr, "id06-mrz: %s\n", mrz_read_err_str(err));
		return 2;
	}
	int status = 0;
	struct mrz_read_result r;
	for (int i = first; i < argc; i++) {
		err = mrz_reader_read_file(rd, argv[i], &r);
		if (err) {
			fprintf(stderr, "%s: %s\n", argv[i], mrz_read_err_str(err));
			if (json) {
				printf("{\"file\":");
				json_str(stdout, argv[i]);
				printf(",\"found\":false,\"valid\":false,\"error\":");
				json_str(stdout, mrz_read_err_str(err));
				printf("}\n");
			}
			status = 2;
			continue;
		}
		if (json)
			print_json(stdout, argv[i], &r);
		else
			print_text(stdout, argv[i], &r);
		if (!r.sure) {
			if (!json)
				fprintf(stderr, "%s: %s\n", argv[i],
				        r.found ? (r.valid ? "MRZ read, but some characters are unsure: retake the picture flat, sharp and without glare"
				                           : "MRZ found but not read validly: retake the picture flat, sharp and without glare")
				                : "no MRZ found: the picture must show the whole machine readable zone");
			if (status == 0)
				status = 1;
		}
		fflush(stdout);
		mrz_read_result_wipe(&r);
	}
	mrz_reader_free(rd);
	return status;
}

int id06_mrz_watch_main(int argc, char **argv)
{
	bool json = false;
	const char *model = NULL, *camera = NULL, *video = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
			model = argv[++i];
		else if (strcmp(argv[i], "--camera") == 0 && i + 1 < argc)
			camera = argv[++i];
		else if (strcmp(argv[i], "--video") == 0 && i + 1 < argc)
			video = argv[++i];
		else
			return usage("unknown argument to watch");
	}
	if (camera && video)
		return usage("give --camera or --video, not both");
	if (!camera && !video)
		camera = "/dev/video0";
	struct mrz_reader *rd = NULL;
	struct mrz_tracker *t = NULL;
	struct mrz_video *v = NULL;
	enum mrz_read_err err = mrz_reader_new(model, &rd);
	if (!err)
		err = mrz_tracker_new(rd, 150, &t);
	if (!err)
		err = mrz_video_open(camera, video, &v);
	if (err) {
		fprintf(stderr, "id06-mrz: %s%s%s\n", mrz_read_err_str(err), v ? "" : ": ",
		        v ? "" : (camera ? camera : video));
		mrz_tracker_free(t);
		mrz_reader_free(rd);
		return 2;
	}
	int agreed = 0, frames = 0, unseen = 0;
	struct mrz_image frame;
	double tms;
	struct mrz_track_state st;
	while ((err = mrz_video_next(v, &frame, &tms)) == MRZ_READ_OK) {
		frames++;
		if (mrz_tracker_feed(t, &frame, tms, &st) != MRZ_READ_OK)
			continue;
		/* The document left the picture: ready for the next one. */
		unseen = st.zone_seen ? 0 : unseen + 1;
		if (unseen == 15)
			mrz_tracker_reset(t);
		if (st.agreed) {
			agreed++;
			if (json)
				print_json(stdout, NULL, &st.result);
			else
				print_text(stdout, NULL, &st.result);
			fflush(stdout);
		}
		mrz_read_result_wipe(&st.result);
	}
	mrz_video_close(v);
	mrz_tracker_free(t);
	mrz_reader_free(rd);
	if (err != MRZ_READ_ERR_END) {
		fprintf(stderr, "id06-mrz: %s\n", mrz_read_err_str(err));
		return 2;
	}
	if (!json)
		fprintf(stderr, "id06-mrz: %d frames, %d agreed results\n", frames, agreed);
	return agreed > 0 ? 0 : 1;
}
