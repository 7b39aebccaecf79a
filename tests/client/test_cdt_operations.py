"""List and map operations: each one round-trips against the server and is
compared with the official client's ``aerospike_helpers`` doing the same on
another key (same wire format, same server): the value returned and the
record left must agree."""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py as A
from aerospike_py import cdt_ctx as C
from aerospike_py import exception as ex
from aerospike_py import list_operations as lo
from aerospike_py import map_operations as mo

hl = pytest.importorskip("aerospike_helpers.operations.list_operations")
hm = pytest.importorskip("aerospike_helpers.operations.map_operations")
hctx = pytest.importorskip("aerospike_helpers.cdt_ctx")

L0 = {"l": [5, 1, 4, 2, 3, 2]}
M0 = {"m": {"a": 3, "b": 1, "c": 2, "d": 5, "e": 4}}
NEST = {"n": {"x": [1, 2, 3], "y": {"p": [10, 20], "q": 1}}, "ll": [[3, 1], [2]]}

LV, LI, LRI, LR, LRR, LC, LE = (A.LIST_RETURN_VALUE, A.LIST_RETURN_INDEX, A.LIST_RETURN_REVERSE_INDEX,
                                 A.LIST_RETURN_RANK, A.LIST_RETURN_REVERSE_RANK, A.LIST_RETURN_COUNT,
                                 A.LIST_RETURN_EXISTS)
MK, MV, MKV, MC, MI, MR, MN = (A.MAP_RETURN_KEY, A.MAP_RETURN_VALUE, A.MAP_RETURN_KEY_VALUE, A.MAP_RETURN_COUNT,
                               A.MAP_RETURN_INDEX, A.MAP_RETURN_RANK, A.MAP_RETURN_NONE)

# (id, initial bins, our operation, the official helper's operation)
CASES: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("list_append", L0, lo.list_append("l", 9), hl.list_append("l", 9)),
    ("list_append-new-bin", {}, lo.list_append("l", "x"), hl.list_append("l", "x")),
    ("list_append-ordered", L0, lo.list_append("l", 3, {"order": A.LIST_ORDERED}),
     hl.list_append("l", 3, {"list_order": 1})),
    ("list_append-unique-nofail", L0,
     lo.list_append("l", 5, {"flags": A.LIST_WRITE_ADD_UNIQUE | A.LIST_WRITE_NO_FAIL}),
     hl.list_append("l", 5, {"write_flags": 1 | 4})),
    ("list_append_items", L0, lo.list_append_items("l", [7, [8], {"k": 1}]), hl.list_append_items("l", [7, [8], {"k": 1}])),
    ("list_insert", L0, lo.list_insert("l", 1, "i"), hl.list_insert("l", 1, "i")),
    ("list_insert-neg", L0, lo.list_insert("l", -2, 0), hl.list_insert("l", -2, 0)),
    ("list_insert_items", L0, lo.list_insert_items("l", 2, [0, 0]), hl.list_insert_items("l", 2, [0, 0])),
    ("list_pop", L0, lo.list_pop("l", 0), hl.list_pop("l", 0)),
    ("list_pop_range", L0, lo.list_pop_range("l", 1, 3), hl.list_pop_range("l", 1, 3)),
    ("list_remove", L0, lo.list_remove("l", -1), hl.list_remove("l", -1)),
    ("list_remove_range", L0, lo.list_remove_range("l", 1, 2), hl.list_remove_range("l", 1, 2)),
    ("list_set", L0, lo.list_set("l", 2, "s"), hl.list_set("l", 2, "s")),
    ("list_trim", L0, lo.list_trim("l", 1, 3), hl.list_trim("l", 1, 3)),
    ("list_clear", L0, lo.list_clear("l"), hl.list_clear("l")),
    ("list_size", L0, lo.list_size("l"), hl.list_size("l")),
    ("list_get", L0, lo.list_get("l", -2), hl.list_get("l", -2)),
    ("list_get_range", L0, lo.list_get_range("l", 2, 10), hl.list_get_range("l", 2, 10)),
    ("list_get_by_value", L0, lo.list_get_by_value("l", 2, LI), hl.list_get_by_value("l", 2, LI)),
    ("list_get_by_value-count", L0, lo.list_get_by_value("l", 2, LC), hl.list_get_by_value("l", 2, LC)),
    ("list_get_by_value-inverted", L0, lo.list_get_by_value("l", 2, LV | 0x10000),
     hl.list_get_by_value("l", 2, LV, inverted=True)),
    ("list_get_by_index", L0, lo.list_get_by_index("l", 1, LV), hl.list_get_by_index("l", 1, LV)),
    ("list_get_by_index-rank", L0, lo.list_get_by_index("l", 0, LR), hl.list_get_by_index("l", 0, LR)),
    ("list_get_by_index_range", L0, lo.list_get_by_index_range("l", 1, LV, 2),
     hl.list_get_by_index_range("l", 1, LV, 2)),
    ("list_get_by_index_range-to-end", L0, lo.list_get_by_index_range("l", 2, LRI),
     hl.list_get_by_index_range("l", 2, LRI)),
    ("list_get_by_rank", L0, lo.list_get_by_rank("l", -1, LV), hl.list_get_by_rank("l", -1, LV)),
    ("list_get_by_rank_range", L0, lo.list_get_by_rank_range("l", 0, LV, 3), hl.list_get_by_rank_range("l", 0, LV, 3)),
    ("list_get_by_rank_range-to-end", L0, lo.list_get_by_rank_range("l", 2, LRR),
     hl.list_get_by_rank_range("l", 2, LRR)),
    ("list_get_by_value_list", L0, lo.list_get_by_value_list("l", [2, 5, 9], LI),
     hl.list_get_by_value_list("l", [2, 5, 9], LI)),
    ("list_get_by_value_range", L0, lo.list_get_by_value_range("l", 2, 4, LV),
     hl.list_get_by_value_range("l", LV, 2, 4)),
    ("list_get_by_value_range-open", L0, lo.list_get_by_value_range("l", 3, None, LV),
     hl.list_get_by_value_range("l", LV, 3, None)),
    ("list_get_by_value-exists", L0, lo.list_get_by_value("l", 9, LE), hl.list_get_by_value("l", 9, LE)),
    ("list_remove_by_value", L0, lo.list_remove_by_value("l", 2, LI), hl.list_remove_by_value("l", 2, LI)),
    ("list_remove_by_value_list", L0, lo.list_remove_by_value_list("l", [1, 5], LV),
     hl.list_remove_by_value_list("l", [1, 5], LV)),
    ("list_remove_by_value_range", L0, lo.list_remove_by_value_range("l", 2, 4, LC),
     hl.list_remove_by_value_range("l", LC, 2, 4)),
    ("list_remove_by_index", L0, lo.list_remove_by_index("l", 0, LV), hl.list_remove_by_index("l", 0, LV)),
    ("list_remove_by_index_range", L0, lo.list_remove_by_index_range("l", 1, LV, 2),
     hl.list_remove_by_index_range("l", 1, LV, 2)),
    ("list_remove_by_index_range-to-end", L0, lo.list_remove_by_index_range("l", 3, A.LIST_RETURN_NONE),
     hl.list_remove_by_index_range("l", 3, A.LIST_RETURN_NONE)),
    ("list_remove_by_rank", L0, lo.list_remove_by_rank("l", 0, LV), hl.list_remove_by_rank("l", 0, LV)),
    ("list_remove_by_rank_range", L0, lo.list_remove_by_rank_range("l", 0, LV, 2),
     hl.list_remove_by_rank_range("l", 0, LV, 2)),
    ("list_remove_by_rank_range-to-end", L0, lo.list_remove_by_rank_range("l", -2, LV),
     hl.list_remove_by_rank_range("l", -2, LV)),
    ("list_increment", L0, lo.list_increment("l", 1, 10), hl.list_increment("l", 1, 10)),
    ("list_increment-float", {"l": [1.5]}, lo.list_increment("l", 0, 2.25), hl.list_increment("l", 0, 2.25)),
    ("list_sort", L0, lo.list_sort("l"), hl.list_sort("l")),
    ("list_sort-dedup", L0, lo.list_sort("l", A.LIST_SORT_DROP_DUPLICATES), hl.list_sort("l", 2)),
    ("list_set_order", L0, lo.list_set_order("l", A.LIST_ORDERED), hl.list_set_order("l", 1)),
    ("map_set_order", M0, mo.map_set_order("m", A.MAP_KEY_ORDERED), hm.map_set_policy("m", {"map_order": 1})),
    ("map_put", M0, mo.map_put("m", "z", 26), hm.map_put("m", "z", 26)),
    ("map_put-new-bin", {}, mo.map_put("m", 1, [1]), hm.map_put("m", 1, [1])),
    ("map_put-key-ordered", {}, mo.map_put("m", "k", 1, {"order": A.MAP_KEY_ORDERED}),
     hm.map_put("m", "k", 1, {"map_order": 1})),
    ("map_put-update-only-nofail", M0,
     mo.map_put("m", "zz", 1, {"write_mode": A.MAP_WRITE_FLAGS_UPDATE_ONLY | A.MAP_WRITE_FLAGS_NO_FAIL}),
     hm.map_put("m", "zz", 1, {"map_write_flags": 2 | 4})),
    ("map_put_items", M0, mo.map_put_items("m", {"a": 0, "y": 9}), hm.map_put_items("m", {"a": 0, "y": 9})),
    ("map_increment", M0, mo.map_increment("m", "a", 4), hm.map_increment("m", "a", 4)),
    ("map_increment-new", M0, mo.map_increment("m", "new", 2), hm.map_increment("m", "new", 2)),
    ("map_decrement", M0, mo.map_decrement("m", "d", 2), hm.map_decrement("m", "d", 2)),
    ("map_clear", M0, mo.map_clear("m"), hm.map_clear("m")),
    ("map_size", M0, mo.map_size("m"), hm.map_size("m")),
    ("map_remove_by_key", M0, mo.map_remove_by_key("m", "b", MV), hm.map_remove_by_key("m", "b", MV)),
    ("map_remove_by_key_list", M0, mo.map_remove_by_key_list("m", ["a", "c", "zz"], MC),
     hm.map_remove_by_key_list("m", ["a", "c", "zz"], MC)),
    ("map_remove_by_key_range", M0, mo.map_remove_by_key_range("m", "b", "d", MK),
     hm.map_remove_by_key_range("m", "b", "d", MK)),
    ("map_remove_by_value", M0, mo.map_remove_by_value("m", 5, MK), hm.map_remove_by_value("m", 5, MK)),
    ("map_remove_by_value_list", M0, mo.map_remove_by_value_list("m", [1, 2], MK),
     hm.map_remove_by_value_list("m", [1, 2], MK)),
    ("map_remove_by_value_range", M0, mo.map_remove_by_value_range("m", 2, 4, MC),
     hm.map_remove_by_value_range("m", 2, 4, MC)),
    ("map_remove_by_index", M0, mo.map_remove_by_index("m", 0, MK), hm.map_remove_by_index("m", 0, MK)),
    ("map_remove_by_index_range", M0, mo.map_remove_by_index_range("m", 1, MV, 2),
     hm.map_remove_by_index_range("m", 1, 2, MV)),
    ("map_remove_by_rank", M0, mo.map_remove_by_rank("m", 0, MK), hm.map_remove_by_rank("m", 0, MK)),
    ("map_remove_by_rank_range", M0, mo.map_remove_by_rank_range("m", 0, MK, 2),
     hm.map_remove_by_rank_range("m", 0, 2, MK)),
    ("map_get_by_key", M0, mo.map_get_by_key("m", "c", MV), hm.map_get_by_key("m", "c", MV)),
    ("map_get_by_key-missing", M0, mo.map_get_by_key("m", "zz", MV), hm.map_get_by_key("m", "zz", MV)),
    ("map_get_by_key_range", M0, mo.map_get_by_key_range("m", "b", "e", MV),
     hm.map_get_by_key_range("m", "b", "e", MV)),
    ("map_get_by_value", M0, mo.map_get_by_value("m", 4, MK), hm.map_get_by_value("m", 4, MK)),
    ("map_get_by_value_range", M0, mo.map_get_by_value_range("m", 1, 3, MK),
     hm.map_get_by_value_range("m", 1, 3, MK)),
    ("map_get_by_index", M0, mo.map_get_by_index("m", -1, MV), hm.map_get_by_index("m", -1, MV)),
    ("map_get_by_index-rank", M0, mo.map_get_by_index("m", 0, MR), hm.map_get_by_index("m", 0, MR)),
    ("map_get_by_index_range", M0, mo.map_get_by_index_range("m", 1, MK, 3),
     hm.map_get_by_index_range("m", 1, 3, MK)),
    ("map_get_by_rank", M0, mo.map_get_by_rank("m", -1, MK), hm.map_get_by_rank("m", -1, MK)),
    ("map_get_by_rank-index", M0, mo.map_get_by_rank("m", 0, MI), hm.map_get_by_rank("m", 0, MI)),
    ("map_get_by_rank_range", M0, mo.map_get_by_rank_range("m", 1, MV, 2), hm.map_get_by_rank_range("m", 1, 2, MV)),
    ("map_get_by_key_list", M0, mo.map_get_by_key_list("m", ["e", "a"], MV),
     hm.map_get_by_key_list("m", ["e", "a"], MV)),
    ("map_get_by_value_list", M0, mo.map_get_by_value_list("m", [1, 5], MK),
     hm.map_get_by_value_list("m", [1, 5], MK)),
    ("map_remove_by_key-none", M0, mo.map_remove_by_key("m", "a", MN), hm.map_remove_by_key("m", "a", MN)),
    # flags, inverted selections, ordered maps
    ("list_insert-bounded-partial", L0,
     lo.list_insert_items("l", 1, [1, 9], {"flags": A.LIST_WRITE_ADD_UNIQUE | A.LIST_WRITE_PARTIAL | A.LIST_WRITE_NO_FAIL}),
     hl.list_insert_items("l", 1, [1, 9], {"write_flags": 1 | 8 | 4})),
    ("list_append_items-ordered", {}, lo.list_append_items("l", [3, 1, 2], {"order": A.LIST_ORDERED}),
     hl.list_append_items("l", [3, 1, 2], {"list_order": 1})),
    ("list_remove_by_value_list-inverted", L0, lo.list_remove_by_value_list("l", [2, 3], LV | 0x10000),
     hl.list_remove_by_value_list("l", [2, 3], LV, inverted=True)),
    ("list_get_by_rank_range-inverted", L0, lo.list_get_by_rank_range("l", 1, LI | 0x10000, 2),
     hl.list_get_by_rank_range("l", 1, LI, 2, inverted=True)),
    ("list_get_by_index_range-reverse-rank", L0, lo.list_get_by_index_range("l", -3, LRR, 2),
     hl.list_get_by_index_range("l", -3, LRR, 2)),
    ("map_get_by_key_range-inverted", M0, mo.map_get_by_key_range("m", "b", "d", MK | 0x10000),
     hm.map_get_by_key_range("m", "b", "d", MK, inverted=True)),
    ("map_remove_by_value_range-kv", M0, mo.map_remove_by_value_range("m", 3, None, MKV),
     hm.map_remove_by_value_range("m", 3, None, MKV)),
    ("map_get_by_index_range-reverse-index", M0, mo.map_get_by_index_range("m", 0, A.MAP_RETURN_REVERSE_INDEX, 2),
     hm.map_get_by_index_range("m", 0, 2, A.MAP_RETURN_REVERSE_INDEX)),
    ("map_get_by_value_list-exists", M0, mo.map_get_by_value_list("m", [9], A.MAP_RETURN_EXISTS),
     hm.map_get_by_value_list("m", [9], A.MAP_RETURN_EXISTS)),
    ("map_put_items-kv-ordered", {}, mo.map_put_items("m", {"b": 2, "a": 1}, {"order": A.MAP_KEY_VALUE_ORDERED}),
     hm.map_put_items("m", {"b": 2, "a": 1}, {"map_order": 3})),
    ("map_put-create-only-nofail", M0,
     mo.map_put("m", "a", 0, {"write_mode": A.MAP_WRITE_FLAGS_CREATE_ONLY | A.MAP_WRITE_FLAGS_NO_FAIL}),
     hm.map_put("m", "a", 0, {"map_write_flags": 1 | 4})),
    ("map_put_items-partial", M0,
     mo.map_put_items("m", {"a": 0, "q": 1}, {"write_mode": A.MAP_WRITE_FLAGS_CREATE_ONLY
                                               | A.MAP_WRITE_FLAGS_PARTIAL | A.MAP_WRITE_FLAGS_NO_FAIL}),
     hm.map_put_items("m", {"a": 0, "q": 1}, {"map_write_flags": 1 | 8 | 4})),
    ("map_get_by_rank_range-to-end-kv", M0, mo.map_get_by_rank_range("m", -2, MKV),
     hm.map_get_by_rank_range("m", -2, 100, MKV)),
    ("map_remove_by_index_range-to-end", M0, mo.map_remove_by_index_range("m", 3, MK),
     hm.map_remove_by_index_range("m", 3, 100, MK)),
    ("map-int-keys", {"m": {3: "c", 1: "a", 2: "b"}}, mo.map_get_by_key_range("m", 2, None, MKV),
     hm.map_get_by_key_range("m", 2, None, MKV)),
    # nested contexts
    ("ctx-map_key-list_append", NEST, lo.list_append("n", 4, ctx=[C.cdt_ctx_map_key("x")]),
     hl.list_append("n", 4, ctx=[hctx.cdt_ctx_map_key("x")])),
    ("ctx-two-levels", NEST, lo.list_get_by_index("n", -1, LV, ctx=[C.cdt_ctx_map_key("y"), C.cdt_ctx_map_key("p")]),
     hl.list_get_by_index("n", -1, LV, ctx=[hctx.cdt_ctx_map_key("y"), hctx.cdt_ctx_map_key("p")])),
    ("ctx-map_index", NEST, mo.map_size("n", ctx=[C.cdt_ctx_map_index(1)]),
     hm.map_size("n", ctx=[hctx.cdt_ctx_map_index(1)])),
    ("ctx-map_rank", NEST, mo.map_put("n", "r", 1, ctx=[C.cdt_ctx_map_rank(-1)]),
     hm.map_put("n", "r", 1, ctx=[hctx.cdt_ctx_map_rank(-1)])),
    ("ctx-map_value", {"n": {"a": {"v": 1}, "b": 7}}, mo.map_put("n", "w", 2, ctx=[C.cdt_ctx_map_value({"v": 1})]),
     hm.map_put("n", "w", 2, ctx=[hctx.cdt_ctx_map_value({"v": 1})])),
    ("ctx-list_index", NEST, lo.list_sort("ll", ctx=[C.cdt_ctx_list_index(0)]),
     hl.list_sort("ll", ctx=[hctx.cdt_ctx_list_index(0)])),
    ("ctx-list_rank", NEST, lo.list_append("ll", 9, ctx=[C.cdt_ctx_list_rank(0)]),
     hl.list_append("ll", 9, ctx=[hctx.cdt_ctx_list_rank(0)])),
    ("ctx-list_value", NEST, lo.list_size("ll", ctx=[C.cdt_ctx_list_value([2])]),
     hl.list_size("ll", ctx=[hctx.cdt_ctx_list_value([2])])),
    ("ctx-list_index_create", NEST, lo.list_append("ll", 1, ctx=[C.cdt_ctx_list_index_create(2)]),
     hl.list_append("ll", 1, ctx=[hctx.cdt_ctx_list_index_create(2, 0, False)])),
    ("ctx-list_index_create-pad", NEST, lo.list_append("ll", 1, ctx=[C.cdt_ctx_list_index_create(4, pad=True)]),
     hl.list_append("ll", 1, ctx=[hctx.cdt_ctx_list_index_create(4, 0, True)])),
    ("ctx-map_key_create", NEST, mo.map_put("n", "k", 1, ctx=[C.cdt_ctx_map_key_create("new", A.MAP_KEY_ORDERED)]),
     hm.map_put("n", "k", 1, ctx=[hctx.cdt_ctx_map_key_create("new", 1)])),
    ("ctx-map_key_create-list", {}, lo.list_append("n", 1, ctx=[C.cdt_ctx_map_key_create("a")]),
     hl.list_append("n", 1, ctx=[hctx.cdt_ctx_map_key_create("a", 0)])),
]


def _norm(value: Any) -> Any:
    """The official client gives KEY_VALUE results as (k, v) pairs; compare the flat form."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return [x for pair in value for x in pair]
    return value


@pytest.mark.parametrize("init,ours,theirs", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matches_official(client, official, make_key, init, ours, theirs):
    mine, ref = make_key(), make_key()
    seed = {"pad": 0, **init}
    client.put(mine, seed)
    client.put(ref, seed)
    rec = client.operate(mine, [ours])
    _, _, expected = official.operate(ref, [theirs])
    # Operations without a result are left out of ours (as the contract does).
    assert {k: _norm(v) for k, v in rec.bins.items()} == {
        k: _norm(v) for k, v in (expected or {}).items() if v is not None}
    assert client.get(mine).bins == client.get(ref).bins


def test_map_key_value_shape(client, make_key):
    key = make_key()
    client.put(key, M0)
    assert client.operate(key, [mo.map_get_by_rank_range("m", 0, MKV, 2)]).bins == {"m": ["b", 1, "c", 2]}


def test_several_ops_one_bin_grouped(client, make_key):
    key = make_key()
    client.put(key, {"l": [1, 2], "m": {"a": 1}, "i": 7})
    rec = client.operate(key, [
        lo.list_append("l", 3),
        lo.list_size("l"),
        mo.map_put("m", "b", 2),
        {"op": A.OPERATOR_WRITE, "bin": "w", "val": 1},
        lo.list_get_range("l", 0, 2),
        {"op": A.OPERATOR_READ, "bin": "i"},
    ])
    assert rec.bins == {"l": [3, 3, [1, 2]], "m": 2, "i": 7}
    res = client.operate_ordered(key, [
        mo.map_size("m"), lo.list_pop("l", -1), {"op": A.OPERATOR_READ, "bin": "i"}, mo.map_get_by_key("m", "a", MV),
    ])
    assert [tuple(b) for b in res.ordered_bins] == [("m", [2, 1]), ("l", 3), ("i", 7)]
    assert client.get(key).bins == {"l": [1, 2], "m": {"a": 1, "b": 2}, "i": 7, "w": 1}


def test_deep_create_contexts(client, make_key):
    key = make_key()
    ctx = [C.cdt_ctx_map_key_create("a", A.MAP_KEY_ORDERED), C.cdt_ctx_map_key_create("b"),
           C.cdt_ctx_list_index_create(0)]
    client.operate(key, [lo.list_append("doc", 5, ctx=ctx), lo.list_append("doc", 1, ctx=ctx)])
    assert client.get(key).bins == {"doc": {"a": {"b": [[5, 1]]}}}
    rec = client.operate(key, [lo.list_get_by_rank("doc", -1, LV, ctx=ctx)])
    assert rec.bins == {"doc": 5}


def test_batch_operate_with_cdt_ops(client, make_key):
    keys = [make_key(), make_key()]
    for k in keys:
        client.put(k, {"l": [3, 1, 2]})
    res = client.batch_operate(keys, [lo.list_sort("l"), lo.list_append("l", 0)])
    assert all(r.result == 0 for r in res.batch_records)
    assert [client.get(k).bins["l"] for k in keys] == [[1, 2, 3, 0]] * 2
    # several results for one bin come back as the list of them, in order (as the contract does)
    res = client.batch_operate(keys, [lo.list_append("l", 9), lo.list_size("l"), lo.list_get("l", 0),
                                      mo.map_put("m", "a", 1)])
    assert [r.record.bins for r in res.batch_records] == [{"l": [5, 5, 1], "m": 1}] * 2


def test_op_dict_shape(client):
    """Code that inspects operations sees the contract's keys."""
    assert lo.list_get_by_index_range("b", 1, LV) == {"op": 1017, "bin": "b", "index": 1, "return_type": LV}
    assert lo.list_append("b", 1, {"order": 1}) == {"op": 1001, "bin": "b", "val": 1, "list_policy": {"order": 1}}
    assert mo.map_put("b", "k", 2) == {"op": 2002, "bin": "b", "map_key": "k", "val": 2}
    ctx = [C.cdt_ctx_map_key("k")]
    assert mo.map_size("b", ctx=ctx) == {"op": 2017, "bin": "b", "ctx": ctx}


def test_ctx_kinds_match_the_c_client():
    assert C.cdt_ctx_list_index(1) == (0x10, 1)
    assert C.cdt_ctx_list_rank(-1) == (0x11, -1)
    assert C.cdt_ctx_list_value("v") == (0x13, "v")
    assert C.cdt_ctx_map_index(0) == (0x20, 0)
    assert C.cdt_ctx_map_rank(2) == (0x21, 2)
    assert C.cdt_ctx_map_key("k") == (0x22, "k")
    assert C.cdt_ctx_map_value(3) == (0x23, 3)
    assert C.cdt_ctx_list_index_create(1).kind == 0x10 | 0x40
    assert C.cdt_ctx_list_index_create(1, pad=True).kind == 0x10 | 0x80
    assert C.cdt_ctx_list_index_create(1, A.LIST_ORDERED).kind == 0x10 | 0xC0
    assert C.cdt_ctx_map_key_create("k").kind == 0x22 | 0x40
    assert C.cdt_ctx_map_key_create("k", A.MAP_KEY_ORDERED).kind == 0x22 | 0x80
    assert C.cdt_ctx_map_key_create("k", A.MAP_KEY_VALUE_ORDERED).kind == 0x22 | 0xC0
    with pytest.raises(ex.InvalidArgError, match="index"):
        C.cdt_ctx_list_index("0")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "op,needles",
    [
        (lo.list_get_by_index("l", 0, 99), ["operation 1", "return_type"]),
        (mo.map_get_by_key("m", "a", A.LIST_RETURN_VALUE | 0x100), ["operation 1", "return_type"]),
        (lo.list_append("l", 1, ctx=["x"]), ["operation 1", "ctx"]),  # type: ignore[list-item]
        (lo.list_append("l", 1, ctx=[(0x99, 1)]), ["operation 1", "ctx", "kind"]),  # type: ignore[list-item]
        (lo.list_append("l", 1, ctx=[C.CDTContext(0x10, "a")]), ["operation 1", "ctx"]),
        ({"op": 1001, "bin": "l", "val": 1, "ctx": C.cdt_ctx_list_index(0)}, ["operation 1", "ctx"]),
        (lo.list_get("l", "0"), ["operation 1", "index"]),  # type: ignore[arg-type]
        (lo.list_get_range("l", 0, -1), ["operation 1", "count"]),
        (lo.list_append_items("l", 5), ["operation 1", "val"]),  # type: ignore[arg-type]
        (lo.list_append("l", {1, 2}), ["operation 1"]),
        (lo.list_append("l", 1, {"order": 1, "bogus": 1}), ["operation 1", "list_policy", "bogus"]),  # type: ignore[typeddict-unknown-key]
        (mo.map_put("m", "k", 1, {"order": 2}), ["operation 1", "map_policy"]),
        (mo.map_put_items("m", [1]), ["operation 1", "val"]),  # type: ignore[arg-type]
        ({"op": 1015, "bin": "l", "val": 1}, ["operation 1", "return_type"]),
        ({"op": 2002, "bin": "m", "val": 1}, ["operation 1", "map_key"]),
        (lo.list_size(5), ["operation 1", "bin"]),  # type: ignore[arg-type]
    ],
    ids=["list-rt", "map-rt", "ctx-str", "ctx-kind", "ctx-int-kind-str-value", "ctx-not-list", "index-str",
         "count-negative", "items-not-list", "set-value", "policy-unknown-field", "map-order", "items-not-dict",
         "missing-rt", "missing-key", "bin-int"],
)
def test_bad_input(client, make_key, op, needles):
    key = make_key()
    client.put(key, {"l": [1], "m": {"a": 1}})
    for run in (client.operate, client.operate_ordered):
        with pytest.raises(ex.InvalidArgError) as info:
            run(key, [lo.list_size("l"), op])
        for needle in needles:
            assert needle in str(info.value)
    assert client.get(key).bins == {"l": [1], "m": {"a": 1}}


def test_server_errors(client, make_key):
    key = make_key()
    client.put(key, {"l": [1], "s": "x"})
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [lo.list_append("s", 1)])
    assert info.value.code == A.AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE if hasattr(A, "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE") \
        else info.value.code == 12
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [lo.list_append("l", 1, {"flags": A.LIST_WRITE_ADD_UNIQUE})])
    assert info.value.code == 24  # ELEMENT_EXISTS
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(key, [lo.list_get("l", 5)])
    assert info.value.code == 26  # OP_NOT_APPLICABLE
    assert client.get(key).bins == {"l": [1], "s": "x"}


# (id, initial bins, our operation, the official helper's operation): both must fail with the same code
ERRORS: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("list_append-unique", L0, lo.list_append("l", 5, {"flags": A.LIST_WRITE_ADD_UNIQUE}),
     hl.list_append("l", 5, {"write_flags": 1})),
    ("list_insert-bounded", L0, lo.list_insert("l", 10, 1, {"flags": A.LIST_WRITE_INSERT_BOUNDED}),
     hl.list_insert("l", 10, 1, {"write_flags": 2})),
    ("list_get-out-of-range", L0, lo.list_get("l", 10), hl.list_get("l", 10)),
    ("list_set-ordered", {"l": [1, 2]}, lo.list_set("l", 0, 5), None),
    ("list-op-on-map", M0, lo.list_append("m", 1), hl.list_append("m", 1)),
    ("map-op-on-string", {"m": "s"}, mo.map_size("m"), hm.map_size("m")),
    ("map_put-update-only", M0, mo.map_put("m", "zz", 1, {"write_mode": A.MAP_UPDATE_ONLY}),
     hm.map_put("m", "zz", 1, {"map_write_flags": 2})),
    ("map_put-create-only", M0, mo.map_put("m", "a", 1, {"write_mode": A.MAP_CREATE_ONLY}),
     hm.map_put("m", "a", 1, {"map_write_flags": 1})),
    ("map_increment-non-number", {"m": {"a": "x"}}, mo.map_increment("m", "a", 1), hm.map_increment("m", "a", 1)),
    ("ctx-missing-key", NEST, lo.list_append("n", 1, ctx=[C.cdt_ctx_map_key("nope")]),
     hl.list_append("n", 1, ctx=[hctx.cdt_ctx_map_key("nope")])),
    ("ctx-wrong-type", NEST, lo.list_append("n", 1, ctx=[C.cdt_ctx_list_index(0)]),
     hl.list_append("n", 1, ctx=[hctx.cdt_ctx_list_index(0)])),
]


@pytest.mark.parametrize("init,ours,theirs", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_errors_match_official(client, official, make_key, init, ours, theirs):
    mine, ref = make_key(), make_key()
    seed = {"pad": 0, **init}
    client.put(mine, seed)
    client.put(ref, seed)
    if theirs is None:  # a sorted list refuses set-by-index
        client.operate(mine, [lo.list_set_order("l", A.LIST_ORDERED)])
        official.operate(ref, [hl.list_set_order("l", 1)])
        theirs = hl.list_set("l", 0, 5)
    with pytest.raises(ex.AerospikeError) as info:
        client.operate(mine, [ours])
    with pytest.raises(Exception) as theirs_info:
        official.operate(ref, [theirs])
    assert info.value.code == theirs_info.value.code
    assert not isinstance(info.value, ex.InvalidArgError)
    assert client.get(mine).bins == client.get(ref).bins
