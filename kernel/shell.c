/* SPDX-License-Identifier: MIT */
/*
 * Console shell: a line editor (printable bytes and backspace; anything
 * else is ignored), ';' command lists, and the core commands.  Command
 * lines are parsed by kernel/args.c, so quoting works as in the boot
 * arguments.
 *
 * Out of scope: history, arrows and completion (the workbench issue).
 */
#include <string.h>

#include <meridian/args.h>
#include <meridian/kernel.h>
#include <meridian/params.h>
#include <meridian/shell.h>
#include <meridian/timer.h>

#define SHELL_MAX_COMMANDS 32
#define PROMPT "meridian# "
#define SHELL_POLL_MS 10

extern const struct shell_command __shell_cmds_start[], __shell_cmds_end[];

#define SHELL_MAX_DYNAMIC 16

static const char *exec_script;
static const struct shell_command *dynamic_cmds[SHELL_MAX_DYNAMIC];

const struct shell_command *shell_find(const char *name)
{
	for (const struct shell_command *c = __shell_cmds_start; c < __shell_cmds_end; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	for (int i = 0; i < SHELL_MAX_DYNAMIC; i++)
		if (dynamic_cmds[i] && strcmp(dynamic_cmds[i]->name, name) == 0)
			return dynamic_cmds[i];
	return NULL;
}

int shell_register(const struct shell_command *cmd)
{
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
	int n, failed = 0;

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
	for (int i = 0; i < n; i++)
		failed += run_command(cmds[i]);
	return failed;
}

/* Reads one line with echo; backspace/DEL erase, other control bytes are ignored. */
static void read_line(char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		int c = console_getc();

		if (c < 0) {
			msleep(SHELL_POLL_MS);	/* polled UART: let other threads run */
			continue;
		}
		if (c == '\r' || c == '\n') {
			console_write("\n", 1);
			buf[len] = '\0';
			return;
		}
		if ((c == 0x7f || c == '\b') && len > 0) {
			len--;
			console_write("\b \b", 3);
		} else if (c >= 0x20 && c < 0x7f && len + 1 < size) {
			buf[len++] = (char)c;
			console_write((const char *)&buf[len - 1], 1);
		}
	}
}

void shell_interactive(void)
{
	char line[SHELL_LINE_MAX];

	console_printf("Type 'help' for the list of commands.\n");
	for (;;) {
		console_printf(PROMPT);
		read_line(line, sizeof(line));
		shell_run_line(line);
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

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;

	if (argc > 1) {
		c = shell_find(argv[1]);
		if (!c) {
			console_printf("help: %s: unknown command\n", argv[1]);
			return 1;
		}
		console_printf("usage: %s %s\n  %s\n", c->name, c->usage, c->help);
		return 0;
	}
	/* Alphabetical: repeatedly pick the smallest name after the last one printed. */
	for (const char *last = ""; ; ) {
		const struct shell_command *next = NULL;

		for (c = __shell_cmds_start; c < __shell_cmds_end; c++)
			if (strcmp(c->name, last) > 0 && (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			return 0;
		console_printf("  %-12s %s\n", next->name, next->help);
		last = next->name;
	}
}
SHELL_COMMAND("help", "[CMD]", "list commands, or show how to use one", cmd_help);

static int cmd_bootargs(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("%s\n", boot_command_line);
	return 0;
}
SHELL_COMMAND("bootargs", "", "print the kernel command line", cmd_bootargs);

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("Power down\n");
	machine_power_off(EXIT_OK);
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
