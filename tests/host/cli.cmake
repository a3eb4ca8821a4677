# SPDX-License-Identifier: MIT
# ./meridian's command-line checks: no QEMU, no build, no packages needed.
add_test(NAME host.meridian_options
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/meridian-options.sh ${PROJECT_SOURCE_DIR}/meridian)
set_tests_properties(host.meridian_options PROPERTIES LABELS host TIMEOUT 60)
