/* SPDX-License-Identifier: MIT */
/*
 * Semihosting: exit with a status, and a last-resort console.
 *
 * The probe issues a harmless call (SYS_ERRNO).  If nothing answers it,
 * the CPU takes a real SVC exception; do_svc() sees the semihosting
 * immediate, calls semihost_svc_unanswered() and returns, and the probe
 * reads the flag.
 */
#include <string.h>

#include <asm/semihost.h>
#include <meridian/printk.h>

enum { PROBE_UNKNOWN, PROBE_PRESENT, PROBE_ABSENT };
static int probe_state = PROBE_UNKNOWN;
static volatile bool svc_unanswered;

static long semihost_call(u32 op, const void *arg)
{
	register u32 r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ volatile("svc %[imm]"
			 : "+r"(r0)
			 : "r"(r1), [imm] "i"(SEMIHOST_SVC_IMM)
			 : "memory", "lr", "cc");
	return (long)r0;
}

bool semihost_svc_unanswered(u32 svc_insn)
{
	if ((svc_insn & 0x00ffffff) != SEMIHOST_SVC_IMM)
		return false;
	svc_unanswered = true;
	return true;
}

bool semihost_available(void)
{
	if (probe_state == PROBE_UNKNOWN) {
		svc_unanswered = false;
		semihost_call(SYS_ERRNO, NULL);
		probe_state = svc_unanswered ? PROBE_ABSENT : PROBE_PRESENT;
	}
	return probe_state == PROBE_PRESENT;
}

void semihost_write0(const char *s)
{
	if (semihost_available())
		semihost_call(SYS_WRITE0, s);
}

void semihost_exit(int status)
{
	u32 block[2] = { ADP_STOPPED_APPLICATION_EXIT, (u32)status };

	if (semihost_available())
		semihost_call(SYS_EXIT_EXTENDED, block);
}

static void semihost_console_write(struct console *con, const char *s, size_t n)
{
	char chunk[128];

	(void)con;
	while (n) {
		size_t k = MIN(n, sizeof(chunk) - 1);

		memcpy(chunk, s, k);
		chunk[k] = '\0';
		semihost_write0(chunk);
		s += k;
		n -= k;
	}
}

static struct console semihost_console = {
	.name = "semihost",
	.write = semihost_console_write,
};

void semihost_console_register(void)
{
	if (semihost_available())
		register_console(&semihost_console);
}
