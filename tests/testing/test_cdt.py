"""List and map operations through the official client."""

from __future__ import annotations

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402
from aerospike_helpers import cdt_ctx  # noqa: E402
from aerospike_helpers.operations import list_operations as lo  # noqa: E402
from aerospike_helpers.operations import map_operations as mo  # noqa: E402
from aerospike_helpers.operations import operations as op  # noqa: E402

NS = "test"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_list_modify_and_read(client, set_name):
    k = (NS, set_name, "l")
    client.put(k, {"l": [3, 1, 2]})
    _, _, b = client.operate(k, [lo.list_append("l", 4)])
    assert b["l"] == 4
    client.operate(k, [lo.list_append_items("l", [5, 6]), lo.list_insert("l", 0, 0)])
    assert client.get(k)[2]["l"] == [0, 3, 1, 2, 4, 5, 6]
    _, _, b = client.operate(k, [lo.list_size("l")])
    assert b["l"] == 7
    _, _, b = client.operate(k, [lo.list_get("l", -1)])
    assert b["l"] == 6
    _, _, b = client.operate(k, [lo.list_get_range("l", 1, 3)])
    assert b["l"] == [3, 1, 2]
    _, _, b = client.operate(k, [lo.list_pop("l", 0)])
    assert b["l"] == 0
    _, _, b = client.operate(k, [lo.list_remove_range("l", 0, 2)])
    assert b["l"] == 2
    assert client.get(k)[2]["l"] == [2, 4, 5, 6]
    client.operate(k, [lo.list_set("l", 0, 20), lo.list_increment("l", 1, 10)])
    assert client.get(k)[2]["l"] == [20, 14, 5, 6]
    client.operate(k, [lo.list_sort("l", 0)])
    assert client.get(k)[2]["l"] == [5, 6, 14, 20]
    _, _, b = client.operate(k, [lo.list_get_by_rank("l", -1, aerospike.LIST_RETURN_VALUE)])
    assert b["l"] == 20
    _, _, b = client.operate(k, [lo.list_get_by_value_range(
        "l", aerospike.LIST_RETURN_VALUE, 6, 15)])
    assert b["l"] == [6, 14]
    _, _, b = client.operate(k, [lo.list_remove_by_value("l", 14, aerospike.LIST_RETURN_INDEX)])
    assert b["l"] == [2]
    _, _, b = client.operate(k, [lo.list_get_by_index_range(
        "l", 0, aerospike.LIST_RETURN_COUNT, 2)])
    assert b["l"] == 2
    client.operate(k, [lo.list_trim("l", 1, 1)])
    assert client.get(k)[2]["l"] == [6]
    client.operate(k, [lo.list_clear("l")])
    assert client.get(k)[2]["l"] == []


def test_list_errors_and_creation(client, set_name):
    k = (NS, set_name, "e")
    client.put(k, {"s": "str"})
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(k, [lo.list_append("s", 1)])
    _, _, b = client.operate(k, [lo.list_append("new", "a")])
    assert client.get(k)[2]["new"] == ["a"]
    with pytest.raises(ex.OpNotApplicable):
        client.operate(k, [lo.list_get("new", 5)])
    pol = {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE}
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(k, [lo.list_append("new", "a", pol)])
    assert info.value.code == 24


def test_map_operations(client, set_name):
    k = (NS, set_name, "m")
    client.put(k, {"m": {"b": 2, "a": 1}})
    _, _, b = client.operate(k, [mo.map_put("m", "c", 3)])
    assert b["m"] == 3
    client.operate(k, [mo.map_put_items("m", {"d": 4, "e": 5})])
    _, _, b = client.operate(k, [mo.map_get_by_key("m", "d", aerospike.MAP_RETURN_VALUE)])
    assert b["m"] == 4
    _, _, b = client.operate(k, [mo.map_size("m")])
    assert b["m"] == 5
    _, _, b = client.operate(k, [mo.map_increment("m", "a", 10)])
    assert b["m"] == 11
    _, _, b = client.operate(k, [mo.map_get_by_key_range(
        "m", "b", "d", aerospike.MAP_RETURN_KEY)])
    assert b["m"] == ["b", "c"]
    _, _, b = client.operate(k, [mo.map_get_by_rank("m", -1, aerospike.MAP_RETURN_KEY)])
    assert b["m"] == "a"
    _, _, b = client.operate(k, [mo.map_remove_by_key("m", "e", aerospike.MAP_RETURN_VALUE)])
    assert b["m"] == 5
    _, _, b = client.operate(k, [mo.map_get_by_index("m", 0, aerospike.MAP_RETURN_KEY)])
    assert b["m"] == "a"
    _, _, b = client.operate(k, [mo.map_get_by_value_range(
        "m", 2, 4, aerospike.MAP_RETURN_KEY)])
    assert sorted(b["m"]) == ["b", "c"]
    _, _, b = client.operate(k, [mo.map_get_by_key("m", "zz", aerospike.MAP_RETURN_VALUE)])
    assert b["m"] is None
    assert client.get(k)[2]["m"] == {"a": 11, "b": 2, "c": 3, "d": 4}
    client.operate(k, [mo.map_remove_by_key_list("m", ["a", "b"], aerospike.MAP_RETURN_NONE)])
    assert client.get(k)[2]["m"] == {"c": 3, "d": 4}
    client.operate(k, [mo.map_clear("m")])
    assert client.get(k)[2]["m"] == {}


def test_map_write_flags(client, set_name):
    k = (NS, set_name, "f")
    client.put(k, {"m": {"a": 1}})
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(k, [mo.map_put("m", "a", 2, {"map_write_flags":
                                                     aerospike.MAP_WRITE_FLAGS_CREATE_ONLY})])
    assert info.value.code == 24
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(k, [mo.map_put("m", "zz", 2, {"map_write_flags":
                                                      aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY})])
    assert info.value.code == 23


def test_nested_ctx(client, set_name):
    k = (NS, set_name, "n")
    client.put(k, {"m": {"inner": {"x": [1, 2]}, "lst": [[1], [2, 3]]}})
    ctx = [cdt_ctx.cdt_ctx_map_key("inner"), cdt_ctx.cdt_ctx_map_key("x")]
    client.operate(k, [lo.list_append("m", 3, ctx=ctx)])
    ctx2 = [cdt_ctx.cdt_ctx_map_key("lst"), cdt_ctx.cdt_ctx_list_index(1)]
    _, _, b = client.operate(k, [lo.list_size("m", ctx=ctx2)])
    assert b["m"] == 2
    client.operate(k, [mo.map_put("m", "y", 9, ctx=[cdt_ctx.cdt_ctx_map_key("inner")])])
    assert client.get(k)[2]["m"] == {"inner": {"x": [1, 2, 3], "y": 9}, "lst": [[1], [2, 3]]}


def test_ordered_map_and_list(client, set_name):
    k = (NS, set_name, "o")
    client.operate(k, [mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_ORDERED}),
                       mo.map_put_items("m", {"z": 1, "a": 2, "m": 3})])
    assert list(client.get(k)[2]["m"].keys()) == ["a", "m", "z"]
    client.operate(k, [lo.list_set_order("l", aerospike.LIST_ORDERED),
                       lo.list_append_items("l", [5, 1, 3])])
    assert client.get(k)[2]["l"] == [1, 3, 5]
