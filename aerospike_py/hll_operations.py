"""HyperLogLog operations for ``operate()`` / ``operate_ordered()``.

Each function only builds an operation dict; the client checks and converts
it when the command is sent. Counts are estimates: an HLL with ``n`` index
bits has a relative error of about ``1.04 / sqrt(2**n)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from aerospike_py._types import _UNSET, HLLPolicy, Operation, _build_op
from aerospike_py.cdt_ctx import CDTContext

__all__ = [
    "hll_refresh_count",
    "Operation",
    "hll_init",
    "hll_add",
    "hll_get_count",
    "hll_get_union",
    "hll_get_union_count",
    "hll_get_intersect_count",
    "hll_get_similarity",
    "hll_describe",
    "hll_fold",
    "hll_set_union",
]

Ctx = Optional[Sequence[CDTContext]]

# Operation codes shared with the conversion layer (aerospike_py._ops).
OP_HLL_INIT = 3001
OP_HLL_ADD = 3002
OP_HLL_GET_COUNT = 3003
OP_HLL_GET_UNION = 3004
OP_HLL_GET_UNION_COUNT = 3005
OP_HLL_GET_INTERSECT_COUNT = 3006
OP_HLL_GET_SIMILARITY = 3007
OP_HLL_DESCRIBE = 3008
OP_HLL_FOLD = 3009
OP_HLL_SET_UNION = 3010
OP_HLL_REFRESH_COUNT = 3101


def _opt(value: Any) -> Any:
    """Leave an argument out of the dict when the caller left it as None."""
    return _UNSET if value is None else value


def hll_init(bin: str, index_bit_count: int, minhash_bit_count: Optional[int] = None, *,
             policy: Optional[HLLPolicy] = None, ctx: Ctx = None) -> Operation:
    """Create (or reset to empty) an HLL with ``index_bit_count`` index bits (4-16)."""
    return _build_op(OP_HLL_INIT, bin, index_bit_count=index_bit_count, minhash_bit_count=_opt(minhash_bit_count),
                     hll_policy=_opt(policy), ctx=_opt(ctx))


def hll_add(bin: str, values: list[Any], index_bit_count: Optional[int] = None,
            minhash_bit_count: Optional[int] = None, *, policy: Optional[HLLPolicy] = None,
            ctx: Ctx = None) -> Operation:
    """Add ``values``, creating the HLL with the given bit counts if missing; returns how many changed it."""
    return _build_op(OP_HLL_ADD, bin, val=values, index_bit_count=_opt(index_bit_count),
                     minhash_bit_count=_opt(minhash_bit_count), hll_policy=_opt(policy), ctx=_opt(ctx))


def hll_get_count(bin: str, *, ctx: Ctx = None) -> Operation:
    """Return the estimated number of distinct values added."""
    return _build_op(OP_HLL_GET_COUNT, bin, ctx=_opt(ctx))


def hll_get_union(bin: str, values: list[Any], *, ctx: Ctx = None) -> Operation:
    """Return the union of the bin with the HLL values in ``values``, as an HLL."""
    return _build_op(OP_HLL_GET_UNION, bin, val=values, ctx=_opt(ctx))


def hll_get_union_count(bin: str, values: list[Any], *, ctx: Ctx = None) -> Operation:
    """Return the estimated count of that union."""
    return _build_op(OP_HLL_GET_UNION_COUNT, bin, val=values, ctx=_opt(ctx))


def hll_get_intersect_count(bin: str, values: list[Any], *, ctx: Ctx = None) -> Operation:
    """Return the estimated count of the intersection with ``values``."""
    return _build_op(OP_HLL_GET_INTERSECT_COUNT, bin, val=values, ctx=_opt(ctx))


def hll_get_similarity(bin: str, values: list[Any], *, ctx: Ctx = None) -> Operation:
    """Return the estimated Jaccard similarity with ``values`` (a float)."""
    return _build_op(OP_HLL_GET_SIMILARITY, bin, val=values, ctx=_opt(ctx))


def hll_describe(bin: str, *, ctx: Ctx = None) -> Operation:
    """Return ``[index_bit_count, minhash_bit_count]``."""
    return _build_op(OP_HLL_DESCRIBE, bin, ctx=_opt(ctx))


def hll_fold(bin: str, index_bit_count: int, *, ctx: Ctx = None) -> Operation:
    """Reduce the HLL to ``index_bit_count`` index bits (only without min-hash bits)."""
    return _build_op(OP_HLL_FOLD, bin, index_bit_count=index_bit_count, ctx=_opt(ctx))


def hll_set_union(bin: str, values: list[Any], *, policy: Optional[HLLPolicy] = None,
                  ctx: Ctx = None) -> Operation:
    """Store the union of the bin with the HLL values in ``values``."""
    return _build_op(OP_HLL_SET_UNION, bin, val=values, hll_policy=_opt(policy), ctx=_opt(ctx))


def hll_refresh_count(bin: str, *, ctx: Ctx = None) -> Operation:
    """Recompute the cached count if stale; returns the count."""
    return _build_op(OP_HLL_REFRESH_COUNT, bin, ctx=_opt(ctx))
