# careflow run gives the same results file for --threads 1 and --threads 2 (the command-line
# comment, which names the thread count, aside).
foreach(threads 1 2)
  execute_process(
    COMMAND ${CAREFLOW} run ${SCENARIO} --replications 4 --days 200 --threads ${threads}
            --out ${WORK_DIR}/threads${threads}.csv
    RESULT_VARIABLE code OUTPUT_QUIET)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "careflow run --threads ${threads} exited with ${code}")
  endif()
  file(STRINGS ${WORK_DIR}/threads${threads}.csv lines${threads} REGEX "^[^#]")
endforeach()
list(LENGTH lines1 count)
if(count LESS 20)
  message(FATAL_ERROR "only ${count} result lines")
endif()
if(NOT lines1 STREQUAL lines2)
  message(FATAL_ERROR "results differ between --threads 1 and --threads 2")
endif()
message(STATUS "identical: ${count} result lines")

# An HDF5 trace at the events level, written while two threads simulate (checked for data races
# in the ThreadSanitizer build; the traces' contents are compared in tests/analysis).
execute_process(
  COMMAND ${CAREFLOW} run ${SCENARIO} --replications 4 --days 50 --threads 2 --trace events
          --out ${WORK_DIR}/threads2.h5
  RESULT_VARIABLE code OUTPUT_QUIET)
if(NOT code EQUAL 0 OR NOT EXISTS ${WORK_DIR}/threads2.h5)
  message(FATAL_ERROR "careflow run --out threads2.h5 exited with ${code}")
endif()
