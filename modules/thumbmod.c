// SPDX-License-Identifier: MIT
/* thumbmod: built as Thumb-2; calls ARM code in the kernel and in expo, and is called back. */
#include <meridian/module.h>
#include <meridian/printk.h>

int expo_square(int x);

static int thumb_sum(int n)
{
	int s = 0;

	for (int i = 1; i <= n; i++)
		s += expo_square(i);
	return s;
}

static int thumbmod_init(void)
{
	console_printf("thumbmod: sum of squares 1..10 = %d (Thumb-2 code)\n", thumb_sum(10));
	return 0;
}

module_init(thumbmod_init);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("A Thumb-2 module");
