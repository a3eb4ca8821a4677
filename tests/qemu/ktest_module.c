/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules under QEMU: load/unload cycles with nothing leaked,
 * dependencies and their use counts, parameters, W^X of module memory,
 * a Thumb-2 module, and files that are not modules.
 */
#include <stdio.h>

#include <asm/mmu.h>
#include <asm/traps.h>
#include <meridian/kernel.h>
#include <meridian/ktest.h>
#include <meridian/mm.h>
#include <meridian/module.h>
#include <meridian/shell.h>
#include <meridian/slab.h>

struct mod_baseline {
	unsigned long pages, window;
};

/* Free pages plus page-table pages: the window's level-3 tables stay once made. */
static void baseline(struct mod_baseline *b)
{
	kmem_cache_shrink_all();
	b->pages = nr_free_pages() + mmu_pagetable_pages();
	b->window = module_window_used();
}

static void expect_back(struct ktest *t, const struct mod_baseline *b)
{
	struct mod_baseline now;

	baseline(&now);
	KTEST_EXPECT_EQ(t, now.pages, b->pages);
	KTEST_EXPECT_EQ(t, now.window, b->window);
}

static void module_cycles(struct ktest *t)
{
	struct mod_baseline base;
	int bad = 0;

	KTEST_ASSERT_EQ(t, load_module("expo", ""), 0);	/* page tables for the window, once */
	KTEST_ASSERT_EQ(t, unload_module("expo"), 0);
	baseline(&base);
	for (int i = 0; i < 1000; i++)
		bad += load_module("expo", "") != 0 || unload_module("expo") != 0;
	KTEST_EXPECT_EQ(t, bad, 0);
	expect_back(t, &base);
}

static void module_dependencies(struct ktest *t)
{
	struct mod_baseline base;

	baseline(&base);
	KTEST_EXPECT_EQ(t, load_module("user", ""), -ENOENT);	/* expo_square is not there yet */
	KTEST_ASSERT_EQ(t, load_module("expo", ""), 0);
	KTEST_ASSERT_EQ(t, load_module("user", "value=9"), 0);
	KTEST_EXPECT_EQ(t, unload_module("expo"), -EBUSY);		/* in use by user */
	KTEST_EXPECT_EQ(t, load_module("expo", ""), -EEXIST);	/* a duplicate name */
	KTEST_EXPECT_EQ(t, unload_module("user"), 0);
	KTEST_EXPECT_EQ(t, unload_module("expo"), 0);
	KTEST_EXPECT(t, !module_loaded("expo"));
	expect_back(t, &base);
}

static void module_parameters(struct ktest *t)
{
	struct mod_baseline base;

	baseline(&base);
	KTEST_EXPECT_EQ(t, load_module("hello", "count=500"), -22);	/* init refuses it: undone */
	KTEST_EXPECT_EQ(t, load_module("hello", "nosuch=1"), -EINVAL);
	KTEST_EXPECT_EQ(t, load_module("hello", "count=abc"), -EINVAL);
	KTEST_ASSERT_EQ(t, load_module("hello", "count=2 whom=\"the tests\" loud"), 0);
	KTEST_EXPECT_EQ(t, unload_module("hello"), 0);
	expect_back(t, &base);
}

/*
 * insmod at the shell: the shell takes the quotes off "whom=big world",
 * and insmod must put them back, or the module sees whom=big and an
 * unknown parameter "world".  A value with both a space and a quote
 * cannot be passed at all (parameters have no escapes): refused.
 */
static void module_insmod_quoted(struct ktest *t)
{
	struct mod_baseline base;

	baseline(&base);
	KTEST_ASSERT_EQ(t, shell_run_line("insmod hello \"whom=big world\" count=1"), 0);
	KTEST_EXPECT_EQ(t, shell_run_line("rmmod hello"), 0);
	KTEST_ASSERT_EQ(t, shell_run_line("insmod hello whom=\\\"big world\\\""), 0);
	KTEST_EXPECT_EQ(t, shell_run_line("rmmod hello"), 0);
	KTEST_EXPECT_EQ(t, shell_run_line("insmod hello \"whom=a \\\"b c\""), 1);
	KTEST_EXPECT(t, !module_loaded("hello"));
	expect_back(t, &base);
}

static void module_wx(struct ktest *t)
{
	unsigned long text, ro, data;
	struct fault_catch fc;

	KTEST_ASSERT_EQ(t, load_module("expo", ""), 0);
	KTEST_ASSERT_EQ(t, module_layout("expo", &text, &ro, &data), 0);
	KTEST_EXPECT(t, text >= MODULES_VADDR && data < MODULES_END && text < ro && ro < data);
	if (FAULT_CATCH(&fc)) {
		*(volatile u32 *)text = 0;		/* module text is read-only */
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_DATA_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	if (FAULT_CATCH(&fc)) {
		((void (*)(void))ro)();			/* module rodata (its export table) is XN */
		fault_catch_disarm(&fc);
	}
	KTEST_EXPECT_EQ(t, fc.kind, FAULT_PREFETCH_ABORT);
	KTEST_EXPECT(t, fsr_is_permission(fc.fsr));
	KTEST_EXPECT_EQ(t, unload_module("expo"), 0);
}

static void module_thumb(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, load_module("expo", ""), 0);
	KTEST_EXPECT_EQ(t, load_module("thumbmod", ""), 0);	/* Thumb-2 calling ARM and back */
	KTEST_EXPECT_EQ(t, unload_module("thumbmod"), 0);
	KTEST_EXPECT_EQ(t, unload_module("expo"), 0);
}

static void module_bad_files(struct ktest *t)
{
	struct mod_baseline base;

	baseline(&base);
	static const char *const bad[] = {
		"truncated", "badclass", "badendian", "badmachine", "bigsection", "overlap",
		"badreloffset", "badrelsym", "badmodinfo",
	};
	char path[64];

	KTEST_EXPECT_EQ(t, load_module("/etc/motd", ""), -ENOEXEC);	/* not ELF */
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(path, sizeof(path), "lib/modules/bad/%s.ko", bad[i]);
		KTEST_EXPECT_EQ(t, load_module(path, ""), -ENOEXEC);
	}
	KTEST_EXPECT_EQ(t, load_module("nosuchmodule", ""), -ENOENT);
	KTEST_EXPECT_EQ(t, load_module("gplcheck", ""), -EPERM);	/* a GPL-only export, MIT module */
	KTEST_EXPECT_EQ(t, unload_module("nosuchmodule"), -ENOENT);
	expect_back(t, &base);
}

static void module_window_full(struct ktest *t)
{
	struct mod_baseline base;

	baseline(&base);
	KTEST_ASSERT_EQ(t, load_module("big1", ""), 0);
	KTEST_ASSERT_EQ(t, load_module("big2", ""), 0);
	KTEST_ASSERT_EQ(t, load_module("big3", ""), 0);
	KTEST_EXPECT_EQ(t, load_module("big4", ""), -ENOSPC);	/* 16 MiB > the 14 MiB window */
	KTEST_EXPECT_EQ(t, unload_module("big2"), 0);
	KTEST_EXPECT_EQ(t, load_module("big4", ""), 0);		/* room again */
	KTEST_EXPECT_EQ(t, unload_module("big4"), 0);
	KTEST_EXPECT_EQ(t, unload_module("big3"), 0);
	KTEST_EXPECT_EQ(t, unload_module("big1"), 0);
	expect_back(t, &base);
}

KTEST_SUITE(module,
	    KTEST_CASE(module_window_full),
	    KTEST_CASE(module_cycles),
	    KTEST_CASE(module_dependencies),
	    KTEST_CASE(module_parameters),
	    KTEST_CASE(module_insmod_quoted),
	    KTEST_CASE(module_wx),
	    KTEST_CASE(module_thumb),
	    KTEST_CASE(module_bad_files));
