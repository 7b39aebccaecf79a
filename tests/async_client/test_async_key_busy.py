"""KEY_BUSY (14) on the async client, under asyncio and trio.

Like tests/client/test_key_busy.py: a server of the test's own with a pending
limit of 1, whose requests are held back so that the writes arrive together.
"""

from __future__ import annotations

from typing import Iterator

import anyio
import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import TestServer

pytestmark = pytest.mark.anyio

WRITERS = 16


@pytest.fixture(scope="module")
def busy_server() -> Iterator[TestServer]:
    with TestServer(transaction_pending_limit=1) as srv:
        yield srv


async def contend(srv: TestServer, client: aerospike_py.AsyncClient,
                  key: tuple) -> tuple[int, list[BaseException]]:
    """WRITERS increments of one record sent together; (applied, errors)."""
    applied: list[int] = []
    errors: list[BaseException] = []

    async def write() -> None:
        try:
            await client.increment(key, "n", 1, policy={"total_timeout": 10_000})
            applied.append(1)
        except exc.AerospikeError as e:
            errors.append(e)

    async with anyio.create_task_group() as tg:
        with srv.hold():
            for _ in range(WRITERS):
                tg.start_soon(write)
            await anyio.sleep(0.5)  # every increment reaches the server and waits there
    return len(applied), errors


async def test_key_busy_surfaces_as_server_error_with_code_14(busy_server: TestServer,
                                                              anyio_backend: str) -> None:
    async with aerospike_py.AsyncClient(busy_server.config) as client:
        await client.connect()
        key = ("test", "busy", f"async-{anyio_backend}")
        await client.put(key, {"n": 0})
        for _ in range(3):  # a slow machine may spread the writes over passes
            applied, errors = await contend(busy_server, client, key)
            if errors:
                break
        assert errors, "no write was refused"
        for e in errors:
            assert type(e) is exc.ServerError
            assert e.code == 14 and e.result_code == 14
            assert e.in_doubt is False  # refused before it was applied: safe to retry
        total = (await client.get(key)).bins["n"]
        await anyio.sleep(0.01)
        await client.increment(key, "n", 1)
        assert (await client.get(key)).bins["n"] == total + 1
        assert applied >= 3
