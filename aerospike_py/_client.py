"""The synchronous client: each command runs as one blocking C call.

cffi releases the GIL around every call into C, so other Python threads run
while a command waits on the network.
"""

from __future__ import annotations

import threading
import time
from time import perf_counter as _clock
import weakref
from collections.abc import Iterator
from typing import Any, Callable, Literal, Optional

from aerospike_py import _command as cmd
from aerospike_py import _udf as udf
from aerospike_py import _admin as adm
from aerospike_py import _info as info
from aerospike_py import _numpy as npb
from aerospike_py import _loops
from aerospike_py import _observability as _obs
from aerospike_py import _fastpath
from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py._config import build_c_config, connect_failure_message, validate
from aerospike_py._batch import LazyBatchRecords
from aerospike_py._convert import error_from, new_request
from aerospike_py._query import QueryBase, begin_page, empty_page, end_page, prepare_query, take_records
from aerospike_py.types import (
    BatchWriteResult,
    ExistsResult,
    InfoNodeResult,
    NodeInfo,
    OperateOrderedResult,
    Record,
)

_open_clients: "weakref.WeakSet[_ClusterHandle]" = weakref.WeakSet()

# Reusable requests: a command takes one and gives it back, so the blocking
# path allocates nothing per command (list pop/append are atomic under the
# GIL; a command that calls back into the client simply takes another).
_requests: list[Any] = []

_fast_get = _fastpath.get
_fast_put = _fastpath.put


class _ClusterHandle:
    """Owns one ``aerospike*``: created by connect, closed and destroyed exactly once.

    Commands register in ``active`` before they touch the pointer and check
    ``open`` after registering; ``close`` clears ``open`` first and then waits
    for ``active`` to empty.  So a command racing with close either runs to
    completion before the C client is destroyed or is refused: never a
    pointer into a destroyed client.  (list append/pop are atomic under the GIL.)
    """

    def __init__(self, config: Any, username: Optional[str], password: Optional[str]) -> None:
        self.ptr: Any = ffi.NULL
        self.open = False
        self.active: list[None] = []
        # The fast path's view of this client (aspy_fast.c): the address in ``fast``, the memory owned here.
        self.fast_ref: Any = ffi.new("aspy_fast_client *")
        self.fast = int(ffi.cast("uintptr_t", self.fast_ref))
        self._lock = threading.Lock()
        _loops.ensure_event_loops(config)  # before the cluster exists: see _loops
        c_config = build_c_config(config, username, password)
        ptr = lib.aerospike_new(c_config)  # takes ownership of the config's heap parts
        if ptr == ffi.NULL:
            raise MemoryError("cannot allocate an aerospike client")
        err = ffi.new("as_error *")
        causes = ffi.new("aspy_buffer *")
        try:
            failed = lib.aspy_connect(ptr, err, causes) != 0
            found = ffi.buffer(causes.data, causes.len)[:].decode("utf-8", "replace") if causes.len else ""
        finally:
            lib.aspy_buffer_destroy(causes)
        if failed:
            message = ffi.string(err.message).decode("utf-8", "replace")
            text = connect_failure_message(message, found.split("\0"))
            exc = _exc.exception_for(err.code, text)
            if type(exc) is _exc.ClientError:  # unresolvable seed, wrong cluster: still a cluster error
                exc = _exc.ClusterError(text, int(err.code))
            lib.aerospike_close(ptr, ffi.new("as_error *"))
            lib.aerospike_destroy(ptr)
            raise exc
        self.ptr = ptr
        self.open = True
        self.fast_ref.client = ptr
        self.fast_ref.open = 1
        _open_clients.add(self)

    def close(self) -> None:
        """Refuse new commands, wait for those in flight, then close and destroy."""
        self.open = False
        self.fast_ref.open = 0
        while self.active or self.fast_ref.active:
            time.sleep(0.001)
        self.destroy()

    def destroy(self) -> None:
        with self._lock:
            ptr, self.ptr = self.ptr, ffi.NULL
        if ptr != ffi.NULL:
            lib.aerospike_close(ptr, ffi.new("as_error *"))  # cffi releases the GIL meanwhile
            lib.aerospike_destroy(ptr)
            _open_clients.discard(self)


def not_connected() -> _exc.ClientError:
    """What every command on a never-connected or closed client raises (as the other clients do)."""
    return _exc.ClientError("Client is not connected. Call connect() first.", -1)


def close_all() -> None:
    """Close every client still open (interpreter exit)."""
    for handle in list(_open_clients):
        handle.close()


class ClientCore:
    """What the sync and async clients share: config, cluster handle, local queries."""

    def __init__(self, config: dict[str, Any]) -> None:
        validate(config)
        self._config = config
        self._handle: Optional[_ClusterHandle] = None

    def is_connected(self) -> bool:
        """True while the client holds an open cluster connection."""
        handle = self._handle
        return handle is not None and handle.open and bool(lib.aerospike_cluster_is_connected(handle.ptr))

    def get_node_names(self) -> list[str]:
        """Names of the cluster nodes the client currently knows."""
        handle = self._handle
        if handle is None or not handle.open:
            raise not_connected()
        handle.active.append(None)
        try:
            return cmd.node_names(handle.ptr) if handle.open else []
        finally:
            handle.active.pop()

    def get_nodes(self) -> list[NodeInfo]:
        """Name, address and port of each node the client currently knows."""
        handle = self._handle
        if handle is None or not handle.open:
            raise not_connected()
        handle.active.append(None)
        try:
            return info.nodes(handle.ptr) if handle.open else []
        finally:
            handle.active.pop()

    def get_key_digest(self, namespace: str, set_name: str, key: Any) -> bytes:
        """The 20-byte digest of a key, computed locally (no server round trip)."""
        return info.key_digest(namespace, set_name, key)

    def get_key_partition_id(self, namespace: str, set_name: str, key: Any) -> int:
        """The partition (0..4095) a key belongs to, computed locally."""
        return info.partition_id(namespace, set_name, key)


class Client(ClientCore):
    """Synchronous Aerospike client.

    ``aerospike_py.client(config).connect()``; use it as a context manager to
    close it on exit.  One client may be shared by many threads.
    """

    # -- lifecycle -----------------------------------------------------------

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> Literal[False]:
        self.close()
        return False

    def connect(self, username: Optional[str] = None, password: Optional[str] = None) -> "Client":
        """Connect to the cluster (a no-op when already connected); returns self."""
        if self._handle is None:
            self._handle = _ClusterHandle(self._config, username, password)
        return self

    def close(self) -> None:
        """Close the cluster connection after commands in flight; safe to call more than once."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()

    def ping(self) -> bool:
        """True when a cluster node answers an info request."""
        if not self.is_connected():
            return False
        try:
            self.info_random_node("build")
        except _exc.AerospikeError:
            return False
        return True

    # -- plumbing ------------------------------------------------------------

    def _run(self, prepare: Callable[..., cmd.Prepared], *args: Any) -> Any:
        if _obs.full and not isinstance(prepare, _obs.Observed):  # tracing or stage profiling
            return _obs.observe_sync(self, self._run, prepare, args)
        handle = self._handle
        if handle is None:
            raise not_connected()
        started = _clock() if _obs.timing else 0.0  # operation metrics (on by default), recorded inline
        try:
            req = _requests.pop()
        except IndexError:  # checked by catching: another thread may take the last one
            req = new_request()
        active = handle.active
        active.append(None)
        try:
            if not handle.open:
                raise not_connected()
            as_ = handle.ptr
            finish, context = prepare(as_, req, *args)
            if lib.aspy_execute(as_, req):
                raise error_from(req)
            result = finish(req, context)
        except Exception as exc:
            if started:
                _obs.record_error(prepare, args, started, exc)
            raise
        finally:
            active.pop()
            _requests.append(req)
        if started:
            _obs.record(prepare, args[0] if args else None, started)
        return result

    # -- info ----------------------------------------------------------------

    def info_all(self, command: str, policy: Optional[dict[str, Any]] = None) -> list[InfoNodeResult]:
        """Send an info command to every node; one ``InfoNodeResult`` per node."""
        return self._run(cmd.prepare_info_all, command, policy)

    def info_random_node(self, command: str, policy: Optional[dict[str, Any]] = None) -> str:
        """Send an info command to one node; its answer without the echoed command."""
        return self._run(cmd.prepare_info_random_node, command, policy)

    def info_single_node(self, command: str, host: Any, policy: Optional[dict[str, Any]] = None) -> str:
        """Send an info command to the node given by name, ``addr:port``, ``(addr, port)`` or ``NodeInfo``."""
        return self._run(info.prepare_info_single_node, command, host, policy)

    # -- key-value -----------------------------------------------------------

    # put and get without meta or policy (the common case) take one C call:
    # the same checks as prepare_put/prepare_get, made by the same C code.

    def put(self, key: Any, bins: dict[str, Any], meta: Optional[dict[str, Any]] = None,
            policy: Optional[dict[str, Any]] = None) -> None:
        """Write ``bins`` to the record (created if missing); ``meta`` sets ttl/gen, ``policy`` a write policy."""
        if meta is None and policy is None:
            done = _fast_put(self._handle, key, bins)
            if done is not NotImplemented:
                return None
        return self._run(cmd.prepare_put, key, bins, meta, policy)

    def get(self, key: Any, policy: Optional[dict[str, Any]] = None) -> Record:
        """Read the whole record; raises ``RecordNotFound`` when it does not exist."""
        if policy is None:
            record = _fast_get(self._handle, key)
            if record is not NotImplemented:
                return record  # type: ignore[no-any-return]
        return self._run(cmd.prepare_get, key, policy)

    def select(self, key: Any, bins: list[str], policy: Optional[dict[str, Any]] = None) -> Record:
        """Read only the named bins of the record."""
        return self._run(cmd.prepare_select, key, bins, policy)

    def exists(self, key: Any, policy: Optional[dict[str, Any]] = None) -> ExistsResult:
        """Metadata of the record, or ``meta=None`` when it does not exist (never raises for a missing record)."""
        return self._run(cmd.prepare_exists, key, policy)

    def remove(self, key: Any, meta: Optional[dict[str, Any]] = None, policy: Optional[dict[str, Any]] = None) -> None:
        """Delete the record; ``meta={'gen': n}`` with a gen policy makes it conditional."""
        return self._run(cmd.prepare_remove, key, meta, policy)

    def touch(self, key: Any, val: int = 0, meta: Optional[dict[str, Any]] = None,
              policy: Optional[dict[str, Any]] = None) -> None:
        """Reset the record's time to live to ``val`` seconds without changing its bins."""
        return self._run(cmd.prepare_touch, key, val, meta, policy)

    def append(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
               policy: Optional[dict[str, Any]] = None) -> None:
        """Append a str or bytes to the end of a bin's value, on the server."""
        return self._run(cmd.prepare_append, key, bin, val, meta, policy)

    def prepend(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
                policy: Optional[dict[str, Any]] = None) -> None:
        """Prepend a str or bytes to the start of a bin's value, on the server."""
        return self._run(cmd.prepare_prepend, key, bin, val, meta, policy)

    def increment(self, key: Any, bin: str, offset: int | float, meta: Optional[dict[str, Any]] = None,
                  policy: Optional[dict[str, Any]] = None) -> None:
        """Add ``offset`` (int or float) to a numeric bin, on the server; the bin is created at 0."""
        return self._run(cmd.prepare_increment, key, bin, offset, meta, policy)

    def remove_bin(self, key: Any, bin_names: list[str], meta: Optional[dict[str, Any]] = None,
                   policy: Optional[dict[str, Any]] = None) -> None:
        """Delete the named bins from the record (the record goes when its last bin does)."""
        return self._run(cmd.prepare_remove_bin, key, bin_names, meta, policy)

    def operate(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                policy: Optional[dict[str, Any]] = None) -> Record:
        """Apply several operations to one record atomically; results grouped per bin."""
        return self._run(cmd.prepare_operate, key, ops, meta, policy)

    def operate_ordered(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                        policy: Optional[dict[str, Any]] = None) -> OperateOrderedResult:
        """As ``operate``, with the results as ``(bin, value)`` pairs in operation order."""
        return self._run(cmd.prepare_operate_ordered, key, ops, meta, policy)

    # -- batch -----------------------------------------------------------------

    def batch_read(self, keys: list[Any], bins: Optional[list[str]] = None,
                   policy: Optional[dict[str, Any]] = None) -> LazyBatchRecords:
        """Read many records in one round trip per node; missing records are results, not errors."""
        return self._run(cmd.prepare_batch_read, keys, bins, policy)

    def batch_operate(self, keys: list[Any], ops: list[dict[str, Any]],
                      policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Apply the same operations to many records; one ``BatchRecord`` per key."""
        return self._run(cmd.prepare_batch_operate, keys, ops, policy)

    def batch_write(self, records: list[Any], policy: Optional[dict[str, Any]] = None,
                    retry: int = 0) -> BatchWriteResult:
        """Write many records, each with its own bins and meta; one ``BatchRecord`` per record."""
        return self._run(cmd.prepare_batch_write, records, policy, retry)

    def batch_write_numpy(self, data: Any, namespace: str, set_name: str, _dtype: Any, key_field: str = "_key",
                          policy: Optional[dict[str, Any]] = None, retry: int = 0) -> BatchWriteResult:
        """Write the rows of a NumPy structured array as records keyed by ``key_field``."""
        return self._run(npb.prepare_batch_write_numpy, data, namespace, set_name, _dtype, key_field, policy, retry)

    def batch_remove(self, keys: list[Any], policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Delete many records; bare keys or ``(key, meta)`` pairs for conditional deletes."""
        return self._run(cmd.prepare_batch_remove, keys, policy)

    # -- indexes and truncate --------------------------------------------------

    def index_integer_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                             policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on an integer bin (waits until it is built)."""
        return self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 0, 0, policy)

    def index_string_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                            policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on a string bin (waits until it is built)."""
        return self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 1, 0, policy)

    def index_geo2dsphere_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                 policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on a GeoJSON bin (waits until it is built)."""
        return self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 3, 0, policy)

    def index_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                     index_datatype: int = 0, index_type: int = 0,
                     policy: Optional[dict[str, Any]] = None, ctx: Optional[list[Any]] = None) -> None:
        """A secondary index of any INDEX_* data type and INDEX_TYPE_* collection type (list, map keys...).

        ``ctx`` (from :mod:`aerospike_py.cdt_ctx`) indexes a value nested inside the bin.
        """
        return self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name,
                         index_datatype, index_type, policy, ctx)

    def index_expr_create(self, namespace: str, set_name: str, index_type: int, index_datatype: int,
                          expression: dict[str, Any], index_name: str,
                          policy: Optional[dict[str, Any]] = None) -> None:
        """A secondary index on the value of an expression (server 8.1+); query it with ``where_with_exp``."""
        return self._run(cmd.prepare_index_expr_create, namespace, set_name, index_type, index_datatype,
                         expression, index_name, policy)

    def index_remove(self, namespace: str, index_name: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Drop a secondary index by name."""
        return self._run(cmd.prepare_index_remove, namespace, index_name, policy)

    def truncate(self, namespace: str, set_name: str, nanos: int = 0,
                 policy: Optional[dict[str, Any]] = None) -> None:
        """Delete every record of a set (or namespace, set ``''``) last updated before ``nanos`` (0: now)."""
        return self._run(cmd.prepare_truncate, namespace, set_name, nanos, policy)

    # -- UDFs and background jobs -------------------------------------------------

    def apply(self, key: Any, module: str, function: str, args: Optional[list[Any]] = None,
              policy: Optional[dict[str, Any]] = None) -> Any:
        """Run a UDF function on one record; returns what the function returns."""
        return self._run(udf.prepare_apply, key, module, function, args, policy)

    def batch_apply(self, keys: list[Any], module: str, function: str, args: Optional[list[Any]] = None,
                    policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Run a UDF function on many records; ``bins`` is ``{'SUCCESS': value}`` or ``{'FAILURE': msg}``."""
        return self._run(udf.prepare_batch_apply, keys, module, function, args, policy)

    def udf_put(self, filename: str, udf_type: int = 0, policy: Optional[dict[str, Any]] = None) -> None:
        """Register a Lua module; returns once every node lists it."""
        return self._run(udf.prepare_udf_put, filename, udf_type, policy)

    def udf_remove(self, module: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Remove a registered module (``.lua`` optional); returns once no node lists it."""
        return self._run(udf.prepare_udf_remove, module, policy)

    def udf_list(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """The registered modules: ``[{'name', 'hash', 'type'}, ...]``."""
        return self._run(udf.prepare_udf_list, policy)

    def udf_get(self, module: str, language: int = 0, policy: Optional[dict[str, Any]] = None) -> str:
        """The source of a registered module."""
        return self._run(udf.prepare_udf_get, module, language, policy)

    def job_info(self, job_id: int, module: str, policy: Optional[dict[str, Any]] = None) -> dict[str, int]:
        """Status of a background job: ``{'status', 'progress_pct', 'records_read'}``."""
        return self._run(udf.prepare_job_info, job_id, module, policy)

    # -- security administration (worker thread on the async client) -------------

    def admin_create_user(self, username: str, password: str, roles: list[str],
                          policy: Optional[dict[str, Any]] = None) -> None:
        """Create a user with a password and roles (security must be enabled)."""
        return self._run(adm.prepare_admin_create_user, username, password, roles, policy)

    def admin_drop_user(self, username: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Delete a user."""
        return self._run(adm.prepare_admin_drop_user, username, policy)

    def admin_change_password(self, username: str, password: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Change a user's password (the client's own user: later logins use the new one)."""
        return self._run(adm.prepare_admin_change_password, username, password, policy)

    def admin_grant_roles(self, username: str, roles: list[str], policy: Optional[dict[str, Any]] = None) -> None:
        """Add roles to a user."""
        return self._run(adm.prepare_admin_grant_roles, username, roles, policy)

    def admin_revoke_roles(self, username: str, roles: list[str], policy: Optional[dict[str, Any]] = None) -> None:
        """Remove roles from a user."""
        return self._run(adm.prepare_admin_revoke_roles, username, roles, policy)

    def admin_query_user_info(self, username: str, policy: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """One user's roles and statistics."""
        return self._run(adm.prepare_admin_query_user_info, username, policy)

    def admin_query_users_info(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Every user's roles and statistics."""
        return self._run(adm.prepare_admin_query_users_info, policy)

    def admin_create_role(self, role: str, privileges: list[Any], policy: Optional[dict[str, Any]] = None,
                          whitelist: Optional[list[str]] = None, read_quota: int = 0, write_quota: int = 0) -> None:
        """Create a role with privileges, and optionally a whitelist and read/write quotas."""
        return self._run(adm.prepare_admin_create_role, role, privileges, policy, whitelist, read_quota,
                         write_quota)

    def admin_drop_role(self, role: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Delete a role."""
        return self._run(adm.prepare_admin_drop_role, role, policy)

    def admin_grant_privileges(self, role: str, privileges: list[Any],
                               policy: Optional[dict[str, Any]] = None) -> None:
        """Add privileges to a role."""
        return self._run(adm.prepare_admin_grant_privileges, role, privileges, policy)

    def admin_revoke_privileges(self, role: str, privileges: list[Any],
                                policy: Optional[dict[str, Any]] = None) -> None:
        """Remove privileges from a role."""
        return self._run(adm.prepare_admin_revoke_privileges, role, privileges, policy)

    def admin_query_role(self, role: str, policy: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """One role's privileges, whitelist and quotas."""
        return self._run(adm.prepare_admin_query_role, role, policy)

    def admin_query_roles(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Every role's privileges, whitelist and quotas."""
        return self._run(adm.prepare_admin_query_roles, policy)

    def admin_set_whitelist(self, role: str, whitelist: list[str], policy: Optional[dict[str, Any]] = None) -> None:
        """Set the client addresses a role may log in from (empty: any)."""
        return self._run(adm.prepare_admin_set_whitelist, role, whitelist, policy)

    def admin_set_quotas(self, role: str, read_quota: int = 0, write_quota: int = 0,
                         policy: Optional[dict[str, Any]] = None) -> None:
        """Set a role's read and write quotas (records per second; 0: unlimited)."""
        return self._run(adm.prepare_admin_set_quotas, role, read_quota, write_quota, policy)

    # -- query -------------------------------------------------------------------

    def query(self, namespace: str, set_name: str) -> "Query":
        """A query on ``namespace``/``set_name``: a scan unless ``where()`` adds a predicate."""
        return Query(self, namespace, set_name)

    def _query_chunks(self, query: QueryBase, policy: Any) -> Iterator[list[Record]]:
        """Records in chunks as they arrive; stopping early stops the query.

        The C query blocks, so it runs in a helper thread (with the GIL
        released) while this thread consumes; a fresh request keeps the
        per-thread one free for callbacks that call back into the client.
        """
        spec, c_policy, queue = query._spec(policy)
        handle = self._handle
        if handle is None:
            raise not_connected()
        if not spec:
            empty_page(query)
            return
        handle.active.append(None)
        try:
            if not handle.open:
                raise not_connected()
            req = new_request()
            prepare_query(handle.ptr, req, spec, c_policy, queue)
            begin_page(req, query)
            runner = threading.Thread(target=lib.aspy_execute, args=(handle.ptr, req), daemon=True,
                                      name="aerospike_py query")
            runner.start()
            done = False
            try:
                while not done:
                    done = bool(lib.aspy_stream_take(req, 200))
                    chunk = take_records(req)
                    if chunk:
                        yield chunk
            finally:
                if not done:
                    lib.aspy_stream_cancel(req)
                runner.join()
            if req.err.code:
                raise error_from(req)
            if done:
                end_page(req, query)
        finally:
            handle.active.pop()


class Query(QueryBase):
    """A secondary-index query, or a scan without ``where()``.

    ``results()`` returns every record; ``foreach()`` and iteration stream
    them as they arrive, holding at most ``record_queue_size`` in memory.
    """

    def results(self, policy: Optional[dict[str, Any]] = None) -> list[Record]:
        """Every matching record (nothing is returned if the query fails midway)."""
        return [record for chunk in self._client._query_chunks(self, policy) for record in chunk]

    def foreach(self, callback: Callable[[Record], Optional[bool]], policy: Optional[dict[str, Any]] = None) -> None:
        """Call ``callback`` per record as it arrives; returning False stops the query."""
        for chunk in self._client._query_chunks(self, policy):
            for record in chunk:
                if callback(record) is False:
                    return

    def records(self, policy: Optional[dict[str, Any]] = None) -> Iterator[Record]:
        """Iterate over the records as they arrive; leaving the loop stops the query."""
        for chunk in self._client._query_chunks(self, policy):
            yield from chunk

    def __iter__(self) -> Iterator[Record]:
        return self.records()

    def execute_background(self, ops: Optional[list[dict[str, Any]]] = None,
                           policy: Optional[dict[str, Any]] = None) -> int:
        """Run ``ops`` (or the UDF given to ``apply()``) on every matching record on the server; the job id."""
        return self._client._run(udf.prepare_query_background, self, ops, policy)
