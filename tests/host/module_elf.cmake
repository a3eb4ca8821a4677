# SPDX-License-Identifier: MIT
# kernel/module ELF parsing and ARM relocations (test_module_elf.c).
meridian_host_test(test_module_elf SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_module_elf.c ${PROJECT_SOURCE_DIR}/kernel/module/elf.c ${PROJECT_SOURCE_DIR}/kernel/module/reloc.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
