/* SPDX-License-Identifier: MIT */
/*
 * LPAE long-descriptor translation table format: architectural bits only.
 * ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), B3.6
 * "Long-descriptor translation table format".
 *
 * Block (level 1/2) and page (level 3) descriptor:
 *
 *  63    59 58   55 54 53 52 51    40 39                   12 11 10  9 8  7 6  5  4   2  1 0
 * +--------+-------+--+---+--+--------+-----------------------+--+--+----+----+--+-------+----+
 * |ignored |  SW   |XN|PXN|Ct|  RES0  | output address [39:n] |nG|AF| SH | AP |NS|AttrIdx|type|
 * +--------+-------+--+---+--+--------+-----------------------+--+--+----+----+--+-------+----+
 *   n = 30 (level-1 block), 21 (level-2 block), 12 (level-3 page)
 *   type: 0b01 block (levels 1-2), 0b11 page (level 3); 0b11 at levels 1-2 is a table
 *
 * Table descriptor (levels 1/2):
 *
 *  63 62 61 60 59 58     52 51    40 39                    12 11        2  1 0
 * +--+-----+--+---+---------+--------+------------------------+-----------+----+
 * |NS| AP  |XN|PXN| ignored |  RES0  | next-level table [39:12]|  ignored  | 11 |
 * +--+-----+--+---+---------+--------+------------------------+-----------+----+
 *
 * Assembly sees the high word separately: *_HI constants are bit positions
 * minus 32.
 */
#ifndef ASM_PGTABLE_HWDEF_H
#define ASM_PGTABLE_HWDEF_H

#include <meridian/const.h>

#define PTRS_PER_PGD 4		/* level 1: 4 x 1 GiB covers the 32-bit space */
#define PTRS_PER_PMD 512	/* level 2: 512 x 2 MiB */
#define PTRS_PER_PTE 512	/* level 3: 512 x 4 KiB */

/* Descriptor type, bits[1:0]. */
#define PMD_TYPE_MASK ULL(3)
#define PMD_TYPE_FAULT ULL(0)
#define PMD_TYPE_TABLE ULL(3)
#define PMD_TYPE_SECT ULL(1)	/* a block: Linux calls level-2 blocks sections */
#define PTE_TYPE_MASK ULL(3)
#define PTE_TYPE_FAULT ULL(0)
#define PTE_TYPE_PAGE ULL(3)

/* Lower attributes of block and page descriptors (B3.6.2). */
#define PTE_ATTRINDX(n) ((n) << 2)	/* AttrIndx[2:0]: MAIR field */
#define PTE_ATTRINDX_MASK (ULL(7) << 2)
#define PTE_NS (ULL(1) << 5)		/* NS: non-secure output address */
#define PTE_USER (ULL(1) << 6)		/* AP[1]: accessible from PL0 */
#define PTE_RDONLY (ULL(1) << 7)	/* AP[2]: read-only */
#define PTE_SHARED (ULL(3) << 8)	/* SH[1:0] = 0b11: inner shareable */
#define PTE_SH_MASK (ULL(3) << 8)
#define PTE_AF (ULL(1) << 10)		/* AF: access flag (no AF faults: always set) */
#define PTE_NG (ULL(1) << 11)		/* nG: not global, tagged with the ASID */

/* Upper attributes (B3.6.2). */
#define PTE_CONT (ULL(1) << 52)		/* Contiguous hint */
#define PTE_PXN (ULL(1) << 53)		/* PXN: privileged execute-never */
#define PTE_XN (ULL(1) << 54)		/* XN: execute-never */
#define PTE_PXN_HI (1 << (53 - 32))
#define PTE_XN_HI (1 << (54 - 32))

/* Output address fields. */
#define PHYS_MASK_SHIFT 40
#define PHYS_MASK ((ULL(1) << PHYS_MASK_SHIFT) - 1)
#define PTE_ADDR_MASK (PHYS_MASK & ~ULL(0xfff))		/* [39:12] */
#define PMD_SECT_ADDR_MASK (PHYS_MASK & ~ULL(0x1fffff))	/* [39:21] */
#define PGD_SECT_ADDR_MASK (PHYS_MASK & ~ULL(0x3fffffff))	/* [39:30] */

/* Table descriptor hierarchical attributes (B3.6.1). */
#define PMD_TABLE_PXN (ULL(1) << 59)
#define PMD_TABLE_XN (ULL(1) << 60)
#define PMD_TABLE_NS (ULL(1) << 63)

/*
 * MAIR0/MAIR1 attribute indexes: Linux's LPAE assignment, so that memory
 * types read the same in both kernels (arch/arm/include/asm/pgtable-3level.h).
 */
#define MT_UNCACHED 0		/* 0x00: strongly ordered */
#define MT_BUFFERABLE 1		/* 0x44: normal, non-cacheable */
#define MT_WRITETHROUGH 2	/* 0xaa: normal, write-through */
#define MT_WRITEBACK 3		/* 0xee: normal, write-back, no write-allocate */
#define MT_DEV_SHARED 4		/* 0x04: device */
#define MT_WRITEALLOC 7		/* 0xff: normal, write-back write-allocate */
#define MAIR0_VALUE 0xeeaa4400	/* attrs 3..0 */
#define MAIR1_VALUE 0xff000004	/* attrs 7..4 */

/*
 * TTBCR with EAE=1 (B4.1.153).  Walks are inner shareable, write-back
 * write-allocate inner and outer, for both TTBRs.
 */
#define TTBCR_EAE (1 << 31)
#define TTBCR_T0SZ(n) ((n) << 0)
#define TTBCR_T1SZ(n) ((n) << 16)
#define TTBCR_IRGN0_WBWA (1 << 8)
#define TTBCR_ORGN0_WBWA (1 << 10)
#define TTBCR_SH0_INNER (3 << 12)
#define TTBCR_EPD0 (1 << 7)	/* no walks through TTBR0 */
#define TTBCR_EPD1 (1 << 23)	/* no walks through TTBR1 */
#define TTBCR_IRGN1_WBWA (1 << 24)
#define TTBCR_ORGN1_WBWA (1 << 26)
#define TTBCR_SH1_INNER (3 << 28)
#define TTBCR_WALK_ATTRS (TTBCR_IRGN0_WBWA | TTBCR_ORGN0_WBWA | TTBCR_SH0_INNER | \
			  TTBCR_IRGN1_WBWA | TTBCR_ORGN1_WBWA | TTBCR_SH1_INNER)

/* SCTLR bits (B4.1.130). */
#define SCTLR_M (1 << 0)	/* MMU enable */
#define SCTLR_A (1 << 1)	/* alignment checking */
#define SCTLR_C (1 << 2)	/* data cache */
#define SCTLR_Z (1 << 11)	/* branch prediction */
#define SCTLR_I (1 << 12)	/* instruction cache */
#define SCTLR_V (1 << 13)	/* high vectors at 0xffff0000 */
#define SCTLR_WXN (1 << 19)
#define SCTLR_TE (1 << 30)	/* exceptions taken in Thumb state */

/*
 * LPAE fault status (DFSR/IFSR with LPAE, B4.1.52): STATUS[5:0] gives
 * the fault class in [5:2] and the lookup level in [1:0].
 */
#define FSR_LPAE (1 << 9)	/* LPAE format in use */
#define FSR_WNR (1 << 11)	/* DFSR: write not read */
#define FSR_CM (1 << 13)	/* DFSR: cache maintenance */
#define FSR_EXT (1 << 12)	/* external abort type */
#define FSR_STATUS_MASK 0x3f
#define FSR_FS_TRANSLATION 0x04	/* 0b0001LL */
#define FSR_FS_ACCESS 0x08	/* 0b0010LL */
#define FSR_FS_PERMISSION 0x0c	/* 0b0011LL */
#define FSR_FS_SYNC_EXT 0x10
#define FSR_FS_ASYNC_EXT 0x11
#define FSR_FS_SYNC_PARITY 0x18
#define FSR_FS_ALIGNMENT 0x21
#define FSR_FS_DEBUG 0x22
#define FSR_FS_TLB_CONFLICT 0x30
#define FSR_FS_DOMAIN 0x3c

#endif /* ASM_PGTABLE_HWDEF_H */
