/* SPDX-License-Identifier: MIT */
/*
 * The console shell.  Subsystems add commands with SHELL_COMMAND(); the
 * registry is a linker section, so adding one touches no shared table.
 */
#ifndef MERIDIAN_SHELL_H
#define MERIDIAN_SHELL_H

#include <meridian/types.h>

#define SHELL_MAX_ARGS 16
#define SHELL_LINE_MAX 256

struct shell_command {
	const char *name;
	const char *usage;	/* arguments, e.g. "[CMD]" */
	const char *help;	/* one line */
	/* Returns 0 on success; anything else fails the command (and --exec). */
	int (*fn)(int argc, char **argv);
};

#define SHELL_COMMAND(cmd_name, cmd_usage, cmd_help, cmd_fn)			\
	static const struct shell_command __shell_cmd_##cmd_fn			\
		__attribute__((used, section(".shell_cmds"), aligned(4))) = {	\
			.name = cmd_name, .usage = cmd_usage,			\
			.help = cmd_help, .fn = cmd_fn,			\
		}

const struct shell_command *shell_find(const char *name);

/* Prints "usage: NAME USAGE" from the registry, so that no command repeats its usage. */
void shell_usage(const char *name);

/*
 * shell_take_json - takes --json out of a command's arguments, for a
 * command with positional arguments too: "va2pa --json ADDR" and
 * "va2pa ADDR --json" are the same.  Removes every "--json" from argv
 * (the rest keep their order; argv[*argc] is NULL afterwards) and sets
 * *json.  Returns 0, or -EINVAL after printing the command's usage when
 * another word starts with "--": --json is the only option.
 */
int shell_take_json(int *argc, char **argv, bool *json);

/*
 * shell_parse_json - the arguments of a command whose one option is
 * --json (a table, or the same data as one JSON object).  Sets *json;
 * returns 0, or -EINVAL after printing the usage for anything else.
 */
int shell_parse_json(int argc, char **argv, bool *json);

/*
 * Commands added at run time (by modules); cmd must stay valid until
 * unregistered.  0, -EINVAL for a command that lacks a name, usage, help
 * or function, or whose name is empty or holds a space (it could not be
 * typed), -EEXIST for a name taken, -ENOSPC when the table is full.
 */
int shell_register(const struct shell_command *cmd);
void shell_unregister(const struct shell_command *cmd);

/*
 * Runs one line: ';'-separated commands, each split into words.
 * Returns the number of commands that failed (unknown ones included).
 */
int shell_run_line(const char *line);

/* Interactive loop on the console; returns when a command asks to exit. */
void shell_interactive(void) __noreturn;

/* Runs the shell.exec= script, if any, then powers off with its status. */
bool shell_exec_pending(void);
void shell_exec_and_power_off(void) __noreturn;

#endif /* MERIDIAN_SHELL_H */
