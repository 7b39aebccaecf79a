"""Sync and async clients in one process, in either order (a fresh process each)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

SCRIPT = textwrap.dedent(
    """
    import sys, anyio
    import aerospike_py

    config = {"hosts": [(sys.argv[1], int(sys.argv[2]))]}
    key = ("test", "mixed", "k")
    sync_first = sys.argv[3] == "sync-first"

    async def use_async():
        async with aerospike_py.AsyncClient(config) as client:
            await client.connect()
            await client.put(key, {"v": 1})
            assert (await client.batch_read([key])).to_list() == [{"v": 1}]

    if sync_first:
        sync = aerospike_py.client(config).connect()  # before any event loop existed
        anyio.run(use_async)
    else:
        anyio.run(use_async)
        sync = aerospike_py.client(config).connect()
    assert sync.get(key).bins == {"v": 1}
    sync.close()
    print("ok")
    """
)


@pytest.mark.parametrize("order", ["sync-first", "async-first"])
def test_sync_and_async_clients_close_cleanly(aerospike_hosts: Any, order: str) -> None:
    host, port = aerospike_hosts[0]
    done = subprocess.run([sys.executable, "-c", SCRIPT, host, str(port), order],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
