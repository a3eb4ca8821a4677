# SPDX-License-Identifier: MIT
# Host unit test of the persistent-kmap slot pool over a fake PTE window.
meridian_host_test(test_pkmap SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_pkmap.c ${PROJECT_SOURCE_DIR}/mm/pkmap_pool.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
