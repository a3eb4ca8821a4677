/* SPDX-License-Identifier: MIT */
/*
 * Kernel page tables: the boot tables head.S builds, their completion in
 * C (vectors, fixmap, the DTB window, all of lowmem), and software walks.
 *
 * All tables here are static, in the image.  Level-3 tables needed
 * before the page allocator exists come from a small static pool.
 *
 * Out of scope: freeing tables, user address spaces, and the vmalloc
 * and module areas (their own issues).
 */
#include <stdio.h>
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/kernel.h>
#include <meridian/gfp.h>
#include <meridian/memblock.h>

#define EARLY_PTE_TABLES 4

pteval_t swapper_pg_dir[PTRS_PER_PMD] __aligned(PAGE_SIZE) __section(".bss.page_aligned");
pteval_t swapper_pmd[PTRS_PER_PGD][PTRS_PER_PMD] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
pteval_t kernel_pte[2][PTRS_PER_PTE] __aligned(PAGE_SIZE) __section(".bss.page_aligned");
static pteval_t early_pte_pool[EARLY_PTE_TABLES][PTRS_PER_PTE] __aligned(PAGE_SIZE)
	__section(".bss.page_aligned");
static unsigned int early_pte_used;
static unsigned int btmap_next = FIX_BTMAP_BEGIN;

struct mem_layout mem_layout;

void __bad_lowmem(const char *what, u64 addr, const char *file, int line)
{
	panic("%s(0x%llx): not a lowmem address (%s:%d)", what, (unsigned long long)addr, file,
	      line);
}

static pteval_t *pmd_entry(vaddr_t va)
{
	return &swapper_pmd[pgd_index(va)][pmd_index(va)];
}

/* Makes a table update visible to the walker before the next access. */
static void set_desc(pteval_t *p, pteval_t v)
{
	*(volatile pteval_t *)p = v;
	dsb();
	isb();
}

static pteval_t *early_pte_alloc(void)
{
	if (early_pte_used == EARLY_PTE_TABLES)
		panic("early page-table pool exhausted (%d tables)", EARLY_PTE_TABLES);
	return early_pte_pool[early_pte_used++];
}

/*
 * The level-3 entry for va in the kernel tables, creating its table from
 * the early pool if the pmd is empty.  A pmd holding a block is a bug.
 */
static pteval_t *pte_entry(vaddr_t va)
{
	pteval_t *pmd = pmd_entry(va);
	pteval_t *table;

	if (!desc_valid(*pmd)) {
		table = early_pte_alloc();
		set_desc(pmd, mk_table(__pa_symbol(table)));
	}
	BUG_ON(!desc_is_table(*pmd, 2));
	table = (pteval_t *)((vaddr_t)(desc_phys(*pmd, 2) - PHYS_OFFSET) + PAGE_OFFSET);
	return &table[pte_index(va)];
}

/* Map one kernel page; remapping a live entry to something else is a bug. */
static void map_kernel_page(vaddr_t va, phys_addr_t pa, unsigned int flags)
{
	pteval_t *pte = pte_entry(va);
	pteval_t v = mk_pte(pa, flags);

	BUG_ON(desc_valid(*pte) && *pte != v);
	set_desc(pte, v);
}

static void map_kernel_block(vaddr_t va, phys_addr_t pa, unsigned int flags)
{
	pteval_t *pmd = pmd_entry(va);
	pteval_t v = mk_pmd_sect(pa, flags);

	BUG_ON(desc_valid(*pmd) && *pmd != v);
	set_desc(pmd, v);
}

/* The identity map is the one block head.S wrote at the idmap's own address. */
static void __init idmap_teardown(void)
{
	phys_addr_t pa = __pa_symbol(__idmap_text_start) & PMD_MASK;
	pteval_t *slot = &swapper_pmd[0][0] + (pa >> PMD_SHIFT);

	/* Where VA == PA for the image (1G/2G splits), the slot is the image's own table. */
	if (desc_is_leaf(*slot, 2) && desc_phys(*slot, 2) == pa)
		set_desc(slot, 0);
	local_flush_tlb_all();
}

void __init early_mmu_init(phys_addr_t phys_offset)
{
	mem_layout.phys_offset = phys_offset;
	/* Until layout_init(): the direct map is just the image's 4 MiB. */
	mem_layout.lowmem_limit = phys_offset + 2 * PMD_SIZE;
	mem_layout.high_memory = PAGE_OFFSET + 2 * PMD_SIZE;

	idmap_teardown();
	map_kernel_page(VECTORS_BASE, __pa_symbol(__vectors_start), MMU_KERNEL_RX);
	write_sctlr(read_sctlr() | SCTLR_V);
	isb();
}

const void *__init early_fdt_map(phys_addr_t dtb_phys, size_t *avail)
{
	phys_addr_t base = dtb_phys & PMD_MASK;

	if (dtb_phys == 0 || (dtb_phys & 7))
		return NULL;
	for (unsigned int i = 0; i < FDT_FIXED_SIZE / PMD_SIZE; i++)
		map_kernel_block(FDT_FIXED_BASE + i * PMD_SIZE, base + i * PMD_SIZE, MMU_KERNEL_RO);
	*avail = FDT_FIXED_SIZE - (size_t)(dtb_phys - base);
	return (const void *)(FDT_FIXED_BASE + (vaddr_t)(dtb_phys - base));
}

void *early_ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t first = phys & ~(phys_addr_t)(PAGE_SIZE - 1);
	size_t pages = (size_t)((phys + size - first + PAGE_SIZE - 1) >> PAGE_SHIFT);
	vaddr_t va;

	if (size == 0 || btmap_next + pages - 1 > FIX_BTMAP_END)
		return NULL;
	va = __fix_to_virt(btmap_next);
	for (size_t i = 0; i < pages; i++)
		map_kernel_page(va + i * PAGE_SIZE, first + i * PAGE_SIZE, MMU_KERNEL_DEVICE);
	btmap_next += pages;
	return (void *)(va + (vaddr_t)(phys - first));
}

/* Map [start, end) of lowmem RAM: pages up to a 2 MiB boundary, blocks, pages after. */
static void __init map_lowmem_range(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t pa = start;

	while (pa < end) {
		vaddr_t va = PAGE_OFFSET + (vaddr_t)(pa - PHYS_OFFSET);

		if (IS_ALIGNED(pa, (phys_addr_t)PMD_SIZE) && end - pa >= PMD_SIZE) {
			map_kernel_block(va, pa, MMU_KERNEL_RW);
			pa += PMD_SIZE;
		} else {
			map_kernel_page(va, pa, MMU_KERNEL_RW);
			pa += PAGE_SIZE;
		}
	}
}

void __init paging_init(void)
{
	phys_addr_t image_end = PHYS_OFFSET + 2 * PMD_SIZE;	/* the boot tables map this */

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t start = MAX(r->base, image_end);
		phys_addr_t end = MIN(r->base + r->size, mem_layout.lowmem_limit);

		if (start < end)
			map_lowmem_range(start, end);
	}
	local_flush_tlb_all();
}

void *fixmap_map_page(enum fixed_addresses idx, phys_addr_t phys, unsigned int flags)
{
	vaddr_t va = __fix_to_virt(idx);
	pteval_t *pte = pte_entry(va);

	BUG_ON(desc_valid(*pte));	/* the slot must be free */
	set_desc(pte, mk_pte(phys, flags));
	return (void *)va;
}

void fixmap_unmap_page(enum fixed_addresses idx)
{
	vaddr_t va = __fix_to_virt(idx);

	set_desc(pte_entry(va), 0);
	flush_tlb_kernel_page(va);
}

static unsigned long dynamic_pte_tables;

pteval_t *kernel_pte_lookup(vaddr_t va)
{
	pteval_t *pmd = pmd_entry(va);

	BUG_ON(!desc_is_table(*pmd, 2));
	return (pteval_t *)__va(desc_phys(*pmd, 2)) + pte_index(va);
}

pteval_t *kernel_pte_table(vaddr_t va)
{
	pteval_t *pmd = pmd_entry(va);
	unsigned long table;

	if (desc_is_table(*pmd, 2))
		return (pteval_t *)__va(desc_phys(*pmd, 2));
	BUG_ON(desc_valid(*pmd));	/* a block is mapped there */
	table = get_zeroed_page(GFP_KERNEL);
	if (!table)
		return NULL;
	dynamic_pte_tables++;
	set_desc(pmd, mk_table(__pa(table)));
	return (pteval_t *)table;
}

unsigned long mmu_pagetable_pages(void)
{
	/* pgd + four pmd tables + the image's two pte tables + the early pool + later tables */
	return 1 + PTRS_PER_PGD + 2 + early_pte_used + dynamic_pte_tables;
}

/* Which TTBR translates va, where its walk starts, and how many index bits it uses there. */
static void walk_start(vaddr_t va, struct mmu_walk *w, phys_addr_t *table, unsigned int *idx)
{
	u32 ttbcr = read_ttbcr();
	unsigned int t0sz = ttbcr & 7, t1sz = (ttbcr >> 16) & 7, tsz;
	bool use_ttbr1;

	if (t0sz)
		use_ttbr1 = (u32)va >= (1ULL << (32 - t0sz));
	else
		use_ttbr1 = t1sz && (u32)va >= (u32)(0x100000000ULL - (1ULL << (32 - t1sz)));
	tsz = use_ttbr1 ? t1sz : t0sz;
	w->ttbr1 = use_ttbr1;
	*table = (use_ttbr1 ? read_ttbr1() : read_ttbr0()) & PHYS_MASK & ~(phys_addr_t)7;
	if (tsz >= 2) {
		w->first_level = 2;
		*idx = ((u32)va >> 21) & ((1u << (11 - tsz)) - 1);
	} else {
		w->first_level = 1;
		*idx = ((u32)va >> 30) & ((1u << (2 - tsz)) - 1);
	}
}

void mmu_walk(vaddr_t va, struct mmu_walk *w)
{
	phys_addr_t table;
	unsigned int idx;

	memset(w, 0, sizeof(*w));
	walk_start(va, w, &table, &idx);
	for (int level = w->first_level; level <= 3; level++) {
		pteval_t d;

		if (table < PHYS_OFFSET || table >= mem_layout.lowmem_limit)
			return;	/* tables live in lowmem; anything else is not ours to read */
		d = *(const pteval_t *)__va(table + idx * sizeof(pteval_t));
		w->table[w->levels] = table + idx * sizeof(pteval_t);
		w->desc[w->levels++] = d;
		if (desc_is_leaf(d, level)) {
			unsigned int shift = level == 1 ? 30 : level == 2 ? 21 : 12;

			w->mapped = true;
			w->leaf_level = level;
			w->pa = desc_phys(d, level) | ((u32)va & ((1u << shift) - 1));
			w->flags = desc_flags(d);
			return;
		}
		if (!desc_is_table(d, level))
			return;
		table = desc_phys(d, level);
		idx = level == 1 ? pmd_index(va) : pte_index(va);
	}
}

void show_pte(vaddr_t va)
{
	static const char *const names[] = { "", "*pgd", "*pmd", "*pte" };
	struct mmu_walk w;
	char line[160];
	int n;

	mmu_walk(va, &w);
	n = snprintf(line, sizeof(line), "[%08lx] %s", (unsigned long)va,
		     w.ttbr1 ? "TTBR1" : "TTBR0");
	for (int i = 0; i < w.levels && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, ", %s=%016llx",
			      names[w.first_level + i], (unsigned long long)w.desc[i]);
	pr_emerg("%s\n", line);
}
