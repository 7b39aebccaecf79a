"""Secondary indexes on values nested in lists and maps (``ctx=``), and
queries whose predicates name the same context."""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as C
from aerospike_py import exception as exc
from aerospike_py import predicates as p

NS = "test"
COUNT = 30


def test_index_and_query_on_nested_values(client: aerospike_py.Client, set_name: str) -> None:
    client.batch_write([
        ((NS, set_name, i), {"n": i, "doc": {"age": i, "name": f"u{i % 3}", "tags": [f"t{i % 2}"]}})
        for i in range(COUNT)
    ])
    names = [f"{set_name}_age", f"{set_name}_name", f"{set_name}_tags"]
    age, name, tags = [C.cdt_ctx_map_key("age")], [C.cdt_ctx_map_key("name")], [C.cdt_ctx_map_key("tags")]
    client.index_create(NS, set_name, "doc", names[0], aerospike_py.INDEX_NUMERIC, ctx=age)
    client.index_create(NS, set_name, "doc", names[1], aerospike_py.INDEX_STRING, ctx=name)
    client.index_create(NS, set_name, "doc", names[2], aerospike_py.INDEX_STRING, aerospike_py.INDEX_TYPE_LIST,
                        ctx=tags)
    try:
        query = client.query(NS, set_name)
        query.where(p.between("doc", 10, 14, ctx=age))
        assert sorted(r.bins["n"] for r in query.results()) == [10, 11, 12, 13, 14]
        query = client.query(NS, set_name)
        query.where(p.equals("doc", "u2", ctx=name))
        assert sorted(r.bins["n"] for r in query.results()) == [i for i in range(COUNT) if i % 3 == 2]
        query = client.query(NS, set_name)
        query.where(p.contains("doc", aerospike_py.INDEX_TYPE_LIST, "t1", ctx=tags))
        assert sorted(r.bins["n"] for r in query.results()) == [i for i in range(COUNT) if i % 2]
    finally:
        for index_name in names:
            client.index_remove(NS, index_name)


async def _async_query(config: dict[str, Any], set_name: str) -> list[int]:
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        ctx = [C.cdt_ctx_list_index(0)]
        await aclient.index_create(NS, set_name, "l", f"{set_name}_l0", aerospike_py.INDEX_NUMERIC, ctx=ctx)
        try:
            query = aclient.query(NS, set_name)
            query.where(p.equals("l", 3, ctx=ctx))
            return sorted([r.bins["n"] async for r in query])
        finally:
            await aclient.index_remove(NS, f"{set_name}_l0")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
async def test_async_index_with_ctx(config: dict[str, Any], client: aerospike_py.Client, set_name: str,
                                    anyio_backend: str) -> None:
    client.batch_write([((NS, set_name, i), {"n": i, "l": [i % 5, 100]}) for i in range(20)])
    assert await _async_query(config, set_name) == [3, 8, 13, 18]


@pytest.mark.parametrize("ctx", [["x"], [("a", 1)], C.cdt_ctx_map_key("a"), [C.CDTContext(0x20, "x")]])
def test_bad_ctx_is_refused(client: aerospike_py.Client, set_name: str, ctx: Any) -> None:
    with pytest.raises(exc.InvalidArgError, match="ctx"):
        client.index_create(NS, set_name, "doc", f"{set_name}_bad", aerospike_py.INDEX_NUMERIC, ctx=ctx)
    query = client.query(NS, set_name)
    with pytest.raises(exc.InvalidArgError, match="ctx"):
        query.where(p.equals("doc", 1, ctx=ctx))
