# The three ways into a program (README.md, "Three ways in") and the install
# layout. The build tree is laid out like an install prefix, so tests use it
# without installing:
#   bin/leaksan            the launcher: LD_PRELOAD for unmodified programs
#   lib/libleaksan.so, .a  (build tree: links to the libraries CMakeLists.txt builds)
#   lib/leaksan/clang/     `clang -fsanitize=leak -resource-dir=<prefix>/lib/leaksan/clang`
#   lib/leaksan/gcc/       `gcc -fsanitize=leak -B <prefix>/lib/leaksan/gcc/`
# Writes only into the build tree and, at install time, under
# $DESTDIR$CMAKE_INSTALL_PREFIX; what the overlays contain is explained in
# tools/overlay/*.cmake, which build them in both places.

set(LSAN_OVERLAY_SCRIPTS ${CMAKE_SOURCE_DIR}/tools/overlay)
set(LSAN_TREE_LIB ${CMAKE_BINARY_DIR}/lib)

# ---- the launcher
add_executable(leaksan_launcher ${CMAKE_SOURCE_DIR}/tools/leaksan.c)
set_target_properties(leaksan_launcher PROPERTIES
  OUTPUT_NAME leaksan
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
target_compile_options(leaksan_launcher PRIVATE -Wall -Wextra -Werror=implicit-function-declaration)
target_compile_definitions(leaksan_launcher PRIVATE _GNU_SOURCE)
install(TARGETS leaksan_launcher RUNTIME DESTINATION bin)

# ---- the clang whose resource dir the clang overlay mirrors
include(${CMAKE_SOURCE_DIR}/cmake/llvm.cmake)
set(LSAN_OVERLAY_CLANG "${LSAN_CLANG}" CACHE FILEPATH
  "clang whose resource dir lib/leaksan/clang mirrors (its include/ and other runtimes)")
if(NOT LSAN_CLANG_RESOURCE_DIR AND LSAN_OVERLAY_CLANG)
  execute_process(COMMAND ${LSAN_OVERLAY_CLANG} -print-resource-dir
    OUTPUT_VARIABLE _lsan_res OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _lsan_rc)
  if(_lsan_rc EQUAL 0 AND IS_DIRECTORY "${_lsan_res}/include")
    get_filename_component(_lsan_res "${_lsan_res}" REALPATH)
    set(LSAN_CLANG_RESOURCE_DIR "${_lsan_res}" CACHE PATH
      "clang resource dir that lib/leaksan/clang mirrors (clang -print-resource-dir)")
  endif()
endif()
if(LSAN_CLANG_RESOURCE_DIR AND NOT IS_DIRECTORY "${LSAN_CLANG_RESOURCE_DIR}/include")
  message(FATAL_ERROR "LSAN_CLANG_RESOURCE_DIR=${LSAN_CLANG_RESOURCE_DIR} has no include/: "
                      "set it to the output of `clang -print-resource-dir`")
endif()
if(NOT LSAN_CLANG_RESOURCE_DIR)
  message(WARNING "no clang found: lib/leaksan/clang (the clang -resource-dir overlay) is not made; "
                  "set LSAN_CLANG_RESOURCE_DIR to `clang -print-resource-dir` to make it")
endif()

# ---- build tree
set(_lsan_outputs)
# one command per link: make dates a symlink by what it points to
foreach(_lsan_pair "leaksan;libleaksan.so" "leaksan_static;libleaksan.a")
  list(GET _lsan_pair 0 _t)
  list(GET _lsan_pair 1 _f)
  add_custom_command(OUTPUT ${LSAN_TREE_LIB}/${_f}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${LSAN_TREE_LIB}
    COMMAND ${CMAKE_COMMAND} -E create_symlink $<TARGET_FILE:${_t}> ${LSAN_TREE_LIB}/${_f}
    DEPENDS ${_t}
    COMMENT "Linking lib/${_f} in the build tree"
    VERBATIM)
  list(APPEND _lsan_outputs ${LSAN_TREE_LIB}/${_f})
endforeach()

# The --dynamic-list for the static runtime, from the shared library's exports.
set(LSAN_SYMS ${CMAKE_BINARY_DIR}/tools/libclang_rt.lsan-x86_64.a.syms)
add_custom_command(OUTPUT ${LSAN_SYMS}
  COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DLIB=$<TARGET_FILE:leaksan> -DOUT=${LSAN_SYMS}
          -P ${LSAN_OVERLAY_SCRIPTS}/make_syms.cmake
  DEPENDS leaksan ${LSAN_OVERLAY_SCRIPTS}/make_syms.cmake
  COMMENT "Listing libleaksan.so's exports for clang's --dynamic-list"
  VERBATIM)
list(APPEND _lsan_outputs ${LSAN_SYMS})

if(LSAN_CLANG_RESOURCE_DIR)
  set(_lsan_clang ${LSAN_TREE_LIB}/leaksan/clang)
  add_custom_command(OUTPUT ${_lsan_clang}/lib/linux/libclang_rt.lsan-x86_64.a.syms
    COMMAND ${CMAKE_COMMAND} -DREAL=${LSAN_CLANG_RESOURCE_DIR} -DOUT=${_lsan_clang} -DSYMS=${LSAN_SYMS}
            -P ${LSAN_OVERLAY_SCRIPTS}/clang_overlay.cmake
    DEPENDS ${LSAN_SYMS} ${LSAN_OVERLAY_SCRIPTS}/clang_overlay.cmake
    COMMENT "Making the clang overlay lib/leaksan/clang"
    VERBATIM)
  list(APPEND _lsan_outputs ${_lsan_clang}/lib/linux/libclang_rt.lsan-x86_64.a.syms)
endif()

# GCC's -fsanitize=leak links liblsan_preinit.o; ours is empty (see the file).
add_library(leaksan_gcc_preinit OBJECT ${LSAN_OVERLAY_SCRIPTS}/gcc_preinit.c)

# How to link a copy of libleaksan.so: the same objects, options and libraries
# as CMakeLists.txt's `leaksan` target, so the copy cannot drift from it.
set(_lsan_link_args
  "-DCC=${CMAKE_C_COMPILER}"
  "-DFLAGS=${CMAKE_C_FLAGS} ${CMAKE_SHARED_LINKER_FLAGS}"
  "-DOBJECTS=$<JOIN:$<TARGET_OBJECTS:leaksan_obj>,|>"
  "-DLINK_OPTIONS=$<JOIN:$<TARGET_PROPERTY:leaksan,LINK_OPTIONS>,|>"
  "-DLINK_LIBRARIES=$<JOIN:$<TARGET_PROPERTY:leaksan,LINK_LIBRARIES>,|>"
  "-DPREINIT=$<TARGET_OBJECTS:leaksan_gcc_preinit>")

set(_lsan_gcc ${LSAN_TREE_LIB}/leaksan/gcc)
add_custom_command(OUTPUT ${_lsan_gcc}/liblsan.so ${_lsan_gcc}/liblsan_preinit.o
  COMMAND ${CMAKE_COMMAND} ${_lsan_link_args} -DSONAME=$<TARGET_FILE:leaksan> -DOUT=${_lsan_gcc}
          -P ${LSAN_OVERLAY_SCRIPTS}/gcc_overlay.cmake
  DEPENDS leaksan leaksan_gcc_preinit $<TARGET_OBJECTS:leaksan_gcc_preinit>
          ${LSAN_OVERLAY_SCRIPTS}/gcc_overlay.cmake
  COMMENT "Making the gcc overlay lib/leaksan/gcc"
  VERBATIM)
list(APPEND _lsan_outputs ${_lsan_gcc}/liblsan.so ${_lsan_gcc}/liblsan_preinit.o)

# Everything a test needs besides the libraries: `--target leaksan_overlays`.
add_custom_target(leaksan_overlays ALL DEPENDS ${_lsan_outputs} leaksan_launcher)

# ---- install: made again under the prefix chosen at install time (which
# `cmake --install --prefix` may change), after the libraries are installed.
install(CODE "
set(_lsan_real [[${LSAN_CLANG_RESOURCE_DIR}]])
set(_lsan_syms [[${LSAN_SYMS}]])
set(_lsan_scripts [[${LSAN_OVERLAY_SCRIPTS}]])
set(_lsan_link_args [[${_lsan_link_args}]])
set(_lsan_cmake [[${CMAKE_COMMAND}]])
")
install(CODE [[
get_filename_component(_lsan_prefix "${CMAKE_INSTALL_PREFIX}" ABSOLUTE)
set(_lsan_dest "$ENV{DESTDIR}${_lsan_prefix}")
set(_lsan_made)
if(_lsan_real)
  message(STATUS "Installing: ${_lsan_dest}/lib/leaksan/clang (overlay of ${_lsan_real})")
  execute_process(COMMAND ${_lsan_cmake} -DREAL=${_lsan_real} -DOUT=${_lsan_dest}/lib/leaksan/clang
                          -DSYMS=${_lsan_syms} -P ${_lsan_scripts}/clang_overlay.cmake
                  RESULT_VARIABLE _lsan_rc)
  if(NOT _lsan_rc EQUAL 0)
    message(FATAL_ERROR "making ${_lsan_dest}/lib/leaksan/clang failed")
  endif()
  list(APPEND _lsan_made ${_lsan_dest}/lib/leaksan/clang)
endif()
message(STATUS "Installing: ${_lsan_dest}/lib/leaksan/gcc (liblsan.so needs ${_lsan_prefix}/lib/libleaksan.so)")
execute_process(COMMAND ${_lsan_cmake} ${_lsan_link_args} -DSONAME=${_lsan_prefix}/lib/libleaksan.so
                        -DOUT=${_lsan_dest}/lib/leaksan/gcc -P ${_lsan_scripts}/gcc_overlay.cmake
                RESULT_VARIABLE _lsan_rc)
if(NOT _lsan_rc EQUAL 0)
  message(FATAL_ERROR "making ${_lsan_dest}/lib/leaksan/gcc failed")
endif()
list(APPEND _lsan_made ${_lsan_dest}/lib/leaksan/gcc)
# into install_manifest.txt: the links themselves, never what they point to
# (removing the files listed must not reach into clang's resource dir)
cmake_policy(PUSH)
cmake_policy(SET CMP0009 NEW)
foreach(_lsan_dir IN LISTS _lsan_made)
  file(GLOB_RECURSE _lsan_files LIST_DIRECTORIES false "${_lsan_dir}/*")
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES ${_lsan_files})
endforeach()
cmake_policy(POP)
]])
