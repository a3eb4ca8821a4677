/* SPDX-License-Identifier: MIT */
/*
 * Lowmem limit and vmalloc placement: Linux 6.1's arithmetic
 * (arch/arm/mm/mmu.c adjust_lowmem_bounds, early_vmalloc), as pure
 * functions of RAM and boot arguments so that the host tests can
 * compare them with Linux's results.
 */
#ifndef MERIDIAN_LAYOUT_H
#define MERIDIAN_LAYOUT_H

#include <asm/memory.h>

enum vmalloc_clamp { VMALLOC_SIZE_OK, VMALLOC_SIZE_TOO_SMALL, VMALLOC_SIZE_TOO_BIG };

/* The largest vmalloc= that still leaves LOWMEM_MIN_SIZE of lowmem. */
#define VMALLOC_MAX_SIZE (VMALLOC_END - (PAGE_OFFSET + LOWMEM_MIN_SIZE + VMALLOC_OFFSET))

/*
 * vmalloc_size_clamp - the vmalloc size to use for a vmalloc= request:
 * at least VMALLOC_MIN_SIZE, at most VMALLOC_MAX_SIZE, page aligned.
 * *why says whether (and which way) it was clamped.
 */
u32 vmalloc_size_clamp(u64 requested, enum vmalloc_clamp *why);

/*
 * layout_compute - fill l from the RAM bank that starts at phys_offset
 * and ends at ram_end (after mem=), and the vmalloc size.  Lowmem ends
 * at the lower of ram_end and
 *	VMALLOC_END - vmalloc_size - VMALLOC_OFFSET - PAGE_OFFSET + PHYS_OFFSET.
 * Precondition: ram_end > phys_offset, vmalloc_size already clamped.
 */
void layout_compute(struct mem_layout *l, phys_addr_t phys_offset, phys_addr_t ram_end,
		    u32 vmalloc_size);

/* Print Linux's "Virtual kernel memory layout:" block through out(). */
struct layout_sections {
	vaddr_t text, etext, init, einit, data, edata, bss, ebss;
};
void layout_print(const struct mem_layout *l, const struct layout_sections *s,
		  int (*out)(const char *fmt, ...));

/* One named range of the virtual address space, [start, end). */
struct layout_region {
	const char *name;	/* Linux's name where the layout block has one */
	vaddr_t start, end;
	const char *use;	/* one line for people: what lives there */
};

#define LAYOUT_NR_REGIONS 9

/*
 * layout_regions - the virtual address space of l, lowest first: user
 * space, modules, pkmap, lowmem, the vmalloc hole, vmalloc, the FDT
 * window, fixmap and the vectors.  Fills r[LAYOUT_NR_REGIONS]; every
 * region is non-empty and they do not overlap.  The shell's
 * `layout --json` and ./meridian plot draw from this table.
 */
void layout_regions(const struct mem_layout *l, struct layout_region r[LAYOUT_NR_REGIONS]);

#endif /* MERIDIAN_LAYOUT_H */
