/* hex.c - test helpers. */
#include <stdio.h>
#include <string.h>

#include "hex.h"

static int nib(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t hex_decode(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (const char *s = hex; *s; s++) {
		if (*s == ' ')
			continue;
		int v = nib(*s);
		if (v < 0)
			return (size_t)-1;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				return (size_t)-1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? n : (size_t)-1;
}

const char *hex_str(const uint8_t *p, size_t n)
{
	static char bufs[4][8200];
	static int which;
	char *b = bufs[which++ & 3];
	size_t i;
	for (i = 0; i < n && i < 4096; i++)
		snprintf(b + 2 * i, 3, "%02X", p[i]);
	b[2 * i] = 0;
	return b;
}

int hex_expect(const char *what, const char *hex, const uint8_t *p, size_t n)
{
	uint8_t want[4096];
	size_t wn = hex_decode(hex, want, sizeof want);
	if (wn == n && (n == 0 || memcmp(want, p, n) == 0))
		return 0;
	printf("FAIL %s\n  expected %s\n  got      %s\n", what, wn == (size_t)-1 ? "(bad hex)" : hex_str(want, wn),
	       hex_str(p, n));
	return 1;
}
