/* SPDX-License-Identifier: MIT */
/*
 * The shell's memory experiments (mm/memcmds.c, mm/pressure.c): alloc,
 * free, vmalloc, vfree, kmap, kunmap, peek, poke and pressure.
 *
 * Everything the shell allocates or maps is tracked, so that a free
 * names only what the shell itself took, and the tests can check that
 * nothing leaks.
 */
#ifndef MERIDIAN_MEMCMDS_H
#define MERIDIAN_MEMCMDS_H

#include <meridian/gfp.h>

#define SHELL_ALLOC_MAX 64	/* live alloc + vmalloc + kmap entries */
#define SHELL_KMAP_MAX 16	/* kmaps held at once: far below the 512 pkmap slots */
#define PEEK_MAX 4096		/* bytes one peek may print */

enum shell_alloc_kind { SHELL_ALLOC_PAGES, SHELL_ALLOC_VMALLOC, SHELL_ALLOC_KMAP };

struct shell_alloc {
	enum shell_alloc_kind kind;
	struct page *page;	/* PAGES: the block's head; KMAP: the page */
	unsigned int order;	/* PAGES */
	void *addr;		/* VMALLOC: the area; KMAP: the mapping */
	unsigned long size;	/* VMALLOC: bytes asked for */
};

/* How many entries of this kind are live; the i-th of them (NULL past the end). */
unsigned int shell_alloc_count(enum shell_alloc_kind kind);
const struct shell_alloc *shell_alloc_get(enum shell_alloc_kind kind, unsigned int i);

/* Pages the pressure command holds in a zone; the one it took last (NULL: none). */
unsigned long pressure_held_pages(enum zone_type zone);
struct page *pressure_held_page(enum zone_type zone);

#endif /* MERIDIAN_MEMCMDS_H */
