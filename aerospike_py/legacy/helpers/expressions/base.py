"""Bins, metadata, comparisons and logic (``aerospike_helpers.expressions.base``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy.helpers.expressions.resources import _BaseExpr, _set


class BoolBin(_BaseExpr):
    """The value of a bin (result type 1)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=1, fixed={"bin": bin})


class IntBin(_BaseExpr):
    """The value of a bin (result type 2)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=2, fixed={"bin": bin})


class StrBin(_BaseExpr):
    """The value of a bin (result type 3)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=3, fixed={"bin": bin})


class ListBin(_BaseExpr):
    """The value of a bin (result type 4)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=4, fixed={"bin": bin})


class MapBin(_BaseExpr):
    """The value of a bin (result type 5)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=5, fixed={"bin": bin})


class BlobBin(_BaseExpr):
    """The value of a bin (result type 6)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=6, fixed={"bin": bin})


class FloatBin(_BaseExpr):
    """The value of a bin (result type 7)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=7, fixed={"bin": bin})


class GeoBin(_BaseExpr):
    """The value of a bin (result type 8)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=8, fixed={"bin": bin})


class HLLBin(_BaseExpr):
    """The value of a bin (result type 9)."""

    def __init__(self, bin: str) -> None:
        _set(self, 81, rt=9, fixed={"bin": bin})


class BinExists(_BaseExpr):
    """True when the bin exists."""

    def __init__(self, bin: str) -> None:
        _set(self, 83, rt=1, fixed={"bin": bin})


class BinType(_BaseExpr):
    """The bin's particle type."""

    def __init__(self, bin: str) -> None:
        _set(self, 82, rt=2, fixed={"bin": bin})


class KeyInt(_BaseExpr):
    """The record's stored key."""

    def __init__(self) -> None:
        _set(self, 80, rt=2)


class KeyStr(_BaseExpr):
    """The record's stored key."""

    def __init__(self) -> None:
        _set(self, 80, rt=3)


class KeyBlob(_BaseExpr):
    """The record's stored key."""

    def __init__(self) -> None:
        _set(self, 80, rt=6)


class KeyExists(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 70, rt=1)


class SetName(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 69, rt=3)


class RecordSize(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 74, rt=2)


class LastUpdateTime(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 66, rt=2)


class SinceUpdateTime(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 71, rt=2)


class VoidTime(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 67, rt=2)


class TTL(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 68, rt=2)


class IsTombstone(_BaseExpr):
    """Record metadata."""

    def __init__(self) -> None:
        _set(self, 72, rt=1)


class DigestMod(_BaseExpr):
    """The key digest modulo ``mod``."""

    def __init__(self, mod: int) -> None:
        _set(self, 64, rt=2, fixed={"val": mod})


class Eq(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 1, (expr0, expr1))


class NE(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 2, (expr0, expr1))


class GT(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 3, (expr0, expr1))


class GE(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 4, (expr0, expr1))


class LT(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 5, (expr0, expr1))


class LE(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 6, (expr0, expr1))


class CmpGeo(_BaseExpr):
    """A comparison."""

    def __init__(self, expr0: Any, expr1: Any) -> None:
        _set(self, 8, (expr0, expr1))


class CmpRegex(_BaseExpr):
    """A regular-expression match."""

    def __init__(self, options: int, regex_str: str, cmp_str: Any) -> None:
        _set(self, 7, (cmp_str,), fixed={"regex_options": options, "val": regex_str})


class Not(_BaseExpr):
    """Logical not."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 18, exprs)


class And(_BaseExpr):
    """A variadic node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 16, exprs, variadic=True)


class Or(_BaseExpr):
    """A variadic node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 17, exprs, variadic=True)


class Exclusive(_BaseExpr):
    """A variadic node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 19, exprs, variadic=True)


class Cond(_BaseExpr):
    """A variadic node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 123, exprs, variadic=True)


class Let(_BaseExpr):
    """A variadic node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 125, exprs, variadic=True)


class Def(_BaseExpr):
    """A variable definition inside ``Let``."""

    def __init__(self, var_name: str, expr: Any) -> None:
        _set(self, 126, (expr,), fixed={"val": var_name})


class Var(_BaseExpr):
    """A variable defined by ``Def``."""

    def __init__(self, var_name: str) -> None:
        _set(self, 124, fixed={"val": var_name})


class Unknown(_BaseExpr):
    """No value: the expression fails (a filter leaves the record out), e.g. as ``Cond``'s default."""

    def __init__(self) -> None:
        _set(self, 0)


class LoopVar(_BaseExpr):
    """The current element of a path context (``EXP_LOOPVAR_KEY`` / ``_VALUE`` / ``_INDEX``)."""

    _loopvar_op = 0  # the official base class compiles to no loop variable

    def __init__(self, var_id: int) -> None:
        _set(self, self._loopvar_op, fixed={"val": var_id})


class LoopVarFloat(LoopVar):
    _loopvar_op = 3000


class LoopVarInt(LoopVar):
    _loopvar_op = 3001


class LoopVarList(LoopVar):
    _loopvar_op = 3002


class LoopVarMap(LoopVar):
    _loopvar_op = 3003


class LoopVarStr(LoopVar):
    _loopvar_op = 3004


class LoopVarBlob(LoopVar):
    _loopvar_op = 3005


class LoopVarBool(LoopVar):
    _loopvar_op = 3006


class LoopVarNil(LoopVar):
    _loopvar_op = 3007


class LoopVarGeoJson(LoopVar):
    _loopvar_op = 3008


class LoopVarHLL(LoopVar):
    _loopvar_op = 3009


class RemoveResult(_BaseExpr):
    """As ``ModifyByPath``'s modifying expression: remove the selected element."""

    def __init__(self) -> None:
        _set(self, 100)


class SelectByPath(_BaseExpr):
    """What the path ``ctx`` selects in a list/map bin expression (``EXP_PATH_SELECT_*`` flags)."""

    def __init__(self, ctx: Any, value_type: Any, flags: int, bin: Any) -> None:
        _set(self, 3010, (bin,), fixed={"value_type": value_type, "ctx": ctx, "cdt_flags": flags})


class ModifyByPath(_BaseExpr):
    """The bin with what the path ``ctx`` selects replaced by ``mod_exp`` (``EXP_PATH_MODIFY_*`` flags)."""

    def __init__(self, ctx: Any, value_type: Any, mod_exp: Any, flags: int, bin: Any) -> None:
        _set(self, 3011, (bin,), fixed={"value_type": value_type, "ctx": ctx, "cdt_flags": flags,
                                        "mod_exp": mod_exp})
