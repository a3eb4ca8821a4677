/* SPDX-License-Identifier: MIT */
/*
 * fdt_build: a tiny in-memory DTB writer for host tests. It writes what
 * it is told, including malformed token streams, so tests can make both
 * good and hostile blobs without dtc. Host only: uses malloc and aborts
 * on allocation failure.
 *
 *   struct fdtb b;
 *   fdtb_init(&b);
 *   fdtb_rsv(&b, 0x80000000, 0x10000);
 *   fdtb_begin(&b, "");
 *   fdtb_prop_cells(&b, "#address-cells", 1, 2);
 *   fdtb_end(&b);
 *   blob = fdtb_finish(&b, &size);	(caller frees blob)
 */
#ifndef FDT_BUILD_H
#define FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Header field offsets, for tests that patch a finished blob. */
#define FDTB_MAGIC 0
#define FDTB_TOTALSIZE 4
#define FDTB_OFF_STRUCT 8
#define FDTB_OFF_STRINGS 12
#define FDTB_OFF_RSVMAP 16
#define FDTB_VERSION 20
#define FDTB_LAST_COMP 24
#define FDTB_CPUID 28
#define FDTB_SIZE_STRINGS 32
#define FDTB_SIZE_STRUCT 36
#define FDTB_HDR_SIZE 40
#define FDTB_MAX_RSV 16

struct fdtb {
	uint8_t *st;		/* structure block */
	size_t st_len, st_cap;
	char *str;		/* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[FDTB_MAX_RSV][2];
	int nrsv;
};

void fdtb_init(struct fdtb *b);
void fdtb_rsv(struct fdtb *b, uint64_t addr, uint64_t size);
void fdtb_begin(struct fdtb *b, const char *name);
void fdtb_end(struct fdtb *b);
void fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len);
void fdtb_prop_raw(struct fdtb *b, uint32_t nameoff, uint32_t len,
		   const void *val, size_t vlen);
void fdtb_prop_empty(struct fdtb *b, const char *name);
void fdtb_prop_str(struct fdtb *b, const char *name, const char *s);
void fdtb_prop_cells(struct fdtb *b, const char *name, int n, ...);
void fdtb_prop_u64(struct fdtb *b, const char *name, uint64_t v);
void fdtb_token(struct fdtb *b, uint32_t tok);
void fdtb_bytes(struct fdtb *b, const void *p, size_t len);
void fdtb_strings_raw(struct fdtb *b, const void *p, size_t len);
uint32_t fdtb_string(struct fdtb *b, const char *s);
size_t fdtb_offset(const struct fdtb *b);

/* Assemble the blob (appending an END token unless raw); frees b's buffers. */
uint8_t *fdtb_finish(struct fdtb *b, size_t *size);
uint8_t *fdtb_finish_raw(struct fdtb *b, size_t *size);

void fdtb_put32(uint8_t *blob, size_t off, uint32_t v);
uint32_t fdtb_get32(const uint8_t *blob, size_t off);

#endif /* FDT_BUILD_H */
