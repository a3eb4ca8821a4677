/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests for kernel/module/elf.c and kernel/module/reloc.c, run
 * under ASan and UBSan.
 *
 * Relocations: every supported type on hand-encoded instructions, with the
 * encoded fields checked exactly (expected words cross-checked against
 * GNU as/ld output), the exact branch range limits on both sides, the
 * veneer fallback, ARM/Thumb interworking conversions, MOVW/MOVT pairs,
 * PREL31 sign handling and the veneer bytes.
 *
 * Parser: a tiny ELF builder makes a small valid ET_REL image; then one
 * corruption per validation rule (checking the error code and message),
 * every truncation, and a few thousand deterministic random corruptions,
 * each of which must fail cleanly or leave an image that is safe to walk.
 * Images live in exact-size heap buffers so ASan sees any overrun.
 * (Real compiler output is exercised by the fuzzer's seed corpus.)
 */
#include "meridian/errno.h"
#include "meridian/module_elf.h"
#include "meridian/types.h"

#include <stdlib.h>
#include <string.h>

#include "ktest_host.h"

#define CORRUPT_ROUNDS 4000

static bool has(const char *s, const char *sub)
{
	bool ok = strstr(s, sub) != NULL;

	if (!ok)
		fprintf(stderr, "    message \"%s\" lacks \"%s\"\n", s, sub);
	return ok;
}

/* ---- relocation helpers ---- */

struct vctx {
	int calls;
	u32 target;
	bool thumb_caller;
	u32 ret;
};

static u32 veneer_cb(void *ctx, u32 target, bool thumb_caller)
{
	struct vctx *v = ctx;

	v->calls++;
	v->target = target;
	v->thumb_caller = thumb_caller;
	return v->ret;
}

static char rerr[128];

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u32 get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* Apply type to an ARM word at an odd host address (loc may be unaligned). */
static int arm_rel(unsigned int type, u32 *insn, u32 P, u32 S, struct vctx *v)
{
	u8 buf[8];
	int ret;

	put32(buf + 1, *insn);
	rerr[0] = 0;
	ret = elf_apply_rel(type, buf + 1, P, S, v ? veneer_cb : NULL, v, rerr, sizeof(rerr));
	*insn = get32(buf + 1);
	return ret;
}

/* The same for a Thumb-2 pair, written as (upper << 16 | lower) like objdump. */
static int thm_rel(unsigned int type, u32 *pair, u32 P, u32 S, struct vctx *v)
{
	u8 buf[8];
	int ret;

	buf[1] = (u8)(*pair >> 16);
	buf[2] = (u8)(*pair >> 24);
	buf[3] = (u8)*pair;
	buf[4] = (u8)(*pair >> 8);
	rerr[0] = 0;
	ret = elf_apply_rel(type, buf + 1, P, S, v ? veneer_cb : NULL, v, rerr, sizeof(rerr));
	*pair = (u32)buf[1] << 16 | (u32)buf[2] << 24 | buf[3] | buf[4] << 8;
	return ret;
}

/* Destination of an ARM B/BL/BLX at P (T bit set for BLX). */
static u32 arm_dest(u32 insn, u32 P)
{
	u32 off = (insn & 0xffffff) << 2;

	if ((insn >> 28) == 0xf)
		off |= ((insn >> 23) & 2) | 1;
	if (off & 0x2000000)
		off |= 0xfc000000;
	return P + 8 + off;
}

/* Destination of a Thumb BL/B.W (T bit set) or BLX (T clear) at P. */
static u32 thm_dest(u32 pair, u32 P)
{
	u32 up = pair >> 16, lo = pair & 0xffff, s = (up >> 10) & 1;
	u32 off = s << 24 | (~(((lo >> 13) & 1) ^ s) & 1) << 23 | (~(((lo >> 11) & 1) ^ s) & 1) << 22 |
		  (up & 0x3ff) << 12 | (lo & 0x7ff) << 1;

	if (s)
		off |= 0xfe000000;
	if (lo & 0x1000)
		return (P + 4 + off) | 1;
	return ((P + 4) & ~3u) + off;
}

/* ---- data relocations ---- */

static void test_data_relocs(void)
{
	u32 w;
	u8 buf[4] = { 0xaa, 0xbb, 0xcc, 0xdd };

	CHECK_EQ(elf_apply_rel(R_ARM_NONE, buf, 0, 0x1234, NULL, NULL, rerr, sizeof(rerr)), 0);
	CHECK_EQ(get32(buf), 0xddccbbaa);

	w = 0x10;	/* addend 16 */
	CHECK_EQ(arm_rel(R_ARM_ABS32, &w, 0x8000, 0x12345000, NULL), 0);
	CHECK_EQ(w, 0x12345010);
	w = 0;
	CHECK_EQ(arm_rel(R_ARM_ABS32, &w, 0x8000, 0x20001, NULL), 0);	/* Thumb: T kept */
	CHECK_EQ(w, 0x20001);
	w = 0xfffffffc;	/* addend -4 */
	CHECK_EQ(arm_rel(R_ARM_TARGET1, &w, 0x8000, 0x1000, NULL), 0);
	CHECK_EQ(w, 0xffc);
	w = 0xffffffff;	/* wraps mod 2^32 */
	CHECK_EQ(arm_rel(R_ARM_ABS32, &w, 0, 2, NULL), 0);
	CHECK_EQ(w, 1);

	w = 0;
	CHECK_EQ(arm_rel(R_ARM_REL32, &w, 0x8000, 0x9000, NULL), 0);
	CHECK_EQ(w, 0x1000);
	w = 4;
	CHECK_EQ(arm_rel(R_ARM_REL32, &w, 0x9000, 0x8000, NULL), 0);
	CHECK_EQ(w, 0xfffff004);
}

static void test_prel31(void)
{
	u32 w;

	w = 0;
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x1000, 0x2000, NULL), 0);
	CHECK_EQ(w, 0x1000);
	w = 0x80000000;	/* bit 31 is not part of the field: kept */
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x1000, 0x2000, NULL), 0);
	CHECK_EQ(w, 0x80001000);
	w = 0;	/* backwards: negative 31-bit value */
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x2000, 0x1000, NULL), 0);
	CHECK_EQ(w, 0x7ffff000);
	w = 0xfffffffc;	/* addend -4 read from bits 30:0, bit 31 kept */
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x1000, 0x2000, NULL), 0);
	CHECK_EQ(w, 0x80000ffc);
	w = 0x7ffffffc;	/* same addend, bit 31 clear */
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x1000, 0x2000, NULL), 0);
	CHECK_EQ(w, 0xffc);

	/* Limits: -2^30 <= S + A - P < 2^30. */
	w = 0;
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x10000000, 0x4fffffff, NULL), 0);
	CHECK_EQ(w, 0x3fffffff);
	w = 0;
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x10000000, 0x50000000, NULL), -ERANGE);
	CHECK_EQ(w, 0);
	CHECK(has(rerr, "R_ARM_PREL31"));
	w = 0;
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x50000000, 0x10000000, NULL), 0);
	CHECK_EQ(w, 0x40000000);
	w = 0;
	CHECK_EQ(arm_rel(R_ARM_PREL31, &w, 0x50000001, 0x10000000, NULL), -ERANGE);
}

static void test_v4bx_unknown(void)
{
	u32 w = 0x012fff13;	/* bxeq r3: left alone on ARMv7 */
	u8 b[4] = { 0 };

	CHECK_EQ(arm_rel(R_ARM_V4BX, &w, 0x1000, 0, NULL), 0);
	CHECK_EQ(w, 0x012fff13);
	w = 0xe1a0f00e;	/* mov pc, lr: not a BX */
	CHECK_EQ(arm_rel(R_ARM_V4BX, &w, 0x1000, 0, NULL), -ENOEXEC);
	CHECK(has(rerr, "not BX"));

	w = 0x11223344;
	CHECK_EQ(arm_rel(99, &w, 0, 0, NULL), -ENOEXEC);
	CHECK_STR(rerr, "unsupported relocation type 99");
	CHECK_EQ(w, 0x11223344);
	CHECK_EQ(arm_rel(R_ARM_THM_CALL - 1, &w, 0, 0, NULL), -ENOEXEC);	/* 9: R_ARM_SBREL32 */
	/* A NULL or empty err buffer is allowed. */
	CHECK_EQ(elf_apply_rel(200, b, 0, 0, NULL, NULL, NULL, 0), -ENOEXEC);
	CHECK_EQ(elf_apply_rel(200, b, 0, 0, NULL, NULL, rerr, 0), -ENOEXEC);
}

/* ---- MOVW/MOVT ---- */

static void test_arm_movw_movt(void)
{
	u32 lo = 0xe3003000, hi = 0xe3403000;	/* movw r3, #0; movt r3, #0 */

	CHECK_EQ(arm_rel(R_ARM_MOVW_ABS_NC, &lo, 0x8000, 0x12345678, NULL), 0);
	CHECK_EQ(arm_rel(R_ARM_MOVT_ABS, &hi, 0x8004, 0x12345678, NULL), 0);
	CHECK_EQ(lo, 0xe3053678);	/* imm4 = 5, Rd = 3, imm12 = 0x678 */
	CHECK_EQ(hi, 0xe3413234);

	/* Addend -2 (imm16 0xfffe) in both: the pair builds S - 2, with the borrow. */
	lo = 0xe30f3ffe;
	hi = 0xe34f3ffe;
	CHECK_EQ(arm_rel(R_ARM_MOVW_ABS_NC, &lo, 0x8000, 0x12340000, NULL), 0);
	CHECK_EQ(arm_rel(R_ARM_MOVT_ABS, &hi, 0x8004, 0x12340000, NULL), 0);
	CHECK_EQ(lo, 0xe30f3ffe);	/* as GNU as encodes 0x1233fffe */
	CHECK_EQ(hi, 0xe3413233);
	/* Condition and Rd survive. */
	lo = 0x1300c004;	/* movwne ip, #4 */
	CHECK_EQ(arm_rel(R_ARM_MOVW_ABS_NC, &lo, 0, 0xabcd0000, NULL), 0);
	CHECK_EQ(lo, 0x1300c004);

	/* PREL: X = S + A - P; MOVT takes the high half. */
	lo = 0xe3000000;
	hi = 0xe3400000;
	CHECK_EQ(arm_rel(R_ARM_MOVW_PREL_NC, &lo, 0x00010000, 0x12345678, NULL), 0);
	CHECK_EQ(arm_rel(R_ARM_MOVT_PREL, &hi, 0x00010000, 0x12345678, NULL), 0);
	CHECK_EQ(lo, 0xe3050678);	/* 0x12335678 */
	CHECK_EQ(hi, 0xe3410233);
	lo = 0xe3000000;	/* negative result */
	CHECK_EQ(arm_rel(R_ARM_MOVW_PREL_NC, &lo, 0x2000, 0x1000, NULL), 0);
	CHECK_EQ(lo, 0xe30f0000);	/* 0xf000 */
	hi = 0xe3400000;
	CHECK_EQ(arm_rel(R_ARM_MOVT_PREL, &hi, 0x2000, 0x1000, NULL), 0);
	CHECK_EQ(hi, 0xe34f0fff);	/* 0xffff */

	/* Wrong instruction. */
	lo = 0xe3400000;
	CHECK_EQ(arm_rel(R_ARM_MOVW_ABS_NC, &lo, 0, 0, NULL), -ENOEXEC);
	CHECK(has(rerr, "not MOVW"));
	hi = 0xe3000000;
	CHECK_EQ(arm_rel(R_ARM_MOVT_PREL, &hi, 0, 0, NULL), -ENOEXEC);
	CHECK(has(rerr, "not MOVT"));
}

static void test_thm_movw_movt(void)
{
	u32 lo = 0xf2400500, hi = 0xf2c00500;	/* movw r5, #0; movt r5, #0 */

	CHECK_EQ(thm_rel(R_ARM_THM_MOVW_ABS_NC, &lo, 0x8000, 0x1234abcd, NULL), 0);
	CHECK_EQ(thm_rel(R_ARM_THM_MOVT_ABS, &hi, 0x8004, 0x1234abcd, NULL), 0);
	CHECK_EQ(lo, 0xf64a35cd);	/* imm4 = a, i = 1, imm3 = 3, imm8 = cd (GNU as) */
	CHECK_EQ(hi, 0xf2c12534);	/* imm4 = 1, i = 0, imm3 = 2, imm8 = 34 */

	/* Addend -1 (imm16 0xffff: every field set) plus a Thumb S. */
	lo = 0xf64f75ff;
	hi = 0xf6cf75ff;
	CHECK_EQ(thm_rel(R_ARM_THM_MOVW_ABS_NC, &lo, 0, 0x00020001, NULL), 0);
	CHECK_EQ(thm_rel(R_ARM_THM_MOVT_ABS, &hi, 0, 0x00020001, NULL), 0);
	CHECK_EQ(lo, 0xf2400500);	/* 0x00020000 */
	CHECK_EQ(hi, 0xf2c00502);
	lo = 0xf2400000;
	CHECK_EQ(thm_rel(R_ARM_THM_MOVW_ABS_NC, &lo, 0, 0xffff, NULL), 0);
	CHECK_EQ(lo, 0xf64f70ff);

	hi = 0xf2400000;	/* a MOVW under a MOVT relocation */
	CHECK_EQ(thm_rel(R_ARM_THM_MOVT_ABS, &hi, 0, 0, NULL), -ENOEXEC);
	CHECK(has(rerr, "not MOVT"));
	lo = 0xf2408000;	/* lower bit 15 set: not MOVW */
	CHECK_EQ(thm_rel(R_ARM_THM_MOVW_ABS_NC, &lo, 0, 0, NULL), -ENOEXEC);
}

/* ---- ARM branches ---- */

#define BL_AL 0xebfffffe	/* bl . with the REL addend -8 */
#define B_AL 0xeafffffe
#define BLX_IMM 0xfafffffe
#define P0 0x08000000u

static void test_arm_branch_basic(void)
{
	u32 w;

	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10004, 0x10028, NULL), 0);
	CHECK_EQ(w, 0xeb000007);	/* GNU ld: 10004: bl 10028 */
	w = B_AL;
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, 0x10000, 0x0fff8, NULL), 0);
	CHECK_EQ(w, 0xeafffffc);
	w = 0x1bfffffe;	/* blne: condition kept */
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, 0x10000, 0x20000, NULL), 0);
	CHECK_EQ(w, 0x1b003ffe);
	w = 0x0afffffe;	/* beq under the legacy R_ARM_PC24 */
	CHECK_EQ(arm_rel(R_ARM_PC24, &w, 0x10000, 0x20000, NULL), 0);
	CHECK_EQ(w, 0x0a003ffe);
	w = 0xeb000000;	/* addend 0: destination S + 8 */
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x20000, NULL), 0);
	CHECK_EQ(arm_dest(w, 0x10000), 0x20008);

	w = 0xe1a00000;	/* mov r0, r0 */
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x20000, NULL), -ENOEXEC);
	CHECK(has(rerr, "not B/BL/BLX"));
	CHECK_EQ(w, 0xe1a00000);
	w = BL_AL;	/* ARM destination not word-aligned */
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x20002, NULL), -ERANGE);
	CHECK_EQ(w, BL_AL);
}

static void test_arm_branch_range(void)
{
	struct vctx v = { .ret = P0 + 0x1000 };
	u32 w;

	/* Farthest forward: P + 8 + 0x1fffffc. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 + 8 + 0x1fffffc, &v), 0);
	CHECK_EQ(w, 0xeb7fffff);
	CHECK_EQ(v.calls, 0);
	/* Farthest backward: P + 8 - 0x2000000. */
	w = B_AL;
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, P0, P0 + 8 - 0x2000000, &v), 0);
	CHECK_EQ(w, 0xea800000);
	CHECK_EQ(v.calls, 0);

	/* One word beyond, either way: veneer. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 + 8 + 0x2000000, &v), 0);
	CHECK_EQ(v.calls, 1);
	CHECK_EQ(v.target, P0 + 8 + 0x2000000);
	CHECK(!v.thumb_caller);
	CHECK_EQ(w, 0xeb0003fe);	/* bl veneer */
	CHECK_EQ(arm_dest(w, P0), v.ret);
	w = B_AL;
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, P0, P0 + 4 - 0x2000000, &v), 0);
	CHECK_EQ(v.calls, 2);
	CHECK_EQ(v.target, P0 + 4 - 0x2000000);
	CHECK_EQ(w, 0xea0003fe);
}

static void test_arm_branch_no_veneer(void)
{
	struct vctx v = { .ret = 0 };
	u32 w;

	/* No callback, or it returns 0: -ERANGE and the place is unchanged. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 + 8 + 0x2000000, NULL), -ERANGE);
	CHECK_EQ(w, BL_AL);
	CHECK(has(rerr, "no veneer"));
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 - 0x2000000, &v), -ERANGE);
	CHECK_EQ(v.calls, 1);
	CHECK_EQ(w, BL_AL);
	/* A veneer that is itself out of reach, or misaligned. */
	v.ret = P0 + 0x3000000;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 - 0x2000000, &v), -ERANGE);
	CHECK(has(rerr, "veneer"));
	v.ret = P0 + 0x1002;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, P0 - 0x2000000, &v), -ERANGE);
	CHECK(has(rerr, "aligned"));
	CHECK_EQ(w, BL_AL);

	/* Wrap-around: distances are modulo 2^32. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0xfffffff0, 0x00000010, NULL), 0);
	CHECK_EQ(arm_dest(w, 0xfffffff0), 0x10);
}

static void test_arm_interworking(void)
{
	u32 w;

	/* BL to Thumb becomes BLX, H = bit 1 of the offset. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x10011, NULL), 0);
	CHECK_EQ(w, 0xfa000002);	/* GNU ld: 10000: blx 10010 */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x10013, NULL), 0);
	CHECK_EQ(w, 0xfb000002);	/* blx 10012: H set */
	CHECK_EQ(arm_dest(w, 0x10000), 0x10013);
	/* Limits hold for BLX too: +0x1fffffe is the farthest halfword. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, P0, (P0 + 8 + 0x1fffffe) | 1, NULL), 0);
	CHECK_EQ(w, 0xfb7fffff);
	/* A BLX place's addend includes H: imm24 = 0, H = 1 is +2. */
	w = 0xfb000000;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x10011, NULL), 0);
	CHECK_EQ(w, 0xfb000004);	/* 0x10010 + 2 + 8 = 0x1001a */
	/* BLX back to an ARM target becomes BL (always). */
	w = BLX_IMM;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10004, 0x10028, NULL), 0);
	CHECK_EQ(w, 0xeb000007);
	/* PC24 on an unconditional BL interworks like R_ARM_CALL. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_PC24, &w, 0x10000, 0x10011, NULL), 0);
	CHECK_EQ(w, 0xfa000002);

}

static void test_arm_interworking_veneer(void)
{
	struct vctx v = { .ret = 0x30000 };
	u32 w;

	/* B, BL<cond> and R_ARM_JUMP24 cannot switch state: ARM veneer. */
	w = B_AL;
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, 0x10000, 0x10011, &v), 0);
	CHECK_EQ(v.calls, 1);
	CHECK_EQ(v.target, 0x10011);
	CHECK(!v.thumb_caller);
	CHECK_EQ(w, 0xea007ffe);	/* b 0x30000 */
	w = 0x1bfffffe;	/* blne */
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x10011, &v), 0);
	CHECK_EQ(v.calls, 2);
	CHECK_EQ(w, 0x1b007ffe);
	w = BL_AL;	/* R_ARM_JUMP24 never converts, even on an unconditional BL */
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, 0x10000, 0x10011, &v), 0);
	CHECK_EQ(v.calls, 3);
	CHECK_EQ(w, 0xeb007ffe);
	w = B_AL;
	CHECK_EQ(arm_rel(R_ARM_JUMP24, &w, 0x10000, 0x10011, NULL), -ERANGE);
	CHECK_EQ(w, B_AL);
	/* Out-of-range BLX goes through the veneer as a plain BL. */
	w = BL_AL;
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x4000001, &v), 0);
	CHECK_EQ(v.target, 0x4000001);
	CHECK_EQ(w, 0xeb007ffe);
	w = BLX_IMM;	/* a BLX place reaching the ARM veneer becomes BL */
	CHECK_EQ(arm_rel(R_ARM_CALL, &w, 0x10000, 0x4000001, &v), 0);
	CHECK_EQ(w, 0xeb007ffe);
}

/* ---- Thumb branches ---- */

#define T_BL 0xf7fffffe	/* bl . with the REL addend -4 */
#define T_BLX 0xf7ffeffe
#define T_BW 0xf7ffbffe

static void test_thm_branch_basic(void)
{
	u32 w;

	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10012, 0x1002d, NULL), 0);
	CHECK_EQ(w, 0xf000f80b);	/* GNU ld: 10012: bl 1002c */
	w = T_BW;
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, 0x1001a, 0x1002d, NULL), 0);
	CHECK_EQ(w, 0xf000b807);	/* b.w 1002c */
	w = T_BL;	/* backwards */
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10000, 0x0f001, NULL), 0);
	CHECK_EQ(thm_dest(w, 0x10000), 0x0f001);

	/* Farthest reach: +0xfffffe and -0x1000000 from P + 4. */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, (P0 + 4 + 0xfffffe) | 1, NULL), 0);
	CHECK_EQ(w, 0xf3ffd7ff);
	w = T_BW;
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, P0, (P0 + 4 - 0x1000000) | 1, NULL), 0);
	CHECK_EQ(w, 0xf4009000);
	/* J1/J2 apart: S = 0, I1 = 1 (J1 = 0), I2 = 0 (J2 = 1): offset 0x800000. */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, (P0 + 4 + 0x800000) | 1, NULL), 0);
	CHECK_EQ(w, 0xf000d800);

	w = 0xf7ff7ffe;	/* lower bit 15 clear: neither BL nor B.W */
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, P0 | 1, NULL), -ENOEXEC);
	CHECK(has(rerr, "not BL/BLX"));
	w = T_BL;	/* BL under R_ARM_THM_JUMP24 */
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, P0, P0 | 1, NULL), -ENOEXEC);
	CHECK(has(rerr, "not B.W"));
	w = 0xf7ffefff;	/* BLX with H = 1 is UNDEFINED */
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, P0, NULL), -ENOEXEC);
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0 + 1, P0 | 1, NULL), -ERANGE);
}

static void test_thm_branch_veneer(void)
{
	struct vctx v = { .ret = P0 + 0x100 };
	u32 w;

	/* One halfword beyond either limit: Thumb-entry veneer, reached by BL. */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, (P0 + 4 + 0x1000000) | 1, &v), 0);
	CHECK_EQ(v.calls, 1);
	CHECK_EQ(v.target, (P0 + 4 + 0x1000000) | 1);
	CHECK(v.thumb_caller);
	CHECK_EQ(thm_dest(w, P0), (v.ret + 8) | 1);
	CHECK_EQ(w, 0xf000f882);
	w = T_BW;
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, P0, (P0 + 2 - 0x1000000) | 1, &v), 0);
	CHECK_EQ(v.calls, 2);
	CHECK_EQ(w, 0xf000b882);	/* b.w to the Thumb entry */

	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, (P0 + 4 + 0x1000000) | 1, NULL), -ERANGE);
	CHECK_EQ(w, T_BL);
	CHECK(has(rerr, "R_ARM_THM_CALL"));
	v.ret = P0 + 0x2000000;	/* veneer out of reach */
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0, (P0 + 4 + 0x1000000) | 1, &v), -ERANGE);
	CHECK_EQ(w, T_BL);
}

static void test_thm_interworking(void)
{
	struct vctx v = { .ret = 0x30000 };
	u32 w;

	/* BL to ARM becomes BLX, offset from Align(P + 4, 4). */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10002, 0x1000c, NULL), 0);
	CHECK_EQ(w, 0xf000e804);	/* GNU ld: 10002: blx 1000c */
	w = T_BLX;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10006, 0x1000c, NULL), 0);
	CHECK_EQ(w, 0xf000e802);	/* 10006: blx 1000c */
	CHECK_EQ(thm_dest(w, 0x10006), 0x1000c);
	/* BLX reach from a halfword-aligned P: base is Align(P + 4, 4). */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, P0 + 2, P0 + 4 + 0xfffffc, NULL), 0);
	CHECK_EQ(w, 0xf3ffc7fe);	/* BLX (bit 12 clear), H (bit 0) clear */
	/* BLX back to Thumb becomes BL. */
	w = T_BLX;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10012, 0x1002d, NULL), 0);
	CHECK_EQ(w, 0xf000f80b);

	/* B.W to ARM: veneer, entered in Thumb state. */
	w = T_BW;
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, 0x10000, 0x10010, &v), 0);
	CHECK_EQ(v.calls, 1);
	CHECK_EQ(v.target, 0x10010);
	CHECK(v.thumb_caller);
	CHECK_EQ(thm_dest(w, 0x10000), 0x30009);
	w = T_BW;
	CHECK_EQ(thm_rel(R_ARM_THM_JUMP24, &w, 0x10000, 0x10010, NULL), -ERANGE);
	/* Out-of-range BL to ARM: veneer by BL (Thumb entry), not BLX. */
	w = T_BL;
	CHECK_EQ(thm_rel(R_ARM_THM_CALL, &w, 0x10000, 0x4000000, &v), 0);
	CHECK_EQ(v.target, 0x4000000);
	CHECK_EQ(thm_dest(w, 0x10000), 0x30009);
	CHECK(w & 0x1000);
}

static void test_veneer_bytes(void)
{
	static const u8 want[ELF_VENEER_SIZE] = {
		0x04, 0xf0, 0x1f, 0xe5,	/* ldr pc, [pc, #-4] */
		0x01, 0x00, 0x02, 0x00,	/* .word 0x00020001 (Thumb target, T kept) */
		0x5f, 0xf8, 0x08, 0xf0,	/* ldr.w pc, [pc, #-8] */
	};
	u8 buf[ELF_VENEER_SIZE + 2];

	memset(buf, 0xee, sizeof(buf));
	elf_write_veneer(buf + 1, 0x30000, 0x20001);
	CHECK(memcmp(buf + 1, want, sizeof(want)) == 0);
	CHECK_EQ(buf[0], 0xee);
	CHECK_EQ(buf[ELF_VENEER_SIZE + 1], 0xee);
	elf_write_veneer(buf + 1, 0x30000, 0xc0008000);
	CHECK_EQ(get32(buf + 5), 0xc0008000);
}

/* ---- a tiny ET_REL builder ---- */

#define EB_MAX_SEC 16

struct eb {
	u8 data[4096];
	size_t len;
	Elf32_Shdr sh[EB_MAX_SEC];
	unsigned int nsh;
	char shstr[512];
	size_t shstr_len;
};

static void eb_init(struct eb *b)
{
	memset(b, 0, sizeof(*b));
	b->len = sizeof(Elf32_Ehdr);
	b->nsh = 1;		/* SHT_NULL */
	b->shstr_len = 1;	/* "" */
}

/* Add a section with its bytes (none for SHT_NOBITS); returns its index. */
static unsigned int eb_add(struct eb *b, const char *name, u32 type, u32 flags, const void *bytes,
			   u32 size, u32 entsize, u32 link, u32 info)
{
	Elf32_Shdr *sh = &b->sh[b->nsh];

	b->len = ALIGN_UP(b->len, 4);
	sh->sh_name = (u32)b->shstr_len;
	strcpy(b->shstr + b->shstr_len, name);
	b->shstr_len += strlen(name) + 1;
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_offset = (u32)b->len;
	sh->sh_size = size;
	sh->sh_entsize = entsize;
	sh->sh_link = link;
	sh->sh_info = info;
	sh->sh_addralign = 4;
	if (type != SHT_NOBITS) {
		memcpy(b->data + b->len, bytes, size);
		b->len += size;
	}
	return b->nsh++;
}

/* Append .shstrtab and the header table; returns an exact-size heap copy. */
static u8 *eb_finish(struct eb *b, size_t *size)
{
	Elf32_Ehdr eh = { .e_ident = { 0x7f, 'E', 'L', 'F', 1, 1, 1 } };
	unsigned int shstrndx = b->nsh++;
	Elf32_Shdr *sh = &b->sh[shstrndx];
	u8 *p;

	sh->sh_name = (u32)b->shstr_len;
	strcpy(b->shstr + b->shstr_len, ".shstrtab");
	b->shstr_len += sizeof(".shstrtab");
	sh->sh_type = SHT_STRTAB;
	sh->sh_offset = (u32)b->len;
	sh->sh_size = (u32)b->shstr_len;
	sh->sh_addralign = 1;
	memcpy(b->data + b->len, b->shstr, b->shstr_len);
	b->len += b->shstr_len;
	b->len = ALIGN_UP(b->len, 4);
	eh.e_type = ET_REL;
	eh.e_machine = EM_ARM;
	eh.e_version = 1;
	eh.e_flags = 0x05000000;
	eh.e_ehsize = sizeof(Elf32_Ehdr);
	eh.e_shentsize = sizeof(Elf32_Shdr);
	eh.e_shnum = (u16)b->nsh;
	eh.e_shstrndx = (u16)shstrndx;
	eh.e_shoff = (u32)b->len;
	memcpy(b->data, &eh, sizeof(eh));
	memcpy(b->data + b->len, b->sh, b->nsh * sizeof(Elf32_Shdr));
	b->len += b->nsh * sizeof(Elf32_Shdr);
	*size = b->len;
	p = malloc(b->len);
	if (!p)
		abort();
	memcpy(p, b->data, b->len);
	return p;
}

/* Section indices of the sample image. */
enum { S_TEXT = 1, S_DATA, S_BSS, S_STRTAB, S_SYMTAB, S_REL, S_SHSTRTAB, S_NUM };

/*
 * The sample module: .text = { bl ext; movw r0, #:lower16:local; movt ...;
 * .word local }, .data, .bss, symbols (null, local in .text, ext undefined,
 * an absolute one), .rel.text with four entries.
 */
static u8 *sample_modinfo(size_t *size, const char *modinfo, u32 len, u32 type);

static u8 *sample(size_t *size)
{
	return sample_modinfo(size, NULL, 0, 0);
}

/* The sample module, with a .modinfo section of len bytes and this type when modinfo is set. */
static u8 *sample_modinfo(size_t *size, const char *modinfo, u32 len, u32 type)
{
	static const char strtab[] = "\0local\0ext\0absval";
	u32 text[4] = { BL_AL, 0xe3000000, 0xe3400000, 8 };
	u32 data[2] = { 1, 2 };
	Elf32_Sym syms[4] = {
		{ 0 },
		{ .st_name = 1, .st_value = 12, .st_info = STT_FUNC, .st_shndx = S_TEXT },
		{ .st_name = 7, .st_info = STB_GLOBAL << 4 | STT_FUNC, .st_shndx = SHN_UNDEF },
		{ .st_name = 11, .st_value = 0x1234, .st_info = STB_GLOBAL << 4, .st_shndx = SHN_ABS },
	};
	Elf32_Rel rel[4] = {
		{ 0, 2 << 8 | R_ARM_CALL },
		{ 4, 1 << 8 | R_ARM_MOVW_ABS_NC },
		{ 8, 1 << 8 | R_ARM_MOVT_ABS },
		{ 12, 1 << 8 | R_ARM_ABS32 },
	};
	struct eb b;

	eb_init(&b);
	eb_add(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text, sizeof(text), 0, 0, 0);
	eb_add(&b, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data, sizeof(data), 0, 0, 0);
	eb_add(&b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, NULL, 64, 0, 0, 0);
	eb_add(&b, ".strtab", SHT_STRTAB, 0, strtab, sizeof(strtab), 0, 0, 0);
	eb_add(&b, ".symtab", SHT_SYMTAB, 0, syms, sizeof(syms), sizeof(Elf32_Sym), S_STRTAB, 2);
	eb_add(&b, ".rel.text", SHT_REL, 0, rel, sizeof(rel), sizeof(Elf32_Rel), S_SYMTAB, S_TEXT);
	if (modinfo)
		eb_add(&b, ".modinfo", type, SHF_ALLOC, modinfo, len, 0, 0, 0);
	return eb_finish(&b, size);
}

/* Pointers into a sample image, for corrupting it. */
static Elf32_Ehdr *EH(u8 *p)
{
	return (Elf32_Ehdr *)p;
}

static Elf32_Shdr *SH(u8 *p, unsigned int i)
{
	return (Elf32_Shdr *)(p + EH(p)->e_shoff) + i;
}

static Elf32_Sym *SYM(u8 *p, unsigned int i)
{
	return (Elf32_Sym *)(p + SH(p, S_SYMTAB)->sh_offset) + i;
}

static Elf32_Rel *REL(u8 *p, unsigned int i)
{
	return (Elf32_Rel *)(p + SH(p, S_REL)->sh_offset) + i;
}

/* ---- parser tests ---- */

static void test_parse_good(void)
{
	struct elf_module m;
	Elf32_Sym bogus = { .st_name = 0xffffffff };
	size_t size;
	u8 *p = sample(&size);

	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	CHECK_STR(m.err, "");
	CHECK_EQ(m.nsec, S_NUM);
	CHECK_EQ(m.symtab_idx, S_SYMTAB);
	CHECK_EQ(m.nsyms, 4);
	CHECK(m.ehdr == (const void *)p);
	CHECK(m.sechdrs == (const void *)SH(p, 0));
	CHECK_STR(elf_section_name(&m, S_TEXT), ".text");
	CHECK_STR(elf_section_name(&m, S_REL), ".rel.text");
	CHECK_STR(elf_section_name(&m, S_SHSTRTAB), ".shstrtab");
	CHECK_STR(elf_section_name(&m, 0), "");
	CHECK_STR(elf_section_name(&m, S_NUM), "");
	CHECK_STR(elf_section_name(&m, 0xffffffff), "");
	CHECK_STR(elf_symbol_name(&m, &m.syms[1]), "local");
	CHECK_STR(elf_symbol_name(&m, &m.syms[2]), "ext");
	CHECK_STR(elf_symbol_name(&m, &m.syms[3]), "absval");
	CHECK_STR(elf_symbol_name(&m, &bogus), "");
	CHECK_STR(elf_symbol_name(&m, NULL), "");
	CHECK_EQ(elf_find_section(&m, ".data"), S_DATA);
	CHECK_EQ(elf_find_section(&m, ".bss"), S_BSS);
	CHECK_EQ(elf_find_section(&m, ".text.unlikely"), -1);
	CHECK_EQ(elf_find_section(&m, ""), -1);
	CHECK_EQ(elf_find_section(&m, NULL), -1);
	free(p);
}

/* Relocate the sample's .text as the loader would: .text at 0x7f000000, ext at 0x7f800001. */
static void test_parse_and_relocate(void)
{
	const u32 base = 0x7f000000, ext = 0x7f800001;
	struct elf_module m;
	u8 text[16];
	size_t size;
	u8 *p = sample(&size);
	unsigned int i;

	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	memcpy(text, p + m.sechdrs[S_TEXT].sh_offset, sizeof(text));
	for (i = 0; i < m.sechdrs[S_REL].sh_size / sizeof(Elf32_Rel); i++) {
		const Elf32_Rel *r = (const Elf32_Rel *)(p + m.sechdrs[S_REL].sh_offset) + i;
		const Elf32_Sym *sym = &m.syms[ELF32_R_SYM(r->r_info)];
		u32 S = sym->st_shndx == SHN_UNDEF ? ext :
			sym->st_shndx == SHN_ABS ? sym->st_value : base + sym->st_value;

		CHECK_EQ(elf_apply_rel(ELF32_R_TYPE(r->r_info), text + r->r_offset, base + r->r_offset, S,
				       NULL, NULL, rerr, sizeof(rerr)), 0);
	}
	CHECK_EQ(get32(text), 0xfa1ffffe);	/* blx ext: 0x7f800000 - 0x7f000008, H = 0 */
	CHECK_EQ(arm_dest(get32(text), base), ext);
	CHECK_EQ(get32(text + 4), 0xe300000c);	/* movw r0, #0x000c */
	CHECK_EQ(get32(text + 8), 0xe3470f00);	/* movt r0, #0x7f00 */
	CHECK_EQ(get32(text + 12), base + 12 + 8);
	free(p);
}

/* Parse p and expect failure with msg in the error. */
static void expect_fail(u8 *p, size_t size, const char *msg, int line)
{
	struct elf_module m;
	int ret = elf_module_parse(&m, p, size);

	CHECK_MSG(ret == -ENOEXEC, "line %d: parse returned %d", line, ret);
	CHECK_MSG(strstr(m.err, msg) != NULL, "line %d: \"%s\" lacks \"%s\"", line, m.err, msg);
}

#define EXPECT_FAIL(p, size, msg) expect_fail(p, size, msg, __LINE__)

/* One corruption of a fresh sample per call: fn edits it, then msg must appear. */
#define CORRUPT(edit, msg)                                                    \
	do {                                                                  \
		size_t size_;                                                 \
		u8 *p = sample(&size_);                                       \
		edit;                                                         \
		EXPECT_FAIL(p, size_, msg);                                   \
		free(p);                                                      \
	} while (0)

static void test_parse_header(void)
{
	size_t size;
	u8 *p = sample(&size), *q;

	EXPECT_FAIL(p, sizeof(Elf32_Ehdr) - 1, "too small");
	EXPECT_FAIL(p, 0, "too small");
	q = malloc(size + 1);	/* misaligned copy */
	memcpy(q + 1, p, size);
	EXPECT_FAIL(q + 1, size, "not 4-byte aligned");
	free(q);
	free(p);

	CORRUPT(p[1] = 'e', "not an ELF file");
	CORRUPT(p[4] = 2, "not ELF32 (class 2)");
	CORRUPT(p[5] = 2, "not little-endian");
	CORRUPT(p[6] = 0, "ELF version 0 is not 1");
	CORRUPT(EH(p)->e_version = 2, "ELF version 2");
	CORRUPT(EH(p)->e_type = 2, "type 2 is not ET_REL");
	CORRUPT(EH(p)->e_machine = 62, "machine 62 is not ARM");
	CORRUPT(EH(p)->e_ehsize = 40, "ELF header size 40");
	CORRUPT(EH(p)->e_shentsize = 32, "section header size 32 is not 40");
	CORRUPT(EH(p)->e_shnum = 0, "no section headers");
	CORRUPT(EH(p)->e_shnum = 100, "section header table (100 entries");
	CORRUPT(EH(p)->e_shoff = 0xfffffff0, "extends past the end of the file");
	CORRUPT(EH(p)->e_shoff += 2, "not 4-byte aligned");
	CORRUPT(EH(p)->e_shstrndx = 99, "section name table index 99 is invalid (only 8 sections)");
	CORRUPT(EH(p)->e_shstrndx = 0, "section name table index 0");
	CORRUPT(EH(p)->e_shstrndx = 0xffff, "extended section name table");
	CORRUPT(EH(p)->e_shstrndx = S_TEXT, "has type 1, not SHT_STRTAB");
}

static void test_parse_sections(void)
{
	struct elf_module m;
	size_t size;
	u8 *p;

	CORRUPT(SH(p, S_SHSTRTAB)->sh_size--, "section name table (section 7) is not NUL-terminated");
	CORRUPT(SH(p, S_SHSTRTAB)->sh_size = 0, "not NUL-terminated");
	CORRUPT(SH(p, S_SHSTRTAB)->sh_offset = 0xffffff00, "section name table (section 7) extends past");
	CORRUPT(SH(p, S_DATA)->sh_name = 0x1000, "section 2 name offset 4096 is past the end");
	CORRUPT(SH(p, S_TEXT)->sh_offset = (u32)size_, "section 1 (.text) extends past the end of the file");
	CORRUPT(SH(p, S_TEXT)->sh_size = (u32)size_, "section 1 (.text) extends past the end of the file");
	CORRUPT((SH(p, S_DATA)->sh_offset = 0xfffffff8, SH(p, S_DATA)->sh_size = 0x10),
		"section 2 (.data) extends past");
	CORRUPT(SH(p, S_DATA)->sh_addralign = 12, "section 2 (.data) alignment 12 is not a power of two");
	CORRUPT(SH(p, S_DATA)->sh_type = SHT_RELA, "section 2 (.data) is SHT_RELA");
	CORRUPT(SH(p, S_DATA)->sh_type = SHT_SYMTAB, "more than one symbol table (sections 2 and 5)");
	CORRUPT(SH(p, S_SYMTAB)->sh_type = SHT_PROGBITS, "no symbol table");
	CORRUPT((SH(p, S_DATA)->sh_offset = SH(p, S_TEXT)->sh_offset + 12),
		"sections 1 (.text) and 2 (.data) overlap in the file");
	CORRUPT((SH(p, S_TEXT)->sh_offset = SH(p, S_DATA)->sh_offset + 4),
		"sections 1 (.text) and 2 (.data) overlap");

	/* NOBITS needs no file bytes; zero-size and non-alloc sections may share. */
	p = sample(&size);
	SH(p, S_BSS)->sh_offset = 0xffffffff;
	SH(p, S_BSS)->sh_size = 0xffffffff;
	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	/* Out of order but disjoint: accepted (the quadratic fallback). */
	SH(p, S_DATA)->sh_offset = 0;
	SH(p, S_DATA)->sh_size = 4;
	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	SH(p, S_DATA)->sh_offset = SH(p, S_TEXT)->sh_offset + 4;	/* not allocated: no rule */
	SH(p, S_DATA)->sh_flags = 0;
	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	SH(p, S_DATA)->sh_flags = SHF_ALLOC;
	EXPECT_FAIL(p, size, "overlap");
	free(p);
}

static void test_parse_symbols(void)
{
	CORRUPT(SH(p, S_SYMTAB)->sh_entsize = 12, "symbol table (section 5) entry size 12 is not 16");
	CORRUPT(SH(p, S_SYMTAB)->sh_size -= 4, "size 60 is not a multiple of 16");
	CORRUPT((SH(p, S_SYMTAB)->sh_offset += 2, SH(p, S_SYMTAB)->sh_size -= 16), "offset");
	CORRUPT(SH(p, S_SYMTAB)->sh_link = 40, "links to string table 40 (only 8 sections)");
	CORRUPT(SH(p, S_SYMTAB)->sh_link = 0, "links to string table 0");
	CORRUPT(SH(p, S_SYMTAB)->sh_link = S_DATA, "symbol string table (section 2) has type 1");
	CORRUPT(SH(p, S_STRTAB)->sh_size = 3, "symbol string table (section 4) is not NUL-terminated");
	CORRUPT(SYM(p, 2)->st_name = 100, "symbol 2 name offset 100 is past the end of the string table (18 bytes)");
	CORRUPT(SYM(p, 1)->st_shndx = 99, "symbol 1 (local) has section index 99 (only 8 sections)");
	CORRUPT(SYM(p, 1)->st_shndx = S_NUM, "symbol 1 (local) has section index 8 (only 8 sections)");
	CORRUPT(SYM(p, 1)->st_shndx = 0xff00, "symbol 1 (local) has section index 65280");
	CORRUPT(SYM(p, 2)->st_shndx = SHN_COMMON, "symbol 2 (ext) is a common symbol");
}

static void test_parse_relocs(void)
{
	CORRUPT(SH(p, S_REL)->sh_info = 44, "relocation section 6 (.rel.text) targets section 44");
	CORRUPT(SH(p, S_REL)->sh_info = 0, "relocation section 6 (.rel.text) targets section 0");
	CORRUPT(SH(p, S_REL)->sh_link = S_STRTAB,
		"relocation section 6 (.rel.text) links to section 4, not the symbol table (section 5)");
	CORRUPT(SH(p, S_REL)->sh_entsize = 12, "entry size 12 is not 8");
	CORRUPT(SH(p, S_REL)->sh_size = 12, "size 12 or offset");
	CORRUPT(REL(p, 2)->r_info = 9 << 8 | R_ARM_ABS32,
		"relocation 2 in section 6 (.rel.text) uses symbol 9 (only 4 symbols)");
	CORRUPT(REL(p, 3)->r_offset = 13,
		"relocation 3 in section 6 (.rel.text) at offset 0xd is outside section 1 (16 bytes)");
	CORRUPT(REL(p, 3)->r_offset = 0xfffffffe, "is outside section 1");

	/* R_ARM_NONE touches nothing: any offset. Unknown types are the applier's business. */
	{
		struct elf_module m;
		size_t size;
		u8 *p = sample(&size);

		REL(p, 3)->r_offset = 0xffffffff;
		REL(p, 3)->r_info = 1 << 8 | R_ARM_NONE;
		REL(p, 2)->r_info = 1 << 8 | 200;
		CHECK_EQ(elf_module_parse(&m, p, size), 0);
		free(p);
	}
}

/* A parsed image must be safe to walk: every name bounded, every REL entry in range. */
static void walk(const struct elf_module *m)
{
	unsigned int i, j;

	for (i = 0; i < m->nsec + 2; i++)
		(void)strlen(elf_section_name(m, i));
	for (i = 0; i < m->nsyms; i++)
		(void)strlen(elf_symbol_name(m, &m->syms[i]));
	for (i = 0; i < m->nsec; i++) {
		const Elf32_Shdr *sh = &m->sechdrs[i];
		const Elf32_Rel *r = (const Elf32_Rel *)(m->image + sh->sh_offset);

		if (sh->sh_type != SHT_REL)
			continue;
		for (j = 0; j < sh->sh_size / sizeof(*r); j++) {
			CHECK(ELF32_R_SYM(r[j].r_info) < m->nsyms);
			CHECK(ELF32_R_TYPE(r[j].r_info) == R_ARM_NONE ||
			      r[j].r_offset + 4ull <= m->sechdrs[sh->sh_info].sh_size);
		}
	}
}

static void test_parse_robust(void)
{
	struct elf_module m;
	unsigned int seed = 12345, round, i, good = 0;
	size_t size, n;
	u8 *p = sample(&size), *q;

	for (n = 0; n < size; n++) {	/* every truncation fails */
		q = malloc(n ? n : 1);
		memcpy(q, p, n);
		CHECK_EQ(elf_module_parse(&m, q, n), -ENOEXEC);
		CHECK(m.err[0] != 0);
		free(q);
	}
	for (round = 0; round < CORRUPT_ROUNDS; round++) {
		q = malloc(size);
		memcpy(q, p, size);
		for (i = 0; i < 1 + round % 4; i++) {
			seed = seed * 1103515245 + 12345;
			q[(seed >> 8) % size] ^= (u8)(1u << (seed >> 28) % 8);
		}
		if (elf_module_parse(&m, q, size) == 0) {
			good++;
			walk(&m);
		} else {
			CHECK(m.err[0] != 0);
		}
		free(q);
	}
	CHECK(good > 0);	/* some flips land in harmless bytes */
	free(p);
}

/*
 * .modinfo is read as NUL-separated strings (name=, license=, modinfo):
 * its bytes must be in the file and its last byte a NUL, or a reader
 * runs off its end.
 */
static void test_parse_modinfo(void)
{
	static const char good[] = "name=m\0license=GPL";	/* sizeof: the final NUL too */
	struct elf_module m;
	size_t size;
	u8 *p;

	p = sample_modinfo(&size, good, sizeof(good), SHT_PROGBITS);
	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	free(p);

	p = sample_modinfo(&size, good, sizeof(good) - 1, SHT_PROGBITS);	/* "...license=GPL" */
	CHECK_EQ(elf_module_parse(&m, p, size), -ENOEXEC);
	CHECK(has(m.err, ".modinfo") && has(m.err, "NUL-terminated"));
	free(p);

	p = sample_modinfo(&size, good, 1 << 20, SHT_NOBITS);	/* no bytes in the file */
	CHECK_EQ(elf_module_parse(&m, p, size), -ENOEXEC);
	CHECK(has(m.err, ".modinfo"));
	free(p);

	p = sample_modinfo(&size, good, 0, SHT_PROGBITS);	/* empty: nothing to read */
	CHECK_EQ(elf_module_parse(&m, p, size), 0);
	free(p);
}

int main(void)
{
	test_data_relocs();
	test_prel31();
	test_v4bx_unknown();
	test_arm_movw_movt();
	test_thm_movw_movt();
	test_arm_branch_basic();
	test_arm_branch_range();
	test_arm_branch_no_veneer();
	test_arm_interworking();
	test_arm_interworking_veneer();
	test_thm_branch_basic();
	test_thm_branch_veneer();
	test_thm_interworking();
	test_veneer_bytes();
	test_parse_good();
	test_parse_and_relocate();
	test_parse_header();
	test_parse_sections();
	test_parse_symbols();
	test_parse_relocs();
	test_parse_robust();
	test_parse_modinfo();
	return ktest_summary();
}
