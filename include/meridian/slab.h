/* SPDX-License-Identifier: MIT */
/*
 * Slab allocation (mm/slab.c): fixed-size object caches and kmalloc's
 * power-of-two classes from 8 to 4096 bytes; larger kmalloc requests are
 * whole pages from the buddy allocator.  All of it is lowmem.
 */
#ifndef MERIDIAN_SLAB_H
#define MERIDIAN_SLAB_H

#include <meridian/gfp.h>

#define KMALLOC_MIN_SIZE 8
#define KMALLOC_MAX_CACHE_SIZE 4096
#define ARCH_KMALLOC_MINALIGN 8

struct kmem_cache;

/* Statistics for one cache, as slabinfo shows them. */
struct kmem_cache_info {
	const char *name;
	unsigned int object_size, size, objs_per_slab, order;
	unsigned long active_objs, num_objs, num_slabs;
};

/* Sets up the kmalloc caches; the page allocator must be ready. */
void kmem_cache_init(void);

/*
 * kmem_cache_create - a cache of size-byte objects aligned to align (0:
 * ARCH_KMALLOC_MINALIGN).  ctor, if given, runs on every new object.
 * Returns NULL on bad arguments or no memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *));
/* Destroys an empty cache; objects still allocated are reported and the cache is kept. */
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *obj);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
/* kfree(NULL) is a no-op; a pointer kmalloc did not return is reported. */
void kfree(const void *obj);
/* Return a cache's (or every cache's) empty slabs to the page allocator. */
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);
size_t ksize(const void *obj);

/* Bytes of pages held by all caches (meminfo's Slab line). */
unsigned long slab_total_bytes(void);
/* Calls fn for every cache (slabinfo). */
void kmem_cache_for_each(void (*fn)(const struct kmem_cache_info *info, void *ctx), void *ctx);

#endif /* MERIDIAN_SLAB_H */
