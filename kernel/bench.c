/* SPDX-License-Identifier: MIT */
/*
 * The benchmark runner: bench=all or bench=NAME[,NAME...].  First it
 * reports boot_to_prompt, the instructions from the kernel's first
 * instruction to this point (where the shell would prompt), then each
 * registered benchmark as instructions per operation, with two decimals.
 */
#include <string.h>

#include <asm/pmu.h>
#include <meridian/args.h>
#include <meridian/bench.h>
#include <meridian/kernel.h>
#include <meridian/params.h>

extern const struct benchmark __benchmarks_start[], __benchmarks_end[];

static const char *bench_filter;

static bool bench_selected(const char *name)
{
	return strcmp(bench_filter, "all") == 0 || list_contains(bench_filter, name);
}

static void report(const char *name, u64 total, unsigned int iters)
{
	u64 hundredths = total * 100 / iters;

	console_printf("BENCH %-36s %10llu.%02llu insns/op\n", name,
		       (unsigned long long)(hundredths / 100), (unsigned long long)(hundredths % 100));
}

bool bench_requested(void)
{
	return bench_filter != NULL;
}

int bench_run_requested(void)
{
	u32 boot = read_pmccntr();
	int ran = 0;

	if (bench_selected("boot_to_prompt")) {
		report("boot_to_prompt", boot, 1);
		ran++;
	}
	for (const struct benchmark *b = __benchmarks_start; b < __benchmarks_end; b++) {
		if (!bench_selected(b->name))
			continue;
		b->run(b->iters);	/* warm up: caches, lazy state */
		report(b->name, b->run(b->iters), b->iters);
		ran++;
	}
	if (!ran) {
		console_printf("bench: nothing matches bench=%s\n", bench_filter);
		return 1;
	}
	return 0;
}

static int setup_bench(const char *val, void *ctx)
{
	(void)ctx;
	if (!val || !*val)
		return -EINVAL;
	bench_filter = val;
	return 0;
}
early_param("bench", setup_bench);
