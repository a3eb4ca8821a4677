/* SPDX-License-Identifier: MIT */
/*
 * The page-table walk behind ptdump, checkwx and pa2page, as pure code:
 * it reads tables only through the table_va callback and touches no
 * register, so the host tests run it over tables in malloc'd memory.
 * arch/arm/mm/dump.c supplies the live roots (TTBR0/TTBR1) and regions.
 *
 * Out of scope: the short-descriptor format (Meridian is LPAE only).
 */
#include <asm/ptdump.h>

#define PTE_TABLE_APTABLE_NOUSER (ULL(1) << 61)	/* APTable[0]: no PL0 access below */
#define PTE_TABLE_APTABLE_RDONLY (ULL(1) << 62)	/* APTable[1]: read-only below */

const char *ptdump_mem_type(unsigned int attrindx)
{
	/* Linux's L_PTE_MT_* names; under LPAE the memory type is the MAIR index. */
	static const char *const names[8] = {
		[MT_UNCACHED] = "SO/UNCACHED",
		[MT_BUFFERABLE] = "MEM/BUFFERABLE/WC",
		[MT_WRITETHROUGH] = "MEM/CACHED/WT",
		[MT_WRITEBACK] = "MEM/CACHED/WBRA",
		[MT_DEV_SHARED] = "DEV/SHARED",
		[5] = "MAIR5",
		[6] = "MAIR6",
		[MT_WRITEALLOC] = "MEM/CACHED/WBWA",
	};
	return names[attrindx & 7];
}

/*
 * A table descriptor's hierarchical attributes (B3.6.1) restrict every
 * leaf below it; folding them in gives what the hardware enforces.
 */
static pteval_t fold_table_attrs(pteval_t leaf, pteval_t table)
{
	if (table & PMD_TABLE_XN)
		leaf |= PTE_XN;
	if (table & PMD_TABLE_PXN)
		leaf |= PTE_PXN;
	if (table & PTE_TABLE_APTABLE_RDONLY)
		leaf |= PTE_RDONLY;
	if (table & PTE_TABLE_APTABLE_NOUSER)
		leaf &= ~PTE_USER;
	return leaf;
}

struct walk_ctx {
	ptdump_table_va_fn table_va;
	void (*fn)(const struct ptdump_leaf *leaf, void *ctx);
	void *ctx;
	bool ttbr1;
};

/* Walks a table of n entries at level, mapping from base; parent holds inherited attrs. */
static void walk_table(const struct walk_ctx *w, const pteval_t *table, unsigned int n, int level,
		       vaddr_t base, pteval_t parent)
{
	unsigned int shift = level == 1 ? PGDIR_SHIFT : level == 2 ? PMD_SHIFT : PAGE_SHIFT;

	for (unsigned int i = 0; i < n; i++) {
		pteval_t d = table[i];
		vaddr_t va;
		const pteval_t *next;

		/* Most entries of the vmalloc area's tables are empty: skip them first. */
		if (!((u32)d & 1))		/* bit 0: valid, at every level */
			continue;
		va = base + ((vaddr_t)i << shift);
		if (desc_is_leaf(d, level)) {
			struct ptdump_leaf leaf = { .va = va, .level = level,
						    .desc = fold_table_attrs(d, parent),
						    .ttbr1 = w->ttbr1 };

			w->fn(&leaf, w->ctx);
		} else if (desc_is_table(d, level)) {
			next = w->table_va(desc_phys(d, level));
			if (next)
				walk_table(w, next, PTRS_PER_PTE, level + 1, va, parent | d);
		}
	}
}

void ptdump_walk_roots(const struct ptdump_root *roots, unsigned int nroots,
		       ptdump_table_va_fn table_va,
		       void (*fn)(const struct ptdump_leaf *leaf, void *ctx), void *ctx)
{
	struct walk_ctx w = { .table_va = table_va, .fn = fn, .ctx = ctx };

	for (unsigned int i = 0; i < nroots; i++) {
		const pteval_t *first = table_va(roots[i].table);

		if (!first)
			continue;
		w.ttbr1 = roots[i].ttbr1;
		walk_table(&w, first, roots[i].entries, roots[i].level, roots[i].base, 0);
	}
}

struct merge_ctx {
	void (*fn)(const struct ptdump_range *r, void *ctx);
	void *ctx;
	const struct ptdump_region *regions;
	unsigned int nregions;
	struct ptdump_range cur;
	bool open;
	unsigned int region;	/* of the last leaf: the walk goes up in address */
};

static unsigned int region_of(struct merge_ctx *m, u64 va)
{
	unsigned int i = m->region;

	if (i >= m->nregions || va < m->regions[i].start)
		i = 0;		/* a new root: start over */
	while (i + 1 < m->nregions && va >= m->regions[i + 1].start)
		i++;
	m->region = i;
	return i;
}

static void merge_flush(struct merge_ctx *m)
{
	if (m->open)
		m->fn(&m->cur, m->ctx);
	m->open = false;
}

/*
 * Extends the open range with this leaf, or closes it and opens a new
 * one.  A leaf never straddles a region boundary: boundaries are at
 * least 2 MiB aligned except the vector page's, which has 4 KiB leaves.
 */
static void merge_leaf(const struct ptdump_leaf *leaf, void *ctx)
{
	struct merge_ctx *m = ctx;
	u64 start = leaf->va, end = start + ptdump_level_size(leaf->level);
	pteval_t attrs = leaf->desc & PTDUMP_ATTR_MASK;
	unsigned int region = region_of(m, start);

	if (m->open && m->cur.end == start && m->cur.level == leaf->level &&
	    m->cur.attrs == attrs && m->cur.region == region) {
		m->cur.end = end;
		return;
	}
	merge_flush(m);
	m->cur = (struct ptdump_range){ start, end, leaf->level, attrs, region };
	m->open = true;
}

void ptdump_ranges_from(const struct ptdump_root *roots, unsigned int nroots,
			ptdump_table_va_fn table_va, const struct ptdump_region *regions,
			unsigned int nregions, void (*fn)(const struct ptdump_range *r, void *ctx),
			void *ctx)
{
	struct merge_ctx m = { .fn = fn, .ctx = ctx, .regions = regions, .nregions = nregions };

	ptdump_walk_roots(roots, nroots, table_va, merge_leaf, &m);
	merge_flush(&m);
}

struct wx_ctx {
	unsigned long pages;
	void (*report)(const struct ptdump_range *r, void *ctx);
	void *ctx;
};

static void wx_range(const struct ptdump_range *r, void *ctx)
{
	struct wx_ctx *wx = ctx;

	if (!ptdump_is_wx(r->attrs))
		return;
	if (wx->report)
		wx->report(r, wx->ctx);
	wx->pages += (unsigned long)((r->end - r->start) >> PAGE_SHIFT);
}

unsigned long ptdump_wx_from(const struct ptdump_root *roots, unsigned int nroots,
			     ptdump_table_va_fn table_va, const struct ptdump_region *regions,
			     unsigned int nregions, void (*report)(const struct ptdump_range *r, void *ctx),
			     void *ctx)
{
	struct wx_ctx wx = { .report = report, .ctx = ctx };

	ptdump_ranges_from(roots, nroots, table_va, regions, nregions, wx_range, &wx);
	return wx.pages;
}
