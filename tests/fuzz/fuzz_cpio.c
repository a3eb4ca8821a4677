/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the initramfs (cpio newc) reader. */
#include <stdlib.h>
#include <string.h>

#include <meridian/cpio.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);	/* exactly sized: ASan sees overruns */
	struct cpio_entry e;
	size_t pos = 0;
	unsigned int sum = 0;

	memcpy(copy, data, size);
	while (cpio_next(copy, size, &pos, &e) == 1) {
		for (size_t i = 0; i < e.size; i++)
			sum += ((const unsigned char *)e.data)[i];
		sum += (unsigned int)e.namelen + (unsigned char)e.name[e.namelen];
	}
	cpio_find(copy, size, "lib/modules/hello.ko", &e);
	free(copy);
	return sum == 0xffffffffu ? 0 : 0;	/* the sum only makes every byte be read */
}
