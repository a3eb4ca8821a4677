/* SPDX-License-Identifier: MIT */
/*
 * Symbol lookup over the generated table (linker/kallsyms.sh): sorted
 * addresses, offsets into one string blob, and the end of text as the
 * last symbol's limit.  The first link has no table (weak references
 * resolve to NULL) and reports bare addresses.
 */
#include <stdio.h>

#include <meridian/kallsyms.h>

extern const u32 kallsyms_num __attribute__((weak));
extern const u32 kallsyms_addrs[] __attribute__((weak));
extern const u32 kallsyms_name_offsets[] __attribute__((weak));
extern const char kallsyms_names[] __attribute__((weak));
extern char _stext[], _etext[], __init_begin[], __init_text_end[];

/* Is addr in kernel text (.text or .init.text)? */
static bool in_text(vaddr_t addr)
{
	return (addr >= (vaddr_t)_stext && addr < (vaddr_t)_etext) ||
	       (addr >= (vaddr_t)__init_begin && addr < (vaddr_t)__init_text_end);
}

/* Where the text section holding addr ends. */
static vaddr_t text_end(vaddr_t addr)
{
	return addr < (vaddr_t)_etext ? (vaddr_t)_etext : (vaddr_t)__init_text_end;
}

bool kallsyms_lookup(vaddr_t addr, const char **name, u32 *offset, u32 *size)
{
	u32 lo = 0, hi, n;

	if (!&kallsyms_num || kallsyms_num == 0)
		return false;
	n = kallsyms_num;
	if (!in_text(addr) || addr < kallsyms_addrs[0])
		return false;
	hi = n;
	while (hi - lo > 1) {	/* last index with kallsyms_addrs[i] <= addr */
		u32 mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*name = kallsyms_names + kallsyms_name_offsets[lo];
	*offset = addr - kallsyms_addrs[lo];
	*size = (lo + 1 < n && kallsyms_addrs[lo + 1] <= text_end(addr) ? kallsyms_addrs[lo + 1]
								 : text_end(addr)) -
		kallsyms_addrs[lo];
	return true;
}

char *sprint_symbol(char *buf, size_t size, vaddr_t addr)
{
	const char *name;
	u32 off, len;

	if (kallsyms_lookup(addr, &name, &off, &len))
		snprintf(buf, size, "%s+0x%lx/0x%lx", name, (unsigned long)off, (unsigned long)len);
	else
		snprintf(buf, size, "0x%08lx", (unsigned long)addr);
	return buf;
}

char *sprint_backtrace(char *buf, size_t size, vaddr_t addr)
{
	const char *name;
	u32 off, len;

	if (kallsyms_lookup(addr - 1, &name, &off, &len))
		snprintf(buf, size, "%s+0x%lx/0x%lx", name, (unsigned long)off + 1, (unsigned long)len);
	else
		snprintf(buf, size, "0x%08lx", (unsigned long)addr);
	return buf;
}
