/* SPDX-License-Identifier: MIT */
/*
 * The persistent-kmap slot pool (see meridian/pkmap_pool.h): Linux's
 * mm/highmem.c bookkeeping (pkmap_count[], last_pkmap_nr, the page
 * address hash, map_new_virtual, flush_all_zero_pkmaps) as pure logic.
 * The PTE writes and the TLB flush are the caller's, through pkmap_ops.
 *
 * Slot counts, as Linux's pkmap_count[] (here the high half of each
 * slot's word, the pfn being the low half):
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
 * Beyond Linux: the hit and the put of the common case are lock free
 * (see meridian/pkmap_pool.h), so every count change is atomic.
 *
 * Out of scope: locking, sleeping for a slot (the caller waits on
 * -EAGAIN and counts p->waits), cache colouring (Linux's
 * get_pkmap_color), and the PTEs themselves.
 */
#include <meridian/kernel.h>
#include <meridian/pkmap_pool.h>

_Static_assert((PKMAP_HASH_SIZE & (PKMAP_HASH_SIZE - 1)) == 0, "pkmap_hash() masks");

#define PKMAP_COUNT_FREE 0
#define PKMAP_COUNT_STALE 1
#define PKMAP_HASH_END (-1)

/*
 * The bucket of a pfn is its low bits (pkmap_hash()): the pfns kmapped
 * together are mostly neighbours (a buffer, a page-table walk), and
 * neighbours land in different buckets.
 *
 * Link slot, already published with its pfn, at the head of its bucket.
 * The head is read without the lock (tryget, tryput), but only as a
 * hint: the slot's word decides, so a reader that sees the new head
 * before the new word just takes the locked path.
 */
static void pkmap_hash_add(struct pkmap_pool *p, unsigned int slot, unsigned long pfn)
{
	unsigned int b = pkmap_hash(pfn);

	p->hash_next[slot] = p->hash_head[b];
	__atomic_store_n(&p->hash_head[b], (int)slot, __ATOMIC_RELAXED);
}

/*
 * Unlink slot, which was mapping pfn, from its bucket.  The slot must be
 * hashed: not finding it means the hash and the words disagree.  A
 * lock-free reader may still be looking at the slot; its word, already
 * swapped to free, turns it away.
 */
static void pkmap_hash_del(struct pkmap_pool *p, unsigned int slot, unsigned long pfn)
{
	int *link = &p->hash_head[pkmap_hash(pfn)];

	while (*link != (int)slot) {
		BUG_ON(*link == PKMAP_HASH_END);
		link = &p->hash_next[*link];
	}
	__atomic_store_n(link, p->hash_next[slot], __ATOMIC_RELAXED);
	p->hash_next[slot] = PKMAP_HASH_END;
}

/* pkmap_pool_init - every slot free and unhashed, the scan before slot 0. */
void pkmap_pool_init(struct pkmap_pool *p)
{
	unsigned int i;

	for (i = 0; i < PKMAP_SLOTS; i++) {
		p->entry[i] = pkmap_entry(PKMAP_NO_PFN, PKMAP_COUNT_FREE);
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

int pkmap_pool_lookup(const struct pkmap_pool *p, unsigned long pfn)
{
	for (int slot = p->hash_head[pkmap_hash(pfn)]; slot >= 0; slot = p->hash_next[slot])
		if (pkmap_pool_pfn(p, (unsigned int)slot) == pfn)
			return slot;
	return -1;
}

/*
 * flush_all_zero_pkmaps - free every stale slot: swap its word from
 * (pfn, 1) to free, unhash it and have the caller clear its PTE; then,
 * if any was freed, one flush_all for the whole window.  A slot that a
 * lock-free tryget revives meanwhile fails the swap and stays.  Linux's
 * function of the same name.
 */
static void flush_all_zero_pkmaps(struct pkmap_pool *p, const struct pkmap_ops *ops, void *ctx)
{
	const u64 free_entry = pkmap_entry(PKMAP_NO_PFN, PKMAP_COUNT_FREE);
	bool need_flush = false;
	unsigned int i;

	for (i = 0; i < PKMAP_SLOTS; i++) {
		u64 old = __atomic_load_n(&p->entry[i], __ATOMIC_RELAXED);

		if (pkmap_entry_count(old) != PKMAP_COUNT_STALE ||
		    !__atomic_compare_exchange_n(&p->entry[i], &old, free_entry, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			continue;
		pkmap_hash_del(p, i, pkmap_entry_pfn(old));
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
 * nothing was stale, so only p->last has moved.  A free slot is touched
 * by nobody without the lock; its PTE is written before its word is
 * published (release), so that a lock-free get that sees the word finds
 * the mapping.
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
		if (pkmap_pool_count(p, p->last) == PKMAP_COUNT_FREE)
			break;
		if (--steps == 0)
			return -EAGAIN;
	}
	slot = p->last;
	ops->set_slot(ctx, slot, pfn);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	pkmap_entry_set(&p->entry[slot], pkmap_entry(pfn, PKMAP_COUNT_STALE + 1));
	pkmap_hash_add(p, slot, pfn);
	return (int)slot;
}

/*
 * One more user of a slot found by lookup (count >= 1, and nothing but
 * the lock holder lowers it to 0; lock-free gets and puts may change it
 * meanwhile).
 */
static void pkmap_slot_get(struct pkmap_pool *p, unsigned int slot, unsigned long pfn)
{
	BUG_ON(!pkmap_entry_add(&p->entry[slot], pfn, 1, PKMAP_COUNT_MAX, 1));	/* 65536 users */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	__atomic_fetch_add(&p->hits, 1, __ATOMIC_RELAXED);
}

/*
 * pkmap_pool_get - see meridian/pkmap_pool.h.  A hit on a stale slot
 * revives it (count 1 -> 2) without a set_slot: its PTE is still there.
 * misses counts every search for a new slot, failed ones too.
 * pfn must be below PKMAP_NO_PFN (WARN, -EINVAL).  Context: the caller
 * holds the pool's lock; never sleeps.
 */
int pkmap_pool_get(struct pkmap_pool *p, unsigned long pfn, const struct pkmap_ops *ops,
		   void *ctx)
{
	int slot;

	if (WARN_ON(pfn >= PKMAP_NO_PFN))
		return -EINVAL;
	slot = pkmap_pool_lookup(p, pfn);
	if (slot >= 0) {
		pkmap_slot_get(p, (unsigned int)slot, pfn);
		return slot;
	}
	p->misses++;
	return map_new_virtual(p, pfn, ops, ctx);
}

/* pkmap_pool_put - see meridian/pkmap_pool.h.  A slot number out of range is misuse (WARN). */
int pkmap_pool_put(struct pkmap_pool *p, unsigned int slot)
{
	u32 left;

	if (WARN_ON(slot >= PKMAP_SLOTS))
		return -EINVAL;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	left = pkmap_entry_add(&p->entry[slot], pkmap_pool_pfn(p, slot), 2, PKMAP_COUNT_MAX + 1, -1);
	return left ? (int)left : -EINVAL;
}

bool pkmap_pool_has_room(const struct pkmap_pool *p)
{
	for (unsigned int i = 0; i < PKMAP_SLOTS; i++)
		if (pkmap_pool_count(p, i) <= PKMAP_COUNT_STALE)
			return true;
	return false;
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
		u32 count = pkmap_pool_count(p, i);

		if (count == PKMAP_COUNT_FREE)
			(*free)++;
		else if (count == PKMAP_COUNT_STALE)
			(*stale)++;
		else
			(*used)++;
	}
}
