/* SPDX-License-Identifier: MIT */
/* Kernel-core microbenchmarks (./meridian bench). */
#include <asm/pmu.h>
#include <meridian/bench.h>
#include <meridian/interrupt.h>
#include <meridian/mutex.h>
#include <meridian/sched.h>
#include <meridian/wait.h>

#define BENCH_SGI 15

static volatile bool pingpong_stop;
static struct completion pingpong_done;

/* The partner: yields back as long as the benchmark runs. */
static int pingpong_thread(void *arg)
{
	(void)arg;
	while (!pingpong_stop)
		yield();
	complete(&pingpong_done);
	return 0;
}

/*
 * Thread to thread through the scheduler: the caller and a partner of
 * the same priority yield to each other, so each yield() is one switch.
 */
static u32 bench_context_switch(unsigned int iters)
{
	unsigned int prio = current->rq.prio;
	u32 start, end;

	pingpong_stop = false;
	init_completion(&pingpong_done);
	if (!kthread_run(pingpong_thread, NULL, prio, "bench-pingpong"))
		return 0;
	yield();	/* let it start */
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters / 2; i++)
		yield();	/* there and back: two switches */
	end = read_pmccntr();
	pingpong_stop = true;
	wait_for_completion(&pingpong_done);
	return end - start;
}
BENCHMARK("context_switch", bench_context_switch, 10000);

static irqreturn_t empty_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	return IRQ_HANDLED;
}

/* A software-generated IRQ to this CPU with an empty handler: raise, enter, handle, exit. */
static u32 bench_irq_entry_exit(unsigned int iters)
{
	u32 start, end;

	if (request_irq(BENCH_SGI, empty_handler, 0, "bench", NULL) < 0)
		return 0;
	start = read_pmccntr();
	for (unsigned int i = 0; i < iters; i++)
		irq_raise_self(BENCH_SGI);	/* taken before the next instruction completes */
	end = read_pmccntr();
	free_irq(BENCH_SGI, NULL);
	return end - start;
}
BENCHMARK("irq_entry_exit", bench_irq_entry_exit, 10000);

static DEFINE_MUTEX(bench_mutex);

static u32 bench_mutex_uncontended(unsigned int iters)
{
	u32 start = read_pmccntr();

	for (unsigned int i = 0; i < iters; i++) {
		mutex_lock(&bench_mutex);
		mutex_unlock(&bench_mutex);
	}
	return read_pmccntr() - start;
}
BENCHMARK("mutex_uncontended", bench_mutex_uncontended, 10000);
