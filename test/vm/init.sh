#!/bin/busybox sh
# /init of the leaksan test guest (test/vm/vm.py builds the initramfs around
# it): loads the virtio, 9p and network modules, mounts the host's / read-only
# at /host, the source tree read-only and the build directory writable at
# their own paths, and runs the
# agent (test/vm/agent.py) in `chroot /host`. Powers off when the agent ends.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
. /etc/vm.conf  # SRC BUILD AGENT TOKEN_FILE PORT
say() { echo "leaksan-vm-init: $*" >/dev/ttyS0; }
for m in $(cat /etc/modules.order); do
    insmod /lib/modules/"$m".ko* || say "insmod $m failed"
done
mkdir -p /host
if ! mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /host; then
    say "cannot mount the host's / over 9p"
    poweroff -f
fi
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm 2>/dev/null
mount -t devpts devpts /host/dev/pts
mount -t tmpfs shm /host/dev/shm
mount -t tmpfs tmp /host/tmp
mount -t tmpfs run /host/run
# The source tree (read-only, uncached: an edit on the host is seen at
# once) and the build tree (writable), at the same paths as on the host,
# after the guest's own /tmp and /run: a clone in /tmp stays visible.
mkdir -p /host"$SRC" 2>/dev/null
if ! mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 src /host"$SRC"; then
    say "cannot mount the source directory $SRC over 9p"
    poweroff -f
fi
mkdir -p /host"$BUILD" 2>/dev/null
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 build /host"$BUILD"; then
    say "cannot mount the build directory $BUILD over 9p"
    poweroff -f
fi
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
say "ready: $(uname -r), agent on port $PORT"
chroot /host /usr/bin/python3 "$AGENT" --port "$PORT" --token-file "$TOKEN_FILE" \
    >/dev/ttyS0 2>&1 </dev/null
say "agent exited with status $?"
sync
poweroff -f
