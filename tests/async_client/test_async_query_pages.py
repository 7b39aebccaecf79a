"""Query pagination with AsyncClient, under asyncio and trio."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import aerospike_py

pytestmark = pytest.mark.anyio

NS = "test"


async def test_async_pages_and_cursor(config: dict[str, Any]) -> None:
    set_name = "p" + uuid.uuid4().hex[:10]
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        await client.batch_write([((NS, set_name, i), {"n": i}) for i in range(33)])
        query = client.query(NS, set_name)
        query.paginate()
        first = [r.bins["n"] for r in await query.results({"max_records": 10})]
        assert first and not query.is_done()
        resumed = client.query(NS, set_name)
        resumed.set_cursor(query.get_cursor())
        rest: list[int] = []
        for _ in range(30):
            if resumed.is_done():
                break
            async for record in resumed.records({"max_records": 10}):
                rest.append(record.bins["n"])
        assert resumed.is_done()
        assert sorted(first + rest) == list(range(33))
