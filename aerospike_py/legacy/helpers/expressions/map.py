"""Map read expressions (``aerospike_helpers.expressions.map``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.expressions.base import MapBin
from aerospike_py.legacy.helpers.expressions.resources import INVERTED, MAP_POLICY, _BaseExpr, _cdt, _cdt_write, _set


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

    def __init__(self, ctx: Any, return_type: int, begin: Any, end: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_KEY_RANGE, (begin, end, _bin(bin),), fixed=fixed)


class MapGetByKeyList(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, keys: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_KEY_LIST, (keys, _bin(bin),), fixed=fixed)


class MapGetByValue(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_VALUE, (value, _bin(bin),), fixed=fixed)


class MapGetByValueRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value_begin: Any, value_end: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_VALUE_RANGE, (value_begin, value_end, _bin(bin),), fixed=fixed)


class MapGetByValueList(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, value: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
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

    def __init__(self, ctx: Any, return_type: int, index: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_INDEX_RANGE_TO_END, (index, _bin(bin),), fixed=fixed)


class MapGetByIndexRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
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

    def __init__(self, ctx: Any, return_type: int, rank: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_RANK_RANGE_TO_END, (rank, _bin(bin),), fixed=fixed)


class MapGetByRankRange(_BaseExpr):
    """A read of a map bin (or a nested map selected by ``ctx``)."""

    def __init__(self, ctx: Any, return_type: int, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        fixed: dict[str, Any] = {"return_type": return_type | INVERTED if inverted else return_type}
        if ctx:
            fixed["ctx"] = ctx
        _set(self, C.OP_MAP_GET_BY_RANK_RANGE, (rank, count, _bin(bin),), fixed=fixed)


class MapPut(_BaseExpr):
    """Store ``value`` under ``key``; the expression is the map as modified."""

    def __init__(self, ctx: Any, policy: Any, key: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1102, "map_policy", MAP_POLICY, (key, value), _bin(bin), ctx, policy)


class MapPutItems(_BaseExpr):
    """Store every entry of ``map``."""

    def __init__(self, ctx: Any, policy: Any, map: Any, bin: Any) -> None:
        _cdt_write(self, 1103, "map_policy", MAP_POLICY, (map,), _bin(bin), ctx, policy)


class MapIncrement(_BaseExpr):
    """Add ``value`` to the value under ``key``."""

    def __init__(self, ctx: Any, policy: Any, key: Any, value: Any, bin: Any) -> None:
        _cdt_write(self, 1104, "map_policy", MAP_POLICY, (key, value), _bin(bin), ctx, policy)


class MapClear(_BaseExpr):
    """The map emptied."""

    def __init__(self, ctx: Any, bin: Any) -> None:
        _cdt(self, 1107, (_bin(bin),), ctx)


class MapRemoveByKey(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, key: Any, bin: Any) -> None:
        _cdt(self, 1108, (key, _bin(bin)), ctx)


class MapRemoveByKeyList(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, keys: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1109, (keys, _bin(bin)), ctx, 0, inverted)


class MapRemoveByKeyRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, begin: Any, end: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1110, (begin, end, _bin(bin)), ctx, 0, inverted)


class MapRemoveByKeyRelIndexRangeToEnd(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, key: Any, index: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1132, (key, index, _bin(bin)), ctx, 0, inverted)


class MapRemoveByKeyRelIndexRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, key: Any, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1137, (key, index, count, _bin(bin)), ctx, 0, inverted)


class MapRemoveByValue(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, value: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1111, (value, _bin(bin)), ctx, 0, inverted)


class MapRemoveByValueList(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, values: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1112, (values, _bin(bin)), ctx, 0, inverted)


class MapRemoveByValueRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, begin: Any, end: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1113, (begin, end, _bin(bin)), ctx, 0, inverted)


class MapRemoveByValueRelRankRangeToEnd(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, value: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1133, (value, rank, _bin(bin)), ctx, 0, inverted)


class MapRemoveByValueRelRankRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1139, (value, rank, count, _bin(bin)), ctx, 0, inverted)


class MapRemoveByIndex(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, index: Any, bin: Any) -> None:
        _cdt(self, 1114, (index, _bin(bin)), ctx)


class MapRemoveByIndexRangeToEnd(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, index: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1134, (index, _bin(bin)), ctx, 0, inverted)


class MapRemoveByIndexRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1115, (index, count, _bin(bin)), ctx, 0, inverted)


class MapRemoveByRank(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, rank: Any, bin: Any) -> None:
        _cdt(self, 1116, (rank, _bin(bin)), ctx)


class MapRemoveByRankRangeToEnd(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1135, (rank, _bin(bin)), ctx, 0, inverted)


class MapRemoveByRankRange(_BaseExpr):
    """The map without the selected items."""

    def __init__(self, ctx: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1117, (rank, count, _bin(bin)), ctx, 0, inverted)


class MapGetByKeyRelIndexRangeToEnd(_BaseExpr):
    """Select from the map relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, key: Any, index: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1136, (key, index, _bin(bin)), ctx, return_type, inverted)


class MapGetByKeyRelIndexRange(_BaseExpr):
    """Select from the map relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, key: Any, index: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1140, (key, index, count, _bin(bin)), ctx, return_type, inverted)


class MapGetByValueRelRankRangeToEnd(_BaseExpr):
    """Select from the map relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, value: Any, rank: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1141, (value, rank, _bin(bin)), ctx, return_type, inverted)


class MapGetByValueRelRankRange(_BaseExpr):
    """Select from the map relative to a value or key."""

    def __init__(self, ctx: Any, return_type: int, value: Any, rank: Any, count: Any, bin: Any, inverted: bool = False) -> None:
        _cdt(self, 1130, (value, rank, count, _bin(bin)), ctx, return_type, inverted)


class MapGetKeys(_BaseExpr):
    """The keys of a map as a list (server 8.1.2+); a bin name stands for that map bin."""

    def __init__(self, map_value: Any) -> None:
        _set(self, 101, (map_value if isinstance(map_value, _BaseExpr) else MapBin(map_value),))


class MapGetValues(_BaseExpr):
    """The values of a map as a list (server 8.1.2+); a bin name stands for that map bin."""

    def __init__(self, map_value: Any) -> None:
        _set(self, 102, (map_value if isinstance(map_value, _BaseExpr) else MapBin(map_value),))
