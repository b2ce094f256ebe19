/* mrz_int.h - private to mrz/: what the parser, the repairer and the
 * transliterator share.  Not installed, not for other parts. */
#ifndef ID06_MRZ_INT_H
#define ID06_MRZ_INT_H

#include "mrz.h"

/* Value of one MRZ character for the 7-3-1 sum, -1 outside the alphabet. */
int mrz_char_value(char c);

/* Records a problem in r->issues (dropped silently past MRZ_MAX_ISSUES,
 * issue_overflow says so).  line/column 1-based, 0 when not about one. */
void mrz_issue_add(struct mrz_result *r, enum mrz_err err, bool warning,
                   int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Splits text into normalized lines (blank lines and surrounding blanks
 * dropped, CR removed, lower case raised).  Returns MRZ_OK, NOT_MRZ (line
 * count or lengths) or BAD_CHAR, with an issue in r either way.  On OK,
 * r->lines, r->line_count and r->format (TD3 vs MRV decided later) hold. */
enum mrz_err mrz_lines_split(const char *text, size_t len, struct mrz_result *r);

/* Parses r->lines (already split and checked for length and alphabet)
 * into the fields of r.  The rest of r must be empty. */
enum mrz_err mrz_fields_parse(struct mrz_result *r, const struct mrz_options *opts);

/* Positions (0-based line, column) of each field of a format, shared by the
 * parser and the repairer. */
enum mrz_ftype {
	MRZ_F_NONE = 0,   /* not checked or never changed: codes, sex, names */
	MRZ_F_NAME,       /* a name: never changed by repair */
	MRZ_F_ALPHA,      /* letters and '<' (state codes, document code) */
	MRZ_F_DIGIT,      /* a check digit: '0'-'9' ('<' where allowed) */
	MRZ_F_DATE,       /* '0'-'9' or '<' */
	MRZ_F_ALNUM,      /* document number, optional data */
	MRZ_F_SEX,
};

/* The type of each position of a format (lines x columns), 0-based. */
enum mrz_ftype mrz_position_type(enum mrz_format f, int line, int column);

/* Evaluates every check digit of lines in format f: true when all hold
 * (with the TD3 empty personal number and the long document number rules). */
bool mrz_checks_hold(enum mrz_format f, char lines[][MRZ_MAX_LINE + 1]);

/* The line length of a format: 30, 36 or 44. */
int mrz_format_width(enum mrz_format f);
int mrz_format_lines(enum mrz_format f);

/* Overwrites n bytes so the stores survive optimisation (personal data
 * in scratch buffers). */
void mrz_wipe(void *p, size_t n);

/* Days since 1970-01-01 to a civil date and back (proleptic Gregorian). */
void mrz_civil_from_days(long days, int *y, int *m, int *d);

#endif
