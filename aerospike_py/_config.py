"""ClientConfig dict -> as_config.

Every field is checked by name and type before anything reaches C; an unknown
field is an error rather than silently ignored, because a misspelt timeout or
pool size is a production incident waiting to happen.

Ownership: ``build_c_config`` returns an ``as_config`` whose heap parts (the
host vector, strings) are owned by the caller until ``aerospike_new`` takes
them; on any error they are released here with ``as_config_destroy``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from aerospike_py._binding import ffi, lib
from aerospike_py._convert import AUTH_MODE_MAP, apply_policy, invalid

UINT32_MAX = 2**32 - 1
MIN_TEND_INTERVAL_MS = 250  # the C client refuses shorter intervals at connect

# Field -> (as_config attribute or None when handled specially, python type, default)
_UINT_FIELDS: dict[str, tuple[str, int | None]] = {
    "timeout": ("conn_timeout_ms", 1000),
    "idle_timeout": ("max_socket_idle", 55),
    "max_conns_per_node": ("max_conns_per_node", 100),
    "min_conns_per_node": ("min_conns_per_node", 0),
    "tend_interval": ("tender_interval", 1000),
    "conn_pools_per_node": ("conn_pools_per_node", None),
    "login_timeout_ms": ("login_timeout_ms", None),
    "max_error_rate": ("max_error_rate", None),
    "error_rate_window": ("error_rate_window", None),
    "thread_pool_size": ("thread_pool_size", None),
    "async_max_conns_per_node": ("async_max_conns_per_node", None),
    "async_min_conns_per_node": ("async_min_conns_per_node", None),
}
_BOOL_FIELDS: dict[str, str] = {
    "use_services_alternate": "use_services_alternate",
    "rack_aware": "rack_aware",
    "fail_if_not_connected": "fail_if_not_connected",
    "force_single_node": "force_single_node",
}
# Used by the async client; validated here so a typo fails at construction.
_ASYNC_FIELDS = {"max_concurrent_operations", "operation_queue_timeout_ms", "event_loops"}
_OTHER_FIELDS = {
    "hosts", "cluster_name", "auth_mode", "user", "password", "policies", "tls", "rack_id",
    "rack_ids", "app_id", "lua",
}
KNOWN_FIELDS = frozenset(_UINT_FIELDS) | frozenset(_BOOL_FIELDS) | _ASYNC_FIELDS | _OTHER_FIELDS

_TLS_STRINGS = {
    "cafile": "cafile",
    "capath": "capath",
    "certfile": "certfile",
    "keyfile": "keyfile",
    "keyfile_password": "keyfile_pw",
    "protocols": "protocols",
    "cipher_suite": "cipher_suite",
    "cert_blacklist": "cert_blacklist",
}
_TLS_FLAGS = {"enable", "crl_check", "crl_check_all", "log_session_info", "for_login_only"}
_POLICY_KINDS = ("read", "write", "operate", "remove", "apply", "batch", "query", "scan", "info", "admin")


def _str(config: Mapping[str, Any], field: str) -> str:
    value = config[field]
    if type(value) is not str or "\x00" in value:
        raise invalid(f"config field {field!r} must be a str without NUL, got {value!r}")
    return value


def _uint(value: Any, field: str, limit: int = UINT32_MAX) -> int:
    if type(value) is not int or not 0 <= value <= limit:
        raise invalid(f"config field {field!r} must be an int from 0 to {limit}, got {value!r}")
    return value


def parse_host(entry: Any) -> tuple[str, int, str | None]:
    """(host, port, tls_name) from a tuple or a "host:port" / "host:tls_name:port" string."""
    if isinstance(entry, str):
        if entry.startswith("["):  # [ipv6]:port
            host, _, rest = entry[1:].partition("]")
            parts = [host] + [p for p in rest.split(":") if p]
        else:
            parts = entry.split(":")
        if len(parts) == 1:
            parts.append("3000")
        if len(parts) == 2:
            entry = (parts[0], parts[1])
        elif len(parts) == 3:
            entry = (parts[0], parts[2], parts[1])
        else:
            raise invalid(f"host {entry!r} is not 'host:port' or 'host:tls_name:port'")
        try:
            entry = (entry[0], int(entry[1])) + tuple(entry[2:])
        except ValueError:
            raise invalid(f"host port in {entry!r} is not a number") from None
    if not isinstance(entry, (tuple, list)) or len(entry) not in (2, 3):
        raise invalid(f"host {entry!r} must be (host, port), (host, port, tls_name) or 'host:port'")
    host, port = entry[0], entry[1]
    tls_name = entry[2] if len(entry) == 3 else None
    if type(host) is not str or not host or "\x00" in host:
        raise invalid(f"host name must be a non-empty str, got {host!r}")
    if type(port) is not int or not 0 < port < 65536:
        raise invalid(f"port for host {host!r} must be an int from 1 to 65535, got {port!r}")
    if tls_name is not None and (type(tls_name) is not str or "\x00" in tls_name):
        raise invalid(f"tls_name for host {host!r} must be a str, got {tls_name!r}")
    return host, port, tls_name


def validate(config: Any) -> None:
    """Raise InvalidArgError for anything build_c_config would refuse."""
    cfg = build_c_config(config)
    lib.as_config_destroy(cfg)


def build_c_config(config: Any, username: str | None = None, password: str | None = None) -> Any:
    """A fully populated as_config (caller owns its heap parts until aerospike_new)."""
    if not isinstance(config, Mapping):
        raise invalid(f"config must be a dict, got {type(config).__name__}")
    unknown = [k for k in config if k not in KNOWN_FIELDS]
    if unknown:
        raise invalid(
            f"unknown config field(s) {', '.join(map(repr, unknown))}; "
            f"known fields: {', '.join(sorted(KNOWN_FIELDS))}"
        )
    cfg = ffi.new("as_config *")
    lib.as_config_init(cfg)
    try:
        _fill(cfg, config, username, password)
    except BaseException:
        lib.as_config_destroy(cfg)
        raise
    return cfg


def _check_error_rate(max_error_rate: int, window: int) -> None:
    """Refuse what the C client would silently replace: it resets both fields to 100 and 1
    (logging a warning) unless max_error_rate / error_rate_window is from 1 to 100."""
    if window == 0 or not window <= max_error_rate <= 100 * window:
        raise invalid(
            f"config fields 'max_error_rate' and 'error_rate_window' must have a ratio from 1 to 100 "
            f"(errors per tend interval), got {max_error_rate} and {window}")


def _fill(cfg: Any, config: Mapping[str, Any], username: str | None, password: str | None) -> None:
    hosts = config.get("hosts")
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    if not isinstance(hosts, (list, tuple)) or not hosts:
        raise invalid("config field 'hosts' is required: a non-empty list of (host, port) tuples")
    for entry in hosts:
        host, port, tls_name = parse_host(entry)
        if tls_name is None:
            lib.as_config_add_host(cfg, host.encode(), port)
        else:
            lib.as_config_tls_add_host(cfg, host.encode(), tls_name.encode(), port)

    for field, (attr, default) in _UINT_FIELDS.items():
        if field in config:
            setattr(cfg, attr, _uint(config[field], field))
            if field == "tend_interval" and config[field] < MIN_TEND_INTERVAL_MS:
                raise invalid(f"config field 'tend_interval' must be at least {MIN_TEND_INTERVAL_MS} ms, got {config[field]}")
        elif default is not None:
            setattr(cfg, attr, default)
    if "max_error_rate" in config or "error_rate_window" in config:
        _check_error_rate(cfg.max_error_rate, cfg.error_rate_window)
    for field, attr in _BOOL_FIELDS.items():
        if field in config:
            value = config[field]
            if type(value) is not bool:
                raise invalid(f"config field {field!r} must be a bool, got {value!r}")
            setattr(cfg, attr, value)
    for field in ("max_concurrent_operations", "operation_queue_timeout_ms", "event_loops"):
        if field in config:
            _uint(config[field], field)

    # None or "" mean "not set"; anything else must be a str.
    for field in ("cluster_name", "app_id"):
        if config.get(field, None) not in (None, ""):
            lib.as_config_set_string(ffi.addressof(cfg, field), _str(config, field).encode())
        elif field in config and config[field] is not None and type(config[field]) is not str:
            _str(config, field)

    if "auth_mode" in config:
        mode = config["auth_mode"]
        if mode not in AUTH_MODE_MAP or type(mode) is not int:
            raise invalid(f"config field 'auth_mode' must be AUTH_INTERNAL, AUTH_EXTERNAL or AUTH_PKI, got {mode!r}")
        cfg.auth_mode = AUTH_MODE_MAP[mode]

    for field in ("user", "password"):
        if config.get(field) is not None:
            _str(config, field)
    user = username if username is not None else config.get("user") or None
    secret = password if password is not None else config.get("password") or ""
    if user:
        if type(user) is not str or type(secret) is not str:
            raise invalid("user and password must be str")
        if len(user.encode()) >= ffi.sizeof(cfg.user) or len(secret.encode()) >= ffi.sizeof(cfg.password):
            raise invalid("user or password is too long")
        lib.as_config_set_user(cfg, user.encode(), secret.encode())

    if "rack_id" in config:
        rack_id = config["rack_id"]
        if type(rack_id) is not int or not 0 <= rack_id < 2**31:
            raise invalid(f"config field 'rack_id' must be a non-negative int, got {rack_id!r}")
        cfg.rack_id = rack_id
    if "rack_ids" in config:
        rack_ids = config["rack_ids"]
        if not isinstance(rack_ids, (list, tuple)) or not all(type(r) is int and r >= 0 for r in rack_ids):
            raise invalid(f"config field 'rack_ids' must be a list of non-negative ints, got {rack_ids!r}")
        for rack in rack_ids:
            lib.as_config_add_rack_id(cfg, rack)

    if "policies" in config:
        policies = config["policies"]
        if not isinstance(policies, Mapping):
            raise invalid("config field 'policies' must be a dict of policy kind -> policy dict")
        for kind, policy in policies.items():
            if kind not in _POLICY_KINDS:
                raise invalid(f"unknown policy kind {kind!r} in 'policies'; known: {', '.join(_POLICY_KINDS)}")
            if apply_policy(kind, getattr(cfg.policies, kind), policy) is not None:
                raise invalid(f"'filter_expression' is not supported in client default policies ({kind!r}); "
                              "pass it in the policy of each command")

    if "tls" in config:
        _fill_tls(cfg, config["tls"])
    if "lua" in config:
        lua = config["lua"]
        if not isinstance(lua, Mapping) or set(lua) - {"user_path", "system_path", "cache_enabled"}:
            raise invalid("config field 'lua' must be a dict with 'user_path' (and 'cache_enabled')")
        if "user_path" in lua:
            path = lua["user_path"]
            if type(path) is not str or len(path.encode()) >= ffi.sizeof(cfg.lua.user_path):
                raise invalid(f"lua user_path must be a str shorter than {ffi.sizeof(cfg.lua.user_path)} bytes")
            cfg.lua.user_path = path.encode()
        if "cache_enabled" in lua:
            if type(lua["cache_enabled"]) is not bool:
                raise invalid(f"lua field 'cache_enabled' must be a bool, got {lua['cache_enabled']!r}")
            cfg.lua.cache_enabled = lua["cache_enabled"]


def _fill_tls(cfg: Any, tls: Any) -> None:
    if not isinstance(tls, Mapping):
        raise invalid("config field 'tls' must be a dict")
    for field, value in tls.items():
        if field in _TLS_STRINGS:
            if type(value) is not str or "\x00" in value:
                raise invalid(f"tls field {field!r} must be a str, got {value!r}")
            lib.as_config_set_string(ffi.addressof(cfg.tls, _TLS_STRINGS[field]), value.encode())
        elif field in _TLS_FLAGS:
            if type(value) is not bool:
                raise invalid(f"tls field {field!r} must be a bool, got {value!r}")
            setattr(cfg.tls, field, value)
        else:
            raise invalid(f"unknown tls field {field!r}; known: {', '.join(sorted(_TLS_STRINGS.keys() | _TLS_FLAGS))}")


_SEED_FAILED = re.compile(r"^Failed to connect to seed (?P<host>\S+) (?P<port>\d+)\. (?P<status>AEROSPIKE_\w+) (?P<msg>.*)$", re.S)
_LOOKUP_FAILED = re.compile(r"^Failed to lookup (?P<host>\S+) (?P<port>\d+)\. (?P<status>AEROSPIKE_\w+) (?P<msg>.*)$", re.S)
_SOCKET_ERRNO = re.compile(r"^Socket \w+ error: (?P<errno>\d+), ")
_NAME_MISMATCH = re.compile(r"Invalid node \S+ (?P<addr>\S+) Expected cluster name '(?P<want>[^']*)' Received '(?P<got>[^']*)'")


_TLS_NAME_MISMATCH = re.compile(r"^Cert does not match for name '(?P<name>[^']*)'$")
_TLS_SSL_FAILED = re.compile(r"^SSL_connect failed: (?:error:\w+:[^:]*:[^:]*:)?(?P<why>.*)$", re.S)


def _seed_reason(line: str) -> str:
    """One C client warning about a seed, said the way an operator reads it."""
    tls_name = _TLS_NAME_MISMATCH.match(line)
    if tls_name:
        return f"TLS: the server certificate does not match TLS name {tls_name['name']!r}"
    if line.startswith("TLS name '") and line.endswith("' mismatch"):
        return ""  # said by the line above
    ssl_failed = _TLS_SSL_FAILED.match(line)
    if ssl_failed:
        return f"TLS handshake failed: {ssl_failed['why']}"
    lookup = _LOOKUP_FAILED.match(line)
    if lookup:
        detail = lookup["msg"].rsplit(": ", 1)[-1]
        return f"cannot resolve {lookup['host']!r}: {detail}"
    seed = _SEED_FAILED.match(line)
    if not seed:
        return line
    where, msg = f"{seed['host']}:{seed['port']}", seed["msg"]
    mismatch = _NAME_MISMATCH.search(msg)
    if mismatch:
        return f"cluster name mismatch: expected {mismatch['want']!r}, {mismatch['addr']} reports {mismatch['got']!r}"
    errno = _SOCKET_ERRNO.match(msg)
    if errno:
        return f"{where}: {os.strerror(int(errno['errno'])).lower()}"
    return f"{where}: {msg}"


def connect_failure_message(message: str, causes: list[str]) -> str:
    """The C client's "Failed to connect" with the reason it logged for each seed."""
    reasons = [r for r in dict.fromkeys(_seed_reason(c) for c in causes if c) if r]
    return message + (": " + "; ".join(reasons) if reasons else "")
