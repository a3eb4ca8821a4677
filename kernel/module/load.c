/* SPDX-License-Identifier: MIT */
/*
 * load_module_image: from a validated ELF image to a live module.  See
 * main.c for the layout and the rules; every failure logs why, undoes
 * everything and returns -errno.
 */
#include <stdio.h>
#include <string.h>

#include <asm/cp15.h>
#include <asm/mmu.h>
#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/module_elf.h>
#include <meridian/slab.h>

#include "module_internal.h"

enum group { G_TEXT, G_RO, G_RW, G_INIT_TEXT, G_INIT_DATA, NR_GROUPS, G_NONE = -1 };

#define MAX_SECTION_SIZE (4UL << 20)

struct load_info {
	struct elf_module elf;
	struct module *mod;
	struct mod_region init;
	int *group;			/* per section */
	u32 *offset;			/* per section, within its group */
	unsigned long gsize[NR_GROUPS];
	unsigned long gbase[NR_GROUPS];	/* run-time address of each group */
	u32 *symval;			/* resolved value of every symbol */
	unsigned long plt_start, plt, plt_end;	/* veneer space after text: first, next free, end */
	u32 *veneer_target;		/* targets of the veneers made so far */
	bool gpl_compatible;		/* may use EXPORT_SYMBOL_GPL symbols */
	unsigned long nveneers;
	char err[128];
};

static bool is_branch(unsigned int type)
{
	return type == R_ARM_CALL || type == R_ARM_JUMP24 || type == R_ARM_PC24 ||
	       type == R_ARM_THM_CALL || type == R_ARM_THM_JUMP24;
}

static enum group section_group(const struct elf_module *e, unsigned int i)
{
	const Elf32_Shdr *s = &e->sechdrs[i];
	const char *name = elf_section_name(e, i);

	if (!(s->sh_flags & SHF_ALLOC) || !strcmp(name, ".modinfo"))
		return G_NONE;
	if (!strncmp(name, ".init", 5))
		return (s->sh_flags & SHF_EXECINSTR) ? G_INIT_TEXT : G_INIT_DATA;
	if (s->sh_flags & SHF_EXECINSTR)
		return G_TEXT;
	return (s->sh_flags & SHF_WRITE) ? G_RW : G_RO;
}

/* Assigns every allocated section an offset in its group; counts branch relocations for veneers. */
static int layout_sections(struct load_info *li)
{
	const struct elf_module *e = &li->elf;
	unsigned long branches = 0;

	for (unsigned int i = 0; i < e->nsec; i++) {
		const Elf32_Shdr *s = &e->sechdrs[i];
		unsigned long align = s->sh_addralign ? s->sh_addralign : 1;
		int g = section_group(e, i);

		li->group[i] = g;
		if (s->sh_type == SHT_REL)
			for (u32 k = 0; k < s->sh_size / sizeof(Elf32_Rel); k++)
				branches += is_branch(ELF32_R_TYPE(
					((const Elf32_Rel *)(e->image + s->sh_offset))[k].r_info));
		if (g == G_NONE)
			continue;
		if ((align & (align - 1)) || align > PAGE_SIZE || s->sh_size > MAX_SECTION_SIZE) {
			snprintf(li->err, sizeof(li->err), "section %s: size 0x%lx or alignment %lu refused",
				 elf_section_name(e, i), (unsigned long)s->sh_size, align);
			return -ENOEXEC;
		}
		li->offset[i] = (u32)ALIGN_UP(li->gsize[g], align);
		li->gsize[g] = li->offset[i] + s->sh_size;
	}
	li->plt = ALIGN_UP(li->gsize[G_TEXT], 8);
	li->gsize[G_TEXT] = li->plt + branches * ELF_VENEER_SIZE;
	li->plt_end = li->gsize[G_TEXT];
	return 0;
}

/* The core area [text | rodata | data] and the init area [init text | init data]. */
static int allocate_areas(struct load_info *li)
{
	struct module *m = li->mod;
	unsigned long text = ALIGN_UP(li->gsize[G_TEXT], PAGE_SIZE);
	unsigned long ro = ALIGN_UP(li->gsize[G_RO], PAGE_SIZE);
	unsigned long itext = ALIGN_UP(li->gsize[G_INIT_TEXT], PAGE_SIZE);
	int err;

	m->text_size = text;
	m->ro_size = ro;
	m->core_size = text + ro + ALIGN_UP(li->gsize[G_RW], PAGE_SIZE);
	err = region_alloc(&m->core, m->core_size);
	if (!err)
		err = region_alloc(&li->init, itext + ALIGN_UP(li->gsize[G_INIT_DATA], PAGE_SIZE));
	if (err) {
		snprintf(li->err, sizeof(li->err), "%s", err == -ENOSPC ? "the module window is full"
									 : "out of memory");
		return err;
	}
	li->gbase[G_TEXT] = m->core.va;
	li->gbase[G_RO] = m->core.va + text;
	li->gbase[G_RW] = m->core.va + text + ro;
	li->gbase[G_INIT_TEXT] = li->init.va;
	li->gbase[G_INIT_DATA] = li->init.va + itext;
	li->plt += m->core.va;
	li->plt_start = li->plt;
	li->plt_end += m->core.va;
	return 0;
}

static unsigned long section_addr(const struct load_info *li, unsigned int i)
{
	return li->gbase[li->group[i]] + li->offset[i];
}

static void copy_sections(struct load_info *li)
{
	const struct elf_module *e = &li->elf;

	for (unsigned int i = 0; i < e->nsec; i++) {
		const Elf32_Shdr *s = &e->sechdrs[i];

		if (li->group[i] != G_NONE && s->sh_type != SHT_NOBITS)
			memcpy((void *)section_addr(li, i), e->image + s->sh_offset, s->sh_size);
	}
}

/* Adds owner to m's dependencies once, taking a use count on it. */
static int add_dependency(struct module *m, struct module *owner)
{
	for (int i = 0; i < m->ndeps; i++)
		if (m->deps[i] == owner)
			return 0;
	if (m->ndeps == MODULE_MAX_DEPS)
		return -E2BIG;
	m->deps[m->ndeps++] = owner;
	owner->refcnt++;
	return 0;
}

/* Every symbol's run-time value; undefined ones from the exports.  Thumb functions keep bit 0. */
static int resolve_symbols(struct load_info *li)
{
	const struct elf_module *e = &li->elf;

	for (unsigned int i = 1; i < e->nsyms; i++) {
		const Elf32_Sym *s = &e->syms[i];
		const char *name = elf_symbol_name(e, s);

		if (s->st_shndx == SHN_UNDEF) {
			struct module *owner;
			const struct kernel_symbol *k = find_symbol(name, &owner);

			if (!k) {
				if (ELF32_ST_BIND(s->st_info) == STB_WEAK)
					continue;	/* an unresolved weak reference is 0 */
				snprintf(li->err, sizeof(li->err), "unknown symbol %s", name);
				return -ENOENT;
			}
			if (k->gpl && !li->gpl_compatible) {
				snprintf(li->err, sizeof(li->err),
					 "%s is exported to GPL-compatible modules only", name);
				return -EPERM;
			}
			if (owner && add_dependency(li->mod, owner) < 0) {
				snprintf(li->err, sizeof(li->err), "more than %d dependencies", MODULE_MAX_DEPS);
				return -E2BIG;
			}
			li->symval[i] = (u32)k->value;
		} else if (s->st_shndx == SHN_ABS) {
			li->symval[i] = s->st_value;
		} else if (s->st_shndx == SHN_COMMON) {
			snprintf(li->err, sizeof(li->err), "common symbol %s (build with -fno-common)", name);
			return -ENOEXEC;
		} else if (s->st_shndx < e->nsec && li->group[s->st_shndx] != G_NONE) {
			li->symval[i] = (u32)section_addr(li, s->st_shndx) + s->st_value;
		}
	}
	return 0;
}

/* The veneer callback: one per distinct target, in the space reserved after text. */
static u32 get_veneer(void *ctx, u32 target, bool thumb_caller)
{
	struct load_info *li = ctx;

	(void)thumb_caller;
	for (unsigned long i = 0; i < li->nveneers; i++)
		if (li->veneer_target[i] == target)
			return (u32)(li->plt_start + i * ELF_VENEER_SIZE);
	if (li->plt + ELF_VENEER_SIZE > li->plt_end)
		return 0;
	elf_write_veneer((u8 *)li->plt, (u32)li->plt, target);
	li->veneer_target[li->nveneers++] = target;
	li->plt += ELF_VENEER_SIZE;
	return (u32)(li->plt - ELF_VENEER_SIZE);
}

static int apply_relocations(struct load_info *li)
{
	const struct elf_module *e = &li->elf;

	for (unsigned int i = 0; i < e->nsec; i++) {
		const Elf32_Shdr *rs = &e->sechdrs[i];
		unsigned int target = rs->sh_info;

		if (rs->sh_type != SHT_REL || target >= e->nsec || li->group[target] == G_NONE)
			continue;
		for (u32 k = 0; k < rs->sh_size / sizeof(Elf32_Rel); k++) {
			const Elf32_Rel *r = (const Elf32_Rel *)(e->image + rs->sh_offset) + k;
			unsigned int sym = ELF32_R_SYM(r->r_info);
			u32 place = (u32)section_addr(li, target) + r->r_offset;
			int err;

			if (r->r_offset > e->sechdrs[target].sh_size - 4 || e->sechdrs[target].sh_size < 4 ||
			    sym >= e->nsyms) {
				snprintf(li->err, sizeof(li->err),
					 "relocation %lu of %s: offset 0x%lx or symbol %u out of range",
					 (unsigned long)k,
					 elf_section_name(e, i), (unsigned long)r->r_offset, sym);
				return -ENOEXEC;
			}
			err = elf_apply_rel(ELF32_R_TYPE(r->r_info), (u8 *)place, place, li->symval[sym],
					    get_veneer, li, li->err, sizeof(li->err));
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* Linux's list of licenses that may use EXPORT_SYMBOL_GPL symbols. */
static bool license_is_gpl_compatible(const char *l, size_t max)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
		"Dual MPL/GPL",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(ok); i++)
		if (strnlen(l, max) == strlen(ok[i]) && !strncmp(l, ok[i], max))
			return true;
	return false;
}

/* name=, license= and the rest of .modinfo, read from the file. */
static int read_modinfo(struct load_info *li)
{
	const struct elf_module *e = &li->elf;
	int idx = elf_find_section(e, ".modinfo");
	const char *p, *end;

	if (idx < 0) {
		snprintf(li->err, sizeof(li->err), "no .modinfo section (not built as a module)");
		return -ENOEXEC;
	}
	p = (const char *)e->image + e->sechdrs[idx].sh_offset;
	end = p + e->sechdrs[idx].sh_size;
	for (; p < end; p += strnlen(p, (size_t)(end - p)) + 1) {
		if (!strncmp(p, "name=", 5) && strnlen(p + 5, (size_t)(end - p - 5)) < MODULE_NAME_LEN)
			memcpy(li->mod->name, p + 5, strnlen(p + 5, (size_t)(end - p - 5)) + 1);
		if (!strncmp(p, "license=", 8))
			li->gpl_compatible = license_is_gpl_compatible(p + 8, (size_t)(end - p - 8));
	}
	if (!li->mod->name[0]) {
		snprintf(li->err, sizeof(li->err), "no name= in .modinfo");
		return -ENOEXEC;
	}
	if (find_module(li->mod->name)) {
		snprintf(li->err, sizeof(li->err), "a module named %s is already loaded", li->mod->name);
		return -EEXIST;
	}
	return 0;
}

/* The section named name, as a run-time array of n entries of esize bytes (NULL if absent). */
static const void *loaded_array(const struct load_info *li, const char *name, size_t esize,
				unsigned int *n)
{
	int idx = elf_find_section(&li->elf, name);

	*n = 0;
	if (idx < 0 || li->group[idx] == G_NONE)
		return NULL;
	*n = (unsigned int)(li->elf.sechdrs[idx].sh_size / esize);
	return (const void *)section_addr(li, (unsigned int)idx);
}

static int set_param(struct load_info *li, const struct module_param *p, const char *val)
{
	struct module *m = li->mod;
	long long v;
	bool b;

	switch (p->type) {
	case MODPARAM_int:
		if (!val || parse_int(val, -2147483647 - 1, 2147483647, &v) < 0)
			return -EINVAL;
		*(int *)p->ptr = (int)v;
		return 0;
	case MODPARAM_bool:
		if (parse_bool(val ? val : "1", &b) < 0)
			return -EINVAL;
		*(bool *)p->ptr = b;
		return 0;
	case MODPARAM_charp: {
		size_t len = val ? strlen(val) : 0;
		char *copy;

		if (m->nstrings == MODULE_MAX_STRINGS || !(copy = kmalloc(len + 1, GFP_KERNEL)))
			return -ENOMEM;
		memcpy(copy, val ? val : "", len + 1);
		m->strings[m->nstrings++] = copy;
		*(char **)p->ptr = copy;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

/* Parameters from the insmod line: name=value, each one the module declared. */
static int parse_params(struct load_info *li, const char *args)
{
	char buf[256], *rest = buf, *param, *val;
	unsigned int n;
	const struct module_param *params = loaded_array(li, ".modparams", sizeof(*params), &n);

	if (strlen(args) >= sizeof(buf)) {
		snprintf(li->err, sizeof(li->err), "parameters longer than %zu bytes", sizeof(buf) - 1);
		return -E2BIG;
	}
	strcpy(buf, args);
	while ((rest = next_arg(rest, &param, &val))) {
		unsigned int i;

		for (i = 0; i < n && strcmp(params[i].name, param); i++)
			;
		if (i == n || set_param(li, &params[i], val) < 0) {
			snprintf(li->err, sizeof(li->err), "%s parameter %s%s%s", i == n ? "unknown" : "bad",
				 param, val ? "=" : "", val ? val : "");
			return -EINVAL;
		}
	}
	return 0;
}

/* Final permissions, then the caches: text must be fetched as written. */
static void protect_and_sync(struct load_info *li)
{
	struct module *m = li->mod;
	unsigned long itext = ALIGN_UP(li->gsize[G_INIT_TEXT], PAGE_SIZE);

	region_protect(&m->core, 0, m->text_size, MMU_KERNEL_RX);
	region_protect(&m->core, m->text_size, m->ro_size, MMU_KERNEL_RO);
	region_protect(&li->init, 0, itext, MMU_KERNEL_RX);
	local_flush_tlb_all();
	flush_icache_range(m->core.va, m->core.va + m->text_size);
	flush_icache_range(li->init.va, li->init.va + itext);
}

static u32 symbol_value(const struct load_info *li, const char *name)
{
	for (unsigned int i = 1; i < li->elf.nsyms; i++)
		if (li->elf.syms[i].st_shndx != SHN_UNDEF &&
		    !strcmp(elf_symbol_name(&li->elf, &li->elf.syms[i]), name))
			return li->symval[i];
	return 0;
}

void module_free(struct module *m)
{
	for (int i = 0; i < m->ndeps; i++)
		m->deps[i]->refcnt--;
	for (int i = 0; i < m->nstrings; i++)
		kfree(m->strings[i]);
	region_free(&m->core);
	kfree(m);
}

static int load_steps(struct load_info *li, const void *image, size_t size, const char *args)
{
	int err = elf_module_parse(&li->elf, image, size);

	if (err < 0) {
		snprintf(li->err, sizeof(li->err), "%s", li->elf.err);
		return err;
	}
	li->group = kzalloc(li->elf.nsec * sizeof(int), GFP_KERNEL);
	li->offset = kzalloc(li->elf.nsec * sizeof(u32), GFP_KERNEL);
	li->symval = kzalloc(li->elf.nsyms * sizeof(u32) + 4, GFP_KERNEL);
	if (!li->group || !li->offset || !li->symval)
		return -ENOMEM;
	if ((err = read_modinfo(li)) || (err = layout_sections(li)))
		return err;
	li->veneer_target = kmalloc((li->plt_end - li->plt) / ELF_VENEER_SIZE * 4 + 4, GFP_KERNEL);
	if (!li->veneer_target)
		return -ENOMEM;
	if ((err = allocate_areas(li)))
		return err;
	copy_sections(li);
	if ((err = resolve_symbols(li)) || (err = apply_relocations(li)) ||
	    (err = parse_params(li, args)))
		return err;
	li->mod->syms = loaded_array(li, ".ksymtab", sizeof(struct kernel_symbol), &li->mod->nsyms);
	li->mod->exit = (void (*)(void))(vaddr_t)symbol_value(li, "cleanup_module");
	protect_and_sync(li);
	return 0;
}

int load_module_image(const void *image, size_t size, const char *args)
{
	struct load_info *li = kzalloc(sizeof(*li), GFP_KERNEL);
	int (*init)(void) = NULL;
	int err;

	if (!li || !(li->mod = kzalloc(sizeof(*li->mod), GFP_KERNEL))) {
		kfree(li);
		return -ENOMEM;
	}
	err = load_steps(li, image, size, args);
	if (!err) {
		init = (int (*)(void))(vaddr_t)symbol_value(li, "init_module");
		err = init ? init() : 0;
		if (err)
			snprintf(li->err, sizeof(li->err), "init failed with %d", err);
	}
	region_free(&li->init);		/* .init sections go once init has run */
	if (err) {
		pr_err("insmod: %s: %s\n", li->mod->name[0] ? li->mod->name : "module", li->err);
		module_free(li->mod);
	} else {
		list_add_tail(&li->mod->list, &modules);
	}
	kfree(li->group);
	kfree(li->offset);
	kfree(li->symval);
	kfree(li->veneer_target);
	kfree(li);
	return err;
}
