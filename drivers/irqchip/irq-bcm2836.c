/* SPDX-License-Identifier: MIT */
/*
 * BCM2836 local interrupt controller ("brcm,bcm2836-l1-intc"): the root
 * interrupt controller of the Raspberry Pi 2.  Each core has its own
 * enables for the four generic-timer interrupts, four mailboxes and an
 * IRQ source register; the GPU's interrupt (the BCM2835 "armctrl"
 * controller, chained) and the PMU are routed to one core.
 *
 * IRQ numbers (Meridian's, shown by `interrupts`):
 *
 *     0-15   IPIs: bits 0-15 of this core's mailbox 0 (as Linux sends
 *            IPIs on this chip), so irq_raise_self() works as on a GIC
 *     16+n   local interrupt n, the DT binding's first cell: 16-19 the
 *            timers (CNTPS, CNTPNS, CNTHP, CNTV), 24 the GPU, 25 the PMU
 *
 * Mailboxes 1-3 are not interrupts here: mailbox 3 is where the firmware
 * holds the secondary cores, and at probe this driver sends them to a
 * WFI loop in the kernel (see bcm2836_park_secondaries()).
 *
 * Out of scope: FIQs, the local timer, starting secondary cores.
 */
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/setup.h>
#include <meridian/driver.h>
#include <meridian/interrupt.h>
#include <meridian/io.h>
#include <meridian/irq.h>
#include <meridian/kernel.h>
#include <meridian/spinlock.h>

#include "irq-bcm2836.h"

#define BCM2836_NR_IPIS 16
#define BCM2836_LOCAL_BASE 16	/* IRQ number of local interrupt 0 */
#define BCM2836_NR_IRQS (BCM2836_LOCAL_BASE + LOCAL_IRQ_COUNT)

#define LOCAL_IS_TIMER(hw) ((hw) <= LOCAL_IRQ_CNTVIRQ)
#define LOCAL_IS_MAILBOX(hw) ((hw) >= LOCAL_IRQ_MAILBOX0 && (hw) <= LOCAL_IRQ_MAILBOX3)

struct bcm2836_l1 {
	void *base;
	unsigned int cpu;	/* the boot core, MPIDR.Aff0 */
	u32 ipi_enabled;	/* IPIs unmasked (bit = IRQ) */
	u32 ipi_pending;	/* IPIs raised while masked: delivered on unmask */
	u32 local_enabled;	/* local interrupts unmasked (bit = local number) */
};

static struct bcm2836_l1 l1;
static DEFINE_SPINLOCK(l1_lock);

/* Set or clear bit in the register at off.  Caller holds l1_lock. */
static void l1_update(unsigned int off, u32 bit, bool set)
{
	u32 v = readl(l1.base + off);

	writel(set ? v | bit : v & ~bit, l1.base + off);
}

/* Switch local interrupt hw for this core where the chip has a switch.  Caller holds l1_lock. */
static void l1_local_enable(unsigned int hw, bool on)
{
	if (on)
		l1.local_enabled |= 1u << hw;
	else
		l1.local_enabled &= ~(1u << hw);
	if (LOCAL_IS_TIMER(hw))
		l1_update(LOCAL_TIMER_INT_CONTROL0 + 4 * l1.cpu, 1u << hw, on);
	else if (hw == LOCAL_IRQ_PMU_FAST)
		writel(1u << l1.cpu, l1.base + (on ? LOCAL_PM_ROUTING_SET : LOCAL_PM_ROUTING_CLR));
	/* The GPU line has no switch here: its sources are masked in the armctrl. */
}

static void bcm2836_mask(unsigned int irq)
{
	unsigned long f;

	spin_lock_irqsave(&l1_lock, f);
	if (irq < BCM2836_NR_IPIS)
		l1.ipi_enabled &= ~(1u << irq);
	else
		l1_local_enable(irq - BCM2836_LOCAL_BASE, false);
	spin_unlock_irqrestore(&l1_lock, f);
}

/* An IPI raised while masked was kept in ipi_pending: raise it again now. */
static void bcm2836_unmask(unsigned int irq)
{
	unsigned int hw = irq - BCM2836_LOCAL_BASE;
	unsigned long f;
	u32 bit = 1u << irq;

	if (irq >= BCM2836_NR_IPIS && LOCAL_IS_MAILBOX(hw)) {
		pr_warn("bcm2836: local interrupt %u is a mailbox, not available\n", hw);
		return;
	}
	spin_lock_irqsave(&l1_lock, f);
	if (irq >= BCM2836_NR_IPIS) {
		l1_local_enable(hw, true);
	} else {
		l1.ipi_enabled |= bit;
		if (l1.ipi_pending & bit) {
			l1.ipi_pending &= ~bit;
			writel(bit, l1.base + LOCAL_MAILBOX_SET(l1.cpu, 0));
		}
	}
	spin_unlock_irqrestore(&l1_lock, f);
}

static void bcm2836_send_ipi_self(unsigned int irq)
{
	writel(1u << irq, l1.base + LOCAL_MAILBOX_SET(l1.cpu, 0));
}

static bool bcm2836_is_level(unsigned int irq)
{
	return irq >= BCM2836_LOCAL_BASE;	/* IPIs are edge, like SGIs */
}

/* The binding's cells: <local-number flags>.  Mailboxes are not for the DT. */
static int bcm2836_irq_xlate(const struct fdt_irq_spec *spec, unsigned int *irq)
{
	u32 hw = spec->cells[0];

	if (hw >= LOCAL_IRQ_COUNT || LOCAL_IS_MAILBOX(hw))
		return -EINVAL;
	*irq = BCM2836_LOCAL_BASE + hw;
	return 0;
}

/* IPIs keep their number; a local interrupt shows its local number, as in Linux. */
static unsigned int bcm2836_hwirq(unsigned int irq)
{
	return irq < BCM2836_NR_IPIS ? irq : irq - BCM2836_LOCAL_BASE;
}

static struct irq_chip bcm2836_chip = {
	.name = "bcm2836",
	.irq_mask = bcm2836_mask,
	.irq_unmask = bcm2836_unmask,
	.ipi_send_self = bcm2836_send_ipi_self,
	.irq_xlate = bcm2836_irq_xlate,
	.irq_hwirq = bcm2836_hwirq,
};

/* Mailbox 0: take every bit (write 1 to clear) and run the unmasked IPIs. */
static void bcm2836_handle_ipis(void)
{
	void *mbox = l1.base + LOCAL_MAILBOX_CLR(l1.cpu, 0);
	u32 bits = readl(mbox), run;

	writel(bits, mbox);
	if (bits >> BCM2836_NR_IPIS)
		irq_err_count++;	/* nobody sends those */
	bits &= (1u << BCM2836_NR_IPIS) - 1;
	run = bits & l1.ipi_enabled;
	l1.ipi_pending |= bits & ~run;
	while (run) {
		unsigned int ipi = (unsigned int)__builtin_ctz(run);

		run &= run - 1;
		generic_handle_irq(ipi);
	}
}

/*
 * The IRQ exception: each pending source of this core once (a source
 * still asserted afterwards raises the exception again).  Mailboxes 1-3
 * are never enabled, so never pending here.
 */
static void bcm2836_handle_irq(struct pt_regs *regs)
{
	u32 pending = readl(l1.base + LOCAL_IRQ_PENDING0 + 4 * l1.cpu);

	(void)regs;
	if (!(pending & ((1u << LOCAL_IRQ_COUNT) - 1))) {
		irq_err_count++;
		return;
	}
	while (pending) {
		unsigned int hw = (unsigned int)__builtin_ctz(pending);

		pending &= pending - 1;
		if (hw == LOCAL_IRQ_MAILBOX0)
			bcm2836_handle_ipis();
		else if (hw < LOCAL_IRQ_COUNT && (l1.local_enabled & (1u << hw)))
			generic_handle_irq(BCM2836_LOCAL_BASE + hw);
		else
			irq_err_count++;
	}
}

/* This core: no timer or PMU interrupts, mailbox 0 (IPIs) on, the GPU's IRQ routed here. */
static void __init bcm2836_cpu_init(void)
{
	writel(0, l1.base + LOCAL_TIMER_INT_CONTROL0 + 4 * l1.cpu);
	writel(1u << l1.cpu | 1u << (l1.cpu + 4), l1.base + LOCAL_PM_ROUTING_CLR);
	writel(~0u, l1.base + LOCAL_MAILBOX_CLR(l1.cpu, 0));
	writel(1u << 0, l1.base + LOCAL_MAILBOX_INT_CONTROL0 + 4 * l1.cpu);
	writel(l1.cpu, l1.base + LOCAL_GPU_ROUTING);
}

/*
 * bcm2836_park_secondaries - move the other cores out of the boot
 * loader's mailbox loop into secondary_park (interrupts masked, WFI
 * forever) in the kernel's text, which nothing overwrites.  QEMU's loop
 * at 0x300 busy-polls; the firmware's armstub polls with WFE: either
 * way the core waits for an address in its mailbox 3, clears it and
 * jumps there with the MMU off (Linux's "brcm,bcm2836-smp" protocol).
 * The cores come from /cpus; the boot core and cores this controller
 * has no mailbox for are skipped.  Returns a mask of the cores sent.
 */
static u32 __init bcm2836_park_secondaries(const struct fdt *fdt)
{
	phys_addr_t entry = __pa_symbol(secondary_park);
	int cpus = fdt_path_offset(fdt, "/cpus");
	const char *method = fdt_getprop_str(fdt, cpus, "enable-method");
	u32 sent = 0;

	if (!method || strcmp(method, "brcm,bcm2836-smp") || entry > 0xffffffffu)
		return 0;
	for (int n = fdt_first_child(fdt, cpus); n >= 0; n = fdt_next_sibling(fdt, n)) {
		const char *type = fdt_getprop_str(fdt, n, "device_type");
		u32 mpidr, core;

		if (!type || strcmp(type, "cpu") || fdt_getprop_u32(fdt, n, "reg", &mpidr) < 0)
			continue;
		core = mpidr & 0xff;
		if (core == l1.cpu || core >= BCM2836_NR_CORES)
			continue;
		writel((u32)entry, l1.base + LOCAL_MAILBOX_SET(core, BCM2836_SMP_MAILBOX));
		sent |= 1u << core;
	}
	dsb_sy();
	__asm__ volatile("sev");	/* wake cores waiting in WFE */
	return sent;
}

static int __init bcm2836_l1_probe(const struct fdt *fdt, int node)
{
	phys_addr_t pa;
	u32 parked;
	int err;

	if (l1.base) {
		pr_warn("bcm2836: %s ignored, only one local controller\n", fdt_node_name(fdt, node));
		return -EBUSY;
	}
	l1.cpu = read_mpidr() & 0xff;
	if (l1.cpu >= BCM2836_NR_CORES) {
		pr_err("bcm2836: boot core %u has no local controller registers\n", l1.cpu);
		return -ENODEV;
	}
	l1.base = fdt_ioremap(fdt, node, 0, &pa);
	if (!l1.base)
		return -ENOMEM;
	err = irq_register_chip(&bcm2836_chip, node, BCM2836_NR_IRQS, bcm2836_is_level);
	if (err < 0) {
		pr_err("bcm2836: cannot register its interrupts (error %d)\n", err);
		return err;
	}
	bcm2836_cpu_init();
	handle_arch_irq_fn = bcm2836_handle_irq;
	pr_info("bcm2836: local interrupt controller at 0x%08llx, boot core %u, IPIs on mailbox 0\n",
		(unsigned long long)pa, l1.cpu);
	parked = bcm2836_park_secondaries(fdt);
	if (parked)
		pr_info("bcm2836: secondary cores (mask 0x%lx) sent to the WFI loop at 0x%08llx\n",
			(unsigned long)parked, (unsigned long long)__pa_symbol(secondary_park));
	return 0;
}

static const char *const bcm2836_l1_compatible[] = { "brcm,bcm2836-l1-intc", NULL };

DECLARE_FDT_DRIVER(1, bcm2836_l1_driver) = {
	.name = "bcm2836-l1-intc",
	.compatible = bcm2836_l1_compatible,
	.probe = bcm2836_l1_probe,
};
