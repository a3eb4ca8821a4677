/* SPDX-License-Identifier: MIT */
/* memblock: merging, removal, mem=, free-range iteration and top-down allocation. */
#include <stdlib.h>

#include <meridian/errno.h>
#include <meridian/memblock.h>

#include "ktest_host.h"

#define MiB(x) ((phys_addr_t)(x) << 20)
#define GiB(x) ((phys_addr_t)(x) << 30)

static void check_add_merges(void)
{
	memblock_reset();
	CHECK_EQ(memblock_add(GiB(2), GiB(1)), 0);
	CHECK_EQ(memblock_add(GiB(3), GiB(1)), 0);		/* adjacent: merged */
	CHECK_EQ(memblock.memory.cnt, 1);
	CHECK_EQ(memblock_add(GiB(2) + MiB(4), MiB(8)), 0);	/* inside: nothing changes */
	CHECK_EQ(memblock_phys_mem_size(), GiB(2));
	CHECK_EQ(memblock_add(GiB(8), GiB(1)), 0);		/* above 4 GiB, separate */
	CHECK_EQ(memblock.memory.cnt, 2);
	CHECK_EQ(memblock_add(GiB(3), GiB(6)), 0);		/* overlaps both: one region */
	CHECK_EQ(memblock.memory.cnt, 1);
	CHECK_EQ(memblock_end_of_DRAM(), GiB(9));
	CHECK_EQ(memblock_add(0, 0), -EINVAL);			/* zero-sized bank */
	CHECK_EQ(memblock_add(~0ULL - 10, 100), -EINVAL);	/* wraps */
	CHECK_EQ(memblock_add(1ULL << 40, MiB(1)), -EINVAL);	/* beyond LPAE's 40 bits */
}

static void check_remove_and_limit(void)
{
	memblock_reset();
	memblock_add(GiB(2), GiB(2));
	memblock_add(GiB(5), GiB(1));
	CHECK_EQ(memblock_remove(GiB(3), MiB(1)), 0);		/* split in two */
	CHECK_EQ(memblock.memory.cnt, 3);
	CHECK(!memblock_is_memory(GiB(3)));
	CHECK(memblock_is_memory(GiB(3) + MiB(1)));
	memblock_enforce_memory_limit(GiB(1) + MiB(512));	/* mem=1536M */
	CHECK_EQ(memblock_phys_mem_size(), GiB(1) + MiB(512));
	CHECK_EQ(memblock_end_of_DRAM(), GiB(3) + MiB(1) + MiB(512));
	CHECK_EQ(memblock.memory.cnt, 2);
}

static void check_free_ranges(void)
{
	phys_addr_t s, e, total = 0;
	u64 idx = 0;
	int n = 0;

	memblock_reset();
	memblock_add(GiB(2), GiB(1));
	memblock_reserve(GiB(2), MiB(1));			/* at the start */
	memblock_reserve(GiB(2) + MiB(10), MiB(2));		/* in the middle */
	memblock_reserve(GiB(3) - MiB(1), MiB(5));		/* past the end */
	memblock_reserve(GiB(2) + MiB(11), MiB(2));		/* overlaps: merged */
	CHECK_EQ(memblock.reserved.cnt, 3);
	while (memblock_next_free_range(&idx, &s, &e)) {
		CHECK(s < e);
		CHECK(!memblock_is_reserved(s) && !memblock_is_reserved(e - 1));
		total += e - s;
		n++;
	}
	CHECK_EQ(n, 2);
	CHECK_EQ(total, GiB(1) - MiB(1) - MiB(3) - MiB(1));
}

static void check_alloc(void)
{
	phys_addr_t a, b;

	memblock_reset();
	memblock_add(GiB(2), GiB(2));
	memblock_reserve(GiB(2), MiB(4));
	memblock.current_limit = GiB(2) + MiB(768);		/* lowmem only */
	a = memblock_phys_alloc(MiB(1), 4096);
	CHECK_EQ(a, GiB(2) + MiB(767));				/* top-down below the limit */
	CHECK(memblock_is_reserved(a));
	b = memblock_phys_alloc(100, 64);
	CHECK_EQ(b, ((GiB(2) + MiB(767) - 100) & ~63ULL));
	CHECK_EQ(memblock_phys_alloc(GiB(1), 4096), 0);		/* does not fit below the limit */
	CHECK_EQ(memblock_phys_alloc(4096, 3), 0);		/* bad alignment */
	a = memblock_phys_alloc_range(MiB(1), MiB(1), GiB(2), GiB(2) + MiB(6));
	CHECK_EQ(a, GiB(2) + MiB(5));
	memblock.retired = true;
	CHECK_EQ(memblock_phys_alloc(4096, 4096), 0);
}

/* Random adds/reserves/removes against a bitmap model of 1 MiB granules. */
static void check_random_model(void)
{
	enum { N = 512 };
	static unsigned char mem[N], res[N];
	int bad = 0;

	memblock_reset();
	memset(mem, 0, sizeof(mem));
	memset(res, 0, sizeof(res));
	srand(7);
	for (int step = 0; step < 3000; step++) {
		int a = rand() % N, len = 1 + rand() % 24, op = rand() % 3;

		if (a + len > N)
			len = N - a;
		if (op == 0 && memblock_add(MiB(a), MiB(len)) == 0)
			memset(mem + a, 1, len);
		else if (op == 1 && memblock_reserve(MiB(a), MiB(len)) == 0)
			memset(res + a, 1, len);
		else if (op == 2 && memblock_remove(MiB(a), MiB(len)) == 0)
			memset(mem + a, 0, len);
		for (int i = 0; i < N; i++)
			if (memblock_is_memory(MiB(i)) != mem[i] || memblock_is_reserved(MiB(i)) != res[i])
				bad++;
		for (unsigned int i = 1; i < memblock.memory.cnt; i++)	/* sorted, apart */
			if (memblock.memory.regions[i - 1].base + memblock.memory.regions[i - 1].size >=
			    memblock.memory.regions[i].base)
				bad++;
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	check_add_merges();
	check_remove_and_limit();
	check_free_ranges();
	check_alloc();
	check_random_model();
	return ktest_summary();
}
