# SPDX-License-Identifier: MIT
# Host unit tests of the core arithmetic: the layout rule for each split,
# and LPAE descriptor encode/decode.
foreach(split 3G 2G 1G)
  if(split STREQUAL "3G")
    set(po 0xc0000000)
  elseif(split STREQUAL "2G")
    set(po 0x80000000)
  else()
    set(po 0x40000000)
  endif()
  meridian_host_test(test_layout_${split}
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_layout.c ${PROJECT_SOURCE_DIR}/mm/layout.c
    DEFINES TEST_PAGE_OFFSET=${po})
endforeach()
meridian_host_test(test_pgtable SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_pgtable.c)
meridian_host_test(test_memblock SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_memblock.c ${PROJECT_SOURCE_DIR}/mm/memblock.c)
meridian_host_test(test_cpio SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cpio.c ${PROJECT_SOURCE_DIR}/kernel/cpio.c)
meridian_host_test(test_ptdump SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_ptdump.c
  ${PROJECT_SOURCE_DIR}/arch/arm/mm/ptdump_core.c)
