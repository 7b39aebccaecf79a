"""Batches, queries and scans, UDFs, indexes, info and truncate: the facade against the official client."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
import uuid
from typing import Any, Callable

import pytest

from _legacy_diff import fresh

NS = "test"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _keys(set_name: str, n: int = 4) -> list[tuple[str, str, Any]]:
    return [(NS, set_name, i) for i in range(n)]


def test_batch_read_operate_remove(same: Callable[..., Any], set_name: str) -> None:
    keys = _keys(set_name)
    missing = (NS, set_name, "missing")

    def script(s: Any) -> Any:
        fresh(s, *keys, missing)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i, "l": [i]})
        return [
            s.c.batch_read(keys + [missing]),
            s.c.batch_read(keys, ["i"]),
            s.c.batch_read([]),
            s.c.batch_operate(keys + [missing], [s.ops.increment("i", 10), s.ops.read("i")]),
            s.c.batch_operate(keys, [s.lo.list_append("l", 1), s.lo.list_append("l", 2)]),
            s.c.batch_operate(keys[:1], [s.ops.write("w", 1)], ttl=100),
            s.c.batch_remove(keys[:2] + [missing]),
            s.c.batch_read(keys),
        ]

    same(script)


def test_batch_write_records(same: Callable[..., Any], set_name: str, udf_module: str) -> None:
    keys = _keys(set_name, 3)

    def script(s: Any) -> Any:
        r = s.rec
        fresh(s, *keys)
        s.c.put(keys[2], {"x": 1})
        batch = r.BatchRecords([
            r.Write(keys[0], [s.ops.write("a", 1), s.ops.read("a")], meta={"ttl": 200}),
            r.Read(keys[0], None, read_all_bins=True),
            r.Read(keys[2], [s.ops.read("x")]),
            r.Apply(keys[1], udf_module, "echo", [5]),
            r.Remove(keys[2]),
            r.Write(keys[1], [s.ops.write("b", 2)], policy={"exists": s.m.POLICY_EXISTS_UPDATE}),
        ])
        result = s.c.batch_write(batch)
        return [result is batch, result, s.c.batch_read(keys)]

    same(script)


def test_batch_apply(same: Callable[..., Any], set_name: str, udf_module: str) -> None:
    keys = _keys(set_name, 3)

    def script(s: Any) -> Any:
        fresh(s, *keys)
        s.c.put(keys[0], {"a": 1})
        return [s.c.batch_apply(keys, udf_module, "echo", ["v"]), s.c.batch_apply(keys, udf_module, "fail", ["no"]),
                s.c.apply(keys[0], udf_module, "add", [2, 3])]

    same(script)


def _sorted(records: list[Any]) -> list[Any]:
    return sorted(records, key=lambda r: bytes(r[0][3]))


def test_scan_and_query(same: Callable[..., Any], set_name: str) -> None:
    keys = _keys(set_name, 5)
    index = "ix_" + uuid.uuid4().hex[:8]

    def script(s: Any) -> Any:
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i, "s": f"v{i}", "tag": ["a", "b"] if i % 2 else ["c"]})
        out: list[Any] = []
        scan = s.c.scan(NS, set_name)
        out.append(_sorted(scan.results()))
        scan = s.c.scan(NS, set_name)
        scan.select("i")
        seen: list[Any] = []
        scan.foreach(seen.append)
        out.append(_sorted(seen))
        s.c.index_integer_create(NS, set_name, "i", index)
        try:
            time.sleep(0.2)
            q = s.c.query(NS, set_name)
            q.where(s.m.predicates.between("i", 1, 3))
            out.append(_sorted(q.results()))
            q = s.c.query(NS, set_name)
            q.select("s")
            q.where(s.m.predicates.equals("i", 4))
            out.append(q.results())
            q = s.c.query(NS, set_name)
            q.where(s.m.predicates.between("i", 0, 4))
            n: list[Any] = []
            q.foreach(lambda rec: n.append(rec) or len(n) < 2)
            out.append(len(n))
            q = s.c.query(NS, set_name)
            q.where(s.m.predicates.equals("i", 2))
            q.add_ops([s.ops.write("bg", 1)])
            job = q.execute_background()
            for _ in range(100):
                if s.c.job_info(job, s.m.JOB_QUERY)["status"] == s.m.JOB_STATUS_COMPLETED:
                    break
                time.sleep(0.05)
            out.append(s.c.get(keys[2])[2])
            out.append(s.c.index_integer_create(NS, set_name, "i", index))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
        finally:
            s.c.index_remove(NS, index)
        q = s.c.query(NS, set_name)
        q.where(s.m.predicates.equals("i", 1))
        try:
            out.append(q.results())
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
        return out

    same(script)


def test_scan_pagination(same: Callable[..., Any], set_name: str) -> None:
    keys = _keys(set_name, 7)

    def script(s: Any) -> Any:
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i})
        scan = s.c.scan(NS, set_name)
        scan.paginate()
        pages = []
        while not scan.is_done() and len(pages) < 10:
            pages.append(len(scan.results({"max_records": 3})))
        return [sum(pages), scan.is_done()]

    same(script)


def test_partition_filter(same: Callable[..., Any], set_name: str) -> None:
    keys = _keys(set_name, 6)

    def script(s: Any) -> Any:
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i})
        parts = sorted({s.c.get_key_partition_id(*k) for k in keys})
        scan = s.c.scan(NS, set_name)
        found = scan.results({"partition_filter": {"begin": parts[0], "count": 1}})
        return [len(found) >= 1, all(s.c.get_key_partition_id(*r[0][:3]) == parts[0] for r in found)]

    same(script)


UDF_SCRIPT = """
import sys
m = __import__(sys.argv[1], fromlist=["client"])
c = m.client({"hosts": [(sys.argv[2], int(sys.argv[3]))]})
path, name = sys.argv[4], sys.argv[5]
out = [c.udf_put(path)]
out.append([e for e in c.udf_list() if e["name"] == name])
out.append(c.udf_get(name))
out.append(c.udf_remove(name))
c.put(("test", name, 1), {"a": 1})
out.append(c.truncate("test", name, 0))
try:
    c.udf_put(path + ".missing")
except Exception as exc:
    out.append((type(exc).__name__, exc.code))
print(repr(out))
"""


def test_udf_modules_and_truncate(aerospike_config: dict[str, Any], tmp_path: Any) -> None:
    """Run in subprocesses: the official client's udf_put and truncate hold the GIL while they wait, which would
    deadlock against the in-process embedded server."""
    host, port = aerospike_config["hosts"][0][:2]
    name = "lg_" + uuid.uuid4().hex[:8]
    path = tmp_path / f"{name}.lua"
    path.write_text("function hello(rec)\n  return 'hi'\nend\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    found = []
    for module in ("aerospike", "aerospike_py.legacy"):
        done = subprocess.run([sys.executable, "-c", UDF_SCRIPT, module, host, str(port), str(path), f"{name}.lua"],
                              capture_output=True, text=True, timeout=60, env=env, cwd=str(tmp_path))
        assert done.returncode == 0, done.stderr
        found.append(done.stdout)
    assert found[0] == found[1]
    assert "bytearray" in found[0] and "hello" in found[0]


def test_index_and_truncate(same: Callable[..., Any], set_name: str) -> None:
    def script(s: Any) -> Any:
        out: list[Any] = []
        name = "ix_" + uuid.uuid4().hex[:8]
        for call in (
            lambda: s.c.index_string_create(NS, set_name, "s", name),
            lambda: s.c.index_remove(NS, name),
            lambda: s.c.index_list_create(NS, set_name, "l", s.m.INDEX_NUMERIC, name),
            lambda: s.c.index_remove(NS, name),
            lambda: s.c.index_map_keys_create(NS, set_name, "m", s.m.INDEX_STRING, name),
            lambda: s.c.index_remove(NS, name),
            lambda: s.c.index_geo2dsphere_create(NS, set_name, "g", name),
            lambda: s.c.index_remove(NS, name),
            lambda: s.c.index_remove(NS, "never_made"),
        ):
            try:
                out.append(call())
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out

    same(script)


def test_info(same: Callable[..., Any]) -> None:
    def script(s: Any) -> Any:
        names = s.c.get_node_names()
        return [list(s.c.info_all("build").values()), s.c.info_random_node("build"), names,
                s.c.info_random_node("namespaces"), len(s.c.get_nodes()), s.c.is_connected(), s.c.shm_key()]

    same(script)


def test_geo_values_and_predicates(same: Callable[..., Any], set_name: str) -> None:
    key = (NS, set_name, "geo")

    def script(s: Any) -> Any:
        fresh(s, key)
        point = s.m.GeoJSON({"type": "Point", "coordinates": [10.0, 20.0]})
        s.c.put(key, {"g": point, "s": str(point)})
        rec = s.c.get(key)
        return [rec, type(rec[2]["g"]).__name__, rec[2]["g"].unwrap(), str(s.m.geojson('{"type": "Point", "coordinates": [1, 2]}'))]

    same(script)


@pytest.mark.parametrize("exp_index", range(3))
def test_where_with_expression_index(same: Callable[..., Any], set_name: str, exp_index: int) -> None:
    keys = _keys(set_name, 4)

    def script(s: Any) -> Any:
        e = s.e
        expr = [e.IntBin("i"), e.Add(e.IntBin("i"), 10), e.Mul(e.IntBin("i"), 2)][exp_index].compile()
        name = "ix_" + uuid.uuid4().hex[:8]
        fresh(s, *keys)
        for i, k in enumerate(keys):
            s.c.put(k, {"i": i})
        s.c.index_expr_create(NS, set_name, s.m.INDEX_TYPE_DEFAULT, s.m.INDEX_NUMERIC, expr, name)
        try:
            time.sleep(0.2)
            q = s.c.query(NS, set_name)
            q.where_with_expr(expr, s.m.predicates.between(None, 0, 11))
            return sorted(r[2]["i"] for r in q.results())
        finally:
            s.c.index_remove(NS, name)

    same(script)
