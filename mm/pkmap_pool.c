/* SPDX-License-Identifier: MIT */
/*
 * The persistent-kmap slot pool (see meridian/pkmap_pool.h): Linux's
 * mm/highmem.c bookkeeping (pkmap_count[], last_pkmap_nr, the page
 * address hash, map_new_virtual, flush_all_zero_pkmaps) as pure logic.
 * The PTE writes and the TLB flush are the caller's, through pkmap_ops.
 *
 * Slot counts, as Linux's pkmap_count[]:
 *   0      free: no PTE, safe to map at once;
 *   1      stale: no user, but the PTE (and maybe a TLB entry) is still
 *          there, so the pfn can be handed out again without a PTE write;
 *   n > 1  mapped with n - 1 users.
 * Stale slots are only reclaimed when the round-robin scan wraps to slot
 * 0, all at once, so that one TLB flush of the window covers them all.
 *
 * The scan starts with last = PKMAP_SLOTS - 1, so the first mapping
 * takes slot 0 (Linux starts last_pkmap_nr at 0 and hands out slot 1
 * first).  That first step wraps, but an all-free pool has nothing stale,
 * so it neither clears a slot nor flushes.
 *
 * Out of scope: locking, sleeping for a slot (the caller waits on
 * -EAGAIN and counts p->waits), cache colouring (Linux's
 * get_pkmap_color), and the PTEs themselves.
 */
#include <meridian/kernel.h>
#include <meridian/pkmap_pool.h>

_Static_assert(PKMAP_SLOTS > 0 && PKMAP_SLOTS <= 32767, "slot numbers fit the s16 hash links");
_Static_assert((PKMAP_HASH_SIZE & (PKMAP_HASH_SIZE - 1)) == 0, "pkmap_hash() masks");

#define PKMAP_COUNT_FREE 0
#define PKMAP_COUNT_STALE 1
#define PKMAP_COUNT_MAX 0xffff			/* u16 count[] */
#define PKMAP_HASH_END (-1)

/*
 * The bucket of pfn.  The low bits suffice: the pfns kmapped together
 * are mostly neighbours (a buffer, a page-table walk), and neighbours
 * land in different buckets.
 */
static unsigned int pkmap_hash(unsigned long pfn)
{
	return (unsigned int)(pfn & (PKMAP_HASH_SIZE - 1));
}

/* Link slot, whose pfn[] is already set, at the head of its bucket. */
static void pkmap_hash_add(struct pkmap_pool *p, unsigned int slot)
{
	unsigned int b = pkmap_hash(p->pfn[slot]);

	p->hash_next[slot] = p->hash_head[b];
	p->hash_head[b] = (s16)slot;
}

/*
 * Unlink slot from its bucket and forget its pfn.  The slot must be
 * hashed: not finding it means the hash and pfn[] disagree.
 */
static void pkmap_hash_del(struct pkmap_pool *p, unsigned int slot)
{
	s16 *link = &p->hash_head[pkmap_hash(p->pfn[slot])];

	while (*link != (s16)slot) {
		BUG_ON(*link == PKMAP_HASH_END);
		link = &p->hash_next[*link];
	}
	*link = p->hash_next[slot];
	p->hash_next[slot] = PKMAP_HASH_END;
	p->pfn[slot] = PKMAP_NO_PFN;
}

/* pkmap_pool_init - every slot free and unhashed, the scan before slot 0. */
void pkmap_pool_init(struct pkmap_pool *p)
{
	unsigned int i;

	for (i = 0; i < PKMAP_SLOTS; i++) {
		p->count[i] = PKMAP_COUNT_FREE;
		p->pfn[i] = PKMAP_NO_PFN;
		p->hash_next[i] = PKMAP_HASH_END;
	}
	for (i = 0; i < PKMAP_HASH_SIZE; i++)
		p->hash_head[i] = PKMAP_HASH_END;
	p->last = PKMAP_SLOTS - 1;
	p->hits = 0;
	p->misses = 0;
	p->flushes = 0;
	p->waits = 0;
}

/*
 * flush_all_zero_pkmaps - free every stale slot: unhash it and have the
 * caller clear its PTE; then, if any was freed, one flush_all for the
 * whole window.  Linux's function of the same name.
 */
static void flush_all_zero_pkmaps(struct pkmap_pool *p, const struct pkmap_ops *ops, void *ctx)
{
	unsigned int i;
	bool need_flush = false;

	for (i = 0; i < PKMAP_SLOTS; i++) {
		if (p->count[i] != PKMAP_COUNT_STALE)
			continue;
		p->count[i] = PKMAP_COUNT_FREE;
		pkmap_hash_del(p, i);
		ops->clear_slot(ctx, i);
		need_flush = true;
	}
	if (need_flush) {
		ops->flush_all(ctx);
		p->flushes++;
	}
}

/*
 * map_new_virtual - find a free slot for pfn, round robin from p->last,
 * and map pfn there with one user (count 2).  Linux's function of the
 * same name: a wrap to slot 0 frees the stale slots and restarts the
 * step budget, so a failed search has looked at every slot after the
 * flush.  Returns the slot, or -EAGAIN if every slot is in use; then
 * nothing was stale, so only p->last has moved.
 */
static int map_new_virtual(struct pkmap_pool *p, unsigned long pfn, const struct pkmap_ops *ops,
			   void *ctx)
{
	unsigned int steps = PKMAP_SLOTS;
	unsigned int slot;

	for (;;) {
		p->last = (p->last + 1) % PKMAP_SLOTS;
		if (p->last == 0) {
			flush_all_zero_pkmaps(p, ops, ctx);
			steps = PKMAP_SLOTS;
		}
		if (p->count[p->last] == PKMAP_COUNT_FREE)
			break;
		if (--steps == 0)
			return -EAGAIN;
	}
	slot = p->last;
	p->count[slot] = PKMAP_COUNT_STALE + 1;
	p->pfn[slot] = pfn;
	pkmap_hash_add(p, slot);
	ops->set_slot(ctx, slot, pfn);
	return (int)slot;
}

/*
 * pkmap_pool_get - see meridian/pkmap_pool.h.  A hit on a stale slot
 * revives it (count 1 -> 2) without a set_slot: its PTE is still there.
 * misses counts every search for a new slot, failed ones too.
 * pfn must not be PKMAP_NO_PFN (WARN, -EINVAL).  Context: the caller
 * holds the pool's lock; never sleeps.
 */
int __pkmap_pool_get(struct pkmap_pool *p, unsigned long pfn, const struct pkmap_ops *ops,
		     void *ctx)
{
	int slot;

	if (WARN_ON(pfn == PKMAP_NO_PFN))
		return -EINVAL;
	slot = pkmap_pool_lookup(p, pfn);
	if (slot >= 0) {
		BUG_ON(p->count[slot] == PKMAP_COUNT_MAX);	/* 65534 users of one page */
		p->count[slot]++;
		p->hits++;
		return slot;
	}
	p->misses++;
	return map_new_virtual(p, pfn, ops, ctx);
}

/* A put that cannot be honoured: a slot number out of range is misuse (WARN). */
int __pkmap_pool_put_bad(struct pkmap_pool *p, unsigned int slot)
{
	(void)p;
	WARN_ON(slot >= PKMAP_SLOTS);
	return -EINVAL;
}

/* pkmap_pool_stats - count the free (0), stale (1) and used (> 1) slots. */
void pkmap_pool_stats(const struct pkmap_pool *p, unsigned int *free, unsigned int *stale,
		      unsigned int *used)
{
	unsigned int i;

	*free = 0;
	*stale = 0;
	*used = 0;
	for (i = 0; i < PKMAP_SLOTS; i++) {
		if (p->count[i] == PKMAP_COUNT_FREE)
			(*free)++;
		else if (p->count[i] == PKMAP_COUNT_STALE)
			(*stale)++;
		else
			(*used)++;
	}
}
