# SPDX-License-Identifier: MIT
# fuzz_cpio: seeds are small newc archives made at build time with cpio(1).
find_program(CPIO_EXECUTABLE cpio REQUIRED)
set(CPIO_SEED_DIR ${CMAKE_CURRENT_BINARY_DIR}/corpus/cpio)
add_custom_command(OUTPUT ${CPIO_SEED_DIR}/tree.cpio
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CMAKE_CURRENT_BINARY_DIR}/cpio-tree
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/cpio-tree/lib/modules ${CPIO_SEED_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_cpio.c
    ${CMAKE_CURRENT_BINARY_DIR}/cpio-tree/lib/modules/hello.ko
  COMMAND sh -c "cd ${CMAKE_CURRENT_BINARY_DIR}/cpio-tree && find . | LC_ALL=C sort | cpio -o -H newc --quiet > ${CPIO_SEED_DIR}/tree.cpio"
  DEPENDS fuzz_cpio.c
  COMMENT "cpio: fuzz_cpio seed"
  VERBATIM)
add_custom_target(fuzz_cpio_corpus DEPENDS ${CPIO_SEED_DIR}/tree.cpio)
meridian_fuzz_target(fuzz_cpio
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_cpio.c ${PROJECT_SOURCE_DIR}/kernel/cpio.c
  CORPUS ${CPIO_SEED_DIR}
  SECONDS 15)
add_dependencies(fuzz_cpio fuzz_cpio_corpus)
