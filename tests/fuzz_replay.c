/* fuzz_replay.c - runs a fuzz target over every file of its corpus, for
 * builds without libFuzzer.  Arguments are files or folders. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_INPUT = 1 << 20 };

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz_replay: cannot open %s\n", path);
		return 1;
	}
	uint8_t *buf = malloc(MAX_INPUT);
	if (!buf) {
		fclose(f);
		return 1;
	}
	size_t n = fread(buf, 1, MAX_INPUT, f);
	fclose(f);
	/* A copy of exactly n bytes, so ASan sees reads past the input. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int replay(const char *path, int *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "fuzz_replay: no such file or folder %s\n", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		++*count;
		return replay_file(path);
	}
	DIR *dir = opendir(path);
	if (!dir)
		return 1;
	int failed = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		char child[4096];
		snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
		failed |= replay(child, count);
	}
	closedir(dir);
	return failed;
}

int main(int argc, char **argv)
{
	int failed = 0, count = 0;
	for (int i = 1; i < argc; i++)
		failed |= replay(argv[i], &count);
	printf("fuzz_replay: %d inputs replayed\n", count);
	if (count == 0) {
		fprintf(stderr, "fuzz_replay: empty corpus\n");
		return 1;
	}
	return failed;
}
