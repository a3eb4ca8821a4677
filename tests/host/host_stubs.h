/* SPDX-License-Identifier: MIT */
/* What the host stubs record, for tests that expect a report. */
#ifndef HOST_STUBS_H
#define HOST_STUBS_H

extern unsigned long host_printk_count;	/* printk and WARN calls so far */
extern char host_last_printk[512];	/* the last one's text */

#endif /* HOST_STUBS_H */
