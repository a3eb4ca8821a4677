/* SPDX-License-Identifier: MIT */
/*
 * Host tests for mm/va_range.c and mm/rbtree.c: the virtual address
 * range allocator against a page-bitmap model that knows nothing of
 * trees.  Millions of random allocations (sizes 1..100 pages and some
 * large, power-of-two alignments 4K..4M) and releases (whole, or in two
 * pieces), each checked against the model's lowest aligned fit, with the
 * free and busy trees walked periodically for order, merging, red-black
 * rules and subtree_max; exhaustion, fragmentation, node-allocation
 * failure (-ENOMEM, nothing changed), bad releases (-EINVAL, nothing
 * changed), busy lookups, a plain rbtree workout, and a timing of
 * alloc+release with 100 and 10,000 live areas.  Runs under ASan/UBSan.
 * VA_SEED=n in the environment changes the random seed.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <meridian/errno.h>
#include <meridian/rbtree.h>
#include <meridian/va_range.h>

#include "host_kernel.h"
#include "ktest_host.h"

/* CHECK_MSG as an expression: true when cond holds. */
#define CHECKF(cond, ...)							\
	({									\
		int __ok = ktest_record(!!(cond), __FILE__, __LINE__, #cond);	\
		if (!__ok) {							\
			fprintf(stderr, "    " __VA_ARGS__);			\
			fprintf(stderr, "\n");					\
		}								\
		__ok;								\
	})

#define PG 4096UL
#define VM_START 0xf0800000UL	/* a vmalloc-like space */
#define VM_END 0xff800000UL

/* --- Random numbers: xorshift64*, deterministic --- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [lo, hi]. */
static unsigned long rnd_range(unsigned long lo, unsigned long hi)
{
	return lo + (unsigned long)(rnd() % (hi - lo + 1));
}

/* --- Node memory: malloc, counted, failing on demand --- */

struct pool {
	long live;		/* nodes handed out and not given back */
	bool fail;		/* node_alloc returns NULL while set */
	unsigned long nr_failed;
};

static struct va_free *pool_alloc(void *ctx)
{
	struct pool *p = ctx;
	struct va_free *f;

	if (p->fail) {
		p->nr_failed++;
		return NULL;
	}
	f = malloc(sizeof(*f));
	if (f) {
		memset(f, 0xa5, sizeof(*f));	/* the allocator must set every field it uses */
		p->live++;
	}
	return f;
}

static void pool_free(void *ctx, struct va_free *f)
{
	struct pool *p = ctx;

	p->live--;
	free(f);
}

static struct pool pool;
static const struct va_space_ops pool_ops = { pool_alloc, pool_free, &pool };

/* Give every free node back (the allocator has no teardown). */
static void space_destroy(struct va_space *s)
{
	while (s->free_root) {
		struct va_free *f = rb_entry(s->free_root, struct va_free, rb);

		rb_erase(&f->rb, &s->free_root, NULL);	/* no augment: going away */
		pool_free(&pool, f);
	}
	CHECK_EQ(pool.live, 0);
}

/* --- Tree checks --- */

/*
 * Red-black rules, parent links and (for the free tree) subtree_max of
 * the subtree at n; returns its black height, or -1 after a failure.
 */
static int rb_check(const struct rb_node *n, const struct rb_node *parent, bool free_tree,
		    unsigned long *max_out)
{
	unsigned long lmax = 0, rmax = 0, m;
	int lh, rh;

	*max_out = 0;
	if (!n)
		return 1;
	if (!CHECK(n->parent == parent))
		return -1;
	if (!CHECK(!(n->red && ((n->left && n->left->red) || (n->right && n->right->red)))))
		return -1;
	lh = rb_check(n->left, n, free_tree, &lmax);
	rh = rb_check(n->right, n, free_tree, &rmax);
	if (lh < 0 || rh < 0 || !CHECKF(lh == rh, "black heights %d != %d", lh, rh))
		return -1;
	if (free_tree) {
		const struct va_free *f = rb_entry(n, struct va_free, rb);

		m = MAX(f->end - f->start, MAX(lmax, rmax));
		if (!CHECKF(f->subtree_max == m, "subtree_max %#lx != %#lx", f->subtree_max, m))
			return -1;
		*max_out = m;
	}
	return lh + !n->red;
}

static int rb_height(const struct rb_node *n)
{
	return n ? 1 + MAX(rb_height(n->left), rb_height(n->right)) : 0;
}

/* Both trees' shape, the free ranges' order, bounds, merging and totals. */
static void check_space(const struct va_space *s)
{
	const struct va_free *f, *prev = NULL;
	const struct va_busy *b, *bprev = NULL;
	unsigned long bytes = 0, n = 0, m;

	CHECK(!s->free_root || !s->free_root->red);
	CHECK(!s->busy_root || !s->busy_root->red);
	CHECK(rb_check(s->free_root, NULL, true, &m) > 0);
	CHECK(rb_check(s->busy_root, NULL, false, &m) > 0);
	for (f = va_free_first(s); f; prev = f, f = va_free_next(f)) {
		CHECK(f->start < f->end && f->start >= s->start && f->end <= s->end);
		if (prev)
			CHECKF(prev->end < f->start, "free [%#lx,%#lx) then [%#lx,%#lx): %s",
				  prev->start, prev->end, f->start, f->end,
				  prev->end == f->start ? "not merged" : "overlap");
		bytes += f->end - f->start;
		n++;
	}
	CHECK_EQ(bytes, s->free_bytes);
	CHECK_EQ(n, s->nr_free);
	CHECK_EQ((long)n, pool.live);
	for (n = 0, b = va_busy_first(s); b; bprev = b, b = va_busy_next(b), n++)
		if (bprev)
			CHECK(bprev->end <= b->start);
	CHECK_EQ(n, s->nr_busy);
}

/* --- Snapshots: "nothing changed" --- */

struct snap {
	unsigned long free_bytes, nr_free, nr_busy, n;
	unsigned long (*r)[2];
};

static void snap_take(const struct va_space *s, struct snap *sn)
{
	const struct va_free *f;

	sn->free_bytes = s->free_bytes;
	sn->nr_free = s->nr_free;
	sn->nr_busy = s->nr_busy;
	sn->r = malloc((s->nr_free + 1) * sizeof(*sn->r));
	sn->n = 0;
	for (f = va_free_first(s); f && sn->n <= s->nr_free; f = va_free_next(f), sn->n++) {
		sn->r[sn->n][0] = f->start;
		sn->r[sn->n][1] = f->end;
	}
}

/* Check s against the snapshot and release it. */
static void snap_check(const struct va_space *s, struct snap *sn, const char *what)
{
	const struct va_free *f = va_free_first(s);
	unsigned long i;
	bool same = s->free_bytes == sn->free_bytes && s->nr_free == sn->nr_free &&
		    s->nr_busy == sn->nr_busy;

	for (i = 0; same && i < sn->n; i++, f = va_free_next(f))
		same = f && f->start == sn->r[i][0] && f->end == sn->r[i][1];
	CHECKF(same && !f, "%s changed the space", what);
	free(sn->r);
}

/* --- The model: one bit per page, set when busy --- */

struct area {
	struct va_busy b;
	unsigned long pg, npg;	/* first page, pages */
	unsigned long slot;	/* index in the live array */
};

struct model {
	unsigned long base, npages, nfree;
	uint64_t *bits;
	struct area **owner;	/* per page; NULL when free or not yet a busy area */
	struct area **live;
	unsigned long nlive;
};

static void model_init(struct model *m, unsigned long base, unsigned long npages)
{
	m->base = base;
	m->npages = npages;
	m->nfree = npages;
	m->bits = calloc((npages + 63) / 64, sizeof(uint64_t));
	m->owner = calloc(npages, sizeof(*m->owner));
	m->live = calloc(npages, sizeof(*m->live));
	m->nlive = 0;
}

static void model_destroy(struct model *m)
{
	free(m->bits);
	free(m->owner);
	free(m->live);
}

static bool model_busy(const struct model *m, unsigned long pg)
{
	return m->bits[pg / 64] >> (pg % 64) & 1;
}

/* The first page at or after pos that is busy (or free), or npages. */
static unsigned long model_next(const struct model *m, unsigned long pos, bool busy)
{
	while (pos < m->npages) {
		uint64_t w = busy ? m->bits[pos / 64] : ~m->bits[pos / 64];

		w &= ~0ULL << (pos % 64);
		if (w)
			return MIN((pos & ~63UL) + (unsigned long)__builtin_ctzll(w), m->npages);
		pos = (pos & ~63UL) + 64;
	}
	return m->npages;
}

/* The model's lowest fit: first page of npg pages aligned to align, or ULONG_MAX. */
static unsigned long model_fit(const struct model *m, unsigned long npg, unsigned long align)
{
	unsigned long a, b, idx, pos;

	for (pos = 0; (a = model_next(m, pos, false)) < m->npages; pos = b) {
		b = model_next(m, a, true);
		idx = (ALIGN_UP(m->base + a * PG, align) - m->base) / PG;
		if (idx + npg <= b)
			return idx;
	}
	return ULONG_MAX;
}

/* Mark pages busy (true) or free; every page must change. */
static void model_set(struct model *m, unsigned long pg, unsigned long npg, bool busy)
{
	unsigned long i;

	for (i = pg; i < pg + npg && model_busy(m, i) != busy; i++)
		m->bits[i / 64] ^= 1ULL << (i % 64);
	if (!CHECKF(i == pg + npg, "page %lu already %s", i, busy ? "busy (overlap)" : "free"))
		exit(ktest_summary());
	m->nfree += busy ? -npg : npg;
}

/* The model's free runs equal the free tree's ranges. */
static void model_compare(const struct model *m, const struct va_space *s)
{
	const struct va_free *f = va_free_first(s);
	unsigned long a, b, pos;

	for (pos = 0; (a = model_next(m, pos, false)) < m->npages; pos = b, f = va_free_next(f)) {
		b = model_next(m, a, true);
		if (!CHECKF(f && f->start == m->base + a * PG && f->end == m->base + b * PG,
			       "free run [%#lx,%#lx) vs tree [%#lx,%#lx)", m->base + a * PG,
			       m->base + b * PG, f ? f->start : 0, f ? f->end : 0))
			return;
	}
	CHECK(!f);
}

static void area_track(struct model *m, struct va_space *s, unsigned long pg, unsigned long npg)
{
	struct area *ar = malloc(sizeof(*ar));
	unsigned long i;

	ar->pg = pg;
	ar->npg = npg;
	ar->b.start = m->base + pg * PG;
	ar->b.end = ar->b.start + npg * PG;
	ar->slot = m->nlive;
	m->live[m->nlive++] = ar;
	for (i = pg; i < pg + npg; i++)
		m->owner[i] = ar;
	CHECK_EQ(va_busy_insert(s, &ar->b), 0);
}

static void area_untrack(struct model *m, struct va_space *s, struct area *ar)
{
	unsigned long i;

	va_busy_remove(s, &ar->b);
	for (i = ar->pg; i < ar->pg + ar->npg; i++)
		m->owner[i] = NULL;
	m->live[ar->slot] = m->live[--m->nlive];
	m->live[ar->slot]->slot = ar->slot;
	free(ar);
}

/* --- Operations checked against the model --- */

/* Page i is in the space and free (i may have wrapped below 0). */
static bool model_free_at(const struct model *m, unsigned long i)
{
	return i < m->npages && !model_busy(m, i);
}

/*
 * Allocate npg pages aligned to align in s and in the model; the start
 * must be the model's lowest fit.  With fail, node allocation fails: an
 * allocation strictly inside a free run must then give -ENOMEM and
 * change nothing (and is retried with nodes), any other must succeed
 * without a node.  Returns the first page, or ULONG_MAX.
 */
static unsigned long op_alloc(struct model *m, struct va_space *s, unsigned long npg,
			      unsigned long align, bool fail)
{
	unsigned long want = model_fit(m, npg, align), got;
	bool need = want != ULONG_MAX && model_free_at(m, want - 1) && model_free_at(m, want + npg);
	struct snap sn;
	int err = 1;

	if (fail && need) {
		snap_take(s, &sn);
		pool.fail = true;
		got = va_alloc(s, npg * PG, align, &err);
		pool.fail = false;
		CHECKF(!got && err == -ENOMEM, "alloc inside a range without a node: %#lx, %d", got, err);
		snap_check(s, &sn, "a va_alloc without a node");
	}
	pool.fail = fail && !need;
	got = va_alloc(s, npg * PG, align, &err);
	pool.fail = false;
	if (want == ULONG_MAX) {
		CHECKF(!got && err == -ENOSPC, "alloc %lu pages align %#lx: got %#lx err %d, none fits",
		       npg, align, got, err);
		return ULONG_MAX;
	}
	if (!CHECKF(got == m->base + want * PG && !err,
		    "alloc %lu pages align %#lx: got %#lx err %d, lowest fit %#lx",
		    npg, align, got, err, m->base + want * PG))
		exit(ktest_summary());
	model_set(m, want, npg, true);
	return want;
}

/*
 * Release pages [pg, pg + npg), which the model has busy.  With fail as
 * op_alloc: a release with no free neighbour needs a node, others not.
 */
static void op_release(struct model *m, struct va_space *s, unsigned long pg, unsigned long npg,
		       bool fail)
{
	bool need = !model_free_at(m, pg - 1) && !model_free_at(m, pg + npg);
	struct snap sn;

	if (fail && need) {
		snap_take(s, &sn);
		pool.fail = true;
		CHECK_EQ(va_release(s, m->base + pg * PG, npg * PG), -ENOMEM);
		pool.fail = false;
		snap_check(s, &sn, "a va_release without a node");
	}
	pool.fail = fail && !need;
	CHECK_EQ(va_release(s, m->base + pg * PG, npg * PG), 0);
	pool.fail = false;
	model_set(m, pg, npg, false);
}

/* Release a tracked area whole, or in two pieces in either order. */
static void op_release_area(struct model *m, struct va_space *s, struct area *ar, bool fail)
{
	unsigned long pg = ar->pg, npg = ar->npg, cut;

	area_untrack(m, s, ar);
	if (npg < 2 || rnd() % 5) {
		op_release(m, s, pg, npg, fail);
		return;
	}
	cut = rnd_range(1, npg - 1);
	if (rnd() & 1) {
		op_release(m, s, pg, cut, fail);
		op_release(m, s, pg + cut, npg - cut, fail);
	} else {
		op_release(m, s, pg + cut, npg - cut, fail);
		op_release(m, s, pg, cut, fail);
	}
}

/* A release of a random range that is not wholly busy must be refused. */
static void op_bad_release(struct model *m, struct va_space *s)
{
	long pg = (long)rnd_range(0, m->npages + 4) - 2, i;
	unsigned long npg = rnd_range(1, 8), fb = s->free_bytes, nf = s->nr_free;
	bool ok = pg >= 0 && pg + (long)npg <= (long)m->npages;

	for (i = pg; ok && i < pg + (long)npg; i++)
		ok = model_busy(m, (unsigned long)i);
	if (ok)
		return;
	CHECK_EQ(va_release(s, m->base + (unsigned long)pg * PG, npg * PG), -EINVAL);
	CHECK(s->free_bytes == fb && s->nr_free == nf);
}

/* va_busy_find and va_busy_prev at a random byte, against the model. */
static void op_busy_probe(struct model *m, struct va_space *s, bool prev_too)
{
	unsigned long addr = rnd_range(m->base - 2 * PG, m->base + (m->npages + 2) * PG - 1);
	const struct area *want = NULL;
	const struct va_busy *best = NULL;
	unsigned long i;

	if (addr >= m->base && addr < m->base + m->npages * PG)
		want = m->owner[(addr - m->base) / PG];
	CHECK(va_busy_find(s, addr) == (want ? &want->b : NULL));
	if (!prev_too)
		return;
	for (i = 0; i < m->nlive; i++)
		if (m->live[i]->b.end <= addr && (!best || m->live[i]->b.end > best->end))
			best = &m->live[i]->b;
	CHECK(va_busy_prev(s, addr) == best);
}

/* The busy tree in order equals the live areas sorted. */
static int cmp_area(const void *a, const void *b)
{
	const struct area *x = *(struct area *const *)a, *y = *(struct area *const *)b;

	return x->pg < y->pg ? -1 : x->pg > y->pg;
}

static void busy_compare(struct model *m, const struct va_space *s)
{
	struct area **sorted = malloc((m->nlive + 1) * sizeof(*sorted));
	const struct va_busy *b = va_busy_first(s);
	unsigned long i;

	memcpy(sorted, m->live, m->nlive * sizeof(*sorted));
	qsort(sorted, m->nlive, sizeof(*sorted), cmp_area);
	for (i = 0; i < m->nlive && b; i++, b = va_busy_next(b))
		if (!CHECK(b == &sorted[i]->b))
			break;
	CHECK(i == m->nlive && !b);
	free(sorted);
}

static void full_check(struct model *m, struct va_space *s)
{
	check_space(s);
	model_compare(m, s);
	busy_compare(m, s);
	CHECK_EQ(s->free_bytes, m->nfree * PG);
	CHECK_EQ(s->nr_busy, m->nlive);
}

static void release_all(struct model *m, struct va_space *s)
{
	while (m->nlive)
		op_release_area(m, s, m->live[rnd() % m->nlive], false);
}

/* --- Random runs --- */

static unsigned long rnd_pages(unsigned long npages)
{
	unsigned long r = rnd() % 100;

	if (r < 90)
		return rnd_range(1, 100);
	if (r < 98)
		return rnd_range(1, 2048);
	return rnd_range(1, npages / 2);
}

static unsigned long rnd_align(void)
{
	return rnd() % 2 ? PG : PG << rnd_range(0, 10);	/* 4K .. 4M */
}

/*
 * va_busy_insert of a random range, against the model: -EEXIST exactly
 * when a busy page lies in it; otherwise linked, then unlinked again.
 * Catches an overlap check that misses the neighbour that overlaps.
 */
static void op_busy_insert_probe(struct model *m, struct va_space *s)
{
	unsigned long pg = rnd_range(0, m->npages - 1), npg = rnd_range(1, 16), i;
	struct va_busy b;
	bool overlaps = false;
	int err;

	npg = MIN(npg, m->npages - pg);
	for (i = pg; i < pg + npg; i++)
		overlaps |= m->owner[i] != NULL;
	b.start = m->base + pg * PG;
	b.end = b.start + npg * PG;
	if (overlaps) {
		CHECK_EQ(va_busy_insert(s, &b), -EEXIST);
		return;
	}
	err = va_busy_insert(s, &b);
	CHECK_EQ(err, 0);
	if (!err)
		va_busy_remove(s, &b);
}

/* nops random operations on [base, base + npages pages), live areas drifting around targets. */
static void random_run(unsigned long base, unsigned long npages, unsigned long nops)
{
	static const unsigned long targets[] = { 8, 100, 400, 1500, 4000 };
	struct va_space s;
	struct model m;
	unsigned long i, target = 100, fails = 0, nospace = 0, failed0 = pool.nr_failed;

	model_init(&m, base, npages);
	CHECK_EQ(va_space_init(&s, base, base + npages * PG, &pool_ops), 0);
	for (i = 0; i < nops; i++) {
		bool fail = rnd() % 64 == 0;
		unsigned long pg, npg;

		if (i % 20000 == 0)
			target = targets[rnd() % ARRAY_SIZE(targets)];
		if (!m.nlive || (rnd() % 100 < (m.nlive < target ? 60u : 40u))) {
			npg = rnd_pages(npages);
			pg = op_alloc(&m, &s, npg, rnd_align(), fail);
			if (pg != ULONG_MAX)
				area_track(&m, &s, pg, npg);
			else
				nospace++;
		} else {
			op_release_area(&m, &s, m.live[rnd() % m.nlive], fail);
		}
		fails += fail;
		CHECK_EQ(s.free_bytes, m.nfree * PG);
		op_busy_probe(&m, &s, i % 8 == 0);
		if (i % 64 == 0)
			op_bad_release(&m, &s);
		if (i % 16 == 0)
			op_busy_insert_probe(&m, &s);
		if (i % 4096 == 0)
			full_check(&m, &s);
	}
	full_check(&m, &s);
	printf("random run %#lx+%lu pages: %lu ops, %lu with node failure armed (%lu -ENOMEM), "
	       "%lu found no space\n", base, npages, nops, fails, pool.nr_failed - failed0, nospace);
	release_all(&m, &s);
	CHECK_EQ(s.nr_free, 1);
	CHECK_EQ(s.free_bytes, npages * PG);
	CHECK_EQ(va_largest_free(&s), npages * PG);
	space_destroy(&s);
	model_destroy(&m);
}

/* --- Directed tests --- */

static void test_init(void)
{
	struct va_space s;

	pool.fail = true;
	CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), -ENOMEM);
	pool.fail = false;
	CHECK_EQ(va_space_init(&s, VM_START, VM_START, &pool_ops), -EINVAL);
	CHECK_EQ(va_space_init(&s, 0, VM_END, &pool_ops), -EINVAL);
	CHECK_EQ(pool.live, 0);
	CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
	CHECK_EQ(s.free_bytes, VM_END - VM_START);
	CHECK_EQ(s.nr_free, 1);
	CHECK_EQ(s.nr_busy, 0);
	CHECK_EQ(va_largest_free(&s), VM_END - VM_START);
	CHECK(va_busy_first(&s) == NULL);
	CHECK(va_busy_find(&s, VM_START) == NULL);
	check_space(&s);
	space_destroy(&s);
}

/* Splits and merges by hand: which need a node, and what they leave. */
static void test_basic(void)
{
	struct va_space s;
	unsigned long a, b, c, d;
	int err;

	CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
	a = va_alloc(&s, 3 * PG, PG, &err);
	CHECK_EQ(a, VM_START);
	CHECK_EQ(err, 0);
	b = va_alloc(&s, PG, SZ_1M, NULL);		/* gap [a+3P, 1M) left free */
	CHECK_EQ(b, VM_START + SZ_1M);
	CHECK_EQ(s.nr_free, 2);
	c = va_alloc(&s, 2 * PG, PG, NULL);		/* into the gap */
	CHECK_EQ(c, VM_START + 3 * PG);
	d = va_alloc(&s, SZ_1M - 5 * PG, PG, NULL);	/* the gap, exactly */
	CHECK_EQ(d, VM_START + 5 * PG);
	CHECK_EQ(s.nr_free, 1);
	CHECK_EQ(va_alloc(&s, 0, PG, &err), 0);
	CHECK_EQ(err, -EINVAL);
	CHECK_EQ(va_alloc(&s, PG, 3 * PG, &err), 0);
	CHECK_EQ(err, -EINVAL);
	CHECK_EQ(va_alloc(&s, VM_END - VM_START, PG, &err), 0);
	CHECK_EQ(err, -ENOSPC);
	CHECK_EQ(va_release(&s, c, 2 * PG), 0);		/* merges with neither */
	CHECK_EQ(s.nr_free, 2);
	CHECK_EQ(va_release(&s, a, 3 * PG), 0);		/* with the right one */
	CHECK_EQ(s.nr_free, 2);
	CHECK_EQ(va_release(&s, b, PG), 0);		/* with the top range */
	CHECK_EQ(s.nr_free, 2);
	CHECK_EQ(va_release(&s, d, SZ_1M - 5 * PG), 0);	/* with both */
	CHECK_EQ(s.nr_free, 1);
	CHECK_EQ(s.free_bytes, VM_END - VM_START);
	check_space(&s);
	space_destroy(&s);
}

/* Releases outside the space or over free space: -EINVAL, nothing changed. */
static void test_bad_release(void)
{
	struct va_space s;
	struct snap sn;
	unsigned long a;

	CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
	a = va_alloc(&s, 16 * PG, PG, NULL);
	CHECK_EQ(va_alloc(&s, 16 * PG, PG, NULL), a + 16 * PG);
	snap_take(&s, &sn);
	CHECK_EQ(va_release(&s, VM_START - PG, 2 * PG), -EINVAL);	/* below */
	CHECK_EQ(va_release(&s, VM_END - PG, 2 * PG), -EINVAL);	/* above */
	CHECK_EQ(va_release(&s, VM_END, PG), -EINVAL);
	CHECK_EQ(va_release(&s, a, 0), -EINVAL);
	CHECK_EQ(va_release(&s, a, ULONG_MAX - PG), -EINVAL);	/* wraps */
	CHECK_EQ(va_release(&s, a + 30 * PG, 4 * PG), -EINVAL);	/* into free space */
	CHECK_EQ(va_release(&s, a + 32 * PG, PG), -EINVAL);	/* free space */
	CHECK_EQ(va_release(&s, VM_END - PG, PG), -EINVAL);	/* free, last page */
	snap_check(&s, &sn, "a bad va_release");
	CHECK_EQ(va_release(&s, a, 16 * PG), 0);
	snap_take(&s, &sn);
	CHECK_EQ(va_release(&s, a, 16 * PG), -EINVAL);		/* double free */
	CHECK_EQ(va_release(&s, a + 15 * PG, 2 * PG), -EINVAL);	/* straddles */
	snap_check(&s, &sn, "a double va_release");
	CHECK_EQ(va_release(&s, a + 16 * PG, 16 * PG), 0);
	CHECK_EQ(s.nr_free, 1);
	check_space(&s);
	space_destroy(&s);
}

/* Only a strictly inside allocation and a lone release need a node. */
static void test_enomem(void)
{
	struct va_space s;
	struct snap sn;
	unsigned long a;
	int err;

	CHECK_EQ(va_space_init(&s, VM_START + PG, VM_END, &pool_ops), 0);
	pool.fail = true;
	snap_take(&s, &sn);
	CHECK_EQ(va_alloc(&s, PG, SZ_64K, &err), 0);		/* gap and remainder */
	CHECK_EQ(err, -ENOMEM);
	snap_check(&s, &sn, "va_alloc -ENOMEM");
	a = va_alloc(&s, PG, PG, &err);				/* from the left edge */
	CHECK_EQ(a, VM_START + PG);
	CHECK_EQ(err, 0);
	CHECK_EQ(va_alloc(&s, VM_END - VM_START - 2 * PG, PG, NULL), VM_START + 2 * PG);
	CHECK_EQ(s.nr_free, 0);					/* the last node went */
	CHECK_EQ(va_largest_free(&s), 0);
	CHECK(va_free_first(&s) == NULL);
	snap_take(&s, &sn);
	CHECK_EQ(va_release(&s, a, PG), -ENOMEM);		/* lone: needs a node */
	snap_check(&s, &sn, "va_release -ENOMEM");
	pool.fail = false;
	CHECK_EQ(va_release(&s, a, PG), 0);
	pool.fail = true;
	CHECK_EQ(va_release(&s, a + PG, 3 * PG), 0);		/* merges: no node */
	pool.fail = false;
	CHECK_EQ(s.nr_free, 1);
	CHECK_EQ(s.free_bytes, 4 * PG);
	check_space(&s);
	space_destroy(&s);
}

/* Fill with random sizes until nothing fits, free all: one range again. */
static void test_exhaustion(void)
{
	unsigned long npages = (VM_END - VM_START) / PG, pg, npg, rounds, align;
	struct va_space s;
	struct model m;

	for (rounds = 0; rounds < 3; rounds++) {
		model_init(&m, VM_START, npages);
		CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
		for (npg = rounds ? 64 : 1; npg; ) {
			align = rounds == 2 && npg > 1 ? rnd_align() : PG;
			pg = op_alloc(&m, &s, npg, align, false);
			if (pg == ULONG_MAX) {
				npg /= 2;	/* down to single pages: the space fills up */
				continue;
			}
			area_track(&m, &s, pg, npg);
			if (rounds)
				npg = rnd_range(1, 64);
		}
		CHECK_EQ(s.free_bytes, 0);
		CHECK_EQ(s.nr_free, 0);
		CHECK_EQ(m.nfree, 0);
		if (rounds == 0)
			CHECK_EQ(s.nr_busy, npages);
		full_check(&m, &s);
		release_all(&m, &s);
		CHECK_EQ(s.nr_free, 1);
		CHECK_EQ(va_largest_free(&s), VM_END - VM_START);
		full_check(&m, &s);
		space_destroy(&s);
		model_destroy(&m);
	}
}

/*
 * Holes: areas of hole pages with one busy page after each, every other
 * one freed; allocations that fit only in a hole, aligned ones that fit
 * only in a well-placed hole (the trap for a size-only search), and
 * ones that fit nowhere but the tail.
 */
static void test_fragmentation(void)
{
	unsigned long npages = (VM_END - VM_START) / PG, i, n, hole;
	struct va_space s;
	struct model m;

	for (hole = 4; hole <= 32; hole += 28) {
		model_init(&m, VM_START, npages);
		CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
		for (n = 0; n < 1000; n++) {
			area_track(&m, &s, op_alloc(&m, &s, hole, PG, false), hole);
			area_track(&m, &s, op_alloc(&m, &s, 1, PG, false), 1);
		}
		for (i = 0; i < 1000; i++)	/* free the hole-sized areas */
			op_release_area(&m, &s, m.owner[i * (hole + 1)], false);
		CHECK_EQ(s.nr_free, 1001);
		full_check(&m, &s);
		/* hole + 1 pages fit only the tail */
		CHECK_EQ(op_alloc(&m, &s, hole + 1, PG, false), 1000 * (hole + 1));
		/* 64K-aligned hole-sized pieces: only holes starting 64K-aligned */
		for (i = 0; i < 40; i++)
			area_track(&m, &s, op_alloc(&m, &s, hole, SZ_64K, false), hole);
		/* single pages go into the lowest holes */
		for (i = 0; i < 200; i++)
			area_track(&m, &s, op_alloc(&m, &s, 1, PG, false), 1);
		full_check(&m, &s);
		release_all(&m, &s);
		op_release(&m, &s, 1000 * (hole + 1), hole + 1, false);
		CHECK_EQ(s.nr_free, 1);
		space_destroy(&s);
		model_destroy(&m);
	}
}

/* A space at the very top: ALIGN_UP past the end of the address space must not wrap. */
static void test_top_of_space(void)
{
	unsigned long end = ULONG_MAX - PG + 1, start = end - 16 * SZ_1M + 2 * PG;
	unsigned long top8m = ULONG_MAX - 8 * SZ_1M + 1;	/* the last 8M boundary */
	struct va_space s;
	int err;

	CHECK_EQ(va_space_init(&s, start, end, &pool_ops), 0);
	CHECK_EQ(va_alloc(&s, PG, 32 * SZ_1M, &err), 0);	/* aligns past the top */
	CHECK_EQ(err, -ENOSPC);
	CHECK_EQ(va_alloc(&s, PG, 8 * SZ_1M, &err), top8m);
	CHECK_EQ(va_alloc(&s, end - start - PG, PG, &err), 0);
	CHECK_EQ(err, -ENOSPC);
	CHECK_EQ(va_release(&s, end - PG, 2 * PG), -EINVAL);	/* wraps to 0 */
	CHECK_EQ(va_release(&s, top8m, PG), 0);
	CHECK_EQ(s.free_bytes, end - start);
	check_space(&s);
	space_destroy(&s);
}

/* va_busy_remove of an area not in the tree must BUG, not corrupt it. */
static struct va_space bug_space;
static struct va_busy bug_a = { .start = 0x10000, .end = 0x11000 };
static struct va_busy bug_b = { .start = 0x20000, .end = 0x21000 };
static struct va_busy bug_c = { .start = 0x30000, .end = 0x31000 };

static void bug_space_with_three(void)
{
	CHECK_EQ(va_space_init(&bug_space, 0x1000, 0x100000, &pool_ops), 0);
	CHECK_EQ(va_busy_insert(&bug_space, &bug_a), 0);
	CHECK_EQ(va_busy_insert(&bug_space, &bug_b), 0);
	CHECK_EQ(va_busy_insert(&bug_space, &bug_c), 0);
}

static void bug_remove_twice(void)
{
	bug_space_with_three();
	va_busy_remove(&bug_space, &bug_a);
	va_busy_remove(&bug_space, &bug_a);
}

static void bug_remove_root_twice(void)
{
	bug_space_with_three();
	va_busy_remove(&bug_space, &bug_b);	/* the root of three */
	va_busy_remove(&bug_space, &bug_b);
}

static void bug_remove_never_inserted(void)
{
	struct va_busy x = { .start = 0x40000, .end = 0x41000 };

	bug_space_with_three();
	va_busy_remove(&bug_space, &x);
}

static void test_busy_remove_bugs(void)
{
	CHECK_BUG(bug_remove_twice, "a second va_busy_remove of a leaf");
	CHECK_BUG(bug_remove_root_twice, "a second va_busy_remove of the root");
	CHECK_BUG(bug_remove_never_inserted, "va_busy_remove of an area never inserted");
}

/* Busy tree edges: overlap, empty, find/prev at the boundaries, walk. */
static void test_busy(void)
{
	struct va_busy a = { .start = 0x10000, .end = 0x12000 };
	struct va_busy b = { .start = 0x12000, .end = 0x13000 };
	struct va_busy c = { .start = 0x20000, .end = 0x21000 };
	struct va_busy x = { .start = 0x11000, .end = 0x14000 };
	struct va_busy e = { .start = 0x30000, .end = 0x30000 };
	struct va_space s;

	CHECK_EQ(va_space_init(&s, 0x1000, 0x100000, &pool_ops), 0);
	CHECK_EQ(va_busy_insert(&s, &c), 0);
	CHECK_EQ(va_busy_insert(&s, &a), 0);
	CHECK_EQ(va_busy_insert(&s, &b), 0);
	CHECK_EQ(va_busy_insert(&s, &x), -EEXIST);
	x.start = 0xf000;
	x.end = 0x10001;
	CHECK_EQ(va_busy_insert(&s, &x), -EEXIST);
	x.start = 0x1f000;
	x.end = 0x21000;
	CHECK_EQ(va_busy_insert(&s, &x), -EEXIST);
	CHECK_EQ(va_busy_insert(&s, &e), -EINVAL);
	CHECK_EQ(s.nr_busy, 3);
	CHECK(va_busy_find(&s, 0xffff) == NULL);
	CHECK(va_busy_find(&s, 0x10000) == &a);
	CHECK(va_busy_find(&s, 0x11fff) == &a);
	CHECK(va_busy_find(&s, 0x12000) == &b);
	CHECK(va_busy_find(&s, 0x13000) == NULL);
	CHECK(va_busy_prev(&s, 0x10000) == NULL);
	CHECK(va_busy_prev(&s, 0x11fff) == NULL);
	CHECK(va_busy_prev(&s, 0x12000) == &a);
	CHECK(va_busy_prev(&s, 0x13000) == &b);
	CHECK(va_busy_prev(&s, 0x20fff) == &b);
	CHECK(va_busy_prev(&s, 0x21000) == &c);
	CHECK(va_busy_first(&s) == &a && va_busy_next(&a) == &b && va_busy_next(&b) == &c &&
	      va_busy_next(&c) == NULL);
	va_busy_remove(&s, &b);
	CHECK(va_busy_find(&s, 0x12000) == NULL);
	CHECK(va_busy_prev(&s, 0x20000) == &a);
	CHECK(va_busy_next(&a) == &c);
	CHECK_EQ(s.nr_busy, 2);
	check_space(&s);
	space_destroy(&s);
}

/* --- The plain tree alone, against a sorted array of keys --- */

struct knode {
	struct rb_node rb;
	unsigned int key;
	bool in;
};

static void rbtree_insert_key(struct rb_node **root, struct knode *k)
{
	struct rb_node **link = root, *parent = NULL;

	while (*link) {
		parent = *link;
		link = k->key < rb_entry(parent, struct knode, rb)->key ? &parent->left
									: &parent->right;
	}
	rb_link_node(&k->rb, parent, link);
	rb_insert_color(&k->rb, root, NULL);
}

static void test_rbtree(void)
{
	enum { N = 512 };
	static struct knode k[N];
	struct rb_node *root = NULL, *n;
	unsigned long m, i, op, count = 0, seen;
	int bad = 0;

	for (i = 0; i < N; i++)
		k[i].key = (unsigned int)i;
	for (op = 0; op < 200000 && !bad; op++) {
		struct knode *p = &k[rnd() % N];

		if (p->in)
			rb_erase(&p->rb, &root, NULL);
		else
			rbtree_insert_key(&root, p);
		p->in = !p->in;
		count += p->in ? 1 : -1;
		if (op % 97)
			continue;
		bad |= rb_check(root, NULL, false, &m) < 0;
		bad |= !CHECK(!root || !root->red);
		for (seen = 0, i = 0, n = rb_first(root); n; n = rb_next(n), seen++) {
			while (!k[i].in)
				i++;
			bad |= !CHECK(n == &k[i++].rb);
		}
		bad |= !CHECK(seen == count);
		for (seen = 0, n = rb_last(root); n; n = rb_prev(n))
			seen++;
		bad |= !CHECK(seen == count);
	}
	CHECK(!bad);
	CHECK(count == 0 || rb_height(root) <= 2 * 10);	/* 2 log2(N + 1) */
}

/* --- Timing: alloc + release with few and many live areas --- */

/* Lowest fit by walking the free list: the O(n) reference. */
static unsigned long linear_fit(const struct va_space *s, unsigned long size)
{
	const struct va_free *f;

	for (f = va_free_first(s); f; f = va_free_next(f))
		if (f->end - f->start >= size)
			return f->start;
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Mean ns of pairs alloc+release pairs of sizes[i] aligned to align. */
static double bench_pairs(struct va_space *s, const unsigned long *sizes, unsigned long pairs,
			  unsigned long align)
{
	unsigned long i, a, ok = 0;
	double t0 = now_ns();

	for (i = 0; i < pairs; i++) {
		a = va_alloc(s, sizes[i], align, NULL);
		ok += a && va_release(s, a, sizes[i]) == 0;
	}
	CHECK_EQ(ok, pairs);
	return (now_ns() - t0) / pairs;
}

/*
 * 2 * live areas of 1..3 pages, every other one released: live busy
 * areas and about as many free holes of 1..3 pages below the big tail.
 * Then alloc+release pairs of 1..6 pages (the larger ones fit only in
 * the tail), timed, page-aligned (one descent) and 64K-aligned (the
 * walk passes holes too badly placed); and, for reference, the same
 * page-aligned lowest-fit search done by walking the free list.
 */
static void bench_one(unsigned long live, unsigned long pairs)
{
	unsigned long *sizes = malloc(MAX(pairs, 2 * live + 1) * sizeof(*sizes)), i, a, ok = 0;
	unsigned long next = VM_START;
	double t0, t_page, t_64k, t_lin;
	struct va_space s;

	CHECK_EQ(va_space_init(&s, VM_START, VM_END, &pool_ops), 0);
	for (i = 0; i < 2 * live; i++, next += sizes[i - 1]) {
		sizes[i] = rnd_range(1, 3) * PG;
		CHECK_EQ(va_alloc(&s, sizes[i], PG, NULL), next);
	}
	for (i = 1, a = VM_START + sizes[0]; i < 2 * live; a += sizes[i] + sizes[i + 1], i += 2)
		CHECK_EQ(va_release(&s, a, sizes[i]), 0);
	for (i = 0; i < pairs; i++)
		sizes[i] = rnd_range(1, 6) * PG;
	t_page = bench_pairs(&s, sizes, pairs, PG);
	t_64k = bench_pairs(&s, sizes, pairs / 4, SZ_64K);
	t0 = now_ns();
	for (i = 0; i < pairs / 10; i++)
		ok += linear_fit(&s, sizes[i]) != 0;
	t_lin = (now_ns() - t0) / (pairs / 10);
	CHECK_EQ(ok, pairs / 10);
	printf("bench: %5lu live areas, %5lu free ranges, free tree height %2d: alloc+release "
	       "%5.0f ns (64K-aligned %6.0f ns); linear walk to the lowest fit %6.0f ns\n",
	       live, s.nr_free, rb_height(s.free_root), t_page, t_64k, t_lin);
	check_space(&s);
	space_destroy(&s);
	free(sizes);
}

int main(void)
{
	const char *seed = getenv("VA_SEED");

	if (seed)
		rng_state += strtoull(seed, NULL, 0) * 2;	/* stays odd: never 0 */
	test_init();
	test_basic();
	test_bad_release();
	test_enomem();
	test_busy();
	test_busy_remove_bugs();
	test_top_of_space();
	test_rbtree();
	test_exhaustion();
	test_fragmentation();
	random_run(VM_START, (VM_END - VM_START) / PG, 2000000);
	random_run(0x10003000UL, 5000, 1000000);	/* small, badly aligned */
	bench_one(100, 200000);
	bench_one(10000, 200000);
	return ktest_summary();
}
