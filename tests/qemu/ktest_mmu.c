/* SPDX-License-Identifier: MIT */
/*
 * The MMU as head.S and paging_init() left it: registers, the split,
 * the direct map, and the permissions of every page of the image.
 */
#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/ktest.h>

struct split_regs {
	unsigned int t0sz, t1sz;
};

/* TTBCR sizes for this build's split (DDI 0406C B4.1.153), written out independently of head.S. */
static struct split_regs expected_split(void)
{
	switch (PAGE_OFFSET) {
	case 0xc0000000UL:
		return (struct split_regs){ 0, 2 };
	case 0x80000000UL:
		return (struct split_regs){ 0, 1 };
	default:
		return (struct split_regs){ 2, 0 };
	}
}

static void mmu_sctlr(struct ktest *t)
{
	u32 sctlr = read_sctlr();

	KTEST_EXPECT(t, sctlr & SCTLR_M);
	KTEST_EXPECT(t, sctlr & SCTLR_C);
	KTEST_EXPECT(t, sctlr & SCTLR_I);
	KTEST_EXPECT(t, sctlr & SCTLR_V);	/* vectors at 0xffff0000 */
}

static void mmu_ttbcr(struct ktest *t)
{
	u32 ttbcr = read_ttbcr();
	struct split_regs want = expected_split();
	const char *split = ktest_arg("split");

	KTEST_EXPECT(t, ttbcr & TTBCR_EAE);
	KTEST_EXPECT_EQ(t, ttbcr & 7, want.t0sz);
	KTEST_EXPECT_EQ(t, (ttbcr >> 16) & 7, want.t1sz);
	KTEST_EXPECT_EQ(t, ttbcr & TTBCR_EPD0, 0);
	if (split)	/* the runner says which split it asked for */
		KTEST_EXPECT(t, split[0] == CONFIG_SPLIT_NAME[0]);
	ktest_log(t, "TTBCR=0x%08lx (T0SZ=%lu T1SZ=%lu)", (unsigned long)ttbcr,
		  (unsigned long)(ttbcr & 7), (unsigned long)((ttbcr >> 16) & 7));
}

static void mmu_ttbr(struct ktest *t)
{
	u64 ttbr1 = read_ttbr1() & PHYS_MASK;
	u64 ttbr0 = read_ttbr0() & PHYS_MASK;
	phys_addr_t want1, want0 = __pa_symbol(swapper_pg_dir);

	if (PAGE_OFFSET == 0xc0000000UL)
		want1 = __pa_symbol(swapper_pmd[3]);		/* level 2: the top GiB */
	else if (PAGE_OFFSET == 0x80000000UL)
		want1 = __pa_symbol(&swapper_pg_dir[2]);	/* level 1: the top 2 GiB */
	else
		want1 = __pa_symbol(swapper_pg_dir);		/* level 1: all but GiB 0 */
	if (PAGE_OFFSET == 0x40000000UL)
		want0 = __pa_symbol(swapper_pmd[0]);		/* T0SZ=2: level 2 */
	KTEST_EXPECT_EQ(t, ttbr1, want1);
	KTEST_EXPECT_EQ(t, ttbr0, want0);
	KTEST_EXPECT_EQ(t, read_ttbr0() >> 48, 0);		/* ASID 0 */
}

static void mmu_mair(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, read_mair0(), 0xeeaa4400);
	KTEST_EXPECT_EQ(t, read_mair1(), 0xff000004);
	/* Normal memory is write-back write-allocate: attribute 7. */
	KTEST_EXPECT_EQ(t, (read_mair1() >> 24) & 0xff, 0xff);
}

/* ATS1CPR: the hardware's own translation, for comparison with the software walk. */
static bool hw_translate(vaddr_t va, phys_addr_t *pa)
{
	u64 par;

	write_ats1cpr(va);
	isb();
	par = read_par64();
	if (par & 1)
		return false;
	*pa = (par & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	return true;
}

static void mmu_page_offset_maps_kernel(struct ktest *t)
{
	phys_addr_t pa = 0;
	struct mmu_walk w;

	KTEST_EXPECT_EQ(t, (vaddr_t)_text, PAGE_OFFSET + TEXT_OFFSET);
	KTEST_ASSERT(t, hw_translate((vaddr_t)_text, &pa));
	KTEST_EXPECT_EQ(t, pa, PHYS_OFFSET + TEXT_OFFSET);
	mmu_walk((vaddr_t)_text, &w);
	KTEST_EXPECT(t, w.mapped);
	KTEST_EXPECT(t, w.ttbr1);
	KTEST_EXPECT_EQ(t, w.pa, pa);
	KTEST_EXPECT_EQ(t, w.leaf_level, 3);
	/* A write through PAGE_OFFSET reaches the image's data. */
	static volatile u32 probe;
	probe = 0x5a5a1234;
	KTEST_ASSERT(t, hw_translate((vaddr_t)&probe, &pa));
	KTEST_EXPECT_EQ(t, pa, __pa_symbol(&probe));
	KTEST_EXPECT_EQ(t, *(volatile u32 *)__va(pa), 0x5a5a1234);
}

static void mmu_direct_map_blocks(struct ktest *t)
{
	vaddr_t last = mem_layout.high_memory - PAGE_SIZE;
	phys_addr_t pa = 0;
	struct mmu_walk w;

	/* Beyond the image, lowmem uses 2 MiB blocks, RW and never executable. */
	mmu_walk(PAGE_OFFSET + 8 * PMD_SIZE, &w);
	KTEST_EXPECT(t, w.mapped);
	KTEST_EXPECT_EQ(t, w.leaf_level, 2);
	KTEST_EXPECT_EQ(t, w.flags & (MMU_PROT_WRITE | MMU_PROT_EXEC), MMU_PROT_WRITE);
	KTEST_EXPECT_EQ(t, w.flags & MMU_MEM_MASK, MMU_MEM_NORMAL);
	/* The last lowmem page is mapped where __pa says. */
	KTEST_ASSERT(t, hw_translate(last, &pa));
	KTEST_EXPECT_EQ(t, pa, __pa(last));
	/* The 8 MiB hole above high_memory is not. */
	KTEST_EXPECT(t, !hw_translate(mem_layout.high_memory, &pa));
	mmu_walk(mem_layout.high_memory, &w);
	KTEST_EXPECT(t, !w.mapped);
	KTEST_EXPECT(t, mem_layout.vmalloc_start > mem_layout.high_memory);
}

/* Expected flags of an image page by section, from the linker's symbols. */
static unsigned int image_flags(vaddr_t va)
{
	if (va >= (vaddr_t)_stext && va < (vaddr_t)_etext)
		return MMU_KERNEL_RX;
	if (va >= (vaddr_t)__start_rodata && va < (vaddr_t)__end_rodata)
		return MMU_KERNEL_RO;
	if (va >= (vaddr_t)__init_begin && va < (vaddr_t)__init_text_end)
		return MMU_KERNEL_RX;
	if (va >= (vaddr_t)__kallsyms_start && va < (vaddr_t)__kallsyms_end)
		return MMU_KERNEL_RO;
	return MMU_KERNEL_RW;	/* RAM around the image, init data, data, bss */
}

static void mmu_image_permissions(struct ktest *t)
{
	int wx = 0, wrong = 0;

	for (vaddr_t va = PAGE_OFFSET; va < PAGE_OFFSET + 2 * PMD_SIZE; va += PAGE_SIZE) {
		struct mmu_walk w;
		unsigned int want = image_flags(va);
		unsigned int got;

		mmu_walk(va, &w);
		if (!w.mapped)
			continue;
		got = w.flags & (MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC);
		if ((got & MMU_PROT_WRITE) && (got & MMU_PROT_EXEC))
			wx++;
		if (got != want) {
			if (wrong++ < 4)
				ktest_log(t, "va 0x%08lx: flags 0x%x, expected 0x%x",
					  (unsigned long)va, got, want);
		}
	}
	KTEST_EXPECT_EQ(t, wx, 0);
	KTEST_EXPECT_EQ(t, wrong, 0);
}

static void mmu_vectors_and_idmap(struct ktest *t)
{
	struct mmu_walk w;
	phys_addr_t idmap_pa = __pa_symbol(__idmap_text_start);

	mmu_walk(VECTORS_BASE, &w);
	KTEST_ASSERT(t, w.mapped);
	KTEST_EXPECT_EQ(t, w.pa, __pa_symbol(__vectors_start));
	KTEST_EXPECT_EQ(t, w.flags & (MMU_PROT_WRITE | MMU_PROT_EXEC), MMU_PROT_EXEC);
	/*
	 * The boot identity map is gone: the address VA == PA of the MMU-on
	 * code is either unmapped or, where lowmem covers it (2G and 1G
	 * splits), part of the direct map like any other lowmem address.
	 */
	mmu_walk((vaddr_t)idmap_pa, &w);
	if (virt_addr_valid_lowmem((vaddr_t)idmap_pa))
		KTEST_EXPECT_EQ(t, w.pa, __pa((vaddr_t)idmap_pa));
	else
		KTEST_EXPECT(t, !w.mapped);
	/* User space (TTBR0) maps nothing at NULL. */
	mmu_walk(0, &w);
	KTEST_EXPECT(t, !w.ttbr1);
	KTEST_EXPECT(t, !w.mapped);
}

KTEST_SUITE(mmu,
	    KTEST_CASE(mmu_sctlr),
	    KTEST_CASE(mmu_ttbcr),
	    KTEST_CASE(mmu_ttbr),
	    KTEST_CASE(mmu_mair),
	    KTEST_CASE(mmu_page_offset_maps_kernel),
	    KTEST_CASE(mmu_direct_map_blocks),
	    KTEST_CASE(mmu_image_permissions),
	    KTEST_CASE(mmu_vectors_and_idmap));
