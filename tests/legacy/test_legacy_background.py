"""query_apply / scan_apply: background UDFs over a query or a scan, then job_info, vs the official client."""

from __future__ import annotations

import time
import uuid
from typing import Any, Callable

from _legacy_diff import fresh

NS = "test"


def _wait(s: Any, job: int, module: str) -> Any:
    for _ in range(200):
        info = s.c.job_info(job, module)
        if info["status"] == s.m.JOB_STATUS_COMPLETED:
            return info
        time.sleep(0.02)
    return info


def test_query_apply(same: Callable[..., Any], set_name: str, udf_module: str) -> None:
    keys = [(NS, set_name, i) for i in range(5)]
    index = "legacy_qa_" + uuid.uuid4().hex[:8]

    def script(s: Any) -> Any:
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i})
        s.c.index_integer_create(NS, set_name, "i", index)
        out: list[Any] = []
        try:
            time.sleep(0.2)
            job = s.c.query_apply(NS, set_name, s.m.predicates.between("i", 1, 3), udf_module, "write_bin",
                                  ["tag", "q"])
            info = _wait(s, job, s.m.JOB_QUERY)
            out += [type(job).__name__, job > 0, info["status"], sorted(info)]
            out.append([s.c.get(k)[2] for k in keys])
            job = s.c.query_apply(NS, set_name, s.m.predicates.equals("i", 4), udf_module, "incr", ["i", 10],
                                  {"total_timeout": 5000})
            _wait(s, job, s.m.JOB_QUERY)
            out.append([s.c.get(k)[2] for k in keys])
        finally:
            s.c.index_remove(NS, index)
        # (a non-str module crashes the official client, so it is not compared here)
        for bad in (lambda: s.c.query_apply(NS, set_name, s.m.predicates.equals("i", 1), udf_module, "write_bin",
                                            "notalist"),):
            try:
                out.append(type(bad()).__name__)  # a job id: its value differs between clients
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_scan_apply(same: Callable[..., Any], set_name: str, udf_module: str) -> None:
    keys = [(NS, set_name, i) for i in range(4)]

    def script(s: Any) -> Any:
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i})
        out: list[Any] = []
        job = s.c.scan_apply(NS, set_name, udf_module, "write_bin", ["tag", "s"])
        info = _wait(s, job, s.m.JOB_SCAN)
        out += [type(job).__name__, info["status"], [s.c.get(k)[2] for k in keys]]
        job = s.c.scan_apply(NS, set_name, udf_module, "incr", ["i", 1], {"total_timeout": 5000}, None)
        out += [_wait(s, job, s.m.JOB_SCAN)["status"], [s.c.get(k)[2] for k in keys]]
        for bad in (lambda: s.c.query_apply(NS, set_name, None, udf_module, "incr", ["i", 1]),
                    lambda: s.c.scan_apply(NS, set_name, udf_module, "incr", ["i", 1], None, "x"),
                    lambda: s.c.scan_apply(NS, set_name, "no_such_module", "incr", ["i", 1])):
            try:
                out.append(type(bad()).__name__)  # a job id: its value differs between clients
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_get_stats(same: Callable[..., Any], set_name: str) -> None:
    """The same classes and fields; counters are compared by type (they count each client's own traffic)."""
    key = (NS, set_name, "stats")

    def script(s: Any) -> Any:
        s.c.put(key, {"a": 1})
        stats = s.c.get_stats()
        node = stats.nodes[0]
        expected_nodes = len(s.c.get_nodes())
        return [
            type(stats).__name__, type(node).__name__, type(node.conns).__name__,
            len(stats.nodes) == expected_nodes,
            [type(getattr(stats, f)).__name__ for f in ("retry_count", "thread_pool_queued_tasks",
                                                        "recover_queue_size")],
            (node.address, node.port) in [(h, p) for h, p in s.c.get_nodes()],
            node.name in [n["node_name"] for n in s.c.get_node_names()],
            [type(getattr(node, f)).__name__ for f in ("error_count", "timeout_count", "key_busy_count")],
            {f: type(getattr(node.conns, f)).__name__ for f in ("in_use", "in_pool", "opened", "closed", "recovered",
                                                               "aborted")},
            node.conns.opened >= 1, node.conns.in_use + node.conns.in_pool >= 1,
        ]

    same(script)
