/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for kernel/args.c. Each input becomes an exactly
 * sized NUL-terminated heap string (so ASan sees a one-byte overrun),
 * fed to every parser on a fresh copy. Besides memory errors, cheap
 * invariants abort: returned pointers stay inside the buffer, counts
 * stay within their limits, and the number parsers agree.
 */
#include "meridian/args.h"
#include "meridian/errno.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Pointer p is a string that lies wholly inside buf[0..len]. */
static int in_buf(const char *p, const char *buf, size_t len)
{
	return p >= buf && p <= buf + len &&
	       strlen(p) <= len - (size_t)(p - buf);
}

static void fuzz_numbers(char *buf, size_t len)
{
	unsigned long long u;
	const char *end;
	long long sv;
	u64 v, sz;
	bool b;

	v = memparse(buf, &end);
	REQUIRE(end >= buf && end <= buf + len);
	if (!parse_size(buf, &sz))
		REQUIRE(sz == v && !*end);
	if (!parse_uint(buf, ULLONG_MAX, &u))
		REQUIRE(!parse_size(buf, &sz) && sz == u);
	if (!parse_int(buf, LLONG_MIN, LLONG_MAX, &sv) && buf[0] != '-')
		REQUIRE(!parse_uint(buf, ULLONG_MAX, &u) && (long long)u == sv);
	if (!parse_bool(buf, &b))
		REQUIRE(len <= 5);
}

static int fz_setup(const char *val, void *ctx)
{
	(void)ctx;
	return val && *val == '!' ? -EINVAL : 0;
}

static int fz_size(const char *val, void *ctx)
{
	u64 v;

	(void)ctx;
	return parse_size(val, &v);
}

static void fz_unknown(const char *param, const char *val, void *ctx)
{
	(void)param;
	(void)val;
	(*(int *)ctx)++;
}

static void fz_failed(const char *param, const char *val, int err, void *ctx)
{
	(void)param;
	(void)val;
	REQUIRE(err < 0);
	(*(int *)ctx)++;
}

static void fuzz_cmdline(const char *src, char *buf, size_t len)
{
	static const struct boot_param params[] = {
		{ "console", fz_setup }, { "vmalloc", fz_size },
		{ "mem", fz_size },	 { "meridian.exec", fz_setup },
		{ "ktest", fz_setup },	 { "quiet", fz_setup },
		{ "foo_bar", fz_setup },
	};
	static const struct parse_args_report report = { fz_unknown, fz_failed };
	char *rest = buf, *prev = buf, *param, *val;
	size_t n = 0;
	int reported = 0, ret;

	while ((rest = next_arg(rest, &param, &val)) != NULL) {
		REQUIRE(rest > prev && in_buf(rest, buf, len));
		REQUIRE(in_buf(param, buf, len));
		REQUIRE(!val || in_buf(val, buf, len));
		prev = rest;
		n++;
	}
	memcpy(buf, src, len + 1);
	ret = parse_args(buf, params, sizeof(params) / sizeof(params[0]),
			 &report, &reported);
	REQUIRE(ret == reported && (size_t)ret <= n);
}

static void check_argv(char *cmd, const char *buf, size_t len, int max)
{
	char **argv = malloc(((size_t)max + 1) * sizeof(*argv));
	int ret, i;

	ret = make_argv(cmd, argv, max);
	REQUIRE(ret <= max && (ret >= 0 || ret == -E2BIG || ret == -EINVAL));
	for (i = 0; i < (ret == -E2BIG ? max : ret); i++)
		REQUIRE(in_buf(argv[i], buf, len));
	if (ret >= 0)
		REQUIRE(argv[ret] == NULL);
	free(argv);
}

static void fuzz_shell(const char *src, char *buf, size_t len, int max)
{
	char **cmds = max ? malloc((size_t)max * sizeof(*cmds)) : NULL;
	int ret, n, i;

	ret = split_commands(buf, cmds, max);
	REQUIRE(ret <= max && (ret >= 0 || ret == -E2BIG || ret == -EINVAL));
	if (ret == -EINVAL)
		REQUIRE(!strcmp(buf, src));
	n = ret == -E2BIG ? max : ret;
	for (i = 0; i < n; i++) {
		REQUIRE(in_buf(cmds[i], buf, len) && cmds[i][0]);
		check_argv(cmds[i], buf, len, max);
	}
	free(cmds);
	memcpy(buf, src, len + 1);
	check_argv(buf, buf, len, max);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *src, *buf;
	int max;

	if (size > 4096)
		return 0;
	/* the first byte picks the array size; the rest is the string */
	max = size ? data[0] % 9 : 4;
	src = malloc(size + 1);
	buf = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	size = strlen(src);	/* an embedded NUL ends the string */

	memcpy(buf, src, size + 1);
	fuzz_numbers(buf, size);
	memcpy(buf, src, size + 1);
	fuzz_cmdline(src, buf, size);
	memcpy(buf, src, size + 1);
	fuzz_shell(src, buf, size, max);

	free(buf);
	free(src);
	return 0;
}
