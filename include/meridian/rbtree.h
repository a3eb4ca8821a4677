/* SPDX-License-Identifier: MIT */
/*
 * Red-black trees, intrusive, with Linux's names and semantics: the user
 * embeds a struct rb_node, searches and links a new node itself (the tree
 * knows no keys), then calls rb_insert_color() to rebalance; rb_erase()
 * unlinks and rebalances.  A tree is a `struct rb_node *` root, NULL when
 * empty.
 *
 * Augmented trees (Linux's rbtree_augmented.h): a node may cache a value
 * computed from its subtree (the largest free size, say).  The user keeps
 * it right on its own changes with propagate, and passes callbacks so the
 * tree keeps it right through its own moves:
 *   propagate(n, stop)  recompute n and its ancestors, up to but not
 *                       including stop (NULL: up to the root);
 *   copy(old, new)      new takes old's place in the tree: new's value
 *                       becomes old's;
 *   rotate(old, new)    new has been rotated into old's place, old is now
 *                       new's child: new's value becomes old's, old's is
 *                       recomputed from its (new) children.
 * Plain trees pass NULL callbacks.
 *
 * Context: no locking; the caller serialises.  No allocation.
 */
#ifndef MERIDIAN_RBTREE_H
#define MERIDIAN_RBTREE_H

#include <meridian/list.h>	/* container_of */
#include <meridian/types.h>

struct rb_node {
	struct rb_node *parent, *left, *right;
	bool red;
};

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/*
 * rb_link_node - hang node, red and childless, at *link under parent
 * (NULL for the root).  Call rb_insert_color() next.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->parent = parent;
	node->left = NULL;
	node->right = NULL;
	node->red = true;
	*link = node;
}

/*
 * rb_insert_color - rebalance after rb_link_node().  For an augmented
 * tree the new node's value and its ancestors' must already be right
 * (propagate from the node); aug->rotate keeps them right.  aug may be NULL.
 */
void rb_insert_color(struct rb_node *node, struct rb_node **root,
		     const struct rb_augment_callbacks *aug);

/*
 * rb_erase - unlink node (which must be in the tree) and rebalance.  For
 * an augmented tree every value stays right.  aug may be NULL.  node's
 * links are left stale; the caller owns its memory again.
 */
void rb_erase(struct rb_node *node, struct rb_node **root,
	      const struct rb_augment_callbacks *aug);

/* In-order walks; NULL past either end or for an empty tree. */
struct rb_node *rb_first(struct rb_node *root);
struct rb_node *rb_last(struct rb_node *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif /* MERIDIAN_RBTREE_H */
