"""Fixtures every test directory shares.

One cluster for the whole run: the embedded server, or AEROSPIKE_HOSTS.
Keys are uuid-based so a shared real server is fine.
"""

from __future__ import annotations

import pathlib
import uuid
from typing import Any, Callable, Iterator

import pytest

import aerospike_py

pytest_plugins = ["aerospike_py.testing.pytest_plugin"]

NS = "test"


@pytest.fixture
def config(aerospike_config: dict[str, Any]) -> dict[str, Any]:
    """A private copy of the session's config, safe to modify in a test."""
    return {k: (list(v) if isinstance(v, list) else v) for k, v in aerospike_config.items()}


@pytest.fixture
def client(config: dict[str, Any]) -> Iterator[aerospike_py.Client]:
    """A connected sync client, closed after the test."""
    c = aerospike_py.client(config).connect()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def set_name() -> str:
    """A set of this test's own."""
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture
def make_key(set_name: str) -> Callable[..., tuple]:
    """``make_key()`` -> a unique (ns, set, str pk); ``make_key(pk)`` uses that pk in this test's set."""

    def make(pk: Any = None) -> tuple:
        return (NS, set_name, uuid.uuid4().hex if pk is None else pk)

    return make


@pytest.fixture(scope="session")
def udf_module(aerospike_config: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a module holding tests/udf_source.lua, registered for the session."""
    name = "aspy_" + uuid.uuid4().hex[:10]
    path = tmp_path_factory.mktemp("udf") / f"{name}.lua"
    path.write_bytes((pathlib.Path(__file__).parent / "udf_source.lua").read_bytes())
    c = aerospike_py.client(dict(aerospike_config)).connect()
    try:
        c.udf_put(str(path))
        yield name
        c.udf_remove(name)
    finally:
        c.close()
