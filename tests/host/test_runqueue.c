/* SPDX-License-Identifier: MIT */
/*
 * Host tests for kernel/sched/runqueue.c: pick order across priorities,
 * round robin within one, every priority bit (0 and 31 included), a long
 * random enqueue/dequeue/requeue/pick sequence checked after every step
 * against a model (an array of FIFOs of entity numbers), and the BUG_ONs
 * of misuse in forked children (panic() aborts on the host).
 */
#include <stdio.h>
#include <stdlib.h>

#include <meridian/runqueue.h>

#include "ktest_host.h"

#define NR_ENT 96
#define RANDOM_STEPS 200000

static struct runqueue rq;
static struct rq_entity ent[NR_ENT];

static void ent_init(struct rq_entity *e, unsigned int prio)
{
	e->node.next = e->node.prev = NULL;
	e->prio = prio;
	e->queued = false;
}

/* Pick like the scheduler does when the current task blocks: peek, dequeue. */
static struct rq_entity *pick(void)
{
	struct rq_entity *e = rq_peek(&rq);

	if (e)
		rq_dequeue(&rq, e);
	return e;
}

static void test_empty(void)
{
	rq_init(&rq);
	CHECK(rq_peek(&rq) == NULL);
	CHECK_EQ(rq_best_prio(&rq), NR_PRIO);
	CHECK_EQ(rq.bitmap, 0);
	CHECK_EQ(rq.nr_running, 0);
}

/* Urgent priorities first, FIFO within a priority, whatever the enqueue order. */
static void test_priority_order(void)
{
	static const unsigned int prio[] = { 31, 5, 17, 0, 5, 31, 17, 0 };
	/* Entity numbers in the expected pick order. */
	static const unsigned int order[] = { 3, 7, 1, 4, 2, 6, 0, 5 };
	unsigned int i;

	rq_init(&rq);
	for (i = 0; i < ARRAY_SIZE(prio); i++) {
		ent_init(&ent[i], prio[i]);
		rq_enqueue(&rq, &ent[i]);
		CHECK(ent[i].queued);
	}
	CHECK_EQ(rq.nr_running, ARRAY_SIZE(prio));
	CHECK_EQ(rq.bitmap, (1u << 0) | (1u << 5) | (1u << 17) | (1u << 31));
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		CHECK_EQ(rq_best_prio(&rq), prio[order[i]]);
		CHECK(pick() == &ent[order[i]]);
		CHECK(!ent[order[i]].queued);
		CHECK_EQ(rq.nr_running, ARRAY_SIZE(prio) - i - 1);
	}
	CHECK_EQ(rq.bitmap, 0);
	CHECK(rq_peek(&rq) == NULL);
}

/* requeue_tail rotates one priority's FIFO and leaves the rest alone. */
static void test_round_robin(void)
{
	struct rq_entity *a = &ent[0], *b = &ent[1], *c = &ent[2];
	struct rq_entity *idle = &ent[3], *hi = &ent[4];
	int round;

	rq_init(&rq);
	ent_init(a, 3);
	ent_init(b, 3);
	ent_init(c, 3);
	ent_init(idle, NR_PRIO - 1);
	rq_enqueue(&rq, idle);
	rq_enqueue(&rq, a);
	rq_enqueue(&rq, b);
	rq_enqueue(&rq, c);
	for (round = 0; round < 3; round++) {
		CHECK(rq_peek(&rq) == a);
		rq_requeue_tail(&rq, a);
		CHECK(rq_peek(&rq) == b);
		rq_requeue_tail(&rq, b);
		CHECK(rq_peek(&rq) == c);
		rq_requeue_tail(&rq, c);
	}
	CHECK_EQ(rq.nr_running, 4);
	CHECK_EQ(rq.bitmap, (1u << 3) | (1u << (NR_PRIO - 1)));

	/* Requeue from the middle: b goes behind c. */
	rq_requeue_tail(&rq, b);
	CHECK(pick() == a);
	CHECK(pick() == c);
	CHECK(pick() == b);
	CHECK_EQ(rq.bitmap, 1u << (NR_PRIO - 1));

	/* A more urgent arrival wins; requeueing a lone entity keeps it first. */
	ent_init(hi, 1);
	rq_enqueue(&rq, hi);
	CHECK(rq_peek(&rq) == hi);
	rq_requeue_tail(&rq, hi);
	CHECK(rq_peek(&rq) == hi);
	CHECK_EQ(rq.bitmap, (1u << 1) | (1u << (NR_PRIO - 1)));
	CHECK(pick() == hi);
	rq_requeue_tail(&rq, idle);
	CHECK(rq_peek(&rq) == idle);
	CHECK(pick() == idle);
	CHECK_EQ(rq.nr_running, 0);
	CHECK_EQ(rq.bitmap, 0);
}

/* One entity per priority, enqueued least urgent first: every bit is found. */
static void test_every_priority(void)
{
	unsigned int p;

	rq_init(&rq);
	for (p = NR_PRIO; p-- > 0;) {
		ent_init(&ent[p], p);
		rq_enqueue(&rq, &ent[p]);
		CHECK_EQ(rq_best_prio(&rq), p);
		CHECK(rq_peek(&rq) == &ent[p]);
	}
	CHECK_EQ(rq.bitmap, 0xffffffffu);
	CHECK_EQ(rq.nr_running, NR_PRIO);
	for (p = 0; p < NR_PRIO; p++) {
		CHECK_EQ(rq_best_prio(&rq), p);
		CHECK(pick() == &ent[p]);
	}
	CHECK_EQ(rq_best_prio(&rq), NR_PRIO);

	/* Dequeue from the least urgent end: best_prio stays at 0 until last. */
	for (p = 0; p < NR_PRIO; p++)
		rq_enqueue(&rq, &ent[p]);
	for (p = NR_PRIO; p-- > 1;) {
		rq_dequeue(&rq, &ent[p]);
		CHECK_EQ(rq_best_prio(&rq), 0);
		CHECK_EQ(rq.bitmap, (1u << p) - 1);
	}
	rq_dequeue(&rq, &ent[0]);
	CHECK_EQ(rq.bitmap, 0);
}

/* The model: model_q[p] holds entity numbers, head first. */
static unsigned int model_q[NR_PRIO][NR_ENT];
static unsigned int model_len[NR_PRIO];
static unsigned int model_total;

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(ktest_xorshift64(&rng_state) % n);
}

static void model_remove(unsigned int p, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < model_len[p] && model_q[p][i] != id; i++)
		;
	CHECK(i < model_len[p]);
	for (; i + 1 < model_len[p]; i++)
		model_q[p][i] = model_q[p][i + 1];
	model_len[p]--;
	model_total--;
}

static void model_append(unsigned int p, unsigned int id)
{
	model_q[p][model_len[p]++] = id;
	model_total++;
}

/* Walk queue[p] both ways and compare it with the model. Returns mismatches. */
static int compare_queue(unsigned int p)
{
	const struct list_head *head = &rq.queue[p], *pos;
	unsigned int i = 0;
	int bad = 0;

	list_for_each(pos, head) {
		const struct rq_entity *e = list_entry(pos, struct rq_entity, node);

		bad |= i >= model_len[p] || e != &ent[model_q[p][i]];
		bad |= pos->next->prev != pos || !e->queued || e->prio != p;
		if (++i > NR_ENT)
			return 1;
	}
	return bad | (i != model_len[p]);
}

/* Everything observable must match the model. Reports only the first failure. */
static int check_against_model(unsigned long step)
{
	u32 bitmap = 0;
	unsigned int p, best = NR_PRIO;
	int bad = 0;

	for (p = 0; p < NR_PRIO; p++) {
		if (model_len[p])
			bitmap |= 1u << p;
		if (model_len[p] && best == NR_PRIO)
			best = p;
		bad |= compare_queue(p);
	}
	bad |= rq.bitmap != bitmap || rq.nr_running != model_total;
	bad |= rq_best_prio(&rq) != best;
	bad |= rq_peek(&rq) != (best == NR_PRIO ? NULL : &ent[model_q[best][0]]);
	CHECK_MSG(!bad, "run queue differs from the model at step %lu "
		  "(bitmap 0x%x, model 0x%x, nr %u, model %u)",
		  step, rq.bitmap, bitmap, rq.nr_running, model_total);
	return bad;
}

static void random_step(void)
{
	unsigned int id = rnd(NR_ENT), op = rnd(8);
	struct rq_entity *e = &ent[id];

	if (!e->queued) {
		/* Few priorities so that queues get long; sometimes any priority. */
		e->prio = rnd(4) ? rnd(4) * 9 + 1 : rnd(NR_PRIO);
		rq_enqueue(&rq, e);
		model_append(e->prio, id);
	} else if (op < 3) {
		rq_dequeue(&rq, e);
		model_remove(e->prio, id);
	} else if (op < 6) {
		rq_requeue_tail(&rq, e);
		model_remove(e->prio, id);
		model_append(e->prio, id);
	} else if (op < 7 && (e = pick())) {
		id = (unsigned int)(e - ent);
		CHECK_EQ(id, model_q[e->prio][0]);
		model_remove(e->prio, id);
	} else if ((e = rq_peek(&rq))) {
		/* What a tick does when the running task's slice is over. */
		rq_requeue_tail(&rq, e);
		model_remove(e->prio, (unsigned int)(e - ent));
		model_append(e->prio, (unsigned int)(e - ent));
	}
}

static void test_random_against_model(void)
{
	unsigned long step;
	unsigned long max_nr = 0;

	rq_init(&rq);
	for (step = 0; step < NR_ENT; step++)
		ent_init(&ent[step], 0);
	for (step = 0; step < RANDOM_STEPS; step++) {
		random_step();
		if (rq.nr_running > max_nr)
			max_nr = rq.nr_running;
		if (check_against_model(step))
			break;
	}
	CHECK_EQ(step, RANDOM_STEPS);
	/* The sequence really exercised a busy queue. */
	CHECK(max_nr > NR_ENT / 2);
}

static void bug_double_enqueue(void)
{
	rq_init(&rq);
	ent_init(&ent[0], 4);
	rq_enqueue(&rq, &ent[0]);
	rq_enqueue(&rq, &ent[0]);
}

static void bug_dequeue_unqueued(void)
{
	rq_init(&rq);
	ent_init(&ent[0], 4);
	rq_dequeue(&rq, &ent[0]);
}

static void bug_requeue_unqueued(void)
{
	rq_init(&rq);
	ent_init(&ent[0], 4);
	rq_requeue_tail(&rq, &ent[0]);
}

static void bug_bad_prio(void)
{
	rq_init(&rq);
	ent_init(&ent[0], NR_PRIO);
	rq_enqueue(&rq, &ent[0]);
}

/* The control: correct use in a child must exit cleanly. */
static void no_bug(void)
{
	rq_init(&rq);
	ent_init(&ent[0], NR_PRIO - 1);
	rq_enqueue(&rq, &ent[0]);
	rq_requeue_tail(&rq, &ent[0]);
	rq_dequeue(&rq, &ent[0]);
}

static void test_misuse_bugs(void)
{
	int status = 0;
	pid_t pid;

	CHECK_BUG(bug_double_enqueue, "enqueue of a queued entity");
	CHECK_BUG(bug_dequeue_unqueued, "dequeue of an unqueued entity");
	CHECK_BUG(bug_requeue_unqueued, "requeue of an unqueued entity");
	CHECK_BUG(bug_bad_prio, "prio == NR_PRIO");

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		no_bug();
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	test_empty();
	test_priority_order();
	test_round_robin();
	test_every_priority();
	test_random_against_model();
	test_misuse_bugs();
	return ktest_summary();
}
