/* SPDX-License-Identifier: MIT */
/*
 * `pressure low|high PERCENT`: fill a zone, one page at a time, until
 * PERCENT of its managed pages are in use, and record at which fill
 * level each of a set of allocations first fails.  `pressure release`
 * gives every page back.
 *
 * Pages are taken one at a time, as a busy system would take them, so
 * the buddy allocator splits its smallest blocks first and the picture
 * of "what fails first" is the realistic one: the big orders.  The pages
 * held are chained through their own struct page lru (an allocated
 * block's head is the owner's to use), so holding 4 million of them
 * costs no memory.
 *
 * Out of scope: reclaim (there is none), fragmentation patterns other
 * than the allocator's own.
 */
#include <stdio.h>
#include <string.h>

#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/memcmds.h>
#include <meridian/mm.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>

#define PRESSURE_STEPS 1000	/* probe every 0.1% of the zone */
#define PROBE_VMALLOC_SIZE (64UL << 10)

enum probe_id {
	PROBE_ORDER_0,	/* PROBE_ORDER_0 + n: one order-n block from the zone */
	PROBE_KMALLOC_64 = MAX_ORDER,
	PROBE_KMALLOC_4K,
	PROBE_VMALLOC_64K,
	NR_PROBES
};

struct pressure_zone {
	struct list_head held;		/* order-0 pages, through page->lru */
	unsigned long nr_held;
};

static struct pressure_zone held[MAX_NR_ZONES] = {
	{ LIST_HEAD_INIT(held[0].held), 0 },
	{ LIST_HEAD_INIT(held[1].held), 0 },
};

unsigned long pressure_held_pages(enum zone_type zone)
{
	return held[zone].nr_held;
}

static unsigned long zone_used(const struct zone *z)
{
	return z->managed_pages - z->free_pages;
}

/* Takes pages from z until 'goal' are in use; false when the zone runs dry first. */
static bool fill_to(struct zone *z, struct pressure_zone *pz, unsigned long goal)
{
	while (zone_used(z) < goal) {
		struct page *page = zone_alloc_pages(z, 0);

		if (!page)
			return false;
		list_add(&page->lru, &pz->held);
		pz->nr_held++;
	}
	return true;
}

static bool probe_order(struct zone *z, unsigned int order)
{
	struct page *page = zone_alloc_pages(z, order);

	if (page)
		__free_pages(page, order);
	return page != NULL;
}

/* Does this allocation still succeed?  Each probe gives back what it took. */
static bool probe(struct zone *z, enum probe_id id)
{
	void *p;

	if (id < MAX_ORDER)
		return probe_order(z, id);
	if (id == PROBE_VMALLOC_64K) {
		p = vmalloc(PROBE_VMALLOC_SIZE);
		vfree(p);
		return p != NULL;
	}
	p = kmalloc(id == PROBE_KMALLOC_64 ? 64 : 4096, GFP_KERNEL | __GFP_NOWARN);
	kfree(p);
	return p != NULL;
}

static void probe_name(enum probe_id id, char *buf, size_t size)
{
	if (id < MAX_ORDER)
		snprintf(buf, size, "order-%u block (%lu KiB)", (unsigned int)id,
			 (PAGE_SIZE << id) >> 10);
	else
		snprintf(buf, size, "%s", id == PROBE_KMALLOC_64 ? "kmalloc(64)" :
			 id == PROBE_KMALLOC_4K ? "kmalloc(4096)" : "vmalloc(64K)");
}

static void print_report(const struct zone *z, const int first_fail[NR_PROBES])
{
	char name[40];

	console_printf("  first failed at   allocation\n");
	for (int id = NR_PROBES - 1; id >= 0; id--) {
		probe_name((enum probe_id)id, name, sizeof(name));
		if (first_fail[id] < 0)
			console_printf("            never   %s\n", name);
		else
			console_printf("           %3d.%d%%   %s\n", first_fail[id] / 10,
				       first_fail[id] % 10, name);
	}
	console_printf("pressure: %s: %lu of %lu pages in use, %lu free (%lu KiB); %lu held by "
		       "pressure\n", z->name, zone_used(z), z->managed_pages, z->free_pages,
		       z->free_pages << (PAGE_SHIFT - 10), held[z - zones].nr_held);
}

/* Fills z to permille/1000 used, probing at every step on the way. */
static void fill_and_probe(struct zone *z, unsigned int target)
{
	struct pressure_zone *pz = &held[z - zones];
	int first_fail[NR_PROBES];
	unsigned int step = (unsigned int)(zone_used(z) * PRESSURE_STEPS / z->managed_pages);

	if (step > target) {
		console_printf("pressure: %s is already past %u%%: nothing taken\n", z->name,
			       target / 10);
		return;
	}
	for (int i = 0; i < NR_PROBES; i++)
		first_fail[i] = -1;
	for (; step <= target; step++) {
		/* Rounded up: "60%" means at least 60% in use. */
		unsigned long goal = (unsigned long)(((u64)z->managed_pages * step +
						      PRESSURE_STEPS - 1) / PRESSURE_STEPS);
		bool dry = !fill_to(z, pz, goal);

		for (int id = 0; id < NR_PROBES; id++)
			if (first_fail[id] < 0 && !probe(z, (enum probe_id)id))
				first_fail[id] = (int)step;
		if (dry) {
			console_printf("pressure: %s ran out of pages at %u.%u%%\n", z->name,
				       step / 10, step % 10);
			break;
		}
	}
	print_report(z, first_fail);
}

static void release_zone(enum zone_type zt)
{
	struct pressure_zone *pz = &held[zt];

	while (!list_empty(&pz->held)) {
		struct page *page = list_first_entry(&pz->held, struct page, lru);

		list_del(&page->lru);
		__free_pages(page, 0);
		pz->nr_held--;
	}
	zone_drain_pcp(&zones[zt]);
}

static int pressure_release(void)
{
	unsigned long pages = held[ZONE_NORMAL].nr_held + held[ZONE_HIGHMEM].nr_held;

	release_zone(ZONE_NORMAL);
	release_zone(ZONE_HIGHMEM);
	console_printf("pressure: released %lu pages\n", pages);
	return 0;
}

static int cmd_pressure(int argc, char **argv)
{
	unsigned long long percent;
	struct zone *z;

	if (argc == 2 && strcmp(argv[1], "release") == 0)
		return pressure_release();
	if (argc != 3 || (strcmp(argv[1], "low") != 0 && strcmp(argv[1], "high") != 0) ||
	    parse_uint(argv[2], 100, &percent) < 0 || percent == 0) {
		console_printf("usage: pressure low|high PERCENT (1 to 100) | pressure release\n");
		return 1;
	}
	z = &zones[argv[1][0] == 'h' ? ZONE_HIGHMEM : ZONE_NORMAL];
	if (!z->managed_pages) {
		console_printf("pressure: this machine has no %s zone\n", z->name ? z->name : "HighMem");
		return 1;
	}
	console_printf("pressure: %s: %lu pages managed, %lu in use (%lu%%); filling to %llu%%\n",
		       z->name, z->managed_pages, zone_used(z),
		       zone_used(z) * 100 / z->managed_pages, percent);
	fill_and_probe(z, (unsigned int)percent * 10);
	return 0;
}
SHELL_COMMAND("pressure", "low|high PERCENT | release",
	      "fill lowmem or highmem to PERCENT used and show which allocations fail first",
	      cmd_pressure);
