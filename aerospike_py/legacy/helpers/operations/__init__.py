"""Operation builders (``aerospike_helpers.operations``): dicts in the official shapes."""

from __future__ import annotations

from typing import Any, Optional


def _op(code: int, bin_name: Optional[str], ctx: Any = None, **fields: Any) -> dict[str, Any]:
    """``{"op": code, "bin": ..., fields...}``, leaving out fields given as None."""
    out: dict[str, Any] = {"op": code}
    if bin_name is not None:
        out["bin"] = bin_name
    for name, value in fields.items():
        if value is not None:
            out[name] = value
    if ctx:
        out["ctx"] = ctx
    return out
