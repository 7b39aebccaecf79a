"""The async client's key-value commands, under asyncio and trio."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

import aerospike_py
from aerospike_py import exception as exc

# A never-expiring record reads back as 4294967295 (TTL_NEVER_EXPIRE, -1, is what one writes).
NEVER_EXPIRES_READ = 4294967295

pytestmark = pytest.mark.anyio


async def test_connect_close_and_context_manager(config: dict[str, Any]) -> None:
    client = aerospike_py.AsyncClient(config)
    assert not client.is_connected()
    assert await client.connect() is client
    assert client.is_connected()
    assert await client.ping()
    assert client.get_node_names()
    await client.close()
    await client.close()
    assert not client.is_connected()
    assert not await client.ping()
    async with aerospike_py.async_client(config) as c:
        await c.connect()
        assert c.is_connected()
    assert not c.is_connected()


async def test_commands_before_connect_raise(config: dict[str, Any], make_key: Any) -> None:
    client = aerospike_py.AsyncClient(config)
    with pytest.raises(exc.ClientError, match=r"Client is not connected\. Call connect\(\) first\."):
        await client.get(make_key())
    with pytest.raises(exc.ClientError):
        await client.batch_read([make_key()])
    await client.connect()
    await client.close()
    with pytest.raises(exc.ClientError):
        await client.put(make_key(), {"a": 1})


async def test_bad_config_is_rejected_at_construction() -> None:
    with pytest.raises(exc.InvalidArgError, match="max_concurrent_operation"):
        aerospike_py.AsyncClient({"hosts": [("127.0.0.1", 3000)], "max_concurrent_operation": 4})


async def test_put_get_select_exists_remove(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        bins = {"i": 7, "s": "héllo", "f": 2.5, "b": b"\x00\xff", "l": [1, "a", [2.0]], "m": {"k": {1: "v"}}, "t": True}
        await client.put(key, bins, meta={"ttl": aerospike_py.TTL_NEVER_EXPIRE})
        record = await client.get(key)
        assert record.bins == bins
        assert record.meta.gen == 1
        assert record.meta.ttl == NEVER_EXPIRES_READ
        assert record.key.namespace == key[0] and record.key.user_key == key[2]
        assert len(record.key.digest) == 20
        assert (await client.select(key, ["i", "s"])).bins == {"i": 7, "s": "héllo"}
        found = await client.exists(key)
        assert found.meta is not None and found.meta.gen == 1
        await client.remove(key)
        missing = await client.exists(key)
        assert missing.meta is None
        assert missing.key.digest == record.key.digest
        with pytest.raises(exc.RecordNotFound) as info:
            await client.get(key)
        assert info.value.code == 2 and not info.value.in_doubt
        with pytest.raises(exc.RecordNotFound):
            await client.remove(key)


async def test_modify_commands(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        await client.put(key, {"n": 1, "s": "b", "x": 1})
        await client.increment(key, "n", 41)
        await client.increment(key, "f", 0.5)
        await client.append(key, "s", "c")
        await client.prepend(key, "s", "a")
        await client.remove_bin(key, ["x"])
        await client.touch(key, 500)
        record = await client.get(key)
        assert record.bins == {"n": 42, "f": 0.5, "s": "abc"}
        assert 0 < record.meta.ttl <= 500
        result = await client.operate(
            key,
            [
                {"op": aerospike_py.OPERATOR_INCR, "bin": "n", "val": 1},
                {"op": aerospike_py.OPERATOR_READ, "bin": "n"},
            ],
        )
        assert result.bins == {"n": 43}
        ordered = await client.operate_ordered(
            key,
            [{"op": aerospike_py.OPERATOR_READ, "bin": "s"}, {"op": aerospike_py.OPERATOR_READ, "bin": "n"}],
        )
        assert [tuple(b) for b in ordered.ordered_bins] == [("s", "abc"), ("n", 43)]
        with pytest.raises(exc.BinTypeError):
            await client.increment(key, "s", 1)


async def test_policies_and_generation(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        create_only = {"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY, "total_timeout": 2000}
        await client.put(key, {"a": 1}, policy=create_only)
        with pytest.raises(exc.RecordExistsError):
            await client.put(key, {"a": 2}, policy=create_only)
        with pytest.raises(exc.RecordGenerationError):
            await client.put(key, {"a": 3}, meta={"gen": 5}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
        await client.put(key, {"a": 4}, meta={"gen": 1}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
        assert (await client.get(key, policy={"socket_timeout": 1000, "max_retries": 1})).bins == {"a": 4}
        with pytest.raises(exc.InvalidArgError, match="total_timout"):
            await client.get(key, policy={"total_timout": 5})


async def test_bad_arguments_raise_before_anything_is_sent(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        with pytest.raises(exc.InvalidArgError):
            await client.put(["test", "s", "k"], {"a": 1})
        with pytest.raises(exc.InvalidArgError, match="'big'"):
            await client.put(make_key(), {"big": 2**64})
        with pytest.raises(exc.BinNameError):
            await client.put(make_key(), {"x" * 16: 1})


async def test_many_concurrent_operations_on_one_key(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        await client.put(key, {"n": 0})
        results: list[Any] = []

        async def bump_and_read(i: int) -> None:
            # More writes than the server's transaction-pending-limit (20 by
            # default) wait on this record at once: the excess are refused with
            # KEY_BUSY (14), not applied, and retried after a pause.
            for attempt in range(100):
                try:
                    await client.increment(key, "n", 1)
                    break
                except exc.ServerError as e:
                    if e.code != 14:
                        raise
                    assert not e.in_doubt
                    await anyio.sleep(0.001 * (attempt + 1))
            else:
                pytest.fail("increment still refused with KEY_BUSY after 100 attempts")
            results.append((await client.get(key)).bins["n"])

        async with anyio.create_task_group() as tg:
            for i in range(200):
                tg.start_soon(bump_and_read, i)
        assert (await client.get(key)).bins["n"] == 200
        assert len(results) == 200 and max(results) == 200


async def test_concurrent_different_keys_return_their_own_records(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = [make_key(i) for i in range(300)]
        async with anyio.create_task_group() as tg:
            for i, key in enumerate(keys):
                tg.start_soon(client.put, key, {"i": i})
        seen: dict[int, int] = {}

        async def read(i: int) -> None:
            seen[i] = (await client.get(keys[i])).bins["i"]

        async with anyio.create_task_group() as tg:
            for i in range(len(keys)):
                tg.start_soon(read, i)
        assert seen == {i: i for i in range(len(keys))}


async def test_cancellation_mid_flight_leaks_nothing(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        await client.put(key, {"v": 1})
        completions = client._completions
        assert completions is not None
        cancelled = 0
        for _ in range(20):
            with anyio.CancelScope() as scope:
                async with anyio.create_task_group() as tg:
                    for _ in range(16):
                        tg.start_soon(client.get, key)
                    scope.cancel()
            cancelled += scope.cancelled_caught
        assert cancelled == 20
        # Late completions for the abandoned commands are dropped; the client still works.
        assert (await client.get(key)).bins == {"v": 1}
        with anyio.fail_after(5):
            await completions.wait_idle()
        assert completions.in_flight == 0


async def test_a_task_woken_by_a_burst_may_cancel_others_in_the_same_burst(
        config: dict[str, Any], make_key: Any) -> None:
    # Whichever racer finishes first cancels the other racers, which may be
    # finished in the same drain; the bystanders in that drain must still
    # get their records.
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = [make_key() for _ in range(80)]
        for i, key in enumerate(keys):
            await client.put(key, {"i": i})
        winners: list[int] = []
        seen: dict[int, int] = {}

        async def bystander(i: int) -> None:
            seen[i] = (await client.get(keys[i])).bins["i"]

        with anyio.fail_after(10):
            async with anyio.create_task_group() as bystanders:
                async with anyio.create_task_group() as race:

                    async def racer(i: int) -> None:
                        await client.get(keys[i])
                        winners.append(i)
                        race.cancel_scope.cancel()

                    for i in range(0, len(keys), 2):
                        race.start_soon(racer, i)
                        bystanders.start_soon(bystander, i + 1)
                    await anyio.sleep(0)
                    # Hold the event loop while every reply arrives: one drain then finishes them all.
                    time.sleep(0.3)
        assert len(winners) >= 1
        assert seen == {i: i for i in range(1, len(keys), 2)}
        assert (await client.get(keys[0])).bins == {"i": 0}


async def test_close_waits_for_operations_in_flight(config: dict[str, Any], make_key: Any) -> None:
    client = aerospike_py.AsyncClient(config)
    await client.connect()
    keys = [make_key() for _ in range(100)]
    done: list[int] = []

    async def put(i: int) -> None:
        await client.put(keys[i], {"i": i})
        done.append(i)

    async with anyio.create_task_group() as tg:
        for i in range(len(keys)):
            tg.start_soon(put, i)
        await anyio.sleep(0)
        tg.start_soon(client.close)
    assert sorted(done) == list(range(len(keys)))
    assert not client.is_connected()
    checker = aerospike_py.client(config).connect()
    try:
        assert all(checker.exists(k).meta is not None for k in keys)
    finally:
        checker.close()


async def test_server_that_stops_answering_times_out(proxy: Any, make_key: Any) -> None:
    config = {"hosts": [("127.0.0.1", proxy.port)]}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        await client.put(key, {"v": 1})
        proxy.frozen.set()
        policy = {"total_timeout": 300, "socket_timeout": 200, "max_retries": 0}
        with anyio.fail_after(10):
            with pytest.raises(exc.AerospikeTimeoutError):
                await client.get(key, policy=policy)
        proxy.frozen.clear()


async def test_backpressure_limits_operations_in_flight(config: dict[str, Any], make_key: Any, proxy: Any) -> None:
    limited = {"hosts": [("127.0.0.1", proxy.port)], "max_concurrent_operations": 2, "operation_queue_timeout_ms": 100}
    async with aerospike_py.AsyncClient(limited) as client:
        await client.connect()
        key = make_key()
        await client.put(key, {"v": 1})
        proxy.frozen.set()
        errors: list[BaseException] = []

        async def get() -> None:
            try:
                await client.get(key, policy={"total_timeout": 1500, "socket_timeout": 1500, "max_retries": 0})
            except exc.AerospikeError as e:
                errors.append(e)

        async with anyio.create_task_group() as tg:
            for _ in range(4):
                tg.start_soon(get)
            await anyio.sleep(0.4)
            proxy.frozen.clear()
        backpressure = [e for e in errors if isinstance(e, exc.BackpressureError)]
        assert len(backpressure) == 2
        assert all(isinstance(e, exc.ClientError) for e in backpressure)


async def test_info_commands(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        nodes = await client.info_all("build")
        assert nodes and all(n.error_code == 0 and n.response[0].isdigit() for n in nodes)
        assert "test" in (await client.info_random_node("namespaces")).split(";")


async def test_unsupported_map_keys_are_refused(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = make_key()
        with pytest.raises(exc.InvalidArgError, match=r"bin 'm': map key 1\.5 \(float\)"):
            await client.put(key, {"m": {1.5: "a", 2: "b"}})
        with pytest.raises(exc.InvalidArgError, match="map key None"):
            await client.put(key, {"m": [{None: 1}]})
        with pytest.raises(exc.RecordNotFound):
            await client.get(key)


async def test_connect_failure_names_the_seed(make_key: Any) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = aerospike_py.AsyncClient({"hosts": [("127.0.0.1", port)], "timeout": 300})
    with pytest.raises(exc.ClusterError, match=f"127.0.0.1:{port}: connection refused"):
        await client.connect()


async def test_blob_and_bytes_keys_match_the_sync_client(config: dict[str, Any], set_name: str,
                                                         client: aerospike_py.Client) -> None:
    """A bytearray key is a blob key and a bytes key a string-typed one, on every path."""
    blob = ("test", set_name, bytearray(b"k\x00"))
    text = ("test", set_name, b"k\x00")
    client.put(blob, {"kind": "blob"})
    async with aerospike_py.AsyncClient(config) as ac:
        await ac.connect()
        await ac.put(text, {"kind": "text"})
        assert (await ac.get(blob)).bins == {"kind": "blob"}
        assert (await ac.get(text)).bins == {"kind": "text"}
        assert (await ac.get(blob)).key.digest == client.get(blob).key.digest
    assert client.get(text).bins == {"kind": "text"}
    assert client.get(blob).bins == {"kind": "blob"}
