/* SPDX-License-Identifier: MIT */
/*
 * Red-black tree rebalancing (see meridian/rbtree.h).  The rules kept:
 *   1. every node is red or black, the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a NULL link passes the same number
 *      of black nodes.
 * So the height is at most 2 log2(n + 1).  Insertion and erasure are the
 * textbook fix-ups (CLRS chapter 13), written with parent pointers; an
 * augmented tree's cached values are kept through the rotations by the
 * caller's rotate hook, and along the path of an erasure by propagate.
 *
 * Out of scope: keys and searching (the caller's), locking, RCU.
 */
#include <meridian/rbtree.h>

static inline bool rb_is_red(const struct rb_node *n)
{
	return n && n->red;
}

/* Make parent (NULL: the root) point at new where it pointed at old. */
static void rb_replace_child(struct rb_node *parent, struct rb_node *old,
			     struct rb_node *new, struct rb_node **root)
{
	if (!parent)
		*root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/*
 * Rotate left about x: its right child y takes x's place and x becomes
 * y's left child.  The in-order sequence does not change.
 */
static void rb_rotate_left(struct rb_node *x, struct rb_node **root,
			   const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	rb_replace_child(x->parent, x, y, root);
	y->left = x;
	x->parent = y;
	if (aug)
		aug->rotate(x, y);
}

/* The mirror image: x's left child y takes x's place. */
static void rb_rotate_right(struct rb_node *x, struct rb_node **root,
			    const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	rb_replace_child(x->parent, x, y, root);
	y->right = x;
	x->parent = y;
	if (aug)
		aug->rotate(x, y);
}

/*
 * rb_insert_color - node is red and linked as a leaf; only rule 2 may be
 * broken, between node and its parent.  Either the red uncle lets the
 * grandparent take the red up a level (and the loop goes on from there),
 * or one or two rotations end it.
 */
void rb_insert_color(struct rb_node *node, struct rb_node **root,
		     const struct rb_augment_callbacks *aug)
{
	struct rb_node *p, *g, *uncle;

	while ((p = node->parent) && p->red) {
		g = p->parent;		/* exists: a red node is never the root */
		uncle = p == g->left ? g->right : g->left;
		if (rb_is_red(uncle)) {
			p->red = false;
			uncle->red = false;
			g->red = true;
			node = g;
			continue;
		}
		if (p == g->left) {
			if (node == p->right) {
				rb_rotate_left(p, root, aug);
				p = node;
			}
			rb_rotate_right(g, root, aug);
		} else {
			if (node == p->left) {
				rb_rotate_right(p, root, aug);
				p = node;
			}
			rb_rotate_left(g, root, aug);
		}
		p->red = false;
		g->red = true;
		break;
	}
	(*root)->red = false;
}

/*
 * One step of the erase fix-up when x (maybe NULL) is the left child of
 * parent and is "doubly black": its side is one black short.  Returns the
 * next x to fix, or NULL when the tree is balanced again; *parentp
 * follows x.
 */
static struct rb_node *rb_erase_fix_left(struct rb_node *parent,
					 struct rb_node **parentp,
					 struct rb_node **root,
					 const struct rb_augment_callbacks *aug)
{
	struct rb_node *w = parent->right;	/* non-NULL: it has a black more */

	if (w->red) {
		w->red = false;
		parent->red = true;
		rb_rotate_left(parent, root, aug);
		w = parent->right;
	}
	if (!rb_is_red(w->left) && !rb_is_red(w->right)) {
		w->red = true;
		*parentp = parent->parent;
		return parent;
	}
	if (!rb_is_red(w->right)) {
		w->left->red = false;
		w->red = true;
		rb_rotate_right(w, root, aug);
		w = parent->right;
	}
	w->red = parent->red;
	parent->red = false;
	w->right->red = false;
	rb_rotate_left(parent, root, aug);
	return NULL;
}

/* The mirror image of rb_erase_fix_left(). */
static struct rb_node *rb_erase_fix_right(struct rb_node *parent,
					  struct rb_node **parentp,
					  struct rb_node **root,
					  const struct rb_augment_callbacks *aug)
{
	struct rb_node *w = parent->left;

	if (w->red) {
		w->red = false;
		parent->red = true;
		rb_rotate_right(parent, root, aug);
		w = parent->left;
	}
	if (!rb_is_red(w->left) && !rb_is_red(w->right)) {
		w->red = true;
		*parentp = parent->parent;
		return parent;
	}
	if (!rb_is_red(w->left)) {
		w->right->red = false;
		w->red = true;
		rb_rotate_left(w, root, aug);
		w = parent->left;
	}
	w->red = parent->red;
	parent->red = false;
	w->left->red = false;
	rb_rotate_right(parent, root, aug);
	return NULL;
}

/*
 * A black node was removed from below parent, and x (maybe NULL) took its
 * place: x's side is one black short.  A red x simply turns black;
 * otherwise push the shortage up or settle it by rotations.  When x is
 * NULL its side is the NULL link: the sibling cannot also be NULL, since
 * it carries at least one black.
 */
static void rb_erase_color(struct rb_node *x, struct rb_node *parent,
			   struct rb_node **root,
			   const struct rb_augment_callbacks *aug)
{
	while (x != *root && !rb_is_red(x)) {
		if (x == parent->left)
			x = rb_erase_fix_left(parent, &parent, root, aug);
		else
			x = rb_erase_fix_right(parent, &parent, root, aug);
		if (!x)
			return;
	}
	if (x)
		x->red = false;
}

/*
 * Unlink node, which has two children, by moving its in-order successor
 * (the leftmost node of its right subtree, which has no left child) into
 * its place.  Returns the successor's old colour; *childp and *parentp
 * are where the successor was taken from: the child that replaced it and
 * that child's parent.
 */
static bool rb_erase_two(struct rb_node *node, struct rb_node **root,
			 struct rb_node **childp, struct rb_node **parentp,
			 const struct rb_augment_callbacks *aug)
{
	struct rb_node *succ = node->right, *child, *parent;
	bool succ_red;

	while (succ->left)
		succ = succ->left;
	child = succ->right;
	succ_red = succ->red;
	if (succ->parent == node) {
		parent = succ;
	} else {
		parent = succ->parent;
		parent->left = child;
		if (child)
			child->parent = parent;
		succ->right = node->right;
		node->right->parent = succ;
	}
	succ->left = node->left;
	node->left->parent = succ;
	succ->parent = node->parent;
	rb_replace_child(node->parent, node, succ, root);
	succ->red = node->red;
	if (aug)
		aug->copy(node, succ);
	*childp = child;
	*parentp = parent;
	return succ_red;
}

/*
 * rb_erase - unlink, then recompute the cached values along the changed
 * path (every node whose subtree lost a node or changed shape lies on the
 * path from the lowest changed node to the root) before the rotations of
 * the colour fix-up, which rely on them being right.
 */
void rb_erase(struct rb_node *node, struct rb_node **root,
	      const struct rb_augment_callbacks *aug)
{
	struct rb_node *child, *parent;
	bool removed_red;

	if (node->left && node->right) {
		removed_red = rb_erase_two(node, root, &child, &parent, aug);
	} else {
		child = node->left ? node->left : node->right;
		parent = node->parent;
		rb_replace_child(parent, node, child, root);
		if (child)
			child->parent = parent;
		removed_red = node->red;
	}
	if (aug && parent)
		aug->propagate(parent, NULL);
	if (!removed_red)
		rb_erase_color(child, parent, root, aug);
}

struct rb_node *rb_first(struct rb_node *root)
{
	if (!root)
		return NULL;
	while (root->left)
		root = root->left;
	return root;
}

struct rb_node *rb_last(struct rb_node *root)
{
	if (!root)
		return NULL;
	while (root->right)
		root = root->right;
	return root;
}

/* The leftmost node of the right subtree, or the first ancestor reached from its left. */
struct rb_node *rb_next(const struct rb_node *node)
{
	const struct rb_node *p;

	if (node->right)
		return rb_first(node->right);
	while ((p = node->parent) && node == p->right)
		node = p;
	return (struct rb_node *)p;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	const struct rb_node *p;

	if (node->left)
		return rb_last(node->left);
	while ((p = node->parent) && node == p->left)
		node = p;
	return (struct rb_node *)p;
}
