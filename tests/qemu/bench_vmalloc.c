/* SPDX-License-Identifier: MIT */
/* vmalloc microbenchmarks (./meridian bench). */
#include <asm/pmu.h>
#include <meridian/bench.h>
#include <meridian/vmalloc.h>

#define MAX_LIVE 10000

static void *live[MAX_LIVE];

static void hold(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		live[i] = vmalloc(PAGE_SIZE);
}

static void release(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		vfree(live[i]);
	vmalloc_purge();
}

static u32 vmalloc_vfree_loop(unsigned long size, unsigned int live_areas, unsigned int iters)
{
	u32 start, end;

	hold(live_areas);
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++)
		vfree(vmalloc(size));
	end = read_pmccntr();
	release(live_areas);
	return end - start;
}

static u32 bench_1page(unsigned int iters)
{
	return vmalloc_vfree_loop(PAGE_SIZE, 100, iters);
}
BENCHMARK("vmalloc_vfree_1page", bench_1page, 2000);

static u32 bench_16pages(unsigned int iters)
{
	return vmalloc_vfree_loop(16 * PAGE_SIZE, 100, iters);
}
BENCHMARK("vmalloc_vfree_16pages", bench_16pages, 1000);

static u32 bench_1page_10000(unsigned int iters)
{
	return vmalloc_vfree_loop(PAGE_SIZE, MAX_LIVE, iters);
}
BENCHMARK("vmalloc_vfree_1page_10000_live", bench_1page_10000, 2000);

/* One batched purge of 1000 freed areas, per area. */
static u32 bench_purge(unsigned int iters)
{
	u32 start;

	vmalloc_purge();
	hold(iters);
	for (unsigned int i = 0; i < iters; i++)
		vfree(live[i]);
	start = read_pmccntr();
	vmalloc_purge();
	return read_pmccntr() - start;
}
BENCHMARK("vmalloc_purge", bench_purge, 1000);
