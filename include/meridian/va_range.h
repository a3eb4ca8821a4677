/* SPDX-License-Identifier: MIT */
/*
 * A virtual address range allocator (vmalloc's, and later the module
 * window's): free ranges in a red-black tree ordered by address, each
 * node augmented with the largest free size in its subtree, so that the
 * lowest-address fit for any power-of-two alignment is found in
 * O(log n); busy areas in a second red-black tree keyed by address, for
 * lookups by any address inside an area.  Pure logic: node memory comes
 * from the caller's ops, the host tests run it as it is.
 * Context: the caller serialises all calls (a lock).
 */
#ifndef MERIDIAN_VA_RANGE_H
#define MERIDIAN_VA_RANGE_H

#include <meridian/rbtree.h>
#include <meridian/types.h>

/* A free range [start, end). */
struct va_free {
	struct rb_node rb;
	unsigned long start, end;
	unsigned long subtree_max;	/* largest end - start in this subtree */
};

/* A busy area [start, end); embed it in the user's area descriptor. */
struct va_busy {
	struct rb_node rb;
	unsigned long start, end;
};

struct va_space_ops {
	/* Memory for one struct va_free; NULL when there is none. */
	struct va_free *(*node_alloc)(void *ctx);
	void (*node_free)(void *ctx, struct va_free *node);
	void *ctx;
};

struct va_space {
	struct rb_node *free_root;
	struct rb_node *busy_root;
	unsigned long start, end;	/* the managed range */
	unsigned long free_bytes;
	unsigned long nr_free, nr_busy;	/* nodes in each tree */
	const struct va_space_ops *ops;
};

/*
 * The whole of [start, end) free.  -ENOMEM if the first node cannot be
 * had; -EINVAL unless 0 < start < end (0 is va_alloc's failure value).
 */
int va_space_init(struct va_space *s, unsigned long start, unsigned long end,
		  const struct va_space_ops *ops);

/*
 * va_alloc - reserve size bytes (non-zero, a multiple of the caller's
 * granule) at the lowest address aligned to align (a power of two),
 * within [s->start, s->end).  Returns the start, 0 when nothing fits,
 * or 0 with *err = -ENOMEM when a split needed a node and none was had
 * (nothing changed).  err may be NULL; *err is 0 on success, -ENOSPC
 * when nothing fits, -EINVAL for a zero size or a bad align.
 */
unsigned long va_alloc(struct va_space *s, unsigned long size, unsigned long align, int *err);

/*
 * va_release - give [start, start + size) back, merging with free
 * neighbours.  Returns 0, -EINVAL for a range outside the space or
 * overlapping free space (nothing changed), or -ENOMEM when a new node
 * was needed and none was had (nothing changed).
 */
int va_release(struct va_space *s, unsigned long start, unsigned long size);

/* The largest free range (VmallocChunk). */
unsigned long va_largest_free(const struct va_space *s);

/*
 * Busy areas: insert (must not overlap another: -EEXIST; must not be
 * empty: -EINVAL), remove (must be inserted), find.
 */
int va_busy_insert(struct va_space *s, struct va_busy *b);
void va_busy_remove(struct va_space *s, struct va_busy *b);
/* The busy area containing addr, or NULL. */
struct va_busy *va_busy_find(const struct va_space *s, unsigned long addr);
/* The busy area nearest below addr (end <= addr), or NULL: for "just past the end" reports. */
struct va_busy *va_busy_prev(const struct va_space *s, unsigned long addr);
/* In-order walks: first and next busy area (vmallocinfo), NULL at the end. */
struct va_busy *va_busy_first(const struct va_space *s);
struct va_busy *va_busy_next(const struct va_busy *b);
/* In-order walk of free ranges (tests, debugging). */
struct va_free *va_free_first(const struct va_space *s);
struct va_free *va_free_next(const struct va_free *f);

#endif /* MERIDIAN_VA_RANGE_H */
