/* SPDX-License-Identifier: MIT */
/*
 * The run queue: one FIFO (struct list_head) per priority and a u32
 * bitmap whose bit p is set exactly when queue[p] is not empty.  Priority
 * 0 is the lowest bit and the most urgent, so the next task is the head
 * of queue[ctz(bitmap)]: O(1), one rbit + clz on ARMv7.
 *
 * Out of scope: locking (callers hold the run-queue lock with interrupts
 * off), time slices, priority inheritance and SMP load balancing.  An
 * entity's prio must not change while it is queued: dequeue it, change
 * prio, enqueue it again.
 */
#include <meridian/kernel.h>
#include <meridian/runqueue.h>

_Static_assert(NR_PRIO >= 1 && NR_PRIO <= 32, "rq->bitmap is a u32: one bit per priority");

static inline u32 rq_prio_bit(unsigned int prio)
{
	return 1u << prio;
}

/* Set every queue empty. The entities formerly queued are forgotten. */
void rq_init(struct runqueue *rq)
{
	unsigned int p;

	rq->bitmap = 0;
	rq->nr_running = 0;
	for (p = 0; p < NR_PRIO; p++)
		INIT_LIST_HEAD(&rq->queue[p]);
}

/*
 * Append e to the tail of queue[e->prio] and mark that priority runnable.
 * Preconditions: e is not queued (anywhere) and e->prio < NR_PRIO; either
 * broken is a BUG.
 */
void rq_enqueue(struct runqueue *rq, struct rq_entity *e)
{
	BUG_ON(e->queued);
	BUG_ON(e->prio >= NR_PRIO);

	list_add_tail(&e->node, &rq->queue[e->prio]);
	rq->bitmap |= rq_prio_bit(e->prio);
	rq->nr_running++;
	e->queued = true;
}

/*
 * Unlink e from queue[e->prio]; clear the priority's bit when that empties
 * the queue.  Preconditions: e is queued on rq with the prio it was
 * enqueued with; a dequeue of an unqueued entity is a BUG.
 */
void rq_dequeue(struct runqueue *rq, struct rq_entity *e)
{
	BUG_ON(!e->queued);
	BUG_ON(e->prio >= NR_PRIO);
	/* A queued entity's priority is runnable; otherwise e is on another rq or prio changed. */
	BUG_ON(!(rq->bitmap & rq_prio_bit(e->prio)));
	BUG_ON(rq->nr_running == 0);

	list_del(&e->node);
	if (list_empty(&rq->queue[e->prio]))
		rq->bitmap &= ~rq_prio_bit(e->prio);
	rq->nr_running--;
	e->queued = false;
}

/* The most urgent queued priority, or NR_PRIO when nothing is runnable. O(1). */
unsigned int rq_best_prio(const struct runqueue *rq)
{
	if (!rq->bitmap)
		return NR_PRIO;
	return (unsigned int)__builtin_ctz(rq->bitmap);
}

/*
 * The entity that should run next: the head of the most urgent non-empty
 * queue.  It stays queued.  NULL when the run queue is empty.  O(1).
 */
struct rq_entity *rq_peek(const struct runqueue *rq)
{
	unsigned int prio = rq_best_prio(rq);

	if (prio == NR_PRIO)
		return NULL;
	return list_first_entry(&rq->queue[prio], struct rq_entity, node);
}

/*
 * Round robin: move e from wherever it is in queue[e->prio] to that
 * queue's tail.  The bitmap and nr_running do not change.
 * Precondition: e is queued on rq (else BUG).
 */
void rq_requeue_tail(struct runqueue *rq, struct rq_entity *e)
{
	BUG_ON(!e->queued);
	BUG_ON(e->prio >= NR_PRIO);
	BUG_ON(!(rq->bitmap & rq_prio_bit(e->prio)));

	list_del(&e->node);
	list_add_tail(&e->node, &rq->queue[e->prio]);
}
