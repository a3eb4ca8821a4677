/* SPDX-License-Identifier: MIT */
/*
 * FDT readers for addresses and boot information: #address-cells and
 * #size-cells, reg with ranges translation up to the root, the memory
 * reservation block, /memory banks, /chosen and /reserved-memory.
 */
#include "fdt_internal.h"

/* ---- addresses ---- */

/*
 * fdt_cells_prop - read a #...-cells property of node.
 * Returns its value if in [min, max], def if absent, -EINVAL otherwise.
 */
static int fdt_cells_prop(const struct fdt *fdt, int node, const char *name,
			  int def, u32 min, u32 max)
{
	u32 val = 0;
	int ret;

	ret = fdt_getprop_u32(fdt, node, name, &val);
	if (ret == -ENOENT)
		return def;
	if (ret)
		return -EINVAL;
	return val < min || val > max ? -EINVAL : (int)val;
}

/* node's own #address-cells: default 2, valid 1..2, else -EINVAL. */
int fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_cells_prop(fdt, node, "#address-cells", 2, 1, 2);
}

/* node's own #size-cells: default 1, valid 0..2, else -EINVAL. */
int fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_cells_prop(fdt, node, "#size-cells", 1, 0, 2);
}

/*
 * fdt_reg_count - number of (ac + sc)-cell entries in node's reg.
 * Sets *regp to the value. Returns the count, -ENOENT if no reg,
 * -EINVAL if its length is not a multiple of the entry size.
 * Precondition: ac >= 1.
 */
static int fdt_reg_count(const struct fdt *fdt, int node, int ac, int sc,
			 const u8 **regp)
{
	int len, ent = (ac + sc) * 4;

	*regp = fdt_getprop(fdt, node, "reg", &len);
	if (!*regp)
		return len;
	if (len % ent)
		return -EINVAL;
	return len / ent;
}

/* Decode entry i of a reg value. Returns 0 or -EOVERFLOW if it wraps. */
static int fdt_reg_entry(const u8 *reg, int i, int ac, int sc, u64 *addr,
			 u64 *size)
{
	reg += (size_t)i * (size_t)(ac + sc) * 4;
	*addr = fdt_read_cells(reg, ac);
	*size = fdt_read_cells(reg + ac * 4, sc);
	return fdt_range_wraps(*addr, *size) ? -EOVERFLOW : 0;
}

/* Untranslated reg entry index of node with the given cell counts. */
static int fdt_reg_raw(const struct fdt *fdt, int node, int index, int ac,
		       int sc, u64 *addr, u64 *size)
{
	const u8 *reg;
	int n;

	n = fdt_reg_count(fdt, node, ac, sc, &reg);
	if (n < 0)
		return n;
	if (index >= n)
		return -ENOENT;
	return fdt_reg_entry(reg, index, ac, sc, addr, size);
}

/* -ERANGE unless [addr, addr + size) is expressible in ac cells. */
static int fdt_fits_cells(u64 addr, u64 size, int ac)
{
	u64 last = size ? addr + (size - 1) : addr;	/* caller checked wrap */

	return ac < 2 && last > UINT32_MAX ? -ERANGE : 0;
}

/*
 * fdt_translate - map [*addr, *addr + size) from bus's child address
 * space into its parent `up`'s, through bus's ranges. The region must lie
 * wholly inside one range.
 * Returns 0, -EINVAL (no ranges: not translatable, or malformed),
 * -ERANGE (outside every range), -EOVERFLOW.
 */
static int fdt_translate(const struct fdt *fdt, int bus, int up, u64 *addr,
			 u64 size)
{
	int cac, csc, pac, len, ent, i;
	u64 cbase, pbase, rsize, off;
	const u8 *r;

	cac = fdt_address_cells(fdt, bus);
	csc = fdt_size_cells(fdt, bus);
	pac = fdt_address_cells(fdt, up);
	if (cac < 0 || csc < 0 || pac < 0)
		return -EINVAL;
	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r)
		return -EINVAL;
	if (len == 0)
		return fdt_fits_cells(*addr, size, pac);	/* 1:1 */
	ent = (cac + pac + csc) * 4;
	if (len % ent)
		return -EINVAL;
	for (i = 0; i < len / ent; i++, r += ent) {
		cbase = fdt_read_cells(r, cac);
		pbase = fdt_read_cells(r + cac * 4, pac);
		rsize = fdt_read_cells(r + (cac + pac) * 4, csc);
		if (*addr < cbase || *addr - cbase >= rsize ||
		    size > rsize - (*addr - cbase))
			continue;
		off = *addr - cbase;
		if (pbase > UINT64_MAX - off || fdt_range_wraps(pbase + off, size))
			return -EOVERFLOW;
		*addr = pbase + off;
		return fdt_fits_cells(*addr, size, pac);
	}
	return -ERANGE;
}

/*
 * fdt_reg - the index-th (address, size) of node's reg as a CPU physical
 * address. Entries use the parent's #address-cells/#size-cells; the
 * address is translated through the ranges of every ancestor bus below
 * the root.
 * Returns 0 (filling *addr and *size, either may be NULL), -ENOENT (no
 * reg or index past the end), -EINVAL (bad node, the root, bad cells,
 * malformed reg/ranges, or a bus without ranges), -ERANGE (outside every
 * range), -EOVERFLOW (arithmetic wraps).
 */
int fdt_reg(const struct fdt *fdt, int node, int index, phys_addr_t *addr,
	    u64 *size)
{
	int chain[FDT_MAX_DEPTH];
	int depth, ac, sc, i, ret;
	u64 a, s;

	if (index < 0)
		return -EINVAL;
	depth = fdt_ancestors(fdt, node, chain);
	if (depth < 0)
		return depth;
	if (depth == 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, chain[depth - 1]);
	sc = fdt_size_cells(fdt, chain[depth - 1]);
	if (ac < 0 || sc < 0)
		return -EINVAL;
	ret = fdt_reg_raw(fdt, node, index, ac, sc, &a, &s);
	for (i = depth - 1; !ret && i > 0; i--)
		ret = fdt_translate(fdt, chain[i], chain[i - 1], &a, s);
	if (ret)
		return ret;
	if (addr)
		*addr = a;
	if (size)
		*size = s;
	return 0;
}

/* ---- memory reservation block ---- */

/* Pointer to rsvmap entry index if it lies inside the blob, else NULL. */
static const u8 *fdt_rsv_entry(const struct fdt *fdt, int index)
{
	u64 pos = fdt->off_rsvmap + (u64)index * FDT_RSV_ENTRY_SIZE;

	if (index < 0 || pos + FDT_RSV_ENTRY_SIZE > fdt->totalsize)
		return NULL;
	return fdt->blob + pos;
}

/* Returns the number of /memreserve/ entries, or -EBADMSG. */
int fdt_rsv_count(const struct fdt *fdt)
{
	const u8 *e;
	int n;

	for (n = 0; (e = fdt_rsv_entry(fdt, n)); n++) {
		if (!be64(e) && !be64(e + 8))
			return n;
	}
	return -EBADMSG;
}

/*
 * Reads /memreserve/ entry index into *out. Returns 0, -EINVAL (index <
 * 0), -ENOENT (past the end), -EOVERFLOW (entry wraps; *out still filled).
 */
int fdt_rsv_get(const struct fdt *fdt, int index, struct fdt_region *out)
{
	const u8 *e = NULL;
	int i;

	if (index < 0 || !out)
		return -EINVAL;
	for (i = 0; i <= index; i++) {
		e = fdt_rsv_entry(fdt, i);
		if (!e)
			return -EBADMSG;
		if (!be64(e) && !be64(e + 8))
			return -ENOENT;
	}
	out->base = be64(e);
	out->size = be64(e + 8);
	return fdt_range_wraps(out->base, out->size) ? -EOVERFLOW : 0;
}

/* ---- boot information ---- */

/* True if node is available and its device_type is "memory". */
static bool fdt_is_memory(const struct fdt *fdt, int node)
{
	const char *type = fdt_getprop_str(fdt, node, "device_type");

	return type && !strcmp(type, "memory") &&
	       fdt_node_is_available(fdt, node);
}

/*
 * fdt_memory_banks - collect every reg entry of every available root
 * child with device_type = "memory", using the root's cells.
 * Fills up to max entries of out (out may be NULL when max is 0).
 * Returns the total found, which may exceed max, or -EINVAL (bad root
 * cells, malformed reg), -EOVERFLOW (a bank wraps).
 */
int fdt_memory_banks(const struct fdt *fdt, struct fdt_region *out, int max)
{
	int root, ac, sc, node, n, i, ret, total = 0;
	const u8 *reg;
	u64 base, size;

	root = fdt_root(fdt);
	if (root < 0)
		return root;
	ac = fdt_address_cells(fdt, root);
	sc = fdt_size_cells(fdt, root);
	if (ac < 0 || sc < 0)
		return -EINVAL;
	for (node = fdt_first_child(fdt, root); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		if (!fdt_is_memory(fdt, node))
			continue;
		n = fdt_reg_count(fdt, node, ac, sc, &reg);
		if (n == -ENOENT)
			continue;
		if (n < 0)
			return n;
		for (i = 0; i < n; i++, total++) {
			ret = fdt_reg_entry(reg, i, ac, sc, &base, &size);
			if (ret)
				return ret;
			if (out && total < max) {
				out[total].base = base;
				out[total].size = size;
			}
		}
	}
	return node == -ENOENT ? total : node;
}

/* Read a 1- or 2-cell number. Returns 0, -ENOENT or -EINVAL. */
static int fdt_read_number(const struct fdt *fdt, int node, const char *name,
			   u64 *out)
{
	const u8 *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v)
		return len;
	if (len != 4 && len != 8)
		return -EINVAL;
	*out = fdt_read_cells(v, len / 4);
	return 0;
}

/* Fill the initrd fields of out. Returns 0, or -EINVAL if malformed. */
static int fdt_read_initrd(const struct fdt *fdt, int chosen,
			   struct fdt_chosen *out)
{
	u64 start = 0, end = 0;
	int rs, re;

	rs = fdt_read_number(fdt, chosen, "linux,initrd-start", &start);
	re = fdt_read_number(fdt, chosen, "linux,initrd-end", &end);
	if (rs == -ENOENT && re == -ENOENT)
		return 0;
	out->initrd_start = start;
	out->initrd_end = end;
	if (rs || re || end < start)
		return -EINVAL;
	out->has_initrd = true;
	return 0;
}

/* Resolve stdout-path (or linux,stdout-path) into out. */
static void fdt_read_stdout(const struct fdt *fdt, int chosen,
			    struct fdt_chosen *out)
{
	const char *s, *colon;
	size_t len;

	s = fdt_getprop_str(fdt, chosen, "stdout-path");
	if (!s)
		s = fdt_getprop_str(fdt, chosen, "linux,stdout-path");
	if (!s)
		return;
	len = strlen(s);
	colon = memchr(s, ':', len);
	if (colon) {
		out->stdout_opts = colon + 1;
		len = (size_t)(colon - s);
	}
	out->stdout_node = fdt_path_offset_len(fdt, s, len);
}

/*
 * fdt_read_chosen - read /chosen into *out. Every field is set, to a
 * "not present" value where needed (stdout_node = -errno).
 * Returns 0; -ENOENT if there is no /chosen; -EINVAL if the initrd
 * properties are malformed (only one present, a length other than 4 or
 * 8, or end < start), with has_initrd false and everything else filled.
 */
int fdt_read_chosen(const struct fdt *fdt, struct fdt_chosen *out)
{
	int chosen;

	if (!out)
		return -EINVAL;
	out->bootargs = NULL;
	out->has_initrd = false;
	out->initrd_start = out->initrd_end = 0;
	out->stdout_node = -ENOENT;
	out->stdout_opts = NULL;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return chosen;
	out->bootargs = fdt_getprop_str(fdt, chosen, "bootargs");
	fdt_read_stdout(fdt, chosen, out);
	return fdt_read_initrd(fdt, chosen, out);
}

/*
 * fdt_next_reserved - iterate the regions of /reserved-memory.
 * Each available child with a reg yields one region per reg entry, in
 * /reserved-memory's own cells, untranslated. Children without reg
 * (dynamically placed) and disabled children are skipped.
 * *iter starts at 0 and counts regions returned so far; each call walks
 * the children again, so a full iteration is O(children * regions).
 * Returns 0 with *r, *name (node name) and *no_map filled (each may be
 * NULL); -ENOENT at the end; -EINVAL/-EOVERFLOW for a malformed child,
 * with *name filled and *iter advanced so the caller may go on; another
 * -errno (bad /reserved-memory cells) ends the iteration.
 */
int fdt_next_reserved(const struct fdt *fdt, int *iter, struct fdt_region *r,
		      const char **name, bool *no_map)
{
	int rmem, ac, sc, child, n, slot;
	struct fdt_region dummy;
	const u8 *reg;

	if (!iter || *iter < 0)
		return -ENOENT;
	rmem = fdt_path_offset(fdt, "/reserved-memory");
	ac = fdt_address_cells(fdt, rmem);
	sc = fdt_size_cells(fdt, rmem);
	if (rmem < 0 || ac < 0 || sc < 0) {
		*iter = -1;
		return rmem < 0 ? rmem : -EINVAL;
	}
	slot = *iter;
	for (child = fdt_first_child(fdt, rmem); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		if (!fdt_node_is_available(fdt, child))
			continue;
		n = fdt_reg_count(fdt, child, ac, sc, &reg);
		if (n == -ENOENT)
			continue;
		if (n < 0)
			n = 1;	/* one slot to report the malformed reg */
		if (slot >= n) {
			slot -= n;
			continue;
		}
		(*iter)++;
		if (name)
			*name = fdt_node_name(fdt, child);
		if (no_map)
			*no_map = fdt_getprop(fdt, child, "no-map", NULL) != NULL;
		if (!r)
			r = &dummy;
		return fdt_reg_raw(fdt, child, slot, ac, sc, &r->base, &r->size);
	}
	*iter = -1;
	return child;
}

