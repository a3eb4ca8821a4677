/* SPDX-License-Identifier: MIT */
/* MMIO accessors: single-copy-atomic 32-bit accesses, ordered by the device memory type. */
#ifndef MERIDIAN_IO_H
#define MERIDIAN_IO_H

#include <meridian/types.h>

static inline u32 readl(const volatile void *addr)
{
	u32 v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writel(u32 v, volatile void *addr)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

#endif /* MERIDIAN_IO_H */
