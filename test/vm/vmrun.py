#!/usr/bin/env python3
# Host side of the leaksan test guest: runs one command in the guest booted by
# test/vm/vm.py (through its agent, test/vm/agent.py) with this process's argv,
# environment, working directory and stdin, copies its stdout and stderr here
# and ends as it ended: the same exit status, or killed by the same signal, so
# bash reports 128+N as for a local program. Every wait has a deadline; a guest
# that is gone or does not answer is an error (status 125) that names it.
#
#   vmrun.py --state STATE [--timeout S] [--caps full|noptrace] -- ARGV...
#   vmrun.py --state STATE --op info|poweroff

import json
import os
import resource
import signal
import socket
import sys
import threading

import wire

USAGE = "usage: vmrun.py --state FILE [--timeout S] [--caps full|noptrace] (-- ARGV... | --op OP)"


def fail(msg):
    sys.stderr.write("leaksan-vm: %s\n" % msg)
    sys.stderr.flush()
    os._exit(125)


def die_like(returncode):
    """End this process as the guest's command ended."""
    sys.stdout.flush()
    sys.stderr.flush()
    if returncode >= 0:
        os._exit(returncode)
    sig = -returncode
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
    except (OSError, ValueError):
        pass
    os._exit(128 + sig)  # a signal whose default action does not kill


def main(args):
    state_path = os.environ.get("LEAKSAN_VM_STATE")
    timeout = 300.0
    caps = "full"
    op = None
    argv = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            argv = args[i + 1:]
            break
        if a in ("--state", "--timeout", "--caps", "--op") and i + 1 < len(args):
            v = args[i + 1]
            if a == "--state":
                state_path = v
            elif a == "--timeout":
                timeout = float(v)
            elif a == "--caps":
                caps = v
            else:
                op = v
            i += 2
            continue
        fail(USAGE)
    if not state_path or (op is None and not argv):
        fail(USAGE)
    try:
        with open(state_path) as f:
            state = json.load(f)
    except (OSError, ValueError) as e:
        fail("no guest: cannot read %s (%s); boot one with test/vm/vm.py boot" % (state_path, e))
    where = "the guest at 127.0.0.1:%d (console: %s)" % (state["port"], state["console"])
    if op is not None:
        req = {"token": state["token"], "op": op}
    else:
        req = {"token": state["token"], "argv": argv, "env": dict(os.environ),
               "cwd": os.getcwd(), "timeout": timeout, "caps": caps}
    try:
        sock = socket.create_connection(("127.0.0.1", state["port"]), timeout=15)
    except OSError as e:
        fail("%s does not answer (%s): it died or never booted" % (where, e))
    # The agent ends the command at its deadline; it has 60 s more to say so.
    sock.settimeout(timeout + 60)
    lock = threading.Lock()

    def send(kind, payload):
        wire.send(sock, kind, payload, lock)

    try:
        send(b"R", json.dumps(req).encode())
    except OSError as e:
        fail("cannot send to %s: %s" % (where, e))

    def feed():
        try:
            while True:
                data = os.read(0, 65536)
                send(b"I", data)
                if not data:
                    return
        except OSError:
            try:
                send(b"I", b"")
            except OSError:
                pass

    if op is None:
        threading.Thread(target=feed, daemon=True).start()
    out = {b"O": sys.stdout.buffer, b"E": sys.stderr.buffer}
    while True:
        try:
            kind, payload = wire.recv_frame(sock)
        except socket.timeout:
            fail("%s did not finish %r within %.0f s" % (where, argv or op, timeout + 60))
        except OSError as e:
            fail("lost %s while running %r: %s" % (where, argv or op, e))
        if kind is None:
            fail("lost %s while running %r: connection closed (did the guest die?)"
                 % (where, argv or op))
        if kind in out:
            try:
                out[kind].write(payload)
                out[kind].flush()
            except BrokenPipeError:
                pass
            continue
        if kind != b"X":
            fail("%s sent an unknown frame %r" % (where, kind))
        res = json.loads(payload)
        if res.get("error"):
            fail("%s refused %r: %s" % (where, argv or op, res["error"]))
        if op == "info":
            print(json.dumps(res["info"]))
        if res.get("timeout"):
            sys.stderr.write("leaksan-vm: %r killed in the guest after %.0f s (deadline)\n"
                             % (argv, timeout))
        die_like(res["returncode"])


if __name__ == "__main__":
    main(sys.argv[1:])
