"""Fixtures for the embedded test server's own tests."""

from __future__ import annotations

import pathlib
import sys
import uuid
from typing import Any, Iterator

import pytest

_ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))


def _import_testing_package() -> None:
    """Import aerospike_py.testing even if the parent package cannot load.

    The test server does not depend on the rest of ``aerospike_py``; when the
    client package is mid-build (e.g. its compiled extension is stale), load
    the server through a bare parent package so its own tests still run.
    """
    import importlib
    import types

    try:
        importlib.import_module("aerospike_py.testing")
        return
    except Exception:  # noqa: BLE001 - any failure of the parent package
        for name in [m for m in sys.modules if m == "aerospike_py" or
                     m.startswith("aerospike_py.")]:
            del sys.modules[name]
    parent = types.ModuleType("aerospike_py")
    parent.__path__ = [str(_ROOT / "aerospike_py")]
    sys.modules["aerospike_py"] = parent
    importlib.import_module("aerospike_py.testing")


_import_testing_package()

from aerospike_py.testing.pytest_plugin import (  # noqa: E402,F401
    aerospike_config,
    aerospike_hosts,
    embedded_server,
)

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
