/* SPDX-License-Identifier: MIT */
/*
 * Seed for fuzz_module_elf: built with -funwind-tables so the object
 * carries .ARM.exidx (SHT_ARM_EXIDX) with R_ARM_PREL31 and R_ARM_NONE
 * relocations, and with -ffunction-sections for many small sections.
 */
extern int ext_work(int x);
extern void ext_abort(void) __attribute__((noreturn));

int unwind_a(int x)
{
	if (x < 0)
		ext_abort();
	return ext_work(x) + ext_work(x + 1);
}

int unwind_b(int *p, int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += ext_work(p[i]);
	return s;
}

static int unwind_c(int x)
{
	return x * ext_work(x);
}

int (*unwind_ptr)(int) = unwind_c;
