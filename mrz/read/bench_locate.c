/* bench_locate.c - times mrz_locate() on pictures (for scripts/bench-mrz):
 *   mrz-locate-bench REPEAT IMAGE...   prints the median wall and CPU ms
 * per picture, how many pictures showed a zone, and how many there were. */
#define _POSIX_C_SOURCE 200809L
#include "read_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int rep = atoi(argv[1]);
	if (rep < 1 || rep > 1000)
		return 2;
	size_t n = (size_t)(argc - 2) * (size_t)rep, k = 0;
	double *t = calloc(n, sizeof *t), *c = calloc(n, sizeof *c);
	int found = 0;
	for (int i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f)
			return 2;
		static uint8_t buf[32 << 20];
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		struct mr_gray g;
		if (mr_decode(buf, len, &g) != MRZ_READ_OK)
			return 2;
		struct mrz_image img = {g.px, g.w, g.h, g.stride, MRZ_PIXEL_GRAY8};
		for (int r = 0; r < rep; r++) {
			struct mrz_quad q[MRZ_READ_MAX_ZONES];
			int nq = 0;
			double t0 = mr_now_ms(), c0 = cpu_ms();
			mrz_locate(&img, q, MRZ_READ_MAX_ZONES, &nq);
			c[k] = cpu_ms() - c0;
			t[k++] = mr_now_ms() - t0;
			if (r == 0 && nq > 0)
				found++;
		}
		mr_gray_free(&g);
	}
	qsort(t, k, sizeof *t, cmp);
	qsort(c, k, sizeof *c, cmp);
	/* median wall ms, median CPU ms, pictures with a zone, pictures */
	printf("%.2f %.2f %d %d\n", t[k / 2], c[k / 2], found, argc - 2);
	free(t);
	free(c);
	return 0;
}
