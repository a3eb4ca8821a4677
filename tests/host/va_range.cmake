# SPDX-License-Identifier: MIT
# Host unit test of the virtual address range allocator (mm/va_range.c) and
# the red-black tree under it (mm/rbtree.c), against a page-bitmap model.
meridian_host_test(test_va_range SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_va_range.c ${PROJECT_SOURCE_DIR}/mm/va_range.c ${PROJECT_SOURCE_DIR}/mm/rbtree.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
# Millions of model-checked operations: -O1 keeps the run near 10 s under
# the sanitizers even in a Debug build.
target_compile_options(test_va_range PRIVATE -O1)
