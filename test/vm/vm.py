#!/usr/bin/env python3
# Boots and stops the leaksan test guest: Debian's stock kernel (the newest
# /boot/vmlinuz-VERSION with its modules) in qemu-system-x86_64 with TCG, a
# busybox initramfs (test/vm/init.sh as /init), the host's / read-only over
# 9p, the source tree read-only and the build directory writable at their
# own paths. The guest runs
# test/vm/agent.py; test/vm/vmrun.py runs commands in it. Never hard-codes a
# kernel version; every wait has a deadline.
#
#   vm.py boot --build BUILD --dir DIR [--timeout S]   prints DIR/state.json
#   vm.py stop --dir DIR
#   vm.py kernel                                       prints VERSION IMAGE

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# the source tree: shared with the guest at its own path (it may lie under
# /tmp, which the guest has its own of)
SRC = os.path.dirname(os.path.dirname(HERE))
AGENT_PORT = 7000
# Modules the initramfs loads, in this order (virtio transport, 9p, network).
MODULES = ["virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev",
           "virtio_pci", "9pnet", "9pnet_virtio", "netfs", "fscache", "9p",
           "failover", "net_failover", "virtio_net"]


def version_key(v):
    return [int(x) if x.isdigit() else x for x in v.replace("-", ".").split(".")]


def find_kernel():
    """(version, image) of the newest kernel with an image and its modules."""
    found = []
    for image in glob.glob("/boot/vmlinuz-*"):
        ver = os.path.basename(image)[len("vmlinuz-"):]
        if os.path.isdir("/lib/modules/%s/kernel/fs/9p" % ver):
            found.append((version_key(ver), ver, image))
    if not found:
        return None, None
    found.sort()
    return found[-1][1], found[-1][2]


def find_module(ver, name):
    root = "/lib/modules/%s/kernel" % ver
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.split(".ko")[0] == name and ".ko" in f:
                return os.path.join(dirpath, f)
    return None


def build_initrd(ver, build, work, token_file):
    root = os.path.join(work, "initramfs")
    shutil.rmtree(root, ignore_errors=True)
    for d in ("bin", "etc", "lib/modules", "proc", "sys", "dev", "host", "tmp"):
        os.makedirs(os.path.join(root, d))
    busybox = shutil.which("busybox", path="/bin:/usr/bin:/sbin:/usr/sbin")
    if not busybox:
        raise SystemExit("vm.py: no busybox (install busybox-static)")
    shutil.copy(busybox, os.path.join(root, "bin/busybox"))
    order = []
    for m in MODULES:
        path = find_module(ver, m)
        if path is None:
            continue  # built into this kernel
        shutil.copy(path, os.path.join(root, "lib/modules", m + path[path.index(".ko"):]))
        order.append(m)
    with open(os.path.join(root, "etc/modules.order"), "w") as f:
        f.write("\n".join(order) + "\n")
    with open(os.path.join(root, "etc/vm.conf"), "w") as f:
        f.write("SRC=%s\nBUILD=%s\nAGENT=%s\nTOKEN_FILE=%s\nPORT=%d\n"
                % (SRC, build, os.path.join(HERE, "agent.py"), token_file, AGENT_PORT))
    shutil.copy(os.path.join(HERE, "init.sh"), os.path.join(root, "init"))
    os.chmod(os.path.join(root, "init"), 0o755)
    initrd = os.path.join(work, "initrd.gz")
    with open(initrd, "wb") as out:
        files = subprocess.run(["find", "."], cwd=root, check=True,
                               stdout=subprocess.PIPE).stdout
        cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        gz = subprocess.Popen(["gzip", "-1"], stdin=cpio.stdout, stdout=out)
        cpio.stdout.close()
        cpio.communicate(files)
        if cpio.returncode != 0 or gz.wait() != 0:
            raise SystemExit("vm.py: building %s failed" % initrd)
    return initrd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (our own child) is not alive
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def info(state_file, timeout=20):
    r = subprocess.run([sys.executable, os.path.join(HERE, "vmrun.py"), "--state", state_file,
                        "--timeout", str(timeout), "--op", "info"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 90)
    if r.returncode != 0:
        return None, r.stderr.decode(errors="replace")
    return json.loads(r.stdout), ""


def boot(build, work, timeout):
    ver, image = find_kernel()
    if ver is None:
        raise SystemExit("vm.py: no /boot/vmlinuz-VERSION with /lib/modules/VERSION "
                         "(install linux-image-amd64)")
    os.makedirs(work, exist_ok=True)
    stop(work, quiet=True)
    token_file = os.path.join(work, "token")
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, secrets.token_hex(16).encode())
    os.close(fd)
    with open(token_file) as f:
        token = f.read().strip()
    initrd = build_initrd(ver, build, work, token_file)
    console = os.path.join(work, "console.log")
    state_file = os.path.join(work, "state.json")
    started = time.monotonic()
    for attempt in range(3):  # the port may be taken between free_port() and qemu
        port = free_port()
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", "2048", "-smp", "2",
               "-cpu", "max", "-display", "none", "-monitor", "none", "-no-reboot",
               "-serial", "file:" + console,
               "-kernel", image, "-initrd", initrd,
               "-append", "console=ttyS0 quiet panic=-1",
               "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
               "-virtfs", "local,path=%s,mount_tag=src,security_model=none,readonly=on" % SRC,
               "-virtfs", "local,path=%s,mount_tag=build,security_model=none" % build,
               "-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:%d-:%d"
               % (port, AGENT_PORT),
               "-device", "virtio-net-pci,netdev=n0,romfile="]
        with open(os.path.join(work, "qemu.log"), "w") as log:
            qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    start_new_session=True)
        state = {"port": port, "token": token, "console": console, "pid": qemu.pid,
                 "kernel": ver, "image": image}
        with open(state_file, "w") as f:
            json.dump(state, f)
        deadline = time.monotonic() + timeout
        err = ""
        while time.monotonic() < deadline:
            if qemu.poll() is not None:
                break
            got, err = info(state_file, timeout=10)
            if got is not None:
                state["guest"] = got
                with open(state_file, "w") as f:
                    json.dump(state, f)
                print("vm.py: guest %s up in %.1f s (port %d)"
                      % (ver, time.monotonic() - started, port))
                return 0
            time.sleep(1)
        if qemu.poll() is None:
            kill(qemu.pid)
            raise SystemExit("vm.py: the guest did not answer within %d s (%s); console: %s"
                             % (timeout, err.strip(), console))
        with open(os.path.join(work, "qemu.log")) as f:
            qlog = f.read()
        if "hostfwd" not in qlog and "Could not set up host forwarding" not in qlog:
            raise SystemExit("vm.py: qemu exited with status %d: %s; console: %s"
                             % (qemu.returncode, qlog.strip(), console))
    raise SystemExit("vm.py: no free port for qemu's forwarding")


def kill(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def stop(work, quiet=False):
    state_file = os.path.join(work, "state.json")
    try:
        with open(state_file) as f:
            state = json.load(f)
    except (OSError, ValueError):
        return 0
    pid = state["pid"]
    if alive(pid):
        subprocess.run([sys.executable, os.path.join(HERE, "vmrun.py"), "--state", state_file,
                        "--timeout", "10", "--op", "poweroff"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=90)
        deadline = time.monotonic() + 30
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pid):
            if not quiet:
                print("vm.py: the guest did not power off within 30 s: killed")
            kill(pid)
    os.unlink(state_file)
    return 0


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    opts = dict(zip(argv[1::2], argv[2::2]))
    if argv[0] == "kernel":
        ver, image = find_kernel()
        if ver is None:
            return 1
        print(ver, image)
        return 0
    if argv[0] == "boot":
        return boot(os.path.abspath(opts["--build"]), os.path.abspath(opts["--dir"]),
                    float(opts.get("--timeout", 240)))
    if argv[0] == "stop":
        return stop(os.path.abspath(opts["--dir"]))
    raise SystemExit("vm.py: unknown command %s" % argv[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
