/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for kernel/module/elf.c and kernel/module/reloc.c.
 *
 * Each input is copied to an exact-size heap buffer and parsed. On
 * success every section and symbol name is walked and every REL entry
 * whose target section and offset are in range is applied to a scratch
 * copy of the image, as the loader would, with fake addresses: sections
 * at 0x10000000 + index * 64 KiB, undefined symbols far away (so branches
 * need the veneer, which the callback puts at 0x10000000). Whatever the
 * outcome, the last 12 bytes of the input also drive one raw
 * elf_apply_rel() (type, P, S and the place) and elf_write_veneer(), so
 * the relocation arithmetic sees arbitrary instructions too.
 *
 * Invariants (broken ones abort, which libFuzzer reports): parse failures
 * and relocation failures carry a message; relocations return only 0,
 * -ENOEXEC or -ERANGE and only write their 4-byte place; names are
 * bounded strings; elf_find_section() finds each section's own name.
 */
#include "meridian/errno.h"
#include "meridian/module_elf.h"
#include "meridian/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define SECTION_BASE 0x10000000u
#define SECTION_STRIDE 0x10000u
#define UNDEF_BASE 0x80000000u
#define VENEER_ADDR 0x10000000u

static u32 fake_veneer(void *ctx, u32 target, bool thumb_caller)
{
	(void)ctx;
	(void)target;
	(void)thumb_caller;
	return VENEER_ADDR;
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* Apply one relocation to a 4-byte window of buf at loc; checks the contract. */
static void apply_checked(unsigned int type, u8 *loc, u32 P, u32 S)
{
	char err[96];
	u8 before[4];
	int ret;

	memcpy(before, loc, 4);
	err[0] = 0;
	ret = elf_apply_rel(type, loc, P, S, fake_veneer, NULL, err, sizeof(err));
	REQUIRE(ret == 0 || ret == -ENOEXEC || ret == -ERANGE);
	REQUIRE(memchr(err, 0, sizeof(err)) != NULL);
	if (ret) {
		REQUIRE(err[0] != 0);
		REQUIRE(memcmp(before, loc, 4) == 0);	/* failures leave the place alone */
	}
	if (ret == 0 && (type == R_ARM_CALL || type == R_ARM_JUMP24 || type == R_ARM_PC24))
		REQUIRE((le32(loc) & 0x0e000000) == 0x0a000000);	/* still B/BL/BLX */
	if (ret == 0 && (type == R_ARM_THM_CALL || type == R_ARM_THM_JUMP24))
		REQUIRE((loc[1] & 0xf8) == 0xf0 && (loc[3] & 0x80));	/* still BL/BLX/B.W */
}

/* The fake run-time value of symbol idx. */
static u32 fake_symbol(const struct elf_module *m, unsigned int idx)
{
	const Elf32_Sym *sym = &m->syms[idx];

	if (sym->st_shndx == SHN_UNDEF)
		return (UNDEF_BASE + idx * 16) | (idx & 1);	/* odd: a Thumb function */
	if (sym->st_shndx == SHN_ABS)
		return sym->st_value;
	return SECTION_BASE + sym->st_shndx * SECTION_STRIDE + sym->st_value;
}

static void relocate_section(const struct elf_module *m, unsigned int rs, u8 *scratch)
{
	const Elf32_Shdr *sh = &m->sechdrs[rs], *t;
	const Elf32_Rel *rel;
	unsigned int i, n;

	REQUIRE(sh->sh_info < m->nsec && sh->sh_link == m->symtab_idx);
	t = &m->sechdrs[sh->sh_info];
	if (t->sh_type == SHT_NOBITS)
		return;
	rel = (const Elf32_Rel *)(m->image + sh->sh_offset);
	n = sh->sh_size / sizeof(*rel);
	for (i = 0; i < n; i++) {
		u32 off = rel[i].r_offset, sym = ELF32_R_SYM(rel[i].r_info);

		REQUIRE(sym < m->nsyms);
		if (off > t->sh_size || t->sh_size - off < 4)
			continue;	/* only R_ARM_NONE may get here */
		apply_checked(ELF32_R_TYPE(rel[i].r_info), scratch + t->sh_offset + off,
			      SECTION_BASE + sh->sh_info * SECTION_STRIDE + off, fake_symbol(m, sym));
	}
}

static void walk_module(const struct elf_module *m)
{
	unsigned int i;
	u8 *scratch;

	for (i = 0; i <= m->nsec; i++) {
		const char *name = elf_section_name(m, i);
		int found;

		(void)strlen(name);
		if (i == 0 || i == m->nsec)
			continue;
		found = elf_find_section(m, name);
		REQUIRE(found >= 1 && (unsigned int)found <= i);
		REQUIRE(strcmp(elf_section_name(m, (unsigned int)found), name) == 0);
	}
	for (i = 0; i < m->nsyms; i++)
		(void)strlen(elf_symbol_name(m, &m->syms[i]));
	scratch = malloc(m->size ? m->size : 1);
	REQUIRE(scratch);
	memcpy(scratch, m->image, m->size);
	for (i = 0; i < m->nsec; i++)
		if (m->sechdrs[i].sh_type == SHT_REL)
			relocate_section(m, i, scratch);
	free(scratch);
}

/* The last 12 bytes: type, P (bytes 1-4), S (4-7, overlapping), place (8-11). */
static void raw_reloc(const u8 *data, size_t size)
{
	const u8 *t = data + size - 12;
	u8 *place = malloc(4), *veneer = malloc(ELF_VENEER_SIZE);

	REQUIRE(place && veneer);
	memcpy(place, t + 8, 4);
	apply_checked(t[0], place, le32(t + 1), le32(t + 4));
	elf_write_veneer(veneer, le32(t + 1) & ~3u, le32(t + 4));
	REQUIRE(le32(veneer + 4) == le32(t + 4));
	free(place);
	free(veneer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_module m;
	u8 *buf = malloc(size ? size : 1);

	REQUIRE(buf);
	if (size)
		memcpy(buf, data, size);
	if (elf_module_parse(&m, buf, size) == 0) {
		REQUIRE(m.err[0] == 0 && m.nsec && m.syms && m.strtab && m.secstrings);
		walk_module(&m);
	} else {
		REQUIRE(m.err[0] != 0 && memchr(m.err, 0, sizeof(m.err)));
	}
	if (size >= 12)
		raw_reloc(buf, size);
	free(buf);
	return 0;
}
