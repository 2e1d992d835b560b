#!/usr/bin/env bash
# Builds leaksan in ./build and runs, in this order:
#   checks  tools/check_layers.sh (no include against the layer order) and
#           tools/check_stopped.sh (the stopped-world objects name no libc
#           symbol), one test each
#   unit    build/test/unit/leaksan_unit, one test per unit test
#   lit     the lit suite: the backend-independent test folders once, the
#           stop-the-world folders once per backend, in every mode
#   debug   a -DLSAN_DEBUG=ON build in ./build-debug (lock ownership asserted
#           in every _locked function, allocator invariants walked), with the
#           folders in DEBUG_DIRS run once: preload mode, ptrace backend
# The last line of output is "N passed, N failed" (", N skipped" when some
# were unsupported), over all of them; the exit status is non-zero if
# anything failed.
#
# Environment:
#   LEAKSAN_STAGES    which of the above to run (default "checks unit lit debug")
#   LEAKSAN_MODES     how test programs get leaksan (default "preload clang gcc")
#   LEAKSAN_BACKENDS  backends to run, e.g. "ptrace signal" (default: every
#                     backend of the runtime, from `leaksan --list-backends`)
#   LIT_JOBS          parallel tests (default 2)
#   LIT_ARGS          extra lit arguments, e.g. "--filter double_free"
#   LIT_TIME_LIMIT    seconds for all lit runs together, the VM stage's too (default 1800)
#   LEAKSAN_VM        0: skip the VM stage; only: run the VM stage alone
#                     (test/vm/stage.sh lists its other settings)
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build
DEBUG_BUILD=$ROOT/build-debug

# Folders whose tests stop the world: run under every backend.
PER_BACKEND_DIRS="leaks stw roots api exit flags report suppressions"
# Folders the debug build runs: the allocator, the thread registry and the
# stops (the code with _locked functions and allocator invariants).
DEBUG_DIRS="allocator leaks roots stw"
STAGES=" ${LEAKSAN_STAGES:-checks unit lit debug} "
# LEAKSAN_VM=only: the VM stage alone
[ "${LEAKSAN_VM:-}" = only ] && STAGES=" "

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
    # the runtime's own table (platform/stw.c), as the launcher lists it
    if ! BACKENDS=$("$BUILD/bin/leaksan" --list-backends) || [ -z "$BACKENDS" ]; then
        echo "test.sh: $BUILD/bin/leaksan --list-backends failed"
        echo "0 passed, 1 failed"
        exit 1
    fi
    BACKENDS=${BACKENDS//$'\n'/ }
fi
# The kernel backend needs the leaksan_stw module, which this host's kernel
# may not have: without its device the host runs leave it to the VM stage.
ALL_BACKENDS=$BACKENDS # the VM stage's
if [[ " $BACKENDS " == *" kernel "* ]] && [ ! -e /dev/leaksan-stw ]; then
    echo "test.sh: host runs skip the kernel backend: no /dev/leaksan-stw here (the VM stage runs it)"
    BACKENDS=$(for b in $BACKENDS; do [ "$b" = kernel ] || printf '%s ' "$b"; done)
fi
once_dirs=""
backend_dirs=""
for d in "$ROOT"/test/*/; do
    d=$(basename "$d")
    [ "$d" = Inputs ] || [ "$d" = unit ] && continue
    # the VM stage's own tests and the module's, run by test/vm/stage.sh
    [ "$d" = vm ] || [ "$d" = kernel ] && continue
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
# record NAME CODE TEST: one result in $RESULTS/NAME.json (lit's format)
record() {
    local name=$1 code=$2 test=$3
    python3 - "$RESULTS/$name.json" "$code" "$test" <<'EOF'
import json, os, sys
path, code, test = sys.argv[1:4]
data = {"tests": []}
if os.path.exists(path):
    with open(path) as f:
        data = json.load(f)
data["tests"].append({"name": test, "code": code})
with open(path, "w") as f:
    json.dump(data, f)
EOF
    [[ " $runs " == *" $name "* ]] || runs="$runs $name"
}

# ---- checks: the layer order and the stopped-world objects' symbols ----
if [[ $STAGES == *" checks "* ]]; then
    echo "==== checks"
    # run_check WHAT COMMAND...: one result
    run_check() {
        local what=$1
        shift
        if "$@"; then
            record checks PASS "checks :: $what"
        else
            record checks FAIL "checks :: $what"
            status=1
        fi
    }
    run_check "layer order (tools/check_layers.sh)" "$ROOT/tools/check_layers.sh" "$ROOT"
    run_check "stopped-world objects name no libc symbol (tools/check_stopped.sh)" \
        "$ROOT/tools/check_stopped.sh" "$BUILD" "$(sed -n 's/^CMAKE_NM:FILEPATH=//p' "$BUILD/CMakeCache.txt")"
    run_check "cross-file symbols are lsan_<file>_* (tools/check_names.sh)" \
        "$ROOT/tools/check_names.sh" "$BUILD" "$(sed -n 's/^CMAKE_NM:FILEPATH=//p' "$BUILD/CMakeCache.txt")"
fi

# ---- unit tests: one result per PASS:/FAIL: line of the binary ----
if [[ $STAGES == *" unit "* ]]; then
    echo "==== unit"
    unit_out=$BUILD/test/unit/output.txt
    set +e
    timeout -k 10 300 "$BUILD/test/unit/leaksan_unit" >"$unit_out" </dev/null
    unit_status=$?
    set -e
    cat "$unit_out"
    unit_seen=0
    while read -r verdict test; do
        case $verdict in
        PASS:) record unit PASS "unit :: $test" ;;
        FAIL:) record unit FAIL "unit :: $test" ;;
        *) continue ;;
        esac
        unit_seen=$((unit_seen + 1))
    done <"$unit_out"
    # a crash or a hang: a failure the PASS:/FAIL: lines do not show
    if [ "$unit_seen" = 0 ] || { [ "$unit_status" != 0 ] && ! grep -q '^FAIL:' "$unit_out"; }; then
        echo "test.sh: leaksan_unit exited with status $unit_status"
        record unit FAIL "unit :: leaksan_unit (exit status $unit_status)"
    fi
    [ "$unit_status" = 0 ] || status=1
fi
# All lit runs together get LIT_TIME_LIMIT seconds: CI must end even if a test
# hangs past the per-program timeout of %run.
deadline=$((SECONDS + ${LIT_TIME_LIMIT:-1800}))
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
modes=${LEAKSAN_MODES:-preload clang gcc}
[[ $STAGES == *" lit "* ]] || modes=""
for m in $modes; do
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

# ---- debug build: one run, preload mode, ptrace backend ----
if [[ $STAGES == *" debug "* ]]; then
    echo "==== debug build (-DLSAN_DEBUG=ON) in $DEBUG_BUILD"
    if cmake --fresh -S "$ROOT" -B "$DEBUG_BUILD" -DLSAN_DEBUG=ON -DLSAN_KERNEL_MODULE=OFF >/dev/null &&
        cmake --build "$DEBUG_BUILD" -j"$(nproc 2>/dev/null || echo 2)" --target leaksan leaksan_launcher leaksan_overlays; then
        debug_dirs=""
        for d in $DEBUG_DIRS; do debug_dirs="$debug_dirs $DEBUG_BUILD/test/$d"; done
        LIT=$DEBUG_BUILD/test/lit
        # shellcheck disable=SC2086
        run_lit debug-preload-backend-ptrace -Dmode=preload -Dbackend=ptrace $debug_dirs
    else
        echo "test.sh: the debug build failed"
        record debug FAIL "debug :: the -DLSAN_DEBUG=ON build"
        status=1
    fi
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
