"""Expression filters and expression operations through the official client."""

from __future__ import annotations

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402
from aerospike_helpers import expressions as e  # noqa: E402
from aerospike_helpers.operations import expression_operations as eo  # noqa: E402
from aerospike_helpers.operations import operations as op  # noqa: E402

NS = "test"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _filter(exp) -> dict:
    return {"expressions": exp.compile()}


def test_filter_on_get_put_delete(client, set_name):
    k = (NS, set_name, 1)
    client.put(k, {"a": 5, "s": "hello"})
    assert client.get(k, policy=_filter(e.Eq(e.IntBin("a"), 5)))[2]["a"] == 5
    with pytest.raises(ex.FilteredOut):
        client.get(k, policy=_filter(e.GT(e.IntBin("a"), 10)))
    with pytest.raises(ex.FilteredOut):
        client.put(k, {"a": 6}, policy=_filter(e.Eq(e.StrBin("s"), "nope")))
    client.put(k, {"a": 6}, policy=_filter(e.Eq(e.StrBin("s"), "hello")))
    with pytest.raises(ex.FilteredOut):
        client.remove(k, policy=_filter(e.LT(e.IntBin("a"), 0)))
    # A missing bin makes the filter unknown, which filters the record out.
    with pytest.raises(ex.FilteredOut):
        client.get(k, policy=_filter(e.Eq(e.IntBin("missing"), 1)))


def test_filter_logic_and_metadata(client, set_name):
    k = (NS, set_name, 2)
    client.put(k, {"a": 5, "f": 2.5, "l": [1, 2, 3], "m": {"x": 1}},
               policy={"key": aerospike.POLICY_KEY_SEND})
    exp = e.And(e.GE(e.IntBin("a"), 5), e.Or(e.LT(e.FloatBin("f"), 1.0),
                                               e.Eq(e.SetName(), set_name)),
                e.Not(e.Eq(e.IntBin("a"), 6)), e.KeyExists())
    assert client.get(k, policy=_filter(exp))[2]["a"] == 5
    exp = e.Eq(e.Add(e.IntBin("a"), 10, 1), 16)
    assert client.get(k, policy=_filter(exp))
    exp = e.Eq(e.ListSize(None, e.ListBin("l")), 3)
    assert client.get(k, policy=_filter(exp))
    exp = e.Eq(e.MapGetByKey(None, aerospike.MAP_RETURN_VALUE, e.ResultType.INTEGER, "x",
                             e.MapBin("m")), 1)
    assert client.get(k, policy=_filter(exp))
    exp = e.GT(e.TTL(), 0)
    with pytest.raises(ex.FilteredOut):
        client.get(k, policy=_filter(exp))  # never-expiring records report TTL -1


def test_filter_on_scan_and_batch(client, set_name):
    for i in range(20):
        client.put((NS, set_name, i), {"a": i})
    q = client.query(NS, set_name)
    recs = q.results(policy=_filter(e.GE(e.IntBin("a"), 15)))
    assert sorted(r[2]["a"] for r in recs) == [15, 16, 17, 18, 19]
    keys = [(NS, set_name, i) for i in range(5)]
    res = client.batch_read(keys, policy=_filter(e.Eq(e.Mod(e.IntBin("a"), 2), 0)))
    assert [r.result for r in res.batch_records] == [0, 27, 0, 27, 0]


def test_expression_operations(client, set_name):
    k = (NS, set_name, 3)
    client.put(k, {"a": 5, "b": 7})
    _, _, bins = client.operate(k, [eo.expression_read(
        "sum", e.Add(e.IntBin("a"), e.IntBin("b")).compile())])
    assert bins["sum"] == 12
    client.operate(k, [eo.expression_write("c", e.Mul(e.IntBin("a"), 2).compile())])
    assert client.get(k)[2] == {"a": 5, "b": 7, "c": 10}
    _, _, bins = client.operate(k, [eo.expression_read(
        "x", e.Cond(e.GT(e.IntBin("a"), 3), "big", "small").compile())])
    assert bins["x"] == "big"
    _, _, bins = client.operate(k, [eo.expression_read(
        "y", e.Let(e.Def("v", e.IntBin("a")), e.Add(e.Var("v"), e.Var("v"))).compile())])
    assert bins["y"] == 10


def test_bit_expressions(client, set_name):
    k = (NS, set_name, "bits")
    client.put(k, {"b": bytearray(b"\x0f\xf0")})
    exp = e.Eq(e.BitCount(0, 16, e.BlobBin("b")), 8)
    assert client.get(k, policy=_filter(exp))
    _, _, bins = client.operate(k, [eo.expression_read(
        "x", e.BitGetInt(0, 8, False, e.BlobBin("b")).compile())])
    assert bins["x"] == 15
