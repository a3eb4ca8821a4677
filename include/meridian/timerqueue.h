/* SPDX-License-Identifier: MIT */
/*
 * Pending one-shot timers ordered by expiry (a binary min-heap keyed by
 * (expires, sequence), so timers with equal expiry fire in the order they
 * were added).  Pure logic: the host tests run it as it is.
 * Context: callers hold the timer lock with interrupts off.
 */
#ifndef MERIDIAN_TIMERQUEUE_H
#define MERIDIAN_TIMERQUEUE_H

#include <meridian/types.h>

struct timerqueue_node {
	u64 expires;		/* monotonic ns */
	u64 seq;		/* tie-break: insertion order */
	int index;		/* position in the heap, -1 when not queued */
};

struct timerqueue_head {
	struct timerqueue_node **heap;	/* caller-provided array */
	unsigned int nr, max;
	u64 next_seq;
};

void timerqueue_init(struct timerqueue_head *h, struct timerqueue_node **storage, unsigned int max);
/* Queue n (not queued) to expire at expires; -ENOSPC when the heap is full. */
int timerqueue_add(struct timerqueue_head *h, struct timerqueue_node *n, u64 expires);
/* Remove n if queued; returns whether it was. */
bool timerqueue_del(struct timerqueue_head *h, struct timerqueue_node *n);
/* The earliest timer, or NULL. */
struct timerqueue_node *timerqueue_first(const struct timerqueue_head *h);
/* Remove and return the earliest timer if it expires at or before now, else NULL. */
struct timerqueue_node *timerqueue_pop_expired(struct timerqueue_head *h, u64 now);
static inline bool timerqueue_node_queued(const struct timerqueue_node *n) { return n->index >= 0; }
static inline void timerqueue_node_init(struct timerqueue_node *n) { n->index = -1; }

#endif /* MERIDIAN_TIMERQUEUE_H */
