/* SPDX-License-Identifier: MIT */
/*
 * BCM2835 ARM interrupt controller ("armctrl"), 0x7e00b200 on the
 * VideoCore bus (0x3f00b200 for the ARM on a BCM2836).  BCM2835 ARM
 * Peripherals, section 7.5.  Three banks: 0 = the basic ARM interrupts
 * (bits 0-7), 1 and 2 = GPU interrupts 0-31 and 32-63.
 */
#ifndef DRIVERS_IRQCHIP_IRQ_BCM2835_H
#define DRIVERS_IRQCHIP_IRQ_BCM2835_H

#define ARMCTRL_NR_BANKS 3

#define ARMCTRL_PENDING_BASIC 0x00
#define ARMCTRL_PENDING_1 0x04
#define ARMCTRL_PENDING_2 0x08
#define ARMCTRL_ENABLE_1 0x10
#define ARMCTRL_ENABLE_2 0x14
#define ARMCTRL_ENABLE_BASIC 0x18
#define ARMCTRL_DISABLE_1 0x1c
#define ARMCTRL_DISABLE_2 0x20
#define ARMCTRL_DISABLE_BASIC 0x24

#define ARMCTRL_BANK0_MASK 0xffu	/* the ARM's own sources; higher bits are summaries */

#endif /* DRIVERS_IRQCHIP_IRQ_BCM2835_H */
