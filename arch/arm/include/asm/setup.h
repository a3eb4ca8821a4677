/* SPDX-License-Identifier: MIT */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <meridian/fdt.h>

/* Validates and maps the DTB, starts the console, prints the banner, parses bootargs. */
void setup_arch(u32 dtb_phys, u32 machine_id);


#endif /* ASM_SETUP_H */
