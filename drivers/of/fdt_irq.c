/* SPDX-License-Identifier: MIT */
/*
 * FDT readers for interrupts: phandles, the interrupt parent of a node
 * (its own or an ancestor's interrupt-parent, DTSpec v0.4 2.4.1) and the
 * index-th specifier of its interrupts property, sized by the parent's
 * #interrupt-cells.  What the cells mean is the controller driver's
 * business (kernel/irq.c hands them to it).
 *
 * Out of scope: interrupts-extended and interrupt-map (nexus nodes);
 * neither appears in the trees Meridian boots.
 */
#include "fdt_internal.h"

#define FDT_PHANDLE_INVALID 0xffffffffU

/*
 * fdt_node_by_phandle - the node whose phandle (or the older
 * linux,phandle) is phandle.
 * Returns its offset, -EINVAL for the reserved values 0 and ~0, -ENOENT
 * if no node has it.
 */
int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle)
{
	int node;

	if (phandle == 0 || phandle == FDT_PHANDLE_INVALID)
		return -EINVAL;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		u32 v;

		if (fdt_getprop_u32(fdt, node, "phandle", &v) == 0 && v == phandle)
			return node;
		if (fdt_getprop_u32(fdt, node, "linux,phandle", &v) == 0 && v == phandle)
			return node;
	}
	return -ENOENT;
}

/* The next step up the interrupt tree from node: its interrupt-parent, else its parent. */
static int fdt_irq_step(const struct fdt *fdt, int node)
{
	u32 ph;
	int err = fdt_getprop_u32(fdt, node, "interrupt-parent", &ph);

	if (err == -ENOENT)
		return fdt_parent(fdt, node);
	return err < 0 ? err : fdt_node_by_phandle(fdt, ph);
}

/*
 * fdt_irq_parent - the interrupt controller node's interrupts go to:
 * following interrupt-parent links (or the plain parent where there is
 * none) to the first node with #interrupt-cells.  A controller may name
 * itself (the BCM2836 local controller does).
 * Returns the controller's offset, -ENOENT if the walk leaves the tree,
 * -EINVAL for a malformed or dangling interrupt-parent, -ELOOP if the
 * links go round more than FDT_MAX_DEPTH times.
 */
int fdt_irq_parent(const struct fdt *fdt, int node)
{
	int p = node;

	for (int hops = 0; hops < FDT_MAX_DEPTH; hops++) {
		int len;

		p = fdt_irq_step(fdt, p);
		if (p < 0)
			return p == -ENOENT ? -ENOENT : -EINVAL;
		if (fdt_getprop(fdt, p, "#interrupt-cells", &len))
			return p;
	}
	return -ELOOP;
}

/*
 * fdt_irq_parse - the index-th specifier of node's interrupts property.
 * Fills spec with the controller node and its #interrupt-cells cells.
 * Returns 0, -ENOENT (no interrupts, or index past the end), -EINVAL
 * (bad index, no usable parent, #interrupt-cells outside
 * 1..FDT_MAX_IRQ_CELLS, or a length that is not a whole number of
 * specifiers), or what fdt_irq_parent returned.
 */
int fdt_irq_parse(const struct fdt *fdt, int node, int index, struct fdt_irq_spec *spec)
{
	const u8 *p;
	u32 cells;
	int len, parent, err;

	if (index < 0)
		return -EINVAL;
	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return len;
	parent = fdt_irq_parent(fdt, node);
	if (parent < 0)
		return parent == -ENOENT ? -EINVAL : parent;
	err = fdt_getprop_u32(fdt, parent, "#interrupt-cells", &cells);
	if (err < 0 || cells == 0 || cells > FDT_MAX_IRQ_CELLS)
		return -EINVAL;
	if ((u32)len % (cells * 4))
		return -EINVAL;
	if ((u32)index >= (u32)len / (cells * 4))
		return -ENOENT;
	spec->parent = parent;
	spec->ncells = (int)cells;
	for (u32 i = 0; i < cells; i++)
		spec->cells[i] = be32(p + ((u32)index * cells + i) * 4);
	return 0;
}
