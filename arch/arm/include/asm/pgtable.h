/* SPDX-License-Identifier: MIT */
/*
 * LPAE descriptor encode/decode helpers.  Pure functions of their
 * arguments: the host unit tests exercise them directly.
 *
 * mm/ never builds a descriptor itself; it describes a mapping with the
 * neutral MMU_* flags below and the arch code encodes them here.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/pgtable-hwdef.h>
#include <meridian/types.h>

typedef u64 pteval_t;	/* any level's descriptor */

/* Neutral mapping flags (lk's arch_mmu_map style). */
#define MMU_PROT_READ (1u << 0)
#define MMU_PROT_WRITE (1u << 1)
#define MMU_PROT_EXEC (1u << 2)
#define MMU_PROT_USER (1u << 3)
#define MMU_NOT_GLOBAL (1u << 4)	/* tagged with the current ASID */
#define MMU_MEM_SHIFT 5
#define MMU_MEM_MASK (7u << MMU_MEM_SHIFT)
#define MMU_MEM_NORMAL (0u << MMU_MEM_SHIFT)	/* write-back write-allocate */
#define MMU_MEM_DEVICE (1u << MMU_MEM_SHIFT)	/* device, always execute-never */
#define MMU_MEM_NOCACHE (2u << MMU_MEM_SHIFT)	/* normal non-cacheable (write-combining) */
#define MMU_MEM_STRONG (3u << MMU_MEM_SHIFT)	/* strongly ordered */

/* Common combinations. */
#define MMU_KERNEL_RW (MMU_PROT_READ | MMU_PROT_WRITE)
#define MMU_KERNEL_RO (MMU_PROT_READ)
#define MMU_KERNEL_RX (MMU_PROT_READ | MMU_PROT_EXEC)
#define MMU_KERNEL_DEVICE (MMU_PROT_READ | MMU_PROT_WRITE | MMU_MEM_DEVICE)

/* Table indexes of a virtual address at each level. */
static inline unsigned int pgd_index(vaddr_t va) { return (u32)va >> 30; }
static inline unsigned int pmd_index(vaddr_t va) { return ((u32)va >> 21) & (PTRS_PER_PMD - 1); }
static inline unsigned int pte_index(vaddr_t va) { return ((u32)va >> 12) & (PTRS_PER_PTE - 1); }

/* Which MAIR index a neutral memory type selects. */
static inline unsigned int mmu_mem_attrindx(unsigned int flags)
{
	switch (flags & MMU_MEM_MASK) {
	case MMU_MEM_DEVICE:
		return MT_DEV_SHARED;
	case MMU_MEM_NOCACHE:
		return MT_BUFFERABLE;
	case MMU_MEM_STRONG:
		return MT_UNCACHED;
	default:
		return MT_WRITEALLOC;
	}
}

/*
 * lpae_prot_bits - the attribute bits (everything but type and address)
 * of a block or page descriptor for neutral flags.  Always sets AF (no
 * access-flag faults).  Device and strongly-ordered memory is never
 * executable; kernel mappings are never executable from PL0 and user
 * mappings never from PL1 (PXN), so no page is a jump target for both.
 */
static inline pteval_t lpae_prot_bits(unsigned int flags)
{
	unsigned int mem = flags & MMU_MEM_MASK;
	pteval_t d = PTE_AF | PTE_SHARED | PTE_ATTRINDX(mmu_mem_attrindx(flags));

	if (!(flags & MMU_PROT_WRITE))
		d |= PTE_RDONLY;
	if (flags & MMU_PROT_USER)
		d |= PTE_USER | PTE_PXN;
	if (flags & MMU_NOT_GLOBAL)
		d |= PTE_NG;
	if (!(flags & MMU_PROT_EXEC) || mem == MMU_MEM_DEVICE || mem == MMU_MEM_STRONG)
		d |= PTE_XN | PTE_PXN;
	return d;
}

/* A level-3 page descriptor mapping the 4 KiB page at pa. */
static inline pteval_t mk_pte(phys_addr_t pa, unsigned int flags)
{
	return (pa & PTE_ADDR_MASK) | lpae_prot_bits(flags) | PTE_TYPE_PAGE;
}

/* A level-2 block descriptor mapping the 2 MiB block at pa. */
static inline pteval_t mk_pmd_sect(phys_addr_t pa, unsigned int flags)
{
	return (pa & PMD_SECT_ADDR_MASK) | lpae_prot_bits(flags) | PMD_TYPE_SECT;
}

/* A table descriptor (level 1 or 2) pointing at the next-level table at pa. */
static inline pteval_t mk_table(phys_addr_t table_pa)
{
	return (table_pa & PTE_ADDR_MASK) | PMD_TYPE_TABLE;
}

static inline bool desc_valid(pteval_t d) { return (d & 1) != 0; }

/* At level 1 or 2: does d point at a next-level table? */
static inline bool desc_is_table(pteval_t d, int level)
{
	return level < 3 && (d & PMD_TYPE_MASK) == PMD_TYPE_TABLE;
}

/* Does d map memory at this level (a block at 1-2, a page at 3)? */
static inline bool desc_is_leaf(pteval_t d, int level)
{
	return level == 3 ? (d & PTE_TYPE_MASK) == PTE_TYPE_PAGE
			  : (level > 0 && (d & PMD_TYPE_MASK) == PMD_TYPE_SECT);
}

/* Output (or table) address of a descriptor at the given level. */
static inline phys_addr_t desc_phys(pteval_t d, int level)
{
	if (desc_is_table(d, level) || level == 3)
		return d & PTE_ADDR_MASK;
	return d & (level == 1 ? PGD_SECT_ADDR_MASK : PMD_SECT_ADDR_MASK);
}

/* Neutral flags of a leaf descriptor: the inverse of lpae_prot_bits(). */
static inline unsigned int desc_flags(pteval_t d)
{
	unsigned int f = MMU_PROT_READ;

	if (!(d & PTE_RDONLY))
		f |= MMU_PROT_WRITE;
	if (d & PTE_USER) {
		f |= MMU_PROT_USER;
		if (!(d & PTE_XN))
			f |= MMU_PROT_EXEC;
	} else if (!(d & PTE_PXN) && !(d & PTE_XN)) {
		f |= MMU_PROT_EXEC;
	}
	if (d & PTE_NG)
		f |= MMU_NOT_GLOBAL;
	switch ((d & PTE_ATTRINDX_MASK) >> 2) {
	case MT_DEV_SHARED:
		f |= MMU_MEM_DEVICE;
		break;
	case MT_BUFFERABLE:
		f |= MMU_MEM_NOCACHE;
		break;
	case MT_UNCACHED:
		f |= MMU_MEM_STRONG;
		break;
	default:
		break;
	}
	return f;
}

/* Name of a MAIR attribute index, as ptdump and fault reports print it. */
static inline const char *mair_attr_name(unsigned int idx)
{
	static const char *const names[8] = {
		"UNCACHED", "BUFFERABLE", "WRITETHROUGH", "WRITEBACK",
		"DEV_SHARED", "MT5", "MT6", "WRITEALLOC",
	};
	return names[idx & 7];
}

#endif /* ASM_PGTABLE_H */
