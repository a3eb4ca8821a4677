/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads and the scheduler: preemptive round robin within 32
 * priorities (0 most urgent), driven by the tick.
 *
 * Context rules (enforced by might_sleep()):
 *   - sleeping (schedule(), msleep, mutex_lock, wait_event...) is only
 *     allowed in thread context with no spinlock held and IRQs enabled;
 *   - interrupt handlers never nest and never sleep; a reschedule they
 *     ask for happens on the way out of the interrupt.
 */
#ifndef MERIDIAN_SCHED_H
#define MERIDIAN_SCHED_H

#include <asm/fixmap.h>
#include <meridian/list.h>
#include <meridian/percpu.h>
#include <meridian/runqueue.h>
#include <meridian/types.h>

#define TASK_COMM_LEN 16
#define THREAD_SIZE 8192		/* kernel stack per thread: two lowmem pages */
#define STACK_END_MAGIC 0x57ac6e9dU	/* at the lowest word of every stack */
#define PRIO_DEFAULT 16
#define PRIO_IDLE (NR_PRIO - 1)

enum task_state {
	TASK_RUNNING,		/* running or on the run queue */
	TASK_INTERRUPTIBLE,	/* asleep until woken (or its timeout) */
	TASK_UNINTERRUPTIBLE,	/* asleep until woken */
	TASK_DEAD,		/* exited; its stack is freed by the scheduler */
};

/* Callee-saved registers, sp and the resume pc: what __switch_to saves. */
struct cpu_context {
	u32 r4, r5, r6, r7, r8, r9, sl, fp, sp, pc;
};

/*
 * A switched-out thread's kmap_local mappings (mm/highmem.c).  While it
 * runs they live in its CPU's slots and idx is 0.
 */
struct kmap_ctrl {
	int idx;			/* mappings saved at the last switch-out */
	u64 pteval[KM_MAX_IDX];		/* their PTEs, level 0 first, to write back */
};

struct task {
	struct cpu_context ctx;		/* must stay first: switch.S uses offset 0 */
	struct kmap_ctrl kmap_ctrl;
	struct rq_entity rq;
	enum task_state state;
	int pid;			/* 0 for the idle task */
	char comm[TASK_COMM_LEN];
	void *stack;			/* lowest address of the stack */
	unsigned int timeslice;		/* ticks left */
	u64 cpu_ticks;			/* time spent running, in counter ticks */
	u64 switched_in;		/* counter value when it last started running */
	unsigned long nr_switches;
	int (*fn)(void *arg);
	void *arg;
	int exit_code;
	struct list_head tasks;		/* all tasks */
	struct list_head wait_node;	/* on a wait queue */
	bool stack_reported;
};

#define current (this_cpu()->curr)

/*
 * kthread_create - a new kernel thread that will run fn(arg), not yet
 * runnable.  Its stack comes from lowmem.  Returns NULL when out of
 * memory.  May sleep? No: usable from any thread context.
 */
struct task *kthread_create(int (*fn)(void *arg), void *arg, unsigned int prio, const char *name);
/* Makes a new or sleeping thread runnable. */
void wake_up_process(struct task *t);
/* kthread_create + wake_up_process. */
struct task *kthread_run(int (*fn)(void *arg), void *arg, unsigned int prio, const char *name);
/* Ends the calling thread (returning from fn does the same). */
void kthread_exit(int code) __noreturn;

/* Give the CPU to the next runnable task; call with the state already set to sleep. */
void schedule(void);
/* Let another task of the same priority run. */
void yield(void);
void set_current_state(enum task_state state);

/* Boot: the boot context becomes this CPU's idle task ("swapper/0"). */
void sched_init(void);
/* Called from the tick: charges the running task and rotates its priority. */
void scheduler_tick(void);
/* Called on the way out of an IRQ with the interrupted registers. */
struct pt_regs;
void irq_exit_preempt(struct pt_regs *regs);
/* The idle loop: run anything runnable, else wait for an interrupt. */
void cpu_idle(void) __noreturn;

bool in_interrupt(void);
/* Reports a call that may sleep from an atomic context, naming the call site. */
void __might_sleep(const char *file, int line);
static inline void might_sleep_at(const char *file, int line)
{
	struct percpu *pc = this_cpu();

	if (unlikely(pc->irq_depth | pc->preempt_count | (read_cpsr() & 0x80)))
		__might_sleep(file, line);
}
#define might_sleep() might_sleep_at(__FILE__, __LINE__)
extern unsigned long might_sleep_reports;

/* Nanoseconds t has run (the current task: up to now). */
u64 task_cpu_ns(const struct task *t);
/* Bytes of t's stack ever used (from the untouched fill pattern). */
size_t task_stack_used(const struct task *t);
/* Calls fn for every task (ps). */
void for_each_task(void (*fn)(const struct task *t, void *ctx), void *ctx);

#endif /* MERIDIAN_SCHED_H */
