"""List read expressions (``aerospike_helpers.expressions.list``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.expressions.base import ListBin
from aerospike_py.legacy.helpers.expressions.resources import _BaseExpr, _set


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

    def __init__(self, ctx: Any, return_type: int, index: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_INDEX_RANGE_TO_END, (index, _bin(bin),), fixed=fixed)


class ListGetByIndexRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, count: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
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

    def __init__(self, ctx: Any, return_type: int, rank: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_RANK_RANGE_TO_END, (rank, _bin(bin),), fixed=fixed)


class ListGetByRankRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, count: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_RANK_RANGE, (rank, count, _bin(bin),), fixed=fixed)


class ListGetByValue(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE, (value, _bin(bin),), fixed=fixed)


class ListGetByValueRange(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_begin: Any, value_end: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE_RANGE, (value_begin, value_end, _bin(bin),), fixed=fixed)


class ListGetByValueList(_BaseExpr):
    """A read of a list bin (or a nested list selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_LIST_GET_BY_VALUE_LIST, (value, _bin(bin),), fixed=fixed)
