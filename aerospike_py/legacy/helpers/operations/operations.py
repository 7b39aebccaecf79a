"""Basic operations (``aerospike_helpers.operations.operations``)."""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.operations import _op


def read(bin_name: str) -> dict[str, Any]:
    return _op(C.OPERATOR_READ, bin_name)


def write(bin_name: str, write_item: Any) -> dict[str, Any]:
    return {"op": C.OPERATOR_WRITE, "bin": bin_name, "val": write_item}


def delete() -> dict[str, Any]:
    return {"op": C.OPERATOR_DELETE}


def append(bin_name: str, append_item: Any) -> dict[str, Any]:
    return {"op": C.OPERATOR_APPEND, "bin": bin_name, "val": append_item}


def prepend(bin_name: str, prepend_item: Any) -> dict[str, Any]:
    return {"op": C.OPERATOR_PREPEND, "bin": bin_name, "val": prepend_item}


def increment(bin_name: str, amount: Any) -> dict[str, Any]:
    return {"op": C.OPERATOR_INCR, "bin": bin_name, "val": amount}


def touch(ttl: Optional[int] = None) -> dict[str, Any]:
    return _op(C.OPERATOR_TOUCH, None, val=ttl)


def select_by_path(bin_name: str, ctx: list[Any], flags: int) -> dict[str, Any]:
    """What the path ``ctx`` selects in the bin (``EXP_PATH_SELECT_*`` flags)."""
    return {"op": C._AS_OPERATOR_CDT_READ, "bin": bin_name, "ctx": ctx, C._CDT_FLAGS_KEY: flags}


def modify_by_path(bin_name: str, ctx: list[Any], expr: Any, flags: int) -> dict[str, Any]:
    """Replace what the path ``ctx`` selects by the compiled ``expr`` (``EXP_PATH_MODIFY_*`` flags)."""
    return {"op": C._AS_OPERATOR_CDT_MODIFY, "bin": bin_name, "ctx": ctx, C._CDT_APPLY_MOD_EXP_KEY: expr,
            C._CDT_FLAGS_KEY: flags}
