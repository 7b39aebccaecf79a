"""Fixtures for the async client's tests: every test runs under asyncio, asyncio on uvloop, and trio."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from aerospike_py.testing import FaultProxy

# uvloop is the default loop of uvicorn, hence of most FastAPI deployments.
BACKENDS = [
    pytest.param("asyncio", id="asyncio"),
    pytest.param(("asyncio", {"use_uvloop": True}), id="uvloop"),
    pytest.param("trio", id="trio"),
]


@pytest.fixture(params=BACKENDS)
def anyio_backend(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture
def proxy(aerospike_hosts: list[tuple[str, int]]) -> Iterator[FaultProxy]:
    """A proxy in front of the first node that can stop forwarding: a server that stops answering."""
    p = FaultProxy(aerospike_hosts[0])
    try:
        yield p
    finally:
        p.close()
