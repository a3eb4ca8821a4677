/* SPDX-License-Identifier: MIT */
/*
 * ELF32 ARM relocatable object validation and lookup (see
 * include/meridian/module_elf.h for the contract).
 *
 * Safety model: the image is hostile until elf_module_parse() returns 0.
 * Every offset and size from the file is checked against the image with
 * "off > size || len > size - off", which cannot overflow; counts are
 * multiplied in 64 bits. After a successful parse every section header,
 * every non-NOBITS section's bytes, both string tables and .modinfo
 * (NUL-terminated at their last byte), every symbol and every REL entry (symbol index and
 * the 4-byte place inside the target section) are in bounds, so the loader
 * may index them without further checks. The name lookups still check
 * their arguments: a bogus index gives "", never a wild read.
 *
 * The structures are read in place, so the image must be 4-byte aligned
 * and so must the section header table, the symbol table and every REL
 * section (as any assembler lays them out).
 *
 * Built both for the kernel (freestanding, no allocation, no global
 * state; reentrant, nothing sleeps) and for the host tests and fuzzer.
 *
 * Out of scope: program headers, ET_EXEC/ET_DYN, big-endian and ELF64
 * objects, extended section numbering (e_shnum == 0), SHT_RELA (ARM uses
 * REL; a RELA section is rejected rather than silently ignored) and
 * SHN_COMMON symbols (build modules with -fno-common, as Linux asks).
 */
#include "meridian/errno.h"
#include "meridian/module_elf.h"
#include "meridian/types.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Message arguments for %u and %x, whatever u32 is on the target */
#define UI(v) ((unsigned int)(v))

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define SHN_XINDEX 0xffff

/* Record why the image was rejected; returns -ENOEXEC. */
static int __attribute__((format(printf, 2, 3)))
elf_fail(struct elf_module *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

/* True if [off, off + len) lies inside an image of size bytes. */
static bool elf_in_image(size_t size, u64 off, u64 len)
{
	return off <= size && len <= size - off;
}

/* True for 0 and powers of two (sh_addralign's legal values). */
static bool elf_align_ok(u32 a)
{
	return (a & (a - 1)) == 0;
}

static bool elf_has_file_bytes(const Elf32_Shdr *sh)
{
	return sh->sh_type != SHT_NOBITS;
}

/* ---- name lookups: safe on any index or symbol ---- */

const char *elf_section_name(const struct elf_module *m, unsigned int idx)
{
	u32 off;

	if (!m->sechdrs || !m->secstrings || idx >= m->nsec)
		return "";
	off = m->sechdrs[idx].sh_name;
	return off < m->secstrings_size ? m->secstrings + off : "";
}

const char *elf_symbol_name(const struct elf_module *m, const Elf32_Sym *sym)
{
	if (!sym || !m->strtab || sym->st_name >= m->strtab_size)
		return "";
	return m->strtab + sym->st_name;
}

int elf_find_section(const struct elf_module *m, const char *name)
{
	unsigned int i;

	if (!name)
		return -1;
	/* Section 0 is SHT_NULL; start after it, as Linux's find_sec() does. */
	for (i = 1; i < m->nsec; i++)
		if (strcmp(elf_section_name(m, i), name) == 0)
			return (int)i;
	return -1;
}

/* ---- validation ---- */

/*
 * elf_check_ident - an ELF32 little-endian ARM relocatable object, in a
 * 4-byte aligned image big enough for the ELF header. Sets m->ehdr.
 * Returns 0 or -ENOEXEC.
 */
static int elf_check_ident(struct elf_module *m)
{
	const Elf32_Ehdr *eh;

	if (m->size < sizeof(Elf32_Ehdr))
		return elf_fail(m, "image of %zu bytes is too small for an ELF header", m->size);
	if ((uintptr_t)m->image & 3)
		return elf_fail(m, "image is not 4-byte aligned in memory");
	eh = (const Elf32_Ehdr *)m->image;
	m->ehdr = eh;
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return elf_fail(m, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return elf_fail(m, "not ELF32 (class %u)", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_fail(m, "not little-endian (data encoding %u)", eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return elf_fail(m, "ELF version %u is not 1", eh->e_ident[EI_VERSION]);
	if (eh->e_version != EV_CURRENT)
		return elf_fail(m, "ELF version %u is not 1", UI(eh->e_version));
	if (eh->e_type != ET_REL)
		return elf_fail(m, "type %u is not ET_REL (relocatable)", eh->e_type);
	if (eh->e_machine != EM_ARM)
		return elf_fail(m, "machine %u is not ARM", eh->e_machine);
	return 0;
}

/*
 * elf_check_ehdr - header sizes and the section header table inside the
 * image. Sets m->sechdrs and m->nsec. Returns 0 or -ENOEXEC.
 */
static int elf_check_ehdr(struct elf_module *m)
{
	const Elf32_Ehdr *eh = m->ehdr;

	if (eh->e_ehsize < sizeof(Elf32_Ehdr))
		return elf_fail(m, "ELF header size %u is smaller than %zu", eh->e_ehsize,
				sizeof(Elf32_Ehdr));
	if (eh->e_shnum == 0)
		return elf_fail(m, "no section headers (extended numbering is not supported)");
	if (eh->e_shentsize != sizeof(Elf32_Shdr))
		return elf_fail(m, "section header size %u is not %zu", eh->e_shentsize,
				sizeof(Elf32_Shdr));
	if (eh->e_shoff & 3)
		return elf_fail(m, "section header table offset 0x%x is not 4-byte aligned",
				UI(eh->e_shoff));
	if (!elf_in_image(m->size, eh->e_shoff, (u64)eh->e_shnum * sizeof(Elf32_Shdr)))
		return elf_fail(m, "section header table (%u entries at 0x%x) extends past "
				"the end of the file", eh->e_shnum, UI(eh->e_shoff));
	m->sechdrs = (const Elf32_Shdr *)(m->image + eh->e_shoff);
	m->nsec = eh->e_shnum;
	return 0;
}

/*
 * elf_check_strtab - section idx is an SHT_STRTAB inside the image whose
 * last byte is NUL, so every offset below its size names a bounded
 * string. what names the table in messages. Returns 0 or -ENOEXEC.
 */
static int elf_check_strtab(struct elf_module *m, unsigned int idx, const char *what)
{
	const Elf32_Shdr *sh = &m->sechdrs[idx];

	if (sh->sh_type != SHT_STRTAB)
		return elf_fail(m, "%s (section %u) has type %u, not SHT_STRTAB", what, idx,
				UI(sh->sh_type));
	if (!elf_in_image(m->size, sh->sh_offset, sh->sh_size))
		return elf_fail(m, "%s (section %u) extends past the end of the file", what, idx);
	if (sh->sh_size == 0 || m->image[sh->sh_offset + sh->sh_size - 1] != '\0')
		return elf_fail(m, "%s (section %u) is not NUL-terminated", what, idx);
	return 0;
}

/* elf_check_shstrtab - the section name table. Sets m->secstrings. */
static int elf_check_shstrtab(struct elf_module *m)
{
	unsigned int idx = m->ehdr->e_shstrndx;
	int ret;

	if (idx == SHN_XINDEX)
		return elf_fail(m, "extended section name table index is not supported");
	if (idx == SHN_UNDEF || idx >= m->nsec)
		return elf_fail(m, "section name table index %u is invalid (only %u sections)", idx,
				m->nsec);
	ret = elf_check_strtab(m, idx, "section name table");
	if (ret)
		return ret;
	m->secstrings = (const char *)m->image + m->sechdrs[idx].sh_offset;
	m->secstrings_size = m->sechdrs[idx].sh_size;
	return 0;
}

/*
 * elf_check_section_headers - per section: name offset inside the name
 * table, file bytes inside the image (SHT_NOBITS excepted), a legal
 * alignment, no SHT_RELA; and exactly one SHT_SYMTAB (m->symtab_idx).
 */
static int elf_check_section_headers(struct elf_module *m)
{
	unsigned int i, nsymtab = 0;

	for (i = 0; i < m->nsec; i++) {
		const Elf32_Shdr *sh = &m->sechdrs[i];
		const char *name = elf_section_name(m, i);

		if (sh->sh_name >= m->secstrings_size)
			return elf_fail(m, "section %u name offset %u is past the end of the "
					"section name table (%zu bytes)",
					i, UI(sh->sh_name), m->secstrings_size);
		if (elf_has_file_bytes(sh) && !elf_in_image(m->size, sh->sh_offset, sh->sh_size))
			return elf_fail(m, "section %u (%s) extends past the end of the file", i, name);
		if (!elf_align_ok(sh->sh_addralign))
			return elf_fail(m, "section %u (%s) alignment %u is not a power of two",
					i, name, UI(sh->sh_addralign));
		if (sh->sh_type == SHT_RELA)
			return elf_fail(m, "section %u (%s) is SHT_RELA; ARM objects use SHT_REL",
					i, name);
		if (sh->sh_type != SHT_SYMTAB)
			continue;
		if (nsymtab++)
			return elf_fail(m, "more than one symbol table (sections %u and %u)",
					m->symtab_idx, i);
		m->symtab_idx = i;
	}
	if (!nsymtab)
		return elf_fail(m, "no symbol table");
	return 0;
}

/*
 * elf_check_symtab - the symbol table's layout and its string table.
 * Sets m->syms, m->nsyms, m->strtab. Returns 0 or -ENOEXEC.
 */
static int elf_check_symtab(struct elf_module *m)
{
	const Elf32_Shdr *sh = &m->sechdrs[m->symtab_idx];
	unsigned int i = m->symtab_idx;
	int ret;

	if (sh->sh_entsize != sizeof(Elf32_Sym))
		return elf_fail(m, "symbol table (section %u) entry size %u is not %zu", i,
				UI(sh->sh_entsize), sizeof(Elf32_Sym));
	if (sh->sh_size % sizeof(Elf32_Sym))
		return elf_fail(m, "symbol table (section %u) size %u is not a multiple of %zu", i,
				UI(sh->sh_size), sizeof(Elf32_Sym));
	if (sh->sh_offset & 3)
		return elf_fail(m, "symbol table (section %u) offset 0x%x is not 4-byte aligned", i,
				UI(sh->sh_offset));
	if (sh->sh_link == SHN_UNDEF || sh->sh_link >= m->nsec)
		return elf_fail(m, "symbol table (section %u) links to string table %u "
				"(only %u sections)",
				i, UI(sh->sh_link), m->nsec);
	ret = elf_check_strtab(m, sh->sh_link, "symbol string table");
	if (ret)
		return ret;
	m->syms = (const Elf32_Sym *)(m->image + sh->sh_offset);
	m->nsyms = sh->sh_size / sizeof(Elf32_Sym);
	m->strtab = (const char *)m->image + m->sechdrs[sh->sh_link].sh_offset;
	m->strtab_size = m->sechdrs[sh->sh_link].sh_size;
	return 0;
}

/* elf_check_symbols - every symbol's name offset and section index. */
static int elf_check_symbols(struct elf_module *m)
{
	unsigned int i;

	for (i = 0; i < m->nsyms; i++) {
		const Elf32_Sym *sym = &m->syms[i];
		unsigned int shndx = sym->st_shndx;

		if (sym->st_name >= m->strtab_size)
			return elf_fail(m, "symbol %u name offset %u is past the end of the "
					"string table (%zu bytes)",
					i, UI(sym->st_name), m->strtab_size);
		if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx < m->nsec)
			continue;
		if (shndx == SHN_COMMON)
			return elf_fail(m, "symbol %u (%s) is a common symbol; build with -fno-common",
					i, elf_symbol_name(m, sym));
		return elf_fail(m, "symbol %u (%s) has section index %u (only %u sections)", i,
				elf_symbol_name(m, sym), shndx, m->nsec);
	}
	return 0;
}

/*
 * elf_check_rel_entries - every entry of REL section idx names a symbol
 * in the table, and (except R_ARM_NONE, which touches nothing) its 4-byte
 * place lies inside the target section. Returns 0 or -ENOEXEC.
 */
static int elf_check_rel_entries(struct elf_module *m, unsigned int idx)
{
	const Elf32_Shdr *sh = &m->sechdrs[idx];
	const Elf32_Rel *rel = (const Elf32_Rel *)(m->image + sh->sh_offset);
	u32 target_size = m->sechdrs[sh->sh_info].sh_size;
	unsigned int i, n = sh->sh_size / sizeof(Elf32_Rel);

	for (i = 0; i < n; i++) {
		u32 sym = ELF32_R_SYM(rel[i].r_info);

		if (sym >= m->nsyms)
			return elf_fail(m, "relocation %u in section %u (%s) uses symbol %u "
					"(only %u symbols)",
					i, idx, elf_section_name(m, idx), UI(sym), m->nsyms);
		if (ELF32_R_TYPE(rel[i].r_info) == R_ARM_NONE)
			continue;
		if (!elf_in_image(target_size, rel[i].r_offset, 4))
			return elf_fail(m, "relocation %u in section %u (%s) at offset 0x%x is "
					"outside section %u (%u bytes)",
					i, idx, elf_section_name(m, idx), UI(rel[i].r_offset),
					UI(sh->sh_info), UI(target_size));
	}
	return 0;
}

/* elf_check_rel_sections - every SHT_REL section's header and entries. */
static int elf_check_rel_sections(struct elf_module *m)
{
	unsigned int i;
	int ret;

	for (i = 0; i < m->nsec; i++) {
		const Elf32_Shdr *sh = &m->sechdrs[i];
		const char *name = elf_section_name(m, i);

		if (sh->sh_type != SHT_REL)
			continue;
		if (sh->sh_link != m->symtab_idx)
			return elf_fail(m, "relocation section %u (%s) links to section %u, "
					"not the symbol table (section %u)",
					i, name, UI(sh->sh_link), m->symtab_idx);
		if (sh->sh_info == SHN_UNDEF || sh->sh_info >= m->nsec)
			return elf_fail(m, "relocation section %u (%s) targets section %u", i, name,
					UI(sh->sh_info));
		if (sh->sh_entsize != sizeof(Elf32_Rel))
			return elf_fail(m, "relocation section %u (%s) entry size %u is not %zu",
					i, name, UI(sh->sh_entsize), sizeof(Elf32_Rel));
		if (sh->sh_size % sizeof(Elf32_Rel) || (sh->sh_offset & 3))
			return elf_fail(m, "relocation section %u (%s) size %u or offset 0x%x "
					"is misaligned",
					i, name, UI(sh->sh_size), UI(sh->sh_offset));
		ret = elf_check_rel_entries(m, i);
		if (ret)
			return ret;
	}
	return 0;
}

/* Section i takes file bytes in the loaded image (allocated, not NOBITS, not empty). */
static bool elf_alloc_bytes(const struct elf_module *m, unsigned int i)
{
	const Elf32_Shdr *sh = &m->sechdrs[i];

	return (sh->sh_flags & SHF_ALLOC) && elf_has_file_bytes(sh) && sh->sh_size;
}

/* Report the first pair of allocated sections whose file ranges overlap. */
static int elf_find_overlap(struct elf_module *m)
{
	unsigned int i, j;

	for (i = 0; i < m->nsec; i++) {
		const Elf32_Shdr *a = &m->sechdrs[i];

		if (!elf_alloc_bytes(m, i))
			continue;
		for (j = i + 1; j < m->nsec; j++) {
			const Elf32_Shdr *b = &m->sechdrs[j];

			if (!elf_alloc_bytes(m, j))
				continue;
			/* Both ranges are inside the image: the sums cannot wrap. */
			if (a->sh_offset < b->sh_offset + b->sh_size &&
			    b->sh_offset < a->sh_offset + a->sh_size)
				return elf_fail(m, "sections %u (%s) and %u (%s) overlap in the file",
						i, elf_section_name(m, i), j, elf_section_name(m, j));
		}
	}
	return 0;
}

/*
 * elf_check_overlap - no two allocated sections share file bytes.
 * Assemblers lay sections out in header order, so first try the linear
 * proof: each allocated section starts at or after the end of the one
 * before it. Only if that fails (out of order, or a real overlap) fall back
 * to comparing all pairs, which is quadratic but only for odd files.
 */
static int elf_check_overlap(struct elf_module *m)
{
	u64 prev_end = 0;
	unsigned int i;

	for (i = 0; i < m->nsec; i++) {
		const Elf32_Shdr *sh = &m->sechdrs[i];

		if (!elf_alloc_bytes(m, i))
			continue;
		if (sh->sh_offset < prev_end)
			return elf_find_overlap(m);
		prev_end = (u64)sh->sh_offset + sh->sh_size;
	}
	return 0;
}

/*
 * elf_check_modinfo - .modinfo, when there is one, is read as strings
 * (name=, license=, the modinfo command): its bytes must be in the file
 * (not SHT_NOBITS) and, unless it is empty, end in a NUL.
 */
static int elf_check_modinfo(struct elf_module *m)
{
	int idx = elf_find_section(m, ".modinfo");
	const Elf32_Shdr *sh;

	if (idx < 0)
		return 0;
	sh = &m->sechdrs[idx];
	if (!elf_has_file_bytes(sh))
		return elf_fail(m, ".modinfo (section %d) has no bytes in the file", idx);
	if (sh->sh_size && m->image[sh->sh_offset + sh->sh_size - 1] != '\0')
		return elf_fail(m, ".modinfo (section %d) is not NUL-terminated", idx);
	return 0;
}

int elf_module_parse(struct elf_module *m, const void *image, size_t size)
{
	int ret;

	memset(m, 0, sizeof(*m));
	m->image = image;
	m->size = size;
	if (!image)
		return elf_fail(m, "no image");
	ret = elf_check_ident(m);
	if (!ret)
		ret = elf_check_ehdr(m);
	if (!ret)
		ret = elf_check_shstrtab(m);
	if (!ret)
		ret = elf_check_section_headers(m);
	if (!ret)
		ret = elf_check_symtab(m);
	if (!ret)
		ret = elf_check_symbols(m);
	if (!ret)
		ret = elf_check_rel_sections(m);
	if (!ret)
		ret = elf_check_overlap(m);
	if (!ret)
		ret = elf_check_modinfo(m);
	return ret;
}
