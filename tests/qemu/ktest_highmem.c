/* SPDX-License-Identifier: MIT */
/*
 * kmap and kmap_local under QEMU: data through both windows, nesting,
 * interrupts, preemption, out-of-order and use-after-unmap detection,
 * page-boundary handling, and the pool under 520 concurrent kmaps.
 */
#include <string.h>

#include <asm/traps.h>
#include <meridian/highmem.h>
#include <meridian/interrupt.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/sched.h>
#include <meridian/slab.h>
#include <meridian/timer.h>
#include <meridian/wait.h>

#define TEST_SGI 13

static u32 word_for(unsigned long pfn, unsigned int i)
{
	return (u32)pfn * 0x9e3779b1u ^ i * 0x85ebca6bu;
}

static struct page *highpage(struct ktest *t)
{
	struct page *p = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);

	if (p && !PageHighMem(p)) {
		__free_page(p);
		p = NULL;
	}
	if (!p)
		ktest_skip(t, "no highmem");
	return p;
}

static void fill_local(struct page *p)
{
	u32 *v = kmap_local_page(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		v[i] = word_for(page_to_pfn(p), i);
	kunmap_local(v);
}

static bool check_kmap(struct page *p)
{
	const u32 *v = kmap(p);
	bool ok = true;

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		ok &= v[i] == word_for(page_to_pfn(p), i);
	kunmap(p);
	return ok;
}

static void highmem_local_then_kmap(struct ktest *t)
{
	struct page *p = highpage(t);
	void *addr;

	if (!p)
		return;
	fill_local(p);
	KTEST_EXPECT(t, check_kmap(p));
	addr = kmap(p);
	KTEST_EXPECT_EQ(t, (vaddr_t)page_address(p), (vaddr_t)addr);	/* found through the hash */
	KTEST_EXPECT(t, (vaddr_t)addr >= PKMAP_BASE && (vaddr_t)addr < PKMAP_END);
	kunmap(p);
	__free_page(p);
}

static void highmem_nesting(struct ktest *t)
{
	struct page *p = highpage(t);
	void *v[KM_MAX_IDX];
	unsigned long before = kmap_misuse_reports;

	if (!p)
		return;
	for (int i = 0; i < KM_MAX_IDX; i++) {
		v[i] = kmap_local_page(p);
		KTEST_ASSERT(t, v[i] != NULL);
	}
	KTEST_EXPECT_EQ(t, kmap_local_depth(), KM_MAX_IDX);
	KTEST_EXPECT(t, kmap_local_page(p) == NULL);	/* the 17th: reported, refused */
	KTEST_EXPECT_EQ(t, kmap_misuse_reports, before + 1);
	/* Two nested mappings are never adjacent: a guard slot lies between them. */
	KTEST_EXPECT(t, (vaddr_t)v[1] - (vaddr_t)v[0] != PAGE_SIZE);
	for (int i = KM_MAX_IDX - 1; i >= 0; i--)
		kunmap_local(v[i]);
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 0);
	__free_page(p);
}

static void highmem_out_of_order(struct ktest *t)
{
	struct page *p = highpage(t);
	unsigned long before = kmap_misuse_reports;
	void *a, *b;

	if (!p)
		return;
	a = kmap_local_page(p);
	b = kmap_local_page(p);
	kunmap_local(a);				/* not the latest: reported, refused */
	KTEST_EXPECT_EQ(t, kmap_misuse_reports, before + 1);
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 2);
	kunmap_local(b);
	kunmap_local(a);
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 0);
	KTEST_EXPECT_EQ(t, kmap_misuse_reports, before + 1);
	__free_page(p);
}

static void highmem_use_after_unmap_faults(struct ktest *t)
{
	struct page *p = highpage(t);
	struct fault_catch fc;
	u32 *volatile v;

	if (!p)
		return;
	v = kmap_local_page(p);
	v[0] = 0x1234;
	kunmap_local(v);
	if (FAULT_CATCH(&fc)) {
		(void)*(volatile u32 *)v;
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_translation(fc.fsr));
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)v);
	/* Running off the end of a live mapping hits the guard slot. */
	v = kmap_local_page(p);
	if (FAULT_CATCH(&fc)) {
		(void)*(volatile u32 *)((vaddr_t)v + PAGE_SIZE);
		fault_catch_disarm(&fc);
	}
	kunmap_local(v);
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT_EQ(t, fc.far, (vaddr_t)v + PAGE_SIZE);
	__free_page(p);
}

static void highmem_page_boundary(struct ktest *t)
{
	struct page *blk = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, 1);
	static u8 buf[256], back[256];
	unsigned long before = kmap_misuse_reports;

	if (!blk || !PageHighMem(blk)) {
		if (blk)
			__free_pages(blk, 1);
		ktest_skip(t, "no highmem");
		return;
	}
	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7 + 1);
	memset_page(blk, 0, 0, PAGE_SIZE);
	memset_page(blk + 1, 0, 0, PAGE_SIZE);
	/* Past the end of one page: refused, nothing written anywhere. */
	memcpy_to_page(blk, PAGE_SIZE - 100, buf, 200);
	KTEST_EXPECT_EQ(t, kmap_misuse_reports, before + 1);
	memcpy_from_page(back, blk, PAGE_SIZE - 100, 100);
	KTEST_EXPECT_EQ(t, back[0] | back[99], 0);
	/* Split at the boundary, each page through its own mapping: correct. */
	memcpy_to_page(blk, PAGE_SIZE - 100, buf, 100);
	memcpy_to_page(blk + 1, 0, buf + 100, 100);
	memcpy_from_page(back, blk, PAGE_SIZE - 100, 100);
	memcpy_from_page(back + 100, blk + 1, 0, 100);
	KTEST_EXPECT(t, memcmp(back, buf, 200) == 0);
	zero_user_segments(blk + 1, 0, 50, 60, 100);
	memcpy_from_page(back, blk + 1, 0, 100);
	KTEST_EXPECT_EQ(t, back[0] | back[49] | back[60] | back[99], 0);
	KTEST_EXPECT_EQ(t, back[55], buf[155]);
	__free_pages(blk, 1);
}

static struct page *irq_page;
static volatile int irq_result;

static irqreturn_t kmap_irq_handler(int irq, void *dev)
{
	u32 *v = kmap_local_page(irq_page);

	(void)irq;
	(void)dev;
	v[10] = 0xabcd0000u | (u32)kmap_local_depth();
	irq_result = v[10] == (0xabcd0000u | (u32)kmap_local_depth()) ? 1 : -1;
	kunmap_local(v);
	return IRQ_HANDLED;
}

static void highmem_local_in_irq(struct ktest *t)
{
	struct page *mine = highpage(t);
	u32 *v;

	if (!mine)
		return;
	irq_page = highpage(t);
	if (!irq_page) {
		__free_page(mine);
		return;
	}
	fill_local(mine);
	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, kmap_irq_handler, 0, "ktest-kmap", NULL), 0);
	v = kmap_local_page(mine);
	irq_result = 0;
	irq_raise_self(TEST_SGI);
	msleep(1);
	KTEST_EXPECT_EQ(t, irq_result, 1);
	KTEST_EXPECT_EQ(t, v[5], word_for(page_to_pfn(mine), 5));	/* ours is intact */
	kunmap_local(v);
	free_irq(TEST_SGI, NULL);
	v = kmap_local_page(irq_page);
	KTEST_EXPECT_EQ(t, v[10], 0xabcd0002u);	/* the handler ran one level above ours */
	kunmap_local(v);
	__free_page(irq_page);
	__free_page(mine);
}

struct local_holder {
	struct page *page;
	volatile bool ok;
	struct completion done;
};

/* Holds a local mapping across ~10 ticks of being preempted by its twin. */
static int hold_local_thread(void *arg)
{
	struct local_holder *h = arg;
	u32 *v = kmap_local_page(h->page);
	u64 end = ktime_get_ns() + 100 * NSEC_PER_MSEC;
	bool ok = true;

	while (ktime_get_ns() < end)
		ok &= v[1] == word_for(page_to_pfn(h->page), 1);
	kunmap_local(v);
	h->ok = ok;
	complete(&h->done);
	return 0;
}

static void highmem_preempted_keeps_mapping(struct ktest *t)
{
	static struct local_holder h[2];

	for (int i = 0; i < 2; i++) {
		h[i].page = highpage(t);
		if (!h[i].page)
			return;
		fill_local(h[i].page);
		h[i].ok = false;
		init_completion(&h[i].done);
	}
	for (int i = 0; i < 2; i++)
		KTEST_ASSERT(t, kthread_run(hold_local_thread, &h[i], PRIO_DEFAULT, "kmap-holder"));
	for (int i = 0; i < 2; i++) {
		wait_for_completion(&h[i].done);
		KTEST_EXPECT(t, h[i].ok);
		__free_page(h[i].page);
	}
}

static int local_user_thread(void *arg)
{
	struct local_holder *h = arg;
	u32 *v = kmap_local_page(h->page);

	h->ok = kmap_local_depth() == 1 && v[1] == word_for(page_to_pfn(h->page), 1);
	kunmap_local(v);
	complete(&h->done);
	return 0;
}

/*
 * Two highmem pages with their patterns, mine and other->page (whose
 * thread signals other->done); false, holding nothing, if there are not
 * two to be had.
 */
static bool two_filled_highpages(struct ktest *t, struct page **mine, struct local_holder *other)
{
	*mine = highpage(t);
	if (!*mine)
		return false;
	other->page = highpage(t);
	if (!other->page) {
		__free_page(*mine);
		return false;
	}
	fill_local(*mine);
	fill_local(other->page);
	init_completion(&other->done);
	return true;
}

/*
 * A thread preempted inside kmap_local_page(), after it claimed a slot
 * but before it wrote the PTE (or inside kunmap_local(), after the PTE
 * was cleared): the switch must keep that slot unmapped, not "restore"
 * a mapping of whatever the empty PTE decodes to.
 */
static void highmem_claimed_slot_survives_switch(struct ktest *t)
{
	static struct local_holder other;
	struct page *mine;
	struct percpu *pc = this_cpu();
	pteval_t *claimed;
	u32 *v;

	if (!two_filled_highpages(t, &mine, &other))
		return;
	v = kmap_local_page(mine);
	pc->kmap_top += KMAP_LOCAL_STRIDE;	/* claimed, PTE not written yet */
	claimed = kmap_local_ptep(pc, pc->kmap_top);
	KTEST_ASSERT(t, kthread_run(local_user_thread, &other, PRIO_DEFAULT, "kmap-other"));
	wait_for_completion(&other.done);	/* we were switched out and back in */
	KTEST_EXPECT(t, other.ok);		/* it had the CPU's slots to itself */
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 2);
	KTEST_EXPECT(t, !desc_valid(*claimed));
	KTEST_EXPECT_EQ(t, v[7], word_for(page_to_pfn(mine), 7));
	pc->kmap_top -= KMAP_LOCAL_STRIDE;
	kunmap_local(v);
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 0);
	__free_page(other.page);
	__free_page(mine);
}

/*
 * A thread preempted inside kunmap_local() after it cleared the PTE but
 * before it invalidated the TLB entry: the slot's old translation may
 * still be cached, so the switch must invalidate it even though the PTE
 * already reads as empty.  Otherwise the next thread to map that slot
 * reaches the first thread's page.
 */
static void highmem_unmap_preempted_before_flush(struct ktest *t)
{
	static struct local_holder other;
	struct page *mine;
	struct percpu *pc = this_cpu();
	volatile u32 *v;
	vaddr_t top;

	if (!two_filled_highpages(t, &mine, &other))
		return;
	v = kmap_local_page(mine);
	KTEST_EXPECT_EQ(t, v[1], word_for(page_to_pfn(mine), 1));	/* its translation is cached */
	top = pc->kmap_top;
	clear_pte_lo(kmap_local_ptep(pc, top));	/* kunmap_local(), up to the TLB invalidation */
	KTEST_ASSERT(t, kthread_run(local_user_thread, &other, PRIO_DEFAULT, "kmap-other"));
	wait_for_completion(&other.done);	/* switched out and back in */
	KTEST_EXPECT(t, other.ok);		/* it saw its own page in the same slot */
	__flush_tlb_kernel_page(top);		/* the rest of kunmap_local() */
	pc->kmap_top = top - KMAP_LOCAL_STRIDE;
	KTEST_EXPECT_EQ(t, kmap_local_depth(), 0);
	__free_page(other.page);
	__free_page(mine);
}

static volatile int excl_irq_seen;

static irqreturn_t excl_irq_handler(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	excl_irq_seen = 1;
	return IRQ_HANDLED;
}

/*
 * The lock-free kmap hit and put are LDREXD/STREXD loops on a slot's
 * word.  A thread interrupted between the two may be switched out, and
 * the next thread may leave the local monitor open on the same word, so
 * the interrupted STREXD must fail once the exception returns (DDI 0406C
 * A3.4.5: clear the monitor on a context switch), or it stores a count
 * computed from a stale load and a kunmap or a kmap is lost.
 */
static void highmem_exception_clears_exclusive(struct ktest *t)
{
	static u64 word;
	unsigned long flags;
	u64 w;
	u32 failed;

	KTEST_ASSERT_EQ(t, request_irq(TEST_SGI, excl_irq_handler, 0, "ktest-excl", NULL), 0);
	excl_irq_seen = 0;
	local_irq_save(flags);
	irq_raise_self(TEST_SGI);	/* pending until the loop below unmasks IRQs */
	__asm__ volatile("ldrexd	%Q[v], %R[v], [%[w]]\n"
			 "	cpsie	i\n"
			 "1:	ldr	%[f], [%[seen]]\n"
			 "	teq	%[f], #0\n"
			 "	beq	1b\n"
			 "	cpsid	i\n"
			 "	strexd	%[f], %Q[v], %R[v], [%[w]]"
			 : [v] "=&r"(w), [f] "=&r"(failed)
			 : [w] "r"(&word), [seen] "r"(&excl_irq_seen)
			 : "cc", "memory");
	local_irq_restore(flags);
	free_irq(TEST_SGI, NULL);
	KTEST_EXPECT_EQ(t, failed, 1u);	/* the interrupt's return cleared the reservation */
}

#define STRESS_THREADS 4
#define STRESS_SHARED 24	/* mapped by every thread: lock-free hits and puts race */
#define STRESS_OWN 160		/* per thread: 664 pages in all, so the window wraps */
#define STRESS_ROUNDS 3000

struct stress_user {
	struct page **shared;
	struct page *own[STRESS_OWN];
	unsigned int id;
	bool ok;
	struct completion done;
};

/* kmap a page, check its pattern through the mapping, kunmap it. */
static bool kmap_check_one(struct page *p, unsigned int word)
{
	const u32 *v = kmap(p);
	bool ok = v[word] == word_for(page_to_pfn(p), word);

	kunmap(p);
	return ok;
}

static int stress_thread(void *arg)
{
	struct stress_user *u = arg;
	bool ok = true;

	for (unsigned int i = 0; i < STRESS_ROUNDS; i++) {
		struct page *held = u->shared[(i + u->id) % STRESS_SHARED];
		const u32 *v = kmap(held);	/* held across the others: counts above 2 */

		ok &= kmap_check_one(u->shared[(i * 7 + u->id) % STRESS_SHARED], i % 1024);
		ok &= kmap_check_one(u->own[i % STRESS_OWN], (i + 3) % 1024);
		if (i % 16 == 0)
			yield();	/* the others run while we hold a reference */
		ok &= v[i % 1024] == word_for(page_to_pfn(held), i % 1024);
		kunmap(held);
	}
	u->ok = ok;
	complete(&u->done);
	return 0;
}

/*
 * Threads kmap shared and private pages concurrently, with preemption:
 * lock-free hits and puts race with each other, with the locked misses
 * and with the wraps.  Every read must see its page's pattern, and the
 * window must end with no slot in use.
 */
static void highmem_kmap_concurrent(struct ktest *t)
{
	static struct page *shared[STRESS_SHARED];
	static struct stress_user users[STRESS_THREADS];
	unsigned int free, stale, used, bad = 0;
	unsigned long waits;

	for (int i = 0; i < STRESS_SHARED; i++) {
		shared[i] = highpage(t);
		if (!shared[i])
			return;
		fill_local(shared[i]);
	}
	for (unsigned int u = 0; u < STRESS_THREADS; u++) {
		users[u].shared = shared;
		users[u].id = u;
		users[u].ok = false;
		init_completion(&users[u].done);
		for (int i = 0; i < STRESS_OWN; i++) {
			users[u].own[i] = highpage(t);
			if (!users[u].own[i])
				return;
			fill_local(users[u].own[i]);
		}
	}
	for (unsigned int u = 0; u < STRESS_THREADS; u++)
		KTEST_ASSERT(t, kthread_run(stress_thread, &users[u], PRIO_DEFAULT, "kmap-stress"));
	for (unsigned int u = 0; u < STRESS_THREADS; u++) {
		wait_for_completion(&users[u].done);
		bad += !users[u].ok;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	kmap_pool_stats(&free, &stale, &used, &waits);
	KTEST_EXPECT_EQ(t, used, 0);
	for (unsigned int u = 0; u < STRESS_THREADS; u++)
		for (int i = 0; i < STRESS_OWN; i++)
			__free_page(users[u].own[i]);
	for (int i = 0; i < STRESS_SHARED; i++)
		__free_page(shared[i]);
}

#define POOL_THREADS 65
#define POOL_PER_THREAD 8

struct pool_user {
	struct page *pages[POOL_PER_THREAD];
	bool ok;
};

static struct pool_user pool_users[POOL_THREADS];
static volatile bool pool_release;
static struct completion pool_done;

static int pool_thread(void *arg)
{
	struct pool_user *u = arg;
	u32 *v[POOL_PER_THREAD];

	u->ok = true;
	for (int i = 0; i < POOL_PER_THREAD; i++) {
		v[i] = kmap(u->pages[i]);	/* sleeps while the window is full */
		u->ok &= v[i][3] == word_for(page_to_pfn(u->pages[i]), 3);
	}
	while (!pool_release)
		msleep(5);
	for (int i = 0; i < POOL_PER_THREAD; i++)
		kunmap(u->pages[i]);
	complete(&pool_done);
	return 0;
}

static void highmem_pool_exhaustion(struct ktest *t)
{
	unsigned int free, stale, used;
	unsigned long waits_before, waits;
	int done = 0;

	kmap_pool_stats(&free, &stale, &used, &waits_before);
	for (int i = 0; i < POOL_THREADS; i++)
		for (int j = 0; j < POOL_PER_THREAD; j++) {
			pool_users[i].pages[j] = highpage(t);
			if (!pool_users[i].pages[j])
				return;
			fill_local(pool_users[i].pages[j]);
		}
	pool_release = false;
	init_completion(&pool_done);
	for (int i = 0; i < POOL_THREADS; i++)
		KTEST_ASSERT(t, kthread_run(pool_thread, &pool_users[i], PRIO_DEFAULT, "kmap-user"));
	msleep(200);
	kmap_pool_stats(&free, &stale, &used, &waits);
	KTEST_EXPECT_EQ(t, used, LAST_PKMAP);		/* the window is full ... */
	KTEST_EXPECT(t, waits > waits_before);		/* ... and the rest are asleep */
	pool_release = true;
	for (int i = 0; i < POOL_THREADS; i++)
		done += wait_for_completion_timeout(&pool_done, 5 * NSEC_PER_SEC) != 0;
	KTEST_EXPECT_EQ(t, done, POOL_THREADS);		/* no deadlock */
	kmap_pool_stats(&free, &stale, &used, &waits);
	KTEST_EXPECT_EQ(t, used, 0);
	for (int i = 0; i < POOL_THREADS; i++) {
		KTEST_EXPECT(t, pool_users[i].ok);
		for (int j = 0; j < POOL_PER_THREAD; j++)
			__free_page(pool_users[i].pages[j]);
	}
	ktest_log(t, "%d threads x %d kmaps, %lu waits", POOL_THREADS, POOL_PER_THREAD,
		  waits - waits_before);
}

KTEST_SUITE(highmem,
	    KTEST_CASE(highmem_local_then_kmap),
	    KTEST_CASE(highmem_nesting),
	    KTEST_CASE(highmem_out_of_order),
	    KTEST_CASE(highmem_use_after_unmap_faults),
	    KTEST_CASE(highmem_page_boundary),
	    KTEST_CASE(highmem_local_in_irq),
	    KTEST_CASE(highmem_preempted_keeps_mapping),
	    KTEST_CASE(highmem_claimed_slot_survives_switch),
	    KTEST_CASE(highmem_unmap_preempted_before_flush),
	    KTEST_CASE(highmem_exception_clears_exclusive),
	    KTEST_CASE(highmem_kmap_concurrent),
	    KTEST_CASE(highmem_pool_exhaustion));
