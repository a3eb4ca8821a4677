/* SPDX-License-Identifier: MIT */
/*
 * The module loader: an ELF relocatable object (checked by elf.c) is
 * laid out in the module window as [text + veneers | rodata | data],
 * page aligned, with a separate area for .init sections that is freed
 * once init has run.  Pages come from highmem where possible.  Symbols
 * resolve against EXPORT_SYMBOL()s of the kernel and of loaded modules
 * (whose use counts then pin them); relocations are applied by reloc.c,
 * with veneers for branches out of range.  Text becomes read-only and
 * executable, rodata read-only, data read-write, all before init runs.
 *
 * Out of scope: module signing, unloading while a function of the module
 * is still running (the shell is the only caller of rmmod).
 */
#include <stdio.h>
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/args.h>
#include <meridian/cpio.h>
#include <meridian/initramfs.h>
#include <meridian/kernel.h>
#include <meridian/module.h>
#include <meridian/module_elf.h>
#include <meridian/params.h>
#include <meridian/slab.h>
#include <meridian/spinlock.h>
#include <meridian/va_range.h>

#include "module_internal.h"

extern const struct kernel_symbol __ksymtab_start[], __ksymtab_end[];

LIST_HEAD(modules);
static struct va_space mod_space;
static struct kmem_cache *mod_node_cache;
static bool mod_ready;

static struct va_free *mod_node_alloc(void *ctx)
{
	(void)ctx;
	return kmem_cache_alloc(mod_node_cache, GFP_KERNEL);
}

static void mod_node_free(void *ctx, struct va_free *n)
{
	(void)ctx;
	kmem_cache_free(mod_node_cache, n);
}

static const struct va_space_ops mod_ops = { .node_alloc = mod_node_alloc, .node_free = mod_node_free };

void __init modules_init(void)
{
	mod_node_cache = kmem_cache_create("module_area", sizeof(struct va_free), 0, 0, NULL);
	if (!mod_node_cache || va_space_init(&mod_space, MODULES_VADDR, MODULES_END, &mod_ops) < 0)
		panic("modules: cannot set up the module window allocator");
	mod_ready = true;
}

unsigned long module_window_used(void)
{
	return mod_ready ? (MODULES_END - MODULES_VADDR) - mod_space.free_bytes : 0;
}

/* --- areas in the window --- */

void region_free(struct mod_region *r)
{
	if (!r->va)
		return;
	for (unsigned int i = 0; i < r->nr_pages; i++) {
		*kernel_pte_lookup(r->va + i * PAGE_SIZE) = 0;
		if (r->pages[i])
			__free_page(r->pages[i]);
	}
	local_flush_tlb_all();
	va_release(&mod_space, r->va, (unsigned long)(r->nr_pages + 1) * PAGE_SIZE);
	kfree(r->pages);
	memset(r, 0, sizeof(*r));
}

/* A zeroed, writable area of size bytes (plus an unmapped guard page), or -ENOSPC/-ENOMEM. */
int region_alloc(struct mod_region *r, unsigned long size)
{
	unsigned int n = (unsigned int)(ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT);
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (!n)
		return 0;
	r->pages = kzalloc(n * sizeof(*r->pages), GFP_KERNEL);
	if (!r->pages)
		return -ENOMEM;
	r->va = va_alloc(&mod_space, (unsigned long)(n + 1) * PAGE_SIZE, PAGE_SIZE, &err);
	if (!r->va) {
		kfree(r->pages);
		r->pages = NULL;
		return err == -ENOMEM ? -ENOMEM : -ENOSPC;
	}
	r->nr_pages = n;
	for (unsigned int i = 0; i < n; i++) {
		pteval_t *table = kernel_pte_table(r->va + i * PAGE_SIZE);

		r->pages[i] = alloc_page(GFP_HIGHUSER | __GFP_ZERO | __GFP_NOWARN);
		if (!r->pages[i] || !table) {
			region_free(r);
			return -ENOMEM;
		}
		table[pte_index(r->va + i * PAGE_SIZE)] =
			mk_pte(page_to_phys(r->pages[i]), MMU_KERNEL_RW);
	}
	dsb();
	return 0;
}

/* Final permissions for [off, off + len) of r. */
void region_protect(struct mod_region *r, unsigned long off, unsigned long len, unsigned int flags)
{
	for (unsigned long o = off; o < off + len; o += PAGE_SIZE)
		*kernel_pte_lookup(r->va + o) = mk_pte(page_to_phys(r->pages[o >> PAGE_SHIFT]), flags);
}

/* --- symbols --- */

static const struct kernel_symbol *find_in(const struct kernel_symbol *s, unsigned int n,
					   const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	return NULL;
}

/* An exported symbol: the kernel's, else a live module's (*owner set). */
const struct kernel_symbol *find_symbol(const char *name, struct module **owner)
{
	const struct kernel_symbol *s;
	struct module *m;

	*owner = NULL;
	s = find_in(__ksymtab_start, (unsigned int)(__ksymtab_end - __ksymtab_start), name);
	if (s)
		return s;
	list_for_each_entry(m, &modules, list) {
		s = find_in(m->syms, m->nsyms, name);
		if (s) {
			*owner = m;
			return s;
		}
	}
	return NULL;
}

struct module *find_module(const char *name)
{
	struct module *m;

	list_for_each_entry(m, &modules, list)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

int module_layout(const char *name, unsigned long *text, unsigned long *ro, unsigned long *data)
{
	struct module *m = find_module(name);

	if (!m)
		return -ENOENT;
	*text = m->core.va;
	*ro = m->core.va + m->text_size;
	*data = m->core.va + m->text_size + m->ro_size;
	return 0;
}

bool module_loaded(const char *name)
{
	return find_module(name) != NULL;
}

/* --- loading --- */

/* Reads a module file: a path in the initramfs, or a bare name under /lib/modules. */
static int read_module_file(const char *path, const void **data, size_t *size)
{
	char full[CPIO_NAME_MAX];
	struct cpio_entry e;
	size_t asize;
	const void *archive = initramfs_data(&asize);
	int r;

	if (!archive)
		return -ENODATA;
	if (!strchr(path, '/')) {
		size_t n = strlen(path);

		if (n + 24 > sizeof(full))
			return -EINVAL;
		memcpy(full, "lib/modules/", 12);
		memcpy(full + 12, path, n);
		memcpy(full + 12 + n, n > 3 && !strcmp(path + n - 3, ".ko") ? "" : ".ko", 4);
		path = full;
	}
	r = cpio_find(archive, asize, path, &e);
	if (r < 0)
		return r;
	*data = e.data;
	*size = e.size;
	return 0;
}

int load_module(const char *path, const char *args)
{
	const void *image;
	size_t size;
	int err;

	if (!mod_ready)
		return -ENODEV;
	err = read_module_file(path, &image, &size);
	if (err < 0) {
		pr_err("insmod: %s: %s\n", path,
		       err == -ENOENT ? "no such module file" :
		       err == -ENODATA ? "no initramfs, so no module files" : "bad path");
		return err;
	}
	return load_module_image(image, size, args);
}

int unload_module(const char *name)
{
	struct module *m = find_module(name);

	if (!m) {
		pr_err("rmmod: %s: not loaded\n", name);
		return -ENOENT;
	}
	if (m->refcnt) {
		pr_err("rmmod: %s: in use by %d module(s)\n", name, m->refcnt);
		return -EBUSY;
	}
	if (m->exit)
		m->exit();
	list_del(&m->list);
	module_free(m);
	return 0;
}

/* modules=a,b: load these from the initramfs at boot. */
static const char *boot_modules;

static int setup_modules(const char *val, void *ctx)
{
	(void)ctx;
	if (!val || !*val)
		return -EINVAL;
	boot_modules = val;
	return 0;
}
early_param("modules", setup_modules);

void modules_load_boot(void)
{
	char name[MODULE_NAME_LEN];

	for (const char *p = boot_modules; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			load_module(name, "");
		}
		p += len + (end ? 1 : 0);
	}
}
