/* SPDX-License-Identifier: MIT */
/*
 * The arch MMU interface used by the rest of the kernel: early boot
 * mappings, the kernel page tables, and software walks.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <asm/fixmap.h>
#include <asm/memory.h>
#include <asm/pgtable.h>

/* Boot tables (head.S fills them): pgd, four pmd tables, the image's ptes. */
extern pteval_t swapper_pg_dir[PTRS_PER_PMD];
extern pteval_t swapper_pmd[PTRS_PER_PGD][PTRS_PER_PMD];
extern pteval_t kernel_pte[2][PTRS_PER_PTE];

/* Image boundaries from the linker script. */
extern char _text[], _stext[], _etext[], __start_rodata[], __end_rodata[];
extern char __init_begin[], __init_text_end[], __init_end[];
extern char _sdata[], _edata[], __bss_start[], __bss_stop[], _end[];
extern char __idmap_text_start[], __vectors_start[], __kallsyms_start[], __kallsyms_end[];

/* Kernel-image symbol to physical address: valid before the direct map exists. */
#define __pa_symbol(x) ((phys_addr_t)((vaddr_t)(x) - PAGE_OFFSET) + PHYS_OFFSET)

/*
 * First C step after head.S: record PHYS_OFFSET, drop the identity map,
 * map the vector page at 0xffff0000 and the fixmap tables.
 */
void early_mmu_init(phys_addr_t phys_offset);

/*
 * Map the boot DTB read-only at FDT_FIXED_BASE.  Returns its virtual
 * address and sets *avail to the bytes mapped from there on, or NULL
 * when dtb_phys is unusable (0 or misaligned).
 */
const void *early_fdt_map(phys_addr_t dtb_phys, size_t *avail);

/*
 * Map size bytes of device registers at phys into a fixmap early-ioremap
 * slot range.  Never unmapped.  Returns NULL when the slots run out.
 */
void *early_ioremap(phys_addr_t phys, size_t size);

/*
 * Map all of lowmem at PAGE_OFFSET: every memblock memory region below
 * lowmem_limit, with 2 MiB blocks where aligned and pages at unaligned
 * ends.  The image keeps the per-section permissions it got at boot.
 */
void paging_init(void);

/*
 * Map the page at phys into fixmap slot idx with flags, or clear it
 * (the TLB entry for that one page is invalidated).  The slot must be
 * free / mapped respectively; returns the slot's address.
 */
void *fixmap_map_page(enum fixed_addresses idx, phys_addr_t phys, unsigned int flags);
void fixmap_unmap_page(enum fixed_addresses idx);

/* The level-3 entry mapping va (its table must exist: fixmap, or made by kernel_pte_table). */
pteval_t *kernel_pte_lookup(vaddr_t va);
/* The level-3 table for va's 2 MiB, allocated from lowmem if missing; NULL without memory. */
pteval_t *kernel_pte_table(vaddr_t va);

/* Pages of kernel translation tables in use (meminfo's PageTables). */
unsigned long mmu_pagetable_pages(void);

/* One step of a translation table walk, for reports and va2pa. */
struct mmu_walk {
	int levels;		/* descriptors read */
	int first_level;	/* level the walk started at (1 or 2) */
	bool ttbr1;		/* which TTBR translated */
	pteval_t desc[3];	/* descriptors, from first_level on */
	phys_addr_t table[3];	/* physical address each was read from */
	bool mapped;		/* ended at a valid block or page */
	int leaf_level;
	phys_addr_t pa;		/* translation, if mapped */
	unsigned int flags;	/* MMU_* flags of the leaf, if mapped */
};

/* Walk the live tables for va in software.  Never faults. */
void mmu_walk(vaddr_t va, struct mmu_walk *w);
/* Print the walk for va in Linux's "[addr] *pgd=..., *pmd=..." form. */
void show_pte(vaddr_t va);

/* Bounds of the current kernel stack, for backtraces. */
void current_stack_bounds(vaddr_t *lo, vaddr_t *hi);

#endif /* ASM_MMU_H */
