/* SPDX-License-Identifier: MIT */
/*
 * vmalloc: virtually contiguous kernel memory in [VMALLOC_START,
 * VMALLOC_END), built from scattered pages (highmem first), plus vmap
 * of given pages and ioremap of device registers.  Every area is
 * followed by one unmapped guard page.  Freed address space is purged
 * lazily: its PTEs are cleared at once, the TLB is flushed for a whole
 * batch when vmalloc_lazy_max bytes have piled up (or space runs out).
 */
#ifndef MERIDIAN_VMALLOC_H
#define MERIDIAN_VMALLOC_H

#include <meridian/gfp.h>
#include <meridian/list.h>
#include <meridian/va_range.h>

#define VM_IOREMAP 0x1u
#define VM_ALLOC 0x2u
#define VM_MAP 0x4u

struct vm_struct {
	struct va_busy va;		/* [addr, addr + size), guard page included */
	unsigned long size;		/* bytes, guard page included (as Linux) */
	unsigned int flags;		/* VM_ALLOC, VM_MAP or VM_IOREMAP */
	unsigned int nr_pages;
	struct page **pages;		/* VM_ALLOC and VM_MAP */
	phys_addr_t phys_addr;		/* VM_IOREMAP */
	void *caller;
	struct list_head purge;		/* waiting for the lazy purge */
};

void vmalloc_init(void);

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
/* vmalloc with the area aligned to align (a power of two, at least PAGE_SIZE). */
void *__vmalloc(unsigned long size, unsigned long align, gfp_t gfp);
/* Frees a vmalloc or vmap area; NULL is ignored; anything else is reported. IRQ-safe (deferred). */
void vfree(const void *addr);

void *vmap(struct page **pages, unsigned int count, unsigned int mmu_flags);
void vunmap(const void *addr);

/* Device registers at a 64-bit physical address: device memory, XN. */
void *ioremap(phys_addr_t phys, size_t size);
/* Normal non-cacheable (write-combining). */
void *ioremap_wc(phys_addr_t phys, size_t size);
void iounmap(const void *addr);

struct page *vmalloc_to_page(const void *addr);
extern unsigned long vmalloc_start_addr;	/* VMALLOC_START; 0 until vmalloc_init() */

static inline bool is_vmalloc_addr(const void *addr)
{
	return (vaddr_t)addr >= vmalloc_start_addr && (vaddr_t)addr < VMALLOC_END;
}
/* The area containing addr, or NULL. */
struct vm_struct *find_vm_area(const void *addr);

/* Flush the TLB once and give every lazily freed range back (tests, benchmarks). */
void vmalloc_purge(void);

/* meminfo: pages held by vmalloc, and the largest free range. */
unsigned long vmalloc_nr_pages(void);
unsigned long vmalloc_largest_free(void);
unsigned long vmalloc_free_bytes(void);	/* free address space, purged or not */

/* A sentence about a fault at addr in the vmalloc range (the nearest area), for oops reports. */
int vmalloc_describe_fault(vaddr_t addr, char *buf, size_t size);

#endif /* MERIDIAN_VMALLOC_H */
