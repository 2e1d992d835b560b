# Where the LLVM tools are: sets LSAN_LLVM_BINDIRS and LSAN_LLVM_PREFIXES (the
# hints every find_program for an LLVM tool uses), LSAN_CLANG (clang of any
# version) and LSAN_CLANG_RESOURCE_INCLUDE (its resource dir's include/).
# Nothing names one LLVM version: llvm-config's answer first, then
# /usr/lib/llvm-NN for NN from 20 down to 13 (newest first). Each tool found
# is a cache variable, so -DLSAN_LIT=..., -DLSAN_FILECHECK=..., -DLSAN_CLANG=...
# (see README, "Build") take precedence over the search.
include_guard(GLOBAL)

set(LSAN_LLVM_VERSIONS 20 19 18 17 16 15 14 13)
set(_lsan_config_names llvm-config)
foreach(_v ${LSAN_LLVM_VERSIONS})
  list(APPEND _lsan_config_names llvm-config-${_v})
endforeach()
set(LSAN_LLVM_BINDIRS)
set(LSAN_LLVM_PREFIXES)
find_program(LSAN_LLVM_CONFIG NAMES ${_lsan_config_names}
  DOC "llvm-config used to locate FileCheck, not, count, lit and llvm-symbolizer")
if(LSAN_LLVM_CONFIG)
  execute_process(COMMAND ${LSAN_LLVM_CONFIG} --bindir
    OUTPUT_VARIABLE _lsan_bindir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  execute_process(COMMAND ${LSAN_LLVM_CONFIG} --prefix
    OUTPUT_VARIABLE _lsan_prefix OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_lsan_bindir)
    list(APPEND LSAN_LLVM_BINDIRS ${_lsan_bindir})
  endif()
  if(_lsan_prefix)
    list(APPEND LSAN_LLVM_PREFIXES ${_lsan_prefix})
  endif()
endif()
foreach(_v ${LSAN_LLVM_VERSIONS})
  list(APPEND LSAN_LLVM_BINDIRS /usr/lib/llvm-${_v}/bin)
  list(APPEND LSAN_LLVM_PREFIXES /usr/lib/llvm-${_v})
endforeach()
list(APPEND LSAN_LLVM_BINDIRS /usr/local/bin /usr/bin)

# lsan_find_llvm_tool(VAR NAME DOC): NAME, else NAME-NN, in the hints first.
function(lsan_find_llvm_tool var name doc)
  set(_names ${name})
  foreach(_v ${LSAN_LLVM_VERSIONS})
    list(APPEND _names ${name}-${_v})
  endforeach()
  find_program(${var} NAMES ${_names} HINTS ${LSAN_LLVM_BINDIRS} DOC "${doc}")
endfunction()

lsan_find_llvm_tool(LSAN_CLANG clang "clang: its resource dir holds sanitizer/*.h and the overlay's base")
set(LSAN_CLANG_RESOURCE_INCLUDE)
if(LSAN_CLANG)
  execute_process(COMMAND ${LSAN_CLANG} -print-resource-dir
    OUTPUT_VARIABLE _lsan_res OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _lsan_rc)
  if(_lsan_rc EQUAL 0 AND IS_DIRECTORY "${_lsan_res}/include")
    set(LSAN_CLANG_RESOURCE_INCLUDE "${_lsan_res}/include")
  endif()
endif()
