/* SPDX-License-Identifier: MIT */
/*
 * The initramfs: the initrd named by /chosen, mapped read-only with vmap
 * (it may lie in highmem), read with the cpio newc reader, and the
 * shell's `ls`.  Its pages stay reserved (memblock did that at boot).
 */
#include <stdio.h>
#include <string.h>

#include <asm/pgtable.h>
#include <meridian/cpio.h>
#include <meridian/driver.h>
#include <meridian/initramfs.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/memblock.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/vmalloc.h>

#define INITRAMFS_MAX (64UL << 20)

static const u8 *archive;
static size_t archive_size;

const void *initramfs_data(size_t *size)
{
	*size = archive_size;
	return archive;
}

/* vmap the physical range [start, end): page by page, whatever zone it is in. */
static const u8 *map_range(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t first = start & ~(phys_addr_t)(PAGE_SIZE - 1);
	unsigned int n = (unsigned int)((end - first + PAGE_SIZE - 1) >> PAGE_SHIFT);
	struct page **pages = kmalloc(n * sizeof(*pages), GFP_KERNEL);
	const u8 *va;

	if (!pages)
		return NULL;
	for (unsigned int i = 0; i < n; i++)
		pages[i] = pfn_to_page((unsigned long)(first >> PAGE_SHIFT) + i);
	va = vmap(pages, n, MMU_KERNEL_RO);
	kfree(pages);
	return va ? va + (start - first) : NULL;
}

void __init initramfs_init(const struct fdt *fdt)
{
	struct fdt_chosen chosen;
	struct cpio_entry e;
	size_t pos = 0;
	unsigned int files = 0;
	int r;

	if (fdt_read_chosen(fdt, &chosen) < 0 || !chosen.has_initrd) {
		pr_notice("initramfs: none from the boot loader; loadable modules are unavailable\n");
		return;
	}
	/* end is exclusive: its last byte, not end itself, must have a struct page */
	if (chosen.initrd_end <= chosen.initrd_start ||
	    chosen.initrd_end - chosen.initrd_start > INITRAMFS_MAX ||
	    !memblock_is_memory(chosen.initrd_start) || !memblock_is_memory(chosen.initrd_end - 1) ||
	    !pfn_valid((unsigned long)(chosen.initrd_start >> PAGE_SHIFT)) ||
	    !pfn_valid((unsigned long)((chosen.initrd_end - 1) >> PAGE_SHIFT))) {
		pr_err("initramfs: [0x%llx-0x%llx) is not a usable RAM range, ignored\n",
		       (unsigned long long)chosen.initrd_start, (unsigned long long)chosen.initrd_end);
		return;
	}
	archive = map_range(chosen.initrd_start, chosen.initrd_end);
	if (!archive) {
		pr_err("initramfs: cannot map it\n");
		return;
	}
	archive_size = (size_t)(chosen.initrd_end - chosen.initrd_start);
	while ((r = cpio_next(archive, archive_size, &pos, &e)) == 1)
		files++;
	if (r < 0) {
		pr_err("initramfs: not a cpio newc archive (or damaged after %u entries), ignored\n", files);
		vunmap((const void *)((vaddr_t)archive & PAGE_MASK));
		archive = NULL;
		archive_size = 0;
		return;
	}
	pr_info("initramfs: %zu bytes at 0x%llx, %u entries\n", archive_size,
		(unsigned long long)chosen.initrd_start, files);
}

static void mode_string(u32 mode, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = (mode & CPIO_S_IFMT) == CPIO_S_IFDIR ? 'd' : '-';
	for (int i = 0; i < 9; i++)
		s[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	s[10] = '\0';
}

static const char *mode_type(u32 mode)
{
	switch (mode & CPIO_S_IFMT) {
	case CPIO_S_IFREG:
		return "file";
	case CPIO_S_IFDIR:
		return "dir";
	default:
		return "other";	/* the reader serves files and directories only */
	}
}

/* One entry of ls --json: {"path", "mode" (st_mode, type bits included), "size", "type"}. */
static void ls_json_entry(struct json_writer *w, const struct cpio_entry *e, const char *name)
{
	char path[CPIO_NAME_MAX + 2];

	snprintf(path, sizeof(path), "/%s", name);
	json_object_open(w, NULL);
	json_string(w, "path", path);
	json_uint(w, "mode", e->mode);
	json_uint(w, "size", e->size);
	json_string(w, "type", mode_type(e->mode));
	json_object_close(w);
}

static void ls_text_entry(const struct cpio_entry *e, const char *name)
{
	char mode[11];

	mode_string(e->mode, mode);
	console_printf("%s %8zu /%s\n", mode, e->size, name);
}

/* Is the archive name n the path p (plen bytes, no '/' at either end) or inside it? */
static bool path_in(const char *n, const char *p, size_t plen)
{
	return !plen || (strncmp(n, p, plen) == 0 && (n[plen] == '\0' || n[plen] == '/'));
}

/*
 * The entries at or under path (no '/' at either end; "" for all), to w
 * when it is not NULL.  Returns how many were listed, or -EINVAL when the
 * archive is damaged past them.
 */
static int ls_walk(const char *path, struct json_writer *w)
{
	size_t pos = 0, plen = strlen(path);
	struct cpio_entry e;
	int r, listed = 0;

	while ((r = cpio_next(archive, archive_size, &pos, &e)) == 1) {
		const char *n = e.name[0] == '.' && e.name[1] == '/' ? e.name + 2 : e.name;

		if (!path_in(n, path, plen) || (e.namelen == 1 && e.name[0] == '.'))
			continue;
		if (w)
			ls_json_entry(w, &e, n);
		else
			ls_text_entry(&e, n);
		listed++;
	}
	return r < 0 ? r : listed;
}

/* PATH without its leading and trailing slashes, in place ("/etc/" is "etc"). */
static char *strip_slashes(char *path)
{
	size_t len;

	while (*path == '/')
		path++;
	len = strlen(path);
	while (len && path[len - 1] == '/')
		path[--len] = '\0';
	return path;
}

/*
 * ls [PATH] [--json]: the initramfs' entries at or under PATH, like ls -l,
 * or {"entries": [...]}.  A PATH that names nothing fails, as in ls(1).
 */
static int cmd_ls(int argc, char **argv)
{
	struct json_writer w;
	const char *path;
	bool json;
	int r;

	if (shell_take_json(&argc, argv, &json) < 0)
		return 1;
	if (argc > 2) {
		shell_usage(argv[0]);
		return 1;
	}
	if (!archive) {
		console_printf("ls: no initramfs\n");
		return 1;
	}
	path = argc > 1 ? strip_slashes(argv[1]) : "";
	if (!json) {
		r = ls_walk(path, NULL);
		if (r == 0 && *path)
			console_printf("ls: cannot access '/%s': No such file or directory\n", path);
		return r < 0 || (r == 0 && *path);
	}
	json_console_list(&w, "entries");
	r = ls_walk(path, &w);
	if (json_list_finish(&w) < 0)
		return 1;
	return r < 0 || (r == 0 && *path);
}
SHELL_COMMAND("ls", "[PATH] [--json]", "list the initramfs (everything under PATH)", cmd_ls);

/* cat PATH: a file of the initramfs, as text. */
static int cmd_cat(int argc, char **argv)
{
	struct cpio_entry e;
	int r;

	if (argc != 2) {
		console_printf("usage: cat PATH\n");
		return 1;
	}
	r = archive ? cpio_find(archive, archive_size, argv[1], &e) : -ENOENT;
	if (r < 0) {
		console_printf("cat: %s: %s\n", argv[1], r == -ENOENT ? "no such file" : "not a file");
		return 1;
	}
	console_write(e.data, e.size);
	return 0;
}
SHELL_COMMAND("cat", "PATH", "print a file of the initramfs", cmd_cat);
