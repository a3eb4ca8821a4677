/* SPDX-License-Identifier: MIT */
/*
 * The generic IRQ layer: request_irq/free_irq with shared handler
 * chains, per-IRQ and per-CPU counts, and the chip operations the
 * interrupt controller driver provides.  IRQ numbers are the root
 * controller's: on a GIC its interrupt IDs (PPI 27 is the virtual timer,
 * SPI n is 32 + n); on the BCM2836 local controller IPIs 0-15 and local
 * interrupt n as 16 + n (see drivers/irqchip/irq-bcm2836.c).  Drivers
 * never write one down: of_irq_get() turns their DT node's interrupts
 * into it.
 *
 * Nesting rules: handlers run with IRQs masked on this CPU and never
 * nest (the entry code BUG()s on a nested IRQ); they must not sleep.
 */
#ifndef MERIDIAN_INTERRUPT_H
#define MERIDIAN_INTERRUPT_H

#include <meridian/fdt.h>
#include <meridian/types.h>

#define NR_IRQS 512
#define IRQF_SHARED 0x80u

typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

struct irq_chip {
	const char *name;
	void (*irq_mask)(unsigned int irq);
	void (*irq_unmask)(unsigned int irq);
	int (*irq_set_priority)(unsigned int irq, unsigned int prio);
	int (*irq_set_affinity)(unsigned int irq, u32 cpu_mask);
	void (*ipi_send_self)(unsigned int irq);	/* raise a software-generated IRQ */
	/* One DT specifier of this controller to an IRQ number; 0 or -EINVAL. */
	int (*irq_xlate)(const struct fdt_irq_spec *spec, unsigned int *irq);
	/* Optional: the controller's own number for irq (`interrupts`); else irq - first. */
	unsigned int (*irq_hwirq)(unsigned int irq);
};

/*
 * irq_add_chip - a controller (DT node fdt_node) takes IRQs [first,
 * first + nr); the chip's callbacks get those numbers unchanged.  The
 * root controller takes [0, nr) (irq_register_chip); a chained one a
 * range above it, and hands its IRQs to generic_handle_irq() from the
 * handler it requested on its parent.  Probe time only.
 * Returns 0, -EINVAL (empty or past NR_IRQS), -EBUSY (overlaps another
 * controller) or -ENOSPC (too many controllers).
 */
int irq_add_chip(struct irq_chip *chip, int fdt_node, unsigned int first, unsigned int nr,
		 bool (*is_level)(unsigned int irq));
int irq_register_chip(struct irq_chip *chip, int fdt_node, unsigned int nr,
		      bool (*is_level)(unsigned int irq));

/*
 * of_irq_get - the IRQ number of the index-th entry of node's interrupts
 * (as Linux's of_irq_get, but 0 is a valid IRQ here).  Returns it, or
 * -ENOENT (no such entry), -EINVAL (malformed), or -ENXIO (its
 * controller has no driver; controllers probe at an earlier level than
 * their users, so nothing is deferred).
 */
int of_irq_get(const struct fdt *fdt, int node, int index);

/*
 * request_irq - add handler to irq's chain and unmask it.  flags:
 * IRQF_SHARED to share (every sharer must say so).  Returns 0, -EINVAL
 * (bad irq, no chip, NULL handler), -EBUSY (not shareable) or -ENOMEM.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);
/* Removes the handler registered with dev_id; masks the IRQ when the chain empties. */
void free_irq(unsigned int irq, void *dev_id);
/* Unmasks irq; refused (and logged) if it has no handler or was masked as a storm. */
void enable_irq(unsigned int irq);
void disable_irq(unsigned int irq);
int irq_set_priority(unsigned int irq, unsigned int prio);
int irq_set_affinity(unsigned int irq, u32 cpu_mask);
/* Raises irq (an SGI) on this CPU: tests and the IRQ benchmark. */
int irq_raise_self(unsigned int irq);

/*
 * Called by the controller driver for each acknowledged IRQ.  An IRQ that
 * goes unhandled 99900 times in 100000 is masked as a storm ("nobody
 * cared", as Linux) until its handler chain empties and fills again.
 */
void generic_handle_irq(unsigned int irq);
/* Counted spurious IRQs (controller said none, or no handler claimed it). */
extern unsigned long irq_err_count;
unsigned long kstat_irqs(unsigned int irq);

#endif /* MERIDIAN_INTERRUPT_H */
