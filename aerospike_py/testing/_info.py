"""Info protocol (type 1): the text commands clients use to tend and manage.

Each request line is a command name, optionally followed by ``:params``; the
response repeats the line, a tab, and the value. Values follow the formats of
an Aerospike 8.1 Community Edition server closely enough for clients and
tools that parse them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from . import _proto as P

if TYPE_CHECKING:
    from ._server import Node

BUILD = "8.1.2.0"
EDITION = "Aerospike Community Edition"
FEATURES = ("batch-any;batch-index;blob-bits;cdt-list;cdt-map;cluster-stable;float;geo;"
            "sindex-exists;peers;pipelining;pquery;pscans;query-show;relaxed-sc;replicas;"
            "replicas-all;replicas-master;replicas-max;truncate-namespace;udf")
UNKNOWN = "ERROR::unrecognized command"


def parse_params(text: str) -> dict[str, str]:
    """Parse ``k=v;k=v`` command parameters."""
    out: dict[str, str] = {}
    for part in text.split(";"):
        if not part:
            continue
        k, _, v = part.partition("=")
        out[k.strip()] = v.strip()
    return out


def handle_info(node: "Node", text: str) -> str:
    """Answer every command line of one info request."""
    names = [n for n in text.split("\n") if n]
    if not names:
        names = ["node", "build", "edition", "version", "statistics"]
        return "".join(f"{n}\t{_answer(node, n)}\n" for n in names)
    out = []
    for name in names:
        value = _answer(node, name)
        out.append(f"{name}\t{value}\n")
    return "".join(out)


def _answer(node: "Node", line: str) -> str:
    cmd, sep, params = line.partition(":")
    if not sep and "/" in cmd:
        cmd, _, arg = cmd.partition("/")
        sfn = _SLASH.get(cmd)
        return sfn(node, arg) if sfn else UNKNOWN
    fn = _SIMPLE.get(cmd)
    if fn is not None:
        return fn(node)
    pfn = _PARAM.get(cmd)
    if pfn is not None:
        return pfn(node, parse_params(params))
    return UNKNOWN


# -- tend commands -----------------------------------------------------------
def _peers_std(node: "Node") -> str:
    return node.cluster.peers(node)


def _peers_empty(node: "Node") -> str:
    return f"{node.cluster.peers_gen},{node.port},[]"


def _serves_clear(node: "Node") -> bool:
    """Whether the node takes clear connections (no TLS, or TLS beside clear)."""
    tls = node.cluster.tls
    return tls is None or tls.accept_clear


def _statistics(node: "Node") -> str:
    c = node.cluster
    live = c.live_nodes()
    with c.store.lock:
        objects = sum(ns.count() for ns in c.store.namespaces.values())
    stats = {
        "cluster_size": len(live),
        "cluster_key": c.cluster_key,
        "cluster_integrity": "true",
        "cluster_is_member": "true",
        "cluster_clock_skew_ms": 0,
        "cluster_principal": live[-1].name if live else node.name,
        "uptime": int(time.monotonic()),
        "objects": objects,
        "client_connections": len(node._conns),
        "migrate_partitions_remaining": 0,
        "system_free_mem_pct": 90,
    }
    return ";".join(f"{k}={v}" for k, v in stats.items())


def _namespace(node: "Node", name: str) -> str:
    store = node.cluster.store
    ns = store.namespaces.get(name)
    if ns is None:
        return "ERROR:20:namespace not found"
    with store.lock:
        objects = ns.count()
    live = node.cluster.live_nodes()
    stats = {
        "ns_cluster_size": len(live),
        "effective_replication_factor": min(2, len(live)),
        "objects": objects,
        "tombstones": 0,
        "master_objects": objects,
        "prole_objects": 0,
        "stop_writes": "false",
        "hwm_breached": "false",
        "current_time": P.now_citrus(),
        "index_type": "shmem",
        "sindex_type": "shmem",
        "replication-factor": 2,
        "default-ttl": ns.default_ttl,
        "max-ttl": P.MAX_TTL,
        "nsup-period": 120,
        "allow-ttl-without-nsup": "false",
        "default-read-touch-ttl-pct": 0,
        "strong-consistency": "false",
        "single-query-threads": 4,
        "storage-engine": "memory",
        "storage-engine.data-size": 4294967296,
        "max-record-size": 0,
        "conflict-resolution-policy": "generation",
        "transaction-pending-limit": ns.transaction_pending_limit,
        "sindex.num-partitions": 32,
    }
    return ";".join(f"{k}={v}" for k, v in stats.items())


def _citrus_ms(unix_ms: int) -> int:
    """A cut-off as the server reports it: ms since the citrusleaf epoch (0 = none)."""
    return unix_ms - P.CITRUS_EPOCH * 1000 if unix_ms else 0


def _set_line(ns_name: str, set_name: str, objects: int, ns) -> str:
    return (f"ns={ns_name}:set={set_name}:objects={objects}:tombstones=0:data_used_bytes=0:"
            f"truncate_lut={_citrus_ms(ns.set_truncate_lut.get(set_name, 0))}:sindexes="
            f"{sum(1 for s in ns.sindexes.values() if s.set_name == set_name)}:"
            f"index_populating=false:truncating=false:default-read-touch-ttl-pct=0:"
            f"default-ttl=0:disable-eviction=false:enable-index=false:stop-writes-count=0:"
            f"stop-writes-size=0")


def _sets(node: "Node", arg: str = "") -> str:
    store = node.cluster.store
    ns_filter, _, set_filter = arg.partition("/")
    if ns_filter and ns_filter not in store.namespaces:
        return "ERROR:20:namespace not found"
    lines = []
    with store.lock:
        for ns in store.namespaces.values():
            if ns_filter and ns.name != ns_filter:
                continue
            for set_name, objects in sorted(ns.set_names().items()):
                if set_filter and set_name != set_filter:
                    continue
                line = _set_line(ns.name, set_name, objects, ns)
                if set_filter:
                    # ns/set form: just the properties of that one set.
                    line = line.split(":", 2)[2]
                lines.append(line + ";")
    return "".join(lines)


def _truncate(node: "Node", params: dict[str, str], whole_ns: bool) -> str:
    store = node.cluster.store
    ns = store.namespaces.get(params.get("namespace", ""))
    if ns is None:
        return "ERROR:4:namespace not found"
    set_name = None if whole_ns else params.get("set")
    if not whole_ns and not set_name:
        return "ERROR:4:missing set"
    lut_text = params.get("lut")
    now_ms = P.now_ns() // 1_000_000
    if lut_text:
        # The cut-off is given in ns since the unix epoch and kept, like record
        # last-update times, in whole milliseconds.
        try:
            lut_ms = int(lut_text, 0) // 1_000_000
        except ValueError:
            return "ERROR:4:bad lut"
        if lut_ms <= P.CITRUS_EPOCH * 1000:
            return "ERROR:4:lut would truncate to 0"
        if lut_ms > now_ms:
            return "ERROR:4:lut is in the future"
    else:
        lut_ms = now_ms
    with store.lock:
        ns.truncate(set_name, lut_ms)
    return "ok"


def _set_config(node: "Node", params: dict[str, str]) -> str:
    """``set-config:context=namespace;namespace=<ns>;transaction-pending-limit=<n>``.

    Only the namespace settings the server emulates can change; anything else
    is refused like an unknown parameter.
    """
    if params.get("context") != "namespace":
        return "ERROR:4:unsupported context"
    store = node.cluster.store
    ns = store.namespaces.get(params.get("namespace") or params.get("id") or "")
    if ns is None:
        return "ERROR:20:namespace not found"
    changes = {k: v for k, v in params.items() if k not in ("context", "namespace", "id")}
    if not changes:
        return "ERROR:4:missing parameter"
    for name, value in changes.items():
        if name != "transaction-pending-limit":
            return f"ERROR:4:unsupported parameter {name}"
        try:
            limit = int(value)
        except ValueError:
            return f"ERROR:4:bad value {value}"
        if limit < 0 or limit > 0xFFFFFFFF:
            return f"ERROR:4:bad value {value}"
        ns.transaction_pending_limit = limit
    return "ok"


def _cluster_name(node: "Node") -> str:
    return node.cluster.cluster_name or "null"


def _sindex(node: "Node", params: dict[str, str], action: str) -> str:
    from ._query import sindex_info
    return sindex_info(node, action, params)


def _udf(node: "Node", params: dict[str, str], action: str) -> str:
    from ._udf import udf_info
    return udf_info(node, action, params)


def _sindex_list(node: "Node", arg: str = "") -> str:
    from ._query import sindex_info
    return sindex_info(node, "list", {"ns": arg} if arg else {})


def _job(node: "Node", params: dict[str, str]) -> str:
    """Jobs run to completion before their request is answered, so all are done."""
    from ._udf import job_info_text
    return job_info_text(node, params)


_SIMPLE: dict[str, Callable[["Node"], str]] = {
    "node": lambda n: n.name,
    "build": lambda n: BUILD,
    "version": lambda n: f"{EDITION} build {BUILD}",
    "edition": lambda n: EDITION,
    "status": lambda n: "ok",
    "features": lambda n: FEATURES,
    "cluster-name": _cluster_name,
    "partition-generation": lambda n: str(n.cluster.partition_gen),
    "peers-generation": lambda n: str(n.cluster.peers_gen),
    "rebalance-generation": lambda n: str(n.cluster.rebalance_gen),
    "peers-clear-std": lambda n: _peers_std(n) if _serves_clear(n) else _peers_empty(n),
    "peers-clear-alt": _peers_empty,
    "peers-tls-std": lambda n: _peers_std(n) if n.cluster.tls is not None else _peers_empty(n),
    "peers-tls-alt": _peers_empty,
    "alumni-clear-std": _peers_std,
    "service": lambda n: n.address,
    "service-clear-std": lambda n: n.address if _serves_clear(n) else "",
    "service-clear-alt": lambda n: "",
    "service-tls-std": lambda n: n.address if n.cluster.tls is not None else "",
    "service-tls-alt": lambda n: "",
    "services": lambda n: ";".join(o.address for o in n.cluster.live_nodes() if o is not n),
    "rack-ids": lambda n: ";".join(f"{ns}:0" for ns in n.cluster.store.namespaces),
    "racks": lambda n: ";".join(f"ns={ns}:rack_0={','.join(x.name for x in n.cluster.live_nodes())}"
                                for ns in n.cluster.store.namespaces),
    "replicas": lambda n: n.cluster.replicas(n),
    "namespaces": lambda n: ";".join(n.cluster.store.namespaces),
    "statistics": _statistics,
    "sets": _sets,
    "cluster-stable": lambda n: n.cluster.cluster_key,
    "cluster-generation": lambda n: str(n.cluster.peers_gen),
    "sindex-list": _sindex_list,
    "sindex": _sindex_list,
    "udf-list": lambda n: _udf(n, {}, "list"),
    "truncate-undo": lambda n: "ok",
    "best-practices": lambda n: "ok",
    "health-stats": lambda n: "",
}

_SLASH: dict[str, Callable[["Node", str], str]] = {
    "namespace": _namespace,
    "sets": _sets,
    "sindex-list": _sindex_list,
    "sindex": lambda n, arg: _sindex_list(n, arg.split("/")[0]),
}

_PARAM: dict[str, Callable[["Node", dict[str, str]], str]] = {
    "truncate-namespace": lambda n, p: _truncate(n, p, True),
    "truncate": lambda n, p: _truncate(n, p, False),
    "truncate-undo": lambda n, p: "ok",
    "sindex-create": lambda n, p: _sindex(n, p, "create"),
    "sindex-delete": lambda n, p: _sindex(n, p, "delete"),
    "sindex-exists": lambda n, p: _sindex(n, p, "exists"),
    "sindex-list": lambda n, p: _sindex(n, p, "list"),
    "sindex-stat": lambda n, p: _sindex(n, p, "stat"),
    "udf-put": lambda n, p: _udf(n, p, "put"),
    "udf-get": lambda n, p: _udf(n, p, "get"),
    "udf-remove": lambda n, p: _udf(n, p, "remove"),
    "udf-list": lambda n, p: _udf(n, p, "list"),
    "cluster-stable": lambda n, p: n.cluster.cluster_key,
    "user-agent-set": lambda n, p: "ok",
    "set-config": _set_config,
    "query-show": _job,
    "scan-show": _job,
    "jobs": _job,
}
