"""get/put without meta or policy take a one-call path; it must agree with the general one in everything.

``policy={}`` sends the same command down the general path, so each case runs both ways.
"""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import GeoJSON
from aerospike_py import exception as exc


def test_large_record_and_special_values(client: aerospike_py.Client, make_key: Any) -> None:
    key = make_key()
    bins = {"big": "x" * 20000, "blob": bytes(range(256)) * 40, "geo": GeoJSON({"type": "Point", "coordinates": [1, 2]}),
            "n": [1, {"a": 2.5}], "u": "ünï"}
    client.put(key, bins)
    fast, general = client.get(key), client.get(key, policy={})
    assert fast == general
    assert fast.bins["big"] == bins["big"] and fast.bins["blob"] == bins["blob"]
    assert isinstance(fast.bins["geo"], GeoJSON) and fast.bins["u"] == "ünï"


@pytest.mark.parametrize("bad_key", [
    ("test",), ("test", "s"), ("test", "s", 1.5), ("test", 1, "k"), ("", "s", "k"), ("te\x00st", "s", "k"),
    ("test", "s", None), ("test", "s", None, b"short"), ("test", "s", 2**64), ("test", "s" * 70, "k"),
    ("test", "s", True), ["test", "s", "k"],
])
def test_bad_keys_fail_alike(client: aerospike_py.Client, bad_key: Any) -> None:
    with pytest.raises(exc.AerospikeError) as fast:
        client.get(bad_key)
    with pytest.raises(exc.AerospikeError) as general:
        client.get(bad_key, policy={})
    assert (type(fast.value), fast.value.msg) == (type(general.value), general.value.msg)
    with pytest.raises(exc.AerospikeError) as fast_put:
        client.put(bad_key, {"a": 1})
    with pytest.raises(exc.AerospikeError) as general_put:
        client.put(bad_key, {"a": 1}, policy={})
    assert (type(fast_put.value), fast_put.value.msg) == (type(general_put.value), general_put.value.msg)


@pytest.mark.parametrize("bad_bins", [{"": 1}, {"n" * 20: 1}, {1: 1}, {"a": 2**64}, {"a": {1.5: 1}}, {"a": object()}])
def test_bad_bins_fail_alike(client: aerospike_py.Client, make_key: Any, bad_bins: Any) -> None:
    key = make_key()
    with pytest.raises(exc.AerospikeError) as fast:
        client.put(key, bad_bins)
    with pytest.raises(exc.AerospikeError) as general:
        client.put(key, bad_bins, policy={})
    assert (type(fast.value), fast.value.msg) == (type(general.value), general.value.msg)


def test_missing_record_and_closed_client(client: aerospike_py.Client, make_key: Any, config: dict[str, Any]) -> None:
    with pytest.raises(exc.RecordNotFound):
        client.get(make_key())
    other = aerospike_py.client(config).connect()
    other.close()
    for call in (lambda: other.get(make_key()), lambda: other.put(make_key(), {"a": 1})):
        with pytest.raises(exc.ClientError):
            call()


def test_nested_calls_from_threads_reuse_requests(client: aerospike_py.Client, make_key: Any) -> None:
    import threading

    keys = [make_key() for _ in range(8)]
    errors: list[BaseException] = []

    def work(key: tuple) -> None:
        try:
            for i in range(50):
                client.put(key, {"i": i})
                assert client.get(key).bins == {"i": i}
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
