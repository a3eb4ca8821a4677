/* SPDX-License-Identifier: MIT */
/*
 * What boot found and computed: RAM from the DT against what QEMU was
 * given, the lowmem limit against Linux's rule, boot arguments, the
 * device tree, the log, and the shell's command handling.
 */
#include <string.h>

#include <asm/mmu.h>
#include <meridian/args.h>
#include <meridian/driver.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/params.h>
#include <meridian/shell.h>

#define MAX_BANKS 8

static u64 dt_ram_total(void)
{
	struct fdt_region banks[MAX_BANKS];
	int n = fdt_memory_banks(&boot_fdt, banks, MAX_BANKS);
	u64 total = 0;

	for (int i = 0; i < n && i < MAX_BANKS; i++)
		total += banks[i].size;
	return total;
}

static phys_addr_t dt_ram_base(void)
{
	struct fdt_region banks[MAX_BANKS];
	int n = fdt_memory_banks(&boot_fdt, banks, MAX_BANKS);
	phys_addr_t base = ~(phys_addr_t)0;

	for (int i = 0; i < n && i < MAX_BANKS; i++)
		if (banks[i].base < base)
			base = banks[i].base;
	return base;
}

static void boot_ram_matches_qemu(struct ktest *t)
{
	const char *arg = ktest_arg("mem");
	u64 want;

	if (!arg || parse_size(arg, &want) < 0) {
		ktest_skip(t, "no ktest.mem= given");
		return;
	}
	KTEST_EXPECT_EQ(t, dt_ram_total(), want);
	/* What the kernel uses: all of it, or what mem= left (ktest.usable=). */
	arg = ktest_arg("usable");
	if (arg && parse_size(arg, &want) < 0)
		want = 0;
	KTEST_EXPECT_EQ(t, mem_layout.ram_end - mem_layout.phys_offset, want);
	/* RAM starts where the machine puts it (vexpress 0x80000000, virt 0x40000000, raspi2b 0). */
	KTEST_EXPECT_EQ(t, PHYS_OFFSET, dt_ram_base());
	arg = ktest_arg("ram_base");
	if (arg && parse_size(arg, &want) == 0)
		KTEST_EXPECT_EQ(t, PHYS_OFFSET, want);
}

/* Linux 6.1: lowmem ends at min(RAM end, VMALLOC_END - vmalloc - 8M mapped back to physical). */
static void boot_lowmem_limit(struct ktest *t)
{
	u64 ram = mem_layout.ram_end - PHYS_OFFSET;
	u64 cap = (u64)0xff800000 - mem_layout.vmalloc_size - 0x00800000 - PAGE_OFFSET;
	u64 lowmem = ram < cap ? ram : cap;

	KTEST_EXPECT_EQ(t, mem_layout.lowmem_limit, PHYS_OFFSET + lowmem);
	KTEST_EXPECT_EQ(t, mem_layout.high_memory, PAGE_OFFSET + lowmem);
	KTEST_EXPECT_EQ(t, mem_layout.vmalloc_start,
			(mem_layout.high_memory + 0x00800000) & ~0x007fffffUL);
	KTEST_EXPECT(t, mem_layout.vmalloc_start < VMALLOC_END);
	/* With the defaults, 2 GiB or more of RAM on the 3G split gives Linux's 768 MiB. */
	if (PAGE_OFFSET == 0xc0000000UL && ram >= 0x80000000ULL &&
	    mem_layout.vmalloc_size == 240u << 20)
		KTEST_EXPECT_EQ(t, mem_layout.high_memory, 0xf0000000UL);
}

static void boot_command_line_kept(struct ktest *t)
{
	KTEST_EXPECT(t, strstr(boot_command_line, "ktest=") != NULL);
}

static void boot_fdt_console(struct ktest *t)
{
	struct fdt_chosen chosen;

	KTEST_ASSERT_EQ(t, fdt_read_chosen(&boot_fdt, &chosen), 0);
	KTEST_ASSERT(t, chosen.stdout_node >= 0);
	KTEST_EXPECT(t, fdt_node_is_compatible(&boot_fdt, chosen.stdout_node, "arm,pl011"));
	KTEST_EXPECT(t, chosen.bootargs != NULL);
}

static void count_line(const char *line, size_t len, void *ctx)
{
	int *found = ctx;

	if (len > 20 && memmem(line, len, "Virtual kernel memory layout:", 29))
		(*found)++;
}

static void boot_log_has_layout(struct ktest *t)
{
	int found = 0;

	log_for_each_line(count_line, &found);
	KTEST_EXPECT_EQ(t, found, 1);
}

static void boot_shell_status(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, shell_run_line("bootargs"), 0);
	KTEST_EXPECT_EQ(t, shell_run_line("no-such-command"), 1);
	KTEST_EXPECT_EQ(t, shell_run_line("bootargs; nope; help \"bootargs\""), 1);
	KTEST_EXPECT_EQ(t, shell_run_line("help \"unterminated"), 1);
	KTEST_EXPECT_EQ(t, shell_run_line("  ;  ; "), 0);
	KTEST_EXPECT(t, shell_find("layout") != NULL);
	KTEST_EXPECT(t, shell_find("poweroff") != NULL);
}

static int cmd_nop(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* shell_register() takes only commands that help, Tab and --json can show and a line can name. */
static void boot_shell_register_checks(struct ktest *t)
{
	static const struct shell_command good = { "ktest-nop", "", "does nothing", cmd_nop };
	static const struct shell_command bad[] = {
		{ NULL, "", "no name", cmd_nop },
		{ "", "", "empty name", cmd_nop },
		{ "two words", "", "a space", cmd_nop },
		{ "a;b", "", "a separator", cmd_nop },
		{ "ktest-x", NULL, "no usage", cmd_nop },
		{ "ktest-x", "", NULL, cmd_nop },
		{ "ktest-x", "", "no function", NULL },
	};

	KTEST_EXPECT_EQ(t, shell_register(NULL), -EINVAL);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, shell_register(&bad[i]), -EINVAL);
	KTEST_ASSERT_EQ(t, shell_register(&good), 0);
	KTEST_EXPECT_EQ(t, shell_register(&good), -EEXIST);
	KTEST_EXPECT_EQ(t, shell_run_line("ktest-nop"), 0);
	KTEST_EXPECT_EQ(t, shell_run_line("help --json"), 0);
	shell_unregister(&good);
	KTEST_EXPECT(t, shell_find("ktest-nop") == NULL);
}

KTEST_SUITE(boot,
	    KTEST_CASE(boot_ram_matches_qemu),
	    KTEST_CASE(boot_lowmem_limit),
	    KTEST_CASE(boot_command_line_kept),
	    KTEST_CASE(boot_fdt_console),
	    KTEST_CASE(boot_log_has_layout),
	    KTEST_CASE(boot_shell_status),
	    KTEST_CASE(boot_shell_register_checks));
