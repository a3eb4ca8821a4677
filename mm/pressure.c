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
#include <meridian/json.h>
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

struct page *pressure_held_page(enum zone_type zone)
{
	if (list_empty(&held[zone].held))
		return NULL;
	return list_first_entry(&held[zone].held, struct page, lru);
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

/* What one `pressure low|high` found; fill levels in 0.1% steps (permille). */
struct pressure_report {
	struct zone *zone;
	unsigned int target;		/* permille */
	bool already_past;		/* over target before anything was taken */
	int ran_out;			/* the step at which the zone ran dry, or -1 */
	int first_fail[NR_PROBES];	/* the step at which each probe first failed, or -1 */
};

static void print_report(const struct pressure_report *rep)
{
	const struct zone *z = rep->zone;
	char name[40];

	if (rep->already_past) {
		console_printf("pressure: %s is already past %u%%: nothing taken\n", z->name,
			       rep->target / 10);
		return;
	}
	if (rep->ran_out >= 0)
		console_printf("pressure: %s ran out of pages at %d.%d%%\n", z->name,
			       rep->ran_out / 10, rep->ran_out % 10);
	console_printf("  first failed at   allocation\n");
	for (int id = NR_PROBES - 1; id >= 0; id--) {
		probe_name((enum probe_id)id, name, sizeof(name));
		if (rep->first_fail[id] < 0)
			console_printf("            never   %s\n", name);
		else
			console_printf("           %3d.%d%%   %s\n", rep->first_fail[id] / 10,
				       rep->first_fail[id] % 10, name);
	}
	console_printf("pressure: %s: %lu of %lu pages in use, %lu free (%lu KiB); %lu held by "
		       "pressure\n", z->name, zone_used(z), z->managed_pages, z->free_pages,
		       z->free_pages << (PAGE_SHIFT - 10), held[z - zones].nr_held);
}

static void json_step(struct json_writer *w, const char *key, int step)
{
	if (step < 0)
		json_null(w, key);
	else
		json_int(w, key, step);
}

/*
 * pressure low|high PERCENT --json: {"zone", "target_permille",
 * "already_past", "ran_out_permille", "first_failed": [{"allocation",
 * "order" (null: not a block), "permille" (null: never)}] in the table's
 * order, "managed", "used", "free", "free_kb", "held"}.  Fill levels are
 * in permille because JSON numbers here are integers.
 */
static int json_report(const struct pressure_report *rep)
{
	const struct zone *z = rep->zone;
	struct json_writer w;
	char name[40];

	json_console(&w);
	json_object_open(&w, NULL);
	json_string(&w, "zone", z->name);
	json_uint(&w, "target_permille", rep->target);
	json_bool(&w, "already_past", rep->already_past);
	json_step(&w, "ran_out_permille", rep->ran_out);
	json_array_open(&w, "first_failed");
	for (int id = NR_PROBES - 1; id >= 0 && !rep->already_past; id--) {
		probe_name((enum probe_id)id, name, sizeof(name));
		json_object_open(&w, NULL);
		json_string(&w, "allocation", name);
		if (id < MAX_ORDER)
			json_uint(&w, "order", (unsigned int)id);
		else
			json_null(&w, "order");
		json_step(&w, "permille", rep->first_fail[id]);
		json_object_close(&w);
	}
	json_array_close(&w);
	json_uint(&w, "managed", z->managed_pages);
	json_uint(&w, "used", zone_used(z));
	json_uint(&w, "free", z->free_pages);
	json_uint(&w, "free_kb", (u64)z->free_pages << (PAGE_SHIFT - 10));
	json_uint(&w, "held", held[z - zones].nr_held);
	json_object_close(&w);
	return json_finish(&w);
}

/* Fills rep->zone to rep->target permille used, probing at every step on the way. */
static void fill_and_probe(struct pressure_report *rep)
{
	struct zone *z = rep->zone;
	struct pressure_zone *pz = &held[z - zones];
	unsigned int step = (unsigned int)(zone_used(z) * PRESSURE_STEPS / z->managed_pages);

	rep->already_past = step > rep->target;
	rep->ran_out = -1;
	for (int i = 0; i < NR_PROBES; i++)
		rep->first_fail[i] = -1;
	for (; step <= rep->target && !rep->already_past; step++) {
		/* Rounded up: "60%" means at least 60% in use. */
		unsigned long goal = (unsigned long)(((u64)z->managed_pages * step +
						      PRESSURE_STEPS - 1) / PRESSURE_STEPS);
		bool dry = !fill_to(z, pz, goal);

		for (int id = 0; id < NR_PROBES; id++)
			if (rep->first_fail[id] < 0 && !probe(z, (enum probe_id)id))
				rep->first_fail[id] = (int)step;
		if (dry) {
			rep->ran_out = (int)step;
			break;
		}
	}
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

/*
 * A held page the shell has kmapped, or NULL: release refuses then, as free
 * and vfree do, so that no kmap of the shell's outlives the page.  One walk
 * of the held pages, and only when the shell holds kmaps at all.
 */
static struct page *held_and_kmapped(void)
{
	const struct page *mapped[SHELL_KMAP_MAX];
	unsigned int n = 0;
	struct page *page;

	for (const struct shell_alloc *a; n < SHELL_KMAP_MAX &&
	     (a = shell_alloc_get(SHELL_ALLOC_KMAP, n)); n++)
		mapped[n] = a->page;
	for (int zt = 0; n && zt < MAX_NR_ZONES; zt++)
		list_for_each_entry(page, &held[zt].held, lru)
			for (unsigned int i = 0; i < n; i++)
				if (mapped[i] == page)
					return page;
	return NULL;
}

/* pressure release [--json]: {"released": pages}. */
static int pressure_release(bool json)
{
	unsigned long pages = held[ZONE_NORMAL].nr_held + held[ZONE_HIGHMEM].nr_held;
	struct page *mapped = held_and_kmapped();
	struct json_writer w;

	if (mapped) {
		console_printf("pressure: pfn 0x%lx is held by pressure and kmapped by the shell; "
			       "kunmap it first\n", page_to_pfn(mapped));
		return 1;
	}
	release_zone(ZONE_NORMAL);
	release_zone(ZONE_HIGHMEM);
	if (!json) {
		console_printf("pressure: released %lu pages\n", pages);
		return 0;
	}
	json_console(&w);
	json_object_open(&w, NULL);
	json_uint(&w, "released", pages);
	json_object_close(&w);
	return json_finish(&w) != 0;
}

static int pressure_usage(void)
{
	console_printf("usage: pressure low|high PERCENT [--json] (1 to 100) | "
		       "pressure release [--json]\n");
	return 1;
}

static int cmd_pressure(int argc, char **argv)
{
	struct pressure_report rep;
	unsigned long long percent;
	struct zone *z;
	bool json;

	if (shell_take_json(&argc, argv, &json) < 0)
		return 1;
	if (argc == 2 && strcmp(argv[1], "release") == 0)
		return pressure_release(json);
	if (argc != 3 || (strcmp(argv[1], "low") != 0 && strcmp(argv[1], "high") != 0) ||
	    parse_uint(argv[2], 100, &percent) < 0 || percent == 0)
		return pressure_usage();
	z = &zones[argv[1][0] == 'h' ? ZONE_HIGHMEM : ZONE_NORMAL];
	if (!z->managed_pages) {
		console_printf("pressure: this machine has no %s zone\n", z->name ? z->name : "HighMem");
		return 1;
	}
	if (!json)
		console_printf("pressure: %s: %lu pages managed, %lu in use (%lu%%); filling to %llu%%\n",
			       z->name, z->managed_pages, zone_used(z),
			       zone_used(z) * 100 / z->managed_pages, percent);
	rep.zone = z;
	rep.target = (unsigned int)percent * 10;
	fill_and_probe(&rep);
	if (json)
		return json_report(&rep) != 0;
	print_report(&rep);
	return 0;
}
SHELL_COMMAND("pressure", "low|high PERCENT [--json] | release [--json]",
	      "fill lowmem or highmem to PERCENT used and show which allocations fail first",
	      cmd_pressure);
