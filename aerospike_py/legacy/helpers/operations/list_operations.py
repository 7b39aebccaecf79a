"""List operations (``aerospike_helpers.operations.list_operations``)."""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.operations import _op

# The dict keys of the operations built here (the official module's names for them).
BIN_KEY = "bin"
COUNT_KEY = "count"
CTX_KEY = "ctx"
INDEX_KEY = "index"
INVERTED_KEY = "inverted"
LIST_ORDER_KEY = "list_order"
LIST_POLICY_KEY = "list_policy"
OP_KEY = "op"
PAD_KEY = "pad"
PERSIST_INDEX_KEY = "persist_index"
RANK_KEY = "rank"
RETURN_TYPE_KEY = "return_type"
SORT_FLAGS_KEY = "sort_flags"
VALUE_BEGIN_KEY = "value_begin"
VALUE_END_KEY = "value_end"
VALUE_KEY = "val"
VALUE_LIST_KEY = "value_list"


Ctx = Optional[list[Any]]
Policy = Optional[dict[str, Any]]


def list_append(bin_name: str, value: Any, policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_APPEND, bin_name, ctx, val=value, list_policy=policy)


def list_append_items(bin_name: str, values: Any, policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_APPEND_ITEMS, bin_name, ctx, val=values, list_policy=policy)


def list_insert(bin_name: str, index: int, value: Any, policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_INSERT, bin_name, ctx, index=index, val=value, list_policy=policy)


def list_insert_items(bin_name: str, index: int, values: Any, policy: Policy = None,
                      ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_INSERT_ITEMS, bin_name, ctx, index=index, val=values, list_policy=policy)


def list_increment(bin_name: str, index: int, value: Any, policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_INCREMENT, bin_name, ctx, index=index, val=value, list_policy=policy)


def list_pop(bin_name: str, index: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_POP, bin_name, ctx, index=index)


def list_pop_range(bin_name: str, index: int, count: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_POP_RANGE, bin_name, ctx, index=index, val=count)


def list_remove(bin_name: str, index: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE, bin_name, ctx, index=index)


def list_remove_range(bin_name: str, index: int, count: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_RANGE, bin_name, ctx, index=index, val=count)


def list_clear(bin_name: str, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_CLEAR, bin_name, ctx)


def list_set(bin_name: str, index: int, value: Any, policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_SET, bin_name, ctx, index=index, val=value, list_policy=policy)


def list_get(bin_name: str, index: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET, bin_name, ctx, index=index)


def list_get_range(bin_name: str, index: int, count: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_RANGE, bin_name, ctx, index=index, val=count)


def list_trim(bin_name: str, index: int, count: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_TRIM, bin_name, ctx, index=index, val=count)


def list_size(bin_name: str, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_SIZE, bin_name, ctx)


def list_get_by_index(bin_name: str, index: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def list_get_by_index_range(bin_name: str, index: int, return_type: int, count: Optional[int] = None,
                            inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_INDEX_RANGE, bin_name, ctx, index=index, return_type=return_type, count=count,
               inverted=inverted)


def list_get_by_rank(bin_name: str, rank: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_RANK, bin_name, ctx, rank=rank, return_type=return_type)


def list_get_by_rank_range(bin_name: str, rank: int, return_type: int, count: Optional[int] = None,
                           inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_RANK_RANGE, bin_name, ctx, rank=rank, return_type=return_type, count=count,
               inverted=inverted)


def list_get_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False,
                      ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def list_get_by_value_list(bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False,
                           ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_VALUE_LIST, bin_name, ctx, value_list=value_list, return_type=return_type,
               inverted=inverted)


def list_get_by_value_range(bin_name: str, return_type: int, value_begin: Any, value_end: Any,
                            inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_VALUE_RANGE, bin_name, ctx, return_type=return_type, value_begin=value_begin,
               value_end=value_end, inverted=inverted)


def list_remove_by_index(bin_name: str, index: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def list_remove_by_index_range(bin_name: str, index: int, return_type: int, count: Optional[int] = None,
                               inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_INDEX_RANGE, bin_name, ctx, index=index, return_type=return_type, count=count,
               inverted=inverted)


def list_remove_by_rank(bin_name: str, rank: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_RANK, bin_name, ctx, rank=rank, return_type=return_type)


def list_remove_by_rank_range(bin_name: str, rank: int, return_type: int, count: Optional[int] = None,
                              inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_RANK_RANGE, bin_name, ctx, rank=rank, return_type=return_type, count=count,
               inverted=inverted)


def list_remove_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False,
                         ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def list_remove_by_value_list(bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False,
                              ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_VALUE_LIST, bin_name, ctx, value_list=value_list, return_type=return_type,
               inverted=inverted)


def list_remove_by_value_range(bin_name: str, return_type: int, value_begin: Any = None, value_end: Any = None,
                               inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_VALUE_RANGE, bin_name, ctx, return_type=return_type, value_begin=value_begin,
               value_end=value_end, inverted=inverted)


def list_set_order(bin_name: str, list_order: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_SET_ORDER, bin_name, ctx, list_order=list_order)


def list_sort(bin_name: str, sort_flags: int = 0, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_SORT, bin_name, ctx, sort_flags=sort_flags)


def list_create(bin_name: str, list_order: int, pad: bool, persist_index: bool,
                ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_CREATE, bin_name, ctx, list_order=list_order, pad=pad, persist_index=persist_index)


def list_get_by_value_rank_range_relative(bin_name: str, value: Any, offset: int, return_type: int,
                                          count: Optional[int] = None, inverted: bool = False,
                                          ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_GET_BY_VALUE_RANK_RANGE_REL, bin_name, ctx, val=value, rank=offset,
               return_type=return_type, count=count, inverted=inverted)


def list_remove_by_value_rank_range_relative(bin_name: str, value: Any, offset: int, return_type: int,
                                             count: Optional[int] = None, inverted: bool = False,
                                             ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL, bin_name, ctx, val=value, rank=offset,
               return_type=return_type, count=count, inverted=inverted)
