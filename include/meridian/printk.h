/* SPDX-License-Identifier: MIT */
/*
 * Kernel log: printk with Linux's levels and timestamps, a ring buffer
 * that keeps what was logged before any console existed, and consoles
 * that replay it when they register.
 */
#ifndef MERIDIAN_PRINTK_H
#define MERIDIAN_PRINTK_H

#include <stdarg.h>
#include <meridian/types.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

#define LOGLEVEL_DEFAULT 4	/* level of a printk without a level prefix */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* printk at one level, for code that takes a printf-style output function. */
int printk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int printk_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int printk_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

/* Messages with a level below console_loglevel reach the consoles (loglevel=). */
extern int console_loglevel;

struct console {
	const char *name;
	/* Writes n bytes; may be called with interrupts off; must not sleep. */
	void (*write)(struct console *con, const char *s, size_t n);
	/* Returns a received byte, or -1 if none is waiting (NULL: output only). */
	int (*poll_get_char)(struct console *con);
	void *data;
	struct console *next;
};

/*
 * Adds a console and replays the log so far to it.  The first console
 * with poll_get_char becomes the input console of the shell.
 */
void register_console(struct console *con);
void unregister_console(struct console *con);
bool console_available(void);

/* Unlogged output straight to the consoles: shell command output. */
int console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int console_vprintf(const char *fmt, va_list ap);
void console_write(const char *s, size_t n);
int console_getc(void);	/* -1 when no input is waiting */

/* Calls fn for each line still in the log buffer, oldest first (dmesg). */
void log_for_each_line(void (*fn)(const char *line, size_t len, void *ctx), void *ctx);

/* Where printk timestamps come from: nanoseconds since the counter started. */
void printk_set_clock(u64 (*clock_ns)(void));

#endif /* MERIDIAN_PRINTK_H */
