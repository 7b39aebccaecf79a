"""Threads for the test server's long commands, kept for reuse.

Every batch, scan, UDF or admin command gets a thread of its own at once (a
scan waiting on a slow reader must not hold up another command), but
starting a thread per command cost more than a small batch itself, and
every thread that ever ran left its stack in the C library's cache.  So a
thread that finishes waits a while for the next command; only when none is
idle is a new one started, and idle ones exit after IDLE_SECONDS.  The
number of threads thus follows the number of long commands in progress.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable

IDLE_SECONDS = 5.0

Job = Callable[[], None]


class Workers:
    """A growing set of reusable daemon threads; ``run(job)`` starts ``job`` at once."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0  # idle threads not yet promised a job

    def run(self, job: Job) -> None:
        with self._lock:
            if self._idle:
                self._idle -= 1  # promised: that thread takes this job off the queue
                self._jobs.put(job)
                return
        threading.Thread(target=self._serve, args=(job,), name=self._name, daemon=True).start()

    def _serve(self, job: Job) -> None:
        while True:
            try:
                job()
            except Exception:  # noqa: BLE001 - jobs report their own errors; keep the thread
                pass
            with self._lock:
                self._idle += 1
            while True:
                try:
                    job = self._jobs.get(timeout=IDLE_SECONDS)
                    break
                except queue.Empty:
                    with self._lock:
                        if self._idle:  # nobody was promised this thread's place: leave
                            self._idle -= 1
                            return
                    # Every idle thread is promised a job, this one included: wait for it.
