/* SPDX-License-Identifier: MIT */
/* Kernel error codes: Linux's numbers, returned negated (-ENOMEM). */
#ifndef MERIDIAN_ERRNO_H
#define MERIDIAN_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ELOOP 40
#define ENODATA 61
#define EOVERFLOW 75
#define EBADMSG 74

#endif /* MERIDIAN_ERRNO_H */
