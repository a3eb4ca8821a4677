/* SPDX-License-Identifier: MIT */
/*
 * ARM REL relocation arithmetic (AAELF, "Relocation types") and branch
 * veneers, for the module loader. See include/meridian/module_elf.h.
 *
 * REL: the addend A lives in the place and is read from it; S is the
 * symbol's address with bit 0 (T) set for a Thumb function; P is the
 * place's run-time address. The place is read and written a byte at a
 * time, little-endian, so loc may be unaligned on the host.
 *
 * Branches are computed from the destination they reach,
 *
 *	dest = (S & ~1) + A + pc_bias	(pc_bias: 8 in ARM, 4 in Thumb state)
 *
 * which for the usual A (-8 or -4) is S itself; the new offset is then
 * dest - (P + pc_bias), i.e. AAELF's S + A - P. Going through dest is
 * what lets a veneer (or a BLX, whose base is Align(PC, 4)) be substituted
 * for the destination.
 *
 * Interworking (AAELF 4.6.1.5, Linux only rejects it):
 *  - R_ARM_CALL (and R_ARM_PC24 on an unconditional BL/BLX) to a Thumb
 *    target becomes BLX imm24:H; to an ARM target a BLX becomes BL.
 *  - R_ARM_THM_CALL to an ARM target becomes Thumb BLX (offset from
 *    Align(P + 4, 4), target aligned to 4); to a Thumb target BLX becomes BL.
 *  - B (R_ARM_JUMP24, R_ARM_PC24 on B or BL<cond>) and B.W
 *    (R_ARM_THM_JUMP24) cannot change state: they go through a veneer.
 *
 * Veneers: when a branch needs one (state change a B cannot make, or out
 * of range: ARM B/BL/BLX +-32 MiB, Thumb-2 BL/B.W/BLX +-16 MiB), the
 * callback is asked for the address of a veneer, written with
 * elf_write_veneer(), that jumps to dest (with T). Its layout serves both
 * kinds of caller, so the callback may share one veneer per target:
 *
 *	at + 0:  e51ff004	ARM:   ldr   pc, [pc, #-4]	<- ARM callers
 *	at + 4:  target		.word (bit 0 kept: LDR to PC interworks)
 *	at + 8:  f85f f008	Thumb: ldr.w pc, [pc, #-8]	<- Thumb callers
 *
 * ARM callers branch to at (ARM state), Thumb callers to at + 8 in Thumb
 * state (so B.W, which cannot switch state, still reaches it). at must be
 * 4-byte aligned: the ARM LDR needs it and Thumb's PC reads Align(at + 12, 4).
 *
 * R_ARM_V4BX marks a BX Rm. Linux rewrites it to MOV PC, Rm for ARMv4
 * cores without BX; on ARMv7 BX exists and interworks, so the instruction
 * is left as it is (after checking that it is a BX).
 *
 * Every place is checked to hold the instruction its type applies to, so
 * a corrupt object fails with a message instead of being patched into
 * garbage. Pure arithmetic: no allocation, no global state, IRQ-safe.
 */
#include "meridian/errno.h"
#include "meridian/module_elf.h"
#include "meridian/types.h"

#include <stdarg.h>
#include <stdio.h>

/* Message arguments for %x, whatever u32 is on the target */
#define UI(v) ((unsigned int)(v))

#define ARM_PC_BIAS 8			/* ARM state reads PC as P + 8 */
#define THUMB_PC_BIAS 4			/* Thumb state reads PC as P + 4 */
#define ARM_BRANCH_MIN (-0x2000000)	/* imm24:00 signed: -32 MiB */
#define ARM_BRANCH_MAX 0x1fffffe	/* ... to 32 MiB - 2 (BLX; B/BL offsets are words) */
#define THM_BRANCH_MIN (-0x1000000)	/* S:I1:I2:imm10:imm11:0 signed: -16 MiB */
#define THM_BRANCH_MAX 0xfffffe		/* ... to 16 MiB - 2 */
#define PREL31_MIN (-0x40000000)
#define PREL31_MAX 0x3fffffff
#define VENEER_THUMB_ENTRY 8		/* offset of the Thumb entry in a veneer */

#define ARM_COND_AL 0xeu
#define ARM_BL_AL 0xeb000000u		/* BL, condition always */
#define ARM_BLX_IMM 0xfa000000u		/* BLX imm24, H at bit 24 */
#define ARM_VENEER_LDR 0xe51ff004u	/* ldr pc, [pc, #-4] */
#define THM_VENEER_LDR_HI 0xf85fu	/* ldr.w pc, [pc, #-8] */
#define THM_VENEER_LDR_LO 0xf008u

/* One branch: where it is, where it goes, and what the place may become. */
struct branch {
	u32 P;			/* place */
	u32 dest;		/* destination, T bit clear */
	bool to_thumb;		/* destination is Thumb code */
	bool may_blx;		/* a BL here may become BLX (and back) */
	bool is_blx;		/* the place currently holds BLX */
};

static u32 get_le16(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8;
}

static u32 get_le32(const u8 *p)
{
	return get_le16(p) | get_le16(p + 2) << 16;
}

static void put_le16(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put_le32(u8 *p, u32 v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

/* Sign-extend the low bits+1 bits of v (bit `bit` is the sign bit). */
static u32 sext(u32 v, unsigned int bit)
{
	u32 m = 1u << bit;

	v &= (m << 1) - 1;
	return (v ^ m) - m;
}

static bool in_range(u32 off, s32 lo, s32 hi)
{
	return (s32)off >= lo && (s32)off <= hi;
}

static const char *rel_type_name(unsigned int type)
{
	switch (type) {
	case R_ARM_PC24: return "R_ARM_PC24";
	case R_ARM_CALL: return "R_ARM_CALL";
	case R_ARM_JUMP24: return "R_ARM_JUMP24";
	case R_ARM_THM_CALL: return "R_ARM_THM_CALL";
	case R_ARM_THM_JUMP24: return "R_ARM_THM_JUMP24";
	case R_ARM_MOVW_ABS_NC: return "R_ARM_MOVW_ABS_NC";
	case R_ARM_MOVT_ABS: return "R_ARM_MOVT_ABS";
	case R_ARM_MOVW_PREL_NC: return "R_ARM_MOVW_PREL_NC";
	case R_ARM_MOVT_PREL: return "R_ARM_MOVT_PREL";
	case R_ARM_THM_MOVW_ABS_NC: return "R_ARM_THM_MOVW_ABS_NC";
	case R_ARM_THM_MOVT_ABS: return "R_ARM_THM_MOVT_ABS";
	default: return "relocation";
	}
}

/* Format the reason into err (if there is room) and return ret. */
static int __attribute__((format(printf, 4, 5)))
rel_fail(char *err, size_t errsize, int ret, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsize)
		return ret;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * get_veneer - ask the callback for a veneer to b->dest and retarget b at
 * the entry point the caller's state uses (see the file header).
 * Returns 0, or -ERANGE (with err) when there is no usable veneer.
 */
static int get_veneer(struct branch *b, bool thumb_caller, unsigned int type,
		      elf_veneer_fn veneer, void *ctx, char *err, size_t errsize)
{
	u32 target = b->dest | b->to_thumb, v;

	v = veneer ? veneer(ctx, target, thumb_caller) : 0;
	if (!v)
		return rel_fail(err, errsize, -ERANGE,
				"%s at 0x%08x cannot reach 0x%08x and there is no veneer",
				rel_type_name(type), UI(b->P), UI(target));
	if (v & 3)
		return rel_fail(err, errsize, -ERANGE, "veneer at 0x%08x is not 4-byte aligned",
				UI(v));
	b->dest = thumb_caller ? v + VENEER_THUMB_ENTRY : v;
	b->to_thumb = thumb_caller;
	return 0;
}

/* ---- ARM B/BL/BLX: R_ARM_PC24, R_ARM_CALL, R_ARM_JUMP24 ---- */

/*
 * ARM branch encodings (ARM ARM A8.8.18 B, A8.8.25 BL/BLX immediate):
 *
 *	31   28 27 25 24 23                       0
 *	| cond | 101 | L |        imm24            |  B (L=0) / BL (L=1)
 *	| 1111 | 101 | H |        imm24            |  BLX: Thumb target
 *
 * B/BL go to P + 8 + SignExtend(imm24:00), BLX to P + 8 + SignExtend(imm24:H:0).
 */
static u32 arm_branch_addend(u32 insn)
{
	u32 imm = (insn & 0x00ffffff) << 2;

	if ((insn >> 28) == 0xf)
		imm |= (insn >> 23) & 2;
	return sext(imm, 25);
}

/* Encode b into insn; returns false if the offset does not fit. */
static bool arm_branch_encode(const struct branch *b, u32 *insn)
{
	u32 off = b->dest - (b->P + ARM_PC_BIAS);

	if (!in_range(off, ARM_BRANCH_MIN, ARM_BRANCH_MAX))
		return false;
	if (b->to_thumb)
		*insn = ARM_BLX_IMM | (off & 2) << 23 | ((off >> 2) & 0x00ffffff);
	else if (b->is_blx)
		*insn = ARM_BL_AL | ((off >> 2) & 0x00ffffff);
	else
		*insn = (*insn & 0xff000000) | ((off >> 2) & 0x00ffffff);
	return true;
}

static int apply_arm_branch(unsigned int type, u8 *loc, u32 P, u32 S, elf_veneer_fn veneer,
			    void *ctx, char *err, size_t errsize)
{
	u32 insn = get_le32(loc), cond = insn >> 28;
	struct branch b = { .P = P, .to_thumb = S & 1, .is_blx = cond == 0xf };
	bool link = b.is_blx || (insn & 0x01000000);
	int ret;

	if ((insn & 0x0e000000) != 0x0a000000)
		return rel_fail(err, errsize, -ENOEXEC, "%s at 0x%08x: 0x%08x is not B/BL/BLX",
				rel_type_name(type), UI(P), UI(insn));
	b.dest = (S & ~1u) + arm_branch_addend(insn) + ARM_PC_BIAS;
	b.may_blx = type != R_ARM_JUMP24 && link && (b.is_blx || cond == ARM_COND_AL);
	if (!b.to_thumb && (b.dest & 3))
		return rel_fail(err, errsize, -ERANGE,
				"%s at 0x%08x: ARM destination 0x%08x is not 4-byte aligned",
				rel_type_name(type), UI(P), UI(b.dest));
	if (P & 3)
		return rel_fail(err, errsize, -ERANGE, "%s: place 0x%08x is not 4-byte aligned",
				rel_type_name(type), UI(P));
	if ((!b.to_thumb || b.may_blx) && arm_branch_encode(&b, &insn))
		goto out;
	ret = get_veneer(&b, false, type, veneer, ctx, err, errsize);
	if (ret)
		return ret;
	if (!arm_branch_encode(&b, &insn))
		return rel_fail(err, errsize, -ERANGE, "%s at 0x%08x: veneer 0x%08x is out of range",
				rel_type_name(type), UI(P), UI(b.dest));
out:
	put_le32(loc, insn);
	return 0;
}

/* ---- Thumb-2 BL/BLX/B.W: R_ARM_THM_CALL, R_ARM_THM_JUMP24 ---- */

/*
 * Thumb-2 BL, BLX and B.W (ARM ARM A8.8.25 T1/T2, A8.8.18 T4), two
 * halfwords, upper first:
 *
 *	upper: 15   11 10 9                0
 *	       | 11110 | S |     imm10      |
 *	lower: 15 14 13 12 11 10           0
 *	       | 1 | x | J1 | y | J2 | imm11 |   x=1,y=1 BL; x=1,y=0 BLX; x=0,y=1 B.W
 *
 * offset = SignExtend(S:I1:I2:imm10:imm11:0), I1 = NOT(J1 XOR S),
 * I2 = NOT(J2 XOR S); from P + 4 for BL/B.W, from Align(P + 4, 4) for BLX
 * (whose imm11 bit 0, H, must be 0).
 */
static u32 thm_branch_addend(u32 upper, u32 lower)
{
	u32 s = (upper >> 10) & 1, j1 = (lower >> 13) & 1, j2 = (lower >> 11) & 1;
	u32 off = s << 24 | (~(j1 ^ s) & 1) << 23 | (~(j2 ^ s) & 1) << 22 |
		  (upper & 0x3ff) << 12 | (lower & 0x7ff) << 1;

	return sext(off, 24);
}

/* Encode b into upper/lower; returns false if the offset does not fit. */
static bool thm_branch_encode(const struct branch *b, u32 *upper, u32 *lower)
{
	u32 off, s, j1, j2;

	if (b->to_thumb)
		off = b->dest - (b->P + THUMB_PC_BIAS);
	else	/* BLX: ARM destination, from Align(PC, 4) */
		off = (b->dest & ~3u) - ((b->P + THUMB_PC_BIAS) & ~3u);
	if (!in_range(off, THM_BRANCH_MIN, THM_BRANCH_MAX))
		return false;
	s = (off >> 24) & 1;
	j1 = s ^ (~(off >> 23) & 1);
	j2 = s ^ (~(off >> 22) & 1);
	*upper = (*upper & 0xf800) | s << 10 | ((off >> 12) & 0x3ff);
	*lower = (*lower & 0xc000) | j1 << 13 | j2 << 11 | ((off >> 1) & 0x7ff);
	if (b->to_thumb)
		*lower |= 0x1000;	/* BL or B.W (bit 12 set) */
	return true;
}

static bool thm_branch_ok(unsigned int type, u32 upper, u32 lower)
{
	if ((upper & 0xf800) != 0xf000)
		return false;
	if (type == R_ARM_THM_CALL)
		return (lower & 0xc000) == 0xc000 && ((lower & 0x1000) || !(lower & 1));
	return (lower & 0xd000) == 0x9000;	/* B.W, encoding T4 */
}

static int apply_thm_branch(unsigned int type, u8 *loc, u32 P, u32 S, elf_veneer_fn veneer,
			    void *ctx, char *err, size_t errsize)
{
	u32 upper = get_le16(loc), lower = get_le16(loc + 2);
	struct branch b = { .P = P, .to_thumb = S & 1 };
	int ret;

	if (!thm_branch_ok(type, upper, lower))
		return rel_fail(err, errsize, -ENOEXEC, "%s at 0x%08x: 0x%04x%04x is not %s",
				rel_type_name(type), UI(P), UI(upper), UI(lower),
				type == R_ARM_THM_CALL ? "BL/BLX" : "B.W");
	b.may_blx = type == R_ARM_THM_CALL;
	b.dest = (S & ~1u) + thm_branch_addend(upper, lower) + THUMB_PC_BIAS;
	if (P & 1)	/* dest is even: S & ~1 plus an even addend */
		return rel_fail(err, errsize, -ERANGE, "%s: place 0x%08x is not 2-byte aligned",
				rel_type_name(type), UI(P));
	if ((b.to_thumb || b.may_blx) && thm_branch_encode(&b, &upper, &lower))
		goto out;
	ret = get_veneer(&b, true, type, veneer, ctx, err, errsize);
	if (ret)
		return ret;
	if (!thm_branch_encode(&b, &upper, &lower))
		return rel_fail(err, errsize, -ERANGE, "%s at 0x%08x: veneer 0x%08x is out of range",
				rel_type_name(type), UI(P), UI(b.dest));
out:
	put_le16(loc, upper);
	put_le16(loc + 2, lower);
	return 0;
}

/* ---- MOVW/MOVT ---- */

/*
 * ARM MOVW/MOVT (A8.8.102 A2, A8.8.106 A1):
 *	| cond | 0011 0000 (MOVW) / 0011 0100 (MOVT) | imm4 | Rd | imm12 |
 * The addend is imm4:imm12 as a signed 16-bit value, for MOVT too (AAELF
 * 4.6.1.1); MOVW takes X[15:0], MOVT X[31:16], with no overflow check.
 */
static int apply_arm_mov(unsigned int type, u8 *loc, u32 P, u32 S, char *err, size_t errsize)
{
	bool movt = type == R_ARM_MOVT_ABS || type == R_ARM_MOVT_PREL;
	u32 insn = get_le32(loc), x;

	if ((insn & 0x0ff00000) != (movt ? 0x03400000u : 0x03000000u))
		return rel_fail(err, errsize, -ENOEXEC, "%s at 0x%08x: 0x%08x is not %s",
				rel_type_name(type), UI(P), UI(insn), movt ? "MOVT" : "MOVW");
	x = S + sext((insn >> 4 & 0xf000) | (insn & 0x0fff), 15);
	if (type == R_ARM_MOVW_PREL_NC || type == R_ARM_MOVT_PREL)
		x -= P;
	if (movt)
		x >>= 16;
	insn = (insn & 0xfff0f000) | (x & 0xf000) << 4 | (x & 0x0fff);
	put_le32(loc, insn);
	return 0;
}

/*
 * Thumb-2 MOVW/MOVT (A8.8.102 T3, A8.8.106 T1):
 *	upper: | 11110 | i | 10 | 0 (MOVW) / 1 (MOVT) | 100 | imm4 |
 *	lower: | 0 | imm3 | Rd | imm8 |
 * imm16 = imm4:i:imm3:imm8, the addend as for ARM.
 */
static int apply_thm_mov(unsigned int type, u8 *loc, u32 P, u32 S, char *err, size_t errsize)
{
	bool movt = type == R_ARM_THM_MOVT_ABS;
	u32 upper = get_le16(loc), lower = get_le16(loc + 2), x;

	if ((upper & 0xfbf0) != (movt ? 0xf2c0u : 0xf240u) || (lower & 0x8000))
		return rel_fail(err, errsize, -ENOEXEC, "%s at 0x%08x: 0x%04x%04x is not %s",
				rel_type_name(type), UI(P), UI(upper), UI(lower), movt ? "MOVT" : "MOVW");
	x = (upper & 0x000f) << 12 | (upper & 0x0400) << 1 | (lower & 0x7000) >> 4 | (lower & 0x00ff);
	x = S + sext(x, 15);
	if (movt)
		x >>= 16;
	upper = (upper & 0xfbf0) | (x & 0xf000) >> 12 | (x & 0x0800) >> 1;
	lower = (lower & 0x8f00) | (x & 0x0700) << 4 | (x & 0x00ff);
	put_le16(loc, upper);
	put_le16(loc + 2, lower);
	return 0;
}

/* ---- data and the rest ---- */

/*
 * R_ARM_PREL31 (exception index tables): bits 30:0 hold a signed 31-bit
 * offset S + A - P, bit 31 is kept. Out of +-1 GiB is -ERANGE.
 */
static int apply_prel31(u8 *loc, u32 P, u32 S, char *err, size_t errsize)
{
	u32 word = get_le32(loc);
	u32 x = S + sext(word, 30) - P;

	if (!in_range(x, PREL31_MIN, PREL31_MAX))
		return rel_fail(err, errsize, -ERANGE,
				"R_ARM_PREL31 at 0x%08x: 0x%08x is more than 1 GiB away",
				UI(P), UI(S));
	put_le32(loc, (word & 0x80000000) | (x & 0x7fffffff));
	return 0;
}

/* R_ARM_V4BX: check for BX Rm (cond 0001 0010 1111 1111 1111 0001 Rm) and keep it. */
static int check_v4bx(const u8 *loc, u32 P, char *err, size_t errsize)
{
	u32 insn = get_le32(loc);

	if ((insn & 0x0ffffff0) != 0x012fff10)
		return rel_fail(err, errsize, -ENOEXEC, "R_ARM_V4BX at 0x%08x: 0x%08x is not BX",
				UI(P), UI(insn));
	return 0;
}

int elf_apply_rel(unsigned int type, u8 *loc, u32 P, u32 S, elf_veneer_fn veneer, void *ctx,
		  char *err, size_t errsize)
{
	switch (type) {
	case R_ARM_NONE:
		return 0;
	case R_ARM_ABS32:
	case R_ARM_TARGET1:	/* ABS32 in Linux/EABI static constructors */
		put_le32(loc, get_le32(loc) + S);
		return 0;
	case R_ARM_REL32:
		put_le32(loc, get_le32(loc) + S - P);
		return 0;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		return apply_arm_branch(type, loc, P, S, veneer, ctx, err, errsize);
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		return apply_thm_branch(type, loc, P, S, veneer, ctx, err, errsize);
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		return apply_arm_mov(type, loc, P, S, err, errsize);
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
		return apply_thm_mov(type, loc, P, S, err, errsize);
	case R_ARM_PREL31:
		return apply_prel31(loc, P, S, err, errsize);
	case R_ARM_V4BX:
		return check_v4bx(loc, P, err, errsize);
	default:
		return rel_fail(err, errsize, -ENOEXEC, "unsupported relocation type %u", type);
	}
}

/*
 * elf_write_veneer - write the 12-byte dual-entry veneer to target at loc
 * (run-time address at, which must be 4-byte aligned; see the file
 * header). The code is position-independent, so at only states the
 * alignment requirement. The caller makes it visible to instruction
 * fetch (cache maintenance) before use.
 */
void elf_write_veneer(u8 *loc, u32 at, u32 target)
{
	(void)at;
	put_le32(loc, ARM_VENEER_LDR);
	put_le32(loc + 4, target);
	put_le16(loc + 8, THM_VENEER_LDR_HI);
	put_le16(loc + 10, THM_VENEER_LDR_LO);
}
