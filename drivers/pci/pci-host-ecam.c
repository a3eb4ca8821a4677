/* SPDX-License-Identifier: MIT */
/*
 * Generic PCIe host with ECAM configuration space ("pci-host-ecam-generic",
 * QEMU virt's GPEX bridge): enumerate bus 0 and list it with `lspci`.
 *
 * On QEMU virt with LPAE the ECAM window sits at 0x40_1000_0000, 256 GiB
 * up: reaching it is the test that ioremap takes a 64-bit physical
 * address and that the page tables carry all 40 bits.  Only bus 0 is
 * mapped (1 MiB of the window); there are no bridges behind it on virt.
 */
#include <stdio.h>

#include <meridian/driver.h>
#include <meridian/errno.h>
#include <meridian/fdt.h>
#include <meridian/io.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/printk.h>
#include <meridian/shell.h>
#include <meridian/vmalloc.h>

#define ECAM_BUS_SIZE	SZ_1M		/* 32 devices x 8 functions x 4 KiB */
#define ECAM_FN_SIZE	4096
#define PCI_MAX_FUNCS	64		/* functions on bus 0 we keep */

#define PCI_VENDOR_ID	0x00		/* vendor in bits 15:0, device in 31:16 */
#define PCI_CLASS_REV	0x08		/* class code in bits 31:8, revision in 7:0 */
#define PCI_HEADER_TYPE	0x0e
#define PCI_HEADER_MULTI 0x80

struct pci_func {
	u8 dev, fn;
	u16 vendor, device;
	u32 class;			/* base class, subclass, prog-if */
	u8 rev, header;
};

static struct {
	phys_addr_t phys;
	u64 size;
	void *bus0;
	int nr;
	struct pci_func funcs[PCI_MAX_FUNCS];
} ecam;

static u32 ecam_read32(int dev, int fn, int off)
{
	return (u32)readl((u8 *)ecam.bus0 + (dev * 8 + fn) * ECAM_FN_SIZE + off);
}

/* Records 00:dev.fn if a function answers; returns its header type, or -1. */
static int pci_probe_func(int dev, int fn)
{
	u32 id = ecam_read32(dev, fn, PCI_VENDOR_ID);
	u32 class_rev, hdr;
	struct pci_func *f;

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return -1;
	class_rev = ecam_read32(dev, fn, PCI_CLASS_REV);
	hdr = (ecam_read32(dev, fn, PCI_HEADER_TYPE & ~3) >> 16) & 0xff;
	if (ecam.nr == PCI_MAX_FUNCS) {
		pr_warn("pci 0000:00:%02x.%d: more than %d functions on bus 0, not listed\n",
			dev, fn, PCI_MAX_FUNCS);
		return (int)hdr;
	}
	f = &ecam.funcs[ecam.nr++];
	*f = (struct pci_func){
		.dev = (u8)dev, .fn = (u8)fn,
		.vendor = (u16)id, .device = (u16)(id >> 16),
		.class = class_rev >> 8, .rev = (u8)class_rev, .header = (u8)hdr,
	};
	pr_info("pci 0000:00:%02x.%d: [%04x:%04x] type %02x class 0x%06x\n", dev, fn,
		f->vendor, f->device, (unsigned)(hdr & 0x7f), (unsigned)f->class);
	return (int)hdr;
}

static void pci_scan_bus0(void)
{
	for (int dev = 0; dev < 32; dev++) {
		int hdr = pci_probe_func(dev, 0);

		if (hdr < 0 || !(hdr & PCI_HEADER_MULTI))
			continue;
		for (int fn = 1; fn < 8; fn++)
			pci_probe_func(dev, fn);
	}
}

static int __init pci_ecam_probe(const struct fdt *fdt, int node)
{
	u32 bus_range[2] = { 0, 0xff };
	phys_addr_t phys;
	u64 size;
	int err;

	if (ecam.bus0) {	/* one bridge's state: a second would leak and list twice */
		pr_warn("pci-host-ecam: %s ignored, only one host bridge\n", fdt_node_name(fdt, node));
		return -EBUSY;
	}
	err = fdt_reg(fdt, node, 0, &phys, &size);
	if (err < 0)
		return err;
	if (size < ECAM_BUS_SIZE) {
		pr_err("pci-host-ecam: ECAM window of 0x%llx bytes is smaller than one bus\n",
		       (unsigned long long)size);
		return -EINVAL;
	}
	if (fdt_getprop_u32_array(fdt, node, "bus-range", bus_range, 2) == -EINVAL) {
		pr_err("pci-host-ecam: malformed bus-range\n");
		return -EINVAL;
	}
	if (bus_range[0] != 0) {
		pr_warn("pci-host-ecam: bus range starts at %lu; only bus 0 is scanned\n",
			bus_range[0]);
		return -EINVAL;
	}
	ecam.bus0 = ioremap(phys, ECAM_BUS_SIZE);
	if (!ecam.bus0) {
		pr_err("pci-host-ecam: cannot map ECAM at 0x%llx\n", (unsigned long long)phys);
		return -ENOMEM;
	}
	ecam.phys = phys;
	ecam.size = size;
	pr_info("pci-host-generic: ECAM at [mem 0x%llx-0x%llx] for [bus %02x-%02x], bus 00 mapped at %p\n",
		(unsigned long long)ecam.phys, (unsigned long long)(ecam.phys + ecam.size - 1),
		(unsigned)bus_range[0], (unsigned)bus_range[1] & 0xff, ecam.bus0);
	pci_scan_bus0();
	return 0;
}

static const char *const pci_ecam_compatible[] = { "pci-host-ecam-generic", NULL };

DECLARE_FDT_DRIVER(3, pci_ecam_driver) = {
	.name = "pci-host-ecam",
	.compatible = pci_ecam_compatible,
	.probe = pci_ecam_probe,
};

/* lspci --json: {"functions": [{"slot", "class", "vendor", "device", "rev"}]}. */
static int lspci_json(void)
{
	struct json_writer w;
	char slot[8];

	json_console_list(&w, "functions");
	for (int i = 0; i < ecam.nr; i++) {
		const struct pci_func *f = &ecam.funcs[i];

		snprintf(slot, sizeof(slot), "00:%02x.%d", f->dev, f->fn);
		json_object_open(&w, NULL);
		json_string(&w, "slot", slot);
		json_uint(&w, "class", f->class);
		json_uint(&w, "vendor", f->vendor);
		json_uint(&w, "device", f->device);
		json_uint(&w, "rev", f->rev);
		json_object_close(&w);
	}
	return json_list_finish(&w);
}

/* lspci: `lspci -n`'s format, "00:00.0 0600: 1b36:0008", read live. */
static int cmd_lspci(int argc, char **argv)
{
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return -EINVAL;
	if (!ecam.bus0) {
		console_printf("lspci: no PCI host bridge on this machine\n");
		return -ENODEV;
	}
	if (json)
		return lspci_json() != 0;
	for (int i = 0; i < ecam.nr; i++) {
		const struct pci_func *f = &ecam.funcs[i];
		u32 id = ecam_read32(f->dev, f->fn, PCI_VENDOR_ID);

		console_printf("00:%02x.%d %04x: %04x:%04x", f->dev, f->fn,
			       (unsigned)(f->class >> 8), (unsigned)(id & 0xffff),
			       (unsigned)(id >> 16));
		if (f->rev)
			console_printf(" (rev %02x)", f->rev);
		console_printf("\n");
	}
	return 0;
}
SHELL_COMMAND("lspci", "[--json]", "list PCI functions on bus 0 (lspci -n format)", cmd_lspci);
