"""Bitwise operations on blob bins (operation types 12 read / 13 modify).

The blob is handled as one big integer, most significant bit first, which
keeps the bit arithmetic short. Argument checking, bounds rules, flags and
the result codes follow the server: malformed arguments are PARAMETER (4), a
modify outside the blob is OP_NOT_APPLICABLE (26) unless the PARTIAL or
NO_FAIL flags say otherwise, create/update-only clashes are BIN_EXISTS (6) /
BIN_NOT_FOUND (17), and integer overflow fails unless WRAP or SATURATE.
"""

from __future__ import annotations

from typing import Any, Callable

from . import _proto as P
from ._msgpack import unpack
from ._proto import Op, ServerError

CREATE_ONLY, UPDATE_ONLY, NO_FAIL, PARTIAL = 1, 2, 4, 8
RESIZE_FROM_FRONT, RESIZE_GROW_ONLY, RESIZE_SHRINK_ONLY = 1, 2, 4
INT_SIGNED, INT_SATURATE, INT_WRAP = 1, 2, 4
MAX_BYTES = 128 * 1024 * 1024

RESIZE, INSERT, REMOVE, SET, OR, XOR, AND, NOT, LSHIFT, RSHIFT, ADD, SUBTRACT, SET_INT = \
    range(13)
GET, COUNT, LSCAN, RSCAN, GET_INT = 50, 51, 52, 53, 54


class _NoOp(Exception):
    """The operation is skipped (NO_FAIL, or nothing to do)."""


def _bad() -> ServerError:
    return ServerError(P.ERR_PARAMETER)


class _Args:
    """Parsed operation arguments (sizes and offsets normalised to bits)."""

    def __init__(self) -> None:
        self.offset = 0
        self.size = 0
        self.value = 0
        self.buf: bytes | None = None
        self.flags = 0
        self.subflags = 0


def _int_arg(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad()
    return v


def _p_byte_offset(a: _Args, v: Any) -> None:
    v = _int_arg(v)
    if abs(v) > MAX_BYTES:
        raise _bad()
    a.offset = v * 8


def _p_offset(a: _Args, v: Any) -> None:
    v = _int_arg(v)
    if abs(v) > MAX_BYTES * 8:
        raise _bad()
    a.offset = v


def _p_byte_size(a: _Args, v: Any, allow_zero: bool = False) -> None:
    v = _int_arg(v)
    if v < 0 or (v == 0 and not allow_zero) or v > MAX_BYTES:
        raise _bad()
    a.size = v * 8


def _p_int_size(a: _Args, v: Any) -> None:
    v = _int_arg(v)
    if not 1 <= v <= 64:
        raise _bad()
    a.size = v


def _p_size(a: _Args, v: Any) -> None:
    v = _int_arg(v)
    if v <= 0 or v > MAX_BYTES * 8:
        raise _bad()
    a.size = v


def _p_bool(a: _Args, v: Any) -> None:
    if not isinstance(v, bool):
        raise _bad()
    a.value = 1 if v else 0


def _p_uint(a: _Args, v: Any) -> None:
    a.value = _int_arg(v) & 0xFFFFFFFFFFFFFFFF


def _p_n_bits(a: _Args, v: Any) -> None:
    _p_uint(a, v)
    if a.value > MAX_BYTES * 8:
        raise _bad()


def _p_buf(a: _Args, v: Any) -> None:
    if not isinstance(v, (bytes, bytearray)) or isinstance(v, str) or len(v) == 0:
        raise _bad()
    a.buf = bytes(v)
    bits = len(v) * 8
    if a.size:
        if bits < a.size:
            raise _bad()
    else:
        a.size = bits


def _flags_parser(allowed: int) -> Callable[[_Args, Any], None]:
    def parse(a: _Args, v: Any) -> None:
        a.flags = _int_arg(v)
        if a.flags & ~allowed or (a.flags & CREATE_ONLY and a.flags & UPDATE_ONLY):
            raise _bad()
    return parse


def _subflags_parser(allowed: int, exclusive: int) -> Callable[[_Args, Any], None]:
    def parse(a: _Args, v: Any) -> None:
        a.subflags = _int_arg(v)
        if a.subflags & ~allowed or (exclusive and (a.subflags & exclusive) == exclusive):
            raise _bad()
    return parse


_CU_NF = CREATE_ONLY | UPDATE_ONLY | NO_FAIL
_U_NF_P = UPDATE_ONLY | NO_FAIL | PARTIAL
_U_NF = UPDATE_ONLY | NO_FAIL
_ARITH = _subflags_parser(INT_SIGNED | INT_SATURATE | INT_WRAP, INT_SATURATE | INT_WRAP)
_RESIZE_SUB = _subflags_parser(RESIZE_FROM_FRONT | RESIZE_GROW_ONLY | RESIZE_SHRINK_ONLY,
                               RESIZE_GROW_ONLY | RESIZE_SHRINK_ONLY)
_BYTES_OP = [_p_offset, _p_size, _p_buf, _flags_parser(_U_NF_P)]

# op -> (min args, max args, parsers)
_MODIFY: dict[int, tuple[int, int, list[Callable[[_Args, Any], None]]]] = {
    RESIZE: (1, 3, [lambda a, v: _p_byte_size(a, v, True), _flags_parser(_CU_NF), _RESIZE_SUB]),
    INSERT: (2, 3, [_p_byte_offset, _p_buf, _flags_parser(_CU_NF)]),
    REMOVE: (2, 3, [_p_byte_offset, _p_byte_size, _flags_parser(_U_NF_P)]),
    SET: (3, 4, _BYTES_OP),
    OR: (3, 4, _BYTES_OP),
    XOR: (3, 4, _BYTES_OP),
    AND: (3, 4, _BYTES_OP),
    NOT: (2, 3, [_p_offset, _p_size, _flags_parser(_U_NF_P)]),
    LSHIFT: (3, 4, [_p_offset, _p_size, _p_n_bits, _flags_parser(_U_NF_P)]),
    RSHIFT: (3, 4, [_p_offset, _p_size, _p_n_bits, _flags_parser(_U_NF_P)]),
    ADD: (3, 5, [_p_offset, _p_int_size, _p_uint, _flags_parser(_U_NF), _ARITH]),
    SUBTRACT: (3, 5, [_p_offset, _p_int_size, _p_uint, _flags_parser(_U_NF), _ARITH]),
    SET_INT: (3, 4, [_p_offset, _p_int_size, _p_uint, _flags_parser(_U_NF)]),
}
_READ: dict[int, tuple[int, int, list[Callable[[_Args, Any], None]]]] = {
    GET: (2, 2, [_p_offset, _p_size]),
    COUNT: (2, 2, [_p_offset, _p_size]),
    LSCAN: (3, 3, [_p_offset, _p_size, _p_bool]),
    RSCAN: (3, 3, [_p_offset, _p_size, _p_bool]),
    GET_INT: (2, 3, [_p_offset, _p_int_size, _subflags_parser(INT_SIGNED, 0)]),
}


def _parse(payload: Any, read: bool) -> tuple[int, _Args]:
    if not isinstance(payload, list) or not payload or payload[0] == 0xff:
        raise _bad()
    code = payload[0]
    table = _READ if read else _MODIFY
    if isinstance(code, bool) or code not in table:
        raise _bad()
    lo, hi, parsers = table[code]
    args = payload[1:]
    if not lo <= len(args) <= hi:
        raise _bad()
    a = _Args()
    for parse, v in zip(parsers, args):
        parse(a, v)
    return code, a


def _region(a: _Args, old_len: int, exists: bool) -> tuple[int, int]:
    """Absolute bit offset and the byte span [start, end) the op touches."""
    off = a.offset
    if off < 0:
        if not exists or -off > old_len * 8:
            raise _bad()
        off += old_len * 8
    start = off // 8
    end = (off + a.size + 7) // 8
    return off, end if end > start else start


def _fail(a: _Args, code: int) -> Exception:
    return _NoOp() if a.flags & NO_FAIL else ServerError(code)


def _get_bits(data: bytes, off: int, n: int) -> int:
    whole = int.from_bytes(data, "big")
    total = len(data) * 8
    return (whole >> (total - off - n)) & ((1 << n) - 1)


def _put_bits(data: bytes, off: int, n: int, value: int) -> bytes:
    total = len(data) * 8
    shift = total - off - n
    mask = ((1 << n) - 1) << shift
    whole = (int.from_bytes(data, "big") & ~mask) | ((value & ((1 << n) - 1)) << shift)
    return whole.to_bytes(len(data), "big")


def _buf_bits(buf: bytes, n: int) -> int:
    return int.from_bytes(buf, "big") >> (len(buf) * 8 - n)


def _arith(code: int, a: _Args, load: int) -> int:
    n = a.size
    mask = (1 << n) - 1
    value = a.value & mask
    result = (load + value if code == ADD else load - value) & mask
    if a.subflags & INT_WRAP:
        return result
    saturate = bool(a.subflags & INT_SATURATE)
    if a.subflags & INT_SIGNED:
        def signed(x: int) -> int:
            x &= mask
            return x - (1 << n) if x >> (n - 1) else x
        s_load, s_res = signed(load), signed(result)
        s_val = signed(value) if code == ADD else signed(-value)
        if s_load < 0 and s_val < 0 and s_res > 0:
            if not saturate:
                raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
            return 1 << (n - 1)
        if s_load > 0 and s_val > 0 and s_res < 0:
            if not saturate:
                raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
            return mask >> 1
        return result
    if code == ADD and result < load:
        if not saturate:
            raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
        return mask
    if code == SUBTRACT and result > load:
        if not saturate:
            raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
        return 0
    return result


def _modify(code: int, a: _Args, data: bytes, exists: bool) -> bytes:
    old_len = len(data)
    off, end = _region(a, old_len, exists)
    start = off // 8
    if code == RESIZE:
        new_len = a.size // 8
        if new_len == old_len:
            raise _NoOp()
        if new_len < old_len and a.subflags & RESIZE_GROW_ONLY or \
                new_len > old_len and a.subflags & RESIZE_SHRINK_ONLY:
            raise _fail(a, P.ERR_PARAMETER)
        front = bool(a.subflags & RESIZE_FROM_FRONT)
        if new_len < old_len:
            return data[old_len - new_len:] if front else data[:new_len]
        pad = bytes(new_len - old_len)
        return pad + data if front else data + pad
    if code == INSERT:
        assert a.buf is not None
        if start >= old_len:
            return data + bytes(start - old_len) + a.buf
        return data[:start] + a.buf + data[start:]
    if code == REMOVE:
        if start >= old_len:
            raise _fail(a, P.ERR_PARAMETER)
        if end > old_len:
            if not a.flags & PARTIAL:
                raise _fail(a, P.ERR_PARAMETER)
            end = old_len
        return data[:start] + data[end:]
    if code in (ADD, SUBTRACT, SET_INT):
        if start >= old_len or end > old_len:
            raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
        if code == SET_INT:
            return _put_bits(data, off, a.size, a.value)
        return _put_bits(data, off, a.size, _arith(code, a, _get_bits(data, off, a.size)))
    # set / or / xor / and / not / lshift / rshift
    if start >= old_len:
        raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
    n = a.size
    if end > old_len:
        if not a.flags & PARTIAL:
            raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
        n = old_len * 8 - off
    cur = _get_bits(data, off, n)
    mask = (1 << n) - 1
    if code in (SET, OR, XOR, AND):
        assert a.buf is not None
        src = _buf_bits(a.buf, a.size) >> (a.size - n)
        new = src if code == SET else cur | src if code == OR else \
            cur ^ src if code == XOR else cur & src
    elif code == NOT:
        new = ~cur & mask
    elif code == LSHIFT:
        new = (cur << a.value) & mask if a.value < n else 0
    else:
        new = cur >> a.value if a.value < n else 0
    return _put_bits(data, off, n, new)


def _read(code: int, a: _Args, data: bytes) -> tuple[int, bytes] | None:
    off, end = _region(a, len(data), True)
    if off // 8 >= len(data) or end > len(data):
        raise _fail(a, P.ERR_OP_NOT_APPLICABLE)
    n = a.size
    bits = _get_bits(data, off, n)
    if code == GET:
        nbytes = (n + 7) // 8
        return P.PT_BLOB, (bits << (nbytes * 8 - n)).to_bytes(nbytes, "big")
    if code == COUNT:
        result = bin(bits).count("1")
    elif code in (LSCAN, RSCAN):
        text = format(bits, f"0{n}b")
        want = "1" if a.value else "0"
        result = text.find(want) if code == LSCAN else text.rfind(want)
    else:
        result = bits
        if a.subflags & INT_SIGNED and bits >> (n - 1):
            result = bits - (1 << n)
    return P.PT_INTEGER, result.to_bytes(8, "big", signed=True)


def run_bit_op(ctx: Any, op: Op) -> tuple[int, bytes] | None:
    """Apply one bit operation to ctx.bins; returns the read result, if any."""
    try:
        payload = unpack(op.value)
    except P.ProtocolError as exc:
        raise _bad() from exc
    read = op.op == P.OP_BIT_READ
    code, a = _parse(payload, read)
    cur = ctx.bins.get(op.name)
    if read:
        if cur is None:
            return None
        if cur[0] != P.PT_BLOB:
            raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
        try:
            return _read(code, a, cur[1])
        except _NoOp:
            return None
    if cur is not None:
        if a.flags & CREATE_ONLY:
            if a.flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_BIN_EXISTS)
        if cur[0] != P.PT_BLOB:
            raise ServerError(P.ERR_INCOMPATIBLE_TYPE)
        data = cur[1]
    else:
        if code not in (INSERT, RESIZE) or a.flags & UPDATE_ONLY:
            if a.flags & NO_FAIL:
                return None
            raise ServerError(P.ERR_BIN_NOT_FOUND)
        data = b""
    try:
        new = _modify(code, a, data, cur is not None)
    except _NoOp:
        return None
    if len(new) >= MAX_BYTES:
        raise _bad()
    ctx.bins[op.name] = (P.PT_BLOB, new)
    return None

