"""Batch commands of the sync client: round trips through the C client and the wire."""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.types import BatchRecord, BatchWriteResult, Record


@pytest.fixture
def stored(client: aerospike_py.Client, make_key: Any) -> list[tuple]:
    """Five records with bins a (int) and s (str), plus two keys that do not exist."""
    keys = [make_key(f"k{i}") for i in range(7)]
    for i, key in enumerate(keys[:5]):
        client.put(key, {"a": i, "s": f"v{i}"})
    return keys


def test_batch_read_all_bins_in_request_order(client: aerospike_py.Client, stored: list[tuple]) -> None:
    result = client.batch_read(stored)
    assert result.found_count() == 5
    assert result.to_list() == [{"a": i, "s": f"v{i}"} for i in range(5)] + [None, None]
    records = result.batch_records
    assert [r.result for r in records] == [0] * 5 + [2, 2]
    assert all(isinstance(r, BatchRecord) for r in records)
    assert records[0].key.user_key == "k0" and len(records[0].key.digest) == 20
    assert isinstance(records[0].record, Record) and records[0].record.meta.gen == 1
    assert records[5].record is None and records[5].in_doubt is False


def test_batch_read_views(client: aerospike_py.Client, stored: list[tuple]) -> None:
    result = client.batch_read(stored, bins=["a"])
    assert result.to_dict() == {f"k{i}": {"a": i} for i in range(5)}
    assert len(result) == 5
    assert "k1" in result and "k6" not in result
    assert result["k2"] == {"a": 2}
    assert result.get("k6", "missing") == "missing"
    assert sorted(result) == [f"k{i}" for i in range(5)]
    assert dict(result.items()) == result.to_dict()
    assert result.all_user_keys() == [f"k{i}" for i in range(7)]
    assert [r.result for r in result.iter_records()] == [0] * 5 + [2, 2]
    result.release_cache()
    assert result.to_dict() == {f"k{i}": {"a": i} for i in range(5)}
    assert aerospike_py.LazyBatchRecords.merge_to_dict([result]) == [result.to_dict()]


def test_batch_read_header_only(client: aerospike_py.Client, stored: list[tuple]) -> None:
    result = client.batch_read(stored, bins=[])
    assert result.to_list() == [{}] * 5 + [None, None]
    assert [r.record.meta.gen for r in result.batch_records[:5]] == [1] * 5  # type: ignore[union-attr]


def test_batch_read_digest_keys_and_mixed_sets(client: aerospike_py.Client, stored: list[tuple],
                                                make_key: Any) -> None:
    digest = client.get(stored[0]).key.digest
    other = ("test", "other" + stored[0][1][-6:], "k0")
    client.put(other, {"a": 100})
    result = client.batch_read([(stored[0][0], stored[0][1], None, digest), other])
    assert result.to_list() == [{"a": 0, "s": "v0"}, {"a": 100}]
    assert result.all_user_keys() == [None, "k0"]
    assert result.to_dict() == {"k0": {"a": 100}}  # digest-only keys have no user key to index by
    client.remove(other)


def test_batch_read_empty_and_large(client: aerospike_py.Client, make_key: Any) -> None:
    assert client.batch_read([]).to_list() == []
    keys = [make_key(i) for i in range(300)]
    client.batch_write([(k, {"i": i}) for i, k in enumerate(keys)])
    assert [bins["i"] for bins in client.batch_read(keys).to_list()] == list(range(300))  # type: ignore[index]


def test_batch_operate_applies_to_every_key(client: aerospike_py.Client, stored: list[tuple]) -> None:
    ops = [
        {"op": aerospike_py.OPERATOR_INCR, "bin": "a", "val": 10},
        {"op": aerospike_py.OPERATOR_READ, "bin": "a"},
    ]
    result = client.batch_operate(stored[:3], ops)
    assert isinstance(result, BatchWriteResult)
    assert [r.result for r in result.batch_records] == [0, 0, 0]
    assert [r.record.bins["a"] for r in result.batch_records] == [10, 11, 12]  # type: ignore[union-attr]
    assert result.retry == aerospike_py.BatchRetryInfo()
    assert client.get(stored[2]).bins["a"] == 12


def test_batch_operate_reads_only(client: aerospike_py.Client, stored: list[tuple]) -> None:
    result = client.batch_operate(stored[4:], [{"op": aerospike_py.OPERATOR_READ, "bin": "s"}])
    assert [r.result for r in result.batch_records] == [0, 2, 2]
    assert result.batch_records[0].record.bins == {"s": "v4"}  # type: ignore[union-attr]


def test_batch_write_per_record_bins_and_meta(client: aerospike_py.Client, make_key: Any) -> None:
    k1, k2 = make_key(), make_key()
    result = client.batch_write([(k1, {"name": "a", "n": 1}), (k2, {"name": "b"}, {"ttl": 1000})])
    assert [r.result for r in result.batch_records] == [0, 0]
    assert client.get(k1).bins == {"name": "a", "n": 1}
    assert 900 < client.get(k2).meta.ttl <= 1000


def test_batch_write_policy_level_fields(client: aerospike_py.Client, make_key: Any) -> None:
    k1, k2 = make_key(), make_key()
    client.put(k1, {"x": 0})
    create_only = {"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY, "key": aerospike_py.POLICY_KEY_SEND}
    result = client.batch_write([(k1, {"x": 1}), (k2, {"x": 2})], policy=create_only)
    assert [r.result for r in result.batch_records] == [5, 0]  # KEY_EXISTS_ERROR for the existing one
    assert client.get(k1).bins == {"x": 0}
    assert client.get(k2).key.user_key == k2[2]  # the key was sent and stored
    # per-record meta overrides the batch level
    result = client.batch_write([(k1, {"x": 3}, {"exists": aerospike_py.POLICY_EXISTS_UPDATE})], policy=create_only)
    assert result.batch_records[0].result == 0 and client.get(k1).bins == {"x": 3}


def test_batch_write_generation_check(client: aerospike_py.Client, make_key: Any) -> None:
    key = make_key()
    client.put(key, {"x": 0})
    client.put(key, {"x": 1})
    stale = client.batch_write([(key, {"x": 9}, {"gen": 1})])
    assert stale.batch_records[0].result == 3  # GENERATION_ERROR
    fresh = client.batch_write([(key, {"x": 9}, {"gen": 2})])
    assert fresh.batch_records[0].result == 0 and client.get(key).bins == {"x": 9}


def test_digest_only_keys_with_send_key_in_batch_writes(client: aerospike_py.Client, make_key: Any) -> None:
    # A digest-only key has no user key to send; asking to send keys must still write it (this crashed).
    import os

    digest_key = make_key()[:2] + (None, os.urandom(20))
    keys = [make_key(), digest_key]
    send = {"key": aerospike_py.POLICY_KEY_SEND}
    res = client.batch_write([(k, {"v": i}) for i, k in enumerate(keys)], policy=send)
    assert [r.result for r in res.batch_records] == [0, 0]
    res = client.batch_write([(k, {"w": i}, send) for i, k in enumerate(keys)])
    assert [r.result for r in res.batch_records] == [0, 0]
    res = client.batch_operate(keys, [{"op": aerospike_py.OPERATOR_INCR, "bin": "v", "val": 1}], policy=send)
    assert [r.result for r in res.batch_records] == [0, 0]
    assert client.get(digest_key).bins == {"v": 2, "w": 1}
    assert client.get(keys[0]).key.user_key == keys[0][2]
    res = client.batch_remove([keys[0], (digest_key, send)], policy=send)
    assert [r.result for r in res.batch_records] == [0, 0]
    assert client.exists(digest_key).meta is None


def test_batch_read_bytearray_keys_map_to_bytes(client: aerospike_py.Client, make_key: Any) -> None:
    # A bytearray cannot key a dict: to_dict() and len() raised TypeError before.
    keys = [make_key(bytearray(b"blob")), make_key("s")]
    client.batch_write([(k, {"v": i}) for i, k in enumerate(keys)])
    res = client.batch_read(keys)
    assert res.to_dict() == {b"blob": {"v": 0}, "s": {"v": 1}}
    assert len(res) == 2 and res[b"blob"] == {"v": 0}
    assert res.all_user_keys() == [b"blob", "s"]
    assert res.batch_records[0].key.user_key == b"blob"


def test_batch_remove_plain_and_with_meta(client: aerospike_py.Client, stored: list[tuple]) -> None:
    result = client.batch_remove([stored[0], (stored[1], {"gen": 7}), stored[5]])
    assert [r.result for r in result.batch_records] == [0, 3, 2]
    assert all(r.record is None for r in result.batch_records)
    assert client.exists(stored[0]).meta is None
    assert client.exists(stored[1]).meta is not None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, k: c.batch_read("nope"), "keys must be a list"),
        (lambda c, k: c.batch_read([k, ("test",)]), "key 1"),
        (lambda c, k: c.batch_read([k, ("test", "s", 1.5)]), "key 1: primary key must be str, int or bytes"),
        (lambda c, k: c.batch_read([k], bins="a"), "bins must be a list"),
        (lambda c, k: c.batch_read([k], policy={"bogus": 1}), "bogus"),
        (lambda c, k: c.batch_operate([k], []), "at least one operation"),
        (lambda c, k: c.batch_operate([k], [{"op": 999, "bin": "a"}]), "operation 0"),
        (lambda c, k: c.batch_write([(k,)]), "record 0 must be (key, bins)"),
        (lambda c, k: c.batch_write([(k, {})]), "record 0: bins must be a non-empty dict"),
        (lambda c, k: c.batch_write([(k, {"a": 1}, {"ttl": "x"})]), "record 0: 'ttl'"),
        (lambda c, k: c.batch_write([(k, {"a": 1}, {"color": 1})]), "color"),
        (lambda c, k: c.batch_write([(k, {"a": 1})], retry=-1), "retry"),
        (lambda c, k: c.batch_remove([(k, {"gen": -1})]), "'gen'"),
        (lambda c, k: c.batch_write([(k, {"a": object()})]), "record 0 bin 'a'"),
    ],
)
def test_bad_batch_arguments_name_the_problem(client: aerospike_py.Client, make_key: Any, call: Any,
                                              message: str) -> None:
    with pytest.raises(exc.InvalidArgError) as info:
        call(client, make_key())
    assert message in str(info.value)


def test_batch_bin_name_too_long_is_a_bin_name_error(client: aerospike_py.Client, make_key: Any) -> None:
    with pytest.raises(exc.BinNameError):
        client.batch_read([make_key()], bins=["x" * 16])


def test_batch_matches_official_client(client: aerospike_py.Client, stored: list[tuple], official: Any) -> None:
    ours = client.batch_read(stored).batch_records
    theirs = official.batch_read(stored).batch_records
    assert [r.key.digest for r in ours] == [r.key[3] for r in theirs]
    assert [r.result for r in ours] == [r.result for r in theirs]
    assert [r.record.bins if r.record else None for r in ours] == [r.record[2] if r.record else None for r in theirs]


def test_batch_write_with_nothing_to_retry_makes_one_attempt(client: aerospike_py.Client, make_key: Any) -> None:
    result = client.batch_write([(make_key(), {"a": 1})], retry=3)
    assert result.retry == aerospike_py.BatchRetryInfo(attempts=1, max_attempts=4, truncated_by_timeout=False,
                                                       unresolved=0)
