"""Run many async commands and report memory, fd, thread and server-pace figures.

A leak in the async path (a request never freed, a C record kept, an fd per
command) shows up here as a slope after warm-up (see _soak.py for how
warm-up and the figures are defined).  The server runs in its own process
unless AEROSPIKE_HOSTS is set.

    python benchmarks/soak_async.py --ops 100000 --concurrency 64 --backend trio
    python benchmarks/soak_async.py --workload mixed   # also batches, queries, cancellations
    python benchmarks/soak_async.py --workload mixed --trace-from 5   # tracemalloc diff
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
import tracemalloc
from typing import Optional

import anyio

import aerospike_py
from _soak import Checkpoint, Probe, c_heap_kib, probe, report, server_hosts


async def settled() -> list[tuple[float, Probe]]:
    """The process right after close() and once its idle helpers are gone.

    The C client closes pooled async connections on its event-loop thread
    shortly after close() returns, and anyio's worker thread (close() runs
    the cluster's destruction there) exits after 10 s idle.
    """
    out: list[tuple[float, Probe]] = []
    start = time.perf_counter()
    for until in (0.0, 1.0, 11.0):
        await anyio.sleep(max(0.0, until - (time.perf_counter() - start)))
        me = probe()
        assert me is not None
        out.append((until, me))
    return out


def stall_report(client: aerospike_py.AsyncClient, done: int, seconds: float) -> None:
    """What the client still waits for (its completion queue's books), and where tasks wait."""
    err = sys.stderr
    print(f"stalled: no command finished for {seconds:.0f} s, at {done} commands", file=err)
    completions = getattr(client, "_completions", None)
    if completions is not None:
        print(f"commands in flight: {len(completions.pending)}, query streams: {len(completions.streams)}",
              file=err)
        for ticket, stream in list(completions.streams.items())[:10]:
            print(f"  stream {ticket}: abandoned={stream.abandoned} done={stream.done}", file=err)
    with contextlib.suppress(RuntimeError):  # asyncio only
        for task in asyncio.all_tasks():
            task.print_stack(limit=8, file=err)
    err.flush()


def trace_diff(start: Optional[tracemalloc.Snapshot]) -> None:
    """The allocation sites that grew most since ``start``."""
    if start is None:
        return
    print("tracemalloc: growth by allocation site since the snapshot")
    for stat in tracemalloc.take_snapshot().compare_to(start, "lineno")[:15]:
        print(f"  {stat}")


async def soak(hosts: list[tuple[str, int]], server_pid: Optional[int], ops: int, concurrency: int,
               workload: str, n_checkpoints: int, trace_from: int) -> None:
    cold = probe()
    # A first client makes what a process keeps for every later one: the C
    # client's event-loop thread (and its fds), and anyio's worker thread,
    # which close() uses and which anyio keeps until its next use.  It runs
    # each kind of command once, for what is made on first use (the first
    # command makes the C event loop open /dev/null, once per process).
    async with aerospike_py.AsyncClient({"hosts": hosts}) as first:
        await first.connect()
        await first.put(("test", "soak", 0), {"w": -1})
        await first.batch_read([("test", "soak", 0)])
        async for _ in first.query("test", "soak"):
            break
    await anyio.sleep(1.0)
    baseline = probe()
    assert cold is not None and baseline is not None
    async with aerospike_py.AsyncClient({"hosts": hosts}) as client:
        await client.connect()
        keys = [("test", "soak", i) for i in range(1000)]
        for key in keys:
            await client.put(key, {"w": -1})
        for i in range(20):
            await client.put(("test", "soakscan", i), {"i": i})
        checkpoints: list[Checkpoint] = []
        snapshot: Optional[tracemalloc.Snapshot] = None
        done = 0

        async def worker(wid: int, first: int, count: int) -> None:
            nonlocal done
            for j in range(first, first + count):
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

        async def watchdog(stalled_after: float) -> None:
            """Say what is stuck when no command has finished for a while, and stop the run."""
            seen, since = done, time.monotonic()
            while True:
                await anyio.sleep(1.0)
                if done != seen:
                    seen, since = done, time.monotonic()
                elif time.monotonic() - since > stalled_after:
                    stall_report(client, done, stalled_after)
                    os._exit(3)

        per_phase = ops // concurrency // n_checkpoints
        start = time.perf_counter()
        async with anyio.create_task_group() as outer:
            outer.start_soon(watchdog, 60.0)
            for phase in range(n_checkpoints):
                async with anyio.create_task_group() as tg:
                    for w in range(concurrency):
                        tg.start_soon(worker, w, phase * per_phase, per_phase)
                me = probe()
                assert me is not None
                checkpoints.append(Checkpoint(done, time.perf_counter() - start, me, c_heap_kib(),
                                              probe(server_pid) if server_pid is not None else None))
                if phase + 1 == trace_from:
                    tracemalloc.start(1)
                    snapshot = tracemalloc.take_snapshot()
            outer.cancel_scope.cancel()
        trace_diff(snapshot)
    report(checkpoints, cold, baseline, await settled())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--backend", choices=["asyncio", "trio"], default="asyncio")
    parser.add_argument("--workload", choices=["kv", "mixed"], default="kv",
                        help="kv: puts and gets; mixed: also batch reads, early-stopped scans, cancelled gets")
    parser.add_argument("--checkpoints", type=int, default=20)
    parser.add_argument("--trace-from", type=int, default=0,
                        help="trace Python allocations from this checkpoint on and show the growth "
                             "(slows the client down)")
    args = parser.parse_args()
    with server_hosts() as (hosts, server_pid):
        anyio.run(soak, hosts, server_pid, args.ops, args.concurrency, args.workload,
                  args.checkpoints, args.trace_from, backend=args.backend)


if __name__ == "__main__":
    main()
