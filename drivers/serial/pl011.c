/* SPDX-License-Identifier: MIT */
/*
 * PL011 console: polled output and input on the UART named by
 * /chosen/stdout-path.  The boot loader (or QEMU) has set the baud
 * rate; as Linux's earlycon does, this driver keeps that setting and
 * only makes sure the UART, transmitter and receiver are enabled.
 *
 * Out of scope: interrupts and FIFOs-by-IRQ (polling suits a debug console).
 */
#include <meridian/driver.h>
#include <meridian/io.h>
#include <meridian/kernel.h>

#include "pl011.h"

struct pl011_port {
	void *base;
	phys_addr_t phys;
};

static struct pl011_port console_port;

static void pl011_putc(struct pl011_port *port, char c)
{
	while (readl(port->base + UART01x_FR) & UART01x_FR_TXFF)
		;
	writel((u8)c, port->base + UART01x_DR);
}

static void pl011_console_write(struct console *con, const char *s, size_t n)
{
	struct pl011_port *port = con->data;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl011_putc(port, '\r');
		pl011_putc(port, s[i]);
	}
}

static int pl011_console_getc(struct console *con)
{
	struct pl011_port *port = con->data;

	if (readl(port->base + UART01x_FR) & UART01x_FR_RXFE)
		return -1;
	return readl(port->base + UART01x_DR) & 0xff;
}

static struct console pl011_console = {
	.name = "ttyAMA0",
	.write = pl011_console_write,
	.poll_get_char = pl011_console_getc,
	.data = &console_port,
};

static int __init pl011_earlycon(const struct fdt *fdt, int node)
{
	u32 cr;

	console_port.base = fdt_ioremap(fdt, node, 0, &console_port.phys);
	if (!console_port.base)
		return -ENOMEM;
	cr = readl(console_port.base + UART011_CR);
	writel(cr | UART011_CR_UARTEN | UART011_CR_TXE | UART011_CR_RXE,
	       console_port.base + UART011_CR);
	writel(0, console_port.base + UART011_IMSC);	/* polled: no interrupts */
	register_console(&pl011_console);
	pr_info("printk: console [%s] enabled (PL011 at MMIO 0x%08llx)\n", pl011_console.name,
		(unsigned long long)console_port.phys);
	return 0;
}

/* Only the console UART is driven; other PL011s are noted and left alone. */
static int __init pl011_probe(const struct fdt *fdt, int node)
{
	phys_addr_t pa;
	u64 size;

	if (fdt_reg(fdt, node, 0, &pa, &size) < 0)
		return -EINVAL;
	if (console_port.base && pa == console_port.phys)
		return 0;
	pr_info("%s: PL011 at 0x%08llx, not the console, left disabled\n",
		fdt_node_name(fdt, node), (unsigned long long)pa);
	return 0;
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

DECLARE_FDT_DRIVER(3, pl011_driver) = {
	.name = "uart-pl011",
	.compatible = pl011_compatible,
	.probe = pl011_probe,
	.earlycon = pl011_earlycon,
};
