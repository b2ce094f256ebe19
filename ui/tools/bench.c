/* id06-ui-bench - figures for scripts/bench-ui.
 *
 *   id06-ui-bench ui|baseline [headless|window] [width height]
 *
 * "ui" measures the UI: time to first frame (ui_open + first ui_draw),
 * frame time while the chip reading screen animates, CPU used while idle
 * on a static screen and on the attract screen, resident memory.
 * "baseline" does the same with a bare SDL window and the same renderer
 * (clear and present), so the UI's own cost shows.  Prints key=value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <SDL.h>

#include "sample.h"
#include "ui.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

enum { FRAMES = 240 };

static void report_frames(double *t, int n)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += t[i];
	qsort(t, (size_t)n, sizeof t[0], cmp_double);
	printf("frame_ms_mean=%.2f\nframe_ms_p95=%.2f\nframe_ms_max=%.2f\n", sum / n,
	       t[n * 95 / 100], t[n - 1]);
}

static int run_baseline(bool headless, int w, int h)
{
	double t0 = now_ms();
	SDL_SetHint(SDL_HINT_VIDEODRIVER, headless ? "dummy" : NULL);
	if (SDL_Init(SDL_INIT_VIDEO) != 0)
		return 1;
	SDL_Window *win = SDL_CreateWindow("baseline", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                                   w, h, 0);
	SDL_Renderer *r = win ? SDL_CreateRenderer(win, -1, headless ? SDL_RENDERER_SOFTWARE :
	                                           SDL_RENDERER_ACCELERATED) : NULL;
	if (!r)
		r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
	if (!r)
		return 1;
	SDL_RendererInfo info;
	SDL_GetRendererInfo(r, &info);
	SDL_SetRenderDrawColor(r, 242, 244, 247, 255);
	SDL_RenderClear(r);
	SDL_RenderPresent(r);
	printf("renderer=%s\nfirst_frame_ms=%.1f\n", info.name, now_ms() - t0);
	double t[FRAMES];
	for (int i = 0; i < FRAMES; i++) {
		double a = now_ms();
		SDL_SetRenderDrawColor(r, 242, 244, (Uint8)(i & 0xff), 255);
		SDL_RenderClear(r);
		SDL_RenderPresent(r);
		t[i] = now_ms() - a;
	}
	report_frames(t, FRAMES);
	for (int k = 0; k < 2; k++) {
		double c0 = cpu_ms(), w0 = now_ms();
		SDL_Event e;
		while (now_ms() - w0 < 3000)
			SDL_WaitEventTimeout(&e, 250);
		printf("%s=%.2f\n", k == 0 ? "idle_cpu_pct" : "attract_cpu_pct",
		       (cpu_ms() - c0) / (now_ms() - w0) * 100);
	}
	printf("rss_kib=%ld\n", rss_kib());
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return 0;
}

static int run_ui(bool headless, int w, int h)
{
	double t0 = now_ms();
	char why[512] = "";
	struct ui_config cfg = { .width = w, .height = h, .dpi = 117,
	                         .lang_dir = ID06_SOURCE_DIR "/ui/lang", .headless = headless,
	                         .why = why, .why_size = sizeof why };
	struct ui *ui;
	if (ui_open(&cfg, &ui) != UI_OK) {
		fprintf(stderr, "id06-ui-bench: %s\n", why);
		return 1;
	}
	struct ui_view *v = calloc(1, sizeof *v);
	ui_sample_view(UI_SCREEN_LANGUAGE, "en", v);
	ui_draw(ui, v);
	printf("renderer=%s\nfirst_frame_ms=%.1f\n", headless ? "software" : "as-SDL-chose", now_ms() - t0);
	/* the chip reading screen animating, progress advancing */
	ui_sample_view(UI_SCREEN_CHIP_READING, "pl", v);
	double t[FRAMES];
	for (int i = 0; i < FRAMES; i++) {
		v->progress_permille = i * 1000 / FRAMES;
		double a = now_ms();
		ui_draw(ui, v);
		t[i] = now_ms() - a;
	}
	report_frames(t, FRAMES);
	/* idle: the loop a kiosk runs, on a static screen, then the attract
	 * screen (which animates 2 s in 8) */
	static const enum ui_screen idle[2] = { UI_SCREEN_DONE, UI_SCREEN_LANGUAGE };
	for (int k = 0; k < 2; k++) {
		ui_sample_view(idle[k], "en", v);
		ui_draw(ui, v);
		int frames = 0;
		double c0 = cpu_ms(), w0 = now_ms(), span = k == 0 ? 3000 : 8000;
		struct ui_event ev;
		while (now_ms() - w0 < span) {
			if (ui_poll(ui, 250, &ev)) {
				ui_draw(ui, v);
				frames++;
			}
		}
		printf("%s=%.2f\n%s=%d\n", k == 0 ? "idle_cpu_pct" : "attract_cpu_pct",
		       (cpu_ms() - c0) / (now_ms() - w0) * 100, k == 0 ? "idle_frames" : "attract_frames",
		       frames);
	}
	printf("rss_kib=%ld\n", rss_kib());
	ui_view_wipe(v);
	free(v);
	ui_close(ui);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: id06-ui-bench ui|baseline [headless|window] [width height]\n");
		return 2;
	}
	bool headless = argc < 3 || strcmp(argv[2], "window") != 0;
	int w = argc > 4 ? atoi(argv[3]) : 1024, h = argc > 4 ? atoi(argv[4]) : 600;
	return strcmp(argv[1], "baseline") == 0 ? run_baseline(headless, w, h) : run_ui(headless, w, h);
}
