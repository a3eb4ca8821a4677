# SPDX-License-Identifier: MIT
# Host unit test of the slab allocator (mm/slab.c, mm/kmalloc.c) over a fake page allocator.
meridian_host_test(test_slab SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_slab.c ${CMAKE_CURRENT_SOURCE_DIR}/fake_pages.c ${PROJECT_SOURCE_DIR}/mm/slab.c ${PROJECT_SOURCE_DIR}/mm/kmalloc.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
