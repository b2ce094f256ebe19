/* parse_test.c - mrz_parse() against the ICAO 9303 specimens of every
 * format (parts 4 to 7, the UTO examples), national quirks from
 * research/mrz.md section 2.9 (check digits computed per part 3), and
 * malformed inputs generated from the specimens: every line one character
 * short and long, every check digit wrong, a bad character at every place. */
#include <stdio.h>
#include <string.h>

#include "mrz.h"

/* Every date below is judged as of this day, so the century rule is fixed. */
static const struct mrz_options today = {2026, 11, 23};

struct row {
	const char *name;
	const char *text;
	enum mrz_err err;
	enum mrz_format format;
	const char *document_code;
	const char *issuing_state;
	const char *document_number;
	const char *nationality;
	const char *birth;   /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" unknown */
	const char *expiry;
	char sex;
	const char *surname;
	const char *given;
	bool truncated;
	const char *optional;
	const char *issue;   /* a substring one issue must hold, or NULL */
	bool long_number;
	bool filler_included;
};

static const struct row rows[] = {
	{"ICAO part 4 TD3 specimen",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12", "2012-04-15",
	 'F', "ERIKSSON", "ANNA MARIA", false, "ZE184226B", NULL, false, false},
	{"ICAO part 5 TD1 specimen",
	 "I<UTOD231458907<<<<<<<<<<<<<<<\n"
	 "7408122F1204159UTO<<<<<<<<<<<6\n"
	 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "I", "UTO", "D23145890", "UTO", "1974-08-12", "2012-04-15",
	 'F', "ERIKSSON", "ANNA MARIA", false, "", NULL, false, false},
	{"ICAO part 6 TD2 specimen",
	 "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	 "D231458907UTO7408122F1204159<<<<<<<6",
	 MRZ_OK, MRZ_TD2, "I", "UTO", "D23145890", "UTO", "1974-08-12", "2012-04-15",
	 'F', "ERIKSSON", "ANNA MARIA", false, "", NULL, false, false},
	{"ICAO part 7 MRV-A specimen",
	 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L8988901C4XXX4009078F96121096ZE184226B<<<<<<\n",
	 MRZ_OK, MRZ_MRVA, "V", "UTO", "L8988901C", "XXX", "1940-09-07", "1996-12-10",
	 'F', "ERIKSSON", "ANNA MARIA", false, "6ZE184226B", NULL, false, false},
	{"ICAO part 7 MRV-B specimen",
	 "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	 "L8988901C4XXX4009078F9612109<<<<<<<<\n",
	 MRZ_OK, MRZ_MRVB, "V", "UTO", "L8988901C", "XXX", "1940-09-07", "1996-12-10",
	 'F', "ERIKSSON", "ANNA MARIA", false, "", NULL, false, false},
	{"surrounding blanks, CRLF, lower case",
	 "\n  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  \r\n"
	 "\tL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12", "2012-04-15",
	 'F', "ERIKSSON", "ANNA MARIA", false, "ZE184226B", NULL, false, false},
	{"Sweden TD1: 8-character number, personnummer in optional data",
	 "I<SWE59000002<8198703142391<<<\n"
	 "8703145M3001019SWE<<<<<<<<<<<0\n"
	 "SPECIMEN<<SVEN<ERIK<<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "I", "SWE", "59000002", "SWE", "1987-03-14", "2030-01-01",
	 'M', "SPECIMEN", "SVEN ERIK", false, "198703142391", NULL, false, false},
	{"Belgium TD1 long number, ICAO reading ('<' excluded)",
	 "IDBEL615057409<9390<<<<<<<<<<<\n"
	 "8501019F3101012BEL850101001240\n"
	 "SPECIMEN<<MARIE<ELISE<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "ID", "BEL", "615057409939", "BEL", "1985-01-01", "2031-01-01",
	 'F', "SPECIMEN", "MARIE ELISE", false, "", NULL, true, false},
	{"TD1 long number valid only with the '<' included (mrz-java #33)",
	 "I<SWEHVC8N3QW7<ZE17422<<<<<<<<\n"
	 "9001011F3001019SWE<<<<<<<<<<<4\n"
	 "SPECIMEN<<ANNA<<<<<<<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "I", "SWE", "HVC8N3QW7ZE1742", "SWE", "1990-01-01", "2030-01-01",
	 'F', "SPECIMEN", "ANNA", false, "", "included", true, true},
	{"Germany TD3: D<< and no personal number",
	 "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n"
	 "C01X00T478D<<6408125F3101012<<<<<<<<<<<<<<06\n",
	 MRZ_OK, MRZ_TD3, "P", "D", "C01X00T47", "D", "1964-08-12", "2031-01-01",
	 'F', "MUSTERMANN", "ERIKA", false, "", NULL, false, false},
	{"Germany TD1: sex unspecified",
	 "IDD<<LZ6311T475<<<<<<<<<<<<<<<\n"
	 "6408125<3101012D<<<<<<<<<<<<<2\n"
	 "MUSTERMANN<<ERIKA<<<<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "ID", "D", "LZ6311T47", "D", "1964-08-12", "2031-01-01",
	 '<', "MUSTERMANN", "ERIKA", false, "", NULL, false, false},
	{"TD3 empty personal number with '<' check digit",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F3204153<<<<<<<<<<<<<<<4\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12", "2032-04-15",
	 'F', "ERIKSSON", "ANNA MARIA", false, "", NULL, false, false},
	{"TD3 unknown birth day",
	 "P<UTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408<<7F3204153<<<<<<<<<<<<<<04\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08", "2032-04-15",
	 'F', "ERIKSSON", "ANNA", false, "", NULL, false, false},
	{"Moldova TD1 without expiry",
	 "IDMDAA0123456782000123456789<<\n"
	 "5201019M<<<<<<0MDA<<<<<<<<<<<5\n"
	 "SPECIMEN<<ION<<<<<<<<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "ID", "MDA", "A01234567", "MDA", "1952-01-01", "",
	 'M', "SPECIMEN", "ION", false, "2000123456789", NULL, false, false},
	{"Romania TD2 card",
	 "IDROUPOPESCU<<ION<<<<<<<<<<<<<<<<<<<\n"
	 "TZ046157<1ROU9210022M301002471350048\n",
	 MRZ_OK, MRZ_TD2, "ID", "ROU", "TZ046157", "ROU", "1992-10-02", "2030-10-02",
	 'M', "POPESCU", "ION", false, "7135004", NULL, false, false},
	{"Poland TD1: PESEL in optional data 2",
	 "IDPOLABA3000004<<<<<<<<<<<<<<<\n"
	 "6809250M2709204POL680925156736\n"
	 "KOWALSKI<<ZDZISLAW<<<<<<<<<<<<\n",
	 MRZ_OK, MRZ_TD1, "ID", "POL", "ABA300000", "POL", "1968-09-25", "2027-09-20",
	 'M', "KOWALSKI", "ZDZISLAW", false, "", NULL, false, false},
	{"TD3 name filling the field: possibly truncated",
	 "P<UTOPAPANDROPOULOUS<<JONATHON<WARREN<TREVOR\n"
	 "L898902C36UTO7408122M3204153<<<<<<<<<<<<<<04\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12", "2032-04-15",
	 'M', "PAPANDROPOULOUS", "JONATHON WARREN TREVOR", true, "", NULL, false, false},
	{"TD3 sex X",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122X3204153ZE184226B<<<<<16\n",
	 MRZ_OK, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12", "2032-04-15",
	 'X', "ERIKSSON", "ANNA MARIA", false, "ZE184226B", NULL, false, false},
	/* Problems: still an MRZ, fields filled, the issue says where. */
	{"TD1 birth date check digit wrong",
	 "I<UTOD231458907<<<<<<<<<<<<<<<\n"
	 "7408123F1204159UTO<<<<<<<<<<<6\n"
	 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
	 MRZ_ERR_CHECK_DIGIT, MRZ_TD1, "I", "UTO", "D23145890", "UTO", "1974-08-12",
	 "2012-04-15", 'F', "ERIKSSON", "ANNA MARIA", false, "",
	 "birth date check digit (line 2 column 7): expected 2, found 3", false, false},
	{"TD3 personal number '<' check with data present",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<<0\n",
	 MRZ_ERR_CHECK_DIGIT, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12",
	 "2012-04-15", 'F', "ERIKSSON", "ANNA MARIA", false, "ZE184226B",
	 "personal number check digit (line 2 column 43): expected 1, found <", false, false},
	{"unknown issuing state",
	 "P<UTQERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "UTQ", "L898902C3", "UTO", "1974-08-12",
	 "2012-04-15", 'F', "ERIKSSON", "ANNA MARIA", false, "ZE184226B",
	 "issuing state 'UTQ' (line 1, columns 3-5) is not in the ICAO 9303 list", false, false},
	{"DEU is not the ICAO code for Germany",
	 "P<DEUMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n"
	 "C01X00T478D<<6408125F3101012<<<<<<<<<<<<<<06\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "DEU", "C01X00T47", "D", "1964-08-12",
	 "2031-01-01", 'F', "MUSTERMANN", "ERIKA", false, "", "'DEU'", false, false},
	{"month 13 (check digits hold)",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7413128F1204159ZE184226B<<<<<10\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974",
	 "2012-04-15", 'F', "ERIKSSON", "ANNA MARIA", false, "ZE184226B",
	 "month 13 does not exist", false, false},
	{"30 February",
	 "P<UTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7402304F3204153<<<<<<<<<<<<<<00\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-02",
	 "2032-04-15", 'F', "ERIKSSON", "ANNA", false, "",
	 "day 30 does not exist", false, false},
	{"sex Q",
	 "P<UTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122Q3204153<<<<<<<<<<<<<<04\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12",
	 "2032-04-15", 'Q', "ERIKSSON", "ANNA", false, "",
	 "sex at line 2 column 21 is 'Q'", false, false},
	{"digit in a name",
	 "P<UTOERIKSS0N<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F3204153<<<<<<<<<<<<<<04\n",
	 MRZ_ERR_BAD_FIELD, MRZ_TD3, "P", "UTO", "L898902C3", "UTO", "1974-08-12",
	 "2032-04-15", 'F', "ERIKSS0N", "ANNA", false, "",
	 "name has the digit '0' at line 1 column 12", false, false},
	{"not an MRZ: one line",
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
	 MRZ_ERR_NOT_MRZ, MRZ_FORMAT_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	 NULL, NULL, false, NULL, "only 1 line", false, false},
	{"not an MRZ: four lines",
	 "AAA\nBBB\nCCC\nDDD\n",
	 MRZ_ERR_NOT_MRZ, MRZ_FORMAT_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	 NULL, NULL, false, NULL, "more than 3 lines", false, false},
	{"not an MRZ: empty",
	 "  \n \n",
	 MRZ_ERR_NOT_MRZ, MRZ_FORMAT_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	 NULL, NULL, false, NULL, "no text", false, false},
	{"not an MRZ: a space inside",
	 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159 ZE184226B<<<<10\n",
	 MRZ_ERR_BAD_CHAR, MRZ_TD3, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	 NULL, NULL, false, NULL, "line 2 column 29: ' ' is not 0-9, A-Z or '<'", false, false},
};

static int failed;

static void expect_str(const char *row, const char *what, const char *want,
                       const char *got)
{
	if (want && strcmp(want, got) != 0) {
		printf("FAIL %s: %s expected \"%s\" got \"%s\"\n", row, what, want, got);
		failed++;
	}
}

static void date_iso(const struct mrz_date *d, char *buf, size_t cap)
{
	if (d->year == 0)
		snprintf(buf, cap, "%s", "");
	else if (d->month == 0)
		snprintf(buf, cap, "%04d", d->year);
	else if (d->day == 0)
		snprintf(buf, cap, "%04d-%02d", d->year, d->month);
	else
		snprintf(buf, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static bool has_issue(const struct mrz_result *r, const char *needle)
{
	for (int i = 0; i < r->issue_count; i++)
		if (strstr(r->issues[i].text, needle))
			return true;
	return false;
}

static void print_issues(const struct mrz_result *r)
{
	for (int i = 0; i < r->issue_count; i++)
		printf("    issue: %s\n", r->issues[i].text);
}

static void run_row(const struct row *w)
{
	struct mrz_result r;
	int before = failed;
	enum mrz_err err = mrz_parse(w->text, strlen(w->text), &today, &r);
	if (err != w->err) {
		printf("FAIL %s: error expected %s got %s\n", w->name, mrz_err_str(w->err),
		       mrz_err_str(err));
		failed++;
	}
	if (r.format != w->format) {
		printf("FAIL %s: format expected %s got %s\n", w->name,
		       mrz_format_name(w->format), mrz_format_name(r.format));
		failed++;
	}
	if (r.valid != (w->err == MRZ_OK)) {
		printf("FAIL %s: valid expected %d got %d\n", w->name, w->err == MRZ_OK, r.valid);
		failed++;
	}
	expect_str(w->name, "document code", w->document_code, r.document_code);
	expect_str(w->name, "issuing state", w->issuing_state, r.issuing_state);
	expect_str(w->name, "document number", w->document_number, r.document_number);
	expect_str(w->name, "nationality", w->nationality, r.nationality);
	char buf[16];
	if (w->birth) {
		date_iso(&r.birth_date, buf, sizeof buf);
		expect_str(w->name, "birth date", w->birth, buf);
	}
	if (w->expiry) {
		date_iso(&r.expiry_date, buf, sizeof buf);
		expect_str(w->name, "expiry date", w->expiry, buf);
	}
	if (w->sex && w->sex != r.sex) {
		printf("FAIL %s: sex expected %c got %c\n", w->name, w->sex, r.sex);
		failed++;
	}
	expect_str(w->name, "surname", w->surname, r.surname);
	expect_str(w->name, "given names", w->given, r.given_names);
	expect_str(w->name, "optional data", w->optional, r.optional_data);
	if (w->surname && r.name_truncated != w->truncated) {
		printf("FAIL %s: name_truncated expected %d got %d\n", w->name,
		       w->truncated, r.name_truncated);
		failed++;
	}
	if (r.document_number_long != w->long_number ||
	    r.document_number_long_filler_included != w->filler_included) {
		printf("FAIL %s: long number expected %d/%d got %d/%d\n", w->name,
		       w->long_number, w->filler_included, r.document_number_long,
		       r.document_number_long_filler_included);
		failed++;
	}
	if (w->issue && !has_issue(&r, w->issue)) {
		printf("FAIL %s: expected an issue with \"%s\"\n", w->name, w->issue);
		failed++;
	}
	if (!w->issue && w->err == MRZ_OK) {
		for (int i = 0; i < r.issue_count; i++) {
			if (!r.issues[i].warning) {
				printf("FAIL %s: expected no errors\n", w->name);
				failed++;
				break;
			}
		}
	}
	if (failed != before)
		print_issues(&r);
	mrz_result_wipe(&r);
}

/* The specimens again, each changed in one way. */
static const char *const specimens[] = {
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	"I<UTOD231458907<<<<<<<<<<<<<<<\n"
	"7408122F1204159UTO<<<<<<<<<<<6\n"
	"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	"D231458907UTO7408122F1204159<<<<<<<6",
	"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	"L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
	"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	"L8988901C4XXX4009078F9612109<<<<<<<<",
};

static int generated;

static void gen_check(const char *what, const char *text, enum mrz_err want,
                      const char *needle)
{
	struct mrz_result r;
	enum mrz_err err = mrz_parse(text, strlen(text), &today, &r);
	generated++;
	if (err != want || (needle && !has_issue(&r, needle))) {
		printf("FAIL %s: expected %s%s%s got %s\n%s\n", what, mrz_err_str(want),
		       needle ? " with issue " : "", needle ? needle : "", mrz_err_str(err),
		       text);
		print_issues(&r);
		failed++;
	}
}

static void run_generated(void)
{
	for (size_t s = 0; s < sizeof specimens / sizeof specimens[0]; s++) {
		const char *base = specimens[s];
		size_t n = strlen(base);
		char buf[256], what[128], needle[96];
		struct mrz_result ref;
		mrz_parse(base, n, &today, &ref);
		/* Each line one short and one long. */
		size_t start = 0;
		for (int line = 1; start < n; line++) {
			size_t end = start;
			while (end < n && base[end] != '\n')
				end++;
			memcpy(buf, base, end - 1);
			memcpy(buf + end - 1, base + end, n - end + 1);
			snprintf(what, sizeof what, "specimen %zu line %d one short", s, line);
			gen_check(what, buf, MRZ_ERR_NOT_MRZ, "characters");
			memcpy(buf, base, end);
			buf[end] = '<';
			memcpy(buf + end + 1, base + end, n - end + 1);
			snprintf(what, sizeof what, "specimen %zu line %d one long", s, line);
			gen_check(what, buf, MRZ_ERR_NOT_MRZ, "characters");
			start = end + 1;
		}
		/* Each check digit off by one. */
		for (int c = 0; c < MRZ_CHECK_COUNT; c++) {
			const struct mrz_check *ck = &ref.checks[c];
			if (!ck->present)
				continue;
			size_t line_start = 0;
			for (int l = 1; l < ck->line; l++)
				line_start = (size_t)(strchr(base + line_start, '\n') - base) + 1;
			size_t at = line_start + (size_t)ck->column - 1;
			memcpy(buf, base, n + 1);
			buf[at] = (char)('0' + (buf[at] - '0' + 1) % 10);
			snprintf(what, sizeof what, "specimen %zu check %d wrong", s, c);
			snprintf(needle, sizeof needle, "(line %d column %d): expected %c, found %c",
			         ck->line, ck->column, ck->expected, buf[at]);
			gen_check(what, buf, MRZ_ERR_CHECK_DIGIT, needle);
		}
		/* A bad character at every place, and lower case everywhere. */
		int line = 1, col = 1;
		for (size_t i = 0; i < n; i++) {
			if (base[i] == '\n') {
				line++;
				col = 1;
				continue;
			}
			memcpy(buf, base, n + 1);
			buf[i] = '#';
			snprintf(what, sizeof what, "specimen %zu '#' at %d:%d", s, line, col);
			snprintf(needle, sizeof needle, "line %d column %d: '#'", line, col);
			gen_check(what, buf, MRZ_ERR_BAD_CHAR, needle);
			col++;
		}
		for (size_t i = 0; i <= n; i++)
			buf[i] = (base[i] >= 'A' && base[i] <= 'Z') ? (char)(base[i] + 32) : base[i];
		snprintf(what, sizeof what, "specimen %zu in lower case", s);
		gen_check(what, buf, MRZ_OK, NULL);
		/* A NUL inside the given length is a bad character, not the end. */
		memcpy(buf, base, n + 1);
		buf[5] = '\0';
		struct mrz_result r;
		enum mrz_err err = mrz_parse(buf, n, &today, &r);
		generated++;
		if (err != MRZ_ERR_BAD_CHAR) {
			printf("FAIL specimen %zu NUL inside: expected %s got %s\n", s,
			       mrz_err_str(MRZ_ERR_BAD_CHAR), mrz_err_str(err));
			failed++;
		}
	}
}

/* The century rule around the reference date. */
static void run_century(void)
{
	static const struct {
		const char *birth, *expiry;
		int y, m, d;
		const char *want_birth, *want_expiry;
	} cases[] = {
		{"261123", "761231", 2026, 11, 23, "2026-11-23", "2076-12-31"},
		{"261124", "770101", 2026, 11, 23, "1926-11-24", "1977-01-01"},
		{"000229", "000101", 2026, 11, 23, "2000-02-29", "2000-01-01"},
		{"991231", "991231", 2026, 11, 23, "1999-12-31", "1999-12-31"},
		{"7408<<", "501231", 2074, 8, 1, "2074-08", "2050-12-31"},
		{"7409<<", "770101", 2074, 8, 1, "1974-09", "2077-01-01"},
		{"<<<<<<", "<<<<<<", 2026, 1, 1, "", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[128];
		char l2[45];
		snprintf(l2, sizeof l2, "L898902C36UTO%s%cF%s%c<<<<<<<<<<<<<<<",
		         cases[i].birth, mrz_check_digit(cases[i].birth, 6),
		         cases[i].expiry, mrz_check_digit(cases[i].expiry, 6));
		char comp[64];
		memcpy(comp, l2, 10);
		memcpy(comp + 10, l2 + 13, 7);
		memcpy(comp + 17, l2 + 21, 22);
		l2[43] = mrz_check_digit(comp, 39);
		l2[44] = '\0';
		snprintf(text, sizeof text, "P<UTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<\n%s", l2);
		struct mrz_options o = {cases[i].y, cases[i].m, cases[i].d};
		struct mrz_result r;
		enum mrz_err err = mrz_parse(text, strlen(text), &o, &r);
		char b[16], e[16];
		date_iso(&r.birth_date, b, sizeof b);
		date_iso(&r.expiry_date, e, sizeof e);
		generated++;
		if (err != MRZ_OK || strcmp(b, cases[i].want_birth) || strcmp(e, cases[i].want_expiry)) {
			printf("FAIL century %s/%s as of %04d-%02d-%02d: expected ok %s %s got %s %s %s\n",
			       cases[i].birth, cases[i].expiry, cases[i].y, cases[i].m, cases[i].d,
			       cases[i].want_birth, cases[i].want_expiry, mrz_err_str(err), b, e);
			print_issues(&r);
			failed++;
		}
	}
}

static void run_state_codes(void)
{
	static const struct { const char *code; bool known; } cases[] = {
		{"UTO", true}, {"D", true}, {"EUE", true}, {"UNO", true}, {"UNA", true},
		{"UNK", true}, {"XXA", true}, {"XXB", true}, {"XXC", true}, {"XXX", true},
		{"GBD", true}, {"GBN", true}, {"GBO", true}, {"GBP", true}, {"GBS", true},
		{"RKS", true}, {"XOM", true}, {"XPO", true}, {"SWE", true}, {"UKR", true},
		{"ZWE", true}, {"ABW", true}, {"DEU", false}, {"XYZ", false}, {"", false},
		{"SWED", false}, {"swe", false}, {"UT", false}, {"BDR", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		generated++;
		if (mrz_state_code_known(cases[i].code) != cases[i].known) {
			printf("FAIL state code \"%s\": expected %s\n", cases[i].code,
			       cases[i].known ? "known" : "unknown");
			failed++;
		}
	}
}

int main(void)
{
	size_t nrows = sizeof rows / sizeof rows[0];
	for (size_t i = 0; i < nrows; i++)
		run_row(&rows[i]);
	run_generated();
	run_century();
	run_state_codes();
	printf("%zu table rows, %d generated cases, %d failed\n", nrows, generated, failed);
	return failed ? 1 : 0;
}
