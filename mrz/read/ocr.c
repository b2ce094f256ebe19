/* ocr.c - one initialised Tesseract instance reading cut MRZ lines through
 * the C API, with the choices the LSTM saw for every character. */
#define _POSIX_C_SOURCE 200809L
#include "read_int.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct mr_ocr {
	TessBaseAPI *api;
};

/* Tesseract 5.3 parallelises with OpenMP; on two shared cores one thread
 * is faster (research/mrz.md 5.3).  libgomp reads OMP_THREAD_LIMIT when it
 * loads, so set the calling thread's limit directly when it is there. */
static void one_thread(void)
{
	void (*set)(int);
	*(void **)&set = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
	if (set)
		set(1);
}

enum mrz_read_err mr_ocr_new(const char *datapath, const char *lang, struct mr_ocr **out)
{
	*out = NULL;
	struct mr_ocr *o = calloc(1, sizeof *o);
	if (!o)
		return MRZ_READ_ERR_NOMEM;
	one_thread();
	o->api = TessBaseAPICreate();
	if (!o->api) {
		free(o);
		return MRZ_READ_ERR_NOMEM;
	}
	if (TessBaseAPIInit2(o->api, datapath, lang, OEM_LSTM_ONLY) != 0) {
		mr_ocr_free(o);
		return MRZ_READ_ERR_MODEL;
	}
	TessBaseAPISetPageSegMode(o->api, PSM_RAW_LINE);
	TessBaseAPISetVariable(o->api, "lstm_choice_mode", "2");
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	*out = o;
	return MRZ_READ_OK;
}

void mr_ocr_free(struct mr_ocr *o)
{
	if (!o)
		return;
	if (o->api) {
		TessBaseAPIEnd(o->api);
		TessBaseAPIDelete(o->api);
	}
	free(o);
}

static float clamp01(float v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void add_choice(struct mr_char *ch, char c, float p)
{
	for (int i = 0; i < ch->n; i++)
		if (ch->c[i] == c) {
			if (p > ch->p[i])
				ch->p[i] = p;
			return;
		}
	if (ch->n < MR_MAX_CHOICES) {
		ch->c[ch->n] = c;
		ch->p[ch->n] = p;
		ch->n++;
	}
}

void mr_ocr_read(struct mr_ocr *o, const struct mr_gray *line, struct mr_ocr_line *out)
{
	memset(out, 0, sizeof *out);
	if (!o || !line || !line->px)
		return;
	TessBaseAPISetImage(o->api, line->px, line->w, line->h, 1, line->stride);
	TessBaseAPISetSourceResolution(o->api, 300);
	if (TessBaseAPIRecognize(o->api, NULL) != 0)
		return;
	TessResultIterator *it = TessBaseAPIGetIterator(o->api);
	if (!it)
		return;
	do {
		char *sym = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
		if (!sym)
			continue;
		if (out->n >= MR_MAX_CHARS || strlen(sym) != 1) {
			TessDeleteText(sym);
			continue;
		}
		struct mr_char *ch = &out->ch[out->n++];
		add_choice(ch, sym[0], clamp01(TessResultIteratorConfidence(it, RIL_SYMBOL) / 100.f));
		TessDeleteText(sym);
		int l, t, r, b;
		if (TessPageIteratorBoundingBox(TessResultIteratorGetPageIteratorConst(it),
		                                RIL_SYMBOL, &l, &t, &r, &b)) {
			ch->x0 = (float)l;
			ch->x1 = (float)r;
		}
		TessChoiceIterator *ci = TessResultIteratorGetChoiceIterator(it);
		if (ci) {
			do {
				const char *alt = TessChoiceIteratorGetUTF8Text(ci);
				if (alt && strlen(alt) == 1)
					add_choice(ch, alt[0], clamp01(TessChoiceIteratorConfidence(ci) / 100.f));
			} while (TessChoiceIteratorNext(ci));
			TessChoiceIteratorDelete(ci);
		}
	} while (TessResultIteratorNext(it, RIL_SYMBOL));
	TessResultIteratorDelete(it);
	TessBaseAPIClear(o->api);
}
