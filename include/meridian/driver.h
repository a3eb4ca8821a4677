/* SPDX-License-Identifier: MIT */
/*
 * Device-tree driver binding.  A driver lists compatible strings and is
 * placed in a linker section by its probe level; drivers_probe_all()
 * calls probe() for each available DT node that matches, level by level
 * (interrupt controllers before timers before the rest).  No device
 * address is ever written in C: probe() reads it from the node.
 */
#ifndef MERIDIAN_DRIVER_H
#define MERIDIAN_DRIVER_H

#include <meridian/fdt.h>

enum driver_level {
	DRIVER_LEVEL_IRQCHIP = 1,
	DRIVER_LEVEL_CLOCKSOURCE = 2,
	DRIVER_LEVEL_DEVICE = 3,
};

struct fdt_driver {
	const char *name;
	const char *const *compatible;	/* NULL-terminated */
	/* Binds the device at node; 0 or a negative errno (logged, boot goes on). */
	int (*probe)(const struct fdt *fdt, int node);
	/* Optional: make this device the boot console before anything else. */
	int (*earlycon)(const struct fdt *fdt, int node);
};

/*
 * The section sorts by name, so a level written "1.chained" (interrupt
 * controllers chained to a root one) probes after level 1 and before 2.
 */
#define __DRIVER_SECTION(level) ".drivers." #level
#define DECLARE_FDT_DRIVER(level, var)						\
	static const struct fdt_driver var					\
		__attribute__((used, section(__DRIVER_SECTION(level)), aligned(4)))

/* The validated boot DTB, mapped read-only for the kernel's lifetime. */
extern struct fdt boot_fdt;

/* Binds the console named by /chosen/stdout-path; 0 or a negative errno. */
int earlycon_init(const struct fdt *fdt);
void drivers_probe_all(const struct fdt *fdt);

/* fdt_reg() + early_ioremap(): the index-th register window of node, or NULL (logged). */
void *fdt_ioremap(const struct fdt *fdt, int node, int index, phys_addr_t *phys);

#endif /* MERIDIAN_DRIVER_H */
