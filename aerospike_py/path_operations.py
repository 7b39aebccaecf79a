"""Path operations for ``operate()`` / ``operate_ordered()`` (server 8.1.1+).

A path is a ``ctx`` list that may fan out: besides the usual contexts
(``cdt_ctx_map_key``, ``cdt_ctx_list_index``, ...) it can hold
``cdt_ctx_all_children()``, ``cdt_ctx_all_children_with_filter(expr)``,
``cdt_ctx_map_keys_in(keys)`` and ``cdt_ctx_and_filter(expr)``, whose filter
expressions see each element through ``exp.loopvar_*`` variables.

    from aerospike_py import cdt_ctx, exp, path_operations as po

    in_stock = exp.gt(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(0))
    client.operate(key, [po.select_by_path("stock", [cdt_ctx.cdt_ctx_all_children_with_filter(in_stock)],
                                           po.PATH_SELECT_MAP_KEY)])

Each function only builds an operation dict; the client checks and converts
it when the command is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aerospike_py._types import Operation, _build_op
from aerospike_py.cdt_ctx import CDTContext
from aerospike_py.exp import (
    PATH_MODIFY_DEFAULT,
    PATH_MODIFY_NO_FAIL,
    PATH_SELECT_LIST_VALUE,
    PATH_SELECT_MAP_KEY,
    PATH_SELECT_MAP_KEY_VALUE,
    PATH_SELECT_MAP_VALUE,
    PATH_SELECT_MATCHING_TREE,
    PATH_SELECT_NO_FAIL,
    PATH_SELECT_VALUE,
)

__all__ = [
    "Operation",
    "select_by_path",
    "modify_by_path",
    "PATH_SELECT_MATCHING_TREE",
    "PATH_SELECT_VALUE",
    "PATH_SELECT_LIST_VALUE",
    "PATH_SELECT_MAP_VALUE",
    "PATH_SELECT_MAP_KEY",
    "PATH_SELECT_MAP_KEY_VALUE",
    "PATH_SELECT_NO_FAIL",
    "PATH_MODIFY_DEFAULT",
    "PATH_MODIFY_NO_FAIL",
]

# Operation codes shared with the conversion layer (aerospike_py._ops).
OP_SELECT_BY_PATH = 6001
OP_MODIFY_BY_PATH = 6002


def select_by_path(bin: str, ctx: Sequence[CDTContext], flags: int = PATH_SELECT_MATCHING_TREE) -> Operation:
    """Return what the path ``ctx`` selects in the bin.

    ``flags``: ``PATH_SELECT_MATCHING_TREE`` (the bin pruned to the selected
    elements), ``PATH_SELECT_VALUE`` / ``PATH_SELECT_MAP_KEY`` /
    ``PATH_SELECT_MAP_KEY_VALUE`` (a list of the selected elements' values,
    keys or key-value pairs), with ``PATH_SELECT_NO_FAIL`` ORed in to skip
    elements a context or filter cannot apply to instead of failing.
    """
    return _build_op(OP_SELECT_BY_PATH, bin, ctx=ctx, path_flags=flags)


def modify_by_path(bin: str, ctx: Sequence[CDTContext], expr: Any, flags: int = PATH_MODIFY_DEFAULT) -> Operation:
    """Replace every element the path ``ctx`` selects by the value of ``expr`` and store the bin.

    ``expr`` sees the element through ``exp.loopvar_*(exp.LOOPVAR_VALUE)``
    (and ``LOOPVAR_KEY`` / ``LOOPVAR_INDEX``); ``exp.remove_result()``
    removes it. ``PATH_MODIFY_NO_FAIL`` skips elements the path cannot apply to.
    """
    return _build_op(OP_MODIFY_BY_PATH, bin, ctx=ctx, mod_exp=expr, path_flags=flags)
