/* SPDX-License-Identifier: MIT */
/*
 * Boot-time memory setup: RAM from the DT into memblock, mem= and
 * vmalloc=, the lowmem limit (Linux's rule), the direct map, mem_map,
 * the zones and the hand-over to the buddy allocator; the layout report
 * (boot log and the `layout` command).
 *
 * Out of scope: memory hotplug, NUMA, and honouring /reserved-memory
 * no-map in the direct map (such regions are reserved, but stay mapped).
 */

#include <asm/mmu.h>
#include <meridian/driver.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/layout.h>
#include <meridian/memblock.h>
#include <meridian/mm.h>
#include <meridian/params.h>
#include <meridian/shell.h>

#define MAX_MEM_BANKS 16
#define MAX_RESERVED 32

static u64 mem_limit;				/* mem=, 0 = none */
static u64 vmalloc_request = VMALLOC_DEFAULT_SIZE;	/* vmalloc= */
unsigned long mem_map_bytes;

static int setup_mem(const char *val, void *ctx)
{
	u64 size;

	(void)ctx;
	if (!val || parse_size(val, &size) < 0 || size == 0) {
		pr_warn("mem=%s: not a valid size, ignored\n", val ? val : "");
		return 0;
	}
	mem_limit = size;
	return 0;
}
early_param("mem", setup_mem);

static int setup_vmalloc(const char *val, void *ctx)
{
	u64 size;

	(void)ctx;
	if (!val || parse_size(val, &size) < 0) {
		pr_warn("vmalloc=%s: not a valid size, using the default %luMiB\n", val ? val : "",
			VMALLOC_DEFAULT_SIZE >> 20);
		return 0;
	}
	vmalloc_request = size;
	return 0;
}
early_param("vmalloc", setup_vmalloc);

/* /memory banks into memblock: zero-sized and overlapping banks get a message. */
static void __init memblock_add_dt_banks(const struct fdt *fdt)
{
	struct fdt_region banks[MAX_MEM_BANKS];
	int n = fdt_memory_banks(fdt, banks, MAX_MEM_BANKS);

	if (n < 0)
		panic("/memory: unreadable (error %d)", n);
	if (n > MAX_MEM_BANKS) {
		pr_warn("/memory: %d banks, only the first %d are used\n", n, MAX_MEM_BANKS);
		n = MAX_MEM_BANKS;
	}
	for (int i = 0; i < n; i++) {
		phys_addr_t base = banks[i].base, size = banks[i].size;

		if (size == 0) {
			pr_warn("/memory: bank %d at 0x%llx has size 0, ignored\n", i,
				(unsigned long long)base);
			continue;
		}
		if (memblock_is_memory(base) || memblock_is_memory(base + size - 1))
			pr_warn("/memory: bank %d [0x%llx-0x%llx] overlaps another bank, merged\n", i,
				(unsigned long long)base, (unsigned long long)(base + size - 1));
		if (memblock_add(base, size) < 0)
			pr_warn("/memory: bank %d [0x%llx+0x%llx] is not usable, ignored\n", i,
				(unsigned long long)base, (unsigned long long)size);
	}
	if (memblock_phys_mem_size() == 0)
		panic("/memory: the device tree describes no RAM (no available node with "
		      "device_type = \"memory\" and a non-empty reg)");
}

/* RAM the direct map cannot reach (below PHYS_OFFSET), and mem=. */
static void __init memblock_trim(void)
{
	phys_addr_t total = memblock_phys_mem_size();

	if (memblock_start_of_DRAM() < PHYS_OFFSET) {
		pr_warn("Ignoring RAM below PHYS_OFFSET 0x%llx\n", (unsigned long long)PHYS_OFFSET);
		memblock_remove(0, PHYS_OFFSET);
	}
	if (!memblock_is_memory(PHYS_OFFSET))
		panic("/memory: no RAM at PHYS_OFFSET 0x%llx, where the kernel was loaded",
		      (unsigned long long)PHYS_OFFSET);
	if (!mem_limit)
		return;
	if (mem_limit > total) {
		pr_warn("mem=%lluM is larger than the %lluM of RAM, ignored\n",
			(unsigned long long)(mem_limit >> 20), (unsigned long long)(total >> 20));
		return;
	}
	if (mem_limit < LOWMEM_MIN_SIZE) {
		pr_warn("mem=%lluK is below the %luM minimum, using %luM\n",
			(unsigned long long)(mem_limit >> 10), LOWMEM_MIN_SIZE >> 20,
			LOWMEM_MIN_SIZE >> 20);
		mem_limit = LOWMEM_MIN_SIZE;
	}
	memblock_enforce_memory_limit(mem_limit & ~(u64)(PAGE_SIZE - 1));
}

static void __init reserve_or_warn(const char *what, phys_addr_t base, phys_addr_t size)
{
	if (size && memblock_reserve(base, size) < 0)
		pr_warn("memblock: cannot reserve %s [0x%llx+0x%llx]\n", what,
			(unsigned long long)base, (unsigned long long)size);
}

/* The image (with its boot tables), the DTB, the initrd and the DT's reservations. */
static void __init reserve_boot_regions(const struct fdt *fdt, phys_addr_t dtb_phys)
{
	struct fdt_chosen chosen;
	struct fdt_region r;
	const char *name;
	bool no_map;
	int iter = 0, err;

	reserve_or_warn("kernel", PHYS_OFFSET, __pa_symbol(_end) - PHYS_OFFSET);
	reserve_or_warn("DTB", dtb_phys, fdt->totalsize);
	if (fdt_read_chosen(fdt, &chosen) == 0 && chosen.has_initrd)
		reserve_or_warn("initrd", chosen.initrd_start, chosen.initrd_end - chosen.initrd_start);
	for (int i = 0; i < fdt_rsv_count(fdt) && fdt_rsv_get(fdt, i, &r) == 0; i++)
		reserve_or_warn("/memreserve/", r.base, r.size);
	while ((err = fdt_next_reserved(fdt, &iter, &r, &name, &no_map)) != -ENOENT) {
		if (err < 0) {
			pr_warn("/reserved-memory/%s: bad reg (error %d), ignored\n", name ? name : "?",
				err);
			continue;
		}
		pr_info("Reserved memory: %s [0x%llx-0x%llx]%s\n", name, (unsigned long long)r.base,
			(unsigned long long)(r.base + r.size - 1), no_map ? " no-map" : "");
		reserve_or_warn(name, r.base, r.size);
	}
}

/*
 * Linux's adjust_lowmem_bounds: lowmem ends at the end of the last RAM
 * region that starts below the vmalloc limit, capped at that limit.
 */
static phys_addr_t __init lowmem_candidate_end(u32 vmalloc_size)
{
	phys_addr_t vmalloc_limit =
		(phys_addr_t)(VMALLOC_END - vmalloc_size - VMALLOC_OFFSET - PAGE_OFFSET) + PHYS_OFFSET;
	phys_addr_t end = PHYS_OFFSET;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		if (r->base < vmalloc_limit)
			end = r->base + r->size;
	}
	if (end < PHYS_OFFSET + LOWMEM_MIN_SIZE || !memblock_is_memory(PHYS_OFFSET))
		panic("no RAM holds the kernel at 0x%08llx (or less than %luMiB of it)",
		      (unsigned long long)PHYS_OFFSET, LOWMEM_MIN_SIZE >> 20);
	return end;
}

static u32 __init vmalloc_size_from_args(void)
{
	enum vmalloc_clamp why;
	u32 size = vmalloc_size_clamp(vmalloc_request, &why);

	if (why == VMALLOC_SIZE_TOO_SMALL)
		pr_warn("vmalloc area is too small, limiting to %luMiB\n", (unsigned long)(size >> 20));
	else if (why == VMALLOC_SIZE_TOO_BIG)
		pr_warn("vmalloc area is too big, limiting to %luMiB\n", (unsigned long)(size >> 20));
	return size;
}

static void layout_sections_get(struct layout_sections *s)
{
	s->text = (vaddr_t)_text;
	s->etext = (vaddr_t)_etext;
	s->init = (vaddr_t)__init_begin;
	s->einit = (vaddr_t)__init_end;
	s->data = (vaddr_t)_sdata;
	s->edata = (vaddr_t)_edata;
	s->bss = (vaddr_t)__bss_start;
	s->ebss = (vaddr_t)__bss_stop;
}

/* One struct page per pfn from the start of RAM to its end, in lowmem, not zeroed. */
static void __init alloc_mem_map(unsigned long start_pfn, unsigned long end_pfn)
{
	phys_addr_t bytes = (phys_addr_t)(end_pfn - start_pfn) * sizeof(struct page);
	phys_addr_t pa = memblock_phys_alloc(ALIGN_UP(bytes, (phys_addr_t)PAGE_SIZE), PAGE_SIZE);

	if (!pa)
		panic("cannot allocate mem_map: %llu KiB for %lu pages",
		      (unsigned long long)(bytes >> 10), end_pfn - start_pfn);
	mem_map = __va(pa);
	mem_map_pfn_base = start_pfn;
	mem_map_pfn_end = end_pfn;
	mem_map_bytes = (unsigned long)bytes;
	pr_info("mem_map: %lu KiB for %lu pages, %u bytes each, at 0x%08llx\n",
		mem_map_bytes >> 10, end_pfn - start_pfn, (unsigned int)sizeof(struct page),
		(unsigned long long)pa);
}

static unsigned long __init present_pages_in(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		unsigned long s = MAX((unsigned long)(r->base >> PAGE_SHIFT), start_pfn);
		unsigned long e = MIN((unsigned long)((r->base + r->size) >> PAGE_SHIFT), end_pfn);

		if (s < e)
			n += e - s;
	}
	return n;
}

/* Hand [start, end) pfns to the right zones, split at the highmem boundary. */
static void __init free_pfn_range(unsigned long start, unsigned long end)
{
	unsigned long high = zones[ZONE_HIGHMEM].zone_start_pfn;

	if (start < high && zones[ZONE_NORMAL].spanned_pages)
		zone_add_free_range(&zones[ZONE_NORMAL], start, MIN(end, high) - start);
	if (end > high && zones[ZONE_HIGHMEM].spanned_pages)
		zone_add_free_range(&zones[ZONE_HIGHMEM], MAX(start, high), end - MAX(start, high));
}

/*
 * The hand-over from memblock to the buddy allocator: free ranges go to
 * the zones, everything else in the span (reservations, what memblock
 * handed out, holes) is marked reserved.  memblock allocates no more.
 */
static void __init memblock_free_all(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long next = start_pfn;
	phys_addr_t fs, fe;
	u64 idx = 0;

	while (memblock_next_free_range(&idx, &fs, &fe)) {
		unsigned long s = (unsigned long)(ALIGN_UP(fs, (phys_addr_t)PAGE_SIZE) >> PAGE_SHIFT);
		unsigned long e = (unsigned long)(fe >> PAGE_SHIFT);

		if (s >= e)
			continue;
		if (s > next)
			reserve_page_range(next, s - next);
		free_pfn_range(s, e);
		next = e;
	}
	if (end_pfn > next)
		reserve_page_range(next, end_pfn - next);
	memblock.retired = true;
}

static void __init zones_init(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long low_end = (unsigned long)(mem_layout.lowmem_limit >> PAGE_SHIFT);

	zone_init(&zones[ZONE_NORMAL], "Normal", start_pfn, low_end - start_pfn,
		  present_pages_in(start_pfn, low_end));
	zone_init(&zones[ZONE_HIGHMEM], "HighMem", low_end, end_pfn > low_end ? end_pfn - low_end : 0,
		  present_pages_in(low_end, end_pfn));
	pr_info("Zone ranges:\n");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (!z->spanned_pages) {
			pr_info("  %-8s empty\n", z->name);
			continue;
		}
		pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", z->name,
			(unsigned long long)z->zone_start_pfn << PAGE_SHIFT,
			((unsigned long long)(z->zone_start_pfn + z->spanned_pages) << PAGE_SHIFT) - 1);
	}
	pr_info("Early memory node ranges\n");
	for (unsigned int i = 0; i < memblock.memory.cnt; i++)
		pr_info("  node   0: [mem 0x%016llx-0x%016llx]\n",
			(unsigned long long)memblock.memory.regions[i].base,
			(unsigned long long)(memblock.memory.regions[i].base +
					     memblock.memory.regions[i].size - 1));
}

#define K(pages) ((unsigned long)((pages) << (PAGE_SHIFT - 10)))

/* Linux's mem_init_print_info() line. */
static void __init mem_print_info(unsigned long physpages)
{
	unsigned long code = (unsigned long)(_etext - _stext), ro = (unsigned long)(__end_rodata - __start_rodata);
	unsigned long data = (unsigned long)(_edata - _sdata), init = (unsigned long)(__init_end - __init_begin);
	unsigned long bss = (unsigned long)(__bss_stop - __bss_start);

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, "
		"%luK bss, %luK reserved, %luK cma-reserved, %luK highmem)\n",
		K(nr_free_pages()), K(physpages), code >> 10, data >> 10, ro >> 10, init >> 10,
		bss >> 10, K(physpages - totalram_pages()), 0UL, K(totalhigh_pages()));
}

/*
 * mem_init - from the DT's RAM to working zones: memblock, mem= and
 * vmalloc=, the lowmem limit, the direct map, mem_map, the buddy
 * allocator.  Prints Linux's zone ranges, Memory: line and layout block.
 */
void __init mem_init(const struct fdt *fdt, phys_addr_t dtb_phys)
{
	struct layout_sections s;
	u32 vmalloc_size;
	unsigned long start_pfn, end_pfn;

	memblock_add_dt_banks(fdt);
	memblock_trim();
	reserve_boot_regions(fdt, dtb_phys);
	vmalloc_size = vmalloc_size_from_args();
	layout_compute(&mem_layout, PHYS_OFFSET, lowmem_candidate_end(vmalloc_size), vmalloc_size);
	mem_layout.ram_end = memblock_end_of_DRAM();
	memblock.current_limit = mem_layout.lowmem_limit;
	paging_init();

	start_pfn = (unsigned long)(memblock_start_of_DRAM() >> PAGE_SHIFT);
	end_pfn = (unsigned long)(memblock_end_of_DRAM() >> PAGE_SHIFT);
	alloc_mem_map(start_pfn, end_pfn);
	zones_init(start_pfn, end_pfn);
	memblock_free_all(start_pfn, end_pfn);
	mem_print_info(present_pages_in(start_pfn, end_pfn));
	layout_sections_get(&s);
	layout_print(&mem_layout, &s, printk_notice);
}

unsigned long totalram_pages(void)
{
	return zones[ZONE_NORMAL].managed_pages + zones[ZONE_HIGHMEM].managed_pages;
}

unsigned long totalhigh_pages(void)
{
	return zones[ZONE_HIGHMEM].managed_pages;
}

unsigned long nr_free_highpages(void)
{
	return zones[ZONE_HIGHMEM].free_pages;
}

static void layout_json_sections(struct json_writer *w, const struct layout_sections *s)
{
	const struct { const char *name; vaddr_t start, end; } sec[] = {
		{ ".text", s->text, s->etext }, { ".init", s->init, s->einit },
		{ ".data", s->data, s->edata }, { ".bss", s->bss, s->ebss },
	};

	json_array_open(w, "sections");
	for (size_t i = 0; i < ARRAY_SIZE(sec); i++) {
		json_object_open(w, NULL);
		json_string(w, "name", sec[i].name);
		json_uint(w, "start", sec[i].start);
		json_uint(w, "end", sec[i].end);
		json_object_close(w);
	}
	json_array_close(w);
}

/* The RAM banks (after mem=): the physical side of the picture. */
static void layout_json_memory(struct json_writer *w)
{
	json_array_open(w, "memory");
	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		json_object_open(w, NULL);
		json_uint(w, "base", memblock.memory.regions[i].base);
		json_uint(w, "size", memblock.memory.regions[i].size);
		json_object_close(w);
	}
	json_array_close(w);
}

/* layout --json: the numbers behind the layout block, with every region named. */
static int layout_json(const struct mem_layout *l, const struct layout_sections *s)
{
	struct layout_region r[LAYOUT_NR_REGIONS];
	struct json_writer w;

	layout_regions(l, r);
	json_console(&w);
	json_object_open(&w, NULL);
	json_uint(&w, "page_offset", PAGE_OFFSET);
	json_uint(&w, "phys_offset", l->phys_offset);
	json_uint(&w, "ram_end", l->ram_end);
	json_uint(&w, "lowmem_limit", l->lowmem_limit);
	json_uint(&w, "high_memory", l->high_memory);
	json_uint(&w, "vmalloc_size", l->vmalloc_size);
	json_array_open(&w, "regions");
	for (int i = 0; i < LAYOUT_NR_REGIONS; i++) {
		json_object_open(&w, NULL);
		json_string(&w, "name", r[i].name);
		json_uint(&w, "start", r[i].start);
		json_uint(&w, "end", r[i].end);
		json_string(&w, "use", r[i].use);
		json_object_close(&w);
	}
	json_array_close(&w);
	layout_json_sections(&w, s);
	layout_json_memory(&w);
	json_object_close(&w);
	return json_finish(&w);
}

static int cmd_layout(int argc, char **argv)
{
	struct layout_sections s;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	layout_sections_get(&s);
	if (json)
		return layout_json(&mem_layout, &s) != 0;
	layout_print(&mem_layout, &s, console_printf);
	return 0;
}
SHELL_COMMAND("layout", "[--json]", "print the virtual kernel memory layout", cmd_layout);
