"""The clusters the documentation's examples run against.

Examples are written for ``("127.0.0.1", 3000)`` and the cluster name
``docker`` (the official Docker image's); see docs_runner.py for how they are
pointed at the cluster under test.
"""

from __future__ import annotations

import logging
import os
from typing import Iterator, Optional

import pytest

import aerospike_py
from aerospike_py.testing import TestServer


@pytest.fixture(scope="session")
def docs_cluster(aerospike_hosts: list[tuple[str, int]]) -> Iterator[tuple[tuple[str, int], Optional[str]]]:
    """(first host, cluster name) of the cluster the examples use.

    With AEROSPIKE_HOSTS, that cluster (named as it answers ``cluster-name``);
    otherwise an embedded server named ``docker``, like the Docker image.
    """
    if os.environ.get("AEROSPIKE_HOSTS"):
        with aerospike_py.client({"hosts": list(aerospike_hosts)}).connect() as c:
            name = c.info_random_node("cluster-name").strip()
        yield aerospike_hosts[0], (None if name in ("", "null") else name)
        return
    with TestServer(cluster_name="docker") as srv:
        yield srv.hosts[0], "docker"


@pytest.fixture(scope="session")
def secured_cluster() -> Iterator[tuple[str, int]]:
    """An embedded server with security on (admin/admin), for the authentication examples."""
    with TestServer(cluster_name="docker", security_users={"admin": "admin"}) as srv:
        yield srv.hosts[0]


@pytest.fixture
def restore_global_state() -> Iterator[None]:
    """Pages switch on metrics, tracing and logging and set OTEL_* variables: put everything back afterwards."""
    metrics = aerospike_py.is_metrics_enabled()
    stages = aerospike_py.is_internal_stage_metrics_enabled()
    logger = logging.getLogger("aerospike_py")
    level, handlers, propagate = logger.level, list(logger.handlers), logger.propagate
    root_handlers = list(logging.getLogger().handlers)
    environ = dict(os.environ)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate
        logging.getLogger().handlers[:] = root_handlers
        os.environ.clear()
        os.environ.update(environ)
        aerospike_py.shutdown_tracing()
        aerospike_py.stop_metrics_server()
        aerospike_py.set_metrics_enabled(metrics)
        aerospike_py.set_internal_stage_metrics_enabled(stages)
        aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_OFF)

