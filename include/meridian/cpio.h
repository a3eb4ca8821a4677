/* SPDX-License-Identifier: MIT */
/*
 * The initramfs: a cpio "newc" archive (070701 headers) in memory, as
 * Linux's early userspace format.  Read-only lookups of regular files
 * and directories; hostile-input safe (every header field and length is
 * checked against the archive's bounds).
 */
#ifndef MERIDIAN_CPIO_H
#define MERIDIAN_CPIO_H

#include <meridian/types.h>

#define CPIO_NAME_MAX 256

struct cpio_entry {
	const char *name;	/* NUL-terminated inside the archive */
	size_t namelen;		/* without the NUL */
	u32 mode;		/* S_IFREG 0100000, S_IFDIR 0040000 ... */
	const void *data;
	size_t size;
};

#define CPIO_S_IFMT 0170000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFDIR 0040000u

/*
 * cpio_next - the entry at *pos (start with 0), advancing *pos.
 * Returns 1 with *e filled, 0 at the TRAILER!!! (or the exact end of the
 * archive), or -EINVAL for a malformed header, name or size (the error
 * is final: nothing past it is trusted).
 */
int cpio_next(const void *archive, size_t size, size_t *pos, struct cpio_entry *e);

/* The regular file named path ("lib/modules/hello.ko"; a leading '/' is ignored). -ENOENT, -EINVAL. */
int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *e);

#endif /* MERIDIAN_CPIO_H */
