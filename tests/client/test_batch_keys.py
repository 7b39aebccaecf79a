"""Batch reads of plain keys take a shorter conversion path: every key kind must still land on its record."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as exc

# Ints across marshal's encodings: 32-bit, 15-bit-digit longs (1 to 4 digits), and beyond.
INT_KEYS = [0, 1, -1, 2**31 - 1, -(2**31), 2**31, -(2**31) - 1, 2**45 + 7, -(2**45) - 7, 2**59 + 3,
            -(2**60) + 1, 2**60, 2**62 + 11, -(2**63), 2**63 - 1]


def test_batch_read_int_keys_find_their_records(client: aerospike_py.Client, set_name: str) -> None:
    keys = [("test", set_name, pk) for pk in INT_KEYS]
    for i, key in enumerate(keys):
        client.put(key, {"i": i})
    result = client.batch_read(keys)
    assert result.to_list() == [{"i": i} for i in range(len(keys))]
    for key, record in zip(keys, result.batch_records):
        assert record.key.digest == client.get(key).key.digest


def test_batch_read_mixed_key_kinds(client: aerospike_py.Client, set_name: str) -> None:
    str_key = ("test", set_name, "s\u00e9")
    int_key = ("test", set_name, 42)
    bytes_key = ("test", set_name, b"\x00\x01")
    for i, key in enumerate((str_key, int_key, bytes_key)):
        client.put(key, {"i": i})
    digest_key = ("test", set_name, None, client.get(int_key).key.digest)
    plain = client.batch_read([str_key, int_key])
    assert plain.to_list() == [{"i": 0}, {"i": 1}]
    mixed = client.batch_read([str_key, int_key, bytes_key, digest_key])
    assert mixed.to_list() == [{"i": 0}, {"i": 1}, {"i": 2}, {"i": 1}]


def test_batch_read_plain_keys_with_policy_and_bad_keys(client: aerospike_py.Client, set_name: str) -> None:
    keys = [("test", set_name, f"k{i}") for i in range(3)]
    client.put(keys[0], {"a": 1})
    assert client.batch_read(keys, policy={"total_timeout": 2000}).to_list() == [{"a": 1}, None, None]
    with pytest.raises(exc.InvalidArgError):
        client.batch_read(keys, policy={"no_such_field": 1})
    with pytest.raises(exc.AerospikeError):
        client.batch_read([keys[0], ("test", set_name)])
    with pytest.raises(exc.AerospikeError):
        client.batch_read([keys[0], ("", set_name, "x")])
    with pytest.raises(exc.AerospikeError):
        client.batch_read([keys[0], ("test", set_name, 1.5)])
    assert client.batch_read(keys[:1]).to_list() == [{"a": 1}]


def test_batch_read_same_errors_as_general_path(client: aerospike_py.Client, set_name: str) -> None:
    bad = ("test", set_name, [1])
    with pytest.raises(exc.AerospikeError) as plain:
        client.batch_read([bad])
    with pytest.raises(exc.AerospikeError) as with_bins:
        client.batch_read([bad], bins=["a"])
    assert type(plain.value) is type(with_bins.value)
    assert plain.value.msg == with_bins.value.msg


