"""Path operations and expressions through the async client (asyncio, uvloop, trio)."""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as C
from aerospike_py import exp
from aerospike_py import expression_operations as eo
from aerospike_py import map_operations as mo
from aerospike_py import path_operations as po

pytestmark = pytest.mark.anyio


async def test_select_and_modify_by_path(config: dict[str, Any], client: Any, make_key: Any) -> None:
    doc = {"a": {"qty": 1, "price": 7}, "b": {"qty": 9, "price": 2}}
    big = exp.gt(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(5))
    path = [C.cdt_ctx_all_children(), C.cdt_ctx_all_children_with_filter(big)]
    bump = exp.num_add(exp.loopvar_int(exp.LOOPVAR_VALUE), exp.int_val(100))
    ops = [po.select_by_path("m", path, po.PATH_SELECT_VALUE | po.PATH_SELECT_NO_FAIL),
           eo.expression_read("t", exp.select_by_path(path, exp.EXP_TYPE_MAP, po.PATH_SELECT_MATCHING_TREE,
                                                      exp.map_bin("m")))]
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        mine, ref = make_key(), make_key()
        await aclient.put(mine, {"m": doc})
        client.put(ref, {"m": doc})
        assert (await aclient.operate(mine, ops)).bins == client.operate(ref, ops).bins
        modify = [po.modify_by_path("m", path, bump)]
        assert (await aclient.operate(mine, modify)).bins == client.operate(ref, modify).bins
        assert (await aclient.get(mine)).bins == client.get(ref).bins
        with pytest.raises(aerospike_py.exception.InvalidArgError):
            await aclient.operate(mine, [po.select_by_path("m", [])])


async def test_map_keys_and_values(config: dict[str, Any], make_key: Any) -> None:
    """The keys / values of a key-ordered map, read and filtered through the async client."""
    key = make_key()
    has_a = {"filter_expression": exp.in_list(exp.string_val("a"), exp.map_keys(exp.map_bin("m")))}
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        await aclient.operate(key, [mo.map_put_items("m", {"b": 2, "a": 1}, {"order": aerospike_py.MAP_KEY_ORDERED})])
        got = await aclient.operate(key, [eo.expression_read("k", exp.map_keys(exp.map_bin("m"))),
                                          eo.expression_read("v", exp.map_values_in(exp.map_bin("m")))],
                                    policy=has_a)
        assert got.bins == {"k": ["a", "b"], "v": [1, 2]}
        with pytest.raises(aerospike_py.exception.FilteredOut):
            await aclient.get(key, policy={"filter_expression": exp.in_list(
                exp.string_val("z"), exp.map_keys_in(exp.map_bin("m")))})
