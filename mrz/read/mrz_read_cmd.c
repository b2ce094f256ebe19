/* mrz_read_cmd.c - the `read` and `watch` subcommands of id06-mrz.
 *
 *   id06-mrz read [--json] [--model PATH] IMAGE...
 *   id06-mrz watch [--camera DEV | --video FILE] [--json] [--model PATH]
 *
 * read: exit 0 when every image gave a valid MRZ, 1 when some did not, 2 on
 * usage errors or unreadable files.  watch prints each result that
 * independent frames agreed on. */
#define _POSIX_C_SOURCE 200809L
#include "mrz_read_cmd.h"

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

/* Copies s[from, from+n) without trailing fillers, '<' inside as ' '. */
static void field(const char *s, int from, int n, char *out, bool spaces)
{
	int k = 0;
	for (int i = 0; i < n && s[from + i]; i++)
		out[k++] = (spaces && s[from + i] == '<') ? ' ' : s[from + i];
	out[k] = 0;
	while (k > 0 && (out[k - 1] == '<' || out[k - 1] == ' '))
		out[--k] = 0;
}

static void names(const char *s, char *surname, char *given)
{
	const char *sep = strstr(s, "<<");
	if (!sep) {
		field(s, 0, (int)strlen(s), surname, true);
		given[0] = 0;
		return;
	}
	field(s, 0, (int)(sep - s), surname, true);
	field(sep + 2, 0, (int)strlen(sep + 2), given, true);
}

static const char *format_of(const struct mrz_read_result *r)
{
	if (r->line_count == 3)
		return "TD1";
	if (r->line_length == 36)
		return r->lines[0][0] == 'V' ? "MRV-B" : "TD2";
	if (r->line_length == 44)
		return r->lines[0][0] == 'V' ? "MRV-A" : "TD3";
	return "unknown";
}

static void print_fields(FILE *f, const struct mrz_read_result *r)
{
	char code[3], state[4], num[25], nat[4], dob[7], exp[7], sur[45], giv[45];
	char sex;
	const char (*l)[MRZ_READ_MAX_LINE + 1] = r->lines;
	field(l[0], 0, 2, code, false);
	field(l[0], 2, 3, state, false);
	if (r->line_count == 3) {
		field(l[0], 5, 9, num, false);
		field(l[1], 0, 6, dob, false);
		sex = l[1][7];
		field(l[1], 8, 6, exp, false);
		field(l[1], 15, 3, nat, false);
		names(l[2], sur, giv);
	} else {
		field(l[1], 0, 9, num, false);
		field(l[1], 10, 3, nat, false);
		field(l[1], 13, 6, dob, false);
		sex = l[1][20];
		field(l[1], 21, 6, exp, false);
		names(l[0] + 5, sur, giv);
	}
	char sx[2] = {sex, 0};
	fprintf(f, ",\"format\":\"%s\",\"document_code\":", format_of(r));
	json_str(f, code);
	fprintf(f, ",\"issuing_state\":");
	json_str(f, state);
	fprintf(f, ",\"document_number\":");
	json_str(f, num);
	fprintf(f, ",\"nationality\":");
	json_str(f, nat);
	fprintf(f, ",\"birth_date\":");
	json_str(f, dob);
	fprintf(f, ",\"sex\":");
	json_str(f, sx);
	fprintf(f, ",\"expiry_date\":");
	json_str(f, exp);
	fprintf(f, ",\"surname\":");
	json_str(f, sur);
	fprintf(f, ",\"given_names\":");
	json_str(f, giv);
	memset(num, 0, sizeof num);
	memset(dob, 0, sizeof dob);
	memset(sur, 0, sizeof sur);
	memset(giv, 0, sizeof giv);
}

static void print_json(FILE *f, const char *file, const struct mrz_read_result *r)
{
	fputc('{', f);
	if (file) {
		fprintf(f, "\"file\":");
		json_str(f, file);
		fputc(',', f);
	}
	fprintf(f, "\"found\":%s,\"valid\":%s,\"sure\":%s", r->found ? "true" : "false",
	        r->valid ? "true" : "false", r->sure ? "true" : "false");
	if (r->found) {
		print_fields(f, r);
		fprintf(f, ",\"mrz\":[");
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
		        "\"name\":%.3f,\"state\":%.3f,\"sex\":%.3f},\"corrections\":[",
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
	}
	fprintf(f, ",\"zones\":%d,\"time_ms\":%.1f}\n", r->zones, r->time_ms);
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

static int usage(const char *msg)
{
	fprintf(stderr, "id06-mrz: %s\n"
	        "usage: id06-mrz read [--json] [--model PATH] IMAGE...\n"
	        "       id06-mrz watch [--camera DEV | --video FILE] [--json] [--model PATH]\n"
	        "The model defaults to $ID06_MRZ_MODEL, else the repository's mrz/model/.\n",
	        msg);
	return 2;
}

int mrz_read_cmd_read(int argc, char **argv)
{
	bool json = false;
	const char *model = NULL;
	int first = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
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
		if (!r.valid) {
			if (!json)
				fprintf(stderr, "%s: %s\n", argv[i],
				        r.found ? "MRZ found but not read validly: retake the picture flat, sharp and without glare"
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

int mrz_read_cmd_watch(int argc, char **argv)
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
