# Makes leaksan's clang resource-dir overlay, <prefix>/lib/leaksan/clang, used
# as `clang -fsanitize=leak -resource-dir=<prefix>/lib/leaksan/clang`: clang's
# own resource dir seen through symlinks, except that the LeakSanitizer runtime
# is leaksan's. Writes only under OUT and never follows a symlink to delete.
#   cmake -DREAL=<clang -print-resource-dir> -DOUT=<overlay dir>
#         -DSYMS=<libclang_rt.lsan-x86_64.a.syms> -P clang_overlay.cmake
# OUT must be <prefix>/lib/leaksan/clang with <prefix>/lib/libleaksan.a next
# to it: the runtime is reached by a relative link, so the build tree and any
# install prefix work alike.
foreach(_v REAL OUT SYMS)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "clang_overlay.cmake: -D${_v}= is missing")
  endif()
endforeach()
if(NOT IS_DIRECTORY "${REAL}/include")
  message(FATAL_ERROR "clang_overlay.cmake: ${REAL} is not a clang resource dir (no include/)")
endif()

# from <OUT>/lib/<dir>/ up to <prefix>/lib/
set(_archive "../../../../libleaksan.a")
# every LeakSanitizer runtime of clang's, whatever its arch or layout: only
# leaksan's x86-64 one is put back, so `-m32 -fsanitize=leak` fails to link
# instead of silently getting compiler-rt's lsan.
set(_lsan_re "^libclang_rt\\.lsan[-.]")

# Removes the symlinks a previous run made in DIR (links only: never recurses).
function(_clear_links dir)
  file(GLOB _entries LIST_DIRECTORIES true "${dir}/*")
  foreach(_e IN LISTS _entries)
    if(IS_SYMLINK "${_e}")
      file(REMOVE "${_e}")
    endif()
  endforeach()
endfunction()

function(_link target link)
  if(IS_SYMLINK "${link}" OR EXISTS "${link}")
    file(REMOVE "${link}")
  endif()
  file(CREATE_LINK "${target}" "${link}" SYMBOLIC)
endfunction()

file(MAKE_DIRECTORY "${OUT}/lib/linux")
_clear_links("${OUT}")
file(GLOB _top LIST_DIRECTORIES true RELATIVE "${REAL}" "${REAL}/*")
foreach(_name IN LISTS _top)
  if(NOT _name STREQUAL "lib")
    _link("${REAL}/${_name}" "${OUT}/${_name}")
  endif()
endforeach()

# lib/: one real directory per runtime directory of clang's (lib/linux, and
# lib/<triple> in the per-target layout of newer clangs), its files linked.
_clear_links("${OUT}/lib")
set(_runtime_dirs linux)
file(GLOB _sub LIST_DIRECTORIES true RELATIVE "${REAL}/lib" "${REAL}/lib/*")
foreach(_name IN LISTS _sub)
  if(NOT IS_DIRECTORY "${REAL}/lib/${_name}")
    _link("${REAL}/lib/${_name}" "${OUT}/lib/${_name}")
    continue()
  endif()
  file(MAKE_DIRECTORY "${OUT}/lib/${_name}")
  _clear_links("${OUT}/lib/${_name}")
  file(GLOB _files LIST_DIRECTORIES true RELATIVE "${REAL}/lib/${_name}" "${REAL}/lib/${_name}/*")
  foreach(_f IN LISTS _files)
    if(NOT _f MATCHES "${_lsan_re}")
      _link("${REAL}/lib/${_name}/${_f}" "${OUT}/lib/${_name}/${_f}")
    endif()
  endforeach()
  if(_name MATCHES "^x86_64-.*linux")
    list(APPEND _runtime_dirs "${_name}")
  endif()
endforeach()

# leaksan's runtime under the names clang's driver looks for, each with the
# .syms file that makes the driver pass --dynamic-list for it.
foreach(_name IN LISTS _runtime_dirs)
  if(_name STREQUAL "linux")
    set(_lib "libclang_rt.lsan-x86_64.a")
  else()
    set(_lib "libclang_rt.lsan.a")
  endif()
  _link("${_archive}" "${OUT}/lib/${_name}/${_lib}")
  file(COPY_FILE "${SYMS}" "${OUT}/lib/${_name}/${_lib}.syms")
endforeach()
