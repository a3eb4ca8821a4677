/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests for kernel/args.c: number parsing, Linux-style boot
 * command lines and shell lines, plus a deterministic random-bytes loop
 * over every function on exactly sized heap buffers so ASan sees any
 * overrun.
 */
#include "meridian/args.h"
#include "meridian/errno.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Minimal local assertions (tests/host/ktest_host.h is owned elsewhere). */
static int passed, failed;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (cond) {                                                  \
			passed++;                                            \
		} else {                                                     \
			failed++;                                            \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",         \
				__FILE__, __LINE__, #cond);                  \
		}                                                            \
	} while (0)

#define CHECK_EQ(a, b)                                                       \
	do {                                                                 \
		long long _a = (long long)(a), _b = (long long)(b);          \
		if (_a == _b) {                                              \
			passed++;                                            \
		} else {                                                     \
			failed++;                                            \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);         \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                 \
		const char *_a = (a), *_b = (b);                             \
		if ((!_a && !_b) || (_a && _b && !strcmp(_a, _b))) {         \
			passed++;                                            \
		} else {                                                     \
			failed++;                                            \
			fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
				__FILE__, __LINE__, #a, #b,                  \
				_a ? _a : "(null)", _b ? _b : "(null)");     \
		}                                                            \
	} while (0)

/* ---- numbers ------------------------------------------------------ */

static u64 mp(const char *s, size_t *consumed)
{
	const char *end;
	u64 v = memparse(s, &end);

	*consumed = (size_t)(end - s);
	return v;
}

static void test_memparse(void)
{
	static const struct {
		const char *s;
		u64 v;
		size_t consumed;
	} cases[] = {
		{ "0", 0, 1 },
		{ "4096", 4096, 4 },
		{ "1K", 1ULL << 10, 2 },	{ "1k", 1ULL << 10, 2 },
		{ "3M", 3ULL << 20, 2 },	{ "3m", 3ULL << 20, 2 },
		{ "2G", 2ULL << 30, 2 },	{ "2g", 2ULL << 30, 2 },
		{ "5T", 5ULL << 40, 2 },	{ "5t", 5ULL << 40, 2 },
		{ "7P", 7ULL << 50, 2 },	{ "7p", 7ULL << 50, 2 },
		{ "15E", 15ULL << 60, 3 },	{ "1e", 1ULL << 60, 2 },
		{ "0x10", 16, 4 },		{ "0X1fM", 0x1fULL << 20, 5 },
		{ "0xffffffffffffffff", UINT64_MAX, 18 },
		{ "010", 8, 3 },		{ "0777k", 511ULL << 10, 5 },
		{ "08", 0, 1 },			/* octal 0, then '8' */
		{ "0x", 0, 1 },			/* octal 0, then 'x' */
		{ "0xg", 0, 1 },
		{ "12Q", 12, 2 },		{ "1M2", 1ULL << 20, 2 },
		{ "1KK", 1ULL << 10, 2 },	{ "10 M", 10, 2 },
		{ "abc", 0, 0 },		{ "K", 0, 0 },
		{ "", 0, 0 },			{ "-1", 0, 0 },
		{ " 1", 0, 0 },			{ "+1", 0, 0 },
		/* saturation: digits, and suffix shift */
		{ "18446744073709551615", UINT64_MAX, 20 },
		{ "18446744073709551616", UINT64_MAX, 20 },
		{ "99999999999999999999999999", UINT64_MAX, 26 },
		{ "0x10000000000000000", UINT64_MAX, 19 },
		{ "16E", UINT64_MAX, 3 },
		{ "16384P", UINT64_MAX, 6 },	{ "16383P", 16383ULL << 50, 6 },
		{ "0x8000000000000000K", UINT64_MAX, 19 },
	};
	size_t i, consumed;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 v = mp(cases[i].s, &consumed);

		if (v != cases[i].v || consumed != cases[i].consumed)
			fprintf(stderr, "memparse case \"%s\"\n", cases[i].s);
		CHECK(v == cases[i].v);
		CHECK_EQ(consumed, cases[i].consumed);
	}
	CHECK(memparse("2M", NULL) == 2ULL << 20);
	CHECK(memparse(NULL, NULL) == 0);
}

static void test_parse_size(void)
{
	static const struct {
		const char *s;
		int err;
		u64 v;
	} cases[] = {
		{ "240M", 0, 240ULL << 20 },	{ "0x10000000", 0, 0x10000000 },
		{ "16m", 0, 16ULL << 20 },	{ "1G", 0, 1ULL << 30 },
		{ "4096", 0, 4096 },		{ "0", 0, 0 },
		{ "010k", 0, 8ULL << 10 },	{ "15E", 0, 15ULL << 60 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "abc", -EINVAL, 0 },		{ "", -EINVAL, 0 },
		{ "12Q", -EINVAL, 0 },		{ "1M2", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },		{ "0x", -EINVAL, 0 },
		{ "M", -EINVAL, 0 },		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },		{ "1KB", -EINVAL, 0 },
		{ "08", -EINVAL, 0 },		{ "+4", -EINVAL, 0 },
		{ "1\n", -EINVAL, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999999", -ERANGE, 0 },
		{ "16E", -ERANGE, 0 },		{ "16384P", -ERANGE, 0 },
		{ "0x10000000000000000", -ERANGE, 0 },
		/* a syntax error wins over overflow */
		{ "99999999999999999999999Q", -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 v = 0xdeadbeef;
		int err = parse_size(cases[i].s, &v);

		if (err != cases[i].err)
			fprintf(stderr, "parse_size case \"%s\"\n", cases[i].s);
		CHECK_EQ(err, cases[i].err);
		CHECK(v == (err ? 0xdeadbeef : cases[i].v));
	}
	CHECK_EQ(parse_size(NULL, NULL), -EINVAL);
}

static void test_parse_uint(void)
{
	unsigned long long v;

	CHECK_EQ(parse_uint("42", 100, &v), 0);
	CHECK_EQ(v, 42);
	CHECK_EQ(parse_uint("100", 100, &v), 0);
	CHECK_EQ(v, 100);
	v = 7;
	CHECK_EQ(parse_uint("101", 100, &v), -ERANGE);
	CHECK_EQ(v, 7);
	CHECK_EQ(parse_uint("0x1f", 255, &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(parse_uint("017", 255, &v), 0);
	CHECK_EQ(v, 15);
	CHECK_EQ(parse_uint("0", 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse_uint("1", 0, &v), -ERANGE);
	CHECK_EQ(parse_uint("18446744073709551615", ULLONG_MAX, &v), 0);
	CHECK(v == ULLONG_MAX);
	CHECK_EQ(parse_uint("18446744073709551616", ULLONG_MAX, &v), -ERANGE);
	CHECK_EQ(parse_uint("0x1ffffffffffffffff", ULLONG_MAX, &v), -ERANGE);
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "08", "0x", "1K", "abc", "0b1", "1.0",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_EQ(parse_uint(bad[i], ULLONG_MAX, &v), -EINVAL);
	CHECK_EQ(parse_uint(NULL, 1, &v), -EINVAL);
}

static void test_parse_int(void)
{
	long long v;

	CHECK_EQ(parse_int("-5", -10, 10, &v), 0);
	CHECK_EQ(v, -5);
	CHECK_EQ(parse_int("-0x10", LLONG_MIN, LLONG_MAX, &v), 0);
	CHECK_EQ(v, -16);
	CHECK_EQ(parse_int("-0", -1, 1, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse_int("-9223372036854775808", LLONG_MIN, 0, &v), 0);
	CHECK(v == LLONG_MIN);
	CHECK_EQ(parse_int("9223372036854775807", 0, LLONG_MAX, &v), 0);
	CHECK(v == LLONG_MAX);
	v = 3;
	CHECK_EQ(parse_int("-9223372036854775809", LLONG_MIN, 0, &v), -ERANGE);
	CHECK_EQ(parse_int("9223372036854775808", 0, LLONG_MAX, &v), -ERANGE);
	CHECK_EQ(parse_int("11", -10, 10, &v), -ERANGE);
	CHECK_EQ(parse_int("-11", -10, 10, &v), -ERANGE);
	CHECK_EQ(v, 3);
	CHECK_EQ(parse_int("-", -10, 10, &v), -EINVAL);
	CHECK_EQ(parse_int("--1", -10, 10, &v), -EINVAL);
	CHECK_EQ(parse_int("- 1", -10, 10, &v), -EINVAL);
	CHECK_EQ(parse_int("", -10, 10, &v), -EINVAL);
	CHECK_EQ(parse_int(NULL, -10, 10, &v), -EINVAL);
}

static void test_parse_bool(void)
{
	static const char *const yes[] = {
		"1", "y", "Y", "yes", "YES", "On", "on", "true", "TRUE", "tRuE",
	};
	static const char *const no[] = {
		"0", "n", "N", "no", "No", "off", "OFF", "oFf", "false", "False",
	};
	static const char *const bad[] = {
		"", "2", "yess", "ye", "o", "of", "offf", "tru", "yes ", " no",
		"01", "enable",
	};
	size_t i;
	bool b;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		b = false;
		CHECK_EQ(parse_bool(yes[i], &b), 0);
		CHECK(b);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		b = true;
		CHECK_EQ(parse_bool(no[i], &b), 0);
		CHECK(!b);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		b = true;
		CHECK_EQ(parse_bool(bad[i], &b), -EINVAL);
		CHECK(b);
	}
	CHECK_EQ(parse_bool(NULL, &b), -EINVAL);
}

/* Tiny deterministic PRNG (xorshift64*) so failures reproduce. */
static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Property: any u64 printed in C syntax parses back; suffixes scale. */
static void test_number_roundtrip(void)
{
	static const char *const fmt[] = { "%llu", "%#llx", "%#llX", "%#llo" };
	static const char suffix[] = "KMGTPE";
	int i, bad = 0;

	for (i = 0; i < 5000; i++) {
		u64 v = rnd() >> (rnd() % 64), got = 0;
		unsigned long long u = 0;
		unsigned int k = (unsigned int)(rnd() % 6);
		char buf[40];

		snprintf(buf, sizeof(buf), fmt[i % 4], (unsigned long long)v);
		if (parse_uint(buf, ULLONG_MAX, &u) || u != v)
			bad++;
		if (parse_size(buf, &got) || got != v)
			bad++;
		v >>= 10 * (k + 1);
		snprintf(buf, sizeof(buf), "%llu%c", (unsigned long long)v,
			 suffix[k]);
		if (parse_size(buf, &got) || got != v << (10 * (k + 1)))
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/* ---- next_arg / parse_args ---------------------------------------- */

struct expect_arg {
	const char *param, *val;
};

/* Runs next_arg over line and compares with the n expected args. */
static void check_next_arg(const char *line, const struct expect_arg *exp,
			   size_t n)
{
	char *buf = strdup(line), *rest = buf, *param, *val;
	size_t i = 0;

	while ((rest = next_arg(rest, &param, &val)) != NULL) {
		CHECK(i < n);
		if (i >= n)
			break;
		CHECK_STR(param, exp[i].param);
		CHECK_STR(val, exp[i].val);
		i++;
	}
	if (i != n)
		fprintf(stderr, "next_arg line \"%s\"\n", line);
	CHECK_EQ(i, n);
	CHECK(param == NULL && val == NULL);
	free(buf);
}

#define CHECK_ARGS(line, ...)                                                \
	do {                                                                 \
		static const struct expect_arg _e[] = { __VA_ARGS__ };       \
		check_next_arg(line, _e, ARRAY_SIZE(_e));                    \
	} while (0)

static void test_next_arg(void)
{
	char *param, *val;
	char empty[] = "", spaces[] = " \t\n  ";
	char two[] = "  a=1   b";

	CHECK(next_arg(empty, &param, &val) == NULL);
	CHECK(next_arg(spaces, &param, &val) == NULL);
	CHECK(next_arg(NULL, &param, &val) == NULL);
	CHECK(param == NULL && val == NULL);
	/* the rest starts at the next argument */
	CHECK(next_arg(two, &param, &val) == two + 8);
	CHECK_STR(param, "a");
	CHECK_STR(val, "1");

	CHECK_ARGS("console=ttyAMA0 vmalloc=512M mem=1G loglevel=8",
		   { "console", "ttyAMA0" }, { "vmalloc", "512M" },
		   { "mem", "1G" }, { "loglevel", "8" });
	CHECK_ARGS("  quiet root= ro\tinit=/sbin/init\n",
		   { "quiet", NULL }, { "root", "" }, { "ro", NULL },
		   { "init", "/sbin/init" });
	CHECK_ARGS("meridian.exec=\"layout; bootargs\" next",
		   { "meridian.exec", "layout; bootargs" }, { "next", NULL });
	CHECK_ARGS("\"quoted param=a b\" x",
		   { "quoted param", "a b" }, { "x", NULL });
	CHECK_ARGS("\"whole token\" y", { "whole token", NULL }, { "y", NULL });
	CHECK_ARGS("a=b=c", { "a", "b=c" });
	CHECK_ARGS("p=\"a b\"c z", { "p", "a b\"c" }, { "z", NULL });
	CHECK_ARGS("foo\"bar baz\" q", { "foo\"bar baz\"", NULL }, { "q", NULL });
	CHECK_ARGS("=x", { "", "x" });
	CHECK_ARGS("\"\" a", { "", NULL }, { "a", NULL });
	CHECK_ARGS("\"", { "", NULL });
	CHECK_ARGS("p=\"", { "p", "" });
	CHECK_ARGS("p=\"\" q=", { "p", "" }, { "q", "" });
	CHECK_ARGS("\"unterminated rest=x y", { "unterminated rest", "x y" });
	CHECK_ARGS("k=\xff\x01 \xc3\xa9=1", { "k", "\xff\x01" }, { "\xc3\xa9", "1" });
}

struct pa_ctx {
	u64 vmalloc;
	const char *exec;
	unsigned long long loglevel;
	int quiet, foo_bar, dash;
	int unknown, failed, last_err;
	char unknown_names[128], failed_names[128];
};

static int set_vmalloc(const char *val, void *ctx)
{
	return parse_size(val, &((struct pa_ctx *)ctx)->vmalloc);
}

static int set_exec(const char *val, void *ctx)
{
	if (!val)
		return -EINVAL;
	((struct pa_ctx *)ctx)->exec = val;
	return 0;
}

static int set_loglevel(const char *val, void *ctx)
{
	return parse_uint(val, 8, &((struct pa_ctx *)ctx)->loglevel);
}

static int set_quiet(const char *val, void *ctx)
{
	if (val)
		return -EINVAL;
	((struct pa_ctx *)ctx)->quiet++;
	return 0;
}

static int set_foo_bar(const char *val, void *ctx)
{
	(void)val;
	((struct pa_ctx *)ctx)->foo_bar++;
	return 0;
}

static int set_dash(const char *val, void *ctx)
{
	(void)val;
	((struct pa_ctx *)ctx)->dash++;
	return 0;
}

static void append_name(char *list, size_t size, const char *name)
{
	size_t len = strlen(list);

	snprintf(list + len, size - len, "%s%s", len ? "," : "", name);
}

static void report_unknown(const char *param, const char *val, void *ctx)
{
	struct pa_ctx *c = ctx;

	(void)val;
	c->unknown++;
	append_name(c->unknown_names, sizeof(c->unknown_names), param);
}

static void report_failed(const char *param, const char *val, int err,
			  void *ctx)
{
	struct pa_ctx *c = ctx;

	(void)val;
	c->failed++;
	c->last_err = err;
	append_name(c->failed_names, sizeof(c->failed_names), param);
}

static const struct boot_param test_params[] = {
	{ "vmalloc", set_vmalloc },
	{ "meridian.exec", set_exec },
	{ "loglevel", set_loglevel },
	{ "quiet", set_quiet },
	{ "foo_bar", set_foo_bar },
	{ "dash-name", set_dash },
};

static const struct parse_args_report test_report = {
	.unknown = report_unknown,
	.failed = report_failed,
};

static void test_parse_args(void)
{
	char line[] = "vmalloc=512M bogus=1 meridian.exec=\"layout; bootargs\" "
		      "loglevel=9 foo-bar dash_name=x quiet Quiet vmalloc=abc "
		      "loglevel=7 quiet=1 \"foo_bar\"";
	struct pa_ctx c = { 0 };
	int bad;

	bad = parse_args(line, test_params, ARRAY_SIZE(test_params),
			 &test_report, &c);
	CHECK_EQ(bad, 5);
	CHECK(c.vmalloc == 512ULL << 20);	/* the failed "abc" kept it */
	CHECK_STR(c.exec, "layout; bootargs");
	CHECK_EQ(c.loglevel, 7);		/* 9 > max failed, 7 later won */
	CHECK_EQ(c.quiet, 1);			/* names are case-sensitive */
	CHECK_EQ(c.foo_bar, 2);
	CHECK_EQ(c.dash, 1);
	CHECK_EQ(c.unknown, 2);
	CHECK_STR(c.unknown_names, "bogus,Quiet");
	CHECK_EQ(c.failed, 3);
	CHECK_STR(c.failed_names, "loglevel,vmalloc,quiet");
	CHECK_EQ(c.last_err, -EINVAL);

	/* no report, empty table, empty line */
	char line2[] = "a b=c";
	CHECK_EQ(parse_args(line2, NULL, 0, NULL, NULL), 2);
	char line3[] = "   ";
	CHECK_EQ(parse_args(line3, test_params, ARRAY_SIZE(test_params),
			    &test_report, &c), 0);
	/* a dash in the table matches an underscore and vice versa */
	char line4[] = "foo_bar foo-bar dash-name dash_name";
	struct pa_ctx c2 = { 0 };
	CHECK_EQ(parse_args(line4, test_params, ARRAY_SIZE(test_params),
			    &test_report, &c2), 0);
	CHECK_EQ(c2.foo_bar, 2);
	CHECK_EQ(c2.dash, 2);
	/* a prefix is not a match */
	char line5[] = "vmallo=1 vmalloc2=1 foo";
	CHECK_EQ(parse_args(line5, test_params, ARRAY_SIZE(test_params),
			    &test_report, &c2), 3);
}

/* ---- shell lines -------------------------------------------------- */

/* Splits line with room for max commands; compares with exp[0..n-1]. */
static void check_split(const char *line, int max, int ret,
			const char *const *exp, int n)
{
	size_t slots = max < 0 ? 1 : (size_t)max + 1;
	char *buf = strdup(line), **cmds = calloc(slots, sizeof(*cmds));
	int got = split_commands(buf, cmds, max), i;

	if (got != ret)
		fprintf(stderr, "split_commands line \"%s\"\n", line);
	CHECK_EQ(got, ret);
	for (i = 0; i < n && exp[i]; i++)
		CHECK_STR(cmds[i], exp[i]);
	CHECK(cmds[slots - 1] == NULL);	/* the spare slot is never written */
	if (ret == -EINVAL)
		CHECK_STR(buf, line);
	free(cmds);
	free(buf);
}

#define CHECK_SPLIT(line, max, ret, ...)                                     \
	do {                                                                 \
		static const char *const _e[] = { __VA_ARGS__ };             \
		check_split(line, max, ret, _e, (int)ARRAY_SIZE(_e));        \
	} while (0)

static void test_split_commands(void)
{
	CHECK_SPLIT("help layout ; bootargs;poweroff", 8, 3,
		    "help layout", "bootargs", "poweroff");
	CHECK_SPLIT("echo \"a;b\" c ;  x", 8, 2, "echo \"a;b\" c", "x");
	CHECK_SPLIT(";; ;\t;a;;  ", 8, 1, "a");
	CHECK_SPLIT("  one  ", 8, 1, "one");
	CHECK_SPLIT("a\\;b; c", 8, 2, "a\\;b", "c");
	CHECK_SPLIT("echo \\\"; x", 8, 2, "echo \\\"", "x");
	CHECK_SPLIT("foo\\ ; bar", 8, 2, "foo\\ ", "bar");
	CHECK_SPLIT("echo \"a \" ", 8, 1, "echo \"a \"");
	CHECK_SPLIT("\"\\\";\"", 8, 1, "\"\\\";\"");
	CHECK_SPLIT("x \\", 8, 1, "x \\");
	CHECK_SPLIT("a;b", 2, 2, "a", "b");
	CHECK_SPLIT("a;b;c", 2, -E2BIG, "a", "b");
	CHECK_SPLIT("a", 0, -E2BIG, NULL);
	CHECK_SPLIT("echo \"a;b", 8, -EINVAL, NULL);
	CHECK_SPLIT("a; \"", 8, -EINVAL, NULL);
	CHECK_SPLIT("a", -1, -EINVAL, NULL);

	char empty[] = "", blank[] = " ; ;\t";
	CHECK_EQ(split_commands(empty, NULL, 0), 0);
	CHECK_EQ(split_commands(blank, NULL, 0), 0);
	CHECK_EQ(split_commands(NULL, NULL, 0), -EINVAL);
}

/* make_argv on line with room for max words; compares with exp. */
static void check_argv(const char *line, int max, int ret,
		       const char *const *exp, int n)
{
	char *buf = strdup(line), **argv = malloc(((size_t)max + 2) * sizeof(*argv));
	int got, i;

	for (i = 0; i < max + 2; i++)
		argv[i] = (char *)"untouched";
	got = make_argv(buf, argv, max);
	if (got != ret)
		fprintf(stderr, "make_argv line \"%s\"\n", line);
	CHECK_EQ(got, ret);
	for (i = 0; i < n && exp[i]; i++)
		CHECK_STR(argv[i], exp[i]);
	if (ret >= 0)
		CHECK(argv[ret] == NULL);
	if (ret == -E2BIG)
		CHECK(argv[max] == NULL);
	if (ret == -EINVAL) {
		CHECK_STR(buf, line);
		CHECK_STR(argv[0], "untouched");
	}
	CHECK_STR(argv[max + 1], "untouched");	/* never past max + 1 slots */
	free(argv);
	free(buf);
}

#define CHECK_ARGV(line, max, ret, ...)                                      \
	do {                                                                 \
		static const char *const _e[] = { __VA_ARGS__ };             \
		check_argv(line, max, ret, _e, (int)ARRAY_SIZE(_e));         \
	} while (0)

static void test_make_argv(void)
{
	CHECK_ARGV("ls  -l\t/tmp ", 8, 3, "ls", "-l", "/tmp");
	CHECK_ARGV("echo \"hello world\" x", 8, 3, "echo", "hello world", "x");
	CHECK_ARGV("a\"b c\"d", 8, 1, "ab cd");
	CHECK_ARGV("a\"\"b \"\" c", 8, 3, "ab", "", "c");
	CHECK_ARGV("a\\ b", 8, 1, "a b");
	CHECK_ARGV("\"a\\\"b\"", 8, 1, "a\"b");
	CHECK_ARGV("\\\\ \\\" \\;", 8, 3, "\\", "\"", ";");
	CHECK_ARGV("\"x;y\" \"\\\\\"", 8, 2, "x;y", "\\");
	CHECK_ARGV("   ", 8, 0, NULL);
	CHECK_ARGV("", 0, 0, NULL);
	CHECK_ARGV("a b", 2, 2, "a", "b");
	CHECK_ARGV("a b c", 2, -E2BIG, "a", "b");
	CHECK_ARGV("a", 0, -E2BIG, NULL);
	CHECK_ARGV("x \\", 8, -EINVAL, NULL);
	CHECK_ARGV("\"abc", 8, -EINVAL, NULL);
	CHECK_ARGV("a \"b\\\"", 8, -EINVAL, NULL);
	CHECK_ARGV("a", -1, -EINVAL, NULL);

	char *argv[1];
	CHECK_EQ(make_argv(NULL, argv, 0), -EINVAL);

	/* the two together, as the shell uses them */
	char line[] = "echo \"a;b\" c ; help  layout;";
	char *cmds[4], *words[4];
	CHECK_EQ(split_commands(line, cmds, 4), 2);
	CHECK_EQ(make_argv(cmds[0], words, 3), 3);
	CHECK_STR(words[0], "echo");
	CHECK_STR(words[1], "a;b");
	CHECK_STR(words[2], "c");
	CHECK_EQ(make_argv(cmds[1], words, 3), 2);
	CHECK_STR(words[1], "layout");
}

/* ---- robustness on random bytes ----------------------------------- */

/* Bytes that matter to the parsers, plus arbitrary ones. */
static char rnd_char(void)
{
	static const char interesting[] = " \t\n\"\\=;,.-_0123456789xXkKmMgGeE"
					  "ynoft";
	u64 r = rnd();

	if (r % 4)
		return interesting[(r >> 8) % (sizeof(interesting) - 1)];
	return (char)((r >> 8) % 255 + 1);	/* any byte but NUL */
}

static bool in_buf(const char *p, const char *buf, size_t len)
{
	return p >= buf && p <= buf + len && strlen(p) <= len - (size_t)(p - buf);
}

static void fuzz_numbers(const char *src, size_t len, char *buf, int *bad)
{
	const char *end;
	unsigned long long u;
	long long sv;
	u64 v, sz;
	bool b;

	memcpy(buf, src, len + 1);
	v = memparse(buf, &end);
	*bad += !(end >= buf && end <= buf + len);
	if (!parse_size(buf, &sz))
		*bad += v != sz || *end;
	if (!parse_uint(buf, ULLONG_MAX, &u))
		*bad += parse_size(buf, &sz) || sz != u;
	if (!parse_int(buf, LLONG_MIN, LLONG_MAX, &sv) && buf[0] != '-')
		*bad += parse_uint(buf, ULLONG_MAX, &u) || (long long)u != sv;
	if (!parse_bool(buf, &b))
		*bad += len > 5;
}

static void fuzz_cmdline(const char *src, size_t len, char *buf, int *bad)
{
	char *rest = buf, *prev = buf, *param, *val;
	struct pa_ctx c = { 0 };
	size_t n = 0;
	int ret;

	memcpy(buf, src, len + 1);
	while ((rest = next_arg(rest, &param, &val)) != NULL) {
		*bad += rest <= prev || !in_buf(rest, buf, len) ||
			!in_buf(param, buf, len) || (val && !in_buf(val, buf, len));
		prev = rest;
		n++;
	}
	*bad += n > len;
	memcpy(buf, src, len + 1);
	ret = parse_args(buf, test_params, ARRAY_SIZE(test_params),
			 &test_report, &c);
	*bad += ret != c.unknown + c.failed || ret < 0 || (size_t)ret > n;
}

static void fuzz_shell(const char *src, size_t len, char *buf, int *bad)
{
	int max = (int)(rnd() % 6), ret, ncmds, i, j;
	char **cmds = max ? malloc((size_t)max * sizeof(*cmds)) : NULL;
	char **argv = malloc(((size_t)max + 1) * sizeof(*argv));

	memcpy(buf, src, len + 1);
	ret = split_commands(buf, cmds, max);
	*bad += (ret < 0 && ret != -E2BIG && ret != -EINVAL) || ret > max ||
		(ret == -EINVAL && strcmp(buf, src));
	ncmds = ret == -E2BIG ? max : ret;
	for (i = 0; i < ncmds; i++) {
		*bad += !in_buf(cmds[i], buf, len) || !cmds[i][0];
		ret = make_argv(cmds[i], argv, max);
		for (j = 0; j < (ret == -E2BIG ? max : ret); j++)
			*bad += !in_buf(argv[j], buf, len);
		*bad += ret >= 0 && argv[ret] != NULL;
	}
	memcpy(buf, src, len + 1);
	ret = make_argv(buf, argv, max);
	*bad += (ret < 0 && ret != -E2BIG && ret != -EINVAL) || ret > max ||
		(ret == -EINVAL && strcmp(buf, src));
	for (j = 0; j < (ret == -E2BIG ? max : ret); j++)
		*bad += !in_buf(argv[j], buf, len);
	free(argv);
	free(cmds);
}

static void test_random_bytes(void)
{
	int iter, bad = 0;

	for (iter = 0; iter < 30000; iter++) {
		size_t len = (size_t)(rnd() % 48), i;
		char *src = malloc(len + 1), *buf = malloc(len + 1);

		for (i = 0; i < len; i++)
			src[i] = rnd_char();
		src[len] = '\0';
		fuzz_numbers(src, len, buf, &bad);
		fuzz_cmdline(src, len, buf, &bad);
		fuzz_shell(src, len, buf, &bad);
		free(buf);
		free(src);
	}
	CHECK_EQ(bad, 0);
}

static void test_list_contains(void)
{
	CHECK(list_contains("mmu,fault,boot", "mmu"));
	CHECK(list_contains("mmu,fault,boot", "fault"));
	CHECK(list_contains("mmu,fault,boot", "boot"));
	CHECK(!list_contains("mmu,fault,boot", "mm"));	/* a prefix is not an entry */
	CHECK(!list_contains("mmu,fault,boot", "boots"));
	CHECK(!list_contains("", "mmu"));
	CHECK(list_contains("a,,b", ""));		/* an empty entry matches the empty name */
	CHECK(!list_contains("mmu", ""));
}

int main(void)
{
	test_memparse();
	test_parse_size();
	test_parse_uint();
	test_parse_int();
	test_parse_bool();
	test_number_roundtrip();
	test_next_arg();
	test_parse_args();
	test_split_commands();
	test_make_argv();
	test_random_bytes();
	test_list_contains();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
