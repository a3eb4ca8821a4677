/* SPDX-License-Identifier: MIT */
/*
 * Reaching highmem: the two ways Linux has.
 *
 * kmap(page)/kunmap(page): a persistent mapping in the pkmap window
 * (PKMAP_BASE, 512 slots).  May sleep when every slot is in use, so
 * thread context only.  Any thread may use the address until kunmap.
 *
 * kmap_local_page(page)/kunmap_local(addr): a mapping private to the
 * calling thread (or interrupt handler), in this CPU's fixmap slots;
 * strictly LIFO, at most KM_MAX_IDX deep, never sleeps, and usable from
 * IRQ context.  A preempted thread keeps its mappings: they are taken
 * down when it is switched out and put back when it runs again.
 *
 * Lowmem pages need neither: both return the direct-map address.
 */
#ifndef MERIDIAN_HIGHMEM_H
#define MERIDIAN_HIGHMEM_H

#include <asm/cp15.h>
#include <asm/fixmap.h>
#include <asm/pgtable.h>
#include <meridian/mm.h>
#include <meridian/sched.h>

void *kmap(struct page *page);
void kunmap(struct page *page);

void *__kmap_local_pfn(unsigned long pfn);
void __kunmap_local(const void *addr);

/* Slot s of CPU c is fixmap index FIX_KMAP_BEGIN + 1 + c * 2 * KM_MAX_IDX + 2 * level. */
#define KMAP_LOCAL_VA0 __fix_to_virt(FIX_KMAP_BEGIN + 1)
#define KMAP_LOCAL_SPAN ((vaddr_t)(FIX_KMAP_END - FIX_KMAP_BEGIN) << PAGE_SHIFT)
#define KMAP_LOCAL_PROT (lpae_prot_bits(MMU_KERNEL_RW) | PTE_TYPE_PAGE)

extern unsigned long highmem_start_pfn;	/* first highmem pfn; ~0UL without highmem */
extern bool kmap_debug;			/* kmap_debug=1: check slots are empty before reuse */

/* A single-copy-atomic 64-bit descriptor store (STRD of an aligned pair). */
static inline void set_pte_atomic(pteval_t *p, u32 lo, u32 hi)
{
	register u32 r_lo __asm__("r2") = lo;
	register u32 r_hi __asm__("r3") = hi;

	__asm__ volatile("strd %1, %2, [%0]" ::"r"(p), "r"(r_lo), "r"(r_hi) : "memory");
}

/*
 * kmap_local_page - map page for this thread (or interrupt handler)
 * alone.  The fast path is inline: one PTE store and a barrier; the
 * TLB entry was invalidated by the previous unmap of the slot.
 * Returns NULL (reported) beyond KM_MAX_IDX nested mappings.
 */
static inline void *kmap_local_page(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	struct percpu *pc;
	struct task *t;
	unsigned int slot;
	int idx;

	if (pfn < highmem_start_pfn)
		return page_address(page);
	pc = this_cpu();
	t = pc->curr;
	idx = t->kmap_ctrl.idx;
	if (unlikely(idx >= pc->kmap_fast_max))
		return __kmap_local_pfn(pfn);
	slot = 2 * (unsigned int)idx;
	t->kmap_ctrl.idx = idx + 1;	/* first: an IRQ arriving now takes the next slot */
	barrier();
	set_pte_atomic(&pc->kmap_ptes[slot], (u32)(pfn << PAGE_SHIFT) | (u32)KMAP_LOCAL_PROT,
		       (u32)(pfn >> (32 - PAGE_SHIFT)) | (u32)(KMAP_LOCAL_PROT >> 32));
	dsb();
	return (void *)(pc->kmap_va + ((vaddr_t)slot << PAGE_SHIFT));
}

/* Unmaps the latest local mapping, which addr points into (any offset in the page). */
static inline void kunmap_local(const void *addr)
{
	struct percpu *pc;
	struct task *t;
	vaddr_t off;
	int idx;

	if ((vaddr_t)addr - KMAP_LOCAL_VA0 >= KMAP_LOCAL_SPAN)
		return;	/* a lowmem address: nothing was mapped */
	pc = this_cpu();
	t = pc->curr;
	idx = t->kmap_ctrl.idx - 1;
	off = ((vaddr_t)addr - pc->kmap_va) >> PAGE_SHIFT;	/* this CPU's slot number */
	if (unlikely(idx < 0 || off != 2 * (unsigned int)idx)) {
		__kunmap_local(addr);	/* reports the out-of-order unmap */
		return;
	}
	set_pte_atomic(&pc->kmap_ptes[off], 0, 0);
	flush_tlb_kernel_page((vaddr_t)addr);	/* only this slot's entry */
	t->kmap_ctrl.idx = idx;
}

/* Linux's compatible names: kmap_atomic is kmap_local here (no preemption games needed). */
#define kmap_atomic(page) kmap_local_page(page)
#define kunmap_atomic(addr) kunmap_local(addr)

/* The pkmap address of a mapped highmem page, or NULL (page_address() uses this). */
void *pkmap_page_address(const struct page *page);

/*
 * Page helpers through kmap_local.  A range that runs past the end of
 * the page (offset + len > PAGE_SIZE) is reported and refused.
 */
void memcpy_to_page(struct page *page, size_t offset, const void *from, size_t len);
void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len);
void memset_page(struct page *page, size_t offset, int val, size_t len);
void clear_highpage(struct page *page);
void copy_highpage(struct page *to, struct page *from);
void zero_user_segments(struct page *page, size_t start1, size_t end1, size_t start2, size_t end2);

/* pkmap slot counts and counters (kmapinfo, tests). */
void kmap_pool_stats(unsigned int *free, unsigned int *stale, unsigned int *used, unsigned long *waits);

/* Boot: the pkmap page table. */
void kmap_init(void);
/* Context switch: take down prev's local mappings, put back next's. */
struct task;
void kmap_local_sched_out(struct task *prev);
void kmap_local_sched_in(struct task *next);
extern unsigned long kmap_misuse_reports;

#endif /* MERIDIAN_HIGHMEM_H */
