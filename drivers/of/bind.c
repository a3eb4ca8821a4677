/* SPDX-License-Identifier: MIT */
/* Binding drivers to device-tree nodes: see meridian/driver.h. */
#include <asm/mmu.h>
#include <meridian/driver.h>
#include <meridian/kernel.h>
#include <meridian/vmalloc.h>

struct fdt boot_fdt;

extern const struct fdt_driver __drivers_start[], __drivers_end[];

static bool driver_matches(const struct fdt_driver *drv, const struct fdt *fdt, int node)
{
	for (const char *const *c = drv->compatible; *c; c++)
		if (fdt_node_is_compatible(fdt, node, *c))
			return true;
	return false;
}

void *fdt_ioremap(const struct fdt *fdt, int node, int index, phys_addr_t *phys)
{
	phys_addr_t pa;
	u64 size;
	void *va;
	int err = fdt_reg(fdt, node, index, &pa, &size);

	if (err < 0) {
		pr_err("%s: no usable reg entry %d (error %d)\n", fdt_node_name(fdt, node), index,
		       err);
		return NULL;
	}
	if (size == 0 || size > SZ_1M) {
		pr_err("%s: reg entry %d has implausible size 0x%llx\n", fdt_node_name(fdt, node),
		       index, (unsigned long long)size);
		return NULL;
	}
	/* Before vmalloc exists (the boot console) the fixmap serves; then ioremap. */
	va = vmalloc_start_addr ? ioremap(pa, (size_t)size) : early_ioremap(pa, (size_t)size);
	if (!va)
		pr_err("%s: cannot map its registers at 0x%llx\n", fdt_node_name(fdt, node),
		       (unsigned long long)pa);
	if (phys)
		*phys = pa;
	return va;
}

int __init earlycon_init(const struct fdt *fdt)
{
	struct fdt_chosen chosen;

	fdt_read_chosen(fdt, &chosen);
	if (chosen.stdout_node < 0)
		return -ENOENT;
	for (const struct fdt_driver *drv = __drivers_start; drv < __drivers_end; drv++)
		if (drv->earlycon && driver_matches(drv, fdt, chosen.stdout_node))
			return drv->earlycon(fdt, chosen.stdout_node);
	return -ENODEV;
}

void __init drivers_probe_all(const struct fdt *fdt)
{
	for (const struct fdt_driver *drv = __drivers_start; drv < __drivers_end; drv++) {
		int depth = 0;

		for (int node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
			int err;

			if (!driver_matches(drv, fdt, node) || !fdt_node_is_available(fdt, node))
				continue;
			err = drv->probe(fdt, node);
			if (err < 0)
				pr_err("%s: probe of %s failed (error %d)\n", drv->name,
				       fdt_node_name(fdt, node), err);
		}
	}
}
