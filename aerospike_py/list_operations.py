"""List operations for ``operate()`` / ``operate_ordered()``.

Each function only builds an operation dict (``{"op": code, "bin": ..., ...}``);
the client checks and converts it when the command is sent. Every function
takes an optional ``ctx=[...]`` (see :mod:`aerospike_py.cdt_ctx`) to act on a
list nested inside the bin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from aerospike_py._types import _UNSET, ListPolicy, Operation, _build_op
from aerospike_py.cdt_ctx import CDTContext

__all__ = [
    "list_get_by_value_rel_rank_range",
    "list_remove_by_value_rel_rank_range",
    "list_create",
    "Operation",
    "list_append",
    "list_append_items",
    "list_insert",
    "list_insert_items",
    "list_pop",
    "list_pop_range",
    "list_remove",
    "list_remove_range",
    "list_set",
    "list_trim",
    "list_clear",
    "list_size",
    "list_get",
    "list_get_range",
    "list_get_by_value",
    "list_get_by_index",
    "list_get_by_index_range",
    "list_get_by_rank",
    "list_get_by_rank_range",
    "list_get_by_value_list",
    "list_get_by_value_range",
    "list_remove_by_value",
    "list_remove_by_value_list",
    "list_remove_by_value_range",
    "list_remove_by_index",
    "list_remove_by_index_range",
    "list_remove_by_rank",
    "list_remove_by_rank_range",
    "list_increment",
    "list_sort",
    "list_set_order",
]

Ctx = Optional[Sequence[CDTContext]]

# Operation codes shared with the conversion layer (aerospike_py._ops).
OP_LIST_APPEND = 1001
OP_LIST_APPEND_ITEMS = 1002
OP_LIST_INSERT = 1003
OP_LIST_INSERT_ITEMS = 1004
OP_LIST_POP = 1005
OP_LIST_POP_RANGE = 1006
OP_LIST_REMOVE = 1007
OP_LIST_REMOVE_RANGE = 1008
OP_LIST_SET = 1009
OP_LIST_TRIM = 1010
OP_LIST_CLEAR = 1011
OP_LIST_SIZE = 1012
OP_LIST_GET = 1013
OP_LIST_GET_RANGE = 1014
OP_LIST_GET_BY_VALUE = 1015
OP_LIST_GET_BY_INDEX = 1016
OP_LIST_GET_BY_INDEX_RANGE = 1017
OP_LIST_GET_BY_RANK = 1018
OP_LIST_GET_BY_RANK_RANGE = 1019
OP_LIST_GET_BY_VALUE_LIST = 1020
OP_LIST_GET_BY_VALUE_RANGE = 1021
OP_LIST_REMOVE_BY_VALUE = 1022
OP_LIST_REMOVE_BY_VALUE_LIST = 1023
OP_LIST_REMOVE_BY_VALUE_RANGE = 1024
OP_LIST_REMOVE_BY_INDEX = 1025
OP_LIST_REMOVE_BY_INDEX_RANGE = 1026
OP_LIST_REMOVE_BY_RANK = 1027
OP_LIST_REMOVE_BY_RANK_RANGE = 1028
OP_LIST_INCREMENT = 1029
OP_LIST_SORT = 1030
OP_LIST_SET_ORDER = 1031
OP_LIST_GET_BY_VALUE_REL_RANK_RANGE = 1101
OP_LIST_REMOVE_BY_VALUE_REL_RANK_RANGE = 1102
OP_LIST_CREATE = 1103


def _opt(value: Any) -> Any:
    """Leave an argument out of the dict when the caller left it as None."""
    return _UNSET if value is None else value


def list_append(bin: str, val: Any, policy: Optional[ListPolicy] = None, *, ctx: Ctx = None) -> Operation:
    """Append ``val``; returns the new list size."""
    return _build_op(OP_LIST_APPEND, bin, val=val, list_policy=_opt(policy), ctx=_opt(ctx))


def list_append_items(bin: str, values: list[Any], policy: Optional[ListPolicy] = None, *,
                      ctx: Ctx = None) -> Operation:
    """Append every item of ``values``; returns the new list size."""
    return _build_op(OP_LIST_APPEND_ITEMS, bin, val=values, list_policy=_opt(policy), ctx=_opt(ctx))


def list_insert(bin: str, index: int, val: Any, policy: Optional[ListPolicy] = None, *,
                ctx: Ctx = None) -> Operation:
    """Insert ``val`` before position ``index``; returns the new list size."""
    return _build_op(OP_LIST_INSERT, bin, index=index, val=val, list_policy=_opt(policy), ctx=_opt(ctx))


def list_insert_items(bin: str, index: int, values: list[Any], policy: Optional[ListPolicy] = None, *,
                      ctx: Ctx = None) -> Operation:
    """Insert ``values`` before position ``index``; returns the new list size."""
    return _build_op(OP_LIST_INSERT_ITEMS, bin, index=index, val=values, list_policy=_opt(policy),
                     ctx=_opt(ctx))


def list_pop(bin: str, index: int, *, ctx: Ctx = None) -> Operation:
    """Remove the item at ``index`` and return it."""
    return _build_op(OP_LIST_POP, bin, index=index, ctx=_opt(ctx))


def list_pop_range(bin: str, index: int, count: int, *, ctx: Ctx = None) -> Operation:
    """Remove ``count`` items from ``index`` and return them."""
    return _build_op(OP_LIST_POP_RANGE, bin, index=index, count=count, ctx=_opt(ctx))


def list_remove(bin: str, index: int, *, ctx: Ctx = None) -> Operation:
    """Remove the item at ``index``; returns the number removed."""
    return _build_op(OP_LIST_REMOVE, bin, index=index, ctx=_opt(ctx))


def list_remove_range(bin: str, index: int, count: int, *, ctx: Ctx = None) -> Operation:
    """Remove ``count`` items from ``index``; returns the number removed."""
    return _build_op(OP_LIST_REMOVE_RANGE, bin, index=index, count=count, ctx=_opt(ctx))


def list_set(bin: str, index: int, val: Any, *, ctx: Ctx = None) -> Operation:
    """Overwrite the item at ``index`` with ``val``."""
    return _build_op(OP_LIST_SET, bin, index=index, val=val, ctx=_opt(ctx))


def list_trim(bin: str, index: int, count: int, *, ctx: Ctx = None) -> Operation:
    """Keep only ``count`` items from ``index``; returns the number removed."""
    return _build_op(OP_LIST_TRIM, bin, index=index, count=count, ctx=_opt(ctx))


def list_clear(bin: str, *, ctx: Ctx = None) -> Operation:
    """Remove every item, keeping the (empty) list."""
    return _build_op(OP_LIST_CLEAR, bin, ctx=_opt(ctx))


def list_size(bin: str, *, ctx: Ctx = None) -> Operation:
    """Return the number of items."""
    return _build_op(OP_LIST_SIZE, bin, ctx=_opt(ctx))


def list_get(bin: str, index: int, *, ctx: Ctx = None) -> Operation:
    """Return the item at ``index``."""
    return _build_op(OP_LIST_GET, bin, index=index, ctx=_opt(ctx))


def list_get_range(bin: str, index: int, count: int, *, ctx: Ctx = None) -> Operation:
    """Return ``count`` items from ``index``."""
    return _build_op(OP_LIST_GET_RANGE, bin, index=index, count=count, ctx=_opt(ctx))


def list_get_by_value(bin: str, val: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select items equal to ``val``; ``return_type`` (LIST_RETURN_*) says what comes back."""
    return _build_op(OP_LIST_GET_BY_VALUE, bin, val=val, return_type=return_type, ctx=_opt(ctx))


def list_get_by_index(bin: str, index: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the item at ``index``."""
    return _build_op(OP_LIST_GET_BY_INDEX, bin, index=index, return_type=return_type, ctx=_opt(ctx))


def list_get_by_index_range(bin: str, index: int, return_type: int, count: Optional[int] = None, *,
                            ctx: Ctx = None) -> Operation:
    """Select ``count`` items from ``index`` (all to the end when ``count`` is None)."""
    return _build_op(OP_LIST_GET_BY_INDEX_RANGE, bin, index=index, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def list_get_by_rank(bin: str, rank: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select the item of value rank ``rank`` (0 smallest, -1 largest)."""
    return _build_op(OP_LIST_GET_BY_RANK, bin, rank=rank, return_type=return_type, ctx=_opt(ctx))


def list_get_by_rank_range(bin: str, rank: int, return_type: int, count: Optional[int] = None, *,
                           ctx: Ctx = None) -> Operation:
    """Select ``count`` items from rank ``rank`` (all higher ranks when ``count`` is None)."""
    return _build_op(OP_LIST_GET_BY_RANK_RANGE, bin, rank=rank, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def list_get_by_value_list(bin: str, values: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select items equal to any of ``values``."""
    return _build_op(OP_LIST_GET_BY_VALUE_LIST, bin, val=values, return_type=return_type, ctx=_opt(ctx))


def list_get_by_value_range(bin: str, begin: Any, end: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Select items with ``begin <= value < end`` (None: unbounded)."""
    return _build_op(OP_LIST_GET_BY_VALUE_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def list_remove_by_value(bin: str, val: Any, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove items equal to ``val``."""
    return _build_op(OP_LIST_REMOVE_BY_VALUE, bin, val=val, return_type=return_type, ctx=_opt(ctx))


def list_remove_by_value_list(bin: str, values: list[Any], return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove items equal to any of ``values``."""
    return _build_op(OP_LIST_REMOVE_BY_VALUE_LIST, bin, val=values, return_type=return_type, ctx=_opt(ctx))


def list_remove_by_value_range(bin: str, begin: Any, end: Any, return_type: int, *,
                               ctx: Ctx = None) -> Operation:
    """Remove items with ``begin <= value < end`` (None: unbounded)."""
    return _build_op(OP_LIST_REMOVE_BY_VALUE_RANGE, bin, val=begin, val_end=end, return_type=return_type,
                     ctx=_opt(ctx))


def list_remove_by_index(bin: str, index: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the item at ``index``."""
    return _build_op(OP_LIST_REMOVE_BY_INDEX, bin, index=index, return_type=return_type, ctx=_opt(ctx))


def list_remove_by_index_range(bin: str, index: int, return_type: int, count: Optional[int] = None, *,
                               ctx: Ctx = None) -> Operation:
    """Remove ``count`` items from ``index`` (all to the end when ``count`` is None)."""
    return _build_op(OP_LIST_REMOVE_BY_INDEX_RANGE, bin, index=index, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def list_remove_by_rank(bin: str, rank: int, return_type: int, *, ctx: Ctx = None) -> Operation:
    """Remove the item of value rank ``rank``."""
    return _build_op(OP_LIST_REMOVE_BY_RANK, bin, rank=rank, return_type=return_type, ctx=_opt(ctx))


def list_remove_by_rank_range(bin: str, rank: int, return_type: int, count: Optional[int] = None, *,
                              ctx: Ctx = None) -> Operation:
    """Remove ``count`` items from rank ``rank`` (all higher ranks when ``count`` is None)."""
    return _build_op(OP_LIST_REMOVE_BY_RANK_RANGE, bin, rank=rank, return_type=return_type,
                     count=_opt(count), ctx=_opt(ctx))


def list_increment(bin: str, index: int, val: int, policy: Optional[ListPolicy] = None, *,
                   ctx: Ctx = None) -> Operation:
    """Add ``val`` to the number at ``index``; returns the new value."""
    return _build_op(OP_LIST_INCREMENT, bin, index=index, val=val, list_policy=_opt(policy), ctx=_opt(ctx))


def list_sort(bin: str, sort_flags: int = 0, *, ctx: Ctx = None) -> Operation:
    """Sort the list in place (``LIST_SORT_DROP_DUPLICATES`` also drops repeats)."""
    return _build_op(OP_LIST_SORT, bin, val=sort_flags, ctx=_opt(ctx))


def list_set_order(bin: str, list_order: int = 0, *, ctx: Ctx = None) -> Operation:
    """Make the list ordered (``LIST_ORDERED``) or unordered."""
    return _build_op(OP_LIST_SET_ORDER, bin, val=list_order, ctx=_opt(ctx))


def list_get_by_value_rel_rank_range(bin: str, value: Any, rank: int, return_type: int,
                                     count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Select ``count`` items from rank ``rank`` counted from where ``value`` ranks (to the end when None)."""
    return _build_op(OP_LIST_GET_BY_VALUE_REL_RANK_RANGE, bin, val=value, rank=rank, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def list_remove_by_value_rel_rank_range(bin: str, value: Any, rank: int, return_type: int,
                                        count: Optional[int] = None, *, ctx: Ctx = None) -> Operation:
    """Remove ``count`` items from rank ``rank`` counted from where ``value`` ranks (to the end when None)."""
    return _build_op(OP_LIST_REMOVE_BY_VALUE_REL_RANK_RANGE, bin, val=value, rank=rank, count=_opt(count),
                     return_type=return_type, ctx=_opt(ctx))


def list_create(bin: str, list_order: int = 0, pad: bool = False, persist_index: bool = False, *,
                ctx: Ctx = None) -> Operation:
    """Create an empty list at ``ctx`` (or set the bin's order when no ctx) if none is there.

    ``pad`` lets a list index context beyond the end pad with nils; ``persist_index``
    keeps a server-side index of a top-level ordered list.
    """
    return _build_op(OP_LIST_CREATE, bin, list_order=list_order, pad=pad, persist_index=persist_index,
                     ctx=_opt(ctx))
