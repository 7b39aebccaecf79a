"""get/put without meta or policy take the C fast path (include/aspy_fast.c); it must agree with the general one in everything.

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


SCALARS = {"i": -(2**63), "j": 2**63 - 1, "f": -0.5, "inf": float("inf"), "s": "", "u": "ünï\x00code 😀",
           "b": b"", "raw": bytes(range(256)), "t": True, "no": False}


@pytest.mark.parametrize("pk", ["k\x00ey", "", 0, -(2**63), 2**63 - 1, b"by\x00tes", b""])
@pytest.mark.parametrize("set_name", [None, "fast-path-set"])
def test_scalar_records_read_alike(client: aerospike_py.Client, pk: Any, set_name: Any) -> None:
    key = ("test", set_name, pk)
    client.put(key, SCALARS)
    fast, general = client.get(key), client.get(key, policy={})
    assert fast == general
    assert [type(v) for v in fast.bins.values()] == [type(v) for v in general.bins.values()]
    assert type(fast.key) is type(general.key) and type(fast.meta) is type(general.meta)
    assert fast.key == (*key, general.key.digest) and fast.key.user_key == pk
    assert fast.bins == SCALARS and fast.meta.gen == general.meta.gen
    client.remove(key)


def test_never_expiring_and_nested_records_read_alike(client: aerospike_py.Client, make_key: Any) -> None:
    from aerospike_py import hll_operations as hll

    key = make_key()
    client.put(key, {"n": 1, "m": {"a": [1, None]}}, meta={"ttl": -1})
    client.operate(key, [hll.hll_add("h", ["x", "y"], 8)])
    fast, general = client.get(key), client.get(key, policy={})
    assert fast == general and fast.meta.ttl == general.meta.ttl == 4294967295
    assert type(fast.bins["h"]) is type(general.bins["h"]) and fast.bins["m"] == {"a": [1, None]}


def test_close_while_threads_read(config: dict[str, Any], make_key: Any) -> None:
    """A close racing with fast-path commands waits for those running; later ones are refused."""
    import threading

    other = aerospike_py.client(config).connect()
    key = make_key()
    other.put(key, {"a": 1})
    outcomes: list[Any] = []
    started = threading.Barrier(5)

    def work() -> None:
        started.wait()
        while True:
            try:
                other.get(key)
            except exc.ClientError as e:
                outcomes.append(e)
                return
            except BaseException as e:  # noqa: BLE001 - reported below
                outcomes.append(e)
                return

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    other.close()
    for t in threads:
        t.join(10)
    assert len(outcomes) == 4 and all(type(e) is exc.ClientError and "not connected" in e.msg for e in outcomes)
