/* SPDX-License-Identifier: MIT */
/*
 * Exception handlers: decode and report aborts and undefined
 * instructions, hand expected faults back to their catcher, and panic on
 * the rest.  Also the register dump and the frame-pointer backtrace.
 *
 * Backtraces follow the APCS frame that -mapcs-frame makes every
 * function build: fp points at the saved pc, with lr, sp and the
 * caller's fp below it.
 */
#include <stdio.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/pgtable-hwdef.h>
#include <asm/semihost.h>
#include <asm/traps.h>
#include <meridian/irq.h>
#include <meridian/kallsyms.h>
#include <meridian/kernel.h>
#include <meridian/vmalloc.h>

#define BACKTRACE_MAX_FRAMES 32

static struct fault_catch *armed_catch;
static int die_counter;

void fault_catch_arm(struct fault_catch *fc)
{
	fc->kind = FAULT_NONE;
	fc->fsr = fc->far = fc->pc = 0;
	armed_catch = fc;
}

void fault_catch_disarm(struct fault_catch *fc)
{
	if (armed_catch == fc)
		armed_catch = NULL;
}

/* If a catch is armed for this kernel-mode fault, record it and resume the catcher. */
static bool fault_catch_resume(struct pt_regs *regs, enum fault_kind kind, u32 fsr, u32 far)
{
	struct fault_catch *fc = armed_catch;

	if (!fc || processor_mode(regs) != SVC_MODE)
		return false;
	armed_catch = NULL;
	fc->kind = kind;
	fc->fsr = fsr;
	fc->far = far;
	fc->pc = regs->ARM_pc;
	for (int i = 0; i < 8; i++)
		regs->uregs[4 + i] = fc->ctx[i];
	regs->ARM_sp = fc->ctx[8];
	regs->ARM_lr = fc->ctx[9];
	regs->ARM_pc = fc->ctx[9];
	regs->ARM_r0 = 1;
	regs->ARM_cpsr &= ~PSR_T_BIT;	/* fault_catch_enter returns in ARM state */
	return true;
}

const char *fsr_class_name(u32 fsr)
{
	u32 fs = fsr & FSR_STATUS_MASK;

	switch (fs & ~3u) {
	case FSR_FS_TRANSLATION:
		return "translation fault";
	case FSR_FS_ACCESS:
		return "access flag fault";
	case FSR_FS_PERMISSION:
		return "permission fault";
	case FSR_FS_SYNC_EXT & ~3u:
		return fs == FSR_FS_SYNC_EXT ? "synchronous external abort"
		       : fs == FSR_FS_ASYNC_EXT ? "asynchronous external abort"
					      : "external abort on table walk";
	case FSR_FS_SYNC_PARITY & ~3u:
		return "parity error";
	default:
		break;
	}
	switch (fs) {
	case FSR_FS_ALIGNMENT:
		return "alignment fault";
	case FSR_FS_DEBUG:
		return "debug event";
	case FSR_FS_TLB_CONFLICT:
		return "TLB conflict abort";
	case FSR_FS_DOMAIN:
		return "domain fault";
	default:
		return "unknown fault";
	}
}

int fsr_level(u32 fsr)
{
	u32 fs = fsr & FSR_STATUS_MASK;

	if (fs >= FSR_FS_TRANSLATION && fs < FSR_FS_SYNC_EXT)
		return fs & 3;
	return -1;
}

bool fsr_is_permission(u32 fsr)
{
	return ((fsr & FSR_STATUS_MASK) & ~3u) == FSR_FS_PERMISSION;
}

bool fsr_is_translation(u32 fsr)
{
	return ((fsr & FSR_STATUS_MASK) & ~3u) == FSR_FS_TRANSLATION;
}

int fault_describe(char *buf, size_t size, enum fault_kind kind, u32 fsr, u32 far)
{
	const char *access = kind == FAULT_PREFETCH_ABORT ? "execute"
			     : (fsr & FSR_WNR)		? "write"
							: "read";
	int level = fsr_level(fsr);

	if (kind == FAULT_UNDEF)
		return snprintf(buf, size, "undefined instruction at 0x%08lx", (unsigned long)far);
	if (level >= 0)
		return snprintf(buf, size, "%s (level %d), %s at 0x%08lx", fsr_class_name(fsr),
				level, access, (unsigned long)far);
	return snprintf(buf, size, "%s, %s at 0x%08lx", fsr_class_name(fsr), access,
			(unsigned long)far);
}

void show_regs(const struct pt_regs *regs)
{
	const u32 *r = regs->uregs;
	char sym[KSYM_NAME_LEN + 32];

	sprint_symbol(sym, sizeof(sym), r[15]);
	pr_emerg("PC is at %s\n", sym);
	sprint_backtrace(sym, sizeof(sym), r[14]);
	pr_emerg("LR is at %s\n", sym);
	pr_emerg("pc : [<%08lx>]    lr : [<%08lx>]    psr: %08lx\n", (unsigned long)r[15],
		 (unsigned long)r[14], (unsigned long)r[16]);
	pr_emerg("sp : %08lx  ip : %08lx  fp : %08lx\n", (unsigned long)r[13],
		 (unsigned long)r[12], (unsigned long)r[11]);
	pr_emerg("r10: %08lx  r9 : %08lx  r8 : %08lx\n", (unsigned long)r[10],
		 (unsigned long)r[9], (unsigned long)r[8]);
	pr_emerg("r7 : %08lx  r6 : %08lx  r5 : %08lx  r4 : %08lx\n", (unsigned long)r[7],
		 (unsigned long)r[6], (unsigned long)r[5], (unsigned long)r[4]);
	pr_emerg("r3 : %08lx  r2 : %08lx  r1 : %08lx  r0 : %08lx\n", (unsigned long)r[3],
		 (unsigned long)r[2], (unsigned long)r[1], (unsigned long)r[0]);
}

/* Is fp a plausible APCS frame pointer on the current kernel stack? */
static bool frame_ok(u32 fp, u32 prev_fp)
{
	vaddr_t lo, hi;

	current_stack_bounds(&lo, &hi);
	return (fp & 3) == 0 && fp >= lo + 12 && fp < hi && (prev_fp == 0 || fp > prev_fp);
}

void dump_backtrace(u32 pc, u32 fp)
{
	char from[KSYM_NAME_LEN + 32], to[KSYM_NAME_LEN + 32];
	u32 prev = 0;

	pr_emerg("Backtrace:\n");
	for (int i = 0; i < BACKTRACE_MAX_FRAMES && frame_ok(fp, prev); i++) {
		const u32 *frame = (const u32 *)fp;
		u32 lr = frame[-1];

		if (i == 0)
			sprint_symbol(from, sizeof(from), pc);	/* the exact pc */
		else
			sprint_backtrace(from, sizeof(from), pc);	/* a return address */
		sprint_backtrace(to, sizeof(to), lr);
		pr_emerg("[<%08lx>] (%s) from [<%08lx>] (%s)\n", (unsigned long)pc, from,
			 (unsigned long)lr, to);
		prev = fp;
		pc = lr;
		fp = frame[-3];
	}
}

void dump_stack(void)
{
	u32 fp;

	__asm__ volatile("mov %0, fp" : "=r"(fp));
	/* Start from our caller's frame: this function's own is not interesting. */
	vaddr_t lo, hi;

	if (frame_ok(fp, 0)) {
		dump_backtrace(((const u32 *)fp)[-1], ((const u32 *)fp)[-3]);
		return;
	}
	current_stack_bounds(&lo, &hi);
	pr_emerg("Backtrace: frame pointer %08lx is outside the stack [%08lx-%08lx]\n",
		 (unsigned long)fp, (unsigned long)lo, (unsigned long)hi);
}

static void __noreturn die(const char *what, struct pt_regs *regs, u32 fsr)
{
	oops_in_progress = true;
	if (!console_available())
		semihost_console_register();
	pr_emerg("Internal error: Oops - %s: %lx [#%d] ARM\n", what, (unsigned long)fsr,
		 ++die_counter);
	show_regs(regs);
	dump_backtrace(regs->ARM_pc, regs->ARM_fp);
	panic("Fatal exception");
}

static void __noreturn kernel_fault(const char *what, struct pt_regs *regs,
				    enum fault_kind kind, u32 fsr, u32 far)
{
	char desc[128];

	if (!console_available())
		semihost_console_register();
	fault_describe(desc, sizeof(desc), kind, fsr, far);
	pr_emerg("8<--- cut here ---\n");
	pr_emerg("Unable to handle kernel %s at virtual address %08lx\n",
		 fsr_is_translation(fsr) && far < 4096 ? "NULL pointer dereference"
						       : "paging request",
		 (unsigned long)far);
	pr_emerg("%s: %s, FSR 0x%08lx\n", what, desc, (unsigned long)fsr);
	if (is_vmalloc_addr((const void *)(vaddr_t)far)) {
		char area[200];

		vmalloc_describe_fault(far, area, sizeof(area));
		pr_emerg("%s\n", area);
	}
	show_pte(far);
	die(what, regs, fsr);
}

void do_data_abort(struct pt_regs *regs)
{
	u32 fsr = read_dfsr();
	u32 far = read_dfar();

	if (fault_catch_resume(regs, FAULT_DATA_ABORT, fsr, far))
		return;
	kernel_fault("data abort", regs, FAULT_DATA_ABORT, fsr, far);
}

void do_prefetch_abort(struct pt_regs *regs)
{
	u32 fsr = read_ifsr();
	u32 far = read_ifar();

	if (fault_catch_resume(regs, FAULT_PREFETCH_ABORT, fsr, far))
		return;
	kernel_fault("prefetch abort", regs, FAULT_PREFETCH_ABORT, fsr, far);
}

void do_undefinstr(struct pt_regs *regs)
{
	if (regs->ARM_cpsr & PSR_T_BIT)
		regs->ARM_pc += 2;	/* entry assumed ARM state (lr - 4) */
	if (fault_catch_resume(regs, FAULT_UNDEF, 0, regs->ARM_pc))
		return;
	if (!console_available())
		semihost_console_register();
	pr_emerg("undefined instruction at 0x%08lx\n", (unsigned long)regs->ARM_pc);
	die("undefined instruction", regs, 0);
}

void do_svc(struct pt_regs *regs)
{
	u32 insn = *(const u32 *)(regs->ARM_pc - 4);

	if (!(regs->ARM_cpsr & PSR_T_BIT) && semihost_svc_unanswered(insn))
		return;
	die("unexpected SVC", regs, insn);
}

void do_irq(struct pt_regs *regs)
{
	handle_arch_irq(regs);
}

void do_fiq(struct pt_regs *regs)
{
	die("unexpected FIQ", regs, 0);
}
