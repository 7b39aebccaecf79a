"""The async client: commands run on the C client's event loops.

How a completion reaches an awaiting task (see include/aspy_async.c):
the C listener records the result in the request and queues its ticket on
this client's completion queue, signalling an eventfd when the queue was
empty.  The caller's event loop watches that fd -- asyncio with
``add_reader``, trio with a system task in ``wait_readable`` -- and drains
every finished ticket in one call, finishing each command and waking its
task (an asyncio Future whose wake-up the drain runs itself, or a parked
trio task).  No thread hop, no GIL on the loop threads, one wake-up per
burst of completions.

Cancellation: a cancelled await abandons its ticket but the request stays in
``pending`` (so its C memory lives) until the C side completes it; the drain
then recycles it.  Backpressure: ``max_concurrent_operations`` bounds commands
in flight per client; waiting longer than ``operation_queue_timeout_ms`` for
a slot raises ``BackpressureError``.
"""

from __future__ import annotations

import asyncio
import collections
import marshal
import sys
import time
from typing import Any, Callable, Literal, Optional

import anyio

from aerospike_py import _command as cmd
from aerospike_py import _udf as udf
from aerospike_py import _admin as adm
from aerospike_py import _info as info
from aerospike_py import _numpy as npb
from aerospike_py import _loops
from aerospike_py import _observability as _obs
from aerospike_py import _fastpath
from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py._client import ClientCore, _ClusterHandle, not_connected
from aerospike_py._command import _finish_record
from aerospike_py._batch import LazyBatchRecords
from aerospike_py._convert import error_from, new_request
from aerospike_py._query import QueryBase, begin_page, empty_page, end_page, prepare_query, take_records
from aerospike_py.types import (
    BatchWriteResult,
    ExistsResult,
    InfoNodeResult,
    OperateOrderedResult,
    Record,
)

_DRAIN_BATCH = 256
_FIRST_BLOCKING_KIND = lib.ASPY_CMD_INFO_ALL  # kinds from here on run in a worker thread
_SPARE_REQUESTS = 1024

# ---------------------------------------------------------------------------
# Completion queue
# ---------------------------------------------------------------------------


def _in_trio() -> bool:
    """True when called from inside trio.run (anyio's other backend is asyncio)."""
    trio = sys.modules.get("trio")
    if trio is None:
        return False
    try:
        trio.lowlevel.current_task()
    except RuntimeError:
        return False
    return True


# Bound once: the per-command path reads no module attributes it can avoid.
_get_running_loop = asyncio._get_running_loop
_cq_drain = lib.aspy_cq_drain
_submit = lib.aspy_submit
_submit_get = _fastpath.submit_get
_submit_put = _fastpath.submit_put
_FAILED = lib.ASPY_TICKET_FAILED
_TICKET_BITS = lib.ASPY_TICKET_FAILED | lib.ASPY_TICKET_REQUEST
_NO_TICKET_BITS = ~_TICKET_BITS
_RESULT_BYTES = 256 * 1024
_loads = marshal.loads
_Future = asyncio.Future
_clock = time.perf_counter
_record_fast = _fastpath.record
_OP_GET = _fastpath.OP_GET
_OP_PUT = _fastpath.OP_PUT


# A get's Record from its unmarshalled (digest, gen, ttl, bins), built in C.
_record_from = _fastpath.record_from


def _new_fast_request() -> tuple[Any, int]:
    """A request for the fast paths, with its address."""
    req = new_request()
    return req, int(ffi.cast("uintptr_t", req))


def _finish_fast_record(req: tuple[Any, int], key: Any) -> Record:
    """A fast-path get's Record read from its request (results too big for the drain's buffer, GeoJSON, HLL)."""
    return _finish_record(req[0], key)

# A pending command: (awaiter, request, finish, context, decode).  The request stays
# referenced here until the C side is done with it, whatever its awaiter does.
Entry = Any


class _AsyncioDriver:
    """asyncio: the loop calls drain() when the fd is readable; a Future per command."""

    def __init__(self, completions: "_Completions", loop: asyncio.AbstractEventLoop) -> None:
        self.loop: Any = loop
        self._completions = completions
        self._fd = completions.fd
        loop.add_reader(self._fd, self.drain)

    def waiter(self, ticket: int, req: Any, finish: Any, context: Any, decode: Any = None,
               timing: Any = None) -> Any:
        """The command's future; awaiting it directly keeps the await chain short."""
        future: Any = _Future(loop=self.loop)
        self._completions.pending[ticket] = (future, req, finish, context, decode, timing)
        return future

    def drain(self) -> None:
        """Finish every completed command, then wake the tasks awaiting them."""
        ready = self._completions.finished()
        # Future.set_result would schedule each done-callback through
        # loop.call_soon (a Handle and a trip round the loop per command);
        # instead take the callbacks off, finish the future, and run them
        # here, as the loop would have.  A task woken here may cancel others
        # still in ``ready``: their futures are done by then, and skipped.
        for i, (future, value, failed) in enumerate(ready):
            if future.done():
                continue
            try:
                callbacks = future._callbacks
                if callbacks:
                    for callback, _ in callbacks:
                        future.remove_done_callback(callback)
                if failed:
                    future.set_exception(value)
                else:
                    future.set_result(value)
                if callbacks:
                    for callback, callback_context in callbacks:
                        callback_context.run(callback, future)
            except BaseException:
                for future, value, failed in ready[i + 1:]:  # the ordinary way: through call_soon
                    if future.done():
                        continue
                    if failed:
                        future.set_exception(value)
                    else:
                        future.set_result(value)
                raise

    def close(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self._fd)
        self.loop = _GONE


# What a closed driver's loop compares unequal to.
_GONE: Any = object()


class _TrioDriver:
    """trio: a system task waits on the fd and drains; commands park their task."""

    def __init__(self, completions: "_Completions") -> None:
        import outcome
        import trio

        self._trio = trio
        self._value = outcome.Value
        self._error = outcome.Error
        self._current_task = trio.lowlevel.current_task
        self._wait = trio.lowlevel.wait_task_rescheduled
        self._reschedule = trio.lowlevel.reschedule
        self._succeeded = trio.lowlevel.Abort.SUCCEEDED
        self._token = trio.lowlevel.current_trio_token()
        self.loop: Any = None  # what asyncio's running loop is while trio runs
        self._scope = trio.CancelScope()
        self._completions = completions
        trio.lowlevel.spawn_system_task(self._drain_forever, name="aerospike_py completions")

    async def _drain_forever(self) -> None:
        try:
            with self._scope:
                fd = self._completions.fd
                wait_readable = self._trio.lowlevel.wait_readable
                while True:
                    await wait_readable(fd)
                    self.drain()
        finally:
            self.loop = _GONE  # this trio run is over: the next command makes a new driver

    def matches(self) -> bool:
        try:
            return self.loop is None and self._trio.lowlevel.current_trio_token() is self._token
        except RuntimeError:
            return False

    def waiter(self, ticket: int, req: Any, finish: Any, context: Any, decode: Any = None,
               timing: Any = None) -> Any:
        """Park the calling task until the drain reschedules it with the command's result."""
        entry = [self._current_task(), req, finish, context, decode, timing]
        self._completions.pending[ticket] = entry
        succeeded = self._succeeded

        def abort(raise_cancel: Any) -> Any:
            entry[0] = None  # abandoned: the drain recycles the request
            return succeeded

        return self._wait(abort)

    def drain(self) -> None:
        """Finish every completed command and reschedule its task with the outcome."""
        reschedule = self._reschedule
        value = self._value
        error = self._error
        for task, result, failed in self._completions.finished():
            reschedule(task, error(result) if failed else value(result))

    def close(self) -> None:
        self._scope.cancel()
        self.loop = _GONE


class _Stream:
    """A query in flight: its request (alive until C is done) and the consumer's wake-up."""

    __slots__ = ("req", "ticket", "event", "abandoned", "done")

    def __init__(self, req: Any, ticket: int) -> None:
        self.req = req
        self.ticket = ticket
        self.event: Any = None
        self.abandoned = False
        self.done = False


class _Completions:
    """One client's completion queue, the commands in flight on it and its slots."""

    def __init__(self, max_concurrent: int) -> None:
        cq = lib.aspy_cq_new()
        if cq == ffi.NULL:
            raise OSError("cannot create the completion queue (eventfd)")
        self.cq = cq
        self.fd = lib.aspy_cq_fd(cq)
        # The drain copies small results here, so Python decodes them without
        # reading the requests' C fields (see aspy_cq_drain).
        self.results_buffer = bytearray(_RESULT_BYTES)
        self.results = ffi.from_buffer(self.results_buffer)
        self.results_view = memoryview(self.results_buffer)
        self.pending: dict[int, Entry] = {}
        # Queries in flight: woken once per chunk of records, done when their stream says so.
        self.streams: dict[int, _Stream] = {}
        self.driver: Any = None
        # Finished requests, reused: a command allocates nothing in the common case.
        self.spare: list[Any] = []
        # The same for the fast paths of get and put, with each request's address
        # (include/aspy_fast.c takes addresses; casting per command would cost more).
        self.fast_spare: list[tuple[Any, int]] = []
        self.cq_addr = int(ffi.cast("uintptr_t", cq))
        # Backpressure without a semaphore on the fast path: a command only
        # looks further when ``limit`` is set.  A slot freed while commands
        # wait is handed to the oldest waiter (``handed`` counts those promised).
        self.limit = max_concurrent if max_concurrent > 0 else 0
        self.handed = 0
        self.slot_waiters: collections.deque[Any] = collections.deque()

    @property
    def in_flight(self) -> int:
        return len(self.pending) + len(self.streams)

    def current_driver(self) -> Any:
        """The driver for the running event loop, made anew when the loop changed."""
        driver = self.driver
        if driver is not None:
            if driver.loop is not None and driver.loop is _get_running_loop():
                return driver
            if driver.loop is None and driver.matches():
                return driver
            driver.close()
        if _in_trio():
            driver = _TrioDriver(self)
        else:
            driver = _AsyncioDriver(self, asyncio.get_running_loop())
        self.driver = driver
        return driver

    def finished(self) -> list[tuple[Any, Any, bool]]:
        """Every command completed since the last call, finished: (awaiter, value, failed).

        The awaiter is what the driver wakes (an asyncio Future, a trio
        task); a command whose awaiter is gone (None) is only recycled.
        Query streams are told of their new records.  Runs no task.
        """
        pending = self.pending
        spare = self.spare
        fast_spare = self.fast_spare
        cq = self.cq
        results = self.results
        view = self.results_view
        ready: list[tuple[Any, Any, bool]] = []
        while True:
            n = _cq_drain(cq, _DRAIN_BATCH, results, _RESULT_BYTES)
            it = iter(_loads(view))
            for ticket, result in zip(it, it):
                entry = pending.pop(ticket & _NO_TICKET_BITS, None)
                if entry is None:
                    if self.streams:
                        self.stream_ready(ticket)
                    continue
                awaiter, req, finish, context, decode, timing = entry
                if awaiter is not None:
                    try:
                        if ticket & _FAILED:
                            # Made, not raised: a raised error's traceback would hold this
                            # frame, and ``ready`` with the error in it -- a reference cycle
                            # per error answer, left for the cyclic collector.
                            failure = error_from(req[0] if type(req) is tuple else req)
                            ready.append((awaiter, failure, True))
                            if timing is not None and not (type(awaiter) is _Future and awaiter.done()):
                                _obs.record_error(_fastpath.PREPARES[timing[0]], (timing[1],), timing[2], failure)
                        else:
                            if ticket & _TICKET_BITS:
                                value = None if finish is None else finish(req, context)
                            elif decode is not None:
                                value = decode(result, context)
                            else:
                                value = None if finish is None else finish(req, context)
                            ready.append((awaiter, value, False))
                            if timing is not None and not (type(awaiter) is _Future and awaiter.done()):
                                _record_fast(*timing)  # (op, key, started): not for a cancelled await
                    except Exception as exc:
                        ready.append((awaiter, exc, True))
                        if timing is not None and not (type(awaiter) is _Future and awaiter.done()):
                            _obs.record_error(_fastpath.PREPARES[timing[0]], (timing[1],), timing[2], exc)
                if type(req) is tuple:  # a fast-path request and its address
                    if len(fast_spare) < _SPARE_REQUESTS:
                        fast_spare.append(req)
                elif len(spare) < _SPARE_REQUESTS:
                    spare.append(req)
            if n < _DRAIN_BATCH:
                break
        if self.slot_waiters:
            self.hand_off_slots()
        return ready

    def must_wait(self) -> bool:
        """True when no slot is free for a new command (only asked when there is a limit)."""
        return bool(self.slot_waiters) or len(self.pending) + len(self.streams) + self.handed >= self.limit

    async def acquire_slot(self, timeout_ms: int) -> None:
        """Wait for a slot, first come first served; ``BackpressureError`` past the timeout."""
        event = anyio.Event()
        self.slot_waiters.append(event)
        try:
            if timeout_ms > 0:
                with anyio.fail_after(timeout_ms / 1000):
                    await event.wait()
            else:
                await event.wait()
        except BaseException as exc:
            if event.is_set():  # a slot was handed over as we left: pass it on
                self.handed -= 1
                self.hand_off_slots()
            else:
                self.slot_waiters.remove(event)
            if isinstance(exc, TimeoutError):
                raise _exc.BackpressureError(
                    f"no free operation slot within {timeout_ms} ms "
                    f"(max_concurrent_operations={self.limit})", -11
                ) from None
            raise
        self.handed -= 1  # the caller submits before it next yields

    def hand_off_slots(self) -> None:
        """Wake as many slot waiters as there are free slots."""
        waiters = self.slot_waiters
        free = self.limit - len(self.pending) - len(self.streams) - self.handed
        while free > 0 and waiters:
            waiters.popleft().set()
            self.handed += 1
            free -= 1

    def take_request(self) -> Any:
        spare = self.spare
        return spare.pop() if spare else new_request()

    def give_back(self, req: Any) -> None:
        """Return a request whose C side is finished (never one still in flight)."""
        if len(self.spare) < _SPARE_REQUESTS:
            self.spare.append(req)

    def failed_submit(self, req: Any) -> _exc.AerospikeError:
        """The error of a command the C side refused; its request is free again."""
        if type(req) is tuple:  # a fast-path request and its address
            error = error_from(req[0])
            self.fast_spare.append(req)
        else:
            error = error_from(req)
            self.give_back(req)
        if self.slot_waiters:
            self.hand_off_slots()
        return error

    # -- query streams -----------------------------------------------------------

    def submit_stream(self, as_: Any, req: Any) -> "_Stream":
        """Start a query whose records the C listener streams into ``req``."""
        self.current_driver()  # someone must be draining on this loop
        ticket = _submit(as_, req, self.cq)
        if not ticket:
            raise self.failed_submit(req)
        stream = _Stream(req, ticket)
        self.streams[ticket] = stream
        return stream

    def stream_ready(self, ticket: int) -> None:
        """The drain saw a stream's ticket: new records, or (FAILED bit) its last push.

        Only after the last push has been drained is the request out of the C
        completion queue for good; only then is the stream forgotten here, so
        its request can be freed.
        """
        stream = self.streams.get(ticket & _NO_TICKET_BITS)
        if stream is None:
            return
        if ticket & _FAILED:
            self.end_stream(stream)
        if stream.abandoned:
            lib.aspy_stream_take(stream.req, 0)  # drop what arrived
        elif stream.event is not None:
            stream.event.set()
            stream.event = None

    def wait_chunk(self, stream: "_Stream") -> Any:
        """What to await until the stream may have new records (or has ended)."""
        self.current_driver()
        event = anyio.Event()
        stream.event = event
        return event.wait()

    def end_stream(self, stream: "_Stream") -> None:
        """Forget a stream whose last push was drained, and free its slot."""
        stream.done = True
        if self.streams.pop(stream.ticket, None) is not None and self.slot_waiters:
            self.hand_off_slots()

    def abandon_stream(self, stream: "_Stream") -> None:
        """Nobody reads the stream any more: the listener drops its records from now on."""
        if stream.done or stream.abandoned:
            return
        stream.abandoned = True
        stream.event = None
        lib.aspy_stream_cancel(stream.req)

    def abandon_streams(self) -> None:
        """Cancel every query still streaming (the client is closing)."""
        for stream in list(self.streams.values()):
            self.abandon_stream(stream)

    async def wait_idle(self) -> None:
        """Wait for every command in flight, abandoned ones and streams included."""
        if self.pending or self.streams:
            self.current_driver()  # someone must be draining on this loop
        while self.pending or self.streams:
            await anyio.sleep(0.002)

    def close(self) -> None:
        """Stop draining and free the queue; only once nothing is in flight."""
        if self.driver is not None:
            self.driver.close()
            self.driver = None
        if self.cq != ffi.NULL and not self.pending and not self.streams:
            self.cq_addr = 0
            lib.aspy_cq_free(self.cq)
            self.cq = ffi.NULL


# ---------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------


class AsyncClient(ClientCore):
    """Asynchronous Aerospike client for asyncio and trio (through anyio).

    ``async with AsyncClient(config) as client: await client.connect()``.
    One client serves one event loop at a time.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._completions: Optional[_Completions] = None
        self._queue_timeout_ms = int(config.get("operation_queue_timeout_ms", 0))
        self._generation = _loops.fork_generation

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> Literal[False]:
        await self.close()
        return False

    async def connect(self, username: Optional[str] = None, password: Optional[str] = None) -> "AsyncClient":
        """Connect to the cluster (a no-op when already connected); returns self."""
        if self._handle is None:
            config, user, secret = self._config, username, password
            self._handle = await anyio.to_thread.run_sync(lambda: _ClusterHandle(config, user, secret))
            self._completions = _Completions(int(config.get("max_concurrent_operations", 0)))
            self._generation = _loops.fork_generation
        return self

    async def close(self) -> None:
        """Refuse new commands, wait for those in flight, then close; safe to call more than once."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        handle.open = False
        completions = self._completions
        with anyio.CancelScope(shield=True):
            while handle.active:
                await anyio.sleep(0.002)
            if completions is not None:
                completions.abandon_streams()
                await completions.wait_idle()  # abandoned (cancelled) commands too
            await anyio.to_thread.run_sync(handle.destroy)
        if completions is not None:
            completions.close()
            self._completions = None

    async def ping(self) -> bool:
        """True when a cluster node answers an info request."""
        if not self.is_connected():
            return False
        try:
            await self.info_random_node("build")
        except _exc.AerospikeError:
            return False
        return True

    # -- plumbing ------------------------------------------------------------

    def _handle_for_command(self) -> _ClusterHandle:
        handle = self._handle
        if handle is None:
            raise not_connected()
        if self._generation != _loops.fork_generation:
            raise _exc.ClientError("this client was connected before fork(); create a new one in this process", -1)
        return handle

    def _start(self, submit: Callable[..., int], finish: Any, decode: Any, context: Any, timed: Any,
               *c_args: Any) -> Any:
        """Prepare and queue a command in one C call; what to await, or None for the general path.

        ``submit(handle, cq, req, *c_args)`` (aspy_fast.c) fills the request and
        queues it, or answers NotImplemented for the general path;
        ``decode(result, context)`` makes the command's result from its
        unmarshalled C result, ``finish(req, context)`` when it must be read
        from the request (both None: the command returns None).  ``timed`` is
        ``(op, key)`` of aspy_fast.c: with metrics on, the drain records the
        command's duration when it completes.
        Anything unusual -- not connected, tracing or stage profiling on, no free slot, a
        driver to (re)make -- is left to ``_run``, which explains or waits.
        """
        handle = self._handle
        completions = self._completions
        if (handle is None or completions is None or _obs.full or self._generation != _loops.fork_generation
                or (completions.limit and completions.must_wait())):
            return None
        driver = completions.driver
        if driver is None or driver.loop is not _get_running_loop():
            return None
        started = _clock() if _obs.metrics_on else 0.0
        fast_spare = completions.fast_spare
        req = fast_spare.pop() if fast_spare else _new_fast_request()
        # The GIL is held throughout (no registration in handle.active needed): see aspy_fast.c.
        ticket = submit(handle, completions.cq_addr, req[1], *c_args)
        if ticket is NotImplemented:
            fast_spare.append(req)
            return None
        if not ticket:
            raise completions.failed_submit(req)
        timing = (timed[0], timed[1], started) if started else None
        loop = driver.loop
        if loop is not None:
            future: Any = _Future(loop=loop)
            completions.pending[ticket] = (future, req, finish, context, decode, timing)
            return future
        return driver.waiter(ticket, req, finish, context, decode, timing)

    async def _run(self, prepare: Callable[..., cmd.Prepared], *args: Any) -> Any:
        if _obs.enabled and not isinstance(prepare, _obs.Observed):  # all telemetry costs while off
            return await _obs.observe_async(self, self._run, prepare, args)
        handle = self._handle_for_command()
        completions = self._completions
        assert completions is not None
        req = completions.take_request()
        active = handle.active
        active.append(None)
        try:
            if not handle.open:
                raise not_connected()
            as_ = handle.ptr
            finish, context = prepare(as_, req, *args)
            if req.kind >= _FIRST_BLOCKING_KIND:
                # Info has no event-loop form: a worker thread runs it (not cancellable midway).
                failed = await anyio.to_thread.run_sync(lib.aspy_execute, as_, req)
                try:
                    if failed:
                        raise error_from(req)
                    return finish(req, context)
                finally:
                    completions.give_back(req)
        finally:
            active.pop()
        if completions.limit and completions.must_wait():
            try:
                await completions.acquire_slot(self._queue_timeout_ms)
            except BaseException:
                completions.give_back(req)  # never submitted
                raise
        driver = completions.current_driver()
        active.append(None)
        try:
            if not handle.open:
                completions.give_back(req)
                raise not_connected()
            ticket = _submit(handle.ptr, req, completions.cq)
        finally:
            active.pop()
        if not ticket:
            raise completions.failed_submit(req)
        # The drain finishes the command and recycles the request, even if
        # this task is cancelled meanwhile.
        return await driver.waiter(ticket, req, finish, context)

    # -- info ----------------------------------------------------------------

    async def info_all(self, command: str, policy: Optional[dict[str, Any]] = None) -> list[InfoNodeResult]:
        """Send an info command to every node; one ``InfoNodeResult`` per node."""
        return await self._run(cmd.prepare_info_all, command, policy)

    async def info_random_node(self, command: str, policy: Optional[dict[str, Any]] = None) -> str:
        """Send an info command to one node; its answer without the echoed command."""
        return await self._run(cmd.prepare_info_random_node, command, policy)

    async def info_single_node(self, command: str, host: Any, policy: Optional[dict[str, Any]] = None) -> str:
        """Send an info command to the node given by name, ``addr:port``, ``(addr, port)`` or ``NodeInfo``."""
        return await self._run(info.prepare_info_single_node, command, host, policy)

    # -- key-value -----------------------------------------------------------

    async def put(self, key: Any, bins: dict[str, Any], meta: Optional[dict[str, Any]] = None,
                  policy: Optional[dict[str, Any]] = None) -> None:
        # (ns, set, pk) only, as in _convert.begin: digests and bytearray (blob) keys are checked in Python.
        """Write ``bins`` to the record (created if missing); ``meta`` sets ttl/gen, ``policy`` a write policy."""
        if meta is None and policy is None:
            waiter = self._start(_submit_put, None, None, None, (_OP_PUT, key), key, bins)
            if waiter is not None:
                try:
                    return await waiter  # type: ignore[no-any-return]
                except BaseException:
                    del waiter  # else: future -> error -> traceback -> this frame -> future, a cycle
                    raise
        return await self._run(cmd.prepare_put, key, bins, meta, policy)

    async def get(self, key: Any, policy: Optional[dict[str, Any]] = None) -> Record:
        # (ns, set, pk) only, as in _convert.begin: digests and bytearray (blob) keys are checked in Python.
        """Read the whole record; raises ``RecordNotFound`` when it does not exist."""
        if policy is None:
            waiter = self._start(_submit_get, _finish_fast_record, _record_from, key, (_OP_GET, key), key)
            if waiter is not None:
                try:
                    return await waiter  # type: ignore[no-any-return]
                except BaseException:
                    del waiter  # else: future -> error -> traceback -> this frame -> future, a cycle
                    raise
        return await self._run(cmd.prepare_get, key, policy)

    async def select(self, key: Any, bins: list[str], policy: Optional[dict[str, Any]] = None) -> Record:
        """Read only the named bins of the record."""
        return await self._run(cmd.prepare_select, key, bins, policy)

    async def exists(self, key: Any, policy: Optional[dict[str, Any]] = None) -> ExistsResult:
        """Metadata of the record, or ``meta=None`` when it does not exist (never raises for a missing record)."""
        return await self._run(cmd.prepare_exists, key, policy)

    async def remove(self, key: Any, meta: Optional[dict[str, Any]] = None,
                     policy: Optional[dict[str, Any]] = None) -> None:
        """Delete the record; ``meta={'gen': n}`` with a gen policy makes it conditional."""
        return await self._run(cmd.prepare_remove, key, meta, policy)

    async def touch(self, key: Any, val: int = 0, meta: Optional[dict[str, Any]] = None,
                    policy: Optional[dict[str, Any]] = None) -> None:
        """Reset the record's time to live to ``val`` seconds without changing its bins."""
        return await self._run(cmd.prepare_touch, key, val, meta, policy)

    async def append(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
                     policy: Optional[dict[str, Any]] = None) -> None:
        """Append a str or bytes to the end of a bin's value, on the server."""
        return await self._run(cmd.prepare_append, key, bin, val, meta, policy)

    async def prepend(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
                      policy: Optional[dict[str, Any]] = None) -> None:
        """Prepend a str or bytes to the start of a bin's value, on the server."""
        return await self._run(cmd.prepare_prepend, key, bin, val, meta, policy)

    async def increment(self, key: Any, bin: str, offset: int | float, meta: Optional[dict[str, Any]] = None,
                        policy: Optional[dict[str, Any]] = None) -> None:
        """Add ``offset`` (int or float) to a numeric bin, on the server; the bin is created at 0."""
        return await self._run(cmd.prepare_increment, key, bin, offset, meta, policy)

    async def remove_bin(self, key: Any, bin_names: list[str], meta: Optional[dict[str, Any]] = None,
                         policy: Optional[dict[str, Any]] = None) -> None:
        """Delete the named bins from the record (the record goes when its last bin does)."""
        return await self._run(cmd.prepare_remove_bin, key, bin_names, meta, policy)

    async def operate(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                      policy: Optional[dict[str, Any]] = None) -> Record:
        """Apply several operations to one record atomically; results grouped per bin."""
        return await self._run(cmd.prepare_operate, key, ops, meta, policy)

    async def operate_ordered(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                              policy: Optional[dict[str, Any]] = None) -> OperateOrderedResult:
        """As ``operate``, with the results as ``(bin, value)`` pairs in operation order."""
        return await self._run(cmd.prepare_operate_ordered, key, ops, meta, policy)

    # -- batch -----------------------------------------------------------------

    async def batch_read(self, keys: list[Any], bins: Optional[list[str]] = None,
                         policy: Optional[dict[str, Any]] = None) -> LazyBatchRecords:
        """Read many records in one round trip per node; missing records are results, not errors."""
        return await self._run(cmd.prepare_batch_read, keys, bins, policy)

    async def batch_operate(self, keys: list[Any], ops: list[dict[str, Any]],
                            policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Apply the same operations to many records; one ``BatchRecord`` per key."""
        return await self._run(cmd.prepare_batch_operate, keys, ops, policy)

    async def batch_write(self, records: list[Any], policy: Optional[dict[str, Any]] = None,
                          retry: int = 0) -> BatchWriteResult:
        """Write many records, each with its own bins and meta; one ``BatchRecord`` per record."""
        return await self._run(cmd.prepare_batch_write, records, policy, retry)

    async def batch_write_numpy(self, data: Any, namespace: str, set_name: str, _dtype: Any, key_field: str = "_key",
                                policy: Optional[dict[str, Any]] = None, retry: int = 0) -> BatchWriteResult:
        """Write the rows of a NumPy structured array as records keyed by ``key_field``."""
        return await self._run(npb.prepare_batch_write_numpy, data, namespace, set_name, _dtype, key_field, policy,
                               retry)

    async def batch_remove(self, keys: list[Any], policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Delete many records; bare keys or ``(key, meta)`` pairs for conditional deletes."""
        return await self._run(cmd.prepare_batch_remove, keys, policy)

    # -- indexes and truncate (worker thread: the C client has no async form) --

    async def index_integer_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                   policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on an integer bin (waits until it is built)."""
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 0, 0, policy)

    async def index_string_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                  policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on a string bin (waits until it is built)."""
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 1, 0, policy)

    async def index_geo2dsphere_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                       policy: Optional[dict[str, Any]] = None) -> None:
        """Create a secondary index on a GeoJSON bin (waits until it is built)."""
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 3, 0, policy)

    async def index_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                           index_datatype: int = 0, index_type: int = 0,
                           policy: Optional[dict[str, Any]] = None, ctx: Optional[list[Any]] = None) -> None:
        """A secondary index of any INDEX_* data type and INDEX_TYPE_* collection type (list, map keys...).

        ``ctx`` (from :mod:`aerospike_py.cdt_ctx`) indexes a value nested inside the bin.
        """
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name,
                               index_datatype, index_type, policy, ctx)

    async def index_expr_create(self, namespace: str, set_name: str, index_type: int, index_datatype: int,
                                expression: dict[str, Any], index_name: str,
                                policy: Optional[dict[str, Any]] = None) -> None:
        """A secondary index on the value of an expression (server 8.1+); query it with ``where_with_exp``."""
        return await self._run(cmd.prepare_index_expr_create, namespace, set_name, index_type, index_datatype,
                               expression, index_name, policy)

    async def index_remove(self, namespace: str, index_name: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Drop a secondary index by name."""
        return await self._run(cmd.prepare_index_remove, namespace, index_name, policy)

    async def truncate(self, namespace: str, set_name: str, nanos: int = 0,
                       policy: Optional[dict[str, Any]] = None) -> None:
        """Delete every record of a set (or namespace, set ``''``) last updated before ``nanos`` (0: now)."""
        return await self._run(cmd.prepare_truncate, namespace, set_name, nanos, policy)

    # -- UDFs (apply on the event loops) and background jobs (worker thread) ------

    async def apply(self, key: Any, module: str, function: str, args: Optional[list[Any]] = None,
                    policy: Optional[dict[str, Any]] = None) -> Any:
        """Run a UDF function on one record; returns what the function returns."""
        return await self._run(udf.prepare_apply, key, module, function, args, policy)

    async def batch_apply(self, keys: list[Any], module: str, function: str, args: Optional[list[Any]] = None,
                          policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        """Run a UDF function on many records; ``bins`` is ``{'SUCCESS': value}`` or ``{'FAILURE': msg}``."""
        return await self._run(udf.prepare_batch_apply, keys, module, function, args, policy)

    async def udf_put(self, filename: str, udf_type: int = 0, policy: Optional[dict[str, Any]] = None) -> None:
        """Register a Lua module; returns once every node lists it."""
        return await self._run(udf.prepare_udf_put, filename, udf_type, policy)

    async def udf_remove(self, module: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Remove a registered module (``.lua`` optional); returns once no node lists it."""
        return await self._run(udf.prepare_udf_remove, module, policy)

    async def udf_list(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """The registered modules: ``[{'name', 'hash', 'type'}, ...]``."""
        return await self._run(udf.prepare_udf_list, policy)

    async def udf_get(self, module: str, language: int = 0, policy: Optional[dict[str, Any]] = None) -> str:
        """The source of a registered module."""
        return await self._run(udf.prepare_udf_get, module, language, policy)

    async def job_info(self, job_id: int, module: str, policy: Optional[dict[str, Any]] = None) -> dict[str, int]:
        """Status of a background job: ``{'status', 'progress_pct', 'records_read'}``."""
        return await self._run(udf.prepare_job_info, job_id, module, policy)

    # -- security administration (worker thread on the async client) -------------

    async def admin_create_user(self, username: str, password: str, roles: list[str],
                                policy: Optional[dict[str, Any]] = None) -> None:
        """Create a user with a password and roles (security must be enabled)."""
        return await self._run(adm.prepare_admin_create_user, username, password, roles, policy)

    async def admin_drop_user(self, username: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Delete a user."""
        return await self._run(adm.prepare_admin_drop_user, username, policy)

    async def admin_change_password(self, username: str, password: str,
                                    policy: Optional[dict[str, Any]] = None) -> None:
        """Change a user's password (the client's own user: later logins use the new one)."""
        return await self._run(adm.prepare_admin_change_password, username, password, policy)

    async def admin_grant_roles(self, username: str, roles: list[str],
                                policy: Optional[dict[str, Any]] = None) -> None:
        """Add roles to a user."""
        return await self._run(adm.prepare_admin_grant_roles, username, roles, policy)

    async def admin_revoke_roles(self, username: str, roles: list[str],
                                 policy: Optional[dict[str, Any]] = None) -> None:
        """Remove roles from a user."""
        return await self._run(adm.prepare_admin_revoke_roles, username, roles, policy)

    async def admin_query_user_info(self, username: str, policy: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """One user's roles and statistics."""
        return await self._run(adm.prepare_admin_query_user_info, username, policy)

    async def admin_query_users_info(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Every user's roles and statistics."""
        return await self._run(adm.prepare_admin_query_users_info, policy)

    async def admin_create_role(self, role: str, privileges: list[Any], policy: Optional[dict[str, Any]] = None,
                                whitelist: Optional[list[str]] = None,
                                read_quota: int = 0, write_quota: int = 0) -> None:
        """Create a role with privileges, and optionally a whitelist and read/write quotas."""
        return await self._run(adm.prepare_admin_create_role, role, privileges, policy, whitelist, read_quota,
                               write_quota)

    async def admin_drop_role(self, role: str, policy: Optional[dict[str, Any]] = None) -> None:
        """Delete a role."""
        return await self._run(adm.prepare_admin_drop_role, role, policy)

    async def admin_grant_privileges(self, role: str, privileges: list[Any],
                                     policy: Optional[dict[str, Any]] = None) -> None:
        """Add privileges to a role."""
        return await self._run(adm.prepare_admin_grant_privileges, role, privileges, policy)

    async def admin_revoke_privileges(self, role: str, privileges: list[Any],
                                      policy: Optional[dict[str, Any]] = None) -> None:
        """Remove privileges from a role."""
        return await self._run(adm.prepare_admin_revoke_privileges, role, privileges, policy)

    async def admin_query_role(self, role: str, policy: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """One role's privileges, whitelist and quotas."""
        return await self._run(adm.prepare_admin_query_role, role, policy)

    async def admin_query_roles(self, policy: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Every role's privileges, whitelist and quotas."""
        return await self._run(adm.prepare_admin_query_roles, policy)

    async def admin_set_whitelist(self, role: str, whitelist: list[str],
                                  policy: Optional[dict[str, Any]] = None) -> None:
        """Set the client addresses a role may log in from (empty: any)."""
        return await self._run(adm.prepare_admin_set_whitelist, role, whitelist, policy)

    async def admin_set_quotas(self, role: str, read_quota: int = 0, write_quota: int = 0,
                               policy: Optional[dict[str, Any]] = None) -> None:
        """Set a role's read and write quotas (records per second; 0: unlimited)."""
        return await self._run(adm.prepare_admin_set_quotas, role, read_quota, write_quota, policy)

    # -- query -------------------------------------------------------------------

    def query(self, namespace: str, set_name: str) -> "AsyncQuery":
        """A query on ``namespace``/``set_name``: a scan unless ``where()`` adds a predicate."""
        return AsyncQuery(self, namespace, set_name)

    def _query_chunks(self, query: QueryBase, policy: Any) -> "_QueryStream":
        return _QueryStream(self, query, policy)


class _QueryStream:
    """Chunks of records of one running query, streamed by the C listener.

    Leaving early -- ``close()``, cancellation, an exception, or simply
    dropping the iterator -- cancels the stream: the listener drops what still
    arrives and the request is released when the C client reports the query
    finished (close() of the client waits for that).
    """

    def __init__(self, client: AsyncClient, query: QueryBase, policy: Any) -> None:
        self._client = client
        self._query = query
        self._spec = query._spec(policy)
        self._completions: Optional[_Completions] = None
        self._pending: Optional[_Stream] = None
        self._closed = False
        self._failed = False

    async def _start(self) -> None:
        # Registered as active only while the cluster handle is used: afterwards
        # the stream needs just its request, and close() cancels open streams.
        spec, c_policy, queue = self._spec
        handle = self._client._handle_for_command()
        handle.active.append(None)
        try:
            if not handle.open:
                raise not_connected()
            completions = self._client._completions
            assert completions is not None
            req = new_request()
            prepare_query(handle.ptr, req, spec, c_policy, queue)
            begin_page(req, self._query)
            if completions.limit and completions.must_wait():
                await completions.acquire_slot(self._client._queue_timeout_ms)
            if not handle.open:
                raise not_connected()
            self._completions = completions
            self._pending = completions.submit_stream(handle.ptr, req)
        finally:
            handle.active.pop()

    def __aiter__(self) -> "_QueryStream":
        return self

    async def __anext__(self) -> list[Record]:
        if self._pending is None and not self._closed:
            if not self._spec[0]:  # an empty partition filter
                empty_page(self._query)
                self._closed = True
                raise StopAsyncIteration
            await self._start()
        while not self._closed:
            pending, completions = self._pending, self._completions
            assert pending is not None and completions is not None
            if pending.abandoned:  # the client was closed under the stream
                self._closed = True
                raise not_connected()
            req = pending.req
            done = lib.aspy_stream_take(req, 0)
            chunk = take_records(req)
            if done:  # the drain forgets the stream once C's last push is drained
                self._closed = True
                self._failed = bool(req.err.code)
                if not chunk and self._failed:
                    self._failed = False
                    raise error_from(req)
                if not self._failed:
                    end_page(req, self._query)
            if chunk:
                return chunk
            if done:
                break
            try:
                await completions.wait_chunk(pending)
            except BaseException:
                self.close()
                raise
        if self._failed and self._pending is not None:  # after the records that came before it
            self._failed = False
            raise error_from(self._pending.req)
        raise StopAsyncIteration

    def close(self) -> None:
        """Stop the query (a no-op once it has ended)."""
        if self._pending is not None and self._completions is not None and not self._closed:
            self._completions.abandon_stream(self._pending)
        self._closed = True

    async def aclose(self) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


class _RecordIterator:
    """``async for record in query``: records one at a time over a _QueryStream."""

    def __init__(self, stream: _QueryStream) -> None:
        self._stream = stream
        self._chunk: list[Record] = []
        self._index = 0

    def __aiter__(self) -> "_RecordIterator":
        return self

    async def __anext__(self) -> Record:
        while self._index >= len(self._chunk):
            self._chunk = await self._stream.__anext__()
            self._index = 0
        record = self._chunk[self._index]
        self._index += 1
        return record

    async def aclose(self) -> None:
        self._stream.close()

    def close(self) -> None:
        self._stream.close()


class AsyncQuery(QueryBase):
    """A secondary-index query, or a scan without ``where()``, for AsyncClient.

    ``await results()`` returns every record; ``foreach()`` and
    ``async for record in query`` stream them as the event loop receives them.
    """

    async def results(self, policy: Optional[dict[str, Any]] = None) -> list[Record]:
        """Every matching record (nothing is returned if the query fails midway)."""
        records: list[Record] = []
        async for chunk in self._client._query_chunks(self, policy):
            records.extend(chunk)
        return records

    async def foreach(self, callback: Callable[[Record], Optional[bool]],
                      policy: Optional[dict[str, Any]] = None) -> None:
        """Call ``callback`` per record as it arrives; returning False stops the query."""
        stream = self._client._query_chunks(self, policy)
        try:
            async for chunk in stream:
                for record in chunk:
                    if callback(record) is False:
                        return
        finally:
            stream.close()

    def records(self, policy: Optional[dict[str, Any]] = None) -> _RecordIterator:
        """``async for`` over the records as they arrive; leaving the loop stops the query."""
        return _RecordIterator(self._client._query_chunks(self, policy))

    def __aiter__(self) -> _RecordIterator:
        return self.records()

    async def execute_background(self, ops: Optional[list[dict[str, Any]]] = None,
                                 policy: Optional[dict[str, Any]] = None) -> int:
        """Run ``ops`` (or the UDF given to ``apply()``) on every matching record on the server; the job id."""
        return await self._client._run(udf.prepare_query_background, self, ops, policy)
