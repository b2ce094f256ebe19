/* check_digit_test.c - the 7-3-1 check digit against ICAO 9303 part 3
 * appendix A and the composite examples of parts 4 to 6. */
#include <stdio.h>
#include <string.h>

#include "mrz.h"

static const struct {
	const char *text;
	char digit;
	const char *source;
} vectors[] = {
	{"520727", '3', "part 3 appendix A, date"},
	{"AB2134<<<", '5', "part 3 appendix A, document number"},
	{"HA672242<6" "5802254" "9601086<<<<<<<<<<<<<<0", '8', "part 3 appendix A, TD3 composite (line 2: 1-10, 14-20, 22-43)"},
	{"I<YTOd23145890", 0, "lower case is outside the alphabet"},
	{"", '0', "empty field"},
	{"<<<<<<<<<<<<<<", '0', "all fillers"},
	{"D23145890", '7', "part 5 TD1 specimen number"},
};

int main(void)
{
	int failed = 0;
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const char *t = vectors[i].text;
		char got = mrz_check_digit(t, strlen(t));
		if (got != vectors[i].digit) {
			printf("FAIL %s: \"%s\" expected %d got %d\n", vectors[i].source, t,
			       vectors[i].digit, got);
			failed++;
		}
	}
	printf("%zu vectors, %d failed\n", sizeof vectors / sizeof vectors[0], failed);
	return failed ? 1 : 0;
}
