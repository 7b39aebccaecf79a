"""Expression filters (field 43) and expression read/write operations.

Expressions arrive as msgpack trees ``[code, args...]``. The evaluator covers
comparisons, boolean logic, arithmetic, record metadata, bin and key access,
``cond``/``let``/``var`` and CDT list/map reads through ``call``. Values that
cannot be determined (a missing bin, a type mismatch) evaluate to "unknown",
which a filter treats as not matching, as the server does. Expression codes
that are not implemented are rejected with PARAMETER (4).
"""

from __future__ import annotations

import math
import re
import time
from typing import Any, Callable

from . import _proto as P
from ._msgpack import AList, AMap, Blob, Geo, RawStr, bin_to_value, materialize, pack, \
    sort_key, unpack, value_to_bin
from ._proto import Op, ServerError
from ._storage import Namespace, Record


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()

T_NIL, T_BOOL, T_INT, T_STR, T_LIST, T_MAP, T_BLOB, T_FLOAT, T_GEO, T_HLL = range(10)


def _type_ok(v: Any, t: int) -> bool:
    if t == T_BOOL:
        return isinstance(v, bool)
    if t == T_INT:
        return isinstance(v, int) and not isinstance(v, bool)
    if t == T_STR:
        return isinstance(v, str) and not isinstance(v, Geo)
    if t == T_LIST:
        return isinstance(v, list)
    if t == T_MAP:
        return isinstance(v, AMap)
    if t in (T_BLOB, T_HLL):
        return isinstance(v, (bytes, bytearray))
    if t == T_FLOAT:
        return isinstance(v, float)
    if t == T_GEO:
        return isinstance(v, Geo)
    return v is None


class _Env:
    """What an expression can see: the record, its bins and let-bound variables."""

    __slots__ = ("ns", "rec", "bins", "digest", "vars", "loopvars")

    def __init__(self, ns: Namespace, rec: Record | None, bins: dict[str, tuple[int, bytes]],
                 digest: bytes | None) -> None:
        self.ns = ns
        self.rec = rec
        self.bins = bins
        self.digest = digest
        self.vars: dict[str, Any] = {}
        self.loopvars: dict[int, Any] | None = None  # a path context's current element


def _bad() -> ServerError:
    return ServerError(P.ERR_PARAMETER, "unsupported expression")


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _compare(code: int, a: Any, b: Any) -> Any:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if code in (1, 2):
        eq = sort_key(a) == sort_key(b)
        return eq if code == 1 else not eq
    if _num(a) and _num(b) and isinstance(a, float) == isinstance(b, float):
        ka, kb = a, b
    elif type(a) is type(b) or (isinstance(a, str) and isinstance(b, str)):
        ka, kb = sort_key(a), sort_key(b)
    else:
        return UNKNOWN
    if code == 3:
        return ka > kb
    if code == 4:
        return ka >= kb
    if code == 5:
        return ka < kb
    return ka <= kb


def _arith(code: int, vals: list[Any]) -> Any:
    if any(v is UNKNOWN for v in vals):
        return UNKNOWN
    if not vals or not all(_num(v) for v in vals):
        return UNKNOWN
    is_float = isinstance(vals[0], float)
    if any(isinstance(v, float) != is_float for v in vals):
        return UNKNOWN
    acc = vals[0]
    if code == 20:
        for v in vals[1:]:
            acc = acc + v
    elif code == 21:
        if len(vals) == 1:
            return -acc
        for v in vals[1:]:
            acc = acc - v
    elif code == 22:
        for v in vals[1:]:
            acc = acc * v
    elif code == 23:
        if len(vals) == 1:
            if is_float:
                return 1.0 / acc if acc else UNKNOWN
            return UNKNOWN if acc == 0 else int(1 / acc)
        for v in vals[1:]:
            if v == 0:
                return UNKNOWN
            if is_float:
                acc = acc / v
            else:
                q = abs(acc) // abs(v)
                acc = q if (acc >= 0) == (v >= 0) else -q
    if not is_float:
        acc = ((acc + 2**63) % 2**64) - 2**63
    return acc


def _text(v: Any) -> str:
    """A plain (untyped) string argument such as a bin or variable name."""
    if isinstance(v, RawStr):
        return bytes(v).decode("utf-8", "replace")
    if isinstance(v, str):
        return v
    raise _bad()


def _eval(e: Any, env: _Env) -> Any:
    if not isinstance(e, list):
        return materialize(e)
    if not e:
        raise _bad()
    code = e[0]
    a = e[1:]
    if isinstance(code, bool) or not isinstance(code, int):
        raise _bad()
    if 1 <= code <= 6:
        return _compare(code, _eval(a[0], env), _eval(a[1], env))
    if code == 7:  # regex: flags, pattern, string
        flags, pattern, s = a[0], _text(a[1]), _eval(a[2], env)
        if s is UNKNOWN or not isinstance(s, str):
            return UNKNOWN
        rf = re.IGNORECASE if flags & 2 else 0
        if flags & 8:
            rf |= re.MULTILINE
        return re.search(pattern, s, rf) is not None
    if code == 8:  # geo compare
        left, right = _eval(a[0], env), _eval(a[1], env)
        if not isinstance(left, Geo) or not isinstance(right, Geo):
            return UNKNOWN
        from ._geo import matches, parse
        ls, rs = parse(str(left)), parse(str(right))
        return ls is not None and rs is not None and matches(ls, rs)
    if code == 9:  # in list
        v, lst = _eval(a[0], env), _eval(a[1], env)
        if v is UNKNOWN or lst is UNKNOWN or not isinstance(lst, list):
            return UNKNOWN
        return any(sort_key(v) == sort_key(x) for x in lst)
    if code in (101, 102):  # map keys / values: a list, in the map's stored (key-ordered: key) order
        if len(a) != 1:
            raise _bad()
        m = _eval(a[0], env)
        if not isinstance(m, AMap):
            return UNKNOWN
        return [k if code == 101 else v for k, v in m.pairs]
    if code == 16:  # and
        unknown = False
        for x in a:
            r = _eval(x, env)
            if r is False:
                return False
            if r is not True:
                unknown = True
        return UNKNOWN if unknown else True
    if code == 17:  # or
        unknown = False
        for x in a:
            r = _eval(x, env)
            if r is True:
                return True
            if r is not False:
                unknown = True
        return UNKNOWN if unknown else False
    if code == 18:
        r = _eval(a[0], env)
        return UNKNOWN if not isinstance(r, bool) else not r
    if code == 19:  # exclusive
        results = [_eval(x, env) for x in a]
        if any(not isinstance(r, bool) for r in results):
            return UNKNOWN
        return sum(1 for r in results if r) == 1
    if 20 <= code <= 23:
        return _arith(code, [_eval(x, env) for x in a])
    if code in (24, 25):
        x, y = _eval(a[0], env), _eval(a[1], env)
        if not (isinstance(x, float) and isinstance(y, float)):
            return UNKNOWN
        try:
            return math.pow(x, y) if code == 24 else math.log(x, y)
        except (ValueError, ZeroDivisionError, OverflowError):
            return UNKNOWN
    if code == 26:
        x, y = _eval(a[0], env), _eval(a[1], env)
        if not (isinstance(x, int) and isinstance(y, int)) or isinstance(x, bool) or y == 0:
            return UNKNOWN
        return int(math.fmod(x, y))
    if code == 27:
        x = _eval(a[0], env)
        return abs(x) if _num(x) else UNKNOWN
    if code in (28, 29):
        x = _eval(a[0], env)
        if not isinstance(x, float):
            return UNKNOWN
        return float(math.floor(x) if code == 28 else math.ceil(x))
    if code == 30:
        x = _eval(a[0], env)
        return int(x) if isinstance(x, float) else UNKNOWN
    if code == 31:
        x = _eval(a[0], env)
        return float(x) if isinstance(x, int) and not isinstance(x, bool) else UNKNOWN
    if 32 <= code <= 34:
        vals = [_eval(x, env) for x in a]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            return UNKNOWN
        acc = vals[0]
        for v in vals[1:]:
            acc = acc & v if code == 32 else acc | v if code == 33 else acc ^ v
        return acc
    if code == 35:
        x = _eval(a[0], env)
        return ~x if isinstance(x, int) and not isinstance(x, bool) else UNKNOWN
    if 36 <= code <= 41:
        return _int_bits(code, [_eval(x, env) for x in a])
    if code in (50, 51):
        vals = [_eval(x, env) for x in a]
        if not vals or not all(_num(v) for v in vals):
            return UNKNOWN
        return min(vals) if code == 50 else max(vals)
    if 64 <= code <= 74:
        return _meta(code, a, env)
    if code == 80:  # key
        rec = env.rec
        if rec is None or rec.key is None:
            return UNKNOWN
        ktype, raw = rec.key[0], rec.key[1:]
        v = bin_to_value(ktype, raw)
        return v if _type_ok(v, a[0]) else UNKNOWN
    if code == 81:  # bin
        cur = env.bins.get(_text(a[1]))
        if cur is None:
            return UNKNOWN
        v = bin_to_value(*cur)
        return v if _type_ok(v, a[0]) else UNKNOWN
    if code == 82:  # bin type
        cur = env.bins.get(_text(a[0]))
        return cur[0] if cur is not None else 0
    if code == 123:  # cond
        n = len(a)
        for i in range(0, n - 1, 2):
            r = _eval(a[i], env)
            if r is True:
                return _eval(a[i + 1], env)
            if r is not False:
                return UNKNOWN
        return _eval(a[-1], env)
    if code == 124:
        return env.vars.get(_text(a[0]), UNKNOWN)
    if code == 125:  # let: name, exp, ..., scope
        saved = dict(env.vars)
        try:
            for i in range(0, len(a) - 1, 2):
                env.vars[_text(a[i])] = _eval(a[i + 1], env)
            return _eval(a[-1], env)
        finally:
            env.vars = saved
    if code == 126:
        return materialize(a[0])
    if code == 127:
        return _call(a, env)
    if code == 122:  # path loop variable: type, part (key / value / index)
        lv = env.loopvars
        if lv is None or len(a) != 2 or a[1] not in lv:
            return UNKNOWN
        v = lv[a[1]]
        return v if _type_ok(v, a[0]) else UNKNOWN
    if code == 100:
        from ._path import REMOVE
        return REMOVE
    if code == 0:
        return UNKNOWN
    raise _bad()


def _int_bits(code: int, vals: list[Any]) -> Any:
    """Shifts, bit count and bit scans on 64-bit integers (bit 0 is the most significant)."""
    if code == 39:
        x = vals[0] if len(vals) == 1 else UNKNOWN
        if not isinstance(x, int) or isinstance(x, bool):
            return UNKNOWN
        return bin(x & 0xFFFFFFFFFFFFFFFF).count("1")
    if len(vals) != 2:
        raise _bad()
    x, y = vals
    if not isinstance(x, int) or isinstance(x, bool):
        return UNKNOWN
    u = x & 0xFFFFFFFFFFFFFFFF
    if code in (40, 41):
        if not isinstance(y, bool):
            return UNKNOWN
        bits = [(u >> (63 - i)) & 1 for i in range(64)]
        order = range(64) if code == 40 else range(63, -1, -1)
        return next((i for i in order if bits[i] == int(y)), -1)
    if not isinstance(y, int) or isinstance(y, bool):
        return UNKNOWN
    y &= 63
    if code == 36:
        r = (u << y) & 0xFFFFFFFFFFFFFFFF
    elif code == 37:
        r = u >> y
    else:
        return x >> y
    return r - (1 << 64) if r >= 1 << 63 else r


def _meta(code: int, a: list[Any], env: _Env) -> Any:
    rec = env.rec
    if rec is None:
        return UNKNOWN
    if code == 64:
        mod = a[0]
        if not isinstance(mod, int) or mod <= 0 or env.digest is None:
            return UNKNOWN
        return int.from_bytes(env.digest[8:12], "little") % mod
    if code in (65, 73, 74):
        return rec.size()
    if code == 66:
        return rec.lut
    if code == 67:
        return max(0, (time.time_ns() - rec.lut) // 1_000_000)
    if code == 68:
        return -1 if rec.void_time == 0 else (rec.void_time + P.CITRUS_EPOCH) * 1_000_000_000
    if code == 69:
        return -1 if rec.void_time == 0 else max(0, rec.void_time - P.now_citrus())
    if code == 70:
        return rec.set_name
    if code == 71:
        return rec.key is not None
    if code == 72:
        return False
    raise _bad()


def _call(a: list[Any], env: _Env) -> Any:
    """[return type, system flags, op payload, bin expression]."""
    from ._cdt import cdt_apply
    _rtype, sysflags, bin_exp = a[0], a[1], a[3]
    from . import _path
    if _path.is_path_payload(a[2]):
        return _path_call(a[2], sysflags, _eval(bin_exp, env), env)
    payload = _call_payload(a[2], env)
    if payload is UNKNOWN:
        return UNKNOWN
    if sysflags & 0x3f == 1:
        return _bits_call(payload, _eval(bin_exp, env))
    if sysflags & 0x3f == 2:
        if sysflags & 0x40:
            return _hll_modify(payload, _eval(bin_exp, env))
        return _hll_call(payload, _eval(bin_exp, env))
    if sysflags & 0x3f != 0:  # CDT and bits only (no HLL module)
        raise _bad()
    root = _eval(bin_exp, env)
    if root is UNKNOWN:
        return UNKNOWN
    try:
        if isinstance(root, (list, AMap)):
            root = unpack(pack(root))
        res, new_root, is_read = cdt_apply(root, payload)
    except ServerError as exc:
        if exc.code == P.ERR_PARAMETER:
            raise
        return UNKNOWN
    if sysflags & 0x40 and not is_read:
        return new_root
    return res


def path_evaluator(env: _Env) -> Callable[[Any, dict[int, Any]], Any]:
    """Evaluates a path filter or modifying expression with an element's loop variables."""
    def evaluate(tree: Any, lv: dict[int, Any]) -> Any:
        saved = env.loopvars
        env.loopvars = lv
        try:
            return _eval(tree, env)
        finally:
            env.loopvars = saved
    return evaluate


def _path_call(payload: list[Any], sysflags: int, root: Any, env: _Env) -> Any:
    """select_by_path / modify_by_path inside an expression: the selection, or the modified bin."""
    from . import _path
    if root is UNKNOWN or not isinstance(root, (list, AMap)):
        return UNKNOWN
    root = unpack(pack(root))
    try:
        if sysflags & 0x40:
            return _path.modify(root, payload, path_evaluator(env), UNKNOWN)
        return _path.select(root, payload, path_evaluator(env))
    except ServerError as exc:
        if exc.code == P.ERR_PARAMETER:
            raise
        return UNKNOWN


def _call_payload(raw: Any, env: _Env) -> Any:
    """[op, params...] or [0xff, ctx, [op, params...]]: the params are expressions, evaluated first."""
    if not isinstance(raw, list) or not raw:
        raise _bad()
    if raw[0] == 0xff and len(raw) == 3:
        inner = _call_payload(raw[2], env)
        return UNKNOWN if inner is UNKNOWN else [0xff, materialize(raw[1]), inner]
    params = [_eval(p, env) for p in raw[1:]]
    if any(p is UNKNOWN for p in params):
        return UNKNOWN
    return [raw[0], *params]


def _hll_call(payload: Any, value: Any) -> Any:
    """A HyperLogLog read inside an expression."""
    from . import _hll
    if value is UNKNOWN or not isinstance(value, (bytes, bytearray)):
        return UNKNOWN
    code = payload[0]
    if isinstance(code, bool) or not isinstance(code, int) or not _hll.COUNT <= code <= _hll.MAY_CONTAIN:
        raise _bad()
    try:
        res = _hll._read(code, list(payload[1:]), _hll.Hll.from_bytes(bytes(value)))
    except ServerError as exc:
        if exc.code == P.ERR_PARAMETER:
            raise
        return UNKNOWN
    if res is None:
        return UNKNOWN
    if res[0] == P.PT_HLL:
        return Blob(res[1], P.PT_HLL)
    return bin_to_value(*res)


class _Scratch:
    """Where a HyperLogLog modification inside an expression writes its result."""

    def __init__(self, value: bytes) -> None:
        self.bins: dict[str, tuple[int, bytes]] = {"v": (P.PT_HLL, bytes(value))}


def _hll_modify(payload: Any, value: Any) -> Any:
    """A HyperLogLog init/add inside an expression: the new HLL, nothing stored."""
    from . import _hll
    if value is UNKNOWN or not isinstance(value, (bytes, bytearray)):
        return UNKNOWN
    code = payload[0]
    if code not in (_hll.INIT, _hll.ADD):
        raise _bad()
    scratch = _Scratch(bytes(value))
    hll = _hll.Hll.from_bytes(bytes(value))
    try:
        _hll._modify(scratch, "v", code, list(payload[1:]), hll)
    except ServerError as exc:
        if exc.code == P.ERR_PARAMETER:
            raise
        return UNKNOWN
    cur = scratch.bins.get("v")
    return UNKNOWN if cur is None else Blob(cur[1], P.PT_HLL)


def _bits_call(payload: Any, value: Any) -> Any:
    """A bitwise read (its result) or modify (the new blob) inside an expression."""
    from . import _bits
    if value is UNKNOWN or not isinstance(value, (bytes, bytearray)):
        return UNKNOWN
    read = isinstance(payload, list) and bool(payload) and payload[0] in _bits._READ
    code, args = _bits._parse(payload, read)
    try:
        if read:
            res = _bits._read(code, args, bytes(value))
            return None if res is None else bin_to_value(*res)
        return _bits._modify(code, args, bytes(value), True)
    except _bits._NoOp:
        return bytes(value)
    except ServerError as exc:
        if exc.code == P.ERR_PARAMETER:
            raise
        return UNKNOWN


def eval_filter(exp: bytes, ns: Namespace, rec: Record, digest: bytes) -> bool:
    """True when the filter expression is true for the record."""
    try:
        tree = unpack(exp, raw=True)
    except P.ProtocolError as exc:
        raise ServerError(P.ERR_PARAMETER, "bad expression") from exc
    return _eval(tree, _Env(ns, rec, rec.bins, digest)) is True


def eval_value(exp: bytes, rec: Record) -> Any:
    """The value of an index expression for a record; None when it is unknown (not indexed)."""
    try:
        value = _eval(unpack(exp, raw=True), _Env(None, rec, rec.bins, None))  # type: ignore[arg-type]
    except (P.ProtocolError, ServerError):
        return None
    return None if value is UNKNOWN else value


def run_exp_op(ctx: Any, op: Op) -> tuple[int, bytes] | None:
    """Expression read (returns the value) or write (stores it in the bin)."""
    try:
        body = unpack(op.value, raw=True)
    except P.ProtocolError as exc:
        raise ServerError(P.ERR_PARAMETER) from exc
    if not isinstance(body, list) or len(body) != 2:
        raise ServerError(P.ERR_PARAMETER)
    tree, flags = body[0], body[1]
    value = _eval(tree, _Env(ctx.ns, ctx.rec, ctx.bins, None))
    if op.op == P.OP_EXP_READ:
        if value is UNKNOWN:
            if flags & 16:
                return (P.PT_NULL, b"")
            raise ServerError(P.ERR_OP_NOT_APPLICABLE)
        return _to_bin(value)
    if len(op.name.encode()) > P.MAX_BIN_NAME:
        raise ServerError(P.ERR_BIN_NAME)
    exists = op.name in ctx.bins
    if value is UNKNOWN:
        if flags & 16:
            return None
        raise ServerError(P.ERR_OP_NOT_APPLICABLE)
    if flags & 1 and exists or flags & 2 and not exists or value is None and not flags & 4:
        if flags & 8:
            return None
        if flags & 1 and exists:
            raise ServerError(P.ERR_BIN_EXISTS)
        if flags & 2 and not exists:
            raise ServerError(P.ERR_BIN_NOT_FOUND)
        raise ServerError(P.ERR_OP_NOT_APPLICABLE)
    if value is None:
        ctx.bins.pop(op.name, None)
    else:
        ctx.bins[op.name] = _to_bin(value)
    return None


def _to_bin(value: Any) -> tuple[int, bytes]:
    from ._cdt import result_bin
    if isinstance(value, (Blob, bytes, bytearray, AList, list, AMap)):
        return result_bin(value)
    return value_to_bin(value)
