/* SPDX-License-Identifier: MIT */
/*
 * /proc-style memory reports as shell commands, in Linux's formats:
 * meminfo (fs/proc/meminfo.c), zoneinfo and buddyinfo (mm/vmstat.c),
 * slabinfo (mm/slab_common.c, version 2.1 header).
 */
#include <string.h>

#include <asm/mmu.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/mm.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

struct meminfo_row {
	const char *name;	/* /proc/meminfo's field name */
	unsigned long kb;
};

#define MEMINFO_ROWS 16

/* The rows of /proc/meminfo that Meridian has, in its order; one table for text and JSON. */
static void meminfo_rows(struct meminfo_row r[MEMINFO_ROWS])
{
	unsigned long total = totalram_pages(), free = nr_free_pages();
	unsigned long high = totalhigh_pages(), highfree = nr_free_highpages();
	const struct meminfo_row rows[MEMINFO_ROWS] = {
		{ "MemTotal", K(total) },
		{ "MemFree", K(free) },
		{ "MemAvailable", K(free) },
		{ "HighTotal", K(high) },
		{ "HighFree", K(highfree) },
		{ "LowTotal", K(total - high) },
		{ "LowFree", K(free - highfree) },
		{ "Slab", slab_total_bytes() >> 10 },
		{ "SReclaimable", 0 },
		{ "SUnreclaim", slab_total_bytes() >> 10 },
		{ "KernelStack", CONFIG_BOOT_STACK_SIZE >> 10 },
		{ "PageTables", K(mmu_pagetable_pages()) },
		{ "VmallocTotal", (VMALLOC_END - mem_layout.vmalloc_start) >> 10 },
		{ "VmallocUsed", vmalloc_nr_pages() << (PAGE_SHIFT - 10) },	/* pages held, as Linux */
		{ "VmallocChunk", vmalloc_largest_free() >> 10 },
		{ "MemMap", mem_map_bytes >> 10 },
	};

	for (int i = 0; i < MEMINFO_ROWS; i++)
		r[i] = rows[i];
}

/* meminfo --json: {"unit": "kB", "MemTotal": n, ...}, the same rows. */
static int cmd_meminfo(int argc, char **argv)
{
	struct meminfo_row r[MEMINFO_ROWS];
	struct json_writer w;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	meminfo_rows(r);
	if (!json) {
		for (int i = 0; i < MEMINFO_ROWS; i++)
			console_printf("%s:%*s%8lu kB\n", r[i].name, 15 - (int)strlen(r[i].name), "",
				       r[i].kb);
		return 0;
	}
	json_console(&w);
	json_object_open(&w, NULL);
	json_string(&w, "unit", "kB");
	for (int i = 0; i < MEMINFO_ROWS; i++)
		json_uint(&w, r[i].name, r[i].kb);
	json_object_close(&w);
	return json_finish(&w) != 0;
}
SHELL_COMMAND("meminfo", "[--json]", "memory usage, in /proc/meminfo's format", cmd_meminfo);

static int buddyinfo_json(void)
{
	struct json_writer w;

	json_console_list(&w, "zones");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (!z->spanned_pages)
			continue;
		json_object_open(&w, NULL);
		json_uint(&w, "node", 0);
		json_string(&w, "zone", z->name);
		json_array_open(&w, "free");	/* free blocks of each order, 0 first */
		for (int order = 0; order < MAX_ORDER; order++)
			json_uint(&w, NULL, z->free_area[order].nr_free);
		json_array_close(&w);
		json_object_close(&w);
	}
	return json_list_finish(&w);
}

static int cmd_buddyinfo(int argc, char **argv)
{
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json)
		return buddyinfo_json() != 0;
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
SHELL_COMMAND("buddyinfo", "[--json]", "free blocks per order, in /proc/buddyinfo's format",
	      cmd_buddyinfo);

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

static void zoneinfo_json_one(struct json_writer *w, const struct zone *z)
{
	json_object_open(w, NULL);
	json_uint(w, "node", 0);
	json_string(w, "zone", z->name);
	json_uint(w, "free", z->free_pages);
	json_uint(w, "spanned", z->spanned_pages);
	json_uint(w, "present", z->present_pages);
	json_uint(w, "managed", z->managed_pages);
	json_uint(w, "start_pfn", z->zone_start_pfn);
	json_object_open(w, "pageset");
	json_uint(w, "count", z->pcp_count);
	json_uint(w, "high", z->pcp_high);
	json_uint(w, "batch", z->pcp_batch);
	json_object_close(w);
	json_object_close(w);
}

static int cmd_zoneinfo(int argc, char **argv)
{
	struct json_writer w;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (!json) {
		for (int i = 0; i < MAX_NR_ZONES; i++)
			zoneinfo_one(&zones[i]);
		return 0;
	}
	json_console_list(&w, "zones");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zoneinfo_json_one(&w, &zones[i]);
	return json_list_finish(&w) != 0;
}
SHELL_COMMAND("zoneinfo", "[--json]", "per-zone counters, in /proc/zoneinfo's format", cmd_zoneinfo);

static void slabinfo_line(const struct kmem_cache_info *c, void *ctx)
{
	(void)ctx;
	console_printf("%-17s %6lu %6lu %6u %4u %4u : tunables    0    0    0 : slabdata %6lu %6lu      0\n",
		       c->name, c->active_objs, c->num_objs, c->size, c->objs_per_slab,
		       1u << c->order, c->num_slabs, c->num_slabs);
}

static void slabinfo_json_one(const struct kmem_cache_info *c, void *ctx)
{
	struct json_writer *w = ctx;

	json_object_open(w, NULL);
	json_string(w, "name", c->name);
	json_uint(w, "active_objs", c->active_objs);
	json_uint(w, "num_objs", c->num_objs);
	json_uint(w, "objsize", c->size);
	json_uint(w, "objperslab", c->objs_per_slab);
	json_uint(w, "pagesperslab", 1u << c->order);
	json_uint(w, "active_slabs", c->num_slabs);
	json_uint(w, "num_slabs", c->num_slabs);
	json_object_close(w);
}

static int cmd_slabinfo(int argc, char **argv)
{
	struct json_writer w;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json) {
		json_console_list(&w, "caches");
		kmem_cache_for_each(slabinfo_json_one, &w);
		return json_list_finish(&w) != 0;
	}
	console_printf("slabinfo - version: 2.1\n");
	console_printf("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		       " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>"
		       " <num_slabs> <sharedavail>\n");
	kmem_cache_for_each(slabinfo_line, NULL);
	return 0;
}
SHELL_COMMAND("slabinfo", "[--json]", "slab caches, in /proc/slabinfo's format", cmd_slabinfo);
