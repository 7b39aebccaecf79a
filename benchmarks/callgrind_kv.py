"""Instructions per put, per get and per batch-read record, per client, counted by valgrind's callgrind.

Wall time and CPU time on a shared machine move by tens of percent from run
to run; the number of instructions a client executes for an operation does
not.  Each client's worker (the same one ``bench_kv.py`` times) runs under
callgrind twice, with N1 and then N2 operations; everything that is not per
operation (interpreter start-up, imports, connecting, warm-up, shutdown) is
identical in both runs and cancels in

    Ir per op = (Ir(N2) - Ir(N1)) / (N2 - N1)

Only the client process runs under valgrind; the server is a separate,
unmeasured process.  All threads of the client are counted (the Rust client
does its I/O on runtime threads), and the cluster tend interval is raised to
60 s so that background tending, which scales with time rather than with
operations, does not leak into the difference.

    python benchmarks/callgrind_kv.py
    python benchmarks/callgrind_kv.py --n1 1000 --n2 3000 --clients project,c --json
    python benchmarks/callgrind_kv.py --clients project,pypi --metrics both

``--metrics on|off|both`` switches operation metrics in the clients that
record them (``project`` and ``pypi``, both on by default) with
``set_metrics_enabled``; ``both`` measures those clients twice, the rows
named ``NAME/on`` and ``NAME/off``, so the difference is what recording
metrics costs per operation.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

import _common as common

TEND_MS = 60000
_TOTAL = re.compile(r"^(?:totals|summary):\s+(\d+)", re.MULTILINE)


def read_ir(path: Path) -> int:
    """Total Ir of a callgrind out file: its ``totals:`` line, else ``summary:``."""
    text = path.read_text(errors="replace")
    totals = re.search(r"^totals:\s+(\d+)", text, re.MULTILINE)
    if totals:
        return int(totals.group(1))
    summary = _TOTAL.search(text)
    if not summary:
        raise ValueError(f"no totals:/summary: line in {path}")
    return int(summary.group(1))


METRICS_CLIENTS = ("project", "pypi")  # the clients with set_metrics_enabled


def measure(name: str, kind: str, n: int, host: str, port: int, warmup: int,
            outdir: Path, metrics: str = "") -> int:
    """Total instructions of one worker run with n operations of one kind."""
    out = outdir / f"callgrind.{name}{metrics}.{kind}.{n}.out"
    wargs = common.WorkerArgs(host=host, port=port, ops=n, warmup=warmup, only=kind,
                              tend_ms=TEND_MS, metrics=metrics)
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
           "--dump-instr=no", "--collect-jumps=no", *common.worker_command(name, wargs)]
    # A fixed hash seed makes Python's start-up the same in both runs, so the
    # difference between them is the operations alone.
    env = {**common.worker_env(name), "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(common.BENCH_DIR))
    if proc.returncode != 0 or not out.exists():
        tail = [ln for ln in proc.stderr.splitlines() if not ln.startswith("==")][-3:]
        raise RuntimeError(f"exit {proc.returncode}: " + " | ".join(tail or proc.stderr.splitlines()[-3:]))
    return read_ir(out)


def _fmt(v: Optional[float]) -> str:
    return f"{v:,.0f}" if v is not None else "-"


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def print_tables(per_op: dict[str, dict[str, float]], errors: dict[str, str], n1: int, n2: int) -> None:
    """Ir/op per client, then ratios to the raw C client, the official client and aerospike-py."""
    names = list(per_op)
    print(f"\ninstructions per operation (callgrind Ir, ({n2} ops - {n1} ops) / {n2 - n1})")
    kinds = [k for k in ("put", "get", "batch", "cdt") if any(k in per_op[n] for n in names)]
    label = {"put": "put Ir/op", "get": "get Ir/op", "batch": "batch Ir/rec", "cdt": "cdt Ir/op"}
    print(f"{'client':<12}" + "".join(f" {label[k]:>13}" for k in kinds))
    for n in names:
        print(f"{n:<12}" + "".join(f" {_fmt(per_op[n].get(k)):>13}" for k in kinds))
    refs = [r for r in ("c", "official", "pypi", "pypi/on", "pypi/off", "sdk") if r in per_op]
    if refs:
        print("\nratios (lower is fewer instructions)")
        head = "".join(f"{k + '/' + r:>17}" for r in refs for k in kinds)
        print(f"{'client':<12}{head}")
        for n in names:
            cells = "".join(f"{_ratio(per_op[n].get(k), per_op[r].get(k)):>17}" for r in refs for k in kinds)
            print(f"{n:<12}{cells}")
    print()
    for n in names:
        base, _, metrics = n.partition("/")
        print(f"  {n:<9} {common.CLIENTS[base]}" + (f", metrics {metrics}" if metrics else ""))
    for n, why in errors.items():
        print(f"  {n:<9} NOT MEASURED: {why}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n1", type=int, default=2000, help="operations in the first run (default 2000)")
    parser.add_argument("--n2", type=int, default=4000, help="operations in the second run (default 4000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed operations first (default 200)")
    parser.add_argument("--clients", default="project,official,pypi,sdk,c",
                        help="comma-separated subset of: " + ",".join(common.CLIENTS))
    parser.add_argument("--ops", default="put,get,batch",
                        help="operations to count (default put,get,batch; a batch reads 100 keys per call "
                             "and counts per record; cdt: operate with three list/map operations)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the callgrind out files (in benchmarks/results/callgrind-<time>/)")
    parser.add_argument("--json", nargs="?", const="", default=None, metavar="PATH",
                        help="also write JSON (default file: benchmarks/results/callgrind_kv-<time>.json)")
    parser.add_argument("--server-port", type=int, default=0, help="embedded server port (0 = any)")
    parser.add_argument("--metrics", default="default", choices=("default", "on", "off", "both"),
                        help="operation metrics in project and pypi: their default (on), on, off, or both "
                             "(measured twice, rows NAME/on and NAME/off)")
    args = parser.parse_args(argv)
    if args.n2 <= args.n1:
        parser.error("--n2 must be larger than --n1")
    if not shutil.which("valgrind"):
        print("valgrind is not installed; nothing to measure", file=sys.stderr)
        return 1

    names = [n.strip() for n in args.clients.split(",") if n.strip()]
    kinds = [k.strip() for k in args.ops.split(",") if k.strip() in ("put", "get", "batch", "cdt")]
    errors: dict[str, str] = {}
    for n in names:
        why = common.ensure(n) if n in common.CLIENTS else None
        if why:
            common.log(f"{common.CLIENTS[n]} unavailable, skipping it: {why}")
            errors[n] = why
    names = [n for n in names if n in common.CLIENTS and n not in errors]

    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    if args.keep:
        outdir = common.RESULTS_DIR / f"callgrind-{stamp}"
        outdir.mkdir(parents=True, exist_ok=True)
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="callgrind_kv-")
        outdir = Path(tmp.name)

    totals: dict[str, dict[str, dict[int, int]]] = {}
    per_op: dict[str, dict[str, float]] = {}
    try:
        with common.server(args.server_port) as (host, port, where):
            common.log(f"server: {where}")
            runs: list[tuple[str, str, str]] = []  # (row, client, metrics switch)
            for name in names:
                if name not in METRICS_CLIENTS or args.metrics == "default":
                    runs.append((name, name, ""))
                elif args.metrics == "both":
                    runs += [(f"{name}/on", name, "on"), (f"{name}/off", name, "off")]
                else:
                    runs.append((name, name, args.metrics))
            for row, name, metrics in runs:
                try:
                    for kind in kinds:
                        if (name == "c" and kind in ("batch", "cdt")) or (name == "sdk" and kind == "cdt"):
                            continue  # no such worker: the C baseline has put/get only, the SDK no list/map worker
                        irs = {n: measure(name, kind, n, host, port, args.warmup, outdir, metrics)
                               for n in (args.n1, args.n2)}
                        totals.setdefault(row, {})[kind] = irs
                        per_op.setdefault(row, {})[kind] = (irs[args.n2] - irs[args.n1]) / (args.n2 - args.n1)
                        common.log(f"{row:<11} {kind}: Ir({args.n1})={irs[args.n1]:,} "
                                   f"Ir({args.n2})={irs[args.n2]:,} -> {per_op[row][kind]:,.0f} Ir/op")
                except (RuntimeError, ValueError) as exc:
                    common.log(f"{row}: FAILED {exc}")
                    errors[row] = str(exc)
                    per_op.pop(row, None)
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(f"server: {where}; aerospike_py at {common.source_revision()}")
    print_tables(per_op, errors, args.n1, args.n2)
    if args.keep:
        print(f"\ncallgrind files kept in {outdir}")

    if args.json is not None:
        path = Path(args.json) if args.json else common.RESULTS_DIR / f"callgrind_kv-{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "benchmark": "callgrind_kv",
            "time": _dt.datetime.now().isoformat(timespec="seconds"),
            "revision": common.source_revision(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "server": where,
            "n1": args.n1, "n2": args.n2, "warmup": args.warmup, "tend_interval_ms": TEND_MS,
            "metrics": args.metrics,
            "ir_per_op": per_op,
            "ir_totals": {c: {k: {str(n): v for n, v in irs.items()} for k, irs in kinds_.items()}
                          for c, kinds_ in totals.items()},
            "errors": errors,
        }, indent=2) + "\n")
        print(f"\nJSON written to {path}")
    return 0 if per_op else 1


if __name__ == "__main__":
    raise SystemExit(main())
