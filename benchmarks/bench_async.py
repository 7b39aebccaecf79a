"""Async put/get at a fixed concurrency, side by side against the same server.

Clients, each in its own subprocess so CPU is charged to the right one:
  project-asyncio / project-trio  this project's AsyncClient
  project-uvloop                  the same on asyncio with uvloop's event loop
  pypi                            the PyPI aerospike-py AsyncClient (asyncio)
  sdk                             aerospike-sdk's async session get/put (asyncio)
  official                        the official client driven from a thread pool
  c                               the C client's own async API (c_baseline/kv_async.c), one
                                  event loop: what the server allows, and the C client's own cost

Each worker keeps ``--concurrency`` operations in flight (tasks, or threads for
the official client), does ``--ops`` puts then ``--ops`` gets over a small
keyspace, and reports ops/s and client CPU µs/op (process time of all its
threads).  Clients take turns for ``--repeat`` rounds; tables show medians.
``--callgrind`` instead counts client instructions per async get (N1 and N2
gets, the difference divided by N2 - N1; ``--only put`` counts puts), median
and range over ``--repeat`` pairs of runs.

    python benchmarks/bench_async.py --ops 20000 --concurrency 64
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (  # noqa: E402
    C_ASYNC_BINARY, C_ASYNC_SOURCE, NAMESPACE, PAYLOAD, SET, build_c_baseline, ensure_pypi, ensure_sdk, log, server,
    worker_env,
)

CLIENTS = ("project-asyncio", "project-uvloop", "project-trio", "pypi", "sdk", "official", "c")


def _keys(keyspace: int) -> list[tuple[str, str, str]]:
    return [(NAMESPACE, SET, f"async-{i}") for i in range(keyspace)]


# --------------------------------------------------------------------------
# Workers (run in a subprocess; print one JSON line)
# --------------------------------------------------------------------------


async def _drive(put: Callable[..., Any], get: Callable[..., Any], ops: int, concurrency: int,
                 keys: list[Any], only: str) -> dict[str, float]:
    import anyio

    result: dict[str, float] = {}
    phases = [("put", put), ("get", get)]
    for name, fn in phases:
        if only not in ("both", name):
            continue
        per_task = ops // concurrency

        async def task(t: int) -> None:
            for j in range(per_task):
                key = keys[(t * per_task + j) % len(keys)]
                if name == "put":
                    await fn(key, {"v": j, "p": PAYLOAD})
                else:
                    await fn(key)

        cpu0, wall0 = time.process_time(), time.perf_counter()
        async with anyio.create_task_group() as tg:
            for t in range(concurrency):
                tg.start_soon(task, t)
        done = per_task * concurrency
        result[f"{name}_ops_s"] = done / (time.perf_counter() - wall0)
        result[f"{name}_cpu_us"] = (time.process_time() - cpu0) / done * 1e6
    return result


def worker(name: str, host: str, port: int, ops: int, concurrency: int, keyspace: int, only: str) -> None:
    keys = _keys(keyspace)
    config = {"hosts": [(host, port)]}
    if name.startswith("project") or name == "pypi":
        import anyio
        import aerospike_py

        switch = os.environ.get(METRICS_ENV, "")
        if switch:  # both record operation metrics by default
            aerospike_py.set_metrics_enabled(switch == "on")

        async def main() -> dict[str, float]:
            client = aerospike_py.AsyncClient(config)
            await client.connect()
            for key in keys:
                await client.put(key, {"v": 0, "p": PAYLOAD})
            try:
                return await _drive(client.put, client.get, ops, concurrency, keys, only)
            finally:
                await client.close()

        if name == "project-trio":
            result = anyio.run(main, backend="trio")
        elif name == "project-uvloop":
            result = anyio.run(main, backend="asyncio", backend_options={"use_uvloop": True})
        else:
            result = anyio.run(main, backend="asyncio")
    elif name == "sdk":
        import anyio
        from aerospike_sdk import Behavior, ClusterDefinition, DataSet

        data_set = DataSet.of(NAMESPACE, SET)
        sdk_keys = [data_set.id(k[2]) for k in keys]

        async def sdk_main() -> dict[str, float]:
            async with ClusterDefinition(host, port).connect() as cluster:
                session = cluster.create_session(Behavior.DEFAULT)
                for key in sdk_keys:
                    await session.put(key, {"v": 0, "p": PAYLOAD})
                return await _drive(session.put, session.get, ops, concurrency, sdk_keys, only)

        result = anyio.run(sdk_main, backend="asyncio")
    else:
        import aerospike

        client = aerospike.client(config).connect()
        for key in keys:
            client.put(key, {"v": 0, "p": PAYLOAD})
        result = {}
        with ThreadPoolExecutor(concurrency) as pool:
            for phase in ("put", "get"):
                if only not in ("both", phase):
                    continue
                per_thread = ops // concurrency

                def run(t: int, phase: str = phase) -> None:
                    for j in range(per_thread):
                        key = keys[(t * per_thread + j) % len(keys)]
                        if phase == "put":
                            client.put(key, {"v": j, "p": PAYLOAD})
                        else:
                            client.get(key)

                cpu0, wall0 = time.process_time(), time.perf_counter()
                list(pool.map(run, range(concurrency)))
                done = per_thread * concurrency
                result[f"{phase}_ops_s"] = done / (time.perf_counter() - wall0)
                result[f"{phase}_cpu_us"] = (time.process_time() - cpu0) / done * 1e6
        client.close()
    print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def _worker_argv(name: str, host: str, port: int, ops: int, concurrency: int, keyspace: int, only: str) -> list[str]:
    if name == "c":
        return [str(C_ASYNC_BINARY), host, str(port), only, str(ops), str(concurrency), str(keyspace)]
    return [sys.executable, os.path.abspath(__file__), "--worker", name, "--host", host, "--port", str(port),
            "--ops", str(ops), "--concurrency", str(concurrency), "--keyspace", str(keyspace), "--only", only]


METRICS_ENV = "BENCH_ASYNC_METRICS"  # "on" / "off": set_metrics_enabled() in the workers; unset: their default


def _run_worker(argv: list[str], name: str, prefix: list[str] | None = None) -> dict[str, float]:
    env = {**worker_env(name if name in ("pypi", "sdk") else "project"), "PYTHONHASHSEED": "0"}
    if _metrics_switch:
        env[METRICS_ENV] = _metrics_switch
    proc = subprocess.run((prefix or []) + argv, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"{name} worker failed: {proc.stderr.strip()[-1500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_metrics_switch = ""


def _callgrind_ir(argv: list[str], name: str) -> int:
    with tempfile.NamedTemporaryFile(suffix=".cg") as out:
        prefix = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}"]
        if name != "c":
            argv = [os.path.realpath(sys.executable)] + argv[1:]  # not a shim: valgrind must run Python itself
        _run_worker(argv, name, prefix)
        text = open(out.name).read()
    match = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    if not match:
        raise RuntimeError("no callgrind totals")
    return int(match.group(1))


def _spread(values: list[float]) -> str:
    """The median, with the range when there are several runs: these numbers move from run to run."""
    mid = statistics.median(values)
    if len(values) < 2:
        return f"{mid:,.0f}"
    return f"{mid:,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=[c for c in CLIENTS if c != "c"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--ops", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--keyspace", type=int, default=1000)
    parser.add_argument("--only", choices=["both", "put", "get"], default="both")
    parser.add_argument("--clients", default=",".join(CLIENTS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per client (medians are shown)")
    parser.add_argument("--callgrind", action="store_true", help="count instructions per async get (or put, with --only put)")
    parser.add_argument("--metrics", choices=["default", "on", "off"], default="default",
                        help="operation metrics in project and pypi: their default (on), on or off")
    args = parser.parse_args()
    global _metrics_switch
    _metrics_switch = "" if args.metrics == "default" else args.metrics
    if args.worker:
        worker(args.worker, args.host, args.port, args.ops, args.concurrency, args.keyspace, args.only)
        return

    clients = [c for c in args.clients.split(",") if c]
    if "pypi" in clients:
        problem = ensure_pypi()
        if problem:
            log(f"skipping pypi: {problem}")
            clients.remove("pypi")
    if "sdk" in clients:
        problem = ensure_sdk()
        if problem:
            log(f"skipping sdk: {problem}")
            clients.remove("sdk")
    if "c" in clients:
        problem = build_c_baseline(C_ASYNC_SOURCE, C_ASYNC_BINARY)
        if problem:
            log(f"skipping c: {problem}")
            clients.remove("c")
    with server() as (host, port, description):
        log(f"server: {description}")
        if args.callgrind:
            # The loop thread and the caller's thread meet at different moments
            # from run to run, so bursts (and the cost per command) vary: repeat.
            n1, n2 = 1280 // args.concurrency * args.concurrency, 7680 // args.concurrency * args.concurrency
            phase = "put" if args.only == "put" else "get"
            print(f"{'client':18s} {'instructions/' + phase + ' (median, range)':>36s}")
            for name in clients:
                counts = []
                for _ in range(args.repeat):
                    a = _callgrind_ir(_worker_argv(name, host, port, n1, args.concurrency, args.keyspace, phase), name)
                    b = _callgrind_ir(_worker_argv(name, host, port, n2, args.concurrency, args.keyspace, phase), name)
                    counts.append((b - a) / (n2 - n1))
                print(f"{name:18s} {_spread(counts):>36s}", flush=True)
            return
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in clients}
        for round_ in range(args.repeat):
            for name in clients:  # clients take turns, so drift in the machine hits all of them
                log(f"round {round_ + 1}: {name} ...")
                try:
                    runs[name].append(_run_worker(
                        _worker_argv(name, host, port, args.ops, args.concurrency, args.keyspace, args.only), name))
                except Exception as exc:  # keep measuring the others
                    log(str(exc))
    results = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items() if rs}
    print(f"concurrency {args.concurrency}, {args.ops} ops per phase, median of {args.repeat}, server: {description}")
    print(f"{'client':18s} {'put ops/s':>10s} {'put CPU us':>10s} {'get ops/s':>10s} {'get CPU us':>10s}")
    for name, r in results.items():
        print(f"{name:18s} {r.get('put_ops_s', 0):10,.0f} {r.get('put_cpu_us', 0):10.1f} "
              f"{r.get('get_ops_s', 0):10,.0f} {r.get('get_cpu_us', 0):10.1f}")
    for base in ("pypi", "sdk", "official"):
        if base not in results:
            continue
        print(f"ratios against {base} (ops/s ×, CPU/op ×):")
        for name, r in results.items():
            if name == base:
                continue
            b = results[base]
            parts = []
            for phase in ("get", "put"):
                if f"{phase}_ops_s" in r and f"{phase}_ops_s" in b:
                    parts.append(f"{phase} {r[phase + '_ops_s'] / b[phase + '_ops_s']:.2f}× ops/s, "
                                 f"{r[phase + '_cpu_us'] / b[phase + '_cpu_us']:.2f}× CPU")
            print(f"  {name:16s} " + " | ".join(parts))


if __name__ == "__main__":
    main()
