/* SPDX-License-Identifier: MIT */
/*
 * va2pa: an address translated by a software walk of the live tables and
 * by the MMU itself, side by side.
 *
 * The hardware's answer comes from ATS1CPR (stage 1, PL1, read), which
 * leaves a 64-bit PAR when TTBCR.EAE is set (DDI 0406C B4.1.113):
 *
 *   success (F = 0):
 *    63    56 55  40 39                 12 11  10  9  8  7 6    1 0
 *   +--------+------+---------------------+----+--+--+-----+------+-+
 *   |  ATTR  | RES0 |      PA[39:12]      |LPAE|ID|NS| SH  | RES0 |0|
 *   +--------+------+---------------------+----+--+--+-----+------+-+
 *   fault (F = 1):
 *    63                                 12 11  10  9    8   7 6    1 0
 *   +-------------------------------------+----+--+-----+-----+-+-----+-+
 *   |                RES0                 |LPAE|  |STAGE|S2WLK| | FST |1|
 *   +-------------------------------------+----+--+-----+-----+-+-----+-+
 *
 * ATTR is the MAIR byte the translation used; FST is a DFSR STATUS code
 * (fault class and level).
 */
#include <asm/cp15.h>
#include <asm/mmu.h>
#include <asm/ptdump.h>
#include <asm/traps.h>
#include <meridian/args.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/shell.h>
#include <meridian/spinlock.h>

#define PAR_F (ULL(1) << 0)
#define PAR_FST_SHIFT 1
#define PAR_FST_MASK ULL(0x3f)
#define PAR_SH_SHIFT 7
#define PAR_NS (ULL(1) << 9)
#define PAR_LPAE (ULL(1) << 11)
#define PAR_PA_MASK PTE_ADDR_MASK	/* [39:12] */
#define PAR_ATTR_SHIFT 56

/* The MAIR byte for an AttrIndx, from the live MAIR0/MAIR1. */
static u8 mair_byte(unsigned int idx)
{
	u32 mair = idx < 4 ? read_mair0() : read_mair1();

	return (u8)(mair >> (8 * (idx & 3)));
}

static u64 hw_translate(vaddr_t va)
{
	write_ats1cpr(va);
	isb();
	return read_par64();
}

static void decode_par(struct va2pa *r)
{
	r->hw_mapped = !(r->par & PAR_F);
	if (r->hw_mapped) {
		r->hw_pa = (r->par & PAR_PA_MASK) | (r->va & ~PAGE_MASK);
		r->hw_attr = (u8)(r->par >> PAR_ATTR_SHIFT);
	} else {
		r->hw_fst = (u32)((r->par >> PAR_FST_SHIFT) & PAR_FST_MASK);
	}
}

void mmu_va2pa(vaddr_t va, struct va2pa *r)
{
	unsigned long flags;

	r->va = va;
	local_irq_save(flags);
	mmu_walk(va, &r->sw);
	r->par = hw_translate(va);
	local_irq_restore(flags);

	decode_par(r);
	r->sw_fault_level = -1;
	if (r->sw.mapped)
		r->sw_attr = mair_byte((unsigned int)((r->sw.desc[r->sw.levels - 1] &
						       PTE_ATTRINDX_MASK) >> 2));
	else if (r->sw.levels > 0)
		r->sw_fault_level = r->sw.first_level + r->sw.levels - 1;

	if (r->sw.mapped && r->hw_mapped)
		r->agree = r->sw.pa == r->hw_pa && r->sw_attr == r->hw_attr;
	else if (!r->sw.mapped && !r->hw_mapped)
		r->agree = fsr_is_translation(r->hw_fst) && fsr_level(r->hw_fst) == r->sw_fault_level;
	else
		r->agree = false;
}

/* --- shell --- */

static const char *desc_kind(pteval_t d, int level)
{
	if (!desc_valid(d))
		return "invalid";
	if (desc_is_table(d, level))
		return "table";
	if (desc_is_leaf(d, level))
		return level == 3 ? "page" : "block";
	return "reserved";	/* 0b01 at level 3 */
}

static void print_walk(const struct va2pa *r)
{
	static const char *const names[] = { "", "pgd", "pmd", "pte" };
	const struct mmu_walk *w = &r->sw;

	console_printf("  walk: %s, from level %d\n", w->ttbr1 ? "TTBR1" : "TTBR0", w->first_level);
	for (int i = 0; i < w->levels; i++) {
		int level = w->first_level + i;
		pteval_t d = w->desc[i];

		console_printf("  level %d: *%s @ 0x%010llx = 0x%016llx  %s", level, names[level],
			       (unsigned long long)w->table[i], (unsigned long long)d,
			       desc_kind(d, level));
		if (desc_is_leaf(d, level))
			console_printf(" %s %s %s %s", d & PTE_USER ? "USR" : "kernel",
				       d & PTE_RDONLY ? "ro" : "RW",
				       ptdump_is_exec(d & PTDUMP_ATTR_MASK) ? "x" : "NX",
				       ptdump_mem_type((unsigned int)((d & PTE_ATTRINDX_MASK) >> 2)));
		if (desc_valid(d))
			console_printf(" -> 0x%010llx", (unsigned long long)desc_phys(d, level));
		console_printf("\n");
	}
}

static void print_results(const struct va2pa *r)
{
	if (r->sw.mapped)
		console_printf("  software: 0x%08lx -> 0x%010llx (%s, MAIR attr 0x%02x)\n",
			       (unsigned long)r->va, (unsigned long long)r->sw.pa,
			       r->sw.leaf_level == 3 ? "4K page" :
			       r->sw.leaf_level == 2 ? "2M block" : "1G block", r->sw_attr);
	else if (r->sw_fault_level >= 0)
		console_printf("  software: translation fault (level %d)\n", r->sw_fault_level);
	else
		console_printf("  software: cannot walk (a table outside lowmem)\n");

	if (r->hw_mapped)
		console_printf("  hardware: PAR 0x%016llx -> 0x%010llx (ATTR 0x%02x, SH %u, NS %u)\n",
			       (unsigned long long)r->par, (unsigned long long)r->hw_pa, r->hw_attr,
			       (unsigned int)((r->par >> PAR_SH_SHIFT) & 3),
			       (unsigned int)!!(r->par & PAR_NS));
	else
		console_printf("  hardware: PAR 0x%016llx -> %s (level %d)\n",
			       (unsigned long long)r->par, fsr_class_name(r->hw_fst),
			       fsr_level(r->hw_fst));
}

/*
 * va2pa --json: {"va", "ttbr", "first_level", "walk": [{"level", "table",
 * "desc", "kind", "pa" (valid ones), "user", "rw", "x", "type" (leaves)}],
 * "software": {"mapped": true, "pa", "size", "attr"} or {"mapped": false,
 * "fault", "level"}, "hardware": {"par", "mapped": true, "pa", "attr", "sh",
 * "ns"} or {"par", "mapped": false, "fault", "level"}, "agree"}.
 */
static void json_walk(struct json_writer *w, const struct mmu_walk *sw)
{
	json_array_open(w, "walk");
	for (int i = 0; i < sw->levels; i++) {
		int level = sw->first_level + i;
		pteval_t d = sw->desc[i];

		json_object_open(w, NULL);
		json_int(w, "level", level);
		json_uint(w, "table", sw->table[i]);
		json_uint(w, "desc", d);
		json_string(w, "kind", desc_kind(d, level));
		if (desc_valid(d))
			json_uint(w, "pa", desc_phys(d, level));
		if (desc_is_leaf(d, level)) {
			json_bool(w, "user", d & PTE_USER);
			json_bool(w, "rw", !(d & PTE_RDONLY));
			json_bool(w, "x", ptdump_is_exec(d & PTDUMP_ATTR_MASK));
			json_string(w, "type",
				    ptdump_mem_type((unsigned int)((d & PTE_ATTRINDX_MASK) >> 2)));
		}
		json_object_close(w);
	}
	json_array_close(w);
}

static void json_software(struct json_writer *w, const struct va2pa *r)
{
	json_object_open(w, "software");
	json_bool(w, "mapped", r->sw.mapped);
	if (r->sw.mapped) {
		json_uint(w, "pa", r->sw.pa);
		json_uint(w, "size", ptdump_level_size(r->sw.leaf_level));
		json_uint(w, "attr", r->sw_attr);
	} else if (r->sw_fault_level >= 0) {
		json_string(w, "fault", "translation fault");
		json_int(w, "level", r->sw_fault_level);
	} else {
		json_string(w, "fault", "table outside lowmem");
		json_null(w, "level");
	}
	json_object_close(w);
}

static void json_hardware(struct json_writer *w, const struct va2pa *r)
{
	json_object_open(w, "hardware");
	json_uint(w, "par", r->par);
	json_bool(w, "mapped", r->hw_mapped);
	if (r->hw_mapped) {
		json_uint(w, "pa", r->hw_pa);
		json_uint(w, "attr", r->hw_attr);
		json_uint(w, "sh", (r->par >> PAR_SH_SHIFT) & 3);
		json_bool(w, "ns", r->par & PAR_NS);
	} else {
		json_string(w, "fault", fsr_class_name(r->hw_fst));
		if (fsr_level(r->hw_fst) >= 0)
			json_int(w, "level", fsr_level(r->hw_fst));
		else
			json_null(w, "level");
	}
	json_object_close(w);
}

static int va2pa_json(const struct va2pa *r)
{
	struct json_writer w;

	json_console(&w);
	json_object_open(&w, NULL);
	json_uint(&w, "va", r->va);
	json_int(&w, "ttbr", r->sw.ttbr1 ? 1 : 0);
	json_int(&w, "first_level", r->sw.first_level);
	json_walk(&w, &r->sw);
	json_software(&w, r);
	json_hardware(&w, r);
	json_bool(&w, "agree", r->agree);
	json_object_close(&w);
	return json_finish(&w);
}

/* va2pa ADDR [--json]: fails (status 1) when the two translations disagree. */
static int cmd_va2pa(int argc, char **argv)
{
	unsigned long long va;
	struct va2pa r;
	bool json;

	if (shell_take_json(&argc, argv, &json) < 0)
		return 1;
	if (argc != 2 || parse_uint(argv[1], 0xffffffffULL, &va) < 0) {
		console_printf("usage: va2pa ADDR [--json] (ADDR: a 32-bit virtual address)\n");
		return 1;
	}
	mmu_va2pa((vaddr_t)va, &r);
	if (json)
		return va2pa_json(&r) != 0 || !r.agree;
	console_printf("va2pa 0x%08lx:\n", (unsigned long)r.va);
	print_walk(&r);
	print_results(&r);
	console_printf("  %s\n", r.agree ? "agree" : "DISAGREE");
	return !r.agree;
}
SHELL_COMMAND("va2pa", "ADDR [--json]",
	      "translate ADDR by a software walk and by the MMU (ATS1CPR/PAR), side by side",
	      cmd_va2pa);
