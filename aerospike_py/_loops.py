"""The C client's event loops: one set per process, created before any cluster.

The C client sizes a cluster's per-loop state when the cluster is created,
and closing a cluster walks the event loops that exist at close time.  A
cluster connected before the loops existed therefore cannot be closed once
they do.  So every connect -- sync clients included -- creates the loops
first: one idle thread for a sync-only process, and no such crash.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib

_lock = threading.Lock()
_created = False
fork_generation = 0  # bumped in a forked child: clients from before the fork are unusable there


def ensure_event_loops(config: dict[str, Any]) -> None:
    """Create the C event loops once per process, before the first connect."""
    global _created
    with _lock:
        if _created and lib.aspy_event_loops_size() > 0:
            return
        count = int(config.get("event_loops", 1)) or 1
        # Past this many commands on a loop the C client queues instead of
        # failing with "async connections would be exceeded"; it must not
        # exceed the per-node async connection limit.
        conn_limit = int(config.get("async_max_conns_per_node", 100)) or 100
        wanted = int(config.get("max_concurrent_operations", 0)) or conn_limit
        max_in_process = max(5, min(wanted, conn_limit))  # the C client wants 0 or >= 5
        err = ffi.new("as_error *")
        if lib.aspy_event_loops_create(count, max_in_process, 0, err):
            raise _exc.exception_for(err.code, ffi.string(err.message).decode("utf-8", "replace"))
        _created = True


def close_event_loops() -> None:
    """Join the C event-loop threads (interpreter exit, after every client closed)."""
    global _created
    with _lock:
        if _created:
            lib.aspy_event_loops_close()  # cffi releases the GIL while it joins
            _created = False


def _after_fork_in_child() -> None:
    global _created, fork_generation
    fork_generation += 1
    if _created:
        lib.aspy_event_loops_forget()
        _created = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
