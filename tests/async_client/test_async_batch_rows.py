"""AsyncClient's plain batch read builds its rows from the kept C records, like the sync client's."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
import pytest

import aerospike_py

pytestmark = pytest.mark.anyio


async def test_plain_batch_read_matches_named_bins(config: dict[str, Any]) -> None:
    set_name = "abr" + uuid.uuid4().hex[:8]
    keys = [("test", set_name, i) for i in range(30)] + [("test", set_name, "missing")]
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for i in range(30):
            bins: dict[str, Any] = {"i": i, "s": f"v{i}", "f": i / 2}
            if i % 10 == 3:
                bins["l"] = [i, {"k": "v"}]
            await client.put(keys[i], bins)
        plain, named = await client.batch_read(keys), await client.batch_read(keys, bins=["i", "s", "f", "l"])
        assert plain.to_list() == named.to_list() and plain.to_list()[3]["l"] == [3, {"k": "v"}]
        assert plain.to_dict() == named.to_dict() and len(plain) == 30 and plain.found_count() == 30
        assert [(r.key, r.result, r.record) for r in plain.batch_records] == \
            [(r.key, r.result, r.record) for r in named.batch_records]
        # Concurrent batches each keep their own records.
        results: list[Any] = [None] * 8

        async def read(n: int) -> None:
            results[n] = await client.batch_read(keys[n:n + 5])

        async with anyio.create_task_group() as tg:
            for n in range(8):
                tg.start_soon(read, n)
        assert [r.to_list() for r in results] == [plain.to_list()[n:n + 5] for n in range(8)]
