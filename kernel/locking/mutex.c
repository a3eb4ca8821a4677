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

/* Contended: sleep until the owner lets go.  Locking a mutex you hold is reported and refused. */
void mutex_lock_slow(struct mutex *m)
{
	if (m->owner == (u32)(vaddr_t)current) {
		mutex_misuse_reports++;
		pr_err("BUG: recursive locking of mutex %s by %s\n", m->name, current->comm);
		dump_stack();
		return;
	}
	wait_event(m->wait, mutex_trylock(m));
}

/* An unlock by a thread that does not hold the mutex: reported, nothing changes. */
void mutex_unlock_slow(struct mutex *m)
{
	mutex_misuse_reports++;
	pr_err("BUG: unlock of mutex %s not held by %s\n", m->name, current->comm);
	dump_stack();
}
