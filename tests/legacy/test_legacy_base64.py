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
                     e.BitCount(0, 8, "b"), e.HLLGetCount("h"), e.Let(e.Def("x", 1), e.Add(e.Var("x"), 2.5)),
                     e.MapGetKeys("m"), e.MapGetValues(e.MapBin("m"))):
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


CONFIGS = [
    {},
    {"policies": {"read": {"total_timeout": 2000, "key": 1, "max_retries": 4}, "write": {"ttl": 100,
                                                                                         "durable_delete": True},
                  "total_timeout": 3000, "batch": {"concurrent": True}, "info": {"timeout": 500},
                  "query": {"socket_timeout": 7000}, "apply": {"commit_level": 1}, "remove": {"gen": 1}}},
    {"policies": {"operate": {"read_mode_ap": 1, "replica": 3}, "scan": {"total_timeout": 9000},
                  "admin": {"timeout": 1500}}},
]


def test_get_policies(aerospike_config: dict[str, Any]) -> None:
    """The effective policies per kind: the same dict as the official client, for several configurations."""
    import aerospike

    import aerospike_py.legacy as legacy
    from _legacy_diff import describe, differences

    hosts = [tuple(h) for h in aerospike_config["hosts"]]
    for extra in CONFIGS:
        config = {"hosts": hosts, **extra}
        theirs, ours = aerospike.client(config).connect(), legacy.client(config).connect()
        try:
            found = ours.get_policies()
            assert not differences(describe(theirs.get_policies()), describe(found)), extra
            assert found["read"]["total_timeout"] == extra.get("policies", {}).get("read", {}).get("total_timeout",
                                                                                                  1000)
        finally:
            theirs.close()
            ours.close()


def test_config_policy_kinds_it_cannot_honour_warn() -> None:
    import pytest

    from aerospike_py.legacy import _translate

    with pytest.warns(RuntimeWarning, match="batch_write"):
        out = _translate.config({"hosts": [("127.0.0.1", 3000)],
                                 "policies": {"batch_write": {"exists": 1}, "read": {"total_timeout": 5}}})
    assert out["policies"]["read"]["total_timeout"] == 5 and "batch_write" not in out["policies"]
