"""aerospike_py: a Python client for Aerospike over the Aerospike C client.

``aerospike_py.client(config).connect()`` gives a synchronous client.
"""

from __future__ import annotations

import atexit
import importlib
import sys
from typing import TYPE_CHECKING, Any, Union

from aerospike_py import exception
from aerospike_py._constants import *  # noqa: F401,F403
from aerospike_py._constants import __all__ as _constant_names

# Names backed by the compiled module load on first use, so that the pure
# Python parts (constants, types, exceptions, and aerospike_py.testing) import
# even where the C extension is not built.
_LAZY = {
    "Client": "_client",
    "AsyncClient": "_async",
    "set_log_level": "_logging",
    "dropped_log_count": "_logging",
    "get_metrics": "_observability",
    "get_registry": "_observability",
    "is_tracing_enabled": "_observability",
    "metrics_server_port": "_observability",
    "init_tracing": "_observability",
    "internal_stage_profiling": "_observability",
    "is_internal_stage_metrics_enabled": "_observability",
    "is_metrics_enabled": "_observability",
    "set_internal_stage_metrics_enabled": "_observability",
    "set_metrics_enabled": "_observability",
    "shutdown_tracing": "_observability",
    "start_metrics_server": "_observability",
    "stop_metrics_server": "_observability",
    "Query": "_client",
    "AsyncQuery": "_async",
    "PartitionFilter": "_query",
    "partition_filter_all": "_query",
    "partition_filter_by_id": "_query",
    "partition_filter_by_range": "_query",
}

if TYPE_CHECKING:
    from aerospike_py._async import AsyncClient, AsyncQuery
    from aerospike_py._client import Client, Query
    from aerospike_py._query import (
        PartitionFilter,
        partition_filter_all,
        partition_filter_by_id,
        partition_filter_by_range,
    )
    from aerospike_py._logging import dropped_log_count, set_log_level
    from aerospike_py._observability import (
        get_metrics,
        get_registry,
        init_tracing,
        internal_stage_profiling,
        is_internal_stage_metrics_enabled,
        is_metrics_enabled,
        is_tracing_enabled,
        metrics_server_port,
        set_internal_stage_metrics_enabled,
        set_metrics_enabled,
        shutdown_tracing,
        start_metrics_server,
        stop_metrics_server,
    )
from aerospike_py import bit_operations, cdt_ctx, hll_operations, list_operations, map_operations, predicates
from aerospike_py import exp, expression_operations  # noqa: E402
from aerospike_py import path_operations  # noqa: E402
from aerospike_py._batch import LazyBatchRecords
from aerospike_py._job_constants import *  # noqa: F401,F403
from aerospike_py._job_constants import __all__ as _job_constant_names
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
from aerospike_py.numpy_batch import NumpyBatchRecords  # noqa: F401
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
    NodeInfo,
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
    """Load compiled-module-backed names on first use; serve the deprecated aliases."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"aerospike_py.{module}"), name)
        globals()[name] = value
        return value
    if name in ("TimeoutError", "IndexError"):
        return getattr(exception, name)  # warns
    raise AttributeError(f"module 'aerospike_py' has no attribute {name!r}")


def client(config: dict[str, Any]) -> "Client":
    """A new (not yet connected) synchronous client for ``config``."""
    from aerospike_py._client import Client

    return Client(config)


def async_client(config: dict[str, Any]) -> "AsyncClient":
    """A new (not yet connected) async client for ``config``."""
    from aerospike_py._async import AsyncClient

    return AsyncClient(config)


def _at_exit() -> None:
    # Order matters: stop log forwarding, close clients, then the event loops they run on.
    if "aerospike_py._logging" in sys.modules:
        sys.modules["aerospike_py._logging"].shutdown()
    if "aerospike_py._client" in sys.modules:
        sys.modules["aerospike_py._client"].close_all()
    if "aerospike_py._loops" in sys.modules:
        sys.modules["aerospike_py._loops"].close_event_loops()


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
    "metrics_server_port",
    "get_registry",
    "init_tracing",
    "shutdown_tracing",
    "is_tracing_enabled",
    "GeoJSON",
    "HLL",
    "AerospikeKey",
    "BinTuple",
    "ExistsResult",
    "InfoNodeResult",
    "NodeInfo",
    "NumpyBatchRecords",
    "OperateOrderedResult",
    "Record",
    "RecordMetadata",
    "LazyBatchRecords",
    "Query",
    "AsyncQuery",
    "PartitionFilter",
    "partition_filter_all",
    "partition_filter_by_id",
    "partition_filter_by_range",
    "cdt_ctx",
    "list_operations",
    "map_operations",
    "bit_operations",
    "hll_operations",
    "predicates",
    *_job_constant_names,
    *_constant_names,
    "exp",
    "expression_operations",
    "path_operations",
]
