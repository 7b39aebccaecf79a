"""Bitwise operations on bytes bins, for ``operate()`` / ``operate_ordered()``.

Each function only builds an operation dict; the client checks and converts
it when the command is sent. ``policy`` is an int of ``BIT_WRITE_*`` flags.
Offsets count from the start of the blob (negative: from the end); bit
offsets are in bits, byte offsets in bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional, Union

from aerospike_py._types import _UNSET, Operation, _build_op
from aerospike_py.cdt_ctx import CDTContext

__all__ = [
    "Operation",
    "bit_resize",
    "bit_insert",
    "bit_remove",
    "bit_set",
    "bit_or",
    "bit_xor",
    "bit_and",
    "bit_not",
    "bit_lshift",
    "bit_rshift",
    "bit_add",
    "bit_subtract",
    "bit_set_int",
    "bit_get",
    "bit_count",
    "bit_lscan",
    "bit_rscan",
    "bit_get_int",
]

Ctx = Optional[Sequence[CDTContext]]
Bytes = Union[bytes, bytearray]

# Operation codes shared with the conversion layer (aerospike_py._ops).
OP_BIT_RESIZE = 4001
OP_BIT_INSERT = 4002
OP_BIT_REMOVE = 4003
OP_BIT_SET = 4004
OP_BIT_OR = 4005
OP_BIT_XOR = 4006
OP_BIT_AND = 4007
OP_BIT_NOT = 4008
OP_BIT_LSHIFT = 4009
OP_BIT_RSHIFT = 4010
OP_BIT_ADD = 4011
OP_BIT_SUBTRACT = 4012
OP_BIT_SET_INT = 4013
OP_BIT_GET = 4050
OP_BIT_COUNT = 4051
OP_BIT_LSCAN = 4052
OP_BIT_RSCAN = 4053
OP_BIT_GET_INT = 4054


def _opt(value: Any) -> Any:
    """Leave an argument out of the dict when the caller left it as None."""
    return _UNSET if value is None else value


def bit_resize(bin: str, byte_size: int, resize_flags: int = 0, policy: Optional[int] = None, *,
               ctx: Ctx = None) -> Operation:
    """Grow or shrink the blob to ``byte_size`` bytes (BIT_RESIZE_* say where and which way)."""
    return _build_op(OP_BIT_RESIZE, bin, byte_size=byte_size, resize_flags=resize_flags or _UNSET,
                     bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_insert(bin: str, byte_offset: int, value: Bytes, policy: Optional[int] = None, *,
               ctx: Ctx = None) -> Operation:
    """Insert ``value`` at ``byte_offset``."""
    return _build_op(OP_BIT_INSERT, bin, byte_offset=byte_offset, val=value, bit_policy=_opt(policy),
                     ctx=_opt(ctx))


def bit_remove(bin: str, byte_offset: int, byte_size: int, policy: Optional[int] = None, *,
               ctx: Ctx = None) -> Operation:
    """Remove ``byte_size`` bytes from ``byte_offset``."""
    return _build_op(OP_BIT_REMOVE, bin, byte_offset=byte_offset, byte_size=byte_size,
                     bit_policy=_opt(policy), ctx=_opt(ctx))


def _bits_with_value(code: int, bin: str, bit_offset: int, bit_size: int, value: Bytes,
                     policy: Optional[int], ctx: Ctx) -> Operation:
    return _build_op(code, bin, bit_offset=bit_offset, bit_size=bit_size, val=value, bit_policy=_opt(policy),
                     ctx=_opt(ctx))


def bit_set(bin: str, bit_offset: int, bit_size: int, value: Bytes, policy: Optional[int] = None, *,
            ctx: Ctx = None) -> Operation:
    """Overwrite ``bit_size`` bits at ``bit_offset`` with the leading bits of ``value``."""
    return _bits_with_value(OP_BIT_SET, bin, bit_offset, bit_size, value, policy, ctx)


def bit_or(bin: str, bit_offset: int, bit_size: int, value: Bytes, policy: Optional[int] = None, *,
           ctx: Ctx = None) -> Operation:
    """OR ``value`` into ``bit_size`` bits at ``bit_offset``."""
    return _bits_with_value(OP_BIT_OR, bin, bit_offset, bit_size, value, policy, ctx)


def bit_xor(bin: str, bit_offset: int, bit_size: int, value: Bytes, policy: Optional[int] = None, *,
            ctx: Ctx = None) -> Operation:
    """XOR ``value`` into ``bit_size`` bits at ``bit_offset``."""
    return _bits_with_value(OP_BIT_XOR, bin, bit_offset, bit_size, value, policy, ctx)


def bit_and(bin: str, bit_offset: int, bit_size: int, value: Bytes, policy: Optional[int] = None, *,
            ctx: Ctx = None) -> Operation:
    """AND ``value`` into ``bit_size`` bits at ``bit_offset``."""
    return _bits_with_value(OP_BIT_AND, bin, bit_offset, bit_size, value, policy, ctx)


def bit_not(bin: str, bit_offset: int, bit_size: int, policy: Optional[int] = None, *,
            ctx: Ctx = None) -> Operation:
    """Invert ``bit_size`` bits at ``bit_offset``."""
    return _build_op(OP_BIT_NOT, bin, bit_offset=bit_offset, bit_size=bit_size, bit_policy=_opt(policy),
                     ctx=_opt(ctx))


def bit_lshift(bin: str, bit_offset: int, bit_size: int, shift: int, policy: Optional[int] = None, *,
               ctx: Ctx = None) -> Operation:
    """Shift the region left by ``shift`` bits."""
    return _build_op(OP_BIT_LSHIFT, bin, bit_offset=bit_offset, bit_size=bit_size, shift=shift,
                     bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_rshift(bin: str, bit_offset: int, bit_size: int, shift: int, policy: Optional[int] = None, *,
               ctx: Ctx = None) -> Operation:
    """Shift the region right by ``shift`` bits."""
    return _build_op(OP_BIT_RSHIFT, bin, bit_offset=bit_offset, bit_size=bit_size, shift=shift,
                     bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_add(bin: str, bit_offset: int, bit_size: int, value: int, signed: bool = False, action: int = 0,
            policy: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Add ``value`` to the region read as an integer (``action``: BIT_OVERFLOW_*)."""
    return _build_op(OP_BIT_ADD, bin, bit_offset=bit_offset, bit_size=bit_size, val=value, signed=signed,
                     action=action, bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_subtract(bin: str, bit_offset: int, bit_size: int, value: int, signed: bool = False, action: int = 0,
                 policy: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Subtract ``value`` from the region read as an integer (``action``: BIT_OVERFLOW_*)."""
    return _build_op(OP_BIT_SUBTRACT, bin, bit_offset=bit_offset, bit_size=bit_size, val=value, signed=signed,
                     action=action, bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_set_int(bin: str, bit_offset: int, bit_size: int, value: int, policy: Optional[int] = None, *,
                ctx: Ctx = None) -> Operation:
    """Store ``value`` as a ``bit_size``-bit big-endian integer at ``bit_offset``."""
    return _build_op(OP_BIT_SET_INT, bin, bit_offset=bit_offset, bit_size=bit_size, val=value,
                     bit_policy=_opt(policy), ctx=_opt(ctx))


def bit_get(bin: str, bit_offset: int, bit_size: int, *, ctx: Ctx = None) -> Operation:
    """Return ``bit_size`` bits from ``bit_offset`` as bytes."""
    return _build_op(OP_BIT_GET, bin, bit_offset=bit_offset, bit_size=bit_size, ctx=_opt(ctx))


def bit_count(bin: str, bit_offset: int, bit_size: int, *, ctx: Ctx = None) -> Operation:
    """Return the number of set bits in the region."""
    return _build_op(OP_BIT_COUNT, bin, bit_offset=bit_offset, bit_size=bit_size, ctx=_opt(ctx))


def bit_lscan(bin: str, bit_offset: int, bit_size: int, value: bool, *, ctx: Ctx = None) -> Operation:
    """Return the position of the first bit equal to ``value`` from the left (-1: none)."""
    return _build_op(OP_BIT_LSCAN, bin, bit_offset=bit_offset, bit_size=bit_size, val=value, ctx=_opt(ctx))


def bit_rscan(bin: str, bit_offset: int, bit_size: int, value: bool, *, ctx: Ctx = None) -> Operation:
    """Return the position of the last bit equal to ``value`` (-1: none)."""
    return _build_op(OP_BIT_RSCAN, bin, bit_offset=bit_offset, bit_size=bit_size, val=value, ctx=_opt(ctx))


def bit_get_int(bin: str, bit_offset: int, bit_size: int, signed: bool = False, *, ctx: Ctx = None) -> Operation:
    """Return the region read as a big-endian integer."""
    return _build_op(OP_BIT_GET_INT, bin, bit_offset=bit_offset, bit_size=bit_size, signed=signed,
                     ctx=_opt(ctx))
