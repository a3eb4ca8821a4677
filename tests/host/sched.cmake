# SPDX-License-Identifier: MIT
# Host unit tests of the scheduler's run queue (kernel/sched/runqueue.c) and
# the timer queue (kernel/time/timerqueue.c).
meridian_host_test(test_runqueue SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_runqueue.c ${PROJECT_SOURCE_DIR}/kernel/sched/runqueue.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
meridian_host_test(test_timerqueue SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_timerqueue.c ${PROJECT_SOURCE_DIR}/kernel/time/timerqueue.c ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.c)
