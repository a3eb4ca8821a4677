/* SPDX-License-Identifier: MIT */
/*
 * Invariants and their failure paths (STYLE.md's four levels):
 *   static_assert  - layout rules, at compile time;
 *   BUG_ON         - a broken invariant: panic with the condition and place;
 *   WARN_ON        - survivable misuse: log with a backtrace and go on;
 *   -Exxx          - resources that run out, handled by the caller.
 */
#ifndef MERIDIAN_KERNEL_H
#define MERIDIAN_KERNEL_H

#include <meridian/errno.h>
#include <meridian/printk.h>
#include <meridian/types.h>

/* Exit statuses of the QEMU process when the kernel powers off. */
#define EXIT_OK 0
#define EXIT_FAILURE 1	/* a test or an --exec command failed */
#define EXIT_PANIC 3	/* the kernel panicked */

void panic(const char *fmt, ...) __noreturn __attribute__((format(printf, 1, 2)));
void __warn(const char *file, int line, const char *cond);
void dump_stack(void);
extern bool oops_in_progress;	/* set while an oops is reported: panic() skips its own backtrace */

#define BUG_ON(cond)								\
	do {									\
		if (unlikely(cond))						\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);	\
	} while (0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#define WARN_ON(cond)								\
	({									\
		bool __c = !!(cond);						\
		if (unlikely(__c))						\
			__warn(__FILE__, __LINE__, #cond);			\
		unlikely(__c);							\
	})

/* Power off: QEMU exits with status where semihosting is available. */
void machine_power_off(int status) __noreturn;
/* Board power-off hook, set by a driver (vexpress sysreg, PSCI). */
extern void (*pm_power_off)(void);

/* Kernel entry from head.S, with the MMU on. */
void start_kernel(u32 phys_offset, u32 dtb_phys, u32 machine_id) __noreturn;

#endif /* MERIDIAN_KERNEL_H */
