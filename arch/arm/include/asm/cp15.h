/* SPDX-License-Identifier: MIT */
/*
 * CP15 system register accessors and barrier/maintenance primitives
 * (DDI 0406C, B4.1 and B4.2).  TLB maintenance uses the inner-shareable
 * forms, ready for SMP.
 */
#ifndef ASM_CP15_H
#define ASM_CP15_H

#include <meridian/types.h>

#define dsb() __asm__ volatile("dsb ish" ::: "memory")
#define dsb_sy() __asm__ volatile("dsb sy" ::: "memory")
#define dmb() __asm__ volatile("dmb ish" ::: "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define barrier() __asm__ volatile("" ::: "memory")

#define DEFINE_CP15_32(name, op1, crn, crm, op2)					\
	static inline u32 read_##name(void)						\
	{										\
		u32 v;									\
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2	\
				 : "=r"(v));						\
		return v;								\
	}										\
	static inline void write_##name(u32 v)						\
	{										\
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2	\
				 ::"r"(v) : "memory");					\
	}

#define DEFINE_CP15_64(name, op1, crm)							\
	static inline u64 read_##name(void)						\
	{										\
		u64 v;									\
		__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm : "=r"(v));	\
		return v;								\
	}										\
	static inline void write_##name(u64 v)						\
	{										\
		__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm ::"r"(v) : "memory"); \
	}

DEFINE_CP15_32(midr, 0, c0, c0, 0)
DEFINE_CP15_32(mpidr, 0, c0, c0, 5)
DEFINE_CP15_32(sctlr, 0, c1, c0, 0)
DEFINE_CP15_32(ttbcr, 0, c2, c0, 2)
DEFINE_CP15_32(dfsr, 0, c5, c0, 0)
DEFINE_CP15_32(ifsr, 0, c5, c0, 1)
DEFINE_CP15_32(dfar, 0, c6, c0, 0)
DEFINE_CP15_32(ifar, 0, c6, c0, 2)
DEFINE_CP15_32(mair0, 0, c10, c2, 0)
DEFINE_CP15_32(mair1, 0, c10, c2, 1)
DEFINE_CP15_32(tpidrprw, 0, c13, c0, 4)
DEFINE_CP15_32(cntfrq, 0, c14, c0, 0)
DEFINE_CP15_32(cntkctl, 0, c14, c1, 0)
DEFINE_CP15_64(ttbr0, 0, c2)
DEFINE_CP15_64(ttbr1, 1, c2)
DEFINE_CP15_64(par64, 0, c7)
DEFINE_CP15_64(cntpct, 0, c14)

/* Stage 1 PL1 read translation (ATS1CPR); the result lands in PAR. */
static inline void write_ats1cpr(u32 va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c8, 0" ::"r"(va) : "memory");
}

/* Invalidate all TLB entries, inner shareable (TLBIALLIS). */
static inline void local_flush_tlb_all(void)
{
	dsb();
	__asm__ volatile("mcr p15, 0, %0, c8, c3, 0" ::"r"(0) : "memory");
	dsb();
	isb();
}

/*
 * Invalidate the TLB entries for one page, any ASID, inner shareable
 * (TLBIMVAAIS).  The __ form takes a page-aligned address.
 */
static inline void __flush_tlb_kernel_page(vaddr_t va)
{
	dsb();
	__asm__ volatile("mcr p15, 0, %0, c8, c3, 3" ::"r"(va) : "memory");
	dsb();
	isb();
}

static inline void flush_tlb_kernel_page(vaddr_t va)
{
	__flush_tlb_kernel_page(va & ~0xfffUL);
}

/* Invalidate the whole instruction cache and branch predictor, inner shareable. */
static inline void flush_icache_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c1, 0\n\t"	/* ICIALLUIS */
			 "mcr p15, 0, %0, c7, c1, 6"		/* BPIALLIS */
			 ::"r"(0) : "memory");
	dsb();
	isb();
}

/*
 * Make code written through the data side visible to instruction fetch:
 * clean [start, end) to the point of unification, then invalidate the
 * I-cache and branch predictor (DDI 0406C B2.2.7).
 */
static inline void flush_icache_range(unsigned long start, unsigned long end)
{
	u32 ctr;
	unsigned long line;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));	/* CTR */
	line = 4UL << ((ctr >> 16) & 0xf);				/* DminLine */
	for (unsigned long p = start & ~(line - 1); p < end; p += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c11, 1" ::"r"(p) : "memory");	/* DCCMVAU */
	dsb();
	flush_icache_all();
}

static inline u32 read_cpsr(void)
{
	u32 v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

#define local_irq_disable() __asm__ volatile("cpsid i" ::: "memory")
#define local_irq_enable() __asm__ volatile("cpsie i" ::: "memory")

#endif /* ASM_CP15_H */
