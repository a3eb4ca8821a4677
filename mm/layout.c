/* SPDX-License-Identifier: MIT */
/* Lowmem/vmalloc arithmetic and the layout report; see meridian/layout.h. */
#include <meridian/layout.h>

u32 vmalloc_size_clamp(u64 requested, enum vmalloc_clamp *why)
{
	*why = VMALLOC_SIZE_OK;
	if (requested < VMALLOC_MIN_SIZE) {
		*why = VMALLOC_SIZE_TOO_SMALL;
		return VMALLOC_MIN_SIZE;
	}
	if (requested > VMALLOC_MAX_SIZE) {
		*why = VMALLOC_SIZE_TOO_BIG;
		return VMALLOC_MAX_SIZE;
	}
	return (u32)ALIGN_UP(requested, (u64)PAGE_SIZE);
}

void layout_compute(struct mem_layout *l, phys_addr_t phys_offset, phys_addr_t ram_end,
		    u32 vmalloc_size)
{
	u32 vmalloc_min = VMALLOC_END - vmalloc_size - VMALLOC_OFFSET;
	phys_addr_t vmalloc_limit = (phys_addr_t)(vmalloc_min - PAGE_OFFSET) + phys_offset;

	l->phys_offset = phys_offset;
	l->ram_end = ram_end;
	l->vmalloc_size = vmalloc_size;
	l->lowmem_limit = MIN(ram_end, vmalloc_limit);
	l->high_memory = PAGE_OFFSET + (vaddr_t)(l->lowmem_limit - phys_offset);
	/* As Linux: high_memory + 8 MiB rounded down, so the hole is 8 MiB when lowmem ends aligned. */
	l->vmalloc_start = ALIGN_DOWN(l->high_memory + VMALLOC_OFFSET, VMALLOC_OFFSET);
}

#define MLK(b, t) (unsigned long)(b), (unsigned long)(t), (long)(((t) - (b)) >> 10)
#define MLM(b, t) (unsigned long)(b), (unsigned long)(t), (long)(((t) - (b)) >> 20)
#define MLK_ROUNDUP(b, t) (unsigned long)(b), (unsigned long)(t), (long)(((t) - (b) + 1023) >> 10)

void layout_print(const struct mem_layout *l, const struct layout_sections *s,
		  int (*out)(const char *fmt, ...))
{
	out("Virtual kernel memory layout:\n");
	out("    vector  : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK(VECTORS_BASE, VECTORS_BASE + PAGE_SIZE));
	out("    fixmap  : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK(FIXADDR_START, FIXADDR_END));
	out("    vmalloc : 0x%08lx - 0x%08lx   (%4ld MB)\n", MLM(l->vmalloc_start, VMALLOC_END));
	out("    lowmem  : 0x%08lx - 0x%08lx   (%4ld MB)\n", MLM(PAGE_OFFSET, l->high_memory));
	out("    pkmap   : 0x%08lx - 0x%08lx   (%4ld MB)\n", MLM(PKMAP_BASE, PKMAP_END));
	out("    modules : 0x%08lx - 0x%08lx   (%4ld MB)\n", MLM(MODULES_VADDR, MODULES_END));
	out("      .text : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK_ROUNDUP(s->text, s->etext));
	out("      .init : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK_ROUNDUP(s->init, s->einit));
	out("      .data : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK_ROUNDUP(s->data, s->edata));
	out("       .bss : 0x%08lx - 0x%08lx   (%4ld kB)\n", MLK_ROUNDUP(s->bss, s->ebss));
}

void layout_regions(const struct mem_layout *l, struct layout_region r[LAYOUT_NR_REGIONS])
{
	const struct layout_region table[LAYOUT_NR_REGIONS] = {
		{ "user", 0, MODULES_VADDR, "user space, translated through TTBR0" },
		{ "modules", MODULES_VADDR, MODULES_END, "loadable modules, within BL reach of the kernel" },
		{ "pkmap", PKMAP_BASE, PKMAP_END, "kmap: 512 persistent slots for highmem pages" },
		{ "lowmem", PAGE_OFFSET, l->high_memory, "direct map of lowmem, kernel image at the start" },
		{ "hole", l->high_memory, l->vmalloc_start, "unmapped: catches overruns of the direct map" },
		{ "vmalloc", l->vmalloc_start, VMALLOC_END, "vmalloc, vmap and ioremap areas" },
		{ "fdt", FDT_FIXED_BASE, FDT_FIXED_BASE + FDT_FIXED_SIZE, "the boot device tree, read-only" },
		{ "fixmap", FIXADDR_START, FIXADDR_END, "early ioremap and kmap_local slots" },
		{ "vector", VECTORS_BASE, VECTORS_BASE + PAGE_SIZE, "exception vectors (SCTLR.V high vectors)" },
	};

	for (unsigned int i = 0; i < LAYOUT_NR_REGIONS; i++)
		r[i] = table[i];
}
