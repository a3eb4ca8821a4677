/* SPDX-License-Identifier: MIT */
/*
 * Faults that must happen, caught and reported: writes to read-only
 * text and rodata, execution of data, NULL and the direct-map hole.
 * Each case checks the decoded fault (class, level, access, address),
 * not just that something trapped.
 */
#include <string.h>

#include <asm/mmu.h>
#include <asm/traps.h>
#include <meridian/ktest.h>
#include <meridian/printk.h>

static const u32 rodata_word = 0x600dc0de;
/* "bx lr" in a writable, execute-never buffer. */
static u32 data_code[2] = { 0xe12fff1e, 0xe12fff1e };

static void report(struct ktest *t, const struct fault_catch *fc)
{
	char desc[128];

	fault_describe(desc, sizeof(desc), fc->kind, fc->fsr, fc->far);
	ktest_log(t, "caught expected fault: %s (pc 0x%08lx)", desc, (unsigned long)fc->pc);
}

/* Writes to addr inside a catch; returns the fault (kind FAULT_NONE if it did not fault). */
static void try_write(struct fault_catch *fc, vaddr_t addr)
{
	if (FAULT_CATCH(fc)) {
		*(volatile u32 *)addr = 0xdeadbeef;
		fault_catch_disarm(fc);
	}
}

static void try_exec(struct fault_catch *fc, vaddr_t addr)
{
	void (*volatile fn)(void) = (void (*)(void))addr;

	if (FAULT_CATCH(fc)) {
		fn();
		fault_catch_disarm(fc);
	}
}

static void try_read(struct fault_catch *fc, vaddr_t addr)
{
	if (FAULT_CATCH(fc)) {
		(void)*(volatile u32 *)addr;
		fault_catch_disarm(fc);
	}
}

static void fault_write_text(struct ktest *t)
{
	vaddr_t addr = (vaddr_t)&fault_describe;	/* any kernel text */
	u32 before = *(const volatile u32 *)addr;
	struct fault_catch fc;

	try_write(&fc, addr);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	KTEST_EXPECT_EQ(t, fsr_level(fc.fsr), 3);
	KTEST_EXPECT(t, fc.fsr & FSR_WNR);
	KTEST_EXPECT_EQ(t, fc.far, addr);
	KTEST_EXPECT_EQ(t, *(const volatile u32 *)addr, before);
	report(t, &fc);
}

static void fault_write_rodata(struct ktest *t)
{
	struct fault_catch fc;

	try_write(&fc, (vaddr_t)&rodata_word);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)&rodata_word);
	KTEST_EXPECT_EQ(t, rodata_word, 0x600dc0de);
	report(t, &fc);
}

static void fault_exec_data(struct ktest *t)
{
	struct fault_catch fc;

	try_exec(&fc, (vaddr_t)data_code);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_PREFETCH_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	KTEST_EXPECT_EQ(t, fsr_level(fc.fsr), 3);
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)data_code);
	KTEST_EXPECT_EQ(t, fc.pc, (vaddr_t)data_code);
	report(t, &fc);
}

static void fault_exec_stack(struct ktest *t)
{
	u32 code[2] = { 0xe12fff1e, 0xe12fff1e };
	struct fault_catch fc;

	try_exec(&fc, (vaddr_t)code);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_PREFETCH_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)code);
}

static void fault_null_deref(struct ktest *t)
{
	struct fault_catch fc;

	try_read(&fc, 0);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_translation(fc.fsr));
	KTEST_EXPECT(t, !(fc.fsr & FSR_WNR));
	KTEST_EXPECT_EQ(t, fc.far, 0);
	report(t, &fc);
}

static void fault_direct_map_hole(struct ktest *t)
{
	struct fault_catch fc;
	vaddr_t hole = mem_layout.high_memory + VMALLOC_OFFSET / 2;

	try_write(&fc, hole);
	KTEST_ASSERT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_translation(fc.fsr));
	KTEST_EXPECT_EQ(t, fsr_level(fc.fsr), 2);
	KTEST_EXPECT_EQ(t, fc.far, hole);
	report(t, &fc);
}

static void fault_undefined_instruction(struct ktest *t)
{
	struct fault_catch fc;

	if (FAULT_CATCH(&fc)) {
		__asm__ volatile("udf #42");
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_UNDEF);
	KTEST_EXPECT_EQ(t, *(const u32 *)fc.pc, 0xe7f002fa);	/* udf #42, ARM encoding */
}

/* A catch that sees no fault leaves nothing armed, and the next fault is still caught. */
static void fault_catch_no_fault(struct ktest *t)
{
	static u32 word;
	struct fault_catch fc;

	try_write(&fc, (vaddr_t)&word);
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_NONE);
	KTEST_EXPECT_EQ(t, word, 0xdeadbeef);
	try_read(&fc, 0);
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
}

static void fault_describe_format(struct ktest *t)
{
	char buf[96];

	/* LPAE DFSR: permission fault, level 3, write. */
	fault_describe(buf, sizeof(buf), FAULT_DATA_ABORT, FSR_LPAE | FSR_WNR | 0x0f, 0xc0008000);
	KTEST_EXPECT(t, strcmp(buf, "permission fault (level 3), write at 0xc0008000") == 0);
	fault_describe(buf, sizeof(buf), FAULT_DATA_ABORT, FSR_LPAE | 0x05, 0x10);
	KTEST_EXPECT(t, strcmp(buf, "translation fault (level 1), read at 0x00000010") == 0);
	fault_describe(buf, sizeof(buf), FAULT_PREFETCH_ABORT, FSR_LPAE | 0x09, 0xf0000000);
	KTEST_EXPECT(t, strcmp(buf, "access flag fault (level 1), execute at 0xf0000000") == 0);
}

KTEST_SUITE(fault,
	    KTEST_CASE(fault_write_text),
	    KTEST_CASE(fault_write_rodata),
	    KTEST_CASE(fault_exec_data),
	    KTEST_CASE(fault_exec_stack),
	    KTEST_CASE(fault_null_deref),
	    KTEST_CASE(fault_direct_map_hole),
	    KTEST_CASE(fault_undefined_instruction),
	    KTEST_CASE(fault_catch_no_fault),
	    KTEST_CASE(fault_describe_format));
