# SPDX-License-Identifier: MIT
# Toolchain file: bare-metal ARMv7-A with Debian's arm-none-eabi-gcc and picolibc.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_LINKER arm-none-eabi-ld CACHE FILEPATH "ld, for ld -r of modules")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "nm")

# No host libraries, no try-run of a hosted executable.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# picolibc: headers and the optimised Thumb-2 ARMv7-A soft-float multilib.
# One image suits Cortex-A15 and Cortex-A7, so armv7ve (virtualisation +
# LPAE + idiv) is the architecture; the library needs no more than armv7-a.
set(PICOLIBC_ROOT /usr/lib/picolibc/arm-none-eabi CACHE PATH "picolibc install")
set(PICOLIBC_LIBDIR ${PICOLIBC_ROOT}/lib/release/thumb/v7-a/nofp CACHE PATH "picolibc multilib")
