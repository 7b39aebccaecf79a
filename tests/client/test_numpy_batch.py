"""batch_read(...).to_numpy(dtype) and batch_write_numpy with the sync client."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import aerospike_py
from aerospike_py import exception as exc

np = pytest.importorskip("numpy")


@pytest.fixture
def stored(client: aerospike_py.Client, make_key: Callable[..., tuple]) -> list[tuple]:
    keys = [make_key(1), make_key("two"), make_key("missing"), make_key(4)]
    client.put(keys[0], {"i": 5, "f": 1.5, "s": "hello", "b": b"\x01\x02", "t": True, "n": -3, "l": [1]},
               meta={"ttl": 1000})
    client.put(keys[1], {"i": 2**40, "f": 7, "s": "a-very-long-string", "b": bytearray(b"zz")})
    client.put(keys[3], {"i": -1, "f": "str", "g": aerospike_py.GeoJSON({"type": "Point", "coordinates": [1, 2]})})
    return keys


def test_to_numpy_values_meta_and_codes(client: aerospike_py.Client, stored: list[tuple]) -> None:
    dtype = np.dtype([("i", "i8"), ("f", "f4"), ("s", "S8"), ("b", "S4"), ("t", "u1"), ("absent", "i2")])
    result = client.batch_read(stored[:3]).to_numpy(dtype)
    assert isinstance(result, aerospike_py.NumpyBatchRecords)
    assert result.batch_records.dtype == dtype and len(result) == 3
    assert result.batch_records.tolist() == [
        (5, 1.5, b"hello", b"\x01\x02", 1, 0),
        (2**40, 7.0, b"a-very-l", b"zz", 0, 0),
        (0, 0.0, b"", b"", 0, 0),
    ]
    assert result.result_codes.dtype == np.int32 and result.result_codes.tolist() == [0, 0, 2]
    assert result.meta.dtype.names == ("gen", "ttl") and result.meta["gen"].tolist() == [1, 1, 0]
    assert 990 <= result.meta["ttl"][0] <= 1000 and result.meta["ttl"][2] == 0
    # Key lookup by primary key.
    assert result.get(1)["i"] == 5 and result.get("two")["s"] == b"a-very-l"
    assert 1 in result and "missing" in result and "nope" not in result and [1] not in result
    with pytest.raises(KeyError, match="nope"):
        result.get("nope")
    assert [row["i"] for row in result] == [5, 2**40, 0]
    blob = client.batch_read([stored[0][:2] + (bytearray(b"blob"),)]).to_numpy(dtype)
    assert b"blob" in blob and blob.result_codes.tolist() == [2]
    assert repr(result) == "NumpyBatchRecords(count=3, ok=2, fields=['i', 'f', 's', 'b', 't', 'absent'])"


def test_to_numpy_conversions(client: aerospike_py.Client, stored: list[tuple]) -> None:
    def fill(dtype: Any, keys: list[tuple] = stored[:2]) -> list[Any]:
        return client.batch_read(keys).to_numpy(np.dtype(dtype)).batch_records.tolist()

    assert fill([("f", "i4")]) == [(1,), (7,)]              # floats truncate into ints
    assert fill([("i", "f8")]) == [(5.0,), (2.0**40,)]
    assert fill([("i", "f2")]) == [(5.0,), (float("inf"),)]
    assert fill([("s", "V4")]) == [(b"hell",), (b"a-ve",)]
    assert fill([("t", "f8"), ("n", "i1")], stored[:1]) == [(1.0, -3)]
    sub = client.batch_read(stored[:1]).to_numpy(np.dtype([("i", "i4", (2,))])).batch_records
    assert sub["i"].tolist() == [[5, 0]]                    # the first element of a sub-array
    aligned = np.dtype({"names": ["i"], "formats": ["i4"], "offsets": [4], "itemsize": 12})
    assert fill(aligned, stored[:1]) == [(5,)]
    only_f = client.batch_read(stored[:1], bins=["f"]).to_numpy(np.dtype([("i", "i8"), ("f", "f8")]))
    assert only_f.batch_records.tolist() == [(0, 1.5)]
    empty = client.batch_read([]).to_numpy(np.dtype([("i", "i8")]))
    assert len(empty) == 0 and empty.meta.dtype == np.dtype([("gen", "u4"), ("ttl", "u4")])
    # The dict view still works after (and before) the array.
    lazy = client.batch_read(stored)
    assert lazy.to_numpy(np.dtype([("i", "i8")])).batch_records["i"].tolist() == [5, 2**40, 0, -1]
    assert lazy.to_dict()[1]["s"] == "hello" and lazy.found_count() == 3
    assert lazy.to_numpy(np.dtype([("i", "i8")])).result_codes.tolist() == [0, 0, 2, 0]


@pytest.mark.parametrize("dtype,keys,error,match", [
    ([("i", "i4")], slice(0, 2), OverflowError, "value 1099511627776 does not fit in i32 for field 'i'"),
    ([("i", "i1")], slice(0, 2), OverflowError, "does not fit in i8"),
    ([("i", "u2")], slice(0, 2), OverflowError, "does not fit in u16"),
    ([("n", "u4")], slice(0, 1), ValueError, "negative integer -3 to unsigned field 'n'"),
    ([("f", "f8")], slice(3, 4), TypeError, "cannot write string to numeric field 'f'"),
    ([("b", "i8")], slice(0, 1), TypeError, "cannot write bytes to numeric field 'b'"),
    ([("i", "S4")], slice(0, 1), TypeError, "cannot write integer to bytes field 'i'"),
    ([("f", "S4")], slice(0, 1), TypeError, "cannot write float to bytes field 'f'"),
    ([("l", "f8")], slice(0, 1), TypeError, "unsupported Aerospike value type for numpy field 'l'"),
    ([("g", "S8")], slice(3, 4), TypeError, "unsupported Aerospike value type for numpy field 'g'"),
    ([("i", "O")], slice(0, 1), TypeError, "kind='O'"),
    ([("t", "?")], slice(0, 1), TypeError, "kind='b'"),
    ([("s", "U4")], slice(0, 1), TypeError, "kind='U'"),
    ([("i", ">i4")], slice(0, 1), ValueError, "non-native byte order"),
])
def test_to_numpy_refusals(client: aerospike_py.Client, stored: list[tuple], dtype: Any, keys: slice,
                           error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        client.batch_read(stored[keys]).to_numpy(np.dtype(dtype))


@pytest.mark.parametrize("dtype", [[("i", "i8")], "i8", None])
def test_to_numpy_needs_a_structured_dtype(client: aerospike_py.Client, stored: list[tuple], dtype: Any) -> None:
    lazy = client.batch_read(stored[:1])
    with pytest.raises(TypeError, match="structured numpy.dtype"):
        lazy.to_numpy(np.dtype(dtype) if isinstance(dtype, str) else dtype)


def test_batch_write_numpy(client: aerospike_py.Client, set_name: str) -> None:
    dtype = np.dtype([("_key", "i4"), ("score", "f8"), ("count", "i4"), ("_hidden", "i4"), ("name", "S5"),
                      ("vec", "f4", (2,)), ("u", "u8"), ("h", "f2")])
    data = np.array([(1, 0.5, 10, 7, b"ab", (1, 2), 2**62, 1.5), (2, 0.25, 20, 8, b"abcde", (3, 4), 5, 2)],
                    dtype=dtype)
    result = client.batch_write_numpy(data, "test", set_name, dtype)
    assert [(r.key.user_key, r.result) for r in result.batch_records] == [(1, 0), (2, 0)]
    assert result.retry is not None and result.retry.attempts == 1
    assert client.get(("test", set_name, 1)).bins == {
        "score": 0.5, "count": 10, "name": b"ab\x00\x00\x00", "vec": np.array([1, 2], "f4").tobytes(),
        "u": 2**62, "h": 1.5}
    assert client.get(("test", set_name, 2)).bins["name"] == b"abcde"
    # Round trip through to_numpy.
    back = client.batch_read([("test", set_name, k) for k in (1, 2)]).to_numpy(
        np.dtype([("score", "f8"), ("count", "i4"), ("name", "S5"), ("u", "u8")]))
    assert back.batch_records.tolist() == [(0.5, 10, b"ab", 2**62), (0.25, 20, b"abcde", 5)]

    bytes_keys = np.dtype([("id", "S4"), ("v", "i8")])
    result = client.batch_write_numpy(np.array([(b"k1", 1), (b"k2", 2)], dtype=bytes_keys), "test", set_name,
                                      bytes_keys, key_field="id", policy={"total_timeout": 2000})
    assert [r.key.user_key for r in result.batch_records] == [b"k1", b"k2"]
    assert client.get(("test", set_name, "k1")).bins == {"v": 1}  # a bytes key is a string key


@pytest.mark.parametrize("data,dtype,kwargs,error,match", [
    ("array", [("_key", "i8"), ("u", "u8")], {}, OverflowError, "exceeds the signed 64-bit"),
    ("array", [("id", "i8"), ("v", "i8")], {}, exc.InvalidArgError, "'_key' field"),
    ("array", [("_key", "f8"), ("v", "i8")], {}, exc.InvalidArgError, "key field '_key'"),
    ("array", [("_key", "i8"), ("_v", "i8")], {}, exc.InvalidArgError, "no bin field"),
    ("array", [("_key", "i8"), ("b", "?")], {}, TypeError, "kind='b'"),
    ("list", [("_key", "i8"), ("v", "i8")], {}, exc.InvalidArgError, "numpy structured array"),
    ("array", [("_key", "i8"), ("v", "i8")], {"retry": -1}, exc.InvalidArgError, "retry"),
    ("array", [("_key", "i8"), ("v", "i8")], {"policy": {"bogus": 1}}, exc.InvalidArgError, "bogus"),
])
def test_batch_write_numpy_refusals(client: aerospike_py.Client, set_name: str, data: str, dtype: Any,
                                    kwargs: dict[str, Any], error: type, match: str) -> None:
    dt = np.dtype(dtype)
    value = 2**63 if dtype[-1][1] == "u8" else 1
    array = np.array([(1, value)], dtype=dt)
    with pytest.raises(error, match=match):
        client.batch_write_numpy(array if data == "array" else [(1, 1)], "test", set_name, dt, **kwargs)


def test_batch_write_numpy_dtype_mismatch(client: aerospike_py.Client, set_name: str) -> None:
    data = np.array([(1, 2)], dtype=[("_key", "i8"), ("v", "i8")])
    with pytest.raises(exc.InvalidArgError, match="does not match"):
        client.batch_write_numpy(data, "test", set_name, np.dtype([("_key", "i8")]))
    assert client.batch_write_numpy(data[:0], "test", set_name, data.dtype).batch_records == []
