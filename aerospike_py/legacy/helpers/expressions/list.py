"""List read expressions (``aerospike_helpers.expressions.list``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.expressions.base import ListBin
from aerospike_py.legacy.helpers.expressions.resources import (INVERTED, LIST_POLICY_APPEND, LIST_POLICY_INSERT, _BaseExpr, _cdt,
                                                                _cdt_write, _set)


def _bin(bin: Any) -> Any:
    """A bin name stands for the list bin of that name."""
    return ListBin(bin) if isinstance(bin, str) else bin


class ListSize(_BaseExpr):
    """The number of items."""

    def __init__(self, ctx: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"ctx": ctx} if ctx else {}
        _set(self, C.OP_LIST_SIZE, (_bin(bin),), fixed=fixed)


class ListGetByIndex(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_type: int, index: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"value_type": value_type, "return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_INDEX, (index, _bin(bin),), fixed=fixed)


class ListGetByIndexRangeToEnd(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_INDEX_RANGE_TO_END, (index, _bin(bin),), fixed=fixed)


class ListGetByIndexRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_INDEX_RANGE, (index, count, _bin(bin),), fixed=fixed)


class ListGetByRank(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_type: int, rank: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"value_type": value_type, "return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_RANK, (rank, _bin(bin),), fixed=fixed)


class ListGetByRankRangeToEnd(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_RANK_RANGE_TO_END, (rank, _bin(bin),), fixed=fixed)


class ListGetByRankRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_RANK_RANGE, (rank, count, _bin(bin),), fixed=fixed)


class ListGetByValue(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE, (value, _bin(bin),), fixed=fixed)


class ListGetByValueRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_begin: Any, value_end: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE_RANGE, (value_begin, value_end, _bin(bin),), fixed=fixed)


class ListGetByValueList(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE_LIST, (value, _bin(bin),), fixed=fixed)


class ListAppend(_BaseExpr):
    """Append ``value`` to the list; the expression is the list as modified."""

    def __init__(self, ctx: Any, policy: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1001, "list_policy", LIST_POLICY_APPEND, (value,), _bin(bin), ctx, policy)


class ListAppendItems(_BaseExpr):
    """Append every item of ``value``."""

    def __init__(self, ctx: Any, policy: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1002, "list_policy", LIST_POLICY_APPEND, (value,), _bin(bin), ctx, policy)


class ListInsert(_BaseExpr):
    """Insert ``value`` at ``index``."""

    def __init__(self, ctx: Any, policy: Any, index: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1003, "list_policy", LIST_POLICY_INSERT, (index, value), _bin(bin), ctx, policy)


class ListInsertItems(_BaseExpr):
    """Insert every item of ``values`` at ``index``."""

    def __init__(self, ctx: Any, policy: Any, index: Any, values: Any, bin: Any) -> None:
        _cdt_write(self, 1004, "list_policy", LIST_POLICY_INSERT, (index, values), _bin(bin), ctx, policy)


class ListIncrement(_BaseExpr):
    """Add ``value`` to the item at ``index``."""

    def __init__(self, ctx: Any, policy: Any, index: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1015, "list_policy", LIST_POLICY_APPEND, (index, value), _bin(bin), ctx, policy)


class ListSet(_BaseExpr):
    """Set the item at ``index`` to ``value``."""

    def __init__(self, ctx: Any, policy: Any, index: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1010, "list_policy", LIST_POLICY_INSERT, (index, value), _bin(bin), ctx, policy)


class ListClear(_BaseExpr):
    """The list emptied."""

    def __init__(self, ctx: Any, bin: Any) -> None:
        _cdt(self, 1009, (_bin(bin),), ctx)


class ListSort(_BaseExpr):
    """The list sorted (``LIST_SORT_*`` flags in ``order``)."""

    def __init__(self, ctx: Any, order: int, bin: Any) -> None:
        _cdt(self, 1031, (_bin(bin),), ctx, extra={"list_order": order})


class ListRemoveByValue(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, value: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1027, (value, _bin(bin)), ctx, 0, inverted)


class ListRemoveByValueList(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, values: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1028, (values, _bin(bin)), ctx, 0, inverted)


class ListRemoveByValueRange(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, begin: Any, end: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1029, (begin, end, _bin(bin)), ctx, 0, inverted)


class ListRemoveByValueRelRankToEnd(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, value: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1037, (value, rank, _bin(bin)), ctx, 0, inverted)


class ListRemoveByValueRelRankRange(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1038, (value, rank, count, _bin(bin)), ctx, 0, inverted)


class ListRemoveByIndex(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, index: Any, bin: Any) -> None:
        _cdt(self, 1023, (index, _bin(bin)), ctx)


class ListRemoveByIndexRangeToEnd(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, index: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1039, (index, _bin(bin)), ctx, 0, inverted)


class ListRemoveByIndexRange(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1024, (index, count, _bin(bin)), ctx, 0, inverted)


class ListRemoveByRank(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, rank: Any, bin: Any) -> None:
        _cdt(self, 1025, (rank, _bin(bin)), ctx)


class ListRemoveByRankRangeToEnd(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1040, (rank, _bin(bin)), ctx, 0, inverted)


class ListRemoveByRankRange(_BaseExpr):
    """The list without the selected items."""

    def __init__(self, ctx: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1026, (rank, count, _bin(bin)), ctx, 0, inverted)


class ListGetByValueRelRankRangeToEnd(_BaseExpr):
    """Select from the list relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, value: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1034, (value, rank, _bin(bin)), ctx, return_type, inverted)


class ListGetByValueRelRankRange(_BaseExpr):
    """Select from the list relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1033, (value, rank, count, _bin(bin)), ctx, return_type, inverted)


class InList(_BaseExpr):
    """True when ``value`` equals an item of the list bin (or list expression) ``bin``."""

    def __init__(self, value: Any, bin: Any) -> None:
        _set(self, 9, (value, _bin(bin)))
