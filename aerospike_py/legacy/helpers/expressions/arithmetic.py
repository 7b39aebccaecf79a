"""Arithmetic and integer bit operators (``aerospike_helpers.expressions.arithmetic``)."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy.helpers.expressions.resources import _BaseExpr, _set


class Add(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 20, args, variadic=True)


class Sub(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 21, args, variadic=True)


class Mul(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 22, args, variadic=True)


class Div(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 23, args, variadic=True)


class Min(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 50, args, variadic=True)


class Max(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *args: Any) -> None:
        _set(self, 51, args, variadic=True)


class IntAnd(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 32, exprs, variadic=True)


class IntOr(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 33, exprs, variadic=True)


class IntXOr(_BaseExpr):
    """A variadic numeric node."""

    def __init__(self, *exprs: Any) -> None:
        _set(self, 34, exprs, variadic=True)


class Pow(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, base: Any, exponent: Any) -> None:
        _set(self, 24, (base, exponent))


class Log(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, num: Any, base: Any) -> None:
        _set(self, 25, (num, base))


class Mod(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, numerator: Any, denominator: Any) -> None:
        _set(self, 26, (numerator, denominator))


class IntLeftShift(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, value: Any, shift: Any) -> None:
        _set(self, 36, (value, shift))


class IntRightShift(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, value: Any, shift: Any) -> None:
        _set(self, 37, (value, shift))


class IntArithmeticRightShift(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, value: Any, shift: Any) -> None:
        _set(self, 38, (value, shift))


class IntLeftScan(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, value: Any, search: Any) -> None:
        _set(self, 40, (value, search))


class IntRightScan(_BaseExpr):
    """A numeric node of two operands."""

    def __init__(self, value: Any, search: Any) -> None:
        _set(self, 41, (value, search))


class Abs(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 27, (value,))


class Floor(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 28, (value,))


class Ceil(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 29, (value,))


class ToInt(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 30, (value,))


class ToFloat(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 31, (value,))


class IntNot(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, expr: Any) -> None:
        _set(self, 35, (expr,))


class IntCount(_BaseExpr):
    """A numeric node of one operand."""

    def __init__(self, value: Any) -> None:
        _set(self, 39, (value,))
