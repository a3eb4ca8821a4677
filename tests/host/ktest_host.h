/* SPDX-License-Identifier: MIT */
/*
 * Minimal assertions for host unit tests: plain C programs whose main()
 * ends with `return ktest_summary();`.
 *
 *   CHECK(cond)          cond is true
 *   CHECK_EQ(a, b)       integers equal (compared as unsigned long long)
 *   CHECK_STR(a, b)      C strings equal (NULL only equals NULL)
 *   CHECK_MSG(cond, fmt, ...)  CHECK with an explanatory printf message
 *   CHECK_BUG(fn, what)  fn(), run in a child, dies of SIGABRT (a BUG)
 *
 * A failed check prints file:line and the values, and the test goes on.
 * ktest_summary() prints exactly "N passed, N failed" and returns the
 * process exit status (0 only if nothing failed). The counters are weak
 * definitions, so several files of one test program can use the macros.
 */
#ifndef KTEST_HOST_H
#define KTEST_HOST_H

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((weak)) unsigned long ktest_passed;
__attribute__((weak)) unsigned long ktest_failed;

static inline int ktest_record(int ok, const char *file, int line,
			       const char *expr)
{
	if (ok) {
		ktest_passed++;
		return 1;
	}
	ktest_failed++;
	fprintf(stderr, "%s:%d: CHECK(%s) failed\n", file, line, expr);
	return 0;
}

static inline void ktest_eq(unsigned long long a, unsigned long long b,
			    const char *file, int line, const char *ea,
			    const char *eb)
{
	if (a == b) {
		ktest_passed++;
		return;
	}
	ktest_failed++;
	fprintf(stderr,
		"%s:%d: CHECK_EQ(%s, %s) failed: 0x%llx (%lld) != 0x%llx (%lld)\n",
		file, line, ea, eb, a, (long long)a, b, (long long)b);
}

static inline void ktest_str(const char *a, const char *b, const char *file,
			     int line, const char *ea, const char *eb)
{
	if ((!a && !b) || (a && b && !strcmp(a, b))) {
		ktest_passed++;
		return;
	}
	ktest_failed++;
	fprintf(stderr, "%s:%d: CHECK_STR(%s, %s) failed: \"%s\" != \"%s\"\n",
		file, line, ea, eb, a ? a : "(null)", b ? b : "(null)");
}

#define CHECK(cond) ktest_record(!!(cond), __FILE__, __LINE__, #cond)

#define CHECK_MSG(cond, ...)                                           \
	do {                                                           \
		if (!ktest_record(!!(cond), __FILE__, __LINE__, #cond)) { \
			fprintf(stderr, "    ");                       \
			fprintf(stderr, __VA_ARGS__);                  \
			fprintf(stderr, "\n");                         \
		}                                                      \
	} while (0)

#define CHECK_EQ(a, b)                                                  \
	ktest_eq((unsigned long long)(a), (unsigned long long)(b), __FILE__, \
		 __LINE__, #a, #b)

#define CHECK_STR(a, b) ktest_str((a), (b), __FILE__, __LINE__, #a, #b)

/* Runs fn in a child with stderr silenced: BUG_ON -> panic -> abort() must end it. */
static inline void ktest_bug(void (*fn)(void), const char *file, int line,
			     const char *what)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn();
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGABRT) {
		ktest_passed++;
		return;
	}
	ktest_failed++;
	fprintf(stderr, "%s:%d: %s did not BUG (status 0x%x)\n", file, line, what, status);
}

#define CHECK_BUG(fn, what) ktest_bug((fn), __FILE__, __LINE__, (what))

/* xorshift64 (Marsaglia): a fixed sequence for reproducible random tests; *state != 0. */
static inline unsigned long long ktest_xorshift64(unsigned long long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Print the summary line; returns the exit status for main(). */
static inline int ktest_summary(void)
{
	printf("%lu passed, %lu failed\n", ktest_passed, ktest_failed);
	return ktest_failed ? 1 : 0;
}

#endif /* KTEST_HOST_H */
