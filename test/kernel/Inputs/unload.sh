#!/bin/sh
# unload.test: the module cannot be unloaded while a program has the device
# open and stops through it; it unloads once the program is gone, and loads
# again. Usage: unload.sh HOLDER_PROGRAM MODULE_KO SCRATCH_FILE (as root).
holder=$1 ko=$2 out=$3
: >"$out" || exit 1
"$holder" >"$out" &
pid=$!
i=0
while ! grep -q open "$out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q open "$out" && echo "holder: open"
refused=0
for i in 1 2 3 4 5; do
    rmmod leaksan_stw 2>/dev/null || refused=$((refused + 1))
    sleep 0.1
done
echo "rmmod while open: refused $refused of 5"
kill -TERM $pid
wait $pid
echo "holder: exit $?"
# a stop's task works still queued hold the module too: let them drain
i=0
while ! rmmod leaksan_stw 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -e /dev/leaksan-stw ] && echo "after rmmod: device still there" || echo "after rmmod: no device"
insmod "$ko" && echo "insmod: ok"
i=0
while [ ! -e /dev/leaksan-stw ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -e /dev/leaksan-stw ] && echo "after insmod: device back"
rm -f "$out"
