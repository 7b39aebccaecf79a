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
    INT64_MAX,
    INT64_MIN,
    apply_policy,
    begin,
    begin_keyless,
    decode,
    encode_bins,
    encode_value,
    error_from,
    invalid,
    meta_ttl_gen,
)
from aerospike_py.types import (
    AerospikeKey,
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
        apply_policy(kind, getattr(req.policy, member), policy)


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
        _tuple_new(AerospikeKey, (key[0], key[1], key[2], digest)),
        _tuple_new(RecordMetadata, (gen, ttl)),
        bins,
    ))


def _finish_ordered(req: Any, key: Any) -> OperateOrderedResult:
    digest, gen, ttl, pairs = decode(req)
    return OperateOrderedResult(
        AerospikeKey(key[0], key[1], key[2], digest), RecordMetadata(gen, ttl), [BinTuple(n, v) for n, v in pairs]
    )


def _finish_exists(req: Any, key: Any) -> ExistsResult:
    digest, gen, ttl, _ = decode(req)
    meta = None if req.status == AEROSPIKE_ERR_RECORD_NOT_FOUND else RecordMetadata(gen, ttl)
    return ExistsResult(AerospikeKey(key[0], key[1], key[2], digest), meta)


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
            apply_policy("remove", req.policy.remove, policy)
        if gen:
            req.policy.remove.generation = gen
    return finish_none, None


def _encode_operations(ops: Any) -> list[tuple[int, Any, Any]]:
    if not isinstance(ops, (list, tuple)):
        raise invalid(f"operations must be a list of operation dicts, got {type(ops).__name__}")
    encoded = []
    for index, op in enumerate(ops):
        if not isinstance(op, Mapping):
            raise invalid(f"operation {index} must be a dict with 'op', 'bin' and 'val', got {op!r}")
        code = op.get("op")
        if type(code) is not int:
            raise invalid(f"operation {index} needs an int 'op' (an OPERATOR_* constant), got {code!r}")
        if code not in _BASIC_OPERATORS:
            raise invalid(f"operation {index}: operation code {code} is not supported by this client version")
        bin_name = op.get("bin")
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


def prepare_operate(as_: Any, req: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Prepared:
    _begin_operate(as_, req, key, _encode_operations(ops), meta, policy)
    return _finish_record, key


def prepare_operate_ordered(as_: Any, req: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Prepared:
    _begin_operate(as_, req, key, _encode_operations(ops), meta, policy)
    req.flags |= lib.ASPY_FLAG_ORDERED
    if policy is None or "respond_all_ops" not in policy:
        if not req.has_policy:
            lib.aspy_request_policy_defaults(as_, req)
        req.policy.operate.respond_all_ops = True
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
