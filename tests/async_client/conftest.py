"""Fixtures for the async client's tests: every test runs under asyncio, asyncio on uvloop, and trio."""

from __future__ import annotations

import socket
import threading
from typing import Any, Iterator

import pytest

# uvloop is the default loop of uvicorn, hence of most FastAPI deployments.
BACKENDS = [
    pytest.param("asyncio", id="asyncio"),
    pytest.param(("asyncio", {"use_uvloop": True}), id="uvloop"),
    pytest.param("trio", id="trio"),
]


@pytest.fixture(params=BACKENDS)
def anyio_backend(request: pytest.FixtureRequest) -> Any:
    return request.param


class FreezableProxy:
    """A TCP proxy in front of a node that can stop forwarding: a server that stops answering."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.frozen = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                while self.frozen.is_set() and not self._closed:
                    self.frozen.wait(0.05)
                    if not self.frozen.is_set():
                        break
                    threading.Event().wait(0.05)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._closed = True
        self.frozen.clear()
        self._listener.close()
        for s in self._sockets:
            try:
                s.close()
            except OSError:
                pass


@pytest.fixture
def proxy(aerospike_hosts: list[tuple[str, int]]) -> Iterator[FreezableProxy]:
    p = FreezableProxy(aerospike_hosts[0])
    try:
        yield p
    finally:
        p.close()
