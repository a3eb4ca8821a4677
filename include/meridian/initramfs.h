/* SPDX-License-Identifier: MIT */
/* The initramfs the boot loader passed (/chosen linux,initrd-start/-end), mapped read-only. */
#ifndef MERIDIAN_INITRAMFS_H
#define MERIDIAN_INITRAMFS_H

#include <meridian/types.h>

struct fdt;
/* Maps the initrd, if any, and checks it is a cpio newc archive. */
void initramfs_init(const struct fdt *fdt);
/* The archive, or NULL (and *size 0) when there is none. */
const void *initramfs_data(size_t *size);

#endif /* MERIDIAN_INITRAMFS_H */
