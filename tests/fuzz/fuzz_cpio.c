/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the initramfs (cpio newc) reader.  The archive is
 * an exactly sized heap copy, so ASan sees any overrun; besides memory
 * errors, every entry returned must lie inside the archive, with its name
 * NUL-terminated where namelen says, and the walk must move forward.
 */
#include <stdlib.h>
#include <string.h>

#include <meridian/cpio.h>
#include <meridian/errno.h>

#include "fuzz.h"

/* [p, p + len) lies inside [base, base + size). */
static int inside(const void *p, size_t len, const unsigned char *base, size_t size)
{
	const unsigned char *q = p;

	return q >= base && q <= base + size && len <= (size_t)(base + size - q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	struct cpio_entry e;
	size_t pos = 0, prev;
	int ret;

	memcpy(copy, data, size);
	for (;;) {
		prev = pos;
		ret = cpio_next(copy, size, &pos, &e);
		REQUIRE(ret == 1 || ret == 0 || ret == -EINVAL);
		if (ret != 1)
			break;
		REQUIRE(pos > prev && pos <= size);
		REQUIRE(e.namelen < CPIO_NAME_MAX && inside(e.name, e.namelen + 1, copy, size));
		REQUIRE(e.name[e.namelen] == '\0' && strlen(e.name) == e.namelen);
		REQUIRE(e.size == 0 || inside(e.data, e.size, copy, size));
	}
	ret = cpio_find(copy, size, "lib/modules/hello.ko", &e);
	REQUIRE(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (ret == 0)
		REQUIRE((e.mode & CPIO_S_IFMT) == CPIO_S_IFREG &&
			(e.size == 0 || inside(e.data, e.size, copy, size)));
	free(copy);
	return 0;
}
