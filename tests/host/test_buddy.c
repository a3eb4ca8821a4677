/* SPDX-License-Identifier: MIT */
/*
 * The buddy allocator (mm/page_alloc.c) on a fake machine: a malloc'd
 * mem_map for a lowmem zone at pfn 0x80000 and a highmem zone above it,
 * with reserved ranges and unaligned range ends, and a malloc'd arena
 * standing in for the direct map of lowmem (for poisoning and zeroing).
 *
 * Laziness is checked two ways: mem_map starts as adversarial garbage
 * (structs that look like free buddies whose list links point into a
 * poisoned trap, so a merge with a non-head would crash under ASan), and
 * zone_add_free_range() runs with every struct page but the block heads
 * poisoned for ASan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <meridian/gfp.h>

#include "host_kernel.h"
#include "ktest_host.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define HAVE_ASAN 1
#endif
#endif
#ifndef HAVE_ASAN
#define ASAN_POISON_MEMORY_REGION(a, s) ((void)(a), (void)(s))
#define ASAN_UNPOISON_MEMORY_REGION(a, s) ((void)(a), (void)(s))
#endif

#define BASE_PFN 0x80000UL
#define MAX_RANGES 4
#define RESERVED_OWNER 0xffffffffu
#define MAX_LIVE 16384

struct range {
	unsigned long start, nr;	/* pfns */
};

/* A fake machine: lowmem at BASE_PFN, highmem right after it. */
struct machine {
	unsigned long normal_pages, high_pages;		/* the zone spans */
	unsigned long normal_holes;			/* reserved pages that are not RAM */
	struct range reserved[MAX_RANGES];
	struct range free[MAX_NR_ZONES][MAX_RANGES];
};

/*
 * Normal: 4992 pages with an unaligned image and a hole with unaligned
 * ends.  HighMem: 8611 pages from 0x81380, only order-7 aligned, so free
 * blocks on either side of the boundary are buddies by pfn (they must not
 * merge); a reserved hole and an unaligned end.
 */
static const struct machine big_machine = {
	.normal_pages = 0x1380,
	.high_pages = 0x21a3,
	.normal_holes = 0x3e,
	.reserved = { { BASE_PFN, 0x13 }, { 0x80a03, 0x3e }, { 0x82000, 7 } },
	.free = {
		[ZONE_NORMAL] = { { 0x80013, 0x9f0 }, { 0x80a41, 0x93f } },
		[ZONE_HIGHMEM] = { { 0x81380, 0xc80 }, { 0x82007, 0x151c } },
	},
};

static struct page_state {
	unsigned int *owner;		/* per pfn: 0 free, RESERVED_OWNER, or a block id */
	unsigned long nr_pfns;
	u8 *arena;			/* lowmem contents */
	unsigned long normal_end;	/* first highmem pfn */
	unsigned long boot_nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long boot_free[MAX_NR_ZONES];
	unsigned long used[MAX_NR_ZONES];	/* pages allocated, per zone */
	struct live {
		unsigned long pfn;
		unsigned int order;
		bool by_addr;			/* from __get_free_pages: free with free_pages */
	} live[MAX_LIVE];
	unsigned int nr_live, next_id;
} m;

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	return ktest_xorshift64(&rng_state);
}

/* Never a valid struct page link: poisoned, so writing through it is caught. */
static struct list_head trap[64];

/* --- the test's direct map --- */

void *host_pfn_to_virt(unsigned long pfn)
{
	if (pfn < BASE_PFN || pfn >= m.normal_end) {
		fprintf(stderr, "host_pfn_to_virt(%lx): not lowmem\n", pfn);
		abort();
	}
	return m.arena + (pfn - BASE_PFN) * PAGE_SIZE;
}

unsigned long host_virt_to_pfn(unsigned long addr)
{
	unsigned long base = (unsigned long)m.arena;

	if (addr < base || addr >= base + (m.normal_end - BASE_PFN) * PAGE_SIZE)
		return ~0UL;
	return BASE_PFN + (addr - base) / PAGE_SIZE;
}

/* --- building the machine --- */

static void fill_garbage(void)
{
	for (unsigned long i = 0; i < m.nr_pfns; i++) {
		struct page *p = &mem_map[i];
		u64 r = rnd();

		if ((r & 3) == 0) {
			u64 r2 = rnd();

			memcpy(p, &r2, sizeof(r2) < sizeof(*p) ? sizeof(r2) : sizeof(*p));
			p->lru.next = p->lru.prev = &trap[r % 64];
			continue;
		}
		p->flags = PG_buddy | ((u32)(r >> 8) & (PG_head | PG_pcp | PG_poisoned)) |
			   ((u32)(r >> 16) & PG_ZONE_MASK);
		p->private = (u32)((r >> 32) % MAX_ORDER);
		p->lru.next = &trap[(r >> 40) % 64];
		p->lru.prev = &trap[(r >> 48) % 64];
	}
}

/* Reference decomposition, top-down: a 2^o block is emitted if it fits, else split. */
static void ref_blocks(unsigned long s, unsigned long e, unsigned long pfn, unsigned int o,
		       void (*fn)(unsigned long pfn, unsigned int order, void *ctx), void *ctx)
{
	unsigned long end = pfn + (1UL << o);

	if (end <= s || pfn >= e)
		return;
	if (pfn >= s && end <= e) {
		fn(pfn, o, ctx);
		return;
	}
	ref_blocks(s, e, pfn, o - 1, fn, ctx);
	ref_blocks(s, e, pfn + (1UL << (o - 1)), o - 1, fn, ctx);
}

static void for_each_ref_block(const struct range *r,
			       void (*fn)(unsigned long pfn, unsigned int order, void *ctx),
			       void *ctx)
{
	unsigned long top = MAX_ORDER_NR_PAGES;

	for (unsigned long b = ALIGN_DOWN(r->start, top); b < r->start + r->nr; b += top)
		ref_blocks(r->start, r->start + r->nr, b, MAX_ORDER - 1, fn, ctx);
}

static void unpoison_head(unsigned long pfn, unsigned int order, void *ctx)
{
	(void)order;
	(void)ctx;
	ASAN_UNPOISON_MEMORY_REGION(pfn_to_page(pfn), sizeof(struct page));
}

static void count_block(unsigned long pfn, unsigned int order, void *ctx)
{
	unsigned long *nr_free = ctx;

	(void)pfn;
	nr_free[order]++;
}

static void check_boot_head(unsigned long pfn, unsigned int order, void *ctx)
{
	const struct page *p = pfn_to_page(pfn);
	u32 zone = (u32)(uintptr_t)ctx;

	CHECK_EQ(p->flags, PG_buddy | (zone << PG_ZONE_SHIFT));
	CHECK_EQ(p->private, order);
}

static void release_machine(void)
{
	free(mem_map);
	free(m.owner);
	free(m.arena);
	mem_map = NULL;
	m.nr_live = 0;
	m.next_id = 1;
	memset(m.used, 0, sizeof(m.used));
}

static void boot_zones(const struct machine *mc)
{
	memset(zones, 0, sizeof(zones));
	zone_init(&zones[ZONE_NORMAL], "Normal", BASE_PFN, mc->normal_pages,
		  mc->normal_pages - mc->normal_holes);
	zone_init(&zones[ZONE_HIGHMEM], "HighMem", m.normal_end, mc->high_pages, mc->high_pages);
	for (int i = 0; i < MAX_RANGES; i++) {
		const struct range *r = &mc->reserved[i];

		if (!r->nr)
			continue;
		ASAN_UNPOISON_MEMORY_REGION(pfn_to_page(r->start), r->nr * sizeof(struct page));
		reserve_page_range(r->start, r->nr);
	}
}

/* Frees mem_map's previous machine and boots mc; mem_map starts as garbage. */
static void setup(const struct machine *mc)
{
	release_machine();
	m.normal_end = BASE_PFN + mc->normal_pages;
	m.nr_pfns = mc->normal_pages + mc->high_pages;
	mem_map = malloc(m.nr_pfns * sizeof(struct page));
	m.owner = malloc(m.nr_pfns * sizeof(*m.owner));
	m.arena = aligned_alloc(PAGE_SIZE, mc->normal_pages * PAGE_SIZE);
	if (!mem_map || !m.owner || !m.arena)
		abort();
	/* The model: pages not given as free are never free. */
	for (unsigned long i = 0; i < m.nr_pfns; i++)
		m.owner[i] = RESERVED_OWNER;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int i = 0; i < MAX_RANGES; i++)
			for (unsigned long j = 0; j < mc->free[z][i].nr; j++)
				m.owner[mc->free[z][i].start + j - BASE_PFN] = 0;
	for (unsigned long i = 0; i < mc->normal_pages * PAGE_SIZE; i += 8) {
		u64 r = rnd();

		memcpy(m.arena + i, &r, 8);
	}
	mem_map_pfn_base = BASE_PFN;
	mem_map_pfn_end = BASE_PFN + m.nr_pfns;
	page_poisoning_enabled = false;
	fill_garbage();

	ASAN_POISON_MEMORY_REGION(mem_map, m.nr_pfns * sizeof(struct page));
	boot_zones(mc);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		for (int i = 0; i < MAX_RANGES; i++) {
			const struct range *r = &mc->free[z][i];

			if (!r->nr)
				continue;
			for_each_ref_block(r, unpoison_head, NULL);
			zone_add_free_range(&zones[z], r->start, r->nr);
		}
	}
	ASAN_UNPOISON_MEMORY_REGION(mem_map, m.nr_pfns * sizeof(struct page));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		for (int o = 0; o < MAX_ORDER; o++)
			m.boot_nr_free[z][o] = zones[z].free_area[o].nr_free;
		m.boot_free[z] = zones[z].free_pages;
	}
}

/* --- consistency checks: silent, returning false (with a message) on failure --- */

static unsigned long list_length(const struct list_head *head)
{
	unsigned long n = 0;
	const struct list_head *pos;

	list_for_each(pos, head)
		n++;
	return n;
}

/* free_pages == sum(nr_free << order) + pcp_count, and the cache is within its bound. */
static bool counts_ok(const struct zone *z)
{
	unsigned long sum = z->pcp_count;

	for (int o = 0; o < MAX_ORDER; o++)
		sum += z->free_area[o].nr_free << o;
	if (sum == z->free_pages && z->pcp_count <= z->pcp_high)
		return true;
	fprintf(stderr, "zone %s: free_pages %lu, lists hold %lu, pcp %u/%u\n", z->name,
		z->free_pages, sum, z->pcp_count, z->pcp_high);
	return false;
}

/* Marks one free block in seen[]; checks its head and that no page is owned or seen twice. */
static bool free_block_ok(const struct zone *z, const struct page *p, unsigned int order,
			  u32 state, u8 *seen)
{
	unsigned long pfn = page_to_pfn(p), zend = z->zone_start_pfn + z->spanned_pages;
	u32 zbits = (u32)(z - zones) << PG_ZONE_SHIFT;
	bool bad = false;

	bad |= (p->flags & ~PG_poisoned) != (state | zbits);
	bad |= p->private != (state == PG_buddy ? order : 0);
	bad |= (pfn & ((1UL << order) - 1)) != 0;
	bad |= pfn < z->zone_start_pfn || pfn + (1UL << order) > zend;
	for (unsigned long i = 0; !bad && i < (1UL << order); i++) {
		bad |= m.owner[pfn + i - BASE_PFN] != 0 || seen[pfn + i - BASE_PFN];
		seen[pfn + i - BASE_PFN] = 1;
	}
	if (bad)
		fprintf(stderr, "bad free block pfn %lx order %u flags %x private %u\n", pfn, order,
			p->flags, p->private);
	return !bad;
}

static bool zone_lists_ok(const struct zone *z, u8 *seen)
{
	const struct page *p;
	bool ok = counts_ok(z);

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		if (list_length(&z->free_area[o].free_list) != z->free_area[o].nr_free) {
			fprintf(stderr, "zone %s order %u: list length != nr_free\n", z->name, o);
			ok = false;
		}
		list_for_each_entry(p, &z->free_area[o].free_list, lru)
			ok &= free_block_ok(z, p, o, PG_buddy, seen);
	}
	if (list_length(&z->pcp_list) != z->pcp_count) {
		fprintf(stderr, "zone %s: pcp list length != pcp_count\n", z->name);
		ok = false;
	}
	list_for_each_entry(p, &z->pcp_list, lru)
		ok &= free_block_ok(z, p, 0, PG_pcp, seen);
	return ok;
}

/*
 * The whole state against the model: free blocks are disjoint, not
 * allocated, not reserved, and together cover every other page.
 */
static bool structure_ok(void)
{
	u8 *seen = calloc(m.nr_pfns, 1);
	bool ok = true;

	for (int zi = 0; zi < MAX_NR_ZONES; zi++)
		ok &= zone_lists_ok(&zones[zi], seen);
	for (unsigned long i = 0; ok && i < m.nr_pfns; i++) {
		if (!m.owner[i] && !seen[i]) {
			fprintf(stderr, "pfn %lx is neither allocated nor free\n", BASE_PFN + i);
			ok = false;
		}
	}
	free(seen);
	return ok;
}

/* After draining, the buddy lists are exactly as booted. */
static bool back_to_boot_state(void)
{
	bool ok = true;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_drain_pcp(&zones[z]);
		ok &= zones[z].free_pages == m.boot_free[z] && zones[z].pcp_count == 0;
		for (int o = 0; o < MAX_ORDER; o++) {
			if (zones[z].free_area[o].nr_free != m.boot_nr_free[z][o]) {
				fprintf(stderr, "zone %d order %d: nr_free %lu, boot %lu\n", z, o,
					zones[z].free_area[o].nr_free, m.boot_nr_free[z][o]);
				ok = false;
			}
		}
	}
	return ok && structure_ok();
}

/* --- the model: blocks the test holds --- */

static int pfn_zone(unsigned long pfn)
{
	return pfn >= m.normal_end ? ZONE_HIGHMEM : ZONE_NORMAL;
}

/* Records a block the allocator returned; false (with a message) if it breaks a rule. */
static bool take_block(struct page *page, unsigned int order, gfp_t gfp, bool by_addr)
{
	unsigned long pfn = page_to_pfn(page), n = 1UL << order;
	int z = pfn_zone(pfn);
	bool bad = false;

	bad |= !pfn_valid(pfn) || !pfn_valid(pfn + n - 1) || (pfn & (n - 1));
	bad |= pfn_zone(pfn + n - 1) != z;
	bad |= !(gfp & __GFP_HIGHMEM) && z == ZONE_HIGHMEM;
	bad |= !bad && (page->flags != (PG_head | ((u32)z << PG_ZONE_SHIFT)) || page->private != order);
	for (unsigned long i = 0; !bad && i < n; i++)
		bad |= m.owner[pfn + i - BASE_PFN] != 0;
	if (bad || m.nr_live == MAX_LIVE) {
		fprintf(stderr, "bad block pfn %lx order %u gfp %x\n", pfn, order, gfp);
		return false;
	}
	for (unsigned long i = 0; i < n; i++)
		m.owner[pfn + i - BASE_PFN] = m.next_id;
	m.next_id++;
	m.used[z] += n;
	m.live[m.nr_live++] = (struct live){ pfn, order, by_addr };
	return true;
}

/* Frees the test's i-th block the way it was allocated. */
static void drop_block(unsigned int i)
{
	struct live b = m.live[i];
	unsigned long n = 1UL << b.order;

	for (unsigned long j = 0; j < n; j++)
		m.owner[b.pfn + j - BASE_PFN] = 0;
	m.used[pfn_zone(b.pfn)] -= n;
	m.live[i] = m.live[--m.nr_live];
	if (b.by_addr)
		free_pages((unsigned long)host_pfn_to_virt(b.pfn), b.order);
	else
		__free_pages(pfn_to_page(b.pfn), b.order);
}

static void drop_all(void)
{
	while (m.nr_live)
		drop_block(m.nr_live - 1);
}

/* Zone counters against the model. */
static bool model_counts_ok(void)
{
	bool ok = true;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		ok &= counts_ok(&zones[z]);
		if (zones[z].free_pages + m.used[z] != m.boot_free[z]) {
			fprintf(stderr, "zone %d: free %lu + used %lu != %lu\n", z,
				zones[z].free_pages, m.used[z], m.boot_free[z]);
			ok = false;
		}
	}
	ok &= nr_free_pages() == zones[0].free_pages + zones[1].free_pages;
	return ok;
}

/* A failed allocation is legitimate only if no allowed zone has a block that large. */
static bool failure_ok(gfp_t gfp, unsigned int order)
{
	/* No clear_highpage() on the host: __GFP_ZERO keeps to lowmem. */
	bool high = (gfp & __GFP_HIGHMEM) && !(gfp & __GFP_ZERO);

	for (int z = high ? ZONE_HIGHMEM : ZONE_NORMAL; z >= 0; z--) {
		bool bad = zones[z].pcp_count != 0;

		for (unsigned int o = order; o < MAX_ORDER; o++)
			bad |= zones[z].free_area[o].nr_free != 0;
		if (bad) {
			fprintf(stderr, "order-%u allocation (gfp %x) failed, zone %d has room\n",
				order, gfp, z);
			return false;
		}
	}
	return true;
}

/* --- tests --- */

/* 64 pages of lowmem: one free range [0x80003, 0x80013) between reserved pages. */
static const struct machine small_machine = {
	.normal_pages = 0x40,
	.reserved = { { BASE_PFN, 3 }, { 0x80013, 0x1d } },
	.free = { [ZONE_NORMAL] = { { 0x80003, 0x10 } } },
};

/* 16 pages of lowmem, one order-2 block free: poisoning of merged blocks. */
static const struct machine tiny_machine = {
	.normal_pages = 0x10,
	.reserved = { { BASE_PFN, 4 }, { 0x80008, 8 } },
	.free = { [ZONE_NORMAL] = { { 0x80004, 4 } } },
};

static void test_boot_decomposition(void)
{
	struct zone *z = &zones[ZONE_NORMAL];
	unsigned long before;

	setup(&small_machine);
	/* 0x80003: order 0, 0x80004: 2, 0x80008: 3, 0x80010: 1, 0x80012: 0. */
	CHECK_EQ(z->free_area[0].nr_free, 2);
	CHECK_EQ(z->free_area[1].nr_free, 1);
	CHECK_EQ(z->free_area[2].nr_free, 1);
	CHECK_EQ(z->free_area[3].nr_free, 1);
	CHECK_EQ(z->free_pages, 0x10);
	CHECK_EQ(z->managed_pages, 0x10);
	CHECK_EQ(pfn_to_page(0x80008)->flags, PG_buddy);
	CHECK_EQ(pfn_to_page(0x80008)->private, 3);
	CHECK_EQ(pfn_to_page(0x80012)->private, 0);
	CHECK_EQ(pfn_to_page(0x80000)->flags, PG_reserved);
	CHECK_EQ(zones[ZONE_HIGHMEM].free_pages, 0);
	CHECK_EQ(nr_free_pages(), 0x10);
	CHECK(structure_ok());

	/* A range reaching past the zone is reported and clipped: [0x80030, 0x80040) is added. */
	before = host_printk_count;
	for (unsigned long pfn = 0x80030; pfn < 0x80040; pfn++)
		m.owner[pfn - BASE_PFN] = 0;
	zone_add_free_range(z, 0x80030, 0x20);
	CHECK_EQ(host_printk_count, before + 1);
	CHECK(strstr(host_last_printk, "outside zone Normal") != NULL);
	CHECK_EQ(z->free_pages, 0x20);
	CHECK_EQ(z->free_area[4].nr_free, 1);
	CHECK_EQ(pfn_to_page(0x80030)->private, 4);
	CHECK(structure_ok());
}

static void check_machine_boot_state(const struct machine *mc)
{
	for (int zi = 0; zi < MAX_NR_ZONES; zi++) {
		unsigned long want[MAX_ORDER] = { 0 }, pages = 0;

		for (int i = 0; i < MAX_RANGES; i++) {
			const struct range *r = &mc->free[zi][i];

			for_each_ref_block(r, count_block, want);
			for_each_ref_block(r, check_boot_head, (void *)(uintptr_t)zi);
			pages += r->nr;
		}
		for (int o = 0; o < MAX_ORDER; o++)
			CHECK_EQ(zones[zi].free_area[o].nr_free, want[o]);
		CHECK_EQ(zones[zi].free_pages, pages);
		CHECK_EQ(zones[zi].managed_pages, pages);
		CHECK_EQ(zones[zi].pcp_count, 0);
		CHECK(zones[zi].pcp_batch >= 1 && zones[zi].pcp_batch <= 31);
		CHECK_EQ(zones[zi].pcp_high, 6 * zones[zi].pcp_batch);
	}
}

static void test_boot_accounting(void)
{
	setup(&big_machine);
	check_machine_boot_state(&big_machine);
	CHECK_EQ(zones[ZONE_NORMAL].present_pages, 0x1380 - 0x3e);
	CHECK_EQ(zones[ZONE_NORMAL].pcp_batch, 19);
	CHECK_EQ(zones[ZONE_HIGHMEM].pcp_batch, 31);
	CHECK_EQ(nr_free_pages(), 0x9f0 + 0x93f + 0xc80 + 0x151c);
	/* The order-7 blocks on either side of the zone boundary. */
	CHECK_EQ(pfn_to_page(0x81300)->private, 7);
	CHECK_EQ(pfn_to_page(0x81380)->private, 7);
	for (unsigned long pfn = 0x80a03; pfn < 0x80a41; pfn++)
		CHECK_EQ(pfn_to_page(pfn)->flags, PG_reserved);
	for (unsigned long pfn = 0x82000; pfn < 0x82007; pfn++)
		CHECK_EQ(pfn_to_page(pfn)->flags, PG_reserved | (ZONE_HIGHMEM << PG_ZONE_SHIFT));
	CHECK(structure_ok());
}

static const gfp_t random_gfps[] = {
	GFP_KERNEL, GFP_HIGHUSER, GFP_KERNEL, GFP_HIGHUSER | __GFP_ZERO,
};

/* One random allocation (__GFP_NOWARN: exhaustion is expected here). */
static bool random_alloc(void)
{
	u64 r = rnd();
	unsigned int order = (r & 3) ? 0 : (unsigned int)((r >> 8) % MAX_ORDER);
	gfp_t gfp = random_gfps[(r >> 16) % 4] | __GFP_NOWARN;
	bool by_addr = !(gfp & __GFP_HIGHMEM) && (r >> 20) % 2;
	struct page *page;

	if (by_addr) {
		unsigned long a = __get_free_pages(gfp, order);

		page = a ? pfn_to_page(host_virt_to_pfn(a)) : NULL;
	} else {
		page = alloc_pages(gfp, order);
	}
	if (!page)
		return failure_ok(gfp, order);
	if ((gfp & __GFP_ZERO) && PageHighMem(page)) {
		fprintf(stderr, "__GFP_ZERO gave highmem without clear_highpage()\n");
		return false;
	}
	return take_block(page, order, gfp, by_addr);
}

static void test_random_sequences(void)
{
	bool ok = true;
	unsigned int step, fails = 0;

	setup(&big_machine);
	for (step = 0; step < 40000 && ok; step++) {
		unsigned int op = (unsigned int)(rnd() % 100);
		unsigned long nf = nr_free_pages();

		if (op < 2)
			zone_drain_pcp(&zones[rnd() % MAX_NR_ZONES]);
		else if (op < 53 && m.nr_live < MAX_LIVE)
			ok &= random_alloc();
		else if (m.nr_live)
			drop_block((unsigned int)(rnd() % m.nr_live));
		fails += nr_free_pages() == nf && op >= 2 && op < 53;
		ok &= model_counts_ok();
		if (step % 97 == 0)
			ok &= structure_ok();
	}
	CHECK_MSG(ok, "random sequence broke at step %u", step - 1);
	CHECK_MSG(fails > 100, "only %u failed allocations: exhaustion not exercised", fails);
	CHECK(structure_ok());
	drop_all();
	CHECK(model_counts_ok());
	CHECK(back_to_boot_state());
}

static void exhaust(gfp_t gfp, unsigned long *nr_high, unsigned long *nr_low, bool *order_ok)
{
	struct page *page;

	*nr_high = *nr_low = 0;
	*order_ok = true;
	while ((page = alloc_page(gfp)) != NULL) {
		bool high = PageHighMem(page);

		/* __GFP_HIGHMEM prefers highmem: no lowmem page before highmem runs out. */
		*order_ok &= !(high && *nr_low);
		*nr_high += high;
		*nr_low += !high;
		if (!take_block(page, 0, gfp, false)) {
			*order_ok = false;
			break;
		}
	}
}

static void test_exhaustion_highuser(void)
{
	unsigned long high, low, before, hfree, lfree;
	bool order_ok;

	setup(&big_machine);
	hfree = zones[ZONE_HIGHMEM].free_pages;
	lfree = zones[ZONE_NORMAL].free_pages;
	before = host_printk_count;
	exhaust(GFP_HIGHUSER, &high, &low, &order_ok);
	CHECK(order_ok);
	CHECK_EQ(high, hfree);
	CHECK_EQ(low, lfree);
	CHECK_EQ(nr_free_pages(), 0);
	CHECK_EQ(host_printk_count, before + 1);
	CHECK(strstr(host_last_printk, "page allocation failure: order:0, mode:0x2(GFP_HIGHUSER)"));
	/* HighMem could not satisfy the lowmem fallbacks nor the last try. */
	CHECK_EQ(zones[ZONE_HIGHMEM].alloc_fail, low + 1);
	CHECK_EQ(zones[ZONE_NORMAL].alloc_fail, 1);
	/* Once per preferred zone and order. */
	CHECK(!alloc_page(GFP_HIGHUSER));
	CHECK(!alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 2));
	CHECK_EQ(host_printk_count, before + 1);
	CHECK(!alloc_pages(GFP_HIGHUSER, 2));
	CHECK_EQ(host_printk_count, before + 2);
	CHECK(strstr(host_last_printk, "order:2"));
	/* Freed lowmem is what __GFP_HIGHMEM falls back to. */
	for (unsigned int i = 0; i < m.nr_live; i++) {
		if (!pfn_zone(m.live[i].pfn)) {
			drop_block(i);
			break;
		}
	}
	CHECK(take_block(alloc_page(GFP_HIGHUSER), 0, GFP_HIGHUSER, false));
	CHECK(!PageHighMem(pfn_to_page(m.live[m.nr_live - 1].pfn)));
	CHECK(structure_ok());
	drop_all();
	CHECK(back_to_boot_state());
}

static void test_exhaustion_kernel(void)
{
	unsigned long high, low, before, hfree, lfree;
	bool order_ok;

	setup(&big_machine);
	hfree = zones[ZONE_HIGHMEM].free_pages;
	lfree = zones[ZONE_NORMAL].free_pages;
	before = host_printk_count;
	exhaust(GFP_KERNEL, &high, &low, &order_ok);
	CHECK(order_ok);
	CHECK_EQ(high, 0);	/* GFP_KERNEL never gets highmem */
	CHECK_EQ(low, lfree);
	CHECK_EQ(zones[ZONE_HIGHMEM].free_pages, hfree);
	CHECK_EQ(zones[ZONE_HIGHMEM].alloc_fail, 0);
	CHECK_EQ(zones[ZONE_NORMAL].alloc_fail, 1);
	CHECK_EQ(host_printk_count, before + 1);
	CHECK(strstr(host_last_printk, "page allocation failure: order:0, mode:0x0(GFP_KERNEL)"));
	CHECK(!alloc_page(GFP_KERNEL));
	CHECK(!__get_free_pages(GFP_HIGHUSER, 0));	/* lowmem only, whatever the flags */
	CHECK(!get_zeroed_page(GFP_KERNEL));
	CHECK_EQ(host_printk_count, before + 1);	/* same preferred zone and order */
	drop_all();
	CHECK(back_to_boot_state());
}

static void test_order_limits(void)
{
	unsigned long before;
	struct page *page;

	setup(&big_machine);
	before = host_printk_count;
	CHECK(!alloc_pages(GFP_KERNEL, MAX_ORDER));
	CHECK(!alloc_pages(GFP_HIGHUSER, 31));
	CHECK(!alloc_pages(GFP_KERNEL, ~0u));
	CHECK(!__get_free_pages(GFP_KERNEL, MAX_ORDER));
	CHECK(!zone_alloc_pages(&zones[ZONE_NORMAL], MAX_ORDER));
	CHECK_EQ(host_printk_count, before);
	CHECK_EQ(zones[ZONE_NORMAL].alloc_fail + zones[ZONE_HIGHMEM].alloc_fail, 0);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	CHECK(page && take_block(page, MAX_ORDER - 1, GFP_KERNEL, false));
	drop_all();
	CHECK(back_to_boot_state());
}

/* The last printk was one bad-page report containing what. */
static void expect_report(unsigned long *count, const char *what)
{
	CHECK_EQ(host_printk_count, *count + 1);
	CHECK_MSG(strstr(host_last_printk, "BUG: Bad page state") && strstr(host_last_printk, what),
		  "expected \"%s\", got \"%s\"", what, host_last_printk);
	*count = host_printk_count;
	CHECK(structure_ok());
	CHECK(model_counts_ok());
}

static struct page *take(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	CHECK(page && take_block(page, order, gfp, false));
	return page;
}

static void test_double_frees(unsigned long *count)
{
	struct page *p = alloc_page(GFP_KERNEL);

	/* Via the order-0 cache. */
	__free_page(p);
	CHECK(pfn_to_page(page_to_pfn(p))->flags & PG_pcp);
	__free_page(p);
	expect_report(count, "order:0: double free");
	/* Via the buddy lists. */
	p = alloc_pages(GFP_KERNEL, 2);
	__free_pages(p, 2);
	__free_pages(p, 2);
	expect_report(count, "order:2: double free");
	/* Highmem, after the cache was drained into the buddy lists. */
	p = alloc_page(GFP_HIGHUSER);
	CHECK(PageHighMem(p));
	__free_page(p);
	zone_drain_pcp(&zones[ZONE_HIGHMEM]);
	__free_page(p);
	expect_report(count, "double free");
}

/* A block absorbed by a merge is no longer allocated: freeing it again is a double free. */
static void test_double_free_after_merge(void)
{
	struct zone *z = &zones[ZONE_NORMAL];
	struct page *a, *b;
	unsigned long count;

	setup(&tiny_machine);
	a = take(GFP_KERNEL, 1);
	b = take(GFP_KERNEL, 1);
	CHECK_EQ(page_to_pfn(a), 0x80004);
	CHECK_EQ(page_to_pfn(b), 0x80006);
	count = host_printk_count;
	drop_block(0);
	drop_block(0);
	CHECK_EQ(z->free_area[2].nr_free, 1);
	__free_pages(b, 1);
	expect_report(&count, "pfn:80006 order:1: double free");
	__free_pages(a, 1);
	expect_report(&count, "pfn:80004 order:1: double free");
	CHECK(back_to_boot_state());
}

/* Frees of pfns or addresses the zone does not own; pfn is an allocated order-2 block. */
static void test_frees_outside(unsigned long *count, unsigned long pfn)
{
	__free_page(pfn_to_page(mem_map_pfn_end + 8));
	expect_report(count, "pfn outside the zone");
	zone_free_pages(&zones[ZONE_NORMAL], pfn_to_page(0x81380), 0, NULL);
	expect_report(count, "pfn:81380 order:0: pfn outside the zone");
	/* The last order-10 block of HighMem would run past the zone's end. */
	__free_pages(pfn_to_page(ALIGN_DOWN(mem_map_pfn_end - 1, MAX_ORDER_NR_PAGES)), MAX_ORDER - 1);
	expect_report(count, "pfn outside the zone");
	free_pages((unsigned long)count & PAGE_MASK, 0);
	expect_report(count, "not a lowmem page address");
	free_pages((unsigned long)host_pfn_to_virt(pfn) + 8, 2);
	expect_report(count, "not a lowmem page address");
}

static void test_bad_frees(void)
{
	unsigned long count, pfn;
	struct page *p, *q;

	setup(&big_machine);
	count = host_printk_count;
	test_double_frees(&count);
	__free_page(pfn_to_page(BASE_PFN));
	expect_report(&count, "pfn:80000 order:0: free of a reserved page");
	__free_page(pfn_to_page(0x80a10));
	expect_report(&count, "free of a reserved page");

	p = take(GFP_KERNEL, 2);
	pfn = page_to_pfn(p);
	__free_pages(p, 1);
	expect_report(&count, "order mismatch (allocated as order 2)");
	__free_page(p);
	expect_report(&count, "order:0: order mismatch (allocated as order 2)");
	__free_pages(p + 1, 1);
	expect_report(&count, "pfn not aligned to the order");
	__free_pages(p, MAX_ORDER);
	expect_report(&count, "order too large");
	CHECK_EQ(p->flags, PG_head);
	CHECK_EQ(p->private, 2);

	/* A tail's struct page is "don't care": one that says nothing is not a block. */
	q = take(GFP_KERNEL, 1);
	memset(q + 1, 0, sizeof(*q));
	__free_page(q + 1);
	expect_report(&count, "not an allocated block");

	test_frees_outside(&count, pfn);

	__free_pages(NULL, 3);
	free_pages(0, 0);
	CHECK_EQ(host_printk_count, count);
	CHECK_EQ(pfn_to_page(pfn), p);
	drop_all();
	CHECK_EQ(host_printk_count, count);
	CHECK(back_to_boot_state());
}

static bool all_bytes(const u8 *p, size_t n, u8 v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void test_poison_big(void)
{
	unsigned long a, b, count, pfn;
	struct page *hp;
	char want[96];

	setup(&big_machine);
	page_poisoning_enabled = true;
	count = host_printk_count;
	a = __get_free_pages(GFP_KERNEL, 0);
	pfn = host_virt_to_pfn(a);
	memset((void *)a, 0x5c, PAGE_SIZE);
	free_pages(a, 0);
	CHECK(all_bytes((u8 *)a, PAGE_SIZE, PAGE_POISON));
	CHECK_EQ(pfn_to_page(pfn)->flags, PG_pcp | PG_poisoned);
	((u8 *)a)[123] = 0x11;	/* use after free */
	b = __get_free_pages(GFP_KERNEL, 0);
	CHECK_EQ(b, a);
	CHECK_EQ(host_printk_count, count + 1);
	snprintf(want, sizeof(want), "pfn:%lx: poison overwritten at offset 123 (use after free)", pfn);
	CHECK_MSG(strstr(host_last_printk, want), "got \"%s\"", host_last_printk);
	count = host_printk_count;
	free_pages(b, 0);
	CHECK_EQ(__get_free_pages(GFP_KERNEL, 0), a);	/* clean this time */
	free_pages(a, 0);

	a = __get_free_pages(GFP_KERNEL, 3);
	free_pages(a, 3);
	CHECK(all_bytes((u8 *)a, 8 * PAGE_SIZE, PAGE_POISON));

	/* Highmem is not poisoned (host_pfn_to_virt() would abort on a highmem pfn). */
	hp = alloc_page(GFP_HIGHUSER);
	CHECK(PageHighMem(hp));
	__free_page(hp);
	CHECK(!(hp->flags & PG_poisoned));

	/* Boot pages were never poisoned: handing out all of lowmem reports nothing. */
	for (struct page *p; (p = alloc_page(GFP_KERNEL | __GFP_NOWARN)) != NULL;)
		CHECK(take_block(p, 0, GFP_KERNEL, false));
	CHECK_EQ(zones[ZONE_NORMAL].free_pages, 0);
	CHECK_EQ(host_printk_count, count);
	drop_all();
	CHECK(back_to_boot_state());
	page_poisoning_enabled = false;
}

static void test_poison_merge(void)
{
	struct zone *z = &zones[ZONE_NORMAL];
	struct page *p[4], *q;
	unsigned long count;

	/* Four poisoned pages merge into a poisoned order-2 block. */
	setup(&tiny_machine);
	page_poisoning_enabled = true;
	count = host_printk_count;
	for (int i = 0; i < 4; i++)
		p[i] = alloc_page(GFP_KERNEL);
	CHECK_EQ(host_printk_count, count);
	CHECK_EQ(z->free_pages, 0);
	for (int i = 0; i < 4; i++)
		__free_page(p[i]);
	zone_drain_pcp(z);
	CHECK_EQ(z->free_area[2].nr_free, 1);
	CHECK_EQ(pfn_to_page(0x80004)->flags, PG_buddy | PG_poisoned);
	m.arena[6 * PAGE_SIZE + 77] = 0;	/* pfn 0x80006 */
	q = alloc_pages(GFP_KERNEL, 2);
	CHECK_EQ(page_to_pfn(q), 0x80004);
	CHECK_EQ(host_printk_count, count + 1);
	CHECK(strstr(host_last_printk, "pfn:80006: poison overwritten at offset 77"));
	__free_pages(q, 2);
	/* Splitting a poisoned block keeps the upper halves poisoned. */
	m.arena[7 * PAGE_SIZE + 5] = 0;		/* pfn 0x80007 */
	for (int i = 0; i < 4; i++)
		p[i] = alloc_page(GFP_KERNEL);
	CHECK_EQ(host_printk_count, count + 2);
	CHECK(strstr(host_last_printk, "pfn:80007: poison overwritten at offset 5"));

	/* A poisoned page merging with never-poisoned buddies gives an unpoisoned block. */
	setup(&tiny_machine);
	page_poisoning_enabled = true;
	count = host_printk_count;
	q = alloc_page(GFP_KERNEL);
	CHECK_EQ(page_to_pfn(q), 0x80004);
	__free_page(q);
	zone_drain_pcp(z);
	CHECK_EQ(z->free_area[2].nr_free, 1);
	CHECK_EQ(pfn_to_page(0x80004)->flags, PG_buddy);
	CHECK(alloc_pages(GFP_KERNEL, 2) == q);	/* pages 5..7 hold garbage: no report */
	CHECK_EQ(host_printk_count, count);
	page_poisoning_enabled = false;
}

static void test_zeroing(void)
{
	struct page *p;
	unsigned long a;

	setup(&big_machine);
	p = take(GFP_KERNEL | __GFP_ZERO, 1);
	CHECK(all_bytes(host_pfn_to_virt(page_to_pfn(p)), 2 * PAGE_SIZE, 0));
	/* No clear_highpage() on the host: zeroed highuser pages come from lowmem. */
	p = take(GFP_HIGHUSER | __GFP_ZERO, 0);
	CHECK(!PageHighMem(p));
	CHECK(all_bytes(host_pfn_to_virt(page_to_pfn(p)), PAGE_SIZE, 0));
	a = get_zeroed_page(GFP_KERNEL);
	CHECK(a && all_bytes((u8 *)a, PAGE_SIZE, 0));
	CHECK(take_block(pfn_to_page(host_virt_to_pfn(a)), 0, GFP_KERNEL, true));
	p = take(GFP_HIGHUSER, 0);
	CHECK(PageHighMem(p));
	drop_all();
	CHECK(back_to_boot_state());
}

static void test_fast_path(void)
{
	struct zone *z = &zones[ZONE_NORMAL];
	unsigned long nr_free[MAX_ORDER], free_pages;
	unsigned int pcp, moved = 0, over = 0;
	struct page *p, *q;

	setup(&big_machine);
	p = alloc_page(GFP_KERNEL);
	__free_page(p);
	for (int o = 0; o < MAX_ORDER; o++)
		nr_free[o] = z->free_area[o].nr_free;
	pcp = z->pcp_count;
	free_pages = z->free_pages;
	CHECK(pcp > 0);
	for (int i = 0; i < 1000; i++) {
		q = alloc_page(GFP_KERNEL);
		moved += q != p;
		__free_page(q);
		for (int o = 0; o < MAX_ORDER; o++)
			moved += z->free_area[o].nr_free != nr_free[o];
		moved += z->pcp_count != pcp || z->free_pages != free_pages;
	}
	CHECK_EQ(moved, 0);

	/* Many order-0 frees: the cache drains in batches and never exceeds pcp_high. */
	for (int i = 0; i < 1000; i++)
		CHECK(take_block(alloc_page(GFP_KERNEL), 0, GFP_KERNEL, false));
	while (m.nr_live) {
		drop_block(m.nr_live - 1);
		over += z->pcp_count > z->pcp_high;
	}
	CHECK_EQ(over, 0);
	CHECK(z->pcp_count > 0);
	CHECK(back_to_boot_state());
}

int main(void)
{
	test_boot_decomposition();
	test_boot_accounting();
	test_order_limits();
	test_random_sequences();
	test_exhaustion_highuser();
	test_exhaustion_kernel();
	test_bad_frees();
	test_double_free_after_merge();
	test_poison_big();
	test_poison_merge();
	test_zeroing();
	test_fast_path();
	release_machine();
	return ktest_summary();
}
