/* SPDX-License-Identifier: MIT */
/*
 * `pa2page PA`: a physical address's page frame, zone and struct page,
 * and every live kernel mapping of it (the direct map for lowmem, a
 * pkmap or kmap_local slot for highmem, vmalloc, the fixmap...), found
 * by walking the page tables backwards.
 *
 * Out of scope: user mappings (no user address spaces yet).
 */
#include <asm/ptdump.h>
#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/mm.h>
#include <meridian/shell.h>

struct rmap_ctx {
	phys_addr_t pa;
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	unsigned int found;
};

static const char *region_name(const struct rmap_ctx *c, vaddr_t va)
{
	unsigned int i = 0;

	while (i + 1 < c->nregions && va >= c->regions[i + 1].start)
		i++;
	return c->regions[i].name;
}

/* Which kmap slot va is, for the two highmem windows; the direct map needs none. */
static void print_slot(vaddr_t va)
{
	if (va >= PKMAP_BASE && va < PKMAP_END)
		console_printf(" (pkmap slot %lu)\n", (unsigned long)((va - PKMAP_BASE) >> PAGE_SHIFT));
	else if (va - KMAP_LOCAL_VA0 < KMAP_LOCAL_SPAN)
		console_printf(" (kmap_local: cpu %lu, level %lu)\n",
			       (unsigned long)((va - KMAP_LOCAL_VA0) / (2 * PAGE_SIZE) % NR_CPUS),
			       (unsigned long)((va - KMAP_LOCAL_VA0) / KMAP_LOCAL_STRIDE));
	else if (va >= PAGE_OFFSET && va < mem_layout.high_memory)
		console_printf(" (direct map)\n");
	else
		console_printf("\n");
}

static void rmap_leaf(const struct ptdump_leaf *leaf, void *ctx)
{
	struct rmap_ctx *c = ctx;
	u64 size = ptdump_level_size(leaf->level);
	phys_addr_t base = desc_phys(leaf->desc, leaf->level);
	pteval_t attrs = leaf->desc & PTDUMP_ATTR_MASK;
	vaddr_t va;

	if (c->pa < base || c->pa - base >= size)
		return;
	va = leaf->va + (vaddr_t)(c->pa - base);
	if (!c->found++)
		console_printf("mappings:\n");
	console_printf("  0x%08lx  %s %s %s  %s, %s", (unsigned long)va,
		       leaf->level == 3 ? "4K page " : leaf->level == 2 ? "2M block" : "1G block",
		       attrs & PTE_RDONLY ? "ro" : "RW", ptdump_is_exec(attrs) ? "x " : "NX",
		       ptdump_mem_type((unsigned int)((attrs & PTE_ATTRINDX_MASK) >> 2)),
		       region_name(c, va));
	print_slot(va);
}

/* What the flags say about the page (only block heads' structs are kept up to date). */
static const char *page_state(const struct page *page)
{
	if (page->flags & PG_reserved)
		return "reserved (kernel image, mem_map, tables or a hole)";
	if (page->flags & PG_buddy)
		return "free: head of a buddy block of order 'private'";
	if (page->flags & PG_pcp)
		return "free: in the order-0 cache";
	if (page->flags & PG_slab)
		return "allocated: a slab page";
	if (page->flags & PG_head)
		return "allocated: head of a block of order 'private'";
	return "no state: a tail page of a block (tail structs are not kept up to date)";
}

static void print_flags(u32 flags)
{
	static const char *const names[] = { "reserved", "buddy", "head", "slab", "pcp",
					     "poisoned" };
	const char *sep = "";

	console_printf("flags: 0x%08lx(", (unsigned long)flags);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (flags & (1u << i)) {
			console_printf("%s%s", sep, names[i]);
			sep = "|";
		}
	}
	console_printf(")\n");
}

static void print_page(unsigned long pfn)
{
	const struct page *page = pfn_to_page(pfn);
	enum zone_type zt = page_zonenum(page);

	console_printf("page:0x%08lx pfn:0x%lx zone:%s (%s)\n", (unsigned long)(vaddr_t)page, pfn,
		       zones[zt].name, zt == ZONE_HIGHMEM ? "highmem: mapped only on demand"
							  : "lowmem: always in the direct map");
	print_flags(page->flags);
	console_printf("private: 0x%lx lru: next 0x%08lx prev 0x%08lx\n", (unsigned long)page->private,
		       (unsigned long)(vaddr_t)page->lru.next, (unsigned long)(vaddr_t)page->lru.prev);
	console_printf("state: %s\n", page_state(page));
}

static int cmd_pa2page(int argc, char **argv)
{
	struct rmap_ctx c = { 0 };
	unsigned long long pa;
	unsigned long pfn;

	if (argc != 2 || parse_uint(argv[1], PHYS_MASK, &pa) < 0) {
		console_printf("usage: pa2page PA (a physical address, below 2^40)\n");
		return 1;
	}
	pfn = (unsigned long)(pa >> PAGE_SHIFT);
	console_printf("pa2page 0x%010llx:\n", pa);
	if (pfn_valid(pfn))
		print_page(pfn);
	else
		console_printf("no struct page: pfn 0x%lx is not RAM\n", pfn);
	c.pa = pa;
	c.nregions = ptdump_regions(c.regions);
	ptdump_walk_leaves(rmap_leaf, &c);
	if (!c.found)
		console_printf("mappings: none in the kernel tables\n");
	return !pfn_valid(pfn);
}
SHELL_COMMAND("pa2page", "PA", "zone, struct page and kernel mappings of a physical address",
	      cmd_pa2page);
