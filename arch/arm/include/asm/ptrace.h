/* SPDX-License-Identifier: MIT */
/* Processor modes, PSR bits and the exception register frame (pt_regs). */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define USR_MODE 0x10
#define FIQ_MODE 0x11
#define IRQ_MODE 0x12
#define SVC_MODE 0x13
#define MON_MODE 0x16
#define ABT_MODE 0x17
#define HYP_MODE 0x1a
#define UND_MODE 0x1b
#define SYS_MODE 0x1f
#define MODE_MASK 0x1f

#define PSR_T_BIT 0x20
#define PSR_F_BIT 0x40
#define PSR_I_BIT 0x80
#define PSR_A_BIT 0x100

/* Offsets into struct pt_regs, for assembly. */
#define S_R0 0
#define S_FP (11 * 4)
#define S_SP (13 * 4)
#define S_LR (14 * 4)
#define S_PC (15 * 4)
#define S_PSR (16 * 4)
#define S_FRAME_SIZE (17 * 4)

#ifndef __ASSEMBLER__
#include <meridian/types.h>

/*
 * The interrupted context, as the exception entry code saves it on the
 * SVC stack: r0-r12, the interrupted sp and lr, then the return pc and
 * cpsr (stored by SRS, so the same frame is consumed by RFE).
 */
struct pt_regs {
	u32 uregs[17];
};

#define ARM_pc uregs[15]
#define ARM_lr uregs[14]
#define ARM_sp uregs[13]
#define ARM_fp uregs[11]
#define ARM_cpsr uregs[16]
#define ARM_r0 uregs[0]

_Static_assert(sizeof(struct pt_regs) == S_FRAME_SIZE, "pt_regs layout matches entry code");

static inline int processor_mode(const struct pt_regs *regs)
{
	return regs->ARM_cpsr & MODE_MASK;
}
#endif

#endif /* ASM_PTRACE_H */
