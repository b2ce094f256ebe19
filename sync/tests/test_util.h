/* test_util.h - small helpers shared by the sync tests. */
#ifndef ID06_SYNC_TEST_UTIL_H
#define ID06_SYNC_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int test_failures;

#define EXPECT_ERR(what, want, got)                                              \
	do {                                                                     \
		enum sync_err want_ = (want), got_ = (got);                      \
		if (want_ != got_) {                                             \
			fprintf(stderr, "FAIL %s:%d %s: expected %s, got %s\n",  \
			        __FILE__, __LINE__, what, sync_err_str(want_),   \
			        sync_err_str(got_));                             \
			test_failures++;                                         \
		}                                                                \
	} while (0)

#define EXPECT_INT(what, want, got)                                              \
	do {                                                                     \
		long long want_ = (long long)(want), got_ = (long long)(got);    \
		if (want_ != got_) {                                             \
			fprintf(stderr, "FAIL %s:%d %s: expected %lld, got %lld\n", \
			        __FILE__, __LINE__, what, want_, got_);          \
			test_failures++;                                         \
		}                                                                \
	} while (0)

#define EXPECT_STR(what, want, got)                                              \
	do {                                                                     \
		const char *want_ = (want), *got_ = (got);                       \
		if (strcmp(want_, got_) != 0) {                                  \
			fprintf(stderr, "FAIL %s:%d %s: expected \"%s\", got \"%s\"\n", \
			        __FILE__, __LINE__, what, want_, got_);          \
			test_failures++;                                         \
		}                                                                \
	} while (0)

#define EXPECT_TRUE(what, cond)                                                  \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "FAIL %s:%d %s: expected true: %s\n",    \
			        __FILE__, __LINE__, what, #cond);                \
			test_failures++;                                         \
		}                                                                \
	} while (0)

/* A fresh scratch folder: $TMPDIR if set, else /dev/shm (memory: the
 * tests check logic and crash consistency after kill -9, which page cache
 * survives, so they need not wait for a busy shared disk), else /tmp. */
static inline void test_tmpdir(char *out, size_t cap, const char *tag)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(out, cap, "%s/id06-%s-XXXXXX", base, tag);
	if (!mkdtemp(out)) {
		perror("mkdtemp");
		exit(1);
	}
}

static inline void test_rmdir(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

static inline int test_write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, n, f);
	return fclose(f) == 0 && w == n ? 0 : -1;
}

/* Whether `needle` occurs anywhere in the file (for "no clear text" checks). */
static inline int test_file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc(n > 0 ? (size_t)n : 1);
	size_t got = buf ? fread(buf, 1, (size_t)(n > 0 ? n : 0), f) : 0;
	fclose(f);
	size_t nl = strlen(needle);
	int found = 0;
	for (size_t i = 0; buf && got >= nl && i + nl <= got && !found; i++)
		found = memcmp(buf + i, needle, nl) == 0;
	free(buf);
	return found;
}

#endif
