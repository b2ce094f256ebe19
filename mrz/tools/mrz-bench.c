/* mrz-bench.c - how many MRZs per second the text engine handles on one
 * core, next to a baseline measured in the same run: the check-digit-only
 * pass (the five check digits of each sample computed with
 * mrz_check_digit(), nothing else), which is the least any validator does.
 *
 *   mrz-bench [SECONDS-PER-FIGURE]     (default 1.0; run under taskset -c 0)
 *
 * Prints one line per figure: name, calls per CPU-second, and the ratio to
 * the baseline.  Not a test: nothing here passes or fails. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mrz.h"

/* Valid MRZs of each size with real state codes (tests/data/mrz quirk
 * samples), so that the npm peer, which refuses UTO, validates them too. */
static const char *const valid[] = {
	"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n"
	"C01X00T478D<<6408125F3101012<<<<<<<<<<<<<<06\n",
	"I<SWE59000002<8198703142391<<<\n"
	"8703145M3001019SWE<<<<<<<<<<<0\n"
	"SPECIMEN<<SVEN<ERIK<<<<<<<<<<<\n",
	"IDBEL615057409<9390<<<<<<<<<<<\n"
	"8501019F3101012BEL850101001240\n"
	"SPECIMEN<<MARIE<ELISE<<<<<<<<<\n",
	"IDROUPOPESCU<<ION<<<<<<<<<<<<<<<<<<<\n"
	"TZ046157<1ROU9210022M301002471350048\n",
	"P<UKRSHEVCHENKO<<TARAS<<<<<<<<<<<<<<<<<<<<<<\n"
	"FF123456<1UKR9001011M30010191234567890<<<<78\n",
	"IDPOLABA3000004<<<<<<<<<<<<<<<\n"
	"6809250M2709204POL680925156736\n"
	"KOWALSKI<<ZDZISLAW<<<<<<<<<<<<\n",
};

/* OCR confusions that repair fixes (O for 0 in a date, Z for 2 in a check
 * digit, O and I for 0 and 1 in an expiry date). */
static const char *const confused[] = {
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	"L898902C36UTO74O8122F1204159ZE184226B<<<<<10\n",
	"I<UTOD231458907<<<<<<<<<<<<<<<\n"
	"740812ZF1204159UTO<<<<<<<<<<<6\n"
	"ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
	"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	"D231458907UTO7408122F12O4I59<<<<<<<6\n",
};

#define NVALID (sizeof valid / sizeof valid[0])
#define NCONFUSED (sizeof confused / sizeof confused[0])

static const struct mrz_options today = {2026, 11, 23};
static volatile unsigned sink;
static size_t valid_len[NVALID], confused_len[NCONFUSED];

/* CPU time of this process, not wall time: the machine is shared, and a
 * figure per CPU-second on one core does not drop when other builds take
 * the core away (cache effects remain). */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The check-digit-only pass: the five digits of the sample's second line
 * (TD3 layout for 44, TD2 for 36, TD1 lines 1 and 2), as a validator that
 * does nothing else would compute them. */
static unsigned check_only(size_t i)
{
	const char *t = valid[i];
	const char *l2 = strchr(t, '\n') + 1;
	size_t w = (size_t)(l2 - t - 1);
	unsigned s = 0;
	if (w == 30) {
		s += (unsigned)mrz_check_digit(t + 5, 9);
		s += (unsigned)mrz_check_digit(l2, 6);
		s += (unsigned)mrz_check_digit(l2 + 8, 6);
		char comp[64];
		memcpy(comp, t + 5, 25);
		memcpy(comp + 25, l2, 7);
		memcpy(comp + 32, l2 + 8, 7);
		memcpy(comp + 39, l2 + 18, 11);
		s += (unsigned)mrz_check_digit(comp, 50);
	} else {
		s += (unsigned)mrz_check_digit(l2, 9);
		s += (unsigned)mrz_check_digit(l2 + 13, 6);
		s += (unsigned)mrz_check_digit(l2 + 21, 6);
		if (w == 44)
			s += (unsigned)mrz_check_digit(l2 + 28, 14);
		char comp[64];
		memcpy(comp, l2, 10);
		memcpy(comp + 10, l2 + 13, 7);
		memcpy(comp + 17, l2 + 21, w - 22);
		s += (unsigned)mrz_check_digit(comp, 17 + w - 22);
	}
	return s;
}

enum job { JOB_CHECK, JOB_PARSE, JOB_REPAIR_VALID, JOB_REPAIR_FIX, JOB_JSON };

static unsigned run_one(enum job j, size_t i, struct mrz_result *r, char *json)
{
	switch (j) {
	case JOB_CHECK:
		return check_only(i % NVALID);
	case JOB_PARSE:
		return (unsigned)mrz_parse(valid[i % NVALID], valid_len[i % NVALID], &today, r) +
		       (unsigned)r->valid;
	case JOB_REPAIR_VALID:
		return (unsigned)mrz_repair(valid[i % NVALID], valid_len[i % NVALID], &today, r) +
		       (unsigned)r->valid;
	case JOB_REPAIR_FIX:
		return (unsigned)mrz_repair(confused[i % NCONFUSED], confused_len[i % NCONFUSED],
		                            &today, r) + (unsigned)r->correction_count;
	case JOB_JSON:
		mrz_parse(valid[i % NVALID], valid_len[i % NVALID], &today, r);
		return (unsigned)mrz_result_json(r, json, 8192) + (unsigned char)json[1];
	}
	return 0;
}

/* Calls per second of a job, run for about `seconds`. */
static double measure(enum job j, double seconds)
{
	static struct mrz_result r;
	static char json[8192];
	size_t batch = 256, done = 0;
	unsigned acc = 0;
	double t0 = now(), t;
	do {
		for (size_t k = 0; k < batch; k++)
			acc += run_one(j, done + k, &r, json);
		done += batch;
		t = now();
	} while (t - t0 < seconds);
	sink += acc;
	return (double)done / (t - t0);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	if (seconds <= 0.0 || seconds > 60.0) {
		fprintf(stderr, "usage: mrz-bench [SECONDS-PER-FIGURE (0-60]]\n");
		return 2;
	}
	for (size_t i = 0; i < NVALID; i++)
		valid_len[i] = strlen(valid[i]);
	for (size_t i = 0; i < NCONFUSED; i++)
		confused_len[i] = strlen(confused[i]);

	/* Every sample must do what the figures claim before timing it. */
	struct mrz_result r;
	for (size_t i = 0; i < NVALID; i++) {
		if (mrz_parse(valid[i], valid_len[i], &today, &r) != MRZ_OK) {
			fprintf(stderr, "mrz-bench: sample %zu does not parse\n", i);
			return 1;
		}
	}
	for (size_t i = 0; i < NCONFUSED; i++) {
		if (mrz_repair(confused[i], confused_len[i], &today, &r) != MRZ_OK ||
		    r.correction_count < 1) {
			fprintf(stderr, "mrz-bench: confused sample %zu is not repaired\n", i);
			return 1;
		}
	}

	static const struct { enum job j; const char *name; } jobs[] = {
		{JOB_CHECK, "baseline: check digits only"},
		{JOB_PARSE, "mrz_parse (valid MRZs)"},
		{JOB_REPAIR_VALID, "mrz_repair (valid MRZs)"},
		{JOB_REPAIR_FIX, "mrz_repair (OCR confusions)"},
		{JOB_JSON, "mrz_parse + mrz_result_json"},
	};
	measure(JOB_PARSE, seconds / 4);  /* warm up */
	double base = 0.0;
	printf("%-42s %14s %10s\n", "figure", "calls/cpu-s", "vs base");
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		double rate = measure(jobs[i].j, seconds);
		if (i == 0)
			base = rate;
		printf("%-42s %14.0f %9.2fx\n", jobs[i].name, rate, rate / base);
	}
	mrz_result_wipe(&r);
	return 0;
}
