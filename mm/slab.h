/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the slab allocator (mm/slab.c) and kmalloc
 * (mm/kmalloc.c): the cache descriptor, the page->private encoding, the
 * lowmem address helpers and the inline fast paths.  Nothing outside mm/
 * includes this; the interface is meridian/slab.h.
 *
 * page->private of a page owned by the slab allocator (PG_slab set):
 *
 *    31  30 29     24 23 22 21              12 11                  0
 *   +------+---------+-----+------------------+--------------------+
 *   | HEAD |  cache  |  0  |  objects in use  | first free >> 3    |
 *   +------+---------+-----+------------------+--------------------+
 *   | TAIL |  cache  |           0            | page index in slab |
 *   +------+---------+------------------------+--------------------+
 *   | LARGE|                 0                | order              |
 *   +------+----------------------------------+--------------------+
 *
 * "first free" is the byte offset of the first object on the slab's free
 * list, in units of 8 bytes; it is meaningless when all objects are in
 * use.  The cache field is exactly as wide as slab_caches[] is long, so
 * any page's private names some descriptor: kfree's fast path reads it
 * from whatever page an address has, before it knows that the page is a
 * slab's (see slab_lookup_cpu).  Tail pages carry it so that objects in
 * any page of a slab take that path.
 *
 * The cpu slab (SLUB's per-CPU slab; there is one CPU) is the slab that
 * allocations come from.  It is on no list, its in-use field says "all",
 * and its free objects are on the cache's own list (cpu_free), which
 * kmalloc pops and kfree pushes without touching the struct page.
 * Statistics are derived from the lists when asked for (slabinfo), so the
 * fast paths keep no counters.
 */
#ifndef MERIDIAN_MM_SLAB_H
#define MERIDIAN_MM_SLAB_H

#include <string.h>

#include <meridian/gfp.h>
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
#define SLAB_CACHED_EMPTY 1	/* empty slabs a cache keeps, besides its cpu slab */
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
#define SLAB_SLOT_SHIFT 24
#define SLAB_SLOT_MASK 0x3fu
#define SLAB_INUSE_SHIFT 12
#define SLAB_INUSE_MASK 0x3ffu
#define SLAB_FREE_MASK 0xfffu
#define SLAB_FREE_UNIT_SHIFT 3	/* free offsets are stored in units of 8 bytes */
#define SLAB_LOW_MASK 0xfffu	/* tail index / large order */

#define SLAB_MAX_BYTES (PAGE_SIZE << SLAB_MAX_ORDER)
#define SLAB_FREE_MAGIC 0xa5000000u	/* ^ offset: "this object is free" (an ARM immediate) */
#define SLAB_FREE_END 0xffffffffu	/* the last free object's next: above every offset */

/*
 * Neither an offset nor SLAB_FREE_END is a mark (SLAB_FREE_MAGIC ^ offset),
 * so kmalloc clears an object's mark by storing its next link there.
 */
_Static_assert(SLAB_MAX_BYTES <= (SLAB_FREE_MAGIC & -SLAB_FREE_MAGIC) &&
		       (SLAB_FREE_END ^ SLAB_FREE_MAGIC) >= SLAB_MAX_BYTES,
	       "free-list links never look like a free mark");

_Static_assert(SLAB_MAX_CACHES == SLAB_SLOT_MASK + 1,
	       "every value of the cache field names a descriptor");
_Static_assert((SLAB_MAX_BYTES >> SLAB_FREE_UNIT_SHIFT) <= SLAB_FREE_MASK + 1,
	       "every object offset of the largest slab fits the free field");
_Static_assert(PAGE_SIZE / KMALLOC_MIN_SIZE <= SLAB_INUSE_MASK,
	       "an order-0 slab of the smallest objects fits the in-use field");
_Static_assert(KMALLOC_MIN_SIZE == 1 << KMALLOC_SHIFT_LOW &&
		       KMALLOC_MAX_CACHE_SIZE == 1 << KMALLOC_SHIFT_HIGH,
	       "kmalloc classes match slab.h");
_Static_assert(KMALLOC_MAX_CACHE_SIZE <= SLAB_MAX_BYTES / SLAB_MIN_OBJS,
	       "the largest kmalloc class gets SLAB_MIN_OBJS objects per slab");
_Static_assert(SLAB_MAX_BYTES < 1u << 16, "slab_divides() holds for every offset and size");

struct kmem_cache {
	/* Hot, in the order the fast paths load them. */
	unsigned int cpu_free;		/* offset of the cpu slab's first free object, or SLAB_FREE_END */
	unsigned int objs_bytes;	/* objs_per_slab * size: objects start below this offset */
	char *cpu_base;			/* the cpu slab's first byte, or NULL */
	u32 size_magic;			/* ceil(2^32 / size), for slab_divides() */
	unsigned int offset;		/* of the struct slab_freeptr within an object */
	struct page *cpu_slab;		/* head page of the cpu slab, or NULL */
	unsigned int size;		/* stride between objects: object, free pointer, alignment */
	unsigned int usable;		/* ksize(): bytes the caller may use */
	/* Cold. */
	struct list_head partial;	/* slabs with free and used objects */
	struct list_head full;		/* slabs with every object in use */
	struct list_head free;		/* empty slabs kept for reuse */
	unsigned int nr_free;		/* slabs on free */
	unsigned int objs_per_slab;
	unsigned int order;		/* slabs are 2^order pages */
	unsigned long nr_slabs;		/* all of them: cpu, partial, full and free */
	unsigned int object_size;	/* as requested */
	unsigned int align;
	unsigned int slot;		/* index in slab_caches[], stored in page->private */
	void (*ctor)(void *obj);
	bool active;
	char name[SLAB_NAME_LEN];
	/* lock: a spinlock per cache goes here once there is SMP or IRQ-time use. */
} __aligned(64);	/* whole cache lines; slot -> cache is a shift on ARM */

/*
 * Slots 0..KMALLOC_NR-1 are the kmalloc classes.  A zeroed descriptor has
 * cpu_free == objs_bytes == 0, so kmalloc before kmem_cache_init() takes
 * the slow path, which fails for an inactive cache: no "ready" test.
 */
extern struct kmem_cache slab_caches[SLAB_MAX_CACHES];
extern spinlock_t slab_lock;
#ifdef MERIDIAN_HOST
#define slab_lock_acquire() ((void)0)
#define slab_lock_release() ((void)0)
#define local_irq_save(flags) ((flags) = 0)
#define local_irq_restore(flags) ((void)(flags))
#else
#define slab_lock_acquire() arch_spin_lock(&slab_lock)	/* IRQs are masked already */
#define slab_lock_release() arch_spin_unlock(&slab_lock)
#endif

/* The link kept in a free object (or just after it, for caches with a ctor). */
struct slab_freeptr {
	u32 next;	/* offset of the next free object in the slab, or SLAB_FREE_END */
	u32 check;	/* SLAB_FREE_MAGIC ^ this object's offset while it is free */
};

/* A slab object as found from its address. */
struct slab_obj {
	struct kmem_cache *s;	/* NULL for a large kmalloc */
	struct page *head;
	char *base;		/* the slab's first byte */
	unsigned int off;	/* of the object in the slab */
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

/* Sets *pagep to addr's struct page; false if it has none (NULL has none). */
static inline bool slab_virt_to_page(const void *addr, struct page **pagep)
{
	*pagep = host_virt_to_page(addr);
	return *pagep != NULL;
}
#else
/*
 * The lowmem direct map as the slab fast paths use it, set by
 * slab_lowmem_init() from mem_layout and mem_map (both fixed after boot).
 * slab_page_address() is __va(page_to_phys(page)) and slab_virt_to_page()
 * is pfn_to_page(__pa(addr) >> PAGE_SHIFT), but in 32-bit page-number
 * arithmetic with one range check instead of __pa/__va's 64-bit ones.
 */
struct slab_lowmem {
	vaddr_t start, size;	/* lowmem addresses that have a struct page; none until init */
	uintptr_t page_bias;	/* mem_map - vpfn0: + (addr >> PAGE_SHIFT) is addr's page */
	struct page *map;	/* mem_map */
	unsigned long vpfn0;	/* virtual page number of mem_map[0]'s page, mod 2^32 */
};
extern struct slab_lowmem slab_lowmem;

/* Slab pages are lowmem (allocated without __GFP_HIGHMEM). */
static inline void *slab_page_address(const struct page *page)
{
	unsigned long vpfn = (unsigned long)(page - slab_lowmem.map) + slab_lowmem.vpfn0;

	return (void *)((vaddr_t)vpfn << PAGE_SHIFT);
}

/*
 * Sets *pagep to addr's struct page; false if addr is not lowmem RAM with
 * one.  NULL never is: lowmem does not wrap past 2^32, so 0 - start >= size.
 */
static inline bool slab_virt_to_page(const void *addr, struct page **pagep)
{
	vaddr_t va = (vaddr_t)addr;

	if (unlikely(va - slab_lowmem.start >= slab_lowmem.size))
		return false;
	*pagep = (struct page *)(slab_lowmem.page_bias + (va >> PAGE_SHIFT) * sizeof(struct page));
	return true;
}
#endif

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

static inline u32 slab_priv_type(u32 priv)
{
	return priv >> SLAB_TYPE_SHIFT;
}

/* The descriptor named by a private's cache field: valid memory for any priv. */
static inline struct kmem_cache *slab_priv_cache(u32 priv)
{
	return &slab_caches[(priv >> SLAB_SLOT_SHIFT) & SLAB_SLOT_MASK];
}

static inline unsigned int slab_priv_inuse(u32 priv)
{
	return (priv >> SLAB_INUSE_SHIFT) & SLAB_INUSE_MASK;
}

static inline struct slab_freeptr *slab_fp(const struct kmem_cache *s, const void *obj)
{
	return (struct slab_freeptr *)((char *)obj + s->offset);
}

/*
 * Is off (< 2^16) a multiple of s->size?  (off * ceil(2^32 / size)) mod
 * 2^32 < ceil(2^32 / size) exactly when it is, for off and size below
 * 2^16 (Lemire, Kaser and Kurz, "Faster remainder by direct computation",
 * 2019): a multiply instead of a divide on the free path.
 */
static inline bool slab_divides(const struct kmem_cache *s, unsigned int off)
{
	return (u32)(off * s->size_magic) < s->size_magic;
}

/* --- Slow paths (mm/slab.c, mm/kmalloc.c) --- */

void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfp);
void slab_free_slow(const void *obj, void *caller, bool any, struct kmem_cache *expect);
const char *slab_lookup(const void *obj, struct slab_obj *so);
void slab_report(const char *fn, const char *reason, const void *obj, void *caller);
bool slab_cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
		      unsigned int align, void (*ctor)(void *));
void kmalloc_init(void);
void kfree_large(struct page *page);

/* --- Fast paths --- */

/*
 * slab_alloc_cpu - pop the cpu slab's first free object.  Precondition:
 * s->cpu_free < s->objs_bytes.  The next link is checked when it is used:
 * a value that is neither an offset nor SLAB_FREE_END sends the next
 * allocation to slab_alloc_slow(), which panics (write after free).
 */
static inline __attribute__((always_inline)) void *slab_alloc_cpu(struct kmem_cache *s, gfp_t gfp)
{
	char *obj = s->cpu_base + s->cpu_free;
	struct slab_freeptr *fp = slab_fp(s, obj);

	/* lock(s) */
	slab_unpoison(obj, s->size);
	s->cpu_free = fp->next;
	fp->check = s->cpu_free;	/* anything but a mark (see SLAB_FREE_END) */
	slab_poison(obj + s->usable, s->size - s->usable);
	/* unlock(s) */
	if (unlikely(gfp & __GFP_ZERO))
		return memset(obj, 0, s->usable);
	return obj;
}

/*
 * slab_alloc - an object of s (gfp: __GFP_ZERO zeroes it, __GFP_NOWARN is
 * passed to the page allocator).  Returns NULL when out of pages or
 * before kmem_cache_init().  Context: any; does not sleep.
 */
static inline __attribute__((always_inline)) void *slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	if (unlikely(s->cpu_free >= s->objs_bytes))
		return slab_alloc_slow(s, gfp);
	return slab_alloc_cpu(s, gfp);
}

#ifndef MERIDIAN_HOST
_Static_assert(PAGE_OFFSET >= SLAB_MAX_BYTES, "no lowmem address is an offset in a slab");
#endif

/*
 * slab_lookup_cpu - the common case of slab_lookup: obj is an object slot
 * of its cache's cpu slab.  Sets *sp and *offp, or returns false for
 * anything else (NULL included), which slab_lookup then sorts out.
 * The page only suggests a cache; the address alone proves that obj is
 * in its cpu slab.  Without a cpu slab cpu_base is NULL, and obj (lowmem,
 * so at least PAGE_OFFSET; on the host, in the fake arena on the heap) is
 * no offset below objs_bytes.
 */
static inline __attribute__((always_inline)) bool
slab_lookup_cpu(const void *obj, struct kmem_cache **sp, unsigned int *offp)
{
	struct kmem_cache *s;
	struct page *page;
	unsigned int off;

	if (unlikely(!slab_virt_to_page(obj, &page)))
		return false;
	s = slab_priv_cache(page->private);
	off = (unsigned int)((uintptr_t)obj - (uintptr_t)s->cpu_base);
	if (unlikely(off >= s->objs_bytes || !slab_divides(s, off)))
		return false;
	*sp = s;
	*offp = off;
	return true;
}

/* Pushes the allocated object obj, at off in the cpu slab, on the cpu free list. */
static inline __attribute__((always_inline)) void slab_push_cpu(struct kmem_cache *s,
								const void *obj, unsigned int off)
{
	struct slab_freeptr *fp = slab_fp(s, obj);

	slab_unpoison(fp, sizeof(*fp));
	fp->next = s->cpu_free;
	fp->check = SLAB_FREE_MAGIC ^ off;
	s->cpu_free = off;
	slab_poison(obj, s->size);
}

/*
 * slab_free_cpu - push a looked-up object of the cpu slab on the cpu
 * free list.  Returns false, changing nothing, if the object carries the
 * free mark: maybe a double free, for slab_free_slow() to decide.
 */
static inline __attribute__((always_inline)) bool slab_free_cpu(struct kmem_cache *s,
								const void *obj, unsigned int off)
{
	/* lock(s) */
	if (unlikely(slab_fp_read(slab_fp(s, obj)).check == (SLAB_FREE_MAGIC ^ off)))
		return false;
	slab_push_cpu(s, obj, off);
	/* unlock(s) */
	return true;
}

#endif /* MERIDIAN_MM_SLAB_H */
