// SPDX-License-Identifier: MIT
/* gplcheck: MIT-licensed and uses an EXPORT_SYMBOL_GPL symbol, so the loader must refuse it. */
#include <meridian/module.h>
#include <meridian/shell.h>

static int gplcheck_init(void)
{
	return shell_register(0) == 0 ? 0 : 0;
}

module_init(gplcheck_init);
MODULE_LICENSE("MIT");
MODULE_DESCRIPTION("Must not load: uses a GPL-only export");
