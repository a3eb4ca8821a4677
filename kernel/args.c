/* SPDX-License-Identifier: MIT */
/*
 * Boot argument and shell line parsing; see include/meridian/args.h.
 *
 * Linux's memparse(), kstrto*() and next_arg()/parse_args() semantics
 * are the model. Character classes are done here rather than with
 * <ctype.h>: the input is arbitrary bytes, <ctype.h> is undefined for
 * negative char values, and the kernel has no locale.
 *
 * Out of scope: the parameter tables, error messages, running commands.
 */
#include "meridian/args.h"
#include "meridian/errno.h"

#include <limits.h>
#include <string.h>

/* ---- character classes -------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Value of c as a digit in any base up to 16, or 16 if it is none. */
static unsigned int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c = to_lower(c);
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return 16;
}

static char *skip_spaces(char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/* ---- numbers ------------------------------------------------------ */

/*
 * parse_ull - parse an unsigned number with C base prefix at s.
 * Base is 16 for "0x"/"0X" followed by a hex digit, 8 for any other
 * leading '0' (so "0x" alone is the octal 0 followed by 'x'), else 10.
 * Returns the number of characters consumed, 0 if s does not start with
 * a digit. Sets *res (UINT64_MAX on overflow) and *ovf.
 */
static size_t parse_ull(const char *s, u64 *res, bool *ovf)
{
	unsigned int base = 10, d;
	size_t i = 0;
	u64 v = 0;

	*res = 0;
	*ovf = false;
	if (digit_val(s[0]) >= 10)
		return 0;
	if (s[0] == '0') {
		if (to_lower(s[1]) == 'x' && digit_val(s[2]) < 16) {
			base = 16;
			i = 2;
		} else {
			base = 8;
		}
	}
	/* checked builtins: no 64-bit division, so no libgcc helper */
	for (; (d = digit_val(s[i])) < base; i++) {
		u64 next;

		if (__builtin_mul_overflow(v, (u64)base, &next) ||
		    __builtin_add_overflow(next, (u64)d, &next))
			*ovf = true;
		else
			v = next;
	}
	*res = *ovf ? UINT64_MAX : v;
	return i;
}

/* Shift for a memparse() suffix letter, 0 if c is not one. */
static unsigned int suffix_shift(char c)
{
	switch (to_lower(c)) {
	case 'k': return 10;
	case 'm': return 20;
	case 'g': return 30;
	case 't': return 40;
	case 'p': return 50;
	case 'e': return 60;
	default: return 0;
	}
}

/* memparse() that also tells whether the value overflowed u64. */
static u64 mem_parse(const char *s, const char **end, bool *ovf)
{
	unsigned int shift;
	size_t n;
	u64 v;

	n = parse_ull(s, &v, ovf);
	*end = s + n;
	if (!n)
		return 0;
	shift = suffix_shift(s[n]);
	if (shift) {
		(*end)++;
		if (v > (UINT64_MAX >> shift)) {
			*ovf = true;
			return UINT64_MAX;
		}
		v <<= shift;
	}
	return v;
}

u64 memparse(const char *s, const char **retptr)
{
	const char *end = s;
	bool ovf;
	u64 v = 0;

	if (s)
		v = mem_parse(s, &end, &ovf);
	if (retptr)
		*retptr = end;
	return v;
}

int parse_size(const char *s, u64 *out)
{
	const char *end;
	bool ovf;
	u64 v;

	if (!s)
		return -EINVAL;
	v = mem_parse(s, &end, &ovf);
	if (end == s || *end)
		return -EINVAL;
	if (ovf)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Whole of s is one unsigned number: 0, -EINVAL or -ERANGE (u64). */
static int parse_whole_ull(const char *s, u64 *out)
{
	bool ovf;
	size_t n;

	n = parse_ull(s, out, &ovf);
	if (!n || s[n])
		return -EINVAL;
	return ovf ? -ERANGE : 0;
}

int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	u64 v;
	int err;

	if (!s)
		return -EINVAL;
	err = parse_whole_ull(s, &v);
	if (err)
		return err;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_int(const char *s, long long min, long long max, long long *out)
{
	bool neg;
	long long v;
	u64 mag;
	int err;

	if (!s)
		return -EINVAL;
	neg = *s == '-';
	err = parse_whole_ull(s + neg, &mag);
	if (err)
		return err;
	if (neg) {
		if (mag > (u64)LLONG_MAX + 1)
			return -ERANGE;
		/* -(mag - 1) - 1 reaches LLONG_MIN without signed overflow */
		v = mag ? -(long long)(mag - 1) - 1 : 0;
	} else {
		if (mag > (u64)LLONG_MAX)
			return -ERANGE;
		v = (long long)mag;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Case-insensitive equality of whole NUL-terminated strings. */
static bool str_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (to_lower(*a) != to_lower(*b))
			return false;
	return *a == *b;
}

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };
	size_t i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (str_eq_nocase(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (str_eq_nocase(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- boot command line -------------------------------------------- */

/*
 * Linux's next_arg() with one fix: Linux uses "index of '=' is 0" to
 * mean "no '='", so "=x" became a bare param "=x". Here it is the empty
 * name with value "x" (reported as unknown by parse_args()).
 */
char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false, quoted = false, has_eq = false;
	size_t i, eq = 0;

	*param = NULL;
	*val = NULL;
	if (!args)
		return NULL;
	args = skip_spaces(args);
	if (!*args)
		return NULL;
	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (is_space(args[i]) && !in_quote)
			break;
		if (!has_eq && args[i] == '=') {
			has_eq = true;
			eq = i;
		}
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (has_eq) {
		args[eq] = '\0';
		*val = args + eq + 1;
		/* param="a b": drop the quotes around the value */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	/* "param=a b": drop the closing quote of a quoted token */
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i])
		args[i++] = '\0';
	return skip_spaces(args + i);
}

/* Parameter names compare with '-' and '_' equal, as Linux parameq(). */
static bool param_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a;
		char cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

/* Dispatch one param; returns 0 if it was accepted, 1 if not. */
static int dispatch_one(const char *param, const char *val,
			const struct boot_param *params, size_t n,
			const struct parse_args_report *report, void *ctx)
{
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		if (!params[i].name || !param_eq(param, params[i].name))
			continue;
		err = params[i].setup ? params[i].setup(val, ctx) : 0;
		if (err >= 0)
			return 0;
		if (report && report->failed)
			report->failed(param, val, err, ctx);
		return 1;
	}
	if (report && report->unknown)
		report->unknown(param, val, ctx);
	return 1;
}

int parse_args(char *args, const struct boot_param *params, size_t n,
	       const struct parse_args_report *report, void *ctx)
{
	char *param, *val;
	int bad = 0;

	while ((args = next_arg(args, &param, &val)) != NULL) {
		if (dispatch_one(param, val, params, n, report, ctx) &&
		    bad < INT_MAX)
			bad++;
	}
	return bad;
}

/* ---- shell lines -------------------------------------------------- */

/*
 * Checks that every double quote in s is closed, treating a backslash
 * as escaping the next character (a trailing backslash escapes
 * nothing). Sets *trailing_bs if s ends in an unescaped backslash.
 */
static bool quotes_balanced(const char *s, bool *trailing_bs)
{
	bool in_quote = false;

	*trailing_bs = false;
	for (; *s; s++) {
		if (*s == '\\') {
			if (!s[1]) {
				*trailing_bs = true;
				break;
			}
			s++;
		} else if (*s == '"') {
			in_quote = !in_quote;
		}
	}
	return !in_quote;
}

/*
 * Scans one command starting at p up to an unquoted, unescaped ';' or
 * the NUL. Returns a pointer to that terminator and sets *end just past
 * the last character that is not unprotected whitespace.
 * Precondition: quotes are balanced (quotes_balanced()).
 */
static char *scan_command(char *p, char **end)
{
	bool in_quote = false;

	*end = p;
	while (*p && (in_quote || *p != ';')) {
		if (*p == '\\' && p[1]) {
			p += 2;
			*end = p;
			continue;
		}
		if (*p == '"')
			in_quote = !in_quote;
		if (in_quote || !is_space(*p))
			*end = p + 1;
		p++;
	}
	return p;
}

int split_commands(char *line, char **cmds, int max)
{
	char *p = line, *start, *end;
	bool trailing_bs;
	int count = 0;
	char sep;

	if (!line || max < 0 || !quotes_balanced(line, &trailing_bs))
		return -EINVAL;
	for (;;) {
		start = skip_spaces(p);
		p = scan_command(start, &end);
		sep = *p;
		*end = '\0';	/* end <= p, and *p is saved in sep */
		if (end > start) {
			if (count == max)
				return -E2BIG;
			cmds[count++] = start;
		}
		if (!sep)
			return count;
		p++;
	}
}

/*
 * Copies one word from *rp to w, removing quotes and escapes, stopping
 * at unquoted whitespace or NUL. Returns the new write position; *rp is
 * left at the stopping character. Since quotes and escapes only
 * shrink, the write position never passes the read position.
 */
static char *copy_word(char **rp, char *w)
{
	bool in_quote = false;
	char *r = *rp;

	while (*r && (in_quote || !is_space(*r))) {
		if (*r == '\\' && r[1]) {
			*w++ = r[1];
			r += 2;
		} else if (*r == '"') {
			in_quote = !in_quote;
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*rp = r;
	return w;
}

int make_argv(char *cmd, char **argv, int max)
{
	bool trailing_bs;
	char *r, *w;
	int argc = 0;
	char sep;

	if (!cmd || max < 0 || !quotes_balanced(cmd, &trailing_bs) ||
	    trailing_bs)
		return -EINVAL;
	r = w = cmd;
	for (;;) {
		r = skip_spaces(r);
		if (!*r)
			break;
		if (argc == max) {
			argv[max] = NULL;
			return -E2BIG;
		}
		argv[argc++] = w;
		w = copy_word(&r, w);
		sep = *r;
		*w++ = '\0';	/* w <= r here, and *r is saved in sep */
		if (!sep)
			break;
		r++;
	}
	argv[argc] = NULL;
	return argc;
}

bool list_contains(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}
