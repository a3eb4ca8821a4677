/* SPDX-License-Identifier: MIT */
/*
 * printk: format, timestamp, keep in a ring, and copy to the consoles.
 *
 * Each line is stored as "<level>[sssss.uuuuuu] text\n" in a byte ring;
 * when the ring is full the oldest lines are dropped whole.  A console
 * registered later gets every stored line at or above its importance,
 * so nothing printed before the UART was found is lost.
 *
 * Out of scope: locking (single CPU, no interrupts yet, issue 4 adds
 * it) and continuation lines (every printk ends its line).
 */
#include <stdio.h>
#include <string.h>

#include <meridian/config.h>
#include <meridian/printk.h>

#define LOG_BUF_LEN (1u << CONFIG_LOG_BUF_SHIFT)
#define LINE_MAX 512

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;

static char log_buf[LOG_BUF_LEN];
static u32 log_head;	/* oldest byte */
static u32 log_tail;	/* next byte to write */
static u32 log_used;

static struct console *consoles;
static u64 (*printk_clock)(void);

void printk_set_clock(u64 (*clock_ns)(void))
{
	printk_clock = clock_ns;
}

static void log_drop_oldest_line(void)
{
	while (log_used) {
		char c = log_buf[log_head];

		log_head = (log_head + 1) % LOG_BUF_LEN;
		log_used--;
		if (c == '\n')
			break;
	}
}

static void log_store(const char *s, size_t n)
{
	if (n >= LOG_BUF_LEN)
		return;
	while (LOG_BUF_LEN - log_used < n)
		log_drop_oldest_line();
	for (size_t i = 0; i < n; i++) {
		log_buf[log_tail] = s[i];
		log_tail = (log_tail + 1) % LOG_BUF_LEN;
	}
	log_used += n;
}

static void consoles_write(const char *s, size_t n)
{
	for (struct console *con = consoles; con; con = con->next)
		con->write(con, s, n);
}

/* Emits one stored-format line ("<digit>[ts] text\n") to the consoles if important enough. */
static void emit_line(const char *line, size_t len)
{
	int level = line[0] - '0';

	if (level < console_loglevel)
		consoles_write(line + 1, len - 1);
}

static size_t format_prefix(char *buf, size_t size, int level)
{
	u64 ns = printk_clock ? printk_clock() : 0;

	return (size_t)snprintf(buf, size, "%d[%5lu.%06lu] ", level,
				(unsigned long)(ns / 1000000000u),
				(unsigned long)((ns % 1000000000u) / 1000u));
}

static int vprintk_level(int level, const char *fmt, va_list ap)
{
	char text[LINE_MAX];
	char line[LINE_MAX + 32];
	int n;

	n = vsnprintf(text, sizeof(text), fmt, ap);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;

	/* One record per line, each with its own prefix, as Linux prints them. */
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t pre = format_prefix(line, sizeof(line), level);

		memcpy(line + pre, p, len);
		line[pre + len] = '\n';
		log_store(line, pre + len + 1);
		emit_line(line, pre + len + 1);
		p += len + (nl ? 1 : 0);
	}
	return n;
}

int vprintk(const char *fmt, va_list ap)
{
	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7')
		return vprintk_level(fmt[1] - '0', fmt + 2, ap);
	return vprintk_level(LOGLEVEL_DEFAULT, fmt, ap);
}

#define DEFINE_PRINTK_AT(name, level)				\
	int name(const char *fmt, ...)				\
	{							\
		va_list ap;					\
		int n;						\
								\
		va_start(ap, fmt);				\
		n = vprintk_level(level, fmt, ap);		\
		va_end(ap);					\
		return n;					\
	}
DEFINE_PRINTK_AT(printk_warn, 4)	/* KERN_WARNING */
DEFINE_PRINTK_AT(printk_notice, 5)	/* KERN_NOTICE */
DEFINE_PRINTK_AT(printk_info, 6)	/* KERN_INFO */

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void log_for_each_line(void (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	char line[LINE_MAX + 32];
	size_t len = 0;

	for (u32 i = 0, pos = log_head; i < log_used; i++, pos = (pos + 1) % LOG_BUF_LEN) {
		char c = log_buf[pos];

		if (len < sizeof(line))
			line[len++] = c;
		if (c == '\n') {
			fn(line, len, ctx);
			len = 0;
		}
	}
}

static void replay_line(const char *line, size_t len, void *ctx)
{
	struct console *con = ctx;

	if (line[0] - '0' < console_loglevel)
		con->write(con, line + 1, len - 1);
}

void register_console(struct console *con)
{
	con->next = NULL;
	log_for_each_line(replay_line, con);
	if (!consoles) {
		consoles = con;
		return;
	}
	struct console *last = consoles;

	while (last->next)
		last = last->next;
	last->next = con;
}

void unregister_console(struct console *con)
{
	for (struct console **pp = &consoles; *pp; pp = &(*pp)->next) {
		if (*pp == con) {
			*pp = con->next;
			return;
		}
	}
}

bool console_available(void)
{
	return consoles != NULL;
}

void console_write(const char *s, size_t n)
{
	consoles_write(s, n);
}

int console_vprintf(const char *fmt, va_list ap)
{
	char buf[LINE_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > 0)
		consoles_write(buf, MIN((size_t)n, sizeof(buf) - 1));
	return n;
}

int console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int console_getc(void)
{
	for (struct console *con = consoles; con; con = con->next) {
		if (con->poll_get_char) {
			int c = con->poll_get_char(con);

			if (c >= 0)
				return c;
		}
	}
	return -1;
}
