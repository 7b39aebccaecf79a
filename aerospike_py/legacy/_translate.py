"""The official client's arguments and results <-> this client's, in one place.

The facade never runs a command itself: configuration, policies, keys,
operation dicts, contexts and expressions written for the official client are
translated here into what :mod:`aerospike_py._command` takes, and its results
back into the official shapes (``(key, meta, bins)`` tuples, ``bytearray``
digests, ``{"ttl", "gen"}`` dicts).  Official constant values differ from
``aerospike_py``'s (``OPERATOR_READ`` is 0 there, 1 here; ``OP_MAP_*`` codes
overlap ``OP_BIT_*`` ones), so operation codes are read only as official ones.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any, Optional

from aerospike_py import bit_operations as _bit
from aerospike_py import cdt_ctx as _ctx
from aerospike_py import hll_operations as _hll
from aerospike_py import list_operations as _list
from aerospike_py import map_operations as _map
from aerospike_py import path_operations as _po
from aerospike_py._command import OPERATOR_APPEND, OPERATOR_DELETE, OPERATOR_INCR, OPERATOR_PREPEND
from aerospike_py._command import OPERATOR_READ, OPERATOR_TOUCH, OPERATOR_WRITE
from aerospike_py._convert import (COMMIT_MAP, EXISTS_MAP, GEN_MAP, KEY_MAP, READ_MODE_AP_MAP, READ_MODE_SC_MAP,
                                   REPLICA_MAP)
from aerospike_py._exp_compile import OPERATOR_EXP_READ, OPERATOR_EXP_WRITE
from aerospike_py.legacy import _constants as C
from aerospike_py.legacy.exception import param_error

# -- configuration ---------------------------------------------------------------

# Official top-level keys with the same meaning under another name here.
_CONFIG_RENAMES = {"connect_timeout": "timeout", "max_socket_idle": "idle_timeout"}
# Official top-level keys taken as they are.
_CONFIG_SAME = frozenset((
    "hosts", "user", "password", "cluster_name", "tls", "rack_id", "rack_ids", "rack_aware", "app_id",
    "use_services_alternate", "max_conns_per_node", "min_conns_per_node", "tend_interval", "login_timeout_ms",
    "max_error_rate", "error_rate_window", "thread_pool_size", "fail_if_not_connected", "force_single_node",
    "async_max_conns_per_node", "async_min_conns_per_node", "conn_pools_per_node",
))
# Official policy-kind names -> this client's.
_POLICY_KINDS = {
    "read": "read", "write": "write", "operate": "operate", "remove": "remove", "apply": "apply",
    "batch": "batch", "query": "query", "scan": "scan", "info": "info", "admin": "admin",
}
# Policy fields the official client allows at the top of ``policies`` as defaults for every kind.
_GLOBAL_POLICY_FIELDS = ("total_timeout", "socket_timeout", "max_retries", "sleep_between_retries",
                         "key", "exists", "replica", "commit_level", "durable_delete", "read_mode_ap",
                         "read_mode_sc")
_GLOBAL_FOR_KIND = {
    "read": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "key", "replica",
             "read_mode_ap", "read_mode_sc"},
    "write": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "key", "exists",
              "replica", "commit_level", "durable_delete"},
    "operate": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "key", "exists",
                "replica", "commit_level", "durable_delete", "read_mode_ap", "read_mode_sc"},
    "remove": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "key", "replica",
               "commit_level", "durable_delete"},
    "apply": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "key", "replica",
              "commit_level", "durable_delete"},
    "batch": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "replica",
              "read_mode_ap", "read_mode_sc"},
    "query": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "replica"},
    "scan": {"total_timeout", "socket_timeout", "max_retries", "sleep_between_retries", "replica"},
}


def config(official: Any) -> dict[str, Any]:
    """An official configuration dict as this client's; keys it cannot honour are dropped with a warning."""
    if not isinstance(official, Mapping):
        raise param_error(f"config must be a dict, got {type(official).__name__}")
    if "hosts" not in official:
        raise param_error("config must contain 'hosts'")
    out: dict[str, Any] = {}
    ignored = []
    for name, value in official.items():
        if name in _CONFIG_SAME:
            out[name] = value
        elif name in _CONFIG_RENAMES:
            out[_CONFIG_RENAMES[name]] = value
        elif name == "lua":
            if isinstance(value, Mapping) and value.get("user_path") is not None:
                out["lua"] = {"user_path": value["user_path"]}
        elif name == "policies":
            out["policies"] = _config_policies(value)
        else:
            ignored.append(name)
    if "hosts" in out:
        out["hosts"] = [_host(h) for h in out["hosts"]]
    if ignored:
        warnings.warn(f"aerospike_py.legacy ignores configuration key(s) {', '.join(map(repr, sorted(ignored)))}",
                      RuntimeWarning, stacklevel=3)
    return out


def _host(entry: Any) -> Any:
    """``(address, port, tls_name)`` triples stay; the official client also takes a bare address."""
    if isinstance(entry, str):
        return (entry, 3000)
    return tuple(entry)


def _config_policies(policies: Any) -> dict[str, Any]:
    if not isinstance(policies, Mapping):
        raise param_error(f"config 'policies' must be a dict, got {type(policies).__name__}")
    shared = {k: policies[k] for k in _GLOBAL_POLICY_FIELDS if k in policies}
    ignored = sorted(k for k in policies if k not in _POLICY_KINDS and k not in _GLOBAL_POLICY_FIELDS)
    if ignored:
        warnings.warn(f"aerospike_py.legacy ignores policy kind(s) {', '.join(map(repr, ignored))} in config "
                      "'policies' (their per-call policies still apply)", RuntimeWarning, stacklevel=4)
    out: dict[str, Any] = {}
    for kind, ours in _POLICY_KINDS.items():
        merged = {k: v for k, v in shared.items() if k in _GLOBAL_FOR_KIND.get(kind, ())}
        given = policies.get(kind)
        if isinstance(given, Mapping):
            merged.update(given)
        translated = policy(merged)
        if translated:
            out[ours] = translated
    return out


# -- policies --------------------------------------------------------------------

def _invert(mapping: Mapping[int, int]) -> dict[int, int]:
    """Ours -> C becomes C -> ours: official constants are the C client's enum values."""
    return {c: ours for ours, c in mapping.items()}


_CHOICES: dict[str, dict[int, int]] = {
    "key": _invert(KEY_MAP), "exists": _invert(EXISTS_MAP), "gen": _invert(GEN_MAP),
    "replica": _invert(REPLICA_MAP), "commit_level": _invert(COMMIT_MAP),
    "read_mode_ap": _invert(READ_MODE_AP_MAP), "read_mode_sc": _invert(READ_MODE_SC_MAP),
}
# Official fields this client has no use for (they change nothing here).
_DROPPED = frozenset(("deserialize", "compress", "read_touch_ttl_percent_default", "use_batch_writes"))


def ttl(value: Any) -> Any:
    """Official TTL sentinels (uint32 values) as this client's negative ones."""
    if type(value) is int and value in (C.TTL_NEVER_EXPIRE, C.TTL_DONT_UPDATE, C.TTL_CLIENT_DEFAULT):
        return value - 2**32
    return value


def policy(official: Any) -> Optional[dict[str, Any]]:
    """One official policy dict as this client's (enum values and field names translated)."""
    if official is None:
        return None
    if not isinstance(official, Mapping):
        raise param_error(f"policy must be a dict, got {type(official).__name__}")
    out: dict[str, Any] = {}
    for name, value in official.items():
        if name in _CHOICES and value is not None:
            if value not in _CHOICES[name]:
                raise param_error(f"policy {name!r}: value {value!r} is not supported by this client")
            out[name] = _CHOICES[name][value]
        elif name == "expressions":
            if value is not None:
                out["filter_expression"] = expression(value)
        elif name == "ttl":
            out["ttl"] = ttl(value)
        elif name in _DROPPED:
            continue
        else:
            out[name] = value
    return out


def meta(official: Any) -> Optional[dict[str, Any]]:
    """``{"ttl", "gen"}`` with the official TTL sentinels translated."""
    if official is None:
        return None
    if not isinstance(official, Mapping):
        raise param_error(f"meta must be a dict, got {type(official).__name__}")
    out = dict(official)
    if "ttl" in out:
        out["ttl"] = ttl(out["ttl"])
    return out


# -- keys and records --------------------------------------------------------------

def key(official: Any) -> Any:
    """``(ns, set, pk)`` or ``(ns, set, None, digest)``; a ``bytearray`` digest is taken as bytes."""
    if isinstance(official, tuple) and len(official) == 4 and isinstance(official[3], bytearray):
        return (official[0], official[1], official[2], bytes(official[3]))
    return official


def out_key(found: Any, user_key: Any = None) -> Any:
    """A result's key in the official shape, its digest a ``bytearray``."""
    if found is None:
        return None
    return (found[0], found[1], user_key, bytearray(found[3]))


def out_meta(found: Any) -> Any:
    if found is None:
        return None
    return {"ttl": found[1], "gen": found[0]}


def record(found: Any, keep_user_key: bool = True) -> tuple[Any, Any, Any]:
    """A ``Record`` as ``(key, meta, bins)``; ``keep_user_key=False`` leaves the key's pk out as a get does."""
    k = found.key
    return (out_key(k, k[2] if keep_user_key and k is not None else None), out_meta(found.meta), found.bins)


# -- contexts ----------------------------------------------------------------------

_CTX_BUILDERS: dict[int, Callable[..., Any]] = {
    C.CDT_CTX_LIST_INDEX: lambda v, x: _ctx.cdt_ctx_list_index(v),
    C.CDT_CTX_LIST_RANK: lambda v, x: _ctx.cdt_ctx_list_rank(v),
    C.CDT_CTX_LIST_VALUE: lambda v, x: _ctx.cdt_ctx_list_value(v),
    C.CDT_CTX_LIST_INDEX_CREATE: lambda v, x: _ctx.cdt_ctx_list_index_create(
        v, x.get("order_key", 0), bool(x.get("pad_key", False))),
    C.CDT_CTX_MAP_INDEX: lambda v, x: _ctx.cdt_ctx_map_index(v),
    C.CDT_CTX_MAP_RANK: lambda v, x: _ctx.cdt_ctx_map_rank(v),
    C.CDT_CTX_MAP_KEY: lambda v, x: _ctx.cdt_ctx_map_key(v),
    C.CDT_CTX_MAP_VALUE: lambda v, x: _ctx.cdt_ctx_map_value(v),
    C.CDT_CTX_MAP_KEY_CREATE: lambda v, x: _ctx.cdt_ctx_map_key_create(v, x.get("order_key", 0)),
    C._AS_CDT_CTX_EXP: lambda v, x: (_ctx.cdt_ctx_all_children_with_filter(_filter(x))
                                     if C._CDT_CTX_FILTER_EXPR_KEY in x else _ctx.cdt_ctx_all_children()),
    C._AS_CDT_CTX_AND | C._AS_CDT_CTX_EXP: lambda v, x: _ctx.cdt_ctx_and_filter(_filter(x)),
    C._AS_CDT_CTX_MAP_KEYS_IN: lambda v, x: _ctx.cdt_ctx_map_keys_in(v),
}


def _filter(extra: dict[str, Any]) -> Any:
    """The compiled filter expression of a path context item, as a description."""
    compiled: Any = extra.get(C._CDT_CTX_FILTER_EXPR_KEY)
    if hasattr(compiled, "compile"):
        compiled = compiled.compile()
    return expression(compiled)


def ctx(items: Any) -> Any:
    """Official ``cdt_ctx`` objects (``.id``, ``.value``, ``.extra_args``) as ``CDTContext`` tuples."""
    if items is None:
        return None
    if not isinstance(items, (list, tuple)):
        raise param_error(f"ctx must be a list of cdt_ctx items, got {type(items).__name__}")
    out = []
    for i, item in enumerate(items):
        build = _CTX_BUILDERS.get(getattr(item, "id", None))  # type: ignore[arg-type]
        if build is None:
            raise param_error(f"ctx item {i} is not a supported cdt_ctx item: {item!r}")
        out.append(build(item.value, getattr(item, "extra_args", None) or {}))
    return out


# -- operations --------------------------------------------------------------------

_BASIC = {
    C.OPERATOR_READ: OPERATOR_READ, C.OPERATOR_WRITE: OPERATOR_WRITE, C.OPERATOR_INCR: OPERATOR_INCR,
    C.OPERATOR_APPEND: OPERATOR_APPEND, C.OPERATOR_PREPEND: OPERATOR_PREPEND, C.OPERATOR_TOUCH: OPERATOR_TOUCH,
    C.OPERATOR_DELETE: OPERATOR_DELETE,
}

# An argument of one of our builders, read from the official dict:
#   "name"          the field as it is (missing -> None)
#   "name?default"  the field, or ``default`` (an int) when missing
#   "RT"            return_type with the official ``inverted`` flag folded in
_R = "RT"

# Official code -> (our builder, arguments after the bin, policy field or None).
_CDT: dict[int, tuple[Callable[..., Any], tuple[str, ...], Optional[str]]] = {
    C.OP_LIST_APPEND: (_list.list_append, ("val",), "list_policy"),
    C.OP_LIST_APPEND_ITEMS: (_list.list_append_items, ("val",), "list_policy"),
    C.OP_LIST_INSERT: (_list.list_insert, ("index", "val"), "list_policy"),
    C.OP_LIST_INSERT_ITEMS: (_list.list_insert_items, ("index", "val"), "list_policy"),
    C.OP_LIST_INCREMENT: (_list.list_increment, ("index", "val"), "list_policy"),
    C.OP_LIST_POP: (_list.list_pop, ("index",), None),
    C.OP_LIST_POP_RANGE: (_list.list_pop_range, ("index", "val"), None),
    C.OP_LIST_REMOVE: (_list.list_remove, ("index",), None),
    C.OP_LIST_REMOVE_RANGE: (_list.list_remove_range, ("index", "val"), None),
    C.OP_LIST_CLEAR: (_list.list_clear, (), None),
    C.OP_LIST_SET: (_list.list_set, ("index", "val"), None),
    C.OP_LIST_GET: (_list.list_get, ("index",), None),
    C.OP_LIST_GET_RANGE: (_list.list_get_range, ("index", "val"), None),
    C.OP_LIST_TRIM: (_list.list_trim, ("index", "val"), None),
    C.OP_LIST_SIZE: (_list.list_size, (), None),
    C.OP_LIST_GET_BY_INDEX: (_list.list_get_by_index, ("index", _R), None),
    C.OP_LIST_GET_BY_INDEX_RANGE: (_list.list_get_by_index_range, ("index", _R, "count"), None),
    C.OP_LIST_GET_BY_RANK: (_list.list_get_by_rank, ("rank", _R), None),
    C.OP_LIST_GET_BY_RANK_RANGE: (_list.list_get_by_rank_range, ("rank", _R, "count"), None),
    C.OP_LIST_GET_BY_VALUE: (_list.list_get_by_value, ("val", _R), None),
    C.OP_LIST_GET_BY_VALUE_LIST: (_list.list_get_by_value_list, ("value_list", _R), None),
    C.OP_LIST_GET_BY_VALUE_RANGE: (_list.list_get_by_value_range, ("value_begin", "value_end", _R), None),
    C.OP_LIST_REMOVE_BY_INDEX: (_list.list_remove_by_index, ("index", _R), None),
    C.OP_LIST_REMOVE_BY_INDEX_RANGE: (_list.list_remove_by_index_range, ("index", _R, "count"), None),
    C.OP_LIST_REMOVE_BY_RANK: (_list.list_remove_by_rank, ("rank", _R), None),
    C.OP_LIST_REMOVE_BY_RANK_RANGE: (_list.list_remove_by_rank_range, ("rank", _R, "count"), None),
    C.OP_LIST_REMOVE_BY_VALUE: (_list.list_remove_by_value, ("val", _R), None),
    C.OP_LIST_REMOVE_BY_VALUE_LIST: (_list.list_remove_by_value_list, ("value_list", _R), None),
    C.OP_LIST_REMOVE_BY_VALUE_RANGE: (_list.list_remove_by_value_range, ("value_begin", "value_end", _R), None),
    C.OP_LIST_SET_ORDER: (_list.list_set_order, ("list_order?0",), None),
    C.OP_LIST_SORT: (_list.list_sort, ("sort_flags?0",), None),
    C.OP_MAP_PUT: (_map.map_put, ("key", "val"), "map_policy"),
    C.OP_MAP_PUT_ITEMS: (_map.map_put_items, ("val",), "map_policy"),
    C.OP_MAP_INCREMENT: (_map.map_increment, ("key", "val"), "map_policy"),
    C.OP_MAP_DECREMENT: (_map.map_decrement, ("key", "val"), "map_policy"),
    C.OP_MAP_SIZE: (_map.map_size, (), None),
    C.OP_MAP_CLEAR: (_map.map_clear, (), None),
    C.OP_MAP_REMOVE_BY_KEY: (_map.map_remove_by_key, ("key", _R), None),
    C.OP_MAP_REMOVE_BY_KEY_LIST: (_map.map_remove_by_key_list, ("val", _R), None),
    C.OP_MAP_REMOVE_BY_KEY_RANGE: (_map.map_remove_by_key_range, ("key", "val", _R), None),
    C.OP_MAP_REMOVE_BY_VALUE: (_map.map_remove_by_value, ("val", _R), None),
    C.OP_MAP_REMOVE_BY_VALUE_LIST: (_map.map_remove_by_value_list, ("val", _R), None),
    C.OP_MAP_REMOVE_BY_VALUE_RANGE: (_map.map_remove_by_value_range, ("val", "range", _R), None),
    C.OP_MAP_REMOVE_BY_INDEX: (_map.map_remove_by_index, ("index", _R), None),
    C.OP_MAP_REMOVE_BY_INDEX_RANGE: (_map.map_remove_by_index_range, ("index", _R, "val"), None),
    C.OP_MAP_REMOVE_BY_RANK: (_map.map_remove_by_rank, ("index", _R), None),
    C.OP_MAP_REMOVE_BY_RANK_RANGE: (_map.map_remove_by_rank_range, ("index", _R, "val"), None),
    C.OP_MAP_GET_BY_KEY: (_map.map_get_by_key, ("key", _R), None),
    C.OP_MAP_GET_BY_KEY_RANGE: (_map.map_get_by_key_range, ("key", "range", _R), None),
    C.OP_MAP_GET_BY_KEY_LIST: (_map.map_get_by_key_list, ("val", _R), None),
    C.OP_MAP_GET_BY_VALUE: (_map.map_get_by_value, ("val", _R), None),
    C.OP_MAP_GET_BY_VALUE_RANGE: (_map.map_get_by_value_range, ("val", "range", _R), None),
    C.OP_MAP_GET_BY_VALUE_LIST: (_map.map_get_by_value_list, ("val", _R), None),
    C.OP_MAP_GET_BY_INDEX: (_map.map_get_by_index, ("index", _R), None),
    C.OP_MAP_GET_BY_INDEX_RANGE: (_map.map_get_by_index_range, ("index", _R, "val"), None),
    C.OP_MAP_GET_BY_RANK: (_map.map_get_by_rank, ("index", _R), None),
    C.OP_MAP_GET_BY_RANK_RANGE: (_map.map_get_by_rank_range, ("index", _R, "val"), None),
    C.OP_BIT_RESIZE: (_bit.bit_resize, ("byte_size", "resize_flags?0"), "policy"),
    C.OP_BIT_INSERT: (_bit.bit_insert, ("byte_offset", "value"), "policy"),
    C.OP_BIT_REMOVE: (_bit.bit_remove, ("byte_offset", "byte_size"), "policy"),
    C.OP_BIT_SET: (_bit.bit_set, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_OR: (_bit.bit_or, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_XOR: (_bit.bit_xor, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_AND: (_bit.bit_and, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_NOT: (_bit.bit_not, ("bit_offset", "bit_size"), "policy"),
    C.OP_BIT_LSHIFT: (_bit.bit_lshift, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_RSHIFT: (_bit.bit_rshift, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_ADD: (_bit.bit_add, ("bit_offset", "bit_size", "value", "sign?0", "action?0"), "policy"),
    C.OP_BIT_SUBTRACT: (_bit.bit_subtract, ("bit_offset", "bit_size", "value", "sign?0", "action?0"), "policy"),
    C.OP_BIT_SET_INT: (_bit.bit_set_int, ("bit_offset", "bit_size", "value"), "policy"),
    C.OP_BIT_GET: (_bit.bit_get, ("bit_offset", "bit_size"), None),
    C.OP_BIT_COUNT: (_bit.bit_count, ("bit_offset", "bit_size"), None),
    C.OP_BIT_LSCAN: (_bit.bit_lscan, ("bit_offset", "bit_size", "value"), None),
    C.OP_BIT_RSCAN: (_bit.bit_rscan, ("bit_offset", "bit_size", "value"), None),
    C.OP_BIT_GET_INT: (_bit.bit_get_int, ("bit_offset", "bit_size", "sign?0"), None),
    C.OP_HLL_ADD: (_hll.hll_add, ("value_list", "index_bit_count", "mh_bit_count"), "hll_policy"),
    C.OP_HLL_INIT: (_hll.hll_init, ("index_bit_count", "mh_bit_count"), "hll_policy"),
    C.OP_HLL_SET_UNION: (_hll.hll_set_union, ("value_list",), "hll_policy"),
    C.OP_HLL_FOLD: (_hll.hll_fold, ("index_bit_count",), None),
    C.OP_HLL_GET_COUNT: (_hll.hll_get_count, (), None),
    C.OP_HLL_GET_UNION: (_hll.hll_get_union, ("value_list",), None),
    C.OP_HLL_GET_UNION_COUNT: (_hll.hll_get_union_count, ("value_list",), None),
    C.OP_HLL_GET_INTERSECT_COUNT: (_hll.hll_get_intersect_count, ("value_list",), None),
    C.OP_HLL_GET_SIMILARITY: (_hll.hll_get_similarity, ("value_list",), None),
    C.OP_HLL_DESCRIBE: (_hll.hll_describe, (), None),
    C.OP_HLL_REFRESH_COUNT: (_hll.hll_refresh_count, (), None),
    C.OP_LIST_GET_BY_VALUE_RANK_RANGE_REL: (_list.list_get_by_value_rel_rank_range, ("val", "rank", _R, "count"), None),
    C.OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL: (_list.list_remove_by_value_rel_rank_range,
                                               ("val", "rank", _R, "count"), None),
    C.OP_LIST_CREATE: (_list.list_create, ("list_order?0", "pad", "persist_index"), None),
    C.OP_MAP_GET_BY_KEY_INDEX_RANGE_REL: (_map.map_get_by_key_rel_index_range, ("key", "index", _R, "count"), None),
    C.OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL: (_map.map_remove_by_key_rel_index_range,
                                             ("key", "index", _R, "count"), None),
    C.OP_MAP_GET_BY_VALUE_RANK_RANGE_REL: (_map.map_get_by_value_rel_rank_range, ("val", "rank", _R, "count"), None),
    C.OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL: (_map.map_remove_by_value_rel_rank_range,
                                              ("val", "rank", _R, "count"), None),
    C.OP_MAP_CREATE: (_map.map_create, ("map_order", "persist_index"), None),
}
# Builders whose policy is keyword-only.
_POLICY_KEYWORD = frozenset((_hll.hll_add, _hll.hll_init, _hll.hll_set_union))
_INVERTED_FLAG = 0x10000  # the C client's AS_LIST_RETURN_INVERTED / AS_MAP_RETURN_INVERTED


def _argument(op: Mapping[str, Any], spec: str) -> Any:
    if spec == _R:
        rt = op.get("return_type")
        if op.get("inverted") and type(rt) is int:
            rt |= _INVERTED_FLAG
        return rt
    name, _, default = spec.partition("?")
    value = op.get(name)
    if value is None and default:
        return int(default)
    return value


def operation(op: Any, index: int) -> dict[str, Any]:
    """One official operation dict as this client's."""
    if not isinstance(op, Mapping):
        raise param_error(f"operation {index} must be a dict, got {type(op).__name__}")
    code = op.get("op")
    if code in _BASIC:
        out = {"op": _BASIC[code]}
        if "bin" in op:
            out["bin"] = op["bin"]
        if "val" in op:
            out["val"] = op["val"]
        return out
    if code in (C.OP_EXPR_READ, C.OP_EXPR_WRITE):
        return {"op": OPERATOR_EXP_READ if code == C.OP_EXPR_READ else OPERATOR_EXP_WRITE, "bin": op.get("bin"),
                "expr": expression(op.get("expr")), "expr_flags": op.get("expr_flags", 0)}
    if code in (C._AS_OPERATOR_CDT_READ, C._AS_OPERATOR_CDT_MODIFY):
        return _path_operation(op, code, index)
    if code == C.OP_MAP_SET_POLICY:
        bin_name: Any = op.get("bin")
        return _map.map_set_policy(bin_name, _set_policy(op.get("map_policy"), index), ctx=ctx(op.get("ctx")))
    entry = _CDT.get(code)  # type: ignore[arg-type]
    if entry is None:
        raise param_error(f"operation {index}: operation code {code!r} is not supported by aerospike_py.legacy")
    build, specs, policy_field = entry
    args = [_argument(op, s) for s in specs]
    kwargs: dict[str, Any] = {"ctx": ctx(op.get("ctx"))}
    if policy_field is not None and op.get(policy_field) is not None:
        given = _cdt_policy(policy_field, op[policy_field], index)
        if build in _POLICY_KEYWORD:
            kwargs["policy"] = given
        else:
            args.append(given)
    while args and args[-1] is None:  # trailing optional arguments left unset
        args.pop()
    try:
        built: dict[str, Any] = build(op.get("bin"), *args, **kwargs)
    except TypeError as exc:
        raise param_error(f"operation {index}: {exc}") from None
    return built


def _path_operation(op: Mapping[str, Any], code: int, index: int) -> dict[str, Any]:
    """``select_by_path`` / ``modify_by_path``: ctx, flags and (modify) the compiled expression."""
    items = op.get("ctx")
    if not isinstance(items, (list, tuple)) or not items:
        raise param_error(f"operation {index}: a path operation needs a non-empty ctx list")
    flags = op.get(C._CDT_FLAGS_KEY, 0)
    bin_name: Any = op.get("bin")
    if code == C._AS_OPERATOR_CDT_READ:
        return _po.select_by_path(bin_name, ctx(items), flags)
    mod: Any = op.get(C._CDT_APPLY_MOD_EXP_KEY)
    if hasattr(mod, "compile"):
        mod = mod.compile()
    return _po.modify_by_path(bin_name, ctx(items), expression(mod), flags)


# Official list / map policy fields -> this client's.
_CDT_POLICY_FIELDS = {
    "list_policy": {"list_order": "order", "write_flags": "flags"},
    "map_policy": {"map_order": "order", "map_write_flags": "write_mode", "map_write_mode": "write_mode"},
}


def _cdt_policy(field: str, given: Any, index: int) -> Any:
    names = _CDT_POLICY_FIELDS.get(field)
    if names is None:
        return given  # bit and HLL policies: the same {"bit_write_flags"} / {"flags"} dicts
    if not isinstance(given, Mapping):
        raise param_error(f"operation {index}: {field} must be a dict, got {type(given).__name__}")
    out: dict[str, Any] = {}
    for name, value in given.items():
        if name == "persist_index":
            continue
        if name not in names:
            raise param_error(f"operation {index}: unknown {field} field {name!r}")
        out[names[name]] = value
    return out


def _set_policy(given: Any, index: int) -> dict[str, Any]:
    """``map_set_policy``'s policy: the order and ``persist_index`` (write flags mean nothing there)."""
    if given is None:
        return {"order": 0}  # the official client sends the default policy
    if not isinstance(given, Mapping):
        raise param_error(f"operation {index}: map_policy must be a dict, got {type(given).__name__}")
    out: dict[str, Any] = {"order": given.get("map_order", 0)}
    if given.get("persist_index"):
        out["persist_index"] = True
    return out


def touch_ttl(ops: Any) -> Any:
    """The ttl an official ``touch`` operation carries (its ``val``), or None."""
    if isinstance(ops, (list, tuple)):
        for op in ops:
            if isinstance(op, Mapping) and op.get("op") == C.OPERATOR_TOUCH and op.get("val") is not None:
                return op["val"]
    return None


def operations(ops: Any) -> list[dict[str, Any]]:
    if not isinstance(ops, (list, tuple)):
        raise param_error(f"operations must be a list of operation dicts, got {type(ops).__name__}")
    return [operation(op, i) for i, op in enumerate(ops)]


# -- expressions -----------------------------------------------------------------------

def expression(compiled: Any) -> Any:
    """An official compiled expression (``.compile()``'s list) as this client's description."""
    from aerospike_py.legacy._expressions import translate
    return translate(compiled)
