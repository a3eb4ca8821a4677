/* SPDX-License-Identifier: MIT */
/*
 * /proc-style memory reports as shell commands, in Linux's formats:
 * meminfo (fs/proc/meminfo.c), zoneinfo and buddyinfo (mm/vmstat.c),
 * slabinfo (mm/slab_common.c, version 2.1 header).
 */
#include <asm/mmu.h>
#include <meridian/kernel.h>
#include <meridian/mm.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

static void show_val_kb(const char *name, unsigned long kb)
{
	console_printf("%-16s%8lu kB\n", name, kb);
}

static int cmd_meminfo(int argc, char **argv)
{
	unsigned long total = totalram_pages(), free = nr_free_pages();
	unsigned long high = totalhigh_pages(), highfree = nr_free_highpages();
	unsigned long vmalloc_total = (VMALLOC_END - mem_layout.vmalloc_start) >> 10;
	unsigned long vmalloc_used = vmalloc_nr_pages() << (PAGE_SHIFT - 10);

	(void)argc;
	(void)argv;
	show_val_kb("MemTotal:", K(total));
	show_val_kb("MemFree:", K(free));
	show_val_kb("MemAvailable:", K(free));
	show_val_kb("HighTotal:", K(high));
	show_val_kb("HighFree:", K(highfree));
	show_val_kb("LowTotal:", K(total - high));
	show_val_kb("LowFree:", K(free - highfree));
	show_val_kb("Slab:", slab_total_bytes() >> 10);
	show_val_kb("SReclaimable:", 0);
	show_val_kb("SUnreclaim:", slab_total_bytes() >> 10);
	show_val_kb("KernelStack:", CONFIG_BOOT_STACK_SIZE >> 10);
	show_val_kb("PageTables:", K(mmu_pagetable_pages()));
	show_val_kb("VmallocTotal:", vmalloc_total);
	show_val_kb("VmallocUsed:", vmalloc_used);	/* pages vmalloc holds, as Linux */
	show_val_kb("VmallocChunk:", vmalloc_largest_free() >> 10);
	show_val_kb("MemMap:", mem_map_bytes >> 10);
	return 0;
}
SHELL_COMMAND("meminfo", "", "memory usage, in /proc/meminfo's format", cmd_meminfo);

static int cmd_buddyinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (!z->spanned_pages)
			continue;
		console_printf("Node 0, zone %8s ", z->name);
		for (int order = 0; order < MAX_ORDER; order++)
			console_printf("%6lu ", z->free_area[order].nr_free);
		console_printf("\n");
	}
	return 0;
}
SHELL_COMMAND("buddyinfo", "", "free blocks per order, in /proc/buddyinfo's format", cmd_buddyinfo);

static void zoneinfo_one(const struct zone *z)
{
	console_printf("Node 0, zone %8s\n", z->name);
	console_printf("  pages free     %lu\n", z->free_pages);
	console_printf("        boost    0\n        min      0\n        low      0\n        high     0\n");
	console_printf("        spanned  %lu\n", z->spanned_pages);
	console_printf("        present  %lu\n", z->present_pages);
	console_printf("        managed  %lu\n", z->managed_pages);
	console_printf("        cma      0\n");
	console_printf("        protection: (0, 0)\n");
	console_printf("      nr_free_pages %lu\n", z->free_pages);
	console_printf("  pagesets\n    cpu: 0\n");
	console_printf("              count: %u\n", z->pcp_count);
	console_printf("              high:  %u\n", z->pcp_high);
	console_printf("              batch: %u\n", z->pcp_batch);
	console_printf("  node_unreclaimable:  0\n");
	console_printf("  start_pfn:           %lu\n", z->zone_start_pfn);
}

static int cmd_zoneinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zoneinfo_one(&zones[i]);
	return 0;
}
SHELL_COMMAND("zoneinfo", "", "per-zone counters, in /proc/zoneinfo's format", cmd_zoneinfo);

static void slabinfo_line(const struct kmem_cache_info *c, void *ctx)
{
	(void)ctx;
	console_printf("%-17s %6lu %6lu %6u %4u %4u : tunables    0    0    0 : slabdata %6lu %6lu      0\n",
		       c->name, c->active_objs, c->num_objs, c->size, c->objs_per_slab,
		       1u << c->order, c->num_slabs, c->num_slabs);
}

static int cmd_slabinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("slabinfo - version: 2.1\n");
	console_printf("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		       " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
		       " <num_slabs> <sharedavail>\n");
	kmem_cache_for_each(slabinfo_line, NULL);
	return 0;
}
SHELL_COMMAND("slabinfo", "", "slab caches, in /proc/slabinfo's format", cmd_slabinfo);
