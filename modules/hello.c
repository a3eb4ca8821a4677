// SPDX-License-Identifier: MIT
/* hello: a module with parameters, as insmod hello count=3 whom=world loud=1 sets them. */
#include <meridian/module.h>
#include <meridian/printk.h>

static int count = 1;
static char *whom = "Meridian";
static bool loud;

module_param(count, int, 0);
module_param(whom, charp, 0);
module_param(loud, bool, 0);
MODULE_PARM_DESC(count, "how many greetings");
MODULE_PARM_DESC(whom, "who to greet");

static int hello_init(void)
{
	if (count < 0 || count > 100)
		return -22;	/* -EINVAL: the load fails and is undone */
	for (int i = 0; i < count; i++)
		console_printf("hello: %s, %s%s\n", loud ? "HELLO" : "hello", whom, loud ? "!" : "");
	return 0;
}

static void hello_exit(void)
{
	console_printf("hello: goodbye, %s\n", whom);
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("MIT");
MODULE_AUTHOR("Meridian developers");
MODULE_DESCRIPTION("Greets with parameters");
MODULE_VERSION("1.0");
