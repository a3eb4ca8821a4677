/* SPDX-License-Identifier: MIT */
/* Internal to the module loader: kernel/module/main.c, load.c, cmds.c. */
#ifndef KERNEL_MODULE_INTERNAL_H
#define KERNEL_MODULE_INTERNAL_H

#include <meridian/list.h>
#include <meridian/module.h>
#include <meridian/mm.h>

#define MODULE_MAX_DEPS 8
#define MODULE_MAX_STRINGS 8

/* Pages mapped at [va, va + nr_pages * PAGE_SIZE), followed by a guard page. */
struct mod_region {
	unsigned long va;
	unsigned int nr_pages;
	struct page **pages;
};

struct module {
	char name[MODULE_NAME_LEN];
	struct list_head list;
	struct mod_region core;		/* text + veneers | rodata | data */
	unsigned long text_size, ro_size, core_size;
	int refcnt;			/* modules that use our exports */
	struct module *deps[MODULE_MAX_DEPS];
	int ndeps;
	const struct kernel_symbol *syms;	/* our exports, in our rodata */
	unsigned int nsyms;
	void (*exit)(void);
	char *strings[MODULE_MAX_STRINGS];	/* charp parameter values we own */
	int nstrings;
};

extern struct list_head modules;

int region_alloc(struct mod_region *r, unsigned long size);
void region_free(struct mod_region *r);
void region_protect(struct mod_region *r, unsigned long off, unsigned long len, unsigned int flags);
const struct kernel_symbol *find_symbol(const char *name, struct module **owner);
struct module *find_module(const char *name);
int load_module_image(const void *image, size_t size, const char *args);
/* Drops the dependencies, frees strings, pages and the struct (m is off the list). */
void module_free(struct module *m);

#endif /* KERNEL_MODULE_INTERNAL_H */
