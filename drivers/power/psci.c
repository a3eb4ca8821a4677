/* SPDX-License-Identifier: MIT */
/*
 * PSCI power-off (ARM DEN 0022, "Power State Coordination Interface"):
 * the SYSTEM_OFF function, called through the conduit that the device
 * tree's /psci node names in its "method" property.  QEMU virt without
 * firmware implements PSCI itself, on HVC.
 */
#include <string.h>

#include <meridian/driver.h>
#include <meridian/errno.h>
#include <meridian/fdt.h>
#include <meridian/kernel.h>

#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u

static bool psci_smc;	/* the conduit: SMC, else HVC */

static void psci_system_off(void)
{
	register u32 fn asm("r0") = PSCI_0_2_FN_SYSTEM_OFF;

	if (psci_smc)
		asm volatile(".arch_extension sec\n\tsmc #0" : "+r"(fn) : : "r1", "r2", "r3", "memory");
	else
		asm volatile(".arch_extension virt\n\thvc #0" : "+r"(fn) : : "r1", "r2", "r3", "memory");
}

static int __init psci_probe(const struct fdt *fdt, int node)
{
	const char *method = fdt_getprop_str(fdt, node, "method");

	if (!method || (strcmp(method, "hvc") && strcmp(method, "smc"))) {
		pr_warn("psci: unknown conduit '%s'\n", method ? method : "(none)");
		return -EINVAL;
	}
	psci_smc = !strcmp(method, "smc");
	pm_power_off = psci_system_off;
	pr_info("psci: SYSTEM_OFF through %s\n", method);
	return 0;
}

/* PSCI 0.1 ("arm,psci" alone) numbers its functions per board, with no SYSTEM_OFF. */
static const char *const psci_compatible[] = { "arm,psci-1.0", "arm,psci-0.2", NULL };

DECLARE_FDT_DRIVER(3, psci_driver) = {
	.name = "psci",
	.compatible = psci_compatible,
	.probe = psci_probe,
};
