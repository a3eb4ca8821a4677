/* SPDX-License-Identifier: MIT */
/*
 * FDT validation: fdt_init() checks the header, the block layout, the
 * reservation map and every token of the structure block once, so that
 * a bad blob is refused with a sentence saying what is wrong.  The
 * readers (fdt.c, fdt_addr.c) still bounds-check everything they touch.
 */
#include "fdt_internal.h"

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

