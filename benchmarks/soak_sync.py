"""Run many sync commands from several threads and report memory, fd, thread and server-pace figures.

The mixed workload has what a long-lived service sends: puts and gets, error
answers, batch reads and streamed queries stopped early.  Warm-up and the
figures are defined in _soak.py.

    python benchmarks/soak_sync.py --ops 1000000 --threads 4
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import time
from typing import Optional

import aerospike_py
from _soak import Checkpoint, Probe, c_heap_kib, probe, report, server_hosts


def settled() -> list[tuple[float, Probe]]:
    """The process right after close() and a second later."""
    out: list[tuple[float, Probe]] = []
    start = time.perf_counter()
    for until in (0.0, 1.0):
        time.sleep(max(0.0, until - (time.perf_counter() - start)))
        me = probe()
        assert me is not None
        out.append((until, me))
    return out


def soak(hosts: list[tuple[str, int]], server_pid: Optional[int], ops: int, nthreads: int,
         n_checkpoints: int) -> None:
    # A sync scan stopped early closes its connection (unread records would be
    # left in it), and the C client counts that closing toward max_error_rate:
    # past 100 in one error window it backs the node off.  At the embedded
    # server's pace this workload stops ~250 scans a second, so the window is
    # a 250 ms tend interval here (400 a second).
    config = {"hosts": hosts, "tend_interval": 250, "max_error_rate": 100, "error_rate_window": 1}
    cold = probe()
    aerospike_py.client(config).connect().close()  # what the process keeps (event loop)
    time.sleep(1.0)
    baseline = probe()
    assert cold is not None and baseline is not None
    with aerospike_py.client(config).connect() as client:
        keys = [("test", "soak", i) for i in range(1000)]
        for key in keys:
            client.put(key, {"w": -1})
        for i in range(20):
            client.put(("test", "soakscan", i), {"i": i})
        checkpoints: list[Checkpoint] = []
        done = [0] * nthreads

        def worker(wid: int, first: int, count: int) -> None:
            for j in range(first, first + count):
                key = keys[(wid * 7919 + j) % len(keys)]
                if j % 50 == 0:
                    client.batch_read(keys[j % 900:j % 900 + 20]).to_dict()  # one batch: counted as 20
                    done[wid] += 19
                elif j % 50 == 25:
                    for _ in client.query("test", "soakscan").records():  # leave a scan early
                        break
                elif j % 50 == 40:
                    with contextlib.suppress(aerospike_py.exception.RecordNotFound):  # an error answer
                        client.get(("test", "soak-missing", j))
                elif j % 2:
                    client.get(key)
                else:
                    client.put(key, {"w": wid, "j": j, "payload": "x" * 64})
                done[wid] += 1

        per_phase = ops // nthreads // n_checkpoints
        start = time.perf_counter()
        for phase in range(n_checkpoints):
            workers = [threading.Thread(target=worker, args=(w, phase * per_phase, per_phase))
                       for w in range(nthreads)]
            for t in workers:
                t.start()
            for t in workers:
                t.join()
            me = probe()
            assert me is not None
            checkpoints.append(Checkpoint(sum(done), time.perf_counter() - start, me, c_heap_kib(),
                                          probe(server_pid) if server_pid is not None else None))
    report(checkpoints, cold, baseline, settled())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--checkpoints", type=int, default=20)
    args = parser.parse_args()
    with server_hosts() as (hosts, server_pid):
        soak(hosts, server_pid, args.ops, args.threads, args.checkpoints)


if __name__ == "__main__":
    main()
