meridian_fuzz_target(fuzz_args SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_args.c ${PROJECT_SOURCE_DIR}/kernel/args.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/args SECONDS 20)
