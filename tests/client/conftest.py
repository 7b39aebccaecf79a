"""Fixtures for the synchronous client's integration tests.

The tests run against the embedded ``TestServer`` by default and against a
real cluster when ``AEROSPIKE_HOSTS=host:port[,host:port...]`` is set; keys
are uuid-based so a shared server is fine.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest

import aerospike_py


NS = "test"


def fresh_set() -> str:
    return "cl" + uuid.uuid4().hex[:12]


@pytest.fixture
def config(aerospike_config: dict[str, Any]) -> dict[str, Any]:
    """A private copy of the session's config, safe to modify in a test."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in aerospike_config.items()}


@pytest.fixture
def client(config: dict[str, Any]) -> Iterator[aerospike_py.Client]:
    """A connected client, closed after the test."""
    c = aerospike_py.client(config).connect()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def set_name() -> str:
    """A set of this test's own."""
    return fresh_set()


@pytest.fixture
def make_key(set_name: str) -> Callable[..., tuple]:
    """``make_key()`` -> a unique (ns, set, str pk); ``make_key(pk)`` uses that pk in this test's set."""

    def make(pk: Any = None) -> tuple:
        return (NS, set_name, uuid.uuid4().hex if pk is None else pk)

    return make


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
