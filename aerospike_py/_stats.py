"""Cluster statistics: connection and error counters the C client keeps per node (a local read)."""

from __future__ import annotations

import marshal
from typing import Any, NamedTuple

from aerospike_py._binding import ffi, lib


class ConnStats(NamedTuple):
    """Synchronous connections of one node."""

    in_use: int
    in_pool: int
    opened: int
    closed: int
    recovered: int
    aborted: int


class NodeStats(NamedTuple):
    name: str
    address: str
    port: int
    conns: ConnStats
    error_count: int
    timeout_count: int
    key_busy_count: int


class ClusterStats(NamedTuple):
    retry_count: int
    thread_pool_queued_tasks: int
    recover_queue_size: int
    nodes: list[NodeStats]


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return (host.strip("[]"), int(port)) if port.isdigit() else (address, 0)


def cluster_stats(as_: Any) -> ClusterStats:
    """The counters of ``aerospike_stats()`` for the cluster behind ``as_``."""
    buf = ffi.new("aspy_buffer *")
    try:
        if lib.aspy_cluster_stats(as_, buf):
            raise MemoryError("cannot read cluster statistics")
        retry, queued, recover, rows = marshal.loads(ffi.buffer(buf.data, buf.len))
    finally:
        lib.aspy_buffer_destroy(buf)
    nodes = [NodeStats(row[0], *_split(row[1]), ConnStats(*row[2:8]), *row[8:]) for row in rows]
    return ClusterStats(retry, queued, recover, nodes)


def client_stats(client: Any) -> ClusterStats:
    """``cluster_stats`` of a connected ``aerospike_py.Client``."""
    from aerospike_py._client import not_connected

    handle = client._handle
    if handle is None or not handle.open:
        raise not_connected()
    handle.active.append(None)
    try:
        return cluster_stats(handle.ptr)
    finally:
        handle.active.pop()


def client_policies(client: Any) -> dict[str, dict[str, Any]]:
    """The C client's configured policies of a connected ``aerospike_py.Client``, per kind.

    Field names are the official client's; enum fields hold the C client's values.
    """
    from aerospike_py._client import not_connected

    handle = client._handle
    if handle is None or not handle.open:
        raise not_connected()
    handle.active.append(None)
    buf = ffi.new("aspy_buffer *")
    try:
        if lib.aspy_config_policies(handle.ptr, buf):
            raise MemoryError("cannot read the configured policies")
        found: dict[str, dict[str, Any]] = marshal.loads(ffi.buffer(buf.data, buf.len))
        return found
    finally:
        lib.aspy_buffer_destroy(buf)
        handle.active.pop()
