"""The command layer shared by Client and AsyncClient.

Each ``prepare_*(as_, req, *args)`` checks a method's arguments, fills the C
request ``req`` and returns ``(finish, context)``: ``finish(req, context)``
turns the executed request into the method's result.  The sync client runs
the request with a blocking call (reusing one request per thread), the async
client on the C client's event loop (a fresh request per command); neither
knows anything else about the command.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from typing import Any

from aerospike_py._binding import ffi, lib
from aerospike_py._convert import (
    COMMIT_MAP,
    EXISTS_MAP,
    GEN_MAP,
    INT64_MAX,
    INT64_MIN,
    KEY_MAP,
    UINT32_MAX,
    apply_policy,
    begin,
    begin_keyless,
    wire_key,
    decode,
    encode_bins,
    encode_value,
    error_from,
    invalid,
    meta_ttl_gen,
    _revive,
)
from aerospike_py import _fastbatch
from aerospike_py._logging import logger as _log
from aerospike_py._batch import LazyBatchRecords, _user_key, batch_record
from aerospike_py._exp_compile import EXP_OPERATORS as _EXP_OPERATORS, compile_expression, encode_exp_operation
from aerospike_py._ops import CDT_CODES, encode_cdt_operation, encode_ctx
from aerospike_py.types import (
    AerospikeKey,
    BatchRetryInfo,
    BatchWriteResult,
    BinTuple,
    ExistsResult,
    InfoNodeResult,
    OperateOrderedResult,
    Record,
    RecordMetadata,
)

Finish = Callable[[Any, Any], Any]
Prepared = tuple[Finish, Any]

AEROSPIKE_ERR_RECORD_NOT_FOUND = 2

OPERATOR_READ = 1
OPERATOR_WRITE = 2
OPERATOR_INCR = 5
OPERATOR_APPEND = 9
OPERATOR_PREPEND = 10
OPERATOR_TOUCH = 11
OPERATOR_DELETE = 12
_BASIC_OPERATORS = frozenset(
    (OPERATOR_READ, OPERATOR_WRITE, OPERATOR_INCR, OPERATOR_APPEND, OPERATOR_PREPEND, OPERATOR_TOUCH, OPERATOR_DELETE)
)

_GET = lib.ASPY_CMD_GET
_SELECT = lib.ASPY_CMD_SELECT
_EXISTS = lib.ASPY_CMD_EXISTS
_PUT = lib.ASPY_CMD_PUT
_REMOVE = lib.ASPY_CMD_REMOVE
_OPERATE = lib.ASPY_CMD_OPERATE

# NamedTuple construction without the Python-level __new__ frame.
_tuple_new = tuple.__new__


def _set_policy(as_: Any, req: Any, kind: str, member: str, policy: Any) -> None:
    if policy is not None:
        lib.aspy_request_policy_defaults(as_, req)
        _set_filter(req, apply_policy(kind, getattr(req.policy, member), policy))


def _set_filter(req: Any, wire: bytes | None) -> None:
    """Attach a compiled filter expression: the request copies it and frees it once."""
    if wire is not None and lib.aspy_request_set_filter(req, wire, len(wire)):
        raise error_from(req)


def _check(req: Any, rc: int) -> None:
    if rc:
        raise error_from(req)


# --------------------------------------------------------------------------
# Finishers: executed request + context -> Python result
# --------------------------------------------------------------------------


def finish_none(req: Any, context: Any) -> None:
    return None


_loads = marshal.loads
_buffer = ffi.buffer
_SPECIAL = lib.ASPY_FLAG_SPECIAL


def _finish_record(req: Any, key: Any) -> Record:
    # decode() inlined: this is the hottest result path.
    out = req.out
    digest, gen, ttl, bins = _loads(_buffer(out.data, out.len))
    if req.flags & _SPECIAL:
        bins = decode(req)[3]
    return _tuple_new(Record, (
        _tuple_new(AerospikeKey, (key[0], key[1], _user_key(key), digest)),
        _tuple_new(RecordMetadata, (gen, ttl)),
        bins,
    ))


def _finish_ordered(req: Any, key: Any) -> OperateOrderedResult:
    digest, gen, ttl, pairs = decode(req)
    return OperateOrderedResult(
        AerospikeKey(key[0], key[1], _user_key(key), digest), RecordMetadata(gen, ttl),
        [BinTuple(n, v) for n, v in pairs],
    )


def group_results(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Operation results per bin, in order of first appearance.

    Operations without a result (None) are left out; a bin with several
    results gets the list of them, in operation order.
    """
    grouped: dict[str, Any] = {}
    multi: set[str] = set()
    for name, value in pairs:
        if value is None:
            continue
        if name not in grouped:
            grouped[name] = value
        elif name in multi:
            grouped[name].append(value)
        else:
            grouped[name] = [grouped[name], value]
            multi.add(name)
    return grouped


def _finish_grouped(req: Any, key: Any) -> Record:
    digest, gen, ttl, pairs = decode(req)
    return Record(AerospikeKey(key[0], key[1], _user_key(key), digest), RecordMetadata(gen, ttl),
                  group_results(pairs or []))


def _finish_ordered_grouped(req: Any, key: Any) -> OperateOrderedResult:
    digest, gen, ttl, pairs = decode(req)
    return OperateOrderedResult(
        AerospikeKey(key[0], key[1], _user_key(key), digest),
        RecordMetadata(gen, ttl),
        [BinTuple(n, v) for n, v in group_results(pairs or []).items()],
    )


def _finish_exists(req: Any, key: Any) -> ExistsResult:
    digest, gen, ttl, _ = decode(req)
    meta = None if req.status == AEROSPIKE_ERR_RECORD_NOT_FOUND else RecordMetadata(gen, ttl)
    return ExistsResult(AerospikeKey(key[0], key[1], _user_key(key), digest), meta)


def _finish_info_all(req: Any, context: Any) -> list[InfoNodeResult]:
    return [InfoNodeResult(name, code, response) for name, code, response in decode(req)]


def _finish_value(req: Any, context: Any) -> Any:
    return decode(req)


# --------------------------------------------------------------------------
# Key-value commands
# --------------------------------------------------------------------------


def prepare_get(as_: Any, req: Any, key: Any, policy: Any) -> Prepared:
    begin(req, _GET, key)
    if policy is not None:
        _set_policy(as_, req, "read", "read", policy)
    return _finish_record, key


def prepare_select(as_: Any, req: Any, key: Any, bins: Any, policy: Any) -> Prepared:
    if isinstance(bins, (str, bytes)) or not isinstance(bins, (list, tuple)):
        raise invalid(f"bins must be a list of bin names, got {type(bins).__name__}")
    begin(req, _SELECT, key)
    names = b"".join(marshal.dumps(_bin_arg(name), 2) for name in bins)
    _check(req, lib.aspy_request_set_bin_names(req, names, len(names), len(bins)))
    _set_policy(as_, req, "read", "read", policy)
    return _finish_record, key


def prepare_exists(as_: Any, req: Any, key: Any, policy: Any) -> Prepared:
    begin(req, _EXISTS, key)
    _set_policy(as_, req, "read", "read", policy)
    return _finish_exists, key


def prepare_put(as_: Any, req: Any, key: Any, bins: Any, meta: Any, policy: Any) -> Prepared:
    begin(req, _PUT, key)
    ttl, gen = meta_ttl_gen(meta)
    data = encode_bins(bins)
    _check(req, lib.aspy_request_set_bins(req, data, len(data), len(bins), ttl, gen))
    if policy is not None:
        _set_policy(as_, req, "write", "write", policy)
    return finish_none, None


def prepare_remove(as_: Any, req: Any, key: Any, meta: Any, policy: Any) -> Prepared:
    begin(req, _REMOVE, key)
    _, gen = meta_ttl_gen(meta)
    if policy is not None or gen:
        lib.aspy_request_policy_defaults(as_, req)
        if policy is not None:
            _set_filter(req, apply_policy("remove", req.policy.remove, policy))
        if gen:
            req.policy.remove.generation = gen
    return finish_none, None


def _encode_operations(ops: Any) -> list[tuple[int, Any, Any]]:
    if not isinstance(ops, (list, tuple)):
        raise invalid(f"operations must be a list of operation dicts, got {type(ops).__name__}")
    encoded: list[tuple[int, Any, Any]] = []
    for index, op in enumerate(ops):
        if not isinstance(op, Mapping):
            raise invalid(f"operation {index} must be a dict with 'op', 'bin' and 'val', got {op!r}")
        code = op.get("op")
        if type(code) is not int:
            raise invalid(f"operation {index} needs an int 'op' (an OPERATOR_* constant), got {code!r}")
        if code in _EXP_OPERATORS:
            encoded.append(encode_exp_operation(index, op))
            continue
        bin_name = op.get("bin")
        if code not in _BASIC_OPERATORS:
            if code not in CDT_CODES:
                raise invalid(f"operation {index}: operation code {code} is not supported by this client version")
            encoded.append(encode_cdt_operation(index, op, code, bin_name))
            continue
        if bin_name is not None and type(bin_name) is not str:
            raise invalid(f"operation {index}: 'bin' must be str, got {bin_name!r}")
        value = op.get("val")
        if code == OPERATOR_INCR and type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            raise invalid(f"operation {index}: increment {value} is outside the signed 64-bit range")
        encoded.append((code, bin_name, encode_value(value, f"operation {index} bin {bin_name!r}")))
    return encoded


def _begin_operate(as_: Any, req: Any, key: Any, encoded_ops: Any, meta: Any, policy: Any,
                   ttl: int | None = None) -> None:
    begin(req, _OPERATE, key)
    meta_ttl, gen = meta_ttl_gen(meta)
    data = marshal.dumps(encoded_ops, 2)
    _check(req, lib.aspy_request_set_ops(req, data, len(data), meta_ttl if ttl is None else ttl, gen))
    _set_policy(as_, req, "operate", "operate", policy)


def _has_cdt(encoded: list[tuple[int, Any, Any]]) -> bool:
    """True when list/map/bit/HLL operations are present: their results are grouped per bin."""
    return any(entry[0] in CDT_CODES for entry in encoded)


def prepare_operate(as_: Any, req: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Prepared:
    encoded = _encode_operations(ops)
    _begin_operate(as_, req, key, encoded, meta, policy)
    if _has_cdt(encoded):
        req.flags |= lib.ASPY_FLAG_ORDERED
        return _finish_grouped, key
    return _finish_record, key


def prepare_operate_ordered(as_: Any, req: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Prepared:
    encoded = _encode_operations(ops)
    _begin_operate(as_, req, key, encoded, meta, policy)
    req.flags |= lib.ASPY_FLAG_ORDERED  # one entry per operation that returns a value, as in both other clients
    if _has_cdt(encoded):
        return _finish_ordered_grouped, key
    return _finish_ordered, key


def prepare_touch(as_: Any, req: Any, key: Any, val: Any, meta: Any, policy: Any) -> Prepared:
    if type(val) is not int or not -3 <= val < 2**32:
        raise invalid(f"touch ttl must be an int from -3 to {2**32 - 1}, got {val!r}")
    ttl = val & 0xFFFFFFFF if val else None
    _begin_operate(as_, req, key, [(OPERATOR_TOUCH, None, None)], meta, policy, ttl)
    return finish_none, None


def _bin_arg(bin_name: Any) -> str:
    if type(bin_name) is not str:
        raise invalid(f"bin name must be str, got {type(bin_name).__name__} ({bin_name!r})")
    return bin_name


def _text_or_bytes(val: Any, what: str) -> Any:
    if not isinstance(val, (str, bytes, bytearray)):
        raise invalid(f"{what} needs a str or bytes value, got {type(val).__name__}")
    return encode_value(val, what)


def prepare_append(as_: Any, req: Any, key: Any, bin_name: Any, val: Any, meta: Any, policy: Any) -> Prepared:
    op = (OPERATOR_APPEND, _bin_arg(bin_name), _text_or_bytes(val, "append"))
    _begin_operate(as_, req, key, [op], meta, policy)
    return finish_none, None


def prepare_prepend(as_: Any, req: Any, key: Any, bin_name: Any, val: Any, meta: Any, policy: Any) -> Prepared:
    op = (OPERATOR_PREPEND, _bin_arg(bin_name), _text_or_bytes(val, "prepend"))
    _begin_operate(as_, req, key, [op], meta, policy)
    return finish_none, None


def prepare_increment(as_: Any, req: Any, key: Any, bin_name: Any, offset: Any, meta: Any, policy: Any) -> Prepared:
    if type(offset) not in (int, float):
        raise invalid(f"increment offset must be an int or float, got {type(offset).__name__}")
    if type(offset) is int and not INT64_MIN <= offset <= INT64_MAX:
        raise invalid(f"increment offset {offset} is outside the signed 64-bit range")
    _begin_operate(as_, req, key, [(OPERATOR_INCR, _bin_arg(bin_name), offset)], meta, policy)
    return finish_none, None


def prepare_remove_bin(as_: Any, req: Any, key: Any, bin_names: Any, meta: Any, policy: Any) -> Prepared:
    if isinstance(bin_names, str) or not isinstance(bin_names, (list, tuple)):
        raise invalid(f"bin_names must be a list of bin names, got {type(bin_names).__name__}")
    return prepare_put(as_, req, key, {_bin_arg(name): None for name in bin_names}, meta, policy)


# --------------------------------------------------------------------------
# Info (blocking C calls; the async client runs them in a worker thread)
# --------------------------------------------------------------------------


def _begin_info(as_: Any, req: Any, kind: int, command: Any, policy: Any) -> None:
    if type(command) is not str:
        raise invalid(f"info command must be str, got {type(command).__name__}")
    begin_keyless(req, kind)
    text = command.encode()
    _check(req, lib.aspy_request_set_text(req, text, len(text)))
    _set_policy(as_, req, "info", "info", policy)


def prepare_info_all(as_: Any, req: Any, command: Any, policy: Any) -> Prepared:
    _begin_info(as_, req, lib.ASPY_CMD_INFO_ALL, command, policy)
    return _finish_info_all, None


def prepare_info_random_node(as_: Any, req: Any, command: Any, policy: Any) -> Prepared:
    _begin_info(as_, req, lib.ASPY_CMD_INFO_ANY, command, policy)
    return _finish_value, None


def node_names(as_: Any) -> list[str]:
    """Names of the cluster's nodes (a local read of the tended node list)."""
    buf = ffi.new("aspy_buffer *")
    try:
        if lib.aspy_cluster_node_names(as_, buf):
            raise MemoryError("cannot list node names")
        result: list[str] = marshal.loads(ffi.buffer(buf.data, buf.len))
        return result
    finally:
        lib.aspy_buffer_destroy(buf)


# --------------------------------------------------------------------------
# Batch
# --------------------------------------------------------------------------

_BATCH = lib.ASPY_CMD_BATCH
_B_READ = lib.ASPY_BATCH_READ
_B_OPERATE = lib.ASPY_BATCH_OPERATE
_B_REMOVE = lib.ASPY_BATCH_REMOVE

# Batch policy fields that are per-record write/remove settings rather than transport.
_RECORD_WRITE_FIELDS = ("ttl", "gen", "exists", "key", "commit_level", "durable_delete")
_RECORD_REMOVE_FIELDS = ("gen", "key", "commit_level", "durable_delete")


def _key_list(keys: Any, what: str = "keys") -> list[Any]:
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple)):
        raise invalid(f"{what} must be a list of key tuples, got {type(keys).__name__}")
    return list(keys)


def _split_policy(policy: Any, record_fields: tuple[str, ...]) -> tuple[Any, dict[str, Any]]:
    """(transport policy or None, per-record defaults) from a batch policy dict."""
    if policy is None:
        return None, {}
    if not isinstance(policy, Mapping):
        raise invalid(f"batch policy must be a dict, got {type(policy).__name__}")
    record = {f: policy[f] for f in record_fields if f in policy}
    transport = {f: v for f, v in policy.items() if f not in record}
    return transport, record


def _opt_choice(value: Any, mapping: Mapping[int, int], field: str, constants: str) -> Any:
    if value is None:
        return None
    try:
        return mapping[value]
    except (KeyError, TypeError):
        raise invalid(f"{field!r} must be one of {constants}, got {value!r}") from None


def _opt_flag(value: Any, field: str) -> Any:
    if value is None:
        return None
    if type(value) is not bool and value not in (0, 1):
        raise invalid(f"{field!r} must be a bool, got {value!r}")
    return int(bool(value))


def _opt_uint(value: Any, field: str, limit: int) -> Any:
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= limit:
        raise invalid(f"{field!r} must be an int from 0 to {limit}, got {value!r}")
    return value


def _merged_meta(defaults: Mapping[str, Any], meta: Any, fields: tuple[str, ...], where: str) -> Any:
    """Batch-level fields overridden by a record's meta; None when neither sets anything."""
    if meta is not None and not isinstance(meta, Mapping):
        raise invalid(f"{where}: meta must be a dict, got {type(meta).__name__}")
    if not defaults and not meta:
        return None
    merged = dict(defaults)
    merged.update(meta or {})
    unknown = set(merged) - set(fields)
    if unknown:
        raise invalid(f"{where}: unknown meta field(s): {', '.join(sorted(map(str, unknown)))}")
    return merged


def _generation(defaults: Mapping[str, Any], meta: Any, where: str) -> tuple[Any, Any]:
    """(C gen policy, expected generation): a record's int ``gen`` implies POLICY_GEN_EQ."""
    gen_policy = _opt_choice(defaults.get("gen"), GEN_MAP, "gen", "POLICY_GEN_*")
    if meta and meta.get("gen") is not None:
        return 1, _opt_uint(meta["gen"], f"{where}: 'gen'", 0xFFFF)  # AS_POLICY_GEN_EQ
    return gen_policy, None


def record_ttl(merged: Mapping[str, Any], where: str) -> Any:
    """A per-record ``ttl`` as the C client's uint32, or None for the policy's."""
    ttl = merged.get("ttl")
    if ttl is not None:
        if type(ttl) is not int or not -3 <= ttl <= UINT32_MAX:
            raise invalid(f"{where}: 'ttl' must be an int from -3 to {UINT32_MAX}, got {ttl!r}")
        ttl &= 0xFFFFFFFF
    return ttl


def _write_meta(defaults: Mapping[str, Any], meta: Any, where: str) -> Any:
    """The C per-record write policy tuple, or None when nothing overrides the client defaults.

    Per-record ``meta`` wins over batch-level fields; a per-record ``gen`` is
    the expected generation (and implies POLICY_GEN_EQ), a batch-level
    ``gen`` is a POLICY_GEN_* choice.
    """
    meta, wire = _record_filter(meta, where)
    merged = _merged_meta(defaults, meta, _RECORD_WRITE_FIELDS, where)
    if merged is None:
        if wire is None:
            return None
        merged = {}
    ttl = record_ttl(merged, where)
    gen_policy, generation = _generation(defaults, meta, where)
    fields = (
        ttl,
        gen_policy,
        generation,
        _opt_choice(merged.get("exists"), EXISTS_MAP, "exists", "POLICY_EXISTS_*"),
        _opt_choice(merged.get("key"), KEY_MAP, "key", "POLICY_KEY_*"),
        _opt_choice(merged.get("commit_level"), COMMIT_MAP, "commit_level", "POLICY_COMMIT_LEVEL_*"),
        _opt_flag(merged.get("durable_delete"), "durable_delete"),
    )
    return fields if wire is None else fields + (wire,)


def _remove_meta(defaults: Mapping[str, Any], meta: Any, where: str) -> Any:
    meta, wire = _record_filter(meta, where)
    merged = _merged_meta(defaults, meta, _RECORD_REMOVE_FIELDS, where)
    if merged is None:
        if wire is None:
            return None
        merged = {}
    gen_policy, generation = _generation(defaults, meta, where)
    fields = (
        gen_policy,
        generation,
        _opt_choice(merged.get("key"), KEY_MAP, "key", "POLICY_KEY_*"),
        _opt_choice(merged.get("commit_level"), COMMIT_MAP, "commit_level", "POLICY_COMMIT_LEVEL_*"),
        _opt_flag(merged.get("durable_delete"), "durable_delete"),
    )
    return fields if wire is None else fields + (wire,)


def _record_filter(meta: Any, where: str) -> tuple[Any, bytes | None]:
    """(meta without its ``filter_expression``, that filter compiled): one record's own filter in a batch."""
    if not isinstance(meta, Mapping) or "filter_expression" not in meta:
        return meta, None
    rest = {k: v for k, v in meta.items() if k != "filter_expression"}
    expr = meta["filter_expression"]
    if expr is None:
        return rest, None
    return rest, compile_expression(expr, f"{where}: meta 'filter_expression'")


def _begin_batch(as_: Any, req: Any, entries: list[Any], policy: Any) -> None:
    begin_keyless(req, _BATCH)
    try:
        data = marshal.dumps(entries, 2)
    except ValueError as exc:
        raise invalid(f"batch keys and values must be str, int, bytes, float, bool, list or dict: {exc}") from None
    _check(req, lib.aspy_request_set_batch(as_, req, data, len(data)))
    _set_policy(as_, req, "batch", "batch", policy)


def _rows(req: Any) -> list[Any]:
    rows: list[Any] = decode(req)
    return rows


def _decode_rows(raw: bytes) -> list[Any]:
    rows: list[Any] = _loads(raw)
    return rows


def _decode_special_rows(raw: bytes) -> list[Any]:
    rows: list[Any] = _revive(_loads(raw))
    return rows


def _finish_batch_read(req: Any, keys: Any) -> LazyBatchRecords:
    # Kept raw: rows are decoded on first use, or read in C by to_numpy.
    out = req.out
    raw = _buffer(out.data, out.len)[:]
    return LazyBatchRecords(keys, None, raw, _decode_special_rows if req.flags & _SPECIAL else _decode_rows)


def _finish_batch_kept(req: Any, keys: Any) -> LazyBatchRecords:
    # The C client's records, kept unencoded: rows are built from them on first use (aspy_fast_batch.c).
    return LazyBatchRecords(keys, None, _fb_take(_fb_address(req)), _fb_decode)


def _finish_batch_write(req: Any, keys: Any) -> BatchWriteResult:
    return BatchWriteResult([batch_record(key, row) for key, row in zip(keys, _rows(req))])


# Per-record codes a retry could cure: timeout, key busy, device overload.
_TRANSIENT = frozenset((9, 14, 18))


def _finish_batch_write_retried(req: Any, context: Any) -> BatchWriteResult:
    """Each record's latest result, and what the retry loop (aspy_retry.c) did.

    ``unresolved`` counts what the loop gave up on, so it stays 0 when no loop
    was asked for (``retry=0``); the per-record codes still say it all.
    """
    keys, retry = context
    records = [batch_record(key, row) for key, row in zip(keys, _rows(req))]
    if not retry:
        return BatchWriteResult(records, BatchRetryInfo(1, 1, False, 0))
    attempts, truncated = ffi.new("uint32_t *"), ffi.new("bool *")
    lib.aspy_batch_retry_info(req, attempts, truncated)
    info = BatchRetryInfo(attempts[0], retry + 1, bool(truncated[0]),
                          sum(1 for r in records if r.result in _TRANSIENT))
    if info.unresolved:
        cut = " (retries cut short by total_timeout)" if info.truncated_by_timeout else ""
        _log.warning("batch_write: %d record(s) still failing after %d of %d attempt(s)%s",
                     info.unresolved, info.attempts, info.max_attempts, cut)
    return BatchWriteResult(records, info)


def _finish_batch_remove(req: Any, keys: Any) -> BatchWriteResult:
    return BatchWriteResult([batch_record(key, row, False) for key, row in zip(keys, _rows(req))])


_fb_address = _fastbatch.address
_fb_set_keys = _fastbatch.set_keys
_fb_take = _fastbatch.take
_fb_decode = _fastbatch.decode


def prepare_batch_read(as_: Any, req: Any, keys: Any, bins: Any, policy: Any) -> Prepared:
    keys = _key_list(keys)
    if bins is None and keys and _fb_set_keys(_fb_address(req), keys) == 0:
        # Plain keys, all bins: read from the list in C, no entry tuples (1: some key needs the general path).
        _set_policy(as_, req, "batch", "batch", policy)
        return _finish_batch_kept, keys
    if bins is not None:
        if isinstance(bins, (str, bytes)) or not isinstance(bins, (list, tuple)):
            raise invalid(f"bins must be a list of bin names or None, got {type(bins).__name__}")
        bins = [_bin_arg(name) for name in bins]
    _begin_batch(as_, req, [(_B_READ, wire_key(key), bins) for key in keys], policy)
    return _finish_batch_read, keys


def prepare_batch_operate(as_: Any, req: Any, keys: Any, ops: Any, policy: Any) -> Prepared:
    keys = _key_list(keys)
    encoded = _encode_operations(ops)
    if not encoded:
        raise invalid("batch_operate needs at least one operation")
    transport, defaults = _split_policy(policy, _RECORD_WRITE_FIELDS)
    meta = _write_meta(defaults, None, "batch policy")
    _begin_batch(as_, req, [(_B_OPERATE, wire_key(key), encoded, meta) for key in keys], transport)
    if _has_cdt(encoded):
        req.flags |= lib.ASPY_FLAG_GROUP
    return _finish_batch_write, keys


def prepare_batch_write(as_: Any, req: Any, records: Any, policy: Any, retry: Any) -> Prepared:
    if isinstance(records, (str, bytes)) or not isinstance(records, (list, tuple)):
        raise invalid(f"records must be a list of (key, bins) or (key, bins, meta), got {type(records).__name__}")
    if type(retry) is not int or retry < 0:
        raise invalid(f"retry must be an int >= 0, got {retry!r}")
    transport, defaults = _split_policy(policy, _RECORD_WRITE_FIELDS)
    keys, entries = [], []
    for index, item in enumerate(records):
        if not isinstance(item, tuple) or len(item) not in (2, 3):
            raise invalid(f"record {index} must be (key, bins) or (key, bins, meta), got {item!r}")
        key, bins = item[0], item[1]
        if not isinstance(bins, Mapping) or not bins:
            raise invalid(f"record {index}: bins must be a non-empty dict")
        ops = [(OPERATOR_WRITE, _bin_arg(name), encode_value(value, f"record {index} bin {name!r}"))
               for name, value in bins.items()]
        meta = _write_meta(defaults, item[2] if len(item) == 3 else None, f"record {index}")
        keys.append(key)
        entries.append((_B_OPERATE, wire_key(key), ops, meta))
    _begin_batch(as_, req, entries, transport)
    if lib.aspy_batch_set_retry(req, min(retry + 1, 0xFFFFFFFF)):
        raise error_from(req)
    return _finish_batch_write_retried, (keys, retry)


def prepare_batch_remove(as_: Any, req: Any, keys: Any, policy: Any) -> Prepared:
    items = _key_list(keys)
    transport, defaults = _split_policy(policy, _RECORD_REMOVE_FIELDS)
    plain, entries = [], []
    for index, item in enumerate(items):
        # (key, meta) pairs next to bare keys: a pair's first item is itself a tuple.
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple):
            key, meta = item
        else:
            key, meta = item, None
        plain.append(key)
        entries.append((_B_REMOVE, wire_key(key), _remove_meta(defaults, meta, f"key {index}")))
    _begin_batch(as_, req, entries, transport)
    return _finish_batch_remove, plain


# --------------------------------------------------------------------------
# Secondary indexes and truncate (blocking; the async client uses a worker thread)
# --------------------------------------------------------------------------

# Public INDEX_* data types -> C as_index_datatype (numeric: the pre-8.2 wire name).
_INDEX_DATATYPES = {0: 4, 1: 0, 2: 3, 3: 2}
_INDEX_TYPES = {0: 0, 1: 1, 2: 2, 3: 3}


def _name_arg(value: Any, what: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if type(value) is not str or not value or "\x00" in value:
        raise invalid(f"{what} must be a non-empty str, got {value!r}")
    return value


def _begin_names(as_: Any, req: Any, kind: int, names: tuple[Any, ...], policy: Any) -> None:
    begin_keyless(req, kind)
    data = marshal.dumps(names, 2)
    _check(req, lib.aspy_request_set_names(req, data, len(data)))
    _set_policy(as_, req, "info", "info", policy)


def prepare_index_create(as_: Any, req: Any, namespace: Any, set_name: Any, bin_name: Any, index_name: Any,
                         datatype: Any, index_type: Any, policy: Any, ctx: Any = None) -> Prepared:
    itype = _INDEX_TYPES.get(index_type) if type(index_type) is int else None
    if itype is None:
        raise invalid(f"index type must be one of INDEX_TYPE_*, got {index_type!r}")
    if type(datatype) is not int or datatype not in _INDEX_DATATYPES:
        raise invalid(f"index data type must be one of INDEX_NUMERIC, INDEX_STRING, INDEX_BLOB, "
                      f"INDEX_GEO2DSPHERE, got {datatype!r}")
    names = (_name_arg(namespace, "namespace"), _name_arg(set_name, "set name", True),
             _bin_arg(bin_name), _name_arg(index_name, "index name"), itype, _INDEX_DATATYPES[datatype], 0)
    encoded_ctx = encode_ctx(ctx, "index_create")
    _begin_names(as_, req, lib.ASPY_CMD_INDEX_CREATE, names, policy)
    if encoded_ctx:
        data = marshal.dumps(encoded_ctx, 2)
        _check(req, lib.aspy_request_set_ctx(req, data, len(data)))
    return finish_none, None


def prepare_index_expr_create(as_: Any, req: Any, namespace: Any, set_name: Any, index_type: Any, datatype: Any,
                              expression: Any, index_name: Any, policy: Any) -> Prepared:
    """An index on the value of ``expression`` for each record (server 8.1+)."""
    wire = compile_expression(expression, "index expression")
    prepare_index_create(as_, req, namespace, set_name, "exp", index_name, datatype, index_type, policy)
    _check(req, lib.aspy_request_set_index_exp(req, wire, len(wire)))
    return finish_none, None


def prepare_index_remove(as_: Any, req: Any, namespace: Any, index_name: Any, policy: Any) -> Prepared:
    names = (_name_arg(namespace, "namespace"), None, None, _name_arg(index_name, "index name"), 0, 0, 0)
    _begin_names(as_, req, lib.ASPY_CMD_INDEX_REMOVE, names, policy)
    return finish_none, None


def prepare_truncate(as_: Any, req: Any, namespace: Any, set_name: Any, nanos: Any, policy: Any) -> Prepared:
    if type(nanos) is not int or not 0 <= nanos <= INT64_MAX:
        raise invalid(f"nanos must be an int >= 0 (0: everything), got {nanos!r}")
    names = (_name_arg(namespace, "namespace"), _name_arg(set_name, "set name", True), None, None, 0, 0, nanos)
    _begin_names(as_, req, lib.ASPY_CMD_TRUNCATE, names, policy)
    return finish_none, None
