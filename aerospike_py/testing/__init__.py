"""Embedded Aerospike-protocol server for tests.

``TestServer`` runs one or more nodes in-process on loopback so tests can use
a real Aerospike client over a real socket without an external server. It
depends only on the standard library and on nothing else in ``aerospike_py``
so that any Aerospike client can use it.
"""

from __future__ import annotations

from ._cluster import TestServer
from ._faults import FaultProxy
from ._tls import ServerTLS

__all__ = ["FaultProxy", "ServerTLS", "TestServer"]
