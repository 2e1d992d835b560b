#!/usr/bin/env bash
# bench/profile.sh: perf-record one benchmark run of the last bench/run.sh and
# print the hottest symbols. Usage: bench/profile.sh KEY [CONTENDER] [LINES]
# KEY and CONTENDER as in build/bench/logs/KEY.CONTENDER.1.cmd (default: leaksan).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BUILD:-$ROOT/build}/bench
key=${1:?usage: bench/profile.sh KEY [CONTENDER] [LINES]}
who=${2:-leaksan}
lines=${3:-40}
cmd=$OUT/logs/$key.$who.1.cmd
[[ -f $cmd ]] || { echo "profile: no $cmd; run bench/run.sh first" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile: perf not found (apt-get install linux-perf)" >&2; exit 1; }

mkdir -p "$OUT/perf"
data=$OUT/perf/$key.$who.data
echo "# $(cat "$cmd")"
# shellcheck disable=SC2046  # the command line is split on purpose
perf record -q -g -o "$data" -- $(cat "$cmd") >/dev/null 2>"$OUT/perf/$key.$who.err"
perf report -i "$data" --stdio --no-children -g none --fields overhead,dso,sym \
    --percent-limit 0.5 2>/dev/null | grep -v -e '^$' -e '^#' | head -n "$lines"
