"""Map operations for ``operate()`` / ``operate_ordered()``.

Each function only builds an operation dict; the client checks and converts
it when the command is sent. Every function takes an optional ``ctx=[...]``
(see :mod:`aerospike_py.cdt_ctx`) to act on a map nested inside the bin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from aerospike_py._types import _UNSET, MapPolicy, Operation, _build_op
from aerospike_py.cdt_ctx import CDTContext

__all__ = [
    "map_get_by_key_rel_index_range",
    "map_remove_by_key_rel_index_range",
    "map_get_by_value_rel_rank_range",
    "map_remove_by_value_rel_rank_range",
    "map_create",
    "map_set_policy",
    "Operation",
    "map_set_order",
    "map_put",
    "map_put_items",
    "map_increment",
    "map_decrement",
    "map_clear",
    "map_remove_by_key",
    "map_remove_by_key_list",
    "map_remove_by_key_range",
    "map_remove_by_value",
    "map_remove_by_value_list",
    "map_remove_by_value_range",
    "map_remove_by_index",
    "map_remove_by_index_range",
    "map_remove_by_rank",
    "map_remove_by_rank_range",
    "map_size",
    "map_get_by_key",
    "map_get_by_key_range",
    "map_get_by_value",
    "map_get_by_value_range",
    "map_get_by_index",
    "map_get_by_index_range",
    "map_get_by_rank",
    "map_get_by_rank_range",
    "map_get_by_key_list",
    "map_get_by_value_list",
]

Ctx = Optional[Sequence[CDTContext]]

# Operation codes shared with the conversion layer (aerospike_py._ops).
OP_MAP_SET_ORDER = 2001
OP_MAP_PUT = 2002
OP_MAP_PUT_ITEMS = 2003
OP_MAP_INCREMENT = 2004
OP_MAP_DECREMENT = 2005
OP_MAP_CLEAR = 2006
OP_MAP_REMOVE_BY_KEY = 2007
OP_MAP_REMOVE_BY_KEY_LIST = 2008
OP_MAP_REMOVE_BY_KEY_RANGE = 2009
OP_MAP_REMOVE_BY_VALUE = 2010
OP_MAP_REMOVE_BY_VALUE_LIST = 2011
OP_MAP_REMOVE_BY_VALUE_RANGE = 2012
OP_MAP_REMOVE_BY_INDEX = 2013
OP_MAP_REMOVE_BY_INDEX_RANGE = 2014
OP_MAP_REMOVE_BY_RANK = 2015
OP_MAP_REMOVE_BY_RANK_RANGE = 2016
OP_MAP_SIZE = 2017
OP_MAP_GET_BY_KEY = 2018
OP_MAP_GET_BY_KEY_RANGE = 2019
OP_MAP_GET_BY_VALUE = 2020
OP_MAP_GET_BY_VALUE_RANGE = 2021
OP_MAP_GET_BY_INDEX = 2022
OP_MAP_GET_BY_INDEX_RANGE = 2023
OP_MAP_GET_BY_RANK = 2024
OP_MAP_GET_BY_RANK_RANGE = 2025
OP_MAP_GET_BY_KEY_LIST = 2026
OP_MAP_GET_BY_VALUE_LIST = 2027
OP_MAP_GET_BY_KEY_REL_INDEX_RANGE = 2101
OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE = 2102
OP_MAP_GET_BY_VALUE_REL_RANK_RANGE = 2103
OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE = 2104
OP_MAP_CREATE = 2105
OP_MAP_SET_POLICY = 2106


def _opt(value: Any) -> Any:
    """Leave an argument out of the dict when the caller left it as None."""
    return _UNSET if value is None else value


def map_set_order(bin: str, map_order: int, *, ctx: Ctx = None) -> Operation:
    """Set the map's key order (MAP_UNORDERED, MAP_KEY_ORDERED, MAP_KEY_VALUE_ORDERED)."""
    return _build_op(OP_MAP_SET_ORDER, bin, val=map_order, ctx=_opt(ctx))


def map_put(bin: str, key: Any, val: Any, policy: Optional[MapPolicy] = None, *, ctx: Ctx = None) -> Operation:
    """Store ``val`` under ``key``; returns the new map size."""
    return _build_op(OP_MAP_PUT, bin, map_key=key, val=val, map_policy=_opt(policy), ctx=_opt(ctx))


def map_put_items(bin: str, items: dict[Any, Any], policy: Optional[MapPolicy] = None, *,
                  ctx: Ctx = None) -> Operation:
    """Store every entry of ``items``; returns the new map size."""
    return _build_op(OP_MAP_PUT_ITEMS, bin, val=items, map_policy=_opt(policy), ctx=_opt(ctx))


def map_increment(bin: str, key: Any, incr: Any, policy: Optional[MapPolicy] = None, *,
                  ctx: Ctx = None) -> Operation:
    """Add ``incr`` to the number under ``key``; returns the new value."""
    return _build_op(OP_MAP_INCREMENT, bin, map_key=key, val=incr, map_policy=_opt(policy), ctx=_opt(ctx))


def map_decrement(bin: str, key: Any, decr: Any, policy: Optional[MapPolicy] = None, *,
                  ctx: Ctx = None) -> Operation:
    """Subtract ``decr`` from the number under ``key``; returns the new value."""
    return _build_op(OP_MAP_DECREMENT, bin, map_key=key, val=decr, map_policy=_opt(policy), ctx=_opt(ctx))


def map_clear(bin: str, *, ctx: Ctx = None) -> Operation:
    """Remove every entry, keeping the (empty) map."""
    return _build_op(OP_MAP_CLEAR, bin, ctx=_opt(ctx))


def map_remove_by_key(bin: str, key: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the entry under ``key``; ``return_type`` (MAP_RETURN_*) says what comes back."""
    return _build_op(OP_MAP_REMOVE_BY_KEY, bin, map_key=key, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_key_list(bin: str, keys: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the entries under any of ``keys``."""
    return _build_op(OP_MAP_REMOVE_BY_KEY_LIST, bin, val=keys, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_key_range(bin: str, begin: Any, end: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove entries with ``begin <= key < end`` (None: unbounded)."""
    return _build_op(OP_MAP_REMOVE_BY_KEY_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def map_remove_by_value(bin: str, val: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove entries whose value equals ``val``."""
    return _build_op(OP_MAP_REMOVE_BY_VALUE, bin, val=val, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_value_list(bin: str, values: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove entries whose value equals any of ``values``."""
    return _build_op(OP_MAP_REMOVE_BY_VALUE_LIST, bin, val=values, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_value_range(bin: str, begin: Any, end: Any, return_type: int, *,
                              ctx: Ctx = None) -> Operation:
    """Remove entries with ``begin <= value < end`` (None: unbounded)."""
    return _build_op(OP_MAP_REMOVE_BY_VALUE_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def map_remove_by_index(bin: str, index: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the entry at key-order position ``index``."""
    return _build_op(OP_MAP_REMOVE_BY_INDEX, bin, index=index, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_index_range(bin: str, index: int, return_type: int, count: Optional[int] = None, *,
                              ctx: Ctx = None) -> Operation:
    """Remove ``count`` entries from position ``index`` (all to the end when None)."""
    return _build_op(OP_MAP_REMOVE_BY_INDEX_RANGE, bin, index=index, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def map_remove_by_rank(bin: str, rank: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the entry of value rank ``rank``."""
    return _build_op(OP_MAP_REMOVE_BY_RANK, bin, rank=rank, return_type=return_type, ctx=_opt(ctx))


def map_remove_by_rank_range(bin: str, rank: int, return_type: int, count: Optional[int] = None, *,
                             ctx: Ctx = None) -> Operation:
    """Remove ``count`` entries from value rank ``rank`` (all higher when None)."""
    return _build_op(OP_MAP_REMOVE_BY_RANK_RANGE, bin, rank=rank, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def map_size(bin: str, *, ctx: Ctx = None) -> Operation:
    """Return the number of entries."""
    return _build_op(OP_MAP_SIZE, bin, ctx=_opt(ctx))


def map_get_by_key(bin: str, key: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the entry under ``key``."""
    return _build_op(OP_MAP_GET_BY_KEY, bin, map_key=key, return_type=return_type, ctx=_opt(ctx))


def map_get_by_key_range(bin: str, begin: Any, end: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select entries with ``begin <= key < end`` (None: unbounded)."""
    return _build_op(OP_MAP_GET_BY_KEY_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def map_get_by_value(bin: str, val: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select entries whose value equals ``val``."""
    return _build_op(OP_MAP_GET_BY_VALUE, bin, val=val, return_type=return_type, ctx=_opt(ctx))


def map_get_by_value_range(bin: str, begin: Any, end: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select entries with ``begin <= value < end`` (None: unbounded)."""
    return _build_op(OP_MAP_GET_BY_VALUE_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def map_get_by_index(bin: str, index: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the entry at key-order position ``index``."""
    return _build_op(OP_MAP_GET_BY_INDEX, bin, index=index, return_type=return_type, ctx=_opt(ctx))


def map_get_by_index_range(bin: str, index: int, return_type: int, count: Optional[int] = None, *,
                           ctx: Ctx = None) -> Operation:
    """Select ``count`` entries from position ``index`` (all to the end when None)."""
    return _build_op(OP_MAP_GET_BY_INDEX_RANGE, bin, index=index, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def map_get_by_rank(bin: str, rank: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the entry of value rank ``rank``."""
    return _build_op(OP_MAP_GET_BY_RANK, bin, rank=rank, return_type=return_type, ctx=_opt(ctx))


def map_get_by_rank_range(bin: str, rank: int, return_type: int, count: Optional[int] = None, *,
                          ctx: Ctx = None) -> Operation:
    """Select ``count`` entries from value rank ``rank`` (all higher when None)."""
    return _build_op(OP_MAP_GET_BY_RANK_RANGE, bin, rank=rank, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def map_get_by_key_list(bin: str, keys: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the entries under any of ``keys``."""
    return _build_op(OP_MAP_GET_BY_KEY_LIST, bin, val=keys, return_type=return_type, ctx=_opt(ctx))


def map_get_by_value_list(bin: str, values: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select entries whose value equals any of ``values``."""
    return _build_op(OP_MAP_GET_BY_VALUE_LIST, bin, val=values, return_type=return_type, ctx=_opt(ctx))


def map_get_by_key_rel_index_range(bin: str, key: Any, index: int, return_type: int,
                                   count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Select ``count`` entries from ``index`` counted from where ``key`` sorts (to the end when None)."""
    return _build_op(OP_MAP_GET_BY_KEY_REL_INDEX_RANGE, bin, map_key=key, index=index, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def map_remove_by_key_rel_index_range(bin: str, key: Any, index: int, return_type: int,
                                      count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Remove ``count`` entries from ``index`` counted from where ``key`` sorts (to the end when None)."""
    return _build_op(OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE, bin, map_key=key, index=index, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def map_get_by_value_rel_rank_range(bin: str, value: Any, rank: int, return_type: int,
                                    count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Select ``count`` entries from ``rank`` counted from where ``value`` ranks (to the end when None)."""
    return _build_op(OP_MAP_GET_BY_VALUE_REL_RANK_RANGE, bin, val=value, rank=rank, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def map_remove_by_value_rel_rank_range(bin: str, value: Any, rank: int, return_type: int,
                                       count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Remove ``count`` entries from ``rank`` counted from where ``value`` ranks (to the end when None)."""
    return _build_op(OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE, bin, val=value, rank=rank, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def map_create(bin: str, map_order: int, persist_index: bool = False, *, ctx: Ctx = None) -> Operation:
    """Create an empty map at ``ctx`` (or set the bin's order when no ctx) if none is there."""
    return _build_op(OP_MAP_CREATE, bin, map_order=map_order, persist_index=persist_index, ctx=_opt(ctx))


def map_set_policy(bin: str, policy: dict[str, Any], *, ctx: Ctx = None) -> Operation:
    """Set the map's order (``policy["order"]``) and ``persist_index`` flag (``policy["persist_index"]``)."""
    return _build_op(OP_MAP_SET_POLICY, bin, map_policy=policy, ctx=_opt(ctx))
