/* SPDX-License-Identifier: MIT */
/*
 * Page <-> address conversions and the memory statistics that meminfo,
 * zoneinfo and buddyinfo print.
 */
#ifndef MERIDIAN_MM_H
#define MERIDIAN_MM_H

#include <asm/memory.h>
#include <meridian/gfp.h>

void *pkmap_page_address(const struct page *page);

/*
 * page_address - the kernel virtual address of a page: its direct-map
 * address for lowmem; for highmem its current kmap() address, found
 * through the pkmap hash, or NULL when it is not mapped.
 */
static inline void *page_address(const struct page *page)
{
	phys_addr_t pa = page_to_phys(page);

	if (pa < mem_layout.phys_offset || pa >= mem_layout.lowmem_limit)
		return pkmap_page_address(page);
	return (void *)(PAGE_OFFSET + (vaddr_t)(pa - mem_layout.phys_offset));
}

/* The struct page of a direct-mapped (lowmem) address; asserts on anything else. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page((unsigned long)(__pa(addr) >> PAGE_SHIFT));
}

/* Totals for meminfo, in pages. */
unsigned long totalram_pages(void);	/* managed pages, all zones */
unsigned long totalhigh_pages(void);	/* managed pages in ZONE_HIGHMEM */
unsigned long nr_free_highpages(void);

/* Boot: zones and the buddy allocator from memblock (mm/init.c). */
struct fdt;
void mem_init(const struct fdt *fdt, phys_addr_t dtb_phys);

/* mem_map's footprint, for meminfo's MemMap line. */
extern unsigned long mem_map_bytes;

#endif /* MERIDIAN_MM_H */
