/* SPDX-License-Identifier: MIT */
/*
 * Versatile Express power-off through the motherboard's system
 * configuration controller (V2M-P1 TRM, "SYS_CFGCTRL"): a write of
 * function SHUTDOWN to site 0 (motherboard).  QEMU's model ends the
 * emulator on it, with exit status 0.
 */
#include <meridian/driver.h>
#include <meridian/io.h>
#include <meridian/kernel.h>

#define SYS_CFGDATA 0xa0
#define SYS_CFGCTRL 0xa4
#define SYS_CFGCTRL_START (1u << 31)
#define SYS_CFGCTRL_WRITE (1u << 30)
#define SYS_CFGCTRL_FUNC(n) ((u32)(n) << 20)
#define SYS_CFGCTRL_SITE(n) ((u32)(n) << 16)
#define SYS_CFG_SHUTDOWN 8
#define SYS_CFG_SITE_MB 0

static void *sysreg_base;

static void vexpress_power_off(void)
{
	writel(0, sysreg_base + SYS_CFGDATA);
	writel(SYS_CFGCTRL_START | SYS_CFGCTRL_WRITE | SYS_CFGCTRL_FUNC(SYS_CFG_SHUTDOWN) |
		       SYS_CFGCTRL_SITE(SYS_CFG_SITE_MB),
	       sysreg_base + SYS_CFGCTRL);
}

static int __init vexpress_sysreg_probe(const struct fdt *fdt, int node)
{
	sysreg_base = fdt_ioremap(fdt, node, 0, NULL);
	if (!sysreg_base)
		return -ENOMEM;
	pm_power_off = vexpress_power_off;
	return 0;
}

static const char *const vexpress_sysreg_compatible[] = { "arm,vexpress-sysreg", NULL };

DECLARE_FDT_DRIVER(3, vexpress_sysreg_driver) = {
	.name = "vexpress-sysreg",
	.compatible = vexpress_sysreg_compatible,
	.probe = vexpress_sysreg_probe,
};
