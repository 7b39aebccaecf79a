"""Operations that evaluate an expression on the server inside ``operate``.

Named like the official client's ``aerospike_helpers.operations.expression_operations``:

    from aerospike_py import exp, expression_operations as expr_ops

    ops = [
        expr_ops.expression_write("total", exp.num_add(exp.int_bin("a"), exp.int_bin("b"))),
        expr_ops.expression_read("doubled", exp.num_mul(exp.int_bin("a"), exp.int_val(2))),
    ]
    client.operate(key, ops)

``expression_read`` returns the value under the name it is given (no bin is
read or written by that name); ``expression_write`` stores the value in a bin.
Each returns an operation dict; the expression is compiled when the
operation is sent (once per expression object).
"""

from __future__ import annotations

from typing import Any

from aerospike_py.exp import (
    EXP_READ_DEFAULT,
    EXP_READ_EVAL_NO_FAIL,
    EXP_WRITE_ALLOW_DELETE,
    EXP_WRITE_CREATE_ONLY,
    EXP_WRITE_DEFAULT,
    EXP_WRITE_EVAL_NO_FAIL,
    EXP_WRITE_POLICY_NO_FAIL,
    EXP_WRITE_UPDATE_ONLY,
    Expr,
)

__all__ = [
    "OPERATOR_EXP_READ",
    "OPERATOR_EXP_WRITE",
    "EXP_READ_DEFAULT",
    "EXP_READ_EVAL_NO_FAIL",
    "EXP_WRITE_DEFAULT",
    "EXP_WRITE_CREATE_ONLY",
    "EXP_WRITE_UPDATE_ONLY",
    "EXP_WRITE_ALLOW_DELETE",
    "EXP_WRITE_POLICY_NO_FAIL",
    "EXP_WRITE_EVAL_NO_FAIL",
    "expression_read",
    "expression_write",
    "exp_read",
    "exp_write",
]

OPERATOR_EXP_READ = 5001
OPERATOR_EXP_WRITE = 5002


def expression_read(bin_name: str, expression: Expr, expression_read_flags: int = EXP_READ_DEFAULT) -> dict[str, Any]:
    """Evaluate ``expression`` and return its value as ``bin_name`` in the result."""
    return {"op": OPERATOR_EXP_READ, "bin": bin_name, "expr": expression, "expr_flags": expression_read_flags}


def expression_write(bin_name: str, expression: Expr,
                     expression_write_flags: int = EXP_WRITE_DEFAULT) -> dict[str, Any]:
    """Evaluate ``expression`` and store its value in bin ``bin_name`` (EXP_WRITE_* flags)."""
    return {"op": OPERATOR_EXP_WRITE, "bin": bin_name, "expr": expression, "expr_flags": expression_write_flags}


def exp_read(name: str, expr: Expr, flags: int = EXP_READ_DEFAULT) -> dict[str, Any]:
    """Short name of :func:`expression_read`."""
    return expression_read(name, expr, flags)


def exp_write(bin_name: str, expr: Expr, flags: int = EXP_WRITE_DEFAULT) -> dict[str, Any]:
    """Short name of :func:`expression_write`."""
    return expression_write(bin_name, expr, flags)
