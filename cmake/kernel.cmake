# SPDX-License-Identifier: MIT
# The kernel image: every folder is an OBJECT library, linked twice
# (the second link adds the kallsyms table generated from the first).

include(cmake/options.cmake)

find_program(DTC dtc REQUIRED)
find_program(MKIMAGE mkimage REQUIRED)

configure_file(include/meridian/config.h.in ${CMAKE_BINARY_DIR}/include/meridian/config.h)

# Flags every kernel object is built with.
add_library(kernel_flags INTERFACE)
target_compile_options(kernel_flags INTERFACE
  -marm -march=armv7ve -mfloat-abi=soft -mgeneral-regs-only
  -ffreestanding -fno-common -fno-strict-aliasing -fno-builtin-printf
  -mapcs-frame -fno-omit-frame-pointer -mno-sched-prolog -fno-optimize-sibling-calls
  -O2 -g -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE
  $<$<COMPILE_LANGUAGE:ASM>:-D__ASSEMBLER__>)
target_include_directories(kernel_flags INTERFACE
  ${CMAKE_BINARY_DIR}/include
  ${PROJECT_SOURCE_DIR}/include
  ${PROJECT_SOURCE_DIR}/arch/arm/include)
target_include_directories(kernel_flags SYSTEM INTERFACE ${PICOLIBC_ROOT}/include)

# meridian_kernel_objects(TARGET src...): one folder's part of the kernel.
function(meridian_kernel_objects target)
  add_library(${target} OBJECT ${ARGN})
  target_link_libraries(${target} PRIVATE kernel_flags)
endfunction()

# add_meridian_module(NAME SOURCES src... [THUMB]): an ELF relocatable
# module (NAME.ko), built with the kernel's flags and headers, combined
# with ld -r, and installed in the initramfs under /lib/modules/.
function(add_meridian_module name)
  cmake_parse_arguments(M "THUMB" "" "SOURCES" ${ARGN})
  add_library(mod_${name} OBJECT ${M_SOURCES})
  target_link_libraries(mod_${name} PRIVATE kernel_flags)
  target_compile_definitions(mod_${name} PRIVATE KBUILD_MODNAME="${name}")
  if(M_THUMB)
    target_compile_options(mod_${name} PRIVATE -mthumb -mno-apcs-frame)
  endif()
  set(ko ${CMAKE_BINARY_DIR}/modules/${name}.ko)
  add_custom_command(OUTPUT ${ko}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/modules
    COMMAND ${CMAKE_LINKER} -r -o ${ko} $<TARGET_OBJECTS:mod_${name}>
    DEPENDS mod_${name} $<TARGET_OBJECTS:mod_${name}>
    COMMAND_EXPAND_LISTS
    COMMENT "LD [M] ${name}.ko")
  add_custom_target(ko_${name} ALL DEPENDS ${ko})
  set_property(GLOBAL APPEND PROPERTY MERIDIAN_MODULES ${ko})
  set_property(GLOBAL APPEND PROPERTY MERIDIAN_MODULE_TARGETS ko_${name})
endfunction()

add_subdirectory(arch/arm)
add_subdirectory(mm)
add_subdirectory(drivers)
add_subdirectory(kernel)
add_subdirectory(tests/qemu)
add_subdirectory(dts)
add_subdirectory(boot/rpi)
add_subdirectory(linker)
add_subdirectory(modules)
get_property(MODULE_FILES GLOBAL PROPERTY MERIDIAN_MODULES)
get_property(MODULE_TARGETS GLOBAL PROPERTY MERIDIAN_MODULE_TARGETS)

set(KERNEL_PARTS arch_arm mm drivers kernel ktests)
set(KERNEL_OBJECTS)
foreach(part ${KERNEL_PARTS})
  list(APPEND KERNEL_OBJECTS $<TARGET_OBJECTS:${part}>)
endforeach()

execute_process(
  COMMAND ${CMAKE_C_COMPILER} -march=armv7-a -mthumb -mfloat-abi=soft -print-libgcc-file-name
  OUTPUT_VARIABLE LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)

set(KERNEL_LINK_OPTIONS
  -nostdlib -nostartfiles -Wl,--gc-sections -Wl,--no-warn-rwx-segments
  -Wl,-T,${LINKER_SCRIPT} -Wl,--build-id=none
  -Wl,--defsym=vfprintf=__d_vfprintf)
set(KERNEL_LINK_LIBS ${PICOLIBC_LIBDIR}/libc.a ${LIBGCC})

# First link: no symbol table.
add_executable(meridian-pass1.elf ${KERNEL_OBJECTS})
target_link_options(meridian-pass1.elf PRIVATE ${KERNEL_LINK_OPTIONS})
target_link_libraries(meridian-pass1.elf PRIVATE ${KERNEL_LINK_LIBS})
set_target_properties(meridian-pass1.elf PROPERTIES LINK_DEPENDS ${LINKER_SCRIPT})
add_dependencies(meridian-pass1.elf linker_script)

add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/kallsyms.S
  COMMAND ${PROJECT_SOURCE_DIR}/linker/kallsyms.sh ${CMAKE_NM}
    $<TARGET_FILE:meridian-pass1.elf> ${CMAKE_BINARY_DIR}/kallsyms.S
  DEPENDS meridian-pass1.elf ${PROJECT_SOURCE_DIR}/linker/kallsyms.sh
  COMMENT "Generating the kallsyms table")

# Final link: the same objects plus the table, which lands after all text.
add_executable(meridian.elf ${KERNEL_OBJECTS} ${CMAKE_BINARY_DIR}/kallsyms.S)
target_link_options(meridian.elf PRIVATE ${KERNEL_LINK_OPTIONS})
target_link_libraries(meridian.elf PRIVATE ${KERNEL_LINK_LIBS})
set_target_properties(meridian.elf PROPERTIES LINK_DEPENDS ${LINKER_SCRIPT})
add_dependencies(meridian.elf linker_script)

# The initramfs: initramfs/ from the source tree plus the modules, as a
# cpio newc archive.  Packed on every build (it takes milliseconds), after
# the modules are linked.
find_program(CPIO cpio REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)	# makes the broken modules the tests load
add_custom_target(initramfs ALL
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CMAKE_BINARY_DIR}/initramfs-root
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/initramfs ${CMAKE_BINARY_DIR}/initramfs-root
  COMMAND ${CMAKE_COMMAND} -E rm -f ${CMAKE_BINARY_DIR}/initramfs-root/README.md
    ${CMAKE_BINARY_DIR}/initramfs-root/lib/modules/.keep
  COMMAND ${CMAKE_COMMAND} -E copy ${MODULE_FILES} ${CMAKE_BINARY_DIR}/initramfs-root/lib/modules/
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/initramfs-root/lib/modules/bad
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/qemu/make-bad-modules.py
    ${CMAKE_BINARY_DIR}/modules/hello.ko ${CMAKE_BINARY_DIR}/initramfs-root/lib/modules/bad
  COMMAND sh -c "cd ${CMAKE_BINARY_DIR}/initramfs-root && find . | LC_ALL=C sort | ${CPIO} -o -H newc --quiet --reproducible > ${CMAKE_BINARY_DIR}/initramfs.cpio"
  BYPRODUCTS ${CMAKE_BINARY_DIR}/initramfs.cpio
  COMMENT "Packing the initramfs"
  VERBATIM)
add_dependencies(initramfs ${MODULE_TARGETS})

# The raw image (zImage entry convention) and the U-Boot legacy image.
add_custom_command(TARGET meridian.elf POST_BUILD
  COMMAND ${CMAKE_OBJCOPY} -O binary $<TARGET_FILE:meridian.elf> ${CMAKE_BINARY_DIR}/meridian.bin
  COMMAND ${MKIMAGE} -q -A arm -O linux -T kernel_noload -C none -a 0 -e 0
    -n "Meridian ${PROJECT_VERSION} ${MERIDIAN_SPLIT}" -d ${CMAKE_BINARY_DIR}/meridian.bin
    ${CMAKE_BINARY_DIR}/uImage
  COMMAND ${CMAKE_COMMAND} -E echo "Kernel: ${CMAKE_BINARY_DIR}/meridian.bin (split ${MERIDIAN_SPLIT})"
  BYPRODUCTS ${CMAKE_BINARY_DIR}/meridian.bin ${CMAKE_BINARY_DIR}/uImage
  VERBATIM)

# The FIT image: kernel, initramfs and device trees, each with a hash.
# Made on every build, like the initramfs: mkimage takes milliseconds.
configure_file(boot/meridian.its.in ${CMAKE_BINARY_DIR}/meridian.its @ONLY)
add_custom_target(fit ALL
  COMMAND ${MKIMAGE} -q -f ${CMAKE_BINARY_DIR}/meridian.its ${CMAKE_BINARY_DIR}/meridian.itb
  BYPRODUCTS ${CMAKE_BINARY_DIR}/meridian.itb
  COMMENT "FIT image meridian.itb"
  VERBATIM)
add_dependencies(fit meridian.elf initramfs dtbs)
