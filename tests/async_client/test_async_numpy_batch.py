"""to_numpy and batch_write_numpy with AsyncClient, under asyncio and trio."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import aerospike_py

np = pytest.importorskip("numpy")
pytestmark = pytest.mark.anyio


async def test_numpy_round_trip(config: dict[str, Any]) -> None:
    set_name = "anp" + uuid.uuid4().hex[:8]
    dtype = np.dtype([("_key", "i8"), ("score", "f8"), ("count", "i4"), ("tag", "S3")])
    data = np.array([(i, i / 4, i * 10, b"t%d" % i) for i in range(50)], dtype=dtype)
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        written = await client.batch_write_numpy(data, "test", set_name, dtype)
        assert [r.result for r in written.batch_records] == [0] * 50
        keys = [("test", set_name, i) for i in range(51)]  # the last one is missing
        lazy = await client.batch_read(keys)
        got = lazy.to_numpy(np.dtype([("score", "f8"), ("count", "i4"), ("tag", "S3")]))
        assert got.result_codes.tolist() == [0] * 50 + [2]
        assert got.batch_records["score"][:50].tolist() == data["score"].tolist()
        assert got.batch_records["count"][:50].tolist() == data["count"].tolist()
        assert got.batch_records["tag"][:50].tolist() == data["tag"].tolist()
        assert got.get(7)["count"] == 70 and 50 in got and got.get(50)["count"] == 0
        assert (got.meta["gen"] == np.array([1] * 50 + [0])).all()
