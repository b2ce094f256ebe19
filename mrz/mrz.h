/* mrz.h - the machine readable zone of travel documents (ICAO Doc 9303
 * parts 3 to 7): parse and validate MRZ text, repair OCR confusions that the
 * check digits make certain, and transliterate names into MRZ form.
 *
 * Pure C11, no dependencies, no allocation: every result is a plain struct
 * with fixed arrays.  Nothing here prints or logs; the caller decides what a
 * person sees.  The image reader (mrz_reader_*) lives in mrz_read.h. */
#ifndef ID06_MRZ_H
#define ID06_MRZ_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mrz_err {
	MRZ_OK = 0,
	MRZ_ERR_NOT_MRZ,      /* line count or lengths fit no MRZ format */
	MRZ_ERR_BAD_CHAR,     /* a character outside 0-9 A-Z < */
	MRZ_ERR_CHECK_DIGIT,  /* an MRZ, but at least one check digit fails */
	MRZ_ERR_BAD_FIELD,    /* an MRZ, but a field has an impossible value */
	MRZ_ERR_TOO_LONG,     /* input or output exceeds its buffer */
	MRZ_ERR_BAD_UTF8,     /* transliteration input is not valid UTF-8 */
	MRZ_ERR_UNMAPPED,     /* a character ICAO gives no transliteration for */
	MRZ_ERR_ARG,          /* a NULL or otherwise unusable argument */
};

/* Words a person can act on; never NULL. */
const char *mrz_err_str(enum mrz_err err);

enum mrz_format {
	MRZ_FORMAT_UNKNOWN = 0,
	MRZ_TD1,   /* 3 x 30, ID card */
	MRZ_TD2,   /* 2 x 36, ID card */
	MRZ_TD3,   /* 2 x 44, passport */
	MRZ_MRVA,  /* 2 x 44, visa */
	MRZ_MRVB,  /* 2 x 36, visa */
};

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B" or "unknown". */
const char *mrz_format_name(enum mrz_format format);

#define MRZ_MAX_LINES 3
#define MRZ_MAX_LINE 44
/* The longest document number: 9 + the 15 optional characters of TD1. */
#define MRZ_MAX_DOCNUM 24
#define MRZ_MAX_NAME 40
#define MRZ_MAX_OPTIONAL 16
#define MRZ_MAX_ISSUES 16
#define MRZ_MAX_CORRECTIONS 16

/* A date as printed (YYMMDD) and as read.  year/month/day are 0 where the
 * MRZ has '<' (an unknown birth day or month is represented, never guessed). */
struct mrz_date {
	char raw[7];  /* YYMMDD as printed, NUL-terminated */
	int year;     /* four digits after the century rule, 0 if unknown */
	int month;    /* 1-12, 0 if unknown */
	int day;      /* 1-31, 0 if unknown */
};

/* One check digit: where it sits and whether it holds. */
enum mrz_check_id {
	MRZ_CHECK_DOCUMENT_NUMBER = 0,
	MRZ_CHECK_BIRTH_DATE,
	MRZ_CHECK_EXPIRY_DATE,
	MRZ_CHECK_OPTIONAL_DATA,  /* TD3 personal number only */
	MRZ_CHECK_COMPOSITE,      /* none on visas */
	MRZ_CHECK_COUNT
};

struct mrz_check {
	bool present;   /* false where the format has no such digit */
	bool valid;
	char expected;  /* the digit computed from the field */
	char found;     /* the character printed */
	int line;       /* 1-based line and column of the digit */
	int column;
};

/* A character changed by mrz_repair(): where, from what, to what. */
struct mrz_correction {
	int line;       /* 1-based */
	int column;     /* 1-based */
	char from;
	char to;
};

/* A problem found while parsing, for a message that says which line,
 * which field, expected versus found. */
struct mrz_issue {
	enum mrz_err err;
	bool warning;      /* noted for a person, does not make the MRZ invalid */
	int line;          /* 1-based, 0 when not about one line */
	int column;        /* 1-based, 0 when not about one place */
	char text[128];    /* e.g. "birth date check digit: expected 3, found 4" */
};

struct mrz_result {
	enum mrz_format format;
	int line_count;
	char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1]; /* normalized text */

	char document_code[3];      /* "P", "ID", "I<" -> "I", fillers removed */
	char issuing_state[4];      /* "UTO", "D" (fillers removed) */
	char nationality[4];
	bool issuing_state_known;   /* in the ICAO 9303 part 3 code list */
	bool nationality_known;

	/* The whole document number, TD1/TD2 long numbers joined from the
	 * optional data.  document_number_check is the digit that protects it
	 * (for long numbers the one in the optional data). */
	char document_number[MRZ_MAX_DOCNUM + 1];
	char document_number_check;
	bool document_number_long;
	/* For a long number: whether its check digit validated with the '<' of
	 * position 15 included (a minority reading, accepted and reported). */
	bool document_number_long_filler_included;

	struct mrz_date birth_date;
	char birth_date_check;
	struct mrz_date expiry_date;
	char expiry_date_check;
	char sex;                   /* 'M', 'F', 'X' or '<' */

	char surname[MRZ_MAX_NAME + 1];      /* primary identifier, '<' -> ' ' */
	char given_names[MRZ_MAX_NAME + 1];  /* secondary identifier */
	bool name_truncated;        /* the name field ends in a letter */

	char optional_data[MRZ_MAX_OPTIONAL + 1];   /* TD3 personal number, TD1 line 1 */
	char optional_data_2[MRZ_MAX_OPTIONAL + 1]; /* TD1 line 2 */

	struct mrz_check checks[MRZ_CHECK_COUNT];
	bool valid;  /* every check digit present holds and every field is possible */

	int issue_count;
	struct mrz_issue issues[MRZ_MAX_ISSUES];
	int correction_count;       /* filled by mrz_repair() only */
	struct mrz_correction corrections[MRZ_MAX_CORRECTIONS];
};

/* The reference date for the century rule: birth dates are the most recent
 * year not after it, expiry dates fall within MRZ_EXPIRY_WINDOW_YEARS after
 * it (otherwise the century before).  0 means "today" (the system clock). */
#define MRZ_EXPIRY_WINDOW_YEARS 50
struct mrz_options {
	int today_year, today_month, today_day;
};

/* Parses MRZ text: 2 or 3 lines separated by '\n' (CR, surrounding blanks
 * and lower case tolerated).  *out is emptied on entry and filled as far as
 * the text allows.  Returns MRZ_OK when every check holds, MRZ_ERR_CHECK_DIGIT
 * or MRZ_ERR_BAD_FIELD when the text is an MRZ with problems (see
 * out->issues), MRZ_ERR_NOT_MRZ or MRZ_ERR_BAD_CHAR when it is not an MRZ.
 * opts may be NULL.  text is borrowed for the call. */
enum mrz_err mrz_parse(const char *text, size_t len,
                       const struct mrz_options *opts, struct mrz_result *out);

/* Like mrz_parse(), then fixes OCR confusions (0/O/Q/D, 1/I/L, 2/Z, 4/A,
 * 5/S, 6/G, 7/T, 8/B, '<'/K/S/C/E/L) only where they are certain:
 *  - a character the field type forbids (a letter in a date or check digit)
 *    is replaced by its confusions that the type allows;
 *  - where check digits still fail, up to two confusable characters of the
 *    check-protected alphanumeric fields (document number, optional data)
 *    may change as well;
 *  - the fewest changes that make every check digit hold are made, and
 *    only when exactly one set of that size does.  Otherwise nothing
 *    changes and an issue says why (ambiguous, or no fix found).
 * A state code outside the ICAO list whose digits have exactly one letter
 * reading in the list is fixed too.  Names, the document code, sex and the
 * unprotected visa optional data are never changed; a suspicious name
 * (a digit, trailing K) is reported.  6/G and K/'<' weigh the same modulo
 * 10, so check digits can never decide between them: such characters are
 * changed only where the type forces it.  Every change is listed in
 * out->corrections; out->lines hold the repaired text. */
enum mrz_err mrz_repair(const char *text, size_t len,
                        const struct mrz_options *opts, struct mrz_result *out);

/* What an OCR engine saw at one position: its best reading first, then
 * the alternatives it considered, each with a confidence (0 to 1). */
#define MRZ_MAX_ALTERNATIVES 4
struct mrz_ocr_char {
	char c[MRZ_MAX_ALTERNATIVES];          /* c[0] is the best reading */
	float confidence[MRZ_MAX_ALTERNATIVES];
	int count;                             /* 1 to MRZ_MAX_ALTERNATIVES */
};

/* A whole MRZ as the OCR saw it: line_count lines of length[i] positions. */
struct mrz_ocr_text {
	int line_count;
	int length[MRZ_MAX_LINES];
	struct mrz_ocr_char chars[MRZ_MAX_LINES][MRZ_MAX_LINE];
};

/* mrz_repair() for an OCR engine's per-position alternatives: the best
 * readings form the text; each position may take, besides the usual
 * confusions, any of its alternatives whose confidence is above zero and
 * that the field type allows.  The same rule decides: the fewest changes
 * that make every check digit hold, made only when exactly one set of
 * that size does; names never change.  Confidences order nothing and break
 * no ties: an ambiguity is reported, not resolved.  ocr is borrowed. */
enum mrz_err mrz_repair_ocr(const struct mrz_ocr_text *ocr,
                            const struct mrz_options *opts,
                            struct mrz_result *out);

/* The ICAO 7-3-1 check digit of n characters: '0'..'9', or 0 when a
 * character is outside the MRZ alphabet. */
char mrz_check_digit(const char *s, size_t n);

/* Whether code (1-3 letters, fillers removed) is in the ICAO 9303 part 3
 * list of states, organizations and special codes (UTO included). */
bool mrz_state_code_known(const char *code);

/* Transliteration of a name typed in UTF-8 into MRZ characters (part 3
 * section 6, table A for Latin, table B for Cyrillic). */
enum mrz_translit_variant {
	MRZ_TRANSLIT_RECOMMENDED = 0, /* Ä->AE, Å->AA, Ö->OE, Ü->UE, Ñ->N */
	MRZ_TRANSLIT_SIMPLE,          /* Ä->A, Å->A, Ö->O, Ü->U, Ñ->N */
	MRZ_TRANSLIT_REVERSIBLE,      /* Ä->AXX, Å->AXX, Ö->OXX, Ü->UXX, Ñ->NXX */
};

/* One name component (a surname or the given names) into MRZ form: upper
 * case A-Z with '<' between parts; apostrophes and periods dropped (parts
 * joined); spaces, hyphens and commas to '<'; a letter typed decomposed
 * (A + U+0308) is treated as the composed one.  Every letter of the
 * variant-free part of table A maps one way in all variants (Æ->AE, Ø->OE,
 * Þ->TH, ß->SS, Ł->L ...).  Cyrillic follows table B; lang is an ISO 639-1
 * hint for the national rules ("uk": Г->H, И->Y, Є/Ї/Й/Ю/Я with Y at the
 * start of a word, ЗГ->ZGH; "be": Г->H, Ё->IO; "sr": Ж->Z, Х->H, Ц->C,
 * Ч->C, Ш->S; "mk": Ѓ->GJ, Ќ->KJ, Џ->DJ, Х->H, Ц->C; "bg": Щ->SHT), or NULL
 * (the soft sign Ь, absent from table B, is dropped as Russian and
 * Ukrainian documents do).  MRZ_ERR_UNMAPPED for a digit or a character
 * the tables do not list (Greek, CJK ...), MRZ_ERR_BAD_UTF8, and
 * MRZ_ERR_TOO_LONG when out_cap is too small; out is then emptied.
 * utf8 is borrowed; out gets a NUL-terminated string. */
enum mrz_err mrz_transliterate(const char *utf8, const char *lang,
                               enum mrz_translit_variant variant,
                               char *out, size_t out_cap);

/* Every transliteration the standard allows for utf8 (at most max of them,
 * without duplicates), recommended first: the three variants, and for a
 * Cyrillic name without a lang hint each national rule set as well.
 * *count gets how many; MRZ_OK when at least one exists. */
enum mrz_err mrz_transliterate_all(const char *utf8, const char *lang,
                                   char out[][MRZ_MAX_NAME * 2 + 1], int max,
                                   int *count);

/* The name field as the issuing state would print it in width characters
 * (39 TD3, 31 TD2, 30 TD1), truncated per part 3 when too long.  surname
 * and given_names are already in MRZ form ('<' or ' ' between components).
 * Truncation, one letter at a time so the field stays full and ends in a
 * letter: the last secondary component longer than one letter first, down
 * to initials; then the primary components likewise; components are
 * dropped only when all are initials.  out_cap must hold width + 1.
 * MRZ_ERR_BAD_CHAR for characters outside A-Z. */
enum mrz_err mrz_name_field(const char *surname, const char *given_names,
                            int width, char *out, size_t out_cap);

/* Whether an MRZ name (as printed, possibly truncated) can stand for the
 * full name in MRZ form: equal component by component, or, when truncated
 * (the field ends in a letter), a truncation of it by the part 3 rules:
 * each printed component a non-empty prefix of the full one, in order,
 * trailing components possibly cut off, at least one letter of each
 * identifier the full name has.  Components may be separated by '<' or
 * ' ' on either side (struct mrz_result uses spaces). */
bool mrz_name_matches(const char *mrz_surname, const char *mrz_given,
                      bool truncated, const char *full_surname,
                      const char *full_given);

/* mrz_name_matches() for a name as typed in an order (UTF-8): true when
 * any transliteration the standard allows (mrz_transliterate_all) of the
 * surname and of the given names matches the MRZ name.  lang as for
 * mrz_transliterate() (NULL tries every Cyrillic rule set).  Nothing is
 * kept: the strings are borrowed for the call. */
bool mrz_name_matches_typed(const char *mrz_surname, const char *mrz_given,
                            bool truncated, const char *utf8_surname,
                            const char *utf8_given, const char *lang);

/* The result as one JSON object (the fields of `id06-mrz parse --json`),
 * NUL-terminated in buf.  MRZ_ERR_TOO_LONG when cap is too small. */
enum mrz_err mrz_result_json(const struct mrz_result *r, char *buf, size_t cap);

/* Overwrites everything in *r (it holds personal data). */
void mrz_result_wipe(struct mrz_result *r);

#ifdef __cplusplus
}
#endif

#endif
