# SPDX-License-Identifier: MIT
# fuzz_module_elf: kernel/module ELF parser and ARM relocations.
#
# Seeds are real relocatable objects, compiled at build time from the C
# sources in corpus/module_elf/ with arm-none-eabi-gcc in four flavours
# (ARM, Thumb, and each with unwind tables and one section per function,
# which adds .ARM.exidx with R_ARM_PREL31/R_ARM_NONE). The objects are
# build outputs in the build tree; nothing binary is committed.
find_program(ARM_NONE_EABI_GCC arm-none-eabi-gcc REQUIRED)
set(MODULE_ELF_SEED_DIR ${CMAKE_CURRENT_BINARY_DIR}/corpus/module_elf)
file(GLOB MODULE_ELF_SEED_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/corpus/module_elf/*.c)
set(MODULE_ELF_SEED_CFLAGS -c -O2 -march=armv7-a -mfloat-abi=soft
  -ffreestanding -fno-common)
set(MODULE_ELF_SEED_FLAVOURS arm thumb arm-unwind thumb-unwind)
set(MODULE_ELF_FLAGS_arm -marm)
set(MODULE_ELF_FLAGS_thumb -mthumb)
set(MODULE_ELF_FLAGS_arm-unwind -marm -funwind-tables -ffunction-sections)
set(MODULE_ELF_FLAGS_thumb-unwind -mthumb -funwind-tables -ffunction-sections)
set(MODULE_ELF_SEED_OBJECTS)
foreach(src ${MODULE_ELF_SEED_SOURCES})
  get_filename_component(seed ${src} NAME_WE)
  foreach(flavour ${MODULE_ELF_SEED_FLAVOURS})
    set(obj ${MODULE_ELF_SEED_DIR}/${seed}-${flavour}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${MODULE_ELF_SEED_DIR}
      COMMAND ${ARM_NONE_EABI_GCC} ${MODULE_ELF_SEED_CFLAGS}
        ${MODULE_ELF_FLAGS_${flavour}} -o ${obj} ${src}
      DEPENDS ${src}
      COMMENT "arm-none-eabi-gcc: fuzz_module_elf seed ${seed}-${flavour}"
      VERBATIM)
    list(APPEND MODULE_ELF_SEED_OBJECTS ${obj})
  endforeach()
endforeach()
# The example modules themselves (modules/*.c), as the kernel build compiles
# them (ARM; thumbmod also as Thumb-2), with the host tests' config header.
file(GLOB MODULE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/modules/*.c)
foreach(src ${MODULE_SOURCES})
  get_filename_component(mod ${src} NAME_WE)
  set(obj ${MODULE_ELF_SEED_DIR}/module-${mod}.o)
  set(mode -marm)
  if(mod STREQUAL "thumbmod")
    set(mode -mthumb)
  endif()
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${MODULE_ELF_SEED_DIR}
    COMMAND ${ARM_NONE_EABI_GCC} -c -O2 ${mode} -march=armv7ve -mfloat-abi=soft -ffreestanding
      -fno-common -D_GNU_SOURCE -DKBUILD_MODNAME="${mod}"
      -I${PROJECT_SOURCE_DIR}/tests/host/config -I${PROJECT_SOURCE_DIR}/include
      -I${PROJECT_SOURCE_DIR}/arch/arm/include -isystem /usr/lib/picolibc/arm-none-eabi/include
      -o ${obj} ${src}
    DEPENDS ${src}
    COMMENT "arm-none-eabi-gcc: fuzz_module_elf seed from modules/${mod}.c"
    VERBATIM)
  list(APPEND MODULE_ELF_SEED_OBJECTS ${obj})
endforeach()
add_custom_target(fuzz_module_elf_corpus DEPENDS ${MODULE_ELF_SEED_OBJECTS})

meridian_fuzz_target(fuzz_module_elf
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_module_elf.c
    ${PROJECT_SOURCE_DIR}/kernel/module/elf.c
    ${PROJECT_SOURCE_DIR}/kernel/module/reloc.c
  CORPUS ${MODULE_ELF_SEED_DIR}
  SECONDS 20)
add_dependencies(fuzz_module_elf fuzz_module_elf_corpus)
