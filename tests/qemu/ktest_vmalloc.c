/* SPDX-License-Identifier: MIT */
/*
 * vmalloc under QEMU, in the spirit of Linux's test_vmalloc: fixed and
 * random sizes, aligned allocations, 15,000 live areas, filling the
 * space, guard-page and use-after-free faults, bad input; after every
 * case every page and every byte of address space is back.
 */
#include <string.h>

#include <asm/mmu.h>
#include <asm/traps.h>
#include <meridian/highmem.h>
#include <meridian/interrupt.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>
#include <meridian/workqueue.h>

#define LONG_BUSY 15000

struct vm_baseline {
	unsigned long pages, space, vpages;
};

/*
 * Free pages plus kernel page-table pages: vmalloc's level-3 tables stay
 * once made (as in Linux), so a page that became a table is not lost.
 */
static void baseline(struct vm_baseline *b)
{
	vmalloc_purge();
	kmem_cache_shrink_all();
	b->pages = nr_free_pages() + mmu_pagetable_pages();
	b->space = vmalloc_free_bytes();
	b->vpages = vmalloc_nr_pages();
}

static void expect_back(struct ktest *t, const struct vm_baseline *before)
{
	struct vm_baseline now;

	baseline(&now);
	KTEST_EXPECT_EQ(t, now.pages, before->pages);
	KTEST_EXPECT_EQ(t, now.space, before->space);
	KTEST_EXPECT_EQ(t, now.vpages, before->vpages);
}

static u32 lcg(u32 *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Writes a pattern through the area and checks it through vmalloc_to_page + kmap_local. */
static bool touch_and_check(u8 *p, unsigned long size, u8 seed)
{
	for (unsigned long off = 0; off < size; off += 512)
		p[off] = (u8)(seed + off / 512);
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		struct page *pg = vmalloc_to_page(p + off);
		u8 *v;
		bool ok;

		if (!pg)
			return false;
		v = kmap_local_page(pg);
		ok = v[0] == (u8)(seed + off / 512);
		kunmap_local(v);
		if (!ok)
			return false;
	}
	return true;
}

static void vmalloc_fixed_and_random(struct ktest *t)
{
	static void *held[256];
	static unsigned long sizes[256];
	struct vm_baseline base;
	u32 seed = 99;
	int bad = 0;

	baseline(&base);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 256; i++) {
			sizes[i] = round == 0 ? PAGE_SIZE : (1 + lcg(&seed) % 100) * PAGE_SIZE;
			held[i] = vmalloc(sizes[i]);
			if (!held[i] || !is_vmalloc_addr(held[i]) ||
			    !touch_and_check(held[i], sizes[i], (u8)i))
				bad++;
		}
		for (int i = 0; i < 256; i++)
			vfree(held[i]);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	expect_back(t, &base);
}

static void vmalloc_aligned(struct ktest *t)
{
	static void *held[64];
	struct vm_baseline base;
	u32 seed = 7;
	int bad = 0;

	baseline(&base);
	for (int i = 0; i < 64; i++) {
		unsigned long align = PAGE_SIZE << (i < 32 ? 4 : lcg(&seed) % 10);

		held[i] = __vmalloc((1 + lcg(&seed) % 20) * PAGE_SIZE, align, 0);
		if (!held[i] || ((vaddr_t)held[i] & (align - 1)))
			bad++;
	}
	for (int i = 0; i < 64; i++)
		vfree(held[i]);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT(t, __vmalloc(PAGE_SIZE, 3 * PAGE_SIZE, 0) == NULL);	/* not a power of two */
	expect_back(t, &base);
}

static void vmalloc_long_busy_list(struct ktest *t)
{
	void **held = vmalloc(LONG_BUSY * sizeof(void *));
	struct vm_baseline base;
	int got = 0;

	KTEST_ASSERT(t, held != NULL);
	baseline(&base);
	for (int i = 0; i < LONG_BUSY; i++) {
		held[i] = vmalloc(PAGE_SIZE);
		got += held[i] != NULL;
	}
	KTEST_EXPECT_EQ(t, got, LONG_BUSY);
	KTEST_EXPECT(t, find_vm_area(held[LONG_BUSY / 2]) != NULL);
	for (int i = 0; i < LONG_BUSY; i++)
		vfree(held[i]);
	expect_back(t, &base);
	vfree(held);
}

static void vmalloc_fill_space(struct ktest *t)
{
	static void *held[4096];
	struct vm_baseline base;
	int n = 0;

	baseline(&base);
	while (n < (int)ARRAY_SIZE(held) && (held[n] = vmalloc(64 * PAGE_SIZE)))
		n++;
	KTEST_EXPECT(t, n > 0 && n < (int)ARRAY_SIZE(held));	/* it ran out, cleanly */
	ktest_log(t, "%d areas of 256 KiB before vmalloc returned NULL", n);
	while (n)
		vfree(held[--n]);
	expect_back(t, &base);
}

static void vmalloc_guard_and_use_after_free(struct ktest *t)
{
	struct fault_catch fc;
	char desc[200];
	u8 *volatile p = vmalloc(3 * PAGE_SIZE);

	KTEST_ASSERT(t, p != NULL);
	p[3 * PAGE_SIZE - 1] = 1;				/* the last byte is fine */
	if (FAULT_CATCH(&fc)) {
		p[3 * PAGE_SIZE] = 1;				/* one past the end: the guard */
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_translation(fc.fsr));
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)p + 3 * PAGE_SIZE);
	vmalloc_describe_fault(fc.far, desc, sizeof(desc));
	ktest_log(t, "%s", desc);
	KTEST_EXPECT(t, strstr(desc, "1 bytes past the end") != NULL);
	KTEST_EXPECT(t, strstr(desc, "vmalloc_guard_and_use_after_free") != NULL);	/* the caller */
	vfree(p);
	vmalloc_purge();
	if (FAULT_CATCH(&fc)) {
		(void)*(volatile u8 *)&p[10];			/* use after vfree */
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_translation(fc.fsr));
}

static void vmalloc_edge_cases(struct ktest *t)
{
	struct vm_baseline base;
	static int not_vmalloc;

	baseline(&base);
	KTEST_EXPECT(t, vmalloc(0) == NULL);
	KTEST_EXPECT(t, vmalloc(VMALLOC_END - vmalloc_start_addr) == NULL);	/* more than VmallocTotal */
	vfree(NULL);
	vfree(&not_vmalloc);					/* reported, nothing freed */
	expect_back(t, &base);
	u8 *z = vzalloc(2 * PAGE_SIZE);
	KTEST_ASSERT(t, z != NULL);
	KTEST_EXPECT_EQ(t, z[0] | z[PAGE_SIZE] | z[2 * PAGE_SIZE - 1], 0);
	vfree(z);
	expect_back(t, &base);
}

static void vmalloc_vmap_ioremap(struct ktest *t)
{
	struct page *pages[3];
	struct vm_baseline base;
	u8 *v;

	baseline(&base);
	for (int i = 0; i < 3; i++)
		pages[i] = alloc_page(GFP_HIGHUSER);
	v = vmap(pages, 3, MMU_KERNEL_RW);
	KTEST_ASSERT(t, v != NULL);
	v[PAGE_SIZE + 5] = 0x77;
	KTEST_EXPECT(t, vmalloc_to_page(v + PAGE_SIZE) == pages[1]);
	vunmap(v);
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);
	/* The sysreg block again, through ioremap: device memory, readable. */
	u32 *regs = ioremap(0x1c010000ULL, 0x1000);
	KTEST_ASSERT(t, regs != NULL);
	KTEST_EXPECT(t, is_vmalloc_addr(regs));
	KTEST_EXPECT(t, find_vm_area(regs)->flags & VM_IOREMAP);
	(void)regs[0];
	iounmap(regs);
	expect_back(t, &base);
}

/*
 * Sizes whose page-rounded length does not fit an unsigned long must be
 * refused, not wrapped to a small area (the rest of the request would
 * then land in the guard page and beyond).
 */
static void vmalloc_size_overflow(struct ktest *t)
{
	struct vm_baseline base;
	struct page *one[1] = { NULL };

	baseline(&base);
	/* 2^20 + 1 pages: << PAGE_SHIFT wraps to one page (only the count is read). */
	KTEST_EXPECT(t, vmap(one, 0x100001u, MMU_KERNEL_RW) == NULL);
	/* 0xffffffff bytes from a page offset of 1: 4 GiB + 1 page once rounded. */
	KTEST_EXPECT(t, ioremap(0x1c010001ULL, 0xffffffffu) == NULL);
	KTEST_EXPECT(t, ioremap(0x1c010000ULL, 0xfffff001u) == NULL);
	KTEST_EXPECT(t, vmalloc(0xfffff000UL) == NULL);
	expect_back(t, &base);
}

/*
 * Mapping and unmapping walk the page tables once per level-3 table
 * (2 MiB of PTEs): a 3 MiB area spans at least two tables, and every
 * page on both sides of the seam must be mapped, then unmapped.
 */
static void vmalloc_across_pte_tables(struct ktest *t)
{
	const unsigned long size = 3UL << 20, table_span = 2UL << 20;
	struct vm_baseline base;
	unsigned long seam;
	u8 *p;

	baseline(&base);
	p = vmalloc(size);
	KTEST_ASSERT(t, p != NULL);
	seam = ALIGN_UP((unsigned long)p + 1, table_span);
	KTEST_ASSERT(t, seam < (unsigned long)p + size);
	KTEST_EXPECT(t, touch_and_check(p, size, 7));
	KTEST_EXPECT(t, vmalloc_to_page((void *)(seam - PAGE_SIZE)) != NULL);
	KTEST_EXPECT(t, vmalloc_to_page((void *)seam) != NULL);
	vfree(p);
	/* The PTEs are clear at once; only the TLB flush waits for the purge. */
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		if (vmalloc_to_page(p + off)) {
			KTEST_EXPECT_EQ(t, off, size);	/* the first still mapped */
			break;
		}
	expect_back(t, &base);
}

static void count_spare_nodes(const struct kmem_cache_info *info, void *ctx)
{
	if (!strcmp(info->name, "vmap_area"))
		*(unsigned long *)ctx = info->num_objs - info->active_objs;
}

/*
 * Out of memory, a purge cannot get the free-tree node that a freed
 * range touching no free range needs.  It must leave that range lazily
 * freed for a later purge, not BUG: with every page taken, free 1 page
 * areas between live ones (each then needs its own node) until more of
 * them wait than the node cache has spare objects, and purge.
 */
static void vmalloc_purge_out_of_memory(struct ktest *t)
{
	static void *areas[2 * 256 + 1];
	struct vm_baseline base;
	unsigned long spare = 0, space;
	unsigned int n;
	LIST_HEAD(hoard);
	struct page *pg;

	baseline(&base);
	kmem_cache_for_each(count_spare_nodes, &spare);
	KTEST_ASSERT(t, spare + 8 <= 256);
	n = 2 * (unsigned int)(spare + 8) + 1;
	for (unsigned int i = 0; i < n; i++) {
		areas[i] = vmalloc(PAGE_SIZE);
		KTEST_ASSERT(t, areas[i] != NULL);
	}
	for (unsigned int i = 1; i < n; i += 2)
		vfree(areas[i]);	/* lazily: waits for the purge */
	space = vmalloc_free_bytes();
	while ((pg = alloc_page(GFP_HIGHUSER | __GFP_NOWARN)))
		list_add(&pg->lru, &hoard);
	vmalloc_purge();
	KTEST_EXPECT_EQ(t, vmalloc_free_bytes(), space);	/* nothing lost or counted twice */
	while (!list_empty(&hoard)) {
		pg = list_first_entry(&hoard, struct page, lru);
		list_del(&pg->lru);
		__free_page(pg);
	}
	for (unsigned int i = 0; i < n; i += 2)
		vfree(areas[i]);
	expect_back(t, &base);
}

static void *irq_victim;

static irqreturn_t vfree_in_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	vfree(irq_victim);	/* from IRQ context: deferred to the work queue */
	return IRQ_HANDLED;
}

static void vmalloc_vfree_from_irq(struct ktest *t)
{
	struct vm_baseline base;

	baseline(&base);
	irq_victim = vmalloc(5 * PAGE_SIZE);
	KTEST_ASSERT(t, irq_victim != NULL);
	KTEST_ASSERT_EQ(t, request_irq(12, vfree_in_irq, 0, "ktest-vfree", NULL), 0);
	irq_raise_self(12);
	flush_scheduled_work();
	free_irq(12, NULL);
	KTEST_EXPECT(t, find_vm_area(irq_victim) == NULL);
	expect_back(t, &base);
}

static irqreturn_t vfree_twice_in_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	vfree(irq_victim);
	vfree(irq_victim);	/* a double free: reported, not queued twice */
	return IRQ_HANDLED;
}

/*
 * A deferred vfree leaves the area waiting for the work queue; a second
 * vfree of it meanwhile (in the IRQ, or in task context before the work
 * runs) must be refused as a bad address, not free it twice.
 */
static void vmalloc_double_vfree_deferred(struct ktest *t)
{
	struct vm_baseline base;

	baseline(&base);
	irq_victim = vmalloc(3 * PAGE_SIZE);
	KTEST_ASSERT(t, irq_victim != NULL);
	KTEST_ASSERT_EQ(t, request_irq(12, vfree_twice_in_irq, 0, "ktest-vfree2", NULL), 0);
	irq_raise_self(12);
	KTEST_EXPECT(t, find_vm_area(irq_victim) == NULL);	/* gone at once: no second taker */
	vfree(irq_victim);	/* before the work ran: reported */
	flush_scheduled_work();
	free_irq(12, NULL);
	vfree(irq_victim);	/* after: reported */
	expect_back(t, &base);
}

/* Frees past vmalloc_lazy_max trigger the purge by themselves. */
static void vmalloc_lazy_purge_runs(struct ktest *t)
{
	struct vm_baseline base;
	unsigned long before;

	baseline(&base);
	before = vmalloc_free_bytes();
	for (int i = 0; i < 40; i++)	/* 40 x 1 MiB: past the 32 MiB default */
		vfree(vmalloc(1 << 20));
	KTEST_EXPECT_EQ(t, vmalloc_free_bytes(), before);
	KTEST_EXPECT(t, vmalloc_largest_free() > (32u << 20));
	expect_back(t, &base);
}

KTEST_SUITE(vmalloc,
	    KTEST_CASE(vmalloc_vfree_from_irq),
	    KTEST_CASE(vmalloc_double_vfree_deferred),
	    KTEST_CASE(vmalloc_lazy_purge_runs),
	    KTEST_CASE(vmalloc_fixed_and_random),
	    KTEST_CASE(vmalloc_aligned),
	    KTEST_CASE(vmalloc_long_busy_list),
	    KTEST_CASE(vmalloc_fill_space),
	    KTEST_CASE(vmalloc_guard_and_use_after_free),
	    KTEST_CASE(vmalloc_edge_cases),
	    KTEST_CASE(vmalloc_size_overflow),
	    KTEST_CASE(vmalloc_across_pte_tables),
	    KTEST_CASE(vmalloc_purge_out_of_memory),
	    KTEST_CASE(vmalloc_vmap_ioremap));

/* ktest=vmalloc_oops: one byte past an area, uncaught: the oops names the area. */
static void vmalloc_oops_past_end(struct ktest *t)
{
	u8 *volatile p = vmalloc(2 * PAGE_SIZE);

	ktest_log(t, "writing one byte past a 2-page area; this must oops");
	p[2 * PAGE_SIZE] = 1;
	KTEST_EXPECT(t, false);	/* not reached */
}

KTEST_SUITE_MANUAL(vmalloc_oops, KTEST_CASE(vmalloc_oops_past_end));
