# The agent of the leaksan test guest: runs in `chroot /host` inside the VM
# (test/vm/init.sh starts it) and executes the commands test/vm/vmrun.py sends
# from the host, one TCP connection per command, any number at a time.
# Every command gets a deadline: past it its whole process group is killed.
# It must never run a command for a connection that lacks the build's token.
#
# Protocol (both directions): frames of 1 type byte, 4-byte big-endian length,
# payload. The client first sends a JSON line (one frame 'R'):
#   {"token", "argv", "env", "cwd", "timeout", "caps": "full"|"noptrace"}
# or {"token", "op": "info"|"poweroff"}; then 'I' frames of stdin (an empty
# one is end of file). The agent sends 'O' (stdout), 'E' (stderr) and one
# last 'X' frame: JSON {"returncode": n (negative: killed by signal -n),
# "timeout": bool, "error": str}.

import argparse
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time

from wire import recv_frame, send

TOKEN = b""
# setpriv prefix for "caps": "noptrace": root without CAP_SYS_PTRACE, so
# Yama's ptrace_scope 1 and 2 restrict the program as they restrict a user.
NOPTRACE = ["setpriv", "--inh-caps=-sys_ptrace", "--bounding-set=-sys_ptrace", "--"]


def info():
    def read(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            return ""
    flags = []
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("flags"):
            flags = line.split(":", 1)[1].split()
            break
    return {
        "release": os.uname().release,
        "ptrace_scope": read("/proc/sys/kernel/yama/ptrace_scope"),
        "kmod": os.path.exists("/dev/leaksan-stw"),
        "cpu_flags": flags,
    }


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        lock = threading.Lock()
        kind, payload = recv_frame(sock)
        if kind != b"R":
            return
        try:
            req = json.loads(payload)
        except ValueError:
            return
        if req.get("token", "").encode() != TOKEN:
            send(sock, b"X", json.dumps({"error": "bad token"}).encode(), lock)
            return
        op = req.get("op")
        if op == "info":
            send(sock, b"X", json.dumps({"returncode": 0, "info": info()}).encode(), lock)
            return
        if op == "poweroff":
            send(sock, b"X", json.dumps({"returncode": 0}).encode(), lock)
            self.server.stop = True
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return
        self.run(sock, lock, req)

    def run(self, sock, lock, req):
        argv = list(req["argv"])
        if req.get("caps") == "noptrace":
            argv = NOPTRACE + argv
        deadline = time.monotonic() + float(req.get("timeout", 300))
        env = req.get("env") or {}
        # lit's per-run TMPDIR is a host directory; the guest's /tmp is its own
        for var in ("TMPDIR", "TMP", "TEMP"):
            if env.get(var, "").startswith("/tmp/"):
                os.makedirs(env[var], exist_ok=True)
        try:
            proc = subprocess.Popen(argv, env=env or None, cwd=req.get("cwd"),
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True,
                                    restore_signals=True)
        except OSError as e:
            # as bash: 127 not found, 126 not executable
            code = 127 if isinstance(e, FileNotFoundError) else 126
            send(sock, b"E", ("leaksan-vm: %s: %s\n" % (argv[0], e.strerror)).encode(), lock)
            send(sock, b"X", json.dumps({"returncode": code}).encode(), lock)
            return

        def pump(src, kind):
            while True:
                data = os.read(src.fileno(), 65536)
                if not data:
                    break
                try:
                    send(sock, kind, data, lock)
                except OSError:
                    break

        def feed():
            try:
                while True:
                    kind, data = recv_frame(sock)
                    if kind is None:  # client gone: kill the command
                        os.killpg(proc.pid, signal.SIGKILL)
                        return
                    if kind == b"I":
                        if not data:
                            break
                        proc.stdin.write(data)
                        proc.stdin.flush()
            except (OSError, ValueError):
                pass
            try:
                proc.stdin.close()
            except OSError:
                pass

        pumps = [threading.Thread(target=pump, args=(proc.stdout, b"O"), daemon=True),
                 threading.Thread(target=pump, args=(proc.stderr, b"E"), daemon=True)]
        for t in pumps:
            t.start()
        threading.Thread(target=feed, daemon=True).start()
        timed_out = False
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
        # Output still held open by children the command left behind: read
        # what comes until the deadline (lit waits for it too), then kill them.
        for t in pumps:
            t.join(max(0.0, deadline - time.monotonic()) if not timed_out else 2)
        if any(t.is_alive() for t in pumps):
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            for t in pumps:
                t.join(2)
        send(sock, b"X", json.dumps({"returncode": proc.returncode,
                                     "timeout": timed_out}).encode(), lock)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    stop = False


def main():
    global TOKEN
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token-file", required=True)
    args = ap.parse_args()
    with open(args.token_file, "rb") as f:
        TOKEN = f.read().strip()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    with Server(("0.0.0.0", args.port), Handler) as srv:
        print("leaksan-vm-agent: listening on port %d" % args.port, flush=True)
        srv.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
