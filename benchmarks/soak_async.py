"""Run many async operations and report memory and file-descriptor growth.

A leak in the async path (a request never freed, a C record kept, an fd per
command) shows up here as growth between the warm-up checkpoint and the end.
The server runs in its own process unless AEROSPIKE_HOSTS is set.

    python benchmarks/soak_async.py --ops 100000 --concurrency 64 --backend trio
    python benchmarks/soak_async.py --workload mixed   # also batches, queries, cancellations
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
from typing import Iterator

import anyio

import aerospike_py


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def threads() -> int:
    return len(os.listdir("/proc/self/task"))


def report(done: int, elapsed: float, checkpoints: list[tuple[int, int, int, int]]) -> None:
    """Operations per second, then RSS, fds and threads at each checkpoint, and the growth after warm-up."""
    print(f"{done} operations in {elapsed:.1f} s ({done / elapsed:,.0f} ops/s)")
    print(" ops done   RSS KiB   open fds   threads")
    for n, rss, fds, nthreads in checkpoints:
        print(f"{n:9d} {rss:9d} {fds:10d} {nthreads:9d}")
    first, last = checkpoints[0], checkpoints[-1]
    print(f"growth after warm-up: RSS {last[1] - first[1]:+d} KiB, fds {last[2] - first[2]:+d}, "
          f"threads {last[3] - first[3]:+d}")


@contextlib.contextmanager
def server_hosts() -> Iterator[list[tuple[str, int]]]:
    env = os.environ.get("AEROSPIKE_HOSTS")
    if env:
        hosts = []
        for item in env.split(","):
            host, _, port = item.strip().rpartition(":")
            hosts.append((host, int(port)))
        yield hosts
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
        yield [("127.0.0.1", port)]
    finally:
        proc.terminate()
        proc.wait()


async def soak(hosts: list[tuple[str, int]], ops: int, concurrency: int, workload: str) -> None:
    async with aerospike_py.AsyncClient({"hosts": hosts}) as client:
        await client.connect()
        keys = [("test", "soak", i) for i in range(1000)]
        for key in keys:
            await client.put(key, {"w": -1})
        for i in range(20):
            await client.put(("test", "soakscan", i), {"i": i})
        checkpoints: list[tuple[int, int, int, int]] = []
        done = 0

        async def worker(wid: int, count: int) -> None:
            nonlocal done
            for j in range(count):
                key = keys[(wid * 7919 + j) % len(keys)]
                if workload == "mixed" and j % 50 == 0:
                    await client.batch_read(keys[j % 900:j % 900 + 20])  # one batch: counted as 20
                    done += 19
                elif workload == "mixed" and j % 50 == 25:
                    async for _ in client.query("test", "soakscan"):  # leave a scan early
                        break
                elif workload == "mixed" and j % 50 == 10:
                    with anyio.move_on_after(0):  # a get cancelled before it completes
                        await client.get(key)
                elif workload == "mixed" and j % 50 == 40:
                    with contextlib.suppress(aerospike_py.exception.RecordNotFound):  # an error answer
                        await client.get(("test", "soak-missing", j))
                elif j % 2:
                    await client.get(key)
                else:
                    await client.put(key, {"w": wid, "j": j, "payload": "x" * 64})
                done += 1

        per_worker = ops // concurrency
        start = time.perf_counter()
        for phase in range(10):
            async with anyio.create_task_group() as tg:
                for w in range(concurrency):
                    tg.start_soon(worker, w, per_worker // 10)
            checkpoints.append((done, rss_kib(), open_fds(), threads()))
        report(done, time.perf_counter() - start, checkpoints)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    parser.add_argument("--workload", choices=["kv", "mixed"], default="kv",
                        help="kv: puts and gets; mixed: also batch reads, early-stopped scans, cancelled gets")
    args = parser.parse_args()
    with server_hosts() as hosts:
        anyio.run(soak, hosts, args.ops, args.concurrency, args.workload, backend=args.backend)


if __name__ == "__main__":
    main()
