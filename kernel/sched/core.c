/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: per-CPU run queues of priority FIFOs (runqueue.c), a
 * round-robin timeslice per task charged by the tick, preemption on the
 * way out of interrupts and when preemption is re-enabled, and an idle
 * task that waits with WFI.  Dead threads are reaped by the next task
 * to run, once their stack is no longer in use.
 *
 * Locking: the run-queue lock is taken with IRQs off and held across the
 * switch; the next task releases it (finish_task_switch/schedule_tail).
 */
#include <string.h>

#include <asm/arch_timer.h>
#include <asm/ptrace.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/mm.h>
#include <meridian/sched.h>
#include <meridian/slab.h>
#include <meridian/spinlock.h>

#define NR_CPUS_MAX 4
#define TIMESLICE_TICKS 5
#define STACK_FILL 0x5afe57acU

struct percpu percpu_data[NR_CPUS_MAX];
static struct runqueue runqueues[NR_CPUS_MAX];
static spinlock_t rq_locks[NR_CPUS_MAX];
static struct task idle_tasks[NR_CPUS_MAX];
static LIST_HEAD(all_tasks);
static DEFINE_SPINLOCK(tasks_lock);
static struct task *dead_task[NR_CPUS_MAX];	/* exited, stack still to free */
unsigned long might_sleep_reports;
static int last_pid;

extern u8 init_stack[];
struct task *__switch_to(struct task *prev, struct task *next);
extern char ret_from_fork[];

void percpu_init(unsigned int cpu)
{
	percpu_data[cpu].cpu = cpu;
	write_tpidrprw((u32)(vaddr_t)&percpu_data[cpu]);
	isb();
}

static struct task *task_of(struct rq_entity *e)
{
	return container_of(e, struct task, rq);
}

void __init sched_init(void)
{
	struct percpu *pc = this_cpu();
	struct task *idle = &idle_tasks[pc->cpu];

	rq_init(&runqueues[pc->cpu]);
	strcpy(idle->comm, "swapper/0");
	idle->stack = init_stack;
	*(u32 *)idle->stack = STACK_END_MAGIC;
	idle->rq.prio = PRIO_IDLE;
	idle->state = TASK_RUNNING;
	INIT_LIST_HEAD(&idle->wait_node);
	idle->switched_in = arch_counter_get_cntpct();
	list_add_tail(&idle->tasks, &all_tasks);
	pc->idle = idle;
	pc->curr = idle;
}

bool in_interrupt(void)
{
	return this_cpu()->irq_depth > 0;
}

void __might_sleep(const char *file, int line)
{
	struct percpu *pc = this_cpu();

	might_sleep_reports++;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, in_irq(): %d, name: %s\n",
	       pc->preempt_count, irqs_disabled(), pc->irq_depth, pc->curr->comm);
	dump_stack();
}

static void check_stack(struct task *t)
{
	if (likely(*(const u32 *)t->stack == STACK_END_MAGIC))
		return;
	panic("stack overflow in thread '%s' (stack 0x%08lx, end marker 0x%08lx)", t->comm,
	      (unsigned long)(vaddr_t)t->stack, (unsigned long)*(const u32 *)t->stack);
}

u64 task_cpu_ns(const struct task *t)
{
	u64 ticks = t->cpu_ticks, rate = arch_timer_rate;

	if (t == this_cpu()->curr)
		ticks += arch_counter_get_cntpct() - t->switched_in;
	return rate ? (ticks / rate) * 1000000000ULL + (ticks % rate) * 1000000000ULL / rate : 0;
}

size_t task_stack_used(const struct task *t)
{
	const u32 *w = (const u32 *)t->stack + 1;
	size_t size = t == this_cpu()->idle ? CONFIG_BOOT_STACK_SIZE : THREAD_SIZE;

	if (t->stack == init_stack)
		return 0;	/* the boot stack was never filled */
	while ((const u8 *)w < (const u8 *)t->stack + size && *w == STACK_FILL)
		w++;
	return size - (size_t)((const u8 *)w - (const u8 *)t->stack);
}

/* Frees the previous task if it died: we are off its stack now. Runs with the rq lock held. */
static void reap_dead(struct percpu *pc)
{
	struct task *dead = dead_task[pc->cpu];

	if (!dead)
		return;
	dead_task[pc->cpu] = NULL;
	spin_lock(&tasks_lock);
	list_del(&dead->tasks);
	spin_unlock(&tasks_lock);
	free_pages((unsigned long)(vaddr_t)dead->stack, 1);
	kfree(dead);
}

static void finish_task_switch(struct percpu *pc)
{
	reap_dead(pc);
	arch_spin_unlock(&rq_locks[pc->cpu]);
}

/* First C code of a new thread: complete the switch that started it. */
void schedule_tail(struct task *t)
{
	struct percpu *pc = this_cpu();

	(void)t;
	finish_task_switch(pc);
	pc->preempt_count = 0;
	local_irq_enable();
}

void kthread_entry(struct task *t)
{
	kthread_exit(t->fn(t->arg));
}

static void account(struct task *prev, struct task *next, u64 now)
{
	prev->cpu_ticks += now - prev->switched_in;
	next->switched_in = now;
	next->nr_switches++;
	if (!next->timeslice)
		next->timeslice = TIMESLICE_TICKS;
}

/*
 * preempt: the task did not ask to stop (an interrupt or preempt_enable
 * did), so it stays runnable whatever its state.  It may be on its way to
 * sleep: state set, not yet on the wait queue or with its timer not yet
 * armed.  Taking it off the run queue there would lose the wake-up it is
 * about to arrange.  It goes to sleep when it calls schedule() itself.
 */
static void __schedule(bool preempt)
{
	struct percpu *pc = this_cpu();
	struct runqueue *rq = &runqueues[pc->cpu];
	struct task *prev = pc->curr, *next;
	struct rq_entity *e;
	unsigned long flags;

	BUG_ON(pc->irq_depth);
	local_irq_save(flags);
	check_stack(prev);
	arch_spin_lock(&rq_locks[pc->cpu]);
	if ((prev->state == TASK_RUNNING || (preempt && prev->state != TASK_DEAD)) &&
	    prev != pc->idle && !prev->rq.queued)
		rq_enqueue(rq, &prev->rq);
	e = rq_peek(rq);
	next = e ? task_of(e) : pc->idle;
	if (e)
		rq_dequeue(rq, e);
	pc->need_resched = false;
	if (prev->state == TASK_DEAD)
		dead_task[pc->cpu] = prev;
	if (next != prev) {
		account(prev, next, arch_counter_get_cntpct());	/* raw ticks: no division here */
		if (unlikely(kmap_local_busy(pc)))
			kmap_local_sched_out(prev);
		pc->curr = next;
		prev = __switch_to(prev, next);
		if (unlikely(pc->curr->kmap_ctrl.idx))
			kmap_local_sched_in(pc->curr);
	}
	finish_task_switch(pc);
	local_irq_restore(flags);
}

void schedule(void)
{
	__schedule(false);
}

void preempt_check_resched(void)
{
	struct percpu *pc = this_cpu();

	if (unlikely(pc->need_resched) && !pc->preempt_count && !pc->irq_depth && !irqs_disabled())
		__schedule(true);
}

void yield(void)
{
	might_sleep();
	schedule();
}

void set_current_state(enum task_state state)
{
	current->state = state;
	dmb();
}

void wake_up_process(struct task *t)
{
	struct percpu *pc = this_cpu();
	unsigned long flags;

	local_irq_save(flags);
	arch_spin_lock(&rq_locks[pc->cpu]);
	if (t->state != TASK_DEAD && t != pc->curr && !t->rq.queued) {
		t->state = TASK_RUNNING;
		rq_enqueue(&runqueues[pc->cpu], &t->rq);
		if (t->rq.prio < pc->curr->rq.prio)
			pc->need_resched = true;
	} else if (t->state != TASK_DEAD) {
		/* Running, or preempted on its way to sleep: woken before it got there. */
		t->state = TASK_RUNNING;
	}
	arch_spin_unlock(&rq_locks[pc->cpu]);
	local_irq_restore(flags);
}

void scheduler_tick(void)
{
	struct percpu *pc = this_cpu();
	struct task *t = pc->curr;

	check_stack(t);
	if (t == pc->idle) {
		pc->need_resched = runqueues[pc->cpu].nr_running > 0;
		return;
	}
	if (t->timeslice && --t->timeslice == 0)
		pc->need_resched = true;
	if (rq_best_prio(&runqueues[pc->cpu]) < t->rq.prio)
		pc->need_resched = true;
}

void irq_exit_preempt(struct pt_regs *regs)
{
	struct percpu *pc = this_cpu();

	if (pc->need_resched && !pc->preempt_count && processor_mode(regs) == SVC_MODE &&
	    !(regs->ARM_cpsr & PSR_I_BIT))
		__schedule(true);
}

struct task *kthread_create(int (*fn)(void *arg), void *arg, unsigned int prio, const char *name)
{
	struct task *t;
	unsigned long stack;

	if (prio >= PRIO_IDLE)
		prio = PRIO_IDLE - 1;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	stack = __get_free_pages(GFP_KERNEL, 1);
	if (!t || !stack) {
		kfree(t);
		if (stack)
			free_pages(stack, 1);
		return NULL;
	}
	t->stack = (void *)stack;
	for (u32 *w = t->stack; (u8 *)w < (u8 *)t->stack + THREAD_SIZE; w++)
		*w = STACK_FILL;
	*(u32 *)t->stack = STACK_END_MAGIC;
	strncpy(t->comm, name, TASK_COMM_LEN - 1);
	t->fn = fn;
	t->arg = arg;
	t->rq.prio = prio;
	t->state = TASK_UNINTERRUPTIBLE;	/* not runnable until woken */
	t->pid = ++last_pid;
	INIT_LIST_HEAD(&t->wait_node);
	t->ctx.sp = (u32)(stack + THREAD_SIZE);
	t->ctx.pc = (u32)(vaddr_t)ret_from_fork;
	t->ctx.r4 = (u32)(vaddr_t)t;
	spin_lock(&tasks_lock);
	list_add_tail(&t->tasks, &all_tasks);
	spin_unlock(&tasks_lock);
	return t;
}

struct task *kthread_run(int (*fn)(void *arg), void *arg, unsigned int prio, const char *name)
{
	struct task *t = kthread_create(fn, arg, prio, name);

	if (t)
		wake_up_process(t);
	return t;
}

void kthread_exit(int code)
{
	struct task *t = current;

	BUG_ON(t == this_cpu()->idle);
	t->exit_code = code;
	local_irq_disable();
	t->state = TASK_DEAD;
	schedule();
	BUG();	/* a dead task is never scheduled again */
}

void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (this_cpu()->need_resched || runqueues[this_cpu()->cpu].nr_running) {
			local_irq_enable();
			schedule();
			continue;
		}
		wfi();		/* wakes on a pending IRQ even while it is masked */
		local_irq_enable();
	}
}

void for_each_task(void (*fn)(const struct task *t, void *ctx), void *ctx)
{
	struct task *t;

	spin_lock(&tasks_lock);
	list_for_each_entry(t, &all_tasks, tasks)
		fn(t, ctx);
	spin_unlock(&tasks_lock);
}
