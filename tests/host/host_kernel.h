/* SPDX-License-Identifier: MIT */
/* What the host kernel services record, for tests that expect a report. */
#ifndef HOST_KERNEL_H
#define HOST_KERNEL_H

extern unsigned long host_printk_count;	/* printk and WARN calls so far */
extern char host_last_printk[512];	/* the last one's text */

#endif /* HOST_KERNEL_H */
