"""Contexts that point a list or map operation at a nested list or map.

Pass a list of these as ``ctx=`` to a list/map operation (or expression): the
first item selects an element of the bin's top-level collection, the next one
an element inside that, and so on.

    from aerospike_py import cdt_ctx
    list_operations.list_append("doc", 5, ctx=[cdt_ctx.cdt_ctx_map_key("scores")])

Each builder returns an immutable ``CDTContext(kind, value)``: ``kind`` is the
wire context type with the create flags ORed in, exactly as the C client's
``as_cdt_ctx`` stores it, so the conversion layer passes it through unchanged.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from aerospike_py.exception import InvalidArgError

__all__ = [
    "CDTContext",
    "CDT_CTX_LIST_INDEX",
    "CDT_CTX_LIST_RANK",
    "CDT_CTX_LIST_VALUE",
    "CDT_CTX_MAP_INDEX",
    "CDT_CTX_MAP_RANK",
    "CDT_CTX_MAP_KEY",
    "CDT_CTX_MAP_VALUE",
    "cdt_ctx_list_index",
    "cdt_ctx_list_rank",
    "cdt_ctx_list_value",
    "cdt_ctx_list_index_create",
    "cdt_ctx_map_key",
    "cdt_ctx_map_index",
    "cdt_ctx_map_rank",
    "cdt_ctx_map_value",
    "cdt_ctx_map_key_create",
    "CDT_CTX_EXP",
    "CDT_CTX_AND_EXP",
    "CDT_CTX_MAP_KEYS_IN",
    "cdt_ctx_all_children",
    "cdt_ctx_all_children_with_filter",
    "cdt_ctx_and_filter",
    "cdt_ctx_map_keys_in",
]

# Wire context types (as_cdt_ctx_type).
CDT_CTX_LIST_INDEX = 0x10
CDT_CTX_LIST_RANK = 0x11
CDT_CTX_LIST_VALUE = 0x13
CDT_CTX_MAP_INDEX = 0x20
CDT_CTX_MAP_RANK = 0x21
CDT_CTX_MAP_KEY = 0x22
CDT_CTX_MAP_VALUE = 0x23

# Path contexts (select_by_path / modify_by_path and their expressions): every
# child, the children a boolean expression keeps, and the map entries of a key
# list (optionally narrowed by an AND-combined filter at the same level).
CDT_CTX_EXP = 0x04
CDT_CTX_AND_EXP = 0x204
CDT_CTX_MAP_KEYS_IN = 0x2A
# Kinds whose value is an expression (None for every child).
EXP_KINDS = frozenset({CDT_CTX_EXP, CDT_CTX_AND_EXP})

# Kinds whose value is an index or rank (an int); the others carry any value.
INT_KINDS = frozenset({CDT_CTX_LIST_INDEX, CDT_CTX_LIST_RANK, CDT_CTX_MAP_INDEX, CDT_CTX_MAP_RANK})
# Every base kind; ``kind & 0x3F`` of a valid item is one of these.
BASE_KINDS = frozenset(INT_KINDS | {CDT_CTX_LIST_VALUE, CDT_CTX_MAP_KEY, CDT_CTX_MAP_VALUE})
# Flags a ``*_create`` context may add: they say how to create a missing level.
CREATE_FLAGS = 0xC0


class CDTContext(NamedTuple):
    """One level of a nested-CDT path: wire type (with create flags) and its value."""

    kind: int
    value: Any


def _int(name: str, value: Any) -> int:
    # bool is an int subclass but never a meaningful index.
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgError(f"cdt_ctx: {name} must be an int, not {type(value).__name__}", -2)
    return value


def _list_create_flag(order: int, pad: bool) -> int:
    """Same flag as the C client's ``as_list_order_to_flag``."""
    if order == 1:
        return 0xC0
    return 0x80 if pad else 0x40


def _map_create_flag(order: int) -> int:
    """Same flag as the C client's ``as_map_order_to_flag``."""
    return {1: 0x80, 3: 0xC0}.get(order, 0x40)


def cdt_ctx_list_index(index: int) -> CDTContext:
    """The list element at ``index`` (negative counts from the end)."""
    return CDTContext(CDT_CTX_LIST_INDEX, _int("index", index))


def cdt_ctx_list_rank(rank: int) -> CDTContext:
    """The list element of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return CDTContext(CDT_CTX_LIST_RANK, _int("rank", rank))


def cdt_ctx_list_value(value: Any) -> CDTContext:
    """The first list element equal to ``value``."""
    return CDTContext(CDT_CTX_LIST_VALUE, value)


def cdt_ctx_list_index_create(index: int, order: int = 0, pad: bool = False) -> CDTContext:
    """The list element at ``index``, created as a list of ``order`` if missing.

    ``pad`` lets an unordered list be padded with nils up to ``index``.
    """
    _int("order", order)
    return CDTContext(CDT_CTX_LIST_INDEX | _list_create_flag(order, bool(pad)), _int("index", index))


def cdt_ctx_map_key(key: Any) -> CDTContext:
    """The map value stored under ``key``."""
    return CDTContext(CDT_CTX_MAP_KEY, key)


def cdt_ctx_map_index(index: int) -> CDTContext:
    """The map entry at key-order position ``index``."""
    return CDTContext(CDT_CTX_MAP_INDEX, _int("index", index))


def cdt_ctx_map_rank(rank: int) -> CDTContext:
    """The map entry of value rank ``rank``."""
    return CDTContext(CDT_CTX_MAP_RANK, _int("rank", rank))


def cdt_ctx_map_value(value: Any) -> CDTContext:
    """The first map entry whose value equals ``value``."""
    return CDTContext(CDT_CTX_MAP_VALUE, value)


def cdt_ctx_map_key_create(key: Any, order: int = 0) -> CDTContext:
    """The map value under ``key``, created as a map of ``order`` if missing."""
    _int("order", order)
    return CDTContext(CDT_CTX_MAP_KEY | _map_create_flag(order), key)


def cdt_ctx_all_children() -> CDTContext:
    """Every child of the current list or map (path operations and expressions only)."""
    return CDTContext(CDT_CTX_EXP, None)


def cdt_ctx_all_children_with_filter(expression: Any) -> CDTContext:
    """The children for which the boolean ``expression`` is true.

    The expression sees the child through loop variables
    (``exp.loopvar_int(exp.LOOPVAR_VALUE)``, ``LOOPVAR_KEY``, ``LOOPVAR_INDEX``).
    """
    return CDTContext(CDT_CTX_EXP, _expression("all_children_with_filter", expression))


def cdt_ctx_and_filter(expression: Any) -> CDTContext:
    """Narrows the previous context item (e.g. ``cdt_ctx_map_keys_in``) with a boolean expression."""
    return CDTContext(CDT_CTX_AND_EXP, _expression("and_filter", expression))


def cdt_ctx_map_keys_in(keys: Any) -> CDTContext:
    """The entries of the current map whose key is one of ``keys`` (missing keys are skipped)."""
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple)):
        raise InvalidArgError(f"cdt_ctx: keys must be a list, not {type(keys).__name__}", -2)
    return CDTContext(CDT_CTX_MAP_KEYS_IN, list(keys))


def _expression(name: str, expression: Any) -> Any:
    if not isinstance(expression, dict) or "__expr__" not in expression:
        raise InvalidArgError(f"cdt_ctx: {name} needs an expression from aerospike_py.exp, "
                              f"got {type(expression).__name__}", -2)
    return expression
