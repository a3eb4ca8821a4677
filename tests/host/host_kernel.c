/* SPDX-License-Identifier: MIT */
/*
 * Kernel services that host unit tests link against: printk and the
 * console go to stderr (and are counted, so tests can assert that a bad
 * call was reported), panic aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <meridian/kallsyms.h>
#include <meridian/kernel.h>

#include "host_kernel.h"

unsigned long host_printk_count;
char host_last_printk[512];
bool oops_in_progress;

int vprintk(const char *fmt, va_list ap)
{
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	n = vsnprintf(host_last_printk, sizeof(host_last_printk), fmt, ap);
	host_printk_count++;
	if (getenv("HOST_TEST_VERBOSE"))
		fputs(host_last_printk, stderr);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	host_printk_count++;
	snprintf(host_last_printk, sizeof(host_last_printk), "WARNING: %s:%d: %s", file, line, cond);
}

void dump_stack(void)
{
}

char *sprint_symbol(char *buf, size_t size, vaddr_t addr)
{
	snprintf(buf, size, "0x%lx", (unsigned long)addr);
	return buf;
}

char *sprint_backtrace(char *buf, size_t size, vaddr_t addr)
{
	return sprint_symbol(buf, size, addr);
}
