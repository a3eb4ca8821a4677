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
#include "fdt_internal.h"

/*
 * fdt_tag - decode the token at struct offset off.
 * Checks that the token and everything it carries (node name, property
 * header and value) lie inside the structure block.
 * Returns the token and sets *next to the 4-aligned offset of the token
 * after it; or -EBADMSG with *why (if non-NULL) set to an enum fdt_bad.
 */
int fdt_tag(const struct fdt *fdt, u32 off, u32 *next, int *why)
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
int fdt_node_body(const struct fdt *fdt, int node, u32 *body)
{
	u32 next;

	if (node < 0 || fdt_tag(fdt, (u32)node, &next, NULL) != FDT_BEGIN_NODE)
		return -EINVAL;
	if (body)
		*body = next;
	return 0;
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
int fdt_ancestors(const struct fdt *fdt, int node, int *chain)
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
	return fdt_getprop_u32_array(fdt, node, name, out, 1);
}

int fdt_getprop_u32_array(const struct fdt *fdt, int node, const char *name,
			  u32 *out, int n)
{
	const u8 *v;
	int len;

	v = fdt_getprop(fdt, node, name, &len);
	if (!v)
		return len;
	if (n < 1 || len != 4 * n)
		return -EINVAL;
	for (int i = 0; out && i < n; i++)
		out[i] = be32(v + 4 * i);
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
int fdt_path_offset_len(const struct fdt *fdt, const char *path,
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

