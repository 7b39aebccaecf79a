"""Async batch and query commands, under asyncio and trio."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py import predicates as p
from aerospike_py.types import Record

pytestmark = pytest.mark.anyio

NS = "test"
COUNT = 60


def _set() -> str:
    return "a" + uuid.uuid4().hex[:12]


async def _fill(client: aerospike_py.AsyncClient, set_name: str, count: int = COUNT) -> list[tuple]:
    keys = [(NS, set_name, i) for i in range(count)]
    result = await client.batch_write([(k, {"n": i, "s": f"s{i % 3}"}) for i, k in enumerate(keys)])
    assert all(r.result == 0 for r in result.batch_records)
    return keys


async def test_batch_commands(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = await _fill(client, _set(), 20)
        missing = (NS, keys[0][1], "missing")
        read = await client.batch_read(keys + [missing], bins=["n"])
        assert read.to_list() == [{"n": i} for i in range(20)] + [None]
        assert read.batch_records[-1].result == 2
        ops = [{"op": aerospike_py.OPERATOR_INCR, "bin": "n", "val": 100},
               {"op": aerospike_py.OPERATOR_READ, "bin": "n"}]
        operated = await client.batch_operate(keys[:3], ops)
        assert [r.record.bins["n"] for r in operated.batch_records] == [100, 101, 102]  # type: ignore[union-attr]
        removed = await client.batch_remove([keys[0], (keys[1], {"gen": 42})])
        assert [r.result for r in removed.batch_records] == [0, 3]
        assert (await client.batch_read(keys[:2])).to_list() == [None, {"n": 101, "s": "s1"}]
        with pytest.raises(exc.InvalidArgError, match="key 1"):
            await client.batch_read([keys[0], ("test",)])


async def test_concurrent_batches_get_their_own_results(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = await _fill(client, _set(), 50)
        results: dict[int, list[Any]] = {}

        async def read(start: int) -> None:
            chunk = keys[start:start + 10]
            results[start] = (await client.batch_read(chunk)).to_list()

        async with anyio.create_task_group() as tg:
            for start in range(0, 40):
                tg.start_soon(read, start)
        for start, rows in results.items():
            assert [row["n"] for row in rows] == list(range(start, min(start + 10, 50)))


async def test_cancellation_in_the_middle_of_a_batch(proxy: Any) -> None:
    config = {"hosts": [("127.0.0.1", proxy.port)]}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = await _fill(client, _set(), 200)
        completions = client._completions
        assert completions is not None
        proxy.frozen.set()
        try:
            with anyio.move_on_after(0.2) as scope:
                await client.batch_read(keys, policy={"total_timeout": 3000, "socket_timeout": 3000})
            assert scope.cancelled_caught
            assert completions.in_flight == 1  # the C batch still owns its request
        finally:
            proxy.frozen.clear()
        with anyio.fail_after(10):
            await completions.wait_idle()
        assert completions.in_flight == 0
        assert (await client.batch_read(keys[:3])).to_list() == [{"n": i, "s": f"s{i % 3}"} for i in range(3)]


async def test_query_results_foreach_and_async_for(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name)
        query = client.query(NS, set_name)
        records = await query.results()
        assert sorted(r.bins["n"] for r in records) == list(range(COUNT))
        assert all(isinstance(r, Record) and len(r.key.digest) == 20 for r in records)
        streamed = [r.bins["n"] async for r in query]
        assert sorted(streamed) == list(range(COUNT))
        seen: list[Record] = []
        await query.foreach(lambda r: seen.append(r) or len(seen) < 4)
        assert len(seen) == 4
        selected = client.query(NS, set_name)
        selected.select("s")
        assert all(set(r.bins) == {"s"} for r in await selected.results())


async def test_query_with_an_index(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name)
        index = f"{set_name}_n"
        await client.index_integer_create(NS, set_name, "n", index)
        try:
            query = client.query(NS, set_name)
            query.where(p.between("n", 5, 9))
            assert sorted(r.bins["n"] for r in await query.results()) == [5, 6, 7, 8, 9]
            missing = client.query(NS, set_name)
            missing.where(p.equals("unindexed", "x"))
            with pytest.raises(exc.AerospikeError) as info:
                await missing.results()
            assert info.value.code == 201
        finally:
            await client.index_remove(NS, index)


async def test_leaving_a_query_early_releases_it(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name, 300)
        completions = client._completions
        assert completions is not None
        for _ in range(5):
            async for record in client.query(NS, set_name):
                break
        with anyio.fail_after(10):
            await completions.wait_idle()
        assert completions.in_flight == 0
        assert len(await client.query(NS, set_name).results()) == 300


async def test_cancelling_a_query_midway(proxy: Any) -> None:
    config = {"hosts": [("127.0.0.1", proxy.port)]}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name, 100)
        completions = client._completions
        assert completions is not None
        proxy.frozen.set()
        try:
            with anyio.move_on_after(0.2) as scope:
                await client.query(NS, set_name).results({"total_timeout": 3000, "socket_timeout": 3000})
            assert scope.cancelled_caught
        finally:
            proxy.frozen.clear()
        with anyio.fail_after(10):
            await completions.wait_idle()
        assert len(await client.query(NS, set_name).results()) == 100


async def test_query_on_a_server_that_stops_answering_times_out(proxy: Any) -> None:
    config = {"hosts": [("127.0.0.1", proxy.port)]}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name, 10)
        proxy.frozen.set()
        try:
            with anyio.fail_after(10):
                with pytest.raises(exc.AerospikeError) as info:
                    await client.query(NS, set_name).results(
                        {"total_timeout": 300, "socket_timeout": 200, "max_retries": 0})
            assert info.value.code == 9  # AEROSPIKE_ERR_TIMEOUT
        finally:
            proxy.frozen.clear()


async def test_close_waits_for_an_abandoned_query(config: dict[str, Any]) -> None:
    client = aerospike_py.AsyncClient(config)
    await client.connect()
    set_name = _set()
    await _fill(client, set_name, 200)
    records = client.query(NS, set_name).records()
    first = await records.__anext__()
    assert isinstance(first, Record)
    await client.close()  # cancels the open stream and waits until C has let go of it
    assert not client.is_connected()
    received = 1
    try:
        async for _ in records:  # what was already received, then the closed client
            received += 1
    except exc.ClientError:
        assert received < 200  # cut off by close()
    else:
        assert received == 200  # the query had finished before close()
    with pytest.raises(exc.ClientError):
        await client.query(NS, set_name).results()


async def test_truncate(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await _fill(client, set_name, 10)
        # Truncate removes records updated strictly before its cut-off, in whole
        # milliseconds: one written in the truncate's own millisecond survives.
        await anyio.sleep(0.003)
        await client.truncate(NS, set_name)
        assert await client.query(NS, set_name).results() == []


async def test_async_index_kinds(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        set_name = _set()
        await client.put((NS, set_name, 1), {"s": "x", "tags": ["a", "b"],
                                             "loc": aerospike_py.GeoJSON({"type": "Point", "coordinates": [1, 2]})})
        names = [f"{set_name}_{n}" for n in ("s", "t", "g")]
        await client.index_string_create(NS, set_name, "s", names[0])
        await client.index_create(NS, set_name, "tags", names[1], aerospike_py.INDEX_STRING,
                                  aerospike_py.INDEX_TYPE_LIST)
        await client.index_geo2dsphere_create(NS, set_name, "loc", names[2])
        try:
            for predicate in (p.equals("s", "x"), p.contains("tags", aerospike_py.INDEX_TYPE_LIST, "b"),
                              p.geo_within_radius("loc", 2.0, 1.0, 100.0)):
                query = client.query(NS, set_name)
                query.where(predicate)
                assert [r.bins["s"] for r in await query.results()] == ["x"]
        finally:
            for name in names:
                await client.index_remove(NS, name)
