"""Shared plumbing for the key-value benchmarks: clients, server, C baseline.

``bench_kv.py`` (wall clock and CPU time) and ``callgrind_kv.py`` (instruction
counts) must run exactly the same worker against the same kind of server, so
everything they share lives here.  This module imports no Aerospike client:
it is also imported by workers that must load a *different* ``aerospike_py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"

PYPI_VERSION = "0.14.4"
PYPI_DIR = BENCH_DIR / ".vendor" / f"aerospike-py-{PYPI_VERSION}"

SDK_VERSION = "1.0.0"
SDK_DIR = BENCH_DIR / ".vendor" / f"aerospike-sdk-{SDK_VERSION}"

C_SOURCE = BENCH_DIR / "c_baseline" / "kv.c"
C_BINARY = BENCH_DIR / "c_baseline" / "kv"
C_ASYNC_SOURCE = BENCH_DIR / "c_baseline" / "kv_async.c"
C_ASYNC_BINARY = BENCH_DIR / "c_baseline" / "kv_async"
C_LIBS = ["-laerospike", "-lssl", "-lcrypto", "-lz", "-lyaml", "-luv",
          "-lpthread", "-lm", "-lrt", "-ldl"]

# Client name -> what it is, for tables.
CLIENTS: dict[str, str] = {
    "project": "aerospike_py (this project, cffi over libaerospike 7.6.1)",
    "official": "aerospike 19.3.0 (official C extension)",
    "pypi": f"aerospike-py {PYPI_VERSION} (PyPI, Rust/PyO3)",
    "sdk": f"aerospike-sdk {SDK_VERSION} (PyPI, Aerospike's SDK over its Rust native client)",
    "c": "raw C client (libaerospike, benchmarks/c_baseline/kv.c)",
}
PYTHON_CLIENTS = ("project", "official", "pypi", "sdk")

# The record every worker writes: one int bin and one short string bin.
NAMESPACE = "test"
SET = "bench"
PAYLOAD = "payload-0123456789abcdef-0123456789abcdef"


def log(msg: str) -> None:
    """Progress goes to stderr so stdout stays a clean table."""
    print(msg, file=sys.stderr, flush=True)


def ensure_pypi() -> Optional[str]:
    """Install the PyPI ``aerospike-py`` into its own folder; None if it cannot be had.

    It installs the import name ``aerospike_py`` too, so it must never share a
    ``sys.path`` with this project: it only ever runs in a worker subprocess.
    """
    if (PYPI_DIR / "aerospike_py" / "__init__.py").exists():
        return None
    log(f"installing aerospike-py=={PYPI_VERSION} into {PYPI_DIR.relative_to(REPO)} ...")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--target", str(PYPI_DIR), f"aerospike-py=={PYPI_VERSION}"],
        capture_output=True, text=True)
    if proc.returncode != 0 or not (PYPI_DIR / "aerospike_py" / "__init__.py").exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return "pip install failed: " + " | ".join(tail)
    return None


def ensure_sdk() -> Optional[str]:
    """Install ``aerospike-sdk`` (and its native client) into its own folder; None if it cannot be had."""
    if (SDK_DIR / "aerospike_sdk" / "__init__.py").exists():
        return None
    log(f"installing aerospike-sdk=={SDK_VERSION} into {SDK_DIR.relative_to(REPO)} ...")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--target", str(SDK_DIR), f"aerospike-sdk=={SDK_VERSION}"],
        capture_output=True, text=True)
    if proc.returncode != 0 or not (SDK_DIR / "aerospike_sdk" / "__init__.py").exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return "pip install failed: " + " | ".join(tail)
    return None


def ensure(name: str) -> Optional[str]:
    """Whatever client ``name`` needs installed or built; None when it is ready, else why not."""
    if name == "pypi":
        return ensure_pypi()
    if name == "sdk":
        return ensure_sdk()
    if name == "c":
        return build_c_baseline()
    return None


def build_c_baseline(source: Path = C_SOURCE, binary: Path = C_BINARY) -> Optional[str]:
    """Compile a raw C baseline if it is missing or stale; None on success, else why not.

    AS_USE_LIBUV: the installed library is built with libuv, and its event
    loop structures (which the async baseline uses) are laid out for it.
    """
    if binary.exists() and binary.stat().st_mtime >= source.stat().st_mtime:
        return None
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return "no C compiler found"
    cmd = [cc, "-O2", "-g", "-DAS_USE_LIBUV", "-o", str(binary), str(source),
           "-I/usr/local/include", "-L/usr/local/lib", *C_LIBS]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return "build failed: " + proc.stderr.strip().splitlines()[-1] if proc.stderr else "build failed"
    return None


def source_revision() -> str:
    """The commit measured (with "+dirty" for local changes), so saved results stay interpretable."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=str(REPO),
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "aerospike_py", "include"],
                               cwd=str(REPO), capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + ("+dirty" if dirty else "")


def worker_env(name: str) -> dict[str, str]:
    """The environment of a worker: each client imports only its own package (this checkout, or the PyPI folder)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if name == "project":
        env["PYTHONPATH"] = str(REPO)  # this checkout, whatever is installed
    if name == "pypi":
        env["PYTHONPATH"] = str(PYPI_DIR)
    if name == "sdk":
        env["PYTHONPATH"] = str(SDK_DIR)
    if name == "c":
        env["LD_LIBRARY_PATH"] = "/usr/local/lib" + (
            ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    return env


@dataclass
class WorkerArgs:
    """What one worker run does; the same for every client so results compare."""

    host: str
    port: int
    ops: int
    warmup: int = 1000
    keyspace: int = 1000
    only: str = "both"  # "put", "get", "batch", "both" (put and get) or "all"
    batch_size: int = 100
    tend_ms: int = 0  # 0 = the client's default tend interval
    metrics: str = ""  # "on" / "off": set_metrics_enabled() in clients that have it; "" = their default


def worker_command(name: str, args: WorkerArgs) -> list[str]:
    """argv that runs one client's worker (a Python subprocess or the C binary)."""
    if name == "c":
        tend = args.tend_ms or 1000
        return [str(C_BINARY), args.host, str(args.port), args.only, str(args.ops),
                str(args.warmup), str(args.keyspace), str(tend)]
    return [sys.executable, str(BENCH_DIR / "bench_kv.py"), "--worker", name,
            "--host", args.host, "--port", str(args.port), "--ops", str(args.ops),
            "--warmup", str(args.warmup), "--keyspace", str(args.keyspace),
            "--only", args.only, "--tend-ms", str(args.tend_ms), "--batch-size", str(args.batch_size)] + (
                ["--metrics", args.metrics] if args.metrics else [])


def _hosts_from_env() -> Optional[tuple[str, int]]:
    raw = os.environ.get("AEROSPIKE_HOSTS", "").strip()
    if not raw:
        return None
    first = raw.split(",")[0].strip()
    host, _, port = first.rpartition(":")
    if not host:
        return first, 3000
    return host.strip("[]"), int(port)


@contextlib.contextmanager
def server(port: int = 0) -> Iterator[tuple[str, int, str]]:
    """(host, port, description) of the server to measure against.

    ``AEROSPIKE_HOSTS`` wins; otherwise the embedded test server runs in its
    own process, so its (considerable) CPU is never charged to a client.
    """
    env_host = _hosts_from_env()
    if env_host:
        yield env_host[0], env_host[1], f"AEROSPIKE_HOSTS {env_host[0]}:{env_host[1]}"
        return
    errlog = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "aerospike_py.testing", "--port", str(port)],
        cwd=str(REPO), stdout=subprocess.PIPE, stderr=errlog, text=True)
    try:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(30)
        if not line or "listening on" not in line[0]:
            errlog.seek(0)
            raise RuntimeError("embedded test server did not start:\n" + errlog.read()[-2000:])
        host, _, p = line[0].split("listening on", 1)[1].strip().rpartition(":")
        yield host, int(p), f"embedded TestServer (pid {proc.pid}) {host}:{p}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        errlog.close()
