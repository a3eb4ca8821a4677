// SPDX-License-Identifier: MIT
/*
 * hiram: a RAM disk whose blocks are highmem pages, reached through
 * kmap_local_page.  `hiram info` tells its size and where its pages are;
 * `hiram write SEED` fills every block with a pattern; `hiram verify
 * SEED` checks it.  Parameter: size_kb (default 1024).
 */
#include <meridian/args.h>
#include <meridian/errno.h>
#include <meridian/highmem.h>
#include <meridian/module.h>
#include <meridian/printk.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <string.h>

static int size_kb = 1024;
module_param(size_kb, int, 0);
MODULE_PARM_DESC(size_kb, "disk size in KiB (4 to 65536)");

static struct page **blocks;
static int nblocks;

static u32 pattern(u32 seed, int block, unsigned int word)
{
	return seed * 0x9e3779b1u ^ (u32)block * 0x85ebca6bu ^ word;
}

static int hiram_write(u32 seed)
{
	for (int b = 0; b < nblocks; b++) {
		u32 *p = kmap_local_page(blocks[b]);

		for (unsigned int w = 0; w < PAGE_SIZE / 4; w++)
			p[w] = pattern(seed, b, w);
		kunmap_local(p);
	}
	console_printf("hiram: wrote %d blocks with seed %lu\n", nblocks, (unsigned long)seed);
	return 0;
}

static int hiram_verify(u32 seed)
{
	int bad = 0;

	for (int b = 0; b < nblocks; b++) {
		const u32 *p = kmap_local_page(blocks[b]);

		for (unsigned int w = 0; w < PAGE_SIZE / 4; w++)
			if (p[w] != pattern(seed, b, w)) {
				bad++;
				break;
			}
		kunmap_local(p);
	}
	console_printf("hiram: verified %d blocks with seed %lu: %d bad\n", nblocks,
		       (unsigned long)seed, bad);
	return bad != 0;
}

static int hiram_info(void)
{
	int high = 0, above4g = 0;

	for (int b = 0; b < nblocks; b++) {
		high += PageHighMem(blocks[b]);
		above4g += page_to_phys(blocks[b]) >= 0x100000000ULL;
	}
	console_printf("hiram: %d KiB in %d blocks: %d in highmem, %d above 4 GiB; block 0 at 0x%llx\n",
		       nblocks * 4, nblocks, high, above4g,
		       (unsigned long long)page_to_phys(blocks[0]));
	return 0;
}

/* SEED: a whole 32-bit number (decimal, 0x hex or 0 octal); anything else is refused. */
static int seed_of(const char *s, u32 *seed)
{
	unsigned long long v;

	if (parse_uint(s, 0xffffffffULL, &v) < 0)
		return -EINVAL;
	*seed = (u32)v;
	return 0;
}

static int cmd_hiram(int argc, char **argv)
{
	u32 seed;

	if (argc == 2 && !strcmp(argv[1], "info"))
		return hiram_info();
	if (argc == 3 && !strcmp(argv[1], "write") && !seed_of(argv[2], &seed))
		return hiram_write(seed);
	if (argc == 3 && !strcmp(argv[1], "verify") && !seed_of(argv[2], &seed))
		return hiram_verify(seed);
	console_printf("usage: hiram info | write SEED | verify SEED\n");
	return 1;
}

static const struct shell_command hiram_cmd = {
	.name = "hiram", .usage = "info | write SEED | verify SEED",
	.help = "the hiram RAM disk (module)", .fn = cmd_hiram,
};

static void hiram_free(void)
{
	for (int b = 0; b < nblocks; b++)
		__free_pages(blocks[b], 0);
	kfree(blocks);
	blocks = NULL;
	nblocks = 0;
}

static int hiram_init(void)
{
	if (size_kb < 4 || size_kb > 65536)
		return -22;
	blocks = kzalloc((size_t)(size_kb / 4) * sizeof(*blocks), GFP_KERNEL);
	if (!blocks)
		return -12;
	for (nblocks = 0; nblocks < size_kb / 4; nblocks++) {
		blocks[nblocks] = alloc_pages(GFP_HIGHUSER, 0);
		if (!blocks[nblocks]) {
			hiram_free();
			return -12;
		}
	}
	if (shell_register(&hiram_cmd) < 0) {
		hiram_free();
		return -16;
	}
	return hiram_info();
}

static void hiram_exit(void)
{
	shell_unregister(&hiram_cmd);
	hiram_free();
}

module_init(hiram_init);
module_exit(hiram_exit);
MODULE_LICENSE("Dual MIT/GPL");	/* shell_register is EXPORT_SYMBOL_GPL */
MODULE_DESCRIPTION("A RAM disk in highmem pages, through kmap_local");
