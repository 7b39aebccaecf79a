"""operate / operate_ordered with every helper family, built by each side's own helpers."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from _legacy_diff import fresh

NS = "test"
START = {"l": [5, 1, 4, 1, 3], "m": {"a": 1, "b": 2, "c": 3, "d": {"x": [1, 2]}}, "n": 10, "s": "ab",
         "bits": b"\x0f\xf0\xaa", "ll": [[1, 2], [3]]}


def L(s: Any) -> list[Any]:  # noqa: N802 - one script per list operation
    lo, m = s.lo, s.m
    return [
        lo.list_append("l", 9), lo.list_append("l", 9, {"write_flags": m.LIST_WRITE_ADD_UNIQUE}),
        lo.list_append_items("l", [7, 8]), lo.list_insert("l", 1, 0), lo.list_insert_items("l", 0, [6, 6]),
        lo.list_increment("l", 0, 5), lo.list_pop("l", 0), lo.list_pop_range("l", 0, 2), lo.list_remove("l", 0),
        lo.list_remove_range("l", 0, 2), lo.list_clear("l"), lo.list_set("l", 0, "x"), lo.list_get("l", 1),
        lo.list_get_range("l", 1, 2), lo.list_trim("l", 1, 2), lo.list_size("l"),
        lo.list_get_by_index("l", 0, m.LIST_RETURN_VALUE), lo.list_get_by_index("l", -1, m.LIST_RETURN_INDEX),
        lo.list_get_by_index_range("l", 1, m.LIST_RETURN_VALUE, 2),
        lo.list_get_by_index_range("l", 1, m.LIST_RETURN_VALUE, 2, True),
        lo.list_get_by_index_range("l", 2, m.LIST_RETURN_COUNT),
        lo.list_get_by_rank("l", 0, m.LIST_RETURN_VALUE), lo.list_get_by_rank_range("l", 1, m.LIST_RETURN_VALUE, 2),
        lo.list_get_by_value("l", 1, m.LIST_RETURN_INDEX), lo.list_get_by_value("l", 1, m.LIST_RETURN_INDEX, True),
        lo.list_get_by_value_list("l", [1, 4], m.LIST_RETURN_VALUE),
        lo.list_get_by_value_range("l", m.LIST_RETURN_VALUE, 2, 5),
        lo.list_remove_by_index("l", 0, m.LIST_RETURN_VALUE),
        lo.list_remove_by_index_range("l", 0, m.LIST_RETURN_COUNT, 2),
        lo.list_remove_by_rank("l", 0, m.LIST_RETURN_VALUE),
        lo.list_remove_by_rank_range("l", 0, m.LIST_RETURN_VALUE, 2, True),
        lo.list_remove_by_value("l", 1, m.LIST_RETURN_COUNT),
        lo.list_remove_by_value_list("l", [1, 5], m.LIST_RETURN_VALUE),
        lo.list_remove_by_value_range("l", m.LIST_RETURN_VALUE, 2, 5),
        lo.list_remove_by_value_range("l", m.LIST_RETURN_VALUE, None, 4),
        lo.list_set_order("l", m.LIST_ORDERED), lo.list_sort("l"), lo.list_sort("l", m.LIST_SORT_DROP_DUPLICATES),
        lo.list_append("ll", 9, ctx=[s.ctx.cdt_ctx_list_index(0)]),
        lo.list_size("ll", [s.ctx.cdt_ctx_list_index(-1)]),
        lo.list_append("m", 3, ctx=[s.ctx.cdt_ctx_map_key("d"), s.ctx.cdt_ctx_map_key("x")]),
        lo.list_append("ll", 1, ctx=[s.ctx.cdt_ctx_list_index_create(5, m.LIST_UNORDERED, True)]),
        lo.list_get("n", 0), lo.list_insert("l", 99, 1),
    ]


def M(s: Any) -> list[Any]:  # noqa: N802
    mo, m = s.mo, s.m
    return [
        mo.map_put("m", "z", 26), mo.map_put("m", "a", 0, {"map_write_flags": m.MAP_WRITE_FLAGS_CREATE_ONLY}),
        mo.map_put_items("m", {"y": 25, "x": 24}), mo.map_increment("m", "a", 5), mo.map_decrement("m", "b", 1),
        mo.map_size("m"), mo.map_clear("m"),
        mo.map_remove_by_key("m", "a", m.MAP_RETURN_VALUE),
        mo.map_remove_by_key_list("m", ["a", "b"], m.MAP_RETURN_KEY_VALUE),
        mo.map_remove_by_key_range("m", "a", "c", m.MAP_RETURN_KEY),
        mo.map_remove_by_value("m", 2, m.MAP_RETURN_KEY), mo.map_remove_by_value_list("m", [1, 3], m.MAP_RETURN_KEY),
        mo.map_remove_by_value_range("m", 1, 3, m.MAP_RETURN_COUNT),
        mo.map_remove_by_index("m", 0, m.MAP_RETURN_KEY), mo.map_remove_by_index_range("m", 1, 2, m.MAP_RETURN_KEY),
        mo.map_remove_by_rank("m", 0, m.MAP_RETURN_VALUE),
        mo.map_remove_by_rank_range("m", 0, 2, m.MAP_RETURN_VALUE, True),
        mo.map_get_by_key("m", "b", m.MAP_RETURN_VALUE), mo.map_get_by_key("m", "zz", m.MAP_RETURN_VALUE),
        mo.map_get_by_key_range("m", "a", "c", m.MAP_RETURN_KEY_VALUE),
        mo.map_get_by_key_list("m", ["a", "c"], m.MAP_RETURN_VALUE),
        mo.map_get_by_key_list("m", ["a", "c"], m.MAP_RETURN_VALUE, True),
        mo.map_get_by_value("m", 2, m.MAP_RETURN_KEY), mo.map_get_by_value_range("m", 1, 3, m.MAP_RETURN_KEY),
        mo.map_get_by_value_list("m", [1, 3], m.MAP_RETURN_KEY),
        mo.map_get_by_index("m", 0, m.MAP_RETURN_KEY_VALUE), mo.map_get_by_index_range("m", 0, 2, m.MAP_RETURN_KEY),
        mo.map_get_by_rank("m", -1, m.MAP_RETURN_KEY), mo.map_get_by_rank_range("m", 0, 2, m.MAP_RETURN_VALUE),
        mo.map_put("m", "k", 1, ctx=[s.ctx.cdt_ctx_map_key_create("new", m.MAP_KEY_ORDERED)]),
        mo.map_size("m", [s.ctx.cdt_ctx_map_key("d")]),
        mo.map_get_by_key("m", "x", m.MAP_RETURN_VALUE, [s.ctx.cdt_ctx_map_key("d")]),
        mo.map_put("l", "k", 1),
    ]


def B(s: Any) -> list[Any]:  # noqa: N802
    bo, m = s.bo, s.m
    return [
        bo.bit_resize("bits", 5), bo.bit_resize("bits", 1, None, m.BIT_RESIZE_SHRINK_ONLY),
        bo.bit_insert("bits", 1, 2, b"\x01\x02"), bo.bit_remove("bits", 0, 1), bo.bit_set("bits", 0, 8, 1, b"\xff"),
        bo.bit_or("bits", 0, 8, 1, b"\x01"), bo.bit_xor("bits", 0, 8, 1, b"\x01"), bo.bit_and("bits", 0, 8, 1, b"\x0c"),
        bo.bit_not("bits", 0, 8), bo.bit_lshift("bits", 0, 8, 2), bo.bit_rshift("bits", 0, 8, 2),
        bo.bit_add("bits", 0, 8, 1, False, m.BIT_OVERFLOW_FAIL),
        bo.bit_add("bits", 0, 8, 255, False, m.BIT_OVERFLOW_WRAP),
        bo.bit_subtract("bits", 0, 8, 1, False, m.BIT_OVERFLOW_SATURATE), bo.bit_set_int("bits", 8, 8, 7),
        bo.bit_get("bits", 4, 8), bo.bit_count("bits", 0, 24), bo.bit_lscan("bits", 0, 24, True),
        bo.bit_rscan("bits", 0, 24, False), bo.bit_get_int("bits", 0, 8, True), bo.bit_get_int("bits", 0, 8, False),
        bo.bit_get("bits", 20, 8),
    ]


def H(s: Any) -> list[list[Any]]:  # noqa: N802 - whole scripts: HLL bins must be built first
    ho = s.ho
    return [
        [ho.hll_init("h", 8)], [ho.hll_add("h", ["a", "b", "c"], 8)], [ho.hll_add("h", ["a", "b"], 8, 4)],
        [ho.hll_add("h", ["a"], 8), ho.hll_get_count("h"), ho.hll_describe("h")],
        [ho.hll_add("h", ["a", "b"], 10), ho.hll_fold("h", 8), ho.hll_describe("h")],
        [ho.hll_init("h", 8, 4, {"flags": s.m.HLL_WRITE_CREATE_ONLY}), ho.hll_init("h", 8, 4)],
        [ho.hll_add("h", ["x"], 8), ho.hll_get_count("h")],
    ]


@pytest.mark.parametrize("index", range(44))
def test_list_operations(same: Callable[..., Any], set_name: str, index: int) -> None:
    _one(same, set_name, L, index)


@pytest.mark.parametrize("index", range(33))
def test_map_operations(same: Callable[..., Any], set_name: str, index: int) -> None:
    _one(same, set_name, M, index)


@pytest.mark.parametrize("index", range(22))
def test_bit_operations(same: Callable[..., Any], set_name: str, index: int) -> None:
    _one(same, set_name, B, index)


def _one(same: Callable[..., Any], set_name: str, corpus: Callable[[Any], list[Any]], index: int) -> None:
    key = (NS, set_name, "op")

    def script(s: Any) -> Any:
        fresh(s, key)
        s.c.put(key, START)
        ops = corpus(s)
        assert len(ops) > index
        op = ops[index]
        out: list[Any] = []
        for call in (lambda: s.c.operate(key, [op]), lambda: s.c.operate_ordered(key, [op, s.ops.read("l")])):
            try:
                out.append(call())
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        out.append(s.c.get(key))
        return out

    same(script)


def test_corpus_sizes(sides: Any) -> None:
    """The parametrized ranges above cover each corpus exactly."""
    side = sides[1]
    assert (len(L(side)), len(M(side)), len(B(side))) == (44, 33, 22)


@pytest.mark.parametrize("index", range(7))
def test_hll_operations(same: Callable[..., Any], set_name: str, index: int) -> None:
    key = (NS, set_name, "hll")

    def script(s: Any) -> Any:
        fresh(s, key)
        s.c.put(key, {"a": 1})
        ops = H(s)[index]
        try:
            found: Any = s.c.operate_ordered(key, ops)
        except Exception as exc:  # noqa: BLE001
            found = exc
        return [found, s.c.get(key)]

    same(script)


def test_basic_operations_and_results(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "basic")

    def script(s: Any) -> Any:
        o = s.ops
        fresh(s, key)
        return [
            s.c.operate(key, [o.write("a", 1), o.write("s", "x"), o.increment("a", 2), o.append("s", "y"),
                              o.prepend("s", "w"), o.read("a"), o.read("s")]),
            s.c.operate(key, [o.read("a"), o.increment("a", 1), o.read("a")]),
            s.c.operate_ordered(key, [o.read("a"), o.increment("a", 1), o.read("a"), o.read("nope")]),
            s.c.operate(key, [o.touch(100), o.read("a")]),
            s.c.operate(key, [s.lo.list_append("l", 1), s.lo.list_append("l", 2), s.lo.list_size("l")]),
            s.c.operate(key, [o.write("a", 5)], meta={"ttl": 50}),
            s.c.operate(key, [o.read("a")], policy={"total_timeout": 1000}),
            s.c.operate(key, [o.delete(), o.write("b", 1)]),
            s.c.get(key),
        ]

    same(script)


def test_expression_operations(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "exp")

    def script(s: Any) -> Any:
        e, eo = s.e, s.eo
        fresh(s, key)
        s.c.put(key, {"a": 3, "l": [1, 2, 3]})
        out: list[Any] = []
        for ops in (
            [eo.expression_read("r", e.Add(e.IntBin("a"), 4).compile())],
            [eo.expression_read("r", e.ListSize(None, e.ListBin("l")).compile())],
            [eo.expression_write("a", e.Mul(e.IntBin("a"), 2).compile()), s.ops.read("a")],
            [eo.expression_write("new", e.Eq(e.IntBin("a"), 6).compile(), s.m.EXP_WRITE_CREATE_ONLY)],
            [eo.expression_write("new", e.Eq(e.IntBin("a"), 6).compile(), s.m.EXP_WRITE_CREATE_ONLY)],
            [eo.expression_read("r", e.IntBin("zz").compile())],
            [eo.expression_read("r", e.IntBin("zz").compile(), s.m.EXP_READ_EVAL_NO_FAIL)],
        ):
            try:
                out.append(s.c.operate(key, ops))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)
