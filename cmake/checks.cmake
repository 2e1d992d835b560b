# The checks test.sh runs besides lit (README, "Checks"):
#   build/checks/stopped_objects.txt  the objects of LSAN_STOPPED_SOURCES with
#       the libc symbols each may name, for tools/check_stopped.sh (nm -u)
#   leaksan_unit                      test/unit/: size classes, the magic
#       division, lsan_points_into, the flag parser, the suppression matcher
# tools/check_layers.sh needs nothing built.

# One line per stopped object: "<object> <allowed symbol>...". The object paths
# come from the target, so they follow wherever CMake puts them.
set(_lsan_stopped_lines)
foreach(_src ${LSAN_STOPPED_SOURCES})
  if(NOT _src IN_LIST LSAN_SOURCES)
    message(FATAL_ERROR "LSAN_STOPPED_SOURCES names ${_src}, which is not a source of the "
                        "runtime (moved or renamed? update the lists in CMakeLists.txt)")
  endif()
  set(_allowed)
  foreach(_entry ${LSAN_STOPPED_ALLOWED})
    if(_entry MATCHES "^${_src}:(.*)$")
      list(APPEND _allowed ${CMAKE_MATCH_1})
    endif()
  endforeach()
  string(REPLACE ";" " " _allowed "${_allowed}")
  string(REGEX REPLACE "([.+])" "\\\\\\1" _re "${_src}")
  list(APPEND _lsan_stopped_lines
    "$<JOIN:$<FILTER:$<TARGET_OBJECTS:leaksan_obj>,INCLUDE,/${_re}\\.o$>, > ${_allowed}")
endforeach()
string(REPLACE ";" "\n" _lsan_stopped_content "${_lsan_stopped_lines}")
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/checks/stopped_objects.txt
  CONTENT "${_lsan_stopped_content}\n")

add_executable(leaksan_unit test/unit/unit.c test/unit/unit_alloc.c test/unit/unit_flags.c
  test/unit/unit_suppress.c)
set_target_properties(leaksan_unit PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test/unit)
target_include_directories(leaksan_unit PRIVATE ${CMAKE_SOURCE_DIR})
target_compile_definitions(leaksan_unit PRIVATE _GNU_SOURCE)
target_compile_options(leaksan_unit PRIVATE -Wall -Wextra -Wno-unused-parameter)
# The whole runtime linked in, as clang's -fsanitize=leak does: the unit tests
# call its hidden internals directly, and leaksan starts before main, so the
# flag tests can run the binary again with an LSAN_OPTIONS to parse.
target_link_libraries(leaksan_unit PRIVATE
  -Wl,--whole-archive leaksan_static -Wl,--no-whole-archive dl pthread)
