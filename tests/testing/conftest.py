"""Fixtures for the embedded test server's own tests."""

from __future__ import annotations

import uuid
from typing import Any, Iterator

import pytest



aerospike = pytest.importorskip("aerospike")


@pytest.fixture(scope="session")
def client(aerospike_config: dict[str, Any]) -> Iterator[Any]:
    """One official-client connection shared by the session."""
    c = aerospike.client(dict(aerospike_config)).connect()
    yield c
    c.close()


@pytest.fixture
def set_name() -> str:
    """A fresh set per test so tests never see each other's records."""
    return "s" + uuid.uuid4().hex[:12]
