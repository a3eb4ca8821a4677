/* SPDX-License-Identifier: MIT */
/*
 * `kmaptest N`: N highmem pages written through kmap_local_page and read
 * back through kmap (another slot, another window), with a pattern that
 * differs for every page and every word, so aliasing would show.
 */
#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/shell.h>
#include <meridian/slab.h>

#define KMAPTEST_MAX 262144

static u32 pattern(unsigned long pfn, unsigned int word)
{
	return (u32)pfn * 0x9e3779b1u ^ word * 0x85ebca6bu;
}

static void fill(struct page *page)
{
	u32 *p = kmap_local_page(page);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		p[i] = pattern(page_to_pfn(page), i);
	kunmap_local(p);
}

static unsigned int check(struct page *page)
{
	const u32 *p = kmap(page);
	unsigned int bad = 0;

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		bad += p[i] != pattern(page_to_pfn(page), i);
	kunmap(page);
	return bad;
}

static int cmd_kmaptest(int argc, char **argv)
{
	unsigned long long n;
	unsigned long got = 0, high = 0, above4g = 0, bad = 0;
	struct page **pages;

	if (argc != 2 || parse_uint(argv[1], KMAPTEST_MAX, &n) < 0 || n == 0) {
		console_printf("usage: kmaptest N (1 to %d)\n", KMAPTEST_MAX);
		return 1;
	}
	pages = kmalloc((size_t)n * sizeof(*pages), GFP_KERNEL);
	if (!pages) {
		console_printf("kmaptest: no memory for %llu page pointers\n", n);
		return 1;
	}
	for (; got < n; got++) {
		pages[got] = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
		if (!pages[got])
			break;
		high += PageHighMem(pages[got]);
		above4g += page_to_phys(pages[got]) >= 0x100000000ULL;
		fill(pages[got]);
	}
	for (unsigned long i = 0; i < got; i++)
		bad += check(pages[i]) != 0;
	for (unsigned long i = 0; i < got; i++)
		__free_page(pages[i]);
	kfree(pages);
	console_printf("kmaptest: %lu pages (%lu highmem, %lu above 4 GiB): %lu bad%s\n", got, high,
		       above4g, bad, got < n ? " (ran out of memory)" : "");
	return bad || got < n;
}
SHELL_COMMAND("kmaptest", "N", "write N highmem pages through kmap_local, check them through kmap",
	      cmd_kmaptest);
