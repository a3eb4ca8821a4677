# SPDX-License-Identifier: MIT
# Host unit test of the buddy page allocator on a fake two-zone machine.
meridian_host_test(test_buddy SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/test_buddy.c
  ${PROJECT_SOURCE_DIR}/mm/page_alloc.c
  ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
