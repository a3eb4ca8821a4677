/* SPDX-License-Identifier: MIT */
/* GICv2 registers: ARM Generic Interrupt Controller Architecture Specification v2 (IHI 0048B), 4.1. */
#ifndef DRIVERS_IRQCHIP_GIC_V2_H
#define DRIVERS_IRQCHIP_GIC_V2_H

/* Distributor */
#define GIC_DIST_CTRL 0x000
#define GIC_DIST_CTR 0x004		/* GICD_TYPER */
#define GIC_DIST_ENABLE_SET 0x100
#define GIC_DIST_ENABLE_CLEAR 0x180
#define GIC_DIST_PENDING_CLEAR 0x280
#define GIC_DIST_ACTIVE_CLEAR 0x380
#define GIC_DIST_PRI 0x400
#define GIC_DIST_TARGET 0x800
#define GIC_DIST_CONFIG 0xc00
#define GIC_DIST_SOFTINT 0xf00		/* GICD_SGIR */
#define GIC_SGI_TARGET_SELF (2u << 24)	/* TargetListFilter: this CPU only */

/* CPU interface */
#define GIC_CPU_CTRL 0x00
#define GIC_CPU_PRIMASK 0x04
#define GIC_CPU_BINPOINT 0x08
#define GIC_CPU_INTACK 0x0c
#define GIC_CPU_EOI 0x10

#define GICD_ENABLE 0x1
#define GICC_ENABLE 0x1
#define GICC_IAR_INT_ID_MASK 0x3ff
#define GIC_SPURIOUS_IRQ 1023
#define GIC_DEFAULT_PRI 0xa0
#define GIC_PMR_ALL 0xf0

/* Interrupt specifier types (the first of the binding's three cells) */
#define GIC_SPI 0
#define GIC_PPI 1

#endif /* DRIVERS_IRQCHIP_GIC_V2_H */
