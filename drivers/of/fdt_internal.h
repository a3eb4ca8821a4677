/* SPDX-License-Identifier: MIT */
/*
 * Internal to the FDT parser (drivers/of/fdt*.c): byte access, token
 * decoding and the limits shared by validation, walking and the
 * address and boot-information readers.
 */
#ifndef DRIVERS_OF_FDT_INTERNAL_H
#define DRIVERS_OF_FDT_INTERNAL_H

#include "meridian/errno.h"
#include "meridian/fdt.h"
#include "meridian/types.h"

#include <stdarg.h>
#include <string.h>

/* Message arguments for fdt_fail()'s %u and %x, whatever u32 is */
#define UI(v) ((unsigned int)(v))

#define FDT_V16_HDR_SIZE 36	/* v16 header lacks size_dt_struct */
#define FDT_V17_HDR_SIZE 40
#define FDT_RSV_ENTRY_SIZE 16	/* two big-endian u64s */
#define FDT_PROP_HDR_SIZE 12	/* token, len, nameoff */
#define FDT_MAX_TOTALSIZE 0x7fffffffU	/* offsets must fit an int */

/* Why fdt_tag() rejected a token; fdt_init() turns these into messages. */
enum fdt_bad {
	FDT_BAD_TRUNC = 1,	/* token word past the block */
	FDT_BAD_NAME,		/* node name not NUL-terminated in the block */
	FDT_BAD_PROP,		/* property header or value past the block */
	FDT_BAD_TOKEN,		/* unknown token value */
	FDT_BAD_ALIGN,		/* token offset not 4-aligned */
};

static inline u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 be64(const u8 *p)
{
	return (u64)be32(p) << 32 | be32(p + 4);
}

/* Read an address or size of n (0..2) big-endian cells. */
static inline u64 fdt_read_cells(const u8 *p, int n)
{
	if (n == 0)
		return 0;
	return n == 1 ? be32(p) : be64(p);
}

/* True if [base, base + size) wraps around the 64-bit address space. */
static inline bool fdt_range_wraps(u64 base, u64 size)
{
	return size && base > UINT64_MAX - (size - 1);
}

/* Pointer to struct-block offset off. Caller has bounds-checked off. */
static inline const u8 *fdt_sp(const struct fdt *fdt, u32 off)
{
	return fdt->blob + fdt->off_struct + off;
}


/* Token at off (fdt.c): see there. */
int fdt_tag(const struct fdt *fdt, u32 off, u32 *next, int *why);
int fdt_node_body(const struct fdt *fdt, int node, u32 *body);
/* The chain of ancestors of node, root first (fdt.c); returns its length. */
int fdt_ancestors(const struct fdt *fdt, int node, int *chain);
/* fdt_path_offset for the first len bytes of path (fdt.c). */
int fdt_path_offset_len(const struct fdt *fdt, const char *path, size_t len);

#endif /* DRIVERS_OF_FDT_INTERNAL_H */
