"""Fixtures for the synchronous client's integration tests.

The tests run against the embedded ``TestServer`` by default and against a
real cluster when ``AEROSPIKE_HOSTS=host:port[,host:port...]`` is set; keys
are uuid-based so a shared server is fine.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest


@pytest.fixture
def key(make_key: Callable[..., tuple]) -> tuple:
    """One unique key."""
    return make_key()


@pytest.fixture(scope="session")
def official(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    """The official ``aerospike`` client, as a reference for interoperability."""
    aerospike = pytest.importorskip("aerospike")
    c = aerospike.client({"hosts": list(aerospike_config["hosts"])}).connect()
    try:
        yield c
    finally:
        c.close()
