"""Shared plumbing of the soak scripts: process probes, the server, the report.

A soak is judged on what happens *after warm-up*: the C client opens
connections as concurrency peaks demand (up to its pool limit) and keeps
them, and each one carries socket buffers on both sides, so resident memory
rises while the pool fills and says nothing about leaks.  Warm-up therefore
ends at the first checkpoint at which the client's open file descriptors
reach their peak (the pool has grown to what the load needs), and at least
one tenth into the run.
After it, the report gives the minimum, maximum and last RSS, and the slope
of a least-squares line through the checkpoints -- a leak is a slope, an
allocator's breathing is a range around a flat line.

File descriptors and threads are compared, once the client is closed, with
a baseline taken after a first client connected and closed: a process keeps
the C client's event-loop thread (and its fds) for every later client, and
the thread pool its async framework ran close() on.  When the script started the
server itself, the server process is measured too, and the commands per
second of each checkpoint's interval show whether it kept its pace.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence

_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Probe:
    """Resident memory (KiB), open fds, threads and CPU seconds of one process."""

    rss: int
    fds: int
    threads: int
    cpu: float


def probe(pid: Optional[int] = None) -> Optional[Probe]:
    """Measure this process (``pid`` None) or another; None once it is gone."""
    base = f"/proc/{pid if pid is not None else 'self'}"
    try:
        with open(f"{base}/statm") as f:
            rss = int(f.read().split()[1]) * _PAGE_KIB
        with open(f"{base}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return Probe(rss, len(os.listdir(f"{base}/fd")), len(os.listdir(f"{base}/task")),
                     (int(fields[11]) + int(fields[12])) / _TICKS)
    except (FileNotFoundError, ProcessLookupError):
        return None


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE_KIB


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                 "uordblks", "fordblks", "keepcost")]


def _mallinfo2() -> Any:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    fn = getattr(ctypes.CDLL(name), "mallinfo2", None)
    if fn is not None:
        fn.restype = _Mallinfo2
    return fn


_MALLINFO2 = _mallinfo2()


def c_heap_kib() -> int:
    """Bytes malloc has handed out and not had back (glibc; -1 elsewhere), in KiB.

    Python objects live mostly in pymalloc's arenas, which are mmap'ed
    outside malloc, so this is essentially the C client's (and CPython's
    large-object) heap: it tells a C-side growth from a Python-side one.
    """
    if _MALLINFO2 is None:
        return -1
    info = _MALLINFO2()
    return (info.uordblks + info.hblkhd) // 1024


@dataclass
class Checkpoint:
    """The state of the client (and of the server when local) after ``done`` commands."""

    done: int
    seconds: float
    client: Probe
    c_heap: int
    server: Optional[Probe]


@contextlib.contextmanager
def server_hosts() -> Iterator[tuple[list[tuple[str, int]], Optional[int]]]:
    """(hosts, server pid): AEROSPIKE_HOSTS, or an embedded server in its own process."""
    env = os.environ.get("AEROSPIKE_HOSTS")
    if env:
        hosts = []
        for item in env.split(","):
            host, _, port = item.strip().rpartition(":")
            hosts.append((host, int(port)))
        yield hosts, None
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "aerospike_py.testing", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield [("127.0.0.1", port)], proc.pid
    finally:
        proc.terminate()
        proc.wait()


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of ys over xs."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def warm_up_index(checkpoints: list[Checkpoint]) -> int:
    """The first checkpoint at which the client's fds reach their peak, at least a tenth into the run."""
    peak = max(c.client.fds for c in checkpoints)
    first = next(i for i, c in enumerate(checkpoints) if c.client.fds == peak)
    return min(max(first, len(checkpoints) // 10), len(checkpoints) - 1)


def report(checkpoints: list[Checkpoint], cold: Probe, baseline: Probe,
           after_close: list[tuple[float, Probe]]) -> None:
    """Every checkpoint, then the figures after warm-up and the state after close()."""
    end = checkpoints[-1]
    print(f"{end.done} commands in {end.seconds:.1f} s ({end.done / end.seconds:,.0f}/s)")
    head = "    done      s  cmds/s   RSS KiB  C heap KiB  fds  threads"
    if end.server is not None:
        head += " |  server RSS  fds  threads  CPU s  CPU µs/cmd"
    print(head)
    prev_done, prev_s, prev_cpu = 0, 0.0, 0.0
    for c in checkpoints:
        n = c.done - prev_done
        rate = n / (c.seconds - prev_s) if c.seconds > prev_s else 0.0
        line = (f"{c.done:8d} {c.seconds:6.0f} {rate:7,.0f} {c.client.rss:9d} {c.c_heap:11d} "
                f"{c.client.fds:4d} {c.client.threads:8d}")
        if c.server is not None:
            # CPU per command: the server's pace without the other load on the machine.
            per_cmd = (c.server.cpu - prev_cpu) / n * 1e6 if n else 0.0
            line += (f" | {c.server.rss:11d} {c.server.fds:4d} {c.server.threads:8d} "
                     f"{c.server.cpu:6.0f} {per_cmd:11.0f}")
            prev_cpu = c.server.cpu
        prev_done, prev_s = c.done, c.seconds
        print(line)
    w = warm_up_index(checkpoints)
    after = checkpoints[w:]
    rss = [c.client.rss for c in after]
    print(f"warm-up: checkpoint {w + 1} ({after[0].done} commands; connection pool full at "
          f"{after[0].client.fds} fds)")
    if len(after) > 1:
        per_100k = _slope([c.done for c in after], rss) * 100_000
        heap_100k = _slope([c.done for c in after], [c.c_heap for c in after]) * 100_000
        print(f"client RSS after warm-up: min {min(rss)} KiB, max {max(rss)} KiB, last {rss[-1]} KiB "
              f"(range {max(rss) - min(rss)} KiB); slope {per_100k:+.0f} KiB per 100k commands "
              f"(C heap {heap_100k:+.0f})")
        if after[0].server is not None and end.server is not None:
            srss = [c.server.rss for c in after if c.server is not None]
            print(f"server RSS after warm-up: min {min(srss)} KiB, max {max(srss)} KiB, "
                  f"last {srss[-1]} KiB")
    print(f"before any client: {cold.fds} fds, {cold.threads} threads; baseline (a first client "
          f"connected and closed): {baseline.fds} fds, {baseline.threads} threads; at the end: "
          f"{end.client.fds} fds, {end.client.threads} threads")
    for delay, p in after_close:
        print(f"{delay:4.1f} s after close(): {p.fds} fds ({p.fds - baseline.fds:+d}), "
              f"{p.threads} threads ({p.threads - baseline.threads:+d})")
