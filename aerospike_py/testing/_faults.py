"""Fault injection: a TCP proxy in front of one node that misbehaves on demand.

Clients seed the proxy's port instead of the node's.  The proxy forwards
whole Aerospike frames (8-byte proto header and body) in both directions, so
a fault hits a chosen response exactly: the node stops answering
(``frozen``), answers late (``delay``), drops the connection half-way
through a response (``reset``) or sends bytes that are not a valid frame
(``corrupt``).  Frames of the info protocol (the client's tending) pass
untouched by one-shot faults, so only commands see them; ``frozen`` stops
everything, as a hung node does.  Counters let tests check what reached the
node (e.g. how many times a command was retried) and whether the client
dropped a connection after a fault.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from typing import Iterator

_U64 = struct.Struct(">Q")
TYPE_INFO = 1
ONE_SHOT = ("reset", "corrupt")


def _read_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _frames(sock: socket.socket) -> Iterator[tuple[int, bytes]]:
    """(proto type, whole frame) for each frame the socket delivers, until it closes."""
    while True:
        header = _read_exact(sock, 8)
        if header is None:
            return
        word = _U64.unpack(header)[0]
        body = _read_exact(sock, word & 0xFFFFFFFFFFFF)
        if body is None:
            return
        yield (word >> 48) & 0xFF, header + body


def _abort(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a crashed peer or a middlebox does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # Wake the thread reading this socket so the close below is the last reference.
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class _Pair:
    """One client connection through the proxy and its upstream connection."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client = client
        self.upstream = upstream
        self.faulted = False  # a fault hit this connection
        self.in_flight: list[int] = []  # sequence numbers of requests awaiting their response
        self.client_closed = threading.Event()


class FaultProxy:
    """A proxy in front of ``target`` (host, port) with switchable faults."""

    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1") -> None:
        self.target = target
        self.frozen = threading.Event()
        self.delay = 0.0  # seconds added before each command response
        # One-shot faults: (fault, sequence number of the last request sent before it was asked).
        self._pending: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self.requests = 0  # command (non-info) frames received from clients
        self.connections = 0  # client connections accepted
        self.pairs: list[_Pair] = []
        self._closed = False
        self._listener = socket.create_server((host, 0))
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True, name=f"fault-proxy-{self.port}").start()

    # -- control -------------------------------------------------------
    def inject(self, fault: str, count: int = 1) -> None:
        """Apply ``fault`` ("reset" or "corrupt") to the next ``count`` command responses."""
        if fault not in ONE_SHOT:
            raise ValueError(f"fault must be one of {ONE_SHOT}, got {fault!r}")
        with self._lock:
            self._pending += [(fault, self.requests)] * count

    def clear_faults(self) -> None:
        """Forget one-shot faults not yet applied."""
        with self._lock:
            self._pending.clear()

    @property
    def pending(self) -> int:
        """One-shot faults not yet applied."""
        with self._lock:
            return len(self._pending)

    def faulted_connections_closed_by_client(self, timeout: float = 2.0) -> bool:
        """Whether the client closed every connection a fault hit (it must not reuse them)."""
        deadline = time.monotonic() + timeout
        for pair in [p for p in self.pairs if p.faulted]:
            if not pair.client_closed.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    def refuse(self) -> None:
        """Stop listening: new connections are refused (a node whose process is gone)."""
        self._stop_listening()

    def _stop_listening(self) -> None:
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        except OSError:
            pass
        self._listener.close()

    def listen(self) -> None:
        """Listen again on the same port after ``refuse``."""
        self._listener = socket.create_server((self.host, self.port))
        threading.Thread(target=self._accept, daemon=True, name=f"fault-proxy-{self.port}").start()

    def drop_connections(self) -> None:
        """Close every client connection (a node restart or a middlebox dropping idle sockets)."""
        for pair in list(self.pairs):
            for s in (pair.client, pair.upstream):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    @property
    def config(self) -> dict[str, object]:
        """A client configuration that seeds this proxy."""
        return {"hosts": [(self.host, self.port)]}

    def close(self) -> None:
        self._closed = True
        self.frozen.clear()
        self._stop_listening()
        for pair in self.pairs:
            for s in (pair.client, pair.upstream):
                try:
                    s.close()
                except OSError:
                    pass

    def __enter__(self) -> "FaultProxy":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- forwarding ----------------------------------------------------
    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
                upstream.settimeout(None)
            except OSError:
                _abort(client)
                continue
            pair = _Pair(client, upstream)
            self.connections += 1
            self.pairs.append(pair)
            threading.Thread(target=self._to_node, args=(pair,), daemon=True).start()
            threading.Thread(target=self._to_client, args=(pair,), daemon=True).start()

    def _hold(self) -> None:
        while self.frozen.is_set() and not self._closed:
            time.sleep(0.01)

    def _to_node(self, pair: _Pair) -> None:
        try:
            for ptype, frame in _frames(pair.client):
                if ptype != TYPE_INFO:
                    with self._lock:
                        self.requests += 1
                        pair.in_flight.append(self.requests)
                self._hold()
                pair.upstream.sendall(frame)
        except OSError:
            pass
        pair.client_closed.set()
        for s in (pair.upstream,):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _to_client(self, pair: _Pair) -> None:
        try:
            for ptype, frame in _frames(pair.upstream):
                self._hold()
                fault = None
                if ptype != TYPE_INFO:
                    if self.delay:
                        time.sleep(self.delay)
                    with self._lock:
                        seq = pair.in_flight.pop(0) if pair.in_flight else 0
                        # A response to a request sent before the fault was asked for (e.g. one
                        # released by unfreezing, whose client gave up) does not take it.
                        if self._pending and seq > self._pending[0][1]:
                            fault = self._pending.pop(0)[0]
                if fault == "reset":
                    pair.faulted = True
                    pair.client.sendall(frame[:max(1, len(frame) // 2)])
                    _abort(pair.client)
                    pair.upstream.close()
                    return
                if fault == "corrupt":
                    pair.faulted = True
                    # Version 9 is no protocol version the client knows: it cannot resync.
                    pair.client.sendall(_U64.pack((9 << 56) | (3 << 48) | 16) + b"\xff" * 16)
                    continue
                pair.client.sendall(frame)
        except OSError:
            pass
        try:
            pair.client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
