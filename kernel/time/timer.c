/* SPDX-License-Identifier: MIT */
/*
 * The tick, one-shot timers, sleeping and delays: see meridian/timer.h.
 * Pending timers live in a min-heap (timerqueue.c); the tick pops every
 * expired one and runs it with the timer lock dropped.
 */
#include <asm/arch_timer.h>
#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/sched.h>
#include <meridian/shell.h>
#include <meridian/spinlock.h>
#include <meridian/timer.h>

volatile unsigned long jiffies;
unsigned int tick_hz;
static u64 tick_period_ns, next_tick_ns;
static u64 tick_now_ns, tick_prev_now_ns;	/* `now` of this tick_handle() and the one before */
static void (*tick_program)(u64 next_ns);
static struct timerqueue_node *timer_storage[MAX_TIMERS];
static struct timerqueue_head timers;
static DEFINE_SPINLOCK(timer_lock);

u64 ktime_get_ns(void)
{
	return arch_counter_ns();
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *t))
{
	timerqueue_node_init(&t->node);
	t->function = fn;
}

int timer_add(struct timer_list *t, u64 expires)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&timer_lock, flags);
	if (!timers.heap)
		timerqueue_init(&timers, timer_storage, MAX_TIMERS);
	timerqueue_del(&timers, &t->node);
	err = timerqueue_add(&timers, &t->node, expires);
	spin_unlock_irqrestore(&timer_lock, flags);
	return err;
}

bool timer_del(struct timer_list *t)
{
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&timer_lock, flags);
	was = timers.heap && timerqueue_del(&timers, &t->node);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was;
}

static void run_expired_timers(u64 now)
{
	for (;;) {
		struct timerqueue_node *n;

		arch_spin_lock(&timer_lock);
		n = timers.heap ? timerqueue_pop_expired(&timers, now) : NULL;
		arch_spin_unlock(&timer_lock);
		if (!n)
			return;
		struct timer_list *t = container_of(n, struct timer_list, node);

		t->function(t);
	}
}

void tick_handle(void)
{
	u64 now = ktime_get_ns();

	/* Catch up on missed ticks without drifting: the next tick stays on the grid. */
	while (next_tick_ns <= now) {
		next_tick_ns += tick_period_ns;
		jiffies++;
	}
	tick_program(next_tick_ns);
	tick_prev_now_ns = tick_now_ns;
	tick_now_ns = now;
	run_expired_timers(now);
	scheduler_tick();
}

u64 tick_previous_run_ns(void)
{
	return tick_prev_now_ns;
}

void tick_setup(unsigned int hz, void (*program_next)(u64 next_ns))
{
	tick_hz = hz;
	tick_period_ns = NSEC_PER_SEC / hz;
	tick_program = program_next;
	next_tick_ns = ktime_get_ns() + tick_period_ns;
	program_next(next_tick_ns);
}

static void wake_sleeper(struct timer_list *t);

struct sleeper {
	struct timer_list timer;
	struct task *task;
};

static void wake_sleeper(struct timer_list *t)
{
	wake_up_process(container_of(t, struct sleeper, timer)->task);
}

u64 schedule_timeout(u64 ns)
{
	struct sleeper s = { .task = current };
	u64 expires = ktime_get_ns() + ns, now;

	might_sleep();
	timer_setup(&s.timer, wake_sleeper);
	if (timer_add(&s.timer, expires) < 0) {
		pr_warn("schedule_timeout: no free timer slot; sleeping without a timeout\n");
		schedule();
		return 0;
	}
	schedule();
	timer_del(&s.timer);
	now = ktime_get_ns();
	return now >= expires ? 0 : expires - now;
}

void msleep(unsigned int ms)
{
	u64 left = (u64)ms * NSEC_PER_MSEC;

	while (left) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		left = schedule_timeout(left);
	}
}

void udelay(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * 1000;

	while (ktime_get_ns() < end)
		;
}

/* /proc/uptime: seconds up, and seconds the idle task has run. */
static int cmd_uptime(int argc, char **argv)
{
	u64 up = ktime_get_ns(), idle = task_cpu_ns(this_cpu()->idle);

	(void)argc;
	(void)argv;
	console_printf("%lu.%02lu %lu.%02lu\n", (unsigned long)(up / NSEC_PER_SEC),
		       (unsigned long)(up % NSEC_PER_SEC / 10000000),
		       (unsigned long)(idle / NSEC_PER_SEC),
		       (unsigned long)(idle % NSEC_PER_SEC / 10000000));
	return 0;
}
SHELL_COMMAND("uptime", "", "seconds since boot and seconds idle, as /proc/uptime", cmd_uptime);

static int cmd_sleep(int argc, char **argv)
{
	unsigned long long ms;

	if (argc != 2 || parse_uint(argv[1], 600000, &ms) < 0) {
		console_printf("usage: sleep MS (0 to 600000)\n");
		return 1;
	}
	msleep((unsigned int)ms);
	return 0;
}
SHELL_COMMAND("sleep", "MS", "sleep for MS milliseconds", cmd_sleep);
