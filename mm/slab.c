/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator: caches of fixed-size objects carved out of blocks
 * of 2^order lowmem pages from the buddy allocator, and kmalloc on top of
 * ten power-of-two caches (kmalloc-8 .. kmalloc-4096).  Bigger kmalloc
 * requests are whole pages.  See meridian/slab.h for the interface.
 *
 * Like SLUB, a slab keeps no header in its memory: all of its state lives
 * in the struct page of its first page (the head), so a 4096-byte cache
 * fits exactly 8 objects in an order-3 slab.  A free object holds the
 * link to the next free one (struct slab_freeptr), either in its first
 * 8 bytes or, for caches with a constructor, just after the object so
 * that the constructed state survives a free.
 *
 * page->private of a page owned by the slab allocator (PG_slab set):
 *
 *    31  30 29            22 21              12 11                  0
 *   +------+----------------+------------------+--------------------+
 *   | HEAD |   cache slot   |  objects in use  | first free >> 3    |
 *   +------+----------------+------------------+--------------------+
 *   | TAIL |                0                  | page index in slab |
 *   +------+-----------------------------------+--------------------+
 *   | LARGE|                0                  | order              |
 *   +------+-----------------------------------+--------------------+
 *
 * "first free" is the byte offset of the first free object in the slab,
 * in units of 8 bytes; when all objects are in use it is meaningless.
 * Every page of a multi-page slab has PG_slab, so kfree finds the head
 * from any object.  A large kmalloc marks only its head page.  The head's
 * private is given back as the block's order (what the buddy allocator
 * put there) before the pages are freed; PG_head is left alone.
 *
 * Each cache keeps slabs on three lists: partial (some objects free, the
 * allocation source), full, and free (all objects free; at most
 * SLAB_CACHED_EMPTY of them, the rest go back to the buddy allocator).
 * A slab that empties while it is the only partial one stays on partial,
 * so alloc/free ping-pong costs no list moves; kmem_cache_shrink() and
 * kmem_cache_destroy() give back that one too.
 *
 * A free object's check word makes a double free cheap to spot; the mark
 * can be user data in an allocated object, so a free-list walk confirms
 * it.  Pointers into objects, foreign pages, wrong caches and double
 * frees are reported ("BUG: kfree: <reason> at <ptr> (caller <sym>)")
 * and ignored.  A corrupted free list (write after free) panics.
 *
 * Out of scope: per-CPU caches, locking (single CPU, interrupts off for
 * now; see "lock" comments), SLAB_* creation flags (ignored), red zones,
 * NUMA.  Large kmalloc pages are not counted in slab_total_bytes(), as
 * Linux does not count them in meminfo's Slab line.
 */
#include <string.h>

#include <meridian/gfp.h>
#include <meridian/kallsyms.h>
#include <meridian/kernel.h>
#include <meridian/slab.h>

/* On the host under ASan, free objects and free pointers are poisoned. */
#if defined(MERIDIAN_HOST) && defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_ASAN 1
#endif
#endif
#if defined(MERIDIAN_HOST) && defined(__SANITIZE_ADDRESS__)
#define SLAB_ASAN 1
#endif
#ifdef SLAB_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* --- Tunables --- */
#define SLAB_MAX_CACHES 64	/* cache descriptors: 10 kmalloc classes + created caches */
#define SLAB_CACHED_EMPTY 1	/* empty slabs a cache keeps instead of freeing them */
#define SLAB_MAX_ORDER 3	/* largest slab: 2^3 pages (Linux's slub_max_order) */
#define SLAB_MIN_OBJS 8		/* a slab grows (up to SLAB_MAX_ORDER) to hold this many */
#define SLAB_WASTE_FRACTION 8	/* ... and to waste at most 1/8 of itself */
#define SLAB_NAME_LEN 32	/* cache names are copied, truncated to this */

#define KMALLOC_SHIFT_LOW 3	/* kmalloc-8 */
#define KMALLOC_SHIFT_HIGH 12	/* kmalloc-4096 */
#define KMALLOC_NR (KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 1)

/* --- page->private encoding (diagram above) --- */
#define SLAB_TYPE_SHIFT 30
#define SLAB_TYPE_HEAD 1u
#define SLAB_TYPE_TAIL 2u
#define SLAB_TYPE_LARGE 3u
#define SLAB_SLOT_SHIFT 22
#define SLAB_SLOT_MASK 0xffu
#define SLAB_INUSE_SHIFT 12
#define SLAB_INUSE_MASK 0x3ffu
#define SLAB_INUSE_ONE (1u << SLAB_INUSE_SHIFT)
#define SLAB_FREE_MASK 0xfffu
#define SLAB_FREE_UNIT_SHIFT 3	/* free offsets are stored in units of 8 bytes */
#define SLAB_LOW_MASK 0xfffu	/* tail index / large order */

#define SLAB_MAX_BYTES (PAGE_SIZE << SLAB_MAX_ORDER)
#define SLAB_FREE_MAGIC 0xa5000000u	/* ^ offset: "this object is free" (an ARM immediate) */

_Static_assert(SLAB_MAX_CACHES <= SLAB_SLOT_MASK + 1, "cache slots fit in page->private");
_Static_assert((SLAB_MAX_BYTES >> SLAB_FREE_UNIT_SHIFT) <= SLAB_FREE_MASK + 1,
	       "every object offset of the largest slab fits the free field");
_Static_assert(PAGE_SIZE / KMALLOC_MIN_SIZE <= SLAB_INUSE_MASK,
	       "an order-0 slab of the smallest objects fits the in-use field");
_Static_assert(KMALLOC_MIN_SIZE == 1 << KMALLOC_SHIFT_LOW &&
		       KMALLOC_MAX_CACHE_SIZE == 1 << KMALLOC_SHIFT_HIGH,
	       "kmalloc classes match slab.h");
_Static_assert(KMALLOC_MAX_CACHE_SIZE <= SLAB_MAX_BYTES / SLAB_MIN_OBJS,
	       "the largest kmalloc class gets SLAB_MIN_OBJS objects per slab");

struct kmem_cache {
	/* Hot: read by every allocation and free. */
	struct list_head partial;	/* slabs with free and used objects */
	unsigned int size;		/* stride between objects: object, free pointer, alignment */
	unsigned int offset;		/* of the struct slab_freeptr within an object */
	unsigned int objs_per_slab;
	unsigned int objs_bytes;	/* objs_per_slab * size: objects start below this offset */
	unsigned long active_objs;
	/* Cold. */
	struct list_head full;		/* slabs with every object in use */
	struct list_head free;		/* empty slabs kept for reuse */
	unsigned int nr_free;		/* slabs on free */
	unsigned int order;		/* slabs are 2^order pages */
	unsigned long nr_slabs;
	unsigned int object_size;	/* as requested */
	unsigned int usable;		/* ksize(): bytes the caller may use */
	unsigned int align;
	unsigned int slot;		/* index in slab_caches[], stored in page->private */
	void (*ctor)(void *obj);
	bool active;
	char name[SLAB_NAME_LEN];
	/* lock: a spinlock per cache goes here once there is SMP or IRQ-time use. */
} __aligned(64);	/* a cache line each; slot -> cache is a shift on ARM */

/*
 * Slots 0..KMALLOC_NR-1 are the kmalloc classes.  Their partial lists are
 * valid (empty) before kmem_cache_init(), so kmalloc needs no "ready"
 * test on its fast path: slab_refill() fails for an inactive cache.
 */
#define KMALLOC_SLOT(i) [i] = { .partial = LIST_HEAD_INIT(slab_caches[i].partial) }
static struct kmem_cache slab_caches[SLAB_MAX_CACHES] = {
	KMALLOC_SLOT(0), KMALLOC_SLOT(1), KMALLOC_SLOT(2), KMALLOC_SLOT(3), KMALLOC_SLOT(4),
	KMALLOC_SLOT(5), KMALLOC_SLOT(6), KMALLOC_SLOT(7), KMALLOC_SLOT(8), KMALLOC_SLOT(9),
};
_Static_assert(KMALLOC_NR == 10, "one KMALLOC_SLOT per kmalloc class");
static unsigned long slab_pages;	/* pages held by all caches */

static const char *const kmalloc_names[KMALLOC_NR] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048", "kmalloc-4096",
};

/* --- Addresses of slab pages --- */

#ifdef MERIDIAN_HOST
/* Provided by the host test's fake page allocator; NULL for an address outside it. */
void *host_page_address(const struct page *page);
struct page *host_virt_to_page(const void *addr);

static inline void *slab_page_address(const struct page *page)
{
	return host_page_address(page);
}

/* Sets *pagep to addr's struct page; false if it has none. */
static inline bool slab_virt_to_page(const void *addr, struct page **pagep)
{
	*pagep = host_virt_to_page(addr);
	return *pagep != NULL;
}

static inline void slab_lowmem_init(void)
{
}
#else
/*
 * The lowmem direct map as the slab fast paths use it, set by
 * slab_lowmem_init() from mem_layout and mem_map (both fixed after boot).
 * slab_page_address() is __va(page_to_phys(page)) and slab_virt_to_page()
 * is pfn_to_page(__pa(addr) >> PAGE_SHIFT), but in 32-bit page-number
 * arithmetic with one range check instead of __pa/__va's 64-bit ones
 * (kmalloc+kfree is about 120 instructions; those would add dozens).
 */
static struct {
	struct page *map;	/* mem_map */
	unsigned long vpfn0;	/* virtual page number of mem_map[0]'s page, mod 2^32 */
	vaddr_t start, size;	/* lowmem addresses that have a struct page; none until init */
} slab_lowmem;

/* Slab pages are lowmem (allocated without __GFP_HIGHMEM). */
static inline void *slab_page_address(const struct page *page)
{
	unsigned long vpfn = (unsigned long)(page - slab_lowmem.map) + slab_lowmem.vpfn0;

	return (void *)((vaddr_t)vpfn << PAGE_SHIFT);
}

/* Sets *pagep to addr's struct page; false if addr is not lowmem RAM with one. */
static inline bool slab_virt_to_page(const void *addr, struct page **pagep)
{
	vaddr_t va = (vaddr_t)addr;

	if (unlikely(va - slab_lowmem.start >= slab_lowmem.size))
		return false;
	*pagep = slab_lowmem.map + ((va >> PAGE_SHIFT) - slab_lowmem.vpfn0);
	return true;
}

/* Fills slab_lowmem, and checks it against __va() where both apply. */
static void slab_lowmem_init(void)
{
	phys_addr_t lo = MAX(PHYS_OFFSET, (phys_addr_t)mem_map_pfn_base << PAGE_SHIFT);
	phys_addr_t hi = MIN(mem_layout.lowmem_limit, (phys_addr_t)mem_map_pfn_end << PAGE_SHIFT);
	struct page *page;

	slab_lowmem.map = mem_map;
	/* Unsigned wrap-around is intended: only differences of page numbers are used. */
	slab_lowmem.vpfn0 = (PAGE_OFFSET >> PAGE_SHIFT) -
			    (unsigned long)(PHYS_OFFSET >> PAGE_SHIFT) + mem_map_pfn_base;
	if (lo >= hi)
		return;
	slab_lowmem.start = (vaddr_t)__va(lo);
	slab_lowmem.size = (vaddr_t)(hi - lo);
	BUG_ON(slab_page_address(pfn_to_page(lo >> PAGE_SHIFT)) != __va(lo));
	BUG_ON(!slab_virt_to_page(__va(hi - 1), &page) || page != pfn_to_page((hi - 1) >> PAGE_SHIFT));
}

#endif

/* The link kept in a free object (or just after it, for caches with a ctor). */
struct slab_freeptr {
	u32 next;	/* offset >> 3 of the next free object in the slab */
	u32 check;	/* SLAB_FREE_MAGIC ^ this object's offset while it is free */
};

#ifdef SLAB_ASAN
/*
 * Host ASan: a free object is poisoned whole, free pointer included; an
 * allocated one from its usable size on (a ctor cache's free pointer).
 * The allocator itself reads free pointers through slab_fp_read().
 */
#define slab_poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define slab_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))

static inline struct slab_freeptr slab_fp_read(const struct slab_freeptr *fp)
{
	bool poisoned = __asan_address_is_poisoned(fp);
	struct slab_freeptr v;

	slab_unpoison(fp, sizeof(*fp));
	v = *fp;
	if (poisoned)
		slab_poison(fp, sizeof(*fp));
	return v;
}
#else
#define slab_poison(p, n) do { } while (0)
#define slab_unpoison(p, n) do { } while (0)

static inline struct slab_freeptr slab_fp_read(const struct slab_freeptr *fp)
{
	return *fp;
}
#endif

/* --- Small helpers --- */

static inline u32 slab_priv(u32 type, u32 high, u32 low)
{
	return type << SLAB_TYPE_SHIFT | high | low;
}

static inline u32 slab_priv_type(u32 priv)
{
	return priv >> SLAB_TYPE_SHIFT;
}

static inline unsigned int slab_priv_inuse(u32 priv)
{
	return (priv >> SLAB_INUSE_SHIFT) & SLAB_INUSE_MASK;
}

static inline unsigned int slab_priv_free(u32 priv)
{
	return (priv & SLAB_FREE_MASK) << SLAB_FREE_UNIT_SHIFT;
}

static inline struct slab_freeptr *slab_fp(const struct kmem_cache *s, void *obj)
{
	return (struct slab_freeptr *)((char *)obj + s->offset);
}

static inline void slab_list_move(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add(entry, head);
}

static inline bool slab_is_cache(const struct kmem_cache *s)
{
	return s >= slab_caches && s < slab_caches + SLAB_MAX_CACHES && s->active;
}

/*
 * slab_report - log a bad free or ksize: "BUG: fn: reason at obj (caller sym)".
 * Context: any; only formats and logs.
 */
static void __attribute__((noinline, cold)) slab_report(const char *fn, const char *reason,
							const void *obj, void *caller)
{
	char sym[KSYM_NAME_LEN + 32];

	pr_err("BUG: %s: %s at %p (caller %s)\n", fn, reason, obj,
	       sprint_backtrace(sym, sizeof(sym), (vaddr_t)caller));
}

/* --- Slab creation and release (slow path) --- */

/*
 * slab_init_objects - run the ctor on every object of a new slab at base
 * and chain them all, in address order, into the free list.
 */
static void slab_init_objects(struct kmem_cache *s, char *base)
{
	unsigned int off;

	for (off = 0; off < s->objs_bytes; off += s->size) {
		struct slab_freeptr *fp = slab_fp(s, base + off);

		if (s->ctor)
			s->ctor(base + off);
		/* The last link is never followed: the in-use count says when the list ends. */
		fp->next = off + s->size < s->objs_bytes ? (off + s->size) >> SLAB_FREE_UNIT_SHIFT : 0;
		fp->check = SLAB_FREE_MAGIC ^ off;
		slab_poison(base + off, s->size);
	}
}

/*
 * new_slab - a fresh slab of 2^s->order pages with every object free.
 * gfp: only __GFP_NOWARN is passed on; slabs are always lowmem.
 * Returns the head page (on no list yet), or NULL when pages ran out.
 * Context: does not sleep.
 */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	unsigned int i, nr = 1u << s->order;
	struct page *page = alloc_pages(GFP_KERNEL | (gfp & __GFP_NOWARN), s->order);

	if (!page)
		return NULL;
	for (i = 1; i < nr; i++) {
		page[i].flags |= PG_slab;
		page[i].private = slab_priv(SLAB_TYPE_TAIL, 0, i);
	}
	page->flags |= PG_slab;
	page->private = slab_priv(SLAB_TYPE_HEAD, s->slot << SLAB_SLOT_SHIFT, 0);
	slab_init_objects(s, slab_page_address(page));
	s->nr_slabs++;
	slab_pages += nr;
	return page;
}

/*
 * discard_slab - give an empty slab, already off its list, back to the
 * buddy allocator, with every struct page as the buddy allocator left it
 * (no PG_slab; the head's private holds the order again).
 */
static void discard_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int i, nr = 1u << s->order;

	slab_unpoison(slab_page_address(page), PAGE_SIZE << s->order);
	for (i = 1; i < nr; i++) {
		page[i].flags &= ~PG_slab;
		page[i].private = 0;
	}
	page->flags &= ~PG_slab;
	page->private = s->order;
	s->nr_slabs--;
	slab_pages -= nr;
	__free_pages(page, s->order);
}

/* Frees all of a cache's empty slabs: the free list and an idle partial one. */
static void slab_drain_free(struct kmem_cache *s)
{
	struct page *page;

	while (!list_empty(&s->free)) {
		page = list_first_entry(&s->free, struct page, lru);
		list_del(&page->lru);
		s->nr_free--;
		discard_slab(s, page);
	}
	list_for_each_entry(page, &s->partial, lru) {
		if (!slab_priv_inuse(page->private)) {
			list_del(&page->lru);
			discard_slab(s, page);
			break;	/* there is at most one (see slab_push) */
		}
	}
}

/*
 * slab_refill - put a slab with a free object on s->partial: a cached
 * empty one, else a new one.  Returns false when out of pages.
 */
static bool __attribute__((noinline)) slab_refill(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;

	if (unlikely(!s->active))	/* kmalloc before kmem_cache_init() */
		return false;
	if (!list_empty(&s->free)) {
		page = list_first_entry(&s->free, struct page, lru);
		slab_list_move(&page->lru, &s->partial);
		s->nr_free--;
		return true;
	}
	page = new_slab(s, gfp);
	if (!page)
		return false;
	list_add(&page->lru, &s->partial);
	return true;
}

/* A slab just became empty: keep it for reuse or give it back. */
static void __attribute__((noinline)) slab_now_empty(struct kmem_cache *s, struct page *page)
{
	list_del(&page->lru);
	if (s->nr_free < SLAB_CACHED_EMPTY) {
		list_add(&page->lru, &s->free);
		s->nr_free++;
		return;
	}
	discard_slab(s, page);
}

/* --- Allocation and free (fast path) --- */

/*
 * slab_alloc - pop an object off the first partial slab.
 * Returns the object, zeroed if gfp has __GFP_ZERO, or NULL when out of
 * pages.  Context: any; does not sleep.
 */
static inline __attribute__((always_inline)) void *slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;
	struct slab_freeptr *fp;
	char *obj;
	u32 priv, next, first;

	/* lock(s) */
	if (unlikely(list_empty(&s->partial)) && !slab_refill(s, gfp))
		return NULL;
	page = list_first_entry(&s->partial, struct page, lru);
	priv = page->private;
	first = slab_priv_free(priv);
	obj = (char *)slab_page_address(page) + first;
	slab_unpoison(obj, s->size);
	fp = slab_fp(s, obj);
	next = slab_fp_read(fp).next & SLAB_FREE_MASK;
	priv += SLAB_INUSE_ONE;
	if (unlikely(slab_priv_inuse(priv) == s->objs_per_slab))
		slab_list_move(&page->lru, &s->full);
	else if (unlikely(next << SLAB_FREE_UNIT_SHIFT >= s->objs_bytes))
		panic("slab %s: free list corrupted at %p (write after free?)", s->name, obj);
	page->private = priv - (first >> SLAB_FREE_UNIT_SHIFT) + next;	/* free field := next */
	fp->check = 0;
	slab_poison(obj + s->usable, s->size - s->usable);
	s->active_objs++;
	/* unlock(s) */
	if (unlikely(gfp & __GFP_ZERO))
		memset(obj, 0, s->usable);
	return obj;
}

/* A slab object as found from its address. */
struct slab_obj {
	struct kmem_cache *s;	/* NULL for a large kmalloc */
	struct page *head;
	char *base;		/* the slab's first byte */
	unsigned int off;	/* of the object in the slab */
	u32 priv;		/* head->private */
};

/* Fills *so for obj in the slab headed by page; false if obj is not the start of a slot. */
static inline __attribute__((always_inline)) bool slab_locate(const void *obj, struct page *page,
							      u32 priv, struct slab_obj *so)
{
	struct kmem_cache *s = &slab_caches[(priv >> SLAB_SLOT_SHIFT) & SLAB_SLOT_MASK];

	so->s = s;
	so->head = page;
	so->priv = priv;
	so->base = slab_page_address(page);
	so->off = (unsigned int)((const char *)obj - so->base);
	return so->off < s->objs_bytes && so->off % s->size == 0;
}

/*
 * slab_lookup_fast - the common case of slab_lookup: obj is an object
 * slot in the first page of its slab.  False for anything else, which
 * slab_lookup then sorts out (and explains).
 */
static inline __attribute__((always_inline)) bool slab_lookup_fast(const void *obj,
								   struct slab_obj *so)
{
	struct page *page;
	u32 priv;

	if (unlikely(!slab_virt_to_page(obj, &page)))
		return false;
	priv = page->private;
	if (unlikely(!(page->flags & PG_slab) || slab_priv_type(priv) != SLAB_TYPE_HEAD))
		return false;
	return slab_locate(obj, page, priv, so);
}

/*
 * slab_lookup - find what obj is: an object slot (allocated or not) of a
 * cache, or a large kmalloc block (so->s NULL).  Returns NULL with *so
 * filled, or the reason obj is neither.
 */
static const char *slab_lookup(const void *obj, struct slab_obj *so)
{
	struct page *page;
	u32 priv;

	if (!slab_virt_to_page(obj, &page) || !(page->flags & PG_slab))
		return "not a slab object";
	priv = page->private;
	if (slab_priv_type(priv) == SLAB_TYPE_TAIL) {
		page -= priv & SLAB_LOW_MASK;
		priv = page->private;
	}
	if (slab_priv_type(priv) == SLAB_TYPE_LARGE) {
		if (obj != slab_page_address(page))
			return "not the start of an allocation";
		memset(so, 0, sizeof(*so));
		so->head = page;
		return NULL;
	}
	if (slab_priv_type(priv) != SLAB_TYPE_HEAD || !(page->flags & PG_slab))
		return "corrupt slab page";
	if (!slab_locate(obj, page, priv, so))
		return "not the start of an object";
	return NULL;
}

/* Is the object at off on the slab's free list?  Walks the list (debug path). */
static bool slab_on_freelist(const struct slab_obj *so)
{
	const struct kmem_cache *s = so->s;
	unsigned int n = s->objs_per_slab - slab_priv_inuse(so->priv);
	unsigned int cur = slab_priv_free(so->priv);

	while (n--) {
		if (cur == so->off)
			return true;
		if (cur >= s->objs_bytes || cur % s->size)
			panic("slab %s: free list corrupted in slab %p", s->name, so->base);
		cur = slab_fp_read(slab_fp(s, so->base + cur)).next << SLAB_FREE_UNIT_SHIFT;
	}
	return false;
}

/* Pushes a looked-up, allocated object on its slab's free list. */
static inline __attribute__((always_inline)) void slab_push(const struct slab_obj *so)
{
	struct kmem_cache *s = so->s;
	struct page *page = so->head;
	struct slab_freeptr *fp = slab_fp(s, so->base + so->off);
	u32 priv = so->priv, first = priv & SLAB_FREE_MASK;
	unsigned int inuse = slab_priv_inuse(priv);

	slab_unpoison(fp, sizeof(*fp));
	fp->next = first;
	fp->check = SLAB_FREE_MAGIC ^ so->off;
	slab_poison(so->base + so->off, s->size);
	/* One fewer in use; the free field := off >> 3 (off < objs_bytes fits it). */
	page->private = priv - SLAB_INUSE_ONE - first + (so->off >> SLAB_FREE_UNIT_SHIFT);
	s->active_objs--;
	if (unlikely(inuse == s->objs_per_slab))
		slab_list_move(&page->lru, &s->partial);
	/*
	 * Now empty.  If it is the only partial slab it stays there as the
	 * allocation source (like SLUB's cpu slab), so that alloc/free
	 * ping-pong moves no lists.  So a cache holds at most one empty slab
	 * on partial plus SLAB_CACHED_EMPTY on free.  (On a one-entry list,
	 * and only there, the entry's next and prev are both the head.)
	 */
	if (unlikely(inuse == 1) && page->lru.next != page->lru.prev)
		slab_now_empty(s, page);
}

/*
 * The object at obj carries the free mark: a double free, unless the
 * mark is user data.  Looks obj up again so that the fast path keeps
 * nothing live across this call.
 */
static const char *__attribute__((noinline)) slab_free_marked(const void *obj)
{
	struct slab_obj so;
	const char *bad = slab_lookup(obj, &so);

	if (bad)
		return bad;
	if (slab_on_freelist(&so))
		return "double free";
	slab_push(&so);
	return NULL;
}

/*
 * slab_free - push a looked-up object back on its slab's free list.
 * Returns NULL, or the reason the free was refused (a double free);
 * nothing is changed then.  Context: any; does not sleep.
 */
static inline __attribute__((always_inline)) const char *slab_free(const struct slab_obj *so,
								   const void *obj)
{
	struct slab_freeptr *fp = slab_fp(so->s, so->base + so->off);

	/* lock(so->s) */
	if (unlikely(!slab_priv_inuse(so->priv)))
		return "double free";
	if (unlikely(slab_fp_read(fp).check == (SLAB_FREE_MAGIC ^ so->off)))
		return slab_free_marked(obj);
	slab_push(so);
	/* unlock(so->s) */
	return NULL;
}

/* Frees a large kmalloc block, restoring its head page for the buddy allocator. */
static void kfree_large(struct page *page)
{
	unsigned int order = page->private & SLAB_LOW_MASK;

	page->flags &= ~PG_slab;
	page->private = order;
	__free_pages(page, order);
}

/*
 * slab_free_slow - kfree (any: any slab object or large kmalloc) or
 * kmem_cache_free (!any: an object of expect) of an object the fast path
 * did not take: in a later page of a multi-page slab, a large kmalloc, or
 * bad input, which is reported with the caller.
 */
static void __attribute__((noinline)) slab_free_slow(bool any, struct kmem_cache *expect,
						     const void *obj, void *caller)
{
	const char *fn = any ? "kfree" : "kmem_cache_free";
	struct slab_obj so;
	const char *bad = slab_lookup(obj, &so);
	char sym[KSYM_NAME_LEN + 32];

	if (!bad && !any && so.s != expect) {
		pr_err("BUG: %s: object of %s freed to %s at %p (caller %s)\n", fn,
		       so.s ? so.s->name : "kmalloc (pages)",
		       slab_is_cache(expect) ? expect->name : "(not a cache)", obj,
		       sprint_backtrace(sym, sizeof(sym), (vaddr_t)caller));
		return;
	}
	if (!bad && !so.s) {
		kfree_large(so.head);
		return;
	}
	if (!bad)
		bad = slab_free(&so, obj);
	if (bad)
		slab_report(fn, bad, obj, caller);
}

/* --- Caches --- */

/*
 * calculate_sizes - lay out objects of s->object_size bytes at s->align
 * and pick the slab order: the smallest that holds SLAB_MIN_OBJS objects
 * and wastes at most 1/SLAB_WASTE_FRACTION, else SLAB_MAX_ORDER.
 * Returns false if not even one object fits a SLAB_MAX_ORDER slab.
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN_UP(MAX(s->object_size, (unsigned int)KMALLOC_MIN_SIZE), s->align);
	unsigned int order, bytes, objs;

	s->usable = size;
	s->offset = 0;
	if (s->ctor) {
		/* Keep the link out of the object so the constructed state survives a free. */
		s->offset = size;
		size = ALIGN_UP(size + (unsigned int)sizeof(struct slab_freeptr), s->align);
	}
	s->size = size;
	for (order = 0; order <= SLAB_MAX_ORDER; order++) {
		bytes = PAGE_SIZE << order;
		objs = bytes / size;
		if (objs >= SLAB_MIN_OBJS && (bytes % size) * SLAB_WASTE_FRACTION <= bytes)
			break;
	}
	if (order > SLAB_MAX_ORDER)
		order = SLAB_MAX_ORDER;
	objs = (PAGE_SIZE << order) / size;
	if (!objs || objs > SLAB_INUSE_MASK)
		return false;
	s->order = order;
	s->objs_per_slab = objs;
	s->objs_bytes = objs * size;
	return true;
}

/* Sets up a free descriptor slot as an empty cache.  Returns false if size cannot fit. */
static bool cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
			unsigned int align, void (*ctor)(void *))
{
	unsigned int i, slot = (unsigned int)(s - slab_caches);

	memset(s, 0, sizeof(*s));
	for (i = 0; i < SLAB_NAME_LEN - 1 && name[i]; i++)
		s->name[i] = name[i];
	s->object_size = size;
	s->align = align;
	s->ctor = ctor;
	s->slot = slot;
	if (!calculate_sizes(s))
		return false;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	INIT_LIST_HEAD(&s->free);
	s->active = true;
	return true;
}

/*
 * kmem_cache_init - create kmalloc-8 .. kmalloc-4096 in the first slots.
 * Precondition: the page allocator works (no slab is allocated here).
 * Context: boot, once.
 */
void kmem_cache_init(void)
{
	unsigned int i;

	if (WARN_ON(slab_caches[0].active))
		return;
	slab_lowmem_init();
	for (i = 0; i < KMALLOC_NR; i++) {
		struct kmem_cache *s = &slab_caches[i];

		BUG_ON(!cache_setup(s, kmalloc_names[i], 1u << (i + KMALLOC_SHIFT_LOW),
				    ARCH_KMALLOC_MINALIGN, NULL));
	}
}

/*
 * kmem_cache_create - a cache of size-byte objects; see slab.h.  align 0
 * means ARCH_KMALLOC_MINALIGN; it must be a power of two <= PAGE_SIZE and
 * is raised to 8.  flags are accepted and ignored.  The name is copied
 * (truncated to SLAB_NAME_LEN - 1 characters).
 * Returns the cache, or NULL for a NULL name, a size of 0 or more than a
 * SLAB_MAX_ORDER slab holds, a bad align, or no free descriptor.
 * Context: does not sleep; allocates no pages until the first object.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *))
{
	unsigned int i;

	(void)flags;
	if (!align)
		align = ARCH_KMALLOC_MINALIGN;
	if (!name || !size || size > SLAB_MAX_BYTES || (align & (align - 1)) || align > PAGE_SIZE) {
		pr_err("kmem_cache_create: %s: bad arguments (size %zu, align %zu)\n",
		       name ? name : "(null)", size, align);
		return NULL;
	}
	align = MAX(align, (size_t)ARCH_KMALLOC_MINALIGN);
	for (i = KMALLOC_NR; i < SLAB_MAX_CACHES; i++) {
		struct kmem_cache *s = &slab_caches[i];

		if (s->active)
			continue;
		if (cache_setup(s, name, (unsigned int)size, (unsigned int)align, ctor))
			return s;
		pr_err("kmem_cache_create: %s: %zu-byte objects do not fit a slab\n", name, size);
		return NULL;
	}
	pr_err("kmem_cache_create: %s: all %d cache descriptors in use\n", name, SLAB_MAX_CACHES);
	return NULL;
}

/*
 * kmem_cache_shrink - give all of s's empty slabs back to the buddy
 * allocator.  Returns 0.  Context: does not sleep.
 * Not in slab.h yet: the host test declares it.
 */
int kmem_cache_shrink(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s)
{
	if (WARN_ON(!slab_is_cache(s)))
		return 0;
	slab_drain_free(s);
	return 0;
}

/*
 * kmem_cache_shrink_all - kmem_cache_shrink every cache, so that only
 * pages holding live objects stay with the slab allocator (tests, exact
 * meminfo; the slab's counterpart of zone_drain_pcp).  Not in slab.h yet.
 */
void kmem_cache_shrink_all(void);
void kmem_cache_shrink_all(void)
{
	unsigned int i;

	for (i = 0; i < SLAB_MAX_CACHES; i++)
		if (slab_caches[i].active)
			slab_drain_free(&slab_caches[i]);
}

/*
 * kmem_cache_destroy - free an empty cache and its descriptor.  A cache
 * with objects still allocated, or a kmalloc cache, is reported and kept.
 * NULL is a no-op.  Context: does not sleep.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (WARN_ON(!slab_is_cache(s)))
		return;
	if (s->slot < KMALLOC_NR) {
		pr_err("BUG: kmem_cache_destroy: %s is a kmalloc cache (kept)\n", s->name);
		return;
	}
	if (s->active_objs) {
		pr_err("BUG: kmem_cache_destroy: %s: %lu objects still allocated (cache kept)\n",
		       s->name, s->active_objs);
		return;
	}
	slab_drain_free(s);
	BUG_ON(s->nr_slabs || !list_empty(&s->partial) || !list_empty(&s->full));
	s->active = false;
}

/*
 * kmem_cache_alloc - an object from s (gfp: __GFP_ZERO zeroes it,
 * __GFP_NOWARN is passed to the page allocator, the rest is ignored).
 * Returns NULL when out of memory or s is not a cache.  Does not sleep.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	if (WARN_ON(!slab_is_cache(s)))
		return NULL;
	return slab_alloc(s, gfp);
}

/*
 * kmem_cache_free - return obj to s.  NULL is a no-op.  An object of
 * another cache, or a pointer that is not an allocated object of s, is
 * reported with the caller and ignored.  Context: any; does not sleep.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct slab_obj so;
	const char *bad;

	if (unlikely(!obj))
		return;
	if (unlikely(!slab_lookup_fast(obj, &so) || so.s != s)) {
		slab_free_slow(false, s, obj, __builtin_return_address(0));
		return;
	}
	bad = slab_free(&so, obj);
	if (unlikely(bad))
		slab_report("kmem_cache_free", bad, obj, __builtin_return_address(0));
}

/* --- kmalloc --- */

/* The kmalloc class of 1..KMALLOC_MAX_CACHE_SIZE bytes: fls(size - 1) - 3, at least 0. */
static inline unsigned int kmalloc_index(size_t size)
{
	/* | 7: sizes 1..8 have fls 3 too (and clz never sees 0). */
	unsigned int v = ((unsigned int)size - 1) | (KMALLOC_MIN_SIZE - 1);
	unsigned int fls = 32 - (unsigned int)__builtin_clz(v);

	return fls - KMALLOC_SHIFT_LOW;
}

/* More than KMALLOC_MAX_CACHE_SIZE bytes: a block of pages, head marked SLAB_TYPE_LARGE. */
static void *__attribute__((noinline)) kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = 0;
	struct page *page;
	void *p;

	if (size > PAGE_SIZE << (MAX_ORDER - 1))
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	page = alloc_pages(GFP_KERNEL | (gfp & __GFP_NOWARN), order);
	if (!page)
		return NULL;
	page->flags |= PG_slab;
	page->private = slab_priv(SLAB_TYPE_LARGE, 0, order);
	p = slab_page_address(page);
	if (gfp & __GFP_ZERO)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

/*
 * kmalloc - size bytes of lowmem, aligned to ARCH_KMALLOC_MINALIGN (and
 * to the class size for the power-of-two classes; page aligned above
 * KMALLOC_MAX_CACHE_SIZE).  gfp: __GFP_ZERO zeroes, __GFP_HIGHMEM is
 * ignored.  Returns NULL for size 0 (Linux returns ZERO_SIZE_PTR), before
 * kmem_cache_init(), or when out of memory.  Context: does not sleep.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return size ? kmalloc_large(size, gfp) : NULL;
	return slab_alloc(&slab_caches[kmalloc_index(size)], gfp);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/*
 * kfree - free what kmalloc (or any kmem_cache_alloc) returned.  NULL is
 * a no-op.  Anything else that is not an allocated object (a pointer into
 * an object, a page the slab does not own, a double free) is reported
 * with the caller and ignored.  Context: any; does not sleep.
 */
void kfree(const void *obj)
{
	struct slab_obj so;
	const char *bad;

	if (unlikely(!obj))
		return;
	if (unlikely(!slab_lookup_fast(obj, &so))) {
		slab_free_slow(true, NULL, obj, __builtin_return_address(0));
		return;
	}
	bad = slab_free(&so, obj);
	if (unlikely(bad))
		slab_report("kfree", bad, obj, __builtin_return_address(0));
}

/*
 * ksize - the bytes usable at obj: the class size for kmalloc, the whole
 * block for large kmalloc.  0 for NULL, and for a pointer that is not a
 * slab object (reported).
 */
size_t ksize(const void *obj)
{
	struct slab_obj so;
	const char *bad;

	if (!obj)
		return 0;
	bad = slab_lookup(obj, &so);
	if (unlikely(bad)) {
		slab_report("ksize", bad, obj, __builtin_return_address(0));
		return 0;
	}
	if (!so.s)
		return PAGE_SIZE << (so.head->private & SLAB_LOW_MASK);
	return so.s->usable;
}

/* --- Statistics --- */

unsigned long slab_total_bytes(void)
{
	return slab_pages << PAGE_SHIFT;
}

/*
 * kmem_cache_for_each - calls fn for every cache, kmalloc classes first.
 * fn must not create or destroy caches.
 */
void kmem_cache_for_each(void (*fn)(const struct kmem_cache_info *info, void *ctx), void *ctx)
{
	unsigned int i;

	for (i = 0; i < SLAB_MAX_CACHES; i++) {
		const struct kmem_cache *s = &slab_caches[i];
		struct kmem_cache_info info;

		if (!s->active)
			continue;
		info.name = s->name;
		info.object_size = s->object_size;
		info.size = s->size;
		info.objs_per_slab = s->objs_per_slab;
		info.order = s->order;
		info.active_objs = s->active_objs;
		info.num_slabs = s->nr_slabs;
		info.num_objs = s->nr_slabs * s->objs_per_slab;
		fn(&info, ctx);
	}
}
