/* SPDX-License-Identifier: MIT */
/*
 * BCM2835/2836 ARM interrupt controller ("brcm,bcm2836-armctrl-ic"):
 * the VideoCore peripherals' interrupts (UART, system timer, ...),
 * chained on the BCM2836 local controller's GPU interrupt.  Probe masks
 * every source, whatever the firmware left on, so that the GPU line
 * cannot storm; request_irq() opens them one by one.
 *
 * IRQ numbers: 32 + 32 * bank + n for the binding's <bank n> (bank 0
 * n < 8, banks 1 and 2 n < 32): the PL011 (bank 2, 25) is IRQ 121.
 *
 * Out of scope: FIQ, the basic register's shortcut bits (each pending
 * register is read whole instead), "brcm,bcm2835-armctrl-ic" as a root
 * controller (the BCM2835 of the first Pi).
 */
#include <meridian/driver.h>
#include <meridian/interrupt.h>
#include <meridian/io.h>
#include <meridian/kernel.h>
#include <meridian/spinlock.h>
#include <meridian/vmalloc.h>

#include "irq-bcm2835.h"

#define ARMCTRL_IRQ_BASE 32
#define ARMCTRL_NR_IRQS (ARMCTRL_NR_BANKS * 32)

static const unsigned int armctrl_pending[ARMCTRL_NR_BANKS] = {
	ARMCTRL_PENDING_BASIC, ARMCTRL_PENDING_1, ARMCTRL_PENDING_2,
};
static const unsigned int armctrl_enable[ARMCTRL_NR_BANKS] = {
	ARMCTRL_ENABLE_BASIC, ARMCTRL_ENABLE_1, ARMCTRL_ENABLE_2,
};
static const unsigned int armctrl_disable[ARMCTRL_NR_BANKS] = {
	ARMCTRL_DISABLE_BASIC, ARMCTRL_DISABLE_1, ARMCTRL_DISABLE_2,
};
static const u32 armctrl_valid[ARMCTRL_NR_BANKS] = { ARMCTRL_BANK0_MASK, ~0u, ~0u };

struct armctrl {
	void *base;
	u32 enabled[ARMCTRL_NR_BANKS];	/* what request_irq opened */
};

static struct armctrl armctrl;
static DEFINE_SPINLOCK(armctrl_lock);

/* Enable and disable are write-1 registers: no read-modify-write of the hardware. */
static void armctrl_switch(unsigned int irq, bool on)
{
	unsigned int hw = irq - ARMCTRL_IRQ_BASE, bank = hw / 32;
	u32 bit = 1u << (hw % 32);
	unsigned long f;

	/* Bank 0 above bit 7 is summaries of the other banks: opening one would double-dispatch. */
	if (!(armctrl_valid[bank] & bit)) {
		pr_warn("armctrl: IRQ %u is no interrupt source\n", irq);
		return;
	}
	spin_lock_irqsave(&armctrl_lock, f);
	if (on)
		armctrl.enabled[bank] |= bit;
	else
		armctrl.enabled[bank] &= ~bit;
	writel(bit, armctrl.base + (on ? armctrl_enable[bank] : armctrl_disable[bank]));
	spin_unlock_irqrestore(&armctrl_lock, f);
}

static void armctrl_mask(unsigned int irq)
{
	armctrl_switch(irq, false);
}

static void armctrl_unmask(unsigned int irq)
{
	armctrl_switch(irq, true);
}

static bool armctrl_is_level(unsigned int irq)
{
	(void)irq;
	return true;
}

/* The binding's cells: <bank n>. */
static int armctrl_xlate(const struct fdt_irq_spec *spec, unsigned int *irq)
{
	u32 bank = spec->cells[0], n = spec->ncells > 1 ? spec->cells[1] : 32;

	if (spec->ncells < 2 || bank >= ARMCTRL_NR_BANKS || n >= 32 ||
	    !(armctrl_valid[bank] & (1u << n)))
		return -EINVAL;
	*irq = ARMCTRL_IRQ_BASE + 32 * bank + n;
	return 0;
}

static struct irq_chip armctrl_chip = {
	.name = "ARMCTRL",
	.irq_mask = armctrl_mask,
	.irq_unmask = armctrl_unmask,
	.irq_xlate = armctrl_xlate,
};

/* The parent's GPU interrupt: every opened source that is pending, bank by bank. */
static irqreturn_t armctrl_cascade(int irq, void *dev)
{
	irqreturn_t ret = IRQ_NONE;

	(void)irq;
	(void)dev;
	for (unsigned int bank = 0; bank < ARMCTRL_NR_BANKS; bank++) {
		u32 pending = readl(armctrl.base + armctrl_pending[bank]) & armctrl.enabled[bank];

		while (pending) {
			unsigned int n = (unsigned int)__builtin_ctz(pending);

			pending &= pending - 1;
			generic_handle_irq(ARMCTRL_IRQ_BASE + 32 * bank + n);
			ret = IRQ_HANDLED;
		}
	}
	return ret;
}

static int __init armctrl_probe(const struct fdt *fdt, int node)
{
	phys_addr_t pa;
	int parent, err;

	if (armctrl.base)
		return -EBUSY;
	parent = of_irq_get(fdt, node, 0);
	if (parent < 0) {
		pr_err("armctrl: no usable parent interrupt (error %d)\n", parent);
		return parent;
	}
	armctrl.base = fdt_ioremap(fdt, node, 0, &pa);
	if (!armctrl.base)
		return -ENOMEM;
	/* Claim the IRQ range before writing to what may not be an armctrl at all. */
	err = irq_add_chip(&armctrl_chip, node, ARMCTRL_IRQ_BASE, ARMCTRL_NR_IRQS, armctrl_is_level);
	if (err < 0) {
		pr_err("armctrl: cannot take IRQs %u-%u (error %d)\n", ARMCTRL_IRQ_BASE,
		       ARMCTRL_IRQ_BASE + ARMCTRL_NR_IRQS - 1, err);
		iounmap(armctrl.base);
		armctrl.base = NULL;
		return err;
	}
	for (unsigned int bank = 0; bank < ARMCTRL_NR_BANKS; bank++)
		writel(~0u, armctrl.base + armctrl_disable[bank]);
	err = request_irq((unsigned int)parent, armctrl_cascade, 0, "armctrl", NULL);
	if (err < 0) {
		pr_err("armctrl: cannot chain on IRQ %d (error %d)\n", parent, err);
		return err;
	}
	pr_info("armctrl: BCM2835 interrupt controller at 0x%08llx, IRQs %u-%u, chained on IRQ %d\n",
		(unsigned long long)pa, ARMCTRL_IRQ_BASE, ARMCTRL_IRQ_BASE + ARMCTRL_NR_IRQS - 1,
		parent);
	return 0;
}

static const char *const armctrl_compatible[] = { "brcm,bcm2836-armctrl-ic", NULL };

DECLARE_FDT_DRIVER(1.chained, armctrl_driver) = {
	.name = "bcm2836-armctrl-ic",
	.compatible = armctrl_compatible,
	.probe = armctrl_probe,
};
