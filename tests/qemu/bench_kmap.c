/* SPDX-License-Identifier: MIT */
/* kmap and kmap_local microbenchmarks on highmem pages (./meridian bench). */
#include <asm/pmu.h>
#include <meridian/bench.h>
#include <meridian/highmem.h>

#define BENCH_PAGES 600

static struct page *pages[BENCH_PAGES];

/* Highmem pages to map; false if there are not enough. */
static bool get_pages(void)
{
	for (int i = 0; i < BENCH_PAGES; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
		if (!pages[i] || !PageHighMem(pages[i]))
			return false;
	}
	return true;
}

static void put_pages(void)
{
	for (int i = 0; i < BENCH_PAGES; i++)
		if (pages[i])
			__free_page(pages[i]);
}

static u32 bench_kmap_local(unsigned int iters)
{
	u32 start, end;

	if (!get_pages())
		return (put_pages(), 0);
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++)
		kunmap_local(kmap_local_page(pages[0]));
	end = read_pmccntr();
	put_pages();
	return end - start;
}
BENCHMARK("kmap_local_highmem", bench_kmap_local, 10000);

static u32 bench_kmap_hit(unsigned int iters)
{
	u32 start, end;

	if (!get_pages())
		return (put_pages(), 0);
	kmap(pages[0]);		/* held: every kmap below is a hit */
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++) {
		kmap(pages[0]);
		kunmap(pages[0]);
	}
	end = read_pmccntr();
	kunmap(pages[0]);
	put_pages();
	return end - start;
}
BENCHMARK("kmap_hit", bench_kmap_hit, 10000);

/* Forces a wrap so that every slot is free, then maps distinct pages without wrapping again. */
static u32 bench_kmap_miss(unsigned int iters)
{
	u32 start, end;

	if (!get_pages() || iters > 256)
		return (put_pages(), 0);
	for (int i = 0; i < 512; i++) {	/* a full round: the wrap flushes every stale slot */
		kmap(pages[i]);
		kunmap(pages[i]);
	}
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++) {
		kmap(pages[512 + i % 88]);
		kunmap(pages[512 + i % 88]);
	}
	end = read_pmccntr();
	put_pages();
	return end - start;
}
BENCHMARK("kmap_miss", bench_kmap_miss, 80);

/* 600 distinct pages round and round: every 512 maps the window wraps and flushes. */
static u32 bench_kmap_flush_cycle(unsigned int iters)
{
	u32 start, end;

	if (!get_pages())
		return (put_pages(), 0);
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++) {
		kmap(pages[i % BENCH_PAGES]);
		kunmap(pages[i % BENCH_PAGES]);
	}
	end = read_pmccntr();
	put_pages();
	return end - start;
}
BENCHMARK("kmap_flush_cycle", bench_kmap_flush_cycle, 6000);
