/* SPDX-License-Identifier: MIT */
/* Host fake of the page allocator for the slab tests; see fake_pages.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "fake_pages.h"

struct page *mem_map;
unsigned long mem_map_pfn_base;
unsigned long mem_map_pfn_end;
struct zone zones[MAX_NR_ZONES];
bool page_poisoning_enabled;

unsigned long fake_alloc_calls, fake_free_calls, fake_alloc_failures, fake_bad_frees;

static char *arena;
static bool used[FAKE_NR_PAGES];
static unsigned long in_use;
static unsigned long limit = FAKE_NO_LIMIT;

#define FAKE_TAIL_JUNK 0xdeadbeefu	/* tail struct pages are "don't care" */
#define FAKE_ALLOC_FILL 0x5a		/* pages come back dirty, never zeroed */

void fake_pages_init(void)
{
	arena = aligned_alloc(PAGE_SIZE, FAKE_NR_PAGES * PAGE_SIZE);
	mem_map = calloc(FAKE_NR_PAGES, sizeof(*mem_map));
	if (!arena || !mem_map) {
		fprintf(stderr, "fake_pages: out of host memory\n");
		abort();
	}
	mem_map_pfn_base = FAKE_PFN_BASE;
	mem_map_pfn_end = FAKE_PFN_BASE + FAKE_NR_PAGES;
	zones[ZONE_NORMAL].name = "Normal";
	zones[ZONE_NORMAL].zone_start_pfn = FAKE_PFN_BASE;
	zones[ZONE_NORMAL].spanned_pages = FAKE_NR_PAGES;
	zones[ZONE_NORMAL].present_pages = FAKE_NR_PAGES;
	zones[ZONE_NORMAL].managed_pages = FAKE_NR_PAGES;
	zones[ZONE_NORMAL].free_pages = FAKE_NR_PAGES;
	zones[ZONE_HIGHMEM].name = "HighMem";
	ASAN_POISON_MEMORY_REGION(arena, FAKE_NR_PAGES * PAGE_SIZE);
}

unsigned long fake_pages_in_use(void)
{
	return in_use;
}

void fake_pages_set_limit(unsigned long max)
{
	limit = max;
}

char *fake_arena_base(void)
{
	return arena;
}

void *host_page_address(const struct page *page)
{
	return arena + (size_t)(page - mem_map) * PAGE_SIZE;
}

struct page *host_virt_to_page(const void *addr)
{
	uintptr_t a = (uintptr_t)addr, base = (uintptr_t)arena;

	if (a < base || a - base >= FAKE_NR_PAGES * PAGE_SIZE)
		return NULL;
	return &mem_map[(a - base) / PAGE_SIZE];
}

/* First fit: the lowest naturally aligned run of 2^order free pages, or -1. */
static long find_block(unsigned int order)
{
	unsigned long n = 1UL << order, i, j;

	for (i = 0; i + n <= FAKE_NR_PAGES; i += n) {
		for (j = 0; j < n && !used[i + j]; j++)
			;
		if (j == n)
			return (long)i;
	}
	return -1;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long n = 1UL << order, i;
	struct page *page;
	long idx;

	fake_alloc_calls++;
	if (order > MAX_ORDER - 1 || (limit != FAKE_NO_LIMIT && in_use + n > limit) ||
	    (idx = find_block(order)) < 0) {
		fake_alloc_failures++;
		return NULL;
	}
	page = &mem_map[idx];
	for (i = 0; i < n; i++) {
		used[idx + i] = true;
		if (i) {
			/* Tails keep their flags; everything else is junk, as on the real thing. */
			page[i].private = FAKE_TAIL_JUNK;
			page[i].lru.next = (struct list_head *)(uintptr_t)0x100;
			page[i].lru.prev = (struct list_head *)(uintptr_t)0x122;
		}
	}
	page->flags = PG_head;
	page->private = order;
	in_use += n;
	ASAN_UNPOISON_MEMORY_REGION(host_page_address(page), n * PAGE_SIZE);
	memset(host_page_address(page), gfp & __GFP_ZERO ? 0 : FAKE_ALLOC_FILL, n * PAGE_SIZE);
	return page;
}

/* Why this free breaks the allocator's contract, or NULL. */
static const char *bad_free(const struct page *page, unsigned int order)
{
	unsigned long idx, n = 1UL << order, i;

	if (page < mem_map || page >= mem_map + FAKE_NR_PAGES)
		return "not in mem_map";
	idx = (unsigned long)(page - mem_map);
	if (order > MAX_ORDER - 1 || idx & (n - 1) || idx + n > FAKE_NR_PAGES)
		return "bad order or alignment";
	if (!(page->flags & PG_head) || page->private != order)
		return "head page lost PG_head or its order";
	for (i = 0; i < n; i++) {
		if (!used[idx + i])
			return "page already free";
		if (page[i].flags & PG_slab)
			return "PG_slab still set";
	}
	return NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long n = 1UL << order, i, idx;
	const char *why;

	fake_free_calls++;
	why = bad_free(page, order);
	if (why) {
		fake_bad_frees++;
		fprintf(stderr, "fake_pages: bad __free_pages(%p, %u): %s\n", (void *)page, order, why);
		return;
	}
	idx = (unsigned long)(page - mem_map);
	for (i = 0; i < n; i++)
		used[idx + i] = false;
	page->flags = 0;
	page->private = 0;
	in_use -= n;
	memset(host_page_address(page), 0x6b, n * PAGE_SIZE);
	ASAN_POISON_MEMORY_REGION(host_page_address(page), n * PAGE_SIZE);
}
