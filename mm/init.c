/* SPDX-License-Identifier: MIT */
/*
 * Boot-time memory layout: RAM from the DT, mem= and vmalloc=, the
 * lowmem limit, the direct map, and the layout report (boot log and the
 * `layout` command).
 *
 * Out of scope here: memblock, zones and highmem management (the
 * physical-memory issue); this file finds the lowmem bank only.
 */
#include <stdarg.h>
#include <stdio.h>

#include <asm/mmu.h>
#include <meridian/driver.h>
#include <meridian/kernel.h>
#include <meridian/layout.h>
#include <meridian/params.h>
#include <meridian/shell.h>

#define MAX_MEM_BANKS 16

static u64 mem_limit;				/* mem=, 0 = none */
static u64 vmalloc_request = VMALLOC_DEFAULT_SIZE;	/* vmalloc= */

static int setup_mem(const char *val, void *ctx)
{
	u64 size;

	(void)ctx;
	if (!val || parse_size(val, &size) < 0 || size == 0) {
		pr_warn("mem=%s: not a valid size, ignored\n", val ? val : "");
		return 0;
	}
	mem_limit = size;
	return 0;
}
early_param("mem", setup_mem);

static int setup_vmalloc(const char *val, void *ctx)
{
	u64 size;

	(void)ctx;
	if (!val || parse_size(val, &size) < 0) {
		pr_warn("vmalloc=%s: not a valid size, using the default %luMiB\n", val ? val : "",
			VMALLOC_DEFAULT_SIZE >> 20);
		return 0;
	}
	vmalloc_request = size;
	return 0;
}
early_param("vmalloc", setup_vmalloc);

/* End of the RAM that starts at PHYS_OFFSET, merging banks that touch. */
static phys_addr_t __init lowmem_bank_end(const struct fdt *fdt)
{
	struct fdt_region banks[MAX_MEM_BANKS];
	int n = fdt_memory_banks(fdt, banks, MAX_MEM_BANKS);
	phys_addr_t end = PHYS_OFFSET;
	bool grew = true;

	if (n < 0)
		panic("/memory: unreadable (error %d)", n);
	if (n > MAX_MEM_BANKS) {
		pr_warn("/memory: %d banks, only the first %d are used\n", n, MAX_MEM_BANKS);
		n = MAX_MEM_BANKS;
	}
	while (grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			phys_addr_t b = banks[i].base, e = banks[i].base + banks[i].size;

			if (banks[i].size == 0 || e < b)
				continue;
			if (b <= end && e > end) {
				end = e;
				grew = true;
			}
		}
	}
	if (end < PHYS_OFFSET + LOWMEM_MIN_SIZE)
		panic("no /memory bank holds the kernel at 0x%08llx (or it is under %luMiB)",
		      (unsigned long long)PHYS_OFFSET, LOWMEM_MIN_SIZE >> 20);
	return end;
}

static phys_addr_t __init apply_mem_limit(phys_addr_t ram_end)
{
	u64 ram = ram_end - PHYS_OFFSET;

	if (!mem_limit)
		return ram_end;
	if (mem_limit > ram) {
		pr_warn("mem=%lluM is larger than the %lluM of RAM, ignored\n",
			(unsigned long long)(mem_limit >> 20), (unsigned long long)(ram >> 20));
		return ram_end;
	}
	if (mem_limit < LOWMEM_MIN_SIZE) {
		pr_warn("mem=%lluK is below the %luM minimum, using %luM\n",
			(unsigned long long)(mem_limit >> 10), LOWMEM_MIN_SIZE >> 20,
			LOWMEM_MIN_SIZE >> 20);
		return PHYS_OFFSET + LOWMEM_MIN_SIZE;
	}
	return PHYS_OFFSET + (mem_limit & ~(u64)(PAGE_SIZE - 1));
}

static void layout_sections_get(struct layout_sections *s)
{
	s->text = (vaddr_t)_text;
	s->etext = (vaddr_t)_etext;
	s->init = (vaddr_t)__init_begin;
	s->einit = (vaddr_t)__init_end;
	s->data = (vaddr_t)_sdata;
	s->edata = (vaddr_t)_edata;
	s->bss = (vaddr_t)__bss_start;
	s->ebss = (vaddr_t)__bss_stop;
}

static int pr_notice_fmt(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return printk(KERN_NOTICE "%s", buf);
}

void __init mem_layout_init(const struct fdt *fdt)
{
	struct layout_sections s;
	enum vmalloc_clamp why;
	phys_addr_t ram_end = apply_mem_limit(lowmem_bank_end(fdt));
	u32 vmalloc_size = vmalloc_size_clamp(vmalloc_request, &why);

	if (why == VMALLOC_SIZE_TOO_SMALL)
		pr_warn("vmalloc area is too small, limiting to %luMiB\n",
			(unsigned long)(vmalloc_size >> 20));
	else if (why == VMALLOC_SIZE_TOO_BIG)
		pr_warn("vmalloc area is too big, limiting to %luMiB\n",
			(unsigned long)(vmalloc_size >> 20));
	layout_compute(&mem_layout, PHYS_OFFSET, ram_end, vmalloc_size);
	pr_info("Memory: %lluMiB RAM at 0x%08llx-0x%08llx, lowmem to 0x%08llx\n",
		(unsigned long long)((ram_end - PHYS_OFFSET) >> 20), (unsigned long long)PHYS_OFFSET,
		(unsigned long long)(ram_end - 1), (unsigned long long)mem_layout.lowmem_limit);
	paging_init();
	layout_sections_get(&s);
	layout_print(&mem_layout, &s, pr_notice_fmt);
}

static int cmd_layout(int argc, char **argv)
{
	struct layout_sections s;

	(void)argc;
	(void)argv;
	layout_sections_get(&s);
	layout_print(&mem_layout, &s, console_printf);
	return 0;
}
SHELL_COMMAND("layout", "", "print the virtual kernel memory layout", cmd_layout);
