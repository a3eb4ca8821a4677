/* SPDX-License-Identifier: MIT */
/*
 * start_kernel: the order in which Meridian comes up.
 *
 *   early_mmu_init    identity map gone, vectors at 0xffff0000
 *   setup_arch        DTB validated, console, banner, boot arguments
 *   mem_init          memblock, lowmem limit, direct map, zones, buddy
 *   kmem_cache_init   slab
 *   sched_init        the boot context becomes the idle task
 *   drivers           interrupt controller, timer (the tick), the rest;
 *                     without the first two, a panic that says so
 *   workqueue_init    the kworker thread
 *   init thread       ktest=..., bench=..., shell.exec=..., or the shell
 *   cpu_idle          this context, from then on
 */
#include <asm/arch_timer.h>
#include <asm/mmu.h>
#include <asm/ptdump.h>
#include <asm/setup.h>
#include <meridian/bench.h>
#include <meridian/driver.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/highmem.h>
#include <meridian/initramfs.h>
#include <meridian/irq.h>
#include <meridian/mm.h>
#include <meridian/module.h>
#include <meridian/sched.h>
#include <meridian/vmalloc.h>
#include <meridian/workqueue.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/timer.h>

u8 init_stack[CONFIG_BOOT_STACK_SIZE] __aligned(8);

void current_stack_bounds(vaddr_t *lo, vaddr_t *hi)
{
	struct task *t = this_cpu()->curr;

	if (!t || t->stack == init_stack) {
		*lo = (vaddr_t)init_stack;
		*hi = (vaddr_t)init_stack + sizeof(init_stack);
	} else {
		*lo = (vaddr_t)t->stack;
		*hi = (vaddr_t)t->stack + THREAD_SIZE;
	}
}

/* The first thread: tests, benchmarks, a shell.exec= script, or the shell. */
static int kernel_init(void *arg)
{
	(void)arg;
	modules_load_boot();
	debug_checkwx();	/* as Linux after mark_rodata_ro(): boot modules are in place */
	if (bench_requested())
		machine_power_off(bench_run_requested() ? EXIT_FAILURE : EXIT_OK);
	if (ktest_requested())
		machine_power_off(ktest_run_requested() ? EXIT_FAILURE : EXIT_OK);
	if (shell_exec_pending())
		shell_exec_and_power_off();
	shell_interactive();
}

/*
 * Meridian has no board files: the device tree must name an interrupt
 * controller and a timer that a driver knows, or nothing would ever wake
 * a sleeping thread.  Stop with the reason instead of hanging.
 */
static void __init check_platform(const struct fdt *fdt)
{
	const char *board = fdt_getprop_str(fdt, fdt_root(fdt), "compatible");

	if (!board)
		board = "(no compatible)";
	if (!handle_arch_irq_fn)
		panic("No interrupt controller found: no node of the device tree for board \"%s\" "
		      "matches a driver (GICv2, BCM2836 local)", board);
	if (!tick_hz)
		panic("No timer tick: the device tree for board \"%s\" has no usable arm,armv7-timer",
		      board);
}

void start_kernel(u32 phys_offset, u32 dtb_phys, u32 machine_id)
{
	percpu_init(0);
	early_mmu_init(phys_offset);
	arch_timer_early_init();
	setup_arch(dtb_phys, machine_id);
	mem_init(&boot_fdt, dtb_phys);
	kmem_cache_init();
	kmap_init();
	vmalloc_init();
	modules_init();
	initramfs_init(&boot_fdt);
	sched_init();
	drivers_probe_all(&boot_fdt);
	check_platform(&boot_fdt);
	workqueue_init();
	if (!kthread_run(kernel_init, NULL, PRIO_DEFAULT, "init"))
		panic("cannot start the init thread");
	local_irq_enable();
	cpu_idle();
}
