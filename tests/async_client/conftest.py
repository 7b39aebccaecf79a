"""Fixtures for the async client's tests: every test runs under asyncio and trio."""

from __future__ import annotations

from typing import Iterator

import pytest

from aerospike_py.testing import FaultProxy


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def proxy(aerospike_hosts: list[tuple[str, int]]) -> Iterator[FaultProxy]:
    """A proxy in front of the first node that can stop forwarding: a server that stops answering."""
    p = FaultProxy(aerospike_hosts[0])
    try:
        yield p
    finally:
        p.close()
