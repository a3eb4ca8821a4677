/* SPDX-License-Identifier: MIT */
/*
 * Meridian's kernel image.  Linked at PAGE_OFFSET + TEXT_OFFSET and run,
 * once the MMU is on, at the same virtual address whatever the physical
 * load address.  Regions are page aligned so that early boot can map each
 * with its own permissions: text RX, rodata R+XN, init text RX, init and
 * data and bss RW+XN.
 */
#include <asm/memory.h>

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = KERNEL_START;
	_text = .;

	.text : {
		_stext = .;
		KEEP(*(.head.text))
		. = ALIGN(64);
		__idmap_text_start = .;
		*(.idmap.text)
		__idmap_text_end = .;
		. = ALIGN(PAGE_SIZE);
		__vectors_start = .;
		KEEP(*(.vectors))
		. = ALIGN(PAGE_SIZE);
		__vectors_end = .;
		*(.text .text.*)
		*(.glue_7 .glue_7t .vfp11_veneer .v4_bx)
	}
	. = ALIGN(PAGE_SIZE);
	_etext = .;

	__start_rodata = .;
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(4);
		__boot_params_start = .;
		KEEP(*(SORT(.boot_params*)))
		__boot_params_end = .;
		__shell_cmds_start = .;
		KEEP(*(SORT(.shell_cmds*)))
		__shell_cmds_end = .;
		__ktest_suites_start = .;
		KEEP(*(SORT(.ktest_suites*)))
		__ktest_suites_end = .;
		__ksymtab_start = .;
		KEEP(*(.ksymtab))
		__ksymtab_end = .;
		__benchmarks_start = .;
		KEEP(*(.benchmarks))
		__benchmarks_end = .;
		__drivers_start = .;
		KEEP(*(SORT(.drivers.*)))
		__drivers_end = .;
	}
	.ARM.extab : { *(.ARM.extab*) }
	.ARM.exidx : {
		__exidx_start = .;
		*(.ARM.exidx*)
		__exidx_end = .;
	}
	. = ALIGN(PAGE_SIZE);
	__end_rodata = .;

	__init_begin = .;
	.init.text : {
		_sinittext = .;
		*(.init.text .init.text.*)
		_einittext = .;
	}
	. = ALIGN(PAGE_SIZE);
	__init_text_end = .;
	.init.data : {
		*(.init.data .init.data.*)
	}
	. = ALIGN(PAGE_SIZE);
	__init_end = .;

	_sdata = .;
	.data : {
		*(.data .data.*)
	}
	. = ALIGN(8);
	_edata = .;

	/*
	 * The generated symbol table: after all text, so that adding it in
	 * the final link moves no text address; mapped read-only.
	 */
	. = ALIGN(PAGE_SIZE);
	__kallsyms_start = .;
	.kallsyms : { KEEP(*(.kallsyms)) }
	. = ALIGN(PAGE_SIZE);
	__kallsyms_end = .;
	__image_end = .;		/* bytes the loader must load */

	. = ALIGN(PAGE_SIZE);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss.page_aligned)
		*(.bss .bss.* COMMON)
		. = ALIGN(8);
		__bss_stop = .;
	}
	. = ALIGN(PAGE_SIZE);
	_end = .;

	/DISCARD/ : { *(.comment) *(.note*) *(.ARM.attributes) }
}

/* Early boot maps the image with two level-3 tables from PAGE_OFFSET. */
ASSERT(_end - PAGE_OFFSET <= 2 * PMD_SIZE, "image too large for the boot page tables")
/* The identity map is one 2 MiB block around the MMU-enable code. */
ASSERT(__idmap_text_end - PAGE_OFFSET <= PMD_SIZE, "idmap text beyond the first 2 MiB")
ASSERT(__vectors_end - __vectors_start == PAGE_SIZE, "vectors must fill exactly one page")
/*
 * head.S runs its relocation loop from a copy just past the image; when
 * the image moves up, that copy lands in the final .bss, which must be
 * big enough to hold it (the loop is well under a page).
 */
ASSERT(_end - __image_end >= PAGE_SIZE, ".bss too small for head.S's relocation scratch")
