"""List, map, bit and HLL operations through the async client, under asyncio
and trio: every case of the sync tables (themselves compared with the official
client) must return the same value and leave the same record."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as C
from aerospike_py import exception as exc
from aerospike_py import hll_operations as ho
from aerospike_py import list_operations as lo
from aerospike_py import map_operations as mo

pytestmark = pytest.mark.anyio

pytest.importorskip("aerospike_helpers")


def _load(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "client" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_sync_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = [(c[0], c[1], c[2]) for name in ("test_cdt_operations", "test_bit_operations", "test_cdt_relative_ops")
         for c in _load(name).CASES]


async def test_every_case_matches_sync(config: dict[str, Any], client: Any, make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        for case_id, init, op in CASES:
            mine, ref = make_key(), make_key()
            seed = {"pad": 0, **init}
            await aclient.put(mine, seed)
            client.put(ref, seed)
            got = (await aclient.operate(mine, [op])).bins
            assert got == client.operate(ref, [op]).bins, case_id
            assert (await aclient.get(mine)).bins == client.get(ref).bins, case_id


async def test_grouped_results_and_ctx(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        key = make_key()
        await aclient.put(key, {"doc": {"tags": ["a"]}, "n": 1})
        ctx = [C.cdt_ctx_map_key("tags")]
        rec = await aclient.operate(key, [
            lo.list_append("doc", "b", ctx=ctx), lo.list_size("doc", ctx=ctx), mo.map_size("doc"),
            {"op": aerospike_py.OPERATOR_READ, "bin": "n"},
        ])
        assert rec.bins == {"doc": [2, 2, 1], "n": 1}
        res = await aclient.operate_ordered(key, [mo.map_get_by_key("doc", "tags", aerospike_py.MAP_RETURN_VALUE),
                                                  {"op": aerospike_py.OPERATOR_READ, "bin": "n"}])
        assert [tuple(b) for b in res.ordered_bins] == [("doc", ["a", "b"]), ("n", 1)]
        with pytest.raises(exc.InvalidArgError, match="operation 0: 'return_type'"):
            await aclient.operate(key, [lo.list_get_by_index("doc", 0, 42)])
        batch = await aclient.batch_operate([key], [lo.list_size("doc", ctx=ctx)])
        assert batch.batch_records[0].result == 0


async def test_hll(config: dict[str, Any], make_key: Any) -> None:
    async with aerospike_py.AsyncClient(config) as aclient:
        await aclient.connect()
        key = make_key()
        rec = await aclient.operate(key, [ho.hll_init("h", 12), ho.hll_add("h", list(range(2000))),
                                          ho.hll_get_count("h"), ho.hll_describe("h")])
        _added, count, describe = rec.bins["h"]
        assert abs(count - 2000) <= 4 * 1.04 / math.sqrt(4096) * 2000
        assert describe == [12, 0]
        assert isinstance((await aclient.get(key)).bins["h"], aerospike_py.HLL)
