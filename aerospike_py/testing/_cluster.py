"""The public ``TestServer`` facade over a cluster of in-process nodes."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Mapping, Sequence

from ._server import Cluster, Node
from ._tls import ServerTLS


class TestServer:
    """An in-process Aerospike-protocol cluster listening on loopback.

    Use as a context manager or call ``start()``/``stop()``. ``port=0`` picks
    free ports; with a fixed port, node i listens on ``port + i``.  With
    ``tls`` every node speaks TLS and announces its TLS name to clients.
    """

    __test__ = False  # keep pytest from collecting this class

    def __init__(self, nodes: int = 1, namespaces: Sequence[str] = ("test", "bar"),
                 cluster_name: str | None = None, host: str = "127.0.0.1", port: int = 0,
                 security_users: dict[str, str] | None = None,
                 transaction_pending_limit: int | Mapping[str, int] = 20,
                 tls: ServerTLS | None = None) -> None:
        if nodes < 1:
            raise ValueError("nodes must be >= 1")
        if not namespaces:
            raise ValueError("at least one namespace is required")
        limits = (dict(transaction_pending_limit) if isinstance(transaction_pending_limit, Mapping)
                  else {n: transaction_pending_limit for n in namespaces})
        for name, limit in limits.items():
            if name not in namespaces:
                raise ValueError(f"transaction_pending_limit: unknown namespace {name!r}")
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
                raise ValueError(f"transaction_pending_limit for {name!r} must be an int >= 0, "
                                 f"got {limit!r}")
        self.cluster_name = cluster_name
        self.host = host
        self._cluster = Cluster(namespaces, cluster_name, security_users)
        for name, limit in limits.items():
            self._cluster.store.namespaces[name].transaction_pending_limit = limit
        self._cluster.tls = tls
        for i in range(nodes):
            self._cluster.nodes.append(Node(self._cluster, i, host, port + i if port else 0))
        self._started = False

    @property
    def nodes(self) -> list[Node]:
        """Per-node handles (``.stop()``, ``.start()``, ``.port``, ``.name``)."""
        return list(self._cluster.nodes)

    @property
    def hosts(self) -> list[tuple[str, int]]:
        """One (host, port) per node."""
        return [(n.host, n.port) for n in self._cluster.nodes]

    @property
    def config(self) -> dict[str, Any]:
        """A client configuration that connects to this server (TLS: hosts carry the TLS name;
        the client's ``tls`` dict with its CA is the caller's to add)."""
        tls = self._cluster.tls
        hosts: list[Any] = list(self.hosts) if tls is None else [(h, p, tls.name) for h, p in self.hosts]
        cfg: dict[str, Any] = {"hosts": hosts}
        if self.cluster_name is not None:
            cfg["cluster_name"] = self.cluster_name
        return cfg

    def start(self) -> "TestServer":
        """Bind and start every node; returns self for chaining."""
        if not self._started:
            started = []
            try:
                for n in self._cluster.nodes:
                    n.start()
                    started.append(n)
            except BaseException:
                for n in started:
                    n.stop()
                raise
            self._started = True
        return self

    def stop(self) -> None:
        """Stop every node and close all client connections."""
        for n in self._cluster.nodes:
            n.stop()
        self._started = False

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Hold every request back until the block ends, then read them all at once.

        Requests sent meanwhile reach the nodes together, as on a busy server:
        lets a test make commands contend for one record (KEY_BUSY) on purpose.
        """
        self._cluster.holds += 1  # a node whose select began before the hold looks again
        self._cluster.serving.clear()
        try:
            yield
        finally:
            self._cluster.serving.set()

    def __enter__(self) -> "TestServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"TestServer(hosts={self.hosts!r})"
