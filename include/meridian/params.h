/* SPDX-License-Identifier: MIT */
/*
 * Boot arguments: handlers registered with early_param() in a linker
 * section, dispatched once from the DT's /chosen/bootargs.
 */
#ifndef MERIDIAN_PARAMS_H
#define MERIDIAN_PARAMS_H

#include <meridian/args.h>

#define COMMAND_LINE_SIZE 1024	/* as Linux ARM */

/* The command line as the boot loader gave it (possibly truncated). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/*
 * early_param("name", fn): fn(val, ctx) runs when name[=val] is on the
 * command line.  It reports bad values itself (pr_warn) and returns 0,
 * or returns a negative errno to have the argument reported as malformed.
 */
#define early_param(str, fn)							\
	static const struct boot_param __boot_param_##fn			\
		__attribute__((used, section(".boot_params"), aligned(4))) = {	\
			.name = str, .setup = fn,				\
		}

/* Copies cmdline into boot_command_line and runs every handler; unknowns are logged. */
void parse_boot_params(const char *cmdline);

#endif /* MERIDIAN_PARAMS_H */
