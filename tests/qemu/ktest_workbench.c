/* SPDX-License-Identifier: MIT */
/*
 * The workbench's inspection and experiment commands under QEMU: ptdump
 * sees the image's permissions and a vmalloc area come and go; checkwx
 * finds no W+X page but does find one made on purpose; the software walk
 * and the MMU (ATS1CPR) agree across the whole address space and on
 * highmem pages above 4 GiB mapped through kmap; peek survives a bad
 * address; the shell's alloc/free/vmalloc/kmap/pressure give every page
 * back and refuse what they did not take.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <asm/mmu.h>
#include <asm/ptdump.h>
#include <meridian/highmem.h>
#include <meridian/ktest.h>
#include <meridian/memcmds.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>

#define VA2PA_SAMPLES 4096	/* one address in every MiB of the 4 GiB */
#define HIGH_PAGES 64

/* --- ptdump --- */

struct span_check {
	u64 start, end;		/* the span to look at */
	u64 covered;		/* bytes of it inside some range */
	unsigned int ranges;	/* ranges overlapping it */
	unsigned int ro, rw, exec, nx, lowmem;	/* ranges of each kind */
};

static void span_range(const struct ptdump_range *r, void *ctx)
{
	struct span_check *c = ctx;
	u64 lo = MAX(r->start, c->start), hi = MIN(r->end, c->end);

	if (lo >= hi)
		return;
	c->covered += hi - lo;
	c->ranges++;
	c->ro += !!(r->attrs & PTE_RDONLY);
	c->rw += !(r->attrs & PTE_RDONLY);
	c->exec += ptdump_is_exec(r->attrs);
	c->nx += !ptdump_is_exec(r->attrs);
	c->lowmem += r->start >= PAGE_OFFSET && r->end <= mem_layout.high_memory;
}

static void span_scan(struct span_check *c, vaddr_t start, vaddr_t end)
{
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->end = end;
	ptdump_walk_ranges(span_range, c);
}

static void ptdump_text_is_ro_x(struct ktest *t)
{
	struct span_check c;

	span_scan(&c, (vaddr_t)_stext, ALIGN_UP((vaddr_t)_etext, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, c.covered, c.end - c.start);
	KTEST_EXPECT(t, c.ranges > 0);
	KTEST_EXPECT_EQ(t, c.ro, c.ranges);
	KTEST_EXPECT_EQ(t, c.exec, c.ranges);
	KTEST_EXPECT_EQ(t, c.lowmem, c.ranges);
	ktest_log(t, ".text 0x%08lx-0x%08lx: %u range(s), all ro x", (unsigned long)c.start,
		  (unsigned long)c.end, c.ranges);
}

static void ptdump_data_is_nx(struct ktest *t)
{
	struct span_check c;

	span_scan(&c, (vaddr_t)_sdata, ALIGN_UP((vaddr_t)_edata, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, c.covered, c.end - c.start);
	KTEST_EXPECT_EQ(t, c.nx, c.ranges);
	KTEST_EXPECT_EQ(t, c.rw, c.ranges);

	span_scan(&c, (vaddr_t)__bss_start, ALIGN_UP((vaddr_t)__bss_stop, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, c.covered, c.end - c.start);
	KTEST_EXPECT_EQ(t, c.nx, c.ranges);
	KTEST_EXPECT_EQ(t, c.rw, c.ranges);

	span_scan(&c, (vaddr_t)__start_rodata, ALIGN_UP((vaddr_t)__end_rodata, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, c.covered, c.end - c.start);
	KTEST_EXPECT_EQ(t, c.nx, c.ranges);
	KTEST_EXPECT_EQ(t, c.ro, c.ranges);
}

/* Ranges come in address order, never overlap, and stay inside their region. */
struct order_check {
	struct ptdump_region regions[PTDUMP_MAX_REGIONS];
	unsigned int nregions;
	u64 last_end;
	unsigned int bad, n;
};

static void order_range(const struct ptdump_range *r, void *ctx)
{
	struct order_check *c = ctx;
	u64 region_end = r->region + 1 < c->nregions ? c->regions[r->region + 1].start : 1ULL << 32;

	c->bad += r->start < c->last_end || r->end <= r->start ||
		  r->start < c->regions[r->region].start || r->end > region_end;
	c->last_end = r->end;
	c->n++;
}

static void ptdump_ranges_ordered(struct ktest *t)
{
	struct order_check c = { 0 };

	c.nregions = ptdump_regions(c.regions);
	ptdump_walk_ranges(order_range, &c);
	KTEST_EXPECT(t, c.n > 0);
	KTEST_EXPECT_EQ(t, c.bad, 0);
}

struct vm_baseline {
	unsigned long pages, space;
};

static void baseline(struct vm_baseline *b)
{
	vmalloc_purge();
	kmem_cache_shrink_all();
	b->pages = nr_free_pages() + mmu_pagetable_pages();
	b->space = vmalloc_free_bytes();
}

static void expect_baseline(struct ktest *t, const struct vm_baseline *before)
{
	struct vm_baseline now;

	baseline(&now);
	KTEST_EXPECT_EQ(t, now.pages, before->pages);
	KTEST_EXPECT_EQ(t, now.space, before->space);
}

static void ptdump_vmalloc_comes_and_goes(struct ktest *t)
{
	struct vm_baseline before;
	struct span_check c;
	vaddr_t p;

	baseline(&before);
	p = (vaddr_t)vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT(t, p);
	span_scan(&c, p, p + 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, c.covered, 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, c.rw, c.ranges);
	KTEST_EXPECT_EQ(t, c.nx, c.ranges);
	span_scan(&c, p + 3 * PAGE_SIZE, p + 4 * PAGE_SIZE);	/* the guard page */
	KTEST_EXPECT_EQ(t, c.covered, 0);

	vfree((void *)p);
	vmalloc_purge();
	span_scan(&c, p, p + 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, c.covered, 0);
	expect_baseline(t, &before);
}

/* --- checkwx --- */

static void checkwx_none(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ptdump_check_wx(NULL), 0);
}

/* The checker is not blind: a W+X page made on purpose is counted, and gone when unmapped. */
static void checkwx_finds_one(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KTEST_ASSERT(t, page);
	fixmap_map_page(FIX_HIGHPAGE_TEMP, page_to_phys(page),
			MMU_PROT_READ | MMU_PROT_WRITE | MMU_PROT_EXEC);
	KTEST_EXPECT_EQ(t, ptdump_check_wx(NULL), 1);
	fixmap_unmap_page(FIX_HIGHPAGE_TEMP);
	KTEST_EXPECT_EQ(t, ptdump_check_wx(NULL), 0);
	__free_page(page);
}

/* --- va2pa --- */

static void va2pa_whole_space(struct ktest *t)
{
	unsigned int mapped = 0, faults = 0, bad = 0;
	struct va2pa r;

	for (u32 i = 0; i < VA2PA_SAMPLES; i++) {
		/* A different page and offset in every MiB. */
		vaddr_t va = (i << 20) | ((i * 0x9e3779b1u) & 0xff000) | ((i * 4) & 0xffc);

		mmu_va2pa(va, &r);
		if (!r.agree && bad++ < 5)
			ktest_log(t, "0x%08lx: software %s 0x%llx, PAR 0x%016llx", (unsigned long)va,
				  r.sw.mapped ? "maps to" : "faults, level", r.sw.mapped
				  ? (unsigned long long)r.sw.pa : (unsigned long long)r.sw_fault_level,
				  (unsigned long long)r.par);
		mapped += r.sw.mapped;
		faults += !r.sw.mapped;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT(t, mapped > 0 && faults > 0);
	ktest_log(t, "%u addresses: %u mapped, %u faulting, %u disagreements", VA2PA_SAMPLES,
		  mapped, faults, bad);
}

/* Every kind of leaf: the image's pages, lowmem blocks, the FDT window, vectors, vmalloc. */
static void va2pa_named_addresses(struct ktest *t)
{
	void *v = vmalloc(PAGE_SIZE);
	const vaddr_t addrs[] = {
		(vaddr_t)_stext, (vaddr_t)__start_rodata, (vaddr_t)_sdata, (vaddr_t)__bss_start,
		mem_layout.high_memory - PAGE_SIZE, mem_layout.high_memory, FDT_FIXED_BASE,
		VECTORS_BASE, (vaddr_t)v, (vaddr_t)v + PAGE_SIZE, 0, MODULES_VADDR, PKMAP_BASE,
		(vaddr_t)&t,
	};
	struct va2pa r;

	KTEST_ASSERT(t, v);
	for (unsigned int i = 0; i < ARRAY_SIZE(addrs); i++) {
		mmu_va2pa(addrs[i], &r);
		if (!KTEST_EXPECT(t, r.agree))
			ktest_log(t, "0x%08lx: PAR 0x%016llx", (unsigned long)addrs[i],
				  (unsigned long long)r.par);
	}
	mmu_va2pa((vaddr_t)_stext, &r);
	KTEST_EXPECT(t, r.sw.mapped);
	KTEST_EXPECT_EQ(t, r.sw.pa, __pa_symbol(_stext));
	mmu_va2pa((vaddr_t)v + PAGE_SIZE, &r);	/* the guard page */
	KTEST_EXPECT(t, !r.sw.mapped && !r.hw_mapped);
	vfree(v);
}

/* Highmem pages, above 4 GiB where the machine has RAM there, through kmap and kmap_local. */
static void va2pa_highmem_kmap(struct ktest *t)
{
	struct page *pages[HIGH_PAGES];
	unsigned int n = 0, above4g = 0, bad = 0;
	struct va2pa r;

	if (!zones[ZONE_HIGHMEM].managed_pages) {
		ktest_skip(t, "no highmem");
		return;
	}
	for (; n < HIGH_PAGES; n++) {
		pages[n] = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
		if (!pages[n] || !PageHighMem(pages[n]))
			break;
	}
	if (n < HIGH_PAGES && pages[n])
		__free_page(pages[n]);
	KTEST_ASSERT(t, n > 0);
	for (unsigned int i = 0; i < n; i++) {
		phys_addr_t pa = page_to_phys(pages[i]);
		vaddr_t va = (vaddr_t)kmap(pages[i]);
		vaddr_t local;

		above4g += pa >= 0x100000000ULL;
		mmu_va2pa(va + 0x123 * 4, &r);
		bad += !r.agree || r.hw_pa != pa + 0x123 * 4 || va < PKMAP_BASE || va >= PKMAP_END;
		local = (vaddr_t)kmap_local_page(pages[i]);
		mmu_va2pa(local, &r);
		bad += !r.agree || r.sw.pa != pa;
		kunmap_local((void *)local);
		kunmap(pages[i]);
	}
	for (unsigned int i = 0; i < n; i++)
		__free_page(pages[i]);
	KTEST_EXPECT_EQ(t, bad, 0);
	if (mem_layout.ram_end > 0x100000000ULL)
		KTEST_EXPECT(t, above4g > 0);
	ktest_log(t, "%u highmem pages (%u above 4 GiB) through kmap and kmap_local: %u bad", n,
		  above4g, bad);
}

/* --- the shell commands --- */

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char line[SHELL_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return shell_run_line(line);
}

static void shell_peek_poke_survive(struct ktest *t)
{
	u32 word = 0x5a5a5a5a;
	vaddr_t text = (vaddr_t)_stext;
	u32 before = *(const volatile u32 *)text;

	KTEST_EXPECT_EQ(t, run("peek 0x1000"), 1);			/* unmapped */
	KTEST_EXPECT_EQ(t, run("peek 0x%08lx", (unsigned long)mem_layout.high_memory), 1);
	KTEST_EXPECT_EQ(t, run("poke 0x%08lx 0", (unsigned long)text), 1);	/* read-only */
	KTEST_EXPECT_EQ(t, *(const volatile u32 *)text, before);
	KTEST_EXPECT_EQ(t, run("peek 0x%08lx 16", (unsigned long)text), 0);
	KTEST_EXPECT_EQ(t, run("poke 0x%08lx 0x12345678", (unsigned long)(vaddr_t)&word), 0);
	KTEST_EXPECT_EQ(t, word, 0x12345678);
	/* Bad input: misaligned, too long, past 4 GiB, junk. */
	KTEST_EXPECT_EQ(t, run("peek 0x%08lx", (unsigned long)text + 1), 1);
	KTEST_EXPECT_EQ(t, run("peek 0x%08lx 4097", (unsigned long)text), 1);
	KTEST_EXPECT_EQ(t, run("peek 0xfffffffc 8"), 1);
	KTEST_EXPECT_EQ(t, run("peek 0x100000000"), 1);
	KTEST_EXPECT_EQ(t, run("poke 0x%08lx", (unsigned long)(vaddr_t)&word), 1);
	KTEST_EXPECT_EQ(t, run("poke 0x%08lx 0x100000000", (unsigned long)(vaddr_t)&word), 1);
}

static unsigned long free_now(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages();
}

static void shell_alloc_free_baseline(struct ktest *t)
{
	unsigned long before = free_now();
	const struct shell_alloc *a;
	unsigned long pfn;
	phys_addr_t pa;

	KTEST_ASSERT_EQ(t, run("alloc 3"), 0);
	KTEST_ASSERT_EQ(t, shell_alloc_count(SHELL_ALLOC_PAGES), 1);
	a = shell_alloc_get(SHELL_ALLOC_PAGES, 0);
	pfn = page_to_pfn(a->page);
	KTEST_EXPECT_EQ(t, a->order, 3);
	KTEST_EXPECT_EQ(t, free_now(), before - 8);
	KTEST_EXPECT_EQ(t, run("free 0x%lx", pfn + 1), 1);	/* inside the block: not its name */
	KTEST_EXPECT_EQ(t, run("free 0x%lx", pfn), 0);
	KTEST_EXPECT_EQ(t, run("free 0x%lx", pfn), 1);		/* twice */
	KTEST_EXPECT_EQ(t, free_now(), before);

	KTEST_ASSERT_EQ(t, run("alloc --high 0"), 0);
	a = shell_alloc_get(SHELL_ALLOC_PAGES, 0);
	KTEST_ASSERT(t, a);
	pa = page_to_phys(a->page);
	KTEST_EXPECT_EQ(t, run("kmap 0x%lx", page_to_pfn(a->page)), 0);
	KTEST_EXPECT_EQ(t, run("free 0x%llx", (unsigned long long)pa), 1);	/* still kmapped */
	KTEST_EXPECT_EQ(t, run("kunmap 0x%lx", page_to_pfn(a->page)), 0);
	KTEST_EXPECT_EQ(t, run("kunmap 0x%lx", page_to_pfn(a->page)), 1);
	KTEST_EXPECT_EQ(t, run("free 0x%llx", (unsigned long long)pa), 0);	/* by address */
	KTEST_EXPECT_EQ(t, shell_alloc_count(SHELL_ALLOC_PAGES), 0);
	KTEST_EXPECT_EQ(t, shell_alloc_count(SHELL_ALLOC_KMAP), 0);
	KTEST_EXPECT_EQ(t, free_now(), before);

	/* Bad input changes nothing. */
	KTEST_EXPECT_EQ(t, run("alloc 11"), 1);
	KTEST_EXPECT_EQ(t, run("alloc -1"), 1);
	KTEST_EXPECT_EQ(t, run("alloc"), 1);
	KTEST_EXPECT_EQ(t, run("alloc --low 1"), 1);
	KTEST_EXPECT_EQ(t, run("alloc 1 2"), 1);
	KTEST_EXPECT_EQ(t, run("free"), 1);
	KTEST_EXPECT_EQ(t, run("free xyz"), 1);
	KTEST_EXPECT_EQ(t, run("free 0x%lx", mem_map_pfn_base), 1);	/* not the shell's */
	KTEST_EXPECT_EQ(t, run("kmap 0x%lx", mem_map_pfn_end), 1);	/* past RAM */
	KTEST_EXPECT_EQ(t, run("kunmap 0x%lx", mem_map_pfn_base), 1);
	KTEST_EXPECT_EQ(t, shell_alloc_count(SHELL_ALLOC_PAGES), 0);
	KTEST_EXPECT_EQ(t, free_now(), before);
}

static void shell_vmalloc_vfree(struct ktest *t)
{
	struct vm_baseline before;
	const struct shell_alloc *a;
	unsigned long pfn;
	vaddr_t addr;

	baseline(&before);
	KTEST_ASSERT_EQ(t, run("vmalloc 20K"), 0);
	a = shell_alloc_get(SHELL_ALLOC_VMALLOC, 0);
	KTEST_ASSERT(t, a);
	addr = (vaddr_t)a->addr;
	KTEST_EXPECT(t, is_vmalloc_addr(a->addr));
	KTEST_EXPECT_EQ(t, run("vfree 0x%08lx", (unsigned long)addr + PAGE_SIZE), 1);
	/* As with free: not while the shell has a page of it kmapped. */
	pfn = page_to_pfn(vmalloc_to_page((const void *)(addr + 2 * PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, run("kmap 0x%lx", pfn), 0);
	KTEST_EXPECT_EQ(t, run("vfree 0x%08lx", (unsigned long)addr), 1);
	KTEST_EXPECT_EQ(t, run("kunmap 0x%lx", pfn), 0);
	KTEST_EXPECT_EQ(t, run("vfree 0x%08lx", (unsigned long)addr), 0);
	KTEST_EXPECT_EQ(t, run("vfree 0x%08lx", (unsigned long)addr), 1);
	KTEST_EXPECT_EQ(t, run("vmalloc 0"), 1);
	KTEST_EXPECT_EQ(t, run("vmalloc 2G"), 1);
	KTEST_EXPECT_EQ(t, shell_alloc_count(SHELL_ALLOC_VMALLOC), 0);
	expect_baseline(t, &before);
}

/* The table is bounded: the 65th allocation is refused, and freeing all restores the count. */
static void shell_alloc_table_full(struct ktest *t)
{
	unsigned long before = free_now();
	unsigned long pfns[SHELL_ALLOC_MAX];

	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		KTEST_ASSERT_EQ(t, run("alloc 0"), 0);
	KTEST_EXPECT_EQ(t, run("alloc 0"), 1);
	KTEST_EXPECT_EQ(t, run("vmalloc 4K"), 1);
	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		pfns[i] = page_to_pfn(shell_alloc_get(SHELL_ALLOC_PAGES, i)->page);
	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		KTEST_EXPECT_EQ(t, run("free 0x%lx", pfns[i]), 0);
	KTEST_EXPECT_EQ(t, shell_alloc_count(SHELL_ALLOC_PAGES), 0);
	KTEST_EXPECT_EQ(t, free_now(), before);
}

static void shell_pressure_release(struct ktest *t)
{
	struct zone *z = &zones[ZONE_NORMAL];
	struct vm_baseline before;
	unsigned long pfn;

	baseline(&before);
	KTEST_ASSERT_EQ(t, run("pressure low 10"), 0);
	KTEST_EXPECT(t, pressure_held_pages(ZONE_NORMAL) > 0);
	KTEST_EXPECT(t, (z->managed_pages - z->free_pages) * 100 >= 10 * z->managed_pages);
	KTEST_EXPECT_EQ(t, run("pressure release"), 0);
	KTEST_EXPECT_EQ(t, pressure_held_pages(ZONE_NORMAL), 0);
	expect_baseline(t, &before);

	/* As with free and vfree: not while the shell has a held page kmapped. */
	KTEST_ASSERT_EQ(t, run("pressure low 10"), 0);
	KTEST_ASSERT(t, pressure_held_page(ZONE_NORMAL) != NULL);
	pfn = page_to_pfn(pressure_held_page(ZONE_NORMAL));
	KTEST_EXPECT_EQ(t, run("kmap 0x%lx", pfn), 0);
	KTEST_EXPECT_EQ(t, run("pressure release"), 1);
	KTEST_EXPECT(t, pressure_held_pages(ZONE_NORMAL) > 0);
	KTEST_EXPECT_EQ(t, run("kunmap 0x%lx", pfn), 0);
	KTEST_EXPECT_EQ(t, run("pressure release"), 0);
	expect_baseline(t, &before);

	KTEST_EXPECT_EQ(t, run("pressure low 0"), 1);
	KTEST_EXPECT_EQ(t, run("pressure low 101"), 1);
	KTEST_EXPECT_EQ(t, run("pressure middle 5"), 1);
	KTEST_EXPECT_EQ(t, run("pressure"), 1);
}

KTEST_SUITE(workbench,
	    KTEST_CASE(ptdump_text_is_ro_x),
	    KTEST_CASE(ptdump_data_is_nx),
	    KTEST_CASE(ptdump_ranges_ordered),
	    KTEST_CASE(ptdump_vmalloc_comes_and_goes),
	    KTEST_CASE(checkwx_none),
	    KTEST_CASE(checkwx_finds_one),
	    KTEST_CASE(va2pa_whole_space),
	    KTEST_CASE(va2pa_named_addresses),
	    KTEST_CASE(va2pa_highmem_kmap),
	    KTEST_CASE(shell_peek_poke_survive),
	    KTEST_CASE(shell_alloc_free_baseline),
	    KTEST_CASE(shell_vmalloc_vfree),
	    KTEST_CASE(shell_alloc_table_full),
	    KTEST_CASE(shell_pressure_release));
