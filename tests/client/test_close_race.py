"""Closing a client while other threads run commands on it is safe."""

from __future__ import annotations

import threading
from typing import Any

import aerospike_py
from aerospike_py import exception as ex


def test_close_while_threads_run_commands(config: dict[str, Any], make_key: Any) -> None:
    client = aerospike_py.client(config).connect()
    key = make_key()
    client.put(key, {"v": 1})
    outcomes: list[str] = []
    started = threading.Barrier(9)

    def hammer() -> None:
        started.wait()
        for _ in range(2000):
            try:
                assert client.get(key).bins == {"v": 1}
            except ex.ClientError:
                outcomes.append("refused")
                return
        outcomes.append("finished")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    started.wait()
    client.close()
    for t in threads:
        t.join(30)
    assert len(outcomes) == 8
    assert not client.is_connected()
    # every thread either completed all its commands or was refused cleanly
    assert set(outcomes) <= {"refused", "finished"}
