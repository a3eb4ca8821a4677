/* SPDX-License-Identifier: MIT */
/* ARM PrimeCell UART (PL011) registers: PL011 Technical Reference Manual (DDI 0183), 3.2. */
#ifndef DRIVERS_SERIAL_PL011_H
#define DRIVERS_SERIAL_PL011_H

#define UART01x_DR 0x00		/* data */
#define UART01x_FR 0x18		/* flags */
#define UART011_CR 0x30		/* control */
#define UART011_IMSC 0x38	/* interrupt mask set/clear */
#define UART011_MIS 0x40	/* masked interrupt status */

#define UART01x_FR_TXFF (1 << 5)	/* transmit FIFO full */
#define UART01x_FR_RXFE (1 << 4)	/* receive FIFO empty */
#define UART01x_FR_BUSY (1 << 3)

#define UART011_CR_UARTEN (1 << 0)
#define UART011_CR_TXE (1 << 8)
#define UART011_CR_RXE (1 << 9)

#define UART011_TXIM (1 << 5)	/* IMSC: transmit interrupt */
#define UART011_TXIS (1 << 5)	/* MIS: transmit interrupt */

#endif /* DRIVERS_SERIAL_PL011_H */
