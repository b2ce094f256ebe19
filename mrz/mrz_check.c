/* mrz_check.c - the ICAO 9303 check digit and the words for errors. */
#include "mrz_int.h"

int mrz_char_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

char mrz_check_digit(const char *s, size_t n)
{
	static const int weights[3] = {7, 3, 1};
	int sum = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int v = mrz_char_value(s[i]);
		if (v < 0)
			return 0;
		sum += v * weights[i % 3];
	}
	return (char)('0' + sum % 10);
}

const char *mrz_err_str(enum mrz_err err)
{
	switch (err) {
	case MRZ_OK: return "ok";
	case MRZ_ERR_NOT_MRZ: return "not an MRZ: expected 2 lines of 36 or 44 characters, or 3 lines of 30";
	case MRZ_ERR_BAD_CHAR: return "a character outside 0-9, A-Z and '<'";
	case MRZ_ERR_CHECK_DIGIT: return "a check digit does not hold: the MRZ was misread or the document is not genuine";
	case MRZ_ERR_BAD_FIELD: return "a field has an impossible value";
	case MRZ_ERR_TOO_LONG: return "the text is longer than its field or buffer";
	case MRZ_ERR_BAD_UTF8: return "the name is not valid UTF-8";
	case MRZ_ERR_UNMAPPED: return "the name has a character ICAO 9303 gives no transliteration for";
	case MRZ_ERR_ARG: return "invalid argument";
	}
	return "unknown error";
}

const char *mrz_format_name(enum mrz_format format)
{
	switch (format) {
	case MRZ_TD1: return "TD1";
	case MRZ_TD2: return "TD2";
	case MRZ_TD3: return "TD3";
	case MRZ_MRVA: return "MRV-A";
	case MRZ_MRVB: return "MRV-B";
	case MRZ_FORMAT_UNKNOWN: break;
	}
	return "unknown";
}
