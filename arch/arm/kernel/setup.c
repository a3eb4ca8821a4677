/* SPDX-License-Identifier: MIT */
/*
 * setup_arch: from a raw DTB pointer to a running console and parsed
 * boot arguments.  A missing or corrupt DTB stops the boot here with a
 * message (through semihosting when there is no UART yet).
 */
#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/ptrace.h>
#include <asm/semihost.h>
#include <asm/setup.h>
#include <meridian/driver.h>
#include <meridian/kernel.h>
#include <meridian/params.h>

/* The mode the boot loader entered us in; written by head.S before relocation. */
u32 __boot_cpu_mode __section(".data") = 0;
/* Where the loader put the DTB, if head.S had to move it off the image's path; else 0. */
u32 __boot_dtb_moved_from __section(".data") = 0;

static void __init print_banner(u32 dtb_phys, u32 machine_id)
{
	u32 midr = read_midr();
	const char *model = fdt_getprop_str(&boot_fdt, fdt_root(&boot_fdt), "model");

	pr_notice("Booting Meridian on physical CPU 0x%lx\n", (unsigned long)(read_mpidr() & 0xffffff));
	pr_notice("Meridian version %s (arm-none-eabi-gcc %s) LPAE, %s split\n", MERIDIAN_VERSION,
		  __VERSION__, CONFIG_SPLIT_NAME);
	pr_info("CPU: ARMv7 Processor [%08lx] revision %lu (ARMv7), cr=%08lx\n", (unsigned long)midr,
		(unsigned long)(midr & 15), (unsigned long)read_sctlr());
	pr_info("CPU: All CPU(s) started in %s mode.\n",
		__boot_cpu_mode == HYP_MODE ? "HYP" : __boot_cpu_mode == SVC_MODE ? "SVC" : "another");
	pr_info("OF: fdt: Machine model: %s\n", model ? model : "(none)");
	pr_info("Machine id 0x%lx, DTB at 0x%08llx, PHYS_OFFSET 0x%08llx\n", (unsigned long)machine_id,
		(unsigned long long)dtb_phys, (unsigned long long)PHYS_OFFSET);
	if (__boot_dtb_moved_from)
		pr_notice("DTB moved from 0x%08lx to 0x%08llx: it lay where the kernel runs\n",
			  (unsigned long)__boot_dtb_moved_from, (unsigned long long)dtb_phys);
}

void __init setup_arch(u32 dtb_phys, u32 machine_id)
{
	struct fdt_chosen chosen;
	size_t avail = 0;
	const void *blob = early_fdt_map(dtb_phys, &avail);
	int err;

	if (!blob)
		panic("no device tree: r2=0x%08lx is not a DTB address", (unsigned long)dtb_phys);
	err = fdt_init(&boot_fdt, blob, avail);
	if (err < 0)
		panic("Invalid device tree blob at physical address 0x%08lx: %s",
		      (unsigned long)dtb_phys, boot_fdt.err);
	err = earlycon_init(&boot_fdt);
	if (err < 0) {
		semihost_console_register();
		pr_warn("no console from /chosen/stdout-path (error %d)\n", err);
	}
	print_banner(dtb_phys, machine_id);
	fdt_read_chosen(&boot_fdt, &chosen);
	pr_notice("Kernel command line: %s\n", chosen.bootargs ? chosen.bootargs : "");
	parse_boot_params(chosen.bootargs ? chosen.bootargs : "");
}
