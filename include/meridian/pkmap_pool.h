/* SPDX-License-Identifier: MIT */
/*
 * The persistent-kmap slot pool, Linux's scheme as pure logic (no page
 * tables, no locking of its own): mm/highmem.c wraps it with the lock,
 * the PTE writes, the TLB flush and the wait queue; the host tests run
 * it as is.
 *
 * count: 0 free; 1 unused but maybe still in the TLB ("stale");
 * n > 1: n - 1 users.  A hash finds the slot a pfn is mapped at.
 * A new mapping takes the next slot with count 0, scanning round robin;
 * when the scan wraps to slot 0, every stale slot is freed at once and
 * the caller flushes the TLB for the whole window (one invalidation).
 *
 * Each slot's pfn and count are one 64-bit word, changed atomically, so
 * that the common cases need no lock: pkmap_pool_tryget() takes another
 * reference on a pfn that is the latest mapped in its hash bucket, and
 * pkmap_pool_tryput() drops one.  Everything else (a new mapping, the
 * wrap, the hash, a pfn deeper in its bucket) is under the caller's
 * lock, and uses compare-and-swap on the words because those two do not
 * take it.  A stale slot is freed only by a swap from exactly
 * (pfn, count 1), so a tryget that revives it first keeps it.
 */
#ifndef MERIDIAN_PKMAP_POOL_H
#define MERIDIAN_PKMAP_POOL_H

#include <meridian/types.h>

#define PKMAP_SLOTS 512
#define PKMAP_HASH_BITS 9	/* a bucket per slot: the lock-free paths look at its head only */
#define PKMAP_HASH_SIZE (1u << PKMAP_HASH_BITS)
#define PKMAP_NO_PFN 0xffffffffUL	/* pfns are below 2^28 with 40-bit physical addresses */
#define PKMAP_COUNT_MAX 0x10001u	/* 65536 users, a BUG beyond; the checks' spans are ARM immediates */

struct pkmap_pool {
	u64 entry[PKMAP_SLOTS];			/* (count << 32) | pfn; pfn PKMAP_NO_PFN if free */
	int hash_head[PKMAP_HASH_SIZE];		/* latest slot mapped in each bucket, or -1 */
	int hash_next[PKMAP_SLOTS];		/* chain of slots in one bucket, -1 ends */
	unsigned int last;			/* last slot the scan looked at */
	unsigned long hits, misses, flushes, waits;	/* hits: atomically, the rest locked */
};

static inline u64 pkmap_entry(unsigned long pfn, u32 count)
{
	return (u64)count << 32 | (u32)pfn;
}

static inline u32 pkmap_entry_pfn(u64 e)
{
	return (u32)e;
}

static inline u32 pkmap_entry_count(u64 e)
{
	return (u32)(e >> 32);
}

/* A slot's count and pfn, read at one instant (tests, statistics). */
static inline u32 pkmap_pool_count(const struct pkmap_pool *p, unsigned int slot)
{
	return pkmap_entry_count(__atomic_load_n(&p->entry[slot], __ATOMIC_RELAXED));
}

static inline unsigned long pkmap_pool_pfn(const struct pkmap_pool *p, unsigned int slot)
{
	return pkmap_entry_pfn(__atomic_load_n(&p->entry[slot], __ATOMIC_RELAXED));
}

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

static inline unsigned int pkmap_hash(unsigned long pfn)
{
	return (unsigned int)(pfn & (PKMAP_HASH_SIZE - 1));
}

/* The slot pfn is mapped at (count >= 1), or -1.  Caller holds the lock. */
int pkmap_pool_lookup(const struct pkmap_pool *p, unsigned long pfn);

/*
 * pkmap_entry_add - in one atomic step: if the word at e maps pfn and its
 * count c is in [lo, hi), add delta to the count.  Returns the new count,
 * or 0 when the word did not qualify (nothing changed).  No ordering of
 * its own: the callers add the barrier their direction needs.
 */
#if defined(__arm__) && !defined(MERIDIAN_HOST)
static inline u32 pkmap_entry_add(u64 *e, unsigned long pfn, u32 lo, u32 hi, int delta)
{
	u64 w;	/* LDREXD/STREXD: pfn in the even register, count in the odd one */
	u32 tmp;

	__asm__ goto("1:	ldrexd	%Q[w], %R[w], [%[e]]\n"
		     "	cmp	%Q[w], %[pfn]\n"
		     "	bne	%l[no]\n"
		     "	sub	%[t], %R[w], %[lo]\n"
		     "	cmp	%[t], %[span]\n"
		     "	bhs	%l[no]\n"
		     "	add	%R[w], %R[w], %[d]\n"
		     "	strexd	%[t], %Q[w], %R[w], [%[e]]\n"
		     "	teq	%[t], #0\n"
		     "	bne	1b"
		     : [w] "=&r"(w), [t] "=&r"(tmp)
		     : [e] "r"(e), [pfn] "r"((u32)pfn), [lo] "rI"(lo), [span] "rI"(hi - lo),
		       [d] "rI"(delta)
		     : "cc", "memory"
		     : no);
	return pkmap_entry_count(w);
no:
	return 0;
}

/* A single-copy-atomic store of a whole word (STRD, LPAE: DDI 0406C A3.5.3); no ordering. */
static inline void pkmap_entry_set(u64 *e, u64 v)
{
	__asm__ volatile("strd	%Q1, %R1, [%0]" ::"r"(e), "r"(v) : "memory");
}
#else
static inline void pkmap_entry_set(u64 *e, u64 v)
{
	__atomic_store_n(e, v, __ATOMIC_RELAXED);
}

static inline u32 pkmap_entry_add(u64 *e, unsigned long pfn, u32 lo, u32 hi, int delta)
{
	u64 old = __atomic_load_n(e, __ATOMIC_RELAXED);

	do {
		if (pkmap_entry_pfn(old) != pfn || pkmap_entry_count(old) - lo >= hi - lo)
			return 0;
	} while (!__atomic_compare_exchange_n(e, &old, old + ((u64)(s64)delta << 32), true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return pkmap_entry_count(old) + (u32)delta;
}
#endif

/*
 * pkmap_pool_tryget - without the lock, take a reference on pfn's
 * mapping if it is the latest one in its hash bucket and in use or
 * stale.  Returns the slot, or -1: take the lock and call
 * pkmap_pool_get().  Acquire: the slot's PTE, written before the word
 * was published, is visible to the caller.
 */
static inline int pkmap_pool_tryget(struct pkmap_pool *p, unsigned long pfn)
{
	int slot = __atomic_load_n(&p->hash_head[pkmap_hash(pfn)], __ATOMIC_RELAXED);

	if (slot < 0 || !pkmap_entry_add(&p->entry[slot], pfn, 1, PKMAP_COUNT_MAX, 1))
		return -1;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	__atomic_fetch_add(&p->hits, 1, __ATOMIC_RELAXED);
	return slot;
}

/*
 * pkmap_pool_tryput - without the lock, drop a reference on pfn's
 * mapping if it is the latest one in its hash bucket and has a user.
 * Returns the new count (1: the slot just became unused, waiters may
 * proceed), or 0: take the lock and call pkmap_pool_lookup() and
 * pkmap_pool_put().  Release: the caller's accesses through the mapping
 * are done before a wrap can see the slot stale and unmap it.
 */
static inline u32 pkmap_pool_tryput(struct pkmap_pool *p, unsigned long pfn)
{
	int slot = __atomic_load_n(&p->hash_head[pkmap_hash(pfn)], __ATOMIC_RELAXED);

	if (slot < 0)
		return 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return pkmap_entry_add(&p->entry[slot], pfn, 2, PKMAP_COUNT_MAX + 1, -1);
}

/*
 * pkmap_pool_get - take a reference on a mapping of pfn: an existing one
 * (a hit), or a new one in a free slot (a miss; set_slot is called).
 * Returns the slot, or -EAGAIN when all slots are in use even after a
 * flush (the caller must wait for a put and retry; p->waits is counted
 * by the caller).  Caller holds the lock.
 */
int pkmap_pool_get(struct pkmap_pool *p, unsigned long pfn, const struct pkmap_ops *ops,
		   void *ctx);
/*
 * pkmap_pool_put - drop a reference taken by get.  Returns the new count
 * (1 means the slot just became unused: waiters may proceed), or -EINVAL
 * for a slot that has no user (count < 2): nothing is changed.
 */
int pkmap_pool_put(struct pkmap_pool *p, unsigned int slot);
/* Whether some slot is free or stale: a get retried now would not fail. */
bool pkmap_pool_has_room(const struct pkmap_pool *p);
/* Counts of free, stale and used slots. */
void pkmap_pool_stats(const struct pkmap_pool *p, unsigned int *free, unsigned int *stale,
		      unsigned int *used);

#endif /* MERIDIAN_PKMAP_POOL_H */
