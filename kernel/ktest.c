/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel test runner: KTAP version 1 output, one subtest per
 * suite, and a totals line.  See meridian/ktest.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/params.h>

#define KTEST_MAX_ARGS 8

extern const struct ktest_suite __ktest_suites_start[], __ktest_suites_end[];

static const char *ktest_filter;	/* "all" or a comma-separated suite list */
static struct {
	const char *name, *val;
} ktest_args[KTEST_MAX_ARGS];
static int ktest_nargs;

struct ktest_totals {
	int pass, fail, skip;
};

bool ktest_check(struct ktest *t, bool cond, const char *expr, const char *file, int line)
{
	if (!cond) {
		t->failed = true;
		console_printf("    # %s: EXPECTATION FAILED at %s:%d\n    #   %s\n", t->name, file,
			       line, expr);
	}
	return cond;
}

bool ktest_check_eq(struct ktest *t, u64 a, u64 b, const char *ea, const char *eb,
		    const char *file, int line)
{
	if (a != b) {
		t->failed = true;
		console_printf("    # %s: EXPECTATION FAILED at %s:%d\n"
			       "    #   Expected %s == %s, but\n"
			       "    #   %s == 0x%llx\n    #   %s == 0x%llx\n",
			       t->name, file, line, ea, eb, ea, (unsigned long long)a, eb,
			       (unsigned long long)b);
	}
	return a == b;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_printf("    # %s: %s\n", t->name, buf);
}

const char *ktest_arg(const char *name)
{
	for (int i = 0; i < ktest_nargs; i++)
		if (strcmp(ktest_args[i].name, name) == 0)
			return ktest_args[i].val;
	return NULL;
}

/* Is the suite named in the comma-separated filter (or is the filter "all")? */
static bool suite_selected(const struct ktest_suite *s)
{
	if (strcmp(ktest_filter, "all") == 0)
		return !s->manual;
	return list_contains(ktest_filter, s->name);
}

static void run_suite(const struct ktest_suite *s, int index, struct ktest_totals *tot)
{
	bool suite_failed = false;

	console_printf("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", s->name,
		       (unsigned int)s->ncases);
	for (size_t i = 0; i < s->ncases; i++) {
		struct ktest t = { .name = s->cases[i].name };

		s->cases[i].run(&t);
		if (t.failed) {
			tot->fail++;
			suite_failed = true;
			console_printf("    not ok %u %s\n", (unsigned int)i + 1, t.name);
		} else if (t.skip_reason) {
			tot->skip++;
			console_printf("    ok %u %s # SKIP %s\n", (unsigned int)i + 1, t.name,
				       t.skip_reason);
		} else {
			tot->pass++;
			console_printf("    ok %u %s\n", (unsigned int)i + 1, t.name);
		}
	}
	console_printf("%s %d %s\n", suite_failed ? "not ok" : "ok", index, s->name);
}

bool ktest_requested(void)
{
	return ktest_filter != NULL;
}

int ktest_run_requested(void)
{
	struct ktest_totals tot = { 0 };
	int selected = 0, index = 0;

	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		selected += suite_selected(s);
	console_printf("KTAP version 1\n1..%d\n", selected);
	for (const struct ktest_suite *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		if (suite_selected(s))
			run_suite(s, ++index, &tot);
	if (selected == 0) {
		console_printf("# no suite matches ktest=%s\n", ktest_filter);
		tot.fail++;
	}
	console_printf("# Totals: pass:%d fail:%d skip:%d total:%d\n", tot.pass, tot.fail,
		       tot.skip, tot.pass + tot.fail + tot.skip);
	return tot.fail;
}

static int setup_ktest(const char *val, void *ctx)
{
	(void)ctx;
	if (!val || !*val)
		return -EINVAL;
	ktest_filter = val;
	return 0;
}
early_param("ktest", setup_ktest);

/* ktest.NAME=VALUE arguments for the tests themselves. */
#define KTEST_ARG(argname)						\
	static int setup_ktest_##argname(const char *val, void *ctx)	\
	{								\
		(void)ctx;						\
		if (!val || ktest_nargs == KTEST_MAX_ARGS)		\
			return -EINVAL;					\
		ktest_args[ktest_nargs].name = #argname;		\
		ktest_args[ktest_nargs++].val = val;			\
		return 0;						\
	}								\
	early_param("ktest." #argname, setup_ktest_##argname)

KTEST_ARG(mem);
KTEST_ARG(split);
KTEST_ARG(usable);
KTEST_ARG(stride);
