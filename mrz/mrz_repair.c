/* mrz_repair.c - corrects OCR confusions where the field type and the check
 * digits make the correction certain (the rule is documented at
 * mrz_repair() in mrz.h).  Works on a copy of the lines; the result is the
 * parse of the repaired lines plus the list of corrections. */
#include <stdio.h>
#include <string.h>

#include "mrz_int.h"

#define MAX_ALT 10
/* Forced combinations and check evaluations tried before giving up. */
#define MAX_FORCED_COMBOS 64
#define MAX_EVALS 200000L

struct rpos {
	int line, col;
	char alt[MAX_ALT];
	int nalt;
};

struct rplan {
	enum mrz_format format;
	char work[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	struct rpos forced[MRZ_MAX_CORRECTIONS];
	int nforced;
	struct rpos optional[MRZ_MAX_LINES * MRZ_MAX_LINE];
	int noptional;
	bool unfixable;     /* a forbidden character with no allowed reading */
	bool too_many;      /* more forbidden characters than corrections fit */
	long evals;
	/* Solutions of the smallest size found so far. */
	int solutions;
	char first[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	char second[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
};

/* The usual OCR confusions of OCR-B: what a character may really be. */
static const char *confusions(char c)
{
	switch (c) {
	case 'O': return "0";
	case 'Q': return "0";
	case 'D': return "0";
	case 'I': return "1";
	case 'L': return "1<";
	case 'Z': return "2";
	case 'A': return "4";
	case 'S': return "5<";
	case 'G': return "6";
	case 'T': return "7";
	case 'B': return "8";
	case 'K': return "<";
	case 'C': return "<";
	case 'E': return "<";
	case '0': return "ODQ";
	case '1': return "IL";
	case '2': return "Z";
	case '4': return "A";
	case '5': return "S";
	case '6': return "G";
	case '7': return "T";
	case '8': return "B";
	default: return "";
	}
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

/* Check digit positions where '<' is a legal value: the TD3 personal
 * number check (empty number) and the long-number marker of TD1/TD2. */
static bool filler_allowed(enum mrz_format f, int line, int col)
{
	if (f == MRZ_TD3)
		return line == 1 && col == 42;
	if (f == MRZ_TD1)
		return line == 0 && col == 14;
	if (f == MRZ_TD2)
		return line == 1 && col == 9;
	return false;
}

static bool type_allows(enum mrz_ftype t, char c, bool filler_ok)
{
	switch (t) {
	case MRZ_F_DIGIT: return is_digit(c) || (filler_ok && c == '<');
	case MRZ_F_DATE: return is_digit(c) || c == '<';
	case MRZ_F_ALNUM: return is_digit(c) || is_letter(c) || c == '<';
	case MRZ_F_ALPHA: return is_letter(c) || c == '<';
	case MRZ_F_NONE: case MRZ_F_NAME: case MRZ_F_SEX: break;
	}
	return true;
}

/* Whether a check digit covers the position (visa optional data is
 * unprotected; state codes, names, sex and document code are too). */
static bool check_covered(enum mrz_format f, enum mrz_ftype t, int line, int col)
{
	if (t != MRZ_F_DIGIT && t != MRZ_F_DATE && t != MRZ_F_ALNUM)
		return false;
	if ((f == MRZ_MRVA || f == MRZ_MRVB) && line == 1 && col >= 28)
		return false;
	return true;
}

static void add_alt(struct rpos *p, char c, char self, enum mrz_ftype t, bool fok)
{
	if (c == self || !type_allows(t, c, fok) || p->nalt >= MAX_ALT)
		return;
	for (int i = 0; i < p->nalt; i++)
		if (p->alt[i] == c)
			return;
	p->alt[p->nalt++] = c;
}

/* Dates that cannot be (month 13, '<' mixed with digits) rule a candidate
 * out as surely as a check digit. */
static bool pair_ok(const char *s, int max, bool unknown_ok)
{
	if (s[0] == '<' && s[1] == '<')
		return unknown_ok;
	if (!is_digit(s[0]) || !is_digit(s[1]))
		return false;
	int v = (s[0] - '0') * 10 + (s[1] - '0');
	return max == 0 || (v >= 1 && v <= max);
}

static bool date_ok(const char *s, bool birth)
{
	if (memcmp(s, "<<<<<<", 6) == 0)
		return true;
	if (!pair_ok(s, 0, false))
		return false;
	if (!birth)
		return pair_ok(s + 2, 12, false) && pair_ok(s + 4, 31, false);
	if (s[2] == '<' && s[3] == '<')
		return s[4] == '<' && s[5] == '<';
	return pair_ok(s + 2, 12, false) && pair_ok(s + 4, 31, true);
}

static bool dates_ok(enum mrz_format f, char lines[][MRZ_MAX_LINE + 1])
{
	int line = 1;  /* the dates are on line 2 in every format */
	int birth = f == MRZ_TD1 ? 0 : 13;
	int expiry = f == MRZ_TD1 ? 8 : 21;
	return date_ok(lines[line] + birth, true) && date_ok(lines[line] + expiry, false);
}

static void try_current(struct rplan *p)
{
	p->evals++;
	if (!mrz_checks_hold(p->format, p->work) || !dates_ok(p->format, p->work))
		return;
	if (p->solutions == 0)
		memcpy(p->first, p->work, sizeof p->first);
	else if (p->solutions == 1)
		memcpy(p->second, p->work, sizeof p->second);
	p->solutions++;
}

/* Optional changes on top of the current forced combination: k of them,
 * from optional index `from` on. */
static void try_optional(struct rplan *p, int k, int from)
{
	if (k == 0) {
		try_current(p);
		return;
	}
	for (int i = from; i < p->noptional && p->evals < MAX_EVALS; i++) {
		struct rpos *o = &p->optional[i];
		char keep = p->work[o->line][o->col];
		for (int a = 0; a < o->nalt; a++) {
			p->work[o->line][o->col] = o->alt[a];
			try_optional(p, k - 1, i + 1);
		}
		p->work[o->line][o->col] = keep;
	}
}

/* Every combination of the forced positions, each with k optional changes. */
static void try_forced(struct rplan *p, int idx, int k)
{
	if (idx == p->nforced) {
		try_optional(p, k, 0);
		return;
	}
	struct rpos *fp = &p->forced[idx];
	char keep = p->work[fp->line][fp->col];
	for (int a = 0; a < fp->nalt; a++) {
		p->work[fp->line][fp->col] = fp->alt[a];
		try_forced(p, idx + 1, k);
	}
	p->work[fp->line][fp->col] = keep;
}

/* Where two solutions differ first, for the message. */
static void first_difference(const struct rplan *p, int *line, int *col)
{
	int lines = mrz_format_lines(p->format), width = mrz_format_width(p->format);
	for (int l = 0; l < lines; l++)
		for (int c = 0; c < width; c++)
			if (p->first[l][c] != p->second[l][c]) {
				*line = l;
				*col = c;
				return;
			}
	*line = *col = 0;
}

/* A state code outside the list whose forbidden characters have exactly
 * one reading inside it. */
static void repair_state(struct rplan *p, struct mrz_result *issues, int line,
                         int col, const char *what,
                         const struct mrz_ocr_char *ocr_line)
{
	char *s = p->work[line] + col;
	char code[4];
	int k = 0;
	for (int i = 0; i < 3; i++)
		if (s[i] != '<')
			code[k++] = s[i];
	code[k] = '\0';
	if (mrz_state_code_known(code))
		return;
	struct rpos cand[3];
	int combos = 1;
	for (int i = 0; i < 3; i++) {
		struct rpos *c = &cand[i];
		memset(c, 0, sizeof *c);
		char ch = s[i];
		if (type_allows(MRZ_F_ALPHA, ch, false)) {
			c->alt[c->nalt++] = ch;
		} else {
			for (const char *a = confusions(ch); *a; a++)
				add_alt(c, *a, ch, MRZ_F_ALPHA, false);
			if (ocr_line) {
				const struct mrz_ocr_char *oc = &ocr_line[col + i];
				for (int j = 1; j < oc->count && j < MRZ_MAX_ALTERNATIVES; j++)
					if (oc->confidence[j] > 0.0f)
						add_alt(c, oc->c[j], ch, MRZ_F_ALPHA, false);
			}
		}
		if (c->nalt == 0)
			return;
		combos *= c->nalt;
	}
	int found = 0;
	char best[3] = {0, 0, 0};
	for (int n = 0; n < combos; n++) {
		char t[3];
		int m = n;
		for (int i = 0; i < 3; i++) {
			t[i] = cand[i].alt[m % cand[i].nalt];
			m /= cand[i].nalt;
		}
		/* Fillers only at the end, as in "D<<". */
		if (t[0] == '<' || (t[1] == '<' && t[2] != '<'))
			continue;
		k = 0;
		for (int i = 0; i < 3; i++)
			if (t[i] != '<')
				code[k++] = t[i];
		code[k] = '\0';
		if (mrz_state_code_known(code)) {
			found++;
			memcpy(best, t, 3);
		}
	}
	if (found == 1) {
		memcpy(s, best, 3);
	} else if (found > 1) {
		mrz_issue_add(issues, MRZ_ERR_BAD_FIELD, false, line + 1, col + 1,
		              "repair: %s '%.3s' has %d readings in the ICAO list; not changed",
		              what, s, found);
	}
}

/* The repair proper, on r->lines of r->format (split already).  ocr gives
 * per-position alternatives or is NULL.  Issues about the repair go to
 * notes; the repaired lines replace r->lines. */
static void repair_lines(struct mrz_result *r, const struct mrz_ocr_text *ocr,
                         struct mrz_result *notes)
{
	struct rplan plan;
	struct rplan *p = &plan;
	memset(p, 0, sizeof *p);
	p->format = r->format;
	memcpy(p->work, r->lines, sizeof p->work);
	int lines = mrz_format_lines(r->format), width = mrz_format_width(r->format);

	for (int l = 0; l < lines; l++) {
		for (int c = 0; c < width; c++) {
			enum mrz_ftype t = mrz_position_type(r->format, l, c);
			if (!check_covered(r->format, t, l, c))
				continue;
			char ch = p->work[l][c];
			bool fok = filler_allowed(r->format, l, c);
			struct rpos pos;
			memset(&pos, 0, sizeof pos);
			pos.line = l;
			pos.col = c;
			for (const char *a = confusions(ch); *a; a++)
				add_alt(&pos, *a, ch, t, fok);
			if (ocr) {
				const struct mrz_ocr_char *oc = &ocr->chars[l][c];
				for (int j = 1; j < oc->count && j < MRZ_MAX_ALTERNATIVES; j++)
					if (oc->confidence[j] > 0.0f)
						add_alt(&pos, oc->c[j], ch, t, fok);
			}
			if (!type_allows(t, ch, fok)) {
				if (pos.nalt == 0) {
					p->unfixable = true;
				} else if (p->nforced == MRZ_MAX_CORRECTIONS) {
					p->too_many = true;
				} else {
					p->forced[p->nforced++] = pos;
				}
			} else if (pos.nalt > 0 && t == MRZ_F_ALNUM) {
				p->optional[p->noptional++] = pos;
			} else if (pos.nalt > 0 && ocr) {
				/* The OCR's own alternatives count anywhere protected. */
				p->optional[p->noptional++] = pos;
			}
		}
	}

	bool need = p->nforced > 0 || !mrz_checks_hold(r->format, p->work);
	if (need && (p->unfixable || p->too_many)) {
		mrz_issue_add(notes, MRZ_ERR_CHECK_DIGIT, false, 0, 0,
		              p->unfixable ? "repair: a character no confusion explains sits where the field type forbids it; nothing changed"
		                           : "repair: too many misread characters to be sure; nothing changed");
		need = false;
	}
	long combos = 1;
	for (int i = 0; i < p->nforced; i++)
		combos *= p->forced[i].nalt;
	if (need && combos > MAX_FORCED_COMBOS) {
		mrz_issue_add(notes, MRZ_ERR_CHECK_DIGIT, false, 0, 0,
		              "repair: too many uncertain characters to be sure; nothing changed");
		need = false;
	}
	if (need) {
		for (int k = 0; k <= 1 && p->solutions == 0; k++)
			try_forced(p, 0, k);
		if (p->evals >= MAX_EVALS && p->solutions != 1) {
			mrz_issue_add(notes, MRZ_ERR_CHECK_DIGIT, false, 0, 0,
			              "repair: too many uncertain characters to be sure; nothing changed");
		} else if (p->solutions == 1) {
			memcpy(p->work, p->first, sizeof p->work);
		} else if (p->solutions > 1) {
			int dl, dc;
			first_difference(p, &dl, &dc);
			mrz_issue_add(notes, MRZ_ERR_CHECK_DIGIT, false, dl + 1, dc + 1,
			              "repair: %d corrections fit the check digits (line %d column %d: '%c' or '%c'); ambiguous, nothing changed",
			              p->solutions, dl + 1, dc + 1, p->first[dl][dc],
			              p->second[dl][dc]);
		} else {
			mrz_issue_add(notes, MRZ_ERR_CHECK_DIGIT, false, 0, 0,
			              "repair: no correction of confusable characters makes every check digit hold; nothing changed");
		}
	}

	/* State codes, judged by the ICAO list. */
	int nat_line = 1, nat_col = r->format == MRZ_TD1 ? 15 : 10;
	repair_state(p, notes, 0, 2, "issuing state", ocr ? ocr->chars[0] : NULL);
	repair_state(p, notes, nat_line, nat_col, "nationality",
	             ocr ? ocr->chars[nat_line] : NULL);

	memcpy(r->lines, p->work, sizeof p->work);
	mrz_wipe(p, sizeof *p);
}

static size_t lines_join(const struct mrz_result *r, int width, char *text,
                         size_t cap)
{
	size_t n = 0;
	for (int l = 0; l < r->line_count && l < MRZ_MAX_LINES; l++) {
		if (n + (size_t)width + 2 > cap)
			break;
		memcpy(text + n, r->lines[l], (size_t)width);
		n += (size_t)width;
		text[n++] = '\n';
	}
	text[n] = '\0';
	return n;
}

/* Shared by both entry points: text holds the best reading. */
static enum mrz_err repair_text(const char *text, size_t len,
                                const struct mrz_ocr_text *ocr,
                                const struct mrz_options *opts,
                                struct mrz_result *out)
{
	struct mrz_result before, notes;
	memset(&before, 0, sizeof before);
	memset(&notes, 0, sizeof notes);
	enum mrz_err err = mrz_lines_split(text, len, &before);
	if (err == MRZ_ERR_NOT_MRZ || before.format == MRZ_FORMAT_UNKNOWN) {
		err = mrz_parse(text, len, opts, out);
		goto out;
	}
	/* Lines may hold NUL bytes (reported as bad characters): lengths come
	 * from the format, never from strlen. */
	int width = mrz_format_width(before.format);
	char original[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];
	memcpy(original, before.lines, sizeof original);
	repair_lines(&before, ocr, &notes);

	char fixed[MRZ_MAX_LINES * (MRZ_MAX_LINE + 1) + 1];
	size_t fixed_len = lines_join(&before, width, fixed, sizeof fixed);
	err = mrz_parse(fixed, fixed_len, opts, out);
	mrz_wipe(fixed, sizeof fixed);

	/* The corrections, then the notes of the repair. */
	for (int l = 0; l < before.line_count; l++) {
		for (int c = 0; c < width; c++) {
			if (original[l][c] == before.lines[l][c])
				continue;
			if (out->correction_count < MRZ_MAX_CORRECTIONS) {
				struct mrz_correction *k = &out->corrections[out->correction_count++];
				k->line = l + 1;
				k->column = c + 1;
				k->from = original[l][c];
				k->to = before.lines[l][c];
			}
		}
	}
	for (int i = 0; i < notes.issue_count; i++) {
		const struct mrz_issue *is = &notes.issues[i];
		mrz_issue_add(out, is->err, is->warning, is->line, is->column, "%s",
		              is->text);
		if (!is->warning)
			out->valid = false;
	}
	if (err == MRZ_OK && notes.issue_count > 0) {
		for (int i = 0; i < notes.issue_count; i++)
			if (!notes.issues[i].warning)
				err = MRZ_ERR_BAD_FIELD;
	}
	mrz_wipe(original, sizeof original);
out:
	mrz_result_wipe(&before);
	mrz_result_wipe(&notes);
	return err;
}

enum mrz_err mrz_repair(const char *text, size_t len,
                        const struct mrz_options *opts, struct mrz_result *out)
{
	if (!out)
		return MRZ_ERR_ARG;
	if (!text) {
		memset(out, 0, sizeof *out);
		mrz_issue_add(out, MRZ_ERR_ARG, false, 0, 0, "no text given");
		return MRZ_ERR_ARG;
	}
	return repair_text(text, len, NULL, opts, out);
}

enum mrz_err mrz_repair_ocr(const struct mrz_ocr_text *ocr,
                            const struct mrz_options *opts,
                            struct mrz_result *out)
{
	if (!out)
		return MRZ_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!ocr || ocr->line_count < 1 || ocr->line_count > MRZ_MAX_LINES) {
		mrz_issue_add(out, MRZ_ERR_ARG, false, 0, 0,
		              "OCR text must have 1 to 3 lines");
		return ocr ? MRZ_ERR_NOT_MRZ : MRZ_ERR_ARG;
	}
	char text[MRZ_MAX_LINES * (MRZ_MAX_LINE + 1) + 1];
	size_t n = 0;
	for (int l = 0; l < ocr->line_count; l++) {
		int len = ocr->length[l];
		if (len < 1 || len > MRZ_MAX_LINE) {
			mrz_issue_add(out, MRZ_ERR_NOT_MRZ, false, l + 1, 0,
			              "OCR line %d has %d characters: MRZ lines have 30, 36 or 44",
			              l + 1, len);
			return MRZ_ERR_NOT_MRZ;
		}
		for (int c = 0; c < len; c++) {
			const struct mrz_ocr_char *oc = &ocr->chars[l][c];
			char ch = oc->count > 0 ? oc->c[0] : '?';
			/* A blank or line break inside a line would shift positions. */
			if (ch == '\n' || ch == '\r' || ch == ' ' || ch == '\t' || ch == '\0')
				ch = '?';
			text[n++] = ch;
		}
		text[n++] = '\n';
	}
	text[n] = '\0';
	enum mrz_err err = repair_text(text, n, ocr, opts, out);
	mrz_wipe(text, sizeof text);
	return err;
}
