"""The embedded server's threads for long commands: reused, and gone once idle.

Each test runs its own server in this process, so its worker threads
(named after its port) can be watched from here.
"""

from __future__ import annotations

import threading
import time
from typing import Iterator

import pytest

import aerospike_py
from aerospike_py.testing import TestServer
from aerospike_py.testing import _workers

NS = "test"


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer() as srv:
        yield srv


def workers_of(srv: TestServer) -> set[int]:
    """Thread ids (never reused while the test runs) of the server's worker threads."""
    name = f"as-work-{srv.nodes[0].port}"
    return {t.native_id for t in threading.enumerate() if t.name == name and t.native_id is not None}


def test_long_commands_reuse_one_thread(server: TestServer) -> None:
    with aerospike_py.client(server.config).connect() as client:
        keys = [(NS, "workers", i) for i in range(5)]
        for key in keys:
            client.put(key, {"i": 1})
        seen = []
        for _ in range(10):
            client.batch_read(keys)
            for _ in client.query(NS, "workers").records():
                pass
            seen.append(workers_of(server))
    # One command at a time: the thread of the first serves the later ones (a
    # second may start when a command arrives before the first is idle again).
    assert all(seen)  # kept between commands
    assert len(set().union(*seen)) <= 3


def test_idle_threads_exit(server: TestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_workers, "IDLE_SECONDS", 0.2)
    with aerospike_py.client(server.config).connect() as client:
        keys = [(NS, "workers", i) for i in range(5)]
        for key in keys:
            client.put(key, {"i": 1})
        client.batch_read(keys)
        assert len(workers_of(server)) == 1
        deadline = time.monotonic() + 5
        while workers_of(server) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers_of(server) == set()
        # And a new one starts for the next long command.
        assert len(client.batch_read(keys).to_dict()) == 5
