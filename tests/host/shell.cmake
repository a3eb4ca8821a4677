# SPDX-License-Identifier: MIT
# The shell's pure parts: the JSON writer and the line editor.
meridian_host_test(test_json SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_json.c ${PROJECT_SOURCE_DIR}/kernel/json.c)
meridian_host_test(test_line_edit SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_line_edit.c ${PROJECT_SOURCE_DIR}/kernel/line_edit.c)
