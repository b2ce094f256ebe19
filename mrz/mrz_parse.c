/* mrz_parse.c - splits MRZ text into lines and the lines into the fields of
 * ICAO Doc 9303 parts 4 to 7 (TD1, TD2, TD3, MRV-A, MRV-B), with every check
 * digit, the century rule for dates and the name split. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mrz_int.h"

/* ---- small helpers ---------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

void mrz_issue_add(struct mrz_result *r, enum mrz_err err, bool warning,
                   int line, int column, const char *fmt, ...)
{
	if (r->issue_count >= MRZ_MAX_ISSUES)
		return;
	struct mrz_issue *is = &r->issues[r->issue_count++];
	is->err = err;
	is->warning = warning;
	is->line = line;
	is->column = column;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(is->text, sizeof is->text, fmt, ap);
	va_end(ap);
}

/* A character for a message: itself when printable, else a '?'. */
static char printable(char c)
{
	return (c >= 0x20 && c < 0x7f) ? c : '?';
}

int mrz_format_width(enum mrz_format f)
{
	switch (f) {
	case MRZ_TD1: return 30;
	case MRZ_TD2: case MRZ_MRVB: return 36;
	case MRZ_TD3: case MRZ_MRVA: return 44;
	case MRZ_FORMAT_UNKNOWN: break;
	}
	return 0;
}

int mrz_format_lines(enum mrz_format f)
{
	if (f == MRZ_TD1)
		return 3;
	return f == MRZ_FORMAT_UNKNOWN ? 0 : 2;
}

/* ---- lines ------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

enum mrz_err mrz_lines_split(const char *text, size_t len, struct mrz_result *r)
{
	size_t lens[MRZ_MAX_LINES] = {0};
	int n = 0;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n')
			i++;
		size_t end = i;
		if (i < len)
			i++;
		while (start < end && is_blank(text[start]))
			start++;
		while (end > start && is_blank(text[end - 1]))
			end--;
		if (start == end)
			continue;
		if (n == MRZ_MAX_LINES) {
			mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, n + 1, 0,
			              "more than 3 lines of text: an MRZ has 2 or 3");
			return MRZ_ERR_NOT_MRZ;
		}
		size_t l = end - start;
		if (l > MRZ_MAX_LINE) {
			mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, n + 1, 0,
			              "line %d has %zu characters: MRZ lines have 30, 36 or 44",
			              n + 1, l);
			return MRZ_ERR_NOT_MRZ;
		}
		for (size_t k = 0; k < l; k++) {
			char c = text[start + k];
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			r->lines[n][k] = c;
		}
		r->lines[n][l] = '\0';
		lens[n] = l;
		n++;
	}
	r->line_count = n;
	if (n < 2) {
		mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, 0, 0,
		              n == 0 ? "no text: an MRZ has 2 or 3 lines"
		                     : "only 1 line of text: an MRZ has 2 or 3 lines");
		return MRZ_ERR_NOT_MRZ;
	}
	if (n == 3) {
		for (int k = 0; k < 3; k++) {
			if (lens[k] != 30) {
				mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, k + 1, 0,
				              "line %d has %zu characters: a 3-line MRZ (TD1) has 30 on each line",
				              k + 1, lens[k]);
				return MRZ_ERR_NOT_MRZ;
			}
		}
		r->format = MRZ_TD1;
	} else {
		bool ok0 = lens[0] == 36 || lens[0] == 44;
		bool ok1 = lens[1] == 36 || lens[1] == 44;
		if (!ok0 && !ok1) {
			mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, 1, 0,
			              "lines have %zu and %zu characters: a 2-line MRZ has 36 (TD2, MRV-B) or 44 (TD3, MRV-A) on each line",
			              lens[0], lens[1]);
			return MRZ_ERR_NOT_MRZ;
		}
		if (lens[0] != lens[1]) {
			int bad = ok0 ? 2 : 1;
			mrz_issue_add(r, MRZ_ERR_NOT_MRZ, false, bad, 0,
			              "line %d has %zu characters, expected %zu like line %d",
			              bad, lens[bad - 1], ok0 ? lens[0] : lens[1], 3 - bad);
			return MRZ_ERR_NOT_MRZ;
		}
		bool visa = r->lines[0][0] == 'V';
		if (lens[0] == 44)
			r->format = visa ? MRZ_MRVA : MRZ_TD3;
		else
			r->format = visa ? MRZ_MRVB : MRZ_TD2;
	}
	for (int k = 0; k < n; k++) {
		for (size_t c = 0; c < lens[k]; c++) {
			char ch = r->lines[k][c];
			if (mrz_char_value(ch) < 0) {
				if (ch >= 0x20 && ch < 0x7f)
					mrz_issue_add(r, MRZ_ERR_BAD_CHAR, false, k + 1, (int)c + 1,
					              "line %d column %zu: '%c' is not 0-9, A-Z or '<'",
					              k + 1, c + 1, ch);
				else
					mrz_issue_add(r, MRZ_ERR_BAD_CHAR, false, k + 1, (int)c + 1,
					              "line %d column %zu: byte 0x%02X is not 0-9, A-Z or '<'",
					              k + 1, c + 1, (unsigned)(unsigned char)ch);
				return MRZ_ERR_BAD_CHAR;
			}
		}
	}
	return MRZ_OK;
}

/* ---- layouts ----------------------------------------------------------- */

/* 0-based (line, column) of each field.  col < 0: absent. */
struct mrz_layout {
	int doc_line, doc_col, doc_check;   /* 9 characters, then the digit */
	int nat_line, nat_col;
	int date_line, birth_col, sex_col, expiry_col; /* each date: 6 + digit */
	int name_line, name_col, name_width;
	int opt_line, opt_col, opt_len;
	int opt2_line, opt2_col, opt2_len;
	int opt_check_col;                  /* TD3 only, on date_line */
	int composite_line, composite_col;
};

static const struct mrz_layout layout_td1 = {
	0, 5, 14, 1, 15, 1, 0, 7, 8, 2, 0, 30, 0, 15, 15, 1, 18, 11, -1, 1, 29,
};
static const struct mrz_layout layout_td2 = {
	1, 0, 9, 1, 10, 1, 13, 20, 21, 0, 5, 31, 1, 28, 7, -1, -1, 0, -1, 1, 35,
};
static const struct mrz_layout layout_td3 = {
	1, 0, 9, 1, 10, 1, 13, 20, 21, 0, 5, 39, 1, 28, 14, -1, -1, 0, 42, 1, 43,
};
static const struct mrz_layout layout_mrva = {
	1, 0, 9, 1, 10, 1, 13, 20, 21, 0, 5, 39, 1, 28, 16, -1, -1, 0, -1, -1, -1,
};
static const struct mrz_layout layout_mrvb = {
	1, 0, 9, 1, 10, 1, 13, 20, 21, 0, 5, 31, 1, 28, 8, -1, -1, 0, -1, -1, -1,
};

static const struct mrz_layout *layout_of(enum mrz_format f)
{
	switch (f) {
	case MRZ_TD1: return &layout_td1;
	case MRZ_TD2: return &layout_td2;
	case MRZ_TD3: return &layout_td3;
	case MRZ_MRVA: return &layout_mrva;
	case MRZ_MRVB: return &layout_mrvb;
	case MRZ_FORMAT_UNKNOWN: break;
	}
	return NULL;
}

/* Composite ranges (Part 3 4.9, parts 4 to 6): (line, first col, count). */
struct mrz_span { int line, col, len; };
static const struct mrz_span composite_td1[] = {
	{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11},
};
static const struct mrz_span composite_td2[] = {
	{1, 0, 10}, {1, 13, 7}, {1, 21, 14},
};
static const struct mrz_span composite_td3[] = {
	{1, 0, 10}, {1, 13, 7}, {1, 21, 22},
};

enum mrz_ftype mrz_position_type(enum mrz_format f, int line, int col)
{
	const struct mrz_layout *L = layout_of(f);
	if (!L || line < 0 || col < 0 || line >= mrz_format_lines(f) ||
	    col >= mrz_format_width(f))
		return MRZ_F_NONE;
	if (line == 0 && col < 2)
		return MRZ_F_ALPHA;          /* document code */
	if (line == 0 && col < 5)
		return MRZ_F_ALPHA;          /* issuing state */
	if (line == L->name_line && col >= L->name_col &&
	    col < L->name_col + L->name_width)
		return MRZ_F_NAME;
	if (line == L->doc_line && col >= L->doc_col && col < L->doc_col + 9)
		return MRZ_F_ALNUM;
	if (line == L->doc_line && col == L->doc_check)
		return MRZ_F_DIGIT;          /* '<' too for a long number */
	if (line == L->nat_line && col >= L->nat_col && col < L->nat_col + 3)
		return MRZ_F_ALPHA;
	if (line == L->date_line) {
		if (col >= L->birth_col && col < L->birth_col + 6)
			return MRZ_F_DATE;
		if (col == L->birth_col + 6 || col == L->expiry_col + 6)
			return MRZ_F_DIGIT;
		if (col >= L->expiry_col && col < L->expiry_col + 6)
			return MRZ_F_DATE;
		if (col == L->sex_col)
			return MRZ_F_SEX;
		if (col == L->opt_check_col || col == L->composite_col)
			return MRZ_F_DIGIT;
	}
	if (line == L->composite_line && col == L->composite_col)
		return MRZ_F_DIGIT;
	if (line == L->opt_line && col >= L->opt_col && col < L->opt_col + L->opt_len)
		return MRZ_F_ALNUM;
	if (line == L->opt2_line && col >= L->opt2_col && col < L->opt2_col + L->opt2_len)
		return MRZ_F_ALNUM;
	return MRZ_F_NONE;
}

/* ---- check digits ------------------------------------------------------ */

/* The 7-3-1 sum of n characters whose first has weight index w0. */
static int sum731(const char *s, int n, int w0)
{
	static const int weights[3] = {7, 3, 1};
	int sum = 0;
	for (int i = 0; i < n; i++) {
		int v = mrz_char_value(s[i]);
		if (v < 0)
			v = 0;  /* lines are checked for the alphabet before */
		sum += v * weights[(w0 + i) % 3];
	}
	return sum;
}

static char digit_of(int sum) { return (char)('0' + sum % 10); }

/* Every check digit of a format, evaluated on lines. */
struct mrz_eval {
	struct mrz_check checks[MRZ_CHECK_COUNT];
	bool long_number;        /* TD1/TD2 number continued in optional data */
	bool long_filler_included;
	int long_end;            /* column after the long number's check digit */
};

static void check_set(struct mrz_check *c, char expected, char found,
                      int line, int col)
{
	c->present = true;
	c->expected = expected;
	c->found = found;
	c->valid = is_digit(found) && found == expected;
	c->line = line + 1;
	c->column = col + 1;
}

static void eval_checks(enum mrz_format f, char lines[][MRZ_MAX_LINE + 1],
                        struct mrz_eval *e)
{
	const struct mrz_layout *L = layout_of(f);
	memset(e, 0, sizeof *e);
	if (!L)
		return;
	const char *dl = lines[L->doc_line];
	const char *tl = lines[L->date_line];

	/* Document number, long form where the check position holds '<'
	 * and the optional data continues the number (parts 5 and 6, note j). */
	if ((f == MRZ_TD1 || f == MRZ_TD2) && dl[L->doc_check] == '<' &&
	    lines[L->opt_line][L->opt_col] != '<') {
		const char *ol = lines[L->opt_line];
		int end = L->opt_col + L->opt_len;
		int k = L->opt_col;
		while (k < end && ol[k] != '<')
			k++;
		int digit_col = k - 1;   /* the last character before the filler */
		int cont = digit_col - L->opt_col;
		int s9 = sum731(dl + L->doc_col, 9, 0);
		char excluded = digit_of(s9 + sum731(ol + L->opt_col, cont, 9));
		char included = digit_of(s9 + sum731(ol + L->opt_col, cont, 10));
		char found = ol[digit_col];
		e->long_number = true;
		e->long_end = digit_col + 1;
		check_set(&e->checks[MRZ_CHECK_DOCUMENT_NUMBER], excluded, found,
		          L->opt_line, digit_col);
		if (!e->checks[MRZ_CHECK_DOCUMENT_NUMBER].valid && found == included &&
		    is_digit(found)) {
			e->checks[MRZ_CHECK_DOCUMENT_NUMBER].expected = included;
			e->checks[MRZ_CHECK_DOCUMENT_NUMBER].valid = true;
			e->long_filler_included = true;
		}
	} else {
		check_set(&e->checks[MRZ_CHECK_DOCUMENT_NUMBER],
		          digit_of(sum731(dl + L->doc_col, 9, 0)), dl[L->doc_check],
		          L->doc_line, L->doc_check);
	}
	check_set(&e->checks[MRZ_CHECK_BIRTH_DATE],
	          digit_of(sum731(tl + L->birth_col, 6, 0)), tl[L->birth_col + 6],
	          L->date_line, L->birth_col + 6);
	check_set(&e->checks[MRZ_CHECK_EXPIRY_DATE],
	          digit_of(sum731(tl + L->expiry_col, 6, 0)), tl[L->expiry_col + 6],
	          L->date_line, L->expiry_col + 6);

	if (L->opt_check_col >= 0) {
		/* TD3 personal number: an empty one may carry '<' or '0'. */
		struct mrz_check *c = &e->checks[MRZ_CHECK_OPTIONAL_DATA];
		char found = tl[L->opt_check_col];
		check_set(c, digit_of(sum731(tl + L->opt_col, L->opt_len, 0)), found,
		          L->date_line, L->opt_check_col);
		bool empty = true;
		for (int i = 0; i < L->opt_len; i++)
			empty = empty && tl[L->opt_col + i] == '<';
		if (empty && (found == '<' || found == '0'))
			c->valid = true;
	}

	const struct mrz_span *spans = NULL;
	size_t nspans = 0;
	if (f == MRZ_TD1) {
		spans = composite_td1;
		nspans = sizeof composite_td1 / sizeof composite_td1[0];
	} else if (f == MRZ_TD2) {
		spans = composite_td2;
		nspans = sizeof composite_td2 / sizeof composite_td2[0];
	} else if (f == MRZ_TD3) {
		spans = composite_td3;
		nspans = sizeof composite_td3 / sizeof composite_td3[0];
	}
	if (spans) {
		int sum = 0, w = 0;
		for (size_t i = 0; i < nspans; i++) {
			sum += sum731(lines[spans[i].line] + spans[i].col, spans[i].len, w);
			w += spans[i].len;
		}
		check_set(&e->checks[MRZ_CHECK_COMPOSITE], digit_of(sum),
		          lines[L->composite_line][L->composite_col],
		          L->composite_line, L->composite_col);
	}
}

bool mrz_checks_hold(enum mrz_format f, char lines[][MRZ_MAX_LINE + 1])
{
	struct mrz_eval e;
	eval_checks(f, lines, &e);
	for (int i = 0; i < MRZ_CHECK_COUNT; i++)
		if (e.checks[i].present && !e.checks[i].valid)
			return false;
	return true;
}

/* ---- dates ------------------------------------------------------------- */

void mrz_civil_from_days(long z, int *y, int *m, int *d)
{
	/* Howard Hinnant's days_from_civil inverse, proleptic Gregorian. */
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

struct today { int y, m, d; };

static void today_get(const struct mrz_options *o, struct today *t)
{
	if (o && o->today_year > 0) {
		t->y = o->today_year;
		t->m = o->today_month > 0 ? o->today_month : 1;
		t->d = o->today_day > 0 ? o->today_day : 1;
		return;
	}
	time_t now = time(NULL);
	long days = (long)(now / 86400);
	mrz_civil_from_days(days, &t->y, &t->m, &t->d);
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && y != 0 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	if (m == 2 && y == 0)
		return 29;  /* year unknown: allow the 29th */
	return dm[m - 1];
}

/* A pair of characters: 0-99, -1 for "<<", -2 for anything else. */
static int pair_value(const char *s)
{
	if (is_digit(s[0]) && is_digit(s[1]))
		return (s[0] - '0') * 10 + (s[1] - '0');
	if (s[0] == '<' && s[1] == '<')
		return -1;
	return -2;
}

static void date_parse(struct mrz_result *r, const char *s, bool birth,
                       const struct today *t, int line, int col,
                       struct mrz_date *out)
{
	const char *what = birth ? "birth date" : "expiry date";
	memcpy(out->raw, s, 6);
	out->raw[6] = '\0';
	int yy = pair_value(s), mm = pair_value(s + 2), dd = pair_value(s + 4);
	if (yy == -1 && mm == -1 && dd == -1)
		return;  /* unknown birth date, or a document without expiry */
	bool shape = yy >= 0 && mm != -2 && dd != -2 && !(mm == -1 && dd >= 0);
	if (!birth && (mm < 0 || dd < 0))
		shape = false;
	if (!shape) {
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + 1,
		              "%s '%.6s' (line %d, columns %d-%d) is not YYMMDD%s",
		              what, s, line + 1, col + 1, col + 6,
		              birth ? " ('<<' for an unknown month or day)" : "");
		return;
	}
	int cent = t->y / 100 * 100;
	int y = cent + yy;
	if (birth) {
		/* The most recent year that does not put the birth after today. */
		if (y > t->y || (y == t->y && mm > 0 &&
		                 (mm > t->m || (mm == t->m && dd > t->d))))
			y -= 100;
	} else {
		if (y > t->y + MRZ_EXPIRY_WINDOW_YEARS)
			y -= 100;
		else if (y <= t->y + MRZ_EXPIRY_WINDOW_YEARS - 100)
			y += 100;
	}
	out->year = y;
	if (mm > 0 && mm <= 12)
		out->month = mm;
	if (mm == 0 || mm > 12) {
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + 3,
		              "%s '%.6s' (line %d, columns %d-%d): month %02d does not exist",
		              what, s, line + 1, col + 1, col + 6, mm);
		return;
	}
	if (dd < 0)
		return;
	if (mm < 0 || dd == 0 || dd > days_in_month(y, mm)) {
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + 5,
		              "%s '%.6s' (line %d, columns %d-%d): day %02d does not exist in that month",
		              what, s, line + 1, col + 1, col + 6, dd);
		return;
	}
	out->day = dd;
}

/* ---- codes and names --------------------------------------------------- */

/* Copies n characters dropping every '<'. */
static void copy_code(char *dst, const char *src, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (src[i] != '<')
			dst[k++] = src[i];
	dst[k] = '\0';
}

/* Copies n characters dropping trailing '<'. */
static void copy_trimmed(char *dst, const char *src, int n)
{
	while (n > 0 && src[n - 1] == '<')
		n--;
	memcpy(dst, src, (size_t)n);
	dst[n] = '\0';
}

static void state_check(struct mrz_result *r, const char *field, int line,
                        int col, const char *what, char *code, bool *known)
{
	copy_code(code, field, 3);
	bool shape = is_letter(field[0]);
	for (int i = 1; i < 3; i++)
		shape = shape && (is_letter(field[i]) ||
		                  (field[i] == '<' && (i == 2 || field[i + 1] == '<')));
	*known = shape && mrz_state_code_known(code);
	if (!*known)
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + 1,
		              "%s '%.3s' (line %d, columns %d-%d) is not in the ICAO 9303 list of state codes",
		              what, field, line + 1, col + 1, col + 3);
}

/* '<' runs to single spaces, no leading or trailing space. */
static void name_part(char *dst, const char *src, int n)
{
	int k = 0;
	bool gap = false;
	for (int i = 0; i < n; i++) {
		if (src[i] == '<') {
			gap = k > 0;
			continue;
		}
		if (gap)
			dst[k++] = ' ';
		gap = false;
		dst[k++] = src[i];
	}
	dst[k] = '\0';
}

static void name_parse(struct mrz_result *r, const char *f, int w, int line,
                       int col)
{
	int p = 0;
	while (p + 1 < w && !(f[p] == '<' && f[p + 1] == '<'))
		p++;
	if (p + 1 >= w) {
		name_part(r->surname, f, w);
	} else {
		name_part(r->surname, f, p);
		name_part(r->given_names, f + p + 2, w - p - 2);
	}
	r->name_truncated = is_letter(f[w - 1]);
	for (int i = 0; i < w; i++) {
		if (is_digit(f[i])) {
			mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + i + 1,
			              "name has the digit '%c' at line %d column %d: names have none (misread? names are never corrected: rescan)",
			              f[i], line + 1, col + i + 1);
			break;
		}
	}
	if (r->surname[0] == '\0' && r->given_names[0] == '\0')
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, line + 1, col + 1,
		              "the name field (line %d) is empty", line + 1);
	/* Fillers read as K: "...<KKKK" at the end of the field. */
	int k = w;
	while (k > 0 && f[k - 1] == 'K')
		k--;
	if (w - k >= 3 && k > 0 && f[k - 1] == '<')
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, true, line + 1, col + k + 1,
		              "name ends in %d K at line %d column %d: may be fillers '<' read as K (names are never corrected)",
		              w - k, line + 1, col + k + 1);
}

/* ---- the fields -------------------------------------------------------- */

static const char *check_names[MRZ_CHECK_COUNT] = {
	"document number", "birth date", "expiry date", "personal number",
	"composite",
};

enum mrz_err mrz_fields_parse(struct mrz_result *r, const struct mrz_options *opts)
{
	const struct mrz_layout *L = layout_of(r->format);
	if (!L)
		return MRZ_ERR_NOT_MRZ;
	struct today t;
	today_get(opts, &t);
	char (*ln)[MRZ_MAX_LINE + 1] = r->lines;

	struct mrz_eval e;
	eval_checks(r->format, ln, &e);
	memcpy(r->checks, e.checks, sizeof r->checks);

	/* Document code. */
	copy_code(r->document_code, ln[0], 2);
	char c0 = ln[0][0], c1 = ln[0][1];
	if (!is_letter(c0) || !(is_letter(c1) || c1 == '<')) {
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, 1, 1,
		              "document code '%c%c' (line 1, columns 1-2) is not a letter and a letter or '<'",
		              c0, c1);
	} else if ((r->format == MRZ_TD3 && c0 != 'P') ||
	           ((r->format == MRZ_TD1 || r->format == MRZ_TD2) &&
	            ((c0 != 'A' && c0 != 'C' && c0 != 'I') || c1 == 'V'))) {
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, true, 1, 1,
		              "document code '%c%c' is not an ICAO %s code (%s); read as a national variant",
		              c0, c1, mrz_format_name(r->format),
		              r->format == MRZ_TD3 ? "P first" : "A, C or I first, no V second");
	}

	state_check(r, ln[0] + 2, 0, 2, "issuing state", r->issuing_state,
	            &r->issuing_state_known);
	state_check(r, ln[L->nat_line] + L->nat_col, L->nat_line, L->nat_col,
	            "nationality", r->nationality, &r->nationality_known);

	/* Document number. */
	const char *dl = ln[L->doc_line] + L->doc_col;
	if (e.long_number) {
		const char *ol = ln[L->opt_line];
		int cont = e.long_end - 1 - L->opt_col;
		char buf[9 + MRZ_MAX_OPTIONAL + 1];
		memcpy(buf, dl, 9);
		memcpy(buf + 9, ol + L->opt_col, (size_t)cont);
		copy_trimmed(r->document_number, buf, 9 + cont);
		r->document_number_long = true;
		r->document_number_long_filler_included = e.long_filler_included;
		r->document_number_check = ol[e.long_end - 1];
		copy_trimmed(r->optional_data, ol + e.long_end,
		             L->opt_col + L->opt_len - e.long_end);
		if (e.long_filler_included)
			mrz_issue_add(r, MRZ_ERR_CHECK_DIGIT, true, L->opt_line + 1, e.long_end,
			              "long document number: its check digit holds only with the '<' at line %d column %d included (a minority reading)",
			              L->doc_line + 1, L->doc_check + 1);
	} else {
		copy_trimmed(r->document_number, dl, 9);
		r->document_number_check = ln[L->doc_line][L->doc_check];
		copy_trimmed(r->optional_data, ln[L->opt_line] + L->opt_col, L->opt_len);
	}
	if (L->opt2_col >= 0)
		copy_trimmed(r->optional_data_2, ln[L->opt2_line] + L->opt2_col,
		             L->opt2_len);
	if (r->document_number[0] == '\0')
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, L->doc_line + 1, L->doc_col + 1,
		              "the document number (line %d, columns %d-%d) is empty",
		              L->doc_line + 1, L->doc_col + 1, L->doc_col + 9);

	/* Dates and sex. */
	const char *tl = ln[L->date_line];
	date_parse(r, tl + L->birth_col, true, &t, L->date_line, L->birth_col,
	           &r->birth_date);
	r->birth_date_check = tl[L->birth_col + 6];
	date_parse(r, tl + L->expiry_col, false, &t, L->date_line, L->expiry_col,
	           &r->expiry_date);
	r->expiry_date_check = tl[L->expiry_col + 6];
	char sx = tl[L->sex_col];
	r->sex = sx;
	if (sx != 'M' && sx != 'F' && sx != 'X' && sx != '<')
		mrz_issue_add(r, MRZ_ERR_BAD_FIELD, false, L->date_line + 1, L->sex_col + 1,
		              "sex at line %d column %d is '%c': expected M, F, X or <",
		              L->date_line + 1, L->sex_col + 1, printable(sx));

	name_parse(r, ln[L->name_line] + L->name_col, L->name_width, L->name_line,
	           L->name_col);

	bool checks_ok = true;
	for (int i = 0; i < MRZ_CHECK_COUNT; i++) {
		const struct mrz_check *c = &r->checks[i];
		if (!c->present || c->valid)
			continue;
		checks_ok = false;
		mrz_issue_add(r, MRZ_ERR_CHECK_DIGIT, false, c->line, c->column,
		              "%s check digit (line %d column %d): expected %c, found %c",
		              check_names[i], c->line, c->column, c->expected,
		              printable(c->found));
	}
	bool fields_ok = true;
	for (int i = 0; i < r->issue_count; i++)
		if (!r->issues[i].warning && r->issues[i].err == MRZ_ERR_BAD_FIELD)
			fields_ok = false;
	r->valid = checks_ok && fields_ok;
	if (!checks_ok)
		return MRZ_ERR_CHECK_DIGIT;
	return fields_ok ? MRZ_OK : MRZ_ERR_BAD_FIELD;
}

enum mrz_err mrz_parse(const char *text, size_t len,
                       const struct mrz_options *opts, struct mrz_result *out)
{
	if (!out)
		return MRZ_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!text) {
		mrz_issue_add(out, MRZ_ERR_ARG, false, 0, 0, "no text given");
		return MRZ_ERR_ARG;
	}
	enum mrz_err err = mrz_lines_split(text, len, out);
	if (err != MRZ_OK)
		return err;
	return mrz_fields_parse(out, opts);
}
