"""Relative rank/index ranges, list/map create, map set-policy and HLL refresh-count in the core modules.

Each operation round-trips and is compared with the official helpers doing the
same on another key; bad arguments fail naming the operation and the field.
"""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py as A
from aerospike_py import cdt_ctx as C
from aerospike_py import exception as ex
from aerospike_py import hll_operations as ho
from aerospike_py import list_operations as lo
from aerospike_py import map_operations as mo

hl = pytest.importorskip("aerospike_helpers.operations.list_operations")
hm = pytest.importorskip("aerospike_helpers.operations.map_operations")
hctx = pytest.importorskip("aerospike_helpers.cdt_ctx")

L0 = {"l": [0, 4, 5, 9, 11, 15]}
M0 = {"m": {"a": 17, "e": 2, "f": 15, "j": 10}}
LV, LC = A.LIST_RETURN_VALUE, A.LIST_RETURN_COUNT
MK, MV, MKV = A.MAP_RETURN_KEY, A.MAP_RETURN_VALUE, A.MAP_RETURN_KEY_VALUE
INV = A.LIST_RETURN_INVERTED if hasattr(A, "LIST_RETURN_INVERTED") else 0x10000

CASES: list[tuple[str, dict[str, Any], Any, Any]] = [
    ("list_get_rel", L0, lo.list_get_by_value_rel_rank_range("l", 5, -1, LV, 2),
     hl.list_get_by_value_rank_range_relative("l", 5, -1, LV, 2)),
    ("list_get_rel_to_end", L0, lo.list_get_by_value_rel_rank_range("l", 5, -1, LV),
     hl.list_get_by_value_rank_range_relative("l", 5, -1, LV)),
    ("list_get_rel_inverted", L0, lo.list_get_by_value_rel_rank_range("l", 6, 0, LV | INV, 2),
     hl.list_get_by_value_rank_range_relative("l", 6, 0, LV, 2, True)),
    ("list_remove_rel", L0, lo.list_remove_by_value_rel_rank_range("l", 5, 1, LC),
     hl.list_remove_by_value_rank_range_relative("l", 5, 1, LC)),
    ("list_remove_rel_count", L0, lo.list_remove_by_value_rel_rank_range("l", 5, -1, LV, 2),
     hl.list_remove_by_value_rank_range_relative("l", 5, -1, LV, 2)),
    ("list_create_top", {}, lo.list_create("new", A.LIST_ORDERED), hl.list_create("new", 1, False, False)),
    ("list_create_ctx", M0, lo.list_create("m", A.LIST_UNORDERED, ctx=[C.cdt_ctx_map_key_create("z")]),
     hl.list_create("m", 0, False, False, [hctx.cdt_ctx_map_key_create("z")])),
    ("list_create_persist", {}, lo.list_create("new", A.LIST_ORDERED, False, True),
     hl.list_create("new", 1, False, True)),
    ("map_get_key_rel", M0, mo.map_get_by_key_rel_index_range("m", "b", 0, MK, 2),
     hm.map_get_by_key_index_range_relative("m", "b", 0, MK, 2)),
    ("map_get_key_rel_to_end", M0, mo.map_get_by_key_rel_index_range("m", "b", -1, MK),
     hm.map_get_by_key_index_range_relative("m", "b", -1, MK)),
    ("map_remove_key_rel", M0, mo.map_remove_by_key_rel_index_range("m", "f", 0, MV, 1),
     hm.map_remove_by_key_index_range_relative("m", "f", 0, MV, 1)),
    ("map_get_value_rel", M0, mo.map_get_by_value_rel_rank_range("m", 11, -1, MV, 2),
     hm.map_get_by_value_rank_range_relative("m", 11, -1, MV, 2)),
    ("map_remove_value_rel", M0, mo.map_remove_by_value_rel_rank_range("m", 11, 0, MK),
     hm.map_remove_by_value_rank_range_relative("m", 11, 0, MK)),
    ("map_create_top", {}, mo.map_create("nm", A.MAP_KEY_ORDERED), hm.map_create("nm", 1, False)),
    ("map_create_ctx", M0, mo.map_create("m", A.MAP_KEY_ORDERED, ctx=[C.cdt_ctx_map_key_create("z")]),
     hm.map_create("m", 1, False, [hctx.cdt_ctx_map_key_create("z")])),
    ("map_set_policy", M0, mo.map_set_policy("m", {"order": A.MAP_KEY_ORDERED}),
     hm.map_set_policy("m", {"map_order": 1})),
    ("map_set_policy_persist", M0, mo.map_set_policy("m", {"order": A.MAP_KEY_ORDERED, "persist_index": True}),
     hm.map_set_policy("m", {"map_order": 1, "persist_index": True})),
]


def _norm(value: Any) -> Any:
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
    assert {k: _norm(v) for k, v in rec.bins.items()} == {
        k: _norm(v) for k, v in (expected or {}).items() if v is not None}
    assert client.get(mine).bins == client.get(ref).bins


def test_hll_refresh_count(client, make_key):
    key = make_key()
    client.put(key, {"pad": 0})
    rec = client.operate_ordered(key, [ho.hll_add("h", ["a", "b", "c"], 8), ho.hll_refresh_count("h"),
                                       ho.hll_get_count("h")])
    assert [v for _, v in rec.ordered_bins] == [[3, 3, 3]]
    with pytest.raises(ex.BinNotFound):
        client.operate(key, [ho.hll_refresh_count("nohll")])
    with pytest.raises(ex.BinTypeError):
        client.operate(key, [ho.hll_refresh_count("pad")])


@pytest.mark.parametrize("op,needles", [
    (lo.list_get_by_value_rel_rank_range("l", 1, "0", LV), ["operation 1", "rank"]),  # type: ignore[arg-type]
    (lo.list_remove_by_value_rel_rank_range("l", 1, 0, LV, -1), ["operation 1", "count"]),
    (lo.list_get_by_value_rel_rank_range("l", 1, 0, 99), ["operation 1", "return_type"]),
    (lo.list_create("l", 7), ["operation 1", "list_order"]),
    (lo.list_create("l", 0, "yes"), ["operation 1", "pad"]),  # type: ignore[arg-type]
    (mo.map_get_by_key_rel_index_range("m", "a", 0.5, MK), ["operation 1", "index"]),  # type: ignore[arg-type]
    (mo.map_create("m", 2), ["operation 1", "map_order"]),
    (mo.map_set_policy("m", {"order": 5}), ["operation 1", "map_policy.order"]),
    (mo.map_set_policy("m", {"bogus": 1}), ["operation 1", "map_policy", "bogus"]),
    (mo.map_set_policy("m", 3), ["operation 1", "map_policy"]),  # type: ignore[arg-type]
    ({"op": mo.OP_MAP_SET_POLICY, "bin": "m"}, ["operation 1", "map_policy", "missing"]),
], ids=["rank-str", "count-negative", "rt", "list-order", "pad", "index-float", "map-order", "policy-order",
        "policy-field", "policy-int", "policy-missing"])
def test_bad_input(client, make_key, op, needles):
    key = make_key()
    client.put(key, {"l": [1], "m": {"a": 1}})
    with pytest.raises(ex.InvalidArgError) as info:
        client.operate(key, [lo.list_size("l"), op])
    for needle in needles:
        assert needle in str(info.value)
    assert client.get(key).bins == {"l": [1], "m": {"a": 1}}
