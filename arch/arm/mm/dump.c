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
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/ptdump.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/shell.h>

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

/* The kernel address of a table, or NULL when it is not in lowmem (not ours to read). */
static const pteval_t *table_va(phys_addr_t pa)
{
	if (pa < PHYS_OFFSET || pa >= mem_layout.lowmem_limit)
		return NULL;
	return (const pteval_t *)((vaddr_t)(pa - PHYS_OFFSET) + PAGE_OFFSET);
}

/*
 * The live roots, one per GiB.  mmu_walk() at the first address of each
 * GiB says which TTBR the hardware uses there, where its walk starts,
 * and where that first descriptor lives: the GiB's level-1 entry, or the
 * first entry of its level-2 table.  A TTBR whose walks are disabled
 * (TTBCR.EPDn) translates nothing and so is not in use.
 */
static unsigned int live_roots(struct ptdump_root *roots)
{
	u32 ttbcr = read_ttbcr();
	unsigned int n = 0;

	for (unsigned int g = 0; g < PTRS_PER_PGD; g++) {
		vaddr_t base = (vaddr_t)g << PGDIR_SHIFT;
		struct mmu_walk mw;

		mmu_walk(base, &mw);
		if (mw.levels == 0 || (ttbcr & (mw.ttbr1 ? TTBCR_EPD1 : TTBCR_EPD0)))
			continue;
		roots[n++] = (struct ptdump_root){
			.base = base,
			.level = mw.first_level,
			.entries = mw.first_level == 1 ? 1 : PTRS_PER_PMD,
			.table = mw.table[0],
			.ttbr1 = mw.ttbr1,
		};
	}
	return n;
}

void ptdump_walk_leaves(void (*fn)(const struct ptdump_leaf *leaf, void *ctx), void *ctx)
{
	struct ptdump_root roots[PTRS_PER_PGD];

	ptdump_walk_roots(roots, live_roots(roots), table_va, fn, ctx);
}

void ptdump_walk_ranges(void (*fn)(const struct ptdump_range *r, void *ctx), void *ctx)
{
	struct ptdump_root roots[PTRS_PER_PGD];
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions = ptdump_regions(regions);

	ptdump_ranges_from(roots, live_roots(roots), table_va, regions, nregions, fn, ctx);
}

/* --- W+X --- */

static void wx_report(const struct ptdump_range *r, void *ctx)
{
	int (*out)(const char *fmt, ...) = ctx;

	out("arm/mm: Found insecure W+X mapping at address 0x%08lx\n", (unsigned long)r->start);
}

/*
 * One walk: each W+X range is reported through found (which may be NULL),
 * then the verdict through found on failure or passed on success.
 */
static unsigned long check_wx(int (*found)(const char *fmt, ...),
			      int (*passed)(const char *fmt, ...))
{
	struct ptdump_root roots[PTRS_PER_PGD];
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions = ptdump_regions(regions);
	unsigned long pages;

	pages = ptdump_wx_from(roots, live_roots(roots), table_va, regions, nregions,
			       found ? wx_report : NULL, (void *)found);
	if (pages && found)
		found("Checked W+X mappings: FAILED, %lu W+X pages found\n", pages);
	else if (!pages && passed)
		passed("Checked W+X mappings: passed, no W+X pages found.\n");
	return pages;
}

unsigned long ptdump_check_wx(int (*out)(const char *fmt, ...))
{
	return check_wx(out, out);
}

void debug_checkwx(void)
{
	/* As Linux: a clean result at info, each W+X mapping and a failure as warnings. */
	check_wx(printk_warn, printk_info);
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

/*
 * ptdump --json: {"regions": [{"name", "start", "ranges": [{"start", "end",
 * "level", "size", "rw", "x", "user", "shared", "type"}]}]}, every region
 * listed, empty ones too.
 */
struct json_ctx {
	struct json_writer w;
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	unsigned int next_region;	/* the first region not opened yet */
};

static void json_regions_upto(struct json_ctx *j, unsigned int region)
{
	for (; j->next_region <= region && j->next_region < j->nregions; j->next_region++) {
		if (j->next_region) {
			json_array_close(&j->w);	/* the previous region's ranges */
			json_object_close(&j->w);
		}
		json_object_open(&j->w, NULL);
		json_string(&j->w, "name", j->regions[j->next_region].name);
		json_uint(&j->w, "start", j->regions[j->next_region].start);
		json_array_open(&j->w, "ranges");
	}
}

static void json_range(const struct ptdump_range *r, void *ctx)
{
	struct json_ctx *j = ctx;

	json_regions_upto(j, r->region);
	json_object_open(&j->w, NULL);
	json_uint(&j->w, "start", r->start);
	json_uint(&j->w, "end", r->end);
	json_string(&j->w, "level", level_name(r->level));
	json_uint(&j->w, "size", r->end - r->start);
	json_bool(&j->w, "rw", !(r->attrs & PTE_RDONLY));
	json_bool(&j->w, "x", ptdump_is_exec(r->attrs));
	json_bool(&j->w, "user", r->attrs & PTE_USER);
	json_bool(&j->w, "shared", (r->attrs & PTE_SH_MASK) == PTE_SHARED);
	json_string(&j->w, "type",
		    ptdump_mem_type((unsigned int)((r->attrs & PTE_ATTRINDX_MASK) >> 2)));
	json_object_close(&j->w);
}

static int ptdump_json(void)
{
	static struct json_ctx j;	/* the shell runs one command at a time */

	j.nregions = ptdump_regions(j.regions);
	j.next_region = 0;
	json_console_list(&j.w, "regions");
	ptdump_walk_ranges(json_range, &j);
	json_regions_upto(&j, j.nregions - 1);
	if (j.nregions) {
		json_array_close(&j.w);
		json_object_close(&j.w);
	}
	return json_list_finish(&j.w);
}

static int cmd_ptdump(int argc, char **argv)
{
	struct print_ctx p = { 0 };
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json)
		return ptdump_json() != 0;
	p.nregions = ptdump_regions(p.regions);
	ptdump_walk_ranges(print_range, &p);
	print_headers_upto(&p, p.nregions - 1);
	return 0;
}
SHELL_COMMAND("ptdump", "[--json]", "the live kernel page tables, as Linux's kernel_page_tables",
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
