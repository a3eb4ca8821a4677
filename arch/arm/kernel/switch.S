/* SPDX-License-Identifier: MIT */
/*
 * Context switch between kernel threads.  Only what the AAPCS makes the
 * callee preserve is saved (r4-r11, sp) plus the resume address; the
 * caller-saved registers are dead across the call into schedule().
 * Everything else that is per thread (the interrupted pt_regs) already
 * lives on the thread's own stack.
 */
	.arm
	.text

@ struct task *__switch_to(struct task *prev, struct task *next)
@ Returns prev, in next's context.  cpu_context is the first member of
@ struct task: r4-r11, sp, pc.
	.globl __switch_to
__switch_to:
	stmia	r0, {r4-r11, sp, lr}
	ldmia	r1, {r4-r11, sp, pc}

@ A new thread's first instructions: r4 = its struct task.
	.globl ret_from_fork
ret_from_fork:
	mov	r0, r4
	bl	schedule_tail
	mov	r0, r4
	mov	fp, #0			@ the backtrace ends here
	bl	kthread_entry
1:	b	1b
