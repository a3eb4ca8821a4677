/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for drivers/of/fdt.c.
 *
 * Any input either fails fdt_init() with a message, or must survive every
 * API call on every node with the tree's invariants intact. Also throws
 * every 4-aligned struct offset at the node calls, since they promise to
 * be safe on bogus offsets. Invariant breaks abort(), which libFuzzer
 * reports like a sanitizer error.
 */
#include "meridian/errno.h"
#include "meridian/fdt.h"
#include "meridian/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Names to look up on every node; the first three also on bogus offsets. */
static const char *const props[] = {
	"compatible", "reg", "status", "ranges", "device_type", "model",
	"#address-cells", "#size-cells", "bootargs", "stdout-path", "no-map",
	"linux,initrd-start", "linux,initrd-end", "serial0", "",
};

/* Interrupt specifiers: a parse that succeeds names a controller and fits the cells. */
static void poke_irqs(const struct fdt *fdt, int node, int max)
{
	struct fdt_irq_spec spec;
	u32 ph;

	for (int i = 0; i < max; i++) {
		if (fdt_irq_parse(fdt, node, i, &spec) < 0)
			break;
		REQUIRE(spec.parent >= 0 && (u32)spec.parent < fdt->size_struct);
		REQUIRE(spec.ncells >= 1 && spec.ncells <= FDT_MAX_IRQ_CELLS);
		REQUIRE(fdt_getprop(fdt, spec.parent, "#interrupt-cells", NULL) != NULL);
	}
	(void)fdt_irq_parent(fdt, node);
	if (fdt_getprop_u32(fdt, node, "phandle", &ph) == 0 && fdt_node_by_phandle(fdt, ph) >= 0)
		REQUIRE(fdt_node_by_phandle(fdt, ph) <= node);	/* the first holder wins */
}

/*
 * Every per-node call. node may be bogus: nothing may crash. A shallow
 * poke (for the many bogus offsets) tries fewer names and reg indexes,
 * which keeps the fuzzer fast.
 */
static void poke_node(const struct fdt *fdt, int node, bool deep)
{
	unsigned int nprops = deep ? ARRAY_SIZE(props) : 3;
	int reg_max = deep ? 4 : 1;
	phys_addr_t addr;
	const char *s;
	unsigned int i;
	u64 size;
	u32 v;
	int len;

	s = fdt_node_name(fdt, node);
	if (s)
		REQUIRE(strlen(s) < fdt->size_struct);
	for (i = 0; i < nprops; i++) {
		if (fdt_getprop(fdt, node, props[i], &len))
			REQUIRE(len >= 0 && (u32)len <= fdt->size_struct);
		else
			REQUIRE(len < 0);
		s = fdt_getprop_str(fdt, node, props[i]);
		if (s)
			REQUIRE(strlen(s) < fdt->size_struct);
		(void)fdt_getprop_u32(fdt, node, props[i], &v);
	}
	(void)fdt_node_is_compatible(fdt, node, "arm,pl011");
	(void)fdt_node_is_compatible(fdt, node, "simple-bus");
	(void)fdt_node_is_available(fdt, node);
	(void)fdt_address_cells(fdt, node);
	(void)fdt_size_cells(fdt, node);
	for (i = 0; (int)i < reg_max; i++)
		(void)fdt_reg(fdt, node, (int)i, &addr, &size);
	(void)fdt_first_child(fdt, node);
	(void)fdt_next_sibling(fdt, node);
	poke_irqs(fdt, node, deep ? 4 : 1);
}

/* Depth-first walk with structural invariants. */
static void walk(const struct fdt *fdt)
{
	int node, depth, prev = -1, child, parent;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		REQUIRE(node > prev);
		REQUIRE(depth >= 0 && depth < FDT_MAX_DEPTH);
		REQUIRE(fdt_node_name(fdt, node) != NULL);
		prev = node;
		parent = fdt_parent(fdt, node);
		REQUIRE(depth == 0 ? parent == -ENOENT : parent >= 0);
		for (child = fdt_first_child(fdt, node); child >= 0;
		     child = fdt_next_sibling(fdt, child))
			REQUIRE(fdt_parent(fdt, child) == node);
		REQUIRE(child == -ENOENT);
		poke_node(fdt, node, true);
	}
	REQUIRE(node == -ENOENT);
}

static void boot_info(const struct fdt *fdt)
{
	struct fdt_region r[4];
	struct fdt_chosen ch;
	const char *name;
	int n, i, iter = 0;
	bool no_map;

	(void)fdt_path_offset(fdt, "/chosen");
	(void)fdt_path_offset(fdt, "/memory");
	(void)fdt_path_offset(fdt, "serial0");
	(void)fdt_path_offset(fdt, "serial0/x");
	(void)fdt_path_offset(fdt, "/soc/uart");
	n = fdt_memory_banks(fdt, r, 4);
	REQUIRE(n == fdt_memory_banks(fdt, NULL, 0));
	if (fdt_read_chosen(fdt, &ch) == 0 && ch.has_initrd)
		REQUIRE(ch.initrd_end >= ch.initrd_start);
	for (n = 0; n < 100000; n++) {
		if (fdt_next_reserved(fdt, &iter, r, &name, &no_map) == -ENOENT)
			break;
	}
	REQUIRE(n < 100000);
	n = fdt_rsv_count(fdt);
	REQUIRE(n >= 0);
	for (i = 0; i <= n && i < 64; i++)
		REQUIRE((fdt_rsv_get(fdt, i, r) == -ENOENT) == (i == n));
	for (n = fdt_next_compatible(fdt, -1, "arm,pl011"); n >= 0;
	     n = fdt_next_compatible(fdt, n, "arm,pl011"))
		REQUIRE(fdt_node_is_compatible(fdt, n, "arm,pl011"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt fdt;
	u32 off;

	if (fdt_init(&fdt, data, size)) {
		REQUIRE(fdt.err[0] != '\0');
		REQUIRE(fdt_root(&fdt) < 0);
		return 0;
	}
	REQUIRE(fdt.totalsize <= size);
	REQUIRE(fdt_root(&fdt) == 0);
	walk(&fdt);
	boot_info(&fdt);
	for (off = 0; off < fdt.size_struct; off += 4)
		poke_node(&fdt, (int)off, false);
	return 0;
}
