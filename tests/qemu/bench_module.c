/* SPDX-License-Identifier: MIT */
/* Module loader benchmark (./meridian bench): load and init hello, then unload it. */
#include <asm/pmu.h>
#include <meridian/bench.h>
#include <meridian/module.h>

static u32 bench_module_load_hello(unsigned int iters)
{
	u32 start = read_pmccntr();

	for (unsigned int i = 0; i < iters; i++) {
		load_module("hello", "count=0");
		unload_module("hello");
	}
	return read_pmccntr() - start;
}
BENCHMARK("module_load_hello", bench_module_load_hello, 20);
