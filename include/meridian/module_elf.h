/* SPDX-License-Identifier: MIT */
/*
 * ELF32 ARM relocatable objects (ET_REL): validation, section and symbol
 * access, and the relocation arithmetic the module loader applies.
 * Pure logic over a buffer: the host unit tests and the fuzzer run it as
 * it is; the loader (kernel/module/main.c) does placement and symbols.
 */
#ifndef MERIDIAN_MODULE_ELF_H
#define MERIDIAN_MODULE_ELF_H

#include <meridian/types.h>

/* ELF32 structures (System V ABI, ARM ELF supplement). */
typedef struct {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	u32 sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info,
		sh_addralign, sh_entsize;
} Elf32_Shdr;

typedef struct {
	u32 st_name, st_value, st_size;
	u8 st_info, st_other;
	u16 st_shndx;
} Elf32_Sym;

typedef struct {
	u32 r_offset, r_info;
} Elf32_Rel;

#define ET_REL 1
#define EM_ARM 40
#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_NOBITS 8
#define SHT_REL 9
#define SHT_ARM_EXIDX 0x70000001
#define SHT_ARM_ATTRIBUTES 0x70000003
#define SHF_WRITE 0x1
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_ABS 0xfff1
#define SHN_COMMON 0xfff2
#define STB_LOCAL 0
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STT_FUNC 2
#define ELF32_R_SYM(i) ((i) >> 8)
#define ELF32_R_TYPE(i) ((u8)(i))
#define ELF32_ST_BIND(i) ((i) >> 4)
#define ELF32_ST_TYPE(i) ((i) & 0xf)

/* ARM relocation types (AAELF, table 4-8). */
#define R_ARM_NONE 0
#define R_ARM_PC24 1
#define R_ARM_ABS32 2
#define R_ARM_REL32 3
#define R_ARM_CALL 28
#define R_ARM_JUMP24 29
#define R_ARM_THM_JUMP24 30
#define R_ARM_TARGET1 38
#define R_ARM_V4BX 40
#define R_ARM_PREL31 42
#define R_ARM_MOVW_ABS_NC 43
#define R_ARM_MOVT_ABS 44
#define R_ARM_MOVW_PREL_NC 45
#define R_ARM_MOVT_PREL 46
#define R_ARM_THM_MOVW_ABS_NC 47
#define R_ARM_THM_MOVT_ABS 48
#define R_ARM_THM_CALL 10

/* A validated view of an ET_REL image in memory. */
struct elf_module {
	const u8 *image;
	size_t size;
	const Elf32_Ehdr *ehdr;
	const Elf32_Shdr *sechdrs;	/* e_shnum entries, all bounds-checked */
	unsigned int nsec;
	const char *secstrings;		/* section names (shstrtab), NUL-terminated within bounds */
	size_t secstrings_size;
	unsigned int symtab_idx;	/* the one SHT_SYMTAB section */
	const Elf32_Sym *syms;
	unsigned int nsyms;
	const char *strtab;		/* the symtab's string table */
	size_t strtab_size;
	char err[128];			/* why elf_module_parse failed */
};

/*
 * elf_module_parse - validate everything the loader will touch: ident
 * (ELFCLASS32, ELFDATA2LSB, EV_CURRENT), ET_REL, EM_ARM, header sizes,
 * the section header table and every section's [offset, offset + size)
 * (SHT_NOBITS excepted) inside the image, section name offsets, exactly
 * one SHT_SYMTAB with a valid SHT_STRTAB link, symbol name offsets and
 * section indices (SHN_UNDEF, SHN_ABS or < nsec), every SHT_REL section's
 * sh_link == symtab and sh_info a valid target section, entsize 8, and
 * overlapping file ranges of allocated sections, and a .modinfo (if any)
 * with file bytes ending in a NUL.  Returns 0 or -ENOEXEC with m->err set.
 */
int elf_module_parse(struct elf_module *m, const void *image, size_t size);

/* Section name and symbol name (never NULL: "" when out of range). */
const char *elf_section_name(const struct elf_module *m, unsigned int idx);
const char *elf_symbol_name(const struct elf_module *m, const Elf32_Sym *sym);
/* The section index named name, or -1. */
int elf_find_section(const struct elf_module *m, const char *name);

/*
 * elf_apply_rel - apply one REL relocation at loc (the place, already in
 * its final memory, whose run-time address is P) for symbol value S
 * (bit 0 set for a Thumb function).  Addend from the place, as REL does.
 * For out-of-range branches (R_ARM_CALL/JUMP24/PC24/THM_CALL/THM_JUMP24)
 * the veneer callback is asked for a veneer address that reaches S from
 * P (NULL callback or 0 result: -ERANGE).  Returns 0, -ENOEXEC for an
 * unknown type (err names it), -ERANGE for a value that does not fit.
 *
 * Details (kernel/module/reloc.c): a branch to S with bit 0 clear is taken
 * to be ARM code, so a Thumb BL to it becomes BLX; AAELF does no
 * interworking for non-STT_FUNC symbols, so for those the loader passes
 * bit 0 equal to the caller's state (set for R_ARM_THM_*).  The callback
 * returns the 4-byte aligned address `at` of a veneer it wrote with
 * elf_write_veneer(); ARM callers branch to at, Thumb callers to at + 8.
 * -ENOEXEC (err says why) also when the place does not hold the
 * instruction the type applies to.  On failure the place is unchanged.
 */
typedef u32 (*elf_veneer_fn)(void *ctx, u32 target, bool thumb_caller);
int elf_apply_rel(unsigned int type, u8 *loc, u32 P, u32 S, elf_veneer_fn veneer, void *ctx,
		  char *err, size_t errsize);

/*
 * Writes a veneer (12 bytes) at loc (run-time address at, 4-byte aligned)
 * that jumps to target (ARM or Thumb): ARM entry at at, Thumb entry at at + 8.
 */
void elf_write_veneer(u8 *loc, u32 at, u32 target);
#define ELF_VENEER_SIZE 12

#endif /* MERIDIAN_MODULE_ELF_H */
