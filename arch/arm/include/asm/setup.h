/* SPDX-License-Identifier: MIT */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <meridian/fdt.h>

/* Validates and maps the DTB, starts the console, prints the banner, parses bootargs. */
void setup_arch(u32 dtb_phys, u32 machine_id);

/*
 * secondary_park (head.S) - where cores other than the boot core stay:
 * entered at its physical address with the MMU off, in any mode; masks
 * interrupts and waits in WFI forever.  Never returns.
 */
void secondary_park(void) __attribute__((noreturn));


#endif /* ASM_SETUP_H */
