/* SPDX-License-Identifier: MIT */
/*
 * ktest=highmem_sweep ktest.stride=N: every Nth page of all of highmem
 * is written through kmap_local_page with a pattern of its own, then read
 * back through kmap (another window).  Pages above 4 GiB carrying their
 * own data proves there is no aliasing.  Touches (highmem / N) of guest
 * RAM, so ctest runs it alone (at 8G with N=1, at 16G with N=16).
 */
#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/slab.h>

#define SWEEP_MAX_BLOCKS 8192

struct block {
	struct page *page;
	unsigned int order;
};

static u32 sweep_word(unsigned long pfn, unsigned int i)
{
	return (u32)pfn * 0x2545f491u ^ (i + 1) * 0x9e3779b9u;
}

/* Takes every free highmem page as the largest blocks available. */
static unsigned int grab_highmem(struct block *b)
{
	unsigned int n = 0;

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *p;

		while (n < SWEEP_MAX_BLOCKS &&
		       (p = zone_alloc_pages(&zones[ZONE_HIGHMEM], (unsigned int)order))) {
			b[n].page = p;
			b[n++].order = (unsigned int)order;
		}
	}
	return n;
}

static void highmem_sweep_all(struct ktest *t)
{
	const char *arg = ktest_arg("stride");
	unsigned long long stride = 1;
	unsigned long checked = 0, above4g = 0, bad = 0;
	struct block *b;
	unsigned int n;

	if (arg && (parse_uint(arg, 4096, &stride) < 0 || stride == 0))
		stride = 1;
	if (!zones[ZONE_HIGHMEM].managed_pages) {
		ktest_skip(t, "no highmem");
		return;
	}
	b = kmalloc(SWEEP_MAX_BLOCKS * sizeof(*b), GFP_KERNEL);
	KTEST_ASSERT(t, b != NULL);
	n = grab_highmem(b);
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned long j = 0; j < (1UL << b[i].order); j++) {
			unsigned long pfn = page_to_pfn(b[i].page) + j;
			u32 *v;

			if (pfn % stride)
				continue;
			v = kmap_local_page(pfn_to_page(pfn));
			v[0] = sweep_word(pfn, 0);
			v[PAGE_SIZE / 8] = sweep_word(pfn, 1);
			v[PAGE_SIZE / 4 - 1] = sweep_word(pfn, 2);
			kunmap_local(v);
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned long j = 0; j < (1UL << b[i].order); j++) {
			unsigned long pfn = page_to_pfn(b[i].page) + j;
			struct page *p = pfn_to_page(pfn);
			const u32 *v;

			if (pfn % stride)
				continue;
			v = kmap(p);
			bad += v[0] != sweep_word(pfn, 0) || v[PAGE_SIZE / 8] != sweep_word(pfn, 1) ||
			       v[PAGE_SIZE / 4 - 1] != sweep_word(pfn, 2);
			kunmap(p);
			checked++;
			above4g += ((phys_addr_t)pfn << PAGE_SHIFT) >= 0x100000000ULL;
		}
	}
	for (unsigned int i = 0; i < n; i++)
		__free_pages(b[i].page, b[i].order);
	kfree(b);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT(t, checked > 0);
	if (mem_layout.ram_end > 0x100000000ULL)
		KTEST_EXPECT(t, above4g > 0);
	ktest_log(t, "%lu highmem pages checked (every %llu), %lu above 4 GiB, %lu bad", checked,
		  stride, above4g, bad);
}

KTEST_SUITE_MANUAL(highmem_sweep, KTEST_CASE(highmem_sweep_all));
