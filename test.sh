#!/usr/bin/env bash
# Builds leaksan in ./build and runs the lit suite: the backend-independent
# test folders once, the stop-the-world folders once per backend. The last
# line of output is "N passed, N failed" (", N skipped" when some were
# unsupported); the exit status is non-zero if anything failed.
#
# Environment:
#   LEAKSAN_MODES     how test programs get leaksan (default "preload clang gcc")
#   LEAKSAN_BACKENDS  backends to run, e.g. "ptrace signal" (default: every
#                     struct lsan_stw_ops defined in platform/stw_*.c)
#   LIT_JOBS          parallel tests (default 2)
#   LIT_ARGS          extra lit arguments, e.g. "--filter double_free"
#   LIT_TIME_LIMIT    seconds for all lit runs together (default 900)
#   LEAKSAN_VM        0: skip the VM stage; only: run the VM stage alone
#                     (test/vm/stage.sh lists its other settings)
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build

# Folders whose tests stop the world: run under every backend.
PER_BACKEND_DIRS="leaks stw roots api exit flags report suppressions"

# ---- dependencies (Debian/Ubuntu) ----
PACKAGES="cmake make gcc g++ clang llvm-14-tools libclang-common-14-dev libclang-rt-14-dev
liblsan0 python3 perl git gdb strace binutils"
# The VM stage (test/vm/): Debian's kernel in qemu, the module built against
# its headers. Not installing them skips the stage, saying why.
VM_PACKAGES="qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static kmod cpio"
install_deps() {
    if ! command -v dpkg >/dev/null 2>&1; then
        echo "test.sh: no dpkg: not a Debian system, assuming the tools are installed"
        return
    fi
    local missing=""
    for p in $PACKAGES; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return
    if [ "$(id -u)" != 0 ]; then
        echo "test.sh: missing packages:$missing; not root, so not installing them"
        return
    fi
    echo "test.sh: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q </dev/null
    apt-get install -y -q $missing </dev/null
}
install_deps
install_vm_deps() {
    [ "${LEAKSAN_VM:-}" = 0 ] && return
    command -v dpkg >/dev/null 2>&1 || return
    local missing=""
    for p in $VM_PACKAGES; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return
    if [ "$(id -u)" != 0 ]; then
        echo "test.sh: missing VM stage packages:$missing; not root, so not installing them"
        return
    fi
    echo "test.sh: installing (VM stage)$missing"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } </dev/null ||
        echo "test.sh: installing$missing failed: the VM stage will say what is missing"
}
install_vm_deps

# ---- build ----
if ! cmake --fresh -S "$ROOT" -B "$BUILD" >/dev/null ||
    ! cmake --build "$BUILD" -j"$(nproc 2>/dev/null || echo 2)"; then
    echo "test.sh: the build failed"
    echo "0 passed, 1 failed"
    exit 1
fi
LIT=$BUILD/test/lit
if [ ! -x "$LIT" ]; then
    echo "test.sh: lit or FileCheck not found at configure time (see the CMake warning above)"
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- which tests, which backends ----
if [ -n "${LEAKSAN_BACKENDS:-}" ]; then
    BACKENDS=$LEAKSAN_BACKENDS
else
    # every `const struct lsan_stw_ops` in platform/stw_*.c, by its .name
    BACKENDS=""
    for f in "$ROOT"/platform/stw_*.c; do
        grep -q '^const struct lsan_stw_ops ' "$f" 2>/dev/null || continue
        b=$(sed -n 's/^ *\.name = "\([A-Za-z0-9_-]*\)".*/\1/p' "$f" | head -n 1)
        if [ -n "$b" ]; then BACKENDS="$BACKENDS $b"; fi
    done
    BACKENDS=${BACKENDS:-ptrace}
fi
once_dirs=""
backend_dirs=""
for d in "$ROOT"/test/*/; do
    d=$(basename "$d")
    [ "$d" = Inputs ] && continue
    [ "$d" = vm ] && continue # the VM stage's own tests, run by test/vm/stage.sh
    if [[ " $PER_BACKEND_DIRS " == *" $d "* ]]; then
        backend_dirs="$backend_dirs $BUILD/test/$d"
    else
        once_dirs="$once_dirs $BUILD/test/$d"
    fi
done

RESULTS=$BUILD/test/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
status=0
runs=""
# All lit runs together get LIT_TIME_LIMIT seconds: CI must end even if a test
# hangs past the per-program timeout of %run.
deadline=$((SECONDS + ${LIT_TIME_LIMIT:-900}))
# run_lit NAME ARGS...: one lit run whose results land in $RESULTS/NAME.json
run_lit() {
    local name=$1
    shift
    runs="$runs $name"
    echo "==== lit: $name"
    local left=$((deadline - SECONDS))
    if [ "$left" -le 0 ]; then
        echo "test.sh: no time left for lit run '$name'"
        status=1
        return
    fi
    # shellcheck disable=SC2086
    if timeout -k 30 "$left" "$LIT" -sv -j"${LIT_JOBS:-2}" --allow-empty-runs ${LIT_ARGS:-} \
        -o "$RESULTS/$name.json" "$@" </dev/null; then
        # lit writes no results when a filter left nothing to run
        [ -e "$RESULTS/$name.json" ] || echo '{"tests": []}' >"$RESULTS/$name.json"
    else
        status=1
    fi
}
# Every mode (how test programs get leaksan: LD_PRELOAD, clang's or gcc's
# -fsanitize=leak with leaksan's overlay) runs the whole suite.
host_modes=${LEAKSAN_MODES:-preload clang gcc}
[ "${LEAKSAN_VM:-}" = only ] && host_modes=""
for m in $host_modes; do
    if [ -n "$once_dirs" ]; then
        # shellcheck disable=SC2086
        run_lit "$m" -Dmode="$m" $once_dirs
    fi
    if [ -n "$backend_dirs" ]; then
        for b in $BACKENDS; do
            # shellcheck disable=SC2086
            run_lit "$m-backend-$b" -Dmode="$m" -Dbackend="$b" $backend_dirs
        done
    fi
done

# ---- the VM stage: the module, the kernel backend, Yama (test/vm/stage.sh) ----
if [ "${LEAKSAN_VM:-}" = 0 ]; then
    echo "test.sh: VM stage skipped: LEAKSAN_VM=0"
else
    # shellcheck source=test/vm/stage.sh
    . "$ROOT/test/vm/stage.sh"
    vm_stage
fi

# ---- summary ----
# A run without a results file (lit crashed, or ran out of time) counts as
# one failure.
# shellcheck disable=SC2086
summary=$(python3 - "$RESULTS" $runs <<'EOF'
import json, os, sys
passed = failed = skipped = 0
for run in sys.argv[2:]:
    path = os.path.join(sys.argv[1], run + ".json")
    if not os.path.exists(path):
        print("test.sh: lit run '%s' produced no results" % run, file=sys.stderr)
        failed += 1
        continue
    with open(path) as f:
        for t in json.load(f)["tests"]:
            code = t["code"]
            if code in ("PASS", "XFAIL", "FLAKYPASS"):
                passed += 1
            elif code in ("UNSUPPORTED", "EXCLUDED", "SKIPPED"):
                skipped += 1
            else:  # FAIL, XPASS, UNRESOLVED, TIMEOUT
                failed += 1
line = "%d passed, %d failed" % (passed, failed)
if skipped:
    line += ", %d skipped" % skipped
print(line)
sys.exit(1 if failed else 0)
EOF
) || status=1
if [ -z "$summary" ]; then
    summary="0 passed, 1 failed"
    status=1
fi
echo "$summary"
exit $status
