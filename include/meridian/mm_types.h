/* SPDX-License-Identifier: MIT */
/*
 * struct page, zones and GFP flags: the physical memory model.
 *
 * One struct page per page frame, in one array (mem_map) in lowmem,
 * indexed by pfn - mem_map_pfn_base.  It is 16 bytes on the 32-bit
 * kernel (Linux uses 32).  The buddy allocator reads and writes only the
 * struct page of a block's FIRST page; the others are "don't care" until
 * a split or an allocation makes them a block head.  So boot writes one
 * struct page per free block, not one per page, and a 16 GiB guest does
 * not touch (or make QEMU allocate) most of mem_map.
 */
#ifndef MERIDIAN_MM_TYPES_H
#define MERIDIAN_MM_TYPES_H

#include <meridian/list.h>
#include <meridian/spinlock.h>
#include <meridian/types.h>

#define MAX_ORDER 11				/* orders 0..MAX_ORDER-1, as Linux 6.1 */
#define MAX_ORDER_NR_PAGES (1UL << (MAX_ORDER - 1))

/* page->flags: state bits, and the zone in the top bits. */
#define PG_reserved (1u << 0)	/* never handed to the buddy allocator (image, mem_map, holes) */
#define PG_buddy (1u << 1)	/* head of a free block; order in page->private */
#define PG_head (1u << 2)	/* head of an allocated block; order in page->private */
#define PG_slab (1u << 3)	/* owned by the slab allocator */
#define PG_pcp (1u << 4)	/* free, cached on a zone's order-0 list */
#define PG_poisoned (1u << 5)	/* free block filled with PAGE_POISON (page_poison=1) */
#define PG_ZONE_SHIFT 30
#define PG_ZONE_MASK (3u << PG_ZONE_SHIFT)

struct page {
	u32 flags;		/* PG_* and the zone */
	u32 private;		/* buddy/head: the block's order; slab: the owner's cookie */
	struct list_head lru;	/* free list, order-0 cache or slab list link */
};

#if UINTPTR_MAX == 0xffffffffu
_Static_assert(sizeof(struct page) == 16, "struct page stays at 16 bytes");
#endif

enum zone_type {
	ZONE_NORMAL,	/* lowmem: permanently mapped at PAGE_OFFSET */
	ZONE_HIGHMEM,	/* everything above the lowmem limit, including above 4 GiB */
	MAX_NR_ZONES
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks of this order */
};

struct zone {
	spinlock_t lock;		/* the free lists, the order-0 cache and the counters */
	const char *name;		/* "Normal", "HighMem" */
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;	/* end pfn - start pfn */
	unsigned long present_pages;	/* RAM pages in the span */
	unsigned long managed_pages;	/* pages given to the buddy allocator */
	unsigned long free_pages;	/* free, in the buddy lists or the order-0 cache */
	struct free_area free_area[MAX_ORDER];
	/* Order-0 cache (Linux's per-cpu pages): refilled and drained in batches. */
	struct list_head pcp_list;
	unsigned int pcp_count, pcp_high, pcp_batch;
	unsigned long alloc_fail;	/* allocations this zone could not satisfy */
};

typedef unsigned int gfp_t;

#define __GFP_HIGHMEM 0x02u	/* may come from ZONE_HIGHMEM (preferred), else lowmem */
#define __GFP_ZERO 0x100u	/* zero the pages (lowmem only, or through a temporary map) */
#define __GFP_NOWARN 0x200u	/* no log message on failure */
#define GFP_KERNEL 0x0u		/* lowmem only */
#define GFP_ATOMIC 0x0u		/* never sleeps (nothing sleeps yet) */
#define GFP_HIGHUSER (GFP_KERNEL | __GFP_HIGHMEM)

#endif /* MERIDIAN_MM_TYPES_H */
