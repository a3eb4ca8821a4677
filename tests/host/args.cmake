meridian_host_test(test_args SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_args.c ${PROJECT_SOURCE_DIR}/kernel/args.c)
