/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator: caches of fixed-size objects carved out of blocks
 * of 2^order lowmem pages from the buddy allocator.  kmalloc, its size
 * classes and large (page) allocations are in mm/kmalloc.c; the shared
 * internals, page->private encoding and fast paths are in mm/slab.h.
 *
 * Like SLUB, a slab keeps no header in its memory: all of its state lives
 * in the struct page of its first page (the head), so a 4096-byte cache
 * fits exactly 8 objects in an order-3 slab.  A free object holds the
 * link to the next free one (struct slab_freeptr), either in its first
 * 8 bytes or, for caches with a constructor, just after the object so
 * that the constructed state survives a free.  Every page of a
 * multi-page slab has PG_slab, so kfree finds the head from any object.
 * The head's private is given back as the block's order (what the buddy
 * allocator put there) before the pages are freed; PG_head is left alone.
 *
 * Each cache allocates from its cpu slab (mm/slab.h) and keeps its other
 * slabs on three lists: partial (some objects free: the next cpu slab),
 * full, and free (all objects free; at most SLAB_CACHED_EMPTY of them,
 * the rest go back to the buddy allocator).  The cpu slab stays while it
 * has free objects, even all of them, so alloc/free ping-pong touches
 * neither a list nor a struct page; kmem_cache_shrink() and
 * kmem_cache_destroy() put it back on the lists ("deactivate") first.
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

#include <meridian/kallsyms.h>

#include "slab.h"

struct kmem_cache slab_caches[SLAB_MAX_CACHES];
/*
 * Locking.  The fast paths touch only a cache's cpu slab, which belongs
 * to this CPU (one runs today; with SMP each cache gets one per CPU, as
 * SLUB has): masking IRQs protects it.  Everything shared - the slab
 * lists, cache creation and destruction, the page counts - is under
 * slab_lock, taken with IRQs already masked.  kmalloc/kfree are IRQ-safe.
 */
DEFINE_SPINLOCK(slab_lock);
static unsigned long slab_pages;	/* pages held by all caches */

#ifdef MERIDIAN_HOST
static inline void slab_lowmem_init(void)
{
}
#else
struct slab_lowmem slab_lowmem;

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
	slab_lowmem.page_bias = (uintptr_t)mem_map - slab_lowmem.vpfn0 * sizeof(struct page);
	if (lo >= hi)
		return;
	slab_lowmem.start = (vaddr_t)__va(lo);
	slab_lowmem.size = (vaddr_t)(hi - lo);
	BUG_ON(slab_page_address(pfn_to_page(lo >> PAGE_SHIFT)) != __va(lo));
	BUG_ON(!slab_virt_to_page(__va(hi - 1), &page) || page != pfn_to_page((hi - 1) >> PAGE_SHIFT));
}
#endif

/* --- Small helpers --- */

/* A head page's private: s's slot, inuse objects, the free list from byte offset first. */
static inline u32 slab_head_priv(const struct kmem_cache *s, unsigned int inuse, unsigned int first)
{
	return SLAB_TYPE_HEAD << SLAB_TYPE_SHIFT | s->slot << SLAB_SLOT_SHIFT |
	       inuse << SLAB_INUSE_SHIFT | first >> SLAB_FREE_UNIT_SHIFT;
}

/* The offset of the first object on the free list of a slab (not the cpu slab) with private priv. */
static inline u32 slab_page_first(const struct kmem_cache *s, u32 priv)
{
	if (slab_priv_inuse(priv) == s->objs_per_slab)
		return SLAB_FREE_END;
	return (priv & SLAB_FREE_MASK) << SLAB_FREE_UNIT_SHIFT;
}

static inline bool slab_is_cache(const struct kmem_cache *s)
{
	return s >= slab_caches && s < slab_caches + SLAB_MAX_CACHES && s->active;
}

/*
 * slab_report - log a bad free or ksize: "BUG: fn: reason at obj (caller sym)".
 * Context: any; only formats and logs.
 */
void __attribute__((noinline, cold)) slab_report(const char *fn, const char *reason,
						 const void *obj, void *caller)
{
	char sym[KSYM_NAME_LEN + 32];

	pr_err("BUG: %s: %s at %p (caller %s)\n", fn, reason, obj,
	       sprint_backtrace(sym, sizeof(sym), (vaddr_t)caller));
}

/*
 * slab_freelist_walk - follow the free list of the slab at base from
 * offset cur until SLAB_FREE_END or the offset stop.  Sets *nr (if not
 * NULL) to the objects passed; returns true if it stopped at stop.
 * Panics on a link that is not an object offset or a list longer than
 * the slab: the free list was overwritten (write after free).
 */
static bool slab_freelist_walk(const struct kmem_cache *s, char *base, u32 cur, u32 stop,
			       unsigned int *nr)
{
	unsigned int n = 0;

	while (cur != SLAB_FREE_END && cur != stop) {
		if (n == s->objs_per_slab || cur >= s->objs_bytes || cur % s->size)
			panic("slab %s: free list corrupted in slab %p (write after free?)", s->name,
			      base);
		n++;
		cur = slab_fp_read(slab_fp(s, base + cur)).next;
	}
	if (nr)
		*nr = n;
	return cur != SLAB_FREE_END;
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
		fp->next = off + s->size < s->objs_bytes ? off + s->size : SLAB_FREE_END;
		fp->check = SLAB_FREE_MAGIC ^ off;
		slab_poison(base + off, s->size);
	}
}

/*
 * new_slab - a fresh slab of 2^s->order pages with every object free.
 * gfp: only __GFP_NOWARN is passed on; slabs are always lowmem.
 * Returns the head page (on no list), or NULL when pages ran out.
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
		page[i].private = SLAB_TYPE_TAIL << SLAB_TYPE_SHIFT | s->slot << SLAB_SLOT_SHIFT | i;
	}
	page->flags |= PG_slab;
	page->private = slab_head_priv(s, 0, 0);
	slab_init_objects(s, slab_page_address(page));
	s->nr_slabs++;
	slab_pages += nr;
	return page;
}

/*
 * discard_slab - give an empty slab, on no list, back to the buddy
 * allocator, with every struct page as the buddy allocator left it
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

/* A slab on no list just became empty: keep it for reuse or give it back. */
static void slab_now_empty(struct kmem_cache *s, struct page *page)
{
	if (s->nr_free < SLAB_CACHED_EMPTY) {
		list_add(&page->lru, &s->free);
		s->nr_free++;
		return;
	}
	discard_slab(s, page);
}

/* --- The cpu slab --- */

/* Makes page, on no list and with a free object, the cpu slab (s has none). */
static void slab_activate(struct kmem_cache *s, struct page *page)
{
	u32 priv = page->private;

	s->cpu_slab = page;
	s->cpu_base = slab_page_address(page);
	s->cpu_free = (priv & SLAB_FREE_MASK) << SLAB_FREE_UNIT_SHIFT;
	/* From now on every object is allocated or on cpu_free. */
	page->private = slab_head_priv(s, s->objs_per_slab, 0);
}

/*
 * slab_deactivate - hand the cpu slab, if any, its free objects back and
 * put it on the list its in-use count says (an empty one may be freed).
 */
static void slab_deactivate(struct kmem_cache *s)
{
	struct page *page = s->cpu_slab;
	unsigned int nfree, inuse;

	if (!page)
		return;
	slab_freelist_walk(s, s->cpu_base, s->cpu_free, SLAB_FREE_END, &nfree);
	inuse = s->objs_per_slab - nfree;
	page->private = slab_head_priv(s, inuse, nfree ? s->cpu_free : 0);
	s->cpu_slab = NULL;
	s->cpu_base = NULL;
	s->cpu_free = SLAB_FREE_END;
	if (!inuse)
		slab_now_empty(s, page);
	else
		list_add(&page->lru, inuse == s->objs_per_slab ? &s->full : &s->partial);
}

/*
 * slab_refill - replace a cpu slab without free objects (now full) by
 * a partial slab, else a cached empty one, else a new one.  Returns false
 * when out of pages (s then has no cpu slab) or s is not set up.
 */
static bool slab_refill(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;

	if (unlikely(!s->active))	/* kmalloc before kmem_cache_init() */
		return false;
	if (s->cpu_free != SLAB_FREE_END)
		panic("slab %s: free list corrupted in slab %p (write after free?)", s->name,
		      s->cpu_base);
	slab_deactivate(s);
	if (!list_empty(&s->partial)) {
		page = list_first_entry(&s->partial, struct page, lru);
		list_del(&page->lru);
	} else if (!list_empty(&s->free)) {
		page = list_first_entry(&s->free, struct page, lru);
		list_del(&page->lru);
		s->nr_free--;
	} else {
		page = new_slab(s, gfp);
		if (!page)
			return false;
	}
	slab_activate(s, page);
	return true;
}

/*
 * slab_alloc_slow - slab_alloc() when the cpu slab has no free object
 * (or cpu_free is corrupted: panics).  Returns the object, or NULL.
 */
void *__attribute__((noinline)) slab_alloc_slow(struct kmem_cache *s, gfp_t gfp)
{
	void *obj = NULL;

	slab_lock_acquire();
	if (slab_refill(s, gfp))
		obj = slab_alloc_cpu(s, gfp);
	slab_lock_release();
	return obj;
}

/* Gives back all of a cache's empty slabs, the cpu slab if it is one. */
static void slab_drain_free(struct kmem_cache *s)
{
	struct page *page;

	slab_deactivate(s);
	while (!list_empty(&s->free)) {
		page = list_first_entry(&s->free, struct page, lru);
		list_del(&page->lru);
		s->nr_free--;
		discard_slab(s, page);
	}
}

/* --- Lookup and free (any slab) --- */

/* Fills *so for obj in the slab headed by page; false if obj is not the start of a slot. */
static bool slab_locate(const void *obj, struct page *page, struct slab_obj *so)
{
	struct kmem_cache *s = slab_priv_cache(page->private);

	so->s = s;
	so->head = page;
	so->base = slab_page_address(page);
	so->off = (unsigned int)((const char *)obj - so->base);
	return so->off < s->objs_bytes && so->off % s->size == 0;
}

/*
 * slab_lookup - find what obj is: an object slot (allocated or not) of a
 * cache, or a large kmalloc block (so->s NULL).  Returns NULL with *so
 * filled, or the reason obj is neither.
 */
const char *slab_lookup(const void *obj, struct slab_obj *so)
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
	if (!slab_locate(obj, page, so))
		return "not the start of an object";
	return NULL;
}

/* Pushes a looked-up, allocated object of a slab other than the cpu slab on its free list. */
static void slab_push_page(const struct slab_obj *so)
{
	struct kmem_cache *s = so->s;
	struct page *page = so->head;
	u32 priv = page->private;
	unsigned int inuse = slab_priv_inuse(priv);
	struct slab_freeptr *fp = slab_fp(s, so->base + so->off);

	slab_unpoison(fp, sizeof(*fp));
	fp->next = slab_page_first(s, priv);
	fp->check = SLAB_FREE_MAGIC ^ so->off;
	slab_poison(so->base + so->off, s->size);
	page->private = slab_head_priv(s, inuse - 1, so->off);
	if (inuse == 1) {
		list_del(&page->lru);
		slab_now_empty(s, page);
	} else if (inuse == s->objs_per_slab) {
		list_del(&page->lru);
		list_add(&page->lru, &s->partial);
	}
}

/*
 * slab_free - push a looked-up object back on its slab's free list (the
 * cache's, for the cpu slab).  Returns NULL, or the reason the free was
 * refused (a double free); nothing is changed then.
 */
static const char *slab_free(const struct slab_obj *so)
{
	struct kmem_cache *s = so->s;
	bool cpu = so->head == s->cpu_slab;
	u32 priv = so->head->private;
	u32 first = cpu ? s->cpu_free : slab_page_first(s, priv);
	const struct slab_freeptr *fp = slab_fp(s, so->base + so->off);

	/* lock(s) */
	if (!cpu && !slab_priv_inuse(priv))
		return "double free";
	/* The mark may be user data: only the free list can tell. */
	if (slab_fp_read(fp).check == (SLAB_FREE_MAGIC ^ so->off) &&
	    slab_freelist_walk(s, so->base, first, so->off, NULL))
		return "double free";
	if (cpu)
		slab_push_cpu(s, so->base + so->off, so->off);
	else
		slab_push_page(so);
	/* unlock(s) */
	return NULL;
}

/*
 * slab_free_slow - kfree (any: any slab object or large kmalloc) or
 * kmem_cache_free (!any: an object of expect) of an object the fast path
 * did not take: NULL (a no-op), not in its cache's cpu slab, marked free,
 * a large kmalloc, or bad input, which is reported with the caller.
 */
static void __slab_free_slow(const void *obj, void *caller, bool any, struct kmem_cache *expect);

void __attribute__((noinline)) slab_free_slow(const void *obj, void *caller, bool any,
					      struct kmem_cache *expect)
{
	slab_lock_acquire();
	__slab_free_slow(obj, caller, any, expect);
	slab_lock_release();
}

static void __slab_free_slow(const void *obj, void *caller, bool any, struct kmem_cache *expect)
{
	const char *fn = any ? "kfree" : "kmem_cache_free";
	struct slab_obj so;
	const char *bad;
	char sym[KSYM_NAME_LEN + 32];

	if (!obj)
		return;
	bad = slab_lookup(obj, &so);
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
		bad = slab_free(&so);
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
	s->size_magic = 0xffffffffu / size + 1;	/* ceil(2^32 / size), for size > 1 */
	return true;
}

/*
 * slab_cache_setup - set up a free descriptor slot as an empty cache.
 * Returns false if size cannot fit a slab.  Context: does not sleep.
 */
bool slab_cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
		      unsigned int align, void (*ctor)(void *))
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < SLAB_NAME_LEN - 1 && name[i]; i++)
		s->name[i] = name[i];
	s->object_size = size;
	s->align = align;
	s->ctor = ctor;
	s->slot = (unsigned int)(s - slab_caches);
	if (!calculate_sizes(s))
		return false;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	INIT_LIST_HEAD(&s->free);
	s->cpu_free = SLAB_FREE_END;
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
	if (WARN_ON(slab_caches[0].active))
		return;
	slab_lowmem_init();
	kmalloc_init();
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
static struct kmem_cache *__kmem_cache_create(const char *name, size_t size, size_t align,
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
		if (slab_cache_setup(s, name, (unsigned int)size, (unsigned int)align, ctor))
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
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags;

	if (WARN_ON(!slab_is_cache(s)))
		return 0;
	spin_lock_irqsave(&slab_lock, flags);
	slab_drain_free(s);
	spin_unlock_irqrestore(&slab_lock, flags);
	return 0;
}

/*
 * kmem_cache_shrink_all - kmem_cache_shrink every cache, so that only
 * pages holding live objects stay with the slab allocator (tests, exact
 * meminfo; the slab's counterpart of zone_drain_pcp).
 */
void kmem_cache_shrink_all(void)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&slab_lock, flags);
	for (i = 0; i < SLAB_MAX_CACHES; i++)
		if (slab_caches[i].active)
			slab_drain_free(&slab_caches[i]);
	spin_unlock_irqrestore(&slab_lock, flags);
}

/* Objects of s allocated now: all but those on free lists (slabinfo; walks the lists). */
static unsigned long slab_active_objs(const struct kmem_cache *s)
{
	unsigned long nfree = (unsigned long)s->nr_free * s->objs_per_slab;
	struct page *page;
	unsigned int n;

	list_for_each_entry(page, &s->partial, lru)
		nfree += s->objs_per_slab - slab_priv_inuse(page->private);
	if (s->cpu_slab) {
		slab_freelist_walk(s, s->cpu_base, s->cpu_free, SLAB_FREE_END, &n);
		nfree += n;
	}
	return s->nr_slabs * s->objs_per_slab - nfree;
}

/*
 * kmem_cache_destroy - free an empty cache and its descriptor.  A cache
 * with objects still allocated, or a kmalloc cache, is reported and kept.
 * NULL is a no-op.  Context: does not sleep.
 */
static void __kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long active;

	if (!s)
		return;
	if (WARN_ON(!slab_is_cache(s)))
		return;
	if (s->slot < KMALLOC_NR) {
		pr_err("BUG: kmem_cache_destroy: %s is a kmalloc cache (kept)\n", s->name);
		return;
	}
	active = slab_active_objs(s);
	if (active) {
		pr_err("BUG: kmem_cache_destroy: %s: %lu objects still allocated (cache kept)\n",
		       s->name, active);
		return;
	}
	slab_drain_free(s);
	BUG_ON(s->nr_slabs || s->cpu_slab || !list_empty(&s->partial) || !list_empty(&s->full));
	s->active = false;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *s;
	unsigned long f;

	spin_lock_irqsave(&slab_lock, f);
	s = __kmem_cache_create(name, size, align, flags, ctor);
	spin_unlock_irqrestore(&slab_lock, f);
	return s;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_lock, flags);
	__kmem_cache_destroy(s);
	spin_unlock_irqrestore(&slab_lock, flags);
}

/*
 * kmem_cache_alloc - an object from s (gfp: __GFP_ZERO zeroes it,
 * __GFP_NOWARN is passed to the page allocator, the rest is ignored).
 * Returns NULL when out of memory or s is not a cache.  Does not sleep.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	unsigned long flags;
	void *obj;

	if (WARN_ON(!slab_is_cache(s)))
		return NULL;
	local_irq_save(flags);
	obj = slab_alloc(s, gfp);
	local_irq_restore(flags);
	return obj;
}

/*
 * kmem_cache_free - return obj to s.  NULL is a no-op.  An object of
 * another cache, or a pointer that is not an allocated object of s, is
 * reported with the caller and ignored.  Context: any; does not sleep.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct kmem_cache *found;
	unsigned long flags;
	unsigned int off;

	local_irq_save(flags);
	if (!(likely(slab_lookup_cpu(obj, &found, &off) && found == s && slab_free_cpu(s, obj, off))))
		slab_free_slow(obj, __builtin_return_address(0), false, s);
	local_irq_restore(flags);
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

		unsigned long flags;

		if (!s->active)
			continue;
		spin_lock_irqsave(&slab_lock, flags);	/* a snapshot; fn runs unlocked */
		info.name = s->name;
		info.object_size = s->object_size;
		info.size = s->size;
		info.objs_per_slab = s->objs_per_slab;
		info.order = s->order;
		info.active_objs = slab_active_objs(s);
		info.num_slabs = s->nr_slabs;
		info.num_objs = s->nr_slabs * s->objs_per_slab;
		spin_unlock_irqrestore(&slab_lock, flags);
		fn(&info, ctx);
	}
}
