"""Map operations (``aerospike_helpers.operations.map_operations``)."""

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
KEY_KEY = "key"
MAP_ORDER_KEY = "map_order"
OP_KEY = "op"
PERSIST_INDEX_KEY = "persist_index"
POLICY_KEY = "map_policy"
RANGE_KEY = "range"
RANK_KEY = "rank"
RETURN_TYPE_KEY = "return_type"
VALUE_KEY = "val"


Ctx = Optional[list[Any]]
Policy = Optional[dict[str, Any]]


def map_put(bin_name: str, key: Any, value: Any, map_policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_PUT, bin_name, ctx, key=key, val=value, map_policy=map_policy)


def map_put_items(bin_name: str, item_dict: dict[Any, Any], map_policy: Policy = None,
                  ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_PUT_ITEMS, bin_name, ctx, val=item_dict, map_policy=map_policy)


def map_increment(bin_name: str, key: Any, amount: Any, map_policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_INCREMENT, bin_name, ctx, key=key, val=amount, map_policy=map_policy)


def map_decrement(bin_name: str, key: Any, amount: Any, map_policy: Policy = None, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_DECREMENT, bin_name, ctx, key=key, val=amount, map_policy=map_policy)


def map_size(bin_name: str, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_SIZE, bin_name, ctx)


def map_clear(bin_name: str, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_CLEAR, bin_name, ctx)


def map_remove_by_key(bin_name: str, key: Any, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_KEY, bin_name, ctx, key=key, return_type=return_type)


def map_remove_by_key_list(bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False,
                           ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_KEY_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_remove_by_key_range(bin_name: str, key_range_start: Any, key_range_end: Any, return_type: int,
                            inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_KEY_RANGE, bin_name, ctx, key=key_range_start, val=key_range_end,
               return_type=return_type, inverted=inverted)


def map_remove_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False,
                        ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def map_remove_by_value_list(bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False,
                             ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_VALUE_LIST, bin_name, ctx, val=value_list, return_type=return_type,
               inverted=inverted)


def map_remove_by_value_range(bin_name: str, value_start: Any, value_end: Any, return_type: int,
                              inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_VALUE_RANGE, bin_name, ctx, val=value_start, range=value_end,
               return_type=return_type, inverted=inverted)


def map_remove_by_index(bin_name: str, index: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def map_remove_by_index_range(bin_name: str, index_start: int, remove_amt: int, return_type: int,
                              inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_INDEX_RANGE, bin_name, ctx, index=index_start, val=remove_amt,
               return_type=return_type, inverted=inverted)


def map_remove_by_rank(bin_name: str, rank: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_RANK, bin_name, ctx, index=rank, return_type=return_type)


def map_remove_by_rank_range(bin_name: str, rank_start: int, remove_amt: int, return_type: int,
                             inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_RANK_RANGE, bin_name, ctx, index=rank_start, val=remove_amt,
               return_type=return_type, inverted=inverted)


def map_get_by_key(bin_name: str, key: Any, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_KEY, bin_name, ctx, key=key, return_type=return_type)


def map_get_by_key_range(bin_name: str, key_range_start: Any, key_range_end: Any, return_type: int,
                         inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_KEY_RANGE, bin_name, ctx, key=key_range_start, range=key_range_end,
               return_type=return_type, inverted=inverted)


def map_get_by_key_list(bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False,
                        ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_KEY_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_get_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False,
                     ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def map_get_by_value_range(bin_name: str, value_start: Any, value_end: Any, return_type: int,
                           inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_VALUE_RANGE, bin_name, ctx, val=value_start, range=value_end,
               return_type=return_type, inverted=inverted)


def map_get_by_value_list(bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False,
                          ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_VALUE_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_get_by_index(bin_name: str, index: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def map_get_by_index_range(bin_name: str, index_start: int, get_amt: int, return_type: int,
                           inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_INDEX_RANGE, bin_name, ctx, index=index_start, val=get_amt,
               return_type=return_type, inverted=inverted)


def map_get_by_rank(bin_name: str, rank: int, return_type: int, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_RANK, bin_name, ctx, index=rank, return_type=return_type)


def map_get_by_rank_range(bin_name: str, rank_start: int, get_amt: int, return_type: int,
                          inverted: bool = False, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_RANK_RANGE, bin_name, ctx, index=rank_start, val=get_amt,
               return_type=return_type, inverted=inverted)


def map_create(bin_name: str, map_order: int, persist_index: bool, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_CREATE, bin_name, ctx, map_order=map_order, persist_index=persist_index)


def map_set_policy(bin_name: str, policy: Any, ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_SET_POLICY, bin_name, ctx, map_policy=policy)


def map_get_by_key_index_range_relative(bin_name: str, value: Any, offset: int, return_type: int,
                                        count: Optional[int] = None, inverted: bool = False,
                                        ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_KEY_INDEX_RANGE_REL, bin_name, ctx, key=value, index=offset,
               return_type=return_type, count=count, inverted=inverted)


def map_remove_by_key_index_range_relative(bin_name: str, key: Any, offset: int, return_type: int,
                                           count: Optional[int] = None, inverted: bool = False,
                                           ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL, bin_name, ctx, key=key, index=offset,
               return_type=return_type, count=count, inverted=inverted)


def map_get_by_value_rank_range_relative(bin_name: str, value: Any, offset: int, return_type: int,
                                         count: Optional[int] = None, inverted: bool = False,
                                         ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_GET_BY_VALUE_RANK_RANGE_REL, bin_name, ctx, val=value, rank=offset,
               return_type=return_type, count=count, inverted=inverted)


def map_remove_by_value_rank_range_relative(bin_name: str, value: Any, offset: int, return_type: int,
                                            count: Optional[int] = None, inverted: bool = False,
                                            ctx: Ctx = None) -> dict[str, Any]:
    return _op(C.OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL, bin_name, ctx, val=value, rank=offset,
               return_type=return_type, count=count, inverted=inverted)
