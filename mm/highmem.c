/* SPDX-License-Identifier: MIT */
/*
 * kmap (the pkmap window) and kmap_local (per-CPU fixmap slots): see
 * meridian/highmem.h.  The slot bookkeeping of the pkmap window is
 * mm/pkmap_pool.c; this file adds the lock, the page table, the TLB
 * maintenance and the sleeping.
 *
 * kmap_local slot layout: CPU c, level i uses fixmap slot
 * FIX_KMAP_BEGIN + c * 2 * KM_MAX_IDX + 2 * i + 1; the even slots in
 * between are never mapped, so running off the end of one mapping
 * faults instead of reading the next one.
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

static void pkmap_set_slot(void *ctx, unsigned int slot, unsigned long pfn)
{
	(void)ctx;
	if (kmap_debug && desc_valid(pkmap_table[slot]))
		kmap_report("kmap: reusing a pkmap slot that is still mapped at",
			    (void *)(PKMAP_BASE + slot * PAGE_SIZE));
	pkmap_table[slot] = mk_pte((phys_addr_t)pfn << PAGE_SHIFT, MMU_KERNEL_RW);
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
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct percpu *pc = &percpu_data[cpu];

		pc->kmap_va = KMAP_LOCAL_VA0 + ((vaddr_t)(cpu * 2 * KM_MAX_IDX) << PAGE_SHIFT);
		pc->kmap_ptes = kernel_pte_lookup(pc->kmap_va);
		pc->kmap_fast_max = kmap_debug ? 0 : KM_MAX_IDX;	/* debug: all through the checks */
	}
	if (zones[ZONE_HIGHMEM].spanned_pages)
		highmem_start_pfn = zones[ZONE_HIGHMEM].zone_start_pfn;
}

/*
 * kmap - a persistent kernel address for page.  Lowmem: its direct-map
 * address.  Highmem: a pkmap slot, shared by everyone who maps the same
 * page; sleeps while all 512 slots are in use.  Thread context only
 * (might_sleep() reports anything else).
 */
void *kmap(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long flags;
	int slot;

	might_sleep();
	if (!PageHighMem(page))
		return page_address(page);
	for (;;) {
		spin_lock_irqsave(&kmap_lock, flags);	/* page_address() reads the pool from IRQs too */
		slot = pkmap_pool_get(&pool, pfn, &pkmap_ops, NULL);
		if (slot >= 0)
			break;
		pool.waits++;
		prepare_to_wait(&pkmap_map_wait, TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&kmap_lock, flags);
		schedule();
		finish_wait(&pkmap_map_wait);
	}
	spin_unlock_irqrestore(&kmap_lock, flags);
	return (void *)(PKMAP_BASE + (vaddr_t)slot * PAGE_SIZE);
}

void kunmap(struct page *page)
{
	unsigned long flags;
	int slot, left = -1;

	if (!PageHighMem(page))
		return;
	spin_lock_irqsave(&kmap_lock, flags);
	slot = pkmap_pool_lookup(&pool, page_to_pfn(page));
	if (slot >= 0)
		left = pkmap_pool_put(&pool, (unsigned int)slot);
	spin_unlock_irqrestore(&kmap_lock, flags);
	if (left < 0)
		kmap_report("kunmap: page not mapped by kmap: pfn", (void *)page_to_pfn(page));
	else if (left == 1)
		wake_up(&pkmap_map_wait);	/* a slot can be reused at the next wrap */
}

void *pkmap_page_address(const struct page *page)
{
	unsigned long flags;
	int slot;

	spin_lock_irqsave(&kmap_lock, flags);
	slot = pkmap_pool_lookup(&pool, page_to_pfn(page));
	spin_unlock_irqrestore(&kmap_lock, flags);
	return slot < 0 ? NULL : (void *)(PKMAP_BASE + (vaddr_t)slot * PAGE_SIZE);
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

static inline vaddr_t local_slot_va(unsigned int idx)
{
	return this_cpu()->kmap_va + ((vaddr_t)(2 * idx) << PAGE_SHIFT);
}

void *__kmap_local_pfn(unsigned long pfn)
{
	struct kmap_ctrl *k = &current->kmap_ctrl;
	int idx = k->idx;
	vaddr_t va;
	pteval_t *pte;

	if (unlikely(idx >= KM_MAX_IDX)) {
		kmap_report("kmap_local: more than 16 nested mappings; refused pfn",
			    (void *)pfn);
		return NULL;
	}
	va = local_slot_va((unsigned int)idx);
	pte = kernel_pte_lookup(va);
	if (kmap_debug && desc_valid(*pte))
		kmap_report("kmap_local: slot still mapped at", (void *)va);
	k->idx = idx + 1;	/* first: an IRQ arriving now takes the next slot */
	barrier();
	*pte = mk_pte((phys_addr_t)pfn << PAGE_SHIFT, MMU_KERNEL_RW);
	dsb();
	return (void *)va;
}

void __kunmap_local(const void *addr)
{
	struct kmap_ctrl *k = &current->kmap_ctrl;
	vaddr_t va = (vaddr_t)addr & PAGE_MASK;
	int idx = k->idx - 1;

	if (unlikely(idx < 0 || va != local_slot_va((unsigned int)idx))) {
		kmap_report("kunmap_local: out-of-order (not the latest) mapping", addr);
		return;
	}
	*kernel_pte_lookup(va) = 0;
	flush_tlb_kernel_page(va);	/* only this slot's entry */
	k->idx = idx;
}

/* The inline map path keeps no copy: the PTEs themselves say what to restore. */
void kmap_local_sched_out(struct task *prev)
{
	for (int i = 0; i < prev->kmap_ctrl.idx; i++) {
		vaddr_t va = local_slot_va((unsigned int)i);
		pteval_t *pte = kernel_pte_lookup(va);

		prev->kmap_ctrl.pfn[i] = (unsigned long)(desc_phys(*pte, 3) >> PAGE_SHIFT);
		*pte = 0;
		flush_tlb_kernel_page(va);
	}
}

void kmap_local_sched_in(struct task *next)
{
	for (int i = 0; i < next->kmap_ctrl.idx; i++)
		*kernel_pte_lookup(local_slot_va((unsigned int)i)) =
			mk_pte((phys_addr_t)next->kmap_ctrl.pfn[i] << PAGE_SHIFT, MMU_KERNEL_RW);
	dsb();
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
	json_uint(&w, "cpu", 0);
	json_int(&w, "depth", current->kmap_ctrl.idx);
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
	console_printf("kmap_local: cpu0 depth %d of %d (%s)\n", current->kmap_ctrl.idx, KM_MAX_IDX,
		       current->comm);
	return 0;
}
SHELL_COMMAND("kmapinfo", "[--json]", "pkmap slots and counters, kmap_local depth", cmd_kmapinfo);
