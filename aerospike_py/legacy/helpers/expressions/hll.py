"""HyperLogLog expressions (``aerospike_helpers.expressions.hll``)."""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy.helpers.expressions.base import HLLBin
from aerospike_py.legacy.helpers.expressions.resources import _BaseExpr, _set


def _bin(bin: Any) -> Any:
    """A bin name stands for the HLL bin of that name."""
    return HLLBin(bin) if isinstance(bin, str) else bin


def _flags(policy: Any) -> int:
    return policy["flags"] if policy is not None and "flags" in policy else 0


def _bits(count: Optional[int]) -> int:
    """-1 keeps the bin's own bit count."""
    return -1 if count is None else count


class HLLInit(_BaseExpr):
    """A new, empty HLL with the given bit counts."""

    def __init__(self, policy: Any, index_bit_count: Optional[int], mh_bit_count: Optional[int], bin: Any) -> None:
        _set(self, 2108, (_bits(index_bit_count), _bits(mh_bit_count), _flags(policy), _bin(bin)))


class HLLAdd(_BaseExpr):
    """The HLL with the values of ``list`` added."""

    def __init__(self, policy: Any, list: Any, index_bit_count: Optional[int], mh_bit_count: Optional[int],
                 bin: Any) -> None:
        _set(self, 2100, (list, _bits(index_bit_count), _bits(mh_bit_count), _flags(policy), _bin(bin)))


class HLLGetCount(_BaseExpr):
    """The estimated number of distinct values."""

    def __init__(self, bin: Any) -> None:
        _set(self, 2103, (_bin(bin),))


class HLLGetUnion(_BaseExpr):
    """The union of the bin with the HLLs in ``values``."""

    def __init__(self, values: Any, bin: Any) -> None:
        _set(self, 2106, (values, _bin(bin)))


class HLLGetUnionCount(_BaseExpr):
    """The estimated count of that union."""

    def __init__(self, values: Any, bin: Any) -> None:
        _set(self, 2107, (values, _bin(bin)))


class HLLGetIntersectCount(_BaseExpr):
    """The estimated count of the intersection with the HLLs in ``values``."""

    def __init__(self, values: Any, bin: Any) -> None:
        _set(self, 2104, (values, _bin(bin)))


class HLLGetSimilarity(_BaseExpr):
    """The estimated similarity with the HLLs in ``values``."""

    def __init__(self, values: Any, bin: Any) -> None:
        _set(self, 2105, (values, _bin(bin)))


class HLLDescribe(_BaseExpr):
    """``[index_bit_count, mh_bit_count]``."""

    def __init__(self, bin: Any) -> None:
        _set(self, 2101, (_bin(bin),))


class HLLMayContain(_BaseExpr):
    """1 if every value of ``list`` may be in the HLL, else 0."""

    def __init__(self, list: Any, bin: Any) -> None:
        _set(self, 2111, (list, _bin(bin)))
