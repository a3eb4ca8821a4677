/* SPDX-License-Identifier: MIT */
/*
 * GICv2: bind the distributor and CPU interface from the DT and put
 * them in a known state: every interrupt disabled and inactive, SPIs
 * level-triggered at the default priority and routed to CPU 0, both
 * parts enabled.  An IRQ taken before any handler is registered is
 * acknowledged, ended and counted as spurious.
 *
 * Out of scope here: the generic IRQ layer (request_irq), per-IRQ
 * routing and priority calls, and SMP (the kernel-core issue).
 */
#include <meridian/driver.h>
#include <meridian/io.h>
#include <meridian/irq.h>
#include <meridian/kernel.h>

#include "gic-v2.h"

struct gic_chip {
	void *dist;
	void *cpu;
	unsigned int nr_irqs;
};

static struct gic_chip gic;

void (*handle_arch_irq_fn)(struct pt_regs *regs);
unsigned long irq_err_count;

void handle_arch_irq(struct pt_regs *regs)
{
	if (handle_arch_irq_fn)
		handle_arch_irq_fn(regs);
	else
		irq_err_count++;
}

static void gic_handle_irq(struct pt_regs *regs)
{
	u32 iar = readl(gic.cpu + GIC_CPU_INTACK);
	u32 irq = iar & GICC_IAR_INT_ID_MASK;

	(void)regs;
	if (irq >= GIC_SPURIOUS_IRQ - 3) {	/* 1020-1023: nothing to acknowledge */
		irq_err_count++;
		return;
	}
	irq_err_count++;	/* no handlers yet: every real IRQ is unexpected */
	writel(iar, gic.cpu + GIC_CPU_EOI);
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

	if (gic.dist) {
		pr_warn("GIC: %s ignored, only one root controller\n", fdt_node_name(fdt, node));
		return -EBUSY;
	}
	gic.dist = fdt_ioremap(fdt, node, 0, &dist_pa);
	gic.cpu = fdt_ioremap(fdt, node, 1, &cpu_pa);
	if (!gic.dist || !gic.cpu)
		return -ENOMEM;
	gic.nr_irqs = MIN(((readl(gic.dist + GIC_DIST_CTR) & 0x1f) + 1) * 32, 1020u);
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
