"""Python arguments -> C structs, and encoded C results -> Python objects.

Ownership: nothing here keeps a C pointer into a Python object past one call.
Keys, bins and operations are copied into the request by the C layer
(include/aspy_command.c); policies are written into the request's own copy.
Values travel as marshal bytes (see include/aspy_marshal.c for why).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from typing import Any

from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py._exp_compile import compile_expression
from aerospike_py._values import HLL, GeoJSON

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
UINT32_MAX = 2**32 - 1

# as_record / as_operations TTL sentinels, from the signed public TTL_* values.
TTL_CLIENT_DEFAULT_U32 = 0xFFFFFFFD


def invalid(msg: str) -> _exc.InvalidArgError:
    """A client-side argument error (AEROSPIKE_ERR_PARAM, -2)."""
    return _exc.InvalidArgError(msg, -2)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def error_from(req: Any) -> _exc.AerospikeError:
    """The exception for a failed request, carrying code, message and in-doubt flag."""
    err = req.err
    code = int(err.code) or int(req.status)
    msg = ffi.string(err.message).decode("utf-8", "replace")
    return _exc.exception_for(code, msg, bool(err.in_doubt))


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------

_KEY_HELP = "a key is a tuple (namespace, set, primary_key) or (namespace, set, None, digest)"

# Encoded namespace and set names: a client uses a handful, encoding them once
# keeps str.encode and the NUL check off the hot path.
_NAMES: dict[str, bytes] = {"": b""}
_NAMES_MAX = 4096


def _encode_name(value: Any, what: str) -> bytes:
    if type(value) is not str:
        raise invalid(f"{what} must be str, got {type(value).__name__} ({_KEY_HELP})")
    if "\x00" in value:
        raise invalid(f"{what} {value!r} must not contain NUL")
    encoded = value.encode()
    if len(_NAMES) < _NAMES_MAX:
        _NAMES[value] = encoded
    return encoded


_dumps = marshal.dumps
_begin_key = lib.aspy_request_begin_key


def begin(req: Any, kind: int, key: Any) -> None:
    """Ready ``req`` for a command of ``kind`` on ``key`` (copied into the request).

    The common case is one C call that checks and copies the marshalled key;
    keys marshal cannot encode (subclasses, odd types) take the Python path,
    which converts what it can and explains what it cannot.
    """
    if type(key) is tuple and len(key) == 3:  # a 4-tuple's digest is checked on the Python path
        # marshal writes bytearray like bytes; a bytearray key (a blob) takes the checked path.
        if type(key[2]) is bytearray:
            return _begin_checked(req, kind, key)
        try:
            data = _dumps(key, 2)
        except ValueError:
            return _begin_checked(req, kind, key)
        if _begin_key(req, kind, data, len(data)):
            raise error_from(req)
        return None
    return _begin_checked(req, kind, key)


def _begin_checked(req: Any, kind: int, key: Any) -> None:
    if isinstance(key, tuple) and type(key) is not tuple:  # an AerospikeKey handed back, or another NamedTuple
        key = tuple(key)
    if type(key) is not tuple or not 3 <= len(key) <= 4:
        raise invalid(f"invalid key {key!r}: {_KEY_HELP}")
    if len(key) == 4 and key[3] is not None and not (type(key[3]) in (bytes, bytearray) and len(key[3]) == 20):
        raise invalid(f"invalid key {key!r}: the digest must be 20 bytes")
    ns, set_name, pk = key[0], key[1], key[2]
    ns_b = _NAMES.get(ns) if type(ns) is str else None
    if ns_b is None:
        ns_b = _encode_name(ns, "namespace")
    set_b: bytes | None = b"" if set_name is None else (_NAMES.get(set_name) if type(set_name) is str else None)
    if set_b is None:
        set_b = _encode_name(set_name, "set name")
    pk_type = type(pk)
    if pk_type is str:
        data = pk.encode()
        rc = lib.aspy_request_begin(req, kind, ns_b, set_b, 1, data, len(data), 0)
    elif pk_type is int:
        if not INT64_MIN <= pk <= INT64_MAX:
            raise invalid(f"integer key {pk} is outside the signed 64-bit range")
        rc = lib.aspy_request_begin(req, kind, ns_b, set_b, 2, ffi.NULL, 0, pk)
    elif pk_type is bytes:
        # Digested as a string-typed key, as both other Python clients do.
        rc = lib.aspy_request_begin(req, kind, ns_b, set_b, lib.ASPY_KEY_BYTES, pk, len(pk), 0)
    elif pk_type is bytearray:
        data = bytes(pk)
        rc = lib.aspy_request_begin(req, kind, ns_b, set_b, lib.ASPY_KEY_BLOB, data, len(data), 0)
    elif pk is None:
        digest = key[3] if len(key) == 4 else None
        if not isinstance(digest, (bytes, bytearray)):
            raise invalid(f"invalid key {key!r}: without a primary key, a 20-byte digest is needed")
        data = bytes(digest)
        rc = lib.aspy_request_begin(req, kind, ns_b, set_b, 4, data, len(data), 0)
    elif isinstance(pk, int) and not isinstance(pk, bool):
        return _begin_checked(req, kind, (ns, set_name, int(pk)) + key[3:])
    elif isinstance(pk, str):
        return _begin_checked(req, kind, (ns, set_name, str(pk)) + key[3:])
    else:
        raise invalid(f"primary key must be str, int or bytes, got {pk_type.__name__}")
    if rc:
        raise error_from(req)


def wire_key(key: Any) -> Any:
    """``key`` as batch entries carry it: a bytearray primary key is tagged as a blob key."""
    if isinstance(key, tuple) and type(key) is not tuple:  # an AerospikeKey handed back
        key = tuple(key)
    if type(key) is tuple and len(key) > 2 and type(key[2]) is bytearray:
        return (key[0], key[1], (..., "blobkey", bytes(key[2]))) + key[3:]
    return key


def begin_keyless(req: Any, kind: int) -> None:
    """Ready ``req`` for a command without a key (info)."""
    lib.aspy_request_begin(req, kind, ffi.NULL, ffi.NULL, 0, ffi.NULL, 0, 0)


def new_request() -> Any:
    """A request owned by Python: freed (with everything it holds) when collected."""
    req = lib.aspy_request_new(0)
    if req == ffi.NULL:
        raise MemoryError("cannot allocate an aerospike request")
    return ffi.gc(req, lib.aspy_request_free)


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------

_PLAIN_SCALARS = (type(None), bool, int, float, str, bytes, bytearray)


def _prepare_value(value: Any, where: str) -> Any:
    """Rewrite a value marshal cannot take (subclasses, GeoJSON, HLL) into one it can."""
    vt = type(value)
    if vt in _PLAIN_SCALARS:
        if vt is int and not INT64_MIN <= value <= INT64_MAX:
            raise invalid(f"{where}: integer {value} is outside the signed 64-bit range")
        return value
    if isinstance(value, GeoJSON):
        return (..., "geo", value.dumps())
    if isinstance(value, HLL):
        return (..., "hll", bytes(value))
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return _prepare_value(int(value), where)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, (list, tuple)):
        return [_prepare_value(v, where) for v in value]
    if isinstance(value, Mapping):
        return {_prepare_map_key(k, where): _prepare_value(v, where) for k, v in value.items()}
    if value is ... or isinstance(value, (set, frozenset, complex)):
        pass
    raise invalid(f"{where}: values of type {vt.__name__} cannot be stored")


def _prepare_map_key(key: Any, where: str) -> Any:
    """A map key the server takes (int, str, bytes), or the same refusal the C reader gives."""
    if isinstance(key, (int, str, bytes, bytearray)) and not isinstance(key, bool):
        return _prepare_value(key, where)
    if isinstance(key, (bool, float)):
        named = f"map key {key!r} ({type(key).__name__})"
    elif key is None:
        named = "map key None"
    else:
        named = f"map key of type {type(key).__name__}"
    raise invalid(f"{where}: {named} is not allowed: map keys must be int, str or bytes")


def encode_bins(bins: Any) -> bytes:
    """A bins dict as marshal bytes; the C layer checks names and builds the as_record."""
    if type(bins) is not dict:
        if isinstance(bins, Mapping):
            bins = dict(bins)
        else:
            raise invalid(f"bins must be a dict of bin name to value, got {type(bins).__name__}")
    try:
        return marshal.dumps(bins, 2)
    except ValueError:
        prepared = {}
        for name, value in bins.items():
            if type(name) is not str:
                raise invalid(f"bin names must be str, got {type(name).__name__} ({name!r})")
            prepared[name] = _prepare_value(value, f"bin {name!r}")
        return marshal.dumps(prepared, 2)


def encode_value(value: Any, where: str) -> Any:
    """One value made marshal-safe (used inside operation tuples)."""
    vt = type(value)
    if vt in _PLAIN_SCALARS and vt is not int:
        return value
    return _prepare_value(value, where)


def _revive(value: Any) -> Any:
    """Turn tagged tuples from the C layer back into GeoJSON/HLL objects."""
    vt = type(value)
    if vt is tuple and len(value) == 3 and value[0] is ...:
        tag = value[1]
        if tag == "geo":
            return GeoJSON(value[2])
        if tag == "hll":
            return HLL(value[2])
        return value
    if vt is tuple:
        return tuple(_revive(v) for v in value)
    if vt is list:
        return [_revive(v) for v in value]
    if vt is dict:
        return {_revive(k): _revive(v) for k, v in value.items()}
    return value


_loads = marshal.loads
_buffer = ffi.buffer
_SPECIAL = lib.ASPY_FLAG_SPECIAL


def decode(req: Any) -> Any:
    """The request's marshal-encoded result as Python objects."""
    out = req.out
    result = _loads(_buffer(out.data, out.len))
    if req.flags & _SPECIAL:
        result = _revive(result)
    return result


# --------------------------------------------------------------------------
# Write metadata
# --------------------------------------------------------------------------


def meta_ttl_gen(meta: Any) -> tuple[int, int]:
    """(ttl as the C client's uint32, generation) from a WriteMeta dict."""
    if meta is None:
        return TTL_CLIENT_DEFAULT_U32, 0
    if not isinstance(meta, Mapping):
        raise invalid(f"meta must be a dict with 'ttl' and/or 'gen', got {type(meta).__name__}")
    unknown = set(meta) - {"ttl", "gen"}
    if unknown:
        raise invalid(f"unknown meta field(s): {', '.join(sorted(map(str, unknown)))}")
    ttl = meta.get("ttl")
    if ttl is None:
        ttl_u32 = TTL_CLIENT_DEFAULT_U32
    else:
        if type(ttl) is not int or not -3 <= ttl <= UINT32_MAX:
            raise invalid(f"meta 'ttl' must be an int from -3 to {UINT32_MAX}, got {ttl!r}")
        ttl_u32 = ttl & 0xFFFFFFFF
    gen = meta.get("gen", 0)
    if type(gen) is not int or not 0 <= gen <= 0xFFFF:
        raise invalid(f"meta 'gen' must be an int from 0 to 65535, got {gen!r}")
    return ttl_u32, gen


# --------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------

Setter = Callable[[Any, Any], None]


def _uint(path: str, bits: int = 32) -> Callable[[str], Setter]:
    limit = 2**bits - 1
    parts = path.split(".")

    def make(field: str) -> Setter:
        def setter(policy: Any, value: Any) -> None:
            if type(value) is not int or not 0 <= value <= limit:
                raise invalid(f"policy field {field!r} must be an int from 0 to {limit}, got {value!r}")
            target = policy
            for part in parts[:-1]:
                target = getattr(target, part)
            setattr(target, parts[-1], value)

        return setter

    return make


def _flag(name: str) -> Callable[[str], Setter]:
    def make(field: str) -> Setter:
        def setter(policy: Any, value: Any) -> None:
            if type(value) is not bool and value not in (0, 1):
                raise invalid(f"policy field {field!r} must be a bool, got {value!r}")
            setattr(policy, name, bool(value))

        return setter

    return make


def _choice(name: str, mapping: Mapping[int, int], constants: str) -> Callable[[str], Setter]:
    def make(field: str) -> Setter:
        def setter(policy: Any, value: Any) -> None:
            try:
                c_value = mapping[value]
            except (KeyError, TypeError):
                raise invalid(f"policy field {field!r} must be one of {constants}, got {value!r}") from None
            setattr(policy, name, c_value)

        return setter

    return make


def _signed(name: str, low: int, high: int) -> Callable[[str], Setter]:
    def make(field: str) -> Setter:
        def setter(policy: Any, value: Any) -> None:
            if type(value) is not int or not low <= value <= high:
                raise invalid(f"policy field {field!r} must be an int from {low} to {high}, got {value!r}")
            setattr(policy, name, value)

        return setter

    return make


def _ttl(name: str) -> Callable[[str], Setter]:
    def make(field: str) -> Setter:
        def setter(policy: Any, value: Any) -> None:
            if type(value) is not int or not -3 <= value <= UINT32_MAX:
                raise invalid(f"policy field {field!r} must be an int from -3 to {UINT32_MAX}, got {value!r}")
            setattr(policy, name, value & 0xFFFFFFFF)

        return setter

    return make


def _unsupported(field: str) -> Setter:
    def setter(policy: Any, value: Any) -> None:
        if value is not None:
            raise invalid(f"policy field {field!r} is not supported for this command yet")

    return setter


# Public constant value -> C enum value.  Where the public numbering differs
# from the C client's (exists, replica, auth mode) this is the translation.
KEY_MAP = {0: 0, 1: 1}
EXISTS_MAP = {0: 0, 1: 2, 2: 4, 3: 3, 4: 1}  # ignore, update-only, replace, replace-only, create-only
GEN_MAP = {0: 0, 1: 1, 2: 2}
REPLICA_MAP = {0: 0, 1: 2, 2: 3}  # master, sequence, prefer-rack
COMMIT_MAP = {0: 0, 1: 1}
READ_MODE_AP_MAP = {0: 0, 1: 1}
READ_MODE_SC_MAP = {0: 0, 1: 1, 2: 2, 3: 3}
AUTH_MODE_MAP = {0: 0, 1: 1, 2: 3}  # internal, external, PKI

_BASE_FIELDS = {
    "socket_timeout": _uint("base.socket_timeout"),
    "total_timeout": _uint("base.total_timeout"),
    "connect_timeout": _uint("base.connect_timeout"),
    "timeout_delay": _uint("base.timeout_delay"),
    "max_retries": _uint("base.max_retries"),
    "sleep_between_retries": _uint("base.sleep_between_retries"),
    "compress": lambda f: _flag_base(f),
    "filter_expression": lambda f: _unsupported(f),  # compiled by apply_policy
}


class _Scratch:
    """Receives the values of fields that are validated but have no C counterpart."""


def _checked_only(setter: Setter) -> Setter:
    def check(policy: Any, value: Any) -> None:
        setter(_Scratch(), value)

    return check


def _flag_base(field: str) -> Setter:
    def setter(policy: Any, value: Any) -> None:
        _flag("compress")(field)(policy.base, value)

    return setter


_READ_FIELDS = {
    **_BASE_FIELDS,
    "key": _choice("key", KEY_MAP, "POLICY_KEY_*"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "read_mode_ap": _choice("read_mode_ap", READ_MODE_AP_MAP, "POLICY_READ_MODE_AP_*"),
    "read_mode_sc": _choice("read_mode_sc", READ_MODE_SC_MAP, "0..3"),
    "read_touch_ttl_percent": _signed("read_touch_ttl_percent", -1, 100),
    "deserialize": _flag("deserialize"),
}
_WRITE_FIELDS = {
    **_BASE_FIELDS,
    "key": _choice("key", KEY_MAP, "POLICY_KEY_*"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "commit_level": _choice("commit_level", COMMIT_MAP, "POLICY_COMMIT_LEVEL_*"),
    "gen": _choice("gen", GEN_MAP, "POLICY_GEN_*"),
    "exists": _choice("exists", EXISTS_MAP, "POLICY_EXISTS_*"),
    "ttl": _ttl("ttl"),
    "durable_delete": _flag("durable_delete"),
    "compression_threshold": _uint("compression_threshold"),
    "on_locking_only": _flag("on_locking_only"),
    # Part of WritePolicy for compatibility; checked, then ignored (they only matter on reads).
    "read_mode_ap": lambda f: _checked_only(_choice("read_mode_ap", READ_MODE_AP_MAP, "POLICY_READ_MODE_AP_*")(f)),
    "read_touch_ttl_percent": lambda f: _checked_only(_signed("read_touch_ttl_percent", -1, 100)(f)),
}
_OPERATE_FIELDS = {
    **_WRITE_FIELDS,
    "read_mode_ap": _choice("read_mode_ap", READ_MODE_AP_MAP, "POLICY_READ_MODE_AP_*"),
    "read_mode_sc": _choice("read_mode_sc", READ_MODE_SC_MAP, "0..3"),
    "read_touch_ttl_percent": _signed("read_touch_ttl_percent", -1, 100),
    "deserialize": _flag("deserialize"),
    "respond_all_ops": _flag("respond_all_ops"),
}
del _OPERATE_FIELDS["compression_threshold"]
_REMOVE_FIELDS = {
    **_BASE_FIELDS,
    "key": _choice("key", KEY_MAP, "POLICY_KEY_*"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "commit_level": _choice("commit_level", COMMIT_MAP, "POLICY_COMMIT_LEVEL_*"),
    "gen": _choice("gen", GEN_MAP, "POLICY_GEN_*"),
    "generation": _uint("generation", 16),
    "durable_delete": _flag("durable_delete"),
}
_APPLY_FIELDS = {
    **_BASE_FIELDS,
    "key": _choice("key", KEY_MAP, "POLICY_KEY_*"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "commit_level": _choice("commit_level", COMMIT_MAP, "POLICY_COMMIT_LEVEL_*"),
    "ttl": _ttl("ttl"),
    "durable_delete": _flag("durable_delete"),
    "on_locking_only": _flag("on_locking_only"),
}
_BATCH_FIELDS = {
    **_BASE_FIELDS,
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "read_mode_ap": _choice("read_mode_ap", READ_MODE_AP_MAP, "POLICY_READ_MODE_AP_*"),
    "read_mode_sc": _choice("read_mode_sc", READ_MODE_SC_MAP, "0..3"),
    "read_touch_ttl_percent": _signed("read_touch_ttl_percent", -1, 100),
    "concurrent": _flag("concurrent"),
    "allow_inline": _flag("allow_inline"),
    "allow_inline_ssd": _flag("allow_inline_ssd"),
    "respond_all_keys": _flag("respond_all_keys"),
    "send_set_name": _flag("send_set_name"),
    "deserialize": _flag("deserialize"),
}
_QUERY_FIELDS = {
    **_BASE_FIELDS,
    "info_timeout": _uint("info_timeout"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "expected_duration": _choice("expected_duration", {0: 0, 1: 1, 2: 2}, "QUERY_DURATION_*"),
    "fail_on_cluster_change": _flag("fail_on_cluster_change"),
    "deserialize": _flag("deserialize"),
}
_SCAN_FIELDS = {
    **_BASE_FIELDS,
    "max_records": _uint("max_records", 64),
    "records_per_second": _uint("records_per_second"),
    "replica": _choice("replica", REPLICA_MAP, "POLICY_REPLICA_*"),
    "ttl": _ttl("ttl"),
    "durable_delete": _flag("durable_delete"),
}
_INFO_FIELDS = {
    "timeout": _uint("timeout"),
    "total_timeout": _uint("timeout"),
    "send_as_is": _flag("send_as_is"),
    "check_bounds": _flag("check_bounds"),
}
_ADMIN_FIELDS = {"timeout": _uint("timeout"), "total_timeout": _uint("timeout")}


def _compile(fields: Mapping[str, Callable[[str], Setter]]) -> dict[str, Setter]:
    return {name: make(name) for name, make in fields.items()}


POLICY_SETTERS: dict[str, dict[str, Setter]] = {
    "read": _compile(_READ_FIELDS),
    "write": _compile(_WRITE_FIELDS),
    "operate": _compile(_OPERATE_FIELDS),
    "remove": _compile(_REMOVE_FIELDS),
    "apply": _compile(_APPLY_FIELDS),
    "batch": _compile(_BATCH_FIELDS),
    "query": _compile(_QUERY_FIELDS),
    "scan": _compile(_SCAN_FIELDS),
    "info": _compile(_INFO_FIELDS),
    "admin": _compile(_ADMIN_FIELDS),
}


def apply_policy(kind: str, c_policy: Any, policy: Any) -> bytes | None:
    """Write a policy dict's fields onto a C policy struct, refusing unknown fields.

    Returns the compiled ``filter_expression`` (or None): the caller attaches
    it to the request, which owns the C copy.
    """
    if not isinstance(policy, Mapping):
        raise invalid(f"{kind} policy must be a dict, got {type(policy).__name__}")
    setters = POLICY_SETTERS[kind]
    wire = None
    for field, value in policy.items():
        setter = setters.get(field)
        if setter is None:
            raise invalid(
                f"unknown {kind} policy field {field!r}; known fields: {', '.join(sorted(setters))}"
            )
        if field == "filter_expression":
            if value is not None:
                wire = compile_expression(value, "policy field 'filter_expression'")
            continue
        setter(c_policy, value)
    return wire
