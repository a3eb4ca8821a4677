/* SPDX-License-Identifier: MIT */
/*
 * Seed for fuzz_module_elf: calls to undefined functions (R_ARM_CALL /
 * R_ARM_THM_CALL), tail calls (R_ARM_JUMP24 / R_ARM_THM_JUMP24) and data
 * addresses (R_ARM_ABS32, or MOVW/MOVT when built with -mword-relocations).
 */
extern int printk(const char *fmt, ...);
extern int helper(int x);
extern int shared_counter;

static int calls_local(int x)
{
	return helper(x + 1) * 3;
}

int calls_entry(int x)
{
	shared_counter += calls_local(x);
	printk("calls: %d\n", shared_counter);
	return helper(shared_counter);	/* tail call */
}

int calls_tail(int x)
{
	return helper(x ^ 0x55);
}
