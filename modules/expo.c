// SPDX-License-Identifier: MIT
/* expo: exports a function for the next module (user) to call. */
#include <meridian/module.h>
#include <meridian/printk.h>

int expo_square(int x)
{
	return x * x;
}
EXPORT_SYMBOL(expo_square);

static int expo_init(void)
{
	return 0;
}

module_init(expo_init);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("Exports expo_square() to other modules");
