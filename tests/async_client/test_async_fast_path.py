"""Async get/put without meta or policy are queued by the C fast path (include/aspy_fast.c).

``policy={}`` sends the same command down the general path, so each case runs
both ways and must agree in values, types and exceptions.
"""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import GeoJSON
from aerospike_py import exception as exc

pytestmark = pytest.mark.anyio

SCALARS = {"i": -(2**63), "j": 2**63 - 1, "f": -0.5, "s": "", "u": "ünï\x00code 😀",
           "b": b"", "raw": bytes(range(256)), "t": True, "no": False}
BAD_KEYS = [
    ("test",), ("test", "s", 1.5), ("test", 1, "k"), ("", "s", "k"), ("te\x00st", "s", "k"), ("test", "s", None),
    ("test", "s", 2**64), ("test", "s" * 70, "k"), ("test", "s", True), ["test", "s", "k"],
]


async def test_records_read_alike(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for pk in ("k\x00ey", 7, -(2**63), b"by\x00tes"):
            key = (make_key()[0], make_key()[1], pk)
            await client.put(key, SCALARS)
            fast, general = await client.get(key), await client.get(key, policy={})
            assert fast == general and fast.bins == SCALARS
            assert [type(v) for v in fast.bins.values()] == [type(v) for v in general.bins.values()]
            assert type(fast.key) is type(general.key) and type(fast.meta) is type(general.meta)
        key = make_key()
        big = {"big": "x" * 300_000, "geo": GeoJSON({"type": "Point", "coordinates": [1, 2]}), "n": [1, {"a": 2.5}]}
        await client.put(key, big)  # GeoJSON: the general path; the read: too big for the drain's buffer
        fast, general = await client.get(key), await client.get(key, policy={})
        assert fast == general and isinstance(fast.bins["geo"], GeoJSON) and fast.bins["big"] == big["big"]


@pytest.mark.parametrize("bad_key", BAD_KEYS)
async def test_bad_keys_fail_alike(config: dict[str, Any], bad_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for fast_call, general_call in (
            (lambda: client.get(bad_key), lambda: client.get(bad_key, policy={})),
            (lambda: client.put(bad_key, {"a": 1}), lambda: client.put(bad_key, {"a": 1}, policy={})),
        ):
            with pytest.raises(exc.AerospikeError) as fast:
                await fast_call()
            with pytest.raises(exc.AerospikeError) as general:
                await general_call()
            assert (type(fast.value), fast.value.msg) == (type(general.value), general.value.msg)


@pytest.mark.parametrize("bad_bins", [{"": 1}, {"n" * 20: 1}, {1: 1}, {"a": 2**64}, {"a": {1.5: 1}}, {"a": object()}])
async def test_bad_bins_fail_alike(config: dict[str, Any], make_key: Any, bad_bins: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        with pytest.raises(exc.AerospikeError) as fast:
            await client.put(key, bad_bins)
        with pytest.raises(exc.AerospikeError) as general:
            await client.put(key, bad_bins, policy={})
        assert (type(fast.value), fast.value.msg) == (type(general.value), general.value.msg)


async def test_missing_record_and_closed_client(config: dict[str, Any], make_key: Any) -> None:
    client = aerospike_py.AsyncClient(config)
    await client.connect()
    with pytest.raises(exc.RecordNotFound):
        await client.get(make_key())
    await client.close()
    with pytest.raises(exc.ClientError):
        await client.get(make_key())
    with pytest.raises(exc.ClientError):
        await client.put(make_key(), {"a": 1})
