# SPDX-License-Identifier: MIT
# ./meridian's command-line checks: no QEMU, no build, no packages needed.
add_test(NAME host.meridian_options
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/meridian-options.sh ${PROJECT_SOURCE_DIR}/meridian)
set_tests_properties(host.meridian_options PROPERTIES LABELS host TIMEOUT 60)
add_test(NAME host.make_disk_partial
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/make-disk-partial.sh ${PROJECT_SOURCE_DIR}/boot/make-disk.sh)
set_tests_properties(host.make_disk_partial PROPERTIES LABELS host TIMEOUT 60)
