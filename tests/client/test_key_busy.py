"""KEY_BUSY (14): a server refusing a write because too many wait on its record.

A real server answers 14 when more writes than its ``transaction-pending-limit``
queue on one record; the embedded server emulates the limit, and holding its
requests back makes writes arrive together on purpose.  These tests use a
server of their own (limit 1), so they say the same thing whatever
``AEROSPIKE_HOSTS`` points at.
"""

from __future__ import annotations

import threading
import time
from typing import Iterator

import pytest

import aerospike_py
from aerospike_py import exception as exc
from aerospike_py.testing import TestServer

WRITERS = 16


@pytest.fixture(scope="module")
def busy_server() -> Iterator[TestServer]:
    with TestServer(transaction_pending_limit=1) as srv:
        yield srv


def contend(srv: TestServer, client: aerospike_py.Client, key: tuple) -> tuple[int, list[BaseException]]:
    """WRITERS increments of one record sent together; (applied, errors)."""
    applied: list[int] = []
    errors: list[BaseException] = []
    ready = threading.Barrier(WRITERS + 1)

    def write() -> None:
        ready.wait()
        try:
            client.increment(key, "n", 1, policy={"total_timeout": 10_000})
            applied.append(1)
        except BaseException as e:  # noqa: BLE001 - collected and checked below
            errors.append(e)

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    with srv.hold():
        ready.wait()
        time.sleep(0.5)  # every increment reaches the server and waits there
    for t in threads:
        t.join(30)
    return len(applied), errors


def test_key_busy_surfaces_as_server_error_with_code_14(busy_server: TestServer) -> None:
    with aerospike_py.client(busy_server.config).connect() as client:
        key = ("test", "busy", "sync")
        client.put(key, {"n": 0})
        for _ in range(3):  # a slow machine may spread the writes over passes
            applied, errors = contend(busy_server, client, key)
            if errors:
                break
        assert errors, "no write was refused"
        for e in errors:
            assert type(e) is exc.ServerError
            assert e.code == 14 and e.result_code == 14
            assert e.in_doubt is False  # refused before it was applied: safe to retry
            assert "RECORD_BUSY" in str(e)
        # Refused writes were not applied; a retry after a pause goes through.
        total = client.get(key).bins["n"]
        time.sleep(0.01)
        client.increment(key, "n", 1)
        assert client.get(key).bins["n"] == total + 1
        assert applied >= 3  # one runs and two may wait with a limit of 1
