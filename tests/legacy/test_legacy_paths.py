"""Path operations, path contexts and path expressions: the official helpers vs the facade's."""

from __future__ import annotations

import inspect
from typing import Any, Callable

import pytest

from _legacy_diff import fresh

NS = "test"
START = {"m": {"a": {"qty": 1, "price": 7, "tags": ["x", "y"]}, "b": {"qty": 0, "price": 12, "tags": []},
               "c": {"qty": 5, "price": 3, "tags": ["z"]}},
         "l": [4, 8, 15, [16, 23], "s", 42], "n": 1}


def _paths(s: Any) -> list[tuple[str, list[Any]]]:
    e, ctx, m = s.e, s.ctx, s.m
    big = e.GT(e.LoopVarInt(m.EXP_LOOPVAR_VALUE), 7).compile()
    first = e.LT(e.LoopVarInt(m.EXP_LOOPVAR_INDEX), 1).compile()
    stocked = e.GT(e.MapGetByKey(None, m.MAP_RETURN_VALUE, e.ResultType.INTEGER, "qty",
                                 e.LoopVarMap(m.EXP_LOOPVAR_VALUE)), 0).compile()
    named = e.Eq(e.LoopVarStr(m.EXP_LOOPVAR_KEY), "price").compile()
    return [
        ("m", [ctx.cdt_ctx_all_children()]),
        ("m", [ctx.cdt_ctx_all_children_with_filter(stocked), ctx.cdt_ctx_map_key("price")]),
        ("m", [ctx.cdt_ctx_all_children(), ctx.cdt_ctx_all_children_with_filter(big)]),
        ("m", [ctx.cdt_ctx_map_keys_in(["a", "b", "q"]), ctx.cdt_ctx_all_children_with_filter(named)]),
        ("m", [ctx.cdt_ctx_map_key("a"), ctx.cdt_ctx_map_keys_in(["qty", "price"]), ctx.cdt_ctx_and_filter(named)]),
        ("m", [ctx.cdt_ctx_all_children(), ctx.cdt_ctx_map_key("tags"), ctx.cdt_ctx_all_children_with_filter(first)]),
        ("l", [ctx.cdt_ctx_all_children_with_filter(big)]),
        ("l", [ctx.cdt_ctx_list_index(3), ctx.cdt_ctx_all_children()]),
        ("n", [ctx.cdt_ctx_all_children()]),
    ]


@pytest.mark.parametrize("index", range(9))
def test_select_and_modify_by_path(same: Callable[..., Any], set_name: str, index: int) -> None:
    key = (NS, set_name, "paths")

    def script(s: Any) -> Any:
        e, m = s.e, s.m
        bin_name, path = _paths(s)[index]
        out: list[Any] = []
        bump = e.Add(e.LoopVarInt(m.EXP_LOOPVAR_VALUE), 100).compile()
        for op in [s.ops.select_by_path(bin_name, path, flags) for flags in
                   (m.EXP_PATH_SELECT_MATCHING_TREE, m.EXP_PATH_SELECT_VALUE, m.EXP_PATH_SELECT_MAP_KEY,
                    m.EXP_PATH_SELECT_MAP_KEY_VALUE, m.EXP_PATH_SELECT_VALUE | m.EXP_PATH_SELECT_NO_FAIL)] + [
                s.ops.modify_by_path(bin_name, path, bump, m.EXP_PATH_MODIFY_NO_FAIL),
                s.ops.modify_by_path(bin_name, path, e.RemoveResult().compile(), m.EXP_PATH_MODIFY_DEFAULT)]:
            fresh(s, key)
            s.c.put(key, START)
            try:
                out.append(s.c.operate(key, [op]))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
            out.append(s.c.get(key))
        bin_exp = e.ListBin(bin_name) if bin_name == "l" else e.MapBin(bin_name)
        rtype = e.ResultType.LIST if bin_name == "l" else e.ResultType.MAP
        for expr in (e.SelectByPath(path, e.ResultType.LIST, m.EXP_PATH_SELECT_VALUE, bin_exp),
                     e.SelectByPath(path, rtype, m.EXP_PATH_SELECT_MATCHING_TREE, bin_exp),
                     e.ModifyByPath(path, rtype, bump, m.EXP_PATH_MODIFY_NO_FAIL, bin_exp)):
            try:
                out.append(s.c.operate(key, [s.eo.expression_read("r", expr.compile())]))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_path_corpus_size(sides: Any) -> None:
    assert len(_paths(sides[0])) == len(_paths(sides[1])) == 9


def test_path_wire_text(same: Callable[..., Any]) -> None:
    """get_cdtctx_base64 / get_expression_base64 of path contexts and expressions: the same text."""
    def script(s: Any) -> Any:
        e, m = s.e, s.m
        out = [s.c.get_cdtctx_base64(path) for _b, path in _paths(s)]
        for _b, path in _paths(s):
            out.append(s.c.get_expression_base64(
                e.SelectByPath(path, e.ResultType.LIST, m.EXP_PATH_SELECT_MAP_KEY, e.MapBin("m")).compile()))
            out.append(s.c.get_expression_base64(e.ModifyByPath(
                path, e.ResultType.MAP, e.RemoveResult().compile(), 0, e.MapBin("m")).compile()))
        for cls in (e.LoopVarNil, e.LoopVarBool, e.LoopVarInt, e.LoopVarStr, e.LoopVarList, e.LoopVarMap,
                    e.LoopVarBlob, e.LoopVarFloat, e.LoopVarGeoJson, e.LoopVarHLL):
            out.append(s.c.get_expression_base64(e.Eq(cls(m.EXP_LOOPVAR_VALUE), 1).compile()))
        return out

    same(script)


def test_path_context_builders_match() -> None:
    """The new cdt_ctx builders exist with the official parameters and build the same items."""
    from aerospike_helpers import cdt_ctx as theirs

    from aerospike_py.legacy.helpers import cdt_ctx as ours
    for name in ("cdt_ctx_all_children", "cdt_ctx_all_children_with_filter", "cdt_ctx_and_filter",
                 "cdt_ctx_map_keys_in"):
        want = [p.name for p in inspect.signature(getattr(theirs, name)).parameters.values()]
        assert [p.name for p in inspect.signature(getattr(ours, name)).parameters.values()] == want, name
    args: dict[str, tuple[Any, ...]] = {"cdt_ctx_all_children": (), "cdt_ctx_all_children_with_filter": ([1],),
                                        "cdt_ctx_and_filter": ([2],), "cdt_ctx_map_keys_in": (["a"],)}
    for name, a in args.items():
        t, o = getattr(theirs, name)(*a), getattr(ours, name)(*a)
        assert (t.id, t.value, t.extra_args) == (o.id, o.value, o.extra_args), name
