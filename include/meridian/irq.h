/* SPDX-License-Identifier: MIT */
/*
 * The interrupt entry point.  The root interrupt controller driver sets
 * handle_arch_irq_fn; until then every IRQ counts as spurious.
 * (The generic IRQ layer, request_irq and friends, is a later issue.)
 */
#ifndef MERIDIAN_IRQ_H
#define MERIDIAN_IRQ_H

#include <asm/ptrace.h>

extern void (*handle_arch_irq_fn)(struct pt_regs *regs);
extern unsigned long irq_err_count;	/* spurious interrupts, as Linux's "Err:" */

void handle_arch_irq(struct pt_regs *regs);

#endif /* MERIDIAN_IRQ_H */
