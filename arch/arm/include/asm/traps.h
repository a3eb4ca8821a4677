/* SPDX-License-Identifier: MIT */
/*
 * Fault reporting and catching.
 *
 * A test that expects a fault brackets the access with FAULT_CATCH():
 *
 *	struct fault_catch fc;
 *	if (FAULT_CATCH(&fc)) {
 *		*(volatile u32 *)ro_addr = 1;	// must fault
 *		fault_catch_disarm(&fc);
 *		... the fault did not happen ...
 *	} else {
 *		... fc.kind, fc.fsr and fc.far describe the caught fault ...
 *	}
 *
 * The abort handler, finding a catch armed, records the fault, disarms
 * the catch and resumes the context saved by FAULT_CATCH(), which then
 * yields false (setjmp semantics: locals changed inside the bracket must
 * be volatile).  Only kernel-mode faults of the arming thread are caught.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>
#include <meridian/types.h>

enum fault_kind {
	FAULT_NONE,
	FAULT_DATA_ABORT,
	FAULT_PREFETCH_ABORT,
	FAULT_UNDEF,
};

struct fault_catch {
	u32 ctx[10];		/* r4-r11, sp, lr: fault_catch_enter() layout */
	enum fault_kind kind;
	u32 fsr;		/* DFSR or IFSR */
	u32 far;		/* DFAR or IFAR (the pc for undefined instructions) */
	u32 pc;			/* the faulting instruction */
};

int fault_catch_enter(struct fault_catch *fc) __attribute__((returns_twice));
void fault_catch_arm(struct fault_catch *fc);
void fault_catch_disarm(struct fault_catch *fc);

#define FAULT_CATCH(fc) (fault_catch_arm(fc), fault_catch_enter(fc) == 0)

/* LPAE fault status decoding (DFSR/IFSR STATUS field). */
const char *fsr_class_name(u32 fsr);
int fsr_level(u32 fsr);		/* lookup level 0-3, or -1 when not a translation-table fault */
bool fsr_is_permission(u32 fsr);
bool fsr_is_translation(u32 fsr);

/* "permission fault (level 3), write at 0xc0008000" */
int fault_describe(char *buf, size_t size, enum fault_kind kind, u32 fsr, u32 far);

void show_regs(const struct pt_regs *regs);
void dump_backtrace(u32 pc, u32 fp);

#endif /* ASM_TRAPS_H */
