/* SPDX-License-Identifier: MIT */
/* The `ps` command: every thread with its state, priority, CPU time and stack use. */
#include <meridian/kernel.h>
#include <meridian/sched.h>
#include <meridian/shell.h>
#include <meridian/timer.h>

static char state_letter(const struct task *t)
{
	switch (t->state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	default:
		return 'X';
	}
}

static void ps_line(const struct task *t, void *ctx)
{
	u64 ns = task_cpu_ns(t);
	size_t used = task_stack_used(t);

	(void)ctx;
	console_printf("%5d  %c  %4u %10lu.%03lu %8lu %6lu  %s%s\n", t->pid, state_letter(t),
		       t->rq.prio, (unsigned long)(ns / NSEC_PER_SEC),
		       (unsigned long)(ns % NSEC_PER_SEC / NSEC_PER_MSEC), t->nr_switches,
		       (unsigned long)used, t->comm, t == current ? " (current)" : "");
}

static int cmd_ps(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("  PID  S  PRIO        TIME(s) SWITCHES  STACK  COMMAND\n");
	for_each_task(ps_line, NULL);
	return 0;
}
SHELL_COMMAND("ps", "", "threads: state, priority, CPU time, switches, stack bytes used", cmd_ps);
