"""The command layer shared by Client and AsyncClient.

Each ``prepare_*`` function turns a method's arguments into a filled C request
plus the function that turns the finished request into the method's result.
The sync client runs the request with a blocking call, the async client on the
C client's event loop; neither knows anything else about the command.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from typing import Any

from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py._convert import (  # noqa: F401 (error_from is re-exported)
    INT64_MAX,
    INT64_MIN,
    TTL_CLIENT_DEFAULT_U32,
    apply_policy,
    decode,
    encode_bins,
    encode_value,
    error_from,
    invalid,
    meta_ttl_gen,
    set_key,
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


class Command:
    """A filled request, what its result needs from the call, and how to build that result."""

    __slots__ = ("req", "finish", "context")

    def __init__(self, req: Any, finish: Finish, context: Any = None) -> None:
        self.req = req
        self.finish = finish
        self.context = context

    def fail(self) -> _exc.AerospikeError:
        """The exception for this command's failed request."""
        return error_from(self.req)


def _new_request(kind: int) -> Any:
    req = lib.aspy_request_new(kind)
    if req == ffi.NULL:
        raise MemoryError("cannot allocate an aerospike request")
    return ffi.gc(req, lib.aspy_request_free)


def _set_policy(as_: Any, req: Any, kind: str, member: str, policy: Any) -> None:
    if policy is not None:
        lib.aspy_request_policy_defaults(as_, req)
        apply_policy(kind, getattr(req.policy, member), policy)


def _check(req: Any, rc: int) -> None:
    if rc:
        raise error_from(req)


# --------------------------------------------------------------------------
# Finishers: request + context -> Python result
# --------------------------------------------------------------------------


def _key_of(key: tuple[Any, ...], digest: bytes) -> AerospikeKey:
    return AerospikeKey(key[0], key[1], key[2], digest)


def _finish_none(req: Any, context: Any) -> None:
    return None


def _finish_record(req: Any, key: Any) -> Record:
    digest, gen, ttl, bins = decode(req)
    return Record(_key_of(key, digest), RecordMetadata(gen, ttl), bins)


def _finish_ordered(req: Any, key: Any) -> OperateOrderedResult:
    digest, gen, ttl, pairs = decode(req)
    return OperateOrderedResult(_key_of(key, digest), RecordMetadata(gen, ttl), [BinTuple(n, v) for n, v in pairs])


def _finish_exists(req: Any, key: Any) -> ExistsResult:
    digest, gen, ttl, _ = decode(req)
    meta = None if req.status == AEROSPIKE_ERR_RECORD_NOT_FOUND else RecordMetadata(gen, ttl)
    return ExistsResult(_key_of(key, digest), meta)


def _finish_info_all(req: Any, context: Any) -> list[InfoNodeResult]:
    return [InfoNodeResult(name, code, response) for name, code, response in decode(req)]


def _finish_value(req: Any, context: Any) -> Any:
    return decode(req)


# --------------------------------------------------------------------------
# Key-value commands
# --------------------------------------------------------------------------


def prepare_get(as_: Any, key: Any, policy: Any) -> Command:
    req = _new_request(lib.ASPY_CMD_GET)
    set_key(req, key)
    _set_policy(as_, req, "read", "read", policy)
    return Command(req, _finish_record, key)


def prepare_select(as_: Any, key: Any, bins: Any, policy: Any) -> Command:
    if isinstance(bins, (str, bytes)) or not isinstance(bins, (list, tuple)):
        raise invalid(f"bins must be a list of bin names, got {type(bins).__name__}")
    req = _new_request(lib.ASPY_CMD_SELECT)
    set_key(req, key)
    names = b"".join(marshal.dumps(_bin_arg(name), 2) for name in bins)
    _check(req, lib.aspy_request_set_bin_names(req, names, len(names), len(bins)))
    _set_policy(as_, req, "read", "read", policy)
    return Command(req, _finish_record, key)


def prepare_exists(as_: Any, key: Any, policy: Any) -> Command:
    req = _new_request(lib.ASPY_CMD_EXISTS)
    set_key(req, key)
    _set_policy(as_, req, "read", "read", policy)
    return Command(req, _finish_exists, key)


def prepare_put(as_: Any, key: Any, bins: Any, meta: Any, policy: Any) -> Command:
    req = _new_request(lib.ASPY_CMD_PUT)
    set_key(req, key)
    ttl, gen = meta_ttl_gen(meta)
    data = encode_bins(bins)
    _check(req, lib.aspy_request_set_bins(req, data, len(data), len(bins), ttl, gen))
    _set_policy(as_, req, "write", "write", policy)
    return Command(req, _finish_none)


def prepare_remove(as_: Any, key: Any, meta: Any, policy: Any) -> Command:
    req = _new_request(lib.ASPY_CMD_REMOVE)
    set_key(req, key)
    _, gen = meta_ttl_gen(meta)
    if policy is not None or gen:
        lib.aspy_request_policy_defaults(as_, req)
        if policy is not None:
            apply_policy("remove", req.policy.remove, policy)
        if gen:
            req.policy.remove.generation = gen
    return Command(req, _finish_none)


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
            raise invalid(
                f"operation {index}: operation code {code} is not supported by this client version"
            )
        bin_name = op.get("bin")
        if bin_name is not None and type(bin_name) is not str:
            raise invalid(f"operation {index}: 'bin' must be str, got {bin_name!r}")
        value = op.get("val")
        if code in (OPERATOR_INCR,) and type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            raise invalid(f"operation {index}: increment {value} is outside the signed 64-bit range")
        encoded.append((code, bin_name, encode_value(value, f"operation {index} bin {bin_name!r}")))
    return encoded


def _operate_request(as_: Any, key: Any, encoded_ops: Any, meta: Any, policy: Any, ttl: int | None = None) -> Any:
    req = _new_request(lib.ASPY_CMD_OPERATE)
    set_key(req, key)
    meta_ttl, gen = meta_ttl_gen(meta)
    data = marshal.dumps(encoded_ops, 2)
    _check(req, lib.aspy_request_set_ops(req, data, len(data), meta_ttl if ttl is None else ttl, gen))
    _set_policy(as_, req, "operate", "operate", policy)
    return req


def prepare_operate(as_: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Command:
    req = _operate_request(as_, key, _encode_operations(ops), meta, policy)
    return Command(req, _finish_record, key)


def prepare_operate_ordered(as_: Any, key: Any, ops: Any, meta: Any, policy: Any) -> Command:
    req = _operate_request(as_, key, _encode_operations(ops), meta, policy)
    req.flags |= lib.ASPY_FLAG_ORDERED
    if policy is None or "respond_all_ops" not in policy:
        if not req.has_policy:
            lib.aspy_request_policy_defaults(as_, req)
        req.policy.operate.respond_all_ops = True
    return Command(req, _finish_ordered, key)


def _single_op_command(as_: Any, key: Any, op: tuple[int, Any, Any], meta: Any, policy: Any, ttl: int | None = None) -> Command:
    return Command(_operate_request(as_, key, [op], meta, policy, ttl), _finish_none)


def prepare_touch(as_: Any, key: Any, val: Any, meta: Any, policy: Any) -> Command:
    if type(val) is not int or not -3 <= val < 2**32:
        raise invalid(f"touch ttl must be an int from -3 to {2**32 - 1}, got {val!r}")
    ttl = val & 0xFFFFFFFF if val else None
    return _single_op_command(as_, key, (OPERATOR_TOUCH, None, None), meta, policy, ttl)


def _bin_arg(bin_name: Any) -> str:
    if type(bin_name) is not str:
        raise invalid(f"bin name must be str, got {type(bin_name).__name__} ({bin_name!r})")
    return bin_name


def prepare_append(as_: Any, key: Any, bin_name: Any, val: Any, meta: Any, policy: Any) -> Command:
    if not isinstance(val, (str, bytes, bytearray)):
        raise invalid(f"append needs a str or bytes value, got {type(val).__name__}")
    return _single_op_command(as_, key, (OPERATOR_APPEND, _bin_arg(bin_name), encode_value(val, "append")), meta, policy)


def prepare_prepend(as_: Any, key: Any, bin_name: Any, val: Any, meta: Any, policy: Any) -> Command:
    if not isinstance(val, (str, bytes, bytearray)):
        raise invalid(f"prepend needs a str or bytes value, got {type(val).__name__}")
    return _single_op_command(as_, key, (OPERATOR_PREPEND, _bin_arg(bin_name), encode_value(val, "prepend")), meta, policy)


def prepare_increment(as_: Any, key: Any, bin_name: Any, offset: Any, meta: Any, policy: Any) -> Command:
    if type(offset) not in (int, float):
        raise invalid(f"increment offset must be an int or float, got {type(offset).__name__}")
    if type(offset) is int and not INT64_MIN <= offset <= INT64_MAX:
        raise invalid(f"increment offset {offset} is outside the signed 64-bit range")
    return _single_op_command(as_, key, (OPERATOR_INCR, _bin_arg(bin_name), offset), meta, policy)


def prepare_remove_bin(as_: Any, key: Any, bin_names: Any, meta: Any, policy: Any) -> Command:
    if isinstance(bin_names, str) or not isinstance(bin_names, (list, tuple)):
        raise invalid(f"bin_names must be a list of bin names, got {type(bin_names).__name__}")
    bins = {}
    for name in bin_names:
        bins[_bin_arg(name)] = None
    return prepare_put(as_, key, bins, meta, policy)


# --------------------------------------------------------------------------
# Info
# --------------------------------------------------------------------------


def _info_request(as_: Any, kind: int, command: Any, policy: Any) -> Any:
    if type(command) is not str:
        raise invalid(f"info command must be str, got {type(command).__name__}")
    req = _new_request(kind)
    text = command.encode()
    _check(req, lib.aspy_request_set_text(req, text, len(text)))
    _set_policy(as_, req, "info", "info", policy)
    return req


def prepare_info_all(as_: Any, command: Any, policy: Any) -> Command:
    return Command(_info_request(as_, lib.ASPY_CMD_INFO_ALL, command, policy), _finish_info_all)


def prepare_info_random_node(as_: Any, command: Any, policy: Any) -> Command:
    return Command(_info_request(as_, lib.ASPY_CMD_INFO_ANY, command, policy), _finish_value)


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


__all__ = [name for name in dir() if name.startswith("prepare_")] + ["Command", "node_names", "TTL_CLIENT_DEFAULT_U32"]
