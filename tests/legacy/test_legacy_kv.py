"""Key-value commands: the facade against the official client, same calls, same results."""

from __future__ import annotations

import math
from typing import Any, Callable

import pytest

from _legacy_diff import describe, fresh

NS = "test"

VALUES: list[Any] = [0, -1, 2**63 - 1, -(2**63), 1.5, -0.0, math.inf, "", "text", "ünï©ødé", b"", b"\x00\xff",
                     bytearray(b"ba"), [], [1, "a", 2.5, b"x", [1, [2]], {"k": "v"}], {}, {"a": 1, "b": {"c": [1]}},
                     {1: "one", -5: "minus"}, True, False]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: f"{type(v).__name__}:{v!r}"[:30])
def test_put_get_round_trip(same: Callable[..., Any], set_name: str, value: Any) -> None:
    key = (NS, set_name, "v")

    def script(s: Any) -> Any:
        fresh(s, key)
        return [s.c.put(key, {"v": value}), s.c.get(key), s.c.select(key, ["v", "missing"]), s.c.exists(key)]

    same(script)


@pytest.mark.parametrize("pk", ["s", 7, -2**63, b"bytes", bytearray(b"blob")], ids=repr)
def test_keys(same: Callable[..., Any], set_name: str, pk: Any) -> None:
    key = (NS, set_name, pk)

    def script(s: Any) -> Any:
        fresh(s, key)
        s.c.put(key, {"a": 1}, policy={"key": s.m.POLICY_KEY_SEND})
        digest = s.c.exists(key)[0][3]
        return [s.c.get(key), s.c.get((NS, set_name, None, digest)), s.c.exists((NS, set_name, None, digest)),
                s.m.calc_digest(NS, set_name, pk), s.c.get_key_partition_id(NS, set_name, pk)]

    same(script)


def test_write_commands(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "w")

    def script(s: Any) -> Any:
        fresh(s, key)
        out = [s.c.put(key, {"s": "a", "b": b"x", "n": 1, "f": 1.0}, meta={"ttl": 1000})]
        out += [s.c.append(key, "s", "b"), s.c.prepend(key, "s", "z"), s.c.append(key, "b", b"y"),
                s.c.increment(key, "n", 5), s.c.increment(key, "f", 0.5), s.c.increment(key, "new", -3),
                s.c.touch(key, 500), s.c.remove_bin(key, ["b"]), s.c.get(key)]
        out += [s.c.touch(key), s.c.exists(key)[1]["gen"], s.c.remove(key), s.c.exists(key)]
        return out

    same(script)


def test_meta_and_ttl_sentinels(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "t")

    def script(s: Any) -> Any:
        fresh(s, key)
        s.c.put(key, {"a": 1}, meta={"ttl": s.m.TTL_NEVER_EXPIRE})
        first = s.c.exists(key)[1]
        s.c.put(key, {"a": 2}, meta={"ttl": 300})
        s.c.put(key, {"a": 3}, meta={"ttl": s.m.TTL_DONT_UPDATE})
        return [first, s.c.get(key)]

    same(script)


def test_record_errors(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "e")
    missing = (NS, set_name, "absent")

    def script(s: Any) -> Any:
        fresh(s, key)
        out = []
        for call in (
            lambda: s.c.get(missing),
            lambda: s.c.remove(missing),
            lambda: s.c.touch(missing),
            lambda: s.c.put(key, {"a": 1}),
            lambda: s.c.put(key, {"a": 1}, policy={"exists": s.m.POLICY_EXISTS_CREATE}),
            lambda: s.c.put(key, {"a": 1}, meta={"gen": 9}, policy={"gen": s.m.POLICY_GEN_EQ}),
            lambda: s.c.put(missing, {"a": 1}, policy={"exists": s.m.POLICY_EXISTS_UPDATE}),
            lambda: s.c.put(missing, {"a": 1}, policy={"exists": s.m.POLICY_EXISTS_REPLACE}),
            lambda: s.c.increment(key, "a", "x"),
            lambda: s.c.append(key, "a", "x"),
            lambda: s.c.put(key, {"a": 1}, meta={"gen": 1}, policy={"gen": s.m.POLICY_GEN_EQ}),
            lambda: s.c.get(key),
        ):
            try:
                out.append(call())
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


@pytest.mark.parametrize("bad_key", [("test",), ("test", "s"), ("test", "s", 1.5), ("test", "s", None), "k", None,
                                     (1, "s", "k")], ids=repr)
def test_bad_keys_are_param_errors(same: Callable[..., Any], bad_key: Any) -> None:
    same(lambda s: s.c.get(bad_key))


def test_filter_expressions(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "x")

    def script(s: Any) -> Any:
        e = s.e
        fresh(s, key)
        s.c.put(key, {"a": 5, "s": "abc", "f": 2.5, "l": [1, 2, 3], "m": {"k": 1}, "b": True})
        out = []
        for expr in (
            e.Eq(e.IntBin("a"), 5), e.Eq(e.IntBin("a"), 6), e.And(e.GT(e.IntBin("a"), 1), e.LT(e.FloatBin("f"), 3.0)),
            e.Or(e.Eq(e.StrBin("s"), "zz"), e.BinExists("m")), e.Not(e.BinExists("zz")),
            e.Eq(e.Add(e.IntBin("a"), 2, 3), 10), e.GE(e.TTL(), 0), e.Eq(e.SetName(), set_name),
            e.CmpRegex(0, "a.c", e.StrBin("s")), e.Eq(e.ListSize(None, e.ListBin("l")), 3),
            e.Eq(e.MapGetByKey(None, s.m.MAP_RETURN_VALUE, e.ResultType.INTEGER, "k", e.MapBin("m")), 1),
            e.Let(e.Def("x", e.IntBin("a")), e.Eq(e.Var("x"), 5)),
            e.Eq(e.Cond(e.GT(e.IntBin("a"), 3), 1, 0), 1),
            e.Eq(e.ListGetByIndex(None, s.m.LIST_RETURN_VALUE, e.ResultType.INTEGER, 0, "l"), 1),
        ):
            try:
                out.append(s.c.get(key, {"expressions": expr.compile()}))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_connect_failure(sides: Any) -> None:
    """Unreachable seeds: both raise the same class when the client is created (the official client connects then)."""
    found = []
    for side in sides:
        try:
            side.m.client({"hosts": [("127.0.0.1", 1)], "connect_timeout": 200})
            found.append(None)
        except Exception as exc:  # noqa: BLE001
            found.append(describe(exc))
    assert found[0] == found[1]
    assert found[0] is not None


def test_closed_client(same: Callable[..., Any], aerospike_config: dict[str, Any], set_name: str) -> None:
    def script(s: Any) -> Any:
        c = s.m.client({"hosts": [tuple(h) for h in aerospike_config["hosts"]]})
        out: list[Any] = [c.is_connected()]
        c.close()
        out.append(c.is_connected())
        try:
            c.get((NS, set_name, "k"))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
        c.connect()
        out.append(c.is_connected())
        c.close()
        return out

    same(script)
