/* SPDX-License-Identifier: MIT */
/* Mutexes: see meridian/mutex.h. */
#include <asm/atomic.h>
#include <meridian/kernel.h>
#include <meridian/mutex.h>

unsigned long mutex_misuse_reports;

void mutex_init(struct mutex *m, const char *name)
{
	m->owner = 0;
	init_waitqueue_head(&m->wait);
	m->name = name;
}

static bool mutex_try_acquire(struct mutex *m)
{
	return cmpxchg32(&m->owner, 0, (u32)(vaddr_t)current) == 0;
}

static void __attribute__((noinline)) mutex_lock_slow(struct mutex *m)
{
	if (m->owner == (u32)(vaddr_t)current) {
		mutex_misuse_reports++;
		pr_err("BUG: recursive locking of mutex %s by %s\n", m->name, current->comm);
		dump_stack();
		return;
	}
	wait_event(m->wait, mutex_try_acquire(m));
}

void mutex_lock(struct mutex *m)
{
	might_sleep();
	if (likely(mutex_try_acquire(m)))
		return;
	mutex_lock_slow(m);
}

bool mutex_trylock(struct mutex *m)
{
	return mutex_try_acquire(m);
}

void mutex_unlock(struct mutex *m)
{
	if (unlikely(m->owner != (u32)(vaddr_t)current)) {
		mutex_misuse_reports++;
		pr_err("BUG: unlock of mutex %s not held by %s\n", m->name, current->comm);
		dump_stack();
		return;
	}
	dmb();
	m->owner = 0;
	dmb();
	if (unlikely(!list_empty(&m->wait.head)))
		wake_up(&m->wait);
}
