"""The per-record pending limit (KEY_BUSY, 14) of the embedded server, over raw sockets.

Each test runs its own server, holds requests back while it sends them, and
lets them in at once: what arrives together waits together, so the counts are
exact.  Requests are hand-built messages, so any 20 bytes make a digest.
"""

from __future__ import annotations

import os
import socket
import struct
from typing import Iterator

import pytest

from aerospike_py.testing import TestServer
from aerospike_py.testing import _proto as P

NS = "test"


def write_request(digest: bytes, ns: str = NS) -> bytes:
    """Increment bin ``n`` by one."""
    fields = [P.pack_field(P.FIELD_NAMESPACE, ns.encode()), P.pack_field(P.FIELD_DIGEST, digest)]
    ops = [P.pack_op(P.OP_INCR, P.PT_INTEGER, "n", struct.pack(">q", 1))]
    return P.build_message(0, fields=fields, ops=ops, info2=P.INFO2_WRITE)


def read_request(digest: bytes) -> bytes:
    fields = [P.pack_field(P.FIELD_NAMESPACE, NS.encode()), P.pack_field(P.FIELD_DIGEST, digest)]
    return P.build_message(0, fields=fields, info1=P.INFO1_READ | P.INFO1_GET_ALL)


def recv_exact(sock: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        assert chunk, "server closed the connection"
        out += chunk
    return out


def result_code(sock: socket.socket) -> int:
    """Read one framed response; its result code."""
    size = struct.unpack(">Q", recv_exact(sock, 8))[0] & 0xFFFFFFFFFFFF
    body = recv_exact(sock, size)
    return P.MSG_HEADER.unpack_from(body)[5]


def info(sock: socket.socket, command: str) -> str:
    data = (command + "\n").encode()
    sock.sendall(P.proto_header(P.TYPE_INFO, len(data)) + data)
    size = struct.unpack(">Q", recv_exact(sock, 8))[0] & 0xFFFFFFFFFFFF
    return recv_exact(sock, size).decode().split("\t", 1)[1].strip()


class Conns:
    """Connections to one node, each already accepted (it answered an info request)."""

    def __init__(self, srv: TestServer, count: int) -> None:
        self.srv = srv
        self.socks = [socket.create_connection(srv.hosts[0], timeout=10) for _ in range(count)]
        for s in self.socks:
            assert info(s, "status") == "ok"

    def together(self, requests: list[bytes]) -> list[int]:
        """Send request i on connection i while the server holds, then collect the codes."""
        with self.srv.hold():
            for s, req in zip(self.socks, requests):
                s.sendall(req)
        return [result_code(s) for s in self.socks[:len(requests)]]

    def close(self) -> None:
        for s in self.socks:
            s.close()


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer(transaction_pending_limit={"test": 3}) as srv:
        yield srv


@pytest.fixture
def conns(server: TestServer) -> Iterator[Conns]:
    c = Conns(server, 12)
    yield c
    c.close()


def test_writes_beyond_the_pending_limit_are_refused(conns: Conns) -> None:
    digest = os.urandom(20)
    codes = conns.together([write_request(digest)] * 10)
    # One runs, limit + 1 wait behind it (the server refuses once more than
    # the limit are waiting), the rest are refused.
    assert sorted(codes) == [0] * 5 + [P.ERR_KEY_BUSY] * 5
    assert conns.together([read_request(digest)]) == [0]


def test_refused_writes_are_not_applied(conns: Conns) -> None:
    digest = os.urandom(20)
    codes = conns.together([write_request(digest)] * 12)
    applied = codes.count(0)
    s = conns.socks[0]
    # The counter saw exactly the accepted increments: one more makes applied + 1.
    s.sendall(write_request(digest))
    assert result_code(s) == 0
    fields = [P.pack_field(P.FIELD_NAMESPACE, NS.encode()), P.pack_field(P.FIELD_DIGEST, digest)]
    ops = [P.pack_op(P.OP_INCR, P.PT_INTEGER, "n", struct.pack(">q", 0)),
           P.pack_op(P.OP_READ, P.PT_NULL, "n", b"")]
    s.sendall(P.build_message(0, fields=fields, ops=ops, info1=P.INFO1_READ, info2=P.INFO2_WRITE))
    size = struct.unpack(">Q", recv_exact(s, 8))[0] & 0xFFFFFFFFFFFF
    body = recv_exact(s, size)
    assert body[-8:] == struct.pack(">q", applied + 1)


def test_reads_and_other_records_do_not_count(conns: Conns) -> None:
    hot, other = os.urandom(20), os.urandom(20)
    assert conns.together([write_request(hot)]) == [0]  # reads in the pass may come first
    requests = [write_request(hot)] * 5 + [read_request(hot)] * 4 + [write_request(other)] * 3
    assert conns.together(requests) == [0] * 12


def test_the_limit_is_per_namespace_and_set_by_set_config(server: TestServer, conns: Conns) -> None:
    s = conns.socks[0]
    assert "transaction-pending-limit=3" in info(s, f"namespace/{NS}")
    assert "transaction-pending-limit=20" in info(s, "namespace/bar")
    # "bar" keeps the default of 20: ten writes at once all run.
    digest = os.urandom(20)
    assert conns.together([write_request(digest, "bar")] * 10) == [0] * 10
    assert info(s, f"set-config:context=namespace;namespace={NS};transaction-pending-limit=0") == "ok"
    assert conns.together([write_request(digest)] * 12) == [0] * 12  # 0: no limit
    assert info(s, f"set-config:context=namespace;id={NS};transaction-pending-limit=1") == "ok"
    assert sorted(conns.together([write_request(digest)] * 4)) == [0, 0, 0, P.ERR_KEY_BUSY]
    assert info(s, f"set-config:context=namespace;namespace={NS};transaction-pending-limit=x").startswith("ERROR")
    assert info(s, "set-config:context=namespace;namespace=nope;transaction-pending-limit=1").startswith("ERROR")


@pytest.mark.parametrize("limit", [-1, "20", True])
def test_bad_limits_are_refused(limit: object) -> None:
    with pytest.raises(ValueError, match="transaction_pending_limit"):
        TestServer(transaction_pending_limit=limit)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown namespace"):
        TestServer(transaction_pending_limit={"nope": 1})
