/* SPDX-License-Identifier: MIT */
/*
 * The persistent-kmap slot pool, Linux's scheme as pure logic (no page
 * tables, no locking): mm/highmem.c wraps it with the lock, the PTE
 * writes, the TLB flush and the wait queue; the host tests run it as is.
 *
 * count[slot]: 0 free; 1 unused but maybe still in the TLB ("stale");
 * n > 1: n - 1 users.  A hash finds the slot a pfn is mapped at.
 * A new mapping takes the next slot with count 0, scanning round robin;
 * when the scan wraps to slot 0, every stale slot is freed at once and
 * the caller flushes the TLB for the whole window (one invalidation).
 */
#ifndef MERIDIAN_PKMAP_POOL_H
#define MERIDIAN_PKMAP_POOL_H

#include <meridian/types.h>

#define PKMAP_SLOTS 512
#define PKMAP_HASH_BITS 7
#define PKMAP_HASH_SIZE (1u << PKMAP_HASH_BITS)
#define PKMAP_NO_PFN (~0UL)

struct pkmap_pool {
	u16 count[PKMAP_SLOTS];
	unsigned long pfn[PKMAP_SLOTS];		/* mapped pfn, PKMAP_NO_PFN if none */
	s16 hash_next[PKMAP_SLOTS];		/* chain of slots in one bucket, -1 ends */
	s16 hash_head[PKMAP_HASH_SIZE];
	unsigned int last;			/* last slot the scan looked at */
	unsigned long hits, misses, flushes, waits;
};

/* What the pool asks of its user while it changes slots. */
struct pkmap_ops {
	/* A stale slot is being freed: clear its PTE (no TLB flush yet). */
	void (*clear_slot)(void *ctx, unsigned int slot);
	/* After one or more clear_slot calls in a wrap: flush the whole window's TLB. */
	void (*flush_all)(void *ctx);
	/* A new mapping of pfn at slot: write its PTE. */
	void (*set_slot)(void *ctx, unsigned int slot, unsigned long pfn);
};

void pkmap_pool_init(struct pkmap_pool *p);

/* The slot pfn is mapped at (count >= 1), or -1.  Inline: the hit paths use it. */
static inline int pkmap_pool_lookup(const struct pkmap_pool *p, unsigned long pfn)
{
	for (int slot = p->hash_head[pfn & (PKMAP_HASH_SIZE - 1)]; slot >= 0; slot = p->hash_next[slot])
		if (p->pfn[slot] == pfn)
			return slot;
	return -1;
}

int __pkmap_pool_get(struct pkmap_pool *p, unsigned long pfn, const struct pkmap_ops *ops,
		     void *ctx);
/*
 * pkmap_pool_get - take a reference on a mapping of pfn: an existing one
 * (a hit), or a new one in a free slot (a miss; set_slot is called).
 * Returns the slot, or -EAGAIN when all slots are in use even after a
 * flush (the caller must wait for a put and retry; p->waits is counted
 * by the caller).
 */
static inline int pkmap_pool_get(struct pkmap_pool *p, unsigned long pfn,
				 const struct pkmap_ops *ops, void *ctx)
{
	int slot = pkmap_pool_lookup(p, pfn);

	if (likely(slot >= 0 && p->count[slot] != 0xffff)) {	/* a hit */
		p->count[slot]++;
		p->hits++;
		return slot;
	}
	return __pkmap_pool_get(p, pfn, ops, ctx);
}
/*
 * pkmap_pool_put - drop a reference taken by get.  Returns the new count
 * (1 means the slot just became unused: waiters may proceed), or -EINVAL
 * for a slot that has no user (count < 2): nothing is changed.
 */
int __pkmap_pool_put_bad(struct pkmap_pool *p, unsigned int slot);

static inline int pkmap_pool_put(struct pkmap_pool *p, unsigned int slot)
{
	if (unlikely(slot >= PKMAP_SLOTS || p->count[slot] < 2))
		return __pkmap_pool_put_bad(p, slot);	/* -EINVAL; out of range is WARNed */
	return --p->count[slot];
}
/* Counts of free, stale and used slots. */
void pkmap_pool_stats(const struct pkmap_pool *p, unsigned int *free, unsigned int *stale,
		      unsigned int *used);

#endif /* MERIDIAN_PKMAP_POOL_H */
