/* SPDX-License-Identifier: MIT */
/*
 * The kernel's virtual memory layout: one header, Linux's ARM LPAE
 * constants, every value derived from PAGE_OFFSET.
 *
 * 3G/1G split (PAGE_OFFSET = 0xC0000000), 2 GiB of RAM, default vmalloc=240M:
 *
 *   0xffffffff +------------------------+
 *              | vectors (4 KiB)        | 0xffff0000  high vectors, SCTLR.V=1
 *   0xfff00000 +------------------------+
 *              | fixmap (3 MiB)         | 0xffc00000  early ioremap, kmap_local slots
 *   0xffc00000 +------------------------+
 *              | FDT window (4 MiB)     | 0xff800000  the boot DTB, read-only
 *   0xff800000 +------------------------+ VMALLOC_END
 *              | vmalloc (240 MiB)      |
 *   0xf0800000 +------------------------+ VMALLOC_START = (high_memory + 8M) & ~(8M - 1)
 *              | hole (up to 8 MiB)     |  catches overruns of the direct map
 *   0xf0000000 +------------------------+ high_memory (depends on RAM and vmalloc=)
 *              | lowmem (direct map)    |  PHYS_OFFSET.. mapped linearly
 *   0xc0000000 +------------------------+ PAGE_OFFSET  (kernel image at +TEXT_OFFSET)
 *              | pkmap (2 MiB)          | 0xbfe00000  PKMAP_BASE, 512 slots
 *   0xbfe00000 +------------------------+ MODULES_END
 *              | modules (14 MiB)       | 0xbf000000  MODULES_VADDR
 *   0xbf000000 +------------------------+
 *              | user space (TTBR0)     |
 *   0x00000000 +------------------------+
 *
 * Everything from VMALLOC_END up is fixed whatever the split; everything
 * below it moves with PAGE_OFFSET.  TTBR1 translates [PAGE_OFFSET, 4G);
 * modules and pkmap lie below PAGE_OFFSET and so in TTBR0's range, as in
 * Linux: their level-2 entries live in the table TTBR0 points to.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <meridian/config.h>
#include <meridian/const.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (UL(1) << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* A level-2 (pmd) entry maps 2 MiB; a level-1 (pgd) entry 1 GiB. */
#define PMD_SHIFT 21
#define PMD_SIZE (UL(1) << PMD_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))
#define PGDIR_SHIFT 30
#define PGDIR_SIZE (UL(1) << PGDIR_SHIFT)

#define PAGE_OFFSET UL(CONFIG_PAGE_OFFSET)

/* The image is loaded and runs at PHYS_OFFSET + TEXT_OFFSET. */
#define TEXT_OFFSET UL(0x00008000)
#define KERNEL_START (PAGE_OFFSET + TEXT_OFFSET)

/* Modules sit within a branch's reach (+-32 MiB) of kernel text. */
#define MODULES_VADDR (PAGE_OFFSET - UL(0x01000000))
#define MODULES_END (PAGE_OFFSET - PMD_SIZE)

/* Persistent kmaps: one level-3 table's worth of slots just below PAGE_OFFSET. */
#define PKMAP_BASE (PAGE_OFFSET - PMD_SIZE)
#define LAST_PKMAP 512
#define PKMAP_END (PKMAP_BASE + LAST_PKMAP * PAGE_SIZE)

/* vmalloc: ends at a fixed address; its start follows high_memory. */
#define VMALLOC_OFFSET UL(0x00800000)
#define VMALLOC_END UL(0xff800000)
#define VMALLOC_DEFAULT_SIZE UL(0x0f000000)	/* 240 MiB */
#define VMALLOC_MIN_SIZE UL(0x01000000)		/* vmalloc= floor: 16 MiB */
#define LOWMEM_MIN_SIZE UL(0x02000000)		/* vmalloc= ceiling leaves 32 MiB */

/* The boot DTB is mapped read-only here, as Linux's FDT_FIXED_BASE. */
#define FDT_FIXED_BASE UL(0xff800000)
#define FDT_FIXED_SIZE (2 * PMD_SIZE)

#define FIXADDR_START UL(0xffc00000)
#define FIXADDR_END UL(0xfff00000)
#define FIXADDR_TOP (FIXADDR_END - PAGE_SIZE)

#define VECTORS_BASE UL(0xffff0000)

#ifndef __ASSEMBLER__
#include <meridian/types.h>

/* Ordering and alignment rules of the diagram above. */
_Static_assert(PAGE_OFFSET == 0x40000000UL || PAGE_OFFSET == 0x80000000UL ||
		       PAGE_OFFSET == 0xc0000000UL,
	       "PAGE_OFFSET must be 1G, 2G or 3G: TTBCR.T1SZ splits on a GiB boundary");
_Static_assert(MODULES_VADDR < MODULES_END && MODULES_END <= PKMAP_BASE,
	       "modules lie below pkmap");
_Static_assert(PKMAP_END == PAGE_OFFSET, "pkmap ends at PAGE_OFFSET");
_Static_assert((PKMAP_BASE & (PMD_SIZE - 1)) == 0 && LAST_PKMAP * PAGE_SIZE == PMD_SIZE,
	       "pkmap is exactly one level-3 table");
_Static_assert(PAGE_OFFSET - MODULES_VADDR <= UL(0x02000000) - UL(0x00100000),
	       "module text must be within BL range (32 MiB) of kernel text");
_Static_assert(PAGE_OFFSET + LOWMEM_MIN_SIZE + VMALLOC_OFFSET + VMALLOC_MIN_SIZE <= VMALLOC_END,
	       "the smallest lowmem and vmalloc fit below VMALLOC_END");
_Static_assert((VMALLOC_END & (PMD_SIZE - 1)) == 0, "VMALLOC_END is 2 MiB aligned");
_Static_assert(VMALLOC_END <= FDT_FIXED_BASE && FDT_FIXED_BASE + FDT_FIXED_SIZE <= FIXADDR_START,
	       "the FDT window lies between vmalloc and the fixmap");
_Static_assert((FDT_FIXED_BASE & (PMD_SIZE - 1)) == 0, "the FDT window uses 2 MiB blocks");
_Static_assert(FIXADDR_START < FIXADDR_END && FIXADDR_END <= VECTORS_BASE,
	       "the fixmap lies below the vectors");
_Static_assert((FIXADDR_START & (PMD_SIZE - 1)) == 0, "the fixmap starts on a level-3 table");
_Static_assert((TEXT_OFFSET & (PAGE_SIZE - 1)) == 0 && TEXT_OFFSET < PMD_SIZE,
	       "the image starts page aligned in the first 2 MiB of RAM");

/*
 * Run-time layout: the parts that depend on where RAM is and on boot
 * arguments.  Filled once by layout_init() and read-only afterwards.
 */
struct mem_layout {
	phys_addr_t phys_offset;	/* PHYS_OFFSET: start of RAM, found at boot */
	phys_addr_t ram_end;		/* end of usable RAM (after mem=) */
	phys_addr_t lowmem_limit;	/* arm_lowmem_limit: end of the direct map */
	u32 vmalloc_size;		/* requested vmalloc size (vmalloc=) */
	vaddr_t high_memory;		/* __va(lowmem_limit - 1) + 1 */
	vaddr_t vmalloc_start;		/* (high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1) */
};

extern struct mem_layout mem_layout;

#define PHYS_OFFSET (mem_layout.phys_offset)

/*
 * Direct-map conversions, valid for lowmem only.  They assert: a highmem
 * or non-RAM address has no direct-map virtual address.
 */
void __bad_lowmem(const char *what, u64 addr, const char *file, int line) __noreturn;

static inline bool virt_addr_valid_lowmem(vaddr_t va)
{
	return va >= PAGE_OFFSET && va < mem_layout.high_memory;
}

#define __pa(va) __virt_to_phys((vaddr_t)(va), __FILE__, __LINE__)
#define __va(pa) ((void *)__phys_to_virt((phys_addr_t)(pa), __FILE__, __LINE__))

static inline phys_addr_t __virt_to_phys(vaddr_t va, const char *file, int line)
{
	if (unlikely(!virt_addr_valid_lowmem(va)))
		__bad_lowmem("__pa", va, file, line);
	return (phys_addr_t)(va - PAGE_OFFSET) + PHYS_OFFSET;
}

static inline vaddr_t __phys_to_virt(phys_addr_t pa, const char *file, int line)
{
	if (unlikely(pa < PHYS_OFFSET || pa >= mem_layout.lowmem_limit))
		__bad_lowmem("__va", pa, file, line);
	return (vaddr_t)(pa - PHYS_OFFSET) + PAGE_OFFSET;
}

#endif /* !__ASSEMBLER__ */
#endif /* ASM_MEMORY_H */
