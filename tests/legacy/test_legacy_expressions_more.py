"""CDT-write, relative, bit and HLL expression classes: compiled form and results vs the official helpers."""

from __future__ import annotations

import inspect
from typing import Any, Callable

import pytest

from _legacy_diff import fresh

NS = "test"
START = {"l": [0, 4, 5, 9, 11, 15], "m": {"a": 17, "e": 2, "f": 15, "j": 10}, "n": 10,
         "bits": b"\x0f\xf0\xaa", "ll": [[3, 1], [7]]}


def corpus(s: Any) -> list[Any]:
    """(expression, how to use it): "read" in expression_read, "filter" as a get's filter expression."""
    e, m, ctx = s.e, s.m, s.ctx
    lp = {"list_order": m.LIST_ORDERED, "write_flags": m.LIST_WRITE_ADD_UNIQUE | m.LIST_WRITE_NO_FAIL}
    mp = {"map_write_flags": m.MAP_WRITE_FLAGS_CREATE_ONLY | m.MAP_WRITE_FLAGS_NO_FAIL}
    rv, rc, kv = m.LIST_RETURN_VALUE, m.LIST_RETURN_COUNT, m.MAP_RETURN_KEY_VALUE
    return [
        e.ListAppend(None, None, 3, "l"), e.ListAppend(None, lp, 4, e.ListBin("l")),
        e.ListAppendItems(None, None, [1, 2], "l"), e.ListInsert(None, None, 1, 99, "l"),
        e.ListInsertItems(None, None, 0, [7, 8], "l"), e.ListIncrement(None, None, 0, 5, "l"),
        e.ListSet(None, None, 2, "x", "l"), e.ListClear(None, "l"), e.ListSort(None, 0, "l"),
        e.ListSort(None, m.LIST_SORT_DROP_DUPLICATES, "l"),
        e.ListAppend([ctx.cdt_ctx_list_index(0)], None, 9, "ll"),
        e.ListRemoveByValue(None, 4, "l"), e.ListRemoveByValue(None, 4, "l", True),
        e.ListRemoveByValueList(None, [0, 15], "l"), e.ListRemoveByValueRange(None, 4, 10, "l"),
        e.ListRemoveByValueRange(None, 4, 10, "l", True),
        e.ListRemoveByValueRelRankToEnd(None, 5, 1, "l"), e.ListRemoveByValueRelRankRange(None, 5, -1, 2, "l"),
        e.ListRemoveByIndex(None, 0, "l"), e.ListRemoveByIndexRangeToEnd(None, 2, "l"),
        e.ListRemoveByIndexRange(None, 1, 2, "l", True), e.ListRemoveByRank(None, -1, "l"),
        e.ListRemoveByRankRangeToEnd(None, 3, "l"), e.ListRemoveByRankRange(None, 0, 2, "l"),
        e.ListGetByValueRelRankRangeToEnd(None, rv, 5, 1, "l"),
        e.ListGetByValueRelRankRange(None, rv, 5, -1, 2, "l"),
        e.ListGetByValueRelRankRange(None, rv, 5, -1, 2, "l", True),
        e.ListGetByIndexRange(None, rv, 1, 2, "l", True), e.ListGetByValue(None, rc, 4, "l", True),
        e.MapPut(None, None, "b", 1, "m"), e.MapPut(None, mp, "a", 1, "m"), e.MapPutItems(None, None, {"z": 1}, "m"),
        e.MapIncrement(None, None, "a", 3, "m"), e.MapClear(None, "m"),
        e.MapRemoveByKey(None, "a", "m"), e.MapRemoveByKeyList(None, ["a", "e"], "m"),
        e.MapRemoveByKeyList(None, ["a", "e"], "m", True), e.MapRemoveByKeyRange(None, "b", "g", "m"),
        e.MapRemoveByKeyRelIndexRangeToEnd(None, "b", 1, "m"), e.MapRemoveByKeyRelIndexRange(None, "b", 0, 2, "m"),
        e.MapRemoveByValue(None, 2, "m"), e.MapRemoveByValueList(None, [2, 10], "m"),
        e.MapRemoveByValueRange(None, 5, 16, "m"), e.MapRemoveByValueRelRankRangeToEnd(None, 11, 0, "m"),
        e.MapRemoveByValueRelRankRange(None, 11, -1, 2, "m", True), e.MapRemoveByIndex(None, 0, "m"),
        e.MapRemoveByIndexRangeToEnd(None, 2, "m"), e.MapRemoveByIndexRange(None, 0, 2, "m"),
        e.MapRemoveByRank(None, 0, "m"), e.MapRemoveByRankRangeToEnd(None, 2, "m"),
        e.MapRemoveByRankRange(None, 0, 1, "m"),
        e.MapGetByKeyRelIndexRangeToEnd(None, kv, "b", 1, "m"), e.MapGetByKeyRelIndexRange(None, kv, "b", 0, 2, "m"),
        e.MapGetByValueRelRankRangeToEnd(None, kv, 11, 0, "m"),
        e.MapGetByValueRelRankRange(None, kv, 11, -1, 2, "m"),
        e.MapGetByKeyRange(None, kv, "b", "g", "m", True),
        e.BitResize(None, 5, m.BIT_RESIZE_DEFAULT, "bits"), e.BitResize(None, 1, m.BIT_RESIZE_FROM_FRONT, "bits"),
        e.BitInsert(None, 1, b"\x01\x02", "bits"), e.BitRemove(None, 0, 1, "bits"),
        e.BitSet(None, 0, 8, b"\xff", "bits"), e.BitOr(None, 0, 8, b"\x01", "bits"),
        e.BitXor(None, 0, 8, b"\x01", "bits"), e.BitAnd(None, 0, 8, b"\x0c", "bits"), e.BitNot(None, 0, 8, "bits"),
        e.BitLeftShift(None, 0, 8, 2, "bits"), e.BitRightShift(None, 0, 8, 2, "bits"),
        e.BitAdd(None, 0, 8, 1, m.BIT_OVERFLOW_FAIL, "bits"), e.BitAdd(None, 0, 8, 255, m.BIT_OVERFLOW_WRAP, "bits"),
        e.BitSubtract(None, 0, 8, 1, m.BIT_OVERFLOW_SATURATE, "bits"), e.BitSetInt(None, 8, 8, 7, "bits"),
        e.BitGet(4, 8, "bits"), e.BitCount(0, 24, "bits"), e.BitLeftScan(0, 24, True, "bits"),
        e.BitRightScan(0, 24, False, "bits"), e.BitGetInt(0, 8, True, "bits"), e.BitGetInt(0, 8, False, "bits"),
        e.HLLGetCount(e.HLLAdd(None, ["a", "b", "c"], 8, None, e.HLLInit(None, 8, None, "nohll"))),
        e.HLLDescribe(e.HLLInit(None, 8, 4, "nohll")),
        e.HLLMayContain(["a"], e.HLLAdd(None, ["a"], 8, None, e.HLLInit(None, 8, None, "nohll"))),
        e.HLLAdd(None, ["a"], None, None, "nohll"),
        e.HLLInit({"flags": m.HLL_WRITE_CREATE_ONLY}, 8, None, "nohll"),
        e.InList(5, "l"), e.InList(e.IntBin("n"), "l"), e.InList("x", e.ListBin("ll")),
        e.Cond(e.GT(e.IntBin("n"), 50), 1, e.Unknown()), e.Unknown(),
        e.MapGetKeys("m"), e.MapGetValues(e.MapBin("m")), e.MapGetKeys("n"), e.MapGetValues("nomap"),
        e.ListSize(None, e.MapGetKeys(e.MapPut(None, None, "q", 1, "m"))),
    ]


def _plain(compiled: list[Any]) -> list[Any]:
    """Contexts as (id, value, extra) so both sides' ctx objects compare."""
    out = []
    for code, rt, fixed, count in compiled:
        if fixed and "ctx" in fixed:
            fixed = dict(fixed)
            fixed["ctx"] = [(c.id, c.value, c.extra_args) for c in fixed["ctx"]]
        out.append((code, rt, fixed, count))
    return out


def test_compiled_forms_match(sides: Any) -> None:
    theirs, ours = corpus(sides[0]), corpus(sides[1])
    assert len(theirs) == len(ours) == COUNT
    for i, (a, b) in enumerate(zip(theirs, ours)):
        assert _plain(a.compile()) == _plain(b.compile()), f"expression {i}"


COUNT = 92


@pytest.mark.parametrize("index", range(COUNT))
def test_expression_results(same: Callable[..., Any], sides: Any, set_name: str, index: int) -> None:
    key = (NS, set_name, "exw")
    assert len(corpus(sides[0])) == len(corpus(sides[1])) == COUNT  # builds outside the compared script

    def script(s: Any) -> Any:
        fresh(s, key)
        s.c.put(key, START)
        expr = corpus(s)[index].compile()
        out: list[Any] = []
        for call in (lambda: s.c.operate(key, [s.eo.expression_read("r", expr)]),
                     lambda: s.c.operate(key, [s.eo.expression_write("w", expr), s.ops.read("w")])):
            try:
                out.append(call())
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_filter_expressions(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "exf")

    def script(s: Any) -> Any:
        e, m = s.e, s.m
        fresh(s, key)
        s.c.put(key, START)
        out: list[Any] = []
        for expr in (
            e.Eq(e.ListSize(None, e.ListAppend(None, None, 3, "l")), 7),
            e.Eq(e.MapSize(None, e.MapPut(None, None, "q", 1, "m")), 4),
            e.Eq(e.BitCount(0, 24, "bits"), 12),
            e.GT(e.HLLGetCount(e.HLLAdd(None, ["a", "b"], 8, None, e.HLLInit(None, 8, None, "x"))), 1),
            e.Eq(e.ListGetByValueRelRankRange(None, m.LIST_RETURN_COUNT, 5, 0, 2, "l"), 2),
            e.InList(9, "l"), e.InList(8, "l"), e.InList(e.IntBin("n"), e.ListBin("l")),
            e.InList(9, "nolist"), e.Cond(e.GT(e.IntBin("n"), 5), True, e.Unknown()),
            e.Cond(e.GT(e.IntBin("n"), 50), True, e.Unknown()),
            e.InList("e", e.MapGetKeys("m")), e.InList("q", e.MapGetKeys("m")), e.InList(15, e.MapGetValues("m")),
            e.InList(15, e.MapGetValues("n")),
        ):
            try:
                out.append(s.c.get(key, {"expressions": expr.compile()}))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


# Official 19.3 classes for server features this client does not offer yet (docs/compatibility.md).
NOT_YET = {
    "Append", "Base64Decode", "BitB64Encode", "ByteLength", "CaseFold", "CharAt", "Concat", "Contains", "EndsWith",
    "Find", "Insert", "IsLower", "IsNumeric", "IsUpper", "ListJoin", "Lower", "NormalizeNFC",
    "NumericType", "Overwrite", "PadEnd", "PadStart", "Prepend", "RegexCompare", "RegexFlags", "RegexReplace",
    "Repeat", "Replace", "ReplaceAll", "Snip", "Split", "SplitSeparator", "StartsWith", "StrLen", "StringPolicy",
    "SubStr", "SubStrRange", "ToBlob", "ToDouble", "ToInteger", "ToString", "Trim", "TrimEnd", "TrimStart", "Upper",
    "Dict", "List", "DeviceSize", "MemorySize",
}


def test_expression_classes_match() -> None:
    """Every official expression class exists here with the same parameters (or is a listed gap)."""
    official = pytest.importorskip("aerospike_helpers.expressions")
    import aerospike_py.legacy.helpers.expressions as ours

    for name, cls in vars(official).items():
        if name.startswith("_") or not inspect.isclass(cls) or not cls.__module__.startswith("aerospike_helpers"):
            continue
        if name in NOT_YET:
            assert not hasattr(ours, name), f"{name} exists now: drop it from NOT_YET"
            continue
        assert hasattr(ours, name), f"{name} is missing"
        if name in ("ResultType", "ReturnType"):
            continue
        want = [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]
        got = [(p.name, p.default) for p in inspect.signature(getattr(ours, name)).parameters.values()]
        assert want == got, f"{name}: {want} != {got}"
