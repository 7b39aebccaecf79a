"""get_expression_base64 / get_cdtctx_base64: the same wire text as the official client."""

from __future__ import annotations

from typing import Any, Callable


def test_expression_and_ctx_base64(same: Callable[..., Any]) -> None:
    def script(s: Any) -> Any:
        e, ctx, c = s.e, s.ctx, s.c
        out: list[Any] = []
        for expr in (e.Eq(e.IntBin("a"), 1), e.And(e.GT(e.ListSize(None, e.ListBin("l")), 2), e.Eq(e.StrBin("s"), "x")),
                     e.ListAppend(None, None, 3, "l"), e.MapGetByKey(None, s.m.MAP_RETURN_VALUE, e.ResultType.INTEGER,
                                                                     "k", e.MapBin("m")),
                     e.BitCount(0, 8, "b"), e.HLLGetCount("h"), e.Let(e.Def("x", 1), e.Add(e.Var("x"), 2.5))):
            out.append(c.get_expression_base64(expr.compile()))
        for items in ([ctx.cdt_ctx_list_index(1), ctx.cdt_ctx_map_key("a")], [ctx.cdt_ctx_map_key_create("k", 1)],
                      [ctx.cdt_ctx_list_rank(-1), ctx.cdt_ctx_map_value(b"v"), ctx.cdt_ctx_list_value([1, "x"])],
                      [ctx.cdt_ctx_list_index_create(2, s.m.LIST_ORDERED, True)]):
            out.append(c.get_cdtctx_base64(items))
        for bad in ([], "x", None, [1]):
            for call in (c.get_cdtctx_base64, c.get_expression_base64):
                try:
                    out.append(call(bad))
                except Exception as exc:  # noqa: BLE001
                    out.append(exc)
        return out

    same(script)
