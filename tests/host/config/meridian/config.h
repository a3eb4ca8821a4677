/* SPDX-License-Identifier: MIT */
/*
 * Host-test stand-in for the generated kernel config: the split comes
 * from -DTEST_PAGE_OFFSET so that one test source covers every split.
 */
#ifndef MERIDIAN_CONFIG_H
#define MERIDIAN_CONFIG_H

#ifndef TEST_PAGE_OFFSET
#define TEST_PAGE_OFFSET 0xc0000000
#endif
#define CONFIG_PAGE_OFFSET TEST_PAGE_OFFSET
#define CONFIG_SPLIT_NAME "test"
#define CONFIG_LOG_BUF_SHIFT 14
#define CONFIG_CONSOLE_LOGLEVEL_DEFAULT 7
#define CONFIG_BOOT_STACK_SIZE 8192
#define CONFIG_HZ 100
#define MERIDIAN_VERSION "host-test"

#endif /* MERIDIAN_CONFIG_H */
