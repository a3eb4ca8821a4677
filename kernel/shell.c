/* SPDX-License-Identifier: MIT */
/*
 * Console shell: the line editor (kernel/line_edit.c: arrows, history,
 * Tab completion of command names), ';' command lists, and the core
 * commands.  Command lines are parsed by kernel/args.c, so quoting works
 * as in the boot arguments.  A command fails by returning non-zero; a
 * line's status is the number of its commands that failed, and
 * shell.exec= powers off with 1 when that is not 0 (also through a
 * poweroff in the list).
 *
 * Out of scope: variables, pipes, && and ||.
 */
#include <string.h>

#include <meridian/args.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/line_edit.h>
#include <meridian/params.h>
#include <meridian/shell.h>
#include <meridian/timer.h>

#define SHELL_MAX_COMMANDS 32
#define PROMPT "meridian# "
#define SHELL_POLL_MS 10

extern const struct shell_command __shell_cmds_start[], __shell_cmds_end[];

#define SHELL_MAX_DYNAMIC 16

_Static_assert(SHELL_LINE_MAX == LINE_EDIT_MAX, "the editor holds exactly one shell line");

static const char *exec_script;
static int line_failed;		/* commands of the running line that failed so far */
static const struct shell_command *dynamic_cmds[SHELL_MAX_DYNAMIC];
static struct line_history history;	/* 4 KiB: static, the shell runs once */

/*
 * shell_next_command - walks every command, built-in then registered:
 * start with *pos = 0; returns NULL at the end.  No lock: commands are
 * registered at boot or by insmod/rmmod, which run in the shell's own
 * thread, never during a walk.
 */
static const struct shell_command *shell_next_command(unsigned int *pos)
{
	unsigned int nr_static = (unsigned int)(__shell_cmds_end - __shell_cmds_start);

	while (*pos < nr_static + SHELL_MAX_DYNAMIC) {
		unsigned int i = (*pos)++;

		if (i < nr_static)
			return &__shell_cmds_start[i];
		if (dynamic_cmds[i - nr_static])
			return dynamic_cmds[i - nr_static];
	}
	return NULL;
}

const struct shell_command *shell_find(const char *name)
{
	const struct shell_command *c;
	unsigned int pos = 0;

	while ((c = shell_next_command(&pos)))
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void shell_usage(const char *name)
{
	const struct shell_command *c = shell_find(name);

	console_printf("usage: %s %s\n", name, c ? c->usage : "");
}

/*
 * Every "--json" goes, wherever it is; any other word that starts with
 * "--" is an option no command knows.  Positional arguments never start
 * with "--" (addresses, sizes, paths of the initramfs, keywords).
 */
int shell_take_json(int *argc, char **argv, bool *json)
{
	int kept = 1;

	*json = false;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			*json = true;
			continue;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			console_printf("%s: unknown option %s\n", argv[0], argv[i]);
			shell_usage(argv[0]);
			return -EINVAL;
		}
		argv[kept++] = argv[i];
	}
	argv[kept] = NULL;
	*argc = kept;
	return 0;
}

int shell_parse_json(int argc, char **argv, bool *json)
{
	if (shell_take_json(&argc, argv, json) < 0)
		return -EINVAL;
	if (argc == 1)
		return 0;
	shell_usage(argv[0]);
	return -EINVAL;
}

/* A command from a module is checked before help, Tab and --json walk it. */
static bool command_valid(const struct shell_command *cmd)
{
	if (!cmd || !cmd->name || !cmd->usage || !cmd->help || !cmd->fn || !*cmd->name)
		return false;
	for (const char *c = cmd->name; *c; c++)
		if (*c <= ' ' || *c >= 0x7f || *c == ';' || *c == '"' || *c == '\\')
			return false;
	return true;
}

int shell_register(const struct shell_command *cmd)
{
	if (!command_valid(cmd))
		return -EINVAL;
	if (shell_find(cmd->name))
		return -EEXIST;
	for (int i = 0; i < SHELL_MAX_DYNAMIC; i++) {
		if (!dynamic_cmds[i]) {
			dynamic_cmds[i] = cmd;
			return 0;
		}
	}
	return -ENOSPC;
}

void shell_unregister(const struct shell_command *cmd)
{
	for (int i = 0; i < SHELL_MAX_DYNAMIC; i++)
		if (dynamic_cmds[i] == cmd)
			dynamic_cmds[i] = NULL;
}

static int run_command(char *cmd)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_command *c;
	int argc = make_argv(cmd, argv, SHELL_MAX_ARGS);

	if (argc == -E2BIG) {
		console_printf("error: more than %d words\n", SHELL_MAX_ARGS);
		return 1;
	}
	if (argc < 0) {
		console_printf("error: unterminated quote or trailing backslash\n");
		return 1;
	}
	if (argc == 0)
		return 0;
	c = shell_find(argv[0]);
	if (!c) {
		console_printf("%s: unknown command (try 'help')\n", argv[0]);
		return 1;
	}
	return c->fn(argc, argv) != 0;
}

int shell_run_line(const char *line)
{
	char buf[SHELL_LINE_MAX];
	char *cmds[SHELL_MAX_COMMANDS];
	size_t len = strnlen(line, sizeof(buf));
	int n;

	if (len == sizeof(buf)) {
		console_printf("error: line longer than %d bytes\n", SHELL_LINE_MAX - 1);
		return 1;
	}
	memcpy(buf, line, len + 1);
	n = split_commands(buf, cmds, SHELL_MAX_COMMANDS);
	if (n == -E2BIG) {
		console_printf("error: more than %d commands on one line\n", SHELL_MAX_COMMANDS);
		return 1;
	}
	if (n < 0) {
		console_printf("error: unterminated quote\n");
		return 1;
	}
	line_failed = 0;
	for (int i = 0; i < n; i++)
		line_failed += run_command(cmds[i]);
	return line_failed;
}

static void console_sink(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	console_write(s, n);
}

/* Tab completion: every command whose name starts with prefix[0..len). */
static void complete_command(const char *prefix, size_t len,
			     void (*emit)(const char *name, void *ctx), void *ctx)
{
	const struct shell_command *c;
	unsigned int pos = 0;

	while ((c = shell_next_command(&pos)))
		if (strncmp(c->name, prefix, len) == 0)
			emit(c->name, ctx);
}

/* Reads one edited line into le->buf; polls, because the UART is polled. */
static void read_line(struct line_edit *le)
{
	line_edit_begin(le);
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			msleep(SHELL_POLL_MS);	/* let other threads run */
			continue;
		}
		if (line_edit_feed(le, (unsigned char)c))
			return;
	}
}

void shell_interactive(void)
{
	static struct line_edit le;	/* two lines' worth: off the thread's stack */

	console_printf("Type 'help' for the list of commands.\n");
	line_edit_init(&le, PROMPT, &history, complete_command, console_sink, NULL);
	for (;;) {
		read_line(&le);
		shell_run_line(le.buf);
	}
}

/* shell.exec="CMD; CMD": run at boot instead of the interactive shell, then power off. */
static int setup_exec(const char *val, void *ctx)
{
	(void)ctx;
	if (!val || !*val)
		return -EINVAL;
	exec_script = val;
	return 0;
}
early_param("shell.exec", setup_exec);

bool shell_exec_pending(void)
{
	return exec_script != NULL;
}

void shell_exec_and_power_off(void)
{
	int failed;

	console_printf(PROMPT "%s\n", exec_script);
	failed = shell_run_line(exec_script);
	console_printf("shell: %d command(s) failed; powering off\n", failed);
	machine_power_off(failed ? EXIT_FAILURE : EXIT_OK);
}

/* The command whose name comes first after last's (start with ""); NULL after the last one. */
static const struct shell_command *shell_next_by_name(const char *last)
{
	const struct shell_command *c, *next = NULL;
	unsigned int pos = 0;

	while ((c = shell_next_command(&pos)))
		if (strcmp(c->name, last) > 0 && (!next || strcmp(c->name, next->name) < 0))
			next = c;
	return next;
}

/* help --json: {"commands": [{"name", "usage", "help"}]}, in the same order as help. */
static int help_json(void)
{
	struct json_writer w;

	json_console_list(&w, "commands");
	for (const struct shell_command *c = shell_next_by_name(""); c;
	     c = shell_next_by_name(c->name)) {
		json_object_open(&w, NULL);
		json_string(&w, "name", c->name);
		json_string(&w, "usage", c->usage);
		json_string(&w, "help", c->help);
		json_object_close(&w);
	}
	return json_list_finish(&w);
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;
	bool json;

	if (shell_take_json(&argc, argv, &json) < 0)
		return 1;
	if (argc > 2 || (json && argc > 1)) {
		shell_usage(argv[0]);
		return 1;
	}
	if (json)
		return help_json() != 0;
	if (argc > 1) {
		c = shell_find(argv[1]);
		if (!c) {
			console_printf("help: %s: unknown command\n", argv[1]);
			return 1;
		}
		console_printf("usage: %s %s\n  %s\n", c->name, c->usage, c->help);
		return 0;
	}
	/* Alphabetical, so that module commands fall into place. */
	for (c = shell_next_by_name(""); c; c = shell_next_by_name(c->name))
		console_printf("  %-12s %s\n", c->name, c->help);
	return 0;
}
SHELL_COMMAND("help", "[CMD | --json]", "list commands, or show how to use one", cmd_help);

static int cmd_bootargs(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("%s\n", boot_command_line);
	return 0;
}
SHELL_COMMAND("bootargs", "", "print the kernel command line", cmd_bootargs);

/*
 * In shell.exec= the exit status still says whether a command failed:
 * "nosuch; poweroff" must not look like a clean run to the script.
 */
static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (exec_script && line_failed)
		console_printf("shell: %d command(s) failed; powering off\n", line_failed);
	console_printf("Power down\n");
	machine_power_off(exec_script && line_failed ? EXIT_FAILURE : EXIT_OK);
}
SHELL_COMMAND("poweroff", "", "power the machine off", cmd_poweroff);

static void dmesg_line(const char *line, size_t len, void *ctx)
{
	(void)ctx;
	console_write(line + 1, len - 1);	/* skip the stored level digit */
}

static int cmd_dmesg(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_for_each_line(dmesg_line, NULL);
	return 0;
}
SHELL_COMMAND("dmesg", "", "print the kernel log buffer", cmd_dmesg);
