/* SPDX-License-Identifier: MIT */
/*
 * Seed for fuzz_module_elf: initialised data, .bss, read-only data and a
 * table of pointers (R_ARM_ABS32 in .data, .rodata and .init_array-like
 * sections), plus a switch that may become a jump table.
 */
extern void ext_fn(void);
extern int ext_var;

int data_counter = 42;
static int data_bss[64];
const char data_name[] = "seed-module";
void (*const data_ops[])(void) = { ext_fn, ext_fn };
int *data_ptrs[] = { &ext_var, &data_counter, &data_bss[3] };

__attribute__((constructor)) static void data_ctor(void)
{
	data_bss[0] = data_counter;
}

int data_switch(int op)
{
	switch (op) {
	case 0: return data_bss[op] + 1;
	case 1: return data_counter * 7;
	case 2: return ext_var - 3;
	case 3: return data_name[op];
	case 4: return data_bss[5] ^ 9;
	case 5: return (int)(long)data_ops[1];
	default: return -1;
	}
}
