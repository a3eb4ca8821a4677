/* SPDX-License-Identifier: MIT */
/*
 * Lowmem limit and vmalloc placement against the values Linux 6.1
 * computes (arch/arm/mm/mmu.c) for the same RAM, split and vmalloc=.
 * Built once per split (TEST_PAGE_OFFSET); each build checks its own rows.
 */
#include <string.h>

#include <meridian/layout.h>

#include "ktest_host.h"

#define MiB(x) ((u64)(x) << 20)
#define GiB(x) ((u64)(x) << 30)

struct layout_case {
	unsigned long page_offset;
	phys_addr_t phys_offset;
	u64 ram;
	u64 vmalloc;		/* vmalloc= request */
	u64 want_lowmem;	/* bytes of lowmem */
	vaddr_t want_vmalloc_start;
	enum vmalloc_clamp want_clamp;
};

static const struct layout_case cases[] = {
	/* 3G/1G: the classic 768 MiB of lowmem from 2 GiB of RAM. */
	{ 0xc0000000, 0x80000000, GiB(2), MiB(240), MiB(768), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, MiB(512), MiB(240), MiB(512), 0xe0800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, GiB(1), MiB(240), MiB(768), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, GiB(16), MiB(240), MiB(768), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, GiB(2), MiB(512), MiB(496), 0xdf800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, GiB(2), MiB(128), MiB(880), 0xf7800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x80000000, GiB(2), 1, MiB(992), 0xfe800000, VMALLOC_SIZE_TOO_SMALL },
	{ 0xc0000000, 0x80000000, GiB(2), GiB(4), MiB(32), 0xc2800000, VMALLOC_SIZE_TOO_BIG },
	{ 0xc0000000, 0x00000000, GiB(1), MiB(240), MiB(768), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0xc0000000, 0x40000000, GiB(1) - MiB(64), MiB(240), MiB(768), 0xf0800000, VMALLOC_SIZE_OK },
	/* Unaligned lowmem end: Linux rounds high_memory + 8 MiB down to 8 MiB. */
	{ 0xc0000000, 0x80000000, MiB(300) + 0x1000, MiB(240), MiB(300) + 0x1000, 0xd3000000,
	  VMALLOC_SIZE_OK },
	/* 2G/2G */
	{ 0x80000000, 0x80000000, GiB(2), MiB(240), MiB(1792), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0x80000000, 0x80000000, MiB(512), MiB(240), MiB(512), 0xa0800000, VMALLOC_SIZE_OK },
	{ 0x80000000, 0x80000000, GiB(8), MiB(240), MiB(1792), 0xf0800000, VMALLOC_SIZE_OK },
	/* 1G/3G */
	{ 0x40000000, 0x80000000, GiB(2), MiB(240), GiB(2), 0xc0800000, VMALLOC_SIZE_OK },
	{ 0x40000000, 0x80000000, GiB(8), MiB(240), MiB(2816), 0xf0800000, VMALLOC_SIZE_OK },
	{ 0x40000000, 0x80000000, GiB(8), GiB(4), MiB(32), 0x42800000, VMALLOC_SIZE_TOO_BIG },
};

static void check_case(const struct layout_case *c)
{
	struct mem_layout l;
	enum vmalloc_clamp why;
	u32 size = vmalloc_size_clamp(c->vmalloc, &why);

	layout_compute(&l, c->phys_offset, c->phys_offset + c->ram, size);
	CHECK_EQ(why, c->want_clamp);
	CHECK_EQ(l.lowmem_limit - l.phys_offset, c->want_lowmem);
	CHECK_EQ(l.high_memory, PAGE_OFFSET + c->want_lowmem);
	CHECK_EQ(l.vmalloc_start, c->want_vmalloc_start);
	CHECK_EQ(l.vmalloc_size, size);
	/* Invariants whatever the input. */
	CHECK(l.vmalloc_start > l.high_memory);
	CHECK(l.vmalloc_start % VMALLOC_OFFSET == 0);
	CHECK(VMALLOC_END - l.vmalloc_start >= size);
	CHECK(l.lowmem_limit - l.phys_offset >= LOWMEM_MIN_SIZE);
}

static void check_clamp_bounds(void)
{
	enum vmalloc_clamp why;

	CHECK_EQ(vmalloc_size_clamp(0, &why), VMALLOC_MIN_SIZE);
	CHECK_EQ(why, VMALLOC_SIZE_TOO_SMALL);
	CHECK_EQ(vmalloc_size_clamp(VMALLOC_MIN_SIZE, &why), VMALLOC_MIN_SIZE);
	CHECK_EQ(why, VMALLOC_SIZE_OK);
	CHECK_EQ(vmalloc_size_clamp(VMALLOC_MAX_SIZE, &why), VMALLOC_MAX_SIZE);
	CHECK_EQ(why, VMALLOC_SIZE_OK);
	CHECK_EQ(vmalloc_size_clamp(VMALLOC_MAX_SIZE + 1, &why), VMALLOC_MAX_SIZE);
	CHECK_EQ(why, VMALLOC_SIZE_TOO_BIG);
	CHECK_EQ(vmalloc_size_clamp(~0ULL, &why), VMALLOC_MAX_SIZE);
	/* Sizes are page aligned upwards. */
	CHECK_EQ(vmalloc_size_clamp(MiB(100) + 1, &why), MiB(100) + PAGE_SIZE);
	/* The ceiling leaves exactly 32 MiB of lowmem (Linux's early_vmalloc). */
	CHECK_EQ(VMALLOC_MAX_SIZE, VMALLOC_END - PAGE_OFFSET - MiB(32) - MiB(8));
}

/* Every RAM size from 32 MiB to 20 GiB, every 8 MiB: lowmem never overlaps vmalloc. */
static void check_sweep(void)
{
	int bad = 0;

	for (u64 ram = MiB(32); ram <= GiB(20); ram += MiB(8)) {
		struct mem_layout l;

		layout_compute(&l, 0x80000000, 0x80000000 + ram, VMALLOC_DEFAULT_SIZE);
		if (l.lowmem_limit - l.phys_offset > ram || l.high_memory >= l.vmalloc_start ||
		    l.vmalloc_start >= VMALLOC_END)
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/* The region table: ordered, non-empty, disjoint, and agreeing with the layout. */
static void check_regions(phys_addr_t ram, u64 vmalloc)
{
	struct layout_region r[LAYOUT_NR_REGIONS];
	struct mem_layout l;
	enum vmalloc_clamp why;
	bool seen_lowmem = false, seen_vmalloc = false;

	layout_compute(&l, 0x80000000, 0x80000000 + ram, vmalloc_size_clamp(vmalloc, &why));
	layout_regions(&l, r);
	CHECK_EQ(r[0].start, 0);
	CHECK_EQ(r[LAYOUT_NR_REGIONS - 1].end, VECTORS_BASE + PAGE_SIZE);
	for (int i = 0; i < LAYOUT_NR_REGIONS; i++) {
		CHECK(r[i].name && r[i].use);
		CHECK(r[i].start < r[i].end);
		if (i)
			CHECK(r[i - 1].end <= r[i].start);
		if (!strcmp(r[i].name, "lowmem")) {
			CHECK_EQ(r[i].start, PAGE_OFFSET);
			CHECK_EQ(r[i].end, l.high_memory);
			seen_lowmem = true;
		}
		if (!strcmp(r[i].name, "vmalloc")) {
			CHECK_EQ(r[i].start, l.vmalloc_start);
			CHECK_EQ(r[i].end, VMALLOC_END);
			seen_vmalloc = true;
		}
	}
	CHECK(seen_lowmem && seen_vmalloc);
}

int main(void)
{
	int ran = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].page_offset != PAGE_OFFSET)
			continue;
		check_case(&cases[i]);
		ran++;
	}
	CHECK(ran >= 3);
	check_clamp_bounds();
	check_sweep();
	check_regions(GiB(2), MiB(240));
	check_regions(MiB(512), MiB(240));
	check_regions(GiB(16), GiB(4));
	check_regions(MiB(300) + 0x1000, 1);
	return ktest_summary();
}
