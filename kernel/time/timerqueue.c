/* SPDX-License-Identifier: MIT */
/*
 * Pending timers as a binary min-heap of node pointers in caller storage.
 * heap[0] is the earliest; the children of heap[i] are heap[2i+1] and
 * heap[2i+2].  The key is (expires, seq): seq comes from h->next_seq at
 * add time, so equal expiries fire in the order they were added, and a
 * node re-added after a delete goes behind its equals.
 *
 * Each node records its heap position in n->index (-1 when not queued), so
 * delete is O(log n) with no search; add and pop are O(log n), first O(1).
 *
 * Out of scope: locking (callers hold the timer lock with interrupts off),
 * running callbacks, programming the timer hardware and allocation (the
 * caller sizes the storage).
 */
#include <limits.h>

#include <meridian/kernel.h>
#include <meridian/timerqueue.h>

/* True if a must fire before b. Keys are unique because seq is. */
static inline bool tq_before(const struct timerqueue_node *a, const struct timerqueue_node *b)
{
	if (a->expires != b->expires)
		return a->expires < b->expires;
	return a->seq < b->seq;
}

static inline void tq_set(struct timerqueue_head *h, unsigned int i, struct timerqueue_node *n)
{
	h->heap[i] = n;
	n->index = (int)i;
}

/* Move heap[i] up towards the root until its parent is earlier. */
static void tq_sift_up(struct timerqueue_head *h, unsigned int i)
{
	struct timerqueue_node *n = h->heap[i];

	while (i > 0) {
		unsigned int parent = (i - 1) / 2;

		if (!tq_before(n, h->heap[parent]))
			break;
		tq_set(h, i, h->heap[parent]);
		i = parent;
	}
	tq_set(h, i, n);
}

/* Move heap[i] down until both its children are later. */
static void tq_sift_down(struct timerqueue_head *h, unsigned int i)
{
	struct timerqueue_node *n = h->heap[i];

	for (;;) {
		unsigned int child = 2 * i + 1;

		if (child >= h->nr)
			break;
		if (child + 1 < h->nr && tq_before(h->heap[child + 1], h->heap[child]))
			child++;
		if (!tq_before(h->heap[child], n))
			break;
		tq_set(h, i, h->heap[child]);
		i = child;
	}
	tq_set(h, i, n);
}

/*
 * Make h an empty queue over storage[0 .. max-1], which the caller owns
 * and keeps alive as long as h is used.  max must fit a node's int index.
 */
void timerqueue_init(struct timerqueue_head *h, struct timerqueue_node **storage, unsigned int max)
{
	BUG_ON(max > (unsigned int)INT_MAX);
	BUG_ON(max && !storage);

	h->heap = storage;
	h->nr = 0;
	h->max = max;
	h->next_seq = 0;
}

/*
 * Queue n to expire at expires (monotonic ns), behind any timer already
 * queued with the same expiry.  Precondition: n was timerqueue_node_init'd
 * and is not queued (queued is a BUG).  Returns 0, or -ENOSPC when all max
 * slots are taken; on failure n and h are left as they were.
 */
int timerqueue_add(struct timerqueue_head *h, struct timerqueue_node *n, u64 expires)
{
	BUG_ON(timerqueue_node_queued(n));

	if (h->nr == h->max)
		return -ENOSPC;
	n->expires = expires;
	n->seq = h->next_seq++;
	tq_set(h, h->nr, n);
	h->nr++;
	tq_sift_up(h, h->nr - 1);
	return 0;
}

/*
 * Remove n from h if it is queued there: the last leaf fills its slot and
 * moves up or down to restore the heap.  Returns true if n was queued.
 * A node that claims a slot of h it does not hold (queued on another
 * heap, or corrupted) is a BUG.
 */
bool timerqueue_del(struct timerqueue_head *h, struct timerqueue_node *n)
{
	unsigned int i;
	struct timerqueue_node *last;

	if (!timerqueue_node_queued(n))
		return false;
	i = (unsigned int)n->index;
	BUG_ON(i >= h->nr || h->heap[i] != n);

	n->index = -1;
	last = h->heap[--h->nr];
	if (i == h->nr)
		return true;
	tq_set(h, i, last);
	if (i > 0 && tq_before(last, h->heap[(i - 1) / 2]))
		tq_sift_up(h, i);
	else
		tq_sift_down(h, i);
	return true;
}

/* The earliest queued timer (left queued), or NULL if none. O(1). */
struct timerqueue_node *timerqueue_first(const struct timerqueue_head *h)
{
	return h->nr ? h->heap[0] : NULL;
}

/*
 * Dequeue and return the earliest timer if it is due, i.e. its expiry is
 * at or before now; NULL if the queue is empty or the earliest is later.
 * Callers loop on it to run every due timer in (expires, seq) order.
 */
struct timerqueue_node *timerqueue_pop_expired(struct timerqueue_head *h, u64 now)
{
	struct timerqueue_node *n = timerqueue_first(h);

	if (!n || n->expires > now)
		return NULL;
	timerqueue_del(h, n);
	return n;
}
