"""Filter expressions and expression operations on the async client, under asyncio and trio."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import aerospike_py
from aerospike_py import exp
from aerospike_py import expression_operations as eo
from aerospike_py.exception import FilteredOut, InvalidArgError

pytestmark = pytest.mark.anyio

NS = "test"


async def test_filters_on_single_record_commands(config: dict[str, Any]) -> None:
    set_name = "x" + uuid.uuid4().hex[:12]
    key = (NS, set_name, "k")
    yes = {"filter_expression": exp.eq(exp.int_bin("a"), exp.int_val(1))}
    no = {"filter_expression": exp.eq(exp.int_bin("a"), exp.int_val(2))}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        await client.put(key, {"a": 1, "s": "x"})
        assert (await client.get(key, policy=yes)).bins == {"a": 1, "s": "x"}
        for call in (
            lambda p: client.get(key, policy=p),
            lambda p: client.select(key, ["a"], policy=p),
            lambda p: client.put(key, {"b": 1}, policy=p),
            lambda p: client.operate(key, [{"op": aerospike_py.OPERATOR_READ, "bin": "a"}], policy=p),
            lambda p: client.increment(key, "a", 1, policy=p),
            lambda p: client.remove(key, policy=p),
        ):
            with pytest.raises(FilteredOut):
                await call(no)
        await client.put(key, {"b": 2}, policy=yes)
        got = await client.operate(key, [
            eo.expression_read("sum", exp.num_add(exp.int_bin("a"), exp.int_bin("b"))),
            eo.expression_write("c", exp.num_mul(exp.int_bin("b"), exp.int_val(10))),
        ], policy=yes)
        assert got.bins["sum"] == 3
        assert (await client.get(key)).bins == {"a": 1, "s": "x", "b": 2, "c": 20}
        with pytest.raises(InvalidArgError, match="filter_expression"):
            await client.get(key, policy={"filter_expression": exp.int_bin(7)})  # type: ignore[arg-type]
        await client.remove(key, policy=yes)


async def test_filters_on_batch_and_query(config: dict[str, Any]) -> None:
    set_name = "x" + uuid.uuid4().hex[:12]
    keys = [(NS, set_name, i) for i in range(10)]
    odd = {"filter_expression": exp.eq(exp.int_and(exp.int_bin("n"), exp.int_val(1)), exp.int_val(1))}
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        await client.batch_write([(k, {"n": i}) for i, k in enumerate(keys)])
        read = await client.batch_read(keys, policy=odd)
        assert [r.result for r in read.batch_records] == [27, 0] * 5
        ops = [{"op": aerospike_py.OPERATOR_INCR, "bin": "n", "val": 100}]
        done = await client.batch_operate(keys, ops, policy=odd)
        assert [r.result for r in done.batch_records] == [27, 0] * 5
        records = await client.query(NS, set_name).results(policy={
            "filter_expression": exp.gt(exp.int_bin("n"), exp.int_val(100))})
        assert sorted(r.bins["n"] for r in records) == [101, 103, 105, 107, 109]
        removed = await client.batch_remove(keys, policy=odd)
        assert [r.result for r in removed.batch_records] == [27, 0] * 5


async def test_per_record_filters_and_modifications(config: dict[str, Any]) -> None:
    set_name = "x" + uuid.uuid4().hex[:12]
    keys = [(NS, set_name, i) for i in range(3)]
    is_one = exp.eq(exp.int_bin("n"), exp.int_val(1))
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        await client.batch_write([(k, {"n": i, "l": [i]}) for i, k in enumerate(keys)])
        written = await client.batch_write([(k, {"w": 1}, {"filter_expression": is_one}) for k in keys])
        assert [r.result for r in written.batch_records] == [27, 0, 27]
        removed = await client.batch_remove([(k, {"filter_expression": exp.bin_exists("w")}) for k in keys])
        assert [r.result for r in removed.batch_records] == [27, 0, 27]
        got = await client.operate(keys[2], [
            eo.expression_read("grown", exp.list_append_items([7, 8], "l")),
            eo.expression_write("l", exp.list_insert(0, 9, "l")),
        ])
        assert got.bins["grown"] == [2, 7, 8]
        assert (await client.get(keys[2])).bins["l"] == [9, 2]
