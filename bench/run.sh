#!/usr/bin/env bash
# bench/run.sh: build leaksan and the benchmark programs, run every benchmark
# under every allocator in one run, print tables of medians and ratios, and
# write them to bench/results/latest.txt. See bench/README.md.
#   REPS=N     measurements per benchmark and contender (default 5; QUICK: 3)
#   QUICK=1    small sizes, for a ~2 minute smoke run
#   REBUILD=1  run `cmake --build` even when build/libleaksan.so exists
#   LEAKSAN_LIB=PATH  benchmark this libleaksan.so instead of build/'s (nothing is built)
#   LEAK_PRELOAD=1  also time leak checks under gcc-lsan-preload (same code as gcc-lsan)
#   ONLY="KEY..."   run only these benchmarks (keys as in build/bench/logs); the
#                   tables are printed but bench/results/latest.txt is left alone
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OUT=$BUILD/bench
BIN=$OUT/bin
LOGS=$OUT/logs
DATA=$OUT/data
RESULTS=$ROOT/bench/results
QUICK=${QUICK:-0}
START=$SECONDS
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

if [[ $QUICK == 1 ]]; then
    REPS=${REPS:-3}
    CHURN_OPS=${CHURN_OPS:-300000}          # 10k live blocks
    CHURN_OPS_BIG=${CHURN_OPS_BIG:-150000}  # 100k live blocks
    MT_OPS=${MT_OPS:-300000}                # total over all threads
    START_RUNS=${START_RUNS:-50}
    PY_ARGS=${PY_ARGS:-"1 100000"}
    CHUNKS_SMALL=${CHUNKS_SMALL:-100000}
    CHUNKS_BIG=${CHUNKS_BIG:-1000000}
    BIG_MIB=${BIG_MIB:-64}
else
    REPS=${REPS:-5}
    CHURN_OPS=${CHURN_OPS:-2000000}
    CHURN_OPS_BIG=${CHURN_OPS_BIG:-1000000}
    MT_OPS=${MT_OPS:-2000000}
    START_RUNS=${START_RUNS:-200}
    PY_ARGS=${PY_ARGS:-"3 200000"}
    CHUNKS_SMALL=${CHUNKS_SMALL:-1000000}
    CHUNKS_BIG=${CHUNKS_BIG:-10000000}
    BIG_MIB=${BIG_MIB:-1024}
fi

say() { printf '[bench %4ds] %s\n' $((SECONDS - START)) "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- build
for tool in gcc clang cmake awk; do
    command -v $tool >/dev/null || die "$tool not found (apt-get install gcc clang cmake gawk)"
done
LEAKSAN_LIB=${LEAKSAN_LIB:-}
if [[ -z $LEAKSAN_LIB ]]; then
    LEAKSAN_LIB=$BUILD/libleaksan.so
    if [[ ! -f $LEAKSAN_LIB || ${REBUILD:-0} == 1 ]]; then
        say "building leaksan in $BUILD"
        [[ -f $BUILD/CMakeCache.txt ]] || cmake -S "$ROOT" -B "$BUILD" >/dev/null
        cmake --build "$BUILD" --target leaksan -j 2 >/dev/null || die "leaksan build failed"
    fi
fi
[[ -f $LEAKSAN_LIB ]] || die "$LEAKSAN_LIB not found"
LIBLSAN=$(gcc -print-file-name=liblsan.so.0)
[[ -f $LIBLSAN ]] || die "liblsan.so.0 not found: apt-get install liblsan0"
PY=$(python3 -c 'import sys; print(sys.executable)')   # past any pyenv shim

rm -rf "$LOGS" "$DATA"
mkdir -p "$BIN" "$LOGS" "$DATA" "$RESULTS"
# A private copy: others may rebuild build/libleaksan.so while we measure.
cp -p "$LEAKSAN_LIB" "$OUT/libleaksan.so"
LEAKSAN=$OUT/libleaksan.so

say "compiling benchmark programs into $BIN"
CFLAGS=(-O2 -g -fno-omit-frame-pointer -pthread -Wall -Wextra)
for prog in churn empty leakcheck measure; do
    gcc "${CFLAGS[@]}" "$ROOT/bench/src/$prog.c" -o "$BIN/$prog" -ldl
done
for prog in churn empty leakcheck; do
    gcc "${CFLAGS[@]}" -fsanitize=leak "$ROOT/bench/src/$prog.c" -o "$BIN/$prog.gcc-lsan" -ldl
    clang "${CFLAGS[@]}" -fsanitize=leak "$ROOT/bench/src/$prog.c" -o "$BIN/$prog.clang-lsan" -ldl
done
MEASURE=$BIN/measure

# ---------------------------------------------------------------- running
# One measurement: run PROG ARGS under contender WHO with LSAN_OPTIONS=OPTS
# (measure -n NRUNS times in a row) and append every key=value the program
# and measure printed, plus the leak count of the report, to $DATA/KEY/WHO.
measure_one() {
    local key=$1 who=$2 opts=$3 nruns=$4 prog=$5
    shift 5
    local bin=$BIN/$prog env=()
    case $who in
        glibc) ;;
        gcc-lsan | clang-lsan) bin=$BIN/$prog.$who ;;
        gcc-lsan-preload) env=(-e "LD_PRELOAD=$LIBLSAN") ;;
        leaksan) env=(-e "LD_PRELOAD=$LEAKSAN") ;;
        leaksan-ptrace) env=(-e "LD_PRELOAD=$LEAKSAN"); opts+=:stop_the_world=ptrace ;;
        leaksan-signal) env=(-e "LD_PRELOAD=$LEAKSAN"); opts+=:stop_the_world=signal ;;
        leaksan-noclear) env=(-e "LD_PRELOAD=$LEAKSAN"); opts+=:clear_recycled_chunks=0 ;;
        *) die "unknown contender $who" ;;
    esac
    [[ $prog == /* ]] && bin=$prog
    [[ $who == glibc ]] || env+=(-e "LSAN_OPTIONS=$opts")
    [[ $prog == "$PY" ]] && env+=(-e PYTHONMALLOC=malloc)
    local log=$LOGS/$key.$who.$REP
    mkdir -p "$DATA/$key"
    # the same run as a shell command line, for reproducing it and for profile.sh
    local i assigns=()
    for ((i = 1; i < ${#env[@]}; i += 2)); do assigns+=("${env[i]}"); done
    echo "env ${assigns[*]} $bin $*" >"$log.cmd"
    "$MEASURE" -n "$nruns" "${env[@]}" -- "$bin" "$@" >"$log.out" 2>"$log.err" || true
    local found rec expect problem=
    found=$(sed -n 's/.*SUMMARY: LeakSanitizer: .* leaked in \([0-9]*\) allocation.*/\1/p' \
        "$log.err" | tail -1)
    rec="$(tr '\n' ' ' <"$log.out") found_leaks=${found:-0}"
    expect=$(grep -o 'expect_leaks=[0-9]*' <<<"$rec" | cut -d= -f2 || true)
    if [[ $rec != *status=ok* ]]; then
        problem="run failed: $(grep -o 'status=[^ ]*' <<<"$rec" || echo 'no status')"
    elif [[ -n $expect && $expect != "${found:-0}" ]]; then
        problem="report counted ${found:-0} leaked allocations, the program made $expect"
    fi
    if [[ -n $problem ]]; then
        rec+=" bad=1"
        if [[ ! -f $DATA/$key/$who.first ]]; then    # keep the first failure's details
            echo "$key $who" >>"$DATA/problems"
            {
                echo "$problem"
                sed -n '1,2s/^/    stderr: /p' "$log.err"
                echo "    reproduce: $(cat "$log.cmd")"
            } >"$DATA/$key/$who.first"
        fi
    fi
    echo "$rec" >>"$DATA/$key/$who"
}

# bench KEY "CONTENDERS" OPTS NRUNS PROG ARGS...: REPS measurements per contender,
# contenders interleaved within each repetition so drifting load hits all alike.
bench() {
    local key=$1 whos=$2
    shift 2
    [[ -z ${ONLY:-} || " $ONLY " == *" $key "* ]] || return 0
    say "$key"
    for ((REP = 1; REP <= REPS; REP++)); do
        for who in $whos; do
            measure_one "$key" "$who" "$@"
        done
    done
}

ALL="glibc gcc-lsan gcc-lsan-preload clang-lsan leaksan"
PRELOADS="glibc gcc-lsan-preload leaksan"
CHECKERS="gcc-lsan clang-lsan leaksan"
[[ ${LEAK_PRELOAD:-0} == 1 ]] && CHECKERS="gcc-lsan gcc-lsan-preload clang-lsan leaksan"
STW="gcc-lsan clang-lsan leaksan leaksan-ptrace leaksan-signal"
SPEED_OPTS=detect_leaks=0
CHECK_OPTS=exitcode=0:leak_check_at_exit=0:symbolize=0

bench churn-10k-init "$ALL" $SPEED_OPTS 1 churn 1 "$CHURN_OPS" 10000 init
bench churn-10k-touch "$ALL leaksan-noclear" $SPEED_OPTS 1 churn 1 "$CHURN_OPS" 10000 touch
bench churn-100k-init "$ALL" $SPEED_OPTS 1 churn 1 "$CHURN_OPS_BIG" 100000 init
bench churn-100k-touch "$ALL leaksan-noclear" $SPEED_OPTS 1 churn 1 "$CHURN_OPS_BIG" 100000 touch
bench churn-2t "$ALL" $SPEED_OPTS 1 churn 2 $((MT_OPS / 2)) 10000 init
bench churn-8t "$ALL" $SPEED_OPTS 1 churn 8 $((MT_OPS / 8)) 10000 init
bench startup "$ALL" $SPEED_OPTS "$START_RUNS" empty
bench startup-check "$ALL" "" "$START_RUNS" empty
bench startup-malloc "$ALL" "" "$START_RUNS" empty malloc
# shellcheck disable=SC2086
bench python "$PRELOADS" $SPEED_OPTS 1 "$PY" "$ROOT/bench/alloc.py" $PY_ARGS

bench check-chunks-small "$CHECKERS" $CHECK_OPTS 1 leakcheck chunks "$CHUNKS_SMALL"
bench check-chunks-big "$CHECKERS" $CHECK_OPTS 1 leakcheck chunks "$CHUNKS_BIG"
bench check-flat "$CHECKERS" $CHECK_OPTS 1 leakcheck flat "$BIG_MIB"
bench check-pointy "$CHECKERS" $CHECK_OPTS 1 leakcheck pointy "$BIG_MIB"
bench check-tiny "$CHECKERS" $CHECK_OPTS 1 leakcheck threads 0
bench check-tiny-sym "$CHECKERS" exitcode=0:leak_check_at_exit=0 1 leakcheck threads 0
for n in 10 100 1000; do
    bench check-threads-$n "$STW" $CHECK_OPTS 1 leakcheck threads $n
done

# ---------------------------------------------------------------- tables
# cell KEY WHO FIELD [DIV]: median of FIELD over the measurements, divided by
# DIV. "-": not measured; FAIL: every run failed (crash, non-zero exit, wrong
# leak count); a trailing "!": some runs failed, the median is of the others.
cell() {
    local file=$DATA/$1/$2 field=$3 div=${4:-1}
    [[ -f $file ]] || { echo "-"; return; }
    awk -v field="$field" -v div="$div" '
        { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
          if (v["bad"] || !(field in v)) bad++
          else x[n++] = v[field] / div
          delete v }
        END {
          if (n == 0) { printf "FAIL"; exit }
          for (i = 1; i < n; i++)            # insertion sort, n is small
              for (j = i; j > 0 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
          m = (n % 2) ? x[(n - 1) / 2] : (x[n / 2 - 1] + x[n / 2]) / 2
          fmt = m >= 100 ? "%.0f" : m >= 10 ? "%.1f" : "%.2f"
          printf fmt, m
          if (bad) printf "!"
        }' "$file"
}

# ratio A B: A/B for two cells, "-" unless both are clean numbers.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) { print "-"; exit }
        printf "%.2fx", a / b }'
}

# best of the LSan cells given: the smallest clean number.
best() {
    local b=-
    for c in "$@"; do
        [[ $c =~ ^[0-9.]+$ ]] || continue
        if [[ $b == - ]] || awk -v c="$c" -v b="$b" 'BEGIN { exit !(c < b) }'; then b=$c; fi
    done
    echo "$b"
}

# Allocator-speed row: label, key, field, divisor, and "lazy" to mark the
# gcc-lsan-preload cell as not comparable (its runtime never started).
speed_row() {
    local g gl glp cl ls
    g=$(cell "$2" glibc "$3" "${4:-1}")
    gl=$(cell "$2" gcc-lsan "$3" "${4:-1}")
    glp=$(cell "$2" gcc-lsan-preload "$3" "${4:-1}")
    [[ ${5:-} == lazy && $glp != - ]] && glp+="*"
    cl=$(cell "$2" clang-lsan "$3" "${4:-1}")
    ls=$(cell "$2" leaksan "$3" "${4:-1}")
    printf '%-36s %9s %9s %9s %9s %9s %9s %9s\n' "$1" "$g" "$gl" "$glp" "$cl" "$ls" \
        "$(ratio "$ls" "$g")" "$(ratio "$ls" "$(best "$gl" "$glp" "$cl")")"
}

# A leaksan variant against glibc alone: label, key, field, contender.
variant_row() {
    local g v
    g=$(cell "$2" glibc "$3")
    v=$(cell "$2" "$4" "$3")
    printf '%-36s %9s %9s %9s %9s %9s %9s %9s\n' "$1" "$g" - - - "$v" "$(ratio "$v" "$g")" -
}

check_row() {
    local gl glp cl ls
    gl=$(cell "$2" gcc-lsan "$3" "${4:-1}")
    glp=$(cell "$2" gcc-lsan-preload "$3" "${4:-1}")
    cl=$(cell "$2" clang-lsan "$3" "${4:-1}")
    ls=$(cell "$2" leaksan "$3" "${4:-1}")
    printf '%-36s %9s %9s %9s %9s %9s\n' "$1" "$gl" "$glp" "$cl" "$ls" \
        "$(ratio "$ls" "$(best "$gl" "$glp" "$cl")")"
}

stw_row() {
    local gl cl la lp lsig b
    gl=$(cell "$2" gcc-lsan check_ms)
    cl=$(cell "$2" clang-lsan check_ms)
    la=$(cell "$2" leaksan check_ms)
    lp=$(cell "$2" leaksan-ptrace check_ms)
    lsig=$(cell "$2" leaksan-signal check_ms)
    b=$(best "$gl" "$cl")
    printf '%-22s %9s %9s %9s %9s %9s %9s %9s\n' "$1" "$gl" "$cl" "$la" "$lp" "$lsig" \
        "$(ratio "$lp" "$b")" "$(ratio "$lsig" "$b")"
}

print_tables() {
    local py_label="python alloc.py ($PY_ARGS), s"
    echo "leaksan benchmarks, $(date '+%Y-%m-%d %H:%M')"
    echo "host: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
        "$(uname -r), load average at start: $LOAD0"
    local tree sha built
    tree=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
    git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && tree+=" + uncommitted changes"
    sha=$(sha256sum "$LEAKSAN" | cut -c1-12)
    built=$(date -r "$LEAKSAN" '+%Y-%m-%d %H:%M')
    echo "leaksan: $LEAKSAN_LIB (sha256 $sha, built $built; tree at $tree)"
    echo "gcc-lsan: $(gcc -dumpfullversion) $LIBLSAN; clang-lsan: clang $(clang -dumpversion);" \
        "python: $PY"
    echo "each cell: median of $REPS measurements; contenders interleaved within a repetition."
    echo "programs: -O2 -g -fno-omit-frame-pointer (gcc; clang for clang-lsan)."
    echo
    echo "== Allocator speed  (LSAN_OPTIONS=$SPEED_OPTS: no leak check at exit, but every"
    echo "   sanitizer records allocation stacks, default malloc_context_size=30)"
    echo "   churn: op = free a random slot + malloc 16..4096 B (1 op in 16: realloc), then"
    echo "   write the block (init: whole block, touch: first byte)."
    echo "   multi-thread rows: wall time / ops of all threads (10k live per thread, init)."
    printf '%-36s %9s %9s %9s %9s %9s %9s %9s\n' benchmark glibc gcc-lsan gcc-lsan-p \
        clang-lsan leaksan "ls/glibc" "ls/bestLS"
    speed_row "churn 1T 10k live, init, ns/op" churn-10k-init ns_per_op
    speed_row "churn 1T 10k live, touch, ns/op" churn-10k-touch ns_per_op
    variant_row "  same, clear_recycled_chunks=0" churn-10k-touch ns_per_op leaksan-noclear
    speed_row "churn 1T 100k live, init, ns/op" churn-100k-init ns_per_op
    speed_row "churn 1T 100k live, touch, ns/op" churn-100k-touch ns_per_op
    variant_row "  same, clear_recycled_chunks=0" churn-100k-touch ns_per_op leaksan-noclear
    speed_row "churn 2T, wall ns/op (all threads)" churn-2t ns_per_op
    speed_row "churn 8T, wall ns/op (all threads)" churn-8t ns_per_op
    speed_row "startup empty main, ms/run" startup wall_ms_per_run 1 lazy
    speed_row "  same, with exit leak check, ms/run" startup-check wall_ms_per_run 1 lazy
    speed_row "  1 malloc + exit leak check, ms/run" startup-malloc wall_ms_per_run
    speed_row "peak RSS churn 10k init, MiB" churn-10k-init maxrss_kb 1024
    speed_row "peak RSS churn 100k init, MiB" churn-100k-init maxrss_kb 1024
    speed_row "$py_label" python wall_ms_per_run 1000
    echo "   churn ops per run: $CHURN_OPS (10k live), $CHURN_OPS_BIG (100k live), $MT_OPS" \
        "(multi-thread, total); startup: $START_RUNS runs per measurement"
    echo "   clear_recycled_chunks=0: leaksan without zeroing what a freed block's owner left"
    echo "   (the default zeroes it, as both LSans do, so stale pointers never hide leaks)."
    echo "   python: PYTHONMALLOC=malloc, whole process; clang-lsan cannot be preloaded."
    echo "   *: preloaded liblsan starts on the first intercepted call, so in an empty main it"
    echo "   never runs (no exit check either); not counted in ls/bestLS."
    echo
    echo "== Leak check  (one __lsan_do_recoverable_leak_check() call, timed in-process;"
    echo "   LSAN_OPTIONS=$CHECK_OPTS unless noted; report to a log file)"
    printf '%-36s %9s %9s %9s %9s %9s\n' "check time, ms" gcc-lsan gcc-lsan-p clang-lsan \
        leaksan "ls/bestLS"
    check_row "$CHUNKS_SMALL chunks 32-64 B, 1% leaked" check-chunks-small check_ms
    check_row "$CHUNKS_BIG chunks 32-64 B, 1% leaked" check-chunks-big check_ms
    check_row "4 x $BIG_MIB MiB, no pointers" check-flat check_ms
    check_row "4 x $BIG_MIB MiB, every word a pointer" check-pointy check_ms
    check_row "1000 idle threads, tiny heap" check-threads-1000 check_ms
    check_row "tiny heap, 1 leak" check-tiny check_ms
    check_row "tiny heap, 1 leak, symbolize=1" check-tiny-sym check_ms
    echo
    printf '%-36s %9s %9s %9s %9s %9s\n' "peak RSS of the process, MiB" gcc-lsan gcc-lsan-p \
        clang-lsan leaksan "ls/bestLS"
    check_row "$CHUNKS_SMALL chunks 32-64 B, 1% leaked" check-chunks-small maxrss_kb 1024
    check_row "$CHUNKS_BIG chunks 32-64 B, 1% leaked" check-chunks-big maxrss_kb 1024
    check_row "4 x $BIG_MIB MiB, no pointers" check-flat maxrss_kb 1024
    check_row "4 x $BIG_MIB MiB, every word a pointer" check-pointy maxrss_kb 1024
    check_row "1000 idle threads, tiny heap" check-threads-1000 maxrss_kb 1024
    echo
    echo "== Stop-the-world cost  (leak check with N idle threads, tiny heap; ms)"
    printf '%-22s %9s %9s %9s %9s %9s %9s %9s\n' "idle threads" gcc-lsan clang-lsan leaksan \
        ls-ptrace ls-signal "ptr/bestLS" "sig/bestLS"
    for n in 10 100 1000; do
        stw_row "$n" check-threads-$n
    done
    echo
    echo "ratios: leaksan / glibc, leaksan / best (smallest) LSan; below 1.00x = leaksan better."
    echo "gcc-lsan-p = gcc-lsan-preload (plain binary, LD_PRELOAD=liblsan.so.0). '-' = not run,"
    echo "n/a, or no ratio because a cell is not clean. A run fails when it crashes, exits"
    echo "non-zero, or its leak report does not count the leaks the program made: FAIL = every"
    echo "run failed; '!' = some did, the median is of the others. Logs: $LOGS"
    if [[ -s $DATA/problems ]]; then
        echo
        echo "== Failed runs (first failure of each cell)"
        local key who nbad
        while read -r key who; do
            nbad=$(grep -c ' bad=1' "$DATA/$key/$who")
            echo "$key, $who: $nbad of $(wc -l <"$DATA/$key/$who") runs failed;" \
                "$(cat "$DATA/$key/$who.first")"
        done <"$DATA/problems"
    fi
    echo
    echo "total run time: $((SECONDS - START)) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [[ -z ${ONLY:-} ]]; then
    print_tables | tee "$RESULTS/latest.txt"
else
    print_tables
fi
