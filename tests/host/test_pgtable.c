/* SPDX-License-Identifier: MIT */
/* LPAE descriptor encode/decode (asm/pgtable.h) against the ARM ARM's bit layout. */
#include <asm/pgtable.h>

#include "ktest_host.h"

static void check_known_encodings(void)
{
	/* Kernel RW data page: AF | SH=inner | AttrIndx 7 | page, plus XN and PXN. */
	CHECK_EQ(mk_pte(0x80001000, MMU_KERNEL_RW), 0x006000008000171fULL);
	/* Kernel text page: read-only, executable. */
	CHECK_EQ(mk_pte(0x80008000, MMU_KERNEL_RX), 0x000000008000879fULL);
	/* Read-only data: AP[2] and XN/PXN. */
	CHECK_EQ(mk_pte(0x80010000, MMU_KERNEL_RO), 0x006000008001079fULL);
	/* Device registers: AttrIndx 4 (MAIR 0x04), never executable even if asked. */
	CHECK_EQ(mk_pte(0x1c090000, MMU_KERNEL_DEVICE | MMU_PROT_EXEC), 0x000000001c090713ULL | PTE_XN | PTE_PXN);
	/* A 2 MiB block: type 0b01, low 21 address bits dropped. */
	CHECK_EQ(mk_pmd_sect(0x80200000 | 0x1234, MMU_KERNEL_RW), 0x006000008020071dULL);
	/* A table descriptor. */
	CHECK_EQ(mk_table(0x80005000), 0x0000000080005003ULL);
	/* User pages are never executable at PL1 (PXN), and are nG when asked. */
	CHECK_EQ(mk_pte(0x1000, MMU_PROT_READ | MMU_PROT_EXEC | MMU_PROT_USER | MMU_NOT_GLOBAL),
		 0x0020000000001fdfULL);
}

static void check_high_physical_addresses(void)
{
	phys_addr_t pa = 0xff12345000ULL;	/* 40-bit, above 4 GiB */

	CHECK_EQ(desc_phys(mk_pte(pa, MMU_KERNEL_RW), 3), pa);
	CHECK_EQ(desc_phys(mk_pmd_sect(0x47fe00000ULL, MMU_KERNEL_RW), 2), 0x47fe00000ULL);
	CHECK_EQ(desc_phys(mk_table(0x400000000ULL), 2), 0x400000000ULL);
	/* Bits above 40 never leak into the descriptor's RES0 field. */
	CHECK_EQ(mk_pte(0xff0000001000ULL, MMU_KERNEL_RW) & 0x000fff0000000000ULL, 0);
}

/* Every combination of flags survives encode then decode. */
static void check_round_trip(void)
{
	static const unsigned int mems[] = { MMU_MEM_NORMAL, MMU_MEM_DEVICE, MMU_MEM_NOCACHE,
					     MMU_MEM_STRONG };
	int bad = 0;

	for (unsigned int m = 0; m < 4; m++) {
		for (unsigned int bits = 0; bits < 16; bits++) {
			unsigned int f = mems[m] | MMU_PROT_READ;
			unsigned int want;

			if (bits & 1) f |= MMU_PROT_WRITE;
			if (bits & 2) f |= MMU_PROT_EXEC;
			if (bits & 4) f |= MMU_PROT_USER;
			if (bits & 8) f |= MMU_NOT_GLOBAL;
			want = f;
			if (mems[m] == MMU_MEM_DEVICE || mems[m] == MMU_MEM_STRONG)
				want &= ~MMU_PROT_EXEC;
			if (desc_flags(mk_pte(0x80000000, f)) != want)
				bad++;
			if (desc_flags(mk_pmd_sect(0x80000000, f)) != want)
				bad++;
			/* No mapping is both user- and kernel-executable. */
			if (!(mk_pte(0, f) & PTE_PXN) && (f & MMU_PROT_USER))
				bad++;
		}
	}
	CHECK_EQ(bad, 0);
}

static void check_types_and_indexes(void)
{
	pteval_t page = mk_pte(0x80000000, MMU_KERNEL_RW);
	pteval_t block = mk_pmd_sect(0x80000000, MMU_KERNEL_RW);
	pteval_t table = mk_table(0x80000000);

	CHECK(desc_is_leaf(page, 3));
	CHECK(!desc_is_table(page, 3));
	CHECK(desc_is_leaf(block, 2));
	CHECK(desc_is_leaf(block, 1));
	CHECK(!desc_is_leaf(block, 3));	/* 0b01 at level 3 is reserved: invalid */
	CHECK(desc_is_table(table, 1));
	CHECK(desc_is_table(table, 2));
	CHECK(!desc_is_leaf(table, 2));
	CHECK(!desc_valid(0));
	CHECK_EQ(pgd_index(0xc0000000), 3);
	CHECK_EQ(pgd_index(0xbfffffff), 2);
	CHECK_EQ(pmd_index(0xc0200000), 1);
	CHECK_EQ(pmd_index(0xff800000), 508);
	CHECK_EQ(pte_index(0xffff0000), 0x1f0);
	CHECK_STR(mair_attr_name(MT_WRITEALLOC), "WRITEALLOC");
	CHECK_STR(mair_attr_name(MT_DEV_SHARED), "DEV_SHARED");
	/* MAIR bytes match the indexes. */
	CHECK_EQ((MAIR1_VALUE >> ((MT_WRITEALLOC - 4) * 8)) & 0xff, 0xff);
	CHECK_EQ((MAIR1_VALUE >> ((MT_DEV_SHARED - 4) * 8)) & 0xff, 0x04);
	CHECK_EQ((MAIR0_VALUE >> (MT_BUFFERABLE * 8)) & 0xff, 0x44);
}

int main(void)
{
	check_known_encodings();
	check_high_physical_addresses();
	check_round_trip();
	check_types_and_indexes();
	return ktest_summary();
}
