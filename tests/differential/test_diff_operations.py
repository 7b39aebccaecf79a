"""List, map, bit and HLL operations through aerospike-py 0.14.4 and this client, compared result by result:
the value ``operate`` returns (several operations on one bin included) and the record left."""

from __future__ import annotations

from typing import Any

import pytest

from _diffcore import CALL

NS = "test"


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def op(name: str, *args: Any) -> tuple:
    """An operation built by each library's own helper module."""
    return (CALL, name, args)


L0 = {"l": [5, 1, 4, 2, 3, 2]}
M0 = {"m": {"a": 3, "b": 1, "c": 2, "d": 5, "e": 4}}
B0 = {"b": bytes([0b11110000, 0x0F, 0xAA, 0x01])}
LV, LI, LC = 7, 1, 5
MK, MV, MKV = 6, 7, 8

CASES: list[tuple[dict[str, Any], tuple]] = [
    (L0, op("list_operations.list_append", "l", 9)),
    (L0, op("list_operations.list_append", "l", 3, {"order": 1})),
    (L0, op("list_operations.list_append_items", "l", [7, 8])),
    (L0, op("list_operations.list_insert", "l", 1, "i")),
    (L0, op("list_operations.list_insert_items", "l", -2, [0, 0])),
    (L0, op("list_operations.list_pop", "l", 0)),
    (L0, op("list_operations.list_pop_range", "l", 1, 3)),
    (L0, op("list_operations.list_remove", "l", -1)),
    (L0, op("list_operations.list_remove_range", "l", 1, 2)),
    (L0, op("list_operations.list_set", "l", 2, "s")),
    (L0, op("list_operations.list_trim", "l", 1, 3)),
    (L0, op("list_operations.list_clear", "l")),
    (L0, op("list_operations.list_size", "l")),
    (L0, op("list_operations.list_get", "l", -2)),
    (L0, op("list_operations.list_get_range", "l", 2, 10)),
    (L0, op("list_operations.list_get_by_value", "l", 2, LI)),
    (L0, op("list_operations.list_get_by_index", "l", 1, LV)),
    (L0, op("list_operations.list_get_by_index_range", "l", 1, LV, 2)),
    (L0, op("list_operations.list_get_by_index_range", "l", 2, LV)),
    (L0, op("list_operations.list_get_by_rank", "l", -1, LV)),
    (L0, op("list_operations.list_get_by_rank_range", "l", 0, LV, 3)),
    (L0, op("list_operations.list_get_by_value_list", "l", [2, 5, 9], LI)),
    (L0, op("list_operations.list_get_by_value_range", "l", 2, 4, LV)),
    (L0, op("list_operations.list_remove_by_value", "l", 2, LC)),
    (L0, op("list_operations.list_remove_by_value_list", "l", [1, 5], LV)),
    (L0, op("list_operations.list_remove_by_value_range", "l", 2, 4, LC)),
    (L0, op("list_operations.list_remove_by_index", "l", 0, LV)),
    (L0, op("list_operations.list_remove_by_index_range", "l", 1, LV, 2)),
    (L0, op("list_operations.list_remove_by_rank", "l", 0, LV)),
    (L0, op("list_operations.list_remove_by_rank_range", "l", 0, LV, 2)),
    (L0, op("list_operations.list_increment", "l", 1, 10)),
    (L0, op("list_operations.list_sort", "l", 2)),
    (L0, op("list_operations.list_set_order", "l", 1)),
    (M0, op("map_operations.map_set_order", "m", 1)),
    (M0, op("map_operations.map_put", "m", "z", 26)),
    (M0, op("map_operations.map_put", "m", "a", 0, {"write_mode": 2})),
    (M0, op("map_operations.map_put_items", "m", {"a": 0, "y": 9})),
    (M0, op("map_operations.map_increment", "m", "a", 4)),
    (M0, op("map_operations.map_decrement", "m", "d", 2)),
    (M0, op("map_operations.map_clear", "m")),
    (M0, op("map_operations.map_remove_by_key", "m", "b", MV)),
    (M0, op("map_operations.map_remove_by_key_list", "m", ["a", "c", "zz"], 5)),
    (M0, op("map_operations.map_remove_by_key_range", "m", "b", "d", MK)),
    (M0, op("map_operations.map_remove_by_value", "m", 5, MK)),
    (M0, op("map_operations.map_remove_by_value_list", "m", [1, 2], MK)),
    (M0, op("map_operations.map_remove_by_value_range", "m", 2, 4, MKV)),
    (M0, op("map_operations.map_remove_by_index", "m", 0, MK)),
    (M0, op("map_operations.map_remove_by_index_range", "m", 1, MV, 2)),
    (M0, op("map_operations.map_remove_by_rank", "m", 0, MK)),
    (M0, op("map_operations.map_remove_by_rank_range", "m", 0, MK, 2)),
    (M0, op("map_operations.map_size", "m")),
    (M0, op("map_operations.map_get_by_key", "m", "c", MV)),
    (M0, op("map_operations.map_get_by_key_range", "m", "b", "e", MKV)),
    (M0, op("map_operations.map_get_by_value", "m", 4, MK)),
    (M0, op("map_operations.map_get_by_value_range", "m", 1, 3, MK)),
    (M0, op("map_operations.map_get_by_index", "m", -1, MV)),
    (M0, op("map_operations.map_get_by_index_range", "m", 1, MK, 3)),
    (M0, op("map_operations.map_get_by_rank", "m", -1, MK)),
    (M0, op("map_operations.map_get_by_rank_range", "m", 1, MV, 2)),
    (M0, op("map_operations.map_get_by_key_list", "m", ["e", "a"], MV)),
    (M0, op("map_operations.map_get_by_value_list", "m", [1, 5], MK)),
    (B0, op("bit_operations.bit_resize", "b", 6)),
    (B0, op("bit_operations.bit_insert", "b", 1, b"\x01\x02")),
    (B0, op("bit_operations.bit_remove", "b", 1, 2)),
    (B0, op("bit_operations.bit_set", "b", 4, 8, b"\xff")),
    (B0, op("bit_operations.bit_or", "b", 0, 16, b"\x0f\xf0")),
    (B0, op("bit_operations.bit_xor", "b", 8, 8, b"\xff")),
    (B0, op("bit_operations.bit_and", "b", 0, 24, b"\x3c\x3c\x3c")),
    (B0, op("bit_operations.bit_not", "b", 2, 10)),
    (B0, op("bit_operations.bit_lshift", "b", 0, 16, 3)),
    (B0, op("bit_operations.bit_rshift", "b", 8, 24, 5)),
    (B0, op("bit_operations.bit_add", "b", 8, 8, 3)),
    (B0, op("bit_operations.bit_subtract", "b", 0, 8, 16)),
    (B0, op("bit_operations.bit_set_int", "b", 4, 12, 0xABC)),
    (B0, op("bit_operations.bit_get", "b", 4, 12)),
    (B0, op("bit_operations.bit_count", "b", 0, 32)),
    (B0, op("bit_operations.bit_lscan", "b", 4, 20, True)),
    (B0, op("bit_operations.bit_rscan", "b", 0, 32, False)),
    (B0, op("bit_operations.bit_get_int", "b", 0, 8, True)),
]


@pytest.mark.parametrize("seed,operation", CASES, ids=[c[1][1].split(".")[1] + f"-{i}" for i, c in enumerate(CASES)])
def test_one_operation(differ: Any, make_key: Any, seed: dict[str, Any], operation: tuple) -> None:
    key = make_key()
    differ.same([cl("put", key, {"pad": 0, **seed}), cl("operate", key, [operation]), cl("get", key)],
                cleanup=[cl("remove", key)])


def test_several_operations_on_one_bin(differ: Any, make_key: Any) -> None:
    key = make_key()
    differ.same([
        cl("put", key, {"l": [1, 2, 3], "m": {"a": 1}, "i": 7}),
        cl("operate", key, [op("list_operations.list_append", "l", 4), op("list_operations.list_size", "l"),
                            op("list_operations.list_get_range", "l", 0, 2), op("map_operations.map_put", "m", "b", 2),
                            op("map_operations.map_size", "m"), {"op": 2, "bin": "w", "val": 1},
                            {"op": 1, "bin": "i"}]),
        # one bin only: the contract's operate_ordered does not keep the bins' order
        cl("operate_ordered", key, [op("list_operations.list_pop", "l", -1), op("list_operations.list_size", "l"),
                                    op("list_operations.list_get", "l", 0)]),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_hll_operations(differ: Any, make_key: Any) -> None:
    key = make_key()
    differ.same([
        cl("operate", key, [op("hll_operations.hll_init", "h", 10), op("hll_operations.hll_add", "h", ["a", "b", "c"]),
                            op("hll_operations.hll_get_count", "h"), op("hll_operations.hll_describe", "h")]),
        cl("operate", key, [op("hll_operations.hll_add", "h2", ["x"], 8, 4), op("hll_operations.hll_describe", "h2")]),
        cl("operate", key, [op("hll_operations.hll_fold", "h", 8), op("hll_operations.hll_describe", "h")]),
    ], cleanup=[cl("remove", key)])


def test_refused_alike(differ: Any, make_key: Any) -> None:
    key = make_key()
    differ.same([
        cl("put", key, {"l": [1], "s": "x"}),
        cl("operate", key, [op("list_operations.list_get_by_index", "l", 0, 99)]),
        cl("operate", key, [op("list_operations.list_append", "s", 1)]),
        cl("operate", key, [op("list_operations.list_get", "l", 5)]),
        cl("operate", key, [op("map_operations.map_put", "l", "k", 1)]),
        cl("get", key),
    ], cleanup=[cl("remove", key)])


def test_async_operations(differ: Any, make_key: Any) -> None:
    key = make_key()
    differ.same([
        cl("put", key, {"l": [3, 1, 2], "m": {"a": 1}, "b": b"\x01"}),
        cl("operate", key, [op("list_operations.list_sort", "l"), op("list_operations.list_append", "l", 0),
                            op("list_operations.list_get_by_rank_range", "l", 0, LV, 2),
                            op("map_operations.map_increment", "m", "a", 2), op("bit_operations.bit_count", "b", 0, 8)]),
        cl("get", key),
    ], cleanup=[cl("remove", key)], mode="async")
