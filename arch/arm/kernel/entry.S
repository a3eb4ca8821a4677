/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors and entry/exit.
 *
 * The vector page is mapped at 0xffff0000 (SCTLR.V = 1).  Every entry
 * stores the return address and SPSR on the SVC stack with SRS, switches
 * to SVC mode and completes a struct pt_regs there; the C handler gets a
 * pointer to it.  Exit restores the frame and returns with RFE.  No
 * exception mode ever uses its own stack.
 *
 * The exit path resumes at pt_regs.ARM_sp, so a handler may redirect
 * the interrupted context to an outer frame (used to catch expected
 * faults in tests): it rewrites the frame's pc, sp and callee-saved
 * registers and the exit follows.
 */
#include <asm/ptrace.h>

	.arm

/* Complete a pt_regs below the SRS-stored pc/cpsr and call handler(regs). */
.macro exception_entry handler
	srsdb	sp!, #SVC_MODE
	cps	#SVC_MODE
	sub	sp, sp, #(S_FRAME_SIZE - 8)
	stmia	sp, {r0-r12}
	add	r0, sp, #S_FRAME_SIZE
	str	r0, [sp, #S_SP]		@ the interrupted SVC sp
	str	lr, [sp, #S_LR]		@ the interrupted SVC lr
	mov	r0, sp
	mov	r4, sp
	bic	sp, sp, #7		@ AAPCS: 8-byte aligned at the call
	bl	\handler
	mov	sp, r4
	b	ret_from_exception
.endm

	.section .vectors, "ax"
	.globl vector_table
vector_table:
	b	.			@ reset: never taken through this page
	ldr	pc, .Lvec_und
	ldr	pc, .Lvec_svc
	ldr	pc, .Lvec_pabt
	ldr	pc, .Lvec_dabt
	b	.			@ reserved
	ldr	pc, .Lvec_irq
	ldr	pc, .Lvec_fiq
.Lvec_und:	.word	vector_und
.Lvec_svc:	.word	vector_svc
.Lvec_pabt:	.word	vector_pabt
.Lvec_dabt:	.word	vector_dabt
.Lvec_irq:	.word	vector_irq
.Lvec_fiq:	.word	vector_fiq

	.text
vector_und:
	sub	lr, lr, #4		@ ARM state; C corrects for Thumb
	exception_entry do_undefinstr

vector_svc:				@ lr already points after the SVC
	exception_entry do_svc

vector_pabt:
	sub	lr, lr, #4
	exception_entry do_prefetch_abort

vector_dabt:
	sub	lr, lr, #8
	exception_entry do_data_abort

vector_irq:
	sub	lr, lr, #4
	exception_entry do_irq

vector_fiq:
	sub	lr, lr, #4
	exception_entry do_fiq

/*
 * Return to the context in the pt_regs at sp.  pc and cpsr are copied
 * just below the resume sp, where SRS put them for an unmodified frame,
 * and RFE pops them from there.
 *
 * The local exclusive monitor is cleared first (DDI 0406C A3.4.5): the
 * context we return to may sit between an LDREX and its STREX, and since
 * it was interrupted another thread may have left the monitor exclusive
 * on the same word, so that STREX must fail and retry.  A STREX to a
 * dead word below the frame clears it, as Linux does rather than CLREX
 * (Cortex-A15 erratum 830321).
 */
ret_from_exception:
	sub	r0, sp, #4
	strex	r1, r2, [r0]
	ldr	r0, [sp, #S_SP]
	ldr	r1, [sp, #S_PC]
	ldr	r2, [sp, #S_PSR]
	stmdb	r0!, {r1, r2}
	str	r0, [sp, #S_SP]
	ldr	lr, [sp, #S_LR]
	ldmia	sp, {r0-r12}
	ldr	sp, [sp, #S_SP]
	rfeia	sp!

/*
 * int fault_catch_enter(struct fault_catch *fc)
 * Saves the callee-saved registers, sp and lr in fc->ctx and returns 0.
 * When an expected fault is caught, the abort handler resumes here with
 * 1 (see fault_catch_resume() in traps.c).
 */
	.globl fault_catch_enter
fault_catch_enter:
	stmia	r0, {r4-r11, sp, lr}
	mov	r0, #0
	bx	lr
