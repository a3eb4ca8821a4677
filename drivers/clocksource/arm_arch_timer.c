/* SPDX-License-Identifier: MIT */
/*
 * ARM generic timer (DDI 0406C, B8): the counter gives printk its
 * timestamps from the first instruction in C; the DT node
 * ("arm,armv7-timer") may override the frequency that firmware put in
 * CNTFRQ, and names the four interrupts (secure, non-secure, virtual,
 * hyp): PPIs on a GIC, local interrupts on the BCM2836.
 *
 * The virtual timer (CNTV_*) is the clock event: it raises the tick
 * (CONFIG_HZ) through its interrupt, programmed relative (TVAL) from the
 * tick grid kept in nanoseconds by kernel/time/timer.c.
 */
#include <asm/arch_timer.h>
#include <asm/cp15.h>
#include <meridian/config.h>
#include <meridian/driver.h>
#include <meridian/interrupt.h>
#include <meridian/kernel.h>
#include <meridian/timer.h>

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)


enum arch_timer_ppi { PHYS_SECURE_PPI, PHYS_NONSECURE_PPI, VIRT_PPI, HYP_PPI, MAX_TIMER_PPI };

u32 arch_timer_rate;
static int arch_timer_irqs[MAX_TIMER_PPI] = { -1, -1, -1, -1 };	/* -1: none */

u64 arch_counter_get_cntpct(void)
{
	isb();	/* the counter read must not be hoisted above earlier instructions */
	return read_cntpct();
}

u64 arch_counter_ns(void)
{
	u64 cnt, rate = arch_timer_rate;

	if (!rate)
		return 0;
	cnt = arch_counter_get_cntpct();
	/* Split so that cnt * 1e9 cannot overflow. */
	return (cnt / rate) * NSEC_PER_SEC + (cnt % rate) * NSEC_PER_SEC / rate;
}

void __init arch_timer_early_init(void)
{
	arch_timer_rate = read_cntfrq();
	printk_set_clock(arch_counter_ns);
}

/*
 * The timer's IRQ numbers, in the binding's order (secure, non-secure,
 * virtual, hyp), translated by whichever controller the node's
 * interrupt parent is: GIC PPIs, or the BCM2836's local interrupts.
 * An entry that cannot be mapped stays -1 (none) and is logged.
 */
static void __init arch_timer_read_ppis(const struct fdt *fdt, int node)
{
	for (int i = 0; i < MAX_TIMER_PPI; i++) {
		int irq = of_irq_get(fdt, node, i);

		if (irq >= 0)
			arch_timer_irqs[i] = irq;
		else if (irq != -ENOENT)
			pr_warn("arch_timer: interrupt %d not usable (error %d)\n", i, irq);
	}
}

static inline void write_cntv_tval(u32 v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 0" ::"r"(v));
}

static inline void write_cntv_ctl(u32 v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1" ::"r"(v));
	isb();
}

/* Fire the virtual timer at next_ns (already passed: as soon as possible). */
static void arch_timer_program(u64 next_ns)
{
	u64 now = arch_counter_ns(), delta = next_ns > now ? next_ns - now : 0;
	u64 ticks = (delta / NSEC_PER_SEC) * arch_timer_rate +
		    (delta % NSEC_PER_SEC) * arch_timer_rate / NSEC_PER_SEC;

	write_cntv_tval(ticks > 0x7fffffff ? 0x7fffffff : (u32)(ticks ? ticks : 1));
	write_cntv_ctl(CNTV_CTL_ENABLE);
}

static irqreturn_t arch_timer_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	tick_handle();
	return IRQ_HANDLED;
}

/* Start the tick on the virtual timer's interrupt. */
static int __init arch_timer_start_tick(void)
{
	int irq = arch_timer_irqs[VIRT_PPI];
	int err;

	if (irq < 0) {
		pr_err("arch_timer: no virtual timer interrupt in the DT; no tick\n");
		return -EINVAL;
	}
	write_cntv_ctl(CNTV_CTL_IMASK);
	err = request_irq((unsigned int)irq, arch_timer_handler, 0, "arch_timer", NULL);
	if (err < 0) {
		pr_err("arch_timer: cannot get IRQ %d (error %d); no tick\n", irq, err);
		return err;
	}
	tick_setup(CONFIG_HZ, arch_timer_program);
	pr_info("sched_clock: tick at %u Hz on the virtual timer (IRQ %d)\n", CONFIG_HZ, irq);
	return 0;
}

static int __init arch_timer_probe(const struct fdt *fdt, int node)
{
	static bool probed;	/* a second node would retime the running clock */
	u32 freq, rate = arch_timer_rate;

	if (probed) {
		pr_warn("arch_timer: %s ignored, only one timer\n", fdt_node_name(fdt, node));
		return -EBUSY;
	}
	if (fdt_getprop_u32(fdt, node, "clock-frequency", &freq) == 0 && freq)
		rate = freq;
	if (!rate) {
		pr_err("arch_timer: frequency not available (CNTFRQ is 0, no clock-frequency)\n");
		return -EINVAL;
	}
	probed = true;
	arch_timer_rate = rate;
	arch_timer_read_ppis(fdt, node);
	pr_info("arch_timer: cp15 timer(s) running at %lu.%02luMHz (phys), IRQs %d/%d/%d/%d\n",
		(unsigned long)(arch_timer_rate / 1000000),
		(unsigned long)(arch_timer_rate / 10000 % 100), arch_timer_irqs[0],
		arch_timer_irqs[1], arch_timer_irqs[2], arch_timer_irqs[3]);
	return arch_timer_start_tick();
}

static const char *const arch_timer_compatible[] = { "arm,armv7-timer", "arm,armv8-timer", NULL };

DECLARE_FDT_DRIVER(2, arch_timer_driver) = {
	.name = "arch_timer",
	.compatible = arch_timer_compatible,
	.probe = arch_timer_probe,
};
