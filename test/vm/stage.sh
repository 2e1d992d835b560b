# The VM stage of ./test.sh (sourced by it; uses its ROOT BUILD LIT RESULTS
# backend_dirs BACKENDS run_lit runs status deadline): boots Debian's kernel in
# qemu (test/vm/vm.py), loads the kernel module if it builds, runs the lit
# folders in the guest (test/vm/litvm.py) in this order, in one boot:
#   1. backend=kernel, the module's own folder (VM_KMOD_DIRS), test/vm and
#      the per-backend folders in VM_KERNEL_DIRS (default "all": every one,
#      about 260 s of the stage's 360 s on a quiet host; or a list such as
#      "leaks stw"), in VM_KERNEL_MODES; then the
#      module's unload test alone (it unloads the module the others use);
#   2. module unloaded: Yama ptrace_scope 1, 2, 3 (3 last: it cannot be
#      lowered), the ptrace and signal backends and auto, each on the tests
#      that concern ptrace rights (VM_SCOPE_FILTER; see the README), as root
#      without CAP_SYS_PTRACE; at 2 the ptrace backend runs with it (it is
#      what scope 2 asks for), at 3 it cannot run at all;
#   3. the guest's kernel log: no BUG, WARNING, Oops, lockdep or general
#      protection line (a result of its own).
# Each step that cannot run says why and counts as skipped, not passed.
#
# Environment: LEAKSAN_VM=0 skips the stage, LEAKSAN_VM=only runs nothing
# else; VM_KERNEL_DIRS, VM_KERNEL_MODES (default "preload"), VM_SCOPES
# (default "1 2 3"), VM_SCOPE_FILTER and VM_AUTO_FILTER (lit --filter
# regexes), VM_TIME_LIMIT (seconds for the whole stage, default 1500: the
# budget is 600, the limit only ends a stage that hangs).

VM_DIR=${VM_DIR:-$BUILD/vm}
VM_STATE=$VM_DIR/state.json
# The tests that concern ptrace rights (and one leak report) for the ptrace
# and signal backends; auto: which backend it picks, also under gdb and strace.
VM_SCOPE_FILTER=${VM_SCOPE_FILTER:-'stw/(auto_names_backend|non_dumpable|seccomp_eperm|under_gdb|under_strace)\.c|leaks/direct_leak\.c|vm/'}
VM_AUTO_FILTER=${VM_AUTO_FILTER:-'stw/(under_gdb|under_strace)\.c|vm/'}

# vm_result NAME CODE MESSAGE: one result (PASS, FAIL, UNSUPPORTED) of the stage
vm_result() {
    runs="$runs $1"
    python3 - "$RESULTS/$1.json" "$1" "$2" "$3" <<'EOF'
import json, sys
path, name, code, out = sys.argv[1:]
json.dump({"tests": [{"name": "vm :: " + name, "code": code, "output": out}]}, open(path, "w"))
EOF
    echo "test.sh: vm: $1: $2${3:+: $3}"
    if [ "$2" = FAIL ]; then status=1; fi
}

# vm_sh COMMAND: runs COMMAND as root in the guest
vm_sh() {
    python3 "$ROOT/test/vm/vmrun.py" --state "$VM_STATE" --timeout 60 -- sh -c "$1"
}

# vm_lit NAME ARGS...: a lit run with the programs in the guest
vm_lit() {
    local name=$1 why
    shift
    # a guest that died would fail every test slowly: fail the run at once
    if ! why=$(python3 "$ROOT/test/vm/vmrun.py" --state "$VM_STATE" --timeout 20 --op info \
        2>&1 >/dev/null); then
        vm_result "vm-$name" FAIL "not run: $why"
        return
    fi
    run_lit "vm-$name" -Dvm="$VM_STATE" "$@"
}

# The module, built for the guest's kernel in $VM_DIR/kmod (the source tree
# stays clean); prints the .ko path, or why there is none on stderr.
vm_build_kmod() {
    local kver=$1
    if [ ! -f "$ROOT/kernel/Kbuild" ]; then
        echo "no kernel/Kbuild in this tree" >&2
        return 1
    fi
    if [ ! -d "/lib/modules/$kver/build" ]; then
        echo "no headers for the guest's kernel $kver (install linux-headers-amd64)" >&2
        return 1
    fi
    rm -rf "$VM_DIR/kmod"
    mkdir -p "$VM_DIR/kmod"
    cp -r "$ROOT/kernel/." "$VM_DIR/kmod/"
    if ! make -s -C "/lib/modules/$kver/build" M="$VM_DIR/kmod" modules \
        >"$VM_DIR/kmod.log" 2>&1; then
        echo "the module does not build against $kver: $(tail -n 5 "$VM_DIR/kmod.log")" >&2
        return 1
    fi
    local ko
    ko=$(ls "$VM_DIR"/kmod/*.ko 2>/dev/null | head -n 1)
    if [ -z "$ko" ]; then
        echo "make built no .ko (see $VM_DIR/kmod.log)" >&2
        return 1
    fi
    echo "$ko"
}

vm_stage() {
    local started=$SECONDS why
    echo "==== vm stage"
    if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
        vm_result stage UNSUPPORTED "skipped: no qemu-system-x86_64 (install qemu-system-x86)"
        return
    fi
    local kver
    if ! kver=$(python3 "$ROOT/test/vm/vm.py" kernel); then
        vm_result stage UNSUPPORTED \
            "skipped: no /boot/vmlinuz-VERSION with its modules (install linux-image-amd64)"
        return
    fi
    kver=${kver%% *}
    if ! command -v busybox >/dev/null 2>&1 && [ ! -x /bin/busybox ]; then
        vm_result stage UNSUPPORTED "skipped: no busybox (install busybox-static)"
        return
    fi
    deadline=$((SECONDS + ${VM_TIME_LIMIT:-1500}))
    mkdir -p "$VM_DIR"
    local ko=""
    ko=$(vm_build_kmod "$kver" 2>"$VM_DIR/kmod.why") || ko=""
    if ! python3 "$ROOT/test/vm/vm.py" boot --build "$BUILD" --dir "$VM_DIR"; then
        vm_result boot FAIL "the guest did not boot (see above and $VM_DIR/console.log)"
        return
    fi
    # shellcheck disable=SC2064
    trap "python3 '$ROOT/test/vm/vm.py' stop --dir '$VM_DIR'" EXIT

    # ---- 1. the kernel backend, module loaded ----
    local loaded=0
    if [ -z "$ko" ]; then
        vm_result kmod-load UNSUPPORTED "no module: $(cat "$VM_DIR/kmod.why")"
    elif why=$(vm_sh "insmod '$ko' && test -c /dev/leaksan-stw" 2>&1); then
        loaded=1
        vm_result kmod-load PASS ""
    else
        vm_result kmod-load FAIL "insmod $ko: $why"
    fi
    local kmod_dirs=""
    for d in ${VM_KMOD_DIRS:-kernel}; do
        [ -d "$ROOT/test/$d" ] && kmod_dirs="$kmod_dirs $BUILD/test/$d"
    done
    local kernel_dirs="" d
    if [ "${VM_KERNEL_DIRS:-all}" = all ]; then
        kernel_dirs=$backend_dirs
    else
        for d in $VM_KERNEL_DIRS; do kernel_dirs="$kernel_dirs $BUILD/test/$d"; done
    fi
    if [ "$loaded" = 1 ] && [[ " ${ALL_BACKENDS:-$BACKENDS} " == *" kernel "* ]]; then
        for m in ${VM_KERNEL_MODES:-preload}; do
            # shellcheck disable=SC2086
            vm_lit "$m-kernel" -Dmode="$m" -Dbackend=kernel -Dkmod=1 $kmod_dirs $kernel_dirs \
                "$BUILD/test/vm"
        done
        # alone: it unloads the module the other tests use
        if [ -n "$kmod_dirs" ]; then
            # shellcheck disable=SC2086
            LIT_ARGS="${LIT_ARGS:-} --filter=unload" vm_lit kmod-reload -Dmode=preload \
                -Dbackend=kernel -Dkmod=1 -Dkmod_ko="$ko" $kmod_dirs
        fi
    elif [ "$loaded" = 1 ]; then
        vm_result backend-kernel UNSUPPORTED \
            "skipped: the module loaded, but leaksan --list-backends names no kernel backend"
    else
        vm_result backend-kernel UNSUPPORTED "skipped: the module is not loaded (see kmod-load)"
    fi
    # (the unload test may have left it unloaded)
    if [ "$loaded" = 1 ] && ! why=$(vm_sh "rmmod '$ko' 2>&1 || ! test -e /dev/leaksan-stw"); then
        vm_result kmod-unload FAIL "rmmod: $why"
    fi

    # ---- 2. Yama ptrace_scope 1, 2, 3, module unloaded ----
    local scope b caps filter
    for scope in ${VM_SCOPES:-1 2 3}; do
        if ! why=$(vm_sh "echo $scope >/proc/sys/kernel/yama/ptrace_scope" 2>&1); then
            vm_result "yama-$scope" FAIL "cannot set ptrace_scope $scope: $why"
            continue
        fi
        for b in ptrace signal auto; do
            caps=noptrace
            case "$scope/$b" in
            3/ptrace) continue ;; # scope 3: no ptrace for anyone
            2/ptrace) caps=full ;; # scope 2: ptrace with CAP_SYS_PTRACE only
            esac
            [[ " $BACKENDS auto " == *" $b "* ]] || continue
            filter=$VM_SCOPE_FILTER
            [ "$b" = auto ] && filter=$VM_AUTO_FILTER
            # non_dumpable.c checks that auto names dumpability as ptrace's
            # obstacle: at 2 and 3 Yama is named first (auto_picks_signal.c)
            [ "$scope" != 1 ] && filter=${filter/non_dumpable|/}
            # shellcheck disable=SC2086
            LIT_ARGS="${LIT_ARGS:-} --filter=$filter" \
                vm_lit "yama$scope-$b" -Dmode=preload -Dbackend="$b" -Dvm_caps="$caps" \
                $backend_dirs "$BUILD/test/vm"
        done
    done

    # ---- 3. the guest's kernel log ----
    local log bad
    if ! log=$(vm_sh dmesg 2>&1); then
        vm_result dmesg FAIL "cannot read the guest's kernel log: $log"
    else
        printf '%s\n' "$log" >"$VM_DIR/dmesg.txt"
        bad=$(printf '%s\n' "$log" |
            grep -E 'BUG|WARNING|Oops|lockdep|general protection|possible (circular|recursive) locking|blocked for more than' || true)
        if [ -n "$bad" ]; then
            vm_result dmesg FAIL "the guest's kernel log ($VM_DIR/dmesg.txt) has:
$bad"
        else
            vm_result dmesg PASS ""
        fi
    fi
    python3 "$ROOT/test/vm/vm.py" stop --dir "$VM_DIR"
    trap - EXIT
    echo "test.sh: vm stage took $((SECONDS - started)) s"
}
