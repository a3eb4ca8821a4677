// SPDX-License-Identifier: MIT
/* user: calls expo_square() from the expo module, so expo cannot go while user is loaded. */
#include <meridian/module.h>
#include <meridian/printk.h>

int expo_square(int x);

static int value = 7;
module_param(value, int, 0);

static int user_init(void)
{
	console_printf("user: expo_square(%d) = %d\n", value, expo_square(value));
	return 0;
}

module_init(user_init);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("Uses expo_square() from expo");
