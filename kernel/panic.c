/* SPDX-License-Identifier: MIT */
/* panic, warnings and power-off. */
#include <stdarg.h>
#include <stdio.h>

#include <asm/cp15.h>
#include <asm/semihost.h>
#include <meridian/kernel.h>

void (*pm_power_off)(void);
bool oops_in_progress;
static bool in_panic;

void machine_power_off(int status)
{
	local_irq_disable();
	semihost_exit(status);
	if (pm_power_off)
		pm_power_off();
	for (;;)
		wfi();
}

/*
 * panic - report a fatal condition and stop.  Safe before any console:
 * the message is logged, and with no console yet the semihosting
 * console is added so that the log (this message included) is seen.
 */
void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	local_irq_disable();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!console_available())
		semihost_console_register();
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	if (!in_panic && !oops_in_progress)	/* an oops has shown its backtrace */
		dump_stack();
	in_panic = true;
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	machine_power_off(EXIT_PANIC);
}

void __warn(const char *file, int line, const char *cond)
{
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: at %s:%d: %s\n", file, line, cond);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}
