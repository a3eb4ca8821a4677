/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree (DTB) parser, safe on hostile input.
 *
 * fdt_init() validates the whole blob once (header, block bounds, the
 * reservation map and a full walk of the structure block); every other
 * call still bounds-checks each read, so none of them can read outside
 * [blob, blob + totalsize) even when handed a bogus node offset.
 *
 * Nodes are named by their byte offset in the structure block (the root
 * is 0), as in libfdt. Negative values are -errno. Blobs of version 16
 * and 17 are accepted. Each function's contract (preconditions, return
 * values) is documented above its definition in drivers/of/fdt.c.
 *
 * Out of scope: writing or editing a tree, interrupt maps, addresses
 * wider than two cells (PCI).
 *
 * Blob layout (all fields big-endian, DTSpec v0.4 chapter 5):
 *
 *   +-------------------+ 0
 *   | header (40 bytes) |
 *   +-------------------+ off_mem_rsvmap (8-aligned)
 *   | {addr,size} u64s  |  ... terminated by {0,0}
 *   +-------------------+ off_dt_struct (4-aligned)
 *   | BEGIN_NODE name   |  tokens, each 4-aligned
 *   | PROP len nameoff  |
 *   | ... END_NODE END  |
 *   +-------------------+ off_dt_strings
 *   | "name\0name\0"    |  property names
 *   +-------------------+ totalsize
 */
#ifndef MERIDIAN_FDT_H
#define MERIDIAN_FDT_H

#include "meridian/types.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_MAX_DEPTH 64	/* deepest node nesting accepted, root = 1 */

/* Structure block tokens */
#define FDT_BEGIN_NODE 0x1
#define FDT_END_NODE 0x2
#define FDT_PROP 0x3
#define FDT_NOP 0x4
#define FDT_END 0x9

/*
 * A validated view of a blob, filled by fdt_init(). off_* are byte
 * offsets from the start of the blob. size_struct is trimmed to end just
 * after the END token. On failure the offsets and sizes are zeroed (so
 * every other call fails cleanly) and err holds the reason.
 */
struct fdt {
	const u8 *blob;
	u32 totalsize, version;
	u32 off_struct, size_struct, off_strings, size_strings, off_rsvmap;
	char err[96];
};

struct fdt_region {
	u64 base;
	u64 size;
};

int fdt_init(struct fdt *fdt, const void *blob, size_t avail);

/* Walking */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
const char *fdt_node_name(const struct fdt *fdt, int node);
int fdt_path_offset(const struct fdt *fdt, const char *path);

/* Properties */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp);
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    u32 *out);
/* Exactly n cells; 0, -ENOENT-style absence (from fdt_getprop) or -EINVAL. */
int fdt_getprop_u32_array(const struct fdt *fdt, int node, const char *name,
			  u32 *out, int n);
const char *fdt_getprop_str(const struct fdt *fdt, int node,
			    const char *name);
bool fdt_node_is_compatible(const struct fdt *fdt, int node,
			    const char *compat);
int fdt_next_compatible(const struct fdt *fdt, int after, const char *compat);
bool fdt_node_is_available(const struct fdt *fdt, int node);

/* Addresses */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);
int fdt_reg(const struct fdt *fdt, int node, int index, phys_addr_t *addr,
	    u64 *size);

/* Memory reservation block (/memreserve/) */
int fdt_rsv_count(const struct fdt *fdt);
int fdt_rsv_get(const struct fdt *fdt, int index, struct fdt_region *out);

/* Interrupts (drivers/of/fdt_irq.c) */
#define FDT_MAX_IRQ_CELLS 4

/* One interrupts specifier: the controller node and its raw cells. */
struct fdt_irq_spec {
	int parent;
	int ncells;
	u32 cells[FDT_MAX_IRQ_CELLS];
};

int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle);
int fdt_irq_parent(const struct fdt *fdt, int node);
int fdt_irq_parse(const struct fdt *fdt, int node, int index, struct fdt_irq_spec *spec);

/* Boot information */
int fdt_memory_banks(const struct fdt *fdt, struct fdt_region *out, int max);

struct fdt_chosen {
	const char *bootargs;	/* NULL if absent/invalid */
	bool has_initrd;
	u64 initrd_start, initrd_end;	/* end is exclusive */
	int stdout_node;	/* node from stdout-path, or -errno */
	const char *stdout_opts;	/* text after ':' in stdout-path, or NULL */
};
int fdt_read_chosen(const struct fdt *fdt, struct fdt_chosen *out);

int fdt_next_reserved(const struct fdt *fdt, int *iter, struct fdt_region *r,
		      const char **name, bool *no_map);

#endif /* MERIDIAN_FDT_H */
