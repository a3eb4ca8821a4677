/* SPDX-License-Identifier: MIT */
/*
 * The live kernel page tables, as Linux shows them: `ptdump` prints
 * /sys/kernel/debug/kernel_page_tables (arch/arm/mm/dump.c's format),
 * `checkwx` and the boot check are debug_checkwx().
 *
 * The walk starts where the hardware starts: TTBCR says which TTBR
 * translates each GiB and at which level, and the walk follows the
 * descriptors from there.  Nothing here writes a table.
 *
 * Out of scope: user address spaces other than the one TTBR0 holds now.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <asm/mmu.h>
#include <asm/ptdump.h>
#include <meridian/kernel.h>
#include <meridian/shell.h>

#define PTE_TABLE_APTABLE_NOUSER (ULL(1) << 61)	/* APTable[0]: no PL0 access below */
#define PTE_TABLE_APTABLE_RDONLY (ULL(1) << 62)	/* APTable[1]: read-only below */

unsigned int ptdump_regions(struct ptdump_region *r)
{
	unsigned int n = 0;

	r[n++] = (struct ptdump_region){ 0, "User Space" };
	r[n++] = (struct ptdump_region){ MODULES_VADDR, "Modules" };
	r[n++] = (struct ptdump_region){ PKMAP_BASE, "Persistent kmap() Area" };
	r[n++] = (struct ptdump_region){ PAGE_OFFSET, "Kernel Mapping (lowmem)" };
	r[n++] = (struct ptdump_region){ mem_layout.vmalloc_start, "vmalloc() Area" };
	r[n++] = (struct ptdump_region){ VMALLOC_END, "vmalloc() End / FDT" };
	r[n++] = (struct ptdump_region){ FIXADDR_START, "Fixmap Area" };
	r[n++] = (struct ptdump_region){ FIXADDR_END, "Fixmap End" };
	r[n++] = (struct ptdump_region){ VECTORS_BASE, "Vectors" };
	r[n++] = (struct ptdump_region){ VECTORS_BASE + PAGE_SIZE, "Vectors End" };
	return n;
}

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

/* The kernel address of a table, or NULL when it is not in lowmem (not ours to read). */
static const pteval_t *table_va(phys_addr_t pa)
{
	if (pa < PHYS_OFFSET || pa >= mem_layout.lowmem_limit)
		return NULL;
	return (const pteval_t *)((vaddr_t)(pa - PHYS_OFFSET) + PAGE_OFFSET);
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
	void (*fn)(const struct ptdump_leaf *leaf, void *ctx);
	void *ctx;
	bool ttbr1;
};

static void emit(struct walk_ctx *w, vaddr_t va, int level, pteval_t desc)
{
	struct ptdump_leaf leaf = { .va = va, .level = level, .desc = desc, .ttbr1 = w->ttbr1 };

	w->fn(&leaf, w->ctx);
}

/* Walks a table of n entries at level, mapping from base; parent holds inherited attrs. */
static void walk_table(struct walk_ctx *w, const pteval_t *table, unsigned int n, int level,
		       vaddr_t base, pteval_t parent)
{
	unsigned int shift = level == 1 ? PGDIR_SHIFT : level == 2 ? PMD_SHIFT : PAGE_SHIFT;

	for (unsigned int i = 0; i < n; i++) {
		pteval_t d = table[i];
		vaddr_t va = base + ((vaddr_t)i << shift);
		const pteval_t *next;

		if (desc_is_leaf(d, level)) {
			emit(w, va, level, fold_table_attrs(d, parent));
		} else if (desc_is_table(d, level)) {
			next = table_va(desc_phys(d, level));
			if (next)
				walk_table(w, next, PTRS_PER_PTE, level + 1, va, parent | d);
		}
	}
}

void ptdump_walk_leaves(void (*fn)(const struct ptdump_leaf *leaf, void *ctx), void *ctx)
{
	struct walk_ctx w = { .fn = fn, .ctx = ctx };

	/*
	 * mmu_walk() at the first address of each GiB says which TTBR the
	 * hardware uses there, where its walk starts, and where that first
	 * descriptor lives: the GiB's level-1 entry, or the first entry of
	 * its level-2 table.
	 */
	for (unsigned int g = 0; g < PTRS_PER_PGD; g++) {
		vaddr_t base = (vaddr_t)g << PGDIR_SHIFT;
		struct mmu_walk mw;
		const pteval_t *first;

		mmu_walk(base, &mw);
		if (mw.levels == 0)
			continue;
		first = table_va(mw.table[0]);
		w.ttbr1 = mw.ttbr1;
		if (mw.first_level == 1)
			walk_table(&w, first, 1, 1, base, 0);
		else
			walk_table(&w, first, PTRS_PER_PMD, 2, base, 0);
	}
}

struct merge_ctx {
	void (*fn)(const struct ptdump_range *r, void *ctx);
	void *ctx;
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	struct ptdump_range cur;
	bool open;
};

static unsigned int region_of(const struct merge_ctx *m, u64 va)
{
	unsigned int i = 0;

	while (i + 1 < m->nregions && va >= m->regions[i + 1].start)
		i++;
	return i;
}

static void merge_flush(struct merge_ctx *m)
{
	if (m->open)
		m->fn(&m->cur, m->ctx);
	m->open = false;
}

/* Extends the open range with this leaf, or closes it and opens a new one. */
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

void ptdump_walk_ranges(void (*fn)(const struct ptdump_range *r, void *ctx), void *ctx)
{
	struct merge_ctx m = { .fn = fn, .ctx = ctx };

	m.nregions = ptdump_regions(m.regions);
	ptdump_walk_leaves(merge_leaf, &m);
	merge_flush(&m);
}

/* --- W+X --- */

struct wx_ctx {
	unsigned long pages;
	int (*out)(const char *fmt, ...);
};

static void wx_range(const struct ptdump_range *r, void *ctx)
{
	struct wx_ctx *wx = ctx;

	if (!ptdump_is_wx(r->attrs))
		return;
	if (wx->out)
		wx->out("arm/mm: Found insecure W+X mapping at address 0x%08lx\n",
			(unsigned long)r->start);
	wx->pages += (unsigned long)((r->end - r->start) >> PAGE_SHIFT);
}

unsigned long ptdump_check_wx(int (*out)(const char *fmt, ...))
{
	struct wx_ctx wx = { .out = out };

	ptdump_walk_ranges(wx_range, &wx);
	if (!out)
		return wx.pages;
	if (wx.pages)
		out("Checked W+X mappings: FAILED, %lu W+X pages found\n", wx.pages);
	else
		out("Checked W+X mappings: passed, no W+X pages found.\n");
	return wx.pages;
}

static int log_info(const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return printk(KERN_INFO "%s", buf);
}

static int log_warn(const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return printk(KERN_WARNING "%s", buf);
}

void debug_checkwx(void)
{
	/* Count first, so that a clean result is logged at info and a failure as warnings. */
	ptdump_check_wx(ptdump_check_wx(NULL) ? log_warn : log_info);
}

/* --- shell --- */

struct print_ctx {
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	unsigned int next_header;	/* the first region whose header is not printed yet */
};

static void print_headers_upto(struct print_ctx *p, unsigned int region)
{
	for (; p->next_header <= region && p->next_header < p->nregions; p->next_header++)
		console_printf("---[ %s ]---\n", p->regions[p->next_header].name);
}

static const char *level_name(int level)
{
	return level == 1 ? "1G block" : level == 2 ? "2M block" : "4K page";
}

/* "0xc0000000-0xc0008000          32K 4K page     RW NX SHD MEM/CACHED/WBWA" */
static void print_range(const struct ptdump_range *r, void *ctx)
{
	static const char units[] = "KMG";
	u64 size = (r->end - r->start) >> 10;
	const char *unit = units;

	print_headers_upto(ctx, r->region);
	while (!(size & 1023) && unit[1]) {
		size >>= 10;
		unit++;
	}
	console_printf("0x%08lx-0x%08llx   %9lu%c %-8s %s %s %s %s %s\n", (unsigned long)r->start,
		       (unsigned long long)r->end, (unsigned long)size, *unit, level_name(r->level),
		       r->attrs & PTE_USER ? "USR" : "   ", r->attrs & PTE_RDONLY ? "ro" : "RW",
		       ptdump_is_exec(r->attrs) ? "x " : "NX",
		       (r->attrs & PTE_SH_MASK) == PTE_SHARED ? "SHD" : "   ",
		       ptdump_mem_type((unsigned int)((r->attrs & PTE_ATTRINDX_MASK) >> 2)));
}

static int cmd_ptdump(int argc, char **argv)
{
	struct print_ctx p = { 0 };

	(void)argv;
	if (argc != 1) {
		console_printf("usage: ptdump\n");
		return 1;
	}
	p.nregions = ptdump_regions(p.regions);
	ptdump_walk_ranges(print_range, &p);
	print_headers_upto(&p, p.nregions - 1);
	return 0;
}
SHELL_COMMAND("ptdump", "", "the live kernel page tables, as Linux's kernel_page_tables",
	      cmd_ptdump);

static int cmd_checkwx(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		console_printf("usage: checkwx\n");
		return 1;
	}
	return ptdump_check_wx(console_printf) != 0;
}
SHELL_COMMAND("checkwx", "", "report mappings that are both writable and executable",
	      cmd_checkwx);
