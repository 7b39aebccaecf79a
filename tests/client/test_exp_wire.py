"""Expressions go on the wire byte for byte as the official client sends them.

Both clients send the same filter to an embedded server of the test's own
(whatever AEROSPIKE_HOSTS says), which records the filter field it receives.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import aerospike_py
from aerospike_py import exp
from aerospike_py.testing import TestServer
from aerospike_py.testing import _exp as server_exp

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers import cdt_ctx as C  # noqa: E402
from aerospike_helpers import expressions as E  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

POINT = {"type": "Point", "coordinates": [1.0, 2.0]}

PAIRS: list[tuple[str, Any, Any]] = [
    ("int", exp.ge(exp.int_bin("age"), exp.int_val(21)), E.GE(E.IntBin("age"), 21)),
    ("ints", exp.eq(exp.num_add(exp.int_bin("a"), exp.int_val(300), exp.int_val(70000), exp.int_val(2**40)),
                    exp.int_val(-5)), E.Eq(E.Add(E.IntBin("a"), 300, 70000, 2**40), -5)),
    ("negative", exp.eq(exp.int_val(-1000), exp.int_val(-2**40)), E.Eq(-1000, -2**40)),
    ("string", exp.eq(exp.string_bin("s"), exp.string_val("abc")), E.Eq(E.StrBin("s"), "abc")),
    ("long-string", exp.eq(exp.string_bin("s"), exp.string_val("x" * 300)), E.Eq(E.StrBin("s"), "x" * 300)),
    ("blob", exp.eq(exp.blob_bin("b"), exp.blob_val(b"xy")), E.Eq(E.BlobBin("b"), b"xy")),
    ("float", exp.eq(exp.float_bin("f"), exp.float_val(1.5)), E.Eq(E.FloatBin("f"), 1.5)),
    ("bool", exp.eq(exp.bool_bin("t"), exp.bool_val(False)), E.Eq(E.BoolBin("t"), False)),
    ("list", exp.eq(exp.list_bin("l"), exp.list_val([1, "a", b"b", [2], {"k": 1.5}])),
     E.Eq(E.ListBin("l"), [1, "a", b"b", [2], {"k": 1.5}])),
    ("map", exp.eq(exp.map_bin("m"), exp.map_val({"a": 1})), E.Eq(E.MapBin("m"), {"a": 1})),
    ("nil", exp.eq(exp.list_bin("l"), exp.nil()), E.Eq(E.ListBin("l"), None)),
    ("geo", exp.geo_compare(exp.geo_bin("g"), exp.geo_val('{"type": "Point", "coordinates": [1.0, 2.0]}')),
     E.CmpGeo(E.GeoBin("g"), aerospike.GeoJSON(POINT))),
    ("bins", exp.and_(exp.eq(exp.hll_bin("h"), exp.hll_bin("h")), exp.bin_exists("a"),
                      exp.eq(exp.bin_type("a"), exp.int_val(1))),
     E.And(E.Eq(E.HLLBin("h"), E.HLLBin("h")), E.BinExists("a"), E.Eq(E.BinType("a"), 1))),
    ("meta", exp.and_(exp.key_exists(), exp.not_(exp.is_tombstone()), exp.gt(exp.ttl(), exp.int_val(0)),
                      exp.eq(exp.set_name(), exp.string_val("s")), exp.gt(exp.record_size(), exp.int_val(0)),
                      exp.gt(exp.since_update(), exp.last_update()), exp.gt(exp.void_time(), exp.int_val(0)),
                      exp.eq(exp.digest_modulo(3), exp.int_val(1))),
     E.And(E.KeyExists(), E.Not(E.IsTombstone()), E.GT(E.TTL(), 0), E.Eq(E.SetName(), "s"),
           E.GT(E.RecordSize(), 0), E.GT(E.SinceUpdateTime(), E.LastUpdateTime()), E.GT(E.VoidTime(), 0),
           E.Eq(E.DigestMod(3), 1))),
    ("keys", exp.or_(exp.eq(exp.key(exp.EXP_TYPE_INT), exp.int_val(1)),
                     exp.eq(exp.key(exp.EXP_TYPE_STRING), exp.string_val("k")),
                     exp.eq(exp.key(exp.EXP_TYPE_BLOB), exp.blob_val(b"k"))),
     E.Or(E.Eq(E.KeyInt(), 1), E.Eq(E.KeyStr(), "k"), E.Eq(E.KeyBlob(), b"k"))),
    ("compare", exp.and_(exp.ne(exp.int_val(1), exp.int_val(2)), exp.lt(exp.int_val(1), exp.int_val(2)),
                         exp.le(exp.int_val(1), exp.int_val(2)), exp.gt(exp.int_val(1), exp.int_val(2))),
     E.And(E.NE(1, 2), E.LT(1, 2), E.LE(1, 2), E.GT(1, 2))),
    ("arith", exp.eq(exp.num_sub(exp.num_mul(exp.int_val(2), exp.int_val(3)), exp.num_div(exp.int_val(9),
                                                                                       exp.int_val(3))),
                     exp.num_mod(exp.num_abs(exp.int_val(-7)), exp.int_val(4))),
     E.Eq(E.Sub(E.Mul(2, 3), E.Div(9, 3)), E.Mod(E.Abs(-7), 4))),
    ("float-math", exp.lt(exp.num_pow(exp.float_val(2.0), exp.num_floor(exp.float_val(3.5))),
                          exp.num_log(exp.num_ceil(exp.float_val(2.5)), exp.to_float(exp.to_int(exp.float_val(2.0))))),
     E.LT(E.Pow(2.0, E.Floor(3.5)), E.Log(E.Ceil(2.5), E.ToFloat(E.ToInt(2.0))))),
    ("minmax", exp.eq(exp.min_(exp.int_val(1), exp.int_val(2)), exp.max_(exp.int_val(1))), E.Eq(E.Min(1, 2), E.Max(1))),
    ("bitwise", exp.and_(
        exp.eq(exp.int_and(exp.int_val(1), exp.int_val(3)), exp.int_or(exp.int_val(1), exp.int_val(2))),
        exp.eq(exp.int_xor(exp.int_val(1), exp.int_val(3)), exp.int_not(exp.int_val(1))),
        exp.eq(exp.int_lshift(exp.int_val(1), exp.int_val(2)), exp.int_rshift(exp.int_val(8), exp.int_val(1))),
        exp.eq(exp.int_arshift(exp.int_val(-8), exp.int_val(1)), exp.int_count(exp.int_val(7))),
        exp.eq(exp.int_lscan(exp.int_val(1), exp.bool_val(True)), exp.int_rscan(exp.int_val(1), exp.bool_val(True)))),
     E.And(E.Eq(E.IntAnd(1, 3), E.IntOr(1, 2)), E.Eq(E.IntXOr(1, 3), E.IntNot(1)),
           E.Eq(E.IntLeftShift(1, 2), E.IntRightShift(8, 1)), E.Eq(E.IntArithmeticRightShift(-8, 1), E.IntCount(7)),
           E.Eq(E.IntLeftScan(1, True), E.IntRightScan(1, True)))),
    ("regex", exp.regex_compare("a.*", aerospike_py.REGEX_ICASE | aerospike_py.REGEX_NEWLINE, exp.string_bin("s")),
     E.CmpRegex(aerospike.REGEX_ICASE | aerospike.REGEX_NEWLINE, "a.*", E.StrBin("s"))),
    ("xor", exp.xor_(exp.bool_val(True), exp.bool_val(False)), E.Exclusive(True, False)),
    ("cond", exp.eq(exp.cond(exp.bool_bin("x"), exp.int_val(1), exp.int_val(2)), exp.int_val(1)),
     E.Eq(E.Cond(E.BoolBin("x"), 1, 2), 1)),
    ("list-reads", exp.and_(
        exp.eq(exp.list_size("l", ctx=[(0x10, 0), (0x13, "v")]), exp.int_val(1)),
        exp.eq(exp.list_get_by_value_range(aerospike_py.LIST_RETURN_VALUE, 2, exp.infinity(), "l"), exp.list_val([2])),
        exp.eq(exp.list_get_by_index(aerospike_py.LIST_RETURN_VALUE, exp.EXP_TYPE_STRING, -1, exp.list_bin("l"),
                                     ctx=[(0x11, -1)]), exp.string_val("s")),
        exp.eq(exp.list_get_by_value_list(aerospike_py.LIST_RETURN_COUNT | 0x10000, [1, "a"], "l"), exp.int_val(0)),
        exp.eq(exp.list_get_by_rank_range(aerospike_py.LIST_RETURN_RANK, 0, exp.int_bin("c"), "l"), exp.list_val([]))),
     E.And(
        E.Eq(E.ListSize([C.cdt_ctx_list_index(0), C.cdt_ctx_list_value("v")], "l"), 1),
        E.Eq(E.ListGetByValueRange(None, aerospike.LIST_RETURN_VALUE, 2, aerospike.CDTInfinite(), "l"), [2]),
        E.Eq(E.ListGetByIndex([C.cdt_ctx_list_rank(-1)], aerospike.LIST_RETURN_VALUE, E.ResultType.STRING, -1,
                              E.ListBin("l")), "s"),
        E.Eq(E.ListGetByValueList(None, aerospike.LIST_RETURN_COUNT | 0x10000, [1, "a"], "l"), 0),
        E.Eq(E.ListGetByRankRange(None, aerospike.LIST_RETURN_RANK, 0, E.IntBin("c"), "l"), []))),
    ("map-reads", exp.and_(
        exp.eq(exp.map_size("m", ctx=[(0x22, "k"), (0x20, 2), (0x21, 0), (0x23, 5)]), exp.int_val(1)),
        exp.eq(exp.map_get_by_key(aerospike_py.MAP_RETURN_KEY_VALUE, exp.EXP_TYPE_MAP, "a", "m"), exp.map_val({})),
        exp.eq(exp.map_get_by_key_list(aerospike_py.MAP_RETURN_EXISTS, ["a"], "m"), exp.bool_val(True)),
        exp.eq(exp.map_get_by_rank(aerospike_py.MAP_RETURN_VALUE, exp.EXP_TYPE_FLOAT, -1, "m"), exp.float_val(1.0))),
     E.And(
        E.Eq(E.MapSize([C.cdt_ctx_map_key("k"), C.cdt_ctx_map_index(2), C.cdt_ctx_map_rank(0),
                        C.cdt_ctx_map_value(5)], "m"), 1),
        E.Eq(E.MapGetByKey(None, aerospike.MAP_RETURN_KEY_VALUE, E.ResultType.MAP, "a", "m"), {}),
        E.Eq(E.MapGetByKeyList(None, aerospike.MAP_RETURN_EXISTS, ["a"], "m"), True),
        E.Eq(E.MapGetByRank(None, aerospike.MAP_RETURN_VALUE, E.ResultType.FLOAT, -1, "m"), 1.0))),
    ("bit-reads", exp.and_(
        exp.eq(exp.bit_get_int(0, 8, True, "b"), exp.bit_count(exp.int_val(0), 300, "b")),
        exp.eq(exp.bit_lscan(0, 8, False, "b"), exp.bit_rscan(0, 8, True, "b"))),
     E.And(E.Eq(E.BitGetInt(0, 8, True, "b"), E.BitCount(0, 300, "b")),
           E.Eq(E.BitLeftScan(0, 8, False, "b"), E.BitRightScan(0, 8, True, "b")))),
    ("list-modify", exp.and_(
        exp.eq(exp.list_append(5, "l"), exp.list_append_items([6, 7], "l", policy={"order": 1, "flags": 2})),
        exp.eq(exp.list_insert(0, "x", "l", policy={"flags": 1}), exp.list_insert_items(1, ["y"], "l")),
        exp.eq(exp.list_set(0, 1, "l"), exp.list_increment(0, 2, "l", policy={"order": 0, "flags": 0})),
        exp.eq(exp.list_clear("l", ctx=[(0x10, 0)]), exp.list_sort(1, exp.list_bin("l"))),
        exp.eq(exp.list_remove_by_value(1, "l"), exp.list_remove_by_value_list([1], "l", inverted=True)),
        exp.eq(exp.list_remove_by_value_range(1, exp.infinity(), "l"), exp.list_remove_by_index(0, "l")),
        exp.eq(exp.list_remove_by_index_range(0, 2, "l"), exp.list_remove_by_index_range_to_end(1, "l", True)),
        exp.eq(exp.list_remove_by_rank(0, "l", ctx=[(0x22, "k")]), exp.list_remove_by_rank_range(0, 1, "l")),
        exp.eq(exp.list_remove_by_rank_range_to_end(1, "l"), exp.list_val([]))),
     E.And(
        E.Eq(E.ListAppend(None, None, 5, "l"),
             E.ListAppendItems(None, {"list_order": 1, "write_flags": 2}, [6, 7], "l")),
        E.Eq(E.ListInsert(None, {"write_flags": 1}, 0, "x", "l"), E.ListInsertItems(None, None, 1, ["y"], "l")),
        E.Eq(E.ListSet(None, None, 0, 1, "l"), E.ListIncrement(None, {"list_order": 0, "write_flags": 0}, 0, 2, "l")),
        E.Eq(E.ListClear([C.cdt_ctx_list_index(0)], "l"), E.ListSort(None, 1, E.ListBin("l"))),
        E.Eq(E.ListRemoveByValue(None, 1, "l"), E.ListRemoveByValueList(None, [1], "l", inverted=True)),
        E.Eq(E.ListRemoveByValueRange(None, 1, aerospike.CDTInfinite(), "l"), E.ListRemoveByIndex(None, 0, "l")),
        E.Eq(E.ListRemoveByIndexRange(None, 0, 2, "l"), E.ListRemoveByIndexRangeToEnd(None, 1, "l", inverted=True)),
        E.Eq(E.ListRemoveByRank([C.cdt_ctx_map_key("k")], 0, "l"), E.ListRemoveByRankRange(None, 0, 1, "l")),
        E.Eq(E.ListRemoveByRankRangeToEnd(None, 1, "l"), []))),
    ("map-modify", exp.and_(
        exp.eq(exp.map_put("k", 1, "m"), exp.map_put_items({"a": 1}, "m", policy={"order": 1, "write_mode": 0})),
        exp.eq(exp.map_increment("k", 2, "m"), exp.map_clear("m")),
        exp.eq(exp.map_remove_by_key("k", "m", ctx=[(0x10, 1)]), exp.map_remove_by_key_list(["a"], "m", True)),
        exp.eq(exp.map_remove_by_key_range("a", "c", "m"), exp.map_remove_by_value(1, "m")),
        exp.eq(exp.map_remove_by_value_list([1, 2], "m"), exp.map_remove_by_value_range(0, 9, "m", inverted=True)),
        exp.eq(exp.map_remove_by_index(0, "m"), exp.map_remove_by_index_range(0, 1, exp.map_bin("m"))),
        exp.eq(exp.map_remove_by_index_range_to_end(1, "m"), exp.map_remove_by_rank(0, "m")),
        exp.eq(exp.map_remove_by_rank_range(0, 2, "m"), exp.map_remove_by_rank_range_to_end(1, "m"))),
     E.And(
        E.Eq(E.MapPut(None, None, "k", 1, "m"), E.MapPutItems(None, {"map_order": 1, "map_write_flags": 0},
                                                              {"a": 1}, "m")),
        E.Eq(E.MapIncrement(None, None, "k", 2, "m"), E.MapClear(None, "m")),
        E.Eq(E.MapRemoveByKey([C.cdt_ctx_list_index(1)], "k", "m"), E.MapRemoveByKeyList(None, ["a"], "m", True)),
        E.Eq(E.MapRemoveByKeyRange(None, "a", "c", "m"), E.MapRemoveByValue(None, 1, "m")),
        E.Eq(E.MapRemoveByValueList(None, [1, 2], "m"), E.MapRemoveByValueRange(None, 0, 9, "m", inverted=True)),
        E.Eq(E.MapRemoveByIndex(None, 0, "m"), E.MapRemoveByIndexRange(None, 0, 1, E.MapBin("m"))),
        E.Eq(E.MapRemoveByIndexRangeToEnd(None, 1, "m"), E.MapRemoveByRank(None, 0, "m")),
        E.Eq(E.MapRemoveByRankRange(None, 0, 2, "m"), E.MapRemoveByRankRangeToEnd(None, 1, "m")))),
    ("bit-modify", exp.and_(
        exp.eq(exp.bit_resize(4, aerospike_py.BIT_RESIZE_FROM_FRONT, "b"), exp.bit_insert(0, b"\x01", "b", policy=1)),
        exp.eq(exp.bit_remove(0, 1, "b"), exp.bit_set(0, 8, b"\xff", "b", policy={"bit_write_flags": 2})),
        exp.eq(exp.bit_or(0, 8, b"\x01", "b"), exp.bit_xor(0, 8, b"\x01", exp.blob_bin("b"))),
        exp.eq(exp.bit_and(0, 8, b"\x01", "b"), exp.bit_not(0, 8, "b")),
        exp.eq(exp.bit_lshift(0, 8, 2, "b"), exp.bit_rshift(0, 8, 1, "b")),
        exp.eq(exp.bit_add(0, 8, 1, aerospike_py.BIT_OVERFLOW_WRAP, "b"), exp.bit_subtract(0, 8, 1, 0, "b")),
        exp.eq(exp.bit_set_int(0, 8, 7, "b"), exp.blob_val(b""))),
     E.And(
        E.Eq(E.BitResize(None, 4, aerospike.BIT_RESIZE_FROM_FRONT, "b"),
             E.BitInsert({"bit_write_flags": 1}, 0, b"\x01", "b")),
        E.Eq(E.BitRemove(None, 0, 1, "b"), E.BitSet({"bit_write_flags": 2}, 0, 8, b"\xff", "b")),
        E.Eq(E.BitOr(None, 0, 8, b"\x01", "b"), E.BitXor(None, 0, 8, b"\x01", E.BlobBin("b"))),
        E.Eq(E.BitAnd(None, 0, 8, b"\x01", "b"), E.BitNot(None, 0, 8, "b")),
        E.Eq(E.BitLeftShift(None, 0, 8, 2, "b"), E.BitRightShift(None, 0, 8, 1, "b")),
        E.Eq(E.BitAdd(None, 0, 8, 1, aerospike.BIT_OVERFLOW_WRAP, "b"), E.BitSubtract(None, 0, 8, 1, 0, "b")),
        E.Eq(E.BitSetInt(None, 0, 8, 7, "b"), b""))),
    ("hll-modify", exp.and_(
        exp.eq(exp.hll_init(10, "h"), exp.hll_init(12, exp.hll_bin("h"), 4, policy=1)),
        exp.eq(exp.hll_add(["a", 1], "h"), exp.hll_add(["b"], "h", 12, 4, policy={"flags": 2}))),
     E.And(
        E.Eq(E.HLLInit(None, 10, -1, "h"), E.HLLInit({"flags": 1}, 12, 4, E.HLLBin("h"))),
        E.Eq(E.HLLAdd(None, ["a", 1], -1, -1, "h"), E.HLLAdd({"flags": 2}, ["b"], 12, 4, "h")))),
    ("relative", exp.and_(
        exp.eq(exp.list_get_by_value_rel_rank_range(aerospike_py.LIST_RETURN_VALUE, 5, -1, 2, "l"),
               exp.list_get_by_value_rel_rank_range_to_end(aerospike_py.LIST_RETURN_COUNT, 5, 1, "l")),
        exp.eq(exp.map_get_by_key_rel_index_range(aerospike_py.MAP_RETURN_KEY, "b", 0, 2, "m"),
               exp.map_get_by_key_rel_index_range_to_end(aerospike_py.MAP_RETURN_KEY, "b", 1, "m")),
        exp.eq(exp.map_get_by_value_rel_rank_range(aerospike_py.MAP_RETURN_VALUE, 2, 0, 1, "m"),
               exp.map_get_by_value_rel_rank_range_to_end(aerospike_py.MAP_RETURN_VALUE, 2, -1, "m")),
        exp.eq(exp.list_remove_by_value_rel_rank_range(5, 0, 1, "l"),
               exp.list_remove_by_value_rel_rank_range_to_end(5, 1, "l", inverted=True)),
        exp.eq(exp.map_remove_by_key_rel_index_range("b", 0, 1, "m"),
               exp.map_remove_by_key_rel_index_range_to_end("b", 1, "m")),
        exp.eq(exp.map_remove_by_value_rel_rank_range(2, 0, 1, "m", True),
               exp.map_remove_by_value_rel_rank_range_to_end(2, 0, "m"))),
     E.And(
        E.Eq(E.ListGetByValueRelRankRange(None, aerospike.LIST_RETURN_VALUE, 5, -1, 2, "l"),
             E.ListGetByValueRelRankRangeToEnd(None, aerospike.LIST_RETURN_COUNT, 5, 1, "l")),
        E.Eq(E.MapGetByKeyRelIndexRange(None, aerospike.MAP_RETURN_KEY, "b", 0, 2, "m"),
             E.MapGetByKeyRelIndexRangeToEnd(None, aerospike.MAP_RETURN_KEY, "b", 1, "m")),
        E.Eq(E.MapGetByValueRelRankRange(None, aerospike.MAP_RETURN_VALUE, 2, 0, 1, "m"),
             E.MapGetByValueRelRankRangeToEnd(None, aerospike.MAP_RETURN_VALUE, 2, -1, "m")),
        E.Eq(E.ListRemoveByValueRelRankRange(None, 5, 0, 1, "l"),
             E.ListRemoveByValueRelRankToEnd(None, 5, 1, "l", inverted=True)),
        E.Eq(E.MapRemoveByKeyRelIndexRange(None, "b", 0, 1, "m"),
             E.MapRemoveByKeyRelIndexRangeToEnd(None, "b", 1, "m")),
        E.Eq(E.MapRemoveByValueRelRankRange(None, 2, 0, 1, "m", True),
             E.MapRemoveByValueRelRankRangeToEnd(None, 2, 0, "m")))),
    ("let", exp.let_(exp.def_("x", exp.int_bin("a")), exp.def_("y", exp.var("x")), exp.gt(exp.var("y"), exp.int_val(1))),
     E.Let(E.Def("x", E.IntBin("a")), E.Def("y", E.Var("x")), E.GT(E.Var("y"), 1))),
]


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with TestServer() as srv:
        yield srv


@pytest.mark.parametrize("name,ours,theirs", PAIRS, ids=[p[0] for p in PAIRS])
def test_same_bytes_as_the_official_client(server: TestServer, monkeypatch: pytest.MonkeyPatch,
                                           name: str, ours: Any, theirs: Any) -> None:
    seen: list[bytes] = []
    real = server_exp.eval_filter

    def spy(wire: bytes, *args: Any) -> bool:
        seen.append(bytes(wire))
        return real(wire, *args)

    monkeypatch.setattr(server_exp, "eval_filter", spy)
    key = ("test", "s", "k")
    client = aerospike_py.client(server.config).connect()
    official = aerospike.client({"hosts": [tuple(h) for h in server.config["hosts"]]}).connect()
    try:
        client.put(key, {"a": 1})
        try:
            client.get(key, policy={"filter_expression": ours})
        except aerospike_py.exception.FilteredOut:
            pass
        try:
            official.get(key, policy={"expressions": theirs.compile()})
        except aerospike.exception.FilteredOut:
            pass
    finally:
        client.close()
        official.close()
    assert len(seen) == 2 and seen[0] == seen[1], [s.hex() for s in seen]
