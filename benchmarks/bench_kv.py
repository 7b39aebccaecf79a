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


def _timed(client: Any, kind: str, keys: list[tuple[str, str, int]], n: int,
           cdt_ops: Optional[list[Any]] = None) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) for n puts or gets; CPU counts every thread.

    The loops are as bare as Python allows (bound method, no helper calls), so
    what is measured is the client, not the benchmark.
    """
    nk = len(keys)
    payload = common.PAYLOAD
    w0, c0 = time.perf_counter(), time.process_time()
    if kind == "put":
        put = client.put
        for i in range(n):
            put(keys[i % nk], {"i": i, "s": payload})
    elif kind == "cdt":
        operate, ops = client.operate, cdt_ops
        for i in range(n):
            operate(keys[i % nk], ops)
    else:
        get = client.get
        for i in range(n):
            get(keys[i % nk])
    return time.perf_counter() - w0, time.process_time() - c0


def run_worker(name: str, args: argparse.Namespace) -> int:
    """One client: connect, warm up, time the puts and the gets, print one JSON line."""
    mod, origin = _import_client(name)
    config: dict[str, Any] = {"hosts": [(args.host, args.port)]}
    if args.tend_ms:
        config["tend_interval"] = args.tend_ms
    client = mod.client(config).connect()
    keys = [(common.NAMESPACE, common.SET, k) for k in range(args.keyspace)]

    # Warm-up writes the whole key space, so every measured get finds a record.
    _timed(client, "put", keys, max(args.warmup, args.keyspace))
    _timed(client, "get", keys, args.warmup)
    record = client.get(keys[0])
    got = record[2] if isinstance(record, tuple) else record.bins
    if got.get("s") != common.PAYLOAD:
        raise SystemExit(f"{name}: read back {got!r}, expected the payload")

    out: dict[str, Any] = {"client": name, "origin": origin, "ops": args.ops}
    if args.only in ("put", "both"):
        out["put_wall"], out["put_cpu"] = _timed(client, "put", keys, args.ops)
    if args.only in ("get", "both"):
        out["get_wall"], out["get_cpu"] = _timed(client, "get", keys, args.ops)
    if args.only == "cdt":
        ops = cdt_operations(name)
        _timed(client, "cdt", keys, args.warmup, ops)
        out["cdt_wall"], out["cdt_cpu"] = _timed(client, "cdt", keys, args.ops, ops)
    client.close()
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


def _summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median over repeats of ops/s and CPU us/op, per operation."""
    ops = runs[0]["ops"]
    out: dict[str, Any] = {"origin": runs[0].get("origin", ""), "runs": len(runs)}
    for kind in ("put", "get"):
        out[f"{kind}_ops_s"] = statistics.median(ops / r[f"{kind}_wall"] for r in runs)
        out[f"{kind}_cpu_us"] = statistics.median(r[f"{kind}_cpu"] * 1e6 / ops for r in runs)
    return out


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def print_tables(summary: dict[str, dict[str, Any]], errors: dict[str, str]) -> None:
    """Absolute numbers, then each client relative to the official client and to aerospike-py."""
    names = [n for n in summary]
    print()
    print(f"{'client':<10} {'put ops/s':>11} {'put CPU us/op':>14} {'get ops/s':>11} {'get CPU us/op':>14}")
    for n in names:
        s = summary[n]
        print(f"{n:<10} {s['put_ops_s']:>11.0f} {s['put_cpu_us']:>14.1f} "
              f"{s['get_ops_s']:>11.0f} {s['get_cpu_us']:>14.1f}")
    for ref in ("official", "pypi"):
        if ref not in summary:
            continue
        r = summary[ref]
        print()
        print(f"relative to {ref} (ops/s: higher is better; CPU: lower is better)")
        print(f"{'client':<10} {'put ops/s':>11} {'put CPU':>9} {'get ops/s':>11} {'get CPU':>9}")
        for n in names:
            s = summary[n]
            print(f"{n:<10} {_ratio(s['put_ops_s'], r['put_ops_s']):>11} "
                  f"{_ratio(s['put_cpu_us'], r['put_cpu_us']):>9} "
                  f"{_ratio(s['get_ops_s'], r['get_ops_s']):>11} "
                  f"{_ratio(s['get_cpu_us'], r['get_cpu_us']):>9}")
    print()
    for n in names:
        print(f"  {n:<9} {common.CLIENTS[n]}")
    for n, why in errors.items():
        print(f"  {n:<9} NOT MEASURED: {why}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=20000, help="puts and gets per client (default 20000)")
    parser.add_argument("--warmup", type=int, default=1000, help="untimed puts/gets first (default 1000)")
    parser.add_argument("--keyspace", type=int, default=1000, help="distinct keys cycled through (default 1000)")
    parser.add_argument("--clients", default="project,official,pypi,c",
                        help="comma-separated subset of: " + ",".join(common.CLIENTS))
    parser.add_argument("--repeat", type=int, default=3, help="rounds, the median is shown (default 3)")
    parser.add_argument("--json", nargs="?", const="", default=None, metavar="PATH",
                        help="also write JSON (default file: benchmarks/results/bench_kv-<time>.json)")
    parser.add_argument("--server-port", type=int, default=0, help="embedded server port (0 = any)")
    # Worker mode: one client in this process.
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--only", default="both", choices=("put", "get", "both", "cdt"), help=argparse.SUPPRESS)
    parser.add_argument("--tend-ms", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        return run_worker(args.worker, args)

    names = [n.strip() for n in args.clients.split(",") if n.strip()]
    unknown = [n for n in names if n not in common.CLIENTS]
    if unknown:
        parser.error(f"unknown client(s) {', '.join(unknown)}; choose from {', '.join(common.CLIENTS)}")
    errors: dict[str, str] = {}
    if "pypi" in names:
        why = common.ensure_pypi()
        if why:
            common.log(f"aerospike-py {common.PYPI_VERSION} unavailable, skipping it: {why}")
            errors["pypi"] = why
    if "c" in names:
        why = common.build_c_baseline()
        if why:
            common.log(f"raw C baseline unavailable, skipping it: {why}")
            errors["c"] = why
    names = [n for n in names if n not in errors]

    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    with common.server(args.server_port) as (host, port, where):
        common.log(f"server: {where}; {args.ops} puts + {args.ops} gets per client, "
                   f"{args.repeat} round(s)")
        wargs = common.WorkerArgs(host=host, port=port, ops=args.ops, warmup=args.warmup,
                                  keyspace=args.keyspace)
        # Rounds interleave the clients so a slow patch of the machine hits them all.
        for rnd in range(args.repeat):
            for n in names:
                if n in errors:
                    continue
                res = _run_one(n, wargs)
                if "error" in res:
                    common.log(f"{n}: FAILED {res['error']}")
                    errors[n] = res["error"]
                    continue
                runs[n].append(res)
                common.log(f"round {rnd + 1} {n:<9} put {args.ops / res['put_wall']:>8.0f} ops/s "
                           f"{res['put_cpu'] * 1e6 / args.ops:6.1f} us CPU/op | get "
                           f"{args.ops / res['get_wall']:>8.0f} ops/s {res['get_cpu'] * 1e6 / args.ops:6.1f} us CPU/op")

    summary = {n: _summarise(r) for n, r in runs.items() if r and n not in errors}
    print(f"server: {where}; {args.ops} sequential ops per client; median of {args.repeat} round(s); "
          f"aerospike_py at {common.source_revision()}")
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
            "summary": summary, "runs": runs, "errors": errors,
        }, indent=2) + "\n")
        print(f"\nJSON written to {path}")
    return 0 if summary else 1


if __name__ == "__main__":
    raise SystemExit(main())
