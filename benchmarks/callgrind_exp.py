"""Instructions per get with a filter expression, beside a plain get, by callgrind.

Same method as callgrind_kv.py: each worker runs under callgrind twice, with
N1 and N2 gets, and ``(Ir(N2) - Ir(N1)) / (N2 - N1)`` is the cost of one get.
The filter (``i >= 0 and s == payload``) is built once and reused, as an
application would. A get with a policy that has no filter is measured too:
"filter adds" is the filtered get minus that one, i.e. what the filter itself
costs per command (compiled bytes copied into the request, the filter field
on the wire, the larger reply wait), apart from taking a per-call policy.

    python benchmarks/callgrind_exp.py
    python benchmarks/callgrind_exp.py --clients project,official --n1 1000 --n2 3000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

import _common as common
from callgrind_kv import TEND_MS, read_ir

KINDS = ("get", "pget", "fget")


def _filter_policy(name: str, mod: Any) -> dict[str, Any]:
    if name == "official":
        from aerospike_helpers import expressions as E

        return {"expressions": E.And(E.GE(E.IntBin("i"), 0), E.Eq(E.StrBin("s"), common.PAYLOAD)).compile()}
    exp = mod.exp
    return {"filter_expression": exp.and_(exp.ge(exp.int_bin("i"), exp.int_val(0)),
                                          exp.eq(exp.string_bin("s"), exp.string_val(common.PAYLOAD)))}


def run_worker(args: argparse.Namespace) -> int:
    """Connect, write the key space, then ``--ops`` gets (filtered with --kind fget)."""
    if args.worker == "official":
        import aerospike as mod
    else:
        import aerospike_py as mod
    client = mod.client({"hosts": [(args.host, args.port)], "tend_interval": TEND_MS}).connect()
    keys = [(common.NAMESPACE, common.SET, k) for k in range(args.keyspace)]
    for i, key in enumerate(keys):
        client.put(key, {"i": i, "s": common.PAYLOAD})
    policy: Any = None
    if args.kind == "fget":
        policy = _filter_policy(args.worker, mod)
    elif args.kind == "pget":  # a policy without a filter: what any per-call policy costs
        policy = {"total_timeout": 1000}
    get, nk = client.get, len(keys)
    for i in range(args.warmup):
        get(keys[i % nk], policy)
    for i in range(args.ops):
        get(keys[i % nk], policy)
    client.close()
    return 0


def measure(name: str, kind: str, n: int, host: str, port: int, warmup: int, outdir: Path) -> int:
    out = outdir / f"callgrind.{name}.{kind}.{n}.out"
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-instr=no", "--collect-jumps=no",
           sys.executable, str(Path(__file__).resolve()), "--worker", name, "--kind", kind, "--host", host,
           "--port", str(port), "--ops", str(n), "--warmup", str(warmup)]
    env = {**common.worker_env(name), "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(common.BENCH_DIR))
    if proc.returncode != 0 or not out.exists():
        tail = [ln for ln in proc.stderr.splitlines() if not ln.startswith("==")][-3:]
        raise RuntimeError(f"exit {proc.returncode}: " + " | ".join(tail))
    return read_ir(out)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n1", type=int, default=2000)
    parser.add_argument("--n2", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--clients", default="project,official", help="comma-separated: project, official")
    parser.add_argument("--server-port", type=int, default=0)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="get", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=3000, help=argparse.SUPPRESS)
    parser.add_argument("--ops", type=int, default=1000, help=argparse.SUPPRESS)
    parser.add_argument("--keyspace", type=int, default=1000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker(args)
    if not shutil.which("valgrind"):
        print("valgrind is not installed; nothing to measure", file=sys.stderr)
        return 1
    names = [n.strip() for n in args.clients.split(",") if n.strip() in ("project", "official")]
    per_op: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="callgrind_exp-") as tmp, \
            common.server(args.server_port) as (host, port, where):
        common.log(f"server: {where}")
        for name in names:
            for kind in KINDS:
                irs = {n: measure(name, kind, n, host, port, args.warmup, Path(tmp)) for n in (args.n1, args.n2)}
                per_op.setdefault(name, {})[kind] = (irs[args.n2] - irs[args.n1]) / (args.n2 - args.n1)
                common.log(f"{name:<9} {kind}: {per_op[name][kind]:,.0f} Ir/op")
    print(f"\ninstructions per get (callgrind Ir, ({args.n2} - {args.n1}) ops); aerospike_py at "
          f"{common.source_revision()}")
    print(f"{'client':<10} {'get':>10} {'get+policy':>12} {'filtered get':>14} {'filter adds':>12}")
    for name, kinds in per_op.items():
        print(f"{name:<10} {kinds['get']:>10,.0f} {kinds['pget']:>12,.0f} {kinds['fget']:>14,.0f} "
              f"{kinds['fget'] - kinds['pget']:>12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
