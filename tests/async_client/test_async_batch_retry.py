"""batch_write(..., retry=N) on the async client, under asyncio and trio.

Like tests/client/test_batch_retry.py: eight writes of one record in one
batch, on a server of the test's own with a pending limit of 1, have five
rows refused with KEY_BUSY (14); the retries are submitted from the event
loop, after their backoff, and write only the refused rows again.
"""

from __future__ import annotations

from typing import Iterator

import anyio
import pytest

import aerospike_py
from aerospike_py.testing import TestServer

np = pytest.importorskip("numpy")

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def busy_server() -> Iterator[TestServer]:
    with TestServer(transaction_pending_limit={"test": 1}) as srv:
        yield srv


def same_key(n: int, pk: str) -> list[tuple]:
    return [(("test", "aretry", pk), {"v": i}) for i in range(n)]


def codes(result: aerospike_py.BatchWriteResult) -> list[int]:
    return [r.result for r in result.batch_records]


async def test_retries(busy_server: TestServer) -> None:
    async with aerospike_py.AsyncClient(busy_server.config) as client:
        await client.connect()
        once = await client.batch_write(same_key(8, "zero"))
        assert codes(once) == [0, 0, 0, 14, 14, 14, 14, 14]
        assert once.retry == aerospike_py.BatchRetryInfo(1, 1, False, 0)
        result = await client.batch_write(same_key(8, "ten"), retry=10)
        assert codes(result) == [0] * 8
        assert result.retry == aerospike_py.BatchRetryInfo(3, 11, False, 0)
        assert (await client.get(("test", "aretry", "ten"))).bins == {"v": 7}
        short = await client.batch_write(same_key(8, "one"), retry=1)
        assert codes(short) == [0, 0, 0, 0, 0, 0, 14, 14]
        assert short.retry == aerospike_py.BatchRetryInfo(2, 2, False, 2)


async def test_concurrent_retries(busy_server: TestServer) -> None:
    async with aerospike_py.AsyncClient(busy_server.config) as client:
        await client.connect()
        results: dict[int, aerospike_py.BatchWriteResult] = {}

        async def one(i: int) -> None:
            results[i] = await client.batch_write(same_key(8, f"c{i}"), retry=10)

        async with anyio.create_task_group() as tg:
            for i in range(8):
                tg.start_soon(one, i)
        for i in range(8):
            assert codes(results[i]) == [0] * 8
            assert results[i].retry == aerospike_py.BatchRetryInfo(3, 11, False, 0)


async def test_total_timeout_cuts_the_retries_short(busy_server: TestServer) -> None:
    async with aerospike_py.AsyncClient(busy_server.config) as client:
        await client.connect()
        result = await client.batch_write(same_key(60, "cut"), retry=100, policy={"total_timeout": 300})
        assert result.retry.truncated_by_timeout is True
        assert 1 < result.retry.attempts < 20
        assert result.retry.unresolved == codes(result).count(14) > 0


async def test_batch_write_numpy_retries(busy_server: TestServer) -> None:
    async with aerospike_py.AsyncClient(busy_server.config) as client:
        await client.connect()
        dtype = np.dtype([("_key", "i4"), ("v", "i4")])
        data = np.array([(1, i) for i in range(8)], dtype=dtype)
        result = await client.batch_write_numpy(data, "test", "aretry_np", dtype, retry=10)
        assert codes(result) == [0] * 8
        assert result.retry == aerospike_py.BatchRetryInfo(3, 11, False, 0)
