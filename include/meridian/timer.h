/* SPDX-License-Identifier: MIT */
/*
 * Time: monotonic nanoseconds from the generic timer's counter, a
 * periodic tick at HZ, one-shot timers checked on every tick (so they
 * fire within one tick of their expiry), msleep and udelay.
 */
#ifndef MERIDIAN_TIMER_H
#define MERIDIAN_TIMER_H

#include <meridian/timerqueue.h>
#include <meridian/types.h>

#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL
#define MAX_TIMERS 256		/* pending one-shot timers at once */

struct timer_list {
	struct timerqueue_node node;
	/* Runs in interrupt context (the tick): must not sleep. */
	void (*function)(struct timer_list *t);
};

extern volatile unsigned long jiffies;	/* ticks since the tick started */
extern unsigned int tick_hz;		/* HZ */

u64 ktime_get_ns(void);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *t));
/*
 * timer_add - run t->function once, at the first tick at or after
 * expires (monotonic ns).  Re-adding a pending timer moves it.
 * Returns 0, or -ENOSPC when MAX_TIMERS are already pending.  IRQ-safe.
 */
int timer_add(struct timer_list *t, u64 expires);
/* Cancels t; returns whether it was pending.  IRQ-safe. */
bool timer_del(struct timer_list *t);

/* Called by the clock-event interrupt once per tick. */
void tick_handle(void);
/*
 * In a timer function: the time at which the tick before the running one
 * ran.  A timer is on time when that was still before its expiry,
 * however late the host let this tick's interrupt arrive.
 */
u64 tick_previous_run_ns(void);
/* Starts the tick (the clock-event driver calls this when it is ready). */
void tick_setup(unsigned int hz, void (*program_next)(u64 next_ns));

/*
 * schedule_timeout - sleep (the caller set its state) for at most ns;
 * returns the ns left (0 when the time ran out).  Thread context only.
 */
u64 schedule_timeout(u64 ns);
void msleep(unsigned int ms);
void udelay(unsigned int us);

#endif /* MERIDIAN_TIMER_H */
