#!/usr/bin/env bash
# The README's first command: installs what leaksan needs (Debian 12, as
# root), builds it in ./build, and runs the example in examples/ under the
# leaksan launcher, which prints LSan's report and exits 23 for its leaks.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES="cmake make gcc g++ clang llvm-14 libclang-common-14-dev libclang-rt-14-dev binutils"
missing=""
for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q </dev/null && apt-get install -y -q $missing </dev/null
    else
        echo "run.sh: missing packages:$missing (run as root to install them)" >&2
    fi
fi

cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)"
cc -g -O0 -pthread examples/leak_demo.c -o build/leak_demo
echo "run.sh: running build/leak_demo under leaksan (a leak report is expected)"
set +e
build/bin/leaksan -- build/leak_demo
status=$?
set -e
echo "run.sh: leak_demo exited with status $status (23: leaks were found)"
[ "$status" = 23 ]
