/* SPDX-License-Identifier: MIT */
/*
 * The kernel interface modules may use: only what is exported here (or
 * by another loaded module) resolves when a module is loaded.
 */
#include <stdio.h>
#include <string.h>

#include <meridian/args.h>
#include <meridian/highmem.h>
#include <meridian/kernel.h>
#include <meridian/module.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/timer.h>
#include <meridian/vmalloc.h>

/* The C library functions the compiler may call on its own. */
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(snprintf);

EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(console_printf);
EXPORT_SYMBOL(parse_uint);	/* modules' shell commands check their numbers too */
EXPORT_SYMBOL(panic);

EXPORT_SYMBOL(kmalloc);
EXPORT_SYMBOL(kzalloc);
EXPORT_SYMBOL(kfree);
EXPORT_SYMBOL(alloc_pages);
EXPORT_SYMBOL(__free_pages);
EXPORT_SYMBOL(vmalloc);
EXPORT_SYMBOL(vfree);

/* kmap_local_page() and page_address() are inline: what they read is exported too. */
EXPORT_SYMBOL(__kmap_local_pfn);
EXPORT_SYMBOL(__kunmap_local);
EXPORT_SYMBOL(kmap);
EXPORT_SYMBOL(kunmap);
EXPORT_SYMBOL(pkmap_page_address);
EXPORT_SYMBOL(memcpy_to_page);
EXPORT_SYMBOL(memcpy_from_page);
EXPORT_SYMBOL(memset_page);
EXPORT_SYMBOL(mem_map);
EXPORT_SYMBOL(mem_map_pfn_base);
EXPORT_SYMBOL(mem_layout);
EXPORT_SYMBOL(zones);
EXPORT_SYMBOL(highmem_start_pfn);
EXPORT_SYMBOL(kmap_page_arith);

EXPORT_SYMBOL(msleep);
EXPORT_SYMBOL(ktime_get_ns);
EXPORT_SYMBOL_GPL(shell_register);
EXPORT_SYMBOL_GPL(shell_unregister);
