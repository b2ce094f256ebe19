/* cli_test.c - `id06-mrz parse`: exit codes 0/1/2 on the sample files and on
 * hand-made input, the messages, and the JSON shape read back with jansson.
 * argv[1] is the id06-mrz program. */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *tool;
static int failed, cases;
static char out[65536], err[65536];

/* Runs the tool with args (a shell fragment), stdin from text (or empty),
 * and captures stdout and stderr.  Returns the exit status. */
static int run(const char *args, const char *text)
{
	char in_path[] = "/tmp/id06-mrz-cli-in-XXXXXX";
	char err_path[] = "/tmp/id06-mrz-cli-err-XXXXXX";
	int in_fd = mkstemp(in_path), err_fd = mkstemp(err_path);
	if (in_fd < 0 || err_fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	if (text && write(in_fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror("write");
		exit(1);
	}
	close(in_fd);
	close(err_fd);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "'%s' %s <'%s' 2>'%s'", tool, args, in_path, err_path);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
	out[n] = '\0';
	int status = p ? pclose(p) : -1;
	FILE *e = fopen(err_path, "r");
	n = e ? fread(err, 1, sizeof err - 1, e) : 0;
	err[n] = '\0';
	if (e)
		fclose(e);
	unlink(in_path);
	unlink(err_path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct row {
	const char *args;   /* after the tool; %s is the data folder */
	const char *stdin_text;
	int status;
	const char *in_out; /* substring of stdout, or NULL */
	const char *in_err; /* substring of stderr, or NULL */
};

static const struct row rows[] = {
	{"parse @/icao-td3-passport.txt", NULL, 0, "ERIKSSON", NULL},
	{"parse @/icao-td1-id-card.txt", NULL, 0, "D23145890", NULL},
	{"parse @/icao-td2-id-card.txt", NULL, 0, "TD2", NULL},
	{"parse @/icao-mrva-visa.txt", NULL, 0, "MRV-A", NULL},
	{"parse @/icao-mrvb-visa.txt", NULL, 0, "MRV-B", NULL},
	{"parse @/quirk-belgium-td1-long-number.txt", NULL, 0, "615057409939 (long number)", NULL},
	{"parse @/quirk-td1-long-number-filler-included.txt", NULL, 0, "'<' included", "warning"},
	{"parse @/quirk-germany-td3.txt", NULL, 0, "MUSTERMANN", NULL},
	{"parse @/quirk-td3-unknown-birth-day.txt", NULL, 0, "1974-08 (day unknown)", NULL},
	{"parse @/quirk-moldova-td1-no-expiry.txt", NULL, 0, "expiry date      unknown", NULL},
	{"parse @/quirk-td3-truncated-name.txt", NULL, 0, "may be truncated", NULL},
	{"parse @/bad-check-digit.txt", NULL, 1, "FAILED",
	 "birth date check digit (line 2 column 7): expected 2, found 3"},
	{"parse @/ocr-confusion-repairable.txt", NULL, 1, NULL, "not YYMMDD"},
	{"parse --repair @/ocr-confusion-repairable.txt", NULL, 0,
	 "corrected        line 2 column 16: 'O' -> '0'", NULL},
	{"parse -", "  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\r\n"
	 "l898902c36uto7408122f1204159ze184226b<<<<<10  \n\n", 0, "ANNA MARIA", NULL},
	{"parse", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	 "D231458907UTO7408122F1204159<<<<<<<6\n", 0, "TD2", NULL},
	{"parse -", "hello world\n", 2, NULL, "not an MRZ: only 1 line"},
	{"parse -", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n", 2, NULL,
	 "line 1 has 43 characters, expected 44 like line 2"},
	{"parse -", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	 "L898902C36UTO7408122F1204159ZE18422$B<<<<<10\n", 2, NULL,
	 "line 2 column 36: '$'"},
	{"parse --bogus -", "", 2, NULL, "unknown option '--bogus'"},
	{"parse a b", "", 2, NULL, "one input only"},
	{"parse /nonexistent/mrz.txt", "", 2, NULL, "cannot open"},
	{"parse --today 2026-13-01 -", "", 2, NULL, "--today needs a date"},
	{"parse --help", "", 0, "--repair", NULL},
	{"--help", "", 0, "parse", NULL},
	{"", "", 2, NULL, "usage: id06-mrz"},
	{"frobnicate", "", 2, NULL, "unknown command 'frobnicate'"},
	{"parse --today 1999-01-01 @/icao-td3-passport.txt", NULL, 0,
	 "expiry date      2012-04-15", NULL},
	{"parse --today=2080-06-01 @/icao-td3-passport.txt", NULL, 0,
	 "birth date       2074-08-12", NULL},
};

/* Copies fmt with every '@' replaced by data. */
static void expand(char *dst, size_t cap, const char *fmt, const char *data)
{
	size_t n = 0, dl = strlen(data);
	for (const char *p = fmt; *p && n + 1 < cap; p++) {
		if (*p == '@' && n + dl + 1 < cap) {
			memcpy(dst + n, data, dl);
			n += dl;
		} else {
			dst[n++] = *p;
		}
	}
	dst[n] = '\0';
}

static void run_rows(const char *data)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char args[1024];
		expand(args, sizeof args, rows[i].args, data);
		int st = run(args, rows[i].stdin_text ? rows[i].stdin_text : "");
		cases++;
		bool bad = st != rows[i].status ||
		           (rows[i].in_out && !strstr(out, rows[i].in_out)) ||
		           (rows[i].in_err && !strstr(err, rows[i].in_err));
		if (bad) {
			printf("FAIL id06-mrz %s\n  expected exit %d%s%s%s%s\n  got exit %d\n"
			       "--- stdout\n%s--- stderr\n%s---\n",
			       args, rows[i].status,
			       rows[i].in_out ? ", stdout with: " : "", rows[i].in_out ? rows[i].in_out : "",
			       rows[i].in_err ? ", stderr with: " : "", rows[i].in_err ? rows[i].in_err : "",
			       st, out, err);
			failed++;
		}
	}
}

static void expect(bool ok, const char *what)
{
	cases++;
	if (!ok) {
		printf("FAIL JSON: %s\n--- stdout\n%s--- stderr\n%s---\n", what, out, err);
		failed++;
	}
}

static bool str_is(json_t *o, const char *key, const char *want)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

static void run_json(const char *data)
{
	char args[1024];
	json_error_t je;

	expand(args, sizeof args, "parse --json @/icao-td3-passport.txt", data);
	expect(run(args, "") == 0, "specimen exits 0");
	json_t *j = json_loads(out, 0, &je);
	expect(json_is_object(j), "specimen output is one JSON object");
	static const char *const keys[] = {
		"format", "document_code", "issuing_state", "document_number",
		"nationality", "birth_date", "sex", "expiry_date", "surname",
		"given_names", "optional_data", "valid", "checks", "corrections",
		"errors",
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char what[64];
		snprintf(what, sizeof what, "key \"%s\" present", keys[i]);
		expect(json_object_get(j, keys[i]) != NULL, what);
	}
	expect(str_is(j, "format", "TD3"), "format TD3");
	expect(str_is(j, "document_code", "P"), "document_code P");
	expect(str_is(j, "issuing_state", "UTO"), "issuing_state UTO");
	expect(str_is(j, "document_number", "L898902C3"), "document_number");
	expect(str_is(j, "nationality", "UTO"), "nationality");
	expect(str_is(j, "birth_date", "1974-08-12"), "birth_date ISO");
	expect(str_is(j, "expiry_date", "2012-04-15"), "expiry_date ISO");
	expect(str_is(j, "sex", "F"), "sex");
	expect(str_is(j, "surname", "ERIKSSON"), "surname");
	expect(str_is(j, "given_names", "ANNA MARIA"), "given_names");
	expect(str_is(j, "optional_data", "ZE184226B"), "optional_data");
	expect(json_is_true(json_object_get(j, "valid")), "valid true");
	json_t *checks = json_object_get(j, "checks");
	static const char *const ck[] = {"document_number", "birth_date", "expiry_date",
	                                 "optional_data", "composite"};
	for (size_t i = 0; i < 5; i++) {
		json_t *c = json_object_get(checks, ck[i]);
		char what[96];
		snprintf(what, sizeof what, "checks.%s {valid true, expected = found}", ck[i]);
		expect(json_is_object(c) && json_is_true(json_object_get(c, "valid")) &&
		       json_is_string(json_object_get(c, "expected")) &&
		       json_equal(json_object_get(c, "expected"), json_object_get(c, "found")),
		       what);
	}
	expect(json_is_array(json_object_get(j, "corrections")) &&
	       json_array_size(json_object_get(j, "corrections")) == 0, "no corrections");
	expect(json_is_array(json_object_get(j, "errors")) &&
	       json_array_size(json_object_get(j, "errors")) == 0, "no errors");
	json_decref(j);

	/* A visa has no composite and no personal number check. */
	expand(args, sizeof args, "parse --json @/icao-mrvb-visa.txt", data);
	expect(run(args, "") == 0, "visa exits 0");
	j = json_loads(out, 0, &je);
	checks = json_object_get(j, "checks");
	expect(json_object_get(checks, "composite") == NULL &&
	       json_object_get(checks, "optional_data") == NULL &&
	       json_object_get(checks, "document_number") != NULL,
	       "visa checks: no composite, no optional_data");
	json_decref(j);

	/* A failed check: exit 1, valid false, the error says where. */
	expand(args, sizeof args, "parse --json @/bad-check-digit.txt", data);
	expect(run(args, "") == 1, "bad check digit exits 1");
	j = json_loads(out, 0, &je);
	expect(json_is_false(json_object_get(j, "valid")), "valid false");
	json_t *bd = json_object_get(json_object_get(j, "checks"), "birth_date");
	expect(json_is_false(json_object_get(bd, "valid")) &&
	       str_is(bd, "expected", "2") && str_is(bd, "found", "3"),
	       "checks.birth_date expected 2 found 3");
	json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
	expect(json_is_integer(json_object_get(e0, "line")) &&
	       json_integer_value(json_object_get(e0, "line")) == 2 &&
	       json_is_string(json_object_get(e0, "message")),
	       "errors[0] has line 2 and a message");
	json_decref(j);

	/* Repair: corrections listed with line, column, from, to. */
	expand(args, sizeof args, "parse --json --repair @/ocr-confusion-repairable.txt", data);
	expect(run(args, "") == 0, "repair exits 0");
	j = json_loads(out, 0, &je);
	json_t *corr = json_object_get(j, "corrections");
	expect(json_is_array(corr) && json_array_size(corr) == 2, "two corrections");
	json_t *c0 = json_array_get(corr, 0);
	expect(json_integer_value(json_object_get(c0, "line")) == 2 &&
	       json_integer_value(json_object_get(c0, "column")) == 16 &&
	       str_is(c0, "from", "O") && str_is(c0, "to", "0"),
	       "corrections[0] line 2 column 16 O -> 0");
	expect(json_is_true(json_object_get(j, "valid")), "repaired MRZ valid");
	json_decref(j);

	/* Not an MRZ: still one JSON object, exit 2, errors say why. */
	expect(run("parse --json -", "not an mrz\n") == 2, "not an MRZ exits 2");
	j = json_loads(out, 0, &je);
	expect(json_is_object(j) && str_is(j, "format", "unknown") &&
	       json_array_size(json_object_get(j, "errors")) == 1,
	       "not an MRZ: format unknown, one error");
	json_decref(j);

	/* Unknown birth day: ISO with reduced precision; no expiry: null. */
	expand(args, sizeof args, "parse --json @/quirk-moldova-td1-no-expiry.txt", data);
	expect(run(args, "") == 0, "Moldova exits 0");
	j = json_loads(out, 0, &je);
	expect(json_is_null(json_object_get(j, "expiry_date")), "no expiry is null");
	json_decref(j);
	expand(args, sizeof args, "parse --json @/quirk-td3-unknown-birth-day.txt", data);
	expect(run(args, "") == 0, "unknown day exits 0");
	j = json_loads(out, 0, &je);
	expect(str_is(j, "birth_date", "1974-08"), "unknown day is YYYY-MM");
	json_decref(j);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cli_test PATH-TO-id06-mrz\n");
		return 2;
	}
	tool = argv[1];
	const char *data = ID06_SOURCE_DIR "/tests/data/mrz";
	run_rows(data);
	run_json(data);
	printf("%d cases, %d failed\n", cases, failed);
	return failed ? 1 : 0;
}
