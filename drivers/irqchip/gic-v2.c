/* SPDX-License-Identifier: MIT */
/*
 * GICv2: bind the distributor and CPU interface from the DT and put
 * them in a known state: every interrupt disabled and inactive, SPIs
 * level-triggered at the default priority and routed to CPU 0, both
 * parts enabled.  The chip operations (mask, unmask, priority, routing,
 * SGI to self) serve the generic IRQ layer in kernel/irq.c.
 *
 * Out of scope: SMP bring-up of the other CPU interfaces.
 */
#include <meridian/driver.h>
#include <meridian/io.h>
#include <meridian/interrupt.h>
#include <meridian/irq.h>
#include <meridian/kernel.h>

#include "gic-v2.h"

struct gic_chip {
	void *dist;
	void *cpu;
	unsigned int nr_irqs;
};

static struct gic_chip gic;

/* One bit per IRQ in a bank of 32-bit registers at base. */
static void gic_poke_bit(unsigned int reg, unsigned int irq)
{
	writel(1u << (irq % 32), gic.dist + reg + (irq / 32) * 4);
}

static void gic_mask(unsigned int irq)
{
	gic_poke_bit(GIC_DIST_ENABLE_CLEAR, irq);
}

static void gic_unmask(unsigned int irq)
{
	gic_poke_bit(GIC_DIST_ENABLE_SET, irq);
}

/* Priority byte per IRQ (lower is more urgent; the GIC keeps the top bits it implements). */
static int gic_set_priority(unsigned int irq, unsigned int prio)
{
	volatile u8 *reg = (volatile u8 *)gic.dist + GIC_DIST_PRI + irq;

	if (prio > 0xff)
		return -EINVAL;
	*reg = (u8)prio;
	return 0;
}

/* Target CPUs of an SPI (SGIs and PPIs are per CPU and cannot be routed). */
static int gic_set_affinity(unsigned int irq, u32 cpu_mask)
{
	volatile u8 *reg = (volatile u8 *)gic.dist + GIC_DIST_TARGET + irq;

	if (irq < 32 || !cpu_mask || cpu_mask > 0xff)
		return -EINVAL;
	*reg = (u8)cpu_mask;
	return 0;
}

static void gic_send_sgi_self(unsigned int irq)
{
	writel(GIC_SGI_TARGET_SELF | irq, gic.dist + GIC_DIST_SOFTINT);
}

static bool gic_is_level(unsigned int irq)
{
	u32 cfg;

	if (irq < 16)
		return false;	/* SGIs are edge */
	cfg = readl(gic.dist + GIC_DIST_CONFIG + (irq / 16) * 4);
	return !(cfg & (2u << ((irq % 16) * 2)));
}

/* The GIC binding's three cells: <type number flags>, type 0 = SPI, 1 = PPI. */
static int gic_irq_xlate(const struct fdt_irq_spec *spec, unsigned int *irq)
{
	u32 type, num;

	if (spec->ncells < 3)	/* cells past ncells were never read from the DT */
		return -EINVAL;
	type = spec->cells[0];
	num = spec->cells[1];
	if (type == GIC_SPI && num < 1020 - 32)
		*irq = 32 + num;
	else if (type == GIC_PPI && num < 16)
		*irq = 16 + num;
	else
		return -EINVAL;
	return 0;
}

static struct irq_chip gic_irq_chip = {
	.name = "GICv2",
	.irq_mask = gic_mask,
	.irq_unmask = gic_unmask,
	.irq_set_priority = gic_set_priority,
	.irq_set_affinity = gic_set_affinity,
	.ipi_send_self = gic_send_sgi_self,
	.irq_xlate = gic_irq_xlate,
};

/* Acknowledge, handle and end every pending IRQ; 1020-1023 mean none (spurious). */
static void gic_handle_irq(struct pt_regs *regs)
{
	(void)regs;
	for (;;) {
		u32 iar = readl(gic.cpu + GIC_CPU_INTACK);
		u32 irq = iar & GICC_IAR_INT_ID_MASK;

		if (irq >= GIC_SPURIOUS_IRQ - 3) {
			break;
		}
		generic_handle_irq(irq);
		writel(iar, gic.cpu + GIC_CPU_EOI);
	}
}

static void __init gic_dist_init(void)
{
	unsigned int i;

	writel(0, gic.dist + GIC_DIST_CTRL);
	for (i = 32; i < gic.nr_irqs; i += 16)
		writel(0, gic.dist + GIC_DIST_CONFIG + i / 4);	/* level-triggered */
	for (i = 32; i < gic.nr_irqs; i += 4) {
		writel(0x01010101, gic.dist + GIC_DIST_TARGET + i);	/* CPU 0 */
		writel(GIC_DEFAULT_PRI * 0x01010101u, gic.dist + GIC_DIST_PRI + i);
	}
	for (i = 0; i < gic.nr_irqs; i += 32) {
		writel(0xffffffff, gic.dist + GIC_DIST_ENABLE_CLEAR + i / 8);
		writel(0xffffffff, gic.dist + GIC_DIST_ACTIVE_CLEAR + i / 8);
	}
	for (i = 0; i < 32; i += 4)	/* SGIs and PPIs: banked, priority only */
		writel(GIC_DEFAULT_PRI * 0x01010101u, gic.dist + GIC_DIST_PRI + i);
	writel(GICD_ENABLE, gic.dist + GIC_DIST_CTRL);
}

static void gic_cpu_init(void)
{
	writel(GIC_PMR_ALL, gic.cpu + GIC_CPU_PRIMASK);
	writel(0, gic.cpu + GIC_CPU_BINPOINT);
	writel(GICC_ENABLE, gic.cpu + GIC_CPU_CTRL);
}

static int __init gic_probe(const struct fdt *fdt, int node)
{
	phys_addr_t dist_pa, cpu_pa;
	int err;

	if (gic.dist) {
		pr_warn("GIC: %s ignored, only one root controller\n", fdt_node_name(fdt, node));
		return -EBUSY;
	}
	gic.dist = fdt_ioremap(fdt, node, 0, &dist_pa);
	gic.cpu = fdt_ioremap(fdt, node, 1, &cpu_pa);
	if (!gic.dist || !gic.cpu)
		return -ENOMEM;
	gic.nr_irqs = MIN(((readl(gic.dist + GIC_DIST_CTR) & 0x1f) + 1) * 32, 1020u);
	err = irq_register_chip(&gic_irq_chip, node, gic.nr_irqs, gic_is_level);
	if (err < 0) {
		pr_err("GIC: cannot register its %u interrupts (error %d)\n", gic.nr_irqs, err);
		return err;
	}
	gic_dist_init();
	gic_cpu_init();
	handle_arch_irq_fn = gic_handle_irq;
	pr_info("GIC: GICv2 at 0x%08llx (dist) 0x%08llx (cpu), %u interrupts\n",
		(unsigned long long)dist_pa, (unsigned long long)cpu_pa, gic.nr_irqs);
	return 0;
}

static const char *const gic_compatible[] = {
	"arm,cortex-a15-gic", "arm,cortex-a7-gic", "arm,gic-400", "arm,cortex-a9-gic", NULL,
};

DECLARE_FDT_DRIVER(1, gic_driver) = {
	.name = "gic-v2",
	.compatible = gic_compatible,
	.probe = gic_probe,
};
