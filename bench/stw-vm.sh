#!/usr/bin/env bash
# bench/stw-vm.sh: stop-the-world cost in the test guest (test/vm/), the
# kernel backend against ptrace and signal in the same boot. bench/src/stw_cost.c
# with 10, 100 and 1000 idle threads and 100 threads blocked in system calls;
# each cell is the median over REPS processes of each process's median of
# CHECKS timed __lsan_do_recoverable_leak_check() calls, backends interleaved.
# Prints the table and writes it to bench/results/stw-vm.txt.
#   REPS=N (default 5)  CHECKS=N (default 5)  BACKENDS="kernel ptrace signal"
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
REPS=${REPS:-5}
CHECKS=${CHECKS:-5}
BACKENDS=${BACKENDS:-kernel ptrace signal}
CELLS=${CELLS:-"10:idle 100:idle 1000:idle 100:syscalls"}
OUT=$BUILD/bench/stw-vm
VM_DIR=$OUT/vm
# vm_build_kmod, vm_sh
# shellcheck source=../test/vm/stage.sh
. "$ROOT/test/vm/stage.sh"
VM_STATE=$VM_DIR/state.json
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$SECONDS
mkdir -p "$OUT" "$VM_DIR"
[ -f "$BUILD/libleaksan.so" ] || cmake --build "$BUILD" --target leaksan -j2 >/dev/null
cp "$BUILD/libleaksan.so" "$OUT/libleaksan.so"
clang -O2 -g -fno-omit-frame-pointer -pthread "$ROOT/bench/src/stw_cost.c" -o "$OUT/stw_cost"
kver=$(python3 "$ROOT/test/vm/vm.py" kernel)
kver=${kver%% *}
ko=$(vm_build_kmod "$kver" 2>"$VM_DIR/kmod.why") || ko=""
python3 "$ROOT/test/vm/vm.py" boot --build "$BUILD" --dir "$VM_DIR"
trap 'python3 "$ROOT/test/vm/vm.py" stop --dir "$VM_DIR"' EXIT
kmod="not loaded: $(cat "$VM_DIR/kmod.why")"
if [ -n "$ko" ]; then
    if vm_sh "insmod '$ko' && test -c /dev/leaksan-stw"; then kmod="loaded"; else kmod="insmod failed"; fi
fi
echo "bench: module $kmod" >&2
: >"$OUT/raw.txt"
for rep in $(seq 1 "$REPS"); do
    for cell in $CELLS; do
        for b in $BACKENDS; do
            n=${cell%%:*} kind=${cell#*:}
            r=$(python3 "$ROOT/test/vm/vmrun.py" --state "$VM_STATE" --timeout 300 -- \
                env LD_PRELOAD="$OUT/libleaksan.so" \
                LSAN_OPTIONS="stop_the_world=$b:detect_leaks=1:leak_check_at_exit=0" \
                "$OUT/stw_cost" "$n" "$kind" "$CHECKS" 2>"$OUT/err.txt") || r="failed"
            med=$(sed -n 's/.*median_us=\([0-9]*\).*/\1/p' <<<"$r")
            echo "$cell $b ${med:-fail}" >>"$OUT/raw.txt"
            printf '[bench %4ds] rep %d %-13s %-7s %s\n' $((SECONDS - START)) "$rep" "$cell" "$b" \
                "${med:-failed: $(head -c 300 "$OUT/err.txt")}" >&2
        done
    done
done
table=$(python3 - "$OUT/raw.txt" "$BACKENDS" "$CELLS" <<'PY'
import statistics, sys
raw, backends, cells = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
got = {}
for line in open(raw):
    cell, b, v = line.split()
    if v != "fail":
        got.setdefault((cell, b), []).append(int(v))
med = {k: statistics.median(v) for k, v in got.items()}
ref = backends[0]
head = "%-18s" % "threads" + "".join("%14s" % (b + " us") for b in backends)
head += "".join("%16s" % ("%s/%s" % (b, ref)) for b in backends[1:])
print(head)
for cell in cells:
    n, kind = cell.split(":")
    row = "%-18s" % ("%s %s" % (n, kind))
    for b in backends:
        row += "%14s" % ("%.0f" % med[(cell, b)] if (cell, b) in med else "n/a")
    for b in backends[1:]:
        if (cell, b) in med and (cell, ref) in med and med[(cell, ref)]:
            row += "%16s" % ("%.2fx" % (med[(cell, b)] / med[(cell, ref)]))
        else:
            row += "%16s" % "n/a"
    print(row)
PY
)
{
    echo "# bench/stw-vm.sh: stop-the-world cost (one __lsan_do_recoverable_leak_check, microseconds)"
    echo "# $(date -u +%Y-%m-%dT%H:%MZ), guest kernel $kver under qemu TCG (-smp 2, no KVM), module $kmod"
    echo "# median over $REPS processes of each one's median of $CHECKS checks; host load before: $LOAD0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# idle: threads in pthread_cond_wait; syscalls: in read, poll, nanosleep, epoll_wait, select, futex in turn"
    echo "$table"
} | tee "$ROOT/bench/results/stw-vm.txt"
