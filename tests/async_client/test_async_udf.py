"""Record UDFs, batch UDFs, UDF modules and background jobs with AsyncClient, under asyncio and trio."""

from __future__ import annotations

import pathlib
import uuid
from typing import Any

import anyio
import pytest

import aerospike_py
from aerospike_py import exception as exc

pytestmark = pytest.mark.anyio

NS = "test"


def _key() -> tuple:
    return (NS, "audf", uuid.uuid4().hex)


async def test_apply_round_trips(config: dict[str, Any], udf_module: str) -> None:
    values = [7, 2.5, "s", b"b", [1, [None, "x"]], {"k": {"n": 1}}, None, True,
              aerospike_py.GeoJSON({"type": "Point", "coordinates": [1.5, 2.5]})]
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = _key()
        await client.put(key, {"a": 1})
        for value in values:
            result = await client.apply(key, udf_module, "echo", [value])
            assert result == value and type(result) is type(value)
        # Many at once on the event loop.
        keys = [_key() for _ in range(20)]
        results: list[Any] = [None] * 20

        async def one(i: int) -> None:
            results[i] = await client.apply(keys[i], udf_module, "incr", ["n", i])

        async with anyio.create_task_group() as tg:
            for i in range(20):
                tg.start_soon(one, i)
        assert results == list(range(20))
        assert (await client.batch_read(keys)).to_list() == [{"n": i} for i in range(20)]


async def test_apply_errors(config: dict[str, Any], udf_module: str) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        key = _key()
        await client.put(key, {"x": 1})
        with pytest.raises(exc.UDFError) as info:
            await client.apply(key, udf_module, "fail", ["async failure"])
        assert info.value.code == 100 and "async failure" in info.value.msg
        with pytest.raises(exc.UDFError):
            await client.apply(key, udf_module, "no_such_function")
        with pytest.raises(exc.InvalidArgError):
            await client.apply(key, udf_module, "")
        assert (await client.get(key)).bins == {"x": 1}


async def test_batch_apply(config: dict[str, Any], udf_module: str) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        keys = [_key() for _ in range(3)]
        result = await client.batch_apply(
            [keys[0], (keys[1], {"args": ["n", 3]}), (keys[2], {"function": "fail", "args": ["nope"]})],
            udf_module, "incr", ["n", 1])
        records = result.batch_records
        assert [r.result for r in records] == [0, 0, 100]
        assert records[0].record.bins == {"SUCCESS": 1}
        assert records[1].record.bins == {"SUCCESS": 3}
        assert "nope" in records[2].record.bins["FAILURE"]
        assert (await client.batch_read(keys)).to_list() == [{"n": 1}, {"n": 3}, None]


async def test_modules_and_background_job(config: dict[str, Any], tmp_path: pathlib.Path) -> None:
    name = "aspy_a" + uuid.uuid4().hex[:8]
    path = tmp_path / f"{name}.lua"
    source = ("function mark(rec, v)\n  rec['m'] = v\n  aerospike:update(rec)\nend\n"
              "function get(rec)\n  return rec['m']\nend\n")
    path.write_text(source)
    set_name = "a" + uuid.uuid4().hex[:10]
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        await client.udf_put(str(path))
        try:
            assert f"{name}.lua" in {m["name"] for m in await client.udf_list()}
            assert await client.udf_get(name) == source
            keys = [(NS, set_name, i) for i in range(10)]
            await client.batch_write([(k, {"n": i}) for i, k in enumerate(keys)])
            query = client.query(NS, set_name)
            query.apply(name, "mark", ["bg"])
            job_id = await query.execute_background()
            with anyio.fail_after(20):
                while (await client.job_info(job_id, aerospike_py.JOB_QUERY))["status"] \
                        != aerospike_py.JOB_STATUS_COMPLETED:
                    await anyio.sleep(0.05)
            assert [r["m"] for r in (await client.batch_read(keys)).to_list()] == ["bg"] * 10
            assert await client.apply(keys[0], name, "get") == "bg"
        finally:
            await client.udf_remove(name)
        assert f"{name}.lua" not in {m["name"] for m in await client.udf_list()}
