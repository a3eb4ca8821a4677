# SPDX-License-Identifier: MIT
# The plot data path (tools/plot_layout.py) against recorded boots: Python
# unittest, standard library only (matplotlib is needed only to draw).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME host.plot_layout
  COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
    ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/plot/test_plot_layout.py -v)
set_tests_properties(host.plot_layout PROPERTIES LABELS host TIMEOUT 60)
