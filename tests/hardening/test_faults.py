"""Faults under load: nodes that stop, hang, answer slowly, drop a connection or send garbage."""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator

import anyio
import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import FaultProxy, TestServer

from _hardening import needs_own_server

pytestmark = needs_own_server

TEND_MS = 250
TEND = TEND_MS / 1000
# What a command may raise while a node is gone: the connection failed, or it timed out.
NODE_GONE = (exc.ClusterError, exc.AerospikeTimeoutError)
WRITE = {"total_timeout": 300, "max_retries": 0}  # errors surface instead of being retried away


def _wait_nodes(client: Any, count: int, limit: float) -> float:
    """Seconds until the client sees ``count`` nodes (fails after ``limit``)."""
    start = time.monotonic()
    while len(client.get_node_names()) != count:
        assert time.monotonic() - start < limit, f"client still sees {client.get_node_names()}"
        time.sleep(0.005)
    return time.monotonic() - start


class _Load:
    """Writers that record every acknowledged write and every error, with when it happened."""

    def __init__(self) -> None:
        self.acked: dict[tuple, int] = {}
        self.errors: list[BaseException] = []
        self.acked_at: list[float] = []
        self.stop = threading.Event()

    def record(self, key: tuple, value: int) -> None:
        self.acked[key] = value
        self.acked_at.append(time.monotonic())

    def acked_between(self, start: float, end: float) -> int:
        return sum(1 for t in self.acked_at if start <= t <= end)


@pytest.fixture
def cluster() -> Iterator[TestServer]:
    with TestServer(nodes=3) as srv:
        yield srv


def test_node_stopped_and_restarted_under_sync_load(cluster: TestServer) -> None:
    cfg = {**cluster.config, "tend_interval": TEND_MS}
    load = _Load()
    with aerospike_py.client(cfg).connect() as c:
        def writer(w: int) -> None:
            i = 0
            while not load.stop.is_set():
                key = ("test", "failover", f"s{w}-{i}")
                try:
                    c.put(key, {"v": i}, policy=WRITE)
                    load.record(key, i)
                except aerospike_py.AerospikeError as e:
                    load.errors.append(e)
                i += 1

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.2)
            node = cluster.nodes[1]
            node.stop()
            # The tender notices within a couple of intervals; commands then go to the others.
            _wait_nodes(c, 2, 4 * TEND + 1)
            removed = time.monotonic()
            time.sleep(0.4)
            assert load.acked_between(removed, time.monotonic()) > 0, "no write succeeded on the remaining nodes"
            node.start()
            back = _wait_nodes(c, 3, 2 * TEND + 0.5)
            assert back <= 2 * TEND + 0.25, f"node rejoined after {back:.3f} s"
            time.sleep(0.2)
        finally:
            load.stop.set()
            for t in threads:
                t.join()
        assert load.errors, "stopping a node under load produced no error at all"
        assert all(isinstance(e, NODE_GONE) for e in load.errors), {type(e) for e in load.errors}
        # No acknowledged write is lost.
        keys = list(load.acked)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            got = c.batch_read(chunk).batch_records
            assert [r.record.bins["v"] if r.record else None for r in got] == [load.acked[k] for k in chunk]


@pytest.mark.anyio
async def test_node_stopped_and_restarted_under_async_load(cluster: TestServer) -> None:
    cfg = {**cluster.config, "tend_interval": TEND_MS}
    load = _Load()
    async with aerospike_py.async_client(cfg) as c:
        await c.connect()

        async def writer(w: int) -> None:
            i = 0
            while not load.stop.is_set():
                key = ("test", "failover", f"a{w}-{i}")
                try:
                    await c.put(key, {"v": i}, policy=WRITE)
                    load.record(key, i)
                except aerospike_py.AerospikeError as e:
                    load.errors.append(e)
                    await anyio.sleep(0.001)
                i += 1

        async with anyio.create_task_group() as tg:
            for w in range(8):
                tg.start_soon(writer, w)
            await anyio.sleep(0.2)
            node = cluster.nodes[2]
            node.stop()
            start = time.monotonic()
            while len(c.get_node_names()) != 2:
                assert time.monotonic() - start < 4 * TEND + 1
                await anyio.sleep(0.005)
            removed = time.monotonic()
            await anyio.sleep(0.4)
            assert load.acked_between(removed, time.monotonic()) > 0
            node.start()
            start = time.monotonic()
            while len(c.get_node_names()) != 3:
                assert time.monotonic() - start < 2 * TEND + 0.5
                await anyio.sleep(0.005)
            assert time.monotonic() - start <= 2 * TEND + 0.25
            await anyio.sleep(0.2)
            load.stop.set()
        assert all(isinstance(e, NODE_GONE) for e in load.errors), {type(e) for e in load.errors}
        for key, value in load.acked.items():
            assert (await c.get(key)).bins == {"v": value}


# --- one node behind a proxy that misbehaves on demand ---------------------------------


@pytest.fixture
def proxied() -> Iterator[tuple[TestServer, FaultProxy]]:
    with TestServer() as srv, FaultProxy(srv.hosts[0]) as px:
        yield srv, px


KEY = ("test", "faults", "k")
HANG = {"socket_timeout": 200, "total_timeout": 1000, "max_retries": 2, "sleep_between_retries": 0}


def _config(px: FaultProxy) -> dict[str, Any]:
    return {**px.config, "tend_interval": TEND_MS}


def test_hung_node_timeouts_retries_and_in_doubt(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    with aerospike_py.client(_config(px)).connect() as c:
        c.put(KEY, {"a": 1})
        px.frozen.set()
        try:
            before, start = px.requests, time.monotonic()
            with pytest.raises(exc.AerospikeTimeoutError) as info:
                c.put(KEY, {"a": 2}, policy=HANG)
            elapsed = time.monotonic() - start
            # Three tries of 200 ms each; the total timeout (1 s) is not reached.
            assert 0.6 - 0.05 <= elapsed <= 0.6 + TEND
            assert px.requests - before == 3
            assert info.value.in_doubt is True  # sent, never answered: it may have been applied

            before, start = px.requests, time.monotonic()
            with pytest.raises(exc.AerospikeTimeoutError) as info:
                c.get(KEY, policy={"socket_timeout": 0, "total_timeout": 500, "max_retries": 3})
            assert 0.5 - 0.05 <= time.monotonic() - start <= 0.5 + TEND
            assert info.value.in_doubt is False  # a read is never in doubt
            assert px.requests - before == 1  # the total timeout ended the first try
        finally:
            px.frozen.clear()
        assert c.get(KEY).bins in ({"a": 1}, {"a": 2})


@pytest.mark.anyio
async def test_async_hung_node_timeouts_retries_and_in_doubt(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    async with aerospike_py.async_client(_config(px)) as c:
        await c.connect()
        await c.put(KEY, {"a": 1})
        px.frozen.set()
        try:
            before, start = px.requests, time.monotonic()
            with pytest.raises(exc.AerospikeTimeoutError) as info:
                await c.put(KEY, {"a": 2}, policy=HANG)
            assert 0.6 - 0.05 <= time.monotonic() - start <= 0.6 + TEND
            assert px.requests - before == 3
            assert info.value.in_doubt is True
            with pytest.raises(exc.AerospikeTimeoutError) as info:
                await c.get(KEY, policy={"socket_timeout": 100, "total_timeout": 300, "max_retries": 5})
            assert info.value.in_doubt is False
        finally:
            px.frozen.clear()
        assert (await c.get(KEY)).bins in ({"a": 1}, {"a": 2})


def test_slow_response_times_out_that_command_only(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    with aerospike_py.client(_config(px)).connect() as c:
        c.put(KEY, {"a": 1})
        px.delay = 0.3
        try:
            with pytest.raises(exc.AerospikeTimeoutError) as info:
                c.get(KEY, policy={"socket_timeout": 100, "total_timeout": 200, "max_retries": 0})
            assert info.value.in_doubt is False
            # A patient command on the same slow node succeeds.
            assert c.get(KEY, policy={"total_timeout": 2000}).bins == {"a": 1}
        finally:
            px.delay = 0.0
        assert c.get(KEY).bins == {"a": 1}


@pytest.mark.anyio
async def test_async_slow_responses_time_out_only_the_impatient(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    async with aerospike_py.async_client(_config(px)) as c:
        await c.connect()
        await c.put(KEY, {"a": 1})
        px.delay = 0.3
        outcomes: list[Any] = [None] * 6

        async def get(i: int, timeout: int) -> None:
            try:
                outcomes[i] = (await c.get(KEY, policy={"total_timeout": timeout, "max_retries": 0})).bins
            except aerospike_py.AerospikeError as e:
                outcomes[i] = e

        try:
            async with anyio.create_task_group() as tg:
                for i in range(6):
                    tg.start_soon(get, i, 150 if i % 2 else 3000)
        finally:
            px.delay = 0.0
        for i, outcome in enumerate(outcomes):
            if i % 2:
                assert isinstance(outcome, exc.AerospikeTimeoutError) and not outcome.in_doubt
            else:
                assert outcome == {"a": 1}
        assert (await c.get(KEY)).bins == {"a": 1}


@pytest.mark.parametrize("write", [False, True], ids=["read", "write"])
def test_connection_reset_mid_response(proxied: tuple[TestServer, FaultProxy], write: bool) -> None:
    _, px = proxied
    with aerospike_py.client(_config(px)).connect() as c:
        c.put(KEY, {"a": 1})
        px.inject("reset")
        with pytest.raises(exc.ClusterError) as info:
            if write:
                c.put(KEY, {"a": 2}, policy={"max_retries": 0})
            else:
                c.get(KEY, policy={"max_retries": 0})
        assert "Socket read error" in info.value.msg
        assert info.value.in_doubt is write  # the write reached the node: it may be applied
        assert px.pending == 0
        # Nothing else is affected: the next commands run on fresh connections.
        for _ in range(5):
            assert c.get(KEY).bins == ({"a": 2} if write else {"a": 1})


def test_reset_is_retried_when_retries_allow(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    with aerospike_py.client(_config(px)).connect() as c:
        c.put(KEY, {"a": 1})
        px.inject("reset")
        assert c.get(KEY, policy={"max_retries": 2, "sleep_between_retries": 0}).bins == {"a": 1}
        assert px.pending == 0


def test_malformed_response_is_a_clear_error_and_the_connection_is_dropped(
        proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    with aerospike_py.client(_config(px)).connect() as c:
        c.put(KEY, {"a": 1})
        px.inject("corrupt")
        with pytest.raises(exc.ClientError, match="Invalid proto version: 9"):
            c.get(KEY, policy={"max_retries": 0})
        assert px.faulted_connections_closed_by_client(), "the client kept a connection it cannot read"
        assert c.get(KEY).bins == {"a": 1}


@pytest.mark.anyio
@pytest.mark.parametrize("fault", ["reset", "corrupt"])
async def test_async_faulty_response_fails_one_command_only(
        proxied: tuple[TestServer, FaultProxy], fault: str) -> None:
    _, px = proxied
    async with aerospike_py.async_client(_config(px)) as c:
        await c.connect()
        await c.put(KEY, {"a": 1})
        px.inject(fault)
        with pytest.raises(exc.AerospikeError) as info:
            await c.get(KEY, policy={"max_retries": 0})
        assert isinstance(info.value, exc.ClusterError if fault == "reset" else exc.ClientError)
        assert info.value.in_doubt is False
        assert px.faulted_connections_closed_by_client()
        results = [(await c.get(KEY)).bins for _ in range(5)]
        assert results == [{"a": 1}] * 5


# --- max_error_rate / error_rate_window: the circuit breaker ------------------------------

BREAKER = {"tend_interval": 1000, "max_error_rate": 4, "error_rate_window": 2}


def _breaker_codes(px: FaultProxy, attempt: Any) -> list[int]:
    """Codes of commands each hit by a connection reset, until the node is backed off (-14)."""
    codes: list[int] = []
    for _ in range(40):
        px.inject("reset")
        before = px.requests
        code = attempt()
        codes.append(code)
        if code == -14:
            assert px.requests == before, "a backed-off node must not be sent the command"
            px.clear_faults()
            return codes
    raise AssertionError(f"never backed off: {codes}")


def test_node_backed_off_after_max_error_rate(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    with aerospike_py.client({**px.config, **BREAKER}).connect() as c:
        c.put(KEY, {"a": 1})

        def attempt() -> int:
            with pytest.raises(exc.ClusterError) as info:
                c.get(KEY, policy={"max_retries": 0})
            if info.value.code == -14:
                assert info.value.msg == "Max error rate exceeded"
            return info.value.code

        codes = _breaker_codes(px, attempt)
        # More than max_error_rate (4) connection errors, then the documented error.
        assert len(codes) >= 5 and set(codes[:-1]) == {-10}, codes
        # The window (2 tend intervals) ends and the node is used again.
        start = time.monotonic()
        while True:
            try:
                assert c.get(KEY, policy={"max_retries": 0}).bins == {"a": 1}
                break
            except exc.ClusterError as e:
                assert e.code == -14
                assert time.monotonic() - start < 2 * 1.0 + 1.0, "still backed off after the window"
                time.sleep(0.02)


@pytest.mark.anyio
async def test_async_node_backed_off_after_max_error_rate(proxied: tuple[TestServer, FaultProxy]) -> None:
    _, px = proxied
    async with aerospike_py.async_client({**px.config, **BREAKER}) as c:
        await c.connect()
        await c.put(KEY, {"a": 1})
        codes: list[int] = []
        for _ in range(40):
            px.inject("reset")
            before = px.requests
            with pytest.raises(exc.ClusterError) as info:
                await c.get(KEY, policy={"max_retries": 0})
            codes.append(info.value.code)
            if info.value.code == -14:
                assert px.requests == before and info.value.msg == "Max error rate exceeded"
                px.clear_faults()
                break
        assert codes[-1] == -14 and len(codes) >= 5 and -14 not in codes[:-1], codes
        start = time.monotonic()
        while True:
            try:
                assert (await c.get(KEY, policy={"max_retries": 0})).bins == {"a": 1}
                break
            except exc.ClusterError as e:
                assert e.code == -14 and time.monotonic() - start < 3.0
                await anyio.sleep(0.02)
