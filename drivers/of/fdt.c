/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree parser. See include/meridian/fdt.h for the blob
 * layout and the overall contract.
 *
 * Safety model: fdt_init() proves the blob well formed, but no later call
 * trusts that proof. Every token, name and value read goes through
 * fdt_tag() or an explicit bounds check, so a bogus node offset from a
 * caller yields -EINVAL or garbage-in-bounds, never a wild read. Walks
 * only move forward, so every loop ends.
 *
 * Built both for the kernel (freestanding, no allocation, no global
 * mutable state) and for the host tests. Reentrant and IRQ-safe: all
 * state lives in the caller's struct fdt, read-only after fdt_init().
 * Nothing sleeps; stack use is bounded (fdt_reg() holds FDT_MAX_DEPTH
 * ints) and nothing recurses except one alias hop in path lookup.
 *
 * Out of scope: editing trees, phandles, interrupt maps, 3-cell (PCI)
 * addresses.
 */
/*
 * Meridian headers first: picolibc's <sys/cdefs.h> (pulled in by
 * <string.h>) also defines __unused/__packed, and only a redefinition
 * inside a system header is silent.
 */
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

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 be64(const u8 *p)
{
	return (u64)be32(p) << 32 | be32(p + 4);
}

/* Read an address or size of n (0..2) big-endian cells. */
static u64 fdt_read_cells(const u8 *p, int n)
{
	if (n == 0)
		return 0;
	return n == 1 ? be32(p) : be64(p);
}

/* True if [base, base + size) wraps around the 64-bit address space. */
static bool fdt_range_wraps(u64 base, u64 size)
{
	return size && base > UINT64_MAX - (size - 1);
}

/* Pointer to struct-block offset off. Caller has bounds-checked off. */
static const u8 *fdt_sp(const struct fdt *fdt, u32 off)
{
	return fdt->blob + fdt->off_struct + off;
}

/*
 * fdt_tag - decode the token at struct offset off.
 * Checks that the token and everything it carries (node name, property
 * header and value) lie inside the structure block.
 * Returns the token and sets *next to the 4-aligned offset of the token
 * after it; or -EBADMSG with *why (if non-NULL) set to an enum fdt_bad.
 */
static int fdt_tag(const struct fdt *fdt, u32 off, u32 *next, int *why)
{
	u64 size = fdt->size_struct, end;
	const u8 *name, *nul;
	int bad, tag;

	if (off & 3) {
		bad = FDT_BAD_ALIGN;
		goto bad;
	}
	if ((u64)off + 4 > size) {
		bad = FDT_BAD_TRUNC;
		goto bad;
	}
	tag = (int)be32(fdt_sp(fdt, off));
	switch (tag) {
	case FDT_BEGIN_NODE:
		name = fdt_sp(fdt, off + 4);
		nul = memchr(name, 0, size - off - 4);
		bad = FDT_BAD_NAME;
		if (!nul)
			goto bad;
		end = (u64)off + 4 + (u64)(nul - name) + 1;
		break;
	case FDT_PROP:
		bad = FDT_BAD_PROP;
		if ((u64)off + FDT_PROP_HDR_SIZE > size)
			goto bad;
		end = (u64)off + FDT_PROP_HDR_SIZE + be32(fdt_sp(fdt, off + 4));
		if (end > size)
			goto bad;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = (u64)off + 4;
		break;
	default:
		bad = FDT_BAD_TOKEN;
		goto bad;
	}
	/* end <= size <= FDT_MAX_TOTALSIZE, so the aligned value fits a u32 */
	*next = (u32)ALIGN_UP(end, 4);
	return tag;
bad:
	if (why)
		*why = bad;
	return -EBADMSG;
}

/*
 * fdt_node_body - check that node is the offset of a BEGIN_NODE token.
 * Sets *body (if non-NULL) to the offset of the first token inside it.
 * Returns 0 or -EINVAL.
 */
static int fdt_node_body(const struct fdt *fdt, int node, u32 *body)
{
	u32 next;

	if (node < 0 || fdt_tag(fdt, (u32)node, &next, NULL) != FDT_BEGIN_NODE)
		return -EINVAL;
	if (body)
		*body = next;
	return 0;
}

/* ---- validation (fdt_init) ---- */

/* Append v to the message at *p (stopping at end), in hex or decimal. */
static void fdt_err_num(char **p, char *end, u64 v, bool hex)
{
	char digits[16];
	u32 d = (u32)v;
	int n = 0;

	do {	/* decimal only ever sees u32 values: no 64-bit division */
		if (hex) {
			digits[n++] = "0123456789abcdef"[v & 0xf];
			v >>= 4;
		} else {
			digits[n++] = (char)('0' + d % 10);
			d /= 10;
		}
	} while (hex ? v != 0 : d != 0);
	while (n && *p < end)
		*(*p)++ = digits[--n];
}

/*
 * fdt_fail - record why the blob was rejected and return err.
 * A tiny printf subset, enough for the messages below: %s, %u and %x
 * (unsigned int; wrap u32 values in UI()), %llx (unsigned long long).
 * Output is truncated to fit fdt->err.
 */
static int __attribute__((format(printf, 3, 4)))
fdt_fail(struct fdt *fdt, int err, const char *fmt, ...)
{
	char *p = fdt->err, *end = fdt->err + sizeof(fdt->err) - 1;
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt && p < end; fmt++) {
		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		fmt++;
		if (*fmt == 's') {
			for (s = va_arg(ap, const char *); *s && p < end; s++)
				*p++ = *s;
		} else if (*fmt == 'u' || *fmt == 'x') {
			fdt_err_num(&p, end, va_arg(ap, unsigned int), *fmt == 'x');
		} else if (fmt[0] == 'l' && fmt[1] == 'l' && fmt[2] == 'x') {
			fmt += 2;
			fdt_err_num(&p, end, va_arg(ap, unsigned long long), true);
		} else {
			break;	/* unsupported conversion (or a lone '%') */
		}
	}
	va_end(ap);
	*p = '\0';
	return err;
}

/*
 * fdt_check_header - validate the header fields and the block bounds.
 * Precondition: fdt->blob set, avail bytes readable at it.
 * Fills fdt's offsets and sizes. Returns 0 or -errno (message in err).
 */
static int fdt_check_header(struct fdt *fdt, size_t avail)
{
	const u8 *b = fdt->blob;
	u32 magic, hdrsize, last_comp;

	if (avail < 4)
		return fdt_fail(fdt, -EOVERFLOW,
				"only %u bytes available, too few for a header",
				UI(avail));
	magic = be32(b);
	if (magic != FDT_MAGIC)
		return fdt_fail(fdt, -EINVAL,
				"bad magic 0x%x (expected 0xd00dfeed)", UI(magic));
	if (avail < FDT_V17_HDR_SIZE)
		return fdt_fail(fdt, -EOVERFLOW,
				"only %u bytes available, too few for the %u-byte header",
				UI(avail), UI(FDT_V17_HDR_SIZE));
	fdt->version = be32(b + 20);
	last_comp = be32(b + 24);
	if (fdt->version < 16)
		return fdt_fail(fdt, -EINVAL,
				"unsupported version %u (need 16 or later)",
				UI(fdt->version));
	if (last_comp > 17)
		return fdt_fail(fdt, -EINVAL,
				"last compatible version %u is newer than 17",
				UI(last_comp));
	hdrsize = fdt->version >= 17 ? FDT_V17_HDR_SIZE : FDT_V16_HDR_SIZE;
	fdt->totalsize = be32(b + 4);
	if (fdt->totalsize < hdrsize)
		return fdt_fail(fdt, -EBADMSG,
				"totalsize 0x%x is smaller than the %u-byte header",
				UI(fdt->totalsize), UI(hdrsize));
	if (fdt->totalsize > avail)
		return fdt_fail(fdt, -EOVERFLOW,
				"totalsize 0x%x exceeds the 0x%llx bytes available",
				UI(fdt->totalsize), (unsigned long long)avail);
	if (fdt->totalsize > FDT_MAX_TOTALSIZE)
		return fdt_fail(fdt, -EOVERFLOW,
				"totalsize 0x%x is over the 0x7fffffff limit",
				UI(fdt->totalsize));
	fdt->off_struct = be32(b + 8);
	fdt->off_strings = be32(b + 12);
	fdt->off_rsvmap = be32(b + 16);
	fdt->size_strings = be32(b + 32);
	if (fdt->version >= 17)
		fdt->size_struct = be32(b + 36);
	else if (fdt->off_struct <= fdt->totalsize)
		fdt->size_struct = fdt->totalsize - fdt->off_struct;
	return (int)hdrsize;
}

/*
 * fdt_check_block - check that a block [off, off + size) lies after the
 * header and inside totalsize, and that off is align-aligned.
 * Returns 0 or -EBADMSG (message in err).
 */
static int fdt_check_block(struct fdt *fdt, const char *what, u32 off,
			   u32 size, u32 align, u32 hdrsize)
{
	if (off < hdrsize)
		return fdt_fail(fdt, -EBADMSG,
				"%s offset 0x%x overlaps the header", what, UI(off));
	if (off & (align - 1))
		return fdt_fail(fdt, -EBADMSG,
				"%s offset 0x%x is not %u-byte aligned", what,
				UI(off), UI(align));
	if ((u64)off + size > fdt->totalsize)
		return fdt_fail(fdt, -EBADMSG,
				"%s at 0x%x (0x%x bytes) runs past totalsize 0x%x",
				what, UI(off), UI(size), UI(fdt->totalsize));
	return 0;
}

/*
 * fdt_check_rsvmap - find the {0,0} terminator of the reservation map.
 * Returns the map's size in bytes including the terminator, or
 * -EBADMSG (message in err).
 */
static int fdt_check_rsvmap(struct fdt *fdt, u32 hdrsize)
{
	u64 pos;
	int ret;

	ret = fdt_check_block(fdt, "memory reservation map", fdt->off_rsvmap,
			      FDT_RSV_ENTRY_SIZE, 8, hdrsize);
	if (ret)
		return ret;
	for (pos = fdt->off_rsvmap; pos + FDT_RSV_ENTRY_SIZE <= fdt->totalsize;
	     pos += FDT_RSV_ENTRY_SIZE) {
		if (!be64(fdt->blob + pos) && !be64(fdt->blob + pos + 8))
			return (int)(pos + FDT_RSV_ENTRY_SIZE - fdt->off_rsvmap);
	}
	return fdt_fail(fdt, -EBADMSG,
			"memory reservation map at 0x%x has no {0,0} terminator",
			UI(fdt->off_rsvmap));
}

/* Turn an fdt_tag() failure at struct offset off into a message. */
static int fdt_fail_tag(struct fdt *fdt, u32 off, int why)
{
	switch (why) {
	case FDT_BAD_NAME:
		return fdt_fail(fdt, -EBADMSG,
				"node name at struct offset 0x%x runs past the structure block",
				UI(off));
	case FDT_BAD_PROP:
		return fdt_fail(fdt, -EBADMSG,
				"property at struct offset 0x%x runs past the structure block",
				UI(off));
	case FDT_BAD_TOKEN:
		return fdt_fail(fdt, -EBADMSG,
				"unknown token 0x%x at struct offset 0x%x",
				UI(be32(fdt_sp(fdt, off))), UI(off));
	default:
		return fdt_fail(fdt, -EBADMSG,
				"structure block (0x%x bytes) ends at struct offset 0x%x without an END token",
				UI(fdt->size_struct), UI(off));
	}
}

/* Check that the PROP at struct offset off names a string in the strings block. */
static int fdt_check_propname(struct fdt *fdt, u32 off)
{
	u32 nameoff = be32(fdt_sp(fdt, off + 8));
	const u8 *s = fdt->blob + fdt->off_strings;

	if (nameoff >= fdt->size_strings)
		return fdt_fail(fdt, -EBADMSG,
				"property at struct offset 0x%x has name offset 0x%x outside the strings block",
				UI(off), UI(nameoff));
	if (!memchr(s + nameoff, 0, fdt->size_strings - nameoff))
		return fdt_fail(fdt, -EBADMSG,
				"property at struct offset 0x%x has a name running past the strings block",
				UI(off));
	return 0;
}

/*
 * fdt_check_struct - walk the whole structure block once.
 * Enforces: root BEGIN_NODE first, exactly one root, balanced nesting no
 * deeper than FDT_MAX_DEPTH, properties only before a node's subnodes,
 * property names inside the strings block, END right after the root
 * closes (NOPs allowed). Trims size_struct to end after END.
 * Returns 0 or -EBADMSG (message in err).
 */
static int fdt_check_struct(struct fdt *fdt)
{
	bool root_done = false, after_child = false;
	int depth = 0, tag, why = 0, ret;
	u32 off, next;

	for (off = 0;; off = next) {
		tag = fdt_tag(fdt, off, &next, &why);
		if (tag < 0)
			return fdt_fail_tag(fdt, off, why);
		if (off == 0 && tag != FDT_BEGIN_NODE)
			return fdt_fail(fdt, -EBADMSG,
					"structure block starts with token 0x%x, not BEGIN_NODE",
					UI(tag));
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (root_done)
				return fdt_fail(fdt, -EBADMSG,
						"second root node at struct offset 0x%x", UI(off));
			if (++depth > FDT_MAX_DEPTH)
				return fdt_fail(fdt, -EBADMSG,
						"nodes nested deeper than %u at struct offset 0x%x",
						UI(FDT_MAX_DEPTH), UI(off));
			after_child = false;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return fdt_fail(fdt, -EBADMSG,
						"END_NODE at struct offset 0x%x closes no node", UI(off));
			root_done = --depth == 0;
			after_child = true;
			break;
		case FDT_PROP:
			if (depth == 0)
				return fdt_fail(fdt, -EBADMSG,
						"property at struct offset 0x%x is outside the root node", UI(off));
			if (after_child)
				return fdt_fail(fdt, -EBADMSG,
						"property at struct offset 0x%x follows a subnode", UI(off));
			ret = fdt_check_propname(fdt, off);
			if (ret)
				return ret;
			break;
		case FDT_END:
			if (depth)
				return fdt_fail(fdt, -EBADMSG,
						"END token at struct offset 0x%x inside %u open node(s)",
						UI(off), UI(depth));
			fdt->size_struct = next;
			return 0;
		case FDT_NOP:
			break;
		}
	}
}

/* True if [a, a + alen) and [b, b + blen) share a byte. */
static bool fdt_overlap(u32 a, u32 alen, u32 b, u32 blen)
{
	return alen && blen && (u64)a < (u64)b + blen && (u64)b < (u64)a + alen;
}

/* Reject blocks that alias each other: a sign of a corrupt header. */
static int fdt_check_layout(struct fdt *fdt, u32 rsvsize)
{
	if (fdt_overlap(fdt->off_rsvmap, rsvsize, fdt->off_struct, fdt->size_struct))
		return fdt_fail(fdt, -EBADMSG,
				"memory reservation map overlaps the structure block");
	if (fdt_overlap(fdt->off_rsvmap, rsvsize, fdt->off_strings, fdt->size_strings))
		return fdt_fail(fdt, -EBADMSG,
				"memory reservation map overlaps the strings block");
	if (fdt_overlap(fdt->off_struct, fdt->size_struct, fdt->off_strings,
			fdt->size_strings))
		return fdt_fail(fdt, -EBADMSG,
				"structure block overlaps the strings block");
	return 0;
}

/*
 * fdt_init - validate a blob and fill *fdt with a view of it.
 * blob: avail readable bytes, any alignment; must stay alive and
 * unchanged while fdt is used. fdt is caller-owned.
 * Returns 0, or -EINVAL (bad magic/version), -EOVERFLOW (blob larger than
 * avail), -EBADMSG (corrupt layout or structure). On failure fdt->err
 * holds a sentence and every other fdt_* call on fdt fails cleanly.
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t avail)
{
	int hdrsize, rsvsize, ret;

	if (!fdt)
		return -EINVAL;
	memset(fdt, 0, sizeof(*fdt));
	if (!blob)
		return fdt_fail(fdt, -EINVAL, "no blob");
	fdt->blob = blob;
	ret = hdrsize = fdt_check_header(fdt, avail);
	if (ret < 0)
		goto fail;
	ret = rsvsize = fdt_check_rsvmap(fdt, (u32)hdrsize);
	if (ret < 0)
		goto fail;
	ret = fdt_check_block(fdt, "structure block", fdt->off_struct,
			      fdt->size_struct, 4, (u32)hdrsize);
	if (!ret)
		ret = fdt_check_block(fdt, "strings block", fdt->off_strings,
				      fdt->size_strings, 1, (u32)hdrsize);
	if (!ret)
		ret = fdt_check_struct(fdt);
	if (!ret)
		ret = fdt_check_layout(fdt, (u32)rsvsize);
	if (!ret)
		return 0;
fail:
	fdt->blob = NULL;
	fdt->totalsize = fdt->version = 0;
	fdt->off_struct = fdt->size_struct = 0;
	fdt->off_strings = fdt->size_strings = fdt->off_rsvmap = 0;
	return ret;
}

/* ---- walking ---- */

/* Returns the root's offset (0), or -EINVAL if fdt holds no valid blob. */
int fdt_root(const struct fdt *fdt)
{
	return fdt_node_body(fdt, 0, NULL) ? -EINVAL : 0;
}

/*
 * fdt_next_node - depth-first successor of node, like libfdt.
 * node == -1 starts the walk: returns the root and sets *depth = 0.
 * Otherwise *depth (if depth is non-NULL) is adjusted by the levels moved:
 * +1 into a child, -1 per node closed. If depth is non-NULL and drops
 * below 0 the walk has left the subtree it started in: returns -ENOENT.
 * Returns the next node, -ENOENT at the end, -EINVAL for a bad node.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	u32 off, next;
	int tag;

	if (node == -1) {
		if (depth)
			*depth = 0;
		return fdt_root(fdt);
	}
	if (fdt_node_body(fdt, node, &off))
		return -EINVAL;
	for (;; off = next) {
		tag = fdt_tag(fdt, off, &next, NULL);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return (int)off;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return -ENOENT;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_END:
			return -ENOENT;
		default:
			return tag;
		}
	}
}

/*
 * fdt_skip_props - from offset off inside a node, skip PROP and NOP
 * tokens. Returns the offset of the following token and its tag in *tag.
 */
static u32 fdt_skip_props(const struct fdt *fdt, u32 off, int *tag)
{
	u32 next;

	for (;; off = next) {
		*tag = fdt_tag(fdt, off, &next, NULL);
		if (*tag != FDT_PROP && *tag != FDT_NOP)
			return off;
	}
}

/* Returns the first subnode of node, -ENOENT if none, -EINVAL if bad node. */
int fdt_first_child(const struct fdt *fdt, int node)
{
	u32 off;
	int tag;

	if (fdt_node_body(fdt, node, &off))
		return -EINVAL;
	off = fdt_skip_props(fdt, off, &tag);
	if (tag == FDT_BEGIN_NODE)
		return (int)off;
	return tag == FDT_END_NODE ? -ENOENT : -EBADMSG;
}

/*
 * Returns the node after node's subtree at the same level, -ENOENT if
 * node is the last child (or the root), -EINVAL if node is bad.
 */
int fdt_next_sibling(const struct fdt *fdt, int node)
{
	u32 off, next;
	int tag, depth = 0;

	if (fdt_node_body(fdt, node, &off))
		return -EINVAL;
	for (;; off = next) {	/* skip to just after node's END_NODE */
		tag = fdt_tag(fdt, off, &next, NULL);
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE && depth-- == 0)
			break;
		else if (tag < 0 || tag == FDT_END)
			return -EBADMSG;
	}
	off = fdt_skip_props(fdt, next, &tag);	/* only NOPs are valid here */
	if (tag == FDT_BEGIN_NODE)
		return (int)off;
	return tag == FDT_END_NODE || tag == FDT_END ? -ENOENT : -EBADMSG;
}

/*
 * fdt_ancestors - find the path from the root to node.
 * chain must hold FDT_MAX_DEPTH ints; on success chain[0] is the root,
 * chain[d] is node, and chain[0..d-1] its ancestors.
 * Returns d (0 for the root), or -EINVAL if node is not a node offset.
 */
static int fdt_ancestors(const struct fdt *fdt, int node, int *chain)
{
	int off, depth = 0;

	if (fdt_node_body(fdt, node, NULL))
		return -EINVAL;
	for (off = fdt_root(fdt); off >= 0 && off <= node;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH)
			return -EBADMSG;
		chain[depth] = off;
		if (off == node)
			return depth;
	}
	return off < 0 && off != -ENOENT ? off : -EINVAL;
}

/* Returns node's parent, -ENOENT for the root, -EINVAL for a bad node. */
int fdt_parent(const struct fdt *fdt, int node)
{
	int chain[FDT_MAX_DEPTH];
	int depth = fdt_ancestors(fdt, node, chain);

	if (depth < 0)
		return depth;
	return depth ? chain[depth - 1] : -ENOENT;
}

/* Returns node's name ("" for the root, "uart@1c090000"), NULL if bad node. */
const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (fdt_node_body(fdt, node, NULL))
		return NULL;
	return (const char *)fdt_sp(fdt, (u32)node + 4);
}

/* ---- properties ---- */

/* True if the PROP at struct offset off is called name[0..namelen). */
static bool fdt_propname_eq(const struct fdt *fdt, u32 off, const char *name,
			    size_t namelen)
{
	u32 nameoff = be32(fdt_sp(fdt, off + 8));
	const char *s;

	if (nameoff >= fdt->size_strings ||
	    namelen >= fdt->size_strings - nameoff)
		return false;
	s = (const char *)fdt->blob + fdt->off_strings + nameoff;
	return !memcmp(s, name, namelen) && s[namelen] == '\0';
}

/*
 * fdt_getprop_namelen - look up property name[0..namelen) of node.
 * Returns a pointer to its value and sets *lenp (if non-NULL) to the
 * value's length; or NULL with *lenp = -ENOENT (absent) or -EINVAL (bad
 * node). A zero-length property yields a non-NULL pointer.
 */
static const void *fdt_getprop_namelen(const struct fdt *fdt, int node,
				       const char *name, size_t namelen,
				       int *lenp)
{
	u32 off, next;
	int tag, err = -EINVAL;

	if (!name || fdt_node_body(fdt, node, &off))
		goto fail;
	for (;; off = next) {
		tag = fdt_tag(fdt, off, &next, NULL);
		if (tag == FDT_NOP)
			continue;
		err = tag < 0 ? tag : -ENOENT;
		if (tag != FDT_PROP)
			goto fail;
		if (fdt_propname_eq(fdt, off, name, namelen))
			break;
	}
	if (lenp)
		*lenp = (int)be32(fdt_sp(fdt, off + 4));
	return fdt_sp(fdt, off + FDT_PROP_HDR_SIZE);
fail:
	if (lenp)
		*lenp = err;
	return NULL;
}

/* See fdt_getprop_namelen(); name is a C string. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp)
{
	return fdt_getprop_namelen(fdt, node, name, name ? strlen(name) : 0,
				   lenp);
}

/* Reads a one-cell property. Returns 0, -ENOENT, or -EINVAL (length != 4). */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    u32 *out)
{
	const u8 *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v)
		return len;
	if (len != 4)
		return -EINVAL;
	if (out)
		*out = be32(v);
	return 0;
}

/*
 * Returns the property as a C string (the first string of a stringlist),
 * or NULL unless it is present, non-empty (length > 0) and contains a NUL
 * within its length. "" (length 1) is returned as "".
 */
const char *fdt_getprop_str(const struct fdt *fdt, int node, const char *name)
{
	const char *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v || len <= 0 || !memchr(v, 0, (size_t)len))
		return NULL;
	return v;
}

/* True if the stringlist list[0..len) contains s exactly. */
static bool fdt_stringlist_has(const char *list, int len, const char *s)
{
	size_t slen = strlen(s), n;
	const char *nul;

	while (len > 0) {
		nul = memchr(list, 0, (size_t)len);
		if (!nul)
			return false;	/* unterminated tail never matches */
		n = (size_t)(nul - list);
		if (n == slen && !memcmp(list, s, n))
			return true;
		len -= (int)n + 1;
		list = nul + 1;
	}
	return false;
}

/* True if compat is one of the strings in node's compatible property. */
bool fdt_node_is_compatible(const struct fdt *fdt, int node,
			    const char *compat)
{
	const char *list;
	int len;

	if (!compat)
		return false;
	list = fdt_getprop(fdt, node, "compatible", &len);
	return list && fdt_stringlist_has(list, len, compat);
}

/*
 * Returns the first node after `after` in depth-first order (after = -1:
 * from the root, inclusive) compatible with compat; -ENOENT if none,
 * -EINVAL for a bad `after`.
 */
int fdt_next_compatible(const struct fdt *fdt, int after, const char *compat)
{
	int node;

	for (node = fdt_next_node(fdt, after, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (fdt_node_is_compatible(fdt, node, compat))
			return node;
	}
	return node;
}

/*
 * True if node's status is absent, "okay" or "ok". A malformed status, or
 * a bad node, reads as unavailable.
 */
bool fdt_node_is_available(const struct fdt *fdt, int node)
{
	const char *status;
	int len;

	if (!fdt_getprop(fdt, node, "status", &len))
		return len == -ENOENT;
	status = fdt_getprop_str(fdt, node, "status");
	return status && (!strcmp(status, "okay") || !strcmp(status, "ok"));
}

/* ---- paths ---- */

/*
 * fdt_subnode_namelen - child of parent named name[0..len).
 * An exact name match wins; failing that, if name has no unit address,
 * the first child whose name is name + "@unit".
 * Returns the child, -ENOENT, or another -errno.
 */
static int fdt_subnode_namelen(const struct fdt *fdt, int parent,
			       const char *name, size_t len)
{
	bool loose_ok = !memchr(name, '@', len);
	int child, loose = -ENOENT;
	const char *cn;
	size_t cl;

	for (child = fdt_first_child(fdt, parent); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		cn = fdt_node_name(fdt, child);
		if (!cn)
			return -EBADMSG;
		cl = strlen(cn);
		if (memcmp(cn, name, MIN(cl, len)))
			continue;
		if (cl == len)
			return child;
		if (loose_ok && loose < 0 && cl > len && cn[len] == '@')
			loose = child;
	}
	return child == -ENOENT ? loose : child;
}

static int fdt_path_offset_len(const struct fdt *fdt, const char *path,
			       size_t len);

/* Resolve alias name[0..len) through /aliases. Returns a node or -errno. */
static int fdt_alias_node(const struct fdt *fdt, const char *name, size_t len)
{
	const char *val;
	int aliases, vlen;

	aliases = fdt_path_offset_len(fdt, "/aliases", 8);
	if (aliases < 0)
		return aliases;
	val = fdt_getprop_namelen(fdt, aliases, name, len, &vlen);
	if (!val)
		return vlen;
	/* Alias values must be absolute: this is what bounds the recursion. */
	if (vlen <= 1 || val[0] != '/' || !memchr(val, 0, (size_t)vlen))
		return -EINVAL;
	return fdt_path_offset_len(fdt, val, strlen(val));
}

/*
 * fdt_path_offset_len - resolve path[0..len), absolute or alias-relative
 * ("serial0", "serial0/child"). Repeated '/' are ignored.
 * Returns the node, -ENOENT if absent, -EINVAL for an empty path or a
 * malformed alias.
 */
static int fdt_path_offset_len(const struct fdt *fdt, const char *path,
			       size_t len)
{
	const char *p = path, *end, *q;
	int node;

	if (!path || !len)
		return -EINVAL;
	end = path + len;
	if (*p != '/') {
		q = memchr(p, '/', len);
		if (!q)
			q = end;
		node = fdt_alias_node(fdt, p, (size_t)(q - p));
		p = q;
	} else {
		node = fdt_root(fdt);
	}
	while (node >= 0) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		node = fdt_subnode_namelen(fdt, node, p, (size_t)(q - p));
		p = q;
	}
	return node;
}

/* See fdt_path_offset_len(); path is a C string. */
int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	if (!path)
		return -EINVAL;
	return fdt_path_offset_len(fdt, path, strlen(path));
}

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
