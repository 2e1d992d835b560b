# The checks test.sh runs besides lit (README, "Checks"):
#   build/checks/stopped_objects.txt  the objects of LSAN_STOPPED_SOURCES with
#       the libc symbols each may name, for tools/check_stopped.sh (nm -u)
# tools/check_layers.sh needs nothing built.

# One line per stopped object: "<object> <allowed symbol>...". The object paths
# come from the target, so they follow wherever CMake puts them.
set(_lsan_stopped_lines)
foreach(_src ${LSAN_STOPPED_SOURCES})
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
