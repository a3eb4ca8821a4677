/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: ticket locks with LDREX/STREX and WFE/SEV, inner shareable,
 * so they are fair and correct once the other cores run.  Holding one
 * disables preemption; the _irqsave forms also mask IRQs on this CPU.
 * Sleeping while holding one is reported by might_sleep().
 */
#ifndef MERIDIAN_SPINLOCK_H
#define MERIDIAN_SPINLOCK_H

#ifdef MERIDIAN_HOST
/* Host unit tests are single threaded: the same API, doing nothing. */
#include <meridian/types.h>
typedef struct {
	u32 slock;
} spinlock_t;
#define __SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED
static inline void spin_lock_init(spinlock_t *l) { l->slock = 0; }
static inline void spin_lock(spinlock_t *l) { (void)l; }
static inline void spin_unlock(spinlock_t *l) { (void)l; }
#define spin_lock_irqsave(l, flags) ((void)(l), (flags) = 0)
#define spin_unlock_irqrestore(l, flags) ((void)(l), (void)(flags))
#else

#include <asm/cp15.h>
#include <meridian/percpu.h>
#include <meridian/types.h>

typedef struct {
	volatile u32 slock;	/* next ticket in the high half, owner in the low half */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->slock = 0;
}

static inline void preempt_disable(void)
{
	this_cpu()->preempt_count++;
	barrier();
}

/* Reschedule now if that was asked for and this context may be preempted. */
void preempt_check_resched(void);

static inline void preempt_enable_no_resched(void)
{
	barrier();
	this_cpu()->preempt_count--;
}

static inline void preempt_enable(void)
{
	preempt_enable_no_resched();
	if (unlikely(this_cpu()->need_resched))
		preempt_check_resched();
}

static inline void arch_spin_lock(spinlock_t *l)
{
	u32 tmp, newval, ticket;

	__asm__ volatile("1:	ldrex	%0, [%3]\n"
			 "	add	%1, %0, #0x10000\n"
			 "	strex	%2, %1, [%3]\n"
			 "	teq	%2, #0\n"
			 "	bne	1b"
			 : "=&r"(ticket), "=&r"(newval), "=&r"(tmp)
			 : "r"(&l->slock)
			 : "cc");
	while ((ticket >> 16) != (l->slock & 0xffff))
		__asm__ volatile("wfe" ::: "memory");
	dmb();
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	dmb();
	*(volatile u16 *)&l->slock = (u16)(l->slock + 1);	/* owner++: little-endian low half */
	dsb();
	__asm__ volatile("sev" ::: "memory");
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	u32 v = l->slock;

	return (v >> 16) != (v & 0xffff);
}

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	arch_spin_lock(l);
}

static inline void spin_unlock(spinlock_t *l)
{
	arch_spin_unlock(l);
	preempt_enable();
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(flags) :: "memory", "cc");
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ volatile("msr cpsr_c, %0" ::"r"(flags) : "memory", "cc");
}

static inline bool irqs_disabled(void)
{
	return read_cpsr() & 0x80;
}

#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)

/*
 * With IRQs masked nothing can preempt this CPU, so the _irqsave forms
 * leave preempt_count alone (might_sleep() still sees the masked IRQs);
 * a reschedule asked for meanwhile (a wake-up done under the lock) runs
 * once the flags are restored.
 */
#define spin_lock_irqsave(l, flags)		\
	do {					\
		local_irq_save(flags);		\
		arch_spin_lock(l);		\
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	arch_spin_unlock(l);
	local_irq_restore(flags);
	if (unlikely(this_cpu()->need_resched))
		preempt_check_resched();
}

#endif /* !MERIDIAN_HOST */
#endif /* MERIDIAN_SPINLOCK_H */
