"""Sequential put/get throughput and client CPU per operation, client against client.

Every client runs in its own subprocess (``--worker NAME``) so that two
packages that both call themselves ``aerospike_py`` never meet, and so that
each process's CPU time is that client's alone.  All of them talk to the same
server: ``AEROSPIKE_HOSTS`` if set, else one embedded test server in a
separate process.

    python benchmarks/bench_kv.py                      # all clients, 20000 ops
    python benchmarks/bench_kv.py --ops 5000 --clients project,official --json
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

import _common as common

# --------------------------------------------------------------------------- worker


def _import_client(name: str) -> tuple[Any, str]:
    """The client module for ``name`` and a line saying which file it came from.

    The file is checked: measuring the wrong ``aerospike_py`` would silently
    make every number meaningless.
    """
    mod: Any
    if name == "project":
        import aerospike_py as mod
        where = Path(mod.__file__).resolve()
        if common.REPO not in where.parents:
            raise SystemExit(f"project worker imported {where}, not this repository's aerospike_py")
        return mod, f"aerospike_py {mod.__version__} from {where.parent}"
    if name == "official":
        import aerospike as mod
        return mod, f"aerospike from {Path(mod.__file__).resolve()}"
    if name == "pypi":
        sys.path[:] = [str(common.PYPI_DIR)] + [
            p for p in sys.path if p != str(common.PYPI_DIR) and Path(p or ".").resolve() != common.REPO]
        import aerospike_py as mod
        where = Path(mod.__file__).resolve()
        if common.PYPI_DIR.resolve() not in where.parents:
            raise SystemExit(f"pypi worker imported {where}, not the aerospike-py {common.PYPI_VERSION} folder")
        return mod, f"aerospike-py from {where.parent}"
    if name == "sdk":
        sys.path[:] = [str(common.SDK_DIR)] + [
            p for p in sys.path if p != str(common.SDK_DIR) and Path(p or ".").resolve() != common.REPO]
        import aerospike_sdk as mod
        where = Path(mod.__file__).resolve()
        if common.SDK_DIR.resolve() not in where.parents:
            raise SystemExit(f"sdk worker imported {where}, not the aerospike-sdk {common.SDK_VERSION} folder")
        return mod, f"aerospike-sdk from {where.parent}"
    raise SystemExit(f"unknown client {name!r}")


def cdt_operations(name: str) -> list[Any]:
    """Three list/map operations (append, pop, map increment) in each client's own helpers.

    The list keeps its length, so every call does the same work.
    """
    if name == "official":
        from aerospike_helpers.operations import list_operations as hl
        from aerospike_helpers.operations import map_operations as hm
        return [hl.list_append("l", 1), hl.list_pop("l", -1), hm.map_increment("m", "n", 1)]
    import aerospike_py
    lo, mo = aerospike_py.list_operations, aerospike_py.map_operations
    return [lo.list_append("l", 1), lo.list_pop("l", -1), mo.map_increment("m", "n", 1)]


class _Ops:
    """One client's put, get and batch read, each in the form its documentation shows first.

    A batch read ends with every record's bins in Python objects: ``to_dict()``
    for the two ``aerospike_py`` packages (their results are lazy until
    asked), ``batch_read`` for the official client (built eagerly), and the
    SDK's ``session.query(keys).execute().collect()``.
    """

    def __init__(self, name: str, mod: Any, host: str, port: int, tend_ms: int, keyspace: int) -> None:
        self.name = name
        if name == "sdk":
            from aerospike_sdk import Behavior, DataSet
            from aerospike_sdk.sync import ClusterDefinition

            self.client = ClusterDefinition(host, port).connect()
            session = self.client.create_session(Behavior.DEFAULT)
            data_set = DataSet.of(common.NAMESPACE, common.SET)
            self.keys: list[Any] = [data_set.id(k) for k in range(keyspace)]
            self.put = session.put
            self.get = session.get
            query = session.query
            self.batch = lambda keys: query(keys).execute().collect()
            self.bins = lambda record: record.bins
            return
        config: dict[str, Any] = {"hosts": [(host, port)]}
        if tend_ms:
            config["tend_interval"] = tend_ms
        self.client = mod.client(config).connect()
        self.keys = [(common.NAMESPACE, common.SET, k) for k in range(keyspace)]
        self.put = self.client.put
        self.get = self.client.get
        self.operate = self.client.operate
        read = self.client.batch_read
        if name == "official":
            self.batch = lambda keys: [r.record for r in read(keys).batch_records]
        else:
            self.batch = lambda keys: read(keys).to_dict()
        self.bins = lambda record: record[2] if isinstance(record, tuple) else record.bins

    cdt_ops: list[Any] = []

    def close(self) -> None:
        self.client.close()


def _timed(ops: _Ops, kind: str, n: int, batch_size: int = 100) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) for n puts, gets or batch-read records; CPU counts every thread.

    The loops are as bare as Python allows (bound method, no helper calls), so
    what is measured is the client, not the benchmark.
    """
    keys = ops.keys
    nk = len(keys)
    payload = common.PAYLOAD
    w0, c0 = time.perf_counter(), time.process_time()
    if kind == "put":
        put = ops.put
        for i in range(n):
            put(keys[i % nk], {"i": i, "s": payload})
    elif kind == "get":
        get = ops.get
        for i in range(n):
            get(keys[i % nk])
    elif kind == "cdt":
        operate, cdt_ops = ops.operate, ops.cdt_ops
        for i in range(n):
            operate(keys[i % nk], cdt_ops)
    else:
        batch = ops.batch
        groups = [keys[i:i + batch_size] for i in range(0, nk - batch_size + 1, batch_size)]
        for i in range(n // batch_size):
            batch(groups[i % len(groups)])
    return time.perf_counter() - w0, time.process_time() - c0


def run_worker(name: str, args: argparse.Namespace) -> int:
    """One client: connect, warm up, time the puts, gets and batch reads, print one JSON line."""
    mod, origin = _import_client(name)
    if args.metrics and hasattr(mod, "set_metrics_enabled"):  # project and pypi record metrics by default
        mod.set_metrics_enabled(args.metrics == "on")
    ops = _Ops(name, mod, args.host, args.port, args.tend_ms, args.keyspace)

    # Warm-up writes the whole key space, so every measured get finds a record.
    _timed(ops, "put", max(args.warmup, args.keyspace))
    _timed(ops, "get", args.warmup)
    got = ops.bins(ops.get(ops.keys[0]))
    if got.get("s") != common.PAYLOAD:
        raise SystemExit(f"{name}: read back {got!r}, expected the payload")
    kinds = {"both": ("put", "get"), "all": ("put", "get", "batch")}.get(args.only, (args.only,))
    if "cdt" in kinds:
        if name == "sdk":
            raise SystemExit("sdk: no list/map operate worker")
        ops.cdt_ops = cdt_operations(name)
        _timed(ops, "cdt", args.warmup)
    if "batch" in kinds:
        found = ops.batch(ops.keys[:args.batch_size])
        if len(found) != min(args.batch_size, len(ops.keys)):
            raise SystemExit(f"{name}: a batch read of {args.batch_size} keys returned {len(found)} records")
        _timed(ops, "batch", args.warmup, args.batch_size)

    out: dict[str, Any] = {"client": name, "origin": origin, "ops": args.ops}
    for kind in kinds:
        out[f"{kind}_wall"], out[f"{kind}_cpu"] = _timed(ops, kind, args.ops, args.batch_size)
    ops.close()
    print(json.dumps(out), flush=True)
    return 0


# --------------------------------------------------------------------------- driver


def _run_one(name: str, wargs: common.WorkerArgs) -> dict[str, Any]:
    """Run one worker; its result, or {"error": ...} so one failure does not stop the rest."""
    cmd = common.worker_command(name, wargs)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=common.worker_env(name),
                          cwd=str(common.BENCH_DIR))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"client": name, "error": f"exit {proc.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1])


KINDS = ("put", "get", "batch", "cdt")
LABELS = {"put": "put", "get": "get", "batch": "batch rec", "cdt": "cdt"}


def _summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median over repeats of ops/s and CPU us/op, per operation (a batch counts records)."""
    ops = runs[0]["ops"]
    out: dict[str, Any] = {"origin": runs[0].get("origin", ""), "runs": len(runs)}
    for kind in KINDS:
        if all(r.get(f"{kind}_wall") for r in runs):
            out[f"{kind}_ops_s"] = statistics.median(ops / r[f"{kind}_wall"] for r in runs)
            out[f"{kind}_cpu_us"] = statistics.median(r[f"{kind}_cpu"] * 1e6 / ops for r in runs)
    return out


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _num(v: Optional[float], fmt: str) -> str:
    return format(v, fmt) if v is not None else "-"


def print_tables(summary: dict[str, dict[str, Any]], errors: dict[str, str]) -> None:
    """Absolute numbers, then each client relative to the official client, aerospike-py and the SDK."""
    names = [n for n in summary]
    print()
    head = "".join(f" {LABELS[k] + ' ops/s':>15} {LABELS[k] + ' CPU us':>16}" for k in KINDS)
    print(f"{'client':<10}{head}")
    for n in names:
        s = summary[n]
        print(f"{n:<10}" + "".join(f" {_num(s.get(k + '_ops_s'), '15,.0f')} {_num(s.get(k + '_cpu_us'), '16.1f')}"
                                   for k in KINDS))
    for ref in ("official", "pypi", "sdk"):
        if ref not in summary:
            continue
        r = summary[ref]
        print()
        print(f"relative to {ref} (ops/s: higher is better; CPU: lower is better)")
        head = "".join(f" {LABELS[k] + ' ops/s':>15} {LABELS[k] + ' CPU':>13}" for k in KINDS)
        print(f"{'client':<10}{head}")
        for n in names:
            s = summary[n]
            print(f"{n:<10}" + "".join(f" {_ratio(s.get(k + '_ops_s'), r.get(k + '_ops_s')):>15}"
                                       f" {_ratio(s.get(k + '_cpu_us'), r.get(k + '_cpu_us')):>13}" for k in KINDS))
    print()
    for n in names:
        print(f"  {n:<9} {common.CLIENTS[n]}")
    for n, why in errors.items():
        print(f"  {n:<9} NOT MEASURED: {why}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=20000,
                        help="puts, gets and batch-read records per client (default 20000)")
    parser.add_argument("--warmup", type=int, default=1000, help="untimed puts/gets first (default 1000)")
    parser.add_argument("--keyspace", type=int, default=1000, help="distinct keys cycled through (default 1000)")
    parser.add_argument("--batch-size", type=int, default=100, help="keys per batch read (default 100)")
    parser.add_argument("--clients", default="project,official,pypi,sdk,c",
                        help="comma-separated subset of: " + ",".join(common.CLIENTS))
    parser.add_argument("--only", default="all", choices=("put", "get", "batch", "both", "all", "cdt"),
                        help="what to time: put, get, batch, both (put and get), all (the three; default), "
                             "or cdt (operate with three list/map operations)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, the median is shown (default 3)")
    parser.add_argument("--json", nargs="?", const="", default=None, metavar="PATH",
                        help="also write JSON (default file: benchmarks/results/bench_kv-<time>.json)")
    parser.add_argument("--server-port", type=int, default=0, help="embedded server port (0 = any)")
    # Worker mode: one client in this process.
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tend-ms", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--metrics", default="", choices=("", "on", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        return run_worker(args.worker, args)

    names = [n.strip() for n in args.clients.split(",") if n.strip()]
    unknown = [n for n in names if n not in common.CLIENTS]
    if unknown:
        parser.error(f"unknown client(s) {', '.join(unknown)}; choose from {', '.join(common.CLIENTS)}")
    errors: dict[str, str] = {}
    for n in names:
        why = common.ensure(n)
        if why:
            common.log(f"{common.CLIENTS[n]} unavailable, skipping it: {why}")
            errors[n] = why
    names = [n for n in names if n not in errors]

    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    with common.server(args.server_port) as (host, port, where):
        common.log(f"server: {where}; {args.ops} operations of each kind per client, "
                   f"{args.repeat} round(s)")
        # Rounds interleave the clients so a slow patch of the machine hits them all.
        for rnd in range(args.repeat):
            for n in names:
                if n in errors:
                    continue
                only = args.only
                if n == "c":  # the C baseline has no batch or list/map loop
                    only = {"all": "both", "batch": "", "cdt": ""}.get(only, only)
                if n == "sdk" and only == "cdt":
                    only = ""
                if not only:
                    continue
                wargs = common.WorkerArgs(host=host, port=port, ops=args.ops, warmup=args.warmup,
                                          keyspace=args.keyspace, only=only, batch_size=args.batch_size)
                res = _run_one(n, wargs)
                if "error" in res:
                    common.log(f"{n}: FAILED {res['error']}")
                    errors[n] = res["error"]
                    continue
                runs[n].append(res)
                common.log(f"round {rnd + 1} {n:<9} " + " | ".join(
                    f"{LABELS[k]} {args.ops / res[k + '_wall']:>8.0f}/s {res[k + '_cpu'] * 1e6 / args.ops:6.1f} us CPU"
                    for k in KINDS if res.get(k + "_wall")))

    summary = {n: _summarise(r) for n, r in runs.items() if r and n not in errors}
    print(f"server: {where}; {args.ops} sequential operations (batch: records, {args.batch_size} keys "
          f"per call) per client; median of {args.repeat} round(s); aerospike_py at {common.source_revision()}")
    print_tables(summary, errors)

    if args.json is not None:
        path = Path(args.json) if args.json else common.RESULTS_DIR / (
            "bench_kv-" + _dt.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "benchmark": "bench_kv",
            "time": _dt.datetime.now().isoformat(timespec="seconds"),
            "revision": common.source_revision(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "server": where,
            "ops": args.ops, "warmup": args.warmup, "keyspace": args.keyspace, "repeat": args.repeat,
            "batch_size": args.batch_size,
            "summary": summary, "runs": runs, "errors": errors,
        }, indent=2) + "\n")
        print(f"\nJSON written to {path}")
    return 0 if summary else 1


if __name__ == "__main__":
    raise SystemExit(main())
