/* SPDX-License-Identifier: MIT */
/* The deferred-work queue and its worker thread: see meridian/workqueue.h. */
#include <meridian/kernel.h>
#include <meridian/sched.h>
#include <meridian/wait.h>
#include <meridian/workqueue.h>

#define KWORKER_PRIO 8

static LIST_HEAD(work_list);
static DEFINE_SPINLOCK(work_lock);
static DECLARE_WAIT_QUEUE_HEAD(work_wait);
static DECLARE_WAIT_QUEUE_HEAD(work_done);
static unsigned long work_queued, work_run;

void INIT_WORK(struct work_struct *w, void (*func)(struct work_struct *w))
{
	INIT_LIST_HEAD(&w->entry);
	w->func = func;
	w->pending = false;
}

bool schedule_work(struct work_struct *w)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&work_lock, flags);
	if (!w->pending) {
		w->pending = true;
		list_add_tail(&w->entry, &work_list);
		work_queued++;
		queued = true;
	}
	spin_unlock_irqrestore(&work_lock, flags);
	if (queued)
		wake_up(&work_wait);
	return queued;
}

static struct work_struct *next_work(void)
{
	struct work_struct *w = NULL;
	unsigned long flags;

	spin_lock_irqsave(&work_lock, flags);
	if (!list_empty(&work_list)) {
		w = list_first_entry(&work_list, struct work_struct, entry);
		list_del(&w->entry);
		INIT_LIST_HEAD(&w->entry);
		w->pending = false;
	}
	spin_unlock_irqrestore(&work_lock, flags);
	return w;
}

static int worker_thread(void *arg)
{
	(void)arg;
	for (;;) {
		struct work_struct *w;

		wait_event(work_wait, !list_empty(&work_list));
		while ((w = next_work())) {
			w->func(w);
			work_run++;
		}
		wake_up_all(&work_done);
	}
	return 0;
}

void flush_scheduled_work(void)
{
	unsigned long target = work_queued;

	wait_event(work_done, (long)(work_run - target) >= 0);
}

void __init workqueue_init(void)
{
	if (!kthread_run(worker_thread, NULL, KWORKER_PRIO, "kworker/0"))
		panic("cannot start the kworker thread");
}
