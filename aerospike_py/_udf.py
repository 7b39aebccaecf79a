"""UDF commands and background jobs, shared by Client and AsyncClient.

Same shape as ``_command``: each ``prepare_*(as_, req, ...)`` checks its
arguments, fills the C request and returns ``(finish, context)``.  ``apply``
and ``batch_apply`` run on the event loops for the async client; module
management, job info and background queries have no event-loop form in the
C client and run in a worker thread there.

``udf_put`` returns once the server has accepted the module (the server
distributes it to the cluster before answering) and every node of the
client's current node list shows it in ``udf-list``; ``udf_remove`` waits
likewise until no node lists it.  Both give up with ``TimeoutError`` after
the info policy's ``timeout`` (1 s when unset).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping
from typing import Any, Optional

from aerospike_py._batch import _user_key
from aerospike_py._binding import lib
from aerospike_py._command import (
    Prepared,
    _check,
    _encode_operations,
    _key_list,
    _opt_choice,
    _opt_flag,
    _set_policy,
    _split_policy,
    record_ttl,
)
from aerospike_py._job_constants import JOB_QUERY, JOB_SCAN, UDF_TYPE_LUA
from aerospike_py._convert import COMMIT_MAP, KEY_MAP, begin, begin_keyless, decode, encode_value, invalid
from aerospike_py.types import AerospikeKey, BatchRecord, BatchWriteResult, Record, RecordMetadata

_APPLY = lib.ASPY_CMD_APPLY
_B_APPLY = lib.ASPY_BATCH_APPLY


_UDF_RECORD_FIELDS = ("ttl", "key", "commit_level", "durable_delete")
_UDF_META_FIELDS = ("module", "function", "args") + _UDF_RECORD_FIELDS


def _name(value: Any, what: str) -> str:
    if type(value) is not str or not value or "\x00" in value:
        raise invalid(f"{what} must be a non-empty str, got {value!r}")
    return value


def _args(args: Any, where: str) -> Any:
    """The UDF arguments as the marshal-safe list the C layer reads."""
    if args is None:
        return []
    if not isinstance(args, (list, tuple)):
        raise invalid(f"{where}: UDF args must be a list, got {type(args).__name__}")
    return encode_value(list(args), f"{where} args")


def _finish_value(req: Any, context: Any) -> Any:
    return decode(req)


def _finish_none(req: Any, context: Any) -> None:
    return None


# --------------------------------------------------------------------------
# Record UDFs
# --------------------------------------------------------------------------


def prepare_apply(as_: Any, req: Any, key: Any, module: Any, function: Any, args: Any, policy: Any) -> Prepared:
    call = (_name(module, "UDF module"), _name(function, "UDF function"), _args(args, "apply"))
    begin(req, _APPLY, key)
    data = marshal.dumps(call, 2)
    _check(req, lib.aspy_request_set_apply(req, data, len(data)))
    _set_policy(as_, req, "apply", "apply", policy)
    return _finish_value, None


def _udf_meta(defaults: Mapping[str, Any], meta: Any, where: str) -> Any:
    """(ttl, key, commit_level, durable_delete) for one record, or None for the client defaults."""
    fields = {f: meta[f] for f in _UDF_RECORD_FIELDS if f in meta} if meta else {}
    merged = {**defaults, **fields}
    if not merged:
        return None
    return (
        record_ttl(merged, where),
        _opt_choice(merged.get("key"), KEY_MAP, "key", "POLICY_KEY_*"),
        _opt_choice(merged.get("commit_level"), COMMIT_MAP, "commit_level", "POLICY_COMMIT_LEVEL_*"),
        _opt_flag(merged.get("durable_delete"), "durable_delete"),
    )


def _finish_batch_apply(req: Any, keys: Any) -> BatchWriteResult:
    """Every record's outcome; ``record.bins`` holds ``SUCCESS`` or ``FAILURE`` when the server sent it."""
    records = []
    for key, (result, in_doubt, digest, gen, ttl, bins) in zip(keys, decode(req)):
        akey = AerospikeKey(key[0], key[1], _user_key(key), digest)
        record = Record(akey, RecordMetadata(gen, ttl), bins) if bins is not None else None
        records.append(BatchRecord(akey, result, record, in_doubt))
    return BatchWriteResult(records)


def prepare_batch_apply(as_: Any, req: Any, keys: Any, module: Any, function: Any, args: Any,
                        policy: Any) -> Prepared:
    items = _key_list(keys)
    module, function = _name(module, "UDF module"), _name(function, "UDF function")
    default_args = _args(args, "batch_apply")
    transport, defaults = _split_policy(policy, _UDF_RECORD_FIELDS)
    plain, entries = [], []
    for index, item in enumerate(items):
        # (key, meta) pairs next to bare keys: a pair's first item is itself a tuple.
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple):
            key, meta = item
            if not isinstance(meta, Mapping):
                raise invalid(f"key {index}: meta must be a dict, got {type(meta).__name__}")
            unknown = set(meta) - set(_UDF_META_FIELDS)
            if unknown:
                raise invalid(f"key {index}: unknown meta field(s): {', '.join(sorted(map(str, unknown)))}")
        else:
            key, meta = item, None
        where = f"key {index}"
        entry_module = _name(meta["module"], f"{where}: 'module'") if meta and "module" in meta else module
        entry_function = _name(meta["function"], f"{where}: 'function'") if meta and "function" in meta else function
        entry_args = _args(meta["args"], where) if meta and "args" in meta else default_args
        plain.append(key)
        entries.append((_B_APPLY, key, entry_module, entry_function, entry_args, _udf_meta(defaults, meta, where)))
    begin_keyless(req, lib.ASPY_CMD_BATCH)
    try:
        data = marshal.dumps(entries, 2)
    except ValueError as exc:
        raise invalid(f"batch keys must be str, int or bytes tuples: {exc}") from None
    _check(req, lib.aspy_request_set_batch(as_, req, data, len(data)))
    _set_policy(as_, req, "batch", "batch", transport)
    return _finish_batch_apply, plain


# --------------------------------------------------------------------------
# Modules (blocking: the async client runs them in a worker thread)
# --------------------------------------------------------------------------


def _file_request(as_: Any, req: Any, kind: int, module: Any, content: Optional[bytes], policy: Any) -> None:
    begin_keyless(req, kind)
    name = _name(module, "UDF module").encode()
    data = content if content is not None else b""
    _check(req, lib.aspy_request_set_udf_file(req, name, data, len(data), content is not None))
    _set_policy(as_, req, "info", "info", policy)


def prepare_udf_put(as_: Any, req: Any, filename: Any, udf_type: Any, policy: Any) -> Prepared:
    if type(filename) is not str or not filename:
        raise invalid(f"filename must be the path of a Lua file, got {filename!r}")
    if udf_type != UDF_TYPE_LUA or type(udf_type) is not int:
        raise invalid(f"udf_type must be 0 (UDF_TYPE_LUA), got {udf_type!r}")
    try:
        with open(filename, "rb") as f:
            content = f.read()
    except OSError as exc:
        raise invalid(f"cannot read UDF file {filename!r}: {exc.strerror}") from None
    _file_request(as_, req, lib.ASPY_CMD_UDF_PUT, os.path.basename(filename), content, policy)
    return _finish_none, None


def prepare_udf_remove(as_: Any, req: Any, module: Any, policy: Any) -> Prepared:
    _file_request(as_, req, lib.ASPY_CMD_UDF_REMOVE, module, None, policy)
    return _finish_none, None


def _finish_udf_list(req: Any, context: Any) -> list[dict[str, Any]]:
    return [{"name": name, "hash": digest, "type": utype} for name, digest, utype in decode(req)]


def prepare_udf_list(as_: Any, req: Any, policy: Any) -> Prepared:
    begin_keyless(req, lib.ASPY_CMD_UDF_LIST)
    _set_policy(as_, req, "info", "info", policy)
    return _finish_udf_list, None


def _finish_udf_get(req: Any, context: Any) -> str:
    content: bytes = decode(req)
    return content.decode("utf-8", "replace")


def prepare_udf_get(as_: Any, req: Any, module: Any, language: Any, policy: Any) -> Prepared:
    if language != UDF_TYPE_LUA or type(language) is not int:
        raise invalid(f"language must be 0 (UDF_TYPE_LUA), got {language!r}")
    _file_request(as_, req, lib.ASPY_CMD_UDF_GET, module, None, policy)
    return _finish_udf_get, None


# --------------------------------------------------------------------------
# Background jobs
# --------------------------------------------------------------------------


def _finish_job_info(req: Any, context: Any) -> dict[str, int]:
    status, progress, records = decode(req)
    return {"status": status, "progress_pct": progress, "records_read": records}


def prepare_job_info(as_: Any, req: Any, job_id: Any, module: Any, policy: Any) -> Prepared:
    if type(job_id) is not int or not 0 <= job_id < 2**64:
        raise invalid(f"job_id must be an int from 0 to 2**64-1, got {job_id!r}")
    if module not in (JOB_QUERY, JOB_SCAN):
        raise invalid(f"module must be JOB_QUERY or JOB_SCAN, got {module!r}")
    begin_keyless(req, lib.ASPY_CMD_JOB_INFO)
    _check(req, lib.aspy_request_set_job(req, module.encode(), job_id))
    _set_policy(as_, req, "info", "info", policy)
    return _finish_job_info, None


def _finish_job_id(req: Any, context: Any) -> int:
    job_id: int = decode(req)
    return job_id & 0xFFFFFFFFFFFFFFFF


def prepare_query_background(as_: Any, req: Any, query: Any, ops: Any, policy: Any) -> Prepared:
    """A query run by the server on every matching record: ``ops`` or the query's UDF (``Query.apply``)."""
    udf = query._udf
    if ops is not None:
        job: tuple[Any, ...] = (_encode_operations(ops),)
        if not job[0]:
            raise invalid("execute_background needs at least one operation")
    elif udf is not None:
        job = udf
    else:
        raise invalid("execute_background needs operations or a UDF set with Query.apply()")
    spec, _, queue = query._spec(None)
    if not spec:
        raise invalid("execute_background cannot run on an empty partition filter")
    begin_keyless(req, lib.ASPY_CMD_QUERY_BACKGROUND)
    _check(req, lib.aspy_request_set_query(req, spec, len(spec), queue))
    data = marshal.dumps(job, 2)
    _check(req, lib.aspy_request_set_background(req, data, len(data)))
    _set_policy(as_, req, "write", "write", policy)
    return _finish_job_id, None


def udf_call(module: Any, function: Any, args: Any) -> tuple[str, str, Any]:
    """The checked (module, function, args) of ``Query.apply``."""
    return _name(module, "UDF module"), _name(function, "UDF function"), _args(args, "query apply")

