/* SPDX-License-Identifier: MIT */
/*
 * The kernel core under QEMU: preemption, sleeping and waking, mutexes
 * under contention, timer accuracy, an interrupt storm, might_sleep()
 * and the IRQ layer.  Every thread a case starts has finished (and been
 * reaped) before the case returns.
 */
#include <meridian/config.h>
#include <meridian/driver.h>
#include <meridian/interrupt.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/mutex.h>
#include <meridian/slab.h>
#include <meridian/sched.h>
#include <meridian/timer.h>
#include <meridian/wait.h>
#include <meridian/workqueue.h>

#define TEST_SGI 14

struct spinner {
	volatile bool stop;
	volatile unsigned long count;
	struct completion done;
};

static int spin_thread(void *arg)
{
	struct spinner *s = arg;

	while (!s->stop)
		s->count++;
	complete(&s->done);
	return 0;
}

/* Two busy threads that never yield both make progress: the tick preempts them. */
static void sched_preemption(struct ktest *t)
{
	static struct spinner a, b;
	unsigned long free_before;

	kmem_cache_shrink_all();
	free_before = nr_free_pages();

	a.stop = b.stop = false;
	a.count = b.count = 0;
	init_completion(&a.done);
	init_completion(&b.done);
	KTEST_ASSERT(t, kthread_run(spin_thread, &a, PRIO_DEFAULT + 1, "spin-a") != NULL);
	KTEST_ASSERT(t, kthread_run(spin_thread, &b, PRIO_DEFAULT + 1, "spin-b") != NULL);
	msleep(200);
	a.stop = b.stop = true;
	wait_for_completion(&a.done);
	wait_for_completion(&b.done);
	KTEST_EXPECT(t, a.count > 0);
	KTEST_EXPECT(t, b.count > 0);
	ktest_log(t, "spin-a %lu, spin-b %lu iterations in 200 ms", a.count, b.count);
	/* Both exited; once reaped their stacks and task structs are back. */
	msleep(20);
	kmem_cache_shrink_all();
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
}

static DECLARE_WAIT_QUEUE_HEAD(test_wq);
static volatile int wq_flag;

static int waiter_thread(void *arg)
{
	struct completion *done = arg;

	wait_event(test_wq, wq_flag == 1);
	wq_flag = 2;
	complete(done);
	return 0;
}

static void sched_sleep_and_wake(struct ktest *t)
{
	static struct completion done;
	u64 start, left;

	wq_flag = 0;
	init_completion(&done);
	KTEST_ASSERT(t, kthread_run(waiter_thread, &done, PRIO_DEFAULT, "waiter") != NULL);
	msleep(20);
	KTEST_EXPECT_EQ(t, wq_flag, 0);		/* still asleep */
	wq_flag = 1;
	wake_up(&test_wq);
	KTEST_EXPECT(t, wait_for_completion_timeout(&done, 1000 * NSEC_PER_MSEC) > 0);
	KTEST_EXPECT_EQ(t, wq_flag, 2);
	/* A timeout that runs out returns 0, no earlier than asked. */
	start = ktime_get_ns();
	left = wait_event_timeout(test_wq, wq_flag == 99, 30 * NSEC_PER_MSEC);
	KTEST_EXPECT_EQ(t, left, 0);
	KTEST_EXPECT(t, ktime_get_ns() - start >= 30 * NSEC_PER_MSEC);
	/* Only a sanity bound: a loaded host may hold the vCPU back for a while. */
	KTEST_EXPECT(t, ktime_get_ns() - start < 30 * NSEC_PER_MSEC + NSEC_PER_SEC);
}

#define MUTEX_THREADS 8
#define MUTEX_ROUNDS 500

static DEFINE_MUTEX(test_mutex);
static unsigned long mutex_counter;

static int mutex_thread(void *arg)
{
	struct completion *done = arg;

	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		mutex_lock(&test_mutex);
		unsigned long v = mutex_counter;

		if (i % 16 == 0)
			yield();	/* let the others pile up on the mutex */
		mutex_counter = v + 1;
		mutex_unlock(&test_mutex);
	}
	complete(done);
	return 0;
}

static void sched_mutex_contention(struct ktest *t)
{
	static struct completion done;

	mutex_counter = 0;
	init_completion(&done);
	for (int i = 0; i < MUTEX_THREADS; i++)
		KTEST_ASSERT(t, kthread_run(mutex_thread, &done, PRIO_DEFAULT, "mutex-user") != NULL);
	for (int i = 0; i < MUTEX_THREADS; i++)
		wait_for_completion(&done);
	KTEST_EXPECT_EQ(t, mutex_counter, MUTEX_THREADS * MUTEX_ROUNDS);
	KTEST_EXPECT(t, !mutex_is_locked(&test_mutex));
	/* Recursive locking is reported and refused. */
	unsigned long before = mutex_misuse_reports;

	mutex_lock(&test_mutex);
	mutex_lock(&test_mutex);
	KTEST_EXPECT_EQ(t, mutex_misuse_reports, before + 1);
	mutex_unlock(&test_mutex);
	KTEST_EXPECT(t, !mutex_is_locked(&test_mutex));
}

struct fired {
	struct timer_list timer;
	volatile u64 at;
	u64 prev_tick;		/* when the tick before the firing one ran */
};

static void record_fire(struct timer_list *tl)
{
	struct fired *f = container_of(tl, struct fired, timer);

	f->prev_tick = tick_previous_run_ns();
	f->at = ktime_get_ns();
}

static void sched_timer_accuracy(struct ktest *t)
{
	static struct fired f[3];
	static const unsigned int delays_ms[3] = { 30, 10, 55 };
	u64 start = ktime_get_ns();

	for (int i = 0; i < 3; i++) {
		f[i].at = 0;
		timer_setup(&f[i].timer, record_fire);
		KTEST_ASSERT_EQ(t, timer_add(&f[i].timer, start + delays_ms[i] * NSEC_PER_MSEC), 0);
	}
	msleep(100);
	for (int i = 0; i < 3; i++) {
		u64 want = start + delays_ms[i] * NSEC_PER_MSEC;

		/*
		 * Never early, and on the first tick at or after its expiry.
		 * How late that tick itself came depends on the host (QEMU's
		 * timer follows host time), so no wall-clock bound here.
		 */
		KTEST_EXPECT(t, f[i].at >= want);
		KTEST_EXPECT(t, f[i].prev_tick < want);
		ktest_log(t, "timer +%u ms fired %lu us late", delays_ms[i],
			  (unsigned long)((f[i].at - want) / 1000));
	}
	/* A cancelled timer never fires. */
	f[0].at = 0;
	timer_add(&f[0].timer, ktime_get_ns() + 10 * NSEC_PER_MSEC);
	KTEST_EXPECT(t, timer_del(&f[0].timer));
	msleep(30);
	KTEST_EXPECT_EQ(t, f[0].at, 0);
}

static volatile unsigned long storm_left, storm_seen;

static irqreturn_t storm_handler(int irq, void *dev)
{
	(void)dev;
	storm_seen++;
	if (storm_left) {
		storm_left--;
		irq_raise_self((unsigned int)irq);	/* straight back in: a storm */
	}
	return IRQ_HANDLED;
}

static void storm_kick(struct timer_list *tl)
{
	(void)tl;
	storm_left += 2000;
	irq_raise_self(TEST_SGI);
}

/* A storm of 2000 IRQs raised from each tick for 300 ms: the shell's priority still runs. */
static void sched_irq_storm(struct ktest *t)
{
	static struct spinner s;
	static struct timer_list kick;
	unsigned long before = kstat_irqs(TEST_SGI);

	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, storm_handler, 0, "ktest-storm", NULL), 0);
	s.stop = false;
	s.count = 0;
	init_completion(&s.done);
	KTEST_ASSERT(t, kthread_run(spin_thread, &s, PRIO_DEFAULT, "shell-like") != NULL);
	timer_setup(&kick, storm_kick);
	for (int i = 0; i < 30; i++) {
		timer_add(&kick, ktime_get_ns());
		msleep(10);
	}
	s.stop = true;
	wait_for_completion(&s.done);
	timer_del(&kick);
	storm_left = 0;
	msleep(20);
	free_irq(TEST_SGI, NULL);
	KTEST_EXPECT(t, kstat_irqs(TEST_SGI) - before > 10000);
	KTEST_EXPECT(t, s.count > 0);
	ktest_log(t, "%lu storm IRQs; the thread made %lu iterations meanwhile",
		  kstat_irqs(TEST_SGI) - before, s.count);
}

static volatile unsigned long sleep_reports_in_irq;

static irqreturn_t sleepy_handler(int irq, void *dev)
{
	unsigned long before = might_sleep_reports;

	(void)irq;
	(void)dev;
	might_sleep();
	sleep_reports_in_irq = might_sleep_reports - before;
	return IRQ_HANDLED;
}

static void sched_might_sleep(struct ktest *t)
{
	static DEFINE_SPINLOCK(lock);
	unsigned long before = might_sleep_reports;

	might_sleep();					/* thread context: fine */
	KTEST_EXPECT_EQ(t, might_sleep_reports, before);
	spin_lock(&lock);
	might_sleep();					/* spinlock held: reported */
	spin_unlock(&lock);
	KTEST_EXPECT_EQ(t, might_sleep_reports, before + 1);
	sleep_reports_in_irq = 0;
	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, sleepy_handler, 0, "ktest-sleepy", NULL), 0);
	irq_raise_self(TEST_SGI);			/* IRQ context: reported */
	msleep(1);
	free_irq(TEST_SGI, NULL);
	KTEST_EXPECT_EQ(t, sleep_reports_in_irq, 1);
}

static irqreturn_t count_handler(int irq, void *dev)
{
	(void)irq;
	(*(volatile int *)dev)++;
	return IRQ_HANDLED;
}

/* The tick's IRQ, whichever controller it is on: the DT timer's virtual-timer entry. */
static int dt_tick_irq(void)
{
	int node = fdt_next_compatible(&boot_fdt, -1, "arm,armv7-timer");

	return node < 0 ? node : of_irq_get(&boot_fdt, node, 2);
}

static void sched_irq_layer(struct ktest *t)
{
	static volatile int a, b;
	unsigned long spurious = irq_err_count;
	int irq;

	a = b = 0;
	KTEST_EXPECT_EQ(t, request_irq(NR_IRQS + 5, count_handler, 0, "bad", (void *)&a), -EINVAL);
	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, count_handler, IRQF_SHARED, "one", (void *)&a), 0);
	KTEST_EXPECT_EQ(t, request_irq(TEST_SGI, count_handler, 0, "unshared", (void *)&b), -EBUSY);
	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, count_handler, IRQF_SHARED, "two", (void *)&b), 0);
	irq_raise_self(TEST_SGI);
	msleep(1);
	KTEST_EXPECT_EQ(t, a, 1);
	KTEST_EXPECT_EQ(t, b, 1);
	free_irq(TEST_SGI, (void *)&a);
	irq_raise_self(TEST_SGI);
	msleep(1);
	KTEST_EXPECT_EQ(t, a, 1);
	KTEST_EXPECT_EQ(t, b, 2);
	free_irq(TEST_SGI, (void *)&b);
	KTEST_EXPECT_EQ(t, irq_err_count, spurious);
	irq = dt_tick_irq();
	KTEST_ASSERT(t, irq >= 0);
	KTEST_EXPECT(t, kstat_irqs((unsigned int)irq) > 0);	/* the tick */
}

/*
 * Preempted on the way to sleep: state set, wake-up not yet arranged.
 * The preemption must leave the task runnable; a scheduler that took it
 * off the run queue there would lose it.  The higher-priority thread
 * rescues a lost task after 50 ms, so a failure is reported, not a hang.
 */
static struct task *way_to_sleep_task;
static volatile bool way_to_sleep_resumed, way_to_sleep_rescued;

static int preempting_thread(void *arg)
{
	(void)arg;
	msleep(50);
	if (!way_to_sleep_resumed) {
		way_to_sleep_rescued = true;
		wake_up_process(way_to_sleep_task);
	}
	return 0;
}

static void sched_preempted_on_way_to_sleep(struct ktest *t)
{
	struct task *hi = kthread_create(preempting_thread, NULL, PRIO_DEFAULT - 1, "preempter");

	KTEST_ASSERT(t, hi != NULL);
	way_to_sleep_task = current;
	way_to_sleep_resumed = way_to_sleep_rescued = false;
	set_current_state(TASK_UNINTERRUPTIBLE);
	wake_up_process(hi);		/* higher priority: need_resched */
	preempt_check_resched();	/* preempted here, still going to sleep */
	way_to_sleep_resumed = true;
	set_current_state(TASK_RUNNING);
	KTEST_EXPECT(t, !way_to_sleep_rescued);
	msleep(60);			/* let the preempter finish */
}

static volatile int work_ran;

static void test_work_fn(struct work_struct *w)
{
	(void)w;
	work_ran++;
}

static void sched_workqueue(struct ktest *t)
{
	static struct work_struct w;

	work_ran = 0;
	INIT_WORK(&w, test_work_fn);
	KTEST_EXPECT(t, schedule_work(&w));
	flush_scheduled_work();
	KTEST_EXPECT_EQ(t, work_ran, 1);
}

KTEST_SUITE(sched,
	    KTEST_CASE(sched_preemption),
	    KTEST_CASE(sched_sleep_and_wake),
	    KTEST_CASE(sched_mutex_contention),
	    KTEST_CASE(sched_timer_accuracy),
	    KTEST_CASE(sched_irq_storm),
	    KTEST_CASE(sched_might_sleep),
	    KTEST_CASE(sched_irq_layer),
	    KTEST_CASE(sched_workqueue),
	    KTEST_CASE(sched_preempted_on_way_to_sleep));

static int overflow_recurse(int depth)
{
	volatile u32 pad[32];
	vaddr_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	pad[0] = depth;
	if (sp - (vaddr_t)current->stack > 2048)
		return overflow_recurse(depth + 1) + pad[0];
	/*
	 * Near the bottom (the panic report itself needs the last 2 KiB):
	 * run over the end marker, as a real overflow would.
	 */
	*(volatile u32 *)current->stack = 0xdeadbeef;
	yield();	/* the scheduler checks the marker */
	return pad[0];
}

static int overflow_thread(void *arg)
{
	(void)arg;
	return overflow_recurse(0);
}

static void stack_overflow_detected(struct ktest *t)
{
	ktest_log(t, "a thread runs off the end of its stack; this must panic");
	kthread_run(overflow_thread, NULL, PRIO_DEFAULT, "ktest-overflow");
	msleep(1000);
	KTEST_EXPECT(t, false);	/* not reached */
}

KTEST_SUITE_MANUAL(stackoverflow, KTEST_CASE(stack_overflow_detected));
