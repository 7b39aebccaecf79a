"""Networking, cluster membership and request dispatch of the test server.

Design: one I/O thread per node watches the listener and every idle client
connection with a selector, and answers single-record commands and info
requests itself, in arrival order.  With a thread per connection instead,
every request of a busy client meant a hand-over of the GIL between threads,
which cost more than the command itself.  Commands that can run long or
stream (batch, query/scan, UDF, admin) take their connection to a worker
thread, which answers with blocking sends (a scan may wait on a slow reader
without stopping the node) and then gives the connection back.  The
Aerospike client sends one request at a time on a connection, so a
connection is only ever served by one thread.  All commands run under a
single store lock, which keeps semantics simple and deterministic.

Each pass of the I/O thread reads every connection that has something to say
before answering any of it, so the requests of one pass are the ones waiting
on the node at the same time.  A real server queues the writes waiting on one
record behind the one in progress and refuses a write with KEY_BUSY (14) when
more than the namespace's ``transaction-pending-limit`` are already waiting;
the same rule is applied to the writes of one pass, per record digest.
"""

from __future__ import annotations

import base64
import collections
import logging
import selectors
import socket
import struct
import threading
import zlib
from typing import Callable, Sequence

from . import _proto as P
from ._info import handle_info
from ._record import Result, encode_result, execute
from ._storage import Store
from ._tls import ServerTLS

log = logging.getLogger("aerospike_py.testing")

MAX_FRAME = 128 * 1024 * 1024
_U64 = struct.Struct(">Q")

Send = Callable[[bytes], None]
Frame = tuple[int, bytes, bytes]  # proto type, body, 8-byte header


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
        # Cleared while a test holds requests back (TestServer.hold()).
        self.serving = threading.Event()
        self.holds = 0  # hold() calls so far: see Node._io_loop
        self.serving.set()
        from ._admin import Security
        self.security = Security(security_users) if security_users is not None else None
        self.tls: "ServerTLS | None" = None  # set by TestServer(tls=...): every node speaks TLS

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
        tls_name = self.tls.name if self.tls is not None else ""
        items = ",".join(f"[{n.name},{tls_name},[{n.address}]]" for n in others)
        return f"{self.peers_gen},{node.port},[{items}]"


class _Connection:
    """A client connection and the bytes of its next, incomplete frame."""

    __slots__ = ("sock", "buf")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()


class Node:
    """One server node: a listening socket, its I/O thread and its workers."""

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
        # Connections workers give back, and the socket pair that wakes the I/O thread for them.
        self._returned: collections.deque[_Connection] = collections.deque()
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None

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
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        self._listener = sock
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.running = True
        self._thread = threading.Thread(target=self._io_loop, args=(sock, self._wake_r),
                                        name=f"as-node-{self.port}", daemon=True)
        self._thread.start()
        self.cluster.membership_changed()

    def stop(self) -> None:
        """Leave the cluster: close the listener and every open connection."""
        if not self.running:
            return
        self.running = False
        self.cluster.membership_changed()
        self._wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None
        # The I/O thread closed what it watched; connections out with workers close here.
        with self._conns_lock:
            conns = list(self._conns)
            self._conns.clear()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()
        for w in (self._wake_r, self._wake_w):
            if w is not None:
                w.close()
        self._wake_r = self._wake_w = None

    def _wake(self) -> None:
        w = self._wake_w
        if w is not None:
            try:
                w.send(b"\0")
            except OSError:  # full (a wake-up is pending anyway) or closed
                pass

    # -- the I/O thread ------------------------------------------------
    def _io_loop(self, listener: socket.socket, wake: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(listener, selectors.EVENT_READ, None)
        sel.register(wake, selectors.EVENT_READ, wake)
        cluster = self.cluster
        serving = cluster.serving
        try:
            while self.running:
                holds = cluster.holds
                events = sel.select()
                if not serving.is_set() or cluster.holds != holds:
                    # Held, now or while select was gathering: leave requests in the socket
                    # buffers, then look again so that everything sent meanwhile is read in one pass.
                    while self.running and not serving.wait(0.05):
                        pass
                    continue
                pending: list[tuple[_Connection, list[Frame]]] = []
                for key, _ in events:
                    data = key.data
                    if data is None:
                        self._accept(listener, sel, pending)
                    elif data is wake:
                        self._take_back(wake, sel)
                    else:
                        self._readable(data, sel, pending)
                if pending:
                    self._serve(pending, sel)
        finally:
            for key in list(sel.get_map().values()):
                if isinstance(key.data, _Connection):
                    self._close(key.data)
            sel.close()
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()

    def _accept(self, listener: socket.socket, sel: selectors.BaseSelector,
                pending: list[tuple[_Connection, list[Frame]]]) -> None:
        # Every connection waiting in the backlog, and its first request when it
        # is already there: they arrived together, so they are served together.
        while True:
            try:
                conn, _addr = listener.accept()
            except OSError:  # BlockingIOError: no more waiting
                return
            conn.setblocking(True)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._conns_lock:
                self._conns.add(conn)
            if self.cluster.tls is not None:
                self.cluster.tls.start_handshake(self, conn, self._adopt)
                continue
            c = _Connection(conn)
            sel.register(conn, selectors.EVENT_READ, c)
            self._readable(c, sel, pending, socket.MSG_DONTWAIT)

    def _adopt(self, sock: socket.socket) -> None:
        """Serve a connection accepted elsewhere (e.g. after its TLS handshake)."""
        with self._conns_lock:
            self._conns.add(sock)
        self._returned.append(_Connection(sock))
        self._wake()

    def forget(self, sock: socket.socket) -> None:
        """Stop tracking a socket that was replaced or closed outside the I/O thread."""
        with self._conns_lock:
            self._conns.discard(sock)

    def _take_back(self, wake: socket.socket, sel: selectors.BaseSelector) -> None:
        try:
            while wake.recv(4096):
                pass
        except OSError:
            pass
        while self._returned:
            c = self._returned.popleft()
            if c.sock.fileno() >= 0 and self.running:
                sel.register(c.sock, selectors.EVENT_READ, c)

    def _readable(self, c: _Connection, sel: selectors.BaseSelector,
                  pending: list[tuple[_Connection, list[Frame]]], flags: int = 0) -> None:
        """Read what the connection sent and queue its complete frames for this pass."""
        try:
            data = c.sock.recv(1 << 18, flags)
            tls_pending = getattr(c.sock, "pending", None)  # TLS: decrypted bytes the selector cannot see
            while tls_pending is not None and data and tls_pending():
                data += c.sock.recv(tls_pending())
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            sel.unregister(c.sock)
            self._close(c)
            return
        c.buf += data
        frames: list[Frame] = []
        try:
            frame = self._next_frame(c)
            while frame is not None:
                frames.append(frame)
                frame = self._next_frame(c)
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the node
            sel.unregister(c.sock)
            self._closing(c, exc)
            return
        if frames:
            pending.append((c, frames))

    def _serve(self, pending: list[tuple[_Connection, list[Frame]]],
               sel: selectors.BaseSelector) -> None:
        """Answer the requests of one pass in arrival order."""
        busy = self._busy(pending) if len(pending) > 2 or len(pending[0][1]) > 2 else None
        for c, frames in pending:
            try:
                for i, frame in enumerate(frames):
                    refuse = busy is not None and id(frame) in busy
                    if not self._dispatch(c.sock, *frame, inline_only=True, busy=refuse):
                        # Long or streaming: a worker takes the connection (and its frames).
                        sel.unregister(c.sock)
                        threading.Thread(target=self._work, args=(c, frames[i:]), daemon=True,
                                         name=f"as-work-{self.port}").start()
                        break
            except Exception as exc:  # noqa: BLE001 - one bad request must not stop the node
                sel.unregister(c.sock)
                self._closing(c, exc)

    def _busy(self, pending: list[tuple[_Connection, list[Frame]]]) -> set[int]:
        """The frames (by id) of this pass refused with KEY_BUSY.

        Writes to one record wait behind the first; one arriving while more
        than the namespace's pending limit already wait is refused, as by the
        server's hot-key check.  Reads do not wait on a record's writes there
        (outside strong consistency), so they are not counted.
        """
        namespaces = self.cluster.store.namespaces
        waiting: dict[tuple[bytes, bytes], int] = {}
        refused: set[int] = set()
        for _c, frames in pending:
            for frame in frames:
                target = _write_target(*frame)
                if target is None:
                    continue
                ns = namespaces.get(target[0].decode("utf-8", "replace"))
                if ns is None or not ns.transaction_pending_limit:
                    continue
                queued = waiting.get(target)
                if queued is None:
                    waiting[target] = 0  # the first one runs; later ones wait behind it
                elif queued > ns.transaction_pending_limit:
                    refused.add(id(frame))
                else:
                    waiting[target] = queued + 1
        return refused

    # -- workers -------------------------------------------------------
    def _work(self, c: _Connection, frames: list[Frame]) -> None:
        """Serve one long command, and any complete frame after it, then give the connection back."""
        try:
            for frame in frames:
                self._dispatch(c.sock, *frame)
            nxt = self._next_frame(c)
            while nxt is not None:
                self._dispatch(c.sock, *nxt)
                nxt = self._next_frame(c)
        except Exception as exc:  # noqa: BLE001
            self._closing(c, exc)
            return
        self._returned.append(c)
        self._wake()

    # -- frames --------------------------------------------------------
    @staticmethod
    def _next_frame(c: _Connection) -> Frame | None:
        """The next complete frame in the connection's buffer, or None for more bytes."""
        buf = c.buf
        if len(buf) < 8:
            return None
        word = _U64.unpack_from(buf)[0]
        version, ptype, size = word >> 56, (word >> 48) & 0xFF, word & 0xFFFFFFFFFFFF
        if version != P.PROTO_VERSION and not (ptype == P.TYPE_ADMIN and version == 0):
            raise P.ProtocolError(f"bad protocol version {version}")
        if size > MAX_FRAME:
            raise P.ProtocolError(f"frame too large ({size} bytes)")
        if len(buf) < 8 + size:
            return None
        hdr = bytes(buf[:8])
        body = bytes(buf[8:8 + size])
        del buf[:8 + size]
        return ptype, body, hdr

    def _closing(self, c: _Connection, exc: Exception) -> None:
        if isinstance(exc, P.ProtocolError):
            log.error("node %s: closing connection: %s", self.port, exc)
        elif not isinstance(exc, (ConnectionError, OSError)):
            log.error("node %s: unexpected error, closing connection", self.port, exc_info=exc)
        self._close(c)

    def _close(self, c: _Connection) -> None:
        with self._conns_lock:
            self._conns.discard(c.sock)
        self.authed.discard(c.sock)
        try:
            c.sock.close()
        except OSError:
            pass

    def _dispatch(self, conn: socket.socket, ptype: int, body: bytes, hdr: bytes,
                  inline_only: bool = False, busy: bool = False) -> bool:
        """Answer one frame; with ``inline_only``, False (and nothing done) for a long command.

        ``busy``: the record has too many writes waiting; answer KEY_BUSY.
        """
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
            return self._dispatch(conn, ptype, inner[8:], inner[:8], inline_only, busy)
        if ptype == P.TYPE_INFO:
            text = body.decode("utf-8", "replace")
            out = handle_info(self, text).encode()
            conn.sendall(P.proto_header(P.TYPE_INFO, len(out)) + out)
            return True
        if ptype == P.TYPE_ADMIN:
            if inline_only:  # password hashing is slow
                return False
            from ._admin import handle_admin
            conn.sendall(handle_admin(self, conn, body))
            return True
        if ptype != P.TYPE_MSG:
            raise P.ProtocolError(f"unknown message type {ptype}")
        msg, end = P.parse_message(body)
        if end != len(body):
            raise P.ProtocolError("trailing bytes after message")
        send: Send = conn.sendall
        if msg.info1 & P.INFO1_COMPRESS_RESPONSE:
            send = _compressing(conn.sendall)
        if self.cluster.security is not None:
            from ._admin import data_access
            denied = data_access(self, conn, msg) if conn in self.authed else 80
            if denied:
                send(P.build_message(denied, info3=P.INFO3_LAST))
                return True
        if busy:
            send(encode_result(Result(P.ERR_KEY_BUSY)))
            return True
        if msg.info1 & P.INFO1_BATCH or P.FIELD_BATCH_INDEX in msg.fields:
            if inline_only:
                return False
            from ._batch import handle_batch
            handle_batch(self, msg, send)
            return True
        if P.FIELD_DIGEST not in msg.fields:
            if inline_only:
                return False
            from ._query import handle_query
            handle_query(self, msg, send)
            return True
        if P.FIELD_UDF_FUNCTION in msg.fields or P.FIELD_UDF_OP in msg.fields:
            if inline_only:
                return False
            from ._udf import udf_record_result
            send(udf_record_result(self, msg))
            return True
        send(encode_result(execute(self.cluster.store, msg)))
        return True


def _compressing(raw_send: Send) -> Send:
    """Wrap a sender so each proto frame goes out zlib-compressed (type 4)."""
    def send(data: bytes) -> None:
        comp = zlib.compress(data)
        payload = _U64.pack(len(data)) + comp
        raw_send(P.proto_header(P.TYPE_COMPRESSED, len(payload)) + payload)
    return send




def _write_target(ptype: int, body: bytes, hdr: bytes) -> tuple[bytes, bytes] | None:
    """(namespace, digest) of a single-record write request, else None.

    Reads just the header and fields, which is cheap next to running the command.
    """
    if ptype == P.TYPE_COMPRESSED:
        try:
            inner = zlib.decompress(body[8:])
        except zlib.error:
            return None
        if len(inner) < 8:
            return None
        ptype, body = (_U64.unpack_from(inner)[0] >> 48) & 0xFF, inner[8:]
    if ptype != P.TYPE_MSG or len(body) < P.MSG_HEADER_SIZE:
        return None
    head = P.MSG_HEADER.unpack_from(body)  # size, info1-4, result, gen, ttl, timeout, fields, ops
    info1, info2, n_fields = head[1], head[2], head[9]
    if not info2 & P.INFO2_WRITE or info1 & P.INFO1_BATCH:
        return None
    ns = digest = None
    p = head[0]
    for _ in range(n_fields):
        if p + 5 > len(body):
            return None
        size, ftype = P.FIELD_HEADER.unpack_from(body, p)
        if ftype == P.FIELD_NAMESPACE:
            ns = body[p + 5:p + 4 + size]
        elif ftype == P.FIELD_DIGEST:
            digest = body[p + 5:p + 4 + size]
        elif ftype == P.FIELD_BATCH_INDEX:
            return None
        p += 4 + size
    if ns is None or digest is None:
        return None
    return ns, digest
