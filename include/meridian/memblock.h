/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time physical memory map and allocator, used until
 * the buddy allocator takes over (Linux's mm/memblock.c, in small).
 *
 * Two sorted, non-overlapping region lists: "memory" (RAM from the DT,
 * after mem=) and "reserved" (the image, the DTB, the initrd,
 * /reserved-memory, the reservation block, and everything memblock
 * itself handed out).  Free memory is memory minus reserved.
 */
#ifndef MERIDIAN_MEMBLOCK_H
#define MERIDIAN_MEMBLOCK_H

#include <meridian/types.h>

#define INIT_MEMBLOCK_REGIONS 128

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

struct memblock_type {
	unsigned int cnt;
	const char *name;
	struct memblock_region regions[INIT_MEMBLOCK_REGIONS];
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	phys_addr_t current_limit;	/* allocations stay below this (the lowmem limit) */
	bool retired;			/* the buddy allocator owns memory now */
};

extern struct memblock memblock;

/*
 * Add or reserve [base, base + size): merged with overlapping or adjacent
 * regions.  Returns 0, -EINVAL for a zero size or a range that wraps or
 * exceeds 40 bits, or -ENOSPC when the table is full.
 */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Remove [base, base + size) from memory (mem=, the 40-bit limit). */
int memblock_remove(phys_addr_t base, phys_addr_t size);
/* Keep only the first limit bytes of memory (mem=). */
void memblock_enforce_memory_limit(phys_addr_t limit);

/*
 * memblock_phys_alloc_range - find and reserve size bytes aligned to
 * align (a power of two) inside [start, end) and below current_limit,
 * highest address first as Linux does.  Returns the physical address, or
 * 0 when nothing fits (or memblock is retired).
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end);
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);

phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);

/*
 * Iterate free ranges (memory minus reserved) in address order: start
 * with *idx = 0; returns false at the end.
 */
bool memblock_next_free_range(u64 *idx, phys_addr_t *start, phys_addr_t *end);

/* Forget everything (host tests). */
void memblock_reset(void);

#endif /* MERIDIAN_MEMBLOCK_H */
