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
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/mm.h>
#include <meridian/shell.h>

struct rmap_ctx {
	phys_addr_t pa;
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	unsigned int found;
	struct json_writer *w;	/* --json: mappings go here, not to the console */
};

static const char *region_name(const struct rmap_ctx *c, vaddr_t va)
{
	unsigned int i = 0;

	while (i + 1 < c->nregions && va >= c->regions[i + 1].start)
		i++;
	return c->regions[i].name;
}

/* Which window of the kernel's a mapping is in, and its slot for the two highmem ones. */
enum kmap_window { WINDOW_OTHER, WINDOW_DIRECT, WINDOW_PKMAP, WINDOW_KMAP_LOCAL };

struct window {
	enum kmap_window kind;
	unsigned long slot;	/* pkmap: the slot; kmap_local: the nesting level */
	unsigned long cpu;	/* kmap_local */
};

static struct window window_of(vaddr_t va)
{
	struct window win = { WINDOW_OTHER, 0, 0 };

	if (va >= PKMAP_BASE && va < PKMAP_END) {
		win.kind = WINDOW_PKMAP;
		win.slot = (va - PKMAP_BASE) >> PAGE_SHIFT;
	} else if (va - KMAP_LOCAL_VA0 < KMAP_LOCAL_SPAN) {
		win.kind = WINDOW_KMAP_LOCAL;
		win.cpu = (va - KMAP_LOCAL_VA0) / (2 * PAGE_SIZE) % NR_CPUS;
		win.slot = (va - KMAP_LOCAL_VA0) / KMAP_LOCAL_STRIDE;
	} else if (va >= PAGE_OFFSET && va < mem_layout.high_memory) {
		win.kind = WINDOW_DIRECT;
	}
	return win;
}

static void print_window(vaddr_t va)
{
	struct window win = window_of(va);

	if (win.kind == WINDOW_PKMAP)
		console_printf(" (pkmap slot %lu)\n", win.slot);
	else if (win.kind == WINDOW_KMAP_LOCAL)
		console_printf(" (kmap_local: cpu %lu, level %lu)\n", win.cpu, win.slot);
	else if (win.kind == WINDOW_DIRECT)
		console_printf(" (direct map)\n");
	else
		console_printf("\n");
}

static void json_window(struct json_writer *w, vaddr_t va)
{
	static const char *const names[] = { NULL, "direct", "pkmap", "kmap_local" };
	struct window win = window_of(va);

	if (win.kind == WINDOW_OTHER) {
		json_null(w, "window");
		return;
	}
	json_string(w, "window", names[win.kind]);
	if (win.kind == WINDOW_KMAP_LOCAL)
		json_uint(w, "cpu", win.cpu);
	if (win.kind != WINDOW_DIRECT)
		json_uint(w, "slot", win.slot);
}

/* One mapping of --json: {"va", "size", "rw", "x", "type", "region", "window"...}. */
static void json_mapping(struct json_writer *w, const struct ptdump_leaf *leaf, vaddr_t va,
			 const char *region)
{
	pteval_t attrs = leaf->desc & PTDUMP_ATTR_MASK;

	json_object_open(w, NULL);
	json_uint(w, "va", va);
	json_uint(w, "size", ptdump_level_size(leaf->level));
	json_bool(w, "rw", !(attrs & PTE_RDONLY));
	json_bool(w, "x", ptdump_is_exec(attrs));
	json_string(w, "type", ptdump_mem_type((unsigned int)((attrs & PTE_ATTRINDX_MASK) >> 2)));
	json_string(w, "region", region);
	json_window(w, va);
	json_object_close(w);
}

static void print_mapping(const struct ptdump_leaf *leaf, vaddr_t va, const char *region)
{
	pteval_t attrs = leaf->desc & PTDUMP_ATTR_MASK;

	console_printf("  0x%08lx  %s %s %s  %s, %s", (unsigned long)va,
		       leaf->level == 3 ? "4K page " : leaf->level == 2 ? "2M block" : "1G block",
		       attrs & PTE_RDONLY ? "ro" : "RW", ptdump_is_exec(attrs) ? "x " : "NX",
		       ptdump_mem_type((unsigned int)((attrs & PTE_ATTRINDX_MASK) >> 2)), region);
	print_window(va);
}

static void rmap_leaf(const struct ptdump_leaf *leaf, void *ctx)
{
	struct rmap_ctx *c = ctx;
	u64 size = ptdump_level_size(leaf->level);
	phys_addr_t base = desc_phys(leaf->desc, leaf->level);
	vaddr_t va;

	if (c->pa < base || c->pa - base >= size)
		return;
	va = leaf->va + (vaddr_t)(c->pa - base);
	if (c->w) {
		json_mapping(c->w, leaf, va, region_name(c, va));
	} else {
		if (!c->found)
			console_printf("mappings:\n");
		print_mapping(leaf, va, region_name(c, va));
	}
	c->found++;
}

/*
 * What the flags say about the page (only block heads' structs are kept
 * up to date): a short name for --json and a sentence for the console.
 */
struct page_state {
	u32 flag;		/* 0: matches any page */
	const char *name;
	const char *text;
};

static const struct page_state page_states[] = {
	{ PG_reserved, "reserved", "reserved (kernel image, mem_map, tables or a hole)" },
	{ PG_buddy, "buddy", "free: head of a buddy block of order 'private'" },
	{ PG_pcp, "pcp", "free: in the order-0 cache" },
	{ PG_slab, "slab", "allocated: a slab page" },
	{ PG_head, "head", "allocated: head of a block of order 'private'" },
	{ 0, "tail", "no state: a tail page of a block (tail structs are not kept up to date)" },
};

static const struct page_state *page_state(const struct page *page)
{
	const struct page_state *st = page_states;

	while (st->flag && !(page->flags & st->flag))
		st++;
	return st;
}

static const char *const page_flag_names[] = { "reserved", "buddy", "head", "slab", "pcp",
					       "poisoned" };

static void print_flags(u32 flags)
{
	const char *sep = "";

	console_printf("flags: 0x%08lx(", (unsigned long)flags);
	for (unsigned int i = 0; i < ARRAY_SIZE(page_flag_names); i++) {
		if (flags & (1u << i)) {
			console_printf("%s%s", sep, page_flag_names[i]);
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
	console_printf("state: %s\n", page_state(page)->text);
}

/* The struct page part of --json; nulls when pfn has none (not RAM). */
static void json_page(struct json_writer *w, unsigned long pfn)
{
	const struct page *page;

	if (!pfn_valid(pfn)) {
		json_null(w, "page");
		json_null(w, "zone");
		json_null(w, "flags");
		json_null(w, "state");
		return;
	}
	page = pfn_to_page(pfn);
	json_uint(w, "page", (vaddr_t)page);
	json_string(w, "zone", zones[page_zonenum(page)].name);
	json_uint(w, "flags", page->flags);
	json_array_open(w, "flag_names");
	for (unsigned int i = 0; i < ARRAY_SIZE(page_flag_names); i++)
		if (page->flags & (1u << i))
			json_string(w, NULL, page_flag_names[i]);
	json_array_close(w);
	json_uint(w, "private", page->private);
	json_string(w, "state", page_state(page)->name);
}

/*
 * pa2page --json: {"pa", "pfn", "page", "zone", "flags", "flag_names",
 * "private", "state", "mappings": [...]}.
 */
static int pa2page_json(struct rmap_ctx *c, unsigned long pfn)
{
	struct json_writer w;

	json_console(&w);
	json_object_open(&w, NULL);
	json_uint(&w, "pa", c->pa);
	json_uint(&w, "pfn", pfn);
	json_page(&w, pfn);
	json_array_open(&w, "mappings");
	c->w = &w;
	ptdump_walk_leaves(rmap_leaf, c);
	json_array_close(&w);
	json_object_close(&w);
	return json_finish(&w);
}

/* pa2page PA [--json]: fails when PA is not RAM (it may still be mapped: MMIO). */
static int cmd_pa2page(int argc, char **argv)
{
	struct rmap_ctx c = { 0 };
	unsigned long long pa;
	unsigned long pfn;
	bool json;

	if (shell_take_json(&argc, argv, &json) < 0)
		return 1;
	if (argc != 2 || parse_uint(argv[1], PHYS_MASK, &pa) < 0) {
		console_printf("usage: pa2page PA [--json] (PA: a physical address, below 2^40)\n");
		return 1;
	}
	pfn = (unsigned long)(pa >> PAGE_SHIFT);
	c.pa = pa;
	c.nregions = ptdump_regions(c.regions);
	if (json)
		return pa2page_json(&c, pfn) != 0 || !pfn_valid(pfn);
	console_printf("pa2page 0x%010llx:\n", pa);
	if (pfn_valid(pfn))
		print_page(pfn);
	else
		console_printf("no struct page: pfn 0x%lx is not RAM\n", pfn);
	ptdump_walk_leaves(rmap_leaf, &c);
	if (!c.found)
		console_printf("mappings: none in the kernel tables\n");
	return !pfn_valid(pfn);
}
SHELL_COMMAND("pa2page", "PA [--json]", "zone, struct page and kernel mappings of a physical address",
	      cmd_pa2page);
