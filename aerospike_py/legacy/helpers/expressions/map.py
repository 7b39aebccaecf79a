"""Map read expressions (``aerospike_helpers.expressions.map``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.expressions.base import MapBin
from aerospike_py.legacy.helpers.expressions.resources import _BaseExpr, _set


def _bin(bin: Any) -> Any:
    """A bin name stands for the map bin of that name."""
    return MapBin(bin) if isinstance(bin, str) else bin


class MapSize(_BaseExpr):
    """The number of items."""

    def __init__(self, ctx: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"ctx": ctx} if ctx else {}
        _set(self, C.OP_MAP_SIZE, (_bin(bin),), fixed=fixed)


class MapGetByKey(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_type: int, key: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"value_type": value_type, "return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_KEY, (key, _bin(bin),), fixed=fixed)


class MapGetByKeyRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, begin: Any, end: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_KEY_RANGE, (begin, end, _bin(bin),), fixed=fixed)


class MapGetByKeyList(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, keys: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_KEY_LIST, (keys, _bin(bin),), fixed=fixed)


class MapGetByValue(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_VALUE, (value, _bin(bin),), fixed=fixed)


class MapGetByValueRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_begin: Any, value_end: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_VALUE_RANGE, (value_begin, value_end, _bin(bin),), fixed=fixed)


class MapGetByValueList(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_VALUE_LIST, (value, _bin(bin),), fixed=fixed)


class MapGetByIndex(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_type: int, index: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"value_type": value_type, "return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_INDEX, (index, _bin(bin),), fixed=fixed)


class MapGetByIndexRangeToEnd(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_INDEX_RANGE_TO_END, (index, _bin(bin),), fixed=fixed)


class MapGetByIndexRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, count: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_INDEX_RANGE, (index, count, _bin(bin),), fixed=fixed)


class MapGetByRank(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_type: int, rank: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"value_type": value_type, "return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_RANK, (rank, _bin(bin),), fixed=fixed)


class MapGetByRankRangeToEnd(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_RANK_RANGE_TO_END, (rank, _bin(bin),), fixed=fixed)


class MapGetByRankRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, count: Any, bin: Any) -> None:
        fixed: dict[str, Any] = {"return_type": return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_RANK_RANGE, (rank, count, _bin(bin),), fixed=fixed)
