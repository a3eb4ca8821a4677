/* SPDX-License-Identifier: MIT */
/*
 * The buddy page allocator: one instance per zone, with Linux's
 * semantics in small (mm/page_alloc.c of Linux 6.1 is the spec).
 *
 * Each zone keeps, per order 0..MAX_ORDER-1, a list of free blocks of
 * 2^order pages aligned to their size.  Allocation takes the smallest
 * block that fits and splits it; freeing merges a block with its buddy
 * (pfn ^ 2^order) for as long as the buddy is free and of the same order.
 * Order-0 requests go through an order-0 cache (Linux's per-cpu pages):
 * refilled from and drained to the buddy lists pcp_batch pages at a time.
 *
 * The struct page protocol.  Only the struct page of a block's FIRST
 * page (its head) carries meaning, with the zone number in PG_ZONE bits:
 *
 *   free block head        PG_buddy [|PG_poisoned], private = order,
 *                          lru on free_area[order]
 *   order-0 cache page     PG_pcp [|PG_poisoned], private = 0, lru on pcp_list
 *   allocated block head   PG_head [|PG_slab...], private = order
 *   reserved page          PG_reserved (every page of a reserved range)
 *   anything else          don't care: never read by the allocator
 *
 * Why only heads are read (lazy mem_map).  The pages of the zone span
 * are tiled by blocks (free, cached or allocated), each aligned to its
 * size, plus reserved pages.  The buddy B of a block P of order k is
 * aligned to 2^k.  If B is covered by a block of order j <= k, B is that
 * block's head; a block of order j > k containing B would contain P too,
 * which is impossible.  So every buddy looked at is a head, a reserved
 * page, or outside the zone span (checked by pfn).  Absorbed heads keep a
 * stale PG_buddy, which is harmless (never a buddy candidate) and turns a
 * later free of them into a "double free" report.
 *
 * Out of scope: watermarks and reclaim, migrate types, compaction, NUMA
 * and SMP (one CPU, no locking: nothing may allocate or free pages from
 * an interrupt handler until interrupt masking is wired in here), and
 * poisoning of highmem pages (they have no mapping until kmap exists).
 */
#include <string.h>

#include <meridian/gfp.h>
#include <meridian/kallsyms.h>
#include <meridian/kernel.h>
#ifndef MERIDIAN_HOST
#include <meridian/params.h>
#endif


/*
 * Locking.  The order-0 cache is this CPU's (one CPU runs today; with
 * SMP it becomes one per CPU, as Linux's per-cpu pages): masking IRQs
 * protects it.  The buddy lists and the counters are shared: the zone
 * spinlock, taken with IRQs already masked, protects them.
 */
#ifdef MERIDIAN_HOST
#define local_irq_save(flags) ((flags) = 0)
#define local_irq_restore(flags) ((void)(flags))
#define zone_lock(z) ((void)(z))
#define zone_unlock(z) ((void)(z))
#else
#define zone_lock(z) arch_spin_lock(&(z)->lock)
#define zone_unlock(z) arch_spin_unlock(&(z)->lock)
#endif

/*
 * Order-0 cache sizing, after Linux's zone_batchsize() and pcp->high:
 * one batch page per 2^PCP_BATCH_SHIFT pages of zone, at most
 * PCP_BATCH_MAX, and the cache drains above PCP_HIGH_BATCHES batches.
 */
#define PCP_BATCH_MAX 31
#define PCP_BATCH_SHIFT 8
#define PCP_HIGH_BATCHES 6

/* Keep the slow paths out of the order-0 fast paths' registers and cache lines. */
#ifndef noinline
#define noinline __attribute__((noinline))
#endif
#ifndef __cold
#define __cold __attribute__((cold))
#endif

/* Per-file trace switch: 1 logs boot ranges and cache refills/drains. */
#define PAGE_ALLOC_TRACE 0
#define buddy_trace(fmt, ...)						\
	do {								\
		if (PAGE_ALLOC_TRACE)					\
			pr_info("page_alloc: " fmt, ##__VA_ARGS__);	\
	} while (0)

struct page *mem_map;
unsigned long mem_map_pfn_base, mem_map_pfn_end;
struct zone zones[MAX_NR_ZONES];
bool page_poisoning_enabled;

/*
 * Zeroes a highmem page through a temporary mapping.  Weak: until the
 * kmap code provides it, __GFP_ZERO|__GFP_HIGHMEM is served from lowmem.
 */
extern void clear_highpage(struct page *page) __attribute__((weak));

/* Bit per order: the failure of (preferred zone, order) was logged. */
static u16 alloc_fail_warned[MAX_NR_ZONES];

#ifdef MERIDIAN_HOST
/* Supplied by the host test: its arena standing in for the direct map. */
void *host_pfn_to_virt(unsigned long pfn);
unsigned long host_virt_to_pfn(unsigned long addr);	/* ~0UL if not a lowmem address */
#endif

/* The direct-map address of a lowmem page (the kernel's page_address()). */
static void *lowmem_page_address(const struct page *page)
{
#ifdef MERIDIAN_HOST
	return host_pfn_to_virt(page_to_pfn(page));
#else
	return __va(page_to_phys(page));
#endif
}

/* The pfn of a page-aligned lowmem address; false for any other address. */
static bool lowmem_virt_to_pfn(unsigned long addr, unsigned long *pfn)
{
	if (addr & ~PAGE_MASK)
		return false;
#ifdef MERIDIAN_HOST
	*pfn = host_virt_to_pfn(addr);
	return *pfn != ~0UL;
#else
	if (!virt_addr_valid_lowmem(addr))
		return false;
	*pfn = (unsigned long)(__pa(addr) >> PAGE_SHIFT);
	return true;
#endif
}

static inline u32 zone_flags(const struct zone *z)
{
	return (u32)(z - zones) << PG_ZONE_SHIFT;
}

static inline bool zone_is_highmem(const struct zone *z)
{
	return z == &zones[ZONE_HIGHMEM];
}

static inline void free_area_add(struct zone *z, struct page *page, unsigned int order,
				 u32 poisoned)
{
	page->flags = zone_flags(z) | PG_buddy | poisoned;
	page->private = order;
	list_add(&page->lru, &z->free_area[order].free_list);
	z->free_area[order].nr_free++;
}

static inline void free_area_del(struct zone *z, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	z->free_area[order].nr_free--;
}

/*
 * rmqueue - take a block of exactly 2^order pages off the buddy lists,
 * splitting the smallest larger block and freeing its upper halves.
 * Returns the head, still flagged PG_buddy (with the block's poison bit),
 * or NULL.  Leaves free_pages to the caller.
 */
static struct page *rmqueue(struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct list_head *list = &z->free_area[o].free_list;
		struct page *page;
		u32 poisoned;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		free_area_del(z, page, o);
		poisoned = page->flags & PG_poisoned;
		while (o > order) {
			o--;
			free_area_add(z, page + (1UL << o), o, poisoned);
		}
		return page;
	}
	return NULL;
}

/*
 * buddy_free - put the free block (page, pfn, order) on the buddy lists,
 * merging it with its buddy while that is a free block of the same order
 * inside the zone.  The merged block is poisoned only if both halves were.
 * Leaves free_pages to the caller.
 */
static void buddy_free(struct zone *z, struct page *page, unsigned long pfn, unsigned int order,
		       u32 poisoned)
{
	unsigned long start = z->zone_start_pfn, end = start + z->spanned_pages;

	/* If this block is absorbed as an upper half, its head still reads as free. */
	page->flags = zone_flags(z) | PG_buddy;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (buddy_pfn < start || buddy_pfn >= end)
			break;
		buddy = pfn_to_page(buddy_pfn);
		if ((buddy->flags & (PG_buddy | PG_reserved)) != PG_buddy || buddy->private != order)
			break;
		free_area_del(z, buddy, order);
		poisoned &= buddy->flags;
		if (buddy_pfn < pfn) {
			page = buddy;
			pfn = buddy_pfn;
		}
		order++;
	}
	free_area_add(z, page, order, poisoned);
}

/* Moves up to pcp_batch order-0 pages from the buddy lists to the cache; returns how many. */
static noinline unsigned int pcp_refill(struct zone *z)
{
	unsigned int n;

	for (n = 0; n < z->pcp_batch; n++) {
		struct page *page = rmqueue(z, 0);

		if (!page)
			break;
		page->flags = zone_flags(z) | PG_pcp | (page->flags & PG_poisoned);
		page->private = 0;
		list_add_tail(&page->lru, &z->pcp_list);
	}
	z->pcp_count += n;
	buddy_trace("%s: pcp refill %u\n", z->name, n);
	return n;
}

/* Gives the count coldest cached pages (the list's tail) back to the buddy lists. */
static noinline void pcp_free_batch(struct zone *z, unsigned int count)
{
	buddy_trace("%s: pcp drain %u of %u\n", z->name, count, z->pcp_count);
	while (count-- && !list_empty(&z->pcp_list)) {
		struct page *page = list_entry(z->pcp_list.prev, struct page, lru);

		list_del(&page->lru);
		z->pcp_count--;
		buddy_free(z, page, page_to_pfn(page), 0, page->flags & PG_poisoned);
	}
}

/*
 * zone_drain_pcp - empty the zone's order-0 cache into the buddy lists,
 * so that free_area shows exactly what is free (buddyinfo, tests, and a
 * higher-order allocation that failed).  free_pages is unchanged.
 */
static void __zone_drain_pcp(struct zone *z)
{
	pcp_free_batch(z, z->pcp_count);
}

void zone_drain_pcp(struct zone *z)
{
	unsigned long flags;

	local_irq_save(flags);
	zone_lock(z);
	__zone_drain_pcp(z);
	zone_unlock(z);
	local_irq_restore(flags);
}

/* Reports the first byte of a poisoned page that is not PAGE_POISON any more. */
static void check_poison_page(unsigned long pfn, const u8 *p)
{
	for (unsigned int off = 0; off < PAGE_SIZE; off++) {
		if (unlikely(p[off] != PAGE_POISON)) {
			pr_err("BUG: Bad page state: pfn:%lx: poison overwritten at offset %u "
			       "(use after free)\n",
			       pfn, off);
			return;
		}
	}
}

/*
 * Checks a block whose head says PG_poisoned: it was filled with
 * PAGE_POISON when freed, so any other byte was written after the free.
 * Only lowmem blocks are ever poisoned.  The block is handed out anyway.
 */
static noinline void check_poison(struct page *page, unsigned int order)
{
	const u8 *base = lowmem_page_address(page);
	unsigned long pfn = page_to_pfn(page);

	for (unsigned long i = 0; i < (1UL << order); i++)
		check_poison_page(pfn + i, base + i * PAGE_SIZE);
}

static struct page *buddy_alloc(struct zone *z, unsigned int order)
{
	struct page *page = rmqueue(z, order);

	/* Cached order-0 pages may be what keeps the buddies apart. */
	if (!page && z->pcp_count) {
		__zone_drain_pcp(z);
		page = rmqueue(z, order);
	}
	return page;
}

/*
 * The order-0 fast path (Linux's per-cpu lists): pop the hottest cached
 * page if it needs no poison check.  NULL sends the caller to the slow
 * path.  No splitting or merging here.
 */
static inline struct page *pcp_alloc_fast(struct zone *z)
{
	struct page *page;

	if (unlikely(list_empty(&z->pcp_list)))
		return NULL;
	page = list_first_entry(&z->pcp_list, struct page, lru);
	if (unlikely(page->flags & PG_poisoned))
		return NULL;
	list_del(&page->lru);
	z->pcp_count--;
	z->free_pages--;
	page->flags = zone_flags(z) | PG_head;
	page->private = 0;
	return page;
}

/* Everything but a cache hit: refills, higher orders, poison checks. */
static struct page *zone_alloc_slow(struct zone *z, unsigned int order)
{
	struct page *page;

	if (order == 0) {
		if (list_empty(&z->pcp_list) && !pcp_refill(z))
			return NULL;
		page = list_first_entry(&z->pcp_list, struct page, lru);
		list_del(&page->lru);
		z->pcp_count--;
	} else {
		if (order >= MAX_ORDER)
			return NULL;
		page = buddy_alloc(z, order);
		if (!page)
			return NULL;
	}
	z->free_pages -= 1UL << order;
	if (page->flags & PG_poisoned)
		check_poison(page, order);
	page->flags = zone_flags(z) | PG_head;
	page->private = order;
	return page;
}

/*
 * zone_alloc_pages - a block of 2^order pages from zone z.
 * Order 0 comes from the order-0 cache (refilled in a batch when empty);
 * larger orders from the buddy lists.  Never logs (except a poison
 * report).  Returns the head, flagged PG_head with private = order, or
 * NULL if order >= MAX_ORDER or the zone has no such block.  Context:
 * any, with interrupts on or off; never sleeps.
 */
struct page *zone_alloc_pages(struct zone *z, unsigned int order)
{
	struct page *page = NULL;
	unsigned long flags;

	local_irq_save(flags);
	if (likely(order == 0))
		page = pcp_alloc_fast(z);	/* this CPU's cache: IRQs off suffice */
	if (!page) {
		zone_lock(z);
		page = zone_alloc_slow(z, order);
		zone_unlock(z);
	}
	local_irq_restore(flags);
	return page;
}

enum free_verdict {
	FREE_OK,
	FREE_OUTSIDE,
	FREE_BAD_ORDER,
	FREE_MISALIGNED,
	FREE_RESERVED,
	FREE_DOUBLE,
	FREE_NOT_ALLOCATED,
	FREE_ORDER_MISMATCH,
};

static const char *const free_verdict_text[] = {
	[FREE_OK] = "ok",
	[FREE_OUTSIDE] = "pfn outside the zone",
	[FREE_BAD_ORDER] = "order too large",
	[FREE_MISALIGNED] = "pfn not aligned to the order",
	[FREE_RESERVED] = "free of a reserved page",
	[FREE_DOUBLE] = "double free",
	[FREE_NOT_ALLOCATED] = "not an allocated block",
	[FREE_ORDER_MISMATCH] = "order mismatch",
};

/*
 * Is (page, pfn, order) a block this zone handed out?  The struct page is
 * read only once the pfn is known to be inside the zone (and so inside
 * mem_map: zone_init checks that).  A tail page's struct is whatever it
 * last was, so a free of a page inside another block is caught only when
 * that struct says so (stale PG_buddy: "double free"): best effort.
 */
static inline enum free_verdict free_check(const struct zone *z, const struct page *page,
					   unsigned long pfn, unsigned int order)
{
	unsigned long off = pfn - z->zone_start_pfn;
	u32 flags;

	if (unlikely(off >= z->spanned_pages))
		return FREE_OUTSIDE;
	if (unlikely(order >= MAX_ORDER))
		return FREE_BAD_ORDER;
	if (unlikely(z->spanned_pages - off < (1UL << order)))
		return FREE_OUTSIDE;
	if (unlikely(pfn & ((1UL << order) - 1)))
		return FREE_MISALIGNED;
	flags = page->flags;
	if (likely((flags & (PG_head | PG_buddy | PG_pcp | PG_reserved)) == PG_head &&
		   page->private == order))
		return FREE_OK;
	if (flags & PG_reserved)
		return FREE_RESERVED;
	if (flags & (PG_buddy | PG_pcp))
		return FREE_DOUBLE;
	if (!(flags & PG_head))
		return FREE_NOT_ALLOCATED;
	return FREE_ORDER_MISMATCH;
}

static noinline __cold void report_bad_free(enum free_verdict v, const struct page *page,
					   unsigned long pfn, unsigned int order, void *caller)
{
	char sym[KSYM_NAME_LEN + 32];

	sprint_symbol(sym, sizeof(sym), (vaddr_t)caller);
	if (v == FREE_ORDER_MISMATCH)
		pr_err("BUG: Bad page state: pfn:%lx order:%u: order mismatch (allocated as order "
		       "%u) (caller %s)\n",
		       pfn, order, (unsigned int)page->private, sym);
	else
		pr_err("BUG: Bad page state: pfn:%lx order:%u: %s (caller %s)\n", pfn, order,
		       free_verdict_text[v], sym);
	dump_stack();
}

/* Checks a free, poisons the block, and puts it on the cache or the buddy lists. */
static void zone_free_slow(struct zone *z, struct page *page, unsigned int order, void *caller)
{
	unsigned long pfn = page_to_pfn(page);
	enum free_verdict v = free_check(z, page, pfn, order);
	u32 poisoned = 0;

	if (unlikely(v != FREE_OK)) {
		report_bad_free(v, page, pfn, order, caller);
		return;
	}
	if (page_poisoning_enabled && !zone_is_highmem(z)) {
		memset(lowmem_page_address(page), PAGE_POISON, PAGE_SIZE << order);
		poisoned = PG_poisoned;
	}
	z->free_pages += 1UL << order;
	if (order == 0) {
		page->flags = zone_flags(z) | PG_pcp | poisoned;
		page->private = 0;
		list_add(&page->lru, &z->pcp_list);
		if (++z->pcp_count > z->pcp_high)
			pcp_free_batch(z, z->pcp_batch);
		return;
	}
	buddy_free(z, page, pfn, order, poisoned);
}

/*
 * The order-0 fast path: a valid allocated page of this zone goes onto
 * the cache when there is room and no poisoning.  false sends the caller
 * to zone_free_slow(), which also diagnoses.
 */
static inline bool pcp_free_fast(struct zone *z, struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	if (unlikely(pfn - z->zone_start_pfn >= z->spanned_pages ||
		     (page->flags & (PG_head | PG_buddy | PG_pcp | PG_reserved)) != PG_head ||
		     page->private != 0 || page_poisoning_enabled || z->pcp_count >= z->pcp_high))
		return false;
	page->flags = zone_flags(z) | PG_pcp;
	list_add(&page->lru, &z->pcp_list);
	z->pcp_count++;
	z->free_pages++;
	return true;
}

/*
 * zone_free_pages - give back a block that zone_alloc_pages() returned.
 * page: its head (NULL is ignored); order: as allocated; caller: named in
 * a report.  A bad free (see free_verdict_text) is reported with pr_err
 * and ignored: nothing is changed.  With page_poisoning_enabled, lowmem
 * blocks are filled with PAGE_POISON.  Context: any; never sleeps.
 */
void zone_free_pages(struct zone *z, struct page *page, unsigned int order, void *caller)
{
	unsigned long flags;

	if (unlikely(!page))
		return;
	local_irq_save(flags);
	if (!(likely(order == 0) && pcp_free_fast(z, page))) {
		zone_lock(z);
		zone_free_slow(z, page, order, caller);
		zone_unlock(z);
	}
	local_irq_restore(flags);
}

/* Linux's zone_batchsize(), simplified: small zones get small batches. */
static unsigned int pcp_batch_for(unsigned long present_pages)
{
	unsigned long batch = present_pages >> PCP_BATCH_SHIFT;

	return (unsigned int)MAX(1UL, MIN(batch, (unsigned long)PCP_BATCH_MAX));
}

/*
 * zone_init - make z (an element of zones[]) an empty zone spanning
 * [start_pfn, start_pfn + spanned_pages), present_pages of them RAM.
 * Preconditions: mem_map and its pfn range are set, and cover the span.
 * Sets the order-0 cache sizes from present_pages.  Boot only.
 */
void zone_init(struct zone *z, const char *name, unsigned long start_pfn,
	       unsigned long spanned_pages, unsigned long present_pages)
{
	BUG_ON(z < zones || z >= zones + MAX_NR_ZONES);
	BUG_ON(spanned_pages && (start_pfn < mem_map_pfn_base || start_pfn >= mem_map_pfn_end ||
				 mem_map_pfn_end - start_pfn < spanned_pages));
	memset(z, 0, sizeof(*z));
	z->name = name;
	z->zone_start_pfn = start_pfn;
	z->spanned_pages = spanned_pages;
	z->present_pages = MIN(present_pages, spanned_pages);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&z->free_area[o].free_list);
	INIT_LIST_HEAD(&z->pcp_list);
	z->pcp_batch = pcp_batch_for(z->present_pages);
	z->pcp_high = PCP_HIGH_BATCHES * z->pcp_batch;
	alloc_fail_warned[z - zones] = 0;
}

/* The largest naturally aligned block at pfn that ends by end. */
static unsigned int boot_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = MAX_ORDER - 1;

	if (pfn)
		order = MIN((unsigned int)__builtin_ctzl(pfn), order);
	while ((1UL << order) > end - pfn)
		order--;
	return order;
}

/*
 * zone_add_free_range - boot: hand [start_pfn, start_pfn + nr_pages) to z
 * as free, in the largest naturally aligned blocks (at most
 * MAX_ORDER_NR_PAGES).  Writes one struct page per block, never the pages
 * themselves (they are not poisoned).  Parts outside the zone are
 * reported and dropped.
 * Preconditions: the range is RAM and not already free or reserved; every
 * other pfn of the zone span is either given here or reserved with
 * reserve_page_range() (holes included), because a buddy's struct page is
 * trusted once its pfn is in the span.  Blocks of separate calls are not
 * merged at boot: pass adjacent free memory as one range.
 */
void zone_add_free_range(struct zone *z, unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long zend = z->zone_start_pfn + z->spanned_pages;
	unsigned long end = start_pfn + nr_pages;

	if (end < start_pfn)
		end = ~0UL;
	if (start_pfn < z->zone_start_pfn || end > zend) {
		pr_warn("page_alloc: free pfns %lx-%lx outside zone %s (%lx-%lx), clipped\n",
			start_pfn, end, z->name, z->zone_start_pfn, zend);
		start_pfn = MAX(start_pfn, z->zone_start_pfn);
		end = MIN(end, zend);
		if (start_pfn >= end)
			return;
	}
	buddy_trace("%s: free pfns %lx-%lx\n", z->name, start_pfn, end);
	for (unsigned long pfn = start_pfn; pfn < end;) {
		unsigned int order = boot_block_order(pfn, end);

		free_area_add(z, pfn_to_page(pfn), order, 0);
		pfn += 1UL << order;
	}
	z->free_pages += end - start_pfn;
	z->managed_pages += end - start_pfn;
}

/*
 * reserve_page_range - boot: mark every struct page of [start_pfn,
 * start_pfn + nr_pages) PG_reserved (with its zone), so that the buddy
 * allocator never merges with or frees them.  Pfns without a struct page
 * are reported and skipped.  Preconditions: the zones are initialised
 * and none of these pages was given as free.
 */
void reserve_page_range(unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long end = start_pfn + nr_pages;

	if (end < start_pfn)
		end = ~0UL;
	if (nr_pages && (!pfn_valid(start_pfn) || !pfn_valid(end - 1))) {
		pr_warn("page_alloc: reserved pfns %lx-%lx outside mem_map (%lx-%lx), clipped\n",
			start_pfn, end, mem_map_pfn_base, mem_map_pfn_end);
		start_pfn = MAX(start_pfn, mem_map_pfn_base);
		end = MIN(end, mem_map_pfn_end);
	}
	for (unsigned long pfn = start_pfn; pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->flags = PG_reserved | ((u32)page_zonenum(page) << PG_ZONE_SHIFT);
		page->private = 0;
		INIT_LIST_HEAD(&page->lru);
	}
}

/* The highest zone gfp may use: zeroing highmem needs clear_highpage(). */
static enum zone_type gfp_highest_zone(gfp_t gfp)
{
	if (!(gfp & __GFP_HIGHMEM))
		return ZONE_NORMAL;
	if ((gfp & __GFP_ZERO) && !clear_highpage)
		return ZONE_NORMAL;
	return ZONE_HIGHMEM;
}

/* Linux's warn_alloc(), once per (preferred zone, order). */
static noinline __cold void warn_alloc_failure(gfp_t gfp, unsigned int order,
					      enum zone_type highest, void *caller)
{
	char sym[KSYM_NAME_LEN + 32];

	if ((gfp & __GFP_NOWARN) || (alloc_fail_warned[highest] & (1u << order)))
		return;
	alloc_fail_warned[highest] |= (u16)(1u << order);
	sprint_symbol(sym, sizeof(sym), (vaddr_t)caller);
	pr_warn("%s: page allocation failure: order:%u, mode:0x%x(%s%s), free pages:%lu\n", sym,
		order, gfp, (gfp & __GFP_HIGHMEM) ? "GFP_HIGHUSER" : "GFP_KERNEL",
		(gfp & __GFP_ZERO) ? "|__GFP_ZERO" : "", nr_free_pages());
}

static noinline __cold void zero_block(struct page *page, unsigned int order)
{
	if (!PageHighMem(page)) {
		memset(lowmem_page_address(page), 0, PAGE_SIZE << order);
		return;
	}
	/* Only the pointers of the tail pages are used, not their structs. */
	for (unsigned long i = 0; i < (1UL << order); i++)
		clear_highpage(page + i);
}

/* alloc_pages() on behalf of caller (named in the failure message). */
static struct page *alloc_pages_caller(gfp_t gfp, unsigned int order, void *caller)
{
	enum zone_type highest = gfp_highest_zone(gfp);
	struct page *page = NULL;

	if (unlikely(order >= MAX_ORDER))
		return NULL;
	for (int i = (int)highest; i >= 0; i--) {
		struct zone *z = &zones[i];

		if (!z->managed_pages)
			continue;
		page = zone_alloc_pages(z, order);	/* takes the zone lock */
		if (likely(page))
			break;
		z->alloc_fail++;
	}
	if (unlikely(!page)) {
		warn_alloc_failure(gfp, order, highest, caller);
		return NULL;
	}
	if (gfp & __GFP_ZERO)
		zero_block(page, order);
	return page;
}

/*
 * alloc_pages - 2^order contiguous pages (see gfp.h for the zones).
 * __GFP_ZERO zeroes them; with __GFP_HIGHMEM that takes highmem only if
 * clear_highpage() exists, else lowmem.  Returns the head, or NULL (order
 * too large: silently; out of memory: logged once per preferred zone and
 * order unless __GFP_NOWARN).  Context: any; never sleeps.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	/* A cache hit in the preferred zone is what the slow path would return too. */
	if (likely(order == 0 && !(gfp & __GFP_ZERO))) {
		struct zone *z = &zones[(gfp & __GFP_HIGHMEM) ? ZONE_HIGHMEM : ZONE_NORMAL];
		unsigned long flags;
		struct page *page;

		local_irq_save(flags);
		page = pcp_alloc_fast(z);
		local_irq_restore(flags);
		if (likely(page))
			return page;
	}
	return alloc_pages_caller(gfp, order, __builtin_return_address(0));
}

/* __free_pages - free a block from alloc_pages(); bad frees are reported and ignored. */
void __free_pages(struct page *page, unsigned int order)
{
	struct zone *z;

	if (unlikely(!page))
		return;
	z = page_zone(page);
	zone_free_pages(z, page, order, __builtin_return_address(0));
}

static unsigned long get_free_pages_caller(gfp_t gfp, unsigned int order, void *caller)
{
	struct page *page = alloc_pages_caller(gfp & ~__GFP_HIGHMEM, order, caller);

	return page ? (unsigned long)lowmem_page_address(page) : 0;
}

/* __get_free_pages - lowmem pages by address (__GFP_HIGHMEM is ignored); 0 on failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	return get_free_pages_caller(gfp, order, __builtin_return_address(0));
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return get_free_pages_caller(gfp | __GFP_ZERO, 0, __builtin_return_address(0));
}

/*
 * free_pages - free by address what __get_free_pages() returned.  0 is
 * ignored; an address that is not a page-aligned lowmem address is
 * reported and ignored, as is any bad free.
 */
void free_pages(unsigned long addr, unsigned int order)
{
	void *caller = __builtin_return_address(0);
	unsigned long pfn;
	struct page *page;

	if (!addr)
		return;
	if (!lowmem_virt_to_pfn(addr, &pfn) || !pfn_valid(pfn)) {
		char sym[KSYM_NAME_LEN + 32];

		sprint_symbol(sym, sizeof(sym), (vaddr_t)caller);
		pr_err("BUG: Bad page state: free_pages(0x%lx, %u): not a lowmem page address "
		       "(caller %s)\n",
		       addr, order, sym);
		return;
	}
	page = pfn_to_page(pfn);
	zone_free_pages(page_zone(page), page, order, caller);
}

/* Free pages in all zones, counting the order-0 caches. */
unsigned long nr_free_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += zones[i].free_pages;
	return n;
}

#ifndef MERIDIAN_HOST
/* page_poison=1 (or bare page_poison): poison freed lowmem pages and check on allocation. */
static int setup_page_poison(const char *val, void *ctx)
{
	bool on = true;

	(void)ctx;
	if (val && parse_bool(val, &on) < 0) {
		pr_warn("page_poison=%s: expected 0 or 1, ignored\n", val);
		return 0;
	}
	page_poisoning_enabled = on;
	if (on)
		pr_info("page_alloc: page poisoning enabled (lowmem only)\n");
	return 0;
}
early_param("page_poison", setup_page_poison);
#endif
