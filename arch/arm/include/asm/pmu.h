/* SPDX-License-Identifier: MIT */
/*
 * The PMU cycle counter (PMCCNTR, DDI 0406C C12).  Under QEMU with
 * -icount shift=0 it advances exactly once per guest instruction, so the
 * benchmarks report instructions, repeatably (shared/HARDWARE.md).
 * head.S starts it at the first instruction of the kernel.
 */
#ifndef ASM_PMU_H
#define ASM_PMU_H

#define ARMV7_PMCR_E (1 << 0)	/* enable all counters */
#define ARMV7_PMCR_C (1 << 2)	/* reset the cycle counter */
#define ARMV7_PMCR_D (1 << 3)	/* count every 64th cycle: kept clear */
#define ARMV7_PMCNTENSET_C (1 << 31)

#ifndef __ASSEMBLER__
#include <meridian/types.h>

static inline u32 read_pmccntr(void)
{
	u32 v;

	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v) :: "memory");
	return v;
}
#endif

#endif /* ASM_PMU_H */
