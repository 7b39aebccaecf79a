"""Cluster statistics classes (``aerospike_helpers.metrics``) as ``Client.get_stats()`` returns them."""

from __future__ import annotations


class ConnectionStats:
    """Synchronous connection counters of one node."""

    in_use: int
    in_pool: int
    opened: int
    closed: int
    recovered: int
    aborted: int


class NodeStats:
    """One node's name, address and counters."""

    name: str
    address: str
    port: int
    conns: ConnectionStats
    error_count: int
    timeout_count: int
    key_busy_count: int


class ClusterStats:
    """The cluster's nodes and command counters."""

    nodes: list[NodeStats]
    retry_count: int
    thread_pool_queued_tasks: int
    recover_queue_size: int
