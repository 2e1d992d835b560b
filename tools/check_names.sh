#!/usr/bin/env bash
# Fails if a symbol that an object of the runtime defines for other files
# breaks the naming rule of ../shared/STYLE.md: a module's cross-file
# symbols are lsan_<stem>_* (or lsan_<stem>), where <stem> is its file name.
# Exempt: the exported ABI (__lsan_*, __sanitizer_*), the libc and C++ names
# the interceptors define (anything not starting with lsan_ in interceptors/),
# and the raw system-call wrappers (sys_*).
#   tools/check_names.sh BUILD_DIR [NM]
# Prints one line per violation and a summary; exit 1 on any violation.
set -euo pipefail
build=${1:?usage: check_names.sh BUILD_DIR [NM]}
nm=${2:-nm}
objdir=$build/CMakeFiles/leaksan_obj.dir
if [ ! -d "$objdir" ]; then
    echo "check_names: $objdir is missing: build $build first"
    exit 1
fi
bad=0
n=0
while read -r obj; do
    n=$((n + 1))
    stem=$(basename "$obj" .c.o)
    layer=$(basename "$(dirname "$obj")")
    while read -r _ kind sym; do
        case $kind in [TDBRVW]) ;; *) continue ;; esac
        case $sym in
        __lsan_* | __sanitizer_* | sys_* | "lsan_${stem}" | "lsan_${stem}_"*) continue ;;
        esac
        if [ "$layer" = interceptors ] && [[ $sym != lsan_* ]]; then
            continue
        fi
        echo "FAIL: $layer/$stem.c defines $sym (expected lsan_${stem}_*)"
        bad=1
    done < <("$nm" --defined-only "$obj")
done < <(find "$objdir" -name '*.c.o' | sort)
if [ "$bad" = 0 ]; then
    echo "check_names: the cross-file symbols of $n objects are lsan_<file>_*"
fi
exit $bad
