/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU state, reached through TPIDRPRW (the PL1-only thread ID
 * register), so that nothing here is a global that would stop the other
 * vexpress-a15 cores from running later.  One CPU runs today.
 */
#ifndef MERIDIAN_PERCPU_H
#define MERIDIAN_PERCPU_H

#include <asm/cp15.h>
#include <meridian/types.h>

struct task;

struct percpu {
	struct task *curr;		/* the running task (see `current`) */
	struct task *idle;		/* this CPU's idle task */
	u32 cpu;			/* logical CPU number */
	int preempt_count;		/* > 0: no preemption (spinlocks, explicit) */
	int irq_depth;			/* > 0: in an interrupt handler */
	bool need_resched;		/* schedule at the next safe point */
	u64 irq_ns;			/* time spent in interrupt handlers */
	/*
	 * kmap_local (mm/highmem.c): this CPU's stack of slots, kept as the
	 * address of its top so that the inline paths need no index maths.
	 */
	vaddr_t kmap_top;	/* the latest mapping; below FIXADDR_START when none */
	vaddr_t kmap_fast_last;	/* the inline path maps up to this slot; 0 with kmap_debug */
	u32 kmap_pte_bias;	/* the PTE of slot address va is at kmap_pte_bias + (va >> 9) */
};

extern struct percpu percpu_data[];

static inline struct percpu *this_cpu(void)
{
	return (struct percpu *)read_tpidrprw();
}

static inline int smp_processor_id(void)
{
	return (int)this_cpu()->cpu;
}

/* Points TPIDRPRW at this CPU's block (boot CPU: before anything uses it). */
void percpu_init(unsigned int cpu);

#endif /* MERIDIAN_PERCPU_H */
