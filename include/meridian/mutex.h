/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutexes with an owner.  Uncontended lock and unlock are one
 * LDREX/STREX each; a contended lock sleeps on the mutex's wait queue.
 * Locking a mutex you already hold is reported (and refused); unlocking
 * one you do not hold is reported.  Thread context only.
 */
#ifndef MERIDIAN_MUTEX_H
#define MERIDIAN_MUTEX_H

#include <asm/atomic.h>
#include <meridian/wait.h>

struct mutex {
	volatile u32 owner;	/* struct task *, 0 when free */
	struct wait_queue_head wait;
	const char *name;
};

#define DEFINE_MUTEX(m) \
	struct mutex m = { 0, __WAIT_QUEUE_HEAD_INITIALIZER((m).wait), #m }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock_slow(struct mutex *m);
void mutex_unlock_slow(struct mutex *m);

static inline bool mutex_trylock(struct mutex *m)
{
	return cmpxchg32(&m->owner, 0, (u32)(vaddr_t)current) == 0;
}

/* Inline fast paths: an uncontended lock or unlock is a handful of instructions. */
static inline void mutex_lock(struct mutex *m)
{
	might_sleep();
	if (unlikely(!mutex_trylock(m)))
		mutex_lock_slow(m);
}

static inline void mutex_unlock(struct mutex *m)
{
	if (unlikely(m->owner != (u32)(vaddr_t)current)) {
		mutex_unlock_slow(m);	/* reports the misuse */
		return;
	}
	dmb();
	m->owner = 0;
	dmb();	/* the store before the waiter check: a new waiter sees owner 0 or is seen */
	if (unlikely(!list_empty(&m->wait.head)))
		wake_up(&m->wait);
}
static inline bool mutex_is_locked(const struct mutex *m)
{
	return m->owner != 0;
}
extern unsigned long mutex_misuse_reports;

#endif /* MERIDIAN_MUTEX_H */
