/* mrz_translit.c - names typed in UTF-8 into MRZ form (ICAO Doc 9303 part 3
 * section 6: table A for Latin letters with diacritics, table B for
 * Cyrillic with its per-language rules), the truncation of a name field,
 * and whether an MRZ name can stand for a full name. */
#include <string.h>

#include "mrz_int.h"

/* Latin letters that map to one spelling in every variant, both cases
 * (generated from the Unicode decompositions and checked against table A;
 * the letters with variants, Ä Å Ö Ü Ñ, are in the code below). */
struct cp_map {
	unsigned cp;
	const char *mrz;
};

static const struct cp_map latin[] = {
	{0x00C0, "A"}, {0x00C1, "A"}, {0x00C2, "A"}, {0x00C3, "A"}, {0x00C6, "AE"},
	{0x00C7, "C"}, {0x00C8, "E"}, {0x00C9, "E"}, {0x00CA, "E"}, {0x00CB, "E"},
	{0x00CC, "I"}, {0x00CD, "I"}, {0x00CE, "I"}, {0x00CF, "I"}, {0x00D0, "D"},
	{0x00D2, "O"}, {0x00D3, "O"}, {0x00D4, "O"}, {0x00D5, "O"}, {0x00D8, "OE"},
	{0x00D9, "U"}, {0x00DA, "U"}, {0x00DB, "U"}, {0x00DD, "Y"}, {0x00DE, "TH"},
	{0x00DF, "SS"}, {0x00E0, "A"}, {0x00E1, "A"}, {0x00E2, "A"}, {0x00E3, "A"},
	{0x00E6, "AE"}, {0x00E7, "C"}, {0x00E8, "E"}, {0x00E9, "E"}, {0x00EA, "E"},
	{0x00EB, "E"}, {0x00EC, "I"}, {0x00ED, "I"}, {0x00EE, "I"}, {0x00EF, "I"},
	{0x00F0, "D"}, {0x00F2, "O"}, {0x00F3, "O"}, {0x00F4, "O"}, {0x00F5, "O"},
	{0x00F8, "OE"}, {0x00F9, "U"}, {0x00FA, "U"}, {0x00FB, "U"}, {0x00FD, "Y"},
	{0x00FE, "TH"}, {0x00FF, "Y"}, {0x0100, "A"}, {0x0101, "A"}, {0x0102, "A"},
	{0x0103, "A"}, {0x0104, "A"}, {0x0105, "A"}, {0x0106, "C"}, {0x0107, "C"},
	{0x0108, "C"}, {0x0109, "C"}, {0x010A, "C"}, {0x010B, "C"}, {0x010C, "C"},
	{0x010D, "C"}, {0x010E, "D"}, {0x010F, "D"}, {0x0110, "D"}, {0x0111, "D"},
	{0x0112, "E"}, {0x0113, "E"}, {0x0114, "E"}, {0x0115, "E"}, {0x0116, "E"},
	{0x0117, "E"}, {0x0118, "E"}, {0x0119, "E"}, {0x011A, "E"}, {0x011B, "E"},
	{0x011C, "G"}, {0x011D, "G"}, {0x011E, "G"}, {0x011F, "G"}, {0x0120, "G"},
	{0x0121, "G"}, {0x0122, "G"}, {0x0123, "G"}, {0x0124, "H"}, {0x0125, "H"},
	{0x0126, "H"}, {0x0127, "H"}, {0x0128, "I"}, {0x0129, "I"}, {0x012A, "I"},
	{0x012B, "I"}, {0x012C, "I"}, {0x012D, "I"}, {0x012E, "I"}, {0x012F, "I"},
	{0x0130, "I"}, {0x0131, "I"}, {0x0132, "IJ"}, {0x0133, "IJ"}, {0x0134, "J"},
	{0x0135, "J"}, {0x0136, "K"}, {0x0137, "K"}, {0x0138, "K"}, {0x0139, "L"},
	{0x013A, "L"}, {0x013B, "L"}, {0x013C, "L"}, {0x013D, "L"}, {0x013E, "L"},
	{0x013F, "L"}, {0x0140, "L"}, {0x0141, "L"}, {0x0142, "L"}, {0x0143, "N"},
	{0x0144, "N"}, {0x0145, "N"}, {0x0146, "N"}, {0x0147, "N"}, {0x0148, "N"},
	{0x0149, "N"}, {0x014A, "N"}, {0x014B, "N"}, {0x014C, "O"}, {0x014D, "O"},
	{0x014E, "O"}, {0x014F, "O"}, {0x0150, "O"}, {0x0151, "O"}, {0x0152, "OE"},
	{0x0153, "OE"}, {0x0154, "R"}, {0x0155, "R"}, {0x0156, "R"}, {0x0157, "R"},
	{0x0158, "R"}, {0x0159, "R"}, {0x015A, "S"}, {0x015B, "S"}, {0x015C, "S"},
	{0x015D, "S"}, {0x015E, "S"}, {0x015F, "S"}, {0x0160, "S"}, {0x0161, "S"},
	{0x0162, "T"}, {0x0163, "T"}, {0x0164, "T"}, {0x0165, "T"}, {0x0166, "T"},
	{0x0167, "T"}, {0x0168, "U"}, {0x0169, "U"}, {0x016A, "U"}, {0x016B, "U"},
	{0x016C, "U"}, {0x016D, "U"}, {0x016E, "U"}, {0x016F, "U"}, {0x0170, "U"},
	{0x0171, "U"}, {0x0172, "U"}, {0x0173, "U"}, {0x0174, "W"}, {0x0175, "W"},
	{0x0176, "Y"}, {0x0177, "Y"}, {0x0178, "Y"}, {0x0179, "Z"}, {0x017A, "Z"},
	{0x017B, "Z"}, {0x017C, "Z"}, {0x017D, "Z"}, {0x017E, "Z"}, {0x017F, "S"},
	{0x0218, "S"}, {0x0219, "S"}, {0x021A, "T"}, {0x021B, "T"}, {0x1E9E, "SS"},
};

/* Table B: Cyrillic, upper case; per-language spellings follow. */
static const struct cp_map cyrillic[] = {
	{0x0400, "E"}, {0x0401, "E"}, {0x0402, "D"}, {0x0403, "G"}, {0x0404, "IE"},
	{0x0405, "DZ"}, {0x0406, "I"}, {0x0407, "I"}, {0x0408, "J"}, {0x0409, "LJ"},
	{0x040A, "NJ"}, {0x040B, "C"}, {0x040C, "K"}, {0x040D, "I"}, {0x040E, "U"},
	{0x040F, "DZ"}, {0x0410, "A"}, {0x0411, "B"}, {0x0412, "V"}, {0x0413, "G"},
	{0x0414, "D"}, {0x0415, "E"}, {0x0416, "ZH"}, {0x0417, "Z"}, {0x0418, "I"},
	{0x0419, "I"}, {0x041A, "K"}, {0x041B, "L"}, {0x041C, "M"}, {0x041D, "N"},
	{0x041E, "O"}, {0x041F, "P"}, {0x0420, "R"}, {0x0421, "S"}, {0x0422, "T"},
	{0x0423, "U"}, {0x0424, "F"}, {0x0425, "KH"}, {0x0426, "TS"}, {0x0427, "CH"},
	{0x0428, "SH"}, {0x0429, "SHCH"}, {0x042A, "IE"}, {0x042B, "Y"},
	{0x042C, ""}, {0x042D, "E"}, {0x042E, "IU"}, {0x042F, "IA"},
	{0x046A, "U"}, {0x0474, "Y"}, {0x0490, "G"}, {0x0492, "G"},
	{0x04BA, "C"},
};

/* ---- UTF-8 ------------------------------------------------------------- */

/* Decodes one code point at s[*i] (n bytes in all); -1 when malformed
 * (overlong, surrogate, beyond U+10FFFF, truncated). */
static long utf8_next(const unsigned char *s, size_t n, size_t *i)
{
	unsigned char c = s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	int len;
	long cp, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n - *i < (size_t)len)
		return -1;
	for (int k = 1; k < len; k++) {
		unsigned char cc = s[*i + (size_t)k];
		if ((cc & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (cc & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*i += (size_t)len;
	return cp;
}

/* ---- one component ----------------------------------------------------- */

struct tbuf {
	char *p;
	size_t cap, len;
	bool full;
};

static void tput(struct tbuf *b, const char *s)
{
	for (; *s; s++) {
		if (b->len + 1 >= b->cap) {
			b->full = true;
			return;
		}
		b->p[b->len++] = *s;
	}
}

/* A separator: one '<' between parts, none at the start. */
static void tsep(struct tbuf *b)
{
	if (b->len > 0 && b->p[b->len - 1] != '<')
		tput(b, "<");
}

static const char *lookup(const struct cp_map *t, size_t n, unsigned cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t[mid].cp == cp)
			return t[mid].mrz;
		if (t[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum lang { LANG_NONE, LANG_UK, LANG_BE, LANG_SR, LANG_MK, LANG_BG };

static enum lang lang_of(const char *lang)
{
	if (!lang)
		return LANG_NONE;
	if (strcmp(lang, "uk") == 0)
		return LANG_UK;
	if (strcmp(lang, "be") == 0)
		return LANG_BE;
	if (strcmp(lang, "sr") == 0)
		return LANG_SR;
	if (strcmp(lang, "mk") == 0)
		return LANG_MK;
	if (strcmp(lang, "bg") == 0)
		return LANG_BG;
	return LANG_NONE;
}

/* Cyrillic with the language's own spellings.  first: the letter starts a
 * word; prev: the previous letter (upper case code point) or 0. */
static const char *cyrillic_of(unsigned cp, enum lang lg, bool first, unsigned prev)
{
	switch (lg) {
	case LANG_UK:
		switch (cp) {
		case 0x0413: return prev == 0x0417 ? "GH" : "H";  /* Г; ЗГ -> ZGH */
		case 0x0418: return "Y";                    /* И */
		case 0x0404: return first ? "YE" : "IE";    /* Є */
		case 0x0407: return first ? "YI" : "I";     /* Ї */
		case 0x0419: return first ? "Y" : "I";      /* Й */
		case 0x042E: return first ? "YU" : "IU";    /* Ю */
		case 0x042F: return first ? "YA" : "IA";    /* Я */
		default: break;
		}
		break;
	case LANG_BE:
		if (cp == 0x0413)
			return "H";
		if (cp == 0x0401)
			return "IO";
		break;
	case LANG_SR:
		switch (cp) {
		case 0x0416: return "Z";
		case 0x0425: return "H";
		case 0x0426: return "C";
		case 0x0427: return "C";
		case 0x0428: return "S";
		default: break;
		}
		break;
	case LANG_MK:
		switch (cp) {
		case 0x0403: return "GJ";
		case 0x040C: return "KJ";
		case 0x040F: return "DJ";
		case 0x0425: return "H";
		case 0x0426: return "C";
		default: break;
		}
		break;
	case LANG_BG:
		if (cp == 0x0429)
			return "SHT";
		break;
	case LANG_NONE:
		break;
	}
	return lookup(cyrillic, sizeof cyrillic / sizeof cyrillic[0], cp);
}

/* Upper case for the Cyrillic block and Ґ/Ғ/Ѫ/Ѵ/Һ; other code points as is. */
static unsigned cyrillic_upper(unsigned cp)
{
	if (cp >= 0x0430 && cp <= 0x044F)
		return cp - 0x20;
	if (cp >= 0x0450 && cp <= 0x045F)
		return cp - 0x50;
	if ((cp >= 0x0460 && cp <= 0x04FF) && (cp & 1))
		return cp - 1;
	return cp;
}

static bool is_cyrillic(unsigned cp) { return cp >= 0x0400 && cp <= 0x04FF; }

/* The letters with variants (Ä Å Ö Ü Ñ), upper case code point. */
static const char *variant_of(unsigned cp, enum mrz_translit_variant v)
{
	static const struct {
		unsigned cp;
		const char *rec, *simple, *rev;
	} t[] = {
		{0x00C4, "AE", "A", "AXX"},
		{0x00C5, "AA", "A", "AXX"},
		{0x00D1, "N", "N", "NXX"},
		{0x00D6, "OE", "O", "OXX"},
		{0x00DC, "UE", "U", "UXX"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (t[i].cp != cp)
			continue;
		return v == MRZ_TRANSLIT_SIMPLE ? t[i].simple
		       : v == MRZ_TRANSLIT_REVERSIBLE ? t[i].rev : t[i].rec;
	}
	return NULL;
}

static bool is_combining(long cp) { return cp >= 0x0300 && cp <= 0x036F; }

enum mrz_err mrz_transliterate(const char *utf8, const char *lang,
                               enum mrz_translit_variant variant,
                               char *out, size_t out_cap)
{
	if (!out || out_cap == 0)
		return MRZ_ERR_ARG;
	out[0] = '\0';
	if (!utf8)
		return MRZ_ERR_ARG;
	enum lang lg = lang_of(lang);
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = strlen(utf8), i = 0;
	struct tbuf b = {out, out_cap, 0, false};
	bool word_start = true;
	unsigned prev = 0;
	enum mrz_err err = MRZ_OK;
	while (i < n && !b.full) {
		long cpl = utf8_next(s, n, &i);
		if (cpl < 0) {
			err = MRZ_ERR_BAD_UTF8;
			goto out;
		}
		unsigned cp = (unsigned)cpl;
		/* A base letter followed by a combining mark: Ä, Å, Ñ, Ö, Ü
		 * typed decomposed keep their variants; other marks drop. */
		size_t peek = i;
		long next = peek < n ? utf8_next(s, n, &peek) : -1;
		if (next >= 0 && is_combining(next)) {
			unsigned up = (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
			if (next == 0x0308 && up == 'A')
				cp = 0x00C4;
			else if (next == 0x030A && up == 'A')
				cp = 0x00C5;
			else if (next == 0x0303 && up == 'N')
				cp = 0x00D1;
			else if (next == 0x0308 && up == 'O')
				cp = 0x00D6;
			else if (next == 0x0308 && up == 'U')
				cp = 0x00DC;
			i = peek;
			while (i < n) {  /* further marks on the same letter */
				size_t q = i;
				long m = utf8_next(s, n, &q);
				if (m < 0 || !is_combining(m))
					break;
				i = q;
			}
		} else if (is_combining(cpl)) {
			continue;  /* a mark with no letter before it */
		}
		if (cp >= 'a' && cp <= 'z')
			cp -= 32;
		if (cp >= 'A' && cp <= 'Z') {
			char one[2] = {(char)cp, '\0'};
			tput(&b, one);
			word_start = false;
			prev = cp;
			continue;
		}
		if (cp == ' ' || cp == '-' || cp == ',' || cp == '\t' || cp == 0x00A0 ||
		    cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == '<' || cp == '_') {
			tsep(&b);
			word_start = true;
			prev = 0;
			continue;
		}
		if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC ||
		    cp == '`' || cp == 0x00B4 || cp == '.' || cp == 0x02B9) {
			continue;  /* apostrophes and periods: parts joined */
		}
		if (cp >= '0' && cp <= '9') {
			err = MRZ_ERR_UNMAPPED;  /* names have no digits */
			goto out;
		}
		const char *m = NULL;
		if (is_cyrillic(cp)) {
			cp = cyrillic_upper(cp);
			m = cyrillic_of(cp, lg, word_start, prev);
		} else {
			unsigned up = cp;
			if (up >= 0x00E0 && up <= 0x00FE && up != 0x00F7)
				up -= 0x20;
			m = variant_of(up, variant);
			if (!m)
				m = lookup(latin, sizeof latin / sizeof latin[0], cp);
		}
		if (!m) {
			err = MRZ_ERR_UNMAPPED;
			goto out;
		}
		tput(&b, m);
		if (*m)
			word_start = false;
		prev = cp;
	}
	if (b.full) {
		err = MRZ_ERR_TOO_LONG;
		goto out;
	}
	while (b.len > 0 && b.p[b.len - 1] == '<')
		b.len--;
	b.p[b.len] = '\0';
out:
	if (err != MRZ_OK)
		mrz_wipe(out, out_cap);
	return err;
}

static bool has_cyrillic(const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = strlen(utf8), i = 0;
	while (i < n) {
		long cp = utf8_next(s, n, &i);
		if (cp < 0)
			return false;
		if (is_cyrillic((unsigned)cp))
			return true;
	}
	return false;
}

enum mrz_err mrz_transliterate_all(const char *utf8, const char *lang,
                                   char out[][MRZ_MAX_NAME * 2 + 1], int max,
                                   int *count)
{
	if (!count)
		return MRZ_ERR_ARG;
	*count = 0;
	if (!utf8 || !out || max <= 0)
		return MRZ_ERR_ARG;
	/* Without a language hint a Cyrillic name is tried with each rule set. */
	static const char *const all_langs[] = {NULL, "uk", "be", "bg", "mk", "sr"};
	const char *const *langs = all_langs;
	size_t nlangs = 1;
	const char *one[1] = {lang};
	if (lang || !has_cyrillic(utf8))
		langs = one;
	else
		nlangs = sizeof all_langs / sizeof all_langs[0];
	static const enum mrz_translit_variant variants[] = {
		MRZ_TRANSLIT_RECOMMENDED, MRZ_TRANSLIT_SIMPLE, MRZ_TRANSLIT_REVERSIBLE,
	};
	enum mrz_err first_err = MRZ_OK;
	for (size_t l = 0; l < nlangs; l++) {
		for (size_t v = 0; v < 3; v++) {
			char tmp[MRZ_MAX_NAME * 2 + 1];
			enum mrz_err e = mrz_transliterate(utf8, langs[l], variants[v], tmp,
			                                   sizeof tmp);
			if (e != MRZ_OK) {
				if (first_err == MRZ_OK)
					first_err = e;
				continue;
			}
			bool dup = false;
			for (int k = 0; k < *count && !dup; k++)
				dup = strcmp(out[k], tmp) == 0;
			if (!dup && *count < max)
				memcpy(out[(*count)++], tmp, sizeof tmp);
			mrz_wipe(tmp, sizeof tmp);
		}
	}
	return *count > 0 ? MRZ_OK : first_err;
}

/* ---- name fields ------------------------------------------------------- */

#define MAX_COMPONENTS 24

struct components {
	int n;
	const char *start[MAX_COMPONENTS];
	int len[MAX_COMPONENTS];
};

/* Splits at '<' and ' ' (either form of an MRZ name).  false when a
 * character is outside A-Z or there are too many components. */
static bool split(const char *s, struct components *c)
{
	c->n = 0;
	if (!s)
		return true;
	const char *p = s;
	while (*p) {
		while (*p == '<' || *p == ' ')
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && *q != '<' && *q != ' ') {
			if (*q < 'A' || *q > 'Z')
				return false;
			q++;
		}
		if (c->n == MAX_COMPONENTS)
			return false;
		c->start[c->n] = p;
		c->len[c->n] = (int)(q - p);
		c->n++;
		p = q;
	}
	return true;
}

static int joined_length(const struct components *c)
{
	int t = 0;
	for (int i = 0; i < c->n; i++)
		t += c->len[i] + (i ? 1 : 0);
	return t;
}

enum mrz_err mrz_name_field(const char *surname, const char *given_names,
                            int width, char *out, size_t out_cap)
{
	if (!out || out_cap == 0)
		return MRZ_ERR_ARG;
	out[0] = '\0';
	if (!surname || width < 4 || width > MRZ_MAX_LINE)
		return MRZ_ERR_ARG;
	if (out_cap < (size_t)width + 1)
		return MRZ_ERR_TOO_LONG;
	struct components p, s;
	if (!split(surname, &p) || !split(given_names, &s))
		return MRZ_ERR_BAD_CHAR;
	if (p.n == 0 && s.n == 0)
		return MRZ_ERR_ARG;
	/* Too long: shorten the last secondary component that has more than
	 * one letter, then the primary ones, one letter at a time, so the field
	 * stays full and ends in a letter (part 3: a letter in the last
	 * position marks a possibly truncated name); drop components only
	 * when every one is an initial. */
	for (;;) {
		int total = joined_length(&p) + (s.n ? 2 + joined_length(&s) : 0);
		if (total <= width)
			break;
		int k = s.n - 1;
		while (k >= 0 && s.len[k] <= 1)
			k--;
		if (k >= 0) {
			s.len[k]--;
			continue;
		}
		k = p.n - 1;
		while (k >= 0 && p.len[k] <= 1)
			k--;
		if (k >= 0) {
			p.len[k]--;
			continue;
		}
		if (s.n > 1)
			s.n--;
		else if (p.n > 1)
			p.n--;
		else
			return MRZ_ERR_TOO_LONG;
	}
	int o = 0;
	for (int i = 0; i < p.n; i++) {
		if (i)
			out[o++] = '<';
		memcpy(out + o, p.start[i], (size_t)p.len[i]);
		o += p.len[i];
	}
	if (s.n) {
		out[o++] = '<';
		out[o++] = '<';
		for (int i = 0; i < s.n; i++) {
			if (i)
				out[o++] = '<';
			memcpy(out + o, s.start[i], (size_t)s.len[i]);
			o += s.len[i];
		}
	}
	while (o < width)
		out[o++] = '<';
	out[o] = '\0';
	return MRZ_OK;
}

/* Each printed component a non-empty prefix of the full one, in order;
 * trailing components may be missing when allowed. */
static bool prefixes(const struct components *m, const struct components *f,
                     bool exact)
{
	if (exact && m->n != f->n)
		return false;
	if (m->n > f->n)
		return false;
	for (int i = 0; i < m->n; i++) {
		if (m->len[i] > f->len[i] || (exact && m->len[i] != f->len[i]))
			return false;
		if (memcmp(m->start[i], f->start[i], (size_t)m->len[i]) != 0)
			return false;
	}
	return true;
}

bool mrz_name_matches(const char *mrz_surname, const char *mrz_given,
                      bool truncated, const char *full_surname,
                      const char *full_given)
{
	struct components ms, mg, fs, fg;
	if (!split(mrz_surname, &ms) || !split(mrz_given, &mg) ||
	    !split(full_surname, &fs) || !split(full_given, &fg))
		return false;
	if (ms.n == 0 && mg.n == 0)
		return false;
	if (!truncated)
		return prefixes(&ms, &fs, true) && prefixes(&mg, &fg, true);
	/* A truncated name keeps at least one letter of the primary identifier
	 * and, when there is one, of the secondary identifier. */
	if (ms.n == 0 && fs.n > 0)
		return false;
	if (mg.n == 0 && fg.n > 0)
		return false;
	return prefixes(&ms, &fs, false) && prefixes(&mg, &fg, false);
}

bool mrz_name_matches_typed(const char *mrz_surname, const char *mrz_given,
                            bool truncated, const char *utf8_surname,
                            const char *utf8_given, const char *lang)
{
	enum { MAXV = 24 };
	static const char empty[] = "";
	char sv[MAXV][MRZ_MAX_NAME * 2 + 1], gv[MAXV][MRZ_MAX_NAME * 2 + 1];
	int ns = 0, ng = 0;
	bool match = false;
	if (mrz_transliterate_all(utf8_surname ? utf8_surname : empty, lang, sv,
	                          MAXV, &ns) != MRZ_OK)
		ns = 0;
	if (!utf8_given || !*utf8_given) {
		gv[0][0] = '\0';
		ng = 1;
	} else if (mrz_transliterate_all(utf8_given, lang, gv, MAXV, &ng) != MRZ_OK) {
		ng = 0;
	}
	for (int i = 0; i < ns && !match; i++)
		for (int j = 0; j < ng && !match; j++)
			match = mrz_name_matches(mrz_surname, mrz_given, truncated, sv[i], gv[j]);
	mrz_wipe(sv, sizeof sv);
	mrz_wipe(gv, sizeof gv);
	return match;
}
