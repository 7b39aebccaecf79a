"""What every expression class shares: the node layout and its ``compile()``.

An expression compiles to the official flat prefix list of
``(code, result_type, fixed_args, child_count)`` tuples; variadic nodes end
with an end marker. :mod:`aerospike_py.legacy._expressions` reads it back.
"""

from __future__ import annotations

from typing import Any, Optional, Union

END_OF_VA_ARGS = 150
VAL = 200


class ResultType:
    """``value_type`` of a nested item (the C client's as_exp_type)."""

    NIL = 0
    BOOLEAN = 1
    INTEGER = 2
    STRING = 3
    LIST = 4
    MAP = 5
    BLOB = 6
    FLOAT = 7
    GEOJSON = 8
    HLL = 9


class _BaseExpr:
    """One node: ``_op`` code, result type, fixed arguments and child expressions."""

    _op = 0
    _rt: Optional[int] = None
    _fixed: Optional[dict[str, Any]] = None
    _children: tuple[Any, ...] = ()
    _variadic = False

    def _nodes(self) -> list[tuple[Any, ...]]:
        count = len(self._children) + (1 if self._variadic else 0)
        out: list[tuple[Any, ...]] = [(self._op, self._rt, self._fixed, count)]
        for child in self._children:
            out.extend(_as_expr(child)._nodes())
        if self._variadic:
            out.append((END_OF_VA_ARGS, 0, {}, 0))
        return out

    def compile(self) -> list[tuple[Any, ...]]:
        """The expression as the flat list policies and operations take."""
        return self._nodes()


class Val(_BaseExpr):
    """A plain value inside an expression."""

    _op = VAL

    def __init__(self, value: Any) -> None:
        self._fixed = {"val": value}


def _as_expr(value: Any) -> _BaseExpr:
    if isinstance(value, _BaseExpr):
        return value
    return Val(value)


def _set(expr: _BaseExpr, op: int, children: tuple[Any, ...] = (), rt: Optional[int] = None,
         fixed: Optional[dict[str, Any]] = None, variadic: bool = False) -> None:
    expr._op = op
    expr._children = children
    expr._rt = rt
    expr._fixed = fixed
    expr._variadic = variadic


INVERTED = 0x10000  # LIST_RETURN_INVERTED / MAP_RETURN_INVERTED
LIST_POLICY_APPEND = 140  # policy node of an append / increment
LIST_POLICY_INSERT = 141  # policy node of an insert / set
MAP_POLICY = 142
BIT_FLAGS = 153


class ReturnType:
    """The inverted flag that folds into a ``return_type``."""

    LIST_RETURN_INVERTED = INVERTED
    MAP_RETURN_INVERTED = INVERTED


class _Node(_BaseExpr):
    """A node carrying only fixed arguments (policies and flags inside CDT and bit writes)."""

    def __init__(self, op: int, fixed: dict[str, Any]) -> None:
        _set(self, op, rt=0, fixed=fixed)


def _cdt(expr: _BaseExpr, op: int, children: tuple[Any, ...], ctx: Any = None,
         return_type: Optional[int] = None, inverted: bool = False,
         extra: Optional[dict[str, Any]] = None) -> None:
    """A list or map node: fixed ``return_type`` (inverted folded in), ``ctx`` and ``extra``."""
    fixed: dict[str, Any] = {}
    if return_type is not None:
        fixed["return_type"] = return_type | INVERTED if inverted else return_type
    if extra:
        fixed.update(extra)
    if ctx:
        fixed["ctx"] = ctx
    _set(expr, op, children, fixed=fixed)


def _cdt_write(expr: _BaseExpr, op: int, key: str, node: int, before: tuple[Any, ...], bin: Any,
               ctx: Any, policy: Any) -> None:
    """A list / map write: the operands, a policy node, then the bin."""
    fixed: dict[str, Any] = {}
    if ctx:
        fixed["ctx"] = ctx
    if policy:
        fixed[key] = policy
    _set(expr, op, (*before, _Node(node, {key: policy} if policy else {}), bin), fixed=fixed)


# Parameter type aliases of the official helpers (for annotations in application code).
TypeBinName = Union[_BaseExpr, str]
TypeBitValue = Union[bytes, bytearray]
TypeBool = Union[_BaseExpr, bool]
TypeCTX = Optional[list[Any]]
TypeComparisonArg = Union[_BaseExpr, Any]
TypeCount = Union[_BaseExpr, int, Any]
TypeFloat = Union[_BaseExpr, float]
TypeGeo = Union[_BaseExpr, Any]
TypeIndex = Union[_BaseExpr, int, Any]
TypeInteger = Union[_BaseExpr, int]
TypeKey = Union[_BaseExpr, Any]
TypeKeyList = Union[_BaseExpr, list[Any]]
TypeListValue = Union[_BaseExpr, list[Any]]
TypeNumber = Union[_BaseExpr, int, float]
TypePolicy = Optional[dict[str, Any]]
TypeRank = Union[_BaseExpr, int, Any]
TypeValue = Union[_BaseExpr, Any]
