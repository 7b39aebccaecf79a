"""pytest fixtures giving tests an Aerospike cluster to talk to.

With ``AEROSPIKE_HOSTS=host:port[,host:port...]`` the tests run against that
cluster; otherwise one embedded ``TestServer`` serves the whole session.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from . import TestServer


def _parse_hosts(text: str) -> list[tuple[str, int]]:
    hosts = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        host, _, port = item.rpartition(":")
        if not host:
            host, port = item, "3000"
        hosts.append((host.strip("[]"), int(port)))
    return hosts


@pytest.fixture(scope="session")
def embedded_server() -> Iterator[TestServer | None]:
    """The session's embedded server, or None when AEROSPIKE_HOSTS is set."""
    if os.environ.get("AEROSPIKE_HOSTS"):
        yield None
        return
    with TestServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def aerospike_hosts(embedded_server: TestServer | None) -> list[tuple[str, int]]:
    """Seed hosts of the cluster under test."""
    env = os.environ.get("AEROSPIKE_HOSTS")
    if env:
        return _parse_hosts(env)
    assert embedded_server is not None
    return embedded_server.hosts


@pytest.fixture(scope="session")
def aerospike_config(aerospike_hosts: list[tuple[str, int]]) -> dict[str, Any]:
    """A minimal client config for the cluster under test."""
    return {"hosts": list(aerospike_hosts)}
