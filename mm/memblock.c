/* SPDX-License-Identifier: MIT */
/*
 * memblock: sorted region lists with merge-on-insert; see
 * meridian/memblock.h.  Pure logic (no page tables, no printk), so the
 * host tests run it as it is.
 */
#include <string.h>

#include <meridian/errno.h>
#include <meridian/memblock.h>

#define PHYS_LIMIT_40BIT (1ULL << 40)

struct memblock memblock = {
	.memory = { .name = "memory" },
	.reserved = { .name = "reserved" },
	.current_limit = PHYS_LIMIT_40BIT,
};

void memblock_reset(void)
{
	memset(&memblock, 0, sizeof(memblock));
	memblock.memory.name = "memory";
	memblock.reserved.name = "reserved";
	memblock.current_limit = PHYS_LIMIT_40BIT;
}

static bool range_ok(phys_addr_t base, phys_addr_t size)
{
	return size != 0 && base + size > base && base + size <= PHYS_LIMIT_40BIT;
}

static void region_remove(struct memblock_type *t, unsigned int i)
{
	memmove(&t->regions[i], &t->regions[i + 1], (t->cnt - i - 1) * sizeof(t->regions[0]));
	t->cnt--;
}

/* Insert [base, end), merging every region it overlaps or touches. */
static int type_add(struct memblock_type *t, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned int i = 0;

	if (!range_ok(base, size))
		return -EINVAL;
	while (i < t->cnt && t->regions[i].base + t->regions[i].size < base)
		i++;
	/* Absorb every region from i on that overlaps or touches [base, end). */
	while (i < t->cnt && t->regions[i].base <= end) {
		struct memblock_region *r = &t->regions[i];

		base = MIN(base, r->base);
		end = MAX(end, r->base + r->size);
		region_remove(t, i);
	}
	if (t->cnt == INIT_MEMBLOCK_REGIONS)
		return -ENOSPC;
	memmove(&t->regions[i + 1], &t->regions[i], (t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i].base = base;
	t->regions[i].size = end - base;
	t->cnt++;
	return 0;
}

/* Cut [base, end) out of every region, splitting one that contains it. */
static int type_remove(struct memblock_type *t, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;

	if (!range_ok(base, size))
		return -EINVAL;
	for (unsigned int i = 0; i < t->cnt;) {
		struct memblock_region *r = &t->regions[i];
		phys_addr_t rb = r->base, re = r->base + r->size;

		if (re <= base || rb >= end) {
			i++;
			continue;
		}
		if (rb < base && re > end) {	/* split in two */
			if (t->cnt == INIT_MEMBLOCK_REGIONS)
				return -ENOSPC;
			memmove(&t->regions[i + 1], &t->regions[i],
				(t->cnt - i) * sizeof(t->regions[0]));
			t->cnt++;
			t->regions[i].size = base - rb;
			t->regions[i + 1].base = end;
			t->regions[i + 1].size = re - end;
			return 0;
		}
		if (rb < base) {
			r->size = base - rb;
			i++;
		} else if (re > end) {
			r->base = end;
			r->size = re - end;
			i++;
		} else {
			region_remove(t, i);
		}
	}
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return type_add(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return type_add(&memblock.reserved, base, size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return type_remove(&memblock.memory, base, size);
}

void memblock_enforce_memory_limit(phys_addr_t limit)
{
	phys_addr_t seen = 0;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];

		if (seen + r->size > limit) {
			phys_addr_t cut = r->base + (limit - seen);

			type_remove(&memblock.memory, cut, PHYS_LIMIT_40BIT - cut);
			return;
		}
		seen += r->size;
	}
}

/* The index of the first reserved region ending after addr. */
static unsigned int first_reserved_after(phys_addr_t addr)
{
	unsigned int j = 0;

	while (j < memblock.reserved.cnt &&
	       memblock.reserved.regions[j].base + memblock.reserved.regions[j].size <= addr)
		j++;
	return j;
}

bool memblock_next_free_range(u64 *idx, phys_addr_t *start, phys_addr_t *end)
{
	/* *idx encodes the address where the search resumes. */
	phys_addr_t pos = (phys_addr_t)*idx;

	for (unsigned int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *m = &memblock.memory.regions[i];
		phys_addr_t s = MAX(pos, m->base), e = m->base + m->size;

		while (s < e) {
			unsigned int j = first_reserved_after(s);
			const struct memblock_region *r =
				j < memblock.reserved.cnt ? &memblock.reserved.regions[j] : NULL;

			if (r && r->base <= s) {	/* s is inside a reservation: skip it */
				s = r->base + r->size;
				continue;
			}
			*start = s;
			*end = r ? MIN(e, r->base) : e;
			*idx = *end;
			return true;
		}
	}
	return false;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				      phys_addr_t end)
{
	phys_addr_t best = 0, fs, fe;
	u64 idx = 0;

	if (memblock.retired || size == 0 || align == 0 || (align & (align - 1)))
		return 0;
	end = MIN(end, memblock.current_limit);
	while (memblock_next_free_range(&idx, &fs, &fe)) {	/* the last fit wins: top-down */
		phys_addr_t lo = MAX(fs, start), hi = MIN(fe, end), cand;

		if (hi <= lo || hi - lo < size)
			continue;
		cand = ALIGN_DOWN(hi - size, align);
		if (cand >= lo && cand != 0)
			best = cand;
	}
	if (best && memblock_reserve(best, size) < 0)
		return 0;
	return best;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0, PHYS_LIMIT_40BIT);
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *t = &memblock.memory;

	return t->cnt ? t->regions[t->cnt - 1].base + t->regions[t->cnt - 1].size : 0;
}

static phys_addr_t type_size(const struct memblock_type *t)
{
	phys_addr_t total = 0;

	for (unsigned int i = 0; i < t->cnt; i++)
		total += t->regions[i].size;
	return total;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return type_size(&memblock.memory);
}

phys_addr_t memblock_reserved_size(void)
{
	return type_size(&memblock.reserved);
}

static bool type_contains(const struct memblock_type *t, phys_addr_t addr)
{
	for (unsigned int i = 0; i < t->cnt; i++)
		if (addr >= t->regions[i].base && addr - t->regions[i].base < t->regions[i].size)
			return true;
	return false;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return type_contains(&memblock.memory, addr);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return type_contains(&memblock.reserved, addr);
}
