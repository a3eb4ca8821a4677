/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests for drivers/of/fdt.c, run under ASan and UBSan.
 *
 * Blobs come from tests/host/fdt_build.c, allocated with their exact size
 * so that any read past totalsize is an ASan report. Covers header and
 * structure validation (error code and message for each rule), lookups,
 * address translation, boot information, then robustness: every
 * truncation and a few thousand deterministic corruptions of a realistic
 * blob must fail fdt_init() or survive a full walk of the API.
 */
#include "meridian/errno.h"
#include "meridian/fdt.h"
#include "meridian/types.h"

#include <stdlib.h>
#include <string.h>

#include "fdt_build.h"
#include "ktest_host.h"

#define CORRUPT_ROUNDS 6000

/* A blob with the bytes it holds; the buffer is exactly size bytes. */
struct blob {
	u8 *p;
	size_t size;
};

static struct blob finish(struct fdtb *b)
{
	struct blob bl;

	bl.p = fdtb_finish(b, &bl.size);
	return bl;
}

/* Duplicate len bytes of src into an exact-size heap buffer. */
static u8 *dup_bytes(const u8 *src, size_t len)
{
	u8 *p = malloc(len ? len : 1);

	if (!p)
		abort();
	if (len)
		memcpy(p, src, len);
	return p;
}

static bool has_substr(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

/* ---- test boards ---- */

/*
 * A vexpress-a15/virt flavoured board: 2-cell root, three banks (one
 * above 4 GiB), chosen with 32-bit initrd and aliased stdout, reserved
 * memory, cpus, a simple-bus with ranges, a nested bus, a bus without
 * ranges and one with empty ranges.
 */
static struct blob build_board(void)
{
	struct fdtb b;

	fdtb_init(&b);
	fdtb_rsv(&b, 0x80000000, 0x10000);
	fdtb_rsv(&b, 0x8ff00000, 0x100000);
	fdtb_begin(&b, "");
	fdtb_prop_cells(&b, "#address-cells", 1, 2);
	fdtb_prop_cells(&b, "#size-cells", 1, 2);
	fdtb_prop_str(&b, "model", "V2P-CA15");
	fdtb_prop(&b, "compatible", "arm,vexpress,v2p-ca15,tc1\0arm,vexpress", 39);

	fdtb_begin(&b, "chosen");
	fdtb_prop_str(&b, "bootargs", "console=ttyAMA0 root=/dev/vda rw");
	fdtb_prop_str(&b, "stdout-path", "serial0:38400n8");
	fdtb_prop_cells(&b, "linux,initrd-start", 1, 0x84000000);
	fdtb_prop_cells(&b, "linux,initrd-end", 1, 0x84200000);
	fdtb_end(&b);

	fdtb_begin(&b, "aliases");
	fdtb_prop_str(&b, "serial0", "/soc/uart@1c090000");
	fdtb_prop_str(&b, "serial1", "/soc/uart@1c0a0000");
	fdtb_prop_str(&b, "bus", "/soc/bus@1c200000");
	fdtb_prop_str(&b, "relative", "soc");
	fdtb_prop(&b, "unterminated", "/soc", 4);
	fdtb_end(&b);

	fdtb_begin(&b, "memory@80000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x80000000, 0x4, 0x0);
	fdtb_end(&b);

	fdtb_begin(&b, "memory@880000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_str(&b, "status", "okay");
	fdtb_prop_cells(&b, "reg", 8, 0x8, 0x80000000, 0, 0x10000000,
			0x10, 0, 0, 0);
	fdtb_end(&b);

	fdtb_begin(&b, "memory@c0000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_str(&b, "status", "disabled");
	fdtb_prop_cells(&b, "reg", 4, 0, 0xc0000000, 0, 0x1000);
	fdtb_end(&b);

	fdtb_begin(&b, "sram@2e000000");
	fdtb_prop_str(&b, "device_type", "sram");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x2e000000, 0, 0x10000);
	fdtb_end(&b);

	fdtb_begin(&b, "reserved-memory");
	fdtb_prop_cells(&b, "#address-cells", 1, 2);
	fdtb_prop_cells(&b, "#size-cells", 1, 2);
	fdtb_prop_empty(&b, "ranges");
	fdtb_begin(&b, "secmon@ff000000");
	fdtb_prop_cells(&b, "reg", 4, 0, 0xff000000, 0, 0x100000);
	fdtb_prop_empty(&b, "no-map");
	fdtb_end(&b);
	fdtb_begin(&b, "linux,cma");
	fdtb_prop_str(&b, "compatible", "shared-dma-pool");
	fdtb_prop_cells(&b, "size", 2, 0, 0x4000000);
	fdtb_prop_empty(&b, "reusable");
	fdtb_end(&b);
	fdtb_begin(&b, "off@1000");
	fdtb_prop_str(&b, "status", "disabled");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x1000, 0, 0x1000);
	fdtb_end(&b);
	fdtb_begin(&b, "fb@9f000000");
	fdtb_prop_cells(&b, "reg", 8, 0, 0x9f000000, 0, 0x800000,
			0x1, 0x0, 0, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);

	fdtb_begin(&b, "cpus");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 0);
	fdtb_begin(&b, "cpu@0");
	fdtb_prop_str(&b, "device_type", "cpu");
	fdtb_prop_str(&b, "compatible", "arm,cortex-a15");
	fdtb_prop_cells(&b, "reg", 1, 0);
	fdtb_end(&b);
	fdtb_begin(&b, "cpu@1");
	fdtb_prop_str(&b, "device_type", "cpu");
	fdtb_prop_str(&b, "compatible", "arm,cortex-a15");
	fdtb_prop_cells(&b, "reg", 1, 1);
	fdtb_end(&b);
	fdtb_end(&b);

	fdtb_begin(&b, "soc");
	fdtb_prop_str(&b, "compatible", "simple-bus");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	/* child (1 cell), parent (2 cells), size (1 cell) */
	fdtb_prop_cells(&b, "ranges", 8, 0x1c000000, 0, 0x1c000000, 0x1000000,
			0x0, 0x8, 0x0, 0x100000);
	fdtb_begin(&b, "uart@1c090000");
	fdtb_prop(&b, "compatible", "arm,pl011\0arm,primecell", 24);
	fdtb_prop_cells(&b, "reg", 2, 0x1c090000, 0x1000);
	fdtb_end(&b);
	fdtb_begin(&b, "uart@1c0a0000");
	fdtb_prop(&b, "compatible", "arm,pl011\0arm,primecell", 24);
	fdtb_prop_cells(&b, "reg", 2, 0x1c0a0000, 0x1000);
	fdtb_prop_str(&b, "status", "disabled");
	fdtb_end(&b);
	fdtb_begin(&b, "timer@1c110000");
	fdtb_prop(&b, "compatible", "arm,sp804\0arm,primecell", 24);
	fdtb_prop_cells(&b, "reg", 2, 0x1c110000, 0x1000);
	fdtb_prop_str(&b, "status", "ok");
	fdtb_end(&b);
	fdtb_begin(&b, "flash@0");
	fdtb_prop_cells(&b, "reg", 2, 0x0, 0x10000);
	fdtb_end(&b);
	fdtb_begin(&b, "bus@1c200000");
	fdtb_prop_str(&b, "compatible", "simple-bus");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_cells(&b, "ranges", 3, 0x0, 0x1c200000, 0x10000);
	fdtb_begin(&b, "dev@100");
	fdtb_prop_str(&b, "compatible", "vendor,dev");
	fdtb_prop_cells(&b, "reg", 4, 0x100, 0x10, 0x200, 0x20);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "nobus@1c300000");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_begin(&b, "dev@0");
	fdtb_prop_cells(&b, "reg", 2, 0x0, 0x4);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);

	fdtb_begin(&b, "platform@c000000");
	fdtb_prop(&b, "compatible", "qemu,platform\0simple-bus", 25);
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_empty(&b, "ranges");
	fdtb_begin(&b, "virtio_mmio@a000000");
	fdtb_prop_str(&b, "compatible", "virtio,mmio");
	fdtb_prop_cells(&b, "reg", 2, 0xa000000, 0x200);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	return finish(&b);
}

/*
 * A Raspberry Pi 2 flavoured board: 1-cell root, soc bus mapping
 * 0x7e000000 -> 0x3f000000, 64-bit initrd cells, absolute stdout-path.
 */
static struct blob build_pi(void)
{
	struct fdtb b;

	fdtb_init(&b);
	fdtb_rsv(&b, 0x0, 0x1000);
	fdtb_begin(&b, "");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_str(&b, "compatible", "raspberrypi,2-model-b");

	fdtb_begin(&b, "chosen");
	fdtb_prop_str(&b, "bootargs", "8250.nr_uarts=1 console=ttyAMA0,115200");
	fdtb_prop_str(&b, "stdout-path", "/soc/serial@7e201000");
	fdtb_prop_u64(&b, "linux,initrd-start", 0x2000000);
	fdtb_prop_u64(&b, "linux,initrd-end", 0x2800000);
	fdtb_end(&b);

	fdtb_begin(&b, "memory@0");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 2, 0x0, 0x3b400000);
	fdtb_end(&b);

	fdtb_begin(&b, "soc");
	fdtb_prop_str(&b, "compatible", "simple-bus");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_cells(&b, "ranges", 6, 0x7e000000, 0x3f000000, 0x01000000,
			0x40000000, 0x40000000, 0x00001000);
	fdtb_begin(&b, "serial@7e201000");
	fdtb_prop(&b, "compatible", "arm,pl011\0arm,primecell", 24);
	fdtb_prop_cells(&b, "reg", 2, 0x7e201000, 0x200);
	fdtb_end(&b);
	fdtb_begin(&b, "local_intc@40000000");
	fdtb_prop_str(&b, "compatible", "brcm,bcm2836-l1-intc");
	fdtb_prop_cells(&b, "reg", 2, 0x40000000, 0x100);
	fdtb_end(&b);
	fdtb_begin(&b, "outside@80000000");
	fdtb_prop_cells(&b, "reg", 2, 0x80000000, 0x100);
	fdtb_end(&b);
	fdtb_begin(&b, "straddle@7efff000");
	fdtb_prop_cells(&b, "reg", 2, 0x7efff000, 0x2000);
	fdtb_end(&b);
	fdtb_begin(&b, "odd@7e300000");
	fdtb_prop_cells(&b, "reg", 3, 0x7e300000, 0x100, 0x7e300100);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	return finish(&b);
}

/* The smallest valid tree: a root with one property. */
static struct blob build_tiny(void)
{
	struct fdtb b;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_end(&b);
	return finish(&b);
}

static int init_ok(struct fdt *fdt, const struct blob *bl)
{
	int ret = fdt_init(fdt, bl->p, bl->size);

	CHECK_MSG(ret == 0, "fdt_init: %d: %s", ret, fdt->err);
	return ret;
}

/* ---- header and layout validation ---- */

/* Patch one header word of a copy of tiny, init with avail, check result. */
static void expect_hdr(size_t field, u32 val, size_t avail, int err,
		       const char *msg)
{
	struct blob bl = build_tiny();
	struct fdt fdt;
	int ret;

	if (field != (size_t)-1)
		fdtb_put32(bl.p, field, val);
	if (avail == (size_t)-1)
		avail = bl.size;
	ret = fdt_init(&fdt, bl.p, avail);
	CHECK_EQ(ret, err);
	CHECK_MSG(has_substr(fdt.err, msg), "err \"%s\" lacks \"%s\"", fdt.err,
		  msg);
	/* a failed view is inert */
	CHECK_EQ(fdt_root(&fdt), -EINVAL);
	CHECK_EQ(fdt_rsv_count(&fdt), -EBADMSG);
	CHECK(fdt_getprop(&fdt, 0, "#address-cells", NULL) == NULL);
	free(bl.p);
}

static void test_header(void)
{
	struct blob bl = build_tiny();
	char want[96];
	struct fdt fdt;
	u32 st, total = (u32)bl.size;

	CHECK_EQ(init_ok(&fdt, &bl), 0);
	CHECK_EQ(fdt.err[0], 0);
	CHECK_EQ(fdt.totalsize, bl.size);
	CHECK_EQ(fdt.version, 17);
	st = fdt.off_struct;

	CHECK_EQ(fdt_init(NULL, bl.p, bl.size), -EINVAL);
	CHECK_EQ(fdt_init(&fdt, NULL, 100), -EINVAL);
	expect_hdr(-1, 0, 3, -EOVERFLOW, "only 3 bytes available");
	expect_hdr(FDTB_MAGIC, 0x12345678, -1, -EINVAL,
		   "bad magic 0x12345678 (expected 0xd00dfeed)");
	expect_hdr(-1, 0, 39, -EOVERFLOW, "too few for the 40-byte header");
	expect_hdr(FDTB_VERSION, 15, -1, -EINVAL, "unsupported version 15");
	expect_hdr(FDTB_LAST_COMP, 18, -1, -EINVAL,
		   "last compatible version 18 is newer than 17");
	snprintf(want, sizeof(want),
		 "totalsize 0x2000 exceeds the 0x%x bytes available", total);
	expect_hdr(FDTB_TOTALSIZE, 0x2000, -1, -EOVERFLOW, want);
	expect_hdr(FDTB_TOTALSIZE, 20, -1, -EBADMSG,
		   "totalsize 0x14 is smaller than the 40-byte header");
	/* avail is only a claim here: the check must come before any read */
	expect_hdr(FDTB_TOTALSIZE, 0x80000000, 0x90000000, -EOVERFLOW,
		   "over the 0x7fffffff limit");
	expect_hdr(FDTB_OFF_STRUCT, st + 2, -1, -EBADMSG,
		   "structure block offset");
	expect_hdr(FDTB_OFF_STRUCT, st + 2, -1, -EBADMSG, "not 4-byte aligned");
	expect_hdr(FDTB_OFF_STRUCT, 0xfffffff0, -1, -EBADMSG,
		   "runs past totalsize");
	expect_hdr(FDTB_OFF_STRUCT, 8, -1, -EBADMSG,
		   "structure block offset 0x8 overlaps the header");
	expect_hdr(FDTB_SIZE_STRUCT, 0xffffffff, -1, -EBADMSG,
		   "(0xffffffff bytes) runs past totalsize");
	expect_hdr(FDTB_SIZE_STRINGS, 0xfffffff0, -1, -EBADMSG,
		   "strings block at");
	expect_hdr(FDTB_OFF_STRINGS, 0xffffffff, -1, -EBADMSG,
		   "strings block at 0xffffffff");
	expect_hdr(FDTB_OFF_RSVMAP, 44, -1, -EBADMSG,
		   "memory reservation map offset 0x2c is not 8-byte aligned");
	expect_hdr(FDTB_OFF_RSVMAP, 0, -1, -EBADMSG,
		   "memory reservation map offset 0x0 overlaps the header");
	expect_hdr(FDTB_OFF_RSVMAP, ALIGN_DOWN(total - 8, 8), -1, -EBADMSG,
		   "memory reservation map at");
	expect_hdr(FDTB_OFF_STRINGS, st, -1, -EBADMSG,
		   "structure block overlaps the strings block");
	expect_hdr(FDTB_SIZE_STRUCT, 8, -1, -EBADMSG,
		   "without an END token");
	free(bl.p);
}

/* The rsvmap terminator is missing: the scan must stop at totalsize. */
static void test_rsvmap_unterminated(void)
{
	static const u8 zeros[32];
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	size_t i;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_end(&b);
	bl = finish(&b);
	/* fill the terminator and everything after it with 0xff */
	for (i = FDTB_HDR_SIZE; i < bl.size; i++)
		bl.p[i] = 0xff;
	CHECK_EQ(fdt_init(&fdt, bl.p, bl.size), -EBADMSG);
	CHECK_STR(fdt.err,
		  "memory reservation map at 0x28 has no {0,0} terminator");
	free(bl.p);

	/* a map whose {0,0} lies inside a zero property value */
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_prop(&b, "zeros", zeros, sizeof(zeros));	/* value at 56+20 */
	fdtb_end(&b);
	bl = finish(&b);
	fdtb_put32(bl.p, FDTB_OFF_RSVMAP, 80);
	CHECK_EQ(fdt_init(&fdt, bl.p, bl.size), -EBADMSG);
	CHECK_STR(fdt.err, "memory reservation map overlaps the structure block");
	free(bl.p);
}

/* Init a structure block made by fill(); expect err and message. */
static void expect_struct(void (*fill)(struct fdtb *b), int err,
			  const char *msg)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	int ret;

	fdtb_init(&b);
	fill(&b);
	bl.p = fdtb_finish_raw(&b, &bl.size);
	ret = fdt_init(&fdt, bl.p, bl.size);
	CHECK_EQ(ret, err);
	CHECK_MSG(has_substr(fdt.err, msg), "err \"%s\" lacks \"%s\"", fdt.err,
		  msg);
	free(bl.p);
}

static void s_nop_first(struct fdtb *b)
{
	fdtb_token(b, FDT_NOP);
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_unknown_token(struct fdtb *b)
{
	fdtb_begin(b, "");	/* 8 bytes */
	fdtb_token(b, 7);
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_prop_too_long(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_prop_str(b, "a", "b");	/* at 0x8, 16 bytes */
	fdtb_prop_raw(b, fdtb_string(b, "x"), 0x1000, "abcd", 4);	/* 0x18 */
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_prop_len_wraps(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_prop_raw(b, fdtb_string(b, "x"), 0xfffffffc, "abcd", 4);
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_prop_header_cut(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_token(b, FDT_PROP);
	fdtb_token(b, 0);	/* no nameoff word: block ends */
}

static void s_nameoff_outside(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_prop_str(b, "a", "b");
	fdtb_prop_raw(b, 0x4000, 4, "abcd", 4);
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_name_unterminated(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_strings_raw(b, "abc", 3);	/* no NUL at the end of the block */
	fdtb_prop_raw(b, 0, 0, "", 0);
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_node_name_cut(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_token(b, FDT_BEGIN_NODE);
	fdtb_bytes(b, "abcdefgh", 8);	/* no NUL before the block ends */
}

static void s_extra_end_node(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_end(b);	/* at 0xc */
	fdtb_token(b, FDT_END);
}

static void s_missing_end(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
}

static void s_two_roots(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_begin(b, "");	/* at 0xc */
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void nest(struct fdtb *b, int levels)
{
	int i;

	for (i = 0; i < levels; i++)
		fdtb_begin(b, i ? "n" : "");
	for (i = 0; i < levels; i++)
		fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_depth_ok(struct fdtb *b)
{
	nest(b, FDT_MAX_DEPTH);
}

static void s_too_deep(struct fdtb *b)
{
	nest(b, FDT_MAX_DEPTH + 1);
}

static void s_prop_after_child(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_begin(b, "child");	/* 0x8 */
	fdtb_end(b);		/* 0x14 */
	fdtb_prop_str(b, "late", "x");	/* 0x18 */
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_end_inside(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_begin(b, "child");
	fdtb_end(b);
	fdtb_token(b, FDT_END);
}

static void s_prop_outside(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_prop_str(b, "stray", "x");	/* 0xc */
	fdtb_token(b, FDT_END);
}

static void s_trailing_nops(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_token(b, FDT_NOP);
	fdtb_prop_str(b, "a", "b");
	fdtb_token(b, FDT_NOP);
	fdtb_end(b);
	fdtb_token(b, FDT_NOP);
	fdtb_token(b, FDT_END);
	fdtb_token(b, 0xdeadbeef);	/* after END: ignored */
}

static void test_struct_walk(void)
{
	expect_struct(s_nop_first, -EBADMSG,
		      "structure block starts with token 0x4, not BEGIN_NODE");
	expect_struct(s_unknown_token, -EBADMSG,
		      "unknown token 0x7 at struct offset 0x8");
	expect_struct(s_prop_too_long, -EBADMSG,
		      "property at struct offset 0x18 runs past the structure block");
	expect_struct(s_prop_len_wraps, -EBADMSG,
		      "property at struct offset 0x8 runs past the structure block");
	expect_struct(s_prop_header_cut, -EBADMSG,
		      "property at struct offset 0x8 runs past the structure block");
	expect_struct(s_nameoff_outside, -EBADMSG,
		      "property at struct offset 0x18 has name offset 0x4000 outside the strings block");
	expect_struct(s_name_unterminated, -EBADMSG,
		      "property at struct offset 0x8 has a name running past the strings block");
	expect_struct(s_node_name_cut, -EBADMSG,
		      "node name at struct offset 0x8 runs past the structure block");
	expect_struct(s_extra_end_node, -EBADMSG,
		      "END_NODE at struct offset 0xc closes no node");
	expect_struct(s_missing_end, -EBADMSG, "without an END token");
	expect_struct(s_two_roots, -EBADMSG,
		      "second root node at struct offset 0xc");
	expect_struct(s_depth_ok, 0, "");
	expect_struct(s_too_deep, -EBADMSG, "nodes nested deeper than 64");
	expect_struct(s_prop_after_child, -EBADMSG,
		      "property at struct offset 0x18 follows a subnode");
	expect_struct(s_end_inside, -EBADMSG, "inside 1 open node(s)");
	expect_struct(s_prop_outside, -EBADMSG,
		      "property at struct offset 0xc is outside the root node");
	expect_struct(s_trailing_nops, 0, "");
}

/* A v16 blob has no size_dt_struct: the walk finds the END itself. */
static void test_v16(void)
{
	struct blob bl = build_tiny();
	struct fdt fdt;
	u32 val;

	fdtb_put32(bl.p, FDTB_VERSION, 16);
	fdtb_put32(bl.p, FDTB_SIZE_STRUCT, 0xdeadbeef);	/* not a v16 field */
	CHECK_EQ(init_ok(&fdt, &bl), 0);
	CHECK_EQ(fdt.version, 16);
	CHECK_EQ(fdt.size_struct, 8 + 16 + 4 + 4);
	CHECK_EQ(fdt_getprop_u32(&fdt, 0, "#address-cells", &val), 0);
	CHECK_EQ(val, 1);
	free(bl.p);
}

/* ---- lookups ---- */

static void test_props(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	const char *s;
	const u8 *v;
	int node, len;
	u32 val;

	if (init_ok(&fdt, &bl))
		goto out;
	CHECK_EQ(fdt_root(&fdt), 0);
	s = fdt_getprop(&fdt, 0, "model", &len);
	CHECK_EQ(len, 9);
	CHECK_STR(s, "V2P-CA15");
	CHECK(fdt_getprop(&fdt, 0, "nonexistent", &len) == NULL);
	CHECK_EQ(len, -ENOENT);
	CHECK(fdt_getprop(&fdt, 0, "model", NULL) != NULL);
	CHECK(fdt_getprop(&fdt, 0, "mode", NULL) == NULL);
	CHECK(fdt_getprop(&fdt, 0, "modelx", NULL) == NULL);
	CHECK(fdt_getprop(&fdt, 0, NULL, &len) == NULL);
	CHECK_EQ(len, -EINVAL);
	CHECK(fdt_getprop(&fdt, 3, "model", &len) == NULL);
	CHECK_EQ(len, -EINVAL);
	CHECK(fdt_getprop(&fdt, -1, "model", &len) == NULL);
	CHECK(fdt_getprop(&fdt, 0x7ffffffc, "model", &len) == NULL);

	CHECK_EQ(fdt_getprop_u32(&fdt, 0, "#size-cells", &val), 0);
	CHECK_EQ(val, 2);
	CHECK_EQ(fdt_getprop_u32(&fdt, 0, "model", &val), -EINVAL);
	CHECK_EQ(fdt_getprop_u32(&fdt, 0, "absent", &val), -ENOENT);

	node = fdt_path_offset(&fdt, "/reserved-memory");
	v = fdt_getprop(&fdt, node, "ranges", &len);
	CHECK(v != NULL);
	CHECK_EQ(len, 0);
	CHECK(fdt_getprop_str(&fdt, node, "ranges") == NULL);	/* empty */
	node = fdt_path_offset(&fdt, "/aliases");
	CHECK(fdt_getprop_str(&fdt, node, "unterminated") == NULL);
	CHECK_STR(fdt_getprop_str(&fdt, node, "serial0"), "/soc/uart@1c090000");
	CHECK_STR(fdt_getprop_str(&fdt, 0, "compatible"),
		  "arm,vexpress,v2p-ca15,tc1");
out:
	free(bl.p);
}

/* Build "/a/b@1" for node into buf by walking parents. */
static void node_path(const struct fdt *fdt, int node, char *buf, size_t cap)
{
	char tmp[512];
	int parent;

	buf[0] = '\0';
	while ((parent = fdt_parent(fdt, node)) >= 0) {
		snprintf(tmp, sizeof(tmp), "/%s%s", fdt_node_name(fdt, node), buf);
		snprintf(buf, cap, "%s", tmp);
		node = parent;
	}
	if (!buf[0])
		snprintf(buf, cap, "/");
}

static void test_walk(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	int node, depth, soc, child, n = 0, prev = -1, maxdepth = 0;
	char path[512];

	if (init_ok(&fdt, &bl))
		goto out;
	CHECK_STR(fdt_node_name(&fdt, 0), "");
	CHECK_EQ(fdt_parent(&fdt, 0), -ENOENT);
	CHECK_EQ(fdt_next_sibling(&fdt, 0), -ENOENT);
	CHECK(fdt_node_name(&fdt, 2) == NULL);
	CHECK_EQ(fdt_first_child(&fdt, 1), -EINVAL);
	CHECK_EQ(fdt_next_sibling(&fdt, -5), -EINVAL);
	CHECK_EQ(fdt_next_node(&fdt, -2, NULL), -EINVAL);
	/* an aligned offset inside a property value is not a node */
	CHECK_EQ(fdt_parent(&fdt, 12), -EINVAL);

	node = fdt_first_child(&fdt, 0);
	CHECK_STR(fdt_node_name(&fdt, node), "chosen");
	node = fdt_next_sibling(&fdt, node);
	CHECK_STR(fdt_node_name(&fdt, node), "aliases");
	CHECK_EQ(fdt_first_child(&fdt, node), -ENOENT);

	soc = fdt_path_offset(&fdt, "/soc");
	CHECK(soc > 0);
	for (child = fdt_first_child(&fdt, soc); child >= 0;
	     child = fdt_next_sibling(&fdt, child)) {
		CHECK_EQ(fdt_parent(&fdt, child), soc);
		n++;
	}
	CHECK_EQ(child, -ENOENT);
	CHECK_EQ(n, 6);

	/* depth-first walk: offsets increase, paths round-trip */
	n = 0;
	for (node = fdt_next_node(&fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(&fdt, node, &depth)) {
		CHECK(node > prev);
		prev = node;
		maxdepth = MAX(maxdepth, depth);
		node_path(&fdt, node, path, sizeof(path));
		CHECK_MSG(fdt_path_offset(&fdt, path) == node, "path %s", path);
		n++;
	}
	CHECK_EQ(node, -ENOENT);
	CHECK_EQ(n, 26);
	CHECK_EQ(maxdepth, 3);

	/* a subtree walk stops when it leaves the subtree */
	n = 0;
	depth = 0;
	for (node = fdt_next_node(&fdt, soc, &depth); node >= 0;
	     node = fdt_next_node(&fdt, node, &depth))
		n++;
	CHECK_EQ(n, 8);	/* soc's descendants, not soc itself */
	CHECK_EQ(node, -ENOENT);
out:
	free(bl.p);
}

static void test_paths(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	int uart, uart2, node;

	if (init_ok(&fdt, &bl))
		goto out;
	CHECK_EQ(fdt_path_offset(&fdt, "/"), 0);
	CHECK_EQ(fdt_path_offset(&fdt, "//"), 0);
	CHECK_EQ(fdt_path_offset(&fdt, ""), -EINVAL);
	CHECK_EQ(fdt_path_offset(&fdt, NULL), -EINVAL);
	uart = fdt_path_offset(&fdt, "/soc/uart@1c090000");
	CHECK(uart > 0);
	CHECK_STR(fdt_node_name(&fdt, uart), "uart@1c090000");
	uart2 = fdt_path_offset(&fdt, "/soc/uart@1c0a0000");
	CHECK(uart2 > uart);
	/* without a unit address: the first uart@ */
	CHECK_EQ(fdt_path_offset(&fdt, "/soc/uart"), uart);
	CHECK_EQ(fdt_path_offset(&fdt, "/soc//uart/"), uart);
	CHECK_EQ(fdt_path_offset(&fdt, "/soc/uart@1c0b0000"), -ENOENT);
	CHECK_EQ(fdt_path_offset(&fdt, "/soc/uar"), -ENOENT);
	CHECK_EQ(fdt_path_offset(&fdt, "/soc/uart@"), -ENOENT);
	CHECK_EQ(fdt_path_offset(&fdt, "/chosen/x"), -ENOENT);
	CHECK_EQ(fdt_path_offset(&fdt, "/nope"), -ENOENT);
	CHECK(fdt_path_offset(&fdt, "/memory") > 0);
	CHECK_STR(fdt_node_name(&fdt, fdt_path_offset(&fdt, "/memory")),
		  "memory@80000000");
	CHECK_STR(fdt_node_name(&fdt,
				fdt_path_offset(&fdt, "/soc/bus/dev@100")),
		  "dev@100");

	/* aliases */
	CHECK_EQ(fdt_path_offset(&fdt, "serial0"), uart);
	CHECK_EQ(fdt_path_offset(&fdt, "serial1"), uart2);
	node = fdt_path_offset(&fdt, "bus/dev");
	CHECK_STR(fdt_node_name(&fdt, node), "dev@100");
	CHECK_EQ(fdt_path_offset(&fdt, "serial9"), -ENOENT);
	CHECK_EQ(fdt_path_offset(&fdt, "relative"), -EINVAL);
	CHECK_EQ(fdt_path_offset(&fdt, "unterminated"), -EINVAL);
	CHECK_EQ(fdt_path_offset(&fdt, "serial"), -ENOENT);
out:
	free(bl.p);
}

/* Exact names win over unit-address-less matches, whatever the order. */
static void test_path_exact_first(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	int node;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "serial@1");
	fdtb_end(&b);
	fdtb_begin(&b, "serial");
	fdtb_end(&b);
	fdtb_begin(&b, "serial@2");
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		node = fdt_path_offset(&fdt, "/serial");
		CHECK_STR(fdt_node_name(&fdt, node), "serial");
		node = fdt_path_offset(&fdt, "/serial@2");
		CHECK_STR(fdt_node_name(&fdt, node), "serial@2");
		CHECK_EQ(fdt_path_offset(&fdt, "serial"), -ENOENT); /* no /aliases */
	}
	free(bl.p);
}

static void test_compatible(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	int node, n = 0, uart;

	if (init_ok(&fdt, &bl))
		goto out;
	uart = fdt_path_offset(&fdt, "serial0");
	CHECK(fdt_node_is_compatible(&fdt, uart, "arm,pl011"));
	CHECK(fdt_node_is_compatible(&fdt, uart, "arm,primecell"));
	CHECK(!fdt_node_is_compatible(&fdt, uart, "arm,pl01"));
	CHECK(!fdt_node_is_compatible(&fdt, uart, "arm,pl0111"));
	CHECK(!fdt_node_is_compatible(&fdt, uart, NULL));
	CHECK(!fdt_node_is_compatible(&fdt, 5, "arm,pl011"));
	CHECK(fdt_node_is_compatible(&fdt, 0, "arm,vexpress"));

	for (node = fdt_next_compatible(&fdt, -1, "arm,primecell"); node >= 0;
	     node = fdt_next_compatible(&fdt, node, "arm,primecell"))
		n++;
	CHECK_EQ(n, 3);
	CHECK_EQ(node, -ENOENT);
	CHECK_EQ(fdt_next_compatible(&fdt, -1, "arm,pl011"), uart);
	CHECK_EQ(fdt_next_compatible(&fdt, -1, "arm,vexpress"), 0);
	CHECK_EQ(fdt_next_compatible(&fdt, -1, "none"), -ENOENT);
	CHECK_EQ(fdt_next_compatible(&fdt, 7, "arm,pl011"), -EINVAL);

	/* status */
	CHECK(fdt_node_is_available(&fdt, uart));	/* absent */
	CHECK(!fdt_node_is_available(&fdt, fdt_path_offset(&fdt, "serial1")));
	CHECK(fdt_node_is_available(&fdt, fdt_path_offset(&fdt, "/soc/timer")));
	CHECK(fdt_node_is_available(&fdt,
				    fdt_path_offset(&fdt, "/memory@880000000")));
	CHECK(!fdt_node_is_available(&fdt, 1));
out:
	free(bl.p);
}

/* #address-cells / #size-cells: defaults, limits, malformed values. */
static void test_cells(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	int n;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "dflt");
	fdtb_end(&b);
	fdtb_begin(&b, "three");
	fdtb_prop_cells(&b, "#address-cells", 1, 3);
	fdtb_prop_cells(&b, "#size-cells", 1, 3);
	fdtb_end(&b);
	fdtb_begin(&b, "zero");
	fdtb_prop_cells(&b, "#address-cells", 1, 0);
	fdtb_prop_cells(&b, "#size-cells", 1, 0);
	fdtb_begin(&b, "child");
	fdtb_prop_cells(&b, "reg", 1, 0);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "long");
	fdtb_prop_cells(&b, "#address-cells", 2, 0, 1);
	fdtb_prop_cells(&b, "#size-cells", 2, 0, 1);
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (init_ok(&fdt, &bl))
		goto out;
	n = fdt_path_offset(&fdt, "/dflt");
	CHECK_EQ(fdt_address_cells(&fdt, n), 2);
	CHECK_EQ(fdt_size_cells(&fdt, n), 1);
	n = fdt_path_offset(&fdt, "/three");
	CHECK_EQ(fdt_address_cells(&fdt, n), -EINVAL);
	CHECK_EQ(fdt_size_cells(&fdt, n), -EINVAL);
	n = fdt_path_offset(&fdt, "/zero");
	CHECK_EQ(fdt_address_cells(&fdt, n), -EINVAL);
	CHECK_EQ(fdt_size_cells(&fdt, n), 0);
	CHECK_EQ(fdt_reg(&fdt, fdt_path_offset(&fdt, "/zero/child"), 0, NULL,
			 NULL), -EINVAL);
	n = fdt_path_offset(&fdt, "/long");
	CHECK_EQ(fdt_address_cells(&fdt, n), -EINVAL);
	CHECK_EQ(fdt_size_cells(&fdt, n), -EINVAL);
	CHECK_EQ(fdt_address_cells(&fdt, 1), -EINVAL);
out:
	free(bl.p);
}

/* fdt_reg on node at path; expect ret and, on success, addr/size. */
static void expect_reg(const struct fdt *fdt, const char *path, int index,
		       int ret, u64 addr, u64 size)
{
	phys_addr_t a = 0;
	u64 s = 0;
	int got;

	got = fdt_reg(fdt, fdt_path_offset(fdt, path), index, &a, &s);
	CHECK_MSG(got == ret, "%s[%d]: got %d, want %d", path, index, got, ret);
	if (!ret && !got) {
		CHECK_EQ(a, addr);
		CHECK_EQ(s, size);
	}
}

static void test_reg(void)
{
	struct blob bl = build_board(), pi = build_pi();
	struct fdt fdt;

	if (!init_ok(&fdt, &bl)) {
		expect_reg(&fdt, "/memory@80000000", 0, 0, 0x80000000,
			   0x400000000ULL);
		expect_reg(&fdt, "/memory@80000000", 1, -ENOENT, 0, 0);
		expect_reg(&fdt, "/memory@880000000", 1, 0, 0x1000000000ULL, 0);
		/* /cpus has no ranges: a cpu's reg is no bus address */
		expect_reg(&fdt, "/cpus/cpu@1", 0, -EINVAL, 0, 0);
		expect_reg(&fdt, "/cpus", 0, -ENOENT, 0, 0);
		expect_reg(&fdt, "/", 0, -EINVAL, 0, 0);
		expect_reg(&fdt, "/soc/uart@1c090000", 0, 0, 0x1c090000, 0x1000);
		expect_reg(&fdt, "/soc/uart@1c090000", -1, -EINVAL, 0, 0);
		/* the second ranges entry maps child 0 to 0x800000000 */
		expect_reg(&fdt, "/soc/flash@0", 0, 0, 0x800000000ULL, 0x10000);
		/* two levels of ranges */
		expect_reg(&fdt, "/soc/bus/dev@100", 0, 0, 0x1c200100, 0x10);
		expect_reg(&fdt, "/soc/bus/dev@100", 1, 0, 0x1c200200, 0x20);
		expect_reg(&fdt, "/soc/bus/dev@100", 2, -ENOENT, 0, 0);
		expect_reg(&fdt, "/soc/nobus/dev@0", 0, -EINVAL, 0, 0);
		/* empty ranges: 1:1 */
		expect_reg(&fdt, "/platform/virtio_mmio@a000000", 0, 0,
			   0xa000000, 0x200);
		CHECK_EQ(fdt_reg(&fdt, 5, 0, NULL, NULL), -EINVAL);
		CHECK_EQ(fdt_reg(&fdt, fdt_path_offset(&fdt, "serial0"), 0, NULL,
				 NULL), 0);
	}
	if (!init_ok(&fdt, &pi)) {
		expect_reg(&fdt, "/soc/serial@7e201000", 0, 0, 0x3f201000, 0x200);
		expect_reg(&fdt, "/soc/local_intc", 0, 0, 0x40000000, 0x100);
		expect_reg(&fdt, "/soc/outside", 0, -ERANGE, 0, 0);
		expect_reg(&fdt, "/soc/straddle", 0, -ERANGE, 0, 0);
		expect_reg(&fdt, "/soc/odd", 0, -EINVAL, 0, 0);
		expect_reg(&fdt, "/memory", 0, 0, 0, 0x3b400000);
	}
	free(bl.p);
	free(pi.p);
}

/* Arithmetic edges: wrapping entries and 1-cell parents. */
static void test_reg_overflow(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_begin(&b, "wide");	/* a 64-bit bus under a 32-bit root */
	fdtb_prop_cells(&b, "#address-cells", 1, 2);
	fdtb_prop_cells(&b, "#size-cells", 1, 2);
	fdtb_prop_empty(&b, "ranges");
	fdtb_begin(&b, "high@100000000");
	fdtb_prop_cells(&b, "reg", 4, 1, 0, 0, 0x1000);
	fdtb_end(&b);
	fdtb_begin(&b, "top@fffff000");
	fdtb_prop_cells(&b, "reg", 4, 0, 0xfffff000, 0, 0x1000);
	fdtb_end(&b);
	fdtb_begin(&b, "wrap");
	fdtb_prop_cells(&b, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x2000);
	fdtb_end(&b);
	fdtb_begin(&b, "end");
	fdtb_prop_cells(&b, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "shift");	/* ranges moving past the 1-cell root */
	fdtb_prop_cells(&b, "#address-cells", 1, 2);
	fdtb_prop_cells(&b, "#size-cells", 1, 2);
	fdtb_prop_cells(&b, "ranges", 5, 0x0, 0x0, 0xffffffff, 0, 0x1000);
	fdtb_begin(&b, "dev");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x10, 0, 0x10);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		expect_reg(&fdt, "/wide/high", 0, -ERANGE, 0, 0);
		expect_reg(&fdt, "/wide/top", 0, 0, 0xfffff000, 0x1000);
		expect_reg(&fdt, "/wide/wrap", 0, -EOVERFLOW, 0, 0);
		expect_reg(&fdt, "/wide/end", 0, -ERANGE, 0, 0);
		expect_reg(&fdt, "/shift/dev", 0, -ERANGE, 0, 0);
	}
	free(bl.p);
}

/* A ranges entry whose parent side wraps past 2^64. */
static void test_ranges_wrap(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;

	fdtb_init(&b);
	fdtb_begin(&b, "");	/* default cells: 2 address, 1 size */
	fdtb_begin(&b, "bus");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_cells(&b, "ranges", 4, 0x0, 0xffffffff, 0xfffff000, 0x2000);
	fdtb_begin(&b, "low@800");
	fdtb_prop_cells(&b, "reg", 2, 0x800, 0x10);
	fdtb_end(&b);
	fdtb_begin(&b, "high@1800");
	fdtb_prop_cells(&b, "reg", 2, 0x1800, 0x10);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		expect_reg(&fdt, "/bus/low", 0, 0, 0xfffffffffffff800ULL, 0x10);
		expect_reg(&fdt, "/bus/high", 0, -EOVERFLOW, 0, 0);
	}
	free(bl.p);
}

/* NOP tokens (left by in-place editors) are skipped everywhere. */
static void test_nops(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	int a, c;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_token(&b, FDT_NOP);
	fdtb_prop_str(&b, "first", "1");
	fdtb_token(&b, FDT_NOP);
	fdtb_prop_str(&b, "second", "2");
	fdtb_token(&b, FDT_NOP);
	fdtb_begin(&b, "a");
	fdtb_token(&b, FDT_NOP);
	fdtb_end(&b);
	fdtb_token(&b, FDT_NOP);
	fdtb_begin(&b, "c");
	fdtb_end(&b);
	fdtb_token(&b, FDT_NOP);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		CHECK_STR(fdt_getprop_str(&fdt, 0, "second"), "2");
		CHECK(fdt_getprop(&fdt, 0, "third", NULL) == NULL);
		a = fdt_first_child(&fdt, 0);
		CHECK_STR(fdt_node_name(&fdt, a), "a");
		CHECK_EQ(fdt_first_child(&fdt, a), -ENOENT);
		c = fdt_next_sibling(&fdt, a);
		CHECK_STR(fdt_node_name(&fdt, c), "c");
		CHECK_EQ(fdt_next_sibling(&fdt, c), -ENOENT);
		CHECK_EQ(fdt_parent(&fdt, c), 0);
		CHECK_EQ(fdt_path_offset(&fdt, "/c"), c);
	}
	free(bl.p);
}

static void test_memory(void)
{
	struct blob bl = build_board(), pi = build_pi();
	struct fdt_region r[4];
	struct fdt fdt;

	if (!init_ok(&fdt, &bl)) {
		memset(r, 0, sizeof(r));
		CHECK_EQ(fdt_memory_banks(&fdt, r, 4), 3);
		CHECK_EQ(r[0].base, 0x80000000);
		CHECK_EQ(r[0].size, 0x400000000ULL);
		CHECK_EQ(r[1].base, 0x880000000ULL);
		CHECK_EQ(r[1].size, 0x10000000);
		CHECK_EQ(r[2].base, 0x1000000000ULL);
		CHECK_EQ(r[2].size, 0);
		/* truncation: the total is still reported */
		memset(r, 0, sizeof(r));
		CHECK_EQ(fdt_memory_banks(&fdt, r, 1), 3);
		CHECK_EQ(r[0].base, 0x80000000);
		CHECK_EQ(r[1].base, 0);
		CHECK_EQ(fdt_memory_banks(&fdt, NULL, 0), 3);
	}
	if (!init_ok(&fdt, &pi)) {
		CHECK_EQ(fdt_memory_banks(&fdt, r, 4), 1);
		CHECK_EQ(r[0].base, 0);
		CHECK_EQ(r[0].size, 0x3b400000);
	}
	free(bl.p);
	free(pi.p);
}

/* A memory node with a malformed reg is an error, not silently skipped. */
static void test_memory_bad(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "memory@0");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 3, 0, 0, 0x1000);	/* 2+1 cells: ok */
	fdtb_end(&b);
	fdtb_begin(&b, "memory@1");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 2, 0, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl))
		CHECK_EQ(fdt_memory_banks(&fdt, NULL, 0), -EINVAL);
	free(bl.p);
}

static void test_chosen(void)
{
	struct blob bl = build_board(), pi = build_pi();
	struct fdt_chosen ch;
	struct fdt fdt;

	if (!init_ok(&fdt, &bl)) {
		CHECK_EQ(fdt_read_chosen(&fdt, &ch), 0);
		CHECK_STR(ch.bootargs, "console=ttyAMA0 root=/dev/vda rw");
		CHECK(ch.has_initrd);
		CHECK_EQ(ch.initrd_start, 0x84000000);
		CHECK_EQ(ch.initrd_end, 0x84200000);
		CHECK_EQ(ch.stdout_node, fdt_path_offset(&fdt, "/soc/uart@1c090000"));
		CHECK_STR(ch.stdout_opts, "38400n8");
	}
	if (!init_ok(&fdt, &pi)) {
		CHECK_EQ(fdt_read_chosen(&fdt, &ch), 0);
		CHECK_STR(ch.bootargs, "8250.nr_uarts=1 console=ttyAMA0,115200");
		CHECK(ch.has_initrd);
		CHECK_EQ(ch.initrd_start, 0x2000000);
		CHECK_EQ(ch.initrd_end, 0x2800000);
		CHECK_STR(fdt_node_name(&fdt, ch.stdout_node), "serial@7e201000");
		CHECK(ch.stdout_opts == NULL);
	}
	free(bl.p);
	free(pi.p);
}

/*
 * A /chosen made by fill(); expect fdt_read_chosen()'s result. Returns
 * the blob, which *ch points into: the caller frees it after checking.
 */
static u8 *chosen_case(void (*fill)(struct fdtb *b), int ret,
		       struct fdt_chosen *ch)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "serial@1000");
	fdtb_end(&b);
	fill(&b);
	fdtb_end(&b);
	bl = finish(&b);
	memset(ch, 0x5a, sizeof(*ch));
	if (!init_ok(&fdt, &bl))
		CHECK_EQ(fdt_read_chosen(&fdt, ch), ret);
	return bl.p;
}

static void c_backwards(struct fdtb *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_str(b, "bootargs", "quiet");
	fdtb_prop_str(b, "stdout-path", "/serial:115200");
	fdtb_prop_u64(b, "linux,initrd-start", 0x100002000ULL);
	fdtb_prop_u64(b, "linux,initrd-end", 0x100001000ULL);
	fdtb_end(b);
}

static void c_only_start(struct fdtb *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_cells(b, "linux,initrd-start", 1, 0x1000);
	fdtb_prop_str(b, "linux,stdout-path", "/serial@1000");
	fdtb_end(b);
}

static void c_bad_len(struct fdtb *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_cells(b, "linux,initrd-start", 3, 0, 0, 0x1000);
	fdtb_prop_cells(b, "linux,initrd-end", 1, 0x2000);
	fdtb_prop(b, "bootargs", "no-nul", 6);
	fdtb_prop_str(b, "stdout-path", "nosuchalias");
	fdtb_end(b);
}

static void c_mixed(struct fdtb *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_cells(b, "linux,initrd-start", 1, 0x1000);
	fdtb_prop_u64(b, "linux,initrd-end", 0x1000);	/* empty initrd */
	fdtb_prop_str(b, "stdout-path", ":9600");
	fdtb_end(b);
}

static void c_none(struct fdtb *b)
{
	(void)b;
}

static void test_chosen_edges(void)
{
	struct fdt_chosen ch;
	u8 *p;

	p = chosen_case(c_backwards, -EINVAL, &ch);
	CHECK(!ch.has_initrd);
	CHECK_EQ(ch.initrd_start, 0x100002000ULL);
	CHECK_STR(ch.bootargs, "quiet");
	CHECK(ch.stdout_node > 0);
	CHECK_STR(ch.stdout_opts, "115200");
	free(p);

	p = chosen_case(c_only_start, -EINVAL, &ch);
	CHECK(!ch.has_initrd);
	CHECK(ch.stdout_node > 0);
	CHECK(ch.stdout_opts == NULL);
	free(p);

	p = chosen_case(c_bad_len, -EINVAL, &ch);
	CHECK(!ch.has_initrd);
	CHECK(ch.bootargs == NULL);
	CHECK_EQ(ch.stdout_node, -ENOENT);
	free(p);

	p = chosen_case(c_mixed, 0, &ch);
	CHECK(ch.has_initrd);
	CHECK_EQ(ch.initrd_start, 0x1000);
	CHECK_EQ(ch.initrd_end, 0x1000);
	CHECK_EQ(ch.stdout_node, -EINVAL);
	CHECK_STR(ch.stdout_opts, "9600");
	free(p);

	p = chosen_case(c_none, -ENOENT, &ch);
	CHECK(ch.bootargs == NULL);
	CHECK(!ch.has_initrd);
	CHECK(ch.stdout_node < 0);
	CHECK(ch.stdout_opts == NULL);
	free(p);
}

static void test_reserved(void)
{
	struct blob bl = build_board(), pi = build_pi();
	struct fdt_region r;
	const char *name;
	struct fdt fdt;
	bool no_map;
	int iter = 0;

	if (!init_ok(&fdt, &bl)) {
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, &no_map), 0);
		CHECK_STR(name, "secmon@ff000000");
		CHECK(no_map);
		CHECK_EQ(r.base, 0xff000000);
		CHECK_EQ(r.size, 0x100000);
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, &no_map), 0);
		CHECK_STR(name, "fb@9f000000");
		CHECK(!no_map);
		CHECK_EQ(r.base, 0x9f000000);
		CHECK_EQ(r.size, 0x800000);
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, NULL, NULL), 0);
		CHECK_EQ(r.base, 0x100000000ULL);
		CHECK_EQ(r.size, 0x1000);
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, &no_map),
			 -ENOENT);
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, &no_map),
			 -ENOENT);
		CHECK_EQ(fdt_next_reserved(&fdt, NULL, &r, &name, &no_map),
			 -ENOENT);
	}
	iter = 0;
	if (!init_ok(&fdt, &pi))
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, &no_map),
			 -ENOENT);
	free(bl.p);
	free(pi.p);
}

/* A malformed child reports an error once and the walk goes on. */
static void test_reserved_bad(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt fdt;
	struct fdt_region r;
	const char *name = NULL;
	int iter = 0;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "reserved-memory");
	fdtb_prop_cells(&b, "#address-cells", 1, 1);
	fdtb_prop_cells(&b, "#size-cells", 1, 1);
	fdtb_prop_empty(&b, "ranges");
	fdtb_begin(&b, "bad@0");
	fdtb_prop_cells(&b, "reg", 3, 0, 0x1000, 0);
	fdtb_end(&b);
	fdtb_begin(&b, "good@2000");
	fdtb_prop_cells(&b, "reg", 2, 0x2000, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, NULL), -EINVAL);
		CHECK_STR(name, "bad@0");
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, NULL), 0);
		CHECK_STR(name, "good@2000");
		CHECK_EQ(r.base, 0x2000);
		CHECK_EQ(fdt_next_reserved(&fdt, &iter, &r, &name, NULL), -ENOENT);
	}
	free(bl.p);
}

static void test_rsvmap(void)
{
	struct blob bl = build_board(), pi = build_pi(), tiny = build_tiny();
	struct fdt_region r;
	struct fdt fdt;

	if (!init_ok(&fdt, &bl)) {
		CHECK_EQ(fdt_rsv_count(&fdt), 2);
		CHECK_EQ(fdt_rsv_get(&fdt, 0, &r), 0);
		CHECK_EQ(r.base, 0x80000000);
		CHECK_EQ(r.size, 0x10000);
		CHECK_EQ(fdt_rsv_get(&fdt, 1, &r), 0);
		CHECK_EQ(r.base, 0x8ff00000);
		CHECK_EQ(r.size, 0x100000);
		CHECK_EQ(fdt_rsv_get(&fdt, 2, &r), -ENOENT);
		CHECK_EQ(fdt_rsv_get(&fdt, -1, &r), -EINVAL);
		CHECK_EQ(fdt_rsv_get(&fdt, 0, NULL), -EINVAL);
	}
	/* an entry at address 0 is not the terminator */
	if (!init_ok(&fdt, &pi)) {
		CHECK_EQ(fdt_rsv_count(&fdt), 1);
		CHECK_EQ(fdt_rsv_get(&fdt, 0, &r), 0);
		CHECK_EQ(r.base, 0);
		CHECK_EQ(r.size, 0x1000);
		CHECK_EQ(fdt_rsv_get(&fdt, 1, &r), -ENOENT);
	}
	if (!init_ok(&fdt, &tiny)) {
		CHECK_EQ(fdt_rsv_count(&fdt), 0);
		CHECK_EQ(fdt_rsv_get(&fdt, 0, &r), -ENOENT);
	}
	free(bl.p);
	free(pi.p);
	free(tiny.p);
}

static void test_rsvmap_wrap(void)
{
	struct fdtb b;
	struct blob bl;
	struct fdt_region r;
	struct fdt fdt;

	fdtb_init(&b);
	fdtb_rsv(&b, 0xfffffffffffff000ULL, 0x2000);
	fdtb_begin(&b, "");
	fdtb_end(&b);
	bl = finish(&b);
	if (!init_ok(&fdt, &bl)) {
		CHECK_EQ(fdt_rsv_count(&fdt), 1);
		CHECK_EQ(fdt_rsv_get(&fdt, 0, &r), -EOVERFLOW);
		CHECK_EQ(r.size, 0x2000);
	}
	free(bl.p);
}

/* ---- robustness ---- */

/*
 * Call every API function on every node of a blob that passed fdt_init
 * and check the invariants that must hold for any valid tree. Returns
 * the number of nodes.
 */
static int exercise(const struct fdt *fdt)
{
	static const char *const props[] = {
		"compatible", "reg", "status", "ranges", "device_type",
		"#address-cells", "#size-cells", "bootargs", "no-map", "model",
	};
	int node, depth, prev = -1, n = 0, child, len, i, iter = 0;
	struct fdt_region r[4];
	struct fdt_chosen ch;
	const char *name;
	phys_addr_t a;
	bool no_map;
	u32 v;
	u64 s;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth), n++) {
		if (!CHECK(node > prev && depth >= 0 && depth < FDT_MAX_DEPTH))
			break;
		prev = node;
		CHECK(fdt_node_name(fdt, node) != NULL);
		for (child = fdt_first_child(fdt, node); child >= 0;
		     child = fdt_next_sibling(fdt, child)) {
			if (!CHECK(fdt_parent(fdt, child) == node))
				break;
		}
		for (i = 0; i < (int)ARRAY_SIZE(props); i++) {
			if (fdt_getprop(fdt, node, props[i], &len))
				CHECK(len >= 0 && (u32)len < fdt->size_struct);
			(void)fdt_getprop_str(fdt, node, props[i]);
			(void)fdt_getprop_u32(fdt, node, props[i], &v);
		}
		(void)fdt_node_is_compatible(fdt, node, "arm,pl011");
		(void)fdt_node_is_available(fdt, node);
		(void)fdt_address_cells(fdt, node);
		(void)fdt_size_cells(fdt, node);
		for (i = 0; i < 4; i++)
			(void)fdt_reg(fdt, node, i, &a, &s);
	}
	CHECK(node == -ENOENT);
	for (node = fdt_next_compatible(fdt, -1, "arm,pl011"); node >= 0;
	     node = fdt_next_compatible(fdt, node, "arm,pl011"))
		CHECK(fdt_node_is_compatible(fdt, node, "arm,pl011"));
	(void)fdt_path_offset(fdt, "/chosen");
	(void)fdt_path_offset(fdt, "/memory");
	(void)fdt_path_offset(fdt, "serial0");
	(void)fdt_path_offset(fdt, "/soc/uart");
	CHECK_EQ(fdt_memory_banks(fdt, r, 4), fdt_memory_banks(fdt, NULL, 0));
	if (fdt_read_chosen(fdt, &ch) != -ENOENT && ch.bootargs)
		CHECK(strlen(ch.bootargs) < fdt->size_struct);
	for (i = 0; i < 1000; i++) {
		int ret = fdt_next_reserved(fdt, &iter, r, &name, &no_map);

		if (ret == -ENOENT)
			break;
	}
	CHECK(i < 1000);
	for (i = 0; i < fdt_rsv_count(fdt); i++)
		(void)fdt_rsv_get(fdt, i, r);
	return n;
}

static void test_exercise_clean(void)
{
	struct blob bl = build_board(), pi = build_pi();
	struct fdt fdt;

	if (!init_ok(&fdt, &bl))
		CHECK_EQ(exercise(&fdt), 26);
	if (!init_ok(&fdt, &pi))
		CHECK_EQ(exercise(&fdt), 9);
	free(bl.p);
	free(pi.p);
}

/* Every strict prefix of a valid blob must be rejected, with a reason. */
static void test_truncation(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	unsigned int bad = 0, patched_ok = 0;
	size_t len;
	u8 *p;

	for (len = 0; len < bl.size; len++) {
		p = dup_bytes(bl.p, len);
		if (fdt_init(&fdt, p, len) != -EOVERFLOW || !fdt.err[0] ||
		    fdt_root(&fdt) != -EINVAL)
			bad++;
		/* same, with totalsize claiming the truncated length */
		if (len >= FDTB_HDR_SIZE) {
			fdtb_put32(p, FDTB_TOTALSIZE, (u32)len);
			if (fdt_init(&fdt, p, len) == 0)
				patched_ok++;
			else if (!fdt.err[0])
				bad++;
		}
		free(p);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(patched_ok, 0);
	p = dup_bytes(bl.p, bl.size);
	CHECK_EQ(fdt_init(&fdt, p, bl.size), 0);
	free(p);
	free(bl.p);
}

static u64 rng_next(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Damage 1..4 bytes or one aligned word of p, deterministically. */
static void corrupt(u8 *p, size_t size, u64 *rng)
{
	static const u32 words[] = {
		0, 1, 2, 3, 4, 9, 0xffffffff, 0x7fffffff, 0x80000000,
		0xfffffffc, 0x10, 0x1000,
	};
	int n = 1 + (int)(rng_next(rng) % 4), i;
	size_t off;

	if (rng_next(rng) % 3 == 0) {
		off = (size_t)(rng_next(rng) % (size / 4)) * 4;
		fdtb_put32(p, off, words[rng_next(rng) % ARRAY_SIZE(words)]);
		return;
	}
	for (i = 0; i < n; i++) {
		off = (size_t)(rng_next(rng) % size);
		p[off] = (u8)rng_next(rng);
	}
}

static void test_corruption(void)
{
	struct blob blobs[2] = { build_board(), build_pi() };
	unsigned int accepted = 0, rejected = 0, k, round;
	u64 rng = 0x9e3779b97f4a7c15ULL;
	struct fdt fdt;
	u8 *p;

	for (round = 0; round < CORRUPT_ROUNDS; round++) {
		k = round & 1;
		p = dup_bytes(blobs[k].p, blobs[k].size);
		corrupt(p, blobs[k].size, &rng);
		if (fdt_init(&fdt, p, blobs[k].size) == 0) {
			accepted++;
			exercise(&fdt);
		} else {
			rejected++;
			CHECK(fdt.err[0] != '\0');
		}
		free(p);
	}
	printf("corruption: %u accepted and walked, %u rejected\n", accepted,
	       rejected);
	/* both outcomes must be common, or the test is not testing much */
	CHECK(accepted > CORRUPT_ROUNDS / 10);
	CHECK(rejected > CORRUPT_ROUNDS / 10);
	free(blobs[0].p);
	free(blobs[1].p);
}

/* Blobs need no alignment: run the whole API on a blob at an odd address. */
static void test_unaligned(void)
{
	struct blob bl = build_board();
	struct fdt fdt;
	u8 *p = malloc(bl.size + 1);

	if (!p)
		abort();
	memcpy(p + 1, bl.p, bl.size);
	CHECK_EQ(fdt_init(&fdt, p + 1, bl.size), 0);
	CHECK_EQ(exercise(&fdt), 26);
	free(p);
	free(bl.p);
}

/* Interrupt parents through phandles and ancestors; specifiers sized by #interrupt-cells. */
static struct blob build_irq_tree(void)
{
	struct fdtb b;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 1);
	fdtb_begin(&b, "gic");
	fdtb_prop_cells(&b, "phandle", 1, 1);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, 3);
	fdtb_prop_empty(&b, "interrupt-controller");
	fdtb_end(&b);
	fdtb_begin(&b, "local");	/* its own parent, as the BCM2836's */
	fdtb_prop_cells(&b, "linux,phandle", 1, 2);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, 2);
	fdtb_prop_cells(&b, "interrupt-parent", 1, 2);
	fdtb_end(&b);
	fdtb_begin(&b, "soc");
	fdtb_begin(&b, "timer");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 2);
	fdtb_prop_cells(&b, "interrupts", 4, 0, 4, 3, 4);
	fdtb_end(&b);
	fdtb_begin(&b, "uart");	/* the root's parent, through soc */
	fdtb_prop_cells(&b, "interrupts", 3, 0, 5, 4);
	fdtb_end(&b);
	fdtb_begin(&b, "short");	/* two cells for a three-cell parent */
	fdtb_prop_cells(&b, "interrupts", 2, 1, 2);
	fdtb_end(&b);
	fdtb_begin(&b, "dangling");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 9);
	fdtb_prop_cells(&b, "interrupts", 1, 1);
	fdtb_end(&b);
	fdtb_begin(&b, "loop1");
	fdtb_prop_cells(&b, "phandle", 1, 3);
	fdtb_prop_cells(&b, "interrupt-parent", 1, 4);
	fdtb_prop_cells(&b, "interrupts", 1, 1);
	fdtb_end(&b);
	fdtb_begin(&b, "loop2");
	fdtb_prop_cells(&b, "phandle", 1, 4);
	fdtb_prop_cells(&b, "interrupt-parent", 1, 3);
	fdtb_end(&b);
	fdtb_begin(&b, "wide");
	fdtb_prop_cells(&b, "phandle", 1, 5);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, FDT_MAX_IRQ_CELLS + 1);
	fdtb_end(&b);
	fdtb_begin(&b, "wide-user");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 5);
	fdtb_prop_cells(&b, "interrupts", 5, 1, 2, 3, 4, 5);
	fdtb_end(&b);
	fdtb_begin(&b, "bad-parent");	/* interrupt-parent of the wrong length */
	fdtb_prop_cells(&b, "interrupt-parent", 2, 1, 1);
	fdtb_prop_cells(&b, "interrupts", 3, 0, 1, 4);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	return finish(&b);
}

static void test_irqs(void)
{
	struct blob bl = build_irq_tree();
	struct fdt_irq_spec spec;
	struct fdt fdt;
	int gic, local, timer, uart;

	if (init_ok(&fdt, &bl))
		goto out;
	gic = fdt_path_offset(&fdt, "/gic");
	local = fdt_path_offset(&fdt, "/local");
	timer = fdt_path_offset(&fdt, "/soc/timer");
	uart = fdt_path_offset(&fdt, "/soc/uart");
	CHECK(gic > 0 && local > 0 && timer > 0 && uart > 0);

	CHECK_EQ(fdt_node_by_phandle(&fdt, 1), gic);
	CHECK_EQ(fdt_node_by_phandle(&fdt, 2), local);	/* linux,phandle */
	CHECK_EQ(fdt_node_by_phandle(&fdt, 7), -ENOENT);
	CHECK_EQ(fdt_node_by_phandle(&fdt, 0), -EINVAL);
	CHECK_EQ(fdt_node_by_phandle(&fdt, 0xffffffff), -EINVAL);

	CHECK_EQ(fdt_irq_parent(&fdt, timer), local);
	CHECK_EQ(fdt_irq_parent(&fdt, local), local);
	CHECK_EQ(fdt_irq_parent(&fdt, uart), gic);
	CHECK_EQ(fdt_irq_parent(&fdt, 0), gic);

	CHECK_EQ(fdt_irq_parse(&fdt, timer, 1, &spec), 0);
	CHECK_EQ(spec.parent, local);
	CHECK_EQ(spec.ncells, 2);
	CHECK_EQ(spec.cells[0], 3);
	CHECK_EQ(spec.cells[1], 4);
	CHECK_EQ(fdt_irq_parse(&fdt, timer, 2, &spec), -ENOENT);
	CHECK_EQ(fdt_irq_parse(&fdt, timer, -1, &spec), -EINVAL);
	CHECK_EQ(fdt_irq_parse(&fdt, uart, 0, &spec), 0);
	CHECK_EQ(spec.parent, gic);
	CHECK_EQ(spec.ncells, 3);
	CHECK_EQ(spec.cells[1], 5);

	CHECK_EQ(fdt_irq_parse(&fdt, gic, 0, &spec), -ENOENT);	/* no interrupts */
	CHECK_EQ(fdt_irq_parse(&fdt, fdt_path_offset(&fdt, "/soc/short"), 0, &spec), -EINVAL);
	CHECK_EQ(fdt_irq_parse(&fdt, fdt_path_offset(&fdt, "/soc/dangling"), 0, &spec), -EINVAL);
	CHECK_EQ(fdt_irq_parse(&fdt, fdt_path_offset(&fdt, "/soc/loop1"), 0, &spec), -ELOOP);
	CHECK_EQ(fdt_irq_parse(&fdt, fdt_path_offset(&fdt, "/soc/wide-user"), 0, &spec), -EINVAL);
	CHECK_EQ(fdt_irq_parse(&fdt, fdt_path_offset(&fdt, "/soc/bad-parent"), 0, &spec), -EINVAL);
	CHECK_EQ(fdt_irq_parent(&fdt, -4), -EINVAL);	/* bogus offset */
out:
	free(bl.p);
}

/*
 * Hostile interrupt trees: #interrupt-cells of 0 and of ~0, a property
 * whose length is no whole number of cells, a node that is its own
 * interrupt parent without being a controller, an empty interrupts, a
 * phandle 0, and interrupt-parent chains just inside and just past the
 * FDT_MAX_DEPTH links the walk follows.
 */
#define IRQ_CHAIN_OK (FDT_MAX_DEPTH - 1)	/* links from /chain-ok to its controller */
#define IRQ_CHAIN_PH 100			/* first phandle of the chains */

static void build_irq_chain(struct fdtb *b, const char *name, uint32_t first, int links)
{
	fdtb_begin(b, name);
	fdtb_prop_cells(b, "interrupt-parent", 1, first);
	fdtb_prop_cells(b, "interrupts", 1, 7);
	fdtb_end(b);
	for (int i = 0; i < links; i++) {
		char node[16];

		snprintf(node, sizeof(node), "%s-%d", name, i);
		fdtb_begin(b, node);
		fdtb_prop_cells(b, "phandle", 1, first + (uint32_t)i);
		if (i + 1 < links)
			fdtb_prop_cells(b, "interrupt-parent", 1, first + (uint32_t)i + 1);
		else
			fdtb_prop_cells(b, "#interrupt-cells", 1, 1);
		fdtb_end(b);
	}
}

static struct blob build_irq_hostile_tree(void)
{
	static const uint8_t six[6] = { 0, 0, 0, 1, 0, 0 };
	struct fdtb b;

	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "zero");
	fdtb_prop_cells(&b, "phandle", 1, 10);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, 0);
	fdtb_end(&b);
	fdtb_begin(&b, "huge");
	fdtb_prop_cells(&b, "phandle", 1, 11);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, 0xffffffff);
	fdtb_end(&b);
	fdtb_begin(&b, "one");
	fdtb_prop_cells(&b, "phandle", 1, 12);
	fdtb_prop_cells(&b, "#interrupt-cells", 1, 1);
	fdtb_end(&b);
	fdtb_begin(&b, "zero-user");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 10);
	fdtb_prop_cells(&b, "interrupts", 1, 1);
	fdtb_end(&b);
	fdtb_begin(&b, "huge-user");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 11);
	fdtb_prop_cells(&b, "interrupts", 4, 1, 2, 3, 4);
	fdtb_end(&b);
	fdtb_begin(&b, "six-bytes");	/* 1.5 cells for a one-cell parent */
	fdtb_prop_cells(&b, "interrupt-parent", 1, 12);
	fdtb_prop(&b, "interrupts", six, sizeof(six));
	fdtb_end(&b);
	fdtb_begin(&b, "empty");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 12);
	fdtb_prop_empty(&b, "interrupts");
	fdtb_end(&b);
	fdtb_begin(&b, "self");	/* its own parent, but no controller */
	fdtb_prop_cells(&b, "phandle", 1, 13);
	fdtb_prop_cells(&b, "interrupt-parent", 1, 13);
	fdtb_prop_cells(&b, "interrupts", 1, 1);
	fdtb_end(&b);
	fdtb_begin(&b, "phandle-zero");
	fdtb_prop_cells(&b, "interrupt-parent", 1, 0);
	fdtb_prop_cells(&b, "interrupts", 1, 1);
	fdtb_end(&b);
	build_irq_chain(&b, "chain-ok", IRQ_CHAIN_PH, IRQ_CHAIN_OK);
	build_irq_chain(&b, "chain-long", IRQ_CHAIN_PH + 1000, FDT_MAX_DEPTH + 1);
	fdtb_end(&b);
	return finish(&b);
}

static void test_irqs_hostile(void)
{
	struct blob bl = build_irq_hostile_tree();
	struct fdt_irq_spec spec;
	struct fdt fdt;

	if (init_ok(&fdt, &bl))
		goto out;
#define PARSE(path) fdt_irq_parse(&fdt, fdt_path_offset(&fdt, path), 0, &spec)
	CHECK_EQ(PARSE("/zero-user"), -EINVAL);
	CHECK_EQ(PARSE("/huge-user"), -EINVAL);
	CHECK_EQ(PARSE("/six-bytes"), -EINVAL);
	CHECK_EQ(PARSE("/empty"), -ENOENT);
	CHECK_EQ(PARSE("/self"), -ELOOP);
	CHECK_EQ(PARSE("/phandle-zero"), -EINVAL);
	CHECK_EQ(PARSE("/chain-long"), -ELOOP);
	memset(&spec, 0, sizeof(spec));
	CHECK_EQ(PARSE("/chain-ok"), 0);
#undef PARSE
	CHECK_EQ(spec.parent, fdt_node_by_phandle(&fdt, IRQ_CHAIN_PH + IRQ_CHAIN_OK - 1));
	CHECK_EQ(spec.ncells, 1);
	CHECK_EQ(spec.cells[0], 7);
out:
	free(bl.p);
}

int main(void)
{
	test_header();
	test_rsvmap_unterminated();
	test_struct_walk();
	test_v16();
	test_props();
	test_walk();
	test_paths();
	test_path_exact_first();
	test_compatible();
	test_cells();
	test_reg();
	test_reg_overflow();
	test_ranges_wrap();
	test_nops();
	test_memory();
	test_memory_bad();
	test_chosen();
	test_irqs();
	test_irqs_hostile();
	test_chosen_edges();
	test_reserved();
	test_reserved_bad();
	test_rsvmap();
	test_rsvmap_wrap();
	test_exercise_clean();
	test_unaligned();
	test_truncation();
	test_corruption();
	return ktest_summary();
}
