/* SPDX-License-Identifier: MIT */
/* Wait queues and completions: see meridian/wait.h. */
#include <meridian/kernel.h>
#include <meridian/wait.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(struct wait_queue_head *wq, enum task_state state)
{
	struct task *t = current;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&t->wait_node))
		list_add_tail(&t->wait_node, &wq->head);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue_head *wq)
{
	struct task *t = current;
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&t->wait_node)) {
		list_del(&t->wait_node);
		INIT_LIST_HEAD(&t->wait_node);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void __wake_up(struct wait_queue_head *wq, bool all)
{
	unsigned long flags;
	struct list_head *pos, *next;

	spin_lock_irqsave(&wq->lock, flags);
	for (pos = wq->head.next; pos != &wq->head; pos = next) {
		struct task *t = container_of(pos, struct task, wait_node);

		next = pos->next;
		list_del(pos);
		INIT_LIST_HEAD(pos);
		wake_up_process(t);
		if (!all)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue_head *wq)
{
	__wake_up(wq, false);
}

void wake_up_all(struct wait_queue_head *wq)
{
	__wake_up(wq, true);
}

void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}

void complete(struct completion *c)
{
	unsigned long flags;

	local_irq_save(flags);
	c->done++;
	local_irq_restore(flags);
	wake_up(&c->wait);
}

void complete_all(struct completion *c)
{
	unsigned long flags;

	local_irq_save(flags);
	c->done = ~0u / 2;
	local_irq_restore(flags);
	wake_up_all(&c->wait);
}

/* Consumes one completion if there is one. */
static bool try_consume(struct completion *c)
{
	unsigned long flags;
	bool ok;

	local_irq_save(flags);
	ok = c->done > 0;
	if (ok && c->done != ~0u / 2)
		c->done--;
	local_irq_restore(flags);
	return ok;
}

void wait_for_completion(struct completion *c)
{
	wait_event(c->wait, try_consume(c));
}

u64 wait_for_completion_timeout(struct completion *c, u64 ns)
{
	return wait_event_timeout(c->wait, try_consume(c), ns);
}
