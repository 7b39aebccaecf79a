"""A plain batch read (every bin of plain keys) builds its rows from the C client's records.

Naming every bin (``bins=[...]``) takes the general path, whose rows come
through the value codec: both must give the same results in every view.
"""

from __future__ import annotations

import gc
from typing import Any, Callable

import pytest

import aerospike_py
from aerospike_py import hll_operations as hll

ALL_BINS = ["i", "f", "s", "u", "b", "t", "l", "m", "g", "h", "big"]


@pytest.fixture
def stored(client: aerospike_py.Client, make_key: Callable[..., Any]) -> list[Any]:
    keys = [make_key(1), make_key("two"), make_key("missing"), make_key(4), make_key(5), make_key(-(2**63))]
    client.put(keys[0], {"i": 5, "f": 1.5, "s": "hello", "u": "h\u00e9\u20ac\U0001f600", "b": b"\x00\x01",
                         "t": True, "big": 2**63 - 1}, meta={"ttl": 1000})
    client.put(keys[1], {"i": -(2**63), "f": -0.0, "s": "", "b": b"", "t": False})
    client.put(keys[3], {"l": [1, "a", [2.5]], "m": {"k": {"n": 1}}, "i": 3,
                         "g": aerospike_py.GeoJSON({"type": "Point", "coordinates": [1.5, 2.5]})})
    client.operate(keys[4], [hll.hll_add("h", ["a", "b", "c"], 8)])
    client.put(keys[5], {"i": 6})
    return keys


def _views(result: Any) -> tuple[Any, ...]:
    records = [(r.key, r.result, r.in_doubt, r.record) for r in result.batch_records]
    return (result.to_dict(), result.to_list(), records, result.found_count(), dict(result.items()),
            list(result.iter_records()), result.all_user_keys(), len(result))


@pytest.mark.parametrize("picks", [(0, 1, 2, 5), (0, 3, 1), (4, 0), (2,), (3, 4)])
def test_rows_match_the_general_path(client: aerospike_py.Client, stored: list[Any], picks: tuple[int, ...]) -> None:
    keys = [stored[i] for i in picks]
    plain = _views(client.batch_read(keys))
    named = _views(client.batch_read(keys, bins=ALL_BINS))
    assert plain == named
    # Records with lists, maps, GeoJSON and HLL keep their types (the codec's path).
    if 3 in picks:
        bins = plain[0][4]
        assert isinstance(bins["g"], aerospike_py.GeoJSON) and bins["m"] == {"k": {"n": 1}}
    if 4 in picks:
        assert isinstance(plain[0][5]["h"], aerospike_py.HLL)


def test_scalar_values_and_meta(client: aerospike_py.Client, stored: list[Any]) -> None:
    result = client.batch_read([stored[0], stored[1], stored[2]])
    assert result.to_list() == [
        {"i": 5, "f": 1.5, "s": "hello", "u": "h\u00e9\u20ac\U0001f600", "b": b"\x00\x01", "t": True, "big": 2**63 - 1},
        {"i": -(2**63), "f": -0.0, "s": "", "b": b"", "t": False},
        None,
    ]
    first, second, missing = result.batch_records
    assert type(first.record.bins["t"]) is bool and type(first.record.bins["b"]) is bytes
    assert first.key == aerospike_py.AerospikeKey(*stored[0], client.get(stored[0]).key.digest)
    assert first.record.meta.gen == 1 and 990 <= first.record.meta.ttl <= 1000
    assert missing.result == 2 and missing.record is None and len(missing.key.digest) == 20
    # One bins dict per record, shared by every view.
    assert result.to_dict()[1] is first.record.bins


def test_records_outlive_the_client(config: dict[str, Any], make_key: Callable[..., Any]) -> None:
    client = aerospike_py.client(config).connect()
    keys = [make_key(i) for i in range(50)]
    for i, key in enumerate(keys):
        client.put(key, {"i": i, "s": f"v{i}"})
    results = [client.batch_read(keys) for _ in range(3)]
    client.close()
    gc.collect()
    assert [r.to_list() for r in results] == [[{"i": i, "s": f"v{i}"} for i in range(50)]] * 3
    del results
    gc.collect()


def test_user_key_forms(client: aerospike_py.Client, make_key: Callable[..., Any]) -> None:
    key = make_key("k")
    client.put(key, {"a": 1})
    digest_key = (key[0], key[1], None, client.get(key).key.digest)
    result = client.batch_read([key, digest_key, list(key)])
    assert result.to_list() == [{"a": 1}] * 3
    assert result.to_dict() == {"k": {"a": 1}}   # a digest-only key has no user key
    assert result.all_user_keys() == ["k", None, "k"]


def test_to_numpy_from_records_matches_rows(client: aerospike_py.Client, stored: list[Any]) -> None:
    np = pytest.importorskip("numpy")
    dtype = np.dtype([("i", "i8"), ("f", "f8"), ("s", "S8"), ("b", "S2"), ("t", "u1"), ("big", "u8")])
    keys = [stored[i] for i in (0, 1, 2, 5)]
    plain = client.batch_read(keys)
    named = client.batch_read(keys, bins=ALL_BINS)
    a, b = plain.to_numpy(dtype), named.to_numpy(dtype)
    assert a.batch_records.tolist() == b.batch_records.tolist()
    assert a.meta.tolist() == b.meta.tolist() and a.result_codes.tolist() == b.result_codes.tolist() == [0, 0, 2, 0]
    plain.to_dict()  # rows built first: the records stay readable
    assert plain.to_numpy(dtype).batch_records.tolist() == a.batch_records.tolist()
    for field in ("g", "h", "l"):
        errors = []
        for result in (client.batch_read(stored[3:5]), client.batch_read(stored[3:5], bins=ALL_BINS)):
            with pytest.raises(TypeError) as info:
                result.to_numpy(np.dtype([(field, "i8")]))
            errors.append(str(info.value))
        assert errors[0] == errors[1]
