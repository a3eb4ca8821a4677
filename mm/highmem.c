/* SPDX-License-Identifier: MIT */
/*
 * kmap (the pkmap window) and kmap_local (per-CPU fixmap slots): see
 * meridian/highmem.h.  The slot bookkeeping of the pkmap window is
 * mm/pkmap_pool.c; this file adds the lock, the page table, the TLB
 * maintenance and the sleeping.  kmap and kunmap of a page that is the
 * latest in its hash bucket take no lock (pkmap_pool_tryget/tryput);
 * the rest goes through kmap_lock.
 *
 * kmap_local slot layout (asm/fixmap.h): CPU c, level i uses fixmap
 * slot FIX_KMAP_BEGIN + 2 * (i * NR_CPUS + c) + 1; the even slots in
 * between are never mapped, so running off the end of one mapping
 * faults instead of reading the next one.  Each CPU's stack is kept as
 * the address of its top (percpu kmap_top), which the inline paths in
 * meridian/highmem.h move by KMAP_LOCAL_STRIDE.
 */
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/highmem.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/params.h>
#include <meridian/pkmap_pool.h>
#include <meridian/sched.h>
#include <meridian/shell.h>
#include <meridian/wait.h>

_Static_assert(PKMAP_SLOTS == LAST_PKMAP, "the pool has one slot per pkmap page");

static struct pkmap_pool pool;
static pteval_t *pkmap_table;		/* the level-3 table of the pkmap window */
static DEFINE_SPINLOCK(kmap_lock);
static DECLARE_WAIT_QUEUE_HEAD(pkmap_map_wait);
unsigned long kmap_misuse_reports;
bool kmap_debug;

unsigned long highmem_start_pfn = ~0UL;
struct kmap_page_arith kmap_page_arith = { .bias = 0, .highmem_off = ~0u };

static int setup_kmap_debug(const char *val, void *ctx)
{
	(void)ctx;
	return parse_bool(val ? val : "1", &kmap_debug);
}
early_param("kmap_debug", setup_kmap_debug);

static void kmap_report(const char *what, const void *addr)
{
	kmap_misuse_reports++;
	pr_err("BUG: %s %p in %s\n", what, addr, current->comm);
	dump_stack();
}

/* --- pkmap --- */

/*
 * A new PTE goes in with one STRD (set_pte_atomic()): a plain 64-bit
 * store may be split low word first, and a table walk between the halves
 * would find a valid descriptor with the wrong high address bits.
 */
static void pkmap_set_slot(void *ctx, unsigned int slot, unsigned long pfn)
{
	pteval_t v;

	(void)ctx;
	if (kmap_debug && desc_valid(pkmap_table[slot]))
		kmap_report("kmap: reusing a pkmap slot that is still mapped at",
			    (void *)(PKMAP_BASE + slot * PAGE_SIZE));
	v = mk_pte((phys_addr_t)pfn << PAGE_SHIFT, MMU_KERNEL_RW);
	set_pte_atomic(&pkmap_table[slot], (u32)v, (u32)(v >> 32));
	dsb();
}

static void pkmap_clear_slot(void *ctx, unsigned int slot)
{
	(void)ctx;
	pkmap_table[slot] = 0;
}

static void pkmap_flush_all(void *ctx)
{
	(void)ctx;
	local_flush_tlb_all();	/* one invalidation for the whole window */
}

static void kmap_local_init_cpu(unsigned int cpu);

static const struct pkmap_ops pkmap_ops = {
	.clear_slot = pkmap_clear_slot,
	.flush_all = pkmap_flush_all,
	.set_slot = pkmap_set_slot,
};

void __init kmap_init(void)
{
	pkmap_pool_init(&pool);
	pkmap_table = kernel_pte_table(PKMAP_BASE);
	if (!pkmap_table)
		panic("kmap: no memory for the pkmap page table");
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		kmap_local_init_cpu(cpu);
	if (zones[ZONE_HIGHMEM].spanned_pages) {
		BUG_ON(mem_map_pfn_end > 1UL << (32 - 4));	/* pfn * 16 must fit 32 bits */
		highmem_start_pfn = zones[ZONE_HIGHMEM].zone_start_pfn;
		kmap_page_arith.bias =
			(u32)(vaddr_t)mem_map - (u32)mem_map_pfn_base * sizeof(struct page);
		kmap_page_arith.highmem_off = (u32)highmem_start_pfn * sizeof(struct page);
	}
}

#define KMAP_LOWMEM (~0UL)

/* The pfn of a highmem page, or KMAP_LOWMEM (kmap_local_page()'s arithmetic). */
static inline unsigned long kmap_highmem_pfn(const struct page *page)
{
	u32 off = kmap_page_off(page);

	return off < kmap_page_arith.highmem_off ? KMAP_LOWMEM : off / sizeof(struct page);
}

static inline void *pkmap_address(int slot)
{
	return (void *)(PKMAP_BASE + (vaddr_t)slot * PAGE_SIZE);
}

/*
 * kmap's locked path: pfn is deeper in its hash bucket, or needs a new
 * slot, or there is none and we sleep until a kunmap makes one stale.
 * kunmap drops counts without the lock, so after queueing ourselves we
 * look for room once more before sleeping: either that kunmap saw us on
 * the queue and wakes us, or we see its count (each side stores, then a
 * barrier, then loads).
 */
static int kmap_slot_locked(unsigned long pfn)
{
	unsigned long flags;
	int slot;

	for (;;) {
		spin_lock_irqsave(&kmap_lock, flags);	/* page_address() reads the pool from IRQs too */
		slot = pkmap_pool_get(&pool, pfn, &pkmap_ops, NULL);
		if (slot >= 0)
			break;
		pool.waits++;
		prepare_to_wait(&pkmap_map_wait, TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&kmap_lock, flags);
		dmb();	/* queued, before looking at the counts: pairs with kmap_wake_waiters() */
		if (!pkmap_pool_has_room(&pool))
			schedule();
		finish_wait(&pkmap_map_wait);
	}
	spin_unlock_irqrestore(&kmap_lock, flags);
	return slot;
}

/*
 * kmap - a persistent kernel address for page.  Lowmem: its direct-map
 * address.  Highmem: a pkmap slot, shared by everyone who maps the same
 * page; sleeps while all 512 slots are in use.  Thread context only
 * (might_sleep() reports anything else).  Another user of a mapped page
 * (or of a stale slot) is served without the lock.
 */
void *kmap(struct page *page)
{
	unsigned long pfn;
	int slot;

	might_sleep();
	pfn = kmap_highmem_pfn(page);
	if (pfn == KMAP_LOWMEM)
		return page_address(page);
	slot = pkmap_pool_tryget(&pool, pfn);
	if (unlikely(slot < 0))
		slot = kmap_slot_locked(pfn);
	return pkmap_address(slot);
}

/* A slot became stale: wake a task waiting for one, if any (see kmap_slot_locked()). */
static void kmap_wake_waiters(void)
{
	dmb();	/* the count, before looking at the queue */
	if (!list_empty(&pkmap_map_wait.head))
		wake_up(&pkmap_map_wait);
}

/* kunmap's locked path: pfn is deeper in its bucket, or was not kmapped (reported). */
static int kunmap_locked(unsigned long pfn)
{
	unsigned long flags;
	int slot, left = -1;

	spin_lock_irqsave(&kmap_lock, flags);
	slot = pkmap_pool_lookup(&pool, pfn);
	if (slot >= 0)
		left = pkmap_pool_put(&pool, (unsigned int)slot);
	spin_unlock_irqrestore(&kmap_lock, flags);
	if (left < 0)
		kmap_report("kunmap: page not mapped by kmap: pfn", (void *)pfn);
	return left;
}

/*
 * kunmap - drop a reference taken by kmap(page); nothing for lowmem.  The
 * slot stays mapped (stale) until a wrap, so the next kmap of the page
 * is a hit.  Lock free for the latest page in its bucket; an unmatched
 * kunmap is reported.  Thread context.
 */
void kunmap(struct page *page)
{
	unsigned long pfn = kmap_highmem_pfn(page);
	int left;

	if (pfn == KMAP_LOWMEM)
		return;
	left = (int)pkmap_pool_tryput(&pool, pfn);
	if (unlikely(!left))
		left = kunmap_locked(pfn);
	if (left == 1)
		kmap_wake_waiters();	/* the slot can be reused at the next wrap */
}

void *pkmap_page_address(const struct page *page)
{
	unsigned long flags;
	int slot;

	spin_lock_irqsave(&kmap_lock, flags);
	slot = pkmap_pool_lookup(&pool, page_to_pfn(page));
	spin_unlock_irqrestore(&kmap_lock, flags);
	return slot < 0 ? NULL : pkmap_address(slot);
}

void kmap_pool_stats(unsigned int *free, unsigned int *stale, unsigned int *used, unsigned long *waits)
{
	unsigned long flags;

	spin_lock_irqsave(&kmap_lock, flags);
	pkmap_pool_stats(&pool, free, stale, used);
	*waits = pool.waits;
	spin_unlock_irqrestore(&kmap_lock, flags);
}

/* --- kmap_local --- */

/* This CPU's level-idx slot. */
static vaddr_t local_slot_va(const struct percpu *pc, unsigned int idx)
{
	return kmap_local_base(pc) + idx * KMAP_LOCAL_STRIDE;
}

/*
 * Sets up CPU cpu's kmap_local stack, empty: its top is level -1, below
 * FIXADDR_START.  The inline paths find a slot's PTE as
 * kmap_pte_bias + (va >> 9), which holds because all the slots lie in
 * one level-3 table (asm/fixmap.h asserts it).
 */
static void __init kmap_local_init_cpu(unsigned int cpu)
{
	struct percpu *pc = &percpu_data[cpu];	/* pc->cpu is set when the CPU comes up */
	vaddr_t first = kmap_local_cpu_base(cpu);
	pteval_t *pte = kernel_pte_lookup(first);

	if (!pte)
		panic("kmap: no page table for the kmap_local slots");
	pc->kmap_pte_bias = (u32)(vaddr_t)pte - (first >> (PAGE_SHIFT - 3));
	pc->kmap_top = first - KMAP_LOCAL_STRIDE;
	pc->kmap_fast_last = kmap_debug ? 0 : first + (KM_MAX_IDX - 1) * KMAP_LOCAL_STRIDE;
}

/*
 * The out-of-line map: kmap_debug's checks, and the refusal of a mapping
 * beyond KM_MAX_IDX.  The same order as the inline path: the new top is
 * published before the PTE, so that an interrupt maps above it.
 */
void *__kmap_local_pfn(unsigned long pfn)
{
	struct percpu *pc = this_cpu();
	vaddr_t va = pc->kmap_top + KMAP_LOCAL_STRIDE;
	pteval_t v = mk_pte((phys_addr_t)pfn << PAGE_SHIFT, MMU_KERNEL_RW);
	pteval_t *pte;

	if (unlikely(va > local_slot_va(pc, KM_MAX_IDX - 1))) {
		kmap_report("kmap_local: more than 16 nested mappings; refused pfn", (void *)pfn);
		return NULL;
	}
	pte = kmap_local_ptep(pc, va);
	if (kmap_debug && desc_valid(*pte))
		kmap_report("kmap_local: slot still mapped at", (void *)va);
	pc->kmap_top = va;
	barrier();
	set_pte_atomic(pte, (u32)v, (u32)(v >> 32));	/* kunmap_local() left the old high word */
	dsb();
	return (void *)va;
}

/* An unmap that is not of the latest mapping on this CPU: reported, nothing changed. */
void __kunmap_local(const void *addr)
{
	kmap_report("kunmap_local: out-of-order (not the latest) mapping", addr);
}

/*
 * The PTEs themselves say what to restore, so the map paths keep no copy.
 * A slot whose PTE is not valid is one that prev had claimed but not yet
 * written (preempted inside kmap_local_page), or had cleared but not yet
 * released (inside kunmap_local): it is saved as 0 and stays unmapped.
 * Every slot's TLB entry is invalidated, the empty ones too: inside
 * kunmap_local the PTE is cleared before the invalidation, so the old
 * translation may still be cached, and the map paths do not invalidate.
 */
void kmap_local_sched_out(struct task *prev)
{
	struct percpu *pc = this_cpu();
	int depth = kmap_local_depth();

	for (int i = 0; i < depth; i++) {
		vaddr_t va = local_slot_va(pc, (unsigned int)i);
		pteval_t *pte = kmap_local_ptep(pc, va);
		pteval_t v = *pte;

		prev->kmap_ctrl.pteval[i] = desc_valid(v) ? v : 0;
		*pte = 0;
		flush_tlb_kernel_page(va);
	}
	prev->kmap_ctrl.idx = depth;
	pc->kmap_top = local_slot_va(pc, 0) - KMAP_LOCAL_STRIDE;
}

void kmap_local_sched_in(struct task *next)
{
	struct percpu *pc = this_cpu();
	int depth = next->kmap_ctrl.idx;

	for (int i = 0; i < depth; i++)
		*kmap_local_ptep(pc, local_slot_va(pc, (unsigned int)i)) = next->kmap_ctrl.pteval[i];
	dsb();
	pc->kmap_top = local_slot_va(pc, (unsigned int)depth) - KMAP_LOCAL_STRIDE;
	next->kmap_ctrl.idx = 0;
}

/* --- helpers --- */

static bool range_ok(size_t offset, size_t len)
{
	if (likely(offset <= PAGE_SIZE && len <= PAGE_SIZE - offset))
		return true;
	kmap_report("page helper: range runs past the end of the page, refused: offset",
		    (void *)offset);
	return false;
}

void memcpy_to_page(struct page *page, size_t offset, const void *from, size_t len)
{
	char *to;

	if (!range_ok(offset, len))
		return;
	to = kmap_local_page(page);
	memcpy(to + offset, from, len);
	kunmap_local(to);
}

void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len)
{
	const char *from;

	if (!range_ok(offset, len))
		return;
	from = kmap_local_page(page);
	memcpy(to, from + offset, len);
	kunmap_local(from);
}

void memset_page(struct page *page, size_t offset, int val, size_t len)
{
	char *addr;

	if (!range_ok(offset, len))
		return;
	addr = kmap_local_page(page);
	memset(addr + offset, val, len);
	kunmap_local(addr);
}

void clear_highpage(struct page *page)
{
	memset_page(page, 0, 0, PAGE_SIZE);
}

void copy_highpage(struct page *to, struct page *from)
{
	char *vfrom = kmap_local_page(from);
	char *vto = kmap_local_page(to);

	memcpy(vto, vfrom, PAGE_SIZE);
	kunmap_local(vto);
	kunmap_local(vfrom);
}

void zero_user_segments(struct page *page, size_t start1, size_t end1, size_t start2, size_t end2)
{
	char *addr;

	if (end1 < start1 || end2 < start2 || !range_ok(start1, end1 - start1) ||
	    !range_ok(start2, end2 - start2))
		return;
	addr = kmap_local_page(page);
	memset(addr + start1, 0, end1 - start1);
	memset(addr + start2, 0, end2 - start2);
	kunmap_local(addr);
}

/* --- shell --- */

static int kmapinfo_json(unsigned int free, unsigned int stale, unsigned int used)
{
	struct json_writer w;

	json_console(&w);
	json_object_open(&w, NULL);
	json_object_open(&w, "pkmap");
	json_uint(&w, "base", PKMAP_BASE);
	json_uint(&w, "slots", LAST_PKMAP);
	json_uint(&w, "used", used);
	json_uint(&w, "free", free);
	json_uint(&w, "stale", stale);
	json_uint(&w, "hits", pool.hits);
	json_uint(&w, "misses", pool.misses);
	json_uint(&w, "flushes", pool.flushes);
	json_uint(&w, "waits", pool.waits);
	json_object_close(&w);
	json_object_open(&w, "kmap_local");
	json_uint(&w, "cpu", smp_processor_id());
	json_int(&w, "depth", kmap_local_depth());	/* as the text: kmap_ctrl.idx is 0 while running */
	json_uint(&w, "max", KM_MAX_IDX);
	json_string(&w, "task", current->comm);
	json_object_close(&w);
	json_object_close(&w);
	return json_finish(&w);
}

static int cmd_kmapinfo(int argc, char **argv)
{
	unsigned int free, stale, used;
	unsigned long flags;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	spin_lock_irqsave(&kmap_lock, flags);
	pkmap_pool_stats(&pool, &free, &stale, &used);
	spin_unlock_irqrestore(&kmap_lock, flags);
	if (json)
		return kmapinfo_json(free, stale, used) != 0;
	console_printf("pkmap: %u slots at 0x%08lx: %u used, %u free, %u stale\n", LAST_PKMAP,
		       PKMAP_BASE, used, free, stale);
	console_printf("pkmap: %lu hits, %lu misses, %lu flushes, %lu waits\n", pool.hits,
		       pool.misses, pool.flushes, pool.waits);
	console_printf("kmap_local: cpu%d depth %d of %d (%s)\n", smp_processor_id(),
		       kmap_local_depth(), KM_MAX_IDX, current->comm);
	return 0;
}
SHELL_COMMAND("kmapinfo", "[--json]", "pkmap slots and counters, kmap_local depth", cmd_kmapinfo);
