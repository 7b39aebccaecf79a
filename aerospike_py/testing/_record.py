"""Single-record command execution (read, write, delete, touch, operate).

The same code path serves single-record commands and batch sub-commands, so a
batch behaves exactly like the equivalent sequence of single commands.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from . import _proto as P
from ._proto import Message, Op, ServerError
from ._storage import Namespace, Record, Store

_I64 = struct.Struct(">q")
_F64 = struct.Struct(">d")

READ_OPS = frozenset({P.OP_READ, P.OP_CDT_READ, P.OP_EXP_READ, P.OP_BIT_READ, P.OP_HLL_READ})


@dataclass
class Result:
    """Outcome of one record command, ready to be encoded."""

    code: int
    generation: int = 0
    void_time: int = 0
    ops: list[bytes] | None = None
    key: bytes | None = None


def encode_bin(name: str, ptype: int, value: bytes, op: int = P.OP_READ) -> bytes:
    return P.pack_op(op, ptype, name, value)


NULL_RESULT = b""


def compute_void_time(ttl: int, ns: Namespace, existing: Record | None) -> int:
    """Translate a request TTL into an absolute void time (0 = never)."""
    if ttl == 0xFFFFFFFF:
        return 0
    if ttl == 0xFFFFFFFE:
        if existing is not None:
            return existing.void_time
        ttl = 0
    if ttl == 0:
        ttl = ns.default_ttl
        if ttl == 0:
            return 0
    if ttl > P.MAX_TTL:
        raise ServerError(P.ERR_PARAMETER, "ttl above max-ttl")
    return P.now_citrus() + ttl


def record_key_from_fields(fields: dict[int, bytes]) -> bytes | None:
    return fields.get(P.FIELD_KEY)


class Context:
    """What an operation may look at and change while a command runs."""

    __slots__ = ("ns", "rec", "bins", "touched", "deleted", "exists")

    def __init__(self, ns: Namespace, rec: Record | None, bins: dict[str, tuple[int, bytes]]):
        self.ns = ns
        self.rec = rec
        self.bins = bins
        self.touched = False
        self.deleted = False
        self.exists = rec is not None


def _int_of(value: bytes) -> int:
    if len(value) == 8:
        return _I64.unpack(value)[0]
    if len(value) == 0:
        return 0
    return int.from_bytes(value, "big", signed=True)


def _apply_incr(ctx: Context, op: Op) -> None:
    if op.ptype == P.PT_INTEGER:
        delta = _int_of(op.value)
        cur = ctx.bins.get(op.name)
        if cur is None:
            ctx.bins[op.name] = (P.PT_INTEGER, _I64.pack(delta))
            return
        if cur[0] != P.PT_INTEGER:
            raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
        total = _int_of(cur[1]) + delta
        total = ((total + 2**63) % 2**64) - 2**63  # wrap like int64
        ctx.bins[op.name] = (P.PT_INTEGER, _I64.pack(total))
    elif op.ptype == P.PT_FLOAT:
        if len(op.value) != 8:
            raise ServerError(P.ERR_PARAMETER)
        delta = _F64.unpack(op.value)[0]
        cur = ctx.bins.get(op.name)
        if cur is None:
            ctx.bins[op.name] = (P.PT_FLOAT, op.value)
            return
        if cur[0] != P.PT_FLOAT:
            raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
        ctx.bins[op.name] = (P.PT_FLOAT, _F64.pack(_F64.unpack(cur[1])[0] + delta))
    else:
        raise ServerError(P.ERR_INCOMPATIBLE_TYPE)


def _apply_concat(ctx: Context, op: Op) -> None:
    if op.ptype != P.PT_STRING and op.ptype not in P.BLOB_TYPES:
        raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
    cur = ctx.bins.get(op.name)
    if cur is None:
        ctx.bins[op.name] = (op.ptype, op.value)
        return
    if cur[0] != op.ptype:
        raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
    if op.op == P.OP_APPEND:
        ctx.bins[op.name] = (op.ptype, cur[1] + op.value)
    else:
        ctx.bins[op.name] = (op.ptype, op.value + cur[1])


def _check_bin_name(name: str) -> None:
    if len(name.encode()) > P.MAX_BIN_NAME:
        raise ServerError(P.ERR_BIN_NAME)


def _run_op(ctx: Context, op: Op, respond_all: bool, out: list[bytes]) -> None:
    """Apply one operation to ctx, appending its response bins to out."""
    code = op.op
    if code == P.OP_READ:
        if not op.name:
            for name, (pt, val) in ctx.bins.items():
                out.append(encode_bin(name, pt, val))
            return
        cur = ctx.bins.get(op.name)
        if cur is not None:
            out.append(encode_bin(op.name, cur[0], cur[1]))
        elif respond_all:
            out.append(encode_bin(op.name, P.PT_NULL, b""))
        return
    if code == P.OP_WRITE:
        _check_bin_name(op.name)
        if op.ptype == P.PT_NULL:
            ctx.bins.pop(op.name, None)
        else:
            ctx.bins[op.name] = (op.ptype, op.value)
    elif code == P.OP_INCR:
        _check_bin_name(op.name)
        _apply_incr(ctx, op)
    elif code in (P.OP_APPEND, P.OP_PREPEND):
        _check_bin_name(op.name)
        _apply_concat(ctx, op)
    elif code == P.OP_TOUCH:
        ctx.touched = True
    elif code == P.OP_DELETE:
        ctx.bins.clear()
        ctx.deleted = True
    elif code in (P.OP_CDT_READ, P.OP_CDT_MODIFY):
        from ._cdt import run_cdt_op
        res = run_cdt_op(ctx, op)
        if res is not None:
            out.append(encode_bin(op.name, res[0], res[1]))
        elif respond_all:
            out.append(encode_bin(op.name, P.PT_NULL, b""))
        return
    elif code in (P.OP_EXP_READ, P.OP_EXP_MODIFY):
        from ._exp import run_exp_op
        res = run_exp_op(ctx, op)
        if res is not None:
            out.append(encode_bin(op.name, res[0], res[1]))
        elif respond_all:
            out.append(encode_bin(op.name, P.PT_NULL, b""))
        return
    elif code in (P.OP_BIT_READ, P.OP_BIT_MODIFY):
        from ._bits import run_bit_op
        res = run_bit_op(ctx, op)
        if res is not None:
            out.append(encode_bin(op.name, res[0], res[1]))
        elif respond_all:
            out.append(encode_bin(op.name, P.PT_NULL, b""))
        return
    elif code in (P.OP_HLL_READ, P.OP_HLL_MODIFY):
        from ._hll import run_hll_op
        res = run_hll_op(ctx, op)
        if res is not None:
            out.append(encode_bin(op.name, res[0], res[1]))
        elif respond_all:
            out.append(encode_bin(op.name, P.PT_NULL, b""))
        return
    else:
        raise ServerError(P.ERR_PARAMETER, f"unknown op {code}")
    if respond_all:
        out.append(encode_bin(op.name, P.PT_NULL, b""))


def filter_passes(fields: dict[int, bytes], ns: Namespace, rec: Record, digest: bytes) -> bool:
    """Evaluate the command's filter expression against an existing record."""
    exp = fields.get(P.FIELD_FILTER)
    if not exp:
        return True
    from ._exp import eval_filter
    return eval_filter(exp, ns, rec, digest)


def execute(store: Store, msg: Message, digest: bytes | None = None,
            ns_name: str | None = None) -> Result:
    """Run one record command under the store lock and return its result."""
    fields = msg.fields
    if ns_name is None:
        raw_ns = fields.get(P.FIELD_NAMESPACE)
        if raw_ns is None:
            return Result(P.ERR_PARAMETER)
        ns_name = raw_ns.decode("utf-8", "replace")
    ns = store.namespaces.get(ns_name)
    if ns is None:
        return Result(P.ERR_NAMESPACE)
    if digest is None:
        digest = fields.get(P.FIELD_DIGEST)
    if digest is None or len(digest) != 20:
        return Result(P.ERR_PARAMETER)
    if P.FIELD_TXN_ID in fields or msg.info4 & 0x07:
        # Transactions need strong-consistency namespaces (Enterprise only).
        return Result(P.ERR_UNSUPPORTED_FEATURE)
    with store.lock:
        try:
            if msg.info2 & P.INFO2_WRITE:
                return _write(ns, msg, digest)
            if msg.info1 & P.INFO1_READ:
                return _read(ns, msg, digest)
            return Result(P.ERR_PARAMETER)
        except ServerError as exc:
            return Result(exc.code)


def _read(ns: Namespace, msg: Message, digest: bytes) -> Result:
    rec = ns.get(digest)
    if rec is None:
        return Result(P.ERR_NOT_FOUND)
    if not filter_passes(msg.fields, ns, rec, digest):
        return Result(P.ERR_FILTERED_OUT)
    pct = msg.record_ttl
    if pct != 0xFFFFFFFF and pct > 100:
        return Result(P.ERR_PARAMETER)
    touch_ttl = 0
    if 0 < pct <= 100 and rec.void_time:
        # Read-touch: once the remaining TTL drops to pct% of the TTL of the
        # last write, the server re-applies that TTL after answering (same
        # generation, new last-update time).
        write_ttl = rec.void_time - (rec.lut // 1_000_000_000 - P.CITRUS_EPOCH)
        if write_ttl > 0 and P.now_citrus() >= rec.void_time - write_ttl * pct // 100:
            touch_ttl = write_ttl
    result = _read_result(ns, msg, rec)
    if touch_ttl and result.code == P.OK:
        rec.void_time = P.now_citrus() + touch_ttl
        rec.lut = P.now_ns()
    return result


def _read_result(ns: Namespace, msg: Message, rec: Record) -> Result:
    if msg.info1 & P.INFO1_NOBINDATA:
        return Result(P.OK, rec.generation, rec.void_time)
    out: list[bytes] = []
    if msg.info1 & P.INFO1_GET_ALL or not msg.ops:
        for name, (pt, val) in rec.bins.items():
            out.append(encode_bin(name, pt, val))
    else:
        ctx = Context(ns, rec, rec.bins)
        respond_all = bool(msg.info2 & P.INFO2_RESPOND_ALL_OPS)
        for op in msg.ops:
            if op.op not in READ_OPS:
                return Result(P.ERR_PARAMETER)
            _run_op(ctx, op, respond_all, out)
    return Result(P.OK, rec.generation, rec.void_time, out)


_MODIFY_OPS = frozenset({P.OP_INCR, P.OP_APPEND, P.OP_PREPEND, P.OP_CDT_MODIFY,
                         P.OP_BIT_MODIFY, P.OP_HLL_MODIFY, P.OP_TOUCH, P.OP_DELETE})


def _check_write_policies(msg: Message) -> int:
    """Checks made before the record is looked at, in the server's order."""
    if msg.info2 & P.INFO2_DELETE:
        return P.OK
    if not msg.ops:
        return P.ERR_PARAMETER
    replace = bool(msg.info3 & (P.INFO3_CREATE_OR_REPLACE | P.INFO3_REPLACE_ONLY))
    for op in msg.ops:
        if op.op == P.OP_TOUCH:
            if replace:
                return P.ERR_PARAMETER
            continue
        if len(op.name.encode()) > P.MAX_BIN_NAME:
            return P.ERR_BIN_NAME
        if replace and (op.op in _MODIFY_OPS or
                        (op.op == P.OP_WRITE and op.ptype == P.PT_NULL)):
            return P.ERR_PARAMETER
    return P.OK


def _write(ns: Namespace, msg: Message, digest: bytes) -> Result:
    fields = msg.fields
    code = _check_write_policies(msg)
    if code:
        return Result(code)
    if msg.info2 & P.INFO2_DELETE and msg.info2 & P.INFO2_DURABLE_DELETE:
        # Community Edition refuses a durable delete before looking the record
        # up, so a missing record answers ENTERPRISE_ONLY too.
        return Result(P.ERR_ENTERPRISE_ONLY)
    rec = ns.get(digest)
    info2, info3 = msg.info2, msg.info3
    must_exist = bool(info3 & (P.INFO3_UPDATE_ONLY | P.INFO3_REPLACE_ONLY)) or \
        any(o.op == P.OP_TOUCH for o in msg.ops)
    if rec is not None:
        if info2 & P.INFO2_CREATE_ONLY:
            return Result(P.ERR_RECORD_EXISTS)
        if info2 & P.INFO2_GENERATION and rec.generation != msg.generation:
            return Result(P.ERR_GENERATION)
        if info2 & P.INFO2_GENERATION_GT and msg.generation <= rec.generation:
            return Result(P.ERR_GENERATION)
        set_field = fields.get(P.FIELD_SETNAME, b"")
        if set_field and set_field.decode("utf-8", "replace") != rec.set_name:
            return Result(P.ERR_PARAMETER)
        if not filter_passes(fields, ns, rec, digest):
            return Result(P.ERR_FILTERED_OUT)
    elif must_exist or info2 & P.INFO2_DELETE:
        return Result(P.ERR_NOT_FOUND)

    if info2 & P.INFO2_DELETE:
        ns.delete(digest)
        return Result(P.OK)

    replace = bool(info3 & (P.INFO3_CREATE_OR_REPLACE | P.INFO3_REPLACE_ONLY))
    bins: dict[str, tuple[int, bytes]] = {} if (rec is None or replace) else dict(rec.bins)
    ctx = Context(ns, rec, bins)
    respond_all = bool(info2 & P.INFO2_RESPOND_ALL_OPS)
    out: list[bytes] = []
    for op in msg.ops:
        _run_op(ctx, op, respond_all, out)

    if not bins:
        # The write left no bins: an existing record is deleted, and a record
        # that did not exist is reported as not found (nothing to create).
        if rec is None:
            return Result(P.ERR_NOT_FOUND)
        if info2 & P.INFO2_DURABLE_DELETE:
            # A write that empties a record is a delete; the server checks that
            # the record existed before refusing the durable form on CE.
            return Result(P.ERR_ENTERPRISE_ONLY)
        ns.delete(digest)
        return Result(P.OK, 0, 0, out)

    void_time = compute_void_time(msg.record_ttl, ns, rec)
    new = Record(rec.set_name if rec is not None else
                 fields.get(P.FIELD_SETNAME, b"").decode("utf-8", "replace"),
                 rec.key if rec is not None else None)
    key = fields.get(P.FIELD_KEY)
    if key is not None:
        new.key = key
    new.bins = bins
    if new.size() > P.WRITE_BLOCK_SIZE:
        return Result(P.ERR_RECORD_TOO_BIG)
    gen = (rec.generation + 1) if rec is not None else 1
    if gen > 0xFFFF:
        gen = 1
    new.generation = gen
    new.void_time = void_time
    new.lut = P.now_ns()
    ns.put(digest, new)
    return Result(P.OK, gen, void_time, out)


def encode_result(res: Result, info3: int = 0) -> bytes:
    """A framed single-record response."""
    return P.build_message(res.code, res.generation, res.void_time, None, res.ops, info3=info3)

