"""NumPy batch reads: ``batch_read(keys).to_numpy(dtype)`` of 1,000 records, this project beside PyPI aerospike-py.

Each client runs in its own subprocess (``--worker NAME``): it writes 1,000
records (an int, a float, a short string and a bytes bin), reads them once
untimed, then times ``--rounds`` rounds of the batch read and, separately,
of ``to_numpy`` on one result (the conversion alone: no network).  The
median per call is printed.  The server is ``AEROSPIKE_HOSTS`` or the
embedded test server in its own process (see README.md).

    python benchmarks/bench_numpy.py [--records 1000] [--rounds 200] [--pypi-path DIR]

``--pypi-path`` points at a folder holding PyPI's ``aerospike_py`` 0.14.4
(default: the folder bench_kv.py installs it into).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

import _common as common

SET = "bench_numpy"


def _import(name: str, pypi_path: str) -> Any:
    if name == "project":
        import aerospike_py as mod
        if common.REPO not in Path(mod.__file__).resolve().parents:
            raise SystemExit(f"project worker imported {mod.__file__}, not this repository's aerospike_py")
        return mod
    sys.path[:] = [pypi_path] + [p for p in sys.path if Path(p or ".").resolve() != common.REPO]
    import aerospike_py as mod
    if Path(pypi_path).resolve() not in Path(mod.__file__).resolve().parents:
        raise SystemExit(f"pypi worker imported {mod.__file__}, not {pypi_path}")
    return mod


def run_worker(args: argparse.Namespace) -> int:
    import numpy as np

    mod = _import(args.worker, args.pypi_path)
    client = mod.client({"hosts": [(args.host, args.port)]}).connect()
    keys = [(common.NAMESPACE, SET, i) for i in range(args.records)]
    for i, key in enumerate(keys):
        client.put(key, {"n": i, "score": i / 3, "name": f"user{i:05d}", "blob": b"\x01\x02\x03\x04"})
    dtype = np.dtype([("n", "i8"), ("score", "f8"), ("name", "S12"), ("blob", "S4")])
    lazy = client.batch_read(keys)
    check = lazy.to_numpy(dtype)
    assert int((check.result_codes == 0).sum()) == args.records, "not every record was read"
    assert check.batch_records["n"].tolist() == list(range(args.records))
    read, convert = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        lazy = client.batch_read(keys)
        t1 = time.perf_counter()
        lazy.to_numpy(dtype)
        t2 = time.perf_counter()
        read.append(t1 - t0)
        convert.append(t2 - t1)
    client.close()
    print(json.dumps({"batch_read_ms": statistics.median(read) * 1e3,
                      "to_numpy_ms": statistics.median(convert) * 1e3}))
    return 0


def _run(name: str, host: str, port: int, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if name == "project":
        env["PYTHONPATH"] = str(common.REPO)
    cmd = [sys.executable, __file__, "--worker", name, "--host", host, "--port", str(port),
           "--records", str(args.records), "--rounds", str(args.rounds), "--pypi-path", args.pypi_path]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--pypi-path", default=str(common.PYPI_DIR))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker(args)
    clients = ["project"]
    if Path(args.pypi_path, "aerospike_py", "__init__.py").exists() or (
            args.pypi_path == str(common.PYPI_DIR) and common.ensure_pypi() is None):
        clients.append("pypi")
    else:
        common.log(f"no PyPI aerospike_py under {args.pypi_path}: measuring this project only")
    with common.server() as (host, port, description):
        common.log(f"server: {description}")
        results = {name: _run(name, host, port, args) for name in clients}
    print(f"{args.records} records, median of {args.rounds} rounds ({common.source_revision()})")
    print(f"{'client':<10} {'batch_read ms':>14} {'to_numpy ms':>12}")
    for name, r in results.items():
        if "error" in r:
            print(f"{name:<10} error: {r['error']}")
        else:
            print(f"{name:<10} {r['batch_read_ms']:>14.2f} {r['to_numpy_ms']:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
