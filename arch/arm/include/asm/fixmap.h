/* SPDX-License-Identifier: MIT */
/*
 * Fixmap: compile-time virtual slots in [FIXADDR_START, FIXADDR_END),
 * one page each, counted up from FIXADDR_START as on Linux ARM.
 */
#ifndef ASM_FIXMAP_H
#define ASM_FIXMAP_H

#include <asm/memory.h>

#define NR_CPUS 4		/* vexpress-a15 has up to four cores */
#define KM_MAX_IDX 16		/* kmap_local nesting depth per thread (struct kmap_ctrl) */
#define FIX_BTMAPS_SLOTS 64	/* early ioremap pages */

enum fixed_addresses {
	/*
	 * kmap_local, first: KM_MAX_IDX levels for each CPU, interleaved.
	 * Level i of CPU c is slot FIX_KMAP_BEGIN + 2 * (i * NR_CPUS + c) + 1
	 * and every even slot is an unmapped guard.  Interleaved, each CPU's
	 * "level -1" (its empty-stack marker) lies below FIXADDR_START, where
	 * no kmap_local address can be (see kunmap_local()).
	 */
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + 2 * KM_MAX_IDX * NR_CPUS - 1,

	FIX_EARLYCON_MEM_BASE,
	FIX_HIGHPAGE_TEMP,	/* one-page window onto any physical page (tests, clearing) */

	/* Early ioremap, until vmalloc-based ioremap exists. */
	FIX_BTMAP_BEGIN,
	FIX_BTMAP_END = FIX_BTMAP_BEGIN + FIX_BTMAPS_SLOTS - 1,

	__end_of_fixed_addresses
};

#define __fix_to_virt(x) (FIXADDR_START + ((vaddr_t)(x) << PAGE_SHIFT))
#define __virt_to_fix(v) (((v) - FIXADDR_START) >> PAGE_SHIFT)

_Static_assert(__fix_to_virt(__end_of_fixed_addresses) <= FIXADDR_END,
	       "fixmap slots fit below FIXADDR_END");
_Static_assert(FIX_KMAP_BEGIN == 0, "kunmap_local() tells kmap_local addresses by >= FIXADDR_START");
_Static_assert((FIX_KMAP_END + 1) * PAGE_SIZE <= PMD_SIZE, "the kmap_local slots share one level-3 table");

#endif /* ASM_FIXMAP_H */
