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

/*
 * kmap_local slots (asm/fixmap.h): level i of CPU c is at
 * KMAP_LOCAL_VA0 + c * 2 * PAGE_SIZE + i * KMAP_LOCAL_STRIDE, with a
 * guard page above each.  Every kmap_local address is >= KMAP_LOCAL_START,
 * and no other address kunmap_local() is given is (lowmem is below).
 */
#define KMAP_LOCAL_START __fix_to_virt(FIX_KMAP_BEGIN)
#define KMAP_LOCAL_VA0 __fix_to_virt(FIX_KMAP_BEGIN + 1)
#define KMAP_LOCAL_STRIDE (2 * NR_CPUS * PAGE_SIZE)
/* Bytes from KMAP_LOCAL_VA0 to the end of the last slot. */
#define KMAP_LOCAL_SPAN ((vaddr_t)(FIX_KMAP_END - FIX_KMAP_BEGIN) << PAGE_SHIFT)
#define KMAP_LOCAL_PROT (lpae_prot_bits(MMU_KERNEL_RW) | PTE_TYPE_PAGE)

extern unsigned long highmem_start_pfn;	/* first highmem pfn; ~0UL without highmem */

/*
 * kmap_local_page() skips computing the pfn: a struct page's address
 * minus kmap_page_arith.bias is pfn * sizeof(struct page), pfn * 16, which
 * fits 32 bits for every 40-bit (LPAE) physical address.  Shifted left
 * by 8 it is the low word of the physical address; right by 24, the
 * high word.
 */
struct kmap_page_arith {
	u32 bias;		/* (u32)mem_map - mem_map_pfn_base * 16, modulo 2^32 */
	u32 highmem_off;	/* highmem_start_pfn * 16; ~0 (all lowmem) without highmem */
};
extern struct kmap_page_arith kmap_page_arith;
_Static_assert(sizeof(struct page) == 16, "kmap_local_page()'s pfn * 16 arithmetic");

/* pfn * 16 of page (see above). */
static inline u32 kmap_page_off(const struct page *page)
{
	return (u32)(vaddr_t)page - kmap_page_arith.bias;
}

extern bool kmap_debug;			/* kmap_debug=1: check slots are empty before reuse */

/* A single-copy-atomic 64-bit descriptor store (STRD of an aligned pair). */
static inline void set_pte_atomic(pteval_t *p, u32 lo, u32 hi)
{
	register u32 r_lo __asm__("r2") = lo;
	register u32 r_hi __asm__("r3") = hi;

	__asm__ volatile("strd %1, %2, [%0]" ::"r"(p), "r"(r_lo), "r"(r_hi) : "memory");
}

/*
 * Makes a descriptor invalid with one 32-bit store: bit 0 (valid) is in
 * the low word, and the rest of an invalid descriptor is ignored by the
 * table walker (DDI 0406C B3.6.1).
 */
static inline void clear_pte_lo(pteval_t *p)
{
	*(volatile u32 *)p = 0;
}

/* The PTE of this CPU's kmap_local slot at va (all slots share one level-3 table). */
static inline pteval_t *kmap_local_ptep(const struct percpu *pc, vaddr_t va)
{
	return (pteval_t *)(pc->kmap_pte_bias + (va >> (PAGE_SHIFT - 3)));
}

/*
 * kmap_local_page - map page for this thread (or interrupt handler)
 * alone.  The fast path is inline: push the slot, one PTE store and a
 * barrier; the TLB entry was invalidated by the previous unmap of the
 * slot.  The 17th nested mapping, and every mapping with kmap_debug
 * (kmap_fast_last is 0 then), go through __kmap_local_pfn().  Returns
 * NULL (reported) beyond KM_MAX_IDX nested mappings.
 */
static inline void *kmap_local_page(struct page *page)
{
	u32 off = kmap_page_off(page);
	struct percpu *pc;
	vaddr_t va;

	if (off < kmap_page_arith.highmem_off)
		return page_address(page);
	pc = this_cpu();
	va = pc->kmap_top + KMAP_LOCAL_STRIDE;
	if (unlikely(va > pc->kmap_fast_last))
		return __kmap_local_pfn(off / sizeof(struct page));	/* the 17th, or kmap_debug */
	pc->kmap_top = va;	/* first: an IRQ arriving now maps above this slot */
	barrier();
	set_pte_atomic(kmap_local_ptep(pc, va), off << (PAGE_SHIFT - 4) | (u32)KMAP_LOCAL_PROT,
		       off >> (32 - PAGE_SHIFT + 4) | (u32)(KMAP_LOCAL_PROT >> 32));
	dsb();
	return (void *)va;
}

/*
 * kunmap_local - unmap the latest local mapping, which addr points into
 * (any offset in the page).  A lowmem address had nothing mapped.
 * Anything but the latest mapping, or anything at all when this CPU has
 * none (its top is then below KMAP_LOCAL_START), is reported and left
 * alone: the check is one compare against the top of the stack.
 */
static inline void kunmap_local(const void *addr)
{
	struct percpu *pc;
	vaddr_t top;

	if ((vaddr_t)addr < KMAP_LOCAL_START)
		return;
	pc = this_cpu();
	top = pc->kmap_top;
	if (unlikely(((vaddr_t)addr ^ top) >= PAGE_SIZE)) {
		__kunmap_local(addr);	/* reports the out-of-order unmap */
		return;
	}
	clear_pte_lo(kmap_local_ptep(pc, top));
	__flush_tlb_kernel_page(top);	/* only this slot's entry (top is page aligned) */
	pc->kmap_top = top - KMAP_LOCAL_STRIDE;
}

/* The first slot (level 0) of CPU cpu's stack. */
static inline vaddr_t kmap_local_cpu_base(unsigned int cpu)
{
	return KMAP_LOCAL_VA0 + cpu * 2 * PAGE_SIZE;
}

static inline vaddr_t kmap_local_base(const struct percpu *pc)
{
	return kmap_local_cpu_base(pc->cpu);
}

/* Whether this CPU has live kmap_local mappings (an empty stack's top is below the slots). */
static inline bool kmap_local_busy(const struct percpu *pc)
{
	return pc->kmap_top >= KMAP_LOCAL_START;
}

/* This CPU's current kmap_local nesting depth (thread and interrupt mappings). */
static inline int kmap_local_depth(void)
{
	const struct percpu *pc = this_cpu();

	if (!kmap_local_busy(pc))
		return 0;
	return (int)((pc->kmap_top + KMAP_LOCAL_STRIDE - kmap_local_base(pc)) / KMAP_LOCAL_STRIDE);
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

/* Boot: the pkmap page table and every CPU's (empty) kmap_local stack. */
void kmap_init(void);
/*
 * Context switch, IRQs masked: take down prev's local mappings (if this
 * CPU's stack is not empty) and put back next's (if it saved any).
 */
void kmap_local_sched_out(struct task *prev);
void kmap_local_sched_in(struct task *next);
extern unsigned long kmap_misuse_reports;

#endif /* MERIDIAN_HIGHMEM_H */
