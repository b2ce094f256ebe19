/* kiosk_match.c - an order's typed name and birth date against a document. */
#include "kiosk_match.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { MAX_VARIANTS = 16, NAME_CAP = MRZ_MAX_NAME * 2 + 1 };

/* Cyrillic transliteration differs by language (ICAO 9303 part 3 table B);
 * the order's nationality is the best hint of which rules the issuer used. */
static const char *language_for(const char *nationality)
{
	static const struct {
		const char *state, *lang;
	} table[] = {{"UKR", "uk"}, {"BLR", "be"}, {"SRB", "sr"}, {"MKD", "mk"}, {"BGR", "bg"},
	             {"RUS", "ru"}};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].state, nationality) == 0)
			return table[i].lang;
	return NULL;
}

/* The parser gives names with spaces between components; the
 * transliteration gives '<'.  Compare in MRZ form. */
static void to_mrz_form(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap; in++)
		out[n++] = *in == ' ' ? '<' : *in;
	out[n] = '\0';
}

static bool any_equal(char variants[][NAME_CAP], int count, const char *mrz_name)
{
	for (int i = 0; i < count; i++)
		if (strcmp(variants[i], mrz_name) == 0)
			return true;
	return false;
}

/* Whether the document's name can be the order's, under every spelling the
 * standard allows.  Sets *surname_ok / *given_ok for the explanation. */
static bool names_match(const struct mrz_result *doc, const struct kiosk_order *order,
                        bool *surname_ok, bool *given_ok, char *surname_mrz, char *given_mrz)
{
	char surnames[MAX_VARIANTS][NAME_CAP], givens[MAX_VARIANTS][NAME_CAP];
	int ns = 0, ng = 0;
	const char *lang = language_for(order->nationality);
	*surname_ok = *given_ok = false;
	surname_mrz[0] = given_mrz[0] = '\0';
	if (mrz_transliterate_all(order->surname, lang, surnames, MAX_VARIANTS, &ns) != MRZ_OK)
		ns = 0;
	if (mrz_transliterate_all(order->given_names, lang, givens, MAX_VARIANTS, &ng) != MRZ_OK)
		ng = 0;
	if (ns > 0)
		snprintf(surname_mrz, NAME_CAP, "%s", surnames[0]);
	if (ng > 0)
		snprintf(given_mrz, NAME_CAP, "%s", givens[0]);

	char doc_surname[NAME_CAP], doc_given[NAME_CAP];
	to_mrz_form(doc->surname, doc_surname, sizeof doc_surname);
	to_mrz_form(doc->given_names, doc_given, sizeof doc_given);

	bool matched = false;
	for (int i = 0; i < ns && !matched; i++)
		for (int j = 0; j < ng && !matched; j++)
			matched = mrz_name_matches(doc_surname, doc_given, doc->name_truncated,
			                           surnames[i], givens[j]);
	if (matched) {
		*surname_ok = *given_ok = true;
	} else {
		/* Say which part differs.  With a truncated MRZ the surname may
		 * be whole and only the given names cut. */
		*surname_ok = any_equal(surnames, ns, doc_surname);
		*given_ok = any_equal(givens, ng, doc_given);
		if (*surname_ok && *given_ok)
			*given_ok = false; /* both equal yet no match cannot happen; be safe */
	}
	memset(surnames, 0, sizeof surnames);
	memset(givens, 0, sizeof givens);
	return matched;
}

/* The order's ISO date against the MRZ's YYMMDD, where '<' in the document
 * is an unknown part that matches anything. */
static bool birth_dates_match(const struct mrz_result *doc, const char *iso, bool *partial)
{
	*partial = strchr(doc->birth_date.raw, '<') != NULL;
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return false;
	const char order_raw[6] = {iso[2], iso[3], iso[5], iso[6], iso[8], iso[9]};
	if (strlen(doc->birth_date.raw) != 6)
		return false;
	for (int i = 0; i < 6; i++) {
		char d = doc->birth_date.raw[i];
		if (d != '<' && d != order_raw[i])
			return false;
	}
	/* The century: the document's rule put the year in the past, so a
	 * four-digit order year must agree where the document knows it. */
	if (doc->birth_date.year && doc->birth_date.year != (iso[0] - '0') * 1000 +
	                                (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0'))
		return false;
	return true;
}

static bool same_nationality(const char *a, const char *b)
{
	/* Germany is "D" in the MRZ and "DEU" in ISO 3166. */
	if ((strcmp(a, "D") == 0 && strcmp(b, "DEU") == 0) ||
	    (strcmp(a, "DEU") == 0 && strcmp(b, "D") == 0))
		return true;
	return strcmp(a, b) == 0;
}

/* Letters and digits only, upper case: "850312-1234" -> "8503121234". */
static void normalize_id(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap; in++)
		if (isalnum((unsigned char)*in))
			out[n++] = (char)toupper((unsigned char)*in);
	out[n] = '\0';
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A Swedish personnummer or samordningsnummer (10 or 12 digits) carries
 * the birth date; the day of a samordningsnummer has 60 added. */
static bool swedish_number_date(const char *id, char yymmdd[7])
{
	size_t n = strlen(id);
	if (!all_digits(id) || (n != 10 && n != 12))
		return false;
	const char *p = id + (n == 12 ? 2 : 0);
	int day = (p[4] - '0') * 10 + (p[5] - '0');
	if (day > 60)
		day -= 60;
	memcpy(yymmdd, p, 4);
	yymmdd[4] = (char)('0' + day / 10);
	yymmdd[5] = (char)('0' + day % 10);
	yymmdd[6] = '\0';
	return true;
}

static void strip_fillers(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap; in++)
		if (*in != '<' && *in != ' ')
			out[n++] = *in;
	out[n] = '\0';
}

/* Whether the order's identification number contradicts the document.
 * Sets *checked when the document carries something to compare with. */
static bool id_number_consistent(const struct mrz_result *doc, const struct kiosk_order *order,
                                 bool *checked)
{
	char id[40], opt1[MRZ_MAX_OPTIONAL + 1], opt2[MRZ_MAX_OPTIONAL + 1];
	*checked = false;
	normalize_id(order->id_number, id, sizeof id);
	if (!id[0])
		return true;
	if (strcmp(id, doc->document_number) == 0) {
		*checked = true;
		return true;
	}
	/* A Swedish personnummer or samordningsnummer carries the birth date;
	 * foreign documents never print it, so the date is what can be checked. */
	char yymmdd[7];
	bool swedish = swedish_number_date(id, yymmdd);
	if (swedish) {
		*checked = true;
		for (int i = 0; i < 6; i++)
			if (doc->birth_date.raw[i] != '<' && doc->birth_date.raw[i] != yymmdd[i])
				return false;
	}
	strip_fillers(doc->optional_data, opt1, sizeof opt1);
	strip_fillers(doc->optional_data_2, opt2, sizeof opt2);
	const char *fields[2] = {opt1, opt2};
	bool contradicted = false;
	for (int i = 0; i < 2; i++) {
		const char *f = fields[i];
		if (!f[0] || !all_digits(f))
			continue; /* issuer data that is not a personal number */
		*checked = true;
		if (strstr(f, id) || strstr(id, f))
			return true;
		/* Romania: first digit and last six digits of the 13-digit CNP. */
		size_t n = strlen(id);
		if (n == 13 && strlen(f) == 7 && f[0] == id[0] && strcmp(f + 1, id + 7) == 0)
			return true;
		/* A foreign document's own national number is no contradiction
		 * of a Swedish number; a Swedish document's is. */
		if (!swedish || same_nationality(doc->issuing_state, "SWE"))
			contradicted = true;
	}
	return !contradicted;
}

void kiosk_match_order(const struct mrz_result *doc, const struct kiosk_order *order,
                       struct kiosk_match *out)
{
	memset(out, 0, sizeof *out);
	out->order = *order;
	bool surname_ok, given_ok;
	if (!names_match(doc, order, &surname_ok, &given_ok, out->order_surname_mrz,
	                 out->order_given_mrz)) {
		if (!surname_ok)
			out->differs |= KIOSK_FIELD_SURNAME;
		if (!given_ok)
			out->differs |= KIOSK_FIELD_GIVEN_NAMES;
	} else {
		out->name_truncated = doc->name_truncated;
	}
	if (!birth_dates_match(doc, order->birth_date, &out->birth_date_partial))
		out->differs |= KIOSK_FIELD_BIRTH_DATE;
	if (!same_nationality(doc->nationality, order->nationality))
		out->differs |= KIOSK_FIELD_NATIONALITY;
	if (!id_number_consistent(doc, order, &out->id_number_checked))
		out->differs |= KIOSK_FIELD_ID_NUMBER;
}

int kiosk_match_distance(const struct kiosk_match *m)
{
	int n = 0;
	for (unsigned bits = m->differs; bits; bits &= bits - 1)
		n++;
	return n;
}

void kiosk_match_explain(const struct kiosk_match *m, const struct mrz_result *doc, char *buf,
                         int cap)
{
	if (cap <= 0)
		return;
	buf[0] = '\0';
	size_t used = 0, size = (size_t)cap;
#define ADD(...)                                                                   \
	do {                                                                           \
		int w = snprintf(buf + used, size - used, __VA_ARGS__);                    \
		if (w > 0)                                                                 \
			used = used + (size_t)w < size ? used + (size_t)w : size - 1;          \
	} while (0)
	if (!m->differs)
		ADD("order %s matches", m->order.order_id);
	if (m->differs & KIOSK_FIELD_SURNAME)
		ADD("surname differs: order %s, document %s; ", m->order_surname_mrz, doc->surname);
	if (m->differs & KIOSK_FIELD_GIVEN_NAMES)
		ADD("given names differ: order %s, document %s; ", m->order_given_mrz, doc->given_names);
	if (m->differs & KIOSK_FIELD_BIRTH_DATE)
		ADD("birth date differs: order %s, document %s; ", m->order.birth_date,
		    doc->birth_date.raw);
	if (m->differs & KIOSK_FIELD_NATIONALITY)
		ADD("nationality differs: order %s, document %s; ", m->order.nationality,
		    doc->nationality);
	if (m->differs & KIOSK_FIELD_ID_NUMBER)
		ADD("identification number does not fit the document; ");
#undef ADD
}

void kiosk_mask_email(const char *email, char *out, int cap)
{
	if (cap <= 0)
		return;
	const char *at = strchr(email, '@');
	if (!at || at == email) {
		snprintf(out, (size_t)cap, "%s", email[0] ? "***" : "");
		return;
	}
	snprintf(out, (size_t)cap, "%c***%s", email[0], at);
}

void kiosk_mask_phone(const char *phone, char *out, int cap)
{
	if (cap <= 0)
		return;
	size_t n = strlen(phone), digits = 0, seen = 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)phone[i]))
			digits++;
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < (size_t)cap; i++) {
		char c = phone[i];
		if (isdigit((unsigned char)c)) {
			seen++;
			/* Country code and the last two digits stay readable. */
			if (seen > 2 && seen + 2 <= digits)
				c = '*';
		}
		out[o++] = c;
	}
	out[o] = '\0';
}

bool kiosk_needs_permit(const char *nationality)
{
	static const char *const free_movement[] = {
		"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "D",
		"DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL",
		"PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "ISL", "LIE", "NOR", "CHE"};
	for (size_t i = 0; i < sizeof free_movement / sizeof free_movement[0]; i++)
		if (strcmp(free_movement[i], nationality) == 0)
			return false;
	return true;
}
