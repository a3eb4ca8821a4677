/* SPDX-License-Identifier: MIT */
/*
 * BCM2836 ARM-local peripherals ("QA7"): the per-core interrupt routing,
 * the IRQ source registers and the 16 mailboxes, at 0x40000000 on the
 * Raspberry Pi 2 (the base comes from the DT).  Offsets and bits from
 * Broadcom's "BCM2836 ARM-local peripherals" (QA7_rev3.4), section 4.
 */
#ifndef DRIVERS_IRQCHIP_IRQ_BCM2836_H
#define DRIVERS_IRQCHIP_IRQ_BCM2836_H

#define BCM2836_NR_CORES 4

#define LOCAL_GPU_ROUTING 0x00c		/* [1:0] core taking the GPU IRQ, [3:2] its FIQ */
#define LOCAL_PM_ROUTING_SET 0x010	/* PMU: bit n = IRQ to core n, bit 4 + n = FIQ */
#define LOCAL_PM_ROUTING_CLR 0x014
#define LOCAL_TIMER_INT_CONTROL0 0x040	/* + 4 * core: bit n = IRQ from timer n (CNTPS..CNTV) */
#define LOCAL_MAILBOX_INT_CONTROL0 0x050	/* + 4 * core: bit m = IRQ from mailbox m */
#define LOCAL_IRQ_PENDING0 0x060	/* + 4 * core: the sources below, read-only */
#define LOCAL_MAILBOX0_SET0 0x080	/* + 16 * core + 4 * m: write 1s to set bits */
#define LOCAL_MAILBOX0_CLR0 0x0c0	/* + 16 * core + 4 * m: read; write 1s to clear */

#define LOCAL_MAILBOX_SET(core, m) (LOCAL_MAILBOX0_SET0 + 16 * (core) + 4 * (m))
#define LOCAL_MAILBOX_CLR(core, m) (LOCAL_MAILBOX0_CLR0 + 16 * (core) + 4 * (m))

/*
 * Local interrupt numbers: the bits of LOCAL_IRQ_PENDINGn and the first
 * cell of the DT binding ("brcm,bcm2836-l1-intc"), as Linux names them.
 */
#define LOCAL_IRQ_CNTPSIRQ 0
#define LOCAL_IRQ_CNTPNSIRQ 1
#define LOCAL_IRQ_CNTHPIRQ 2
#define LOCAL_IRQ_CNTVIRQ 3
#define LOCAL_IRQ_MAILBOX0 4
#define LOCAL_IRQ_MAILBOX3 7
#define LOCAL_IRQ_GPU_FAST 8
#define LOCAL_IRQ_PMU_FAST 9
#define LOCAL_IRQ_COUNT 10

/* The mailbox the firmware (and QEMU) parks secondary cores on: write an entry address. */
#define BCM2836_SMP_MAILBOX 3

#endif /* DRIVERS_IRQCHIP_IRQ_BCM2836_H */
