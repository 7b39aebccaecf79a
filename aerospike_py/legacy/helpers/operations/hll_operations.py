"""HyperLogLog operations (``aerospike_helpers.operations.hll_operations``)."""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.helpers.operations import _op

# The dict keys of the operations built here (the official module's names for them).
BIN_KEY = "bin"
HLL_POLICY_KEY = "hll_policy"
INDEX_BIT_COUNT_KEY = "index_bit_count"
MH_BIT_COUNT_KEY = "mh_bit_count"
OP_KEY = "op"
VALUE_LIST_KEY = "value_list"


Policy = Optional[dict[str, Any]]


def hll_add(bin_name: str, values: list[Any], index_bit_count: Optional[int] = None,
            mh_bit_count: Optional[int] = None, policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_HLL_ADD, bin_name, value_list=values, index_bit_count=index_bit_count,
               mh_bit_count=mh_bit_count, hll_policy=policy)


def hll_init(bin_name: str, index_bit_count: Optional[int] = None, mh_bit_count: Optional[int] = None,
             policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_HLL_INIT, bin_name, index_bit_count=index_bit_count, mh_bit_count=mh_bit_count,
               hll_policy=policy)


def hll_set_union(bin_name: str, hll_list: list[Any], policy: Policy = None) -> dict[str, Any]:
    return _op(C.OP_HLL_SET_UNION, bin_name, value_list=hll_list, hll_policy=policy)


def hll_fold(bin_name: str, index_bit_count: int) -> dict[str, Any]:
    return _op(C.OP_HLL_FOLD, bin_name, index_bit_count=index_bit_count)


def hll_describe(bin_name: str) -> dict[str, Any]:
    return _op(C.OP_HLL_DESCRIBE, bin_name)


def hll_get_count(bin_name: str) -> dict[str, Any]:
    return _op(C.OP_HLL_GET_COUNT, bin_name)


def hll_get_union(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    return _op(C.OP_HLL_GET_UNION, bin_name, value_list=hll_list)


def hll_get_union_count(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    return _op(C.OP_HLL_GET_UNION_COUNT, bin_name, value_list=hll_list)


def hll_get_intersect_count(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    return _op(C.OP_HLL_GET_INTERSECT_COUNT, bin_name, value_list=hll_list)


def hll_get_similarity(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    return _op(C.OP_HLL_GET_SIMILARITY, bin_name, value_list=hll_list)


def hll_refresh_count(bin_name: str) -> dict[str, Any]:
    return _op(C.OP_HLL_REFRESH_COUNT, bin_name)
