"""Bitwise operations on blob bins (``aerospike_helpers.operations.bitwise_operations``).

``value_byte_size`` is accepted for compatibility and ignored: the value's own length is used.
"""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.operations import _op

# The dict keys of the operations built here (the official module's names for them).
ACTION_KEY = "action"
BIN_KEY = "bin"
BIT_OFFSET_KEY = "bit_offset"
BIT_SIZE_KEY = "bit_size"
BYTE_OFFSET_KEY = "byte_offset"
BYTE_SIZE_KEY = "byte_size"
COUNT_KEY = "count"
INDEX_KEY = "index"
KEY_KEY = "key"
OFFSET_KEY = "offset"
OP_KEY = "op"
POLICY_KEY = "policy"
RESIZE_FLAGS_KEY = "resize_flags"
SIGN_KEY = "sign"
VALUE_BYTE_SIZE_KEY = "value_byte_size"
VALUE_KEY = "value"


Policy = Optional[dict[str, Any]]


def bit_resize(bin_name: str, byte_size: int, policy: Policy = None, resize_flags: int = 0) -> dict[str, Any]:
    return _op(C.OP_BIT_RESIZE, bin_name, policy=policy, resize_flags=resize_flags, byte_size=byte_size)


def bit_remove(bin_name: str, byte_offset: int, byte_size: int, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_REMOVE, bin_name, byte_offset=byte_offset, byte_size=byte_size, policy=policy)


def bit_set(bin_name: str, bit_offset: int, bit_size: int, value_byte_size: int, value: Any,
            policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_SET, bin_name, bit_offset=bit_offset, bit_size=bit_size, value_byte_size=value_byte_size,
               value=value, policy=policy)


def bit_set_int(bin_name: str, bit_offset: int, bit_size: int, value: int, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_SET_INT, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=value, policy=policy)


def bit_count(bin_name: str, bit_offset: int, bit_size: int) -> dict[str, Any]:
    return _op(C.OP_BIT_COUNT, bin_name, bit_offset=bit_offset, bit_size=bit_size)


def bit_add(bin_name: str, bit_offset: int, bit_size: int, value: int, sign: bool, action: int,
            policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_ADD, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=value, sign=sign,
               action=action, policy=policy)


def bit_subtract(bin_name: str, bit_offset: int, bit_size: int, value: int, sign: bool, action: int,
                 policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_SUBTRACT, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=value, sign=sign,
               action=action, policy=policy)


def bit_and(bin_name: str, bit_offset: int, bit_size: int, value_byte_size: int, value: Any,
            policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_AND, bin_name, bit_offset=bit_offset, bit_size=bit_size, value_byte_size=value_byte_size,
               value=value, policy=policy)


def bit_or(bin_name: str, bit_offset: int, bit_size: int, value_byte_size: int, value: Any,
           policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_OR, bin_name, bit_offset=bit_offset, bit_size=bit_size, value_byte_size=value_byte_size,
               value=value, policy=policy)


def bit_xor(bin_name: str, bit_offset: int, bit_size: int, value_byte_size: int, value: Any,
            policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_XOR, bin_name, bit_offset=bit_offset, bit_size=bit_size, value_byte_size=value_byte_size,
               value=value, policy=policy)


def bit_get(bin_name: str, bit_offset: int, bit_size: int) -> dict[str, Any]:
    return _op(C.OP_BIT_GET, bin_name, bit_offset=bit_offset, bit_size=bit_size)


def bit_get_int(bin_name: str, bit_offset: int, bit_size: int, sign: bool) -> dict[str, Any]:
    return _op(C.OP_BIT_GET_INT, bin_name, bit_offset=bit_offset, bit_size=bit_size, sign=sign)


def bit_insert(bin_name: str, byte_offset: int, value_byte_size: int, value: Any,
               policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_INSERT, bin_name, byte_offset=byte_offset, value_byte_size=value_byte_size, value=value,
               policy=policy)


def bit_lscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> dict[str, Any]:
    return _op(C.OP_BIT_LSCAN, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=value)


def bit_rscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> dict[str, Any]:
    return _op(C.OP_BIT_RSCAN, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=value)


def bit_lshift(bin_name: str, bit_offset: int, bit_size: int, shift: int, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_LSHIFT, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=shift, policy=policy)


def bit_rshift(bin_name: str, bit_offset: int, bit_size: int, shift: int, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_RSHIFT, bin_name, bit_offset=bit_offset, bit_size=bit_size, value=shift, policy=policy)


def bit_not(bin_name: str, bit_offset: int, bit_size: int, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_BIT_NOT, bin_name, bit_offset=bit_offset, bit_size=bit_size, policy=policy)
