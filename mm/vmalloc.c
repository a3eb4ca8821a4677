/* SPDX-License-Identifier: MIT */
/*
 * vmalloc, vmap and ioremap over the range allocator (va_range.c): see
 * meridian/vmalloc.h.
 *
 * An area's address space and descriptor go together: the descriptor
 * (kmalloc) embeds the busy-tree node.  Freeing clears the PTEs at once
 * and frees the pages; the address space waits on the purge list until
 * lazy_bytes exceeds vmalloc_lazy_max (vmalloc_lazy_max=SIZE), when one
 * TLB flush covers the whole batch and the ranges go back to the free
 * tree.  vfree from interrupt context is handed to the work queue.
 *
 * Out of scope: huge mappings, per-CPU vmap blocks, vm_map_ram.
 */
#include <stdio.h>
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kallsyms.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/params.h>
#include <meridian/sched.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>
#include <meridian/workqueue.h>

#define LAZY_MAX_DEFAULT (32UL << 20)

unsigned long vmalloc_start_addr;
static struct va_space vmap_space;
static DEFINE_SPINLOCK(vmap_lock);
static struct kmem_cache *va_node_cache;
static LIST_HEAD(purge_list);
static unsigned long lazy_bytes, lazy_max = LAZY_MAX_DEFAULT;
static unsigned long nr_vmalloc_pages;
static LIST_HEAD(deferred_frees);	/* vfree from IRQ context: struct vm_struct.purge */
static struct work_struct deferred_work;

static int setup_lazy_max(const char *val, void *ctx)
{
	u64 size;

	(void)ctx;
	if (!val || parse_size(val, &size) < 0 || size > (1ULL << 30)) {
		pr_warn("vmalloc_lazy_max=%s: not a size up to 1G, using %luM\n", val ? val : "",
			LAZY_MAX_DEFAULT >> 20);
		return 0;
	}
	lazy_max = (unsigned long)size;
	return 0;
}
early_param("vmalloc_lazy_max", setup_lazy_max);

static struct va_free *node_alloc(void *ctx)
{
	(void)ctx;
	return kmem_cache_alloc(va_node_cache, GFP_KERNEL);
}

static void node_free(void *ctx, struct va_free *node)
{
	(void)ctx;
	kmem_cache_free(va_node_cache, node);
}

static const struct va_space_ops vmap_ops = { .node_alloc = node_alloc, .node_free = node_free };

static void deferred_vfree(struct work_struct *w);

void __init vmalloc_init(void)
{
	vmalloc_start_addr = mem_layout.vmalloc_start;
	va_node_cache = kmem_cache_create("vmap_area", sizeof(struct va_free), 0, 0, NULL);
	if (!va_node_cache || va_space_init(&vmap_space, vmalloc_start_addr, VMALLOC_END, &vmap_ops) < 0)
		panic("vmalloc: cannot set up the area allocator");
	INIT_WORK(&deferred_work, deferred_vfree);
}

/* --- page tables --- */

/*
 * Clear the PTEs of [addr, addr + size): no TLB maintenance (the purge
 * does it).  The PTEs of one level-3 table are consecutive, so the tables
 * are walked once per table (2 MiB), not once per page.
 */
static void unmap_range_noflush(unsigned long addr, unsigned long size)
{
	pteval_t *pte = NULL;

	for (unsigned long va = addr; va < addr + size; va += PAGE_SIZE) {
		if (!pte || pte_index(va) == 0)
			pte = kernel_pte_lookup(va);
		*pte++ = 0;
	}
	dsb();
}

/*
 * Map one page of a run mapped in address order.  *pte is the run's
 * cursor (NULL before the first page): the next PTE, found by a table
 * walk only at the run's start and where a new level-3 table begins.
 * The PTE must be empty (a purge has flushed any old entry).
 */
static int map_one(pteval_t **pte, unsigned long va, phys_addr_t pa, unsigned int flags)
{
	if (!*pte || pte_index(va) == 0) {
		pteval_t *table = kernel_pte_table(va);

		if (!table)
			return -ENOMEM;
		*pte = &table[pte_index(va)];
	}
	BUG_ON(desc_valid(**pte));
	*(*pte)++ = mk_pte(pa, flags);
	return 0;
}

/* --- the purge --- */

/* The bytes still waiting on the purge list (a purge that ran out of memory). */
static unsigned long purge_list_bytes(void)
{
	struct vm_struct *vm;
	unsigned long bytes = 0;

	list_for_each_entry(vm, &purge_list, purge)
		bytes += vm->size;
	return bytes;
}

/*
 * Flush the TLB once, then give every lazily freed range back.  A range
 * that touches no free range needs a new free-tree node; out of memory,
 * it and those after it stay lazily freed for a later purge (which
 * flushes again, harmlessly).  vmap_lock held.
 */
static void purge_locked(void)
{
	struct vm_struct *vm;
	int err;

	if (list_empty(&purge_list))
		return;
	local_flush_tlb_all();
	while (!list_empty(&purge_list)) {
		vm = list_first_entry(&purge_list, struct vm_struct, purge);
		err = va_release(&vmap_space, vm->va.start, vm->size);
		if (err) {
			BUG_ON(err != -ENOMEM);	/* anything else: the trees disagree */
			lazy_bytes = purge_list_bytes();
			return;
		}
		list_del(&vm->purge);
		kfree(vm);
	}
	lazy_bytes = 0;
}

void vmalloc_purge(void)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	purge_locked();
	spin_unlock_irqrestore(&vmap_lock, flags);
}

/* --- areas --- */

/*
 * get_vm_area - reserve size bytes plus a guard page, aligned to align.
 * Purges and retries once when the space is full.  Returns the area
 * (not mapped), or NULL.  A VM_ALLOC area's pages count in
 * nr_vmalloc_pages from here to release_vm_area(), which saves the hot
 * paths a lock round trip of their own for the counter.
 */
static struct vm_struct *get_vm_area(unsigned long size, unsigned long align, unsigned int flags,
				     void *caller)
{
	struct vm_struct *vm;
	unsigned long addr, irqflags;

	/* The guard page must fit too, without size + PAGE_SIZE wrapping. */
	if (size > VMALLOC_END - vmalloc_start_addr - PAGE_SIZE)
		return NULL;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return NULL;
	spin_lock_irqsave(&vmap_lock, irqflags);
	addr = va_alloc(&vmap_space, size + PAGE_SIZE, align, NULL);
	if (!addr && !list_empty(&purge_list)) {
		purge_locked();
		addr = va_alloc(&vmap_space, size + PAGE_SIZE, align, NULL);
	}
	if (addr) {
		vm->va.start = addr;
		vm->va.end = addr + size + PAGE_SIZE;
		BUG_ON(va_busy_insert(&vmap_space, &vm->va) < 0);
		if (flags & VM_ALLOC)
			nr_vmalloc_pages += size >> PAGE_SHIFT;
	}
	spin_unlock_irqrestore(&vmap_lock, irqflags);
	if (!addr) {
		kfree(vm);
		return NULL;
	}
	vm->size = size + PAGE_SIZE;
	vm->flags = flags;
	vm->caller = caller;
	INIT_LIST_HEAD(&vm->purge);
	return vm;
}

/*
 * Queues vm, already out of the busy tree and with its PTEs clear, for
 * the purge.  vm may be freed before this returns.  vmap_lock held.
 */
static void queue_purge_locked(struct vm_struct *vm)
{
	if (vm->flags & VM_ALLOC)
		nr_vmalloc_pages -= (vm->size - PAGE_SIZE) >> PAGE_SHIFT;
	list_add_tail(&vm->purge, &purge_list);
	lazy_bytes += vm->size;
	if (lazy_bytes > lazy_max)
		purge_locked();
}

static void queue_purge(struct vm_struct *vm)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	queue_purge_locked(vm);
	spin_unlock_irqrestore(&vmap_lock, flags);
}

/* Gives back an area that get_vm_area() made and nobody else saw; PTEs clear. */
static void release_vm_area(struct vm_struct *vm)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	va_busy_remove(&vmap_space, &vm->va);
	queue_purge_locked(vm);
	spin_unlock_irqrestore(&vmap_lock, flags);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct va_busy *b;
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	b = va_busy_find(&vmap_space, (unsigned long)(vaddr_t)addr);
	spin_unlock_irqrestore(&vmap_lock, flags);
	return b ? container_of(b, struct vm_struct, va) : NULL;
}

static void free_pages_array(struct vm_struct *vm, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		__free_page(vm->pages[i]);
	kfree(vm->pages);
	vm->pages = NULL;
}

/* Allocate and map vm's pages: highmem first, lowmem as fallback. */
static int vmalloc_fill(struct vm_struct *vm, gfp_t gfp)
{
	unsigned int n = vm->nr_pages, i;
	pteval_t *pte = NULL;

	vm->pages = kmalloc(n * sizeof(struct page *), GFP_KERNEL);
	if (!vm->pages)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		vm->pages[i] = alloc_page(GFP_HIGHUSER | gfp | __GFP_NOWARN);
		if (!vm->pages[i])
			break;
		if (map_one(&pte, vm->va.start + i * PAGE_SIZE, page_to_phys(vm->pages[i]),
			    MMU_KERNEL_RW) < 0) {
			__free_page(vm->pages[i]);
			break;
		}
	}
	if (i == n)
		return 0;
	unmap_range_noflush(vm->va.start, (unsigned long)i * PAGE_SIZE);
	free_pages_array(vm, i);
	return -ENOMEM;
}

static void *__vmalloc_caller(unsigned long size, unsigned long align, gfp_t gfp, void *caller)
{
	unsigned long total = (VMALLOC_END - vmalloc_start_addr);
	struct vm_struct *vm;

	size = ALIGN_UP(size, PAGE_SIZE);
	if (!size)
		return NULL;
	if (size >= total) {
		pr_warn("vmalloc: %lu bytes is more than the %lu bytes of vmalloc space\n", size, total);
		return NULL;
	}
	vm = get_vm_area(size, MAX(align, (unsigned long)PAGE_SIZE), VM_ALLOC, caller);
	if (!vm)
		return NULL;
	vm->nr_pages = size >> PAGE_SHIFT;
	if (vmalloc_fill(vm, gfp & __GFP_ZERO) < 0) {
		release_vm_area(vm);	/* vmalloc_fill cleared what it had mapped */
		return NULL;
	}
	return (void *)vm->va.start;
}

/* noinline: __builtin_return_address(0) must be the caller's address, also within this file. */
__attribute__((noinline)) void *__vmalloc(unsigned long size, unsigned long align, gfp_t gfp)
{
	if (align & (align - 1))
		return NULL;
	return __vmalloc_caller(size, align, gfp, __builtin_return_address(0));
}

__attribute__((noinline)) void *vmalloc(unsigned long size)
{
	return __vmalloc_caller(size, PAGE_SIZE, 0, __builtin_return_address(0));
}

__attribute__((noinline)) void *vzalloc(unsigned long size)
{
	return __vmalloc_caller(size, PAGE_SIZE, __GFP_ZERO, __builtin_return_address(0));
}

/*
 * detach_area - take the area starting exactly at addr with one of flags
 * out of the busy tree, or report a bad address and return NULL.  Lookup
 * and removal are one step under vmap_lock, so of two frees of an area
 * (say one in an IRQ while the other is half done) exactly one gets it;
 * the caller then owns it and queues it for the purge once unmapped.
 */
static struct vm_struct *detach_area(const void *addr, unsigned int flags, const char *fn,
				     void *caller)
{
	struct vm_struct *vm = NULL;
	char sym[KSYM_NAME_LEN + 32];
	unsigned long irqflags;
	struct va_busy *b;

	spin_lock_irqsave(&vmap_lock, irqflags);
	b = va_busy_find(&vmap_space, (unsigned long)(vaddr_t)addr);
	if (b && b->start == (vaddr_t)addr && (container_of(b, struct vm_struct, va)->flags & flags)) {
		va_busy_remove(&vmap_space, b);
		vm = container_of(b, struct vm_struct, va);
	}
	spin_unlock_irqrestore(&vmap_lock, irqflags);
	if (vm)
		return vm;
	sprint_symbol(sym, sizeof(sym), (vaddr_t)caller);
	pr_err("BUG: %s: bad address %p (not the start of a live area), caller %s\n", fn, addr, sym);
	return NULL;
}

/* Unmaps and frees a detached area (detach_area()). */
static void __vfree(struct vm_struct *vm)
{
	unmap_range_noflush(vm->va.start, vm->size - PAGE_SIZE);
	if (vm->flags & VM_ALLOC)
		free_pages_array(vm, vm->nr_pages);
	queue_purge(vm);
}

static void deferred_vfree(struct work_struct *w)
{
	unsigned long flags;

	(void)w;
	for (;;) {
		struct vm_struct *vm = NULL;

		spin_lock_irqsave(&vmap_lock, flags);
		if (!list_empty(&deferred_frees)) {
			vm = list_first_entry(&deferred_frees, struct vm_struct, purge);
			list_del(&vm->purge);
			INIT_LIST_HEAD(&vm->purge);
		}
		spin_unlock_irqrestore(&vmap_lock, flags);
		if (!vm)
			return;
		__vfree(vm);
	}
}

__attribute__((noinline)) void vfree(const void *addr)
{
	struct vm_struct *vm;
	unsigned long flags;

	if (!addr)
		return;
	vm = detach_area(addr, VM_ALLOC | VM_MAP, "vfree", __builtin_return_address(0));
	if (!vm)
		return;
	if (in_interrupt()) {
		spin_lock_irqsave(&vmap_lock, flags);
		list_add_tail(&vm->purge, &deferred_frees);
		spin_unlock_irqrestore(&vmap_lock, flags);
		schedule_work(&deferred_work);
		return;
	}
	__vfree(vm);
}

void *vmap(struct page **pages, unsigned int count, unsigned int mmu_flags)
{
	struct vm_struct *vm;
	pteval_t *pte = NULL;

	/* count << PAGE_SHIFT must not wrap: no more pages than the space holds. */
	if (!count || !pages || count > (VMALLOC_END - vmalloc_start_addr) >> PAGE_SHIFT)
		return NULL;
	vm = get_vm_area((unsigned long)count << PAGE_SHIFT, PAGE_SIZE, VM_MAP,
			 __builtin_return_address(0));
	if (!vm)
		return NULL;
	for (unsigned int i = 0; i < count; i++) {
		if (map_one(&pte, vm->va.start + i * PAGE_SIZE, page_to_phys(pages[i]), mmu_flags) < 0) {
			unmap_range_noflush(vm->va.start, (unsigned long)i * PAGE_SIZE);
			release_vm_area(vm);
			return NULL;
		}
	}
	vm->nr_pages = count;
	return (void *)vm->va.start;
}

void vunmap(const void *addr)
{
	struct vm_struct *vm = detach_area(addr, VM_MAP, "vunmap", __builtin_return_address(0));

	if (vm) {
		unmap_range_noflush(vm->va.start, vm->size - PAGE_SIZE);
		queue_purge(vm);
	}
}

static void *__ioremap(phys_addr_t phys, size_t size, unsigned int mem, void *caller)
{
	phys_addr_t first = phys & ~(phys_addr_t)(PAGE_SIZE - 1);
	phys_addr_t len = ALIGN_UP(phys + size - first, (phys_addr_t)PAGE_SIZE);
	struct vm_struct *vm;
	pteval_t *pte = NULL;

	if (!size || phys + size < phys || phys + size > (1ULL << 40))
		return NULL;
	/* Rounded to pages, size + 0xfff can pass 4 GiB: check before narrowing. */
	if (len > VMALLOC_END - vmalloc_start_addr)
		return NULL;
	vm = get_vm_area((unsigned long)len, PAGE_SIZE, VM_IOREMAP, caller);
	if (!vm)
		return NULL;
	vm->phys_addr = first;
	for (unsigned long off = 0; off < (unsigned long)len; off += PAGE_SIZE) {
		if (map_one(&pte, vm->va.start + off, first + off, MMU_PROT_READ | MMU_PROT_WRITE | mem) < 0) {
			unmap_range_noflush(vm->va.start, off);
			release_vm_area(vm);
			return NULL;
		}
	}
	return (void *)(vm->va.start + (vaddr_t)(phys - first));
}

void *ioremap(phys_addr_t phys, size_t size)
{
	return __ioremap(phys, size, MMU_MEM_DEVICE, __builtin_return_address(0));
}

void *ioremap_wc(phys_addr_t phys, size_t size)
{
	return __ioremap(phys, size, MMU_MEM_NOCACHE, __builtin_return_address(0));
}

/* addr: what ioremap returned, so the area's first page plus phys's offset in it. */
void iounmap(const void *addr)
{
	const void *start = (const void *)((vaddr_t)addr & ~(vaddr_t)(PAGE_SIZE - 1));
	struct vm_struct *vm = detach_area(start, VM_IOREMAP, "iounmap", __builtin_return_address(0));

	if (vm) {
		unmap_range_noflush(vm->va.start, vm->size - PAGE_SIZE);
		queue_purge(vm);
	}
}

struct page *vmalloc_to_page(const void *addr)
{
	struct mmu_walk w;

	if (!is_vmalloc_addr(addr))
		return NULL;
	mmu_walk((vaddr_t)addr, &w);
	if (!w.mapped || !pfn_valid((unsigned long)(w.pa >> PAGE_SHIFT)))
		return NULL;
	return pfn_to_page((unsigned long)(w.pa >> PAGE_SHIFT));
}

unsigned long vmalloc_nr_pages(void)
{
	return nr_vmalloc_pages;
}

unsigned long vmalloc_largest_free(void)
{
	return vmap_space.ops ? va_largest_free(&vmap_space) : 0;
}

unsigned long vmalloc_free_bytes(void)
{
	return vmap_space.free_bytes + lazy_bytes;
}

/* Lock-free: called from the fault handler, which must not take vmap_lock. */
int vmalloc_describe_fault(vaddr_t addr, char *buf, size_t size)
{
	const struct va_busy *in = va_busy_find(&vmap_space, addr);
	const struct va_busy *prev = in ? NULL : va_busy_prev(&vmap_space, addr);
	const struct va_busy *b = in ? in : prev;
	const struct vm_struct *vm;
	char sym[KSYM_NAME_LEN + 32];

	if (!b)
		return snprintf(buf, size, "vmalloc: 0x%08lx is in no area (never allocated or freed)",
				(unsigned long)addr);
	vm = container_of(b, struct vm_struct, va);
	sprint_symbol(sym, sizeof(sym), (vaddr_t)vm->caller);
	if (in && addr >= vm->va.start + vm->size - PAGE_SIZE)
		return snprintf(buf, size,
				"vmalloc: %lu bytes past the end of 0x%08lx-0x%08lx (%lu bytes, %s), "
				"in its guard page",
				(unsigned long)(addr - (vm->va.start + vm->size - PAGE_SIZE)) + 1,
				(unsigned long)vm->va.start,
				(unsigned long)(vm->va.start + vm->size - PAGE_SIZE),
				vm->size - PAGE_SIZE, sym);
	if (in)
		return snprintf(buf, size, "vmalloc: inside 0x%08lx-0x%08lx (%s)",
				(unsigned long)vm->va.start, (unsigned long)vm->va.end, sym);
	return snprintf(buf, size,
			"vmalloc: 0x%08lx is in no area; the nearest below is 0x%08lx-0x%08lx (%s), "
			"ending %lu bytes before",
			(unsigned long)addr, (unsigned long)vm->va.start, (unsigned long)vm->va.end, sym,
			(unsigned long)(addr - vm->va.end));
}

/* --- shell (vmalloc and vfree are experiments: mm/memcmds.c) --- */

static void vmallocinfo_line(const struct vm_struct *vm)
{
	char sym[KSYM_NAME_LEN + 32];

	sprint_symbol(sym, sizeof(sym), (vaddr_t)vm->caller);
	console_printf("0x%08lx-0x%08lx %8lu %s", (unsigned long)vm->va.start,
		       (unsigned long)(vm->va.start + vm->size), vm->size, sym);
	if (vm->nr_pages)
		console_printf(" pages=%u", vm->nr_pages);
	if (vm->flags & VM_IOREMAP)
		console_printf(" phys=0x%08llx ioremap", (unsigned long long)vm->phys_addr);
	if (vm->flags & VM_ALLOC)
		console_printf(" vmalloc");
	if (vm->flags & VM_MAP)
		console_printf(" vmap");
	console_printf("\n");
}

static void vmallocinfo_json_one(struct json_writer *w, const struct vm_struct *vm)
{
	char sym[KSYM_NAME_LEN + 32];

	sprint_symbol(sym, sizeof(sym), (vaddr_t)vm->caller);
	json_object_open(w, NULL);
	json_uint(w, "start", vm->va.start);
	json_uint(w, "end", vm->va.start + vm->size);
	json_uint(w, "size", vm->size);
	json_string(w, "caller", sym);
	json_uint(w, "pages", vm->nr_pages);
	if (vm->flags & VM_IOREMAP)
		json_uint(w, "phys", vm->phys_addr);
	json_string(w, "type", vm->flags & VM_IOREMAP ? "ioremap" : vm->flags & VM_ALLOC ? "vmalloc" :
			       vm->flags & VM_MAP ? "vmap" : "");
	json_object_close(w);
}

/*
 * Linux's /proc/vmallocinfo: one line per area, in address order; or
 * {"areas": [...]} with --json.
 */
static int cmd_vmallocinfo(int argc, char **argv)
{
	struct json_writer w;
	unsigned long flags;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json)
		json_console_list(&w, "areas");
	spin_lock_irqsave(&vmap_lock, flags);	/* a consistent picture; printing is polled */
	for (const struct va_busy *b = va_busy_first(&vmap_space); b; b = va_busy_next(b)) {
		if (json)
			vmallocinfo_json_one(&w, container_of(b, struct vm_struct, va));
		else
			vmallocinfo_line(container_of(b, struct vm_struct, va));
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (!json)
		return 0;
	return json_list_finish(&w) != 0;
}
SHELL_COMMAND("vmallocinfo", "[--json]", "vmalloc areas, in /proc/vmallocinfo's format",
	      cmd_vmallocinfo);
