"""Shapes shared by the operation-builder modules (list, map, bit, HLL).

Kept apart from :mod:`aerospike_py.types` so the builder modules can import
these without pulling in the record and policy types.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["Operation", "ListPolicy", "MapPolicy", "HLLPolicy"]

Operation = dict[str, Any]
"""One entry of the ``ops`` list given to ``operate()`` / ``operate_ordered()``.

Always has ``op`` (an ``OPERATOR_*`` or CDT operation code) and ``bin``; the
remaining keys (``val``, ``index``, ``return_type``, ``list_policy`` ...)
depend on the operation.  A plain dict keeps operations cheap to build and easy
to log.
"""


class ListPolicy(TypedDict, total=False):
    """How a list CDT write treats ordering and existing items."""

    order: int  # LIST_UNORDERED / LIST_ORDERED
    flags: int  # LIST_WRITE_* bit flags


class MapPolicy(TypedDict, total=False):
    """How a map CDT write treats ordering and existing keys."""

    order: int  # MAP_UNORDERED / MAP_KEY_ORDERED / MAP_KEY_VALUE_ORDERED
    write_mode: int  # MAP_UPDATE / MAP_UPDATE_ONLY / MAP_CREATE_ONLY or MAP_WRITE_FLAGS_*


class HLLPolicy(TypedDict, total=False):
    """How a HyperLogLog write treats an existing bin."""

    flags: int  # HLL_WRITE_* bit flags


_UNSET: Any = object()
"""Marks an optional builder argument the caller did not pass (``None`` can be a real value)."""


def _build_op(op_code: int, bin: str, /, **kwargs: Any) -> Operation:
    """Return ``{"op": op_code, "bin": bin, **kwargs}`` without the arguments left ``_UNSET``."""
    op: Operation = {"op": op_code, "bin": bin}
    op.update((name, value) for name, value in kwargs.items() if value is not _UNSET)
    return op
