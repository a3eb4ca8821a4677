/* SPDX-License-Identifier: MIT */
/* The ARM generic timer's counter (CNTPCT), as the kernel's clock. */
#ifndef ASM_ARCH_TIMER_H
#define ASM_ARCH_TIMER_H

#include <meridian/types.h>

extern u32 arch_timer_rate;	/* Hz: CNTFRQ, or the DT's clock-frequency */

/* Reads CNTFRQ and starts timestamping printk from the counter. */
void arch_timer_early_init(void);
u64 arch_counter_get_cntpct(void);
/* Nanoseconds since the counter started (0 while the rate is unknown). */
u64 arch_counter_ns(void);

#endif /* ASM_ARCH_TIMER_H */
