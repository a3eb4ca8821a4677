/* SPDX-License-Identifier: MIT */
/*
 * Constants usable from both C and assembly: UL(0x1000) is 0x1000UL in C
 * and plain 0x1000 in a .S file.
 */
#ifndef MERIDIAN_CONST_H
#define MERIDIAN_CONST_H

#ifdef __ASSEMBLER__
#define _AC(x, y) x
#else
#define __AC(x, y) (x##y)
#define _AC(x, y) __AC(x, y)
#endif

#define UL(x) _AC(x, UL)
#define ULL(x) _AC(x, ULL)

#endif /* MERIDIAN_CONST_H */
