/* SPDX-License-Identifier: MIT */
/*
 * cpio newc reader: see meridian/cpio.h.
 *
 * A newc header is 110 ASCII bytes: the magic "070701" and thirteen
 * 8-digit hex fields (ino, mode, uid, gid, nlink, mtime, filesize,
 * devmajor, devminor, rdevmajor, rdevminor, namesize, check).  The name
 * follows, NUL-terminated, then padding to 4 bytes; then the data, padded
 * to 4 bytes.
 */
#include <string.h>

#include <meridian/cpio.h>
#include <meridian/errno.h>

#define NEWC_HDR 110
#define F_MODE 1
#define F_FILESIZE 6
#define F_NAMESIZE 11

/* One 8-digit hex field; false on a non-hex digit. */
static bool hex8(const char *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = (u32)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (u32)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (u32)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int cpio_next(const void *archive, size_t size, size_t *pos, struct cpio_entry *e)
{
	const char *a = archive;
	u32 f[13];
	size_t p = *pos, name_end, data_end;

	if (p == size)
		return 0;
	if (p > size || size - p < NEWC_HDR || memcmp(a + p, "070701", 6) != 0)
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (!hex8(a + p + 6 + 8 * i, &f[i]))
			return -EINVAL;
	if (f[F_NAMESIZE] < 1 || f[F_NAMESIZE] > CPIO_NAME_MAX ||
	    f[F_NAMESIZE] > size - p - NEWC_HDR)
		return -EINVAL;
	e->name = a + p + NEWC_HDR;
	e->namelen = f[F_NAMESIZE] - 1;
	if (e->name[e->namelen] != '\0' || memchr(e->name, '\0', e->namelen))
		return -EINVAL;
	name_end = pad4(p + NEWC_HDR + f[F_NAMESIZE]);
	if (name_end > size || f[F_FILESIZE] > size - name_end)
		return -EINVAL;
	data_end = name_end + f[F_FILESIZE];
	if (e->namelen == 10 && memcmp(e->name, "TRAILER!!!", 10) == 0)
		return 0;
	e->mode = f[F_MODE];
	e->data = a + name_end;
	e->size = f[F_FILESIZE];
	*pos = MIN(pad4(data_end), size);
	return 1;
}

int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *e)
{
	size_t pos = 0, len;
	int r;

	while (*path == '/')
		path++;
	len = strlen(path);
	while ((r = cpio_next(archive, size, &pos, e)) == 1) {
		const char *n = e->name;
		size_t nl = e->namelen;

		if (nl >= 2 && n[0] == '.' && n[1] == '/') {	/* "./lib/..." as find(1) writes it */
			n += 2;
			nl -= 2;
		}
		if (nl == len && memcmp(n, path, len) == 0) {
			if ((e->mode & CPIO_S_IFMT) != CPIO_S_IFREG)
				return -EINVAL;
			return 0;
		}
	}
	return r < 0 ? r : -ENOENT;
}
