/* SPDX-License-Identifier: MIT */
/*
 * In-kernel microbenchmarks, run by bench=all (./meridian bench).  Each
 * reports instructions per operation from the PMU cycle counter, which
 * QEMU's -icount shift=0 makes count guest instructions exactly.
 *
 *	static u32 bench_foo(unsigned int iters)
 *	{
 *		u32 start = read_pmccntr();
 *		for (unsigned int i = 0; i < iters; i++)
 *			foo();
 *		return read_pmccntr() - start;
 *	}
 *	BENCHMARK("foo", bench_foo, 1000);
 */
#ifndef MERIDIAN_BENCH_H
#define MERIDIAN_BENCH_H

#include <meridian/types.h>

struct benchmark {
	const char *name;
	/* Runs iters operations; returns the instructions they took in total. */
	u32 (*run)(unsigned int iters);
	unsigned int iters;
};

#define BENCHMARK(bname, fn, n)							\
	static const struct benchmark __bench_##fn				\
		__attribute__((used, section(".benchmarks"), aligned(4))) = {	\
			.name = bname, .run = fn, .iters = n,			\
		}

bool bench_requested(void);
/* Prints "BENCH name value insns/op" lines; returns the number that failed to run. */
int bench_run_requested(void);

#endif /* MERIDIAN_BENCH_H */
