/* SPDX-License-Identifier: MIT */
/*
 * ktest=oops: a fault nobody catches.  The boot must end in a report
 * (decoded fault, page-table walk, registers, symbolised backtrace) and
 * a panic with exit status 3; the ctest case checks that output.
 */
#include <asm/mmu.h>
#include <meridian/ktest.h>

/* noinline + a caller, so that the backtrace has frames to show. */
static void __attribute__((noinline)) oops_store_to_text(volatile u32 *text)
{
	*text = 0;
}

static void oops_write_text(struct ktest *t)
{
	ktest_log(t, "writing to kernel text at 0x%08lx; this must oops",
		  (unsigned long)(vaddr_t)&oops_store_to_text);
	oops_store_to_text((volatile u32 *)(vaddr_t)&oops_store_to_text);
	KTEST_EXPECT(t, false);	/* not reached */
}

KTEST_SUITE_MANUAL(oops, KTEST_CASE(oops_write_text));
