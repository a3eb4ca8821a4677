/* SPDX-License-Identifier: MIT */
/*
 * The ptdump walk (arch/arm/mm/ptdump_core.c) over hand-made tables:
 * leaves merge only when contiguous, at the same level, with the same
 * attributes and in the same region; table descriptors' XN/PXN/APTable
 * bits reach the leaves below; unreadable tables and reserved
 * descriptors are skipped; W+X pages are counted, kernel and user.
 */
#include <asm/ptdump.h>

#include "ktest_host.h"

#define NTABLES 6
#define TABLE_PA(k) (0x80000000ULL + (phys_addr_t)(k) * 0x1000)

static pteval_t tables[NTABLES][PTRS_PER_PTE];

static const pteval_t *fake_table_va(phys_addr_t pa)
{
	if (pa < TABLE_PA(0) || pa >= TABLE_PA(NTABLES))
		return NULL;
	return &tables[0][0] + (pa - TABLE_PA(0)) / sizeof(pteval_t);
}

#define MAX_RANGES 32
static struct ptdump_range got[MAX_RANGES];
static unsigned int ngot;

static void collect(const struct ptdump_range *r, void *ctx)
{
	(void)ctx;
	if (ngot < MAX_RANGES)
		got[ngot] = *r;
	ngot++;
}

#define RW_NX (lpae_prot_bits(MMU_KERNEL_RW) & PTDUMP_ATTR_MASK)
#define RO_X (lpae_prot_bits(MMU_KERNEL_RX) & PTDUMP_ATTR_MASK)
#define RO_NX (lpae_prot_bits(MMU_KERNEL_RO) & PTDUMP_ATTR_MASK)
#define RW_X (lpae_prot_bits(MMU_KERNEL_RW | MMU_PROT_EXEC) & PTDUMP_ATTR_MASK)
#define USER_RWX (lpae_prot_bits(MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC | MMU_PROT_USER) \
		  & PTDUMP_ATTR_MASK)

static void build_tables(void)
{
	pteval_t *pmd = tables[0], *pte = tables[1];
	phys_addr_t pa = 0x90000000ULL;

	memset(tables, 0, sizeof(tables));
	/* The first 2 MiB of the top GiB through a page table. */
	pmd[0] = mk_table(TABLE_PA(1));
	for (int i = 0; i < 8; i++)
		pte[i] = mk_pte(pa + i * 0x1000, MMU_KERNEL_RW);
	for (int i = 8; i < 16; i++)
		pte[i] = mk_pte(pa + i * 0x1000, MMU_KERNEL_RX);
	pte[16] = mk_pte(pa + 0x10000, MMU_KERNEL_RO);
	/* pte[17] is a hole: 18 has 16's attributes but starts a new range. */
	pte[18] = mk_pte(pa + 0x12000, MMU_KERNEL_RO);
	pte[20] = mk_pte(pa + 0x14000, MMU_KERNEL_RW | MMU_PROT_EXEC);		/* W+X */
	pte[21] = (mk_pte(pa + 0x15000, MMU_KERNEL_RW) & ~PTE_TYPE_MASK) | 1;	/* reserved */
	pte[22] = mk_pte(pa + 0x16000, MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC |
			 MMU_PROT_USER);					/* user W+X */
	/* Two blocks that merge, one that differs. */
	pmd[1] = mk_pmd_sect(0xa0200000ULL, MMU_KERNEL_RW);
	pmd[2] = mk_pmd_sect(0xa0400000ULL, MMU_KERNEL_RW);
	pmd[3] = mk_pmd_sect(0xa0600000ULL, MMU_KERNEL_RO);
	/* Hierarchical attributes: XN/PXN from the table, and read-only from APTable[1]. */
	pmd[4] = mk_table(TABLE_PA(2)) | PMD_TABLE_XN | PMD_TABLE_PXN;
	tables[2][0] = mk_pte(0xb0000000ULL, MMU_KERNEL_RW | MMU_PROT_EXEC);
	pmd[5] = mk_table(TABLE_PA(3)) | (ULL(1) << 62);
	tables[3][0] = mk_pte(0xb0001000ULL, MMU_KERNEL_RW | MMU_PROT_EXEC);
	/* A table outside what table_va may read: skipped. */
	pmd[6] = mk_table(0x10000000ULL);
	/* Same attributes, contiguous, but a region boundary between them. */
	pmd[8] = mk_pmd_sect(0xa1000000ULL, MMU_KERNEL_RW);
	pmd[9] = mk_pmd_sect(0xa1200000ULL, MMU_KERNEL_RW);
	/* A 1 GiB block, reached from a level-1 root. */
	tables[4][0] = (0x40000000ULL & PGD_SECT_ADDR_MASK) | lpae_prot_bits(MMU_KERNEL_RW) |
		       PMD_TYPE_SECT;
}

static const struct ptdump_root roots[] = {
	/* A root table that table_va refuses: nothing under it is read. */
	{ .base = 0x00000000, .level = 2, .entries = PTRS_PER_PMD, .table = 0x20000000ULL },
	{ .base = 0x40000000, .level = 1, .entries = 1, .table = TABLE_PA(4) },
	{ .base = 0xc0000000, .level = 2, .entries = PTRS_PER_PMD, .table = TABLE_PA(0),
	  .ttbr1 = true },
};
static const struct ptdump_region regions[] = {
	{ 0, "low" },
	{ 0xc0000000ULL + 9 * 0x200000, "high" },
};

static void check_range(unsigned int i, u64 start, u64 end, int level, pteval_t attrs,
			unsigned int region)
{
	if (!CHECK(i < ngot))
		return;
	CHECK_EQ(got[i].start, start);
	CHECK_EQ(got[i].end, end);
	CHECK_EQ(got[i].level, level);
	CHECK_EQ(got[i].attrs, attrs);
	CHECK_EQ(got[i].region, region);
}

static void check_merge(void)
{
	build_tables();
	ngot = 0;
	ptdump_ranges_from(roots, 3, fake_table_va, regions, 2, collect, NULL);
	CHECK_EQ(ngot, 13);
	check_range(0, 0x40000000, 0x80000000, 1, RW_NX, 0);
	check_range(1, 0xc0000000, 0xc0008000, 3, RW_NX, 0);
	check_range(2, 0xc0008000, 0xc0010000, 3, RO_X, 0);
	check_range(3, 0xc0010000, 0xc0011000, 3, RO_NX, 0);
	check_range(4, 0xc0012000, 0xc0013000, 3, RO_NX, 0);
	check_range(5, 0xc0014000, 0xc0015000, 3, RW_X, 0);
	check_range(6, 0xc0016000, 0xc0017000, 3, USER_RWX, 0);
	check_range(7, 0xc0200000, 0xc0600000, 2, RW_NX, 0);
	check_range(8, 0xc0600000, 0xc0800000, 2, RO_NX, 0);
	check_range(9, 0xc0800000, 0xc0801000, 3, RW_X | PTE_XN | PTE_PXN, 0);
	check_range(10, 0xc0a00000, 0xc0a01000, 3, RW_X | PTE_RDONLY, 0);
	check_range(11, 0xc1000000, 0xc1200000, 2, RW_NX, 0);
	check_range(12, 0xc1200000, 0xc1400000, 2, RW_NX, 1);
}

static void check_attrs(void)
{
	CHECK(!ptdump_is_exec(RW_NX));
	CHECK(ptdump_is_exec(RO_X));
	CHECK(ptdump_is_exec(USER_RWX));	/* PXN set, but executable where it is meant to be */
	CHECK(!ptdump_is_wx(RO_X));
	CHECK(!ptdump_is_wx(RW_NX));
	CHECK(ptdump_is_wx(RW_X));
	CHECK(ptdump_is_wx(USER_RWX));
	CHECK_STR(ptdump_mem_type(MT_WRITEALLOC), "MEM/CACHED/WBWA");
	CHECK_STR(ptdump_mem_type(MT_DEV_SHARED), "DEV/SHARED");
	CHECK_STR(ptdump_mem_type(MT_UNCACHED), "SO/UNCACHED");
}

static void count_report(const struct ptdump_range *r, void *ctx)
{
	(void)r;
	(*(unsigned int *)ctx)++;
}

static void check_wx(void)
{
	unsigned int reports = 0;

	build_tables();
	CHECK_EQ(ptdump_wx_from(roots, 3, fake_table_va, regions, 2, count_report, &reports), 2);
	CHECK_EQ(reports, 2);
	/* Fixing the two pages leaves none. */
	tables[1][20] = mk_pte(0x90014000ULL, MMU_KERNEL_RX);
	tables[1][22] = mk_pte(0x90016000ULL, MMU_PROT_READ | MMU_PROT_EXEC | MMU_PROT_USER);
	CHECK_EQ(ptdump_wx_from(roots, 3, fake_table_va, regions, 2, NULL, NULL), 0);
	/* A whole W+X block counts 512 pages. */
	tables[0][10] = mk_pmd_sect(0xa1400000ULL, MMU_KERNEL_RW | MMU_PROT_EXEC);
	CHECK_EQ(ptdump_wx_from(roots, 3, fake_table_va, regions, 2, NULL, NULL), 512);
}

int main(void)
{
	check_merge();
	check_attrs();
	check_wx();
	return ktest_summary();
}
