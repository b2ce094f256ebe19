/* mrz_make.h - builds valid MRZ text for tests, check digits computed. */
#ifndef ID06_KIOSK_TEST_MRZ_MAKE_H
#define ID06_KIOSK_TEST_MRZ_MAKE_H

#include <stdio.h>
#include <string.h>

#include "mrz.h"

/* Pads s with '<' to width n into out (NUL-terminated). */
static inline void mrz_make_pad(char *out, const char *s, size_t n)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < n; i++)
		out[i] = i < len ? s[i] : '<';
	out[n] = '\0';
}

/* A TD3 passport: name is "SURNAME<<GIVEN<NAMES". */
static inline void mrz_make_td3(char *out, size_t cap, const char *state, const char *name,
                                const char *number, const char *nationality,
                                const char *birth, char sex, const char *expiry,
                                const char *personal)
{
	char l1[45], num[10], pers[15], l2[45], tmp[48], st[4];
	mrz_make_pad(st, state, 3); /* Germany is "D<<" */
	snprintf(tmp, sizeof tmp, "P<%s%s", st, name);
	mrz_make_pad(l1, tmp, 44);
	mrz_make_pad(num, number, 9);
	mrz_make_pad(pers, personal, 14);
	char pc = personal[0] ? mrz_check_digit(pers, 14) : '<';
	snprintf(l2, sizeof l2, "%s%c%-3.3s%s%c%c%s%c%s%c", num, mrz_check_digit(num, 9),
	         nationality, birth, mrz_check_digit(birth, 6), sex, expiry,
	         mrz_check_digit(expiry, 6), pers, pc);
	for (int i = 10; i < 13; i++)
		if (l2[i] == ' ')
			l2[i] = '<';
	char comp[64];
	snprintf(comp, sizeof comp, "%.10s%.7s%.22s", l2, l2 + 13, l2 + 21);
	l2[43] = mrz_check_digit(comp, strlen(comp));
	l2[44] = '\0';
	snprintf(out, cap, "%s\n%s\n", l1, l2);
}

/* A TD1 card. */
static inline void mrz_make_td1(char *out, size_t cap, const char *code, const char *state,
                                const char *number, const char *optional1, const char *birth,
                                char sex, const char *expiry, const char *nationality,
                                const char *optional2, const char *name)
{
	char l1[31], l2[31], l3[31], num[10], o1[16], o2[12], tmp[64];
	mrz_make_pad(num, number, 9);
	mrz_make_pad(o1, optional1, 15);
	snprintf(tmp, sizeof tmp, "%-2.2s%s%s%c%s", code, state, num, mrz_check_digit(num, 9), o1);
	mrz_make_pad(l1, tmp, 30);
	for (int i = 0; i < 2; i++)
		if (l1[i] == ' ')
			l1[i] = '<';
	mrz_make_pad(o2, optional2, 11);
	snprintf(tmp, sizeof tmp, "%s%c%c%s%c%-3.3s%s", birth, mrz_check_digit(birth, 6), sex, expiry,
	         mrz_check_digit(expiry, 6), nationality, o2);
	mrz_make_pad(l2, tmp, 30);
	for (int i = 15; i < 18; i++)
		if (l2[i] == ' ')
			l2[i] = '<';
	char comp[64];
	snprintf(comp, sizeof comp, "%.25s%.7s%.7s%.11s", l1 + 5, l2, l2 + 8, l2 + 18);
	l2[29] = mrz_check_digit(comp, strlen(comp));
	mrz_make_pad(l3, name, 30);
	snprintf(out, cap, "%s\n%s\n%s\n", l1, l2, l3);
}

#endif
