/* kiosk_script.c - parses scripted sessions (see kiosk_script.h). */
#include "kiosk_script.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LINE = 1024, MAX_SCRIPT = 1 << 20 };

const char *kiosk_script_err_str(enum kiosk_script_err err)
{
	switch (err) {
	case KIOSK_SCRIPT_OK: return "ok";
	case KIOSK_SCRIPT_ERR_IO: return "the script file cannot be read";
	case KIOSK_SCRIPT_ERR_SYNTAX: return "unknown command or missing argument";
	case KIOSK_SCRIPT_ERR_TOO_LONG: return "a line, argument or the script is too long";
	case KIOSK_SCRIPT_ERR_BAD_VALUE: return "a value that is not a number or date";
	}
	return "unknown error";
}

static enum kiosk_script_err fail(struct kiosk_script *s, int line, enum kiosk_script_err err,
                                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static enum kiosk_script_err fail(struct kiosk_script *s, int line, enum kiosk_script_err err,
                                  const char *fmt, ...)
{
	s->error_line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	return err;
}

/* Splits a line into words on blanks, in place.  Returns the count, or -1
 * when there are more than max. */
static int split(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		if (n == max)
			return -1;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static bool copy_arg(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

static bool parse_number(const char *text, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || v < 0 || v > 86400.0 * 366)
		return false;
	*out = v;
	return true;
}

/* YYYY-MM-DD to YYYYMMDD, with a plausible month and day. */
static bool parse_date(const char *text, double *out)
{
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	int v[3] = {0, 0, 0};
	const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
	for (int f = 0; f < 3; f++)
		for (int i = 0; i < lens[f]; i++) {
			char c = text[starts[f] + i];
			if (c < '0' || c > '9')
				return false;
			v[f] = v[f] * 10 + (c - '0');
		}
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	*out = v[0] * 10000.0 + v[1] * 100.0 + v[2];
	return true;
}

/* The document options the driver knows; a typo must not pass silently
 * as a document without its CAN. */
static enum kiosk_script_err check_document_option(const struct kiosk_script_cmd *cmd,
                                                   const struct kiosk_script_option *o,
                                                   struct kiosk_script *s, int lineno)
{
	static const char *const keys[] = {"mrz", "face", "fault", "access", "can", "ca", "aa"};
	bool known = false;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		known = known || strcmp(o->key, keys[k]) == 0;
	if (!known)
		return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX,
		            "document option %.16s unknown: mrz, face, fault, access, can, ca or aa",
		            o->key);
	if (kiosk_script_option(cmd, o->key))
		return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX, "document option %.16s given twice",
		            o->key);
	/* The simulator's own names, checked here so a typo names its line. */
	static const struct {
		const char *key, *values[6], *say;
	} choices[] = {
		{"access", {"bac", "pace-ecdh", "pace-dh", "pace-cam", "pace-only-can"},
		 "bac, pace-ecdh, pace-dh, pace-cam or pace-only-can"},
		{"ca", {"ecdh", "ecdh-p256", "dh"}, "ecdh, ecdh-p256 or dh"},
		{"aa", {"rsa", "ecdsa", "ecdsa-der"}, "rsa, ecdsa or ecdsa-der"},
	};
	for (size_t k = 0; k < sizeof choices / sizeof choices[0]; k++) {
		if (strcmp(o->key, choices[k].key) != 0)
			continue;
		bool listed = false;
		for (size_t v = 0; choices[k].values[v]; v++)
			listed = listed || strcmp(o->value, choices[k].values[v]) == 0;
		if (!listed)
			return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "%s=%.40s: %s", o->key, o->value,
			            choices[k].say);
	}
	size_t n = strlen(o->value);
	if (strcmp(o->key, "can") == 0 && (n != 6 || strspn(o->value, "0123456789") != n))
		return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE,
		            "can=%.40s: the card access number is 6 digits", o->value);
	return KIOSK_SCRIPT_OK;
}

static enum kiosk_script_err parse_line(struct kiosk_script *s, int lineno, char *line,
                                        struct kiosk_script_cmd *cmd)
{
	char *w[2 + KIOSK_SCRIPT_MAX_OPTIONS + 2];
	int n = split(line, w, (int)(sizeof w / sizeof w[0]));
	if (n < 0)
		return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "too many words");
	memset(cmd, 0, sizeof *cmd);
	cmd->line = lineno;
	const char *op = w[0];
	int first_option = 2;

	if (strcmp(op, "today") == 0 && n == 2) {
		cmd->op = KIOSK_OP_TODAY;
		if (!parse_date(w[1], &cmd->number))
			return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "today wants YYYY-MM-DD, not %.40s", w[1]);
		return KIOSK_SCRIPT_OK;
	}
	if (strcmp(op, "remove") == 0 && n == 1) {
		cmd->op = KIOSK_OP_REMOVE;
		return KIOSK_SCRIPT_OK;
	}
	if ((strcmp(op, "plug") == 0 || strcmp(op, "unplug") == 0) && n == 2) {
		cmd->op = op[0] == 'p' ? KIOSK_OP_PLUG : KIOSK_OP_UNPLUG;
		if (strcmp(w[1], "reader") != 0 && strcmp(w[1], "camera") != 0)
			return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "%s reader or camera, not %.40s",
			            op, w[1]);
		snprintf(cmd->arg, sizeof cmd->arg, "%s", w[1]);
		return KIOSK_SCRIPT_OK;
	}
	if (strcmp(op, "tap") == 0 && n == 2) {
		cmd->op = KIOSK_OP_TAP;
	} else if (strcmp(op, "wait") == 0 && n == 2) {
		cmd->op = KIOSK_OP_WAIT;
		if (!parse_number(w[1], &cmd->number))
			return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "wait wants seconds, not %.40s", w[1]);
		return KIOSK_SCRIPT_OK;
	} else if (strcmp(op, "screenshot") == 0 && n == 2) {
		cmd->op = KIOSK_OP_SCREENSHOT;
	} else if (strcmp(op, "document") == 0 && n >= 2) {
		cmd->op = KIOSK_OP_DOCUMENT;
	} else if (strcmp(op, "expect") == 0 && n >= 2) {
		const char *what = w[1];
		if (strcmp(what, "clean") == 0 && n == 2) {
			cmd->op = KIOSK_OP_EXPECT_CLEAN;
			return KIOSK_SCRIPT_OK;
		}
		if ((strcmp(what, "outbox") == 0 || strcmp(what, "lines") == 0) && n == 3) {
			cmd->op = what[0] == 'o' ? KIOSK_OP_EXPECT_OUTBOX : KIOSK_OP_EXPECT_LINES;
			if (!parse_number(w[2], &cmd->number))
				return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "expect %s wants a count", what);
			return KIOSK_SCRIPT_OK;
		}
		if (strcmp(what, "screen") == 0 && (n == 3 || n == 4)) {
			cmd->op = KIOSK_OP_EXPECT_SCREEN;
			if (n == 4 && !parse_number(w[3], &cmd->number))
				return fail(s, lineno, KIOSK_SCRIPT_ERR_BAD_VALUE, "expect screen wants seconds last");
		} else if (strcmp(what, "problem") == 0 && n == 3) {
			cmd->op = KIOSK_OP_EXPECT_PROBLEM;
		} else {
			return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX,
			            "expect what? screen NAME, problem NAME, outbox N, lines N or clean");
		}
		if (!copy_arg(cmd->arg, sizeof cmd->arg, w[2]))
			return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "name too long");
		return KIOSK_SCRIPT_OK;
	} else {
		return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX, "unknown command or wrong argument count: %.40s", op);
	}

	if (!copy_arg(cmd->arg, sizeof cmd->arg, w[1]))
		return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "argument too long");
	for (int i = first_option; i < n; i++) {
		if (cmd->op != KIOSK_OP_DOCUMENT)
			return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX, "unexpected %.40s", w[i]);
		char *eq = strchr(w[i], '=');
		if (!eq || eq == w[i])
			return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX, "document options are key=value, not %.40s", w[i]);
		*eq = '\0';
		struct kiosk_script_option *o = &cmd->options[cmd->option_count];
		if (cmd->option_count == KIOSK_SCRIPT_MAX_OPTIONS || !copy_arg(o->key, sizeof o->key, w[i]) ||
		    !copy_arg(o->value, sizeof o->value, eq + 1))
			return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "option too long or too many");
		enum kiosk_script_err err = check_document_option(cmd, o, s, lineno);
		if (err)
			return err;
		cmd->option_count++;
	}
	return KIOSK_SCRIPT_OK;
}

enum kiosk_script_err kiosk_script_parse(const char *text, size_t len, struct kiosk_script *s)
{
	memset(s, 0, sizeof *s);
	if (len > MAX_SCRIPT)
		return fail(s, 0, KIOSK_SCRIPT_ERR_TOO_LONG, "the script is over %d bytes", MAX_SCRIPT);
	int lineno = 0, capacity = 0;
	size_t pos = 0;
	while (pos < len) {
		lineno++;
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		size_t n = end - pos;
		if (n >= MAX_LINE)
			return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "line over %d characters", MAX_LINE);
		char line[MAX_LINE];
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos = end + 1;
		if (memchr(line, '\0', n))
			return fail(s, lineno, KIOSK_SCRIPT_ERR_SYNTAX, "a NUL byte in the line");
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (char *c = line; *c; c++)
			if (*c == '\r')
				*c = ' ';
		char *words = line;
		while (*words == ' ' || *words == '\t')
			words++;
		if (!*words)
			continue;
		if (s->count == KIOSK_SCRIPT_MAX_COMMANDS)
			return fail(s, lineno, KIOSK_SCRIPT_ERR_TOO_LONG, "more than %d commands",
			            KIOSK_SCRIPT_MAX_COMMANDS);
		/* Grow by doubling: most scripts are short, and a commands
		 * array is about 2 KB a line. */
		if (s->count == capacity) {
			int grown = capacity ? capacity * 2 : 16;
			struct kiosk_script_cmd *cmds = realloc(s->cmds, (size_t)grown * sizeof *cmds);
			if (!cmds)
				return fail(s, lineno, KIOSK_SCRIPT_ERR_IO, "out of memory");
			s->cmds = cmds;
			capacity = grown;
		}
		enum kiosk_script_err err = parse_line(s, lineno, words, &s->cmds[s->count]);
		if (err)
			return err;
		s->count++;
	}
	return KIOSK_SCRIPT_OK;
}

enum kiosk_script_err kiosk_script_load(const char *path, struct kiosk_script *s)
{
	memset(s, 0, sizeof *s);
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(s, 0, KIOSK_SCRIPT_ERR_IO, "cannot open %.100s: %s", path, strerror(errno));
	char *buf = malloc(MAX_SCRIPT + 1);
	if (!buf) {
		fclose(f);
		return fail(s, 0, KIOSK_SCRIPT_ERR_IO, "out of memory");
	}
	size_t n = fread(buf, 1, MAX_SCRIPT + 1, f);
	bool read_error = ferror(f) != 0;
	fclose(f);
	enum kiosk_script_err err;
	if (read_error)
		err = fail(s, 0, KIOSK_SCRIPT_ERR_IO, "cannot read %.100s", path);
	else
		err = kiosk_script_parse(buf, n, s);
	free(buf);
	return err;
}

void kiosk_script_free(struct kiosk_script *s)
{
	if (!s)
		return;
	free(s->cmds);
	s->cmds = NULL;
	s->count = 0;
}

const char *kiosk_script_option(const struct kiosk_script_cmd *cmd, const char *key)
{
	for (int i = 0; i < cmd->option_count; i++)
		if (strcmp(cmd->options[i].key, key) == 0)
			return cmd->options[i].value;
	return NULL;
}
