"""Networking, cluster membership and request dispatch of the test server.

Design: one accepting thread per node and one thread per client connection,
using blocking sockets. The Aerospike client keeps a pool of connections and
sends one request at a time on each, so a blocking thread per connection gives
the lowest per-request latency in CPython (no event-loop bookkeeping per
message) and lets scans stream their pages with plain ``sendall``. All
commands run under a single store lock, which keeps semantics simple and
deterministic; the GIL would serialise the work anyway.
"""

from __future__ import annotations

import base64
import logging
import socket
import struct
import threading
import zlib
from typing import Callable, Sequence

from . import _proto as P
from ._info import handle_info
from ._record import encode_result, execute
from ._storage import Store

log = logging.getLogger("aerospike_py.testing")

MAX_FRAME = 128 * 1024 * 1024
_U64 = struct.Struct(">Q")

Send = Callable[[bytes], None]


class Cluster:
    """Membership and partition ownership shared by the nodes of one server."""

    def __init__(self, namespaces: Sequence[str], cluster_name: str | None,
                 security_users: dict[str, str] | None) -> None:
        self.store: Store = Store(list(namespaces))
        self.cluster_name = cluster_name
        self.security_users = dict(security_users) if security_users is not None else None
        self.nodes: list[Node] = []
        self.lock = threading.Lock()
        self.peers_gen: int = 1
        self.partition_gen: int = 1
        self.rebalance_gen: int = 1
        self.cluster_key: str = "A1B2C3D4E5F6"
        self._owner_cache: tuple[int, list[Node], list[str]] | None = None
        from ._admin import Security
        self.security = Security(security_users) if security_users is not None else None

    def live_nodes(self) -> list["Node"]:
        return [n for n in self.nodes if n.running]

    def membership_changed(self) -> None:
        """Bump generations so clients re-read peers and partition maps."""
        with self.lock:
            self.peers_gen += 1
            self.partition_gen += 1
            self.rebalance_gen += 1
            self.cluster_key = format((int(self.cluster_key, 16) * 31 + 7) % (1 << 48), "012X")
            self._owner_cache = None

    def owner(self, pid: int) -> "Node | None":
        live = self.live_nodes()
        return live[pid % len(live)] if live else None

    def owns(self, node: "Node", pid: int) -> bool:
        live = self.live_nodes()
        return bool(live) and live[pid % len(live)] is node

    def replicas(self, node: "Node") -> str:
        """The ``replicas`` info value: per-namespace ownership bitmaps."""
        live = self.live_nodes()
        if node not in live:
            return ""
        n = len(live)
        idx = live.index(node)
        rf = min(2, n)
        maps = []
        for r in range(rf):
            bits = bytearray(P.N_PARTITIONS // 8)
            for pid in range(P.N_PARTITIONS):
                if (pid + r) % n == idx:
                    bits[pid >> 3] |= 0x80 >> (pid & 7)
            maps.append(base64.b64encode(bytes(bits)).decode())
        joined = ",".join(maps)
        return ";".join(f"{ns}:0,{rf},{joined}" for ns in self.store.namespaces)

    def peers(self, node: "Node") -> str:
        others = [n for n in self.live_nodes() if n is not node]
        items = ",".join(f"[{n.name},,[{n.address}]]" for n in others)
        return f"{self.peers_gen},{node.port},[{items}]"


class Node:
    """One server node: a listening socket and its connection threads."""

    def __init__(self, cluster: Cluster, index: int, host: str, port: int) -> None:
        self.cluster: Cluster = cluster
        self.index = index
        self.host = host
        self.port = port
        self.name: str = f"BB9{index + 1:02X}{0xA0000000 + index:08X}1"[:15].upper()
        self.running = False
        self._listener: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self.authed: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        """host:port as peers/services lists spell it (IPv6 in brackets)."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    # -- lifecycle -----------------------------------------------------
    def start(self) -> None:
        """Listen (again) on this node's port and join the cluster."""
        if self.running:
            return
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET,
                             socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        self._listener = sock
        self.running = True
        self._thread = threading.Thread(target=self._accept_loop, name=f"as-node-{self.port}",
                                        daemon=True)
        self._thread.start()
        self.cluster.membership_changed()

    def stop(self) -> None:
        """Leave the cluster: close the listener and every open connection."""
        if not self.running:
            return
        self.running = False
        self.cluster.membership_changed()
        lst = self._listener
        self._listener = None
        if lst is not None:
            try:
                lst.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            lst.close()
        with self._conns_lock:
            conns = list(self._conns)
            self._conns.clear()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _accept_loop(self) -> None:
        lst = self._listener
        while self.running and lst is not None:
            try:
                conn, _addr = lst.accept()
            except OSError:
                break
            if not self.running:
                conn.close()
                break
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._conns_lock:
                self._conns.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True,
                             name=f"as-conn-{self.port}").start()

    # -- connection ----------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        try:
            while True:
                hdr = _recv_exact(conn, 8)
                if hdr is None:
                    return
                word = _U64.unpack(hdr)[0]
                version, ptype, size = word >> 56, (word >> 48) & 0xFF, word & 0xFFFFFFFFFFFF
                if version != P.PROTO_VERSION and not (ptype == P.TYPE_ADMIN and version == 0):
                    raise P.ProtocolError(f"bad protocol version {version}")
                if size > MAX_FRAME:
                    raise P.ProtocolError(f"frame too large ({size} bytes)")
                body = _recv_exact(conn, size) if size else b""
                if body is None:
                    return
                self._dispatch(conn, ptype, body, hdr)
        except P.ProtocolError as exc:
            log.error("node %s: closing connection: %s", self.port, exc)
        except (ConnectionError, OSError):
            pass
        except Exception:  # noqa: BLE001 - one bad request must not kill the node
            log.exception("node %s: unexpected error, closing connection", self.port)
        finally:
            with self._conns_lock:
                self._conns.discard(conn)
            self.authed.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def _dispatch(self, conn: socket.socket, ptype: int, body: bytes, hdr: bytes) -> None:
        if ptype == P.TYPE_COMPRESSED:
            if len(body) < 8:
                raise P.ProtocolError("truncated compressed frame")
            try:
                inner = zlib.decompress(body[8:])
            except zlib.error as exc:
                raise P.ProtocolError("bad compressed payload") from exc
            if len(inner) < 8:
                raise P.ProtocolError("truncated compressed frame")
            word = _U64.unpack_from(inner)[0]
            ptype, size = (word >> 48) & 0xFF, word & 0xFFFFFFFFFFFF
            if size != len(inner) - 8 or ptype == P.TYPE_COMPRESSED:
                raise P.ProtocolError("bad inner frame")
            return self._dispatch(conn, ptype, inner[8:], inner[:8])
        if ptype == P.TYPE_INFO:
            text = body.decode("utf-8", "replace")
            out = handle_info(self, text).encode()
            conn.sendall(P.proto_header(P.TYPE_INFO, len(out)) + out)
            return
        if ptype == P.TYPE_ADMIN:
            from ._admin import handle_admin
            conn.sendall(handle_admin(self, conn, body))
            return
        if ptype != P.TYPE_MSG:
            raise P.ProtocolError(f"unknown message type {ptype}")
        msg, end = P.parse_message(body)
        if end != len(body):
            raise P.ProtocolError("trailing bytes after message")
        send: Send = conn.sendall
        if msg.info1 & P.INFO1_COMPRESS_RESPONSE:
            send = _compressing(conn.sendall)
        if self.cluster.security is not None and conn not in self.authed:
            send(P.build_message(80, info3=P.INFO3_LAST))
            return
        if msg.info1 & P.INFO1_BATCH or P.FIELD_BATCH_INDEX in msg.fields:
            from ._batch import handle_batch
            handle_batch(self, msg, send)
            return
        if P.FIELD_DIGEST not in msg.fields:
            from ._query import handle_query
            handle_query(self, msg, send)
            return
        if P.FIELD_UDF_FUNCTION in msg.fields or P.FIELD_UDF_OP in msg.fields:
            from ._udf import udf_record_result
            send(udf_record_result(self, msg))
            return
        send(encode_result(execute(self.cluster.store, msg)))


def _compressing(raw_send: Send) -> Send:
    """Wrap a sender so each proto frame goes out zlib-compressed (type 4)."""
    def send(data: bytes) -> None:
        comp = zlib.compress(data)
        payload = _U64.pack(len(data)) + comp
        raw_send(P.proto_header(P.TYPE_COMPRESSED, len(payload)) + payload)
    return send


def _recv_exact(conn: socket.socket, n: int) -> bytes | None:
    """Read exactly n bytes; None on a clean close before the first byte."""
    data = conn.recv(n, socket.MSG_WAITALL)
    if len(data) == n:
        return data
    if not data:
        return None
    chunks = [data]
    got = len(data)
    while got < n:
        more = conn.recv(n - got, socket.MSG_WAITALL)
        if not more:
            raise ConnectionError("connection closed mid-frame")
        chunks.append(more)
        got += len(more)
    return b"".join(chunks)
