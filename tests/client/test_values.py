"""Bin values: exact round trips, refusals, and interoperability with the official client."""

from __future__ import annotations

import math

import pytest

import aerospike_py
from aerospike_py import exception as ex

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

ROUND_TRIP = {
    "true": True,
    "false": False,
    "zero": 0,
    "one": 1,
    "minus-one": -1,
    "int32-edge": 2**31,
    "int64-max": INT64_MAX,
    "int64-min": INT64_MIN,
    "float": 3.25,
    "float-small": 1e-300,
    "inf": math.inf,
    "minus-inf": -math.inf,
    "str": "hello",
    "str-unicode": "héllo wörld ✓ 日本語 🙂",
    "str-empty": "",
    "bytes": b"\x00\x01\xff",
    "bytes-empty": b"",
    "list": [1, "two", 3.5, b"four", None, True, [5, [6]], {"k": "v"}],
    "list-empty": [],
    "map-str-keys": {"a": 1, "b": [1, 2], "c": {"d": "e"}},
    "map-int-keys": {1: "one", -2: "minus two", INT64_MAX: "max"},
    "map-bytes-keys": {b"\x00k": 1, b"z": 2},
    "map-mixed-keys": {"s": 1, 2: "i", b"b": 3.0},
    "map-empty": {},
}


@pytest.mark.parametrize("value", list(ROUND_TRIP.values()), ids=list(ROUND_TRIP))
def test_round_trip_exact(client, key, value):
    client.put(key, {"v": value})
    got = client.get(key).bins["v"]
    assert got == value
    assert type(got) is type(value)


def test_round_trip_many_bins_at_once(client, key):
    bins = {name[:15]: v for name, v in ROUND_TRIP.items()}
    client.put(key, bins)
    assert client.get(key).bins == bins


def test_bool_is_not_int(client, key):
    client.put(key, {"t": True, "f": False, "l": [True, False, 1, 0]})
    bins = client.get(key).bins
    assert bins["t"] is True and bins["f"] is False
    assert [type(x) for x in bins["l"]] == [bool, bool, int, int]


def test_negative_zero_keeps_its_sign(client, key):
    client.put(key, {"z": -0.0})
    got = client.get(key).bins["z"]
    assert got == 0.0 and math.copysign(1.0, got) == -1.0


def test_nan(client, key):
    client.put(key, {"n": math.nan})
    assert math.isnan(client.get(key).bins["n"])


def test_bytearray_comes_back_as_bytes(client, key):
    client.put(key, {"b": bytearray(b"xyz")})
    got = client.get(key).bins["b"]
    assert got == b"xyz" and isinstance(got, (bytes, bytearray))


def test_tuple_comes_back_as_list(client, key):
    client.put(key, {"t": (1, (2, "x"), ())})
    assert client.get(key).bins["t"] == [1, [2, "x"], []]


def test_nested_containers_in_maps(client, key):
    value = {"l": [{"x": [1, {b"k": {2: [None]}}]}], 7: {"inner": {"deeper": b"\xff"}}}
    client.put(key, {"m": value})
    assert client.get(key).bins["m"] == value


def test_deep_nesting(client, key):
    value: object = "leaf"
    for i in range(20):
        value = [value] if i % 2 else {"k": value}
    client.put(key, {"deep": value})
    assert client.get(key).bins["deep"] == value


def test_large_values(client, key):
    bins = {"s": "x" * 100_000, "b": bytes(range(256)) * 100, "l": list(range(5000))}
    client.put(key, bins)
    assert client.get(key).bins == bins


def test_none_deletes_bin(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"b": None})
    rec = client.get(key)
    assert rec.bins == {"a": 1}
    assert rec.meta.gen == 2


def test_none_inside_containers_is_kept(client, key):
    client.put(key, {"l": [None, 1], "m": {"x": None}})
    assert client.get(key).bins == {"l": [None, 1], "m": {"x": None}}


def test_subclasses_of_plain_types(client, key):
    class MyInt(int):
        pass

    class MyStr(str):
        pass

    class MyDict(dict):
        pass

    client.put(key, {"i": MyInt(5), "s": MyStr("x"), "m": MyDict(a=1)})
    assert client.get(key).bins == {"i": 5, "s": "x", "m": {"a": 1}}


def test_geojson_round_trip(client, key):
    point = aerospike_py.GeoJSON({"type": "Point", "coordinates": [-122.0, 37.5]})
    poly = aerospike_py.GeoJSON(
        '{"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]}'
    )
    client.put(key, {"p": point, "poly": poly})
    bins = client.get(key).bins
    assert isinstance(bins["p"], aerospike_py.GeoJSON) and bins["p"] == point
    assert isinstance(bins["poly"], aerospike_py.GeoJSON) and bins["poly"] == poly
    assert bins["p"].to_dict() == {"type": "Point", "coordinates": [-122.0, 37.5]}


def test_hll_passthrough(client, make_key, official):
    hll_ops = pytest.importorskip("aerospike_helpers.operations.hll_operations")
    src, dst = make_key(), make_key()
    official.operate(src, [hll_ops.hll_add("h", ["a", "b", "c"], 8)])
    value = client.get(src).bins["h"]
    assert isinstance(value, aerospike_py.HLL)
    client.put(dst, {"h": value})
    back = client.get(dst).bins["h"]
    assert isinstance(back, aerospike_py.HLL) and bytes(back) == bytes(value)
    _, _, obins = official.get(dst)
    assert bytes(obins["h"]) == bytes(value)
    _, _, count = official.operate(dst, [hll_ops.hll_get_count("h")])
    assert count["h"] == 3


# --- refused values ------------------------------------------------------------


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**100], ids=["max+1", "min-1", "2**100"])
def test_int64_overflow_names_bin(client, key, value):
    with pytest.raises(ex.InvalidArgError) as info:
        client.put(key, {"bigbin": value})
    assert "bigbin" in info.value.msg
    assert client.exists(key).meta is None


def test_int64_overflow_inside_list_names_bin(client, key):
    with pytest.raises(ex.InvalidArgError) as info:
        client.put(key, {"listbin": [1, 2**64]})
    assert "listbin" in info.value.msg


@pytest.mark.parametrize(
    "value",
    [{1, 2}, frozenset([1]), 1 + 2j, object(), [1, {2, 3}], {"k": 1j}, Ellipsis, print],
    ids=["set", "frozenset", "complex", "object", "set-in-list", "complex-in-map", "ellipsis", "function"],
)
def test_unsupported_types_name_bin(client, key, value):
    with pytest.raises(ex.InvalidArgError) as info:
        client.put(key, {"badbin": value})
    assert "badbin" in info.value.msg
    assert client.exists(key).meta is None


@pytest.mark.parametrize("name", [1, b"bin", None, ("a",)], ids=["int", "bytes", "none", "tuple"])
def test_non_str_bin_name_is_refused(client, key, name):
    with pytest.raises(ex.InvalidArgError):
        client.put(key, {name: 1})
    assert client.exists(key).meta is None


def test_bin_name_length_limit(client, key):
    client.put(key, {"b" * 15: 1})
    assert client.get(key).bins == {"b" * 15: 1}
    with pytest.raises(ex.BinNameError) as info:
        client.put(key, {"b" * 16: 1})
    assert info.value.code == 21
    # 15 bytes of UTF-8, not 15 characters.
    with pytest.raises(ex.BinNameError):
        client.put(key, {"é" * 8: 1})


def test_empty_bin_name_is_refused(client, key):
    with pytest.raises(ex.AerospikeError):
        client.put(key, {"": 1})


@pytest.mark.parametrize("bins", [[("a", 1)], "a", None, 5], ids=["list", "str", "none", "int"])
def test_bins_not_a_dict(client, key, bins):
    with pytest.raises(ex.InvalidArgError):
        client.put(key, bins)


def test_empty_bins_dict(client, key):
    # What the server does with a write of no bins varies; the client must not crash
    # and must not invent a record.
    try:
        client.put(key, {})
    except ex.AerospikeError:
        pass
    assert client.exists(key).meta is None


# --- interoperability with the official client ----------------------------------

INTEROP = {
    "i": -12345678901234,
    "f": 2.5,
    "s": "héllo",
    "b": b"\x00\xfe",
    "l": [1, "a", [2.0, b"x"], {"m": 1}],
    "m": {"a": 1, 2: "b", "n": {"x": [1, 2]}},
    "max": INT64_MAX,
    "min": INT64_MIN,
}


def test_written_by_us_read_by_official(client, key, official):
    client.put(key, INTEROP)
    okey, meta, bins = official.get(key)
    assert bins == INTEROP
    assert meta["gen"] == 1
    assert bytes(okey[3]) == client.get(key).key.digest


def test_written_by_official_read_by_us(client, key, official):
    official.put(key, INTEROP)
    rec = client.get(key)
    assert rec.bins == INTEROP
    assert rec.meta.gen == 1


def test_geojson_interop(client, make_key, official):
    aerospike = pytest.importorskip("aerospike")
    k1, k2 = make_key(), make_key()
    coords = {"type": "Point", "coordinates": [10.5, -3.25]}
    client.put(k1, {"g": aerospike_py.GeoJSON(coords)})
    _, _, bins = official.get(k1)
    assert isinstance(bins["g"], aerospike.GeoJSON) and bins["g"].unwrap() == coords
    official.put(k2, {"g": aerospike.GeoJSON(coords)})
    got = client.get(k2).bins["g"]
    assert isinstance(got, aerospike_py.GeoJSON) and got.to_dict() == coords


def test_bool_interop(client, key, official):
    client.put(key, {"t": True, "f": False})
    _, _, bins = official.get(key)
    assert bool(bins["t"]) is True and bool(bins["f"]) is False


# --- map keys: refused by name, never dropped ------------------------------------------

_BAD_MAP_KEYS = {
    "float": (1.5, "map key 1.5 (float)"),
    "bool": (True, "map key True (bool)"),
    "none": (None, "map key None"),
    "tuple": ((1, 2), "map key of type tuple"),
}


@pytest.mark.parametrize("bad_key,named", _BAD_MAP_KEYS.values(), ids=list(_BAD_MAP_KEYS))
def test_unsupported_map_keys_are_refused_not_dropped(client, key, bad_key, named):
    client.put(key, {"m": {"kept": 1}})
    for bins in ({"m": {bad_key: "a", 2: "b"}}, {"m": [{"deep": {bad_key: 1}}]}):
        with pytest.raises(ex.InvalidArgError) as info:
            client.put(key, bins)
        assert "bin 'm'" in info.value.msg and named in info.value.msg
    with pytest.raises(ex.InvalidArgError, match="map key"):
        client.operate(key, [{"op": aerospike_py.OPERATOR_WRITE, "bin": "m", "val": {bad_key: 1}}])
    with pytest.raises(ex.InvalidArgError, match="map key"):
        client.batch_write([(key, {"m": {bad_key: 1}})])
    assert client.get(key).bins == {"m": {"kept": 1}}  # nothing was written


def test_int_str_bytes_map_keys_round_trip(client, key):
    value = {1: "int", "s": "str", b"b": "bytes", -(2**63): "min", "nested": {2: {b"x": [1, {"k": None}]}}}
    client.put(key, {"m": value})
    assert client.get(key).bins == {"m": value}


def test_bool_values_through_operate_and_batch_write(client, key):
    """Booleans keep their type through every write path (and are never freed under a bin)."""
    record = client.operate(key, [
        {"op": aerospike_py.OPERATOR_WRITE, "bin": "t", "val": True},
        {"op": aerospike_py.OPERATOR_WRITE, "bin": "f", "val": False},
        {"op": aerospike_py.OPERATOR_WRITE, "bin": "l", "val": [True, {"k": False}]},
        {"op": aerospike_py.OPERATOR_READ, "bin": None, "val": None},
    ])
    assert record.bins == {"t": True, "f": False, "l": [True, {"k": False}]}
    assert type(record.bins["t"]) is bool
    [row] = client.batch_write([(key, {"t": False, "f": True})]).batch_records
    assert row.result == 0
    assert client.get(key).bins == {"t": False, "f": True, "l": [True, {"k": False}]}
