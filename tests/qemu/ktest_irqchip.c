/* SPDX-License-Identifier: MIT */
/*
 * The interrupt controller the DT chose: DT specifiers translated the
 * way each binding says (checked against the raw cells, not the
 * driver's tables), a device interrupt delivered end to end, and on the BCM2836 IPIs raised while masked kept
 * until unmasked and the state of the hardware: the tick's timer routed to
 * the boot core, mailbox 0 on for IPIs, every secondary core out of its
 * mailbox loop.
 */
#include <string.h>

#include <asm/cp15.h>
#include <meridian/driver.h>
#include <meridian/interrupt.h>
#include <meridian/io.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/timer.h>
#include <meridian/vmalloc.h>

#include "../../drivers/irqchip/irq-bcm2836.h"
#include "../../drivers/serial/pl011.h"

#define TEST_IPI 13
#define PARK_WAIT_MS 10000	/* not a threshold: a core that never answers fails, not hangs */

static int timer_node(void)
{
	return fdt_next_compatible(&boot_fdt, -1, "arm,armv7-timer");
}

/* What the binding of spec's controller says the IRQ number is. */
static int expected_irq(const struct fdt_irq_spec *spec)
{
	if (fdt_node_is_compatible(&boot_fdt, spec->parent, "brcm,bcm2836-l1-intc"))
		return 16 + (int)spec->cells[0];	/* local interrupt n */
	if (spec->ncells == 3 && spec->cells[0] == 1)
		return 16 + (int)spec->cells[1];	/* GIC PPI */
	if (spec->ncells == 3 && spec->cells[0] == 0)
		return 32 + (int)spec->cells[1];	/* GIC SPI */
	return -1;
}

static void irqchip_timer_specifiers(struct ktest *t)
{
	int node = timer_node();
	struct fdt_irq_spec spec;

	KTEST_ASSERT(t, node >= 0);
	for (int i = 0; i < 4; i++) {
		KTEST_ASSERT_EQ(t, fdt_irq_parse(&boot_fdt, node, i, &spec), 0);
		KTEST_EXPECT_EQ(t, of_irq_get(&boot_fdt, node, i), expected_irq(&spec));
	}
	KTEST_EXPECT_EQ(t, of_irq_get(&boot_fdt, node, 4), -ENOENT);
	KTEST_EXPECT_EQ(t, of_irq_get(&boot_fdt, node, -1), -EINVAL);
	/* The root has no interrupts property. */
	KTEST_EXPECT_EQ(t, of_irq_get(&boot_fdt, fdt_root(&boot_fdt), 0), -ENOENT);
}

static volatile int ipi_count;

static irqreturn_t ipi_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	ipi_count++;
	return IRQ_HANDLED;
}

/*
 * BCM2836: an IPI raised while masked is delivered once when unmasked.
 * (GICv2 may make SGIs permanently enabled, and QEMU's does, so this is
 * the BCM2836 driver's promise, not the IRQ layer's.)
 */
static void bcm2836_ipi_masked_kept(struct ktest *t)
{
	unsigned long spurious = irq_err_count;

	if (fdt_next_compatible(&boot_fdt, -1, "brcm,bcm2836-l1-intc") < 0) {
		ktest_skip(t, "no BCM2836 local interrupt controller in the DT");
		return;
	}
	ipi_count = 0;
	KTEST_ASSERT_EQ(t, request_irq(TEST_IPI, ipi_handler, 0, "ktest-ipi", NULL), 0);
	irq_raise_self(TEST_IPI);
	msleep(1);
	KTEST_EXPECT_EQ(t, ipi_count, 1);
	disable_irq(TEST_IPI);
	irq_raise_self(TEST_IPI);
	msleep(1);
	KTEST_EXPECT_EQ(t, ipi_count, 1);
	enable_irq(TEST_IPI);
	msleep(1);
	KTEST_EXPECT_EQ(t, ipi_count, 2);
	free_irq(TEST_IPI, NULL);
	KTEST_EXPECT_EQ(t, irq_err_count, spurious);
	KTEST_EXPECT_EQ(t, irq_raise_self(16), -EINVAL);	/* not software-generated */
}

static volatile int uart_irqs;

/* Mask every UART interrupt again: the console is polled. */
static irqreturn_t uart_tx_handler(int irq, void *base)
{
	(void)irq;
	if (!(readl(base + UART011_MIS) & UART011_TXIS))
		return IRQ_NONE;
	writel(0, base + UART011_IMSC);
	uart_irqs++;
	return IRQ_HANDLED;
}

/*
 * A device interrupt end to end: the console PL011's transmit interrupt
 * (raised while its FIFO has room) through the controllers the DT names
 * for it: a GIC SPI, or the BCM2835 armctrl chained on the BCM2836.
 */
static void irqchip_uart_interrupt(struct ktest *t)
{
	struct fdt_chosen chosen;
	unsigned long spurious = irq_err_count, before;
	void *base;
	int irq;

	KTEST_ASSERT_EQ(t, fdt_read_chosen(&boot_fdt, &chosen), 0);
	irq = of_irq_get(&boot_fdt, chosen.stdout_node, 0);
	ktest_log(t, "console UART interrupt: IRQ %d", irq);
	KTEST_ASSERT(t, irq >= 0);
	base = fdt_ioremap(&boot_fdt, chosen.stdout_node, 0, NULL);
	KTEST_ASSERT(t, base != NULL);
	uart_irqs = 0;
	before = kstat_irqs((unsigned int)irq);
	if (!KTEST_EXPECT_EQ(t, request_irq((unsigned int)irq, uart_tx_handler, 0, "ktest-uart", base),
			     0)) {
		iounmap(base);
		return;
	}
	writel(UART011_TXIM, base + UART011_IMSC);
	for (int i = 0; i < 1000 && !uart_irqs; i++)	/* until the FIFO drains below its mark */
		msleep(1);
	KTEST_EXPECT_EQ(t, uart_irqs, 1);
	KTEST_EXPECT_EQ(t, readl(base + UART011_IMSC), 0);
	KTEST_EXPECT_EQ(t, kstat_irqs((unsigned int)irq), before + 1);
	free_irq((unsigned int)irq, base);
	KTEST_EXPECT_EQ(t, irq_err_count, spurious);
	iounmap(base);
}

static volatile unsigned long ignored_irqs;

/* A handler that never recognises its device: the UART keeps its line asserted. */
static irqreturn_t uart_ignore_handler(int irq, void *base)
{
	(void)irq;
	(void)base;
	ignored_irqs++;
	return IRQ_NONE;
}

/*
 * A level-triggered storm nobody claims (the UART's transmit interrupt,
 * its handler blind to it) is masked after 99900 unhandled IRQs instead
 * of locking the CPU up; enable_irq() does not reopen it, and a fresh
 * handler chain gets the IRQ back.
 */
static void irqchip_nobody_cared(struct ktest *t)
{
	struct fdt_chosen chosen;
	unsigned long err = irq_err_count, seen;
	void *base;
	int irq;

	KTEST_ASSERT_EQ(t, fdt_read_chosen(&boot_fdt, &chosen), 0);
	irq = of_irq_get(&boot_fdt, chosen.stdout_node, 0);
	KTEST_ASSERT(t, irq >= 0);
	base = fdt_ioremap(&boot_fdt, chosen.stdout_node, 0, NULL);
	KTEST_ASSERT(t, base != NULL);
	ignored_irqs = 0;
	KTEST_ASSERT_EQ(t, request_irq((unsigned int)irq, uart_ignore_handler, 0, "ktest-deaf", base),
			0);
	writel(UART011_TXIM, base + UART011_IMSC);	/* asserted while the FIFO has room */
	for (int i = 0; i < 10000 && ignored_irqs < 99900; i++)
		msleep(1);
	seen = ignored_irqs;
	KTEST_EXPECT_EQ(t, seen, 99900);
	enable_irq((unsigned int)irq);	/* refused: it would storm again */
	msleep(10);
	KTEST_EXPECT_EQ(t, ignored_irqs, seen);
	KTEST_EXPECT_EQ(t, irq_err_count - err, 99900);
	writel(0, base + UART011_IMSC);
	free_irq((unsigned int)irq, base);

	uart_irqs = 0;	/* a new chain: delivered again */
	KTEST_ASSERT_EQ(t, request_irq((unsigned int)irq, uart_tx_handler, 0, "ktest-uart", base), 0);
	writel(UART011_TXIM, base + UART011_IMSC);
	for (int i = 0; i < 1000 && !uart_irqs; i++)
		msleep(1);
	KTEST_EXPECT_EQ(t, uart_irqs, 1);
	free_irq((unsigned int)irq, base);
	iounmap(base);
}

static volatile int summary_irqs;

static irqreturn_t summary_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	summary_irqs++;
	return IRQ_HANDLED;
}

/*
 * The armctrl's basic pending register carries, above its eight ARM
 * sources, summaries of banks 1 and 2 (bit 9: bank 2 has something
 * pending).  IRQ 41 (bank 0, bit 9) is no source: opening it must not
 * make the UART's bank-2 interrupt arrive twice.
 */
static void armctrl_summary_bits_closed(struct ktest *t)
{
	struct fdt_chosen chosen;
	void *base;
	int irq;

	if (fdt_next_compatible(&boot_fdt, -1, "brcm,bcm2836-armctrl-ic") < 0) {
		ktest_skip(t, "no BCM2835 armctrl in the DT");
		return;
	}
	KTEST_ASSERT_EQ(t, fdt_read_chosen(&boot_fdt, &chosen), 0);
	irq = of_irq_get(&boot_fdt, chosen.stdout_node, 0);
	KTEST_ASSERT_EQ(t, irq, 32 + 32 * 2 + 25);	/* the PL011: bank 2, source 25 */
	base = fdt_ioremap(&boot_fdt, chosen.stdout_node, 0, NULL);
	KTEST_ASSERT(t, base != NULL);
	summary_irqs = 0;
	uart_irqs = 0;
	KTEST_ASSERT_EQ(t, request_irq(32 + 9, summary_handler, 0, "ktest-summary", NULL), 0);
	KTEST_EXPECT_EQ(t, request_irq((unsigned int)irq, uart_tx_handler, 0, "ktest-uart", base), 0);
	writel(UART011_TXIM, base + UART011_IMSC);
	for (int i = 0; i < 1000 && !uart_irqs; i++)
		msleep(1);
	KTEST_EXPECT_EQ(t, uart_irqs, 1);
	KTEST_EXPECT_EQ(t, summary_irqs, 0);
	free_irq((unsigned int)irq, base);
	free_irq(32 + 9, NULL);
	iounmap(base);
}

static void *bcm2836_map(struct ktest *t, int *node)
{
	void *base;

	*node = fdt_next_compatible(&boot_fdt, -1, "brcm,bcm2836-l1-intc");
	if (*node < 0) {
		ktest_skip(t, "no BCM2836 local interrupt controller in the DT");
		return NULL;
	}
	base = fdt_ioremap(&boot_fdt, *node, 0, NULL);
	KTEST_EXPECT(t, base != NULL);	/* found but not mappable: a failure, not a skip */
	return base;
}

static void bcm2836_boot_core_routing(struct ktest *t)
{
	unsigned int cpu = read_mpidr() & 0xff;
	struct fdt_irq_spec spec;
	int node, timer = timer_node();
	void *base = bcm2836_map(t, &node);
	u32 timers;

	if (!base)
		return;
	if (!KTEST_EXPECT_EQ(t, fdt_irq_parse(&boot_fdt, timer, 2, &spec), 0)) {
		iounmap(base);
		return;
	}
	KTEST_EXPECT_EQ(t, spec.parent, node);
	timers = readl(base + LOCAL_TIMER_INT_CONTROL0 + 4 * cpu);
	/* The tick's timer (the virtual one) and nothing else raise IRQs; no FIQs. */
	KTEST_EXPECT_EQ(t, timers, 1u << spec.cells[0]);
	KTEST_EXPECT_EQ(t, readl(base + LOCAL_MAILBOX_INT_CONTROL0 + 4 * cpu) & 0xff, 1u);
	KTEST_EXPECT_EQ(t, readl(base + LOCAL_GPU_ROUTING) & 3, cpu);
	iounmap(base);
}

/* Each secondary in /cpus takes the park address from its mailbox 3 (and clears it). */
static void bcm2836_secondaries_parked(struct ktest *t)
{
	unsigned int boot = read_mpidr() & 0xff, waited = 0, cores = 0;
	int node, cpus = fdt_path_offset(&boot_fdt, "/cpus");
	const char *method = fdt_getprop_str(&boot_fdt, cpus, "enable-method");
	void *base;

	if (!method || strcmp(method, "brcm,bcm2836-smp")) {
		ktest_skip(t, "cores not held on mailboxes (no brcm,bcm2836-smp enable-method)");
		return;
	}
	base = bcm2836_map(t, &node);
	if (!base)
		return;
	for (int n = fdt_first_child(&boot_fdt, cpus); n >= 0; n = fdt_next_sibling(&boot_fdt, n)) {
		u32 mpidr, core;

		if (fdt_getprop_u32(&boot_fdt, n, "reg", &mpidr) < 0)
			continue;
		core = mpidr & 0xff;
		if (core == boot || core >= BCM2836_NR_CORES)
			continue;
		cores++;
		while (readl(base + LOCAL_MAILBOX_CLR(core, BCM2836_SMP_MAILBOX)) &&
		       waited < PARK_WAIT_MS) {
			msleep(1);
			waited++;
		}
		KTEST_EXPECT_EQ(t, readl(base + LOCAL_MAILBOX_CLR(core, BCM2836_SMP_MAILBOX)), 0);
	}
	ktest_log(t, "%u secondary cores out of their mailbox loop", cores);
	KTEST_EXPECT(t, cores > 0);
	iounmap(base);
}

KTEST_SUITE(irqchip, KTEST_CASE(irqchip_timer_specifiers), KTEST_CASE(irqchip_uart_interrupt),
	    KTEST_CASE(irqchip_nobody_cared), KTEST_CASE(armctrl_summary_bits_closed),
	    KTEST_CASE(bcm2836_ipi_masked_kept),
	    KTEST_CASE(bcm2836_boot_core_routing), KTEST_CASE(bcm2836_secondaries_parked));
