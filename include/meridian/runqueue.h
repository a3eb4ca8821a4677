/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's run queue: one FIFO per priority and a bitmap of the
 * non-empty ones, so that picking the next task is O(1) (a clz).  Pure
 * logic over list nodes: the host tests run it as it is.
 * Priority 0 is the most urgent; NR_PRIO - 1 is the idle task's.
 * Context: callers hold the run-queue lock with interrupts off.
 */
#ifndef MERIDIAN_RUNQUEUE_H
#define MERIDIAN_RUNQUEUE_H

#include <meridian/list.h>
#include <meridian/types.h>

#define NR_PRIO 32

struct rq_entity {
	struct list_head node;
	unsigned int prio;	/* 0 .. NR_PRIO - 1 */
	bool queued;
};

struct runqueue {
	u32 bitmap;				/* bit p set: queue[p] not empty */
	struct list_head queue[NR_PRIO];
	unsigned int nr_running;
};

void rq_init(struct runqueue *rq);
/* Append e to the tail of its priority's queue. e must not be queued. */
void rq_enqueue(struct runqueue *rq, struct rq_entity *e);
/* Remove e from the queue it is on. e must be queued. */
void rq_dequeue(struct runqueue *rq, struct rq_entity *e);
/* The first entity of the most urgent non-empty priority, left queued; NULL if empty. */
struct rq_entity *rq_peek(const struct runqueue *rq);
/* The most urgent priority queued, or NR_PRIO if none. */
unsigned int rq_best_prio(const struct runqueue *rq);
/* Move e to the tail of its queue (round robin after its slice ran out). */
void rq_requeue_tail(struct runqueue *rq, struct rq_entity *e);

#endif /* MERIDIAN_RUNQUEUE_H */
