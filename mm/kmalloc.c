/* SPDX-License-Identifier: MIT */
/*
 * kmalloc on top of the slab allocator (mm/slab.c): ten power-of-two
 * caches, kmalloc-8 .. kmalloc-4096, in the first descriptor slots.
 * Bigger requests are whole blocks of pages from the buddy allocator,
 * their head page marked SLAB_TYPE_LARGE so that kfree and ksize know
 * them.  See meridian/slab.h for the interface.
 *
 * kmalloc+kfree of a small object is the allocator's hot path (the
 * kmalloc64_kfree benchmark): both stay in the cache's cpu slab
 * (mm/slab.h), about 70 instructions for the pair; anything unusual goes
 * to the out-of-line slow paths.
 *
 * Out of scope: ZERO_SIZE_PTR (kmalloc(0) is NULL), krealloc, kmalloc
 * of highmem, non-power-of-two classes (kmalloc-96, -192).
 */
#include <string.h>

#include <meridian/kernel.h>

#include "slab.h"

_Static_assert(32 - KMALLOC_SHIFT_LOW < SLAB_MAX_CACHES, "kmalloc_slab() indexes within slab_caches");

static const char *const kmalloc_names[KMALLOC_NR] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048", "kmalloc-4096",
};

/*
 * kmalloc_init - set up the kmalloc classes in slots 0..KMALLOC_NR-1.
 * Called by kmem_cache_init() once the lowmem helpers work.  Context: boot.
 */
void kmalloc_init(void)
{
	unsigned int i;

	for (i = 0; i < KMALLOC_NR; i++)
		BUG_ON(!slab_cache_setup(&slab_caches[i], kmalloc_names[i],
					 1u << (i + KMALLOC_SHIFT_LOW), ARCH_KMALLOC_MINALIGN, NULL));
}

/*
 * The kmalloc cache of 1..KMALLOC_MAX_CACHE_SIZE bytes: slot fls(size - 1)
 * - 3, at least 0.  fls(v) - 3 is 29 - clz(v), so the slot is counted down
 * from slot 29 (one instruction on ARM).
 */
static inline struct kmem_cache *kmalloc_slab(size_t size)
{
	/* | 7: sizes 1..8 have fls 3 too (and clz never sees 0). */
	unsigned int v = ((unsigned int)size - 1) | (KMALLOC_MIN_SIZE - 1);

	return &slab_caches[32 - KMALLOC_SHIFT_LOW] - __builtin_clz(v);
}

/*
 * kmalloc_large - kmalloc of 0 (NULL) or more than KMALLOC_MAX_CACHE_SIZE
 * bytes: a block of pages, head marked SLAB_TYPE_LARGE.
 */
static void *__attribute__((noinline)) kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = 0;
	struct page *page;
	void *p;

	if (!size || size > PAGE_SIZE << (MAX_ORDER - 1))
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	page = alloc_pages(GFP_KERNEL | (gfp & __GFP_NOWARN), order);
	if (!page)
		return NULL;
	page->flags |= PG_slab;
	page->private = SLAB_TYPE_LARGE << SLAB_TYPE_SHIFT | order;
	p = slab_page_address(page);
	if (gfp & __GFP_ZERO)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

/* Frees a large kmalloc block, restoring its head page for the buddy allocator. */
void kfree_large(struct page *page)
{
	unsigned int order = page->private & SLAB_LOW_MASK;

	page->flags &= ~PG_slab;
	page->private = order;
	__free_pages(page, order);
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
	unsigned long flags;
	void *obj;

	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, gfp);
	local_irq_save(flags);
	obj = slab_alloc(kmalloc_slab(size), gfp);
	local_irq_restore(flags);
	return obj;
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
	struct kmem_cache *s;
	unsigned long flags;
	unsigned int off;

	local_irq_save(flags);
	if (!(likely(slab_lookup_cpu(obj, &s, &off) && slab_free_cpu(s, obj, off))))
		slab_free_slow(obj, __builtin_return_address(0), true, NULL);
	local_irq_restore(flags);
}

/*
 * ksize - the bytes usable at obj: the class size for kmalloc, the whole
 * block for large kmalloc.  0 for NULL, and for a pointer that is not a
 * slab object (reported).
 */
size_t ksize(const void *obj)
{
	struct slab_obj so;
	unsigned long flags;
	const char *bad;

	if (!obj)
		return 0;
	spin_lock_irqsave(&slab_lock, flags);
	bad = slab_lookup(obj, &so);
	spin_unlock_irqrestore(&slab_lock, flags);
	if (unlikely(bad)) {
		slab_report("ksize", bad, obj, __builtin_return_address(0));
		return 0;
	}
	if (!so.s)
		return PAGE_SIZE << (so.head->private & SLAB_LOW_MASK);
	return so.s->usable;
}
