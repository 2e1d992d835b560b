#!/usr/bin/env bash
# Fails on any #include against the layer order (STYLE.md, "Dependency
# direction"): platform/ <- runtime/ <- interceptors/. A file may include its
# own layer and the layers below it, never one above:
#   platform/      nothing from runtime/ or interceptors/
#   runtime/       nothing from interceptors/
#   interceptors/  anything
# Both "..." and <...> includes count; a path is resolved as the compiler
# does (the including file's folder first, then the source root, leaksan's
# only -I), so "../runtime/x.h" and "x.h" next to the file are caught too.
#   tools/check_layers.sh [SOURCE_ROOT]
# Prints one line per violation and a summary; exit 1 on any violation.
set -euo pipefail
root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
cd "$root"

rank() {
    case $1 in
    platform/*) echo 0 ;;
    runtime/*) echo 1 ;;
    interceptors/*) echo 2 ;;
    *) echo -1 ;; # not a layer (system headers, tools/, test/)
    esac
}

bad=0
files=0
for file in $(find platform runtime interceptors -type f \( -name '*.c' -o -name '*.h' \) | sort); do
    files=$((files + 1))
    from=$(rank "$file")
    dir=$(dirname "$file")
    # each "#include "x"" or "# include <x>" as LINE:PATH
    while IFS=: read -r line inc; do
        # the including file's folder first (quoted includes), then the root
        if [ -e "$dir/$inc" ] || [[ $inc == ./* || $inc == ../* ]]; then
            target=$(realpath -m --relative-to="$root" "$dir/$inc")
        else
            target=$(realpath -m --relative-to="$root" "$root/$inc")
            # neither next to the file nor a layer path: a system header
            [ -e "$target" ] || [ "$(rank "$target")" -ge 0 ] || continue
        fi
        to=$(rank "$target")
        if [ "$to" -gt "$from" ]; then
            echo "FAIL: $file:$line includes $target (${target%%/*}/ is above ${file%%/*}/)"
            bad=$((bad + 1))
        fi
    done < <(awk '/^[ \t]*#[ \t]*include[ \t]*["<]/ {
            p = $0
            sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", p)
            sub(/[">].*$/, "", p)
            print FNR ":" p
        }' "$file")
done
if [ "$files" = 0 ]; then
    echo "check_layers: no sources under $root"
    exit 1
fi
if [ "$bad" -gt 0 ]; then
    echo "check_layers: $bad include(s) against the layer order in $files files"
    exit 1
fi
echo "check_layers: $files files keep the layer order"
