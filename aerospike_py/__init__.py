"""aerospike_py: a Python client for Aerospike over the Aerospike C client.

``aerospike_py.client(config).connect()`` gives a synchronous client.
"""

from __future__ import annotations

import atexit
from typing import Any, Union

from aerospike_py import exception
from aerospike_py._async import AsyncClient, close_event_loops as _close_event_loops
from aerospike_py._client import Client, close_all as _close_all
from aerospike_py._constants import *  # noqa: F401,F403
from aerospike_py._constants import __all__ as _constant_names
from aerospike_py._logging import dropped_log_count, set_log_level, shutdown as _log_shutdown
from aerospike_py._observability import (
    get_metrics,
    init_tracing,
    internal_stage_profiling,
    is_internal_stage_metrics_enabled,
    is_metrics_enabled,
    set_internal_stage_metrics_enabled,
    set_metrics_enabled,
    shutdown_tracing,
    start_metrics_server,
    stop_metrics_server,
)
from aerospike_py._values import HLL, GeoJSON
from aerospike_py.exception import (  # noqa: F401
    AdminError,
    AerospikeError,
    AerospikeIndexError,
    AerospikeTimeoutError,
    BackpressureError,
    BinExistsError,
    BinNameError,
    BinNotFound,
    BinTypeError,
    ClientError,
    ClusterError,
    FilteredOut,
    IndexFoundError,
    IndexNotFound,
    InvalidArgError,
    QueryAbortedError,
    QueryError,
    RecordError,
    RecordExistsError,
    RecordGenerationError,
    RecordNotFound,
    RecordTooBig,
    RustPanicError,
    ServerError,
    UDFError,
)
from aerospike_py._types import HLLPolicy, ListPolicy, MapPolicy, Operation  # noqa: F401
from aerospike_py.types import (  # noqa: F401
    AdminPolicy,
    AerospikeKey,
    AerospikeRecord,
    BatchDeleteMeta,
    BatchDeletePolicy,
    BatchPolicy,
    BatchReadPolicy,
    BatchRecord,
    BatchRecords,
    BatchRetryInfo,
    BatchUDFMeta,
    BatchUDFPolicy,
    BatchWriteResult,
    Bins,
    BinTuple,
    ClientConfig,
    ExistsResult,
    InfoNodeResult,
    OperateOrderedResult,
    Privilege,
    QueryPolicy,
    ReadPolicy,
    Record,
    RecordMetadata,
    RoleInfo,
    ScanPolicy,
    UserInfo,
    UserKey,
    WriteMeta,
    WritePolicy,
)

Key = tuple[str, str, Union[str, int, bytes]]
"""A record key: (namespace, set, primary_key); (namespace, set, None, digest) also works."""

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """The deprecated TimeoutError/IndexError aliases, served with a warning by ``exception``."""
    if name in ("TimeoutError", "IndexError"):
        return getattr(exception, name)
    raise AttributeError(f"module 'aerospike_py' has no attribute {name!r}")


def client(config: dict[str, Any]) -> Client:
    """A new (not yet connected) synchronous client for ``config``."""
    return Client(config)


def async_client(config: dict[str, Any]) -> AsyncClient:
    """A new (not yet connected) async client for ``config``."""
    return AsyncClient(config)


def _at_exit() -> None:
    # Order matters: clients before the event loops they run on.
    _log_shutdown()
    _close_all()
    _close_event_loops()


atexit.register(_at_exit)

__all__ = [
    "AsyncClient",
    "async_client",
    "Client",
    "client",
    "exception",
    "set_log_level",
    "dropped_log_count",
    "get_metrics",
    "set_metrics_enabled",
    "is_metrics_enabled",
    "set_internal_stage_metrics_enabled",
    "is_internal_stage_metrics_enabled",
    "internal_stage_profiling",
    "start_metrics_server",
    "stop_metrics_server",
    "init_tracing",
    "shutdown_tracing",
    "GeoJSON",
    "HLL",
    "AerospikeKey",
    "BinTuple",
    "ExistsResult",
    "InfoNodeResult",
    "OperateOrderedResult",
    "Record",
    "RecordMetadata",
    *_constant_names,
]
