/* SPDX-License-Identifier: MIT */
/*
 * Deferred work, run in thread context by the "kworker/0" thread.
 * schedule_work() is IRQ-safe, so interrupt handlers (and vfree from
 * interrupt context, later) hand work over with it.
 */
#ifndef MERIDIAN_WORKQUEUE_H
#define MERIDIAN_WORKQUEUE_H

#include <meridian/list.h>
#include <meridian/types.h>

struct work_struct {
	struct list_head entry;
	void (*func)(struct work_struct *work);
	bool pending;
};

void INIT_WORK(struct work_struct *w, void (*func)(struct work_struct *w));
/* Queue w; false if it was already pending.  IRQ-safe. */
bool schedule_work(struct work_struct *w);
/* Starts the worker thread. */
void workqueue_init(void);
/* Sleep until every work queued before this call has run. */
void flush_scheduled_work(void);

#endif /* MERIDIAN_WORKQUEUE_H */
