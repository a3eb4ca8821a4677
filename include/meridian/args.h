/* SPDX-License-Identifier: MIT */
/*
 * Pure parsing of boot arguments and shell command lines.
 *
 * Everything here works on caller-owned strings: no allocation, no
 * output, no global state, so the same code runs in the kernel and in
 * the host tests and fuzzers. Functions that take a "mutable" string
 * modify it in place and hand back pointers into it.
 *
 * All functions accept arbitrary bytes (control characters, bytes
 * >= 0x80), never read past the terminating NUL and never write outside
 * the input string or the arrays they are given. Whitespace means
 * ' ', '\t', '\n', '\v', '\f' and '\r' (ASCII only, locale-free).
 *
 * Out of scope: the boot parameter tables themselves, printing of
 * errors, running shell commands.
 */
#ifndef MERIDIAN_ARGS_H
#define MERIDIAN_ARGS_H

#include "meridian/types.h"

/*
 * memparse - parse a memory size, as Linux memparse().
 * @s: number in C syntax (decimal, 0x/0X hex, leading-0 octal) followed
 *     by an optional case-insensitive suffix K, M, G, T, P or E (powers
 *     of 1024). No leading whitespace or sign is accepted.
 * @retptr: if non-NULL, set to the first character not consumed.
 *
 * Returns the value, saturated at UINT64_MAX (U64_MAX) on overflow of
 * either the digits or the suffix shift. Returns 0 and consumes nothing
 * (not even a suffix) if @s does not start with a digit; a NULL @s is
 * treated the same way.
 */
u64 memparse(const char *s, const char **retptr);

/*
 * parse_size - strict size for boot arguments ("240M", "0x10000000").
 * The whole of @s must be one memparse() number with optional suffix.
 *
 * Returns 0 and sets *@out; -EINVAL for NULL, empty, garbage or trailing
 * junk ("abc", "12Q", "1M2", "-1", "0x"); -ERANGE if the value does not
 * fit in u64. Syntax errors take precedence over overflow. *@out is not
 * written on error.
 */
int parse_size(const char *s, u64 *out);

/*
 * parse_uint - strict unsigned integer, base 0 as strtoul() ("0x1f",
 * "017", "42"), but the whole string must be digits: no whitespace, no
 * sign, no trailing junk.
 *
 * Returns 0 and sets *@out; -EINVAL for a malformed string; -ERANGE if
 * the value exceeds @max (or u64). *@out is not written on error.
 */
int parse_uint(const char *s, unsigned long long max, unsigned long long *out);

/*
 * parse_int - strict signed integer: like parse_uint() with an optional
 * leading '-' ("-0x10" is -16). Returns 0 and sets *@out; -EINVAL for a
 * malformed string; -ERANGE if the value is outside [@min, @max].
 * *@out is not written on error.
 */
int parse_int(const char *s, long long min, long long max, long long *out);

/*
 * parse_bool - strict boolean: "1"/"0", "y"/"n", "yes"/"no", "on"/"off",
 * "true"/"false", case-insensitive, whole string only.
 * Returns 0 and sets *@out, or -EINVAL (also for NULL). Unlike Linux
 * kstrtobool() a prefix ("yesplease") is not enough.
 */
int parse_bool(const char *s, bool *out);

/*
 * next_arg - split off the first argument of a Linux-style command line.
 * @args: mutable string, modified in place.
 * @param: set to the NUL-terminated parameter name.
 * @val: set to the NUL-terminated value after the first '=', or NULL
 *       when the argument has no '='. "param=" gives an empty value.
 *
 * Leading whitespace is skipped. Double quotes protect whitespace:
 * "param=a b c" (whole token quoted), param="a b" (value quoted) and
 * mixed forms work as in Linux; the enclosing quotes are stripped,
 * quotes in the middle of a token are kept.
 *
 * Returns the rest of the string after this argument and the
 * whitespace following it (possibly ""), or NULL when @args holds no
 * more arguments (then *@param and *@val are set to NULL).
 * Each non-NULL return is strictly past @args, so a loop terminates:
 *
 *	while ((args = next_arg(args, &param, &val)) != NULL)
 *		use(param, val);
 */
char *next_arg(char *args, char **param, char **val);

struct boot_param {
	const char *name;	/* exact name, e.g. "vmalloc", "meridian.exec" */
	/* val is NULL for a bare "name"; returns 0 or negative errno */
	int (*setup)(const char *val, void *ctx);
};

/* What parse_args() tells its caller, one call per event. Either may be NULL. */
struct parse_args_report {
	/* no entry with a matching name */
	void (*unknown)(const char *param, const char *val, void *ctx);
	/* the entry's setup returned < 0 */
	void (*failed)(const char *param, const char *val, int err, void *ctx);
};

/*
 * parse_args - dispatch every argument of a command line.
 * @args: mutable command line, modified in place (see next_arg()).
 * @params: table of @n entries; the first whose name matches is used.
 *          Dashes and underscores compare equal, as in Linux parameq().
 * @report: may be NULL.
 * @ctx: passed through to setup and report callbacks.
 *
 * Unknown and failed parameters are reported and skipped; parsing
 * always continues to the end. Returns the number of parameters that
 * failed or were unknown (0 when all were accepted).
 */
int parse_args(char *args, const struct boot_param *params, size_t n,
	       const struct parse_args_report *report, void *ctx);

/*
 * split_commands - split a mutable shell line into commands.
 * @line: modified in place.
 * @cmds: receives up to @max pointers to the NUL-terminated commands.
 *
 * Splits on ';' outside double quotes, trims surrounding whitespace and
 * skips empty commands. Quotes and backslashes are kept for make_argv();
 * a backslash protects the next character ("a\;b" is one command, a
 * trailing escaped space is not trimmed).
 *
 * Returns the number of commands; -E2BIG if there are more than @max
 * (the first @max are filled); -EINVAL for an unterminated quote or a
 * negative @max, in which case @line is left unmodified.
 */
int split_commands(char *line, char **cmds, int max);

/* Is name one of the entries of the comma-separated list ("a,b,c")? */
bool list_contains(const char *list, const char *name);

/*
 * make_argv - split one mutable command into words.
 * @cmd: modified in place; the words are packed into it.
 * @argv: needs @max + 1 slots; argv[argc] is set to NULL.
 *
 * Words are separated by whitespace. Double quotes group and are
 * stripped ("" is an empty word). A backslash makes the next character
 * literal, inside and outside quotes.
 *
 * Returns argc; -E2BIG if there are more than @max words (argv[0..max-1]
 * are filled and argv[max] is NULL); -EINVAL for an unterminated quote,
 * a trailing backslash or a negative @max, in which case @cmd is left
 * unmodified and @argv untouched.
 */
int make_argv(char *cmd, char **argv, int max);

#endif /* MERIDIAN_ARGS_H */
