"""info_single_node, get_nodes and key digests with AsyncClient, under asyncio and trio."""

from __future__ import annotations

from typing import Any

import pytest

import aerospike_py
from aerospike_py import exception as exc

pytestmark = pytest.mark.anyio


async def test_info_extras(config: dict[str, Any]) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        await client.connect()
        nodes = client.get_nodes()
        assert [n.name for n in nodes] == client.get_node_names()
        for node in nodes:
            assert await client.info_single_node("node", node.name) == node.name
            assert await client.info_single_node("node", (node.address, node.port)) == node.name
        with pytest.raises(exc.ClusterError):
            await client.info_single_node("build", "NO_SUCH_NODE")
        key = ("test", "ainfo", "k1")
        await client.put(key, {"a": 1})
        digest = client.get_key_digest(*key)
        assert (await client.get(key)).key.digest == digest
        assert client.get_key_partition_id(*key) == int.from_bytes(digest[:2], "little") & 4095
