/* SPDX-License-Identifier: MIT */
/* Boot argument dispatch: see meridian/params.h. */
#include <string.h>

#include <meridian/kernel.h>
#include <meridian/params.h>

char boot_command_line[COMMAND_LINE_SIZE];
static char param_buf[COMMAND_LINE_SIZE];	/* parsed copy: handlers keep pointers into it */

extern const struct boot_param __boot_params_start[], __boot_params_end[];

static void report_unknown(const char *param, const char *val, void *ctx)
{
	(void)ctx;
	if (val)
		pr_warn("Unknown kernel command line parameter \"%s=%s\", ignored\n", param, val);
	else
		pr_warn("Unknown kernel command line parameter \"%s\", ignored\n", param);
}

static void report_failed(const char *param, const char *val, int err, void *ctx)
{
	(void)ctx;
	pr_warn("Malformed kernel command line parameter \"%s%s%s\" (error %d), ignored\n", param,
		val ? "=" : "", val ? val : "", err);
}

void __init parse_boot_params(const char *cmdline)
{
	static const struct parse_args_report report = {
		.unknown = report_unknown,
		.failed = report_failed,
	};
	size_t len = strnlen(cmdline, COMMAND_LINE_SIZE);

	if (len == COMMAND_LINE_SIZE)
		pr_warn("Kernel command line longer than %d bytes, truncated\n",
			COMMAND_LINE_SIZE - 1);
	len = MIN(len, (size_t)COMMAND_LINE_SIZE - 1);
	memcpy(boot_command_line, cmdline, len);
	boot_command_line[len] = '\0';
	memcpy(param_buf, boot_command_line, len + 1);
	parse_args(param_buf, __boot_params_start,
		   (size_t)(__boot_params_end - __boot_params_start), &report, NULL);
}

/* loglevel=N: console messages below N are printed. */
static int setup_loglevel(const char *val, void *ctx)
{
	unsigned long long level;

	(void)ctx;
	if (!val || parse_uint(val, 15, &level) < 0) {
		pr_warn("loglevel=%s: expected a number from 0 to 15, ignored\n", val ? val : "");
		return 0;
	}
	console_loglevel = (int)level;
	return 0;
}
early_param("loglevel", setup_loglevel);

static int setup_quiet(const char *val, void *ctx)
{
	(void)val;
	(void)ctx;
	console_loglevel = 4;	/* CONSOLE_LOGLEVEL_QUIET */
	return 0;
}
early_param("quiet", setup_quiet);

static int setup_debug(const char *val, void *ctx)
{
	(void)val;
	(void)ctx;
	console_loglevel = 10;	/* CONSOLE_LOGLEVEL_DEBUG */
	return 0;
}
early_param("debug", setup_debug);

/* Accepted for habit's sake: the console comes from /chosen/stdout-path. */
static int setup_console_arg(const char *val, void *ctx)
{
	(void)ctx;
	pr_info("console=%s: the console follows /chosen/stdout-path\n", val ? val : "");
	return 0;
}
early_param("console", setup_console_arg);

static int setup_earlycon_arg(const char *val, void *ctx)
{
	return setup_console_arg(val, ctx);
}
early_param("earlycon", setup_earlycon_arg);
