"""Run many sync commands from several threads and report memory, fd and thread growth.

The mixed workload has what a long-lived service sends: puts and gets, error
answers, batch reads and streamed queries stopped early.

    python benchmarks/soak_sync.py --ops 1000000 --threads 4
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import time

import aerospike_py
from soak_async import open_fds, report, rss_kib, server_hosts, threads


def soak(hosts: list[tuple[str, int]], ops: int, nthreads: int) -> None:
    with aerospike_py.client({"hosts": hosts}).connect() as client:
        keys = [("test", "soak", i) for i in range(1000)]
        for key in keys:
            client.put(key, {"w": -1})
        for i in range(20):
            client.put(("test", "soakscan", i), {"i": i})
        checkpoints: list[tuple[int, int, int, int]] = []
        done = [0] * nthreads

        def worker(wid: int, count: int) -> None:
            for j in range(count):
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

        per_thread = ops // nthreads
        start = time.perf_counter()
        for phase in range(10):
            workers = [threading.Thread(target=worker, args=(w, per_thread // 10)) for w in range(nthreads)]
            for t in workers:
                t.start()
            for t in workers:
                t.join()
            checkpoints.append((sum(done), rss_kib(), open_fds(), threads()))
        report(sum(done), time.perf_counter() - start, checkpoints)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with server_hosts() as hosts:
        soak(hosts, args.ops, args.threads)


if __name__ == "__main__":
    main()
