/* SPDX-License-Identifier: MIT */
/*
 * Memory experiments at the shell: alloc/free (the buddy allocator),
 * vmalloc/vfree, kmap/kunmap, and peek/poke with fault protection.
 *
 * Every block, area and mapping the shell takes is recorded in one
 * table, and free/vfree/kunmap accept only what is recorded there: a
 * typo cannot free a page the kernel owns, and the tests can count what
 * is live.  free, vfree and pressure release refuse while the shell has
 * one of their pages kmapped: a kmap the shell holds never outlives a page
 * it gave back.  The shell runs one command at a time in one thread, so the
 * table needs no lock.
 *
 * Out of scope: freeing what the shell did not allocate, byte or
 * halfword accesses in peek/poke (device registers want words).
 */
#include <string.h>

#include <asm/traps.h>
#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/memblock.h>
#include <meridian/memcmds.h>
#include <meridian/shell.h>
#include <meridian/spinlock.h>
#include <meridian/vmalloc.h>

#define VMALLOC_CMD_MAX (1UL << 30)	/* more than any vmalloc area can hold */

static struct shell_alloc allocs[SHELL_ALLOC_MAX];
static bool alloc_used[SHELL_ALLOC_MAX];

unsigned int shell_alloc_count(enum shell_alloc_kind kind)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		n += alloc_used[i] && allocs[i].kind == kind;
	return n;
}

const struct shell_alloc *shell_alloc_get(enum shell_alloc_kind kind, unsigned int nth)
{
	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		if (alloc_used[i] && allocs[i].kind == kind && nth-- == 0)
			return &allocs[i];
	return NULL;
}

/* A free table slot, or NULL (reported) when the shell holds SHELL_ALLOC_MAX things. */
static struct shell_alloc *track_new(const char *cmd)
{
	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++) {
		if (!alloc_used[i]) {
			memset(&allocs[i], 0, sizeof(allocs[i]));
			return &allocs[i];
		}
	}
	console_printf("%s: the shell already holds %d allocations and mappings; free some\n", cmd,
		       SHELL_ALLOC_MAX);
	return NULL;
}

static void track_commit(struct shell_alloc *a)
{
	alloc_used[a - allocs] = true;
}

static void track_drop(struct shell_alloc *a)
{
	alloc_used[a - allocs] = false;
}

/* The live entry of this kind for which match() holds, or NULL. */
static struct shell_alloc *track_find(enum shell_alloc_kind kind,
				      bool (*match)(const struct shell_alloc *a, u64 key), u64 key)
{
	for (unsigned int i = 0; i < SHELL_ALLOC_MAX; i++)
		if (alloc_used[i] && allocs[i].kind == kind && match(&allocs[i], key))
			return &allocs[i];
	return NULL;
}

static bool match_pfn(const struct shell_alloc *a, u64 pfn)
{
	return page_to_pfn(a->page) == pfn;
}

static bool match_phys(const struct shell_alloc *a, u64 pa)
{
	return page_to_phys(a->page) == pa;
}

static bool match_addr(const struct shell_alloc *a, u64 addr)
{
	return (vaddr_t)a->addr == addr;
}

/* --- alloc / free --- */

static int cmd_alloc(int argc, char **argv)
{
	bool high = argc == 3 && strcmp(argv[1], "--high") == 0;
	unsigned long long order;
	struct shell_alloc *a;
	struct page *page;

	if (argc != 2 + high || parse_uint(argv[argc - 1], MAX_ORDER - 1, &order) < 0) {
		console_printf("usage: alloc [--high] ORDER (0 to %d)\n", MAX_ORDER - 1);
		return 1;
	}
	a = track_new("alloc");
	if (!a)
		return 1;
	page = alloc_pages((high ? GFP_HIGHUSER : GFP_KERNEL) | __GFP_NOWARN, (unsigned int)order);
	if (!page) {
		console_printf("alloc: order %llu from %s: out of memory\n", order,
			       high ? "HighMem (or Normal)" : "Normal");
		return 1;
	}
	*a = (struct shell_alloc){ .kind = SHELL_ALLOC_PAGES, .page = page,
				   .order = (unsigned int)order };
	track_commit(a);
	console_printf("alloc: order %llu (%lu page%s) pfn 0x%lx phys 0x%010llx zone %s\n", order,
		       1UL << order, order ? "s" : "", page_to_pfn(page),
		       (unsigned long long)page_to_phys(page), page_zone(page)->name);
	return 0;
}
SHELL_COMMAND("alloc", "[--high] ORDER",
	      "allocate 2^ORDER pages (--high: from HighMem first) and print pfn and phys",
	      cmd_alloc);

static bool shell_has_kmap(const struct page *page)
{
	return track_find(SHELL_ALLOC_KMAP, match_pfn, page_to_pfn(page)) != NULL;
}

/* Is a page of this block kmapped by the shell? */
static bool block_kmapped(const struct shell_alloc *a)
{
	for (unsigned long i = 0; i < (1UL << a->order); i++)
		if (shell_has_kmap(a->page + i))
			return true;
	return false;
}

/*
 * One number names at most one tracked block: try it as a page address
 * first, then as a pfn.  A pfn is at most the last RAM pfn, so a page
 * address equal to one is below it: below 2^24 (RAM ends under 2^36) where
 * RAM starts at 128 MiB or above, and below 256 KiB on the Raspberry Pi 2
 * (1 GiB at 0), where the boot stub and the kernel image lie, never
 * allocated.
 */
static int cmd_free(int argc, char **argv)
{
	unsigned long long v;
	struct shell_alloc *a;

	if (argc != 2 || parse_uint(argv[1], PHYS_MASK, &v) < 0) {
		console_printf("usage: free PA|PFN (of a block from 'alloc')\n");
		return 1;
	}
	a = track_find(SHELL_ALLOC_PAGES, match_phys, v);
	if (!a)
		a = track_find(SHELL_ALLOC_PAGES, match_pfn, v);
	if (!a) {
		console_printf("free: 0x%llx is neither the phys nor the pfn of a block from 'alloc'\n",
			       v);
		return 1;
	}
	if (block_kmapped(a)) {
		console_printf("free: pfn 0x%lx: a page of the block is kmapped; kunmap it first\n",
			       page_to_pfn(a->page));
		return 1;
	}
	console_printf("free: order %u at pfn 0x%lx\n", a->order, page_to_pfn(a->page));
	__free_pages(a->page, a->order);
	track_drop(a);
	return 0;
}
SHELL_COMMAND("free", "PA|PFN", "free a block from 'alloc', named by phys address or pfn",
	      cmd_free);

/* --- vmalloc / vfree --- */

static int cmd_vmalloc(int argc, char **argv)
{
	struct shell_alloc *a;
	u64 size;
	void *p;

	if (argc != 2 || parse_size(argv[1], &size) < 0 || size == 0 || size > VMALLOC_CMD_MAX) {
		console_printf("usage: vmalloc SIZE (e.g. 64K, 3M; at most 1G)\n");
		return 1;
	}
	a = track_new("vmalloc");
	if (!a)
		return 1;
	p = vmalloc((unsigned long)size);
	if (!p) {
		console_printf("vmalloc: %llu bytes: out of memory or address space\n",
			       (unsigned long long)size);
		return 1;
	}
	*a = (struct shell_alloc){ .kind = SHELL_ALLOC_VMALLOC, .addr = p,
				   .size = (unsigned long)size };
	track_commit(a);
	console_printf("0x%08lx\n", (unsigned long)(vaddr_t)p);
	return 0;
}
SHELL_COMMAND("vmalloc", "SIZE", "allocate SIZE bytes with vmalloc and print the address", cmd_vmalloc);

/* Is a page of this vmalloc area kmapped by the shell?  (Its pages go back on vfree.) */
static bool area_kmapped(const struct shell_alloc *a)
{
	if (!shell_alloc_count(SHELL_ALLOC_KMAP))
		return false;	/* the common case: no walk over a big area */
	for (unsigned long off = 0; off < a->size; off += PAGE_SIZE)
		if (shell_has_kmap(vmalloc_to_page((const u8 *)a->addr + off)))
			return true;
	return false;
}

static int cmd_vfree(int argc, char **argv)
{
	unsigned long long addr;
	struct shell_alloc *a;

	if (argc != 2 || parse_uint(argv[1], 0xffffffffULL, &addr) < 0) {
		console_printf("usage: vfree ADDR (an address 'vmalloc' printed)\n");
		return 1;
	}
	a = track_find(SHELL_ALLOC_VMALLOC, match_addr, addr);
	if (!a) {
		console_printf("vfree: 0x%08llx is not an area from the shell's 'vmalloc'\n", addr);
		return 1;
	}
	if (area_kmapped(a)) {
		console_printf("vfree: 0x%08llx: a page of the area is kmapped; kunmap it first\n", addr);
		return 1;
	}
	vfree(a->addr);
	track_drop(a);
	return 0;
}
SHELL_COMMAND("vfree", "ADDR", "free an area from 'vmalloc'", cmd_vfree);

/* --- kmap / kunmap --- */

/* The page of a RAM pfn inside a zone (a zone's span may have holes), or NULL. */
static struct page *zone_pfn_to_page(unsigned long long pfn)
{
	if (!memblock_is_memory((phys_addr_t)pfn << PAGE_SHIFT))
		return NULL;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (z->spanned_pages && pfn >= z->zone_start_pfn &&
		    pfn - z->zone_start_pfn < z->spanned_pages)
			return pfn_to_page((unsigned long)pfn);
	}
	return NULL;
}

static int cmd_kmap(int argc, char **argv)
{
	unsigned long long pfn;
	struct shell_alloc *a;
	struct page *page;
	void *va;

	if (argc != 2 || parse_uint(argv[1], PHYS_MASK >> PAGE_SHIFT, &pfn) < 0) {
		console_printf("usage: kmap PFN\n");
		return 1;
	}
	page = zone_pfn_to_page(pfn);
	if (!page) {
		console_printf("kmap: pfn 0x%llx is not RAM in a zone\n", pfn);
		return 1;
	}
	if (shell_has_kmap(page)) {
		console_printf("kmap: pfn 0x%llx is already mapped by the shell at 0x%08lx\n", pfn,
			       (unsigned long)(vaddr_t)page_address(page));
		return 1;
	}
	/* kmap() sleeps when every slot is taken: the shell's own share is bounded. */
	if (shell_alloc_count(SHELL_ALLOC_KMAP) >= SHELL_KMAP_MAX) {
		console_printf("kmap: the shell already holds %d kmaps; kunmap some\n", SHELL_KMAP_MAX);
		return 1;
	}
	a = track_new("kmap");
	if (!a)
		return 1;
	va = kmap(page);
	*a = (struct shell_alloc){ .kind = SHELL_ALLOC_KMAP, .page = page, .addr = va };
	track_commit(a);
	if (PageHighMem(page))
		console_printf("kmap: pfn 0x%llx -> 0x%08lx (pkmap slot %lu)\n", pfn,
			       (unsigned long)(vaddr_t)va,
			       (unsigned long)(((vaddr_t)va - PKMAP_BASE) >> PAGE_SHIFT));
	else
		console_printf("kmap: pfn 0x%llx -> 0x%08lx (lowmem: the direct map, no slot)\n", pfn,
			       (unsigned long)(vaddr_t)va);
	return 0;
}
SHELL_COMMAND("kmap", "PFN", "map a page with kmap() and print its address", cmd_kmap);

static int cmd_kunmap(int argc, char **argv)
{
	unsigned long long pfn;
	struct shell_alloc *a;

	if (argc != 2 || parse_uint(argv[1], PHYS_MASK >> PAGE_SHIFT, &pfn) < 0) {
		console_printf("usage: kunmap PFN\n");
		return 1;
	}
	a = track_find(SHELL_ALLOC_KMAP, match_pfn, pfn);
	if (!a) {
		console_printf("kunmap: pfn 0x%llx is not mapped by the shell's 'kmap'\n", pfn);
		return 1;
	}
	kunmap(a->page);
	track_drop(a);
	return 0;
}
SHELL_COMMAND("kunmap", "PFN", "undo a 'kmap'", cmd_kunmap);

/* --- peek / poke --- */

/* One aligned word access inside a fault catch: 0, or -EFAULT with fc describing the fault. */
static __attribute__((noinline)) int read_word_catch(vaddr_t addr, u32 *out, struct fault_catch *fc)
{
	if (FAULT_CATCH(fc)) {
		*out = *(const volatile u32 *)addr;
		fault_catch_disarm(fc);
		return 0;
	}
	return -EFAULT;
}

static __attribute__((noinline)) int write_word_catch(vaddr_t addr, u32 val, struct fault_catch *fc)
{
	if (FAULT_CATCH(fc)) {
		*(volatile u32 *)addr = val;
		fault_catch_disarm(fc);
		return 0;
	}
	return -EFAULT;
}

/*
 * IRQs stay off across the access: the catch is armed for this CPU, and
 * nothing else may run and fault into it meanwhile.
 */
static int read_word_caught(vaddr_t addr, u32 *out, struct fault_catch *fc)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = read_word_catch(addr, out, fc);
	local_irq_restore(flags);
	return ret;
}

static int write_word_caught(vaddr_t addr, u32 val, struct fault_catch *fc)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = write_word_catch(addr, val, fc);
	local_irq_restore(flags);
	return ret;
}

static void report_fault(const char *cmd, const struct fault_catch *fc)
{
	char desc[128];

	fault_describe(desc, sizeof(desc), fc->kind, fc->fsr, fc->far);
	console_printf("%s: %s\n", cmd, desc);
}

/* ADDR must be word aligned: peek and poke make word accesses only. */
static int check_word_addr(const char *cmd, unsigned long long v, vaddr_t *addr)
{
	if (v & 3) {
		console_printf("%s: 0x%llx is not word aligned\n", cmd, v);
		return -EINVAL;
	}
	*addr = (vaddr_t)v;
	return 0;
}

static void print_ascii(const u32 *words, unsigned int n)
{
	console_printf("%*s", (int)(4 - n) * 9 + 4, "");
	for (unsigned int i = 0; i < n * 4; i++) {
		u8 c = (u8)(words[i / 4] >> (8 * (i % 4)));

		console_printf("%c", c >= 0x20 && c < 0x7f ? c : '.');
	}
	console_printf("\n");
}

/* U-Boot's md.l format: "c0008000: e59ff018 e59ff018 e59ff018 e59ff018    ................" */
static int cmd_peek(int argc, char **argv)
{
	unsigned long long v, len = 4;
	u32 line[4];
	vaddr_t addr;
	struct fault_catch fc;

	if (argc < 2 || argc > 3 || parse_uint(argv[1], 0xffffffffULL, &v) < 0 ||
	    (argc == 3 && (parse_uint(argv[2], PEEK_MAX, &len) < 0 || len == 0))) {
		console_printf("usage: peek ADDR [LEN] (ADDR word aligned, LEN 1 to %d bytes)\n",
			       PEEK_MAX);
		return 1;
	}
	if (check_word_addr("peek", v, &addr) < 0)
		return 1;
	if ((u64)addr + len > 0x100000000ULL) {
		console_printf("peek: 0x%08lx + %llu runs past the end of the address space\n",
			       (unsigned long)addr, len);
		return 1;
	}
	for (u64 off = 0; off < len; off += 4) {
		unsigned int i = (unsigned int)(off / 4) % 4;

		if (read_word_caught(addr + (vaddr_t)off, &line[i], &fc) < 0) {
			if (i)
				print_ascii(line, i);
			report_fault("peek", &fc);
			return 1;
		}
		if (i == 0)
			console_printf("%08lx:", (unsigned long)(addr + (vaddr_t)off));
		console_printf(" %08lx", (unsigned long)line[i]);
		if (i == 3 || off + 4 >= len)
			print_ascii(line, i + 1);
	}
	return 0;
}
SHELL_COMMAND("peek", "ADDR [LEN]", "read words at a virtual address; a fault is reported, not fatal",
	      cmd_peek);

static int cmd_poke(int argc, char **argv)
{
	unsigned long long v, val;
	struct fault_catch fc;
	vaddr_t addr;

	if (argc != 3 || parse_uint(argv[1], 0xffffffffULL, &v) < 0 ||
	    parse_uint(argv[2], 0xffffffffULL, &val) < 0) {
		console_printf("usage: poke ADDR VALUE (a word-aligned address, a 32-bit value)\n");
		return 1;
	}
	if (check_word_addr("poke", v, &addr) < 0)
		return 1;
	if (write_word_caught(addr, (u32)val, &fc) < 0) {
		report_fault("poke", &fc);
		return 1;
	}
	return 0;
}
SHELL_COMMAND("poke", "ADDR VALUE", "write a word at a virtual address; a fault is reported, not fatal",
	      cmd_poke);
