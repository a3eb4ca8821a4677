# SPDX-License-Identifier: MIT
# Meridian's build-time tunables, one place, each with its help line.
# They reach C through the generated meridian/config.h.

set(MERIDIAN_SPLIT "3G" CACHE STRING
  "User/kernel split: 3G (3G/1G, PAGE_OFFSET 0xC0000000), 2G (2G/2G) or 1G (1G/3G)")
set_property(CACHE MERIDIAN_SPLIT PROPERTY STRINGS 3G 2G 1G)

set(MERIDIAN_LOG_BUF_SHIFT 15 CACHE STRING
  "printk ring buffer size as a power of two (15 = 32 KiB)")
set(MERIDIAN_CONSOLE_LOGLEVEL 7 CACHE STRING
  "Default console log level: messages below it are printed (loglevel= overrides)")
set(MERIDIAN_BOOT_STACK_SIZE 16384 CACHE STRING
  "Boot (SVC mode) stack size in bytes")
set(MERIDIAN_HZ 100 CACHE STRING
  "Scheduler tick frequency in Hz (timers fire within one tick of their expiry)")

if(MERIDIAN_SPLIT STREQUAL "3G")
  set(MERIDIAN_PAGE_OFFSET 0xc0000000)
  set(MERIDIAN_SPLIT_NAME "3G/1G")
elseif(MERIDIAN_SPLIT STREQUAL "2G")
  set(MERIDIAN_PAGE_OFFSET 0x80000000)
  set(MERIDIAN_SPLIT_NAME "2G/2G")
elseif(MERIDIAN_SPLIT STREQUAL "1G")
  set(MERIDIAN_PAGE_OFFSET 0x40000000)
  set(MERIDIAN_SPLIT_NAME "1G/3G")
else()
  message(FATAL_ERROR "MERIDIAN_SPLIT must be 3G, 2G or 1G, not '${MERIDIAN_SPLIT}'")
endif()
