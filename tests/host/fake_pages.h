/* SPDX-License-Identifier: MIT */
/*
 * A host fake of the page allocator's interface (meridian/gfp.h) for the
 * slab tests: alloc_pages/__free_pages over a malloc'd, page-aligned
 * arena with its own mem_map, first fit on naturally aligned blocks.  It
 * counts pages in use, can be limited to simulate exhaustion, and checks
 * every free the way the buddy allocator's contract implies (head page
 * with PG_head and its order in private, no PG_slab left on any page).
 * Under ASan, free pages are poisoned.
 */
#ifndef FAKE_PAGES_H
#define FAKE_PAGES_H

#include <meridian/gfp.h>

#define FAKE_NR_PAGES 4096UL		/* 16 MiB arena */
#define FAKE_PFN_BASE 0x80000UL	/* the arena "is" physical 0x80000000 */
#define FAKE_NO_LIMIT (~0UL)

/* Sets up the arena and mem_map (all pages free).  Call once. */
void fake_pages_init(void);
unsigned long fake_pages_in_use(void);
/* alloc_pages fails when it would take more than max pages in use (FAKE_NO_LIMIT: never). */
void fake_pages_set_limit(unsigned long max);
/* The arena: [fake_arena_base(), + FAKE_NR_PAGES * PAGE_SIZE). */
char *fake_arena_base(void);

extern unsigned long fake_alloc_calls;	/* alloc_pages calls (successful or not) */
extern unsigned long fake_free_calls;	/* __free_pages calls */
extern unsigned long fake_alloc_failures;
extern unsigned long fake_bad_frees;	/* frees that broke the contract (test failure) */

/* What mm/slab.c calls on the host instead of page_address/virt_to_page. */
void *host_page_address(const struct page *page);
struct page *host_virt_to_page(const void *addr);	/* NULL outside the arena */

#endif /* FAKE_PAGES_H */
