/* SPDX-License-Identifier: MIT */
/*
 * Wait queues and completions.
 *
 *	wait_event(wq, cond);				sleeps until cond is true
 *	wait_event_timeout(wq, cond, ns);		... or ns passed; returns ns left (0: timed out)
 *	wake_up(&wq); wake_up_all(&wq);			IRQ-safe
 *
 * The condition is re-checked after every wake-up, so spurious wake-ups
 * are harmless.  Sleeping forms may only be used in thread context.
 */
#ifndef MERIDIAN_WAIT_H
#define MERIDIAN_WAIT_H

#include <meridian/list.h>
#include <meridian/sched.h>
#include <meridian/spinlock.h>
#include <meridian/timer.h>

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;	/* of struct task.wait_node */
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { __SPIN_LOCK_UNLOCKED, LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Queue current (once) and set its state; the caller then checks its condition and sleeps. */
void prepare_to_wait(struct wait_queue_head *wq, enum task_state state);
void finish_wait(struct wait_queue_head *wq);
void wake_up(struct wait_queue_head *wq);	/* the first sleeper */
void wake_up_all(struct wait_queue_head *wq);

#define wait_event(wq, cond)						\
	do {								\
		might_sleep();						\
		for (;;) {						\
			prepare_to_wait(&(wq), TASK_UNINTERRUPTIBLE);	\
			if (cond)					\
				break;					\
			schedule();					\
		}							\
		finish_wait(&(wq));					\
	} while (0)

#define wait_event_timeout(wq, cond, ns)				\
	({								\
		u64 __left = (ns);					\
		might_sleep();						\
		for (;;) {						\
			prepare_to_wait(&(wq), TASK_UNINTERRUPTIBLE);	\
			if (cond) {					\
				__left = __left ? __left : 1;		\
				break;					\
			}						\
			if (!__left)					\
				break;					\
			__left = schedule_timeout(__left);		\
		}							\
		finish_wait(&(wq));					\
		__left;							\
	})

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

void init_completion(struct completion *c);
void complete(struct completion *c);		/* IRQ-safe */
void complete_all(struct completion *c);
void wait_for_completion(struct completion *c);
/* Returns ns left, 0 on timeout. */
u64 wait_for_completion_timeout(struct completion *c, u64 ns);

#endif /* MERIDIAN_WAIT_H */
