/* SPDX-License-Identifier: MIT */
/* The `ps` command: every thread with its state, priority, CPU time and stack use. */
#include <meridian/json.h>
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

static void ps_json_one(const struct task *t, void *ctx)
{
	struct json_writer *w = ctx;
	char state[2] = { state_letter(t), '\0' };

	json_object_open(w, NULL);
	json_int(w, "pid", t->pid);
	json_string(w, "state", state);
	json_uint(w, "prio", t->rq.prio);
	json_uint(w, "cpu_ns", task_cpu_ns(t));
	json_uint(w, "switches", t->nr_switches);
	json_uint(w, "stack_used", task_stack_used(t));
	json_string(w, "comm", t->comm);
	json_bool(w, "current", t == current);
	json_object_close(w);
}

static int cmd_ps(int argc, char **argv)
{
	struct json_writer w;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (!json) {
		console_printf("  PID  S  PRIO        TIME(s) SWITCHES  STACK  COMMAND\n");
		for_each_task(ps_line, NULL);
		return 0;
	}
	json_console_list(&w, "tasks");
	for_each_task(ps_json_one, &w);
	return json_list_finish(&w) != 0;
}
SHELL_COMMAND("ps", "[--json]", "threads: state, priority, CPU time, switches, stack bytes used", cmd_ps);
