/* SPDX-License-Identifier: MIT */
/* Page allocator and slab microbenchmarks (./meridian bench). */
#include <asm/pmu.h>
#include <meridian/bench.h>
#include <meridian/gfp.h>
#include <meridian/slab.h>

static u32 alloc_free_loop(gfp_t gfp, unsigned int order, unsigned int iters)
{
	u32 start = read_pmccntr();

	for (unsigned int i = 0; i < iters; i++) {
		struct page *p = alloc_pages(gfp, order);

		__free_pages(p, order);
	}
	return read_pmccntr() - start;
}

static u32 bench_order0_lowmem(unsigned int iters)
{
	return alloc_free_loop(GFP_KERNEL, 0, iters);
}
BENCHMARK("page_alloc_free_order0_lowmem", bench_order0_lowmem, 10000);

static u32 bench_order0_highmem(unsigned int iters)
{
	return alloc_free_loop(GFP_HIGHUSER, 0, iters);
}
BENCHMARK("page_alloc_free_order0_highmem", bench_order0_highmem, 10000);

static u32 bench_order3(unsigned int iters)
{
	return alloc_free_loop(GFP_KERNEL, 3, iters);
}
BENCHMARK("page_alloc_free_order3", bench_order3, 10000);

static u32 bench_kmalloc64(unsigned int iters)
{
	u32 start = read_pmccntr();

	for (unsigned int i = 0; i < iters; i++)
		kfree(kmalloc(64, GFP_KERNEL));
	return read_pmccntr() - start;
}
BENCHMARK("kmalloc64_kfree", bench_kmalloc64, 10000);
