// SPDX-License-Identifier: MIT
/* big1..big4: 4 MiB of bss each, so that four do not fit the 14 MiB module window. */
#include <meridian/module.h>

static char big[4 << 20] __attribute__((used));

static int big_init(void)
{
	volatile char *p = big;	/* volatile: the compiler must keep all of big */

	p[0] = 1;
	p[sizeof(big) - 1] = 1;
	return p[0] + p[sizeof(big) - 1] == 2 ? 0 : -22;
}

module_init(big_init);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("4 MiB of bss, for filling the module window");
