"""The official client's ``Client``, ``Query`` and ``Scan`` over this client's command layer.

Each method translates its arguments (:mod:`._translate`), runs the same
``prepare_*`` function as :class:`aerospike_py.Client` through its ``_run``
path, and translates the result and any error back. No command is written here.
"""

from __future__ import annotations

import base64
import functools
import os
from typing import Any, Callable, Optional, TypeVar

from aerospike_py import _admin as adm
from aerospike_py import _command as cmd
from aerospike_py import _exp_compile
from aerospike_py import _info
from aerospike_py import _mixed as mixed
from aerospike_py import _stats
from aerospike_py import _udf as udf
from aerospike_py import exception as _ours
from aerospike_py._client import Client as _CoreClient
from aerospike_py._client import not_connected
from aerospike_py._client import Query as _CoreQuery
from aerospike_py._query import PartitionFilter
from aerospike_py.legacy import _constants as C
from aerospike_py.legacy import _translate as T
from aerospike_py.legacy._values import bins_in, bins_out
from aerospike_py.legacy.exception import ClusterError, InvalidPrivilege, LuaFileNotFound, from_error, param_error
from aerospike_py.legacy.helpers.metrics import ClusterStats, ConnectionStats, NodeStats
from aerospike_py.legacy.helpers.batch.records import Apply, BatchRecord, BatchRecords, Read, Remove, Write

F = TypeVar("F", bound=Callable[..., Any])

# Official INDEX_* data types -> this client's.
_INDEX_DATATYPES = {C.INDEX_NUMERIC: 0, C.INDEX_INTEGER: 0, C.INDEX_STRING: 1, C.INDEX_BLOB: 2,
                    C.INDEX_GEO2DSPHERE: 3}
_JOB_MODULES = {C.JOB_SCAN: "scan", C.JOB_QUERY: "query"}


_NOT_CONNECTED = not_connected().msg


def _official_errors(method: F) -> F:
    """Errors of this client leave a facade method as the official client's classes."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except _ours.AerospikeError as exc:
            if type(exc) is _ours.ClientError and exc.msg == _NOT_CONNECTED:
                raise ClusterError(11, "No connection to aerospike cluster", None, None, False) from None
            raise from_error(exc) from None
    return wrapper  # type: ignore[return-value]


def _index_datatype(value: Any) -> int:
    found = _INDEX_DATATYPES.get(value) if type(value) is int else None
    if found is None:
        raise param_error(f"index_datatype must be an INDEX_* constant, got {value!r}")
    return found


# What the official client reports as the record of a removed (or not found) key in batch_remove.
_REMOVED_META = {"gen": 0, "ttl": 0xFFFFFFFF}


def _batch_records(found: Any, keys: list[Any], with_record: bool = True) -> BatchRecords:
    """This client's per-key batch outcomes as an official ``BatchRecords`` (keys with their digests).

    As in the official client, a failed key has no record, and the batch's ``result`` is
    BATCH_FAILED (-16) when a key failed for another reason than not being found.
    """
    out = []
    failed = False
    for key, row in zip(keys, found.batch_records):
        pk = key[2] if len(key) > 2 else None
        rec_key = T.out_key(row.key, pk) if row.key is not None else key
        rec = BatchRecord(rec_key)
        rec.result = row.result
        rec.in_doubt = row.in_doubt
        if not with_record:
            rec.record = (rec_key, dict(_REMOVED_META), {})
        elif row.record is not None and row.result == 0:
            rec.record = T.record(row.record)
            bins_out(rec.record[2])
        failed = failed or row.result not in (0, 2)
        out.append(rec)
    result = BatchRecords(out)
    result.result = -16 if failed else 0
    return result


class Client:
    """The official ``aerospike.Client`` API; ``aerospike_py.legacy.client(config)`` builds one."""

    def __init__(self, config: Any) -> None:
        self._config = T.config(config)
        try:
            self._core = _CoreClient(self._config)
            self._core.connect()  # the official client connects when it is created
        except _ours.AerospikeError as exc:
            raise from_error(exc) from None

    def _run(self, prepare: Callable[..., Any], *args: Any) -> Any:
        return self._core._run(prepare, *args)

    # -- lifecycle ---------------------------------------------------------------

    @_official_errors
    def connect(self, username: Optional[str] = None, password: Optional[str] = None) -> "Client":
        """Reconnect after ``close()`` (the client is connected from its creation); returns self."""
        if not self._core.is_connected():
            self._core.close()
            self._core.connect(username, password)
        return self

    def close(self) -> None:
        self._core.close()

    def is_connected(self) -> bool:
        return self._core.is_connected()

    def shm_key(self) -> None:
        """Shared-memory tending is not used by this client."""
        return None

    # -- key-value ---------------------------------------------------------------

    @_official_errors
    def put(self, key: Any, bins: Any, meta: Any = None, policy: Any = None, serializer: Any = None) -> int:
        self._run(cmd.prepare_put, T.key(key), bins_in(bins), T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def get(self, key: Any, policy: Any = None) -> tuple[Any, Any, Any]:
        found = self._run(cmd.prepare_get, T.key(key), T.policy(policy))
        return T.record(found._replace(bins=bins_out(found.bins)), keep_user_key=False)

    @_official_errors
    def select(self, key: Any, bins: Any, policy: Any = None) -> tuple[Any, Any, Any]:
        found = self._run(cmd.prepare_select, T.key(key), bins, T.policy(policy))
        return T.record(found._replace(bins=bins_out(found.bins)))

    @_official_errors
    def exists(self, key: Any, policy: Any = None) -> tuple[Any, Any]:
        found = self._run(cmd.prepare_exists, T.key(key), T.policy(policy))
        return (T.out_key(found.key, found.key[2]), T.out_meta(found.meta))

    @_official_errors
    def remove(self, key: Any, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_remove, T.key(key), T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def touch(self, key: Any, val: int = 0, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_touch, T.key(key), T.ttl(val), T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def append(self, key: Any, bin: str, val: Any, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_append, T.key(key), bin, val, T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def prepend(self, key: Any, bin: str, val: Any, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_prepend, T.key(key), bin, val, T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def increment(self, key: Any, bin: str, offset: Any, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_increment, T.key(key), bin, offset, T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def remove_bin(self, key: Any, list: Any, meta: Any = None, policy: Any = None) -> int:
        self._run(cmd.prepare_remove_bin, T.key(key), list, T.meta(meta), T.policy(policy))
        return 0

    @_official_errors
    def operate(self, key: Any, list: Any, meta: Any = None, policy: Any = None) -> tuple[Any, Any, Any]:
        """Results per bin; a bin with several results keeps the last, as the official client does."""
        found = self._run(mixed.prepare_operate_pairs, T.key(key), T.operations(list), _op_meta(list, meta),
                          T.policy(policy))
        bins = bins_out({name: value for name, value in found.ordered_bins})
        return (T.out_key(found.key, found.key[2]), T.out_meta(found.meta), bins)

    @_official_errors
    def operate_ordered(self, key: Any, list: Any, meta: Any = None, policy: Any = None) -> tuple[Any, Any, Any]:
        found = self._run(mixed.prepare_operate_pairs, T.key(key), T.operations(list), _op_meta(list, meta),
                          T.policy(policy))
        pairs = [(name, value) for name, value in found.ordered_bins]
        return (T.out_key(found.key, found.key[2]), T.out_meta(found.meta), pairs)

    # -- batch -------------------------------------------------------------------

    @_official_errors
    def batch_read(self, keys: Any, bins: Any = None, policy: Any = None) -> BatchRecords:
        keys = [T.key(k) for k in _key_list(keys)]
        found = self._run(cmd.prepare_batch_read, keys, bins, T.policy(policy))
        return _batch_records(found, keys)

    @_official_errors
    def get_many(self, keys: Any, policy: Any = None) -> list[Any]:
        """The records of ``keys`` in order; a missing record's meta and bins are None."""
        return [r.record if r.record is not None else (_keyed(r.key), None, None)
                for r in self.batch_read(keys, None, policy).batch_records]

    @_official_errors
    def select_many(self, keys: Any, bins: Any, policy: Any = None) -> list[Any]:
        return [r.record if r.record is not None else (_keyed(r.key), None, None)
                for r in self.batch_read(keys, bins, policy).batch_records]

    @_official_errors
    def exists_many(self, keys: Any, policy: Any = None) -> list[Any]:
        return [(r.record[0], r.record[1]) if r.record is not None else (_keyed(r.key), None)
                for r in self.batch_read(keys, [], policy).batch_records]

    @_official_errors
    def batch_operate(self, keys: Any, ops: Any, policy_batch: Any = None, policy_batch_write: Any = None,
                      ttl: Any = None) -> BatchRecords:
        keys = [T.key(k) for k in _key_list(keys)]
        merged = dict(T.policy(policy_batch) or {})
        merged.update(T.policy(policy_batch_write) or {})
        if ttl is not None:
            merged["ttl"] = T.ttl(ttl)
        found = self._run(mixed.prepare_batch_operate_pairs, keys, T.operations(ops), merged or None)
        return _batch_records(found, keys)

    @_official_errors
    def batch_remove(self, keys: Any, policy_batch: Any = None, policy_batch_remove: Any = None) -> BatchRecords:
        keys = [T.key(k) for k in _key_list(keys)]
        merged = dict(T.policy(policy_batch) or {})
        merged.update(T.policy(policy_batch_remove) or {})
        found = self._run(cmd.prepare_batch_remove, keys, merged or None)
        return _batch_records(found, keys, with_record=False)

    @_official_errors
    def batch_apply(self, keys: Any, module: str, function: str, args: Any, policy_batch: Any = None,
                    policy_batch_apply: Any = None) -> BatchRecords:
        keys = [T.key(k) for k in _key_list(keys)]
        merged = dict(T.policy(policy_batch) or {})
        merged.update(T.policy(policy_batch_apply) or {})
        found = self._run(udf.prepare_batch_apply, keys, module, function, args, merged or None)
        return _batch_records(found, keys)

    @_official_errors
    def batch_write(self, batch_records: Any, policy_batch: Any = None) -> BatchRecords:
        """Runs every ``Read``/``Write``/``Apply``/``Remove`` and fills in its result, as the official client."""
        if not isinstance(batch_records, BatchRecords):
            raise param_error("batch_write takes a BatchRecords object")
        entries = [_entry(rec, i) for i, rec in enumerate(batch_records.batch_records)]
        found = self._run(mixed.prepare_batch_records, entries, T.policy(policy_batch))
        for rec, row in zip(batch_records.batch_records, found.batch_records):
            rec.result = row.result
            rec.in_doubt = row.in_doubt
            if row.record is not None:
                rec.record = T.record(row.record)
                bins_out(rec.record[2])
        batch_records.result = 0
        return batch_records

    # -- UDFs --------------------------------------------------------------------

    @_official_errors
    def apply(self, key: Any, module: str, function: str, args: Any, policy: Any = None) -> Any:
        return self._run(udf.prepare_apply, T.key(key), module, function, args, T.policy(policy))

    @_official_errors
    def udf_put(self, filename: str, udf_type: int = 0, policy: Any = None) -> int:
        if isinstance(filename, str) and not os.path.isfile(filename):
            raise LuaFileNotFound(1302, "cannot open script file", None, None, False)
        self._run(udf.prepare_udf_put, filename, udf_type, T.policy(policy))
        return 0

    @_official_errors
    def udf_remove(self, module: str, policy: Any = None) -> int:
        self._run(udf.prepare_udf_remove, module, T.policy(policy))
        return 0

    @_official_errors
    def udf_list(self, policy: Any = None) -> list[Any]:
        """Registered modules: ``name``, ``hash`` and ``content`` as bytearrays, ``type``, as the official client."""
        found: list[Any] = self._run(udf.prepare_udf_list, T.policy(policy))
        return [{"name": e["name"], "hash": bytearray(str(e["hash"]).encode()), "type": e["type"],
                 "content": bytearray()} for e in found]

    @_official_errors
    def udf_get(self, module: str, language: int = 0, policy: Any = None) -> str:
        found: str = self._run(udf.prepare_udf_get, module, language, T.policy(policy))
        return found

    @_official_errors
    def job_info(self, job_id: int, module: str, policy: Any = None) -> dict[str, Any]:
        found: dict[str, Any] = self._run(udf.prepare_job_info, job_id, _JOB_MODULES.get(module, module),
                                          T.policy(policy))
        return found

    # -- indexes and truncate ---------------------------------------------------------

    def _index(self, ns: str, set: Any, bin: str, name: str, datatype: int, index_type: int, policy: Any,
               ctx: Any = None) -> int:
        self._run(cmd.prepare_index_create, ns, set, bin, name, _index_datatype(datatype), index_type,
                  T.policy(policy), T.ctx(ctx))
        return 0

    @_official_errors
    def index_integer_create(self, ns: str, set: Any, bin: str, name: str, policy: Any = None) -> int:
        return self._index(ns, set, bin, name, C.INDEX_NUMERIC, 0, policy)

    @_official_errors
    def index_string_create(self, ns: str, set: Any, bin: str, name: str, policy: Any = None) -> int:
        return self._index(ns, set, bin, name, C.INDEX_STRING, 0, policy)

    @_official_errors
    def index_blob_create(self, ns: str, set: Any, bin: str, name: str, policy: Any = None) -> int:
        return self._index(ns, set, bin, name, C.INDEX_BLOB, 0, policy)

    @_official_errors
    def index_geo2dsphere_create(self, ns: str, set: Any, bin: str, name: str, policy: Any = None) -> int:
        return self._index(ns, set, bin, name, C.INDEX_GEO2DSPHERE, 0, policy)

    @_official_errors
    def index_single_value_create(self, ns: str, set: Any, bin: str, index_datatype: int, name: str,
                                  policy: Any = None, ctx: Any = None) -> int:
        return self._index(ns, set, bin, name, index_datatype, C.INDEX_TYPE_DEFAULT, policy, ctx)

    @_official_errors
    def index_list_create(self, ns: str, set: Any, bin: str, index_datatype: int, name: str,
                          policy: Any = None, ctx: Any = None) -> int:
        return self._index(ns, set, bin, name, index_datatype, C.INDEX_TYPE_LIST, policy, ctx)

    @_official_errors
    def index_map_keys_create(self, ns: str, set: Any, bin: str, index_datatype: int, name: str,
                              policy: Any = None, ctx: Any = None) -> int:
        return self._index(ns, set, bin, name, index_datatype, C.INDEX_TYPE_MAPKEYS, policy, ctx)

    @_official_errors
    def index_map_values_create(self, ns: str, set: Any, bin: str, index_datatype: int, name: str,
                                policy: Any = None, ctx: Any = None) -> int:
        return self._index(ns, set, bin, name, index_datatype, C.INDEX_TYPE_MAPVALUES, policy, ctx)

    @_official_errors
    def index_cdt_create(self, ns: str, set: Any, bin: str, index_type: int, index_datatype: int, name: str,
                         ctx: Any, policy: Any = None) -> int:
        return self._index(ns, set, bin, name, index_datatype, index_type, policy, ctx)

    @_official_errors
    def index_expr_create(self, ns: str, set: Any, index_type: int, index_datatype: int, expressions: Any,
                          name: str, policy: Any = None) -> int:
        self._run(cmd.prepare_index_expr_create, ns, set, index_type, _index_datatype(index_datatype),
                  T.expression(expressions), name, T.policy(policy))
        return 0

    @_official_errors
    def index_remove(self, ns: str, name: str, policy: Any = None) -> int:
        self._run(cmd.prepare_index_remove, ns, name, T.policy(policy))
        return 0

    @_official_errors
    def truncate(self, namespace: str, set: Any, nanos: int, policy: Any = None) -> int:
        self._run(cmd.prepare_truncate, namespace, set, nanos, T.policy(policy))
        return 0

    # -- info ----------------------------------------------------------------------

    @_official_errors
    def info_all(self, command: str, policy: Any = None) -> dict[str, Any]:
        """``{node_name: (error, response)}``, ``error`` None on success."""
        found = self._run(cmd.prepare_info_all, command, T.policy(policy))
        return {r.node_name: (r.error_code or None, r.response + "\n") for r in found}

    @_official_errors
    def info_random_node(self, command: str, policy: Any = None) -> str:
        found: str = self._run(cmd.prepare_info_random_node, command, T.policy(policy))
        return f"{command}\t{found}\n"

    @_official_errors
    def info_single_node(self, command: str, host: Any, policy: Any = None) -> str:
        found: str = self._run(_info.prepare_info_single_node, command, host, T.policy(policy))
        return f"{command}\t{found}\n"

    @_official_errors
    def get_node_names(self) -> list[dict[str, Any]]:
        """``{"address", "port", "node_name"}`` per node, as the official client lists them."""
        return [{"address": n.address, "port": n.port, "node_name": n.name} for n in self._core.get_nodes()]

    @_official_errors
    def get_nodes(self) -> list[tuple[str, int]]:
        """``(address, port)`` of each node."""
        return [(n.address, n.port) for n in self._core.get_nodes()]

    @_official_errors
    def get_stats(self) -> ClusterStats:
        """Connection and error counters per node (the C client's own, read locally)."""
        found = _stats.client_stats(self._core)
        out = ClusterStats()
        out.retry_count, out.thread_pool_queued_tasks = found.retry_count, found.thread_pool_queued_tasks
        out.recover_queue_size, out.nodes = found.recover_queue_size, []
        for n in found.nodes:
            node = NodeStats()
            node.name, node.address, node.port = n.name, n.address, n.port
            node.error_count, node.timeout_count, node.key_busy_count = n.error_count, n.timeout_count, n.key_busy_count
            node.conns = ConnectionStats()
            for field, value in n.conns._asdict().items():
                setattr(node.conns, field, value)
            out.nodes.append(node)
        return out

    @_official_errors
    def get_policies(self) -> dict[str, dict[str, Any]]:
        """The effective policy defaults per kind (the configuration's, C client defaults filled in)."""
        return _stats.client_policies(self._core)

    @_official_errors
    def get_expression_base64(self, compiled_expression: Any) -> str:
        """The wire form of a compiled expression, base64-encoded (as other clients and tools take it)."""
        wire = _exp_compile.compile_expression(T.expression(compiled_expression), "expression")
        return base64.b64encode(wire).decode()

    @_official_errors
    def get_cdtctx_base64(self, compiled_cdtctx: Any) -> str:
        """The wire form of a ``cdt_ctx`` list, base64-encoded."""
        if not isinstance(compiled_cdtctx, list) or not compiled_cdtctx:
            raise param_error("cdt ctx must be a non-empty list of cdt_ctx items")
        try:
            wire = _exp_compile._ctx({"ctx": T.ctx(compiled_cdtctx)}, "ctx")
        except _exp_compile.ExpError as err:
            raise param_error(str(err)) from None
        return base64.b64encode(wire or b"").decode()

    @_official_errors
    def get_key_digest(self, ns: str, set: Any, key: Any) -> bytearray:
        return bytearray(self._core.get_key_digest(ns, set, key))

    @_official_errors
    def get_key_partition_id(self, ns: str, set: Any, key: Any) -> int:
        return self._core.get_key_partition_id(ns, set, key)

    # -- admin -----------------------------------------------------------------------

    @_official_errors
    def admin_create_user(self, username: str, password: str, roles: list[str], policy: Any = None) -> int:
        self._run(adm.prepare_admin_create_user, username, password, roles, T.policy(policy))
        return 0

    @_official_errors
    def admin_drop_user(self, username: str, policy: Any = None) -> int:
        self._run(adm.prepare_admin_drop_user, username, T.policy(policy))
        return 0

    @_official_errors
    def admin_change_password(self, username: str, password: str, policy: Any = None) -> int:
        """One's own password (the official client refuses when it has no user to change from)."""
        if not self._config.get("user"):
            raise param_error("Current hashed password is invalid")
        self._run(adm.prepare_admin_change_password, username, password, T.policy(policy))
        return 0

    @_official_errors
    def admin_set_password(self, username: str, password: str, policy: Any = None) -> int:
        self._run(adm.prepare_admin_change_password, username, password, T.policy(policy))
        return 0

    @_official_errors
    def admin_grant_roles(self, username: str, roles: list[str], policy: Any = None) -> int:
        self._run(adm.prepare_admin_grant_roles, username, roles, T.policy(policy))
        return 0

    @_official_errors
    def admin_revoke_roles(self, username: str, roles: list[str], policy: Any = None) -> int:
        self._run(adm.prepare_admin_revoke_roles, username, roles, T.policy(policy))
        return 0

    @_official_errors
    def admin_query_user_info(self, user: str, policy: Any = None) -> dict[str, Any]:
        found: dict[str, Any] = self._run(adm.prepare_admin_query_user_info, user, T.policy(policy))
        return _user_out(found)

    @_official_errors
    def admin_query_users_info(self, policy: Any = None) -> dict[str, Any]:
        """``{user: info}`` for every user."""
        found = self._run(adm.prepare_admin_query_users_info, T.policy(policy))
        return {u["user"]: _user_out(u) for u in found}

    @_official_errors
    def admin_create_role(self, role: str, privileges: list[Any], policy: Any = None, whitelist: Any = None,
                          read_quota: int = 0, write_quota: int = 0) -> int:
        _check_privileges(privileges)
        self._run(adm.prepare_admin_create_role, role, privileges, T.policy(policy), whitelist or [],
                  read_quota, write_quota)
        return 0

    @_official_errors
    def admin_drop_role(self, role: str, policy: Any = None) -> int:
        self._run(adm.prepare_admin_drop_role, role, T.policy(policy))
        return 0

    @_official_errors
    def admin_grant_privileges(self, role: str, privileges: list[Any], policy: Any = None) -> int:
        _check_privileges(privileges)
        self._run(adm.prepare_admin_grant_privileges, role, privileges, T.policy(policy))
        return 0

    @_official_errors
    def admin_revoke_privileges(self, role: str, privileges: list[Any], policy: Any = None) -> int:
        _check_privileges(privileges)
        self._run(adm.prepare_admin_revoke_privileges, role, privileges, T.policy(policy))
        return 0

    @_official_errors
    def admin_get_role(self, role: str, policy: Any = None) -> dict[str, Any]:
        found: dict[str, Any] = self._run(adm.prepare_admin_query_role, role, T.policy(policy))
        return _role_out(found)

    @_official_errors
    def admin_get_roles(self, policy: Any = None) -> dict[str, Any]:
        found = self._run(adm.prepare_admin_query_roles, T.policy(policy))
        return {r["name"]: _role_out(r) for r in found}

    @_official_errors
    def admin_query_role(self, role: str, policy: Any = None) -> list[Any]:
        """The role's privileges."""
        return list(self.admin_get_role(role, policy).get("privileges", []))

    @_official_errors
    def admin_query_roles(self, policy: Any = None) -> dict[str, Any]:
        """``{role: privileges}``."""
        return {name: list(r.get("privileges", [])) for name, r in self.admin_get_roles(policy).items()}

    @_official_errors
    def admin_set_whitelist(self, role: str, whitelist: list[str], policy: Any = None) -> int:
        self._run(adm.prepare_admin_set_whitelist, role, whitelist, T.policy(policy))
        return 0

    @_official_errors
    def admin_set_quotas(self, role: str, read_quota: int = 0, write_quota: int = 0, policy: Any = None) -> int:
        self._run(adm.prepare_admin_set_quotas, role, read_quota, write_quota, T.policy(policy))
        return 0

    # -- queries ---------------------------------------------------------------------

    def query_apply(self, ns: str, set: Any, predicate: Any, module: str, function: str, args: Any = None,
                    policy: Any = None) -> int:
        """A background query applying a record UDF to each match; returns the job id for ``job_info``."""
        if not isinstance(predicate, tuple):
            raise param_error("Predicate must be a tuple")
        query = self.query(ns, set)
        query.where(predicate)
        query.apply(module, function, args)
        return query.execute_background(policy)

    def scan_apply(self, ns: str, set: Any, module: str, function: str, args: Any = None, policy: Any = None,
                   options: Any = None) -> int:
        """A background scan applying a record UDF to each record; returns the job id for ``job_info``.

        ``options`` (the official scan options dict) changes nothing here.
        """
        scan = self.scan(ns, set)
        scan.apply(module, function, args)
        return scan.execute_background(policy)

    def query(self, namespace: str, set: Optional[str] = None) -> "Query":
        return Query(self, namespace, set)

    def scan(self, namespace: str, set: Optional[str] = None) -> "Scan":
        return Scan(self, namespace, set)


_RECORD_POLICY_FIELDS = ("key", "exists", "commit_level", "durable_delete", "ttl", "filter_expression")


def _user_out(info: dict[str, Any]) -> dict[str, Any]:
    """A user's info as the official client gives it: without the name it was asked by."""
    return {k: v for k, v in info.items() if k != "user"}


def _role_out(role: dict[str, Any]) -> dict[str, Any]:
    """A role as the official client gives it: ``privileges``, ``whitelist`` and the quotas."""
    return {"privileges": role.get("privileges", []), "whitelist": role.get("allowlist", []),
            "read_quota": role.get("read_quota", 0), "write_quota": role.get("write_quota", 0)}


def _check_privileges(privileges: Any) -> None:
    """An int privilege code this client does not know is the server's answer there: InvalidPrivilege."""
    if isinstance(privileges, (list, tuple)):
        for p in privileges:
            code = p.get("code") if isinstance(p, dict) else None
            if type(code) is int and code not in adm.PRIVILEGE_CODES.values():
                raise InvalidPrivilege(72, f"AEROSPIKE_INVALID_PRIVILEGE: unknown privilege code {code}", None,
                                       None, False)


def _record_meta(meta: Any, policy: Any) -> Any:
    """A batch record's own meta and policy as one per-record meta dict (None when empty)."""
    out = {k: v for k, v in (T.policy(policy) or {}).items() if k in _RECORD_POLICY_FIELDS and v is not None}
    out.update(T.meta(meta) or {})
    return out or None


def _entry(rec: Any, index: int) -> tuple[Any, ...]:
    """One official batch record as a ``_mixed`` entry."""
    key = T.key(rec.key)
    if isinstance(rec, Read):
        if rec.ops is None:
            return ("read", key, None if rec.read_all_bins else [])
        return ("operate", key, T.operations(rec.ops), _record_meta(rec.meta, rec.policy))
    if isinstance(rec, Write):
        return ("operate", key, T.operations(rec.ops), _record_meta(rec.meta, rec.policy))
    if isinstance(rec, Remove):
        meta = {k: v for k, v in (_record_meta(None, rec.policy) or {}).items()
                if k in ("key", "commit_level", "durable_delete", "filter_expression")}
        gen = (rec.policy or {}).get("generation")
        if gen:
            meta["gen"] = gen
        return ("remove", key, meta or None)
    if isinstance(rec, Apply):
        meta = {k: v for k, v in (_record_meta(None, rec.policy) or {}).items()
                if k in ("key", "commit_level", "durable_delete", "ttl")}
        return ("apply", key, rec.module, rec.function, rec.args, meta or None)
    raise param_error(f"batch record {index} must be a Read, Write, Apply or Remove, got {type(rec).__name__}")


def _op_meta(ops: Any, meta: Any) -> Any:
    """``meta`` with the ttl of a ``touch(ttl)`` operation, which the official client applies to the record."""
    ttl = T.touch_ttl(ops)
    out = T.meta(meta)
    if ttl is not None and not (out and "ttl" in out):
        out = dict(out or {})
        out["ttl"] = T.ttl(ttl)
    return out


def _key_list(keys: Any) -> list[Any]:
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple)):
        raise param_error(f"keys must be a list of key tuples, got {type(keys).__name__}")
    return list(keys)


def _keyed(key: Any) -> Any:
    """A request key as the official client echoes it (digest as a bytearray when given)."""
    if len(key) == 4 and key[3] is not None:
        return (key[0], key[1], key[2], bytearray(key[3]))
    return key


class Scan:
    """The official ``Scan``: a query without a predicate, on the same query path."""

    def __init__(self, client: Client, namespace: str, set: Optional[str]) -> None:
        self._client = client
        try:
            self._inner = _CoreQuery(client._core, namespace, set)
        except _ours.AerospikeError as exc:
            raise from_error(exc) from None
        self._ops: Optional[list[dict[str, Any]]] = None

    def select(self, *bins: str) -> None:
        self._wrap(self._inner.select, *bins)

    def _wrap(self, call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except _ours.AerospikeError as exc:
            raise from_error(exc) from None

    @staticmethod
    def _policy(policy: Any) -> Any:
        translated = T.policy(policy)
        if translated and isinstance(translated.get("partition_filter"), dict):
            pf = translated["partition_filter"]
            translated["partition_filter"] = PartitionFilter(pf.get("begin", 0), pf.get("count", 4096))
        return translated

    def results(self, policy: Any = None, options: Any = None, nodename: Any = None) -> list[Any]:
        found = self._wrap(self._inner.results, self._policy(policy))
        return [T.record(r._replace(bins=bins_out(r.bins))) for r in found]

    def foreach(self, callback: Callable[[Any], Any], policy: Any = None, options: Any = None,
                nodename: Any = None) -> None:
        def each(found: Any) -> Any:
            return callback(T.record(found._replace(bins=bins_out(found.bins))))
        self._wrap(self._inner.foreach, each, self._policy(policy))

    def paginate(self) -> None:
        self._inner.paginate()

    def is_done(self) -> bool:
        return self._inner.is_done()

    def apply(self, module: str, function: str, arguments: Any = None) -> None:
        self._wrap(self._inner.apply, module, function, arguments)

    def add_ops(self, ops: list[Any]) -> None:
        self._ops = T.operations(ops)

    def execute_background(self, policy: Any = None) -> int:
        found: int = self._wrap(self._inner.execute_background, self._ops, self._policy(policy))
        return found


class Query(Scan):
    """The official ``Query``: ``where`` takes a predicate from ``aerospike_py.legacy.predicates``."""

    def where(self, predicate: tuple[Any, ...], ctx: Any = None) -> None:
        if ctx:
            predicate = (*predicate, T.ctx(ctx))
        self._wrap(self._inner.where, predicate)

    def where_with_expr(self, expr: Any, predicate: tuple[Any, ...]) -> "Query":
        """Query the expression index built from ``expr``; the predicate's bin name (often None) is not used."""
        if isinstance(predicate, tuple) and len(predicate) > 1 and predicate[1] is None:
            predicate = (predicate[0], "exp", *predicate[2:])
        self._wrap(self._inner.where_with_exp, T.expression(expr), predicate)
        return self


def client(config: Any) -> Client:
    """A client for ``config`` (the official configuration keys); call ``connect()`` before use."""
    return Client(config)

