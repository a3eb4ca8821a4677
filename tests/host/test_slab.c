/* SPDX-License-Identifier: MIT */
/*
 * Host tests for mm/slab.c over the fake page allocator (fake_pages.c):
 * every kmalloc size from 1 to 5000, constructors and zeroing, a long
 * deterministic random run checked against a model (no overlap, contents
 * intact, exact statistics and page counts), exhaustion, and bad input
 * (reported with "BUG" and survived).  Runs under ASan and UBSan; the
 * slab allocator poisons free objects for ASan on the host.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <meridian/slab.h>

#include "fake_pages.h"
#include "host_kernel.h"
#include "ktest_host.h"

/* In mm/slab.c but not (yet) in slab.h. */
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);

/* mm/slab.c keeps SLAB_CACHED_EMPTY (1) empty slabs per cache, plus an idle partial one. */
#define SLAB_MAX_IDLE 2

static unsigned long baseline;	/* pages in use with no slab pages at all */

/* --- Helpers --- */

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static u32 rnd(void)
{
	return (u32)(ktest_xorshift64(&rng_state) >> 16);
}

static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* The kmalloc class size for 1..4096 bytes. */
static size_t class_size(size_t size)
{
	size_t c = KMALLOC_MIN_SIZE;

	while (c < size)
		c <<= 1;
	return c;
}

struct find_ctx {
	const char *name;
	struct kmem_cache_info info;
	int found;
};

static void find_cb(const struct kmem_cache_info *info, void *ctx)
{
	struct find_ctx *f = ctx;

	if (!strcmp(info->name, f->name)) {
		f->info = *info;
		f->found++;
	}
}

/* The statistics of the cache called name; zeroed if there is none. */
static struct kmem_cache_info cache_info(const char *name, int *found)
{
	struct find_ctx f = { .name = name };

	kmem_cache_for_each(find_cb, &f);
	if (found)
		*found = f.found;
	return f.info;
}

static unsigned long active_of(const char *name)
{
	return cache_info(name, NULL).active_objs;
}

struct totals {
	unsigned long pages, active, bad;
};

/* Sums pages and objects over all caches and checks each cache's own arithmetic. */
static void totals_cb(const struct kmem_cache_info *info, void *ctx)
{
	struct totals *t = ctx;

	t->pages += info->num_slabs << info->order;
	t->active += info->active_objs;
	if (info->num_objs != info->num_slabs * info->objs_per_slab ||
	    info->active_objs > info->num_objs || info->size < info->object_size ||
	    info->objs_per_slab * info->size > (PAGE_SIZE << info->order))
		t->bad++;
}

static struct totals totals(void)
{
	struct totals t = { 0 };

	kmem_cache_for_each(totals_cb, &t);
	return t;
}

/* Slab pages, large kmalloc pages and the fake's count agree exactly. */
static void check_pages(unsigned long large_pages)
{
	struct totals t = totals();

	CHECK_EQ(t.bad, 0);
	CHECK_EQ(slab_total_bytes(), t.pages * PAGE_SIZE);
	CHECK_EQ(fake_pages_in_use(), baseline + t.pages + large_pages);
	CHECK_EQ(fake_bad_frees, 0);
}

/* Expect exactly one new report, mentioning BUG and what. */
static unsigned long reports;

static void expect_report(const char *what, int line)
{
	int ok = host_printk_count == reports + 1 && strstr(host_last_printk, "BUG") &&
		 (!what || strstr(host_last_printk, what));

	CHECK_MSG(ok, "line %d: expected one \"BUG ... %s\" report, got %lu: %s", line,
		  what ? what : "", host_printk_count - reports, host_last_printk);
	reports = host_printk_count;
}
#define EXPECT_REPORT(what) expect_report(what, __LINE__)

static void expect_quiet(int line)
{
	CHECK_MSG(host_printk_count == reports, "line %d: unexpected report: %s", line,
		  host_last_printk);
	reports = host_printk_count;
}
#define EXPECT_QUIET() expect_quiet(__LINE__)

static void fill(void *p, size_t n, u32 seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 8));
}

static int intact(const void *p, size_t n, u32 seed)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)(seed * 131 + i * 7 + (i >> 8)))
			return 0;
	return 1;
}

/* --- Tests --- */

static void test_before_init(void)
{
	CHECK(kmalloc(64, GFP_KERNEL) == NULL);
	CHECK_EQ(fake_alloc_calls, 0);
	kfree(NULL);
	EXPECT_QUIET();
}

static void test_geometry(void)
{
	static const struct {
		const char *name;
		unsigned int size, order, objs;
	} want[] = {
		{ "kmalloc-8", 8, 0, 512 },	  { "kmalloc-16", 16, 0, 256 },
		{ "kmalloc-32", 32, 0, 128 },	  { "kmalloc-64", 64, 0, 64 },
		{ "kmalloc-128", 128, 0, 32 },	  { "kmalloc-256", 256, 0, 16 },
		{ "kmalloc-512", 512, 0, 8 },	  { "kmalloc-1024", 1024, 1, 8 },
		{ "kmalloc-2048", 2048, 2, 8 },	  { "kmalloc-4096", 4096, 3, 8 },
	};
	struct kmem_cache *c;
	struct kmem_cache_info ci;
	unsigned int i;
	int found;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ci = cache_info(want[i].name, &found);
		CHECK_EQ(found, 1);
		CHECK_EQ(ci.size, want[i].size);
		CHECK_EQ(ci.object_size, want[i].size);
		CHECK_EQ(ci.order, want[i].order);
		CHECK_EQ(ci.objs_per_slab, want[i].objs);
		CHECK_EQ(ci.num_slabs, 0);
	}
	/* Odd sizes: rounded to the alignment; big objects get bigger slabs. */
	c = kmem_cache_create("geo3000", 3000, 64, 0, NULL);
	ci = cache_info("geo3000", NULL);
	CHECK_EQ(ci.object_size, 3000);
	CHECK_EQ(ci.size, 3008);
	CHECK_EQ(ci.order, 3);
	CHECK_EQ(ci.objs_per_slab, 10);
	kmem_cache_destroy(c);
	c = kmem_cache_create("geo1", 1, 0, 0, NULL);
	ci = cache_info("geo1", NULL);
	CHECK_EQ(ci.size, 8);
	CHECK_EQ(ci.order, 0);
	kmem_cache_destroy(c);
	c = kmem_cache_create("geo-big", 20000, 0, 0, NULL);
	ci = cache_info("geo-big", NULL);
	CHECK_EQ(ci.order, 3);
	CHECK_EQ(ci.objs_per_slab, 1);
	kmem_cache_destroy(c);
	CHECK_EQ(cache_info("geo-big", &found).size, 0);
	CHECK_EQ(found, 0);
	EXPECT_QUIET();
}

/* kmalloc(size) for every size 1..5000: class, ksize, alignment, no overlap. */
static void test_every_size(void)
{
	enum { K = 4 };
	size_t size;

	for (size = 1; size <= 5000; size++) {
		void *p[K];
		size_t ks[K];
		unsigned long pages0 = fake_pages_in_use();
		char name[32];
		unsigned long active0 = 0;
		int i, ok = 1;

		if (size <= KMALLOC_MAX_CACHE_SIZE) {
			snprintf(name, sizeof(name), "kmalloc-%zu", class_size(size));
			active0 = active_of(name);
		}
		for (i = 0; i < K; i++) {
			p[i] = kmalloc(size, GFP_KERNEL);
			if (!p[i]) {
				CHECK_MSG(0, "kmalloc(%zu) failed", size);
				return;
			}
			ks[i] = ksize(p[i]);
			ok &= ks[i] >= size && (uintptr_t)p[i] % ARCH_KMALLOC_MINALIGN == 0;
			if (size <= KMALLOC_MAX_CACHE_SIZE)
				ok &= ks[i] == class_size(size) && (uintptr_t)p[i] % ks[i] == 0;
			else
				ok &= ks[i] == PAGE_SIZE << get_order(size) &&
				      (uintptr_t)p[i] % PAGE_SIZE == 0;
			fill(p[i], ks[i], (u32)(size * K + i));
		}
		for (i = 0; i < K; i++)
			ok &= intact(p[i], ks[i], (u32)(size * K + i));
		if (size <= KMALLOC_MAX_CACHE_SIZE)
			ok &= active_of(name) == active0 + K;
		else
			ok &= fake_pages_in_use() == pages0 + K * (1UL << get_order(size));
		CHECK_MSG(ok, "kmalloc(%zu): ksize %zu, p %p", size, ks[0], p[0]);
		for (i = 0; i < K; i++)
			kfree(p[i]);
		if (size <= KMALLOC_MAX_CACHE_SIZE)
			CHECK_EQ(active_of(name), active0);
	}
	CHECK(kmalloc(0, GFP_KERNEL) == NULL);
	CHECK(kmalloc(PAGE_SIZE << MAX_ORDER, GFP_KERNEL) == NULL);
	CHECK(kmalloc((size_t)-1, GFP_KERNEL) == NULL);
	CHECK_EQ(ksize(NULL), 0);
	check_pages(0);
	EXPECT_QUIET();
}

/* Steady state: kmalloc+kfree never calls the page allocator, alone or among other objects. */
static void test_fast_path(void)
{
	unsigned long before_calls;
	void *keep[10];
	unsigned int i;
	size_t size;

	kfree(kmalloc(64, GFP_KERNEL));
	before_calls = fake_alloc_calls + fake_free_calls;
	for (size = 0; size < 10000; size++)
		kfree(kmalloc(64, GFP_KERNEL));
	CHECK_EQ(fake_alloc_calls + fake_free_calls, before_calls);
	for (i = 0; i < ARRAY_SIZE(keep); i++)
		keep[i] = kmalloc(64, GFP_KERNEL);
	for (size = 0; size < 64; size++)	/* warm up kmalloc-8 .. kmalloc-64 */
		kfree(kmalloc(1 + size, GFP_KERNEL));
	before_calls = fake_alloc_calls + fake_free_calls;
	for (size = 0; size < 10000; size++)
		kfree(kmalloc(1 + size % 64, GFP_KERNEL));
	CHECK_EQ(fake_alloc_calls + fake_free_calls, before_calls);
	for (i = 0; i < ARRAY_SIZE(keep); i++)
		kfree(keep[i]);
	CHECK_EQ(active_of("kmalloc-64"), 0);
	CHECK(cache_info("kmalloc-64", NULL).num_slabs <= SLAB_MAX_IDLE);
	EXPECT_QUIET();
}

static unsigned long ctor_calls;

static void ctor56(void *obj)
{
	ctor_calls++;
	memset(obj, 0xc7, 56);
}

static void test_ctor(void)
{
	struct kmem_cache *c = kmem_cache_create("ctor56", 56, 0, 0, ctor56);
	struct kmem_cache_info ci;
	unsigned char *p, *q;
	size_t i;
	int ok = 1;

	CHECK(c != NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ci = cache_info("ctor56", NULL);
	CHECK_EQ(ctor_calls, ci.objs_per_slab);	/* every object of the new slab */
	CHECK(ksize(p) >= 56);
	for (i = 0; i < 56; i++)
		ok &= p[i] == 0xc7;
	CHECK(ok);
	/* A freed object keeps its constructed state: the link lives after it. */
	kmem_cache_free(c, p);
	q = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(q == p);
	for (i = 0, ok = 1; i < 56; i++)
		ok &= q[i] == 0xc7;
	CHECK(ok);
	CHECK_EQ(ctor_calls, ci.objs_per_slab);
	kmem_cache_free(c, q);
	kmem_cache_destroy(c);
	EXPECT_QUIET();
}

/* kzalloc and __GFP_ZERO over dirty memory; __GFP_HIGHMEM is ignored. */
static void test_zero(void)
{
	struct kmem_cache *c;
	unsigned char *p, *q;
	size_t i;
	int ok;

	p = kmalloc(100, GFP_KERNEL);
	memset(p, 0xff, ksize(p));
	kfree(p);
	q = kzalloc(100, GFP_KERNEL);
	CHECK(q == p);
	for (i = 0, ok = 1; i < ksize(q); i++)
		ok &= q[i] == 0;
	CHECK(ok);
	kfree(q);
	p = kzalloc(9000, GFP_KERNEL);	/* the fake hands out 0x5a-filled pages */
	for (i = 0, ok = 1; i < ksize(p); i++)
		ok &= p[i] == 0;
	CHECK(ok);
	kfree(p);
	c = kmem_cache_create("zero40", 40, 0, 0, NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	memset(p, 0xee, 40);
	kmem_cache_free(c, p);
	p = kmem_cache_alloc(c, GFP_KERNEL | __GFP_ZERO);
	for (i = 0, ok = 1; i < 40; i++)
		ok &= p[i] == 0;
	CHECK(ok);
	kfree(p);	/* kfree works for any cache's objects, as in Linux */
	kmem_cache_destroy(c);
	CHECK_EQ(cache_info("zero40", NULL).size, 0);

	/* __GFP_HIGHMEM is ignored: kmalloc memory is always lowmem (and addressable). */
	p = kmalloc(100, GFP_HIGHUSER | __GFP_ZERO);
	q = kmalloc(9000, GFP_HIGHUSER);
	CHECK(p && q && p[99] == 0);
	memset(q, 1, 9000);
	kfree(p);
	kfree(q);
	EXPECT_QUIET();
}

/* --- The random run, against a model --- */

#define NR_LIVE 2500
#define NR_CACHES 6
#define NR_SOURCES (NR_CACHES + 1)	/* source 0: kmalloc */
#define GRANULES (FAKE_NR_PAGES * PAGE_SIZE / 8)

struct live {
	char *p;
	size_t ksize;
	int src;
	u32 id;
	size_t class_idx;	/* kmalloc: class (0..9) or 10 for pages */
};

static struct live live[NR_LIVE];
static unsigned int nr_live;
static u32 owner[GRANULES];	/* which live object owns each 8 bytes of the arena */
static struct kmem_cache *caches[NR_CACHES];
static const char *const cache_names[NR_CACHES] = { "r24", "r40", "r72", "r200", "r3000", "r56c" };
static unsigned long expect_cache[NR_CACHES], expect_class[10], large_pages;

static void nop_ctor(void *obj)
{
	memset(obj, 0x3c, 8);
}

/* Claims [p, p + n) in the owner map; false if any of it is already owned. */
static int claim(const char *p, size_t n, u32 id)
{
	size_t g = (size_t)(p - fake_arena_base()) / 8, end = g + (n + 7) / 8, i;

	if (p < fake_arena_base() || end > GRANULES)
		return 0;
	for (i = g; i < end; i++)
		if (owner[i])
			return 0;
	for (i = g; i < end; i++)
		owner[i] = id;
	return 1;
}

static void release(const char *p, size_t n)
{
	size_t g = (size_t)(p - fake_arena_base()) / 8, end = g + (n + 7) / 8;

	memset(&owner[g], 0, (end - g) * sizeof(owner[0]));
}

static size_t random_kmalloc_size(void)
{
	switch (rnd() % 8) {
	case 0:
	case 1:
	case 2:
		return 1 + rnd() % 64;
	case 3:
	case 4:
		return 1 + rnd() % 512;
	case 5:
	case 6:
		return 1 + rnd() % 4096;
	default:
		return 1 + rnd() % 20000;
	}
}

static void random_alloc(u32 id)
{
	struct live *l = &live[nr_live];
	size_t size = 0;

	l->src = (int)(rnd() % NR_SOURCES);
	if (l->src == 0) {
		size = random_kmalloc_size();
		l->p = rnd() % 4 ? kmalloc(size, GFP_KERNEL) : kzalloc(size, GFP_KERNEL);
	} else {
		l->p = kmem_cache_alloc(caches[l->src - 1], GFP_KERNEL);
	}
	if (!l->p) {
		CHECK_MSG(0, "allocation from source %d (size %zu) failed", l->src, size);
		return;
	}
	l->ksize = ksize(l->p);
	l->id = id;
	if (l->src) {
		expect_cache[l->src - 1]++;
	} else if (size > KMALLOC_MAX_CACHE_SIZE) {
		l->class_idx = 10;
		large_pages += 1UL << get_order(size);
	} else {
		l->class_idx = (size_t)__builtin_ctzl(class_size(size)) - 3;
		expect_class[l->class_idx]++;
	}
	CHECK_MSG(l->ksize >= size && (uintptr_t)l->p % 8 == 0, "bad ksize/alignment at %p",
		  (void *)l->p);
	if (l->src == 5)	/* r3000 asks for 64-byte alignment */
		CHECK((uintptr_t)l->p % 64 == 0);
	CHECK_MSG(claim(l->p, l->ksize, id), "object %p overlaps a live one", (void *)l->p);
	fill(l->p, l->ksize, id);
	nr_live++;
}

static void random_free(unsigned int i)
{
	struct live *l = &live[i];

	CHECK_MSG(intact(l->p, l->ksize, l->id), "object %p (id %u) corrupted", (void *)l->p,
		  l->id);
	release(l->p, l->ksize);
	if (l->src) {
		expect_cache[l->src - 1]--;
		if (rnd() % 2)
			kmem_cache_free(caches[l->src - 1], l->p);
		else
			kfree(l->p);
	} else {
		if (l->class_idx == 10)
			large_pages -= 1UL << get_order(l->ksize);
		else
			expect_class[l->class_idx]--;
		kfree(l->p);
	}
	live[i] = live[--nr_live];
}

static void check_model(void)
{
	unsigned int i;
	char name[32];
	int ok = 1;

	for (i = 0; i < nr_live; i++)
		ok &= intact(live[i].p, live[i].ksize, live[i].id);
	CHECK_MSG(ok, "a live object was corrupted");
	for (i = 0; i < NR_CACHES; i++)
		CHECK_EQ(active_of(cache_names[i]), expect_cache[i]);
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "kmalloc-%u", 8u << i);
		CHECK_EQ(active_of(name), expect_class[i]);
	}
	check_pages(large_pages);
}

static void test_random(void)
{
	static const size_t sizes[NR_CACHES] = { 24, 40, 72, 200, 3000, 56 };
	static const size_t aligns[NR_CACHES] = { 0, 8, 16, 0, 64, 0 };
	struct totals t;
	u32 op;
	unsigned int i;

	for (i = 0; i < NR_CACHES; i++) {
		caches[i] = kmem_cache_create(cache_names[i], sizes[i], aligns[i], 0,
					      i == 5 ? nop_ctor : NULL);
		CHECK(caches[i] != NULL);
	}
	for (op = 1; op <= 300000; op++) {
		/* Drift between mostly-allocating and mostly-freeing phases. */
		unsigned int bias = (op / 20000) % 2 ? 35 : 65;

		if (nr_live < NR_LIVE && (nr_live == 0 || rnd() % 100 < bias))
			random_alloc(op);
		else
			random_free(rnd() % nr_live);
		if (op % 10000 == 0)
			check_model();
	}
	while (nr_live)
		random_free(rnd() % nr_live);
	check_model();
	EXPECT_QUIET();

	/* Everything is free: only the documented idle empty slabs remain... */
	t = totals();
	CHECK_EQ(t.active, 0);
	for (i = 0; i < NR_CACHES; i++)
		CHECK(cache_info(cache_names[i], NULL).num_slabs <= SLAB_MAX_IDLE);
	CHECK(cache_info("kmalloc-64", NULL).num_slabs <= SLAB_MAX_IDLE);
	/* ...and destroying the caches and shrinking the rest gives back every page. */
	for (i = 0; i < NR_CACHES; i++)
		kmem_cache_destroy(caches[i]);
	kmem_cache_shrink_all();
	CHECK_EQ(slab_total_bytes(), 0);
	CHECK_EQ(fake_pages_in_use(), baseline);
	CHECK_EQ(fake_bad_frees, 0);
	EXPECT_QUIET();
}

/* --- Exhaustion --- */

static void test_exhaustion(void)
{
	struct kmem_cache *big = kmem_cache_create("ex3000", 3000, 64, 0, NULL);
	static void *objs[4 * 64];
	unsigned int n = 0, i;
	void *p;

	kmem_cache_shrink_all();
	CHECK_EQ(fake_pages_in_use(), baseline);
	fake_pages_set_limit(baseline + 3);
	while (n < ARRAY_SIZE(objs) && (objs[n] = kmalloc(64, GFP_KERNEL)))
		n++;
	CHECK_EQ(n, 3 * 64);	/* three order-0 slabs of 64 objects */
	CHECK(kmalloc(5000, GFP_KERNEL) == NULL);
	CHECK(kzalloc(100, GFP_KERNEL) == NULL);
	CHECK(kmem_cache_alloc(big, GFP_KERNEL | __GFP_NOWARN) == NULL);
	CHECK_EQ(active_of("kmalloc-64"), 3 * 64);
	check_pages(0);
	EXPECT_QUIET();
	/* A free makes room again; raising the limit lets everything through. */
	kfree(objs[17]);
	objs[17] = kmalloc(64, GFP_KERNEL);
	CHECK(objs[17] != NULL);
	fake_pages_set_limit(FAKE_NO_LIMIT);
	p = kmem_cache_alloc(big, GFP_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(big, p);
	p = kmalloc(5000, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	for (i = 0; i < n; i++)
		kfree(objs[i]);
	kmem_cache_destroy(big);
	kmem_cache_shrink_all();
	CHECK_EQ(fake_pages_in_use(), baseline);
	EXPECT_QUIET();
}

/* --- Bad input --- */

static void test_bad_kfree(void)
{
	char *a = kmalloc(64, GFP_KERNEL), *b = kmalloc(64, GFP_KERNEL), *c;
	unsigned long active = active_of("kmalloc-64");
	int on_stack;
	void *heap = malloc(64);
	struct page *page;
	u32 *w;

	kfree(a + 8);
	EXPECT_REPORT("not the start of an object");
	kfree(a + 1);
	EXPECT_REPORT("kfree");
	CHECK_EQ(active_of("kmalloc-64"), active);
	/* Double free of the free-list head, then of an object deeper in the list. */
	kfree(a);
	EXPECT_QUIET();
	kfree(a);
	EXPECT_REPORT("double free");
	kfree(b);
	kfree(a);
	EXPECT_REPORT("double free");
	CHECK_EQ(active_of("kmalloc-64"), active - 2);
	/* Data that looks like the free mark is not a double free. */
	c = kmalloc(64, GFP_KERNEL);
	w = (u32 *)c;
	w[1] = 0xa5000000u ^ (u32)((uintptr_t)c % PAGE_SIZE);
	kfree(c);
	EXPECT_QUIET();
	/* Pointers the slab does not own. */
	kfree(&on_stack);
	EXPECT_REPORT("not a slab object");
	kfree(heap);
	EXPECT_REPORT("not a slab object");
	page = alloc_pages(GFP_KERNEL, 0);
	kfree(host_page_address(page));
	EXPECT_REPORT("not a slab object");
	CHECK_EQ(ksize(host_page_address(page)), 0);
	EXPECT_REPORT("ksize");
	__free_pages(page, 0);
	free(heap);
	/* The report names the caller. */
	kfree(&on_stack);
	CHECK(strstr(host_last_printk, "(caller 0x") != NULL);
	EXPECT_REPORT("at ");
	check_pages(0);
}

static void test_bad_large_and_tail(void)
{
	struct kmem_cache *c = kmem_cache_create("bad3000", 3000, 64, 0, NULL);
	char *p = kmalloc(10000, GFP_KERNEL), *objs[10], *tail = NULL;
	unsigned int i;

	kfree(p + 16);
	EXPECT_REPORT("not the start of an allocation");
	kfree(p + PAGE_SIZE);
	EXPECT_REPORT("not a slab object");
	CHECK_EQ(ksize(p), 4 * PAGE_SIZE);
	kfree(p);
	EXPECT_QUIET();
	kfree(p);
	EXPECT_REPORT("not a slab object");
	check_pages(0);

	/* An object in a later page of an order-3 slab. */
	for (i = 0; i < 10; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		if ((uintptr_t)objs[i] % (PAGE_SIZE << 3) >= PAGE_SIZE && !tail)
			tail = objs[i];
	}
	CHECK(tail != NULL);
	kfree(tail + 8);
	EXPECT_REPORT("not the start of an object");
	CHECK_EQ(ksize(tail), 3008);
	kmem_cache_free(c, tail);
	kmem_cache_free(c, tail);
	EXPECT_REPORT("double free");
	tail = kmem_cache_alloc(c, GFP_KERNEL);
	/* The waste at the end of the slab holds no object. */
	kfree((char *)objs[0] - (uintptr_t)objs[0] % (PAGE_SIZE << 3) + 10 * 3008);
	EXPECT_REPORT("not the start of an object");
	for (i = 0; i < 10; i++)
		kfree(objs[i]);
	EXPECT_QUIET();
	kmem_cache_destroy(c);
	CHECK_EQ(fake_bad_frees, 0);
}

static void test_bad_cache_use(void)
{
	struct kmem_cache *c24 = kmem_cache_create("b24", 24, 0, 0, NULL);
	struct kmem_cache *c40 = kmem_cache_create("b40", 40, 0, 0, NULL);
	void *x = kmem_cache_alloc(c24, GFP_KERNEL), *k = kmalloc(16, GFP_KERNEL);
	void *big = kmalloc(8192, GFP_KERNEL), *y;
	int found;

	kmem_cache_free(c40, x);
	EXPECT_REPORT("object of b24 freed to b40");
	kmem_cache_free(c24, k);
	EXPECT_REPORT("object of kmalloc-16 freed to b24");
	kmem_cache_free(c24, big);
	EXPECT_REPORT("kmem_cache_free");
	kmem_cache_free(NULL, x);
	EXPECT_REPORT("kmem_cache_free");
	CHECK_EQ(active_of("b24"), 1);
	kmem_cache_free(c24, NULL);
	EXPECT_QUIET();

	/* A cache with live objects survives destroy. */
	kmem_cache_destroy(c24);
	EXPECT_REPORT("still allocated");
	cache_info("b24", &found);
	CHECK_EQ(found, 1);
	y = kmem_cache_alloc(c24, GFP_KERNEL);
	CHECK(y != NULL);
	kmem_cache_free(c24, y);
	kmem_cache_free(c24, x);
	kfree(k);
	kfree(big);
	kmem_cache_destroy(c24);
	kmem_cache_destroy(c40);
	kmem_cache_destroy(NULL);
	EXPECT_QUIET();
	cache_info("b24", &found);
	CHECK_EQ(found, 0);
}

/* Bad arguments to kmem_cache_create; descriptors run out cleanly and come back. */
static void test_bad_create(void)
{
	struct kmem_cache *many[80];
	unsigned int i, n;
	int found;

	CHECK(kmem_cache_create(NULL, 32, 0, 0, NULL) == NULL);
	CHECK(kmem_cache_create("z", 0, 0, 0, NULL) == NULL);
	CHECK(kmem_cache_create("a3", 32, 3, 0, NULL) == NULL);
	CHECK(kmem_cache_create("a8k", 32, 8192, 0, NULL) == NULL);
	CHECK(kmem_cache_create("huge", 40000, 0, 0, NULL) == NULL);
	reports = host_printk_count;
	for (n = 0; n < ARRAY_SIZE(many); n++) {
		many[n] = kmem_cache_create("a-very-long-cache-name-that-gets-truncated", 32, 0, 0,
					    NULL);
		if (!many[n])
			break;
	}
	CHECK(n > 40 && n < ARRAY_SIZE(many));
	CHECK_EQ(strlen(cache_info("a-very-long-cache-name-that-get", &found).name), 31);
	CHECK_EQ(found, n);
	for (i = 0; i < n; i++)
		kmem_cache_destroy(many[i]);
	reports = host_printk_count;
	kmem_cache_shrink_all();
	CHECK_EQ(fake_pages_in_use(), baseline);
	CHECK_EQ(totals().active, 0);
	CHECK_EQ(fake_bad_frees, 0);
}

int main(void)
{
	fake_pages_init();
	test_before_init();
	kmem_cache_init();
	baseline = fake_pages_in_use();
	CHECK_EQ(baseline, 0);
	test_geometry();
	test_every_size();
	test_fast_path();
	test_ctor();
	test_zero();
	test_random();
	test_exhaustion();
	test_bad_kfree();
	test_bad_large_and_tail();
	test_bad_cache_use();
	test_bad_create();
	kmem_cache_shrink_all();
	CHECK_EQ(fake_pages_in_use(), baseline);
	CHECK_EQ(fake_bad_frees, 0);
	return ktest_summary();
}
