/* SPDX-License-Identifier: MIT */
/*
 * ARM semihosting (the "Semihosting for AArch32 and AArch64" spec):
 * a call is SVC 0x123456 in ARM state with the operation in r0 and the
 * argument in r1.  QEMU answers it when started with
 * -semihosting-config enable=on; otherwise the SVC reaches our vector,
 * which marks semihosting absent.
 */
#ifndef ASM_SEMIHOST_H
#define ASM_SEMIHOST_H

#include <meridian/types.h>

#define SEMIHOST_SVC_IMM 0x123456
#define SYS_WRITE0 0x04
#define SYS_ERRNO 0x13
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Probes once; true when a debugger/QEMU answers semihosting calls. */
bool semihost_available(void);
void semihost_write0(const char *s);
/* Ends the QEMU process with this exit status; returns only if that failed. */
void semihost_exit(int status);
/* Called by the SVC handler: was this SVC a semihosting call nobody answered? */
bool semihost_svc_unanswered(u32 svc_insn);
/* Registers a console that writes through semihosting (boot failed before the UART). */
void semihost_console_register(void);

#endif /* ASM_SEMIHOST_H */
