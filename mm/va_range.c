/* SPDX-License-Identifier: MIT */
/*
 * The virtual address range allocator (see meridian/va_range.h), after
 * Linux's mm/vmalloc.c free_vmap_area_root: the free ranges of a space
 * in a red-black tree ordered by start, each node caching subtree_max,
 * the largest free range in its subtree, so that a search skips every
 * subtree too small to help.
 *
 * Lowest fit.  A range [s, e) holds size bytes aligned to align iff
 * ALIGN_UP(s, align) + size <= e.  The search walks the tree in address
 * order, entering only subtrees with subtree_max >= size (a necessary
 * condition), and stops at the first range that holds the allocation:
 * the lowest address, exactly.  When align is no larger than the
 * granule every range of size bytes holds it, so the first subtree
 * entered always has the answer and the search is one O(log n) descent.
 * With a larger align a subtree may have a big enough range that is
 * badly placed; the walk then backs out and goes on in order, costing
 * O(log n) per such range passed (Linux instead asks for size + align - 1,
 * which is O(log n) but may miss the lowest fit).
 *
 * Nodes: an allocation takes a free node only when it lies strictly
 * inside a free range (a gap left for alignment and a remainder on the
 * right); a release takes one only when it merges with neither neighbour.
 * Either fails cleanly with -ENOMEM before anything is changed.
 *
 * The busy tree is a plain red-black tree of the caller's areas by start.
 *
 * Out of scope: locking (the caller's), lazy purging and per-CPU caches
 * (Linux's), guard pages (the caller adds them to size), page tables.
 */
#include <meridian/kernel.h>
#include <meridian/va_range.h>

static inline struct va_free *to_free(const struct rb_node *n)
{
	return rb_entry(n, struct va_free, rb);
}

static inline struct va_busy *to_busy(const struct rb_node *n)
{
	return rb_entry(n, struct va_busy, rb);
}

static inline unsigned long free_max(const struct rb_node *n)
{
	return n ? to_free(n)->subtree_max : 0;
}

/* subtree_max of f from its own size and its children's, which must be right. */
static unsigned long va_free_compute(const struct va_free *f)
{
	unsigned long m = f->end - f->start;

	m = MAX(m, free_max(f->rb.left));
	return MAX(m, free_max(f->rb.right));
}

/* --- Augment hooks for the free tree (see meridian/rbtree.h) --- */

static void va_aug_propagate(struct rb_node *n, struct rb_node *stop)
{
	for (; n != stop; n = n->parent)
		to_free(n)->subtree_max = va_free_compute(to_free(n));
}

static void va_aug_copy(struct rb_node *old, struct rb_node *new)
{
	to_free(new)->subtree_max = to_free(old)->subtree_max;
}

static void va_aug_rotate(struct rb_node *old, struct rb_node *new)
{
	to_free(new)->subtree_max = to_free(old)->subtree_max;
	to_free(old)->subtree_max = va_free_compute(to_free(old));
}

static const struct rb_augment_callbacks va_aug = {
	.propagate = va_aug_propagate,
	.copy = va_aug_copy,
	.rotate = va_aug_rotate,
};

/* --- Free tree --- */

/* f's bounds changed (but not its place in the order): fix the path up. */
static void va_free_resized(struct va_free *f)
{
	va_aug_propagate(&f->rb, NULL);
}

/* Link f, whose range overlaps no free range, into the free tree. */
static void va_free_insert(struct va_space *s, struct va_free *f)
{
	struct rb_node **link = &s->free_root, *parent = NULL;
	unsigned long size = f->end - f->start;

	while (*link) {
		parent = *link;
		link = f->start < to_free(parent)->start ? &parent->left : &parent->right;
	}
	rb_link_node(&f->rb, parent, link);
	f->subtree_max = size;
	for (; parent && to_free(parent)->subtree_max < size; parent = parent->parent)
		to_free(parent)->subtree_max = size;
	rb_insert_color(&f->rb, &s->free_root, &va_aug);
	s->nr_free++;
}

/* Unlink f from the free tree and give its memory back. */
static void va_free_delete(struct va_space *s, struct va_free *f)
{
	rb_erase(&f->rb, &s->free_root, &va_aug);
	s->nr_free--;
	s->ops->node_free(s->ops->ctx, f);
}

/* The free range with the greatest start <= addr, or NULL. */
static struct va_free *va_free_lookup(const struct va_space *s, unsigned long addr)
{
	struct rb_node *n = s->free_root;
	struct va_free *best = NULL;

	while (n) {
		if (to_free(n)->start <= addr) {
			best = to_free(n);
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return best;
}

/*
 * Whether f holds size bytes aligned to align; if so *addr is the lowest
 * such start.  An ALIGN_UP that wraps past the top of the address space
 * comes out below f->start and is refused.
 */
static bool va_fit(const struct va_free *f, unsigned long size, unsigned long align,
		   unsigned long *addr)
{
	unsigned long a = ALIGN_UP(f->start, align);

	if (a < f->start || a >= f->end || f->end - a < size)
		return false;
	*addr = a;
	return true;
}

/*
 * The lowest free range that holds size aligned to align, in *addr its
 * aligned start; NULL when none does.  An in-order walk with parent
 * links that never enters a subtree whose subtree_max < size: down-left
 * while the left subtree could help, then the node itself, then its
 * right subtree, and up when both sides are done.
 */
static struct va_free *va_find_lowest(const struct va_space *s, unsigned long size,
				      unsigned long align, unsigned long *addr)
{
	struct rb_node *n = s->free_root, *from;

	if (free_max(n) < size)
		return NULL;
	for (;;) {
		/* n's subtree could help: try its left part first. */
		while (free_max(n->left) >= size)
			n = n->left;
		for (;;) {
			/* n's left part is done: n itself, then its right part. */
			if (va_fit(to_free(n), size, align, addr))
				return to_free(n);
			if (free_max(n->right) >= size) {
				n = n->right;
				break;
			}
			/* n's subtree is done: climb to the first node entered from its left. */
			do {
				from = n;
				n = n->parent;
			} while (n && n->right == from);
			if (!n)
				return NULL;
		}
	}
}

/*
 * Take [addr, addr + size) out of f, which holds it.  Needs a new node
 * only for a remainder on both sides; -ENOMEM then, with nothing changed.
 */
static int va_free_carve(struct va_space *s, struct va_free *f, unsigned long addr,
			 unsigned long size)
{
	unsigned long end = addr + size;
	struct va_free *right;

	if (addr == f->start && end == f->end) {
		va_free_delete(s, f);
	} else if (addr == f->start) {
		f->start = end;
		va_free_resized(f);
	} else if (end == f->end) {
		f->end = addr;
		va_free_resized(f);
	} else {
		right = s->ops->node_alloc(s->ops->ctx);
		if (!right)
			return -ENOMEM;
		right->start = end;
		right->end = f->end;
		f->end = addr;
		va_free_resized(f);
		va_free_insert(s, right);
	}
	s->free_bytes -= size;
	return 0;
}

/*
 * va_space_init - one free range, [start, end).  start must be non-zero
 * (va_alloc returns 0 for failure) and below end: -EINVAL otherwise.
 * -ENOMEM if the node cannot be had.  ops must outlive s.
 */
int va_space_init(struct va_space *s, unsigned long start, unsigned long end,
		  const struct va_space_ops *ops)
{
	struct va_free *f;

	BUG_ON(!ops || !ops->node_alloc || !ops->node_free);
	s->free_root = NULL;
	s->busy_root = NULL;
	s->start = start;
	s->end = end;
	s->free_bytes = 0;
	s->nr_free = 0;
	s->nr_busy = 0;
	s->ops = ops;
	if (WARN_ON(!start || start >= end))
		return -EINVAL;
	f = ops->node_alloc(ops->ctx);
	if (!f)
		return -ENOMEM;
	f->start = start;
	f->end = end;
	va_free_insert(s, f);
	s->free_bytes = end - start;
	return 0;
}

/*
 * va_alloc - the lowest fit: find it, carve it out.  *err (if err is
 * given) is 0 on success, -ENOSPC when nothing fits, -ENOMEM when the
 * split needed a node and none was had, -EINVAL for a zero size or an
 * align that is not a power of two; the return is 0 on every failure and
 * nothing is changed.
 */
unsigned long va_alloc(struct va_space *s, unsigned long size, unsigned long align, int *err)
{
	struct va_free *f;
	unsigned long addr = 0;
	int ret;

	if (WARN_ON(!size || !align || (align & (align - 1)))) {
		ret = -EINVAL;
		goto out;
	}
	f = va_find_lowest(s, size, align, &addr);
	if (!f) {
		ret = -ENOSPC;
		goto out;
	}
	ret = va_free_carve(s, f, addr, size);
	if (ret)
		addr = 0;
out:
	if (err)
		*err = ret;
	return addr;
}

/*
 * va_release - check that [start, end) lies in the space and overlaps no
 * free range (only the nearest free range at or below start and the one
 * after it can), then merge it with whichever of them touches it.
 */
int va_release(struct va_space *s, unsigned long start, unsigned long size)
{
	unsigned long end = start + size;
	struct va_free *prev, *next, *f;
	struct rb_node *n;

	if (!size || end < start || start < s->start || end > s->end)
		return -EINVAL;
	prev = va_free_lookup(s, start);
	n = prev ? rb_next(&prev->rb) : rb_first(s->free_root);
	next = n ? to_free(n) : NULL;
	if ((prev && prev->end > start) || (next && next->start < end))
		return -EINVAL;

	if (prev && prev->end == start && next && next->start == end) {
		end = next->end;
		va_free_delete(s, next);
		prev->end = end;
		va_free_resized(prev);
	} else if (prev && prev->end == start) {
		prev->end = end;
		va_free_resized(prev);
	} else if (next && next->start == end) {
		next->start = start;
		va_free_resized(next);
	} else {
		f = s->ops->node_alloc(s->ops->ctx);
		if (!f)
			return -ENOMEM;
		f->start = start;
		f->end = end;
		va_free_insert(s, f);
	}
	s->free_bytes += size;
	return 0;
}

unsigned long va_largest_free(const struct va_space *s)
{
	return free_max(s->free_root);
}

struct va_free *va_free_first(const struct va_space *s)
{
	struct rb_node *n = rb_first(s->free_root);

	return n ? to_free(n) : NULL;
}

struct va_free *va_free_next(const struct va_free *f)
{
	struct rb_node *n = rb_next(&f->rb);

	return n ? to_free(n) : NULL;
}

/* --- Busy tree --- */

/*
 * va_busy_insert - link b, whose [start, end) must be non-empty (-EINVAL)
 * and overlap no busy area (-EEXIST); nothing changed on failure.  Only
 * the area at or below b->start and the one after it can overlap, and
 * both lie on the path down to b's place (an in-order neighbour of a
 * leaf position is one of its ancestors): one descent finds the place
 * and checks them.
 */
int va_busy_insert(struct va_space *s, struct va_busy *b)
{
	struct rb_node **link = &s->busy_root, *parent = NULL;

	if (WARN_ON(b->start >= b->end))
		return -EINVAL;
	while (*link) {
		const struct va_busy *p;

		parent = *link;
		p = to_busy(parent);
		if (b->start < p->end && p->start < b->end)
			return -EEXIST;
		link = b->start < p->start ? &parent->left : &parent->right;
	}
	rb_link_node(&b->rb, parent, link);
	rb_insert_color(&b->rb, &s->busy_root, NULL);
	s->nr_busy++;
	return 0;
}

/*
 * Whether b is linked where its parent pointer says: its parent's child,
 * or the root.  O(1), unlike a lookup (the caller has usually just done
 * one); it catches a node never inserted and a second removal (an erased
 * node's parent no longer points to it).
 */
static bool va_busy_linked(const struct va_space *s, const struct va_busy *b)
{
	const struct rb_node *p = b->rb.parent;

	if (!p)
		return s->busy_root == &b->rb;
	return p->left == &b->rb || p->right == &b->rb;
}

/* va_busy_remove - unlink b, which must be in the tree (checked: BUG otherwise). */
void va_busy_remove(struct va_space *s, struct va_busy *b)
{
	BUG_ON(!va_busy_linked(s, b));
	rb_erase(&b->rb, &s->busy_root, NULL);
	s->nr_busy--;
}

struct va_busy *va_busy_find(const struct va_space *s, unsigned long addr)
{
	struct rb_node *n = s->busy_root;

	while (n) {
		struct va_busy *b = to_busy(n);

		if (addr < b->start)
			n = n->left;
		else if (addr >= b->end)
			n = n->right;
		else
			return b;
	}
	return NULL;
}

/* Areas are disjoint, so ends are in the same order as starts. */
struct va_busy *va_busy_prev(const struct va_space *s, unsigned long addr)
{
	struct rb_node *n = s->busy_root;
	struct va_busy *best = NULL;

	while (n) {
		if (to_busy(n)->end <= addr) {
			best = to_busy(n);
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return best;
}

struct va_busy *va_busy_first(const struct va_space *s)
{
	struct rb_node *n = rb_first(s->busy_root);

	return n ? to_busy(n) : NULL;
}

struct va_busy *va_busy_next(const struct va_busy *b)
{
	struct rb_node *n = rb_next(&b->rb);

	return n ? to_busy(n) : NULL;
}
