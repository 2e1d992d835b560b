# bench.cmake: `cmake --build build --target bench` runs bench/run.sh against
# this build's libleaksan.so. Never part of `all`; the script builds its own programs.
add_custom_target(bench
  COMMAND ${CMAKE_COMMAND} -E env BUILD=${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}/bench/run.sh
  DEPENDS leaksan
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  USES_TERMINAL
  COMMENT "Running the leaksan benchmarks (bench/run.sh)")
