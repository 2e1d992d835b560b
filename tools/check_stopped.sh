#!/usr/bin/env bash
# Fails if an object that runs while the world is stopped names a symbol that
# is not leaksan's own: every undefined symbol (nm -u) of those objects must
# be an lsan_* internal, or listed for that object in LSAN_STOPPED_ALLOWED
# (CMakeLists.txt). Catches libc calls in stopped code, including the ones
# the compiler makes up (a byte loop turned into strlen, a struct copy into
# memcpy).
#   tools/check_stopped.sh BUILD_DIR [NM]
# reads BUILD_DIR/checks/stopped_objects.txt ("<object> <allowed>..." lines,
# written by cmake/checks.cmake). Prints one line per object; exit 1 on any
# violation.
set -euo pipefail
build=${1:?usage: check_stopped.sh BUILD_DIR [NM]}
nm=${2:-nm}
list=$build/checks/stopped_objects.txt
if [ ! -s "$list" ]; then
    echo "check_stopped: $list is missing: configure and build $build first"
    exit 1
fi
bad=0
n=0
while read -r obj allowed; do
    [ -n "$obj" ] || continue
    n=$((n + 1))
    if [ ! -f "$obj" ]; then
        echo "FAIL: $obj: not built"
        bad=1
        continue
    fi
    # the linker's own symbols are no calls; lsan_* are leaksan's internals
    foreign=$("$nm" -u "$obj" | awk '{print $NF}' |
        grep -v -E '^(lsan_[A-Za-z0-9_]*|_GLOBAL_OFFSET_TABLE_)$' || true)
    extra=""
    for sym in $foreign; do
        [[ " $allowed " == *" $sym "* ]] || extra="$extra $sym"
    done
    name=${obj##*/leaksan_obj.dir/}
    if [ -n "$extra" ]; then
        echo "FAIL: $name: undefined symbols that are not leaksan's own:$extra"
        bad=1
    else
        echo "PASS: $name"
    fi
done <"$list"
if [ "$n" = 0 ]; then
    echo "check_stopped: $list lists no objects"
    exit 1
fi
exit $bad
