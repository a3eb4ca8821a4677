/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for the Raspberry Pi firmware's armstub7, so that QEMU
 * raspi2b enters Meridian the way a real Pi 2 does (`./meridian run
 * --machine raspi2b --hyp`).  QEMU's own -kernel boot enters in SVC and
 * holds the secondaries in its own loop; a board's firmware instead:
 *
 *   every core, at 0 in Secure SVC with the MMU off:
 *     ACTLR.SMP on, NSACR opened to Non-secure, MVBAR set, SMC;
 *     the monitor sets SCR (NS, HVC allowed) and returns in Non-secure HYP;
 *   core 0: r0 = 0, r1 = 0xc42 (the BCM2709 machine id), r2 = the DTB,
 *     jump to the kernel at 0x8000;
 *   cores 1-3: WFE until their mailbox 3 (0x400000cc + 16 * core) holds an
 *     address, clear it, jump there (Linux's "brcm,bcm2836-smp").
 *
 * Built with -DALL_CORES_ENTER, cores 1-3 jump to the kernel as well:
 * a loader that starts every core, which the kernel's entry must survive.
 *
 * The addresses below are the ones the meridian script loads the kernel
 * and the DTB at (QEMU -device loader).  CNTFRQ is left alone: QEMU sets
 * it to its counter's 62.5 MHz (the firmware writes 19.2 MHz on a board).
 */
#define KERNEL_ADDR 0x00008000
#define DTB_ADDR 0x01000000
#define MACH_BCM2709 0xc42
#define MAILBOX3_CLR0 0x400000cc	/* + 16 * core: read, write 1s to clear */

#define SCR_NS (1 << 0)
#define SCR_FW (1 << 4)
#define SCR_AW (1 << 5)
#define SCR_HCE (1 << 8)
#define NSACR_NS_ALL 0x63ff		/* CP10, CP11, NS_SMP and the rest Non-secure */
#define ACTLR_SMP (1 << 6)
#define PSR_HYP_MASKED 0x1da		/* HYP mode, A, I and F masked */

	.arm
	.syntax unified
	.text
	.globl	_start
_start:
	mrc	p15, 0, r0, c1, c0, 1
	orr	r0, r0, #ACTLR_SMP
	mcr	p15, 0, r0, c1, c0, 1	@ ACTLR: take part in coherency
	ldr	r0, =NSACR_NS_ALL
	mcr	p15, 0, r0, c1, c1, 2	@ NSACR
	adr	r0, monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1	@ MVBAR
	isb
	smc	#0			@ comes back in Non-secure HYP
	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR
	ands	r0, r0, #3
	beq	boot_core
#ifndef ALL_CORES_ENTER
	ldr	r5, =MAILBOX3_CLR0
	add	r5, r5, r0, lsl #4
1:	wfe
	ldr	r3, [r5]
	cmp	r3, #0
	beq	1b
	str	r3, [r5]		@ clear the mailbox: the address is taken
	bx	r3
#endif
boot_core:
	mov	r0, #0
	ldr	r1, =MACH_BCM2709
	ldr	r2, =DTB_ADDR
	ldr	r3, =KERNEL_ADDR
	bx	r3
	.ltorg

	.align	5
monitor_vectors:
	b	.			@ reset
	b	.			@ undefined
	b	monitor_smc		@ SMC
	b	.			@ prefetch abort
	b	.			@ data abort
	b	.
	b	.			@ IRQ
	b	.			@ FIQ

	@ Non-secure from now on, HVC allowed; return to HYP after the SMC.
monitor_smc:
	ldr	r0, =(SCR_NS | SCR_FW | SCR_AW | SCR_HCE)
	mcr	p15, 0, r0, c1, c1, 0	@ SCR
	isb
	ldr	r0, =PSR_HYP_MASKED
	msr	spsr_cxsf, r0
	movs	pc, lr
	.ltorg
