"""Batch-index protocol (field 41): many record commands in one request.

Each row is turned into an ordinary ``Message`` and run through the same
executor as single-record commands, so per-record result codes match what the
equivalent single commands return. Results are streamed back as one message
per row (the row index rides in the transaction-ttl slot) and a final message
flagged LAST.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Callable

from . import _proto as P
from ._proto import Message, ProtocolError
from ._record import Result, execute

if TYPE_CHECKING:
    from ._server import Node

BATCH_MSG_READ = 0x0
BATCH_MSG_REPEAT = 0x1
BATCH_MSG_INFO = 0x2
BATCH_MSG_GEN = 0x4
BATCH_MSG_TTL = 0x8
BATCH_MSG_INFO4 = 0x10

_ROW = struct.Struct(">I20sB")
_H2 = struct.Struct(">HH")
FLUSH_SIZE = 128 * 1024


def _parse_fields_ops(buf: bytes, p: int, msg: Message) -> int:
    """Fill msg with n_fields/n_ops fields and ops found at p; return new p."""
    try:
        n_fields, n_ops = _H2.unpack_from(buf, p)
    except struct.error as exc:
        raise ProtocolError("truncated batch row") from exc
    p += 4
    # Reuse the message parser on a synthetic header to keep one code path.
    header = P.MSG_HEADER.pack(P.MSG_HEADER_SIZE, 0, 0, 0, 0, 0, 0, 0, 0, n_fields, n_ops)
    # Find the end of this row by walking sizes.
    q = p
    for _ in range(n_fields + n_ops):
        if q + 4 > len(buf):
            raise ProtocolError("truncated batch row")
        (size,) = struct.unpack_from(">I", buf, q)
        q += 4 + size
    if q > len(buf):
        raise ProtocolError("truncated batch row")
    sub, _end = P.parse_message(header + buf[p:q])
    msg.fields = sub.fields
    msg.ops = sub.ops
    return q


def parse_rows(field: bytes, top: Message) -> tuple[int, list[tuple[int, bytes, Message]]]:
    """Decode the batch field into (flags, [(index, digest, message)])."""
    if len(field) < 5:
        raise ProtocolError("truncated batch field")
    (count,) = struct.unpack_from(">I", field, 0)
    flags = field[4]
    p = 5
    rows: list[tuple[int, bytes, Message]] = []
    prev: Message | None = None
    for _ in range(count):
        try:
            index, digest, rtype = _ROW.unpack_from(field, p)
        except struct.error as exc:
            raise ProtocolError("truncated batch row") from exc
        p += _ROW.size
        if rtype == BATCH_MSG_REPEAT:
            if prev is None:
                raise ProtocolError("batch repeat without a previous row")
            rows.append((index, digest, prev))
            continue
        msg = Message(top.info1 & ~(P.INFO1_BATCH | P.INFO1_COMPRESS_RESPONSE), 0, 0, 0, 0,
                      top.record_ttl, 0)
        if rtype == BATCH_MSG_READ:
            if p >= len(field):
                raise ProtocolError("truncated batch row")
            msg.info1 = field[p]
            p += 1
        else:
            if rtype & BATCH_MSG_INFO:
                msg.info1, msg.info2, msg.info3 = field[p], field[p + 1], field[p + 2]
                p += 3
            if rtype & BATCH_MSG_INFO4:
                msg.info4 = field[p]
                p += 1
            if rtype & BATCH_MSG_GEN:
                (msg.generation,) = struct.unpack_from(">H", field, p)
                p += 2
            if rtype & BATCH_MSG_TTL:
                (msg.record_ttl,) = struct.unpack_from(">I", field, p)
                p += 4
        p = _parse_fields_ops(field, p, msg)
        if P.FIELD_FILTER not in msg.fields and P.FIELD_FILTER in top.fields:
            msg.fields[P.FIELD_FILTER] = top.fields[P.FIELD_FILTER]
        rows.append((index, digest, msg))
        prev = msg
    return flags, rows


def _udf_row(node: "Node", msg: Message, digest: bytes) -> Result:
    from ._udf import udf_result
    return udf_result(node, msg, digest)


def handle_batch(node: "Node", top: Message, send: Callable[[bytes], None]) -> None:
    """Run every row and stream the per-row results."""
    field = top.fields.get(P.FIELD_BATCH_INDEX)
    if field is None:
        send(P.build_message(P.ERR_PARAMETER, info3=P.INFO3_LAST))
        return
    _flags, rows = parse_rows(field, top)
    store = node.cluster.store
    busy = _busy_rows(node, rows)
    chunks: list[bytes] = []
    size = 0
    for index, digest, msg in rows:
        if index in busy:
            res = Result(P.ERR_KEY_BUSY)
        elif P.FIELD_UDF_FUNCTION in msg.fields or P.FIELD_UDF_PACKAGE_NAME in msg.fields:
            res = _udf_row(node, msg, digest)
        else:
            res = execute(store, msg, digest)
        body = P.MSG_HEADER.pack(P.MSG_HEADER_SIZE, 0, 0, 0, 0, res.code, res.generation,
                                 res.void_time, index, 0, len(res.ops or ()))
        chunks.append(body)
        size += len(body)
        for op in res.ops or ():
            chunks.append(op)
            size += len(op)
        if size >= FLUSH_SIZE:
            data = b"".join(chunks)
            send(P.proto_header(P.TYPE_MSG, len(data)) + data)
            chunks, size = [], 0
    chunks.append(P.build_message(P.OK, info3=P.INFO3_LAST, framed=False))
    data = b"".join(chunks)
    send(P.proto_header(P.TYPE_MSG, len(data)) + data)


def _busy_rows(node: "Node", rows: list[tuple[int, bytes, Message]]) -> set[int]:
    """Indexes of the write rows refused with KEY_BUSY (14).

    The rows of one batch arrive together, so writes to one record among them
    wait behind the first, and one arriving while more than the namespace's
    ``transaction-pending-limit`` already wait is refused, as for single
    writes that arrive together (see ``_server``).
    """
    namespaces = node.cluster.store.namespaces
    waiting: dict[tuple[bytes, bytes], int] = {}
    refused: set[int] = set()
    for index, digest, msg in rows:
        if not msg.info2 & P.INFO2_WRITE:
            continue
        ns = namespaces.get(msg.fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace"))
        if ns is None or not ns.transaction_pending_limit:
            continue
        target = (msg.fields[P.FIELD_NAMESPACE], digest)
        queued = waiting.get(target)
        if queued is None:
            waiting[target] = 0  # the first one runs; later ones wait behind it
        elif queued > ns.transaction_pending_limit:
            refused.add(index)
        else:
            waiting[target] = queued + 1
    return refused
