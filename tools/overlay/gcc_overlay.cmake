# Makes leaksan's gcc -B overlay, <prefix>/lib/leaksan/gcc, used as
# `gcc -fsanitize=leak -B <prefix>/lib/leaksan/gcc/`: the files GCC's driver
# links for -fsanitize=leak, found in the -B directory before GCC's own.
#   liblsan.so         link-time copy of libleaksan.so whose SONAME is the
#                      absolute path of the real libleaksan.so: the program's
#                      DT_NEEDED names that file, so it is found at run time
#                      without LD_LIBRARY_PATH or an rpath, and a process that
#                      also preloads it (the launcher) loads it once.
#   liblsan_preinit.o  shadows GCC's, which calls __lsan_init (compiler-rt's
#                      name); leaksan initialises from its library constructor.
#   liblsan.a          -> ../../libleaksan.a, for -static-liblsan.
# Writes only under OUT.
#   cmake -DCC=<compiler> -DFLAGS=<c and linker flags> -DOBJECTS=<a.o|b.o|...>
#         -DLINK_OPTIONS=<opt|...> -DLINK_LIBRARIES=<lib|...>
#         -DSONAME=<absolute path of libleaksan.so> -DPREINIT=<object>
#         -DOUT=<overlay dir> -P gcc_overlay.cmake
foreach(_v CC OBJECTS SONAME PREINIT OUT)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "gcc_overlay.cmake: -D${_v}= is missing")
  endif()
endforeach()
if(NOT IS_ABSOLUTE "${SONAME}")
  message(FATAL_ERROR "gcc_overlay.cmake: SONAME=${SONAME} must be an absolute path")
endif()

string(REPLACE "|" ";" _objects "${OBJECTS}")
string(REPLACE "|" ";" _options "${LINK_OPTIONS}")
string(REPLACE "|" ";" _libs_in "${LINK_LIBRARIES}")
separate_arguments(_flags UNIX_COMMAND "${FLAGS}")
set(_libs)
foreach(_l IN LISTS _libs_in)
  if(_l MATCHES "^-" OR _l MATCHES "/")
    list(APPEND _libs "${_l}")
  elseif(NOT _l STREQUAL "")
    list(APPEND _libs "-l${_l}")
  endif()
endforeach()

file(MAKE_DIRECTORY "${OUT}")
execute_process(
  COMMAND ${CC} ${_flags} -shared -o "${OUT}/liblsan.so.tmp" "-Wl,-soname,${SONAME}"
          ${_objects} ${_options} ${_libs}
  RESULT_VARIABLE _rc ERROR_VARIABLE _err OUTPUT_VARIABLE _out)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "gcc_overlay.cmake: linking ${OUT}/liblsan.so failed (${_rc}):\n${_out}${_err}")
endif()
file(RENAME "${OUT}/liblsan.so.tmp" "${OUT}/liblsan.so")

file(COPY_FILE "${PREINIT}" "${OUT}/liblsan_preinit.o")

if(IS_SYMLINK "${OUT}/liblsan.a" OR EXISTS "${OUT}/liblsan.a")
  file(REMOVE "${OUT}/liblsan.a")
endif()
file(CREATE_LINK "../../libleaksan.a" "${OUT}/liblsan.a" SYMBOLIC)
