/* images_test.c - the committed picture set read by the reader:
 *   IMAGES/truth.tsv   file, level, format, MRZ lines ('|' between) or '-'
 * Every document must be read exactly (every line), valid and sure; every
 * negative must give found=false; every file in IMAGES/bad/ must give the
 * error its name starts with (corrupt-, truncated-, notimage-, empty-).
 *   images_test DIR [--every N] [--floor EASY MEDIUM HARD]
 * N: read every Nth document only.  The brief asks for every document read;
 * until the reader gets there, --floor gives the least share (percent) per
 * level that must be read exactly, so a regression fails.  A document
 * reported as read ("sure") with a wrong character always fails. */
#include "mrz_read.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_bad(struct mrz_reader *rd, const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/bad", dir);
	DIR *d = opendir(path);
	if (!d) {
		printf("FAIL no folder %s\n", path);
		return 1;
	}
	static const struct {
		const char *prefix;
		enum mrz_read_err err;
	} want[] = {{"corrupt-", MRZ_READ_ERR_CORRUPT}, {"truncated-", MRZ_READ_ERR_CORRUPT},
	            {"notimage-", MRZ_READ_ERR_NOT_IMAGE}, {"empty-", MRZ_READ_ERR_NOT_IMAGE},
	            {"tiny-", MRZ_READ_ERR_TOO_SMALL}};
	int failed = 0, seen = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		enum mrz_read_err expect = MRZ_READ_OK;
		bool known = false;
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
			if (strncmp(e->d_name, want[i].prefix, strlen(want[i].prefix)) == 0) {
				expect = want[i].err;
				known = true;
			}
		if (!known)
			continue;
		seen++;
		snprintf(path, sizeof path, "%s/bad/%s", dir, e->d_name);
		struct mrz_read_result r;
		enum mrz_read_err err = mrz_reader_read_file(rd, path, &r);
		if (err != expect) {
			failed++;
			printf("FAIL bad/%s: expected \"%s\", got \"%s\"\n", e->d_name,
			       mrz_read_err_str(expect), mrz_read_err_str(err));
		} else {
			printf("ok   bad/%s: %s\n", e->d_name, mrz_read_err_str(err));
		}
	}
	closedir(d);
	if (seen < 3) {
		printf("FAIL only %d bad files in %s/bad\n", seen, dir);
		failed++;
	}
	return failed;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: images_test DIR [--every N]\n");
		return 2;
	}
	const char *dir = argv[1];
	int every = 1;
	int floor_pct[3] = {100, 100, 100};
	static const char *levels[3] = {"easy", "medium", "hard"};
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--every") == 0 && i + 1 < argc)
			every = atoi(argv[++i]);
		else if (strcmp(argv[i], "--floor") == 0 && i + 3 < argc)
			for (int k = 0; k < 3; k++)
				floor_pct[k] = atoi(argv[++i]);
	}
	if (every < 1)
		every = 1;
	int lv_n[3] = {0}, lv_ok[3] = {0}, wrong_sure = 0;
	struct mrz_reader *rd = NULL;
	enum mrz_read_err err = mrz_reader_new(NULL, &rd);
	if (err) {
		printf("FAIL loading the model: %s\n", mrz_read_err_str(err));
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/truth.tsv", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("FAIL cannot open %s\n", path);
		mrz_reader_free(rd);
		return 1;
	}
	char row[512];
	int failed = 0, docs = 0, negatives = 0, index = 0;
	while (fgets(row, sizeof row, f)) {
		row[strcspn(row, "\r\n")] = 0;
		char *file = strtok(row, "\t"), *level = strtok(NULL, "\t");
		char *format = strtok(NULL, "\t"), *truth = strtok(NULL, "\t");
		if (!file || !level || !format || !truth)
			continue;
		bool negative = strcmp(truth, "-") == 0;
		if (!negative && index++ % every != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, file);
		struct mrz_read_result r;
		err = mrz_reader_read_file(rd, path, &r);
		if (err) {
			failed++;
			printf("FAIL %s: expected a reading, got error \"%s\"\n", file, mrz_read_err_str(err));
			continue;
		}
		if (negative) {
			negatives++;
			if (r.found) {
				failed++;
				printf("FAIL %s (no MRZ): expected found=false, got found=true valid=%d\n", file, r.valid);
			} else {
				printf("ok   %s: no MRZ\n", file);
			}
			continue;
		}
		docs++;
		char got[3 * 46] = "";
		for (int i = 0; i < r.line_count; i++) {
			if (i)
				strcat(got, "|");
			strcat(got, r.lines[i]);
		}
		int lv = strcmp(level, "easy") == 0 ? 0 : strcmp(level, "medium") == 0 ? 1 : 2;
		lv_n[lv]++;
		if (r.sure && strcmp(got, truth) != 0) {
			failed++;
			wrong_sure++;
			printf("FAIL %s (%s %s): reported as read but wrong\n  expected %s\n  got      %s\n",
			       file, level, format, truth, got);
		} else if (!r.found || !r.sure || strcmp(got, truth) != 0) {
			printf("miss %s (%s %s): expected read (valid and sure)\n  %s\ngot found=%d valid=%d sure=%d\n  %s\n",
			       file, level, format, truth, r.found, r.valid, r.sure, got);
		} else {
			lv_ok[lv]++;
			printf("ok   %s (%s %s)\n", file, level, format);
		}
		mrz_read_result_wipe(&r);
	}
	fclose(f);
	failed += check_bad(rd, dir);
	mrz_reader_free(rd);
	if (docs == 0 || negatives == 0) {
		printf("FAIL the set must hold documents and negatives (%d, %d)\n", docs, negatives);
		failed++;
	}
	for (int k = 0; k < 3; k++) {
		bool low = lv_n[k] && lv_ok[k] * 100 < floor_pct[k] * lv_n[k];
		printf("%s %s: read %d of %d exactly (%.0f%%), floor %d%%\n", low ? "FAIL" : "ok  ",
		       levels[k], lv_ok[k], lv_n[k], lv_n[k] ? 100.0 * lv_ok[k] / lv_n[k] : 0.0,
		       floor_pct[k]);
		if (low)
			failed++;
	}
	printf("%d documents, %d negatives, %d wrong but reported read, %d failed\n", docs,
	       negatives, wrong_sure, failed);
	return failed ? 1 : 0;
}
