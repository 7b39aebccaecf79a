"""Secondary indexes on the value of an expression, and queries on them (server 8.1+)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import aerospike_py
from aerospike_py import exp
from aerospike_py import predicates as p
from aerospike_py.exception import InvalidArgError

NS = "test"
SUM = exp.num_add(exp.int_bin("a"), exp.int_bin("b"))


def _name() -> str:
    return "ix" + uuid.uuid4().hex[:12]


def test_numeric_expression_index(client: aerospike_py.Client, set_name: str) -> None:
    for i in range(10):
        client.put((NS, set_name, i), {"a": i, "b": i})
    client.put((NS, set_name, "no-b"), {"a": 3})  # the sum is unknown: not indexed
    name = _name()
    client.index_expr_create(NS, set_name, aerospike_py.INDEX_TYPE_DEFAULT, aerospike_py.INDEX_NUMERIC, SUM, name)
    try:
        query = client.query(NS, set_name)
        query.where_with_exp(SUM, p.between("sum", 4, 10))
        assert sorted(r.bins["a"] for r in query.results()) == [2, 3, 4, 5]
        query = client.query(NS, set_name)
        query.where_with_exp(exp.num_add(exp.int_bin("a"), exp.int_bin("b")), p.equals("sum", 6))
        assert [r.bins for r in query.results()] == [{"a": 3, "b": 3}]
        query = client.query(NS, set_name)
        query.where_with_exp(SUM, p.between("sum", 0, 100))
        got = query.results(policy={"filter_expression": exp.gt(exp.int_bin("a"), exp.int_val(7))})
        assert sorted(r.bins["a"] for r in got) == [8, 9]
    finally:
        client.index_remove(NS, name)


def test_list_expression_index(client: aerospike_py.Client, set_name: str) -> None:
    client.put((NS, set_name, 1), {"tags": ["red", "blue"], "on": True})
    client.put((NS, set_name, 2), {"tags": ["green"], "on": True})
    client.put((NS, set_name, 3), {"tags": ["red"], "on": False})
    live_tags = exp.cond(exp.bool_bin("on"), exp.list_bin("tags"), exp.list_val([]))
    name = _name()
    client.index_expr_create(NS, set_name, aerospike_py.INDEX_TYPE_LIST, aerospike_py.INDEX_STRING, live_tags, name)
    try:
        query = client.query(NS, set_name)
        query.where_with_exp(live_tags, p.contains("tags", aerospike_py.INDEX_TYPE_LIST, "red"))
        assert [r.bins["tags"] for r in query.results()] == [["red", "blue"]]
    finally:
        client.index_remove(NS, name)


def test_query_without_the_index_fails(client: aerospike_py.Client, set_name: str) -> None:
    client.put((NS, set_name, 1), {"a": 1, "b": 1})
    query = client.query(NS, set_name)
    query.where_with_exp(exp.num_mul(exp.int_bin("a"), exp.int_val(3)), p.equals("x", 3))
    with pytest.raises(aerospike_py.exception.AerospikeError) as info:
        query.results()
    assert info.value.code == 201  # AEROSPIKE_ERR_INDEX_NOT_FOUND


def test_bad_expressions_are_refused(client: aerospike_py.Client) -> None:
    with pytest.raises(InvalidArgError, match="index expression: malformed expression"):
        client.index_expr_create(NS, "s", 0, 0, exp.int_bin(5), _name())  # type: ignore[arg-type]
    query = client.query(NS, "s")
    with pytest.raises(InvalidArgError, match="where_with_exp expression: malformed expression"):
        query.where_with_exp({"__expr__": "nope"}, p.equals("x", 1))
    with pytest.raises(InvalidArgError, match="index type"):
        client.index_expr_create(NS, "s", 9, 0, SUM, _name())


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
async def test_async_expression_index(config: dict[str, Any], set_name: str, anyio_backend: str) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        for i in range(6):
            await client.put((NS, set_name, i), {"a": i, "b": 1})
        name = _name()
        await client.index_expr_create(NS, set_name, 0, aerospike_py.INDEX_NUMERIC, SUM, name)
        try:
            query = client.query(NS, set_name)
            query.where_with_exp(SUM, p.between("sum", 3, 4))
            assert sorted(r.bins["a"] for r in await query.results()) == [2, 3]
        finally:
            await client.index_remove(NS, name)
