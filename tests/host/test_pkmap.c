/* SPDX-License-Identifier: MIT */
/*
 * Host tests for mm/pkmap_pool.c, the persistent-kmap slot pool, over a
 * fake PTE window and a fake TLB kept by the pkmap_ops callbacks: hit
 * and miss accounting, stale reuse, the wrap-around flush (which slots
 * are cleared, one flush_all), exhaustion and recovery, bad puts, hash
 * chains, the lock-free get and put (and the count limit), and a long
 * deterministic random run against a model that predicts every slot
 * choice, half of it through the lock-free calls as kmap makes them.  Runs under ASan and UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <meridian/errno.h>
#include <meridian/pkmap_pool.h>

#include "host_kernel.h"
#include "ktest_host.h"

/* --- The fake window: one PTE per slot, a TLB, an event log --- */

enum ev_type { EV_CLEAR, EV_FLUSH, EV_SET };

struct ev {
	enum ev_type type;
	unsigned int slot;
	unsigned long pfn;
};

#define MAX_EVENTS (2 * PKMAP_SLOTS + 8)

struct fake {
	bool pte_valid[PKMAP_SLOTS];
	unsigned long pte_pfn[PKMAP_SLOTS];
	bool tlb_dirty[PKMAP_SLOTS];	/* PTE cleared, TLB not yet flushed */
	unsigned int clears_since_flush;
	unsigned long nr_clear, nr_flush, nr_set;
	unsigned long errors;		/* callback contract violations */
	struct ev log[MAX_EVENTS];
	unsigned int nlog;
};

static void fake_log(struct fake *f, enum ev_type type, unsigned int slot, unsigned long pfn)
{
	if (f->nlog < MAX_EVENTS)
		f->log[f->nlog++] = (struct ev){ type, slot, pfn };
	else
		f->errors++;
}

static void fake_clear_slot(void *ctx, unsigned int slot)
{
	struct fake *f = ctx;

	CHECK_MSG(slot < PKMAP_SLOTS && f->pte_valid[slot], "clear_slot(%u) of a clear PTE", slot);
	if (slot >= PKMAP_SLOTS || !f->pte_valid[slot]) {
		f->errors++;
		return;
	}
	f->pte_valid[slot] = false;
	f->tlb_dirty[slot] = true;
	f->clears_since_flush++;
	f->nr_clear++;
	fake_log(f, EV_CLEAR, slot, f->pte_pfn[slot]);
}

static void fake_flush_all(void *ctx)
{
	struct fake *f = ctx;

	CHECK_MSG(f->clears_since_flush > 0, "flush_all with no clear_slot since the last one");
	if (!f->clears_since_flush)
		f->errors++;
	f->clears_since_flush = 0;
	memset(f->tlb_dirty, 0, sizeof(f->tlb_dirty));
	f->nr_flush++;
	fake_log(f, EV_FLUSH, 0, 0);
}

static void fake_set_slot(void *ctx, unsigned int slot, unsigned long pfn)
{
	struct fake *f = ctx;
	bool ok = slot < PKMAP_SLOTS && !f->pte_valid[slot] && !f->tlb_dirty[slot];

	CHECK_MSG(ok, "set_slot(%u, %#lx) over a live PTE or an unflushed TLB entry", slot, pfn);
	if (!ok) {
		f->errors++;
		return;
	}
	f->pte_valid[slot] = true;
	f->pte_pfn[slot] = pfn;
	f->nr_set++;
	fake_log(f, EV_SET, slot, pfn);
}

static const struct pkmap_ops fake_ops = {
	.clear_slot = fake_clear_slot,
	.flush_all = fake_flush_all,
	.set_slot = fake_set_slot,
};

static struct pkmap_pool pool;
static struct fake fake;

static void setup(void)
{
	memset(&pool, 0xa5, sizeof(pool));	/* init must not rely on zeroed memory */
	pkmap_pool_init(&pool);
	memset(&fake, 0, sizeof(fake));
}

static int get(unsigned long pfn)
{
	return pkmap_pool_get(&pool, pfn, &fake_ops, &fake);
}

/* Forget the event log (the PTEs and TLB stay). */
static void log_reset(void)
{
	fake.nlog = 0;
}

static void check_stats(unsigned int free, unsigned int stale, unsigned int used)
{
	unsigned int f, s, u;

	pkmap_pool_stats(&pool, &f, &s, &u);
	CHECK_EQ(f, free);
	CHECK_EQ(s, stale);
	CHECK_EQ(u, used);
}

/* Map n distinct pfns base, base + 1, ... into slots 0..n-1 of a fresh pool. */
static void map_n(unsigned long base, unsigned int n)
{
	unsigned int i;
	int bad = 0;

	for (i = 0; i < n; i++)
		bad += get(base + i) != (int)i;
	CHECK_EQ(bad, 0);
}

/* --- Directed tests --- */

static void test_init(void)
{
	unsigned int i;
	int bad = 0;

	setup();
	check_stats(PKMAP_SLOTS, 0, 0);
	CHECK_EQ(pool.last, PKMAP_SLOTS - 1);
	CHECK_EQ(pool.hits + pool.misses + pool.flushes + pool.waits, 0);
	for (i = 0; i < PKMAP_SLOTS; i++)
		bad += pkmap_pool_pfn(&pool, i) != PKMAP_NO_PFN || pkmap_pool_count(&pool, i) != 0;
	CHECK_EQ(bad, 0);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0), -1);
	CHECK_EQ(pkmap_pool_lookup(&pool, PKMAP_NO_PFN), -1);
}

static void test_hit_miss(void)
{
	setup();
	/* The first mapping takes slot 0; its wrap finds nothing stale. */
	CHECK_EQ(get(0x1234), 0);
	CHECK_EQ(pool.misses, 1);
	CHECK_EQ(pool.hits, 0);
	CHECK_EQ(pool.flushes, 0);
	CHECK_EQ(fake.nlog, 1);
	CHECK(fake.log[0].type == EV_SET && fake.log[0].slot == 0 && fake.log[0].pfn == 0x1234);
	CHECK_EQ(pkmap_pool_count(&pool, 0), 2);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x1234), 0);

	log_reset();
	CHECK_EQ(get(0x1234), 0);
	CHECK_EQ(pool.hits, 1);
	CHECK_EQ(pool.misses, 1);
	CHECK_EQ(fake.nlog, 0);
	CHECK_EQ(pkmap_pool_count(&pool, 0), 3);

	CHECK_EQ(get(0), 1);			/* pfn 0 is a real pfn */
	CHECK_EQ(get(0x1234 + PKMAP_HASH_SIZE), 2);	/* same bucket as 0x1234 */
	CHECK_EQ(pool.misses, 3);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x1234), 0);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x1234 + PKMAP_HASH_SIZE), 2);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x1234 + 2 * PKMAP_HASH_SIZE), -1);
	check_stats(PKMAP_SLOTS - 3, 0, 3);

	CHECK_EQ(pkmap_pool_put(&pool, 0), 2);
	CHECK_EQ(pkmap_pool_put(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_put(&pool, 1), 1);
	check_stats(PKMAP_SLOTS - 3, 2, 1);
	CHECK_EQ(fake.nr_clear + fake.nr_flush, 0);
}

static void test_stale_reuse(void)
{
	setup();
	CHECK_EQ(get(77), 0);
	CHECK_EQ(get(78), 1);
	CHECK_EQ(pkmap_pool_put(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 77), 0);	/* stale, still found */
	check_stats(PKMAP_SLOTS - 2, 1, 1);

	log_reset();
	CHECK_EQ(get(77), 0);
	CHECK_EQ(pkmap_pool_count(&pool, 0), 2);
	CHECK_EQ(pool.hits, 1);
	CHECK_EQ(pool.misses, 2);
	CHECK_EQ(fake.nlog, 0);			/* no set_slot, no clear, no flush */
	CHECK(fake.pte_valid[0] && fake.pte_pfn[0] == 77);
	check_stats(PKMAP_SLOTS - 2, 0, 2);
	/* A new pfn does not take the stale slot's place before a wrap. */
	CHECK_EQ(pkmap_pool_put(&pool, 0), 1);
	CHECK_EQ(get(79), 2);
	CHECK_EQ(pkmap_pool_lookup(&pool, 77), 0);
}

/* The log must be: clear of exactly the slots in [lo, hi), in order, one flush, then one set. */
static void check_wrap_log(unsigned int lo, unsigned int hi, unsigned int set_slot,
			   unsigned long set_pfn)
{
	unsigned int i, n = hi - lo;
	int bad = 0;

	CHECK_EQ(fake.nlog, n + 2);
	if (fake.nlog != n + 2)
		return;
	for (i = 0; i < n; i++)
		bad += fake.log[i].type != EV_CLEAR || fake.log[i].slot != lo + i;
	CHECK_EQ(bad, 0);
	CHECK(fake.log[n].type == EV_FLUSH);
	CHECK(fake.log[n + 1].type == EV_SET && fake.log[n + 1].slot == set_slot &&
	      fake.log[n + 1].pfn == set_pfn);
}

static void put_all(unsigned int n)
{
	unsigned int i;
	int bad = 0;

	for (i = 0; i < n; i++)
		bad += pkmap_pool_put(&pool, i) != 1;
	CHECK_EQ(bad, 0);
}

static void test_wrap_511(void)
{
	unsigned int i;
	int bad = 0;

	setup();
	map_n(0x1000, PKMAP_SLOTS - 1);
	put_all(PKMAP_SLOTS - 1);
	check_stats(1, PKMAP_SLOTS - 1, 0);

	/* Slot 511 is still free: no wrap, no flush. */
	log_reset();
	CHECK_EQ(get(0x9000), PKMAP_SLOTS - 1);
	CHECK_EQ(fake.nlog, 1);
	CHECK_EQ(pool.flushes, 0);

	/* The wrap frees the 511 stale slots, not the used slot 511. */
	log_reset();
	CHECK_EQ(get(0x9001), 0);
	check_wrap_log(0, PKMAP_SLOTS - 1, 0, 0x9001);
	CHECK_EQ(pool.flushes, 1);
	CHECK_EQ(fake.nr_flush, 1);
	CHECK_EQ(fake.nr_clear, PKMAP_SLOTS - 1);
	CHECK_EQ(pkmap_pool_count(&pool, PKMAP_SLOTS - 1), 2);
	CHECK(fake.pte_valid[PKMAP_SLOTS - 1] && fake.pte_pfn[PKMAP_SLOTS - 1] == 0x9000);
	for (i = 0; i < PKMAP_SLOTS - 1; i++)
		bad += pkmap_pool_lookup(&pool, 0x1000 + i) != -1;
	CHECK_EQ(bad, 0);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x9000), PKMAP_SLOTS - 1);
	check_stats(PKMAP_SLOTS - 2, 0, 2);

	/* An old pfn is a miss now, and lands in the next free slot. */
	CHECK_EQ(get(0x1005), 1);
	CHECK_EQ(pool.misses, PKMAP_SLOTS + 2);
	CHECK_EQ(pool.hits, 0);
}

static void test_wrap_512(void)
{
	unsigned int i;
	int bad = 0;

	setup();
	map_n(0x2000, PKMAP_SLOTS);
	put_all(PKMAP_SLOTS);
	check_stats(0, PKMAP_SLOTS, 0);
	CHECK_EQ(fake.nr_flush, 0);

	log_reset();
	CHECK_EQ(get(0xa000), 0);
	check_wrap_log(0, PKMAP_SLOTS, 0, 0xa000);
	CHECK_EQ(pool.flushes, 1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x2000), -1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x2000 + PKMAP_SLOTS - 1), -1);
	check_stats(PKMAP_SLOTS - 1, 0, 1);

	/* Fill the rest; the next wrap finds nothing stale: no flush, -EAGAIN. */
	for (i = 1; i < PKMAP_SLOTS; i++)
		bad += get(0xb000 + i) != (int)i;
	CHECK_EQ(bad, 0);
	CHECK_EQ(get(0xc000), -EAGAIN);
	CHECK_EQ(pool.flushes, 1);
	CHECK_EQ(fake.nr_flush, 1);
}

/* A copy of everything a failed get must leave alone. */
struct snapshot {
	u64 entry[PKMAP_SLOTS];
	bool pte_valid[PKMAP_SLOTS];
	unsigned long pte_pfn[PKMAP_SLOTS];
	unsigned long hits, flushes;
};

static void snap(struct snapshot *s)
{
	memcpy(s->entry, pool.entry, sizeof(s->entry));
	memcpy(s->pte_valid, fake.pte_valid, sizeof(s->pte_valid));
	memcpy(s->pte_pfn, fake.pte_pfn, sizeof(s->pte_pfn));
	s->hits = pool.hits;
	s->flushes = pool.flushes;
}

static bool snap_same(const struct snapshot *s)
{
	return !memcmp(s->entry, pool.entry, sizeof(s->entry)) &&
	       !memcmp(s->pte_valid, fake.pte_valid, sizeof(s->pte_valid)) &&
	       !memcmp(s->pte_pfn, fake.pte_pfn, sizeof(s->pte_pfn)) &&
	       s->hits == pool.hits && s->flushes == pool.flushes;
}

static void test_exhaustion(void)
{
	struct snapshot s;
	unsigned long misses;
	unsigned int i;
	int bad = 0;

	setup();
	map_n(0x3000, PKMAP_SLOTS);
	snap(&s);
	misses = pool.misses;
	log_reset();
	CHECK_EQ(get(0x8000), -EAGAIN);
	CHECK_EQ(get(0x8000), -EAGAIN);		/* and stays so */
	CHECK_EQ(fake.nlog, 0);
	CHECK(snap_same(&s));
	CHECK_EQ(pool.misses, misses + 2);
	CHECK_EQ(pool.waits, 0);		/* the caller's to count */
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x8000), -1);
	for (i = 0; i < PKMAP_SLOTS; i++)
		bad += pkmap_pool_lookup(&pool, 0x3000 + i) != (int)i;
	CHECK_EQ(bad, 0);
	check_stats(0, 0, PKMAP_SLOTS);

	/* A pfn already mapped is still a hit. */
	CHECK_EQ(get(0x3000 + 7), 7);
	CHECK_EQ(pkmap_pool_put(&pool, 7), 1 + 1);

	/* One put makes a stale slot; the retry wraps, frees it and takes it. */
	CHECK_EQ(pkmap_pool_put(&pool, 300), 1);
	log_reset();
	CHECK_EQ(get(0x8000), 300);
	check_wrap_log(300, 301, 300, 0x8000);
	CHECK_EQ(pool.flushes, 1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x3000 + 300), -1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x8000), 300);
	check_stats(0, 0, PKMAP_SLOTS);
	CHECK_EQ(fake.errors, 0);
}

static void test_bad_put(void)
{
	unsigned long warns;

	setup();
	CHECK_EQ(pkmap_pool_put(&pool, 5), -EINVAL);	/* free */
	CHECK_EQ(pkmap_pool_count(&pool, 5), 0);
	CHECK_EQ(get(42), 0);
	CHECK_EQ(pkmap_pool_put(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_put(&pool, 0), -EINVAL);	/* stale */
	CHECK_EQ(pkmap_pool_count(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_lookup(&pool, 42), 0);
	check_stats(PKMAP_SLOTS - 1, 1, 0);

	warns = host_printk_count;
	CHECK_EQ(pkmap_pool_put(&pool, PKMAP_SLOTS), -EINVAL);
	CHECK_EQ(host_printk_count, warns + 1);
	CHECK_EQ(get(PKMAP_NO_PFN), -EINVAL);
	CHECK_EQ(host_printk_count, warns + 2);
	CHECK_EQ(pool.misses, 1);
	check_stats(PKMAP_SLOTS - 1, 1, 0);
}

/* Many pfns in one bucket; a flush unlinks head, middle and tail entries. */
static void test_hash_chain(void)
{
	unsigned int i;
	int bad = 0;

	setup();
	for (i = 0; i < 40; i++)
		bad += get(5 + i * PKMAP_HASH_SIZE) != (int)i;
	CHECK_EQ(bad, 0);
	for (i = 0; i < 40; i += 3)	/* 0 (chain tail), 39 (head), and between */
		CHECK_EQ(pkmap_pool_put(&pool, i), 1);
	for (i = 40; i < PKMAP_SLOTS; i++)
		bad += get(0x100000 + i) != (int)i;
	CHECK_EQ(bad, 0);
	CHECK_EQ(get(0x200000), 0);	/* the wrap frees the 14 stale ones */
	CHECK_EQ(fake.nr_clear, 14);
	for (i = 0; i < 40; i++) {
		int want = i % 3 ? (int)i : -1;

		bad += pkmap_pool_lookup(&pool, 5 + i * PKMAP_HASH_SIZE) != want;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x200000), 0);
}

/* --- The lock-free paths --- */

static void test_tryget_tryput(void)
{
	unsigned long other = 0x100 + PKMAP_HASH_SIZE;	/* same bucket as 0x100 */

	setup();
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x100), -1);	/* empty bucket */
	CHECK_EQ(get(0x100), 0);
	log_reset();
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x100), 0);
	CHECK_EQ(pkmap_pool_count(&pool, 0), 3);
	CHECK_EQ(pool.hits, 1);
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x101), -1);	/* never mapped */
	CHECK_EQ(pkmap_pool_tryput(&pool, 0x100), 2);
	CHECK_EQ(pkmap_pool_tryput(&pool, 0x100), 1);	/* stale now */
	CHECK_EQ(pkmap_pool_tryput(&pool, 0x100), 0);	/* no user: refused */
	CHECK_EQ(pkmap_pool_count(&pool, 0), 1);
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x100), 0);	/* revives the stale slot */
	CHECK_EQ(pkmap_pool_count(&pool, 0), 2);
	CHECK_EQ(pool.hits, 2);
	CHECK_EQ(fake.nlog, 0);				/* no PTE touched */

	/* Only a bucket's latest slot is served lock free; the rest by the locked calls. */
	CHECK_EQ(get(other), 1);
	CHECK_EQ(pkmap_pool_tryget(&pool, other), 1);
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x100), -1);
	CHECK_EQ(pkmap_pool_tryput(&pool, 0x100), 0);
	CHECK_EQ(pkmap_pool_count(&pool, 0), 2);
	CHECK_EQ(get(0x100), 0);
	CHECK_EQ(pkmap_pool_put(&pool, 0), 2);
	CHECK_EQ(pkmap_pool_tryput(&pool, other), 2);
	CHECK_EQ(pool.hits, 4);
	CHECK_EQ(pool.misses, 2);
}

/* The locked get of a slot at the count limit: a BUG, as Linux's. */
static void get_beyond_limit(void)
{
	(void)get(0x300);
}

static void test_count_limit(void)
{
	unsigned long n = 0;

	setup();
	CHECK_EQ(get(0x300), 0);
	while (pkmap_pool_tryget(&pool, 0x300) >= 0)
		n++;
	CHECK_EQ(n, PKMAP_COUNT_MAX - 2);
	CHECK_EQ(pkmap_pool_count(&pool, 0), PKMAP_COUNT_MAX);
	CHECK_BUG(get_beyond_limit, "a get beyond PKMAP_COUNT_MAX");
	CHECK_EQ(pkmap_pool_tryput(&pool, 0x300), PKMAP_COUNT_MAX - 1);	/* puts still work */
	CHECK_EQ(pkmap_pool_put(&pool, 0), PKMAP_COUNT_MAX - 2);
}

/* A stale slot revived lock free before the wrap survives it; has_room follows the counts. */
static void test_revived_survives_wrap(void)
{
	unsigned int i;
	int bad = 0;

	setup();
	CHECK(pkmap_pool_has_room(&pool));
	map_n(0x5000, PKMAP_SLOTS);
	CHECK(!pkmap_pool_has_room(&pool));
	put_all(PKMAP_SLOTS);
	CHECK(pkmap_pool_has_room(&pool));
	CHECK_EQ(pkmap_pool_tryget(&pool, 0x5000 + 7), 7);
	log_reset();
	CHECK_EQ(get(0x9999), 0);
	CHECK_EQ(fake.nr_clear, PKMAP_SLOTS - 1);
	for (i = 0; i < fake.nlog; i++)
		bad += fake.log[i].type == EV_CLEAR && fake.log[i].slot == 7;
	CHECK_EQ(bad, 0);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x5000 + 7), 7);
	CHECK_EQ(pkmap_pool_count(&pool, 7), 2);
	CHECK_EQ(pkmap_pool_lookup(&pool, 0x5000 + 8), -1);
	CHECK_EQ(fake.errors, 0);
}

/* --- The random run against a model --- */

#define NR_PFNS 1100		/* more pfns than slots: exhaustion happens */
#define MAX_HELD 4096
#define RANDOM_STEPS 300000

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static u32 rnd(void)
{
	return (u32)(ktest_xorshift64(&rng_state) >> 16);
}

/* Every eighth pfn lands in bucket 0, for long chains; the rest spread. */
static unsigned long pfn_of(unsigned int i)
{
	return i % 8 ? 0x40000 + i : (unsigned long)i * PKMAP_HASH_SIZE;
}

struct model {
	unsigned int count[PKMAP_SLOTS];
	int pfn_idx[PKMAP_SLOTS];	/* -1 if none */
	int slot_of[NR_PFNS];		/* -1 if unmapped */
	unsigned int last;
	unsigned long hits, misses, flushes;
	unsigned int held[MAX_HELD];	/* slots of the references we hold */
	unsigned int nheld;
	unsigned long eagain, stale_hits, wraps_flushed;
	unsigned long tryget_hits, tryputs;	/* served lock free */
};

static struct model m;

static void model_init(void)
{
	unsigned int i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < PKMAP_SLOTS; i++)
		m.pfn_idx[i] = -1;
	for (i = 0; i < NR_PFNS; i++)
		m.slot_of[i] = -1;
	m.last = PKMAP_SLOTS - 1;
}

struct prediction {
	int slot;		/* or -EAGAIN */
	bool wrap;		/* the scan reaches slot 0 */
	unsigned int nstale;	/* stale slots the wrap frees */
};

/* Where the pool must put a new mapping: Linux's round robin, replayed. */
static struct prediction predict_miss(void)
{
	struct prediction p = { -EAGAIN, false, 0 };
	unsigned int k, s;

	for (k = 1; k <= 2 * PKMAP_SLOTS; k++) {
		s = (m.last + k) % PKMAP_SLOTS;
		if (s == 0 && !p.wrap) {
			p.wrap = true;
			for (unsigned int i = 0; i < PKMAP_SLOTS; i++)
				p.nstale += m.count[i] == 1;
		} else if (s == 0) {
			return p;	/* a whole scan after the flush: nothing */
		}
		if (m.count[s] == 0 || (p.wrap && m.count[s] == 1)) {
			p.slot = (int)s;
			return p;
		}
	}
	return p;
}

/* Check the events of one miss against the prediction, and apply them to the model. */
static void model_apply_miss(const struct prediction *p, int ret, unsigned int idx)
{
	unsigned int i, nclear = 0;
	int bad = 0;

	for (i = 0; i < fake.nlog; i++) {
		const struct ev *e = &fake.log[i];

		if (e->type == EV_CLEAR) {
			bad += m.count[e->slot] != 1 || m.pfn_idx[e->slot] < 0 ||
			       pfn_of((unsigned int)m.pfn_idx[e->slot]) != e->pfn;
			if (m.pfn_idx[e->slot] >= 0)
				m.slot_of[m.pfn_idx[e->slot]] = -1;
			m.count[e->slot] = 0;
			m.pfn_idx[e->slot] = -1;
			nclear++;
		} else if (e->type == EV_FLUSH) {
			bad += nclear == 0 || i != nclear;	/* one flush, after all clears */
			m.flushes++;
		} else {
			bad += i != fake.nlog - 1 || (int)e->slot != ret || e->pfn != pfn_of(idx);
		}
	}
	CHECK_MSG(!bad, "miss of pfn %#lx: unexpected events", pfn_of(idx));
	CHECK_EQ(nclear, p->wrap ? p->nstale : 0);
	CHECK_EQ(fake.nlog, nclear + (nclear ? 1 : 0) + (ret >= 0 ? 1 : 0));
	m.misses++;
	if (ret < 0) {
		m.last = PKMAP_SLOTS - 1;
		m.eagain++;
		return;
	}
	CHECK_EQ(m.count[ret], 0);
	m.count[ret] = 2;
	m.pfn_idx[ret] = (int)idx;
	m.slot_of[idx] = ret;
	m.last = (unsigned int)ret;
	m.wraps_flushed += nclear != 0;
}

/*
 * Half the gets and puts go the way kmap and kunmap do: lock free first
 * (only a bucket's latest slot qualifies), the locked call if refused.
 */
static int get_like_kmap(unsigned long pfn)
{
	int slot = rnd() % 2 ? pkmap_pool_tryget(&pool, pfn) : -1;

	if (slot >= 0) {
		m.tryget_hits++;
		return slot;
	}
	return get(pfn);
}

static int put_like_kunmap(unsigned int slot)
{
	unsigned long pfn = pfn_of((unsigned int)m.pfn_idx[slot]);
	u32 left = rnd() % 2 ? pkmap_pool_tryput(&pool, pfn) : 0;

	if (left) {
		m.tryputs++;
		return (int)left;
	}
	CHECK_EQ(pkmap_pool_lookup(&pool, pfn), slot);
	return pkmap_pool_put(&pool, slot);
}

static void random_get(unsigned int idx)
{
	int want = m.slot_of[idx];
	struct prediction p;
	int ret;

	log_reset();
	if (want >= 0) {
		ret = get_like_kmap(pfn_of(idx));
		CHECK_EQ(ret, want);
		CHECK_EQ(fake.nlog, 0);
		m.stale_hits += m.count[want] == 1;
		m.count[want]++;
		m.hits++;
	} else {
		p = predict_miss();
		ret = get(pfn_of(idx));
		CHECK_EQ(ret, p.slot);
		model_apply_miss(&p, ret, idx);
	}
	if (ret < 0)
		return;
	if (m.nheld < MAX_HELD) {
		m.held[m.nheld++] = (unsigned int)ret;
		return;
	}
	CHECK_EQ(put_like_kunmap((unsigned int)ret), m.count[ret] - 1);
	m.count[ret]--;
}

static void random_put(void)
{
	unsigned int i, slot;
	int ret;

	if (!m.nheld || rnd() % 16 == 0) {
		/* A put that must fail: a slot with no user, if there is one. */
		slot = rnd() % PKMAP_SLOTS;
		if (m.count[slot] >= 2)
			return;
		CHECK_EQ(pkmap_pool_put(&pool, slot), -EINVAL);
		return;
	}
	i = rnd() % m.nheld;
	slot = m.held[i];
	m.held[i] = m.held[--m.nheld];
	ret = put_like_kunmap(slot);
	CHECK_EQ(ret, m.count[slot] - 1);
	m.count[slot]--;
}

/* The whole state against the model: counts, hash, PTEs, statistics. */
static void check_model(void)
{
	unsigned int i, f = 0, s = 0, u = 0;
	int bad = 0;

	for (i = 0; i < PKMAP_SLOTS; i++) {
		bad += pkmap_pool_count(&pool, i) != m.count[i];
		bad += fake.pte_valid[i] != (m.count[i] >= 1);
		if (m.count[i] >= 1)
			bad += fake.pte_pfn[i] != pfn_of((unsigned int)m.pfn_idx[i]) ||
			       pkmap_pool_pfn(&pool, i) != fake.pte_pfn[i];
		else
			bad += pkmap_pool_pfn(&pool, i) != PKMAP_NO_PFN || m.pfn_idx[i] != -1;
		f += m.count[i] == 0;
		s += m.count[i] == 1;
		u += m.count[i] > 1;
	}
	for (i = 0; i < NR_PFNS; i++)
		bad += pkmap_pool_lookup(&pool, pfn_of(i)) != m.slot_of[i];
	CHECK_MSG(!bad, "%d differences from the model", bad);
	check_stats(f, s, u);
	CHECK_EQ(pool.hits, m.hits);
	CHECK_EQ(pool.misses, m.misses);
	CHECK_EQ(pool.flushes, m.flushes);
	CHECK_EQ(fake.nr_flush, m.flushes);
	CHECK_EQ(pool.last, m.last);
	CHECK_EQ(fake.errors, 0);
}

/* Phases alternate between filling (mostly gets) and draining (mostly puts). */
static unsigned int pick_pfn(void)
{
	return rnd() % 4 ? rnd() % NR_PFNS : rnd() % 24;	/* a hot set, for hits */
}

static void test_random(void)
{
	unsigned int step, get_pct;

	setup();
	model_init();
	for (step = 0; step < RANDOM_STEPS; step++) {
		get_pct = (step / 6000) % 2 ? 30 : 70;
		if (rnd() % 100 < get_pct)
			random_get(pick_pfn());
		else
			random_put();
		if (step % 97 == 0)
			check_model();
		if (ktest_failed > 20)
			break;
	}
	check_model();
	printf("random: %lu hits (%lu stale, %lu lock free), %lu misses, %lu flushes, %lu -EAGAIN, "
	       "%lu lock-free puts\n", m.hits, m.stale_hits, m.tryget_hits, m.misses, m.flushes,
	       m.eagain, m.tryputs);
	/* The run must have exercised every path, or it proves little. */
	CHECK(m.stale_hits > 100);
	CHECK(m.flushes > 10);
	CHECK(m.eagain > 10);
	CHECK(m.hits > 1000);
	CHECK(m.tryget_hits > 1000 && m.hits - m.tryget_hits > 1000);
	CHECK(m.tryputs > 1000);
}

int main(void)
{
	test_init();
	test_hit_miss();
	test_stale_reuse();
	test_wrap_511();
	test_wrap_512();
	test_exhaustion();
	test_bad_put();
	test_hash_chain();
	test_tryget_tryput();
	test_count_limit();
	test_revived_survives_wrap();
	test_random();
	return ktest_summary();
}
