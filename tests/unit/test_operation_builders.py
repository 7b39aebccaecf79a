"""The operation builder modules' public surface, pinned: function names,
parameters (in order, with defaults) and the keyword-only ``ctx``. These are
the contract's signatures; code written against it must keep working."""

from __future__ import annotations

import importlib
import inspect

import pytest

EXPECTED: dict[str, dict[str, str]] = {
    "list_operations": {
        "list_append": "bin, val, policy=None",
        "list_append_items": "bin, values, policy=None",
        "list_insert": "bin, index, val, policy=None",
        "list_insert_items": "bin, index, values, policy=None",
        "list_pop": "bin, index",
        "list_pop_range": "bin, index, count",
        "list_remove": "bin, index",
        "list_remove_range": "bin, index, count",
        "list_set": "bin, index, val",
        "list_trim": "bin, index, count",
        "list_clear": "bin",
        "list_size": "bin",
        "list_get": "bin, index",
        "list_get_range": "bin, index, count",
        "list_get_by_value": "bin, val, return_type",
        "list_get_by_index": "bin, index, return_type",
        "list_get_by_index_range": "bin, index, return_type, count=None",
        "list_get_by_rank": "bin, rank, return_type",
        "list_get_by_rank_range": "bin, rank, return_type, count=None",
        "list_get_by_value_list": "bin, values, return_type",
        "list_get_by_value_range": "bin, begin, end, return_type",
        "list_remove_by_value": "bin, val, return_type",
        "list_remove_by_value_list": "bin, values, return_type",
        "list_remove_by_value_range": "bin, begin, end, return_type",
        "list_remove_by_index": "bin, index, return_type",
        "list_remove_by_index_range": "bin, index, return_type, count=None",
        "list_remove_by_rank": "bin, rank, return_type",
        "list_remove_by_rank_range": "bin, rank, return_type, count=None",
        "list_increment": "bin, index, val, policy=None",
        "list_sort": "bin, sort_flags=0",
        "list_set_order": "bin, list_order=0",
    },
    "map_operations": {
        "map_set_order": "bin, map_order",
        "map_put": "bin, key, val, policy=None",
        "map_put_items": "bin, items, policy=None",
        "map_increment": "bin, key, incr, policy=None",
        "map_decrement": "bin, key, decr, policy=None",
        "map_clear": "bin",
        "map_remove_by_key": "bin, key, return_type",
        "map_remove_by_key_list": "bin, keys, return_type",
        "map_remove_by_key_range": "bin, begin, end, return_type",
        "map_remove_by_value": "bin, val, return_type",
        "map_remove_by_value_list": "bin, values, return_type",
        "map_remove_by_value_range": "bin, begin, end, return_type",
        "map_remove_by_index": "bin, index, return_type",
        "map_remove_by_index_range": "bin, index, return_type, count=None",
        "map_remove_by_rank": "bin, rank, return_type",
        "map_remove_by_rank_range": "bin, rank, return_type, count=None",
        "map_size": "bin",
        "map_get_by_key": "bin, key, return_type",
        "map_get_by_key_range": "bin, begin, end, return_type",
        "map_get_by_value": "bin, val, return_type",
        "map_get_by_value_range": "bin, begin, end, return_type",
        "map_get_by_index": "bin, index, return_type",
        "map_get_by_index_range": "bin, index, return_type, count=None",
        "map_get_by_rank": "bin, rank, return_type",
        "map_get_by_rank_range": "bin, rank, return_type, count=None",
        "map_get_by_key_list": "bin, keys, return_type",
        "map_get_by_value_list": "bin, values, return_type",
    },
    "bit_operations": {
        "bit_resize": "bin, byte_size, resize_flags=0, policy=None",
        "bit_insert": "bin, byte_offset, value, policy=None",
        "bit_remove": "bin, byte_offset, byte_size, policy=None",
        "bit_set": "bin, bit_offset, bit_size, value, policy=None",
        "bit_or": "bin, bit_offset, bit_size, value, policy=None",
        "bit_xor": "bin, bit_offset, bit_size, value, policy=None",
        "bit_and": "bin, bit_offset, bit_size, value, policy=None",
        "bit_not": "bin, bit_offset, bit_size, policy=None",
        "bit_lshift": "bin, bit_offset, bit_size, shift, policy=None",
        "bit_rshift": "bin, bit_offset, bit_size, shift, policy=None",
        "bit_add": "bin, bit_offset, bit_size, value, signed=False, action=0, policy=None",
        "bit_subtract": "bin, bit_offset, bit_size, value, signed=False, action=0, policy=None",
        "bit_set_int": "bin, bit_offset, bit_size, value, policy=None",
        "bit_get": "bin, bit_offset, bit_size",
        "bit_count": "bin, bit_offset, bit_size",
        "bit_lscan": "bin, bit_offset, bit_size, value",
        "bit_rscan": "bin, bit_offset, bit_size, value",
        "bit_get_int": "bin, bit_offset, bit_size, signed=False",
    },
    "hll_operations": {
        "hll_init": "bin, index_bit_count, minhash_bit_count=None, policy=None",
        "hll_add": "bin, values, index_bit_count=None, minhash_bit_count=None, policy=None",
        "hll_get_count": "bin",
        "hll_get_union": "bin, values",
        "hll_get_union_count": "bin, values",
        "hll_get_intersect_count": "bin, values",
        "hll_get_similarity": "bin, values",
        "hll_describe": "bin",
        "hll_fold": "bin, index_bit_count",
        "hll_set_union": "bin, values, policy=None",
    },
}


# Beyond the contract: the official client's relative-range, create and policy operations.
EXTRA: dict[str, dict[str, str]] = {
    "list_operations": {
        "list_get_by_value_rel_rank_range": "bin, value, rank, return_type, count=None",
        "list_remove_by_value_rel_rank_range": "bin, value, rank, return_type, count=None",
        "list_create": "bin, list_order=0, pad=False, persist_index=False",
    },
    "map_operations": {
        "map_get_by_key_rel_index_range": "bin, key, index, return_type, count=None",
        "map_remove_by_key_rel_index_range": "bin, key, index, return_type, count=None",
        "map_get_by_value_rel_rank_range": "bin, value, rank, return_type, count=None",
        "map_remove_by_value_rel_rank_range": "bin, value, rank, return_type, count=None",
        "map_create": "bin, map_order, persist_index=False",
        "map_set_policy": "bin, policy",
    },
    "bit_operations": {},
    "hll_operations": {"hll_refresh_count": "bin"},
}


def _describe(func: object) -> str:
    parts = []
    for p in inspect.signature(func).parameters.values():  # type: ignore[arg-type]
        if p.name == "ctx":
            continue
        parts.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}")
    return ", ".join(parts)


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_signatures(module: str) -> None:
    mod = importlib.import_module(f"aerospike_py.{module}")
    expected = {**EXPECTED[module], **EXTRA[module]}
    assert sorted(n for n in mod.__all__ if n != "Operation") == sorted(expected)
    for name, params in expected.items():
        func = getattr(mod, name)
        assert _describe(func) == params, name
        ctx = inspect.signature(func).parameters["ctx"]
        assert ctx.kind is inspect.Parameter.KEYWORD_ONLY and ctx.default is None, name


def test_counts() -> None:
    assert {m: len(f) for m, f in EXPECTED.items()} == {
        "list_operations": 31, "map_operations": 27, "bit_operations": 18, "hll_operations": 10}


def test_modules_exported() -> None:
    import aerospike_py
    for module in (*EXPECTED, "cdt_ctx"):
        assert getattr(aerospike_py, module) is importlib.import_module(f"aerospike_py.{module}")
        assert module in aerospike_py.__all__
