/* SPDX-License-Identifier: MIT */
/*
 * The page allocator's interface: pfn/page/address conversions and the
 * buddy allocator (mm/page_alloc.c).  Zones are the lowmem zone
 * (ZONE_NORMAL) and the highmem zone (ZONE_HIGHMEM).
 */
#ifndef MERIDIAN_GFP_H
#define MERIDIAN_GFP_H

#include <asm/memory.h>
#include <meridian/mm_types.h>

extern struct page *mem_map;		/* struct page of pfn mem_map_pfn_base */
extern unsigned long mem_map_pfn_base;
extern unsigned long mem_map_pfn_end;	/* one past the last pfn with a struct page */
extern struct zone zones[MAX_NR_ZONES];

static inline unsigned long page_to_pfn(const struct page *page)
{
	return mem_map_pfn_base + (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + (pfn - mem_map_pfn_base);
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn >= mem_map_pfn_base && pfn < mem_map_pfn_end;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* The zone is a function of the pfn: tail pages' structs are not kept up to date. */
static inline enum zone_type page_zonenum(const struct page *page)
{
	const struct zone *hz = &zones[ZONE_HIGHMEM];

	return hz->spanned_pages && page_to_pfn(page) >= hz->zone_start_pfn ? ZONE_HIGHMEM
									    : ZONE_NORMAL;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &zones[page_zonenum(page)];
}

static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

/* --- The buddy allocator, one instance per zone (mm/page_alloc.c) --- */

/* An empty zone spanning [start_pfn, start_pfn + spanned). */
void zone_init(struct zone *z, const char *name, unsigned long start_pfn,
	       unsigned long spanned_pages, unsigned long present_pages);
/*
 * Boot: hand [start_pfn, start_pfn + nr_pages) to the zone as free, in
 * the largest naturally aligned blocks.  Writes one struct page per
 * block and never touches the pages themselves (no poisoning).
 */
void zone_add_free_range(struct zone *z, unsigned long start_pfn, unsigned long nr_pages);
/* Mark [start_pfn, start_pfn + nr_pages) reserved (their struct pages say so). */
void reserve_page_range(unsigned long start_pfn, unsigned long nr_pages);
/* A block of 2^order pages from this zone, or NULL.  Never logs. */
struct page *zone_alloc_pages(struct zone *z, unsigned int order);
/* Returns a block; a bad free is reported with the caller and ignored. */
void zone_free_pages(struct zone *z, struct page *page, unsigned int order, void *caller);
/* Give the order-0 cache back to the buddy lists (exact buddyinfo, tests). */
void zone_drain_pcp(struct zone *z);

/* --- The kernel API --- */

/*
 * alloc_pages - 2^order contiguous pages.  GFP_KERNEL: lowmem only.
 * __GFP_HIGHMEM: highmem first, lowmem as fallback.  Returns NULL when
 * order > MAX_ORDER - 1 or memory is exhausted (logged once per zone
 * and order unless __GFP_NOWARN).  May be called with interrupts off.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)

/* Lowmem pages by address: the virtual address, or 0 on failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);

unsigned long nr_free_pages(void);

/* page_poison=1: fill freed pages with PAGE_POISON and check it on allocation. */
#define PAGE_POISON 0xaa
extern bool page_poisoning_enabled;

#endif /* MERIDIAN_GFP_H */
