"""Filter expressions and expression operations of the sync client.

Every builder of ``aerospike_py.exp`` is sent as a filter to the server and
its outcome (record returned or ``FilteredOut``) checked, and compared with
the official client sending the same expression built with
``aerospike_helpers.expressions`` to the same server.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

import aerospike_py
from aerospike_py import exp
from aerospike_py import expression_operations as eo
from aerospike_py.exception import BinExistsError, FilteredOut, InvalidArgError, ServerError

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as official_exc  # noqa: E402
from aerospike_helpers import cdt_ctx as official_ctx  # noqa: E402
from aerospike_helpers import expressions as E  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REGION = '{"type":"Polygon","coordinates":[[[0.0,0.0],[0.0,10.0],[10.0,10.0],[10.0,0.0],[0.0,0.0]]]}'
BINS: dict[str, Any] = {
    "i": 30, "n": -12, "f": 2.5, "s": "Hello", "t": True, "blob": b"\x01\x02", "l": [1, 2, 3], "m": {"a": 1},
    "g": aerospike_py.GeoJSON({"type": "Point", "coordinates": [1.0, 2.0]}),
    "nl": [[5, 6], [7]], "nm": {"x": {"y": 2}},
}


@pytest.fixture
def rec(client: aerospike_py.Client, make_key: Callable[..., tuple]) -> tuple:
    """A record holding one bin of each type, its key stored, expiring in 1000 s."""
    key = make_key(7)
    client.put(key, BINS, meta={"ttl": 1000}, policy={"key": aerospike_py.POLICY_KEY_SEND})
    return key


def _i(v: int) -> dict[str, Any]:
    return exp.int_val(v)


def _f(v: float) -> dict[str, Any]:
    return exp.float_val(v)


# (id, our expression, the official client's expression or None, expected match)
CASES: list[tuple[str, Any, Any, bool]] = [
    ("int", exp.ge(exp.int_bin("i"), _i(21)), E.GE(E.IntBin("i"), 21), True),
    ("int-no", exp.lt(exp.int_bin("i"), _i(21)), E.LT(E.IntBin("i"), 21), False),
    ("float", exp.eq(exp.float_bin("f"), _f(2.5)), E.Eq(E.FloatBin("f"), 2.5), True),
    ("string", exp.eq(exp.string_bin("s"), exp.string_val("Hello")), E.Eq(E.StrBin("s"), "Hello"), True),
    ("string-ne", exp.ne(exp.string_bin("s"), exp.string_val("Hello")), E.NE(E.StrBin("s"), "Hello"), False),
    ("bool", exp.eq(exp.bool_bin("t"), exp.bool_val(True)), E.Eq(E.BoolBin("t"), True), True),
    ("blob", exp.eq(exp.blob_bin("blob"), exp.blob_val(b"\x01\x02")), E.Eq(E.BlobBin("blob"), b"\x01\x02"), True),
    ("list", exp.eq(exp.list_bin("l"), exp.list_val([1, 2, 3])), E.Eq(E.ListBin("l"), [1, 2, 3]), True),
    ("list-no", exp.eq(exp.list_bin("l"), exp.list_val([1, 2])), E.Eq(E.ListBin("l"), [1, 2]), False),
    ("map", exp.eq(exp.map_bin("m"), exp.map_val({"a": 1})), E.Eq(E.MapBin("m"), {"a": 1}), True),
    ("geo", exp.geo_compare(exp.geo_bin("g"), exp.geo_val(REGION)), None, True),
    ("geo-no", exp.geo_compare(exp.geo_bin("g"), exp.geo_val(
        '{"type":"Polygon","coordinates":[[[5.0,5.0],[5.0,6.0],[6.0,6.0],[6.0,5.0],[5.0,5.0]]]}')), None, False),
    ("wrong-type", exp.eq(exp.string_bin("i"), exp.string_val("30")), E.Eq(E.StrBin("i"), "30"), False),
    ("missing-bin", exp.eq(exp.int_bin("zz"), _i(1)), E.Eq(E.IntBin("zz"), 1), False),
    ("hll-missing", exp.eq(exp.hll_bin("zz"), exp.hll_bin("zz")), E.Eq(E.HLLBin("zz"), E.HLLBin("zz")), False),
    ("bin-exists", exp.bin_exists("i"), E.BinExists("i"), True),
    ("bin-exists-no", exp.bin_exists("zz"), E.BinExists("zz"), False),
    ("bin-type", exp.eq(exp.bin_type("s"), _i(3)), E.Eq(E.BinType("s"), 3), True),
    ("key-int", exp.eq(exp.key(exp.EXP_TYPE_INT), _i(7)), E.Eq(E.KeyInt(), 7), True),
    ("key-str", exp.eq(exp.key(exp.EXP_TYPE_STRING), exp.string_val("7")), E.Eq(E.KeyStr(), "7"), False),
    ("key-exists", exp.key_exists(), E.KeyExists(), True),
    ("record-size", exp.gt(exp.record_size(), _i(0)), E.GT(E.RecordSize(), 0), True),
    ("last-update", exp.gt(exp.last_update(), _i(1_600_000_000 * 10**9)),
     E.GT(E.LastUpdateTime(), 1_600_000_000 * 10**9), True),
    ("since-update", exp.lt(exp.since_update(), _i(600_000)), E.LT(E.SinceUpdateTime(), 600_000), True),
    ("void-time", exp.gt(exp.void_time(), exp.last_update()), E.GT(E.VoidTime(), E.LastUpdateTime()), True),
    ("ttl", exp.and_(exp.gt(exp.ttl(), _i(900)), exp.le(exp.ttl(), _i(1000))),
     E.And(E.GT(E.TTL(), 900), E.LE(E.TTL(), 1000)), True),
    ("tombstone", exp.not_(exp.is_tombstone()), E.Not(E.IsTombstone()), True),
    ("digest-modulo", exp.eq(exp.digest_modulo(1), _i(0)), E.Eq(E.DigestMod(1), 0), True),
    ("gt", exp.gt(exp.int_bin("i"), _i(30)), E.GT(E.IntBin("i"), 30), False),
    ("le", exp.le(exp.int_bin("i"), _i(30)), E.LE(E.IntBin("i"), 30), True),
    ("and", exp.and_(exp.eq(exp.int_bin("i"), _i(30)), exp.eq(exp.string_bin("s"), exp.string_val("x"))),
     E.And(E.Eq(E.IntBin("i"), 30), E.Eq(E.StrBin("s"), "x")), False),
    ("or", exp.or_(exp.eq(exp.int_bin("i"), _i(1)), exp.eq(exp.string_bin("s"), exp.string_val("Hello"))),
     E.Or(E.Eq(E.IntBin("i"), 1), E.Eq(E.StrBin("s"), "Hello")), True),
    ("xor", exp.xor_(exp.bool_val(True), exp.bool_val(True)), E.Exclusive(True, True), False),
    ("xor-one", exp.xor_(exp.bool_val(True), exp.bool_val(False)), E.Exclusive(True, False), True),
    ("add", exp.eq(exp.num_add(exp.int_bin("i"), _i(5), _i(-1)), _i(34)), E.Eq(E.Add(E.IntBin("i"), 5, -1), 34), True),
    ("sub", exp.eq(exp.num_sub(exp.int_bin("i"), _i(40)), _i(-10)), E.Eq(E.Sub(E.IntBin("i"), 40), -10), True),
    ("mul", exp.eq(exp.num_mul(exp.float_bin("f"), _f(2.0)), _f(5.0)), E.Eq(E.Mul(E.FloatBin("f"), 2.0), 5.0), True),
    ("div", exp.eq(exp.num_div(exp.int_bin("i"), _i(7)), _i(4)), E.Eq(E.Div(E.IntBin("i"), 7), 4), True),
    ("mod", exp.eq(exp.num_mod(exp.int_bin("i"), _i(7)), _i(2)), E.Eq(E.Mod(E.IntBin("i"), 7), 2), True),
    ("pow", exp.eq(exp.num_pow(_f(2.0), _f(3.0)), _f(8.0)), E.Eq(E.Pow(2.0, 3.0), 8.0), True),
    ("log", exp.and_(exp.gt(exp.num_log(_f(8.0), _f(2.0)), _f(2.999)), exp.lt(exp.num_log(_f(8.0), _f(2.0)), _f(3.001))),
     E.And(E.GT(E.Log(8.0, 2.0), 2.999), E.LT(E.Log(8.0, 2.0), 3.001)), True),
    ("abs", exp.eq(exp.num_abs(exp.int_bin("n")), _i(12)), E.Eq(E.Abs(E.IntBin("n")), 12), True),
    ("floor", exp.eq(exp.num_floor(exp.float_bin("f")), _f(2.0)), E.Eq(E.Floor(E.FloatBin("f")), 2.0), True),
    ("ceil", exp.eq(exp.num_ceil(exp.float_bin("f")), _f(3.0)), E.Eq(E.Ceil(E.FloatBin("f")), 3.0), True),
    ("to-int", exp.eq(exp.to_int(exp.float_bin("f")), _i(2)), E.Eq(E.ToInt(E.FloatBin("f")), 2), True),
    ("to-float", exp.eq(exp.to_float(exp.int_bin("i")), _f(30.0)), E.Eq(E.ToFloat(E.IntBin("i")), 30.0), True),
    ("min", exp.eq(exp.min_(exp.int_bin("i"), _i(3), _i(9)), _i(3)), E.Eq(E.Min(E.IntBin("i"), 3, 9), 3), True),
    ("max", exp.eq(exp.max_(exp.int_bin("i"), _i(3)), _i(30)), E.Eq(E.Max(E.IntBin("i"), 3), 30), True),
    ("int-and", exp.eq(exp.int_and(exp.int_bin("i"), _i(0b10110)), _i(0b10110)),
     E.Eq(E.IntAnd(E.IntBin("i"), 0b10110), 0b10110), True),
    ("int-or", exp.eq(exp.int_or(exp.int_bin("i"), _i(1)), _i(31)), E.Eq(E.IntOr(E.IntBin("i"), 1), 31), True),
    ("int-xor", exp.eq(exp.int_xor(exp.int_bin("i"), _i(30)), _i(0)), E.Eq(E.IntXOr(E.IntBin("i"), 30), 0), True),
    ("int-not", exp.eq(exp.int_not(exp.int_bin("i")), _i(-31)), E.Eq(E.IntNot(E.IntBin("i")), -31), True),
    ("lshift", exp.eq(exp.int_lshift(exp.int_bin("i"), _i(2)), _i(120)),
     E.Eq(E.IntLeftShift(E.IntBin("i"), 2), 120), True),
    ("rshift", exp.eq(exp.int_rshift(exp.int_bin("n"), _i(60)), _i(15)),
     E.Eq(E.IntRightShift(E.IntBin("n"), 60), 15), True),
    ("arshift", exp.eq(exp.int_arshift(exp.int_bin("n"), _i(2)), _i(-3)),
     E.Eq(E.IntArithmeticRightShift(E.IntBin("n"), 2), -3), True),
    ("count", exp.eq(exp.int_count(exp.int_bin("i")), _i(4)), E.Eq(E.IntCount(E.IntBin("i")), 4), True),
    ("lscan", exp.eq(exp.int_lscan(exp.int_bin("i"), exp.bool_val(True)), _i(59)),
     E.Eq(E.IntLeftScan(E.IntBin("i"), True), 59), True),
    ("rscan", exp.eq(exp.int_rscan(exp.int_bin("i"), exp.bool_val(True)), _i(62)),
     E.Eq(E.IntRightScan(E.IntBin("i"), True), 62), True),
    ("regex", exp.regex_compare("^hel", aerospike_py.REGEX_ICASE, exp.string_bin("s")),
     E.CmpRegex(aerospike.REGEX_ICASE, "^hel", E.StrBin("s")), True),
    ("regex-case", exp.regex_compare("^hel", aerospike_py.REGEX_NONE, exp.string_bin("s")),
     E.CmpRegex(aerospike.REGEX_NONE, "^hel", E.StrBin("s")), False),
    ("cond", exp.eq(exp.cond(exp.eq(exp.int_bin("i"), _i(1)), _i(10), exp.bin_exists("s"), _i(20), _i(30)), _i(20)),
     E.Eq(E.Cond(E.Eq(E.IntBin("i"), 1), 10, E.BinExists("s"), 20, 30), 20), True),
    ("let", exp.let_(exp.def_("x", exp.int_bin("i")), exp.def_("y", exp.num_mul(exp.var("x"), _i(2))),
                     exp.eq(exp.var("y"), _i(60))),
     E.Let(E.Def("x", E.IntBin("i")), E.Def("y", E.Mul(E.Var("x"), 2)), E.Eq(E.Var("y"), 60)), True),
    ("set-name", None, None, True),  # filled per test: needs the test's set
]

L = M = aerospike_py
T = exp
LV, MV = aerospike_py.LIST_RETURN_VALUE, aerospike_py.MAP_RETURN_VALUE
INF = aerospike.CDTInfinite()
CDT_CASES: list[tuple[str, Any, Any, bool]] = [
    ("list_size", exp.eq(exp.list_size(exp.list_bin("l")), _i(3)), E.Eq(E.ListSize(None, E.ListBin("l")), 3), True),
    ("list_size-ctx", exp.eq(exp.list_size("nl", ctx=[(0x10, 0)]), _i(2)),
     E.Eq(E.ListSize([official_ctx.cdt_ctx_list_index(0)], E.ListBin("nl")), 2), True),
    ("list_get_by_value", exp.eq(exp.list_get_by_value(L.LIST_RETURN_COUNT, 2, "l"), _i(1)),
     E.Eq(E.ListGetByValue(None, L.LIST_RETURN_COUNT, 2, "l"), 1), True),
    ("list_get_by_value-exists", exp.eq(exp.list_get_by_value(L.LIST_RETURN_EXISTS, 9, "l"), exp.bool_val(False)),
     E.Eq(E.ListGetByValue(None, L.LIST_RETURN_EXISTS, 9, "l"), False), True),
    ("list_get_by_value_range", exp.eq(exp.list_get_by_value_range(LV, _i(2), exp.infinity(), "l"),
                                       exp.list_val([2, 3])),
     E.Eq(E.ListGetByValueRange(None, LV, 2, INF, "l"), [2, 3]), True),
    ("list_get_by_value_list", exp.eq(exp.list_get_by_value_list(L.LIST_RETURN_INDEX, [1, 3], "l"),
                                      exp.list_val([0, 2])),
     E.Eq(E.ListGetByValueList(None, L.LIST_RETURN_INDEX, [1, 3], "l"), [0, 2]), True),
    ("list_get_by_index", exp.eq(exp.list_get_by_index(LV, T.EXP_TYPE_INT, -1, "l"), _i(3)),
     E.Eq(E.ListGetByIndex(None, LV, E.ResultType.INTEGER, -1, "l"), 3), True),
    ("list_get_by_index-ctx", exp.eq(exp.list_get_by_index(LV, T.EXP_TYPE_INT, 0, "nl", ctx=[(0x10, 1)]), _i(7)),
     E.Eq(E.ListGetByIndex([official_ctx.cdt_ctx_list_index(1)], LV, E.ResultType.INTEGER, 0, "nl"), 7), True),
    ("list_get_by_index_range_to_end", exp.eq(exp.list_get_by_index_range_to_end(LV, 1, "l"), exp.list_val([2, 3])),
     E.Eq(E.ListGetByIndexRangeToEnd(None, LV, 1, "l"), [2, 3]), True),
    ("list_get_by_index_range-2", exp.eq(exp.list_get_by_index_range(LV, 0, 2, "l"), exp.list_val([1, 2])),
     E.Eq(E.ListGetByIndexRange(None, LV, 0, 2, "l"), [1, 2]), True),
    ("list_get_by_rank", exp.eq(exp.list_get_by_rank(LV, T.EXP_TYPE_INT, 0, "l"), _i(1)),
     E.Eq(E.ListGetByRank(None, LV, E.ResultType.INTEGER, 0, "l"), 1), True),
    ("list_get_by_rank_range_to_end", exp.eq(exp.list_get_by_rank_range_to_end(L.LIST_RETURN_COUNT, 1, "l"), _i(2)),
     E.Eq(E.ListGetByRankRangeToEnd(None, L.LIST_RETURN_COUNT, 1, "l"), 2), True),
    ("list_get_by_rank_range", exp.eq(exp.list_get_by_rank_range(LV, 0, 1, exp.list_bin("l")), exp.list_val([1])),
     E.Eq(E.ListGetByRankRange(None, LV, 0, 1, E.ListBin("l")), [1]), True),
    ("map_size", exp.eq(exp.map_size(exp.map_bin("m")), _i(1)), E.Eq(E.MapSize(None, E.MapBin("m")), 1), True),
    ("map_get_by_key", exp.eq(exp.map_get_by_key(MV, T.EXP_TYPE_INT, "a", "m"), _i(1)),
     E.Eq(E.MapGetByKey(None, MV, E.ResultType.INTEGER, "a", "m"), 1), True),
    ("map_get_by_key-ctx", exp.eq(exp.map_get_by_key(MV, T.EXP_TYPE_INT, "y", "nm", ctx=[(0x22, "x")]), _i(2)),
     E.Eq(E.MapGetByKey([official_ctx.cdt_ctx_map_key("x")], MV, E.ResultType.INTEGER, "y", "nm"), 2), True),
    ("map_get_by_key_range", exp.eq(exp.map_get_by_key_range(M.MAP_RETURN_COUNT, "a", exp.infinity(), "m"), _i(1)),
     E.Eq(E.MapGetByKeyRange(None, M.MAP_RETURN_COUNT, "a", INF, "m"), 1), True),
    ("map_get_by_key_list", exp.eq(exp.map_get_by_key_list(M.MAP_RETURN_KEY, ["a", "b"], "m"), exp.list_val(["a"])),
     E.Eq(E.MapGetByKeyList(None, M.MAP_RETURN_KEY, ["a", "b"], "m"), ["a"]), True),
    ("map_get_by_value", exp.eq(exp.map_get_by_value(M.MAP_RETURN_KEY, 1, "m"), exp.list_val(["a"])),
     E.Eq(E.MapGetByValue(None, M.MAP_RETURN_KEY, 1, "m"), ["a"]), True),
    ("map_get_by_value_range", exp.eq(exp.map_get_by_value_range(M.MAP_RETURN_COUNT, 0, 10, "m"), _i(1)),
     E.Eq(E.MapGetByValueRange(None, M.MAP_RETURN_COUNT, 0, 10, "m"), 1), True),
    ("map_get_by_value_list", exp.eq(exp.map_get_by_value_list(M.MAP_RETURN_COUNT, [1, 2], "m"), _i(1)),
     E.Eq(E.MapGetByValueList(None, M.MAP_RETURN_COUNT, [1, 2], "m"), 1), True),
    ("map_get_by_index", exp.eq(exp.map_get_by_index(M.MAP_RETURN_KEY, T.EXP_TYPE_STRING, 0, "m"),
                                exp.string_val("a")),
     E.Eq(E.MapGetByIndex(None, M.MAP_RETURN_KEY, E.ResultType.STRING, 0, "m"), "a"), True),
    ("map_get_by_index_range_to_end", exp.eq(exp.map_get_by_index_range_to_end(M.MAP_RETURN_COUNT, 0, "m"), _i(1)),
     E.Eq(E.MapGetByIndexRangeToEnd(None, M.MAP_RETURN_COUNT, 0, "m"), 1), True),
    ("map_get_by_index_range", exp.eq(exp.map_get_by_index_range(M.MAP_RETURN_COUNT, 0, 5, "m"), _i(1)),
     E.Eq(E.MapGetByIndexRange(None, M.MAP_RETURN_COUNT, 0, 5, "m"), 1), True),
    ("map_get_by_rank", exp.eq(exp.map_get_by_rank(MV, T.EXP_TYPE_INT, 0, "m"), _i(1)),
     E.Eq(E.MapGetByRank(None, MV, E.ResultType.INTEGER, 0, "m"), 1), True),
    ("map_get_by_rank_range_to_end", exp.eq(exp.map_get_by_rank_range_to_end(M.MAP_RETURN_COUNT, 0, "m"), _i(1)),
     E.Eq(E.MapGetByRankRangeToEnd(None, M.MAP_RETURN_COUNT, 0, "m"), 1), True),
    ("map_get_by_rank_range", exp.eq(exp.map_get_by_rank_range(M.MAP_RETURN_COUNT, 0, 1, "m"), _i(1)),
     E.Eq(E.MapGetByRankRange(None, M.MAP_RETURN_COUNT, 0, 1, "m"), 1), True),
    ("bit_count", exp.eq(exp.bit_count(0, 16, "blob"), _i(2)), E.Eq(E.BitCount(0, 16, "blob"), 2), True),
    ("bit_get", exp.eq(exp.bit_get(0, 8, exp.blob_bin("blob")), exp.blob_val(b"\x01")),
     E.Eq(E.BitGet(0, 8, E.BlobBin("blob")), b"\x01"), True),
    ("bit_lscan", exp.eq(exp.bit_lscan(0, 16, True, "blob"), _i(7)), E.Eq(E.BitLeftScan(0, 16, True, "blob"), 7), True),
    ("bit_rscan", exp.eq(exp.bit_rscan(0, 16, True, "blob"), _i(14)),
     E.Eq(E.BitRightScan(0, 16, True, "blob"), 14), True),
    ("bit_get_int", exp.eq(exp.bit_get_int(8, 8, False, "blob"), _i(2)),
     E.Eq(E.BitGetInt(8, 8, False, "blob"), 2), True),
]
CASES += CDT_CASES


def _official_matches(official: Any, key: tuple, expr: Any) -> bool:
    try:
        official.get(key, policy={"expressions": expr.compile()})
        return True
    except official_exc.FilteredOut:
        return False


def _matches(client: aerospike_py.Client, key: tuple, expr: Any) -> bool:
    try:
        client.get(key, policy={"filter_expression": expr})
        return True
    except FilteredOut:
        return False


@pytest.mark.parametrize("name,ours,theirs,expected", CASES, ids=[c[0] for c in CASES])
def test_every_builder_as_a_get_filter(client: aerospike_py.Client, official: Any, rec: tuple, set_name: str,
                                       name: str, ours: Any, theirs: Any, expected: bool) -> None:
    if name == "set-name":
        ours, theirs = exp.eq(exp.set_name(), exp.string_val(set_name)), E.Eq(E.SetName(), set_name)
    assert _matches(client, rec, ours) is expected
    if theirs is not None:
        assert _official_matches(official, rec, theirs) is expected


def test_nil_value(client: aerospike_py.Client, official: Any, rec: tuple) -> None:
    """nil is a value like any other: the same outcome as the official client's None."""
    assert _matches(client, rec, exp.eq(exp.nil(), exp.nil())) is _official_matches(
        official, rec, E.Eq(None, None))
    assert _matches(client, rec, exp.ne(exp.int_bin("i"), exp.nil())) is _official_matches(
        official, rec, E.NE(E.IntBin("i"), None))


def test_filter_on_write_commands(client: aerospike_py.Client, rec: tuple) -> None:
    no = exp.eq(exp.int_bin("i"), _i(0))
    yes = exp.eq(exp.int_bin("i"), _i(30))
    for call in (
        lambda p: client.put(rec, {"x": 1}, policy=p),
        lambda p: client.operate(rec, [{"op": aerospike_py.OPERATOR_WRITE, "bin": "x", "val": 1}], policy=p),
        lambda p: client.operate_ordered(rec, [{"op": aerospike_py.OPERATOR_READ, "bin": "i"}], policy=p),
        lambda p: client.increment(rec, "i", 1, policy=p),
        lambda p: client.append(rec, "s", "!", policy=p),
        lambda p: client.prepend(rec, "s", "!", policy=p),
        lambda p: client.touch(rec, 100, policy=p),
        lambda p: client.remove_bin(rec, ["x"], policy=p),
        lambda p: client.select(rec, ["i"], policy=p),
        lambda p: client.exists(rec, policy=p),
        lambda p: client.remove(rec, policy=p),
    ):
        with pytest.raises(FilteredOut) as info:
            call({"filter_expression": no})
        assert info.value.code == 27
    assert client.get(rec).bins == BINS
    client.put(rec, {"x": 1}, policy={"filter_expression": yes})
    assert client.get(rec).bins["x"] == 1
    client.remove(rec, policy={"filter_expression": yes})
    with pytest.raises(aerospike_py.exception.RecordNotFound):
        client.get(rec)


def test_filter_with_other_policy_fields(client: aerospike_py.Client, rec: tuple) -> None:
    policy = {"total_timeout": 2000, "filter_expression": exp.eq(exp.int_bin("i"), _i(30)), "max_retries": 1}
    assert client.get(rec, policy=policy).bins["i"] == 30
    assert client.get(rec, policy={"filter_expression": None}).bins["i"] == 30


def test_batch_filter_reports_27_per_key(client: aerospike_py.Client, make_key: Callable[..., tuple]) -> None:
    keys = [make_key(f"b{i}") for i in range(6)]
    for i, key in enumerate(keys[:5]):
        client.put(key, {"a": i})
    even = {"filter_expression": exp.eq(exp.num_mod(exp.int_bin("a"), _i(2)), _i(0))}
    result = client.batch_read(keys, policy=even)
    assert [r.result for r in result.batch_records] == [0, 27, 0, 27, 0, 2]
    assert result.to_list() == [{"a": 0}, None, {"a": 2}, None, {"a": 4}, None]
    ops = [{"op": aerospike_py.OPERATOR_INCR, "bin": "a", "val": 10}]
    written = client.batch_operate(keys[:5], ops, policy=even)
    assert [r.result for r in written.batch_records] == [0, 27, 0, 27, 0]
    written = client.batch_write([(k, {"w": 1}) for k in keys[:5]],
                                 policy={"filter_expression": exp.ge(exp.int_bin("a"), _i(10))})
    assert [r.result for r in written.batch_records] == [0, 27, 0, 27, 0]
    removed = client.batch_remove(keys[:5], policy={"filter_expression": exp.bin_exists("w")})
    assert [r.result for r in removed.batch_records] == [0, 27, 0, 27, 0]
    assert client.batch_read(keys[:5]).to_list() == [None, {"a": 1}, None, {"a": 3}, None]


def test_query_and_scan_skip_non_matching(client: aerospike_py.Client, set_name: str,
                                          make_key: Callable[..., tuple]) -> None:
    for i in range(12):
        client.put(make_key(i), {"a": i, "s": "x" * (i % 3)})
    policy = {"filter_expression": exp.and_(exp.ge(exp.int_bin("a"), _i(4)),
                                            exp.eq(exp.string_bin("s"), exp.string_val("")))}
    query = client.query("test", set_name)
    got = sorted(r.bins["a"] for r in query.results(policy=policy))
    assert got == [6, 9]
    seen: list[int] = []
    client.query("test", set_name).foreach(lambda r: seen.append(r.bins["a"]), policy=policy)
    assert sorted(seen) == [6, 9]


def test_expression_read_and_write(client: aerospike_py.Client, official: Any, rec: tuple) -> None:
    from aerospike_helpers.operations import expression_operations as official_eo

    ours = client.operate(rec, [
        eo.expression_read("sum", exp.num_add(exp.int_bin("i"), exp.int_bin("n"))),
        eo.expression_write("double", exp.num_mul(exp.int_bin("i"), _i(2))),
        eo.exp_read("name", exp.string_bin("s")),
    ])
    assert ours.bins["sum"] == 18 and ours.bins["name"] == "Hello"
    assert client.get(rec).bins["double"] == 60
    _, _, theirs = official.operate(rec, [
        official_eo.expression_read("sum", E.Add(E.IntBin("i"), E.IntBin("n")).compile()),
        official_eo.expression_read("name", E.StrBin("s").compile()),
    ])
    assert theirs["sum"] == ours.bins["sum"] and theirs["name"] == ours.bins["name"]


def test_expression_write_flags(client: aerospike_py.Client, rec: tuple) -> None:
    plus = exp.num_add(exp.int_bin("i"), _i(1))
    with pytest.raises(BinExistsError):
        client.operate(rec, [eo.expression_write("i", plus, eo.EXP_WRITE_CREATE_ONLY)])
    client.operate(rec, [eo.expression_write("i", plus, eo.EXP_WRITE_CREATE_ONLY | eo.EXP_WRITE_POLICY_NO_FAIL)])
    assert client.get(rec).bins["i"] == 30
    client.operate(rec, [eo.exp_write("i", plus, eo.EXP_WRITE_UPDATE_ONLY)])
    assert client.get(rec).bins["i"] == 31
    with pytest.raises(ServerError) as info:
        client.operate(rec, [eo.expression_read("v", exp.int_bin("zz"))])
    assert info.value.code == 26  # AEROSPIKE_ERR_OP_NOT_APPLICABLE
    got = client.operate(rec, [eo.expression_read("v", exp.int_bin("zz"), eo.EXP_READ_EVAL_NO_FAIL)])
    assert got.bins["v"] is None
    client.operate(rec, [eo.expression_write("i", exp.int_bin("zz"), eo.EXP_WRITE_EVAL_NO_FAIL)])
    assert client.get(rec).bins["i"] == 31
    client.operate(rec, [eo.expression_write("t", exp.nil(), eo.EXP_WRITE_ALLOW_DELETE)])
    assert "t" not in client.get(rec).bins


def test_expression_compiled_once(client: aerospike_py.Client, rec: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from aerospike_py import _exp_compile

    calls = []
    real = _exp_compile.compile_node
    monkeypatch.setattr(_exp_compile, "compile_node", lambda *a: calls.append(1) or real(*a))
    expr = exp.gt(exp.int_bin("i"), _i(1))
    client.get(rec, policy={"filter_expression": expr})
    assert len(calls) == 3  # the node and its two operands, once
    for _ in range(5):
        client.get(rec, policy={"filter_expression": expr})
        client.operate(rec, [eo.expression_read("v", expr)])
    assert len(calls) == 3
    expr["right"] = _i(100)  # editing the description forgets the compiled bytes
    with pytest.raises(FilteredOut):
        client.get(rec, policy={"filter_expression": expr})


def test_hand_built_dict_expression(client: aerospike_py.Client, rec: tuple) -> None:
    """The description is plain data: a dict written by hand works like a built one."""
    expr = {"__expr__": "eq", "left": {"__expr__": "int_bin", "name": "i"},
            "right": {"__expr__": "int_val", "val": 30}}
    assert expr == exp.eq(exp.int_bin("i"), exp.int_val(30))
    assert client.get(rec, policy={"filter_expression": expr}).bins["i"] == 30


@pytest.mark.parametrize("expr,fragment", [
    (exp.int_val("x"), "int_val: 'val' must be an int"),
    (exp.and_(exp.eq(exp.int_bin("a"), exp.string_val(3))), "and.exprs[0].eq.right.string_val"),
    ({"__expr__": "nope"}, "unknown expression 'nope'"),
    ({"left": 1}, "unknown expression None"),
    ("eq", "expected an expression"),
    (exp.eq(exp.int_bin("a"), 5), "eq.right: expected an expression"),
    (exp.int_bin(""), "bin name '' must be 1 to 15 bytes"),
    (exp.int_bin("x" * 16), "must be 1 to 15 bytes"),
    (exp.int_val(2**63), "outside the signed 64-bit range"),
    (exp.and_(), "needs at least 1 expression"),
    (exp.cond(exp.bool_val(True), _i(1)), "odd count"),
    (exp.let_(exp.var("x")), "needs at least one def_()"),
    (exp.let_(_i(1), exp.var("x")), "must be a def_()"),
    (exp.def_("x", _i(1)), "only valid as one of the first arguments of let_()"),
    (exp.key(exp.EXP_TYPE_LIST), "'exp_type' must be EXP_TYPE_INT"),
    (exp.digest_modulo(0), "'modulo' must be a positive int"),
    (exp.regex_compare("a", 99, exp.string_bin("s")), "REGEX_* flags"),
    (exp.list_val([object()]), "values of type object cannot be sent"),
    ({"__expr__": "eq", "left": _i(1)}, "'eq' needs a 'right' field"),
    (exp.string_val("\ud800"), "not valid UTF-8"),
    (exp.list_size("l", ctx=[(0x99, 1)]), "list_size.ctx[0]: expected a cdt_ctx item"),
    (exp.list_size("l", ctx=[(0x10, "x")]), "index or rank must be an int"),
    (exp.list_get_by_index(aerospike_py.LIST_RETURN_VALUE, exp.EXP_TYPE_INT, 0, "l", ctx="bad"), "'ctx' must be"),
    (exp.list_get_by_index(99, exp.EXP_TYPE_INT, 0, "l"), "'return_type' 99 cannot be used"),
    (exp.list_get_by_index(aerospike_py.LIST_RETURN_COUNT, exp.EXP_TYPE_STRING, 0, "l"), "does not fit"),
    (exp.map_put("k", 1, "m", policy={"nope": 1}), "'policy' must be a dict with order"),
    (exp.bit_set(0, 8, b"x", "b", policy="x"), "BIT_WRITE_* flags"),
    (exp.hll_get_union_count(["x"], "h"), "'values' must be a list of HLL values"),
    (exp.hll_add(["x"], "h", policy=-1), "HLL_WRITE_* flags"),
])
def test_malformed_expression_names_the_field(client: aerospike_py.Client, rec: tuple, expr: Any,
                                              fragment: str) -> None:
    with pytest.raises(InvalidArgError) as info:
        client.get(rec, policy={"filter_expression": expr})
    assert "filter_expression" in str(info.value) and fragment in str(info.value)


def test_bad_expression_operations(client: aerospike_py.Client, rec: tuple) -> None:
    with pytest.raises(InvalidArgError, match=r"operation 1 'expr': malformed expression at int_val"):
        client.operate(rec, [{"op": aerospike_py.OPERATOR_READ, "bin": "i"},
                             eo.expression_read("v", exp.int_val(1.5))])
    with pytest.raises(InvalidArgError, match=r"operation 0: 'expr_flags' must be a combination of EXP_WRITE_"):
        client.operate(rec, [eo.expression_write("v", _i(1), 64)])
    with pytest.raises(InvalidArgError, match=r"operation 0: 'expr_flags' must be a combination of EXP_READ_"):
        client.operate(rec, [eo.expression_read("v", _i(1), eo.EXP_WRITE_CREATE_ONLY)])
    with pytest.raises(InvalidArgError, match=r"operation 0: 'bin' must be a bin name"):
        client.operate(rec, [eo.expression_read("", _i(1))])
    with pytest.raises(InvalidArgError, match=r"operation 0: an expression operation needs an 'expr'"):
        client.operate(rec, [{"op": eo.OPERATOR_EXP_READ, "bin": "v"}])
    assert client.get(rec).bins == BINS


def test_filter_in_client_default_policy_is_refused(config: dict[str, Any]) -> None:
    cfg = dict(config, policies={"read": {"filter_expression": exp.bin_exists("a")}})
    with pytest.raises(InvalidArgError, match="filter_expression"):
        aerospike_py.client(cfg)


def test_filter_sees_a_fresh_write(client: aerospike_py.Client, rec: tuple) -> None:
    time.sleep(0.01)
    client.put(rec, {"i": 31})
    assert _matches(client, rec, exp.lt(exp.since_update(), _i(5000)))
    assert _matches(client, rec, exp.eq(exp.int_bin("i"), _i(31)))


def test_hll_reads_in_expressions(client: aerospike_py.Client, official: Any,
                                  make_key: Callable[..., tuple]) -> None:
    from aerospike_helpers.operations import expression_operations as official_eo

    from aerospike_py import hll_operations as ho

    key, other_key = make_key(), make_key()
    client.operate(key, [ho.hll_add("h", [f"w{i}" for i in range(3000)], 12)])
    client.operate(other_key, [ho.hll_add("h", [f"w{i}" for i in range(2000, 4000)], 12)])
    other = client.get(other_key).bins["h"]
    assert isinstance(other, aerospike_py.HLL)
    ours = client.operate(key, [
        eo.expression_read("count", exp.hll_get_count("h")),
        eo.expression_read("union_count", exp.hll_get_union_count([other], "h")),
        eo.expression_read("intersect", exp.hll_get_intersect_count([other], exp.hll_bin("h"))),
        eo.expression_read("similarity", exp.hll_get_similarity([other], "h")),
        eo.expression_read("describe", exp.hll_describe("h")),
        eo.expression_read("union", exp.hll_get_union([other], "h")),
    ]).bins
    assert abs(ours["count"] - 3000) < 300 and abs(ours["union_count"] - 4000) < 400
    assert 500 < ours["intersect"] < 1500 and 0.1 < ours["similarity"] < 0.4
    assert ours["describe"] == [12, 0] and isinstance(ours["union"], aerospike_py.HLL)
    theirs_hll = official.get(other_key)[2]["h"]  # the official client's own HLL value
    _, _, theirs = official.operate(key, [
        official_eo.expression_read("count", E.HLLGetCount("h").compile()),
        official_eo.expression_read("union_count", E.HLLGetUnionCount([theirs_hll], "h").compile()),
        official_eo.expression_read("intersect", E.HLLGetIntersectCount([theirs_hll], E.HLLBin("h")).compile()),
        official_eo.expression_read("similarity", E.HLLGetSimilarity([theirs_hll], "h").compile()),
        official_eo.expression_read("describe", E.HLLDescribe("h").compile()),
        official_eo.expression_read("union", E.HLLGetUnion([theirs_hll], "h").compile()),
    ])
    assert {k: v for k, v in ours.items() if k != "union"} == {k: v for k, v in theirs.items() if k != "union"}
    assert bytes(ours["union"]) == bytes(theirs["union"])
    assert _matches(client, key, exp.gt(exp.hll_get_count("h"), exp.int_val(2000)))
    assert not _matches(client, other_key, exp.gt(exp.hll_get_union_count([other], "h"), exp.int_val(3000)))
    with pytest.raises(InvalidArgError, match="'values' must be a list of HLL values"):
        client.get(key, policy={"filter_expression": exp.gt(exp.hll_get_union_count([b"x"], "h"), _i(1))})


def test_batch_per_record_filters(client: aerospike_py.Client, make_key: Callable[..., tuple]) -> None:
    """A record's own filter_expression (in its meta) replaces the batch-level one for that record."""
    keys = [make_key(f"r{i}") for i in range(4)]
    for i, key in enumerate(keys):
        client.put(key, {"a": i})
    is_one = exp.eq(exp.int_bin("a"), _i(1))
    written = client.batch_write(
        [(keys[0], {"w": 1}), (keys[1], {"w": 1}, {"filter_expression": is_one}),
         (keys[2], {"w": 1}, {"filter_expression": is_one, "ttl": 100}), (keys[3], {"w": 1}, {"ttl": 100})],
        policy={"filter_expression": exp.ge(exp.int_bin("a"), _i(3))})
    assert [r.result for r in written.batch_records] == [27, 0, 27, 0]
    assert client.batch_read(keys, bins=["w"]).to_list() == [{}, {"w": 1}, {}, {"w": 1}]
    removed = client.batch_remove([(keys[0], {"filter_expression": is_one}), (keys[1], {"filter_expression": is_one}),
                                   keys[2]])
    assert [r.result for r in removed.batch_records] == [27, 0, 0]
    assert [r.result for r in client.batch_read(keys).batch_records] == [0, 2, 2, 0]
    with pytest.raises(InvalidArgError, match=r"record 0: meta 'filter_expression': malformed expression"):
        client.batch_write([(keys[0], {"w": 2}, {"filter_expression": exp.int_val("x")})])
    with pytest.raises(InvalidArgError, match=r"key 1: meta 'filter_expression'"):
        client.batch_remove([keys[0], (keys[3], {"filter_expression": {"__expr__": "bad"}})])


_MODIFIED = [
    (exp.list_append(4, "l"), [3, 1, 2, 4]),
    (exp.list_append_items([4, 5], "l", policy={"order": 0, "flags": 0}), [3, 1, 2, 4, 5]),
    (exp.list_insert(1, 9, "l"), [3, 9, 1, 2]),
    (exp.list_insert_items(0, [7, 8], "l"), [7, 8, 3, 1, 2]),
    (exp.list_set(0, 0, exp.list_bin("l")), [0, 1, 2]),
    (exp.list_increment(1, 10, "l"), [3, 11, 2]),
    (exp.list_clear("l"), []),
    (exp.list_sort(0, "l"), [1, 2, 3]),
    (exp.list_remove_by_value(1, "l"), [3, 2]),
    (exp.list_remove_by_value_list([1, 2], "l"), [3]),
    (exp.list_remove_by_value_list([1, 2], "l", inverted=True), [1, 2]),
    (exp.list_remove_by_value_range(2, exp.infinity(), "l"), [1]),
    (exp.list_remove_by_index(0, "l"), [1, 2]),
    (exp.list_remove_by_index_range(0, 2, "l"), [2]),
    (exp.list_remove_by_index_range_to_end(1, "l"), [3]),
    (exp.list_remove_by_rank(0, "l"), [3, 2]),
    (exp.list_remove_by_rank_range(0, 2, "l"), [3]),
    (exp.list_remove_by_rank_range_to_end(1, "l"), [1]),
    (exp.list_append(4, "nl", ctx=[(0x10, 0)]), [[5, 6, 4], [7]]),
    (exp.map_put("c", 3, "m"), {"a": 1, "c": 3}),
    (exp.map_put_items({"c": 3, "d": 4}, "m"), {"a": 1, "c": 3, "d": 4}),
    (exp.map_increment("a", 5, "m"), {"a": 6}),
    (exp.map_clear("m"), {}),
    (exp.map_remove_by_key("a", "m"), {}),
    (exp.map_remove_by_key_list(["a"], "m", inverted=True), {"a": 1}),
    (exp.map_remove_by_key_range("a", "b", "m"), {}),
    (exp.map_remove_by_value(1, "m"), {}),
    (exp.map_remove_by_value_list([2], "m"), {"a": 1}),
    (exp.map_remove_by_value_range(2, exp.infinity(), "m"), {"a": 1}),
    (exp.map_remove_by_index(0, "m"), {}),
    (exp.map_remove_by_index_range(0, 1, "m"), {}),
    (exp.map_remove_by_index_range_to_end(1, "m"), {"a": 1}),
    (exp.map_remove_by_rank(0, "m"), {}),
    (exp.map_remove_by_rank_range(0, 1, "m", inverted=True), {"a": 1}),
    (exp.map_remove_by_rank_range_to_end(1, "m"), {"a": 1}),
    (exp.map_put("z", 9, "nm", ctx=[(0x22, "x")]), {"x": {"y": 2, "z": 9}}),
]


@pytest.mark.parametrize("expr,expected", _MODIFIED, ids=[e["__expr__"] + str(i) for i, (e, _) in enumerate(_MODIFIED)])
def test_list_and_map_modifications_in_expressions(client: aerospike_py.Client, make_key: Callable[..., tuple],
                                                   expr: Any, expected: Any) -> None:
    key = make_key()
    client.put(key, {"l": [3, 1, 2], "m": {"a": 1}, "nl": [[5, 6], [7]], "nm": {"x": {"y": 2}}})
    assert client.operate(key, [eo.expression_read("v", expr)]).bins["v"] == expected
    # nothing is stored unless written
    assert client.get(key).bins["l"] == [3, 1, 2]
    bin_name = expr["bin"] if isinstance(expr["bin"], str) else expr["bin"]["name"]
    client.operate(key, [eo.expression_write(bin_name, expr)])
    assert client.get(key).bins[bin_name] == expected


def test_modification_in_a_filter(client: aerospike_py.Client, rec: tuple) -> None:
    grown = exp.list_size(exp.list_append_items([4, 5], "l"))
    assert _matches(client, rec, exp.eq(grown, _i(5)))
    assert not _matches(client, rec, exp.eq(grown, _i(3)))
    with pytest.raises(InvalidArgError, match=r"list_append.*'policy.order' 7"):
        client.get(rec, policy={"filter_expression": exp.eq(exp.list_size(exp.list_append(1, "l", policy={
            "order": 7})), _i(1))})


_BITS_MODIFIED = [
    (exp.bit_resize(4, aerospike_py.BIT_RESIZE_DEFAULT, "blob"), b"\x01\x02\x00\x00"),
    (exp.bit_insert(0, b"\xff", "blob"), b"\xff\x01\x02"),
    (exp.bit_remove(0, 1, "blob"), b"\x02"),
    (exp.bit_set(0, 8, b"\xff", "blob", policy=aerospike_py.BIT_WRITE_DEFAULT), b"\xff\x02"),
    (exp.bit_or(8, 8, b"\x01", "blob"), b"\x01\x03"),
    (exp.bit_xor(0, 8, b"\x01", exp.blob_bin("blob")), b"\x00\x02"),
    (exp.bit_and(8, 8, b"\x03", "blob"), b"\x01\x02"),
    (exp.bit_not(0, 8, "blob"), b"\xfe\x02"),
    (exp.bit_lshift(0, 8, 1, "blob"), b"\x02\x02"),
    (exp.bit_rshift(8, 8, 1, "blob"), b"\x01\x01"),
    (exp.bit_add(8, 8, 3, aerospike_py.BIT_OVERFLOW_FAIL, "blob"), b"\x01\x05"),
    (exp.bit_subtract(8, 8, 1, aerospike_py.BIT_OVERFLOW_FAIL, "blob"), b"\x01\x01"),
    (exp.bit_set_int(0, 8, 7, "blob", policy={"bit_write_flags": 0}), b"\x07\x02"),
]


@pytest.mark.parametrize("expr,expected", _BITS_MODIFIED, ids=[e["__expr__"] for e, _ in _BITS_MODIFIED])
def test_bit_modifications_in_expressions(client: aerospike_py.Client, rec: tuple, expr: Any, expected: bytes) -> None:
    assert client.operate(rec, [eo.expression_read("v", expr)]).bins["v"] == expected
    assert client.get(rec).bins["blob"] == b"\x01\x02"
    assert _matches(client, rec, exp.eq(expr, exp.blob_val(expected)))


def test_hll_modifications_in_expressions(client: aerospike_py.Client, official: Any,
                                          make_key: Callable[..., tuple]) -> None:
    from aerospike_helpers.operations import expression_operations as official_eo

    from aerospike_py import hll_operations as ho

    key = make_key()
    client.operate(key, [ho.hll_add("h", [f"w{i}" for i in range(1000)], 12)])
    more = [f"x{i}" for i in range(500)]
    ours = client.operate(key, [
        eo.expression_read("grown", exp.hll_get_count(exp.hll_add(more, "h"))),
        eo.expression_read("fresh", exp.hll_describe(exp.hll_init(10, "h", 4))),
        eo.expression_read("empty", exp.hll_get_count(exp.hll_init(10, "h"))),
        eo.expression_read("sketch", exp.hll_add(more, "h")),
    ]).bins
    assert abs(ours["grown"] - 1500) < 150 and ours["fresh"] == [10, 4] and ours["empty"] == 0
    assert isinstance(ours["sketch"], aerospike_py.HLL)
    assert client.get(key).bins["h"] != ours["sketch"]  # not stored
    _, _, theirs = official.operate(key, [
        official_eo.expression_read("grown", E.HLLGetCount(E.HLLAdd(None, more, -1, -1, "h")).compile()),
        official_eo.expression_read("fresh", E.HLLDescribe(E.HLLInit(None, 10, 4, "h")).compile()),
    ])
    assert theirs == {"grown": ours["grown"], "fresh": ours["fresh"]}
    client.operate(key, [eo.expression_write("h", exp.hll_add(more, "h"))])
    assert client.operate(key, [ho.hll_get_count("h")]).bins["h"] == ours["grown"]


def test_expression_operations_in_batch_operate(client: aerospike_py.Client, make_key: Callable[..., tuple]) -> None:
    keys = [make_key(f"o{i}") for i in range(3)]
    for i, key in enumerate(keys):
        client.put(key, {"a": i})
    result = client.batch_operate(keys, [
        eo.expression_read("v", exp.num_mul(exp.int_bin("a"), _i(10))),
        eo.expression_write("w", exp.num_add(exp.int_bin("a"), _i(1))),
    ], policy={"filter_expression": exp.ne(exp.int_bin("a"), _i(1))})
    assert [r.result for r in result.batch_records] == [0, 27, 0]
    assert [r.record.bins["v"] for r in result.batch_records if r.record] == [0, 20]
    assert client.batch_read(keys).to_list() == [{"a": 0, "w": 1}, {"a": 1}, {"a": 2, "w": 3}]


_REL_L = [0, 4, 5, 9, 11, 15]
_REL_M = {0: 17, 4: 2, 5: 15, 9: 10}
_MK, _MC = aerospike_py.MAP_RETURN_KEY, aerospike_py.MAP_RETURN_COUNT
_RELATIVE = [
    (exp.list_get_by_value_rel_rank_range_to_end(LV, 5, 0, "l"), [5, 9, 11, 15]),
    (exp.list_get_by_value_rel_rank_range_to_end(LV, 5, -1, "l"), [4, 5, 9, 11, 15]),
    (exp.list_get_by_value_rel_rank_range_to_end(LV, 3, 3, "l"), [11, 15]),
    (exp.list_get_by_value_rel_rank_range(LV, 5, -1, 2, "l"), [4, 5]),
    (exp.list_get_by_value_rel_rank_range(LV, 3, 3, 7, "l"), [11, 15]),
    (exp.list_get_by_value_rel_rank_range(LV, 3, -3, 2, "l"), []),
    (exp.map_get_by_key_rel_index_range_to_end(_MK, 5, -1, "m"), [4, 5, 9]),
    (exp.map_get_by_key_rel_index_range(_MK, 3, 2, 1, "m"), [9]),
    (exp.map_get_by_value_rel_rank_range_to_end(_MC, 11, -1, "m"), 3),
    (exp.map_get_by_value_rel_rank_range(_MK, 11, 1, 5, "m"), [0]),
    (exp.list_remove_by_value_rel_rank_range(5, 0, 2, "l"), [0, 4, 11, 15]),
    (exp.list_remove_by_value_rel_rank_range_to_end(5, 1, "l", inverted=True), [9, 11, 15]),
    (exp.map_remove_by_key_rel_index_range(5, 0, 1, "m"), {0: 17, 4: 2, 9: 10}),
    (exp.map_remove_by_key_rel_index_range_to_end(5, 0, "m"), {0: 17, 4: 2}),
    (exp.map_remove_by_value_rel_rank_range(11, -1, 1, "m"), {0: 17, 4: 2, 5: 15}),
    (exp.map_remove_by_value_rel_rank_range_to_end(11, -1, "m"), {4: 2}),
]


@pytest.mark.parametrize("expr,expected", _RELATIVE, ids=[e["__expr__"] + str(i) for i, (e, _) in enumerate(_RELATIVE)])
def test_selections_relative_to_a_value(client: aerospike_py.Client, make_key: Callable[..., tuple], expr: Any,
                                        expected: Any) -> None:
    key = make_key()
    client.put(key, {"l": _REL_L, "m": _REL_M})
    assert client.operate(key, [eo.expression_read("v", expr)]).bins["v"] == expected


def test_filter_on_udf_apply(client: aerospike_py.Client, make_key: Callable[..., tuple], udf_module: str) -> None:
    keys = [make_key(), make_key()]
    client.put(keys[0], {"x": 1, "y": "a"})
    client.put(keys[1], {"x": 2, "y": "b"})
    one = {"filter_expression": exp.eq(exp.int_bin("x"), _i(1))}
    assert client.apply(keys[0], udf_module, "read_bin", ["y"], policy=one) == "a"
    with pytest.raises(FilteredOut):
        client.apply(keys[1], udf_module, "read_bin", ["y"], policy=one)
    result = client.batch_apply(keys, udf_module, "read_bin", ["y"], policy=one)
    assert [r.result for r in result.batch_records] == [0, 27]


def test_hll_may_contain_in_expressions(client: aerospike_py.Client, official: Any,
                                        make_key: Callable[..., tuple]) -> None:
    from aerospike_helpers.operations import expression_operations as official_eo

    from aerospike_py import hll_operations as ho

    key = make_key()
    client.operate(key, [ho.hll_add("h", [f"w{i}" for i in range(50)], 12)])
    ours = client.operate(key, [
        eo.expression_read("some", exp.hll_may_contain(["w1", "w7"], "h")),
        eo.expression_read("none", exp.hll_may_contain(["absent-value-1", "absent-value-2", "absent-value-3"], "h")),
    ]).bins
    assert ours["some"] == 1   # no false negatives
    assert ours["none"] in (0, 1)
    _, _, theirs = official.operate(key, [
        official_eo.expression_read("some", E.HLLMayContain(["w1", "w7"], "h").compile()),
        official_eo.expression_read("none", E.HLLMayContain(["absent-value-1", "absent-value-2",
                                                             "absent-value-3"], "h").compile()),
    ])
    assert ours == theirs
    assert _matches(client, key, exp.eq(exp.hll_may_contain(["w3"], exp.hll_bin("h")), exp.int_val(1)))
    with pytest.raises(aerospike_py.exception.InvalidArgError, match="'values' must be a list"):
        client.get(key, policy={"filter_expression": exp.eq(exp.hll_may_contain("w3", "h"), exp.int_val(1))})
