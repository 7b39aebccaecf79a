"""Scans and queries over partitions, and secondary-index definitions.

A scan or query names the partitions it wants (full partitions, or partial
ones to resume after a digest); records are streamed in digest order within
each partition, every finished partition is acknowledged with a
PARTITION_DONE message, and the stream ends with a LAST message. A node only
serves partitions it owns; for the others it reports the partition as
unavailable so the client retries it on the owner, as a real cluster does
while ownership moves. Secondary indexes are evaluated by scanning, which
gives identical answers for a test-sized data set.
"""

from __future__ import annotations

import base64
import struct
from typing import TYPE_CHECKING, Any, Callable

from . import _proto as P
from ._msgpack import AMap, Blob, Geo, bin_to_value
from ._proto import Message, ServerError
from ._record import Context, _run_op, _write, filter_passes, READ_OPS
from ._storage import Namespace, Record, SIndex

if TYPE_CHECKING:
    from ._server import Node

FLUSH_SIZE = 64 * 1024
ITYPES = {0: "default", 1: "list", 2: "mapkeys", 3: "mapvalues"}


def _done_marker(pid: int, code: int = P.OK) -> bytes:
    return P.MSG_HEADER.pack(P.MSG_HEADER_SIZE, 0, 0, P.INFO3_PARTITION_DONE, 0, code, pid, 0, 0,
                             0, 0)


# PARTITION_DONE (OK) of every partition, made once: a scan sends one per partition.
_DONE = tuple(_done_marker(pid) for pid in range(P.N_PARTITIONS))
_DONE_SIZE = len(_DONE[0])


def _last(code: int = P.OK) -> bytes:
    return P.MSG_HEADER.pack(P.MSG_HEADER_SIZE, 0, 0, P.INFO3_LAST, 0, code, 0, 0, 0, 0, 0)


class _Out:
    """Collects response messages and flushes them in reasonably sized frames."""

    def __init__(self, send: Callable[[bytes], None]) -> None:
        self.send = send
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= FLUSH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data = b"".join(self.parts)
            self.send(P.proto_header(P.TYPE_MSG, len(data)) + data)
            self.parts.clear()  # in place: a scan appends to this list directly
            self.size = 0


# -- secondary index matching -------------------------------------------------
class _Range:
    """The where-clause of a query."""

    def __init__(self, raw: bytes, itype: int) -> None:
        try:
            p = 1  # number of filters (always one)
            nlen = raw[p]
            p += 1
            self.bin = raw[p:p + nlen].decode("utf-8", "replace")
            p += nlen
            self.ptype = raw[p]
            p += 1
            (blen,) = struct.unpack_from(">I", raw, p)
            p += 4
            begin = raw[p:p + blen]
            p += blen
            (elen,) = struct.unpack_from(">I", raw, p)
            p += 4
            end = raw[p:p + elen]
        except (IndexError, struct.error) as exc:
            raise ServerError(P.ERR_PARAMETER, "bad index range") from exc
        self.itype = itype
        if self.ptype == P.PT_INTEGER:
            self.begin: Any = struct.unpack(">q", begin)[0]
            self.end: Any = struct.unpack(">q", end)[0]
            self.ktype = "numeric"
        elif self.ptype == P.PT_STRING:
            self.begin, self.end = begin.decode("utf-8", "surrogateescape"), \
                end.decode("utf-8", "surrogateescape")
            self.ktype = "string"
        elif self.ptype == P.PT_BLOB:
            self.begin, self.end = bytes(begin), bytes(end)
            self.ktype = "blob"
        elif self.ptype == P.PT_GEOJSON:
            from ._geo import parse
            shape = parse(begin.decode("utf-8", "replace"))
            if shape is None:
                raise ServerError(P.ERR_PARAMETER, "bad geojson")
            self.begin = self.end = shape
            self.ktype = "geo2dsphere"
        else:
            raise ServerError(P.ERR_PARAMETER, "bad index range type")

    def matches(self, v: Any) -> bool:
        if self.ktype == "geo2dsphere":
            from ._geo import matches, parse
            if not isinstance(v, Geo):
                return False
            shape = parse(str(v))
            return shape is not None and matches(shape, self.begin)
        if self.ktype == "numeric":
            return isinstance(v, int) and not isinstance(v, bool) and self.begin <= v <= self.end
        if self.ktype == "string":
            return isinstance(v, str) and not isinstance(v, Geo) and v == self.begin
        return isinstance(v, (bytes, bytearray)) and not isinstance(v, Blob) and \
            bytes(v) == self.begin


def _index_values(rec: Record, idx: SIndex) -> list[Any]:
    """The values a record contributes to an index."""
    if idx.exp is not None:
        from ._exp import eval_value
        v = eval_value(idx.exp, rec)
        if v is None:
            return []
    else:
        cur = rec.bins.get(idx.bin)
        if cur is None:
            return []
        v = bin_to_value(*cur)
    if idx.ctx:
        from ._cdt import apply_ctx_read
        v = apply_ctx_read(v, idx.ctx)
        if v is None:
            return []
    if idx.itype == "default":
        return [v]
    if idx.itype == "list":
        return list(v) if isinstance(v, list) else []
    if idx.itype == "mapkeys":
        return [k for k, _ in v.pairs] if isinstance(v, AMap) else []
    if idx.itype == "mapvalues":
        return [x for _, x in v.pairs] if isinstance(v, AMap) else []
    return []


def _find_index(ns: Namespace, set_name: str, rng: _Range, name: str | None,
                exp: bytes | None = None) -> SIndex:
    itype = ITYPES.get(rng.itype, "default")
    for idx in ns.sindexes.values():
        if name and idx.name != name:
            continue
        if idx.bin != rng.bin or idx.itype != itype or idx.ktype != rng.ktype or idx.exp != exp:
            continue
        if idx.set_name and idx.set_name != set_name:
            continue
        return idx
    raise ServerError(P.ERR_INDEX_NOT_FOUND, "index not found")


# -- scan / query execution ------------------------------------------------
def _partitions(msg: Message) -> tuple[list[tuple[int, bytes | None]], bool]:
    """Requested (partition, resume-after digest) pairs and whether markers are wanted."""
    fields = msg.fields
    out: list[tuple[int, bytes | None]] = []
    pids = fields.get(P.FIELD_PID_ARRAY)
    digests = fields.get(P.FIELD_DIGEST_ARRAY)
    if pids is None and digests is None:
        return [(pid, None) for pid in range(P.N_PARTITIONS)], False
    if pids:
        if len(pids) % 2:
            raise ServerError(P.ERR_PARAMETER, "bad partition array")
        ids = struct.unpack(f"<{len(pids) // 2}H", pids)
        if max(ids) >= P.N_PARTITIONS:
            raise ServerError(P.ERR_PARAMETER, "bad partition id")
        out.extend((pid, None) for pid in ids)
    if digests:
        if len(digests) % 20:
            raise ServerError(P.ERR_PARAMETER, "bad digest array")
        for i in range(0, len(digests), 20):
            d = digests[i:i + 20]
            out.append(((d[0] | (d[1] << 8)) & (P.N_PARTITIONS - 1), d))
    return out, True


def _record_message(ns: Namespace, digest: bytes, rec: Record, ops: list[bytes] | None) -> bytes:
    fields = [P.pack_field(P.FIELD_NAMESPACE, ns.name.encode())]
    if rec.set_name:
        fields.append(P.pack_field(P.FIELD_SETNAME, rec.set_name.encode()))
    if rec.key is not None:
        fields.append(P.pack_field(P.FIELD_KEY, rec.key))
    fields.append(P.pack_field(P.FIELD_DIGEST, digest))
    ops = ops or []
    head = P.MSG_HEADER.pack(P.MSG_HEADER_SIZE, 0, 0, 0, 0, P.OK, rec.generation, rec.void_time,
                             0, len(fields), len(ops))
    return head + b"".join(fields) + b"".join(ops)


def handle_query(node: "Node", msg: Message, send: Callable[[bytes], None]) -> None:
    """Serve one scan/query request (foreground or background)."""
    out = _Out(send)
    try:
        _run_query(node, msg, out)
    except ServerError as exc:
        out.add(_last(exc.code))
    else:
        out.add(_last())
    out.flush()


def _run_query(node: "Node", msg: Message, out: _Out) -> None:
    store = node.cluster.store
    fields = msg.fields
    ns = store.namespaces.get(fields.get(P.FIELD_NAMESPACE, b"").decode("utf-8", "replace"))
    if ns is None:
        raise ServerError(P.ERR_NAMESPACE)
    set_name = fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace")
    background = bool(msg.info2 & P.INFO2_WRITE)
    apply_job: Callable[[Namespace, Message, bytes], None] = _background_apply
    if P.FIELD_UDF_OP in fields:
        from ._udf import background_udf
        apply_job = background_udf(node, msg)
    max_records = 0
    if P.FIELD_MAX_RECORDS in fields:
        max_records = int.from_bytes(fields[P.FIELD_MAX_RECORDS], "big")
    rng = None
    idx = None
    if P.FIELD_INDEX_RANGE in fields:
        itype = fields.get(P.FIELD_INDEX_TYPE, b"\x00")[0]
        rng = _Range(fields[P.FIELD_INDEX_RANGE], itype)
        name = fields.get(P.FIELD_INDEX_NAME)
        with store.lock:
            idx = _find_index(ns, set_name, rng, name.decode() if name else None,
                              fields.get(P.FIELD_INDEX_EXPRESSION))
    parts, markers = _partitions(msg)
    if not markers:
        # Sent to every node without a partition list (background jobs): each
        # node serves the partitions it owns, so every record is seen once.
        parts = [(pid, after) for pid, after in parts if node.cluster.owns(node, pid)]
    nobins = bool(msg.info1 & P.INFO1_NOBINDATA)
    respond_all = bool(msg.info2 & P.INFO2_RESPOND_ALL_OPS)
    for op in msg.ops:
        if not background and op.op not in READ_OPS:
            raise ServerError(P.ERR_PARAMETER, "write op in foreground query")
    # Ownership as of the start: a server reserves a job's partitions when it starts it.
    live = node.cluster.live_nodes()
    n_live = len(live)
    me = live.index(node) if node in live else -1
    partitions = ns.partitions
    parts_out = out.parts
    now = P.now_citrus()
    sent = 0
    job_records = 0
    found: list[bytes] = []  # one partition's records, made under the lock
    for pid, after in parts:
        if markers and (me < 0 or pid % n_live != me):
            out.add(_done_marker(pid, P.ERR_UNAVAILABLE))
            continue
        part = partitions[pid]
        finished = True
        if part:
            with store.lock:
                items = [(d, r) for d, r in part.items() if r.set_name == set_name] if set_name \
                    else list(part.items())
                items.sort()  # digest order (digests are unique: records are never compared)
                for digest, rec in items:
                    if after is not None and digest <= after:
                        continue
                    if max_records and sent >= max_records:
                        finished = False
                        break
                    if rec.expired(now):
                        continue
                    if idx is not None and rng is not None and \
                            not any(rng.matches(v) for v in _index_values(rec, idx)):
                        continue
                    if not filter_passes(fields, ns, rec, digest):
                        continue
                    if background:
                        apply_job(ns, msg, digest)
                        job_records += 1
                        continue
                    ops: list[bytes] | None = None
                    if not nobins:
                        ops = []
                        if msg.ops:
                            ctx = Context(ns, rec, rec.bins)
                            for op in msg.ops:
                                _run_op(ctx, op, respond_all, ops)
                        else:
                            ops = [P.pack_op(P.OP_READ, pt, name, val)
                                   for name, (pt, val) in rec.bins.items()]
                    found.append(_record_message(ns, digest, rec, ops))
                    sent += 1
        # Sent outside the lock: a slow reader must not stop the node.
        if found:
            for data in found:
                out.add(data)
            found.clear()
        if not finished:
            break
        if markers:  # inlined out.add: most partitions of a test data set are empty
            parts_out.append(_DONE[pid])
            out.size += _DONE_SIZE
            if out.size >= FLUSH_SIZE:
                out.flush()
    if background:
        from ._udf import record_job
        record_job(node, msg, job_records)


def _background_apply(ns: Namespace, msg: Message, digest: bytes) -> None:
    sub = Message(0, P.INFO2_WRITE | (msg.info2 & P.INFO2_DURABLE_DELETE), P.INFO3_UPDATE_ONLY,
                  0, 0, msg.record_ttl, 0, {}, msg.ops)
    try:
        _write(ns, sub, digest)
    except ServerError:
        pass


# -- sindex info commands ---------------------------------------------------
_KTYPES = {"numeric": "numeric", "integer": "numeric", "string": "string", "blob": "blob",
           "geo2dsphere": "geo2dsphere"}


def _ns_param(params: dict[str, str]) -> str:
    return params.get("namespace") or params.get("ns") or ""


def sindex_info(node: "Node", action: str, params: dict[str, str]) -> str:
    """Answer sindex-create / sindex-delete / sindex-list / sindex-exists / sindex-stat."""
    store = node.cluster.store
    with store.lock:
        if action == "list":
            want = _ns_param(params)
            lines = []
            for each in store.namespaces.values():
                if want and each.name != want:
                    continue
                for sidx in each.sindexes.values():
                    ctx_text = base64.b64encode(sidx.ctx).decode() if sidx.ctx else "NULL"
                    exp_text = base64.b64encode(sidx.exp).decode() if sidx.exp else "NULL"
                    lines.append(
                        f"ns={each.name}:indexname={sidx.name}:set={sidx.set_name or 'NULL'}:"
                        f"bin={sidx.bin or 'NULL'}:type={sidx.ktype}:indextype={sidx.itype}:"
                        f"context={ctx_text}:exp={exp_text}:state=RW;")
            return "".join(lines)
        found = store.namespaces.get(_ns_param(params))
        if found is None:
            return "FAIL:4:namespace not found"
        ns = found
        name = params.get("indexname", "")
        if not name:
            return "FAIL:4:missing indexname"
        if action == "exists":
            return "true" if name in ns.sindexes else "false"
        if action == "stat":
            idx = ns.sindexes.get(name)
            if idx is None:
                return "FAIL:201:no index"
            entries = sum(len(_index_values(r, idx)) for part in ns.partitions
                          for r in part.values() if not idx.set_name or r.set_name == idx.set_name)
            return f"keys={entries};entries={entries};load_pct=100;loadtime=0;stat_gc_recs=0"
        if action == "delete":
            if ns.sindexes.pop(name, None) is None:
                return "FAIL:201:no index"
            return "ok"
        # create
        exp: bytes | None = None
        bin_name = params.get("bin", "")
        ktype_text = params.get("type", "")
        if "exp" in params:  # an expression index: the expression's value is indexed, no bin
            try:
                exp = base64.b64decode(params["exp"], validate=True)
            except ValueError:
                return "FAIL:4:bad expression"
            bin_name = ""
        if "indexdata" in params:
            bin_name, _, ktype_text = params["indexdata"].partition(",")
        ktype = _KTYPES.get(ktype_text.lower())
        itype = params.get("indextype", "default").lower()
        if (not bin_name and exp is None) or ktype is None or itype not in ("default", "list", "mapkeys",
                                                                            "mapvalues"):
            return "FAIL:4:bad index definition"
        ctx: bytes | None = None
        if params.get("context"):
            try:
                ctx = base64.b64decode(params["context"])
            except ValueError:
                return "FAIL:4:bad context"
        set_name = params.get("set", "")
        new = SIndex(name, ns.name, set_name, bin_name, ktype, itype, ctx, exp)
        existing = ns.sindexes.get(name)
        if existing is not None:
            if existing == new:
                return "ok"
            return "FAIL:200:index with the same name already exists"
        for other in ns.sindexes.values():
            if (other.set_name, other.bin, other.ktype, other.itype, other.ctx) == \
                    (set_name, bin_name, ktype, itype, ctx):
                return "FAIL:200:index with the same definition already exists"
        ns.sindexes[name] = new
        return "ok"
