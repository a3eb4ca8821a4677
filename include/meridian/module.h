/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules: ELF relocatable objects (.ko) placed in the window
 * [MODULES_VADDR, MODULES_END), within branch range of the kernel.
 *
 * Kernel side: EXPORT_SYMBOL(sym) makes sym resolvable by modules.
 * Module side (compiled with -DKBUILD_MODNAME="name"):
 *	MODULE_LICENSE("MIT"); MODULE_AUTHOR(...); MODULE_DESCRIPTION(...);
 *	MODULE_VERSION(...); module_param(var, int|bool|charp, 0);
 *	module_init(fn); module_exit(fn);
 * and EXPORT_SYMBOL for functions later modules may use.
 */
#ifndef MERIDIAN_MODULE_H
#define MERIDIAN_MODULE_H

#include <meridian/types.h>

#define MODULE_NAME_LEN 32

struct kernel_symbol {
	unsigned long value;
	const char *name;
	unsigned long gpl;
};

#define __EXPORT_SYMBOL(sym, is_gpl)						\
	static const struct kernel_symbol __ksymtab_##sym			\
		__attribute__((used, section(".ksymtab"), aligned(4))) = {	\
			.value = (unsigned long)&sym, .name = #sym, .gpl = is_gpl, \
		}
#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, 0)
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, 1)

enum module_param_type { MODPARAM_int, MODPARAM_bool, MODPARAM_charp };

struct module_param {
	const char *name;
	unsigned long type;
	void *ptr;
};

#define __MODULE_INFO(tag, name, info)						\
	static const char __modinfo_##name[]					\
		__attribute__((used, section(".modinfo"), aligned(1))) = #tag "=" info
#define MODULE_LICENSE(l) __MODULE_INFO(license, license, l)
#define MODULE_AUTHOR(a) __MODULE_INFO(author, author, a)
#define MODULE_DESCRIPTION(d) __MODULE_INFO(description, description, d)
#define MODULE_VERSION(v) __MODULE_INFO(version, version, v)
#define MODULE_PARM_DESC(p, d) __MODULE_INFO(parm, parm_##p, #p ":" d)

#define module_param(var, ptype, perm)						\
	static const struct module_param __modparam_##var			\
		__attribute__((used, section(".modparams"), aligned(4))) = {	\
			.name = #var, .type = MODPARAM_##ptype, .ptr = &var,	\
		}

#define module_init(fn) int init_module(void) __attribute__((alias(#fn)))
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)))

#ifdef KBUILD_MODNAME
__MODULE_INFO(name, modname, KBUILD_MODNAME);
#endif

/* The loader (kernel/module/main.c). */
void modules_init(void);				/* boot: the window's allocator */
int load_module(const char *path, const char *args);	/* 0 or -errno, reasons logged */
int unload_module(const char *name);
bool module_loaded(const char *name);
void modules_load_boot(void);				/* modules=a,b */
/* Bytes of the module window in use (tests: it must come back). */
unsigned long module_window_used(void);
/* Where a loaded module's text, rodata and data start (tests, ptdump); -ENOENT if not loaded. */
int module_layout(const char *name, unsigned long *text, unsigned long *ro, unsigned long *data);

#endif /* MERIDIAN_MODULE_H */
