/* SPDX-License-Identifier: MIT */
/*
 * Host tests for kernel/time/timerqueue.c: order by expiry, FIFO order
 * for equal expiries, delete from the middle, pop_expired at the now
 * boundaries, -ENOSPC on a full heap, a long random add/del/pop sequence
 * checked after every step against a sorted-array model (with the heap
 * invariant and every node's index checked too), and the BUG_ON of adding
 * a queued node in a forked child (panic() aborts on the host).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <meridian/errno.h>
#include <meridian/timerqueue.h>

#include "ktest_host.h"

#define NR_NODES 256
#define HEAP_MAX 160
_Static_assert(NR_NODES > HEAP_MAX, "the random test needs free nodes when the heap is full");
#define RANDOM_STEPS 200000

static struct timerqueue_head tq;
static struct timerqueue_node *storage[NR_NODES];
static struct timerqueue_node node[NR_NODES];

static void setup(unsigned int max)
{
	unsigned int i;

	timerqueue_init(&tq, storage, max);
	for (i = 0; i < NR_NODES; i++) {
		timerqueue_node_init(&node[i]);
		node[i].expires = 0xdeadbeef;
	}
}

static unsigned int id_of(const struct timerqueue_node *n)
{
	return n ? (unsigned int)(n - node) : ~0u;
}

/* Heap shape, order and back-pointers; independent of the code under test. */
static int heap_ok(const struct timerqueue_head *h)
{
	unsigned int i;

	if (h->nr > h->max)
		return 0;
	for (i = 0; i < h->nr; i++) {
		const struct timerqueue_node *n = h->heap[i], *p;

		if (n->index != (int)i)
			return 0;
		if (i == 0)
			continue;
		p = h->heap[(i - 1) / 2];
		if (p->expires > n->expires || (p->expires == n->expires && p->seq >= n->seq))
			return 0;
	}
	return 1;
}

static void test_empty(void)
{
	setup(8);
	CHECK(timerqueue_first(&tq) == NULL);
	CHECK(timerqueue_pop_expired(&tq, UINT64_MAX) == NULL);
	CHECK(!timerqueue_node_queued(&node[0]));
	CHECK(!timerqueue_del(&tq, &node[0]));
	CHECK_EQ(tq.nr, 0);
}

/* Added out of order, popped in expiry order; each pop unqueues. */
static void test_expiry_order(void)
{
	static const u64 exp[] = { 50, 10, 40, 0, 30, 20, UINT64_MAX, 35, 5 };
	static const unsigned int order[] = { 3, 8, 1, 5, 4, 7, 2, 0, 6 };
	unsigned int i;

	setup(16);
	for (i = 0; i < ARRAY_SIZE(exp); i++) {
		CHECK_EQ(timerqueue_add(&tq, &node[i], exp[i]), 0);
		CHECK(timerqueue_node_queued(&node[i]));
		CHECK_EQ(node[i].expires, exp[i]);
		CHECK(heap_ok(&tq));
	}
	CHECK(timerqueue_first(&tq) == &node[3]);
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		struct timerqueue_node *n = timerqueue_pop_expired(&tq, UINT64_MAX);

		CHECK_EQ(id_of(n), order[i]);
		CHECK(n && !timerqueue_node_queued(n));
		CHECK(heap_ok(&tq));
	}
	CHECK_EQ(tq.nr, 0);
	CHECK(timerqueue_first(&tq) == NULL);
}

/* Equal expiries fire in add order; a re-added node goes behind its equals. */
static void test_equal_expiry_stable(void)
{
	static const unsigned int order[] = { 12, 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11, 13 };
	unsigned int i;

	setup(32);
	/* Even nodes expire at 100, odd at 200, interleaved; 12 and 13 added later. */
	for (i = 0; i < 12; i++)
		CHECK_EQ(timerqueue_add(&tq, &node[i], i % 2 ? 200 : 100), 0);
	CHECK_EQ(timerqueue_add(&tq, &node[12], 50), 0);
	CHECK_EQ(timerqueue_add(&tq, &node[13], 300), 0);
	CHECK(heap_ok(&tq));
	for (i = 0; i < ARRAY_SIZE(order); i++)
		CHECK_EQ(id_of(timerqueue_pop_expired(&tq, UINT64_MAX)), order[i]);

	/* Re-adding: 0 was first among the 100s, now it is last. */
	for (i = 0; i < 4; i++)
		CHECK_EQ(timerqueue_add(&tq, &node[i], 100), 0);
	CHECK(timerqueue_del(&tq, &node[0]));
	CHECK_EQ(timerqueue_add(&tq, &node[0], 100), 0);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 100)), 1);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 100)), 2);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 100)), 3);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 100)), 0);
	CHECK(timerqueue_pop_expired(&tq, 100) == NULL);
}

/* Delete interior nodes, including ones whose replacement must move up. */
static void test_delete_middle(void)
{
	/* Heap by position: 0:10 1:20 2:100 3:30 4:40 5:110 6:120; 7 lands under 3. */
	static const u64 exp[] = { 10, 20, 100, 30, 40, 110, 120, 35 };
	static const unsigned int rest[] = { 0, 1, 7, 2, 5 };
	unsigned int i;

	setup(16);
	for (i = 0; i < ARRAY_SIZE(exp); i++)
		CHECK_EQ(timerqueue_add(&tq, &node[i], exp[i]), 0);
	CHECK(heap_ok(&tq));
	CHECK_EQ(node[2].index, 2);

	/* Deleting 120 at position 6 leaves the last leaf (35) under 100: it must sift up. */
	CHECK_EQ(node[6].index, 6);
	CHECK(timerqueue_del(&tq, &node[6]));
	CHECK(heap_ok(&tq));
	CHECK(!timerqueue_node_queued(&node[6]));
	CHECK(!timerqueue_del(&tq, &node[6]));

	/* A middle node with children: the replacement sifts down. */
	CHECK(timerqueue_del(&tq, &node[3]));
	CHECK(heap_ok(&tq));
	CHECK(timerqueue_del(&tq, &node[4]));
	CHECK(heap_ok(&tq));
	CHECK_EQ(tq.nr, ARRAY_SIZE(rest));
	for (i = 0; i < ARRAY_SIZE(rest); i++)
		CHECK_EQ(id_of(timerqueue_pop_expired(&tq, UINT64_MAX)), rest[i]);

	/* Deleting the root and the last leaf. */
	for (i = 0; i < 3; i++)
		CHECK_EQ(timerqueue_add(&tq, &node[i], 10 * (i + 1)), 0);
	CHECK(timerqueue_del(&tq, &node[2]));
	CHECK(timerqueue_del(&tq, &node[0]));
	CHECK(timerqueue_first(&tq) == &node[1]);
	CHECK(timerqueue_del(&tq, &node[1]));
	CHECK_EQ(tq.nr, 0);
}

/* expires == now is due; expires == now + 1 is not. */
static void test_pop_expired_boundaries(void)
{
	setup(8);
	CHECK_EQ(timerqueue_add(&tq, &node[0], 200), 0);
	CHECK_EQ(timerqueue_add(&tq, &node[1], 100), 0);
	CHECK_EQ(timerqueue_add(&tq, &node[2], 200), 0);
	CHECK_EQ(timerqueue_add(&tq, &node[3], UINT64_MAX), 0);
	CHECK(timerqueue_pop_expired(&tq, 0) == NULL);
	CHECK(timerqueue_pop_expired(&tq, 99) == NULL);
	CHECK_EQ(tq.nr, 4);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 100)), 1);
	CHECK(timerqueue_pop_expired(&tq, 100) == NULL);
	CHECK(timerqueue_pop_expired(&tq, 199) == NULL);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 200)), 0);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 200)), 2);
	CHECK(timerqueue_pop_expired(&tq, 200) == NULL);
	CHECK(timerqueue_pop_expired(&tq, UINT64_MAX - 1) == NULL);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, UINT64_MAX)), 3);
	CHECK(timerqueue_pop_expired(&tq, UINT64_MAX) == NULL);

	/* A timer at 0 is due at time 0. */
	CHECK_EQ(timerqueue_add(&tq, &node[4], 0), 0);
	CHECK_EQ(id_of(timerqueue_pop_expired(&tq, 0)), 4);
}

/* A full heap refuses with -ENOSPC and changes nothing; a free slot is reusable. */
static void test_full(void)
{
	unsigned int i;
	u64 seq;

	setup(4);
	for (i = 0; i < 4; i++)
		CHECK_EQ(timerqueue_add(&tq, &node[i], 40 - i), 0);
	seq = tq.next_seq;
	CHECK_EQ(timerqueue_add(&tq, &node[4], 1), -ENOSPC);
	CHECK(!timerqueue_node_queued(&node[4]));
	CHECK_EQ(node[4].expires, 0xdeadbeef);
	CHECK_EQ(tq.nr, 4);
	CHECK_EQ(tq.next_seq, seq);
	CHECK(heap_ok(&tq));
	CHECK(timerqueue_first(&tq) == &node[3]);

	CHECK(timerqueue_del(&tq, &node[1]));
	CHECK_EQ(timerqueue_add(&tq, &node[4], 1), 0);
	CHECK(timerqueue_first(&tq) == &node[4]);
	CHECK_EQ(timerqueue_add(&tq, &node[5], 1), -ENOSPC);
	CHECK(heap_ok(&tq));

	/* A zero-size queue is always full. */
	timerqueue_init(&tq, NULL, 0);
	timerqueue_node_init(&node[6]);
	CHECK_EQ(timerqueue_add(&tq, &node[6], 5), -ENOSPC);
	CHECK(!timerqueue_node_queued(&node[6]));
	CHECK(timerqueue_pop_expired(&tq, UINT64_MAX) == NULL);
}

/*
 * The model: queued node numbers sorted by (expires, order), where order
 * is the model's own count of successful adds.
 */
struct model_entry {
	u64 expires, order;
	unsigned int id;
};

static struct model_entry model[NR_NODES];
static unsigned int model_nr;
static u64 model_order;
static bool model_queued[NR_NODES];

static unsigned long long rng_state = 0x2545f4914f6cdd1dull;

static u64 rnd(u64 n)
{
	return ktest_xorshift64(&rng_state) % n;
}

static void model_add(unsigned int id, u64 expires)
{
	unsigned int i = model_nr;

	while (i > 0 && model[i - 1].expires > expires)
		i--;
	memmove(&model[i + 1], &model[i], (model_nr - i) * sizeof(model[0]));
	model[i] = (struct model_entry){ expires, model_order++, id };
	model_nr++;
	model_queued[id] = true;
}

static void model_del(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < model_nr && model[i].id != id; i++)
		;
	memmove(&model[i], &model[i + 1], (model_nr - i - 1) * sizeof(model[0]));
	model_nr--;
	model_queued[id] = false;
}

static int matches_model(void)
{
	unsigned int i;

	if (!heap_ok(&tq) || tq.nr != model_nr)
		return 0;
	if (id_of(timerqueue_first(&tq)) != (model_nr ? model[0].id : ~0u))
		return 0;
	for (i = 0; i < NR_NODES; i++)
		if (timerqueue_node_queued(&node[i]) != model_queued[i])
			return 0;
	for (i = 0; i < model_nr; i++)
		if (node[model[i].id].expires != model[i].expires)
			return 0;
	return 1;
}

/*
 * Expiries from a small window around "now", so that ties are common.
 * In a fill phase adds dominate, so the heap runs into -ENOSPC.
 */
static void random_step(u64 *now, bool fill)
{
	unsigned int id = (unsigned int)rnd(NR_NODES), op = (unsigned int)rnd(10);
	struct timerqueue_node *n;

	if (fill && op < 8)
		op = 0;
	if (op < 5) {
		u64 exp = *now + rnd(64);
		int ret;

		/* Some node is free: there are more nodes than heap slots. */
		while (model_queued[id])
			id = (id + 1) % NR_NODES;
		ret = timerqueue_add(&tq, &node[id], exp);

		CHECK_EQ(ret, model_nr == HEAP_MAX ? -ENOSPC : 0);
		if (ret == 0)
			model_add(id, exp);
	} else if (op < 7) {
		CHECK_EQ(timerqueue_del(&tq, &node[id]), model_queued[id]);
		if (model_queued[id])
			model_del(id);
	} else {
		*now += rnd(8);
		n = timerqueue_pop_expired(&tq, *now);
		if (model_nr && model[0].expires <= *now) {
			CHECK_EQ(id_of(n), model[0].id);
			model_del(model[0].id);
		} else {
			CHECK(n == NULL);
		}
	}
}

/* Drain everything in order, checking the full order (not just the minimum). */
static void drain_against_model(void)
{
	while (model_nr) {
		CHECK_EQ(id_of(timerqueue_pop_expired(&tq, model[0].expires)), model[0].id);
		model_del(model[0].id);
	}
	CHECK_EQ(tq.nr, 0);
}

static void test_random_against_model(void)
{
	unsigned long step, full = 0;
	u64 now = 1000;

	setup(HEAP_MAX);
	for (step = 0; step < RANDOM_STEPS; step++) {
		random_step(&now, step / 5000 % 2);
		full += model_nr == HEAP_MAX;
		if (!matches_model()) {
			CHECK_MSG(0, "timer queue differs from the model at step %lu", step);
			break;
		}
		if (step % 20000 == 19999)
			drain_against_model();
	}
	CHECK_EQ(step, RANDOM_STEPS);
	/* The sequence really hit the -ENOSPC path. */
	CHECK(full > 0);
	drain_against_model();
}

static void bug_add_queued(void)
{
	setup(4);
	timerqueue_add(&tq, &node[0], 1);
	timerqueue_add(&tq, &node[0], 2);
}

int main(void)
{
	test_empty();
	test_expiry_order();
	test_equal_expiry_stable();
	test_delete_middle();
	test_pop_expired_boundaries();
	test_full();
	test_random_against_model();
	CHECK_BUG(bug_add_queued, "adding a queued node");
	return ktest_summary();
}
