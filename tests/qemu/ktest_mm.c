/* SPDX-License-Identifier: MIT */
/*
 * The physical memory model under QEMU: zones against the RAM QEMU was
 * given, highmem above 4 GiB really reachable, the buddy allocator and
 * slab under stress and exhaustion, and every counter back to its
 * baseline afterwards.
 */
#include <string.h>

#include <asm/mmu.h>
#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/memblock.h>
#include <meridian/mm.h>
#include <meridian/slab.h>

#define STRESS_SLOTS 256

struct counters {
	unsigned long free[MAX_NR_ZONES];
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
};

static void snapshot(struct counters *c)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_drain_pcp(&zones[z]);
		c->free[z] = zones[z].free_pages;
		for (int o = 0; o < MAX_ORDER; o++)
			c->nr_free[z][o] = zones[z].free_area[o].nr_free;
	}
}

static void expect_baseline(struct ktest *t, const struct counters *before)
{
	struct counters now;

	snapshot(&now);
	KTEST_EXPECT(t, memcmp(&now, before, sizeof(now)) == 0);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		KTEST_EXPECT_EQ(t, now.free[z], before->free[z]);
}

static u64 ram_given(void)
{
	const char *arg = ktest_arg("mem");
	u64 mem;

	return arg && parse_size(arg, &mem) == 0 ? mem : 0;
}

static void mm_zone_boundaries(struct ktest *t)
{
	const struct zone *n = &zones[ZONE_NORMAL], *h = &zones[ZONE_HIGHMEM];
	u64 mem = ram_given();
	u64 lowmem = mem_layout.lowmem_limit - PHYS_OFFSET;

	KTEST_EXPECT_EQ(t, n->zone_start_pfn, PHYS_OFFSET >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, n->spanned_pages, lowmem >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, h->zone_start_pfn, mem_layout.lowmem_limit >> PAGE_SHIFT);
	if (ktest_arg("usable") && parse_size(ktest_arg("usable"), &mem) < 0)
		mem = 0;
	if (mem) {
		KTEST_EXPECT_EQ(t, (u64)(n->spanned_pages + h->spanned_pages) << PAGE_SHIFT, mem);
		KTEST_EXPECT_EQ(t, h->spanned_pages != 0, mem > lowmem);
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zz = &zones[z];

		KTEST_EXPECT(t, zz->managed_pages <= zz->present_pages);
		KTEST_EXPECT(t, zz->present_pages <= zz->spanned_pages);
		KTEST_EXPECT(t, zz->free_pages <= zz->managed_pages);
	}
	/* Everything memblock handed out or reserved is out of the buddy allocator. */
	KTEST_EXPECT(t, memblock.retired);
	KTEST_EXPECT(t, n->present_pages - n->managed_pages >= (mem_map_bytes >> PAGE_SHIFT));
	ktest_log(t, "Normal %lu pages, HighMem %lu pages, mem_map %lu KiB", n->spanned_pages,
		  h->spanned_pages, mem_map_bytes >> 10);
}

static void mm_struct_page_compact(struct ktest *t)
{
	u64 pages = (mem_layout.ram_end - PHYS_OFFSET) >> PAGE_SHIFT;

	KTEST_EXPECT_EQ(t, sizeof(struct page), 16);
	KTEST_EXPECT_EQ(t, mem_map_bytes, pages * sizeof(struct page));
	/* mem_map lives in lowmem and leaves most of it free. */
	KTEST_EXPECT(t, virt_addr_valid_lowmem((vaddr_t)mem_map));
	KTEST_EXPECT(t, zones[ZONE_NORMAL].free_pages > zones[ZONE_NORMAL].managed_pages / 2);
}

static void mm_page_address(struct ktest *t)
{
	struct page *low = alloc_page(GFP_KERNEL);
	struct page *high = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);

	KTEST_ASSERT(t, low != NULL);
	KTEST_EXPECT(t, !PageHighMem(low));
	KTEST_EXPECT_EQ(t, (vaddr_t)page_address(low), (vaddr_t)__va(page_to_phys(low)));
	KTEST_EXPECT(t, virt_to_page(page_address(low)) == low);
	KTEST_EXPECT_EQ(t, pfn_to_page(page_to_pfn(low)) == low, 1);
	if (zones[ZONE_HIGHMEM].managed_pages) {
		KTEST_ASSERT(t, high != NULL);
		KTEST_EXPECT(t, PageHighMem(high));
		KTEST_EXPECT(t, page_address(high) == NULL);	/* not mapped */
	} else if (high) {
		KTEST_EXPECT(t, !PageHighMem(high));	/* fell back to lowmem */
	}
	__free_page(low);
	if (high)
		__free_page(high);
}

/* Write a highmem page above 4 GiB through one temporary mapping, read it through another. */
static void mm_highmem_above_4g(struct ktest *t)
{
	static struct page *held[400];
	int n = 0, found = -1;
	struct counters base;

	if (mem_layout.ram_end <= 0x100000000ULL) {
		ktest_skip(t, "no RAM above 4 GiB");
		return;
	}
	snapshot(&base);
	while (n < (int)ARRAY_SIZE(held)) {
		struct page *p = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, MAX_ORDER - 1);

		if (!p)
			break;
		held[n++] = p;
		if (page_to_phys(p) >= 0x100000000ULL) {
			found = n - 1;
			break;
		}
	}
	KTEST_ASSERT(t, found >= 0);
	phys_addr_t pa = page_to_phys(held[found]) + 5 * PAGE_SIZE;
	u32 *w = fixmap_map_page(FIX_HIGHPAGE_TEMP, pa, MMU_KERNEL_RW);

	for (u32 i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = (u32)pa ^ (i * 0x9e3779b9u);
	fixmap_unmap_page(FIX_HIGHPAGE_TEMP);
	const u32 *r = fixmap_map_page(FIX_HIGHPAGE_TEMP, pa, MMU_KERNEL_RO);
	int bad = 0;

	for (u32 i = 0; i < PAGE_SIZE / 4; i++)
		bad += r[i] != ((u32)pa ^ (i * 0x9e3779b9u));
	fixmap_unmap_page(FIX_HIGHPAGE_TEMP);
	KTEST_EXPECT_EQ(t, bad, 0);
	ktest_log(t, "wrote and read back the page at physical 0x%llx", (unsigned long long)pa);
	while (n)
		__free_pages(held[--n], MAX_ORDER - 1);
	expect_baseline(t, &base);
}

static u32 lcg(u32 *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static void mm_buddy_stress(struct ktest *t)
{
	static struct page *slot[STRESS_SLOTS];
	static u8 order[STRESS_SLOTS];
	struct counters base;
	u32 seed = 12345;
	int overlaps = 0;

	snapshot(&base);
	memset(slot, 0, sizeof(slot));
	for (int step = 0; step < 20000; step++) {
		int i = lcg(&seed) % STRESS_SLOTS;

		if (slot[i]) {
			__free_pages(slot[i], order[i]);
			slot[i] = NULL;
			continue;
		}
		order[i] = (lcg(&seed) % 8 == 0) ? lcg(&seed) % MAX_ORDER : lcg(&seed) % 3;
		slot[i] = alloc_pages((lcg(&seed) & 1) ? GFP_HIGHUSER : GFP_KERNEL, order[i]);
		if (slot[i] && (page_to_pfn(slot[i]) & ((1u << order[i]) - 1)))
			overlaps++;	/* misaligned block */
	}
	for (int i = 0; i < STRESS_SLOTS; i++)
		if (slot[i])
			__free_pages(slot[i], order[i]);
	KTEST_EXPECT_EQ(t, overlaps, 0);
	expect_baseline(t, &base);
}

static void mm_exhaustion(struct ktest *t)
{
	struct counters base;
	struct page *first = NULL;
	unsigned long got = 0;

	snapshot(&base);
	/* Chain every lowmem order-3 block through its first page's memory. */
	for (;;) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3);

		if (!p)
			break;
		*(struct page **)page_address(p) = first;
		first = p;
		got++;
	}
	KTEST_EXPECT(t, got > 0);
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3) == NULL);
	KTEST_EXPECT(t, alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);	/* order 11: always NULL */
	while (first) {
		struct page *next = *(struct page **)page_address(first);

		__free_pages(first, 3);
		first = next;
	}
	ktest_log(t, "lowmem ran out after %lu order-3 blocks", got);
	expect_baseline(t, &base);
}

static void mm_slab(struct ktest *t)
{
	static void *objs[64];
	struct counters base;
	struct kmem_cache *c;
	int bad = 0;

	kmem_cache_shrink_all();
	snapshot(&base);
	c = kmem_cache_create("ktest-72", 72, 64, 0, NULL);
	KTEST_ASSERT(t, c != NULL);
	for (int i = 0; i < 64; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		if (!objs[i] || ((vaddr_t)objs[i] & 63))
			bad++;
		else
			memset(objs[i], i, 72);
	}
	for (int i = 0; i < 64; i++) {
		if (objs[i] && ((u8 *)objs[i])[71] != i)
			bad++;
		kmem_cache_free(c, objs[i]);
	}
	kmem_cache_destroy(c);
	for (size_t size = 8; size <= 8192; size *= 2) {
		u8 *p = kmalloc(size, GFP_KERNEL);

		if (!p || ksize(p) < size) {
			bad++;
			continue;
		}
		memset(p, 0x5a, size);
		kfree(p);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	u8 *z = kzalloc(100, GFP_KERNEL);
	KTEST_ASSERT(t, z != NULL);
	KTEST_EXPECT_EQ(t, z[0] | z[50] | z[99], 0);
	kfree(z);
	kfree(NULL);
	/* Caches keep a few empty slabs; shrunk, every page is back. */
	kmem_cache_shrink_all();
	expect_baseline(t, &base);
}

KTEST_SUITE(mm,
	    KTEST_CASE(mm_zone_boundaries),
	    KTEST_CASE(mm_struct_page_compact),
	    KTEST_CASE(mm_page_address),
	    KTEST_CASE(mm_highmem_above_4g),
	    KTEST_CASE(mm_buddy_stress),
	    KTEST_CASE(mm_exhaustion),
	    KTEST_CASE(mm_slab));
