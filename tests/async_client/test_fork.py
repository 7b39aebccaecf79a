"""After fork(), a child creates its own C event loops and clients."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

CHILD_SCRIPT = textwrap.dedent(
    """
    import os, sys, anyio
    import aerospike_py
    from aerospike_py import exception as exc

    config = {"hosts": [(sys.argv[1], int(sys.argv[2]))]}
    key = ("test", "forkset", "k")

    async def use(client):
        await client.put(key, {"pid": os.getpid()})
        return (await client.get(key)).bins["pid"]

    async def parent_side():
        client = aerospike_py.AsyncClient(config)
        await client.connect()
        assert await use(client) == os.getpid()
        return client

    parent_client = anyio.run(parent_side)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            async def child_side():
                try:
                    await parent_client.get(key)
                except exc.ClientError as e:
                    assert "fork" in e.msg
                else:
                    raise AssertionError("a client from before fork() must refuse to run")
                async with aerospike_py.AsyncClient(config) as fresh:
                    await fresh.connect()
                    assert await use(fresh) == os.getpid()
            anyio.run(child_side, backend=sys.argv[3])
        except BaseException as e:
            print("child failed:", repr(e), file=sys.stderr, flush=True)
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, status

    async def parent_again():
        assert await use(parent_client) == os.getpid()
        await parent_client.close()
    anyio.run(parent_again)
    print("ok")
    """
)


@pytest.mark.parametrize("child_backend", ["asyncio", "trio"])
def test_child_after_fork_gets_its_own_event_loops(aerospike_hosts: list[tuple[str, int]], child_backend: str) -> None:
    host, port = aerospike_hosts[0]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD_SCRIPT, host, str(port), child_backend],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("ok")
