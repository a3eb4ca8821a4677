/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutexes with an owner.  Uncontended lock and unlock are one
 * LDREX/STREX each; a contended lock sleeps on the mutex's wait queue.
 * Locking a mutex you already hold is reported (and refused); unlocking
 * one you do not hold is reported.  Thread context only.
 */
#ifndef MERIDIAN_MUTEX_H
#define MERIDIAN_MUTEX_H

#include <meridian/wait.h>

struct mutex {
	volatile u32 owner;	/* struct task *, 0 when free */
	struct wait_queue_head wait;
	const char *name;
};

#define DEFINE_MUTEX(m) \
	struct mutex m = { 0, __WAIT_QUEUE_HEAD_INITIALIZER((m).wait), #m }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
static inline bool mutex_is_locked(const struct mutex *m)
{
	return m->owner != 0;
}
extern unsigned long mutex_misuse_reports;

#endif /* MERIDIAN_MUTEX_H */
