# The frames test/vm/agent.py (in the guest) and test/vm/vmrun.py (on the
# host) exchange over one TCP connection: a kind byte (R request, I stdin,
# O stdout, E stderr, X exit), a 4-byte big-endian length, the payload.
import struct


def send(sock, kind, payload, lock):
    """One frame; lock keeps the frames of several threads whole."""
    with lock:
        sock.sendall(kind + struct.pack(">I", len(payload)) + payload)


def recv_exact(sock, n):
    """n bytes, or None if the connection closed first."""
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def recv_frame(sock):
    """(kind, payload), or (None, None) if the connection closed."""
    head = recv_exact(sock, 5)
    if head is None:
        return None, None
    (length,) = struct.unpack(">I", head[1:])
    payload = recv_exact(sock, length) if length else b""
    if payload is None:
        return None, None
    return head[:1], payload
