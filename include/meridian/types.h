/* SPDX-License-Identifier: MIT */
/*
 * Basic kernel types, shared by the kernel and the host unit tests.
 *
 * Physical and virtual addresses have distinct types: under LPAE a
 * physical address is 40 bits wide, so phys_addr_t is always 64-bit,
 * while a virtual address fits the 32-bit pointer width.
 */
#ifndef MERIDIAN_TYPES_H
#define MERIDIAN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef uint64_t phys_addr_t;	/* LPAE: up to 40 bits of physical address */
typedef uintptr_t vaddr_t;	/* a kernel virtual address */

#define PHYS_ADDR_MAX ((phys_addr_t)~0ULL)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define SZ_4K 0x00001000UL
#define SZ_64K 0x00010000UL
#define SZ_1M 0x00100000UL
#define SZ_2M 0x00200000UL
#define SZ_8M 0x00800000UL
#define SZ_16M 0x01000000UL
#define SZ_32M 0x02000000UL
#define SZ_1G 0x40000000UL

/* The C library's sys/cdefs.h may already define these, with the same meaning. */
#ifndef __unused
#define __unused __attribute__((unused))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
/* Boot-only code and data, grouped in the image's .init section. */
#define __init __attribute__((section(".init.text")))
#define __initdata __attribute__((section(".init.data")))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif /* MERIDIAN_TYPES_H */
