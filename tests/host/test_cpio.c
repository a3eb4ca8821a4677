/* SPDX-License-Identifier: MIT */
/* The initramfs reader: lookups, the trailer, and hostile archives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <meridian/cpio.h>
#include <meridian/errno.h>

#include "ktest_host.h"

static char arch[8192];
static size_t used;

static void put_entry(const char *name, unsigned int mode, const char *data, size_t len)
{
	size_t nl = strlen(name) + 1;

	used += (size_t)sprintf(arch + used, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
				1u, mode, 0u, 0u, 1u, 0u, len, 0u, 0u, 0u, 0u, nl, 0u);
	memcpy(arch + used, name, nl);
	used = (used + nl + 3) & ~(size_t)3;
	memcpy(arch + used, data, len);
	used = (used + len + 3) & ~(size_t)3;
}

static void build(void)
{
	memset(arch, 0, sizeof(arch));
	used = 0;
	put_entry(".", CPIO_S_IFDIR | 0755, "", 0);
	put_entry("lib", CPIO_S_IFDIR | 0755, "", 0);
	put_entry("lib/modules", CPIO_S_IFDIR | 0755, "", 0);
	put_entry("lib/modules/hello.ko", CPIO_S_IFREG | 0644, "HELLOKO", 7);
	put_entry("./etc/motd", CPIO_S_IFREG | 0644, "hi\n", 3);
	put_entry("TRAILER!!!", 0, "", 0);
}

static void check_lookups(void)
{
	struct cpio_entry e;
	size_t pos = 0;
	int n = 0;

	build();
	CHECK_EQ(cpio_find(arch, used, "/lib/modules/hello.ko", &e), 0);
	CHECK_EQ(e.size, 7);
	CHECK(memcmp(e.data, "HELLOKO", 7) == 0);
	CHECK_EQ(cpio_find(arch, used, "etc/motd", &e), 0);	/* "./" prefix in the archive */
	CHECK_EQ(cpio_find(arch, used, "lib/modules/nope.ko", &e), -ENOENT);
	CHECK_EQ(cpio_find(arch, used, "lib/modules", &e), -EINVAL);	/* a directory */
	while (cpio_next(arch, used, &pos, &e) == 1)
		n++;
	CHECK_EQ(n, 5);
	CHECK_EQ(cpio_next(arch, 0, &(size_t){ 0 }, &e), 0);	/* empty archive */
}

/* Every truncation and many corruptions: no crash, no read outside (ASan), no bogus success. */
static void check_hostile(void)
{
	struct cpio_entry e;
	int bad = 0;

	build();
	for (size_t len = 0; len < used; len++) {
		char *copy = malloc(len ? len : 1);
		size_t pos = 0;
		int r;

		memcpy(copy, arch, len);
		while ((r = cpio_next(copy, len, &pos, &e)) == 1)
			if ((const char *)e.data + e.size > copy + len || e.name + e.namelen >= copy + len)
				bad++;
		cpio_find(copy, len, "lib/modules/hello.ko", &e);
		free(copy);
	}
	srand(3);
	for (int i = 0; i < 20000; i++) {
		char *copy = malloc(used);
		size_t pos = 0;

		memcpy(copy, arch, used);
		for (int k = 0; k < 1 + rand() % 4; k++)
			copy[rand() % used] = (char)rand();
		while (cpio_next(copy, used, &pos, &e) == 1)
			if ((const char *)e.data + e.size > copy + used)
				bad++;
		free(copy);
	}
	CHECK_EQ(bad, 0);
	/* A name size of 0, an oversized file size: refused. */
	build();
	memcpy(arch + 6 + 8 * 11, "00000000", 8);
	CHECK_EQ(cpio_next(arch, used, &(size_t){ 0 }, &e), -EINVAL);
	build();
	memcpy(arch + 6 + 8 * 6, "7FFFFFFF", 8);
	CHECK_EQ(cpio_next(arch, used, &(size_t){ 0 }, &e), -EINVAL);
}

int main(void)
{
	check_lookups();
	check_hostile();
	return ktest_summary();
}
