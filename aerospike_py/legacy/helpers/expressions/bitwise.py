"""Bit expressions on blob bins (``aerospike_helpers.expressions.bitwise``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy.helpers.expressions.base import BlobBin
from aerospike_py.legacy.helpers.expressions.resources import BIT_FLAGS, _BaseExpr, _Node, _set


def _bin(bin: Any) -> Any:
    """A bin name stands for the blob bin of that name."""
    return BlobBin(bin) if isinstance(bin, str) else bin


def _flags(policy: Any) -> _Node:
    """The ``bit_write_flags`` of a bit policy dict (0 without one)."""
    value = policy["bit_write_flags"] if policy is not None and "bit_write_flags" in policy else 0
    return _Node(BIT_FLAGS, {"val": value})


class BitResize(_BaseExpr):
    """The blob resized to ``byte_size`` bytes (``BIT_RESIZE_*`` flags)."""

    def __init__(self, policy: Any, byte_size: int, flags: int, bin: Any) -> None:
        _set(self, 2000, (byte_size, _flags(policy), _Node(BIT_FLAGS, {"val": flags}), _bin(bin)))


class BitInsert(_BaseExpr):
    """The blob with ``value`` inserted at ``byte_offset``."""

    def __init__(self, policy: Any, byte_offset: int, value: Any, bin: Any) -> None:
        _set(self, 2001, (byte_offset, value, _flags(policy), _bin(bin)))


class BitRemove(_BaseExpr):
    """The blob without ``byte_size`` bytes from ``byte_offset``."""

    def __init__(self, policy: Any, byte_offset: int, byte_size: int, bin: Any) -> None:
        _set(self, 2002, (byte_offset, byte_size, _flags(policy), _bin(bin)))


class BitSet(_BaseExpr):
    """The blob with bits set from ``value``."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: Any, bin: Any) -> None:
        _set(self, 2003, (bit_offset, bit_size, value, _flags(policy), _bin(bin)))


class BitOr(_BaseExpr):
    """The blob OR ``value``."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: Any, bin: Any) -> None:
        _set(self, 2004, (bit_offset, bit_size, value, _flags(policy), _bin(bin)))


class BitXor(_BaseExpr):
    """The blob XOR ``value``."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: Any, bin: Any) -> None:
        _set(self, 2005, (bit_offset, bit_size, value, _flags(policy), _bin(bin)))


class BitAnd(_BaseExpr):
    """The blob AND ``value``."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: Any, bin: Any) -> None:
        _set(self, 2006, (bit_offset, bit_size, value, _flags(policy), _bin(bin)))


class BitNot(_BaseExpr):
    """The blob with the bits inverted."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, bin: Any) -> None:
        _set(self, 2007, (bit_offset, bit_size, _flags(policy), _bin(bin)))


class BitLeftShift(_BaseExpr):
    """The blob with the bits shifted left."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, shift: int, bin: Any) -> None:
        _set(self, 2008, (bit_offset, bit_size, shift, _flags(policy), _bin(bin)))


class BitRightShift(_BaseExpr):
    """The blob with the bits shifted right."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, shift: int, bin: Any) -> None:
        _set(self, 2009, (bit_offset, bit_size, shift, _flags(policy), _bin(bin)))


class BitAdd(_BaseExpr):
    """The blob with ``value`` added to the integer in the bits (``BIT_OVERFLOW_*`` action)."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: int, action: int, bin: Any) -> None:
        _set(self, 2010, (bit_offset, bit_size, value, _flags(policy), _Node(BIT_FLAGS, {"val": action}),
                          _bin(bin)))


class BitSubtract(_BaseExpr):
    """The blob with ``value`` subtracted from the integer in the bits."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: int, action: int, bin: Any) -> None:
        _set(self, 2011, (bit_offset, bit_size, value, _flags(policy), _Node(BIT_FLAGS, {"val": action}),
                          _bin(bin)))


class BitSetInt(_BaseExpr):
    """The blob with the integer ``value`` written in the bits."""

    def __init__(self, policy: Any, bit_offset: int, bit_size: int, value: int, bin: Any) -> None:
        _set(self, 2013, (bit_offset, bit_size, value, _flags(policy), _bin(bin)))


class BitGet(_BaseExpr):
    """The bits as a blob."""

    def __init__(self, bit_offset: int, bit_size: int, bin: Any) -> None:
        _set(self, 2014, (bit_offset, bit_size, _bin(bin)))


class BitCount(_BaseExpr):
    """The number of set bits."""

    def __init__(self, bit_offset: int, bit_size: int, bin: Any) -> None:
        _set(self, 2015, (bit_offset, bit_size, _bin(bin)))


class BitLeftScan(_BaseExpr):
    """The offset of the first bit equal to ``value``, from the left."""

    def __init__(self, bit_offset: int, bit_size: int, value: bool, bin: Any) -> None:
        _set(self, 2016, (bit_offset, bit_size, value, _bin(bin)))


class BitRightScan(_BaseExpr):
    """The offset of the first bit equal to ``value``, from the right."""

    def __init__(self, bit_offset: int, bit_size: int, value: bool, bin: Any) -> None:
        _set(self, 2017, (bit_offset, bit_size, value, _bin(bin)))


class BitGetInt(_BaseExpr):
    """The bits as an integer, signed when ``sign``."""

    def __init__(self, bit_offset: int, bit_size: int, sign: bool, bin: Any) -> None:
        _set(self, 2012, (bit_offset, bit_size, 1 if sign else 0, _bin(bin)))
