# Writes libclang_rt.lsan-x86_64.a.syms, the --dynamic-list clang's driver
# passes when it links the static runtime: every symbol libleaksan.so exports,
# so the interceptors linked into an executable are exported and interpose libc
# for the shared libraries too. Reads the library only; writes only OUT.
#   cmake -DNM=<nm> -DLIB=<libleaksan.so> -DOUT=<file.syms> -P make_syms.cmake
foreach(_v NM LIB OUT)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "make_syms.cmake: -D${_v}= is missing")
  endif()
endforeach()

execute_process(COMMAND ${NM} -D --defined-only ${LIB}
  OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "make_syms.cmake: '${NM} -D --defined-only ${LIB}' failed (${_rc}): ${_err}")
endif()

string(REPLACE "\n" ";" _lines "${_out}")
set(_syms)
foreach(_line IN LISTS _lines)
  # "0000000000003290 T malloc", maybe with a version: "malloc@@V1"
  if(_line MATCHES "^[0-9a-fA-F]+ +[A-Za-z] +([^ @]+)")
    set(_s "${CMAKE_MATCH_1}")
    # __start_/__stop_<section> are the linker's bounds of the runtime's own
    # sections: exporting them from a program would let a second runtime
    # (one also preloaded) bind to the wrong bounds.
    if(NOT _s MATCHES "^__(start|stop)_")
      list(APPEND _syms "${_s}")
    endif()
  endif()
endforeach()
list(REMOVE_DUPLICATES _syms)
list(SORT _syms)
list(LENGTH _syms _n)
if(_n EQUAL 0)
  message(FATAL_ERROR "make_syms.cmake: ${LIB} exports no symbols")
endif()

set(_text "{\n")
foreach(_s IN LISTS _syms)
  string(APPEND _text "  ${_s};\n")
endforeach()
string(APPEND _text "};\n")
file(WRITE "${OUT}.tmp" "${_text}")
file(RENAME "${OUT}.tmp" "${OUT}")
