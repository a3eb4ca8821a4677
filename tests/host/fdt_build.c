/* SPDX-License-Identifier: MIT */
/*
 * In-memory DTB writer for host tests; see fdt_build.h. Layout of the
 * result: 40-byte v17 header, reservation map, structure block, strings
 * block, with totalsize exact (so ASan sees any read past the end).
 */
#include "fdt_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "fdt_build: out of memory\n");
		abort();
	}
	return p;
}

static void grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 256;
	*buf = xrealloc(*buf, *cap);
}

void fdtb_put32(uint8_t *blob, size_t off, uint32_t v)
{
	blob[off] = (uint8_t)(v >> 24);
	blob[off + 1] = (uint8_t)(v >> 16);
	blob[off + 2] = (uint8_t)(v >> 8);
	blob[off + 3] = (uint8_t)v;
}

uint32_t fdtb_get32(const uint8_t *blob, size_t off)
{
	return (uint32_t)blob[off] << 24 | (uint32_t)blob[off + 1] << 16 |
	       (uint32_t)blob[off + 2] << 8 | blob[off + 3];
}

void fdtb_init(struct fdtb *b)
{
	memset(b, 0, sizeof(*b));
}

void fdtb_rsv(struct fdtb *b, uint64_t addr, uint64_t size)
{
	if (b->nrsv == FDTB_MAX_RSV)
		abort();
	b->rsv[b->nrsv][0] = addr;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

/* Append raw bytes to the structure block, then pad to 4 with zeros. */
void fdtb_bytes(struct fdtb *b, const void *p, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	grow(&b->st, &b->st_cap, b->st_len + padded);
	if (len)
		memcpy(b->st + b->st_len, p, len);
	memset(b->st + b->st_len + len, 0, padded - len);
	b->st_len += padded;
}

void fdtb_token(struct fdtb *b, uint32_t tok)
{
	uint8_t w[4];

	fdtb_put32(w, 0, tok);
	fdtb_bytes(b, w, 4);
}

size_t fdtb_offset(const struct fdtb *b)
{
	return b->st_len;
}

/* Append raw bytes to the strings block (no NUL added). */
void fdtb_strings_raw(struct fdtb *b, const void *p, size_t len)
{
	grow((uint8_t **)&b->str, &b->str_cap, b->str_len + len);
	memcpy(b->str + b->str_len, p, len);
	b->str_len += len;
}

/* Offset of s in the strings block, adding it if not yet present. */
uint32_t fdtb_string(struct fdtb *b, const char *s)
{
	size_t len = strlen(s) + 1, i;

	for (i = 0; i + len <= b->str_len; i++) {
		if (!memcmp(b->str + i, s, len) && (i == 0 || !b->str[i - 1]))
			return (uint32_t)i;
	}
	fdtb_strings_raw(b, s, len);
	return (uint32_t)(b->str_len - len);
}

void fdtb_begin(struct fdtb *b, const char *name)
{
	fdtb_token(b, 1);
	fdtb_bytes(b, name, strlen(name) + 1);
}

void fdtb_end(struct fdtb *b)
{
	fdtb_token(b, 2);
}

/* A PROP with an explicit nameoff and length field; vlen bytes of value. */
void fdtb_prop_raw(struct fdtb *b, uint32_t nameoff, uint32_t len,
		   const void *val, size_t vlen)
{
	fdtb_token(b, 3);
	fdtb_token(b, len);
	fdtb_token(b, nameoff);
	fdtb_bytes(b, val, vlen);
}

void fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len)
{
	fdtb_prop_raw(b, fdtb_string(b, name), (uint32_t)len, val, len);
}

void fdtb_prop_empty(struct fdtb *b, const char *name)
{
	fdtb_prop(b, name, "", 0);
}

void fdtb_prop_str(struct fdtb *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, strlen(s) + 1);
}

/* A property of n big-endian u32 cells given as varargs (uint32_t). */
void fdtb_prop_cells(struct fdtb *b, const char *name, int n, ...)
{
	uint8_t buf[64 * 4];
	va_list ap;
	int i;

	if (n < 0 || n > 64)
		abort();
	va_start(ap, n);
	for (i = 0; i < n; i++)
		fdtb_put32(buf, (size_t)i * 4, va_arg(ap, uint32_t));
	va_end(ap);
	fdtb_prop(b, name, buf, (size_t)n * 4);
}

void fdtb_prop_u64(struct fdtb *b, const char *name, uint64_t v)
{
	uint8_t buf[8];

	fdtb_put32(buf, 0, (uint32_t)(v >> 32));
	fdtb_put32(buf, 4, (uint32_t)v);
	fdtb_prop(b, name, buf, 8);
}

uint8_t *fdtb_finish_raw(struct fdtb *b, size_t *size)
{
	size_t rsv_off = FDTB_HDR_SIZE;
	size_t st_off = rsv_off + ((size_t)b->nrsv + 1) * 16;
	size_t str_off = st_off + b->st_len;
	size_t total = str_off + b->str_len;
	uint8_t *blob = xrealloc(NULL, total);
	int i;

	memset(blob, 0, total);
	fdtb_put32(blob, FDTB_MAGIC, 0xd00dfeed);
	fdtb_put32(blob, FDTB_TOTALSIZE, (uint32_t)total);
	fdtb_put32(blob, FDTB_OFF_STRUCT, (uint32_t)st_off);
	fdtb_put32(blob, FDTB_OFF_STRINGS, (uint32_t)str_off);
	fdtb_put32(blob, FDTB_OFF_RSVMAP, (uint32_t)rsv_off);
	fdtb_put32(blob, FDTB_VERSION, 17);
	fdtb_put32(blob, FDTB_LAST_COMP, 16);
	fdtb_put32(blob, FDTB_SIZE_STRINGS, (uint32_t)b->str_len);
	fdtb_put32(blob, FDTB_SIZE_STRUCT, (uint32_t)b->st_len);
	for (i = 0; i < b->nrsv; i++) {
		size_t e = rsv_off + (size_t)i * 16;

		fdtb_put32(blob, e, (uint32_t)(b->rsv[i][0] >> 32));
		fdtb_put32(blob, e + 4, (uint32_t)b->rsv[i][0]);
		fdtb_put32(blob, e + 8, (uint32_t)(b->rsv[i][1] >> 32));
		fdtb_put32(blob, e + 12, (uint32_t)b->rsv[i][1]);
	}
	if (b->st_len)
		memcpy(blob + st_off, b->st, b->st_len);
	if (b->str_len)
		memcpy(blob + str_off, b->str, b->str_len);
	free(b->st);
	free(b->str);
	memset(b, 0, sizeof(*b));
	*size = total;
	return blob;
}

uint8_t *fdtb_finish(struct fdtb *b, size_t *size)
{
	fdtb_token(b, 9);
	return fdtb_finish_raw(b, size);
}
