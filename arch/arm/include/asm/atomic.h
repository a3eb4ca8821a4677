/* SPDX-License-Identifier: MIT */
/*
 * Atomic operations with LDREX/STREX (DDI 0406C A3.4), fully ordered by
 * DMB ISH on both sides where they return a value, as Linux's are.
 */
#ifndef ASM_ATOMIC_H
#define ASM_ATOMIC_H

#include <asm/cp15.h>
#include <meridian/types.h>

typedef struct {
	volatile int counter;
} atomic_t;

#define ATOMIC_INIT(i) { (i) }

static inline int atomic_read(const atomic_t *v)
{
	return v->counter;
}

static inline void atomic_set(atomic_t *v, int i)
{
	v->counter = i;
}

static inline int atomic_add_return(int i, atomic_t *v)
{
	int result;
	unsigned long tmp;

	dmb();
	__asm__ volatile("1:	ldrex	%0, [%3]\n"
			 "	add	%0, %0, %4\n"
			 "	strex	%1, %0, [%3]\n"
			 "	teq	%1, #0\n"
			 "	bne	1b"
			 : "=&r"(result), "=&r"(tmp), "+Qo"(v->counter)
			 : "r"(&v->counter), "Ir"(i)
			 : "cc");
	dmb();
	return result;
}

static inline void atomic_add(int i, atomic_t *v)
{
	(void)atomic_add_return(i, v);
}

#define atomic_inc(v) atomic_add(1, v)
#define atomic_dec(v) atomic_add(-1, v)
#define atomic_inc_return(v) atomic_add_return(1, v)
#define atomic_dec_return(v) atomic_add_return(-1, v)

/* If *ptr == old, store new.  Returns the value found (old on success). */
static inline u32 cmpxchg32(volatile u32 *ptr, u32 old, u32 new)
{
	u32 found, res;

	dmb();
	do {
		__asm__ volatile("ldrex	%1, [%2]\n"
				 "	mov	%0, #0\n"
				 "	teq	%1, %3\n"
				 "	strexeq	%0, %4, [%2]"
				 : "=&r"(res), "=&r"(found)
				 : "r"(ptr), "Ir"(old), "r"(new)
				 : "memory", "cc");
	} while (res);
	dmb();
	return found;
}

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	return (int)cmpxchg32((volatile u32 *)&v->counter, (u32)old, (u32)new);
}

#endif /* ASM_ATOMIC_H */
