/* SPDX-License-Identifier: MIT */
/*
 * Walks of the live kernel translation tables, for the workbench
 * commands: ptdump (Linux's kernel_page_tables), checkwx (Linux's
 * debug_checkwx), va2pa and pa2page's reverse lookup.
 *
 * The walks read the tables TTBR0 and TTBR1 point to, as the hardware
 * would, and never fault: a table outside lowmem is skipped.  Tables
 * are never freed, so a walk racing with a map or unmap sees each
 * descriptor either before or after the change.
 */
#ifndef ASM_PTDUMP_H
#define ASM_PTDUMP_H

#include <asm/mmu.h>
#include <asm/pgtable.h>

/* One valid leaf (block or page), with table-level XN/PXN/AP folded in. */
struct ptdump_leaf {
	vaddr_t va;
	int level;		/* 1: 1 GiB block, 2: 2 MiB block, 3: 4 KiB page */
	pteval_t desc;		/* effective descriptor */
	bool ttbr1;		/* translated through TTBR1 (else TTBR0) */
};

/* A run of leaves with the same level and attributes, inside one region. */
struct ptdump_range {
	u64 start, end;		/* [start, end): end may be 4 GiB */
	int level;
	pteval_t attrs;		/* desc & PTDUMP_ATTR_MASK */
	unsigned int region;	/* index into the region table */
};

/* The attribute bits that ptdump shows and that split a range. */
#define PTDUMP_ATTR_MASK (PTE_ATTRINDX_MASK | PTE_NS | PTE_USER | PTE_RDONLY | PTE_SH_MASK | \
			  PTE_AF | PTE_NG | PTE_PXN | PTE_XN)

/* The named regions of the kernel's address space, in address order. */
struct ptdump_region {
	u64 start;
	const char *name;
};
/* Fills regions (at least PTDUMP_MAX_REGIONS) from the live layout; returns how many. */
#define PTDUMP_MAX_REGIONS 12
unsigned int ptdump_regions(struct ptdump_region *regions);

/*
 * The pure core (arch/arm/mm/ptdump_core.c, also built for the host
 * tests): walks from given roots, translating table addresses through
 * table_va (NULL: a table that must not be read, skipped).
 */
struct ptdump_root {
	vaddr_t base;		/* first address the root table maps */
	int level;		/* level of its entries: 1 (1 GiB each) or 2 (2 MiB each) */
	unsigned int entries;
	phys_addr_t table;	/* physical address of its first entry */
	bool ttbr1;
};
typedef const pteval_t *(*ptdump_table_va_fn)(phys_addr_t pa);

void ptdump_walk_roots(const struct ptdump_root *roots, unsigned int nroots,
		       ptdump_table_va_fn table_va,
		       void (*fn)(const struct ptdump_leaf *leaf, void *ctx), void *ctx);
void ptdump_ranges_from(const struct ptdump_root *roots, unsigned int nroots,
			ptdump_table_va_fn table_va, const struct ptdump_region *regions,
			unsigned int nregions, void (*fn)(const struct ptdump_range *r, void *ctx),
			void *ctx);
/* W+X pages under the roots; report (may be NULL) is called for each W+X range. */
unsigned long ptdump_wx_from(const struct ptdump_root *roots, unsigned int nroots,
			     ptdump_table_va_fn table_va, const struct ptdump_region *regions,
			     unsigned int nregions, void (*report)(const struct ptdump_range *r, void *ctx),
			     void *ctx);

/*
 * Calls fn for every valid leaf of the live tables, in address order.
 * Context: thread or IRQs off; does not allocate or sleep.
 */
void ptdump_walk_leaves(void (*fn)(const struct ptdump_leaf *leaf, void *ctx), void *ctx);

/* Calls fn for every merged range, in address order (the ptdump lines). */
void ptdump_walk_ranges(void (*fn)(const struct ptdump_range *r, void *ctx), void *ctx);

/* Bytes mapped by one leaf at this level. */
static inline u64 ptdump_level_size(int level)
{
	return level == 1 ? (1ULL << 30) : level == 2 ? (1ULL << 21) : (1ULL << 12);
}

/* Executable at the privilege the mapping is for: PL1 for kernel pages, PL0 for USR ones. */
static inline bool ptdump_is_exec(pteval_t attrs)
{
	if (attrs & PTE_XN)
		return false;
	return (attrs & PTE_USER) || !(attrs & PTE_PXN);
}

/* Is a leaf with these attributes writable and executable (at any privilege)? */
static inline bool ptdump_is_wx(pteval_t attrs)
{
	bool kexec = !(attrs & (PTE_XN | PTE_PXN));
	bool uexec = (attrs & PTE_USER) && !(attrs & PTE_XN);

	return !(attrs & PTE_RDONLY) && (kexec || uexec);
}

/* Linux's name of a memory type (arch/arm/mm/dump.c), by MAIR index. */
const char *ptdump_mem_type(unsigned int attrindx);

/*
 * Linux's debug_checkwx(): counts the W+X pages of every live mapping,
 * reports each range found ("Found insecure W+X mapping") and the
 * verdict ("Checked W+X mappings: ...") through out (NULL: silent).
 * Returns the number of W+X pages.
 */
unsigned long ptdump_check_wx(int (*out)(const char *fmt, ...));

/* The boot's check: ptdump_check_wx() into the kernel log (info if clean, else warnings). */
void debug_checkwx(void);

/*
 * va2pa: one address translated twice, by mmu_walk() in software and by
 * the MMU itself (ATS1CPR, a stage 1 PL1 read, into the 64-bit PAR).
 */
struct va2pa {
	vaddr_t va;
	struct mmu_walk sw;	/* the software walk */
	int sw_fault_level;	/* level of the invalid descriptor, if !sw.mapped; -1 if unknown */
	u64 par;		/* PAR after ATS1CPR */
	bool hw_mapped;		/* PAR.F == 0 */
	phys_addr_t hw_pa;	/* PA[39:12] from PAR plus va's page offset */
	u32 hw_fst;		/* PAR.FST on a fault: a DFSR STATUS code */
	u8 hw_attr;		/* PAR.ATTR: the MAIR byte used */
	u8 sw_attr;		/* the MAIR byte the walk's AttrIndx selects */
	bool agree;		/* same PA and attributes, or a fault at the same level */
};

/* Translates va both ways, with IRQs off so that no kmap changes in between. */
void mmu_va2pa(vaddr_t va, struct va2pa *r);

#endif /* ASM_PTDUMP_H */
