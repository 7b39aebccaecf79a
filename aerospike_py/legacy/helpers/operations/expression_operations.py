"""Expression operations (``aerospike_helpers.operations.expression_operations``): they take compiled expressions."""

from __future__ import annotations

from typing import Any

from aerospike_py.legacy import _constants as C

# The dict keys of the operations built here (the official module's names for them).
BIN_KEY = "bin"
EXPR_FLAGS_KEY = "expr_flags"
EXPR_KEY = "expr"
OP_KEY = "op"



def expression_read(bin_name: str, expression: Any, expression_read_flags: int = 0) -> dict[str, Any]:
    return {"op": C.OP_EXPR_READ, "bin": bin_name, "expr": expression, "expr_flags": expression_read_flags}


def expression_write(bin_name: str, expression: Any, expression_write_flags: int = 0) -> dict[str, Any]:
    return {"op": C.OP_EXPR_WRITE, "bin": bin_name, "expr": expression, "expr_flags": expression_write_flags}
