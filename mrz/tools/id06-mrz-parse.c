/* id06-mrz-parse.c - `id06-mrz parse [--json] [--repair] [--today DATE]
 * [FILE|-]`: reads MRZ text, prints its fields, says what is wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "id06-mrz.h"
#include "mrz.h"

/* More than any MRZ with generous blank lines: longer input is refused. */
#define INPUT_MAX 4096

void id06_mrz_parse_usage(FILE *to)
{
	fprintf(to,
	        "usage: id06-mrz parse [--json] [--repair] [--today YYYY-MM-DD] [FILE|-]\n"
	        "\n"
	        "Reads the text of a machine readable zone (2 lines of 36 or 44\n"
	        "characters, or 3 lines of 30; surrounding blanks and lower case are\n"
	        "fine) from FILE or standard input, checks every check digit and\n"
	        "field, and prints the fields.\n"
	        "\n"
	        "  --json     print one JSON object: format, document_code,\n"
	        "             issuing_state, document_number, nationality, birth_date,\n"
	        "             sex, expiry_date, surname, given_names, optional_data,\n"
	        "             valid, checks{...}, corrections[...], errors[...]\n"
	        "  --repair   correct OCR confusions (O/0, I/1, B/8, S/5, Z/2, K/<...)\n"
	        "             where the field type and check digits make them certain;\n"
	        "             every correction is listed, names are never changed\n"
	        "  --today D  judge the century of dates as of D (default: today, UTC)\n"
	        "  --help     this text\n"
	        "\n"
	        "Exit status: 0 every check holds; 1 the text is an MRZ but a check\n"
	        "fails (the message says which line, which field, expected vs found);\n"
	        "2 the text is not an MRZ, or a usage error.\n");
}

static const char *const check_labels[MRZ_CHECK_COUNT] = {
	"document number", "birth date", "expiry date", "personal number",
	"composite",
};

static void print_date(const char *label, const struct mrz_date *d)
{
	printf("%-17s", label);
	if (d->year == 0)
		printf("unknown");
	else if (d->month == 0)
		printf("%04d (month and day unknown)", d->year);
	else if (d->day == 0)
		printf("%04d-%02d (day unknown)", d->year, d->month);
	else
		printf("%04d-%02d-%02d", d->year, d->month, d->day);
	printf("  [%s]\n", d->raw);
}

static void print_text(const struct mrz_result *r)
{
	printf("%-17s%s\n", "format", mrz_format_name(r->format));
	printf("%-17s%s\n", "document code", r->document_code);
	printf("%-17s%s%s\n", "issuing state", r->issuing_state,
	       r->issuing_state_known ? "" : " (not in the ICAO list)");
	printf("%-17s%s%s\n", "document number", r->document_number,
	       r->document_number_long
	           ? (r->document_number_long_filler_included
	                  ? " (long number, check digit with the '<' included)"
	                  : " (long number)")
	           : "");
	printf("%-17s%s%s\n", "nationality", r->nationality,
	       r->nationality_known ? "" : " (not in the ICAO list)");
	print_date("birth date", &r->birth_date);
	printf("%-17s%c\n", "sex", r->sex ? r->sex : '?');
	print_date("expiry date", &r->expiry_date);
	printf("%-17s%s\n", "surname", r->surname);
	printf("%-17s%s%s\n", "given names", r->given_names,
	       r->name_truncated ? " (name may be truncated)" : "");
	if (r->optional_data[0])
		printf("%-17s%s\n", "optional data", r->optional_data);
	if (r->optional_data_2[0])
		printf("%-17s%s\n", "optional data 2", r->optional_data_2);
	printf("%-17s", "check digits");
	bool first = true;
	for (int i = 0; i < MRZ_CHECK_COUNT; i++) {
		if (!r->checks[i].present)
			continue;
		printf("%s%s %s", first ? "" : ", ", check_labels[i],
		       r->checks[i].valid ? "ok" : "FAILED");
		first = false;
	}
	printf("\n%-17s%s\n", "valid", r->valid ? "yes" : "no");
	for (int i = 0; i < r->correction_count; i++)
		printf("corrected        line %d column %d: '%c' -> '%c'\n",
		       r->corrections[i].line, r->corrections[i].column,
		       r->corrections[i].from, r->corrections[i].to);
}

static void print_issues(const struct mrz_result *r)
{
	for (int i = 0; i < r->issue_count; i++)
		fprintf(stderr, "id06-mrz: %s: %s\n",
		        r->issues[i].warning ? "warning" : "error", r->issues[i].text);
}

static bool parse_today(const char *s, struct mrz_options *o)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	o->today_year = y;
	o->today_month = m;
	o->today_day = d;
	return true;
}

/* Reads at most INPUT_MAX bytes; -1 on a read error, -2 when longer. */
static long read_input(FILE *f, char *buf)
{
	size_t n = fread(buf, 1, INPUT_MAX + 1, f);
	if (ferror(f))
		return -1;
	if (n > INPUT_MAX)
		return -2;
	return (long)n;
}

int id06_mrz_parse_main(int argc, char **argv)
{
	bool json = false, repair = false;
	const char *path = NULL;
	struct mrz_options opts = {0, 0, 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "--repair") == 0) {
			repair = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			id06_mrz_parse_usage(stdout);
			return 0;
		} else if (strcmp(a, "--today") == 0 || strncmp(a, "--today=", 8) == 0) {
			const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v || !parse_today(v, &opts)) {
				fprintf(stderr, "id06-mrz parse: --today needs a date as YYYY-MM-DD\n");
				return 2;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "id06-mrz parse: unknown option '%s' (see --help)\n", a);
			return 2;
		} else if (path) {
			fprintf(stderr, "id06-mrz parse: one input only, got '%s' and '%s'\n",
			        path, a);
			return 2;
		} else {
			path = a;
		}
	}

	static char buf[INPUT_MAX + 1];
	FILE *f = stdin;
	if (path && strcmp(path, "-") != 0) {
		f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "id06-mrz parse: cannot open '%s': check the path\n", path);
			return 2;
		}
	}
	long n = read_input(f, buf);
	if (f != stdin)
		fclose(f);
	if (n == -1) {
		fprintf(stderr, "id06-mrz parse: cannot read '%s'\n", path ? path : "-");
		return 2;
	}
	if (n == -2) {
		fprintf(stderr, "id06-mrz parse: input is longer than %d bytes: not an MRZ\n",
		        INPUT_MAX);
		return 2;
	}

	struct mrz_result r;
	enum mrz_err err = repair ? mrz_repair(buf, (size_t)n, &opts, &r)
	                          : mrz_parse(buf, (size_t)n, &opts, &r);
	memset(buf, 0, sizeof buf);
	bool is_mrz = err == MRZ_OK || err == MRZ_ERR_CHECK_DIGIT ||
	              err == MRZ_ERR_BAD_FIELD;
	int status = err == MRZ_OK ? 0 : is_mrz ? 1 : 2;

	if (json) {
		static char out[16384];
		if (mrz_result_json(&r, out, sizeof out) != MRZ_OK) {
			fprintf(stderr, "id06-mrz parse: result too large for JSON\n");
			status = 2;
		} else {
			printf("%s\n", out);
		}
		memset(out, 0, sizeof out);
	} else if (is_mrz) {
		print_text(&r);
	}
	if (!is_mrz)
		fprintf(stderr, "id06-mrz parse: not an MRZ: %s\n",
		        r.issue_count ? r.issues[0].text : mrz_err_str(err));
	else
		print_issues(&r);
	mrz_result_wipe(&r);
	return status;
}
