/* SPDX-License-Identifier: MIT */
/*
 * Raspberry Pi power-off through the BCM2835 power-management block's
 * watchdog ("brcm,bcm2835-pm-wdt", as Linux's bcm2835_wdt): mark reset
 * partition 63 in PM_RSTS, the firmware's sign to halt instead of boot,
 * then let the watchdog reset the chip.  On a board the firmware then
 * waits in low power; QEMU raspi2b models partition 63 as a shut-down
 * and exits with status 0 (seen with QEMU 7.2, without -no-reboot).
 *
 * Out of scope: the watchdog as a watchdog, reboot.
 */
#include <meridian/driver.h>
#include <meridian/io.h>
#include <meridian/kernel.h>

#define PM_RSTC 0x1c
#define PM_RSTS 0x20
#define PM_WDOG 0x24

#define PM_PASSWORD 0x5a000000u		/* every write must carry it */
#define PM_WDOG_TIME_SET 0x000fffffu	/* ticks of 16 us */
#define PM_RSTC_WRCFG_MASK 0x00000030u
#define PM_RSTC_WRCFG_FULL_RESET 0x00000020u
/* The boot partition number is spread over the even bits 0-10; 63 means "halt". */
#define PM_RSTS_PARTITION_HALT 0x00000555u
#define PM_WDOG_RESET_TICKS 10

static void *pm_base;

static void bcm2835_power_off(void)
{
	u32 v = readl(pm_base + PM_RSTS);

	writel(PM_PASSWORD | (v & 0x00ffffffu) | PM_RSTS_PARTITION_HALT, pm_base + PM_RSTS);
	writel(PM_PASSWORD | (PM_WDOG_RESET_TICKS & PM_WDOG_TIME_SET), pm_base + PM_WDOG);
	v = readl(pm_base + PM_RSTC) & 0x00ffffffu & ~PM_RSTC_WRCFG_MASK;
	writel(PM_PASSWORD | v | PM_RSTC_WRCFG_FULL_RESET, pm_base + PM_RSTC);
	/* The reset comes 160 us later; machine_power_off() waits in WFI. */
}

static int __init bcm2835_pm_probe(const struct fdt *fdt, int node)
{
	phys_addr_t pa;

	if (pm_base) {	/* a second node would leak the first mapping */
		pr_warn("bcm2835-wdt: %s ignored, only one power-off watchdog\n",
			fdt_node_name(fdt, node));
		return -EBUSY;
	}
	pm_base = fdt_ioremap(fdt, node, 0, &pa);
	if (!pm_base)
		return -ENOMEM;
	pm_power_off = bcm2835_power_off;
	pr_info("bcm2835-wdt: power off through the PM watchdog at 0x%08llx (partition 63: halt)\n",
		(unsigned long long)pa);
	return 0;
}

static const char *const bcm2835_pm_compatible[] = { "brcm,bcm2835-pm-wdt", NULL };

DECLARE_FDT_DRIVER(3, bcm2835_pm_driver) = {
	.name = "bcm2835-pm-wdt",
	.compatible = bcm2835_pm_compatible,
	.probe = bcm2835_pm_probe,
};
