/* SPDX-License-Identifier: MIT */
/*
 * In-kernel tests with KTAP output (KUnit's format): suites of cases,
 * registered in a linker section and run at boot by ktest=all or
 * ktest=SUITE[,SUITE...].  The run ends by powering off with status 0
 * when every case passed (or was skipped) and 1 otherwise.
 *
 *	static void mmu_ttbcr(struct ktest *t)
 *	{
 *		KTEST_EXPECT_EQ(t, read_ttbcr() & TTBCR_EAE, TTBCR_EAE);
 *	}
 *	KTEST_SUITE(mmu, KTEST_CASE(mmu_ttbcr));
 */
#ifndef MERIDIAN_KTEST_H
#define MERIDIAN_KTEST_H

#include <meridian/types.h>

struct ktest {
	const char *name;
	bool failed;
	const char *skip_reason;
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	size_t ncases;
	bool manual;	/* only when named: not part of ktest=all (it may end the boot) */
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }

#define __KTEST_SUITE(sname, is_manual, ...)					\
	static const struct ktest_case __ktest_cases_##sname[] = { __VA_ARGS__ }; \
	static const struct ktest_suite __ktest_suite_##sname			\
		__attribute__((used, section(".ktest_suites"), aligned(4))) = {	\
			.name = #sname,						\
			.cases = __ktest_cases_##sname,				\
			.ncases = ARRAY_SIZE(__ktest_cases_##sname),		\
			.manual = is_manual,					\
		}
#define KTEST_SUITE(sname, ...) __KTEST_SUITE(sname, false, __VA_ARGS__)
/* A suite run only by name, e.g. one that checks what an uncaught fault prints. */
#define KTEST_SUITE_MANUAL(sname, ...) __KTEST_SUITE(sname, true, __VA_ARGS__)

/* Records a failure with its place; returns cond so callers can bail out. */
bool ktest_check(struct ktest *t, bool cond, const char *expr, const char *file, int line);
bool ktest_check_eq(struct ktest *t, u64 a, u64 b, const char *ea, const char *eb,
		    const char *file, int line);
void ktest_skip(struct ktest *t, const char *reason);
/* A diagnostic line inside the current case ("    # ..."). */
void ktest_log(struct ktest *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define KTEST_EXPECT(t, cond) ktest_check(t, !!(cond), #cond, __FILE__, __LINE__)
#define KTEST_EXPECT_EQ(t, a, b) \
	ktest_check_eq(t, (u64)(a), (u64)(b), #a, #b, __FILE__, __LINE__)
#define KTEST_ASSERT(t, cond)						\
	do {								\
		if (!KTEST_EXPECT(t, cond))				\
			return;						\
	} while (0)
#define KTEST_ASSERT_EQ(t, a, b)					\
	do {								\
		if (!KTEST_EXPECT_EQ(t, a, b))				\
			return;						\
	} while (0)

/* Values the QEMU runner passes with ktest.ARG=VALUE, e.g. ktest.mem=2G. */
const char *ktest_arg(const char *name);

bool ktest_requested(void);
/* Runs the requested suites; returns the number of failed cases. */
int ktest_run_requested(void);

#endif /* MERIDIAN_KTEST_H */
