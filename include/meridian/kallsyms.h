/* SPDX-License-Identifier: MIT */
/*
 * Kernel text symbols, for backtraces and "caller+0x1c/0x80" reports.
 * The table is generated from a first link of the image and placed at
 * the end of .rodata, so that adding it moves no text address.
 */
#ifndef MERIDIAN_KALLSYMS_H
#define MERIDIAN_KALLSYMS_H

#include <meridian/types.h>

#define KSYM_NAME_LEN 128

/* Finds the text symbol containing addr; false if none (or no table). */
bool kallsyms_lookup(vaddr_t addr, const char **name, u32 *offset, u32 *size);
/* Formats "name+0xoff/0xsize", or "0xaddr" when unknown.  Returns buf. */
char *sprint_symbol(char *buf, size_t size, vaddr_t addr);
/*
 * The same for a return address: looks up addr - 1, so that a call that
 * ends a function is not shown as the start of the next one (Linux %pB).
 */
char *sprint_backtrace(char *buf, size_t size, vaddr_t addr);

#endif /* MERIDIAN_KALLSYMS_H */
