"""The async client: commands run on the C client's event loops.

How a completion reaches an awaiting task (see include/aspy_async.c):
the C listener records the result in the request and queues its ticket on
this client's completion queue, signalling an eventfd when the queue was
empty.  The caller's event loop watches that fd -- asyncio with
``add_reader``, trio with a system task in ``wait_readable`` -- and drains
every finished ticket in one call, waking each command's task (an asyncio
future, a parked trio task).  No thread hop, no GIL on the loop threads, one
wake-up per burst of completions.

Cancellation: a cancelled await abandons its ticket but the request stays in
``_pending`` (so its C memory lives) until the C side completes it; the drain
then drops it.  Backpressure: ``max_concurrent_operations`` bounds commands
in flight per client; waiting longer than ``operation_queue_timeout_ms`` for
a slot raises ``BackpressureError``.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from typing import Any, Callable, Literal, Optional

import anyio

from aerospike_py import _command as cmd
from aerospike_py import _loops
from aerospike_py import _observability as _obs
from aerospike_py import exception as _exc
from aerospike_py._binding import ffi, lib
from aerospike_py._client import ClientCore, _ClusterHandle, not_connected
from aerospike_py._batch import LazyBatchRecords
from aerospike_py._convert import error_from, new_request
from aerospike_py._query import QueryBase, prepare_query, take_records
from aerospike_py.types import BatchWriteResult, ExistsResult, InfoNodeResult, OperateOrderedResult, Record

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


class _Pending:
    """One command in flight: its request (kept alive here) and whom to wake."""

    __slots__ = ("req", "done", "waker", "abandoned", "stream")

    def __init__(self, req: Any, stream: bool = False) -> None:
        self.req = req
        self.done = False
        self.waker: Any = None
        self.abandoned = False
        self.stream = stream  # a query: woken once per chunk, done when the stream says so


class _AsyncioDriver:
    """asyncio: the loop calls drain() when the fd is readable; a future per command."""

    def __init__(self, completions: "_Completions", loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._fd = completions.fd
        loop.add_reader(self._fd, completions.drain)

    def matches(self) -> bool:
        return asyncio._get_running_loop() is self.loop

    def waiter(self, pending: _Pending) -> Any:
        """The command's future: awaiting it directly keeps the await chain short.

        A cancelled await cancels the future, which is how the drain learns
        that the command was abandoned.
        """
        future = self.loop.create_future()
        pending.waker = future
        return future

    @staticmethod
    def wake(pending: _Pending) -> bool:
        future = pending.waker
        if future.done():  # cancelled: nobody waits any more
            return False
        future.set_result(None)
        return True

    def close(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self._fd)


class _TrioDriver:
    """trio: a system task waits on the fd and drains; commands park their task."""

    def __init__(self, completions: "_Completions") -> None:
        import trio

        self._trio = trio
        self._token = trio.lowlevel.current_trio_token()
        self._scope = trio.CancelScope()
        self._completions = completions
        trio.lowlevel.spawn_system_task(self._drain_forever, name="aerospike_py completions")

    async def _drain_forever(self) -> None:
        with self._scope:
            fd = self._completions.fd
            while True:
                await self._trio.lowlevel.wait_readable(fd)
                self._completions.drain()

    def matches(self) -> bool:
        try:
            return self._trio.lowlevel.current_trio_token() is self._token
        except RuntimeError:
            return False

    def waiter(self, pending: _Pending) -> Any:
        return self._park(pending)

    async def _park(self, pending: _Pending) -> None:
        lowlevel = self._trio.lowlevel
        pending.waker = lowlevel.current_task()

        def abort(raise_cancel: Any) -> Any:
            pending.abandoned = True
            pending.waker = None
            return lowlevel.Abort.SUCCEEDED

        await lowlevel.wait_task_rescheduled(abort)

    def wake(self, pending: _Pending) -> bool:
        task = pending.waker
        if task is None or pending.abandoned:
            return False
        pending.waker = None
        self._trio.lowlevel.reschedule(task)
        return True

    def close(self) -> None:
        self._scope.cancel()


class _Completions:
    """One client's completion queue and the tickets in flight on it."""

    def __init__(self, max_concurrent: int) -> None:
        cq = lib.aspy_cq_new()
        if cq == ffi.NULL:
            raise OSError("cannot create the completion queue (eventfd)")
        self._cq = cq
        self.fd = lib.aspy_cq_fd(cq)
        self._tickets = ffi.new("uint64_t[]", _DRAIN_BATCH)
        self._pending: dict[int, _Pending] = {}
        self._next_ticket = 1
        self._driver: Any = None
        # Finished requests, reused: a command allocates nothing in the common case.
        self._spare: list[Any] = []
        self._slots = anyio.Semaphore(max_concurrent) if max_concurrent > 0 else None
        self._max_concurrent = max_concurrent

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def _current_driver(self) -> Any:
        driver = self._driver
        if driver is not None and driver.matches():
            return driver
        if driver is not None:
            driver.close()
        if _in_trio():
            driver = _TrioDriver(self)
        else:
            driver = _AsyncioDriver(self, asyncio.get_running_loop())
        self._driver = driver
        return driver

    async def acquire_slot(self, timeout_ms: int) -> None:
        if self._slots is None:
            return
        if timeout_ms > 0:
            try:
                with anyio.fail_after(timeout_ms / 1000):
                    await self._slots.acquire()
            except TimeoutError:
                raise _exc.BackpressureError(
                    f"no free operation slot within {timeout_ms} ms "
                    f"(max_concurrent_operations={self._max_concurrent})", -11
                ) from None
        else:
            await self._slots.acquire()

    def take_request(self) -> Any:
        spare = self._spare
        return spare.pop() if spare else new_request()

    def give_back(self, req: Any) -> None:
        """Return a request whose C side is finished (never one still in flight)."""
        if len(self._spare) < _SPARE_REQUESTS:
            self._spare.append(req)

    def submit(self, as_: Any, req: Any) -> Any:
        """Queue ``req`` on an event loop; returns what to await for its completion."""
        driver = self._driver
        if driver is None or not driver.matches():
            driver = self._current_driver()
        pending = self._start(as_, req, False)
        return driver.waiter(pending)

    def _start(self, as_: Any, req: Any, stream: bool) -> _Pending:
        ticket = self._next_ticket
        self._next_ticket = ticket + 1
        req.ticket = ticket
        if lib.aspy_execute_async(as_, req, self._cq):
            if self._slots is not None:
                self._slots.release()
            raise error_from(req)
        pending = _Pending(req, stream)
        self._pending[ticket] = pending
        return pending

    def submit_stream(self, as_: Any, req: Any) -> _Pending:
        """Start a query; its chunks are awaited with ``wait_chunk``."""
        self._current_driver()
        return self._start(as_, req, True)

    def wait_chunk(self, pending: _Pending) -> Any:
        """What to await until the stream may have new records (or has ended)."""
        return self._current_driver().waiter(pending)

    def end_stream(self, pending: _Pending) -> None:
        """Forget a finished stream and free its slot."""
        if self._pending.pop(pending.req.ticket, None) is not None and self._slots is not None:
            self._slots.release()
        pending.done = True

    def abandon_stream(self, pending: _Pending) -> None:
        """The consumer is gone: drop its records from now on, forget it once C is done."""
        if pending.done:
            return
        pending.abandoned = True
        pending.waker = None
        lib.aspy_stream_cancel(pending.req)
        if lib.aspy_stream_take(pending.req, 0):
            self.end_stream(pending)

    def drain(self) -> None:
        """Collect finished tickets and wake their tasks (runs on the event loop)."""
        tickets = self._tickets
        pending = self._pending
        wake = self._driver.wake
        while True:
            n = lib.aspy_cq_drain(self._cq, tickets, _DRAIN_BATCH)
            for i in range(n):
                ticket = tickets[i]
                entry = pending.get(ticket)
                if entry is None:
                    continue
                if entry.stream:
                    if entry.abandoned:
                        if lib.aspy_stream_take(entry.req, 0):
                            self.end_stream(entry)
                    elif entry.waker is not None:
                        wake(entry)
                    continue
                del pending[ticket]
                entry.done = True
                if self._slots is not None:
                    self._slots.release()
                if not wake(entry):
                    self.give_back(entry.req)  # abandoned: its task was cancelled
            if n < _DRAIN_BATCH:
                break

    def abandon_streams(self) -> None:
        """Cancel every query still streaming (the client is closing)."""
        for pending in list(self._pending.values()):
            if pending.stream:
                self.abandon_stream(pending)

    async def wait_idle(self) -> None:
        """Wait for every command in flight, abandoned ones included."""
        if self._pending:
            self._current_driver()  # someone must be draining on this loop
        while self._pending:
            await anyio.sleep(0.002)

    def close(self) -> None:
        """Stop draining and free the queue; only once nothing is in flight."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None
        if self._cq != ffi.NULL and not self._pending:
            lib.aspy_cq_free(self._cq)
            self._cq = ffi.NULL


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

    async def _run(self, prepare: Callable[..., cmd.Prepared], *args: Any) -> Any:
        if _obs.enabled and not isinstance(prepare, _obs.Observed):  # all telemetry costs while off
            return await _obs.observe_async(self, self._run, prepare, args)
        handle = self._handle_for_command()
        handle.active.append(None)
        try:
            if not handle.open:
                raise not_connected()
            as_ = handle.ptr
            completions = self._completions
            assert completions is not None
            # The request stays referenced until the C side is done with it, even
            # if this task is cancelled (then the drain recycles it).
            req = completions.take_request()
            finish, context = prepare(as_, req, *args)
            if req.kind >= _FIRST_BLOCKING_KIND:
                # Info has no event-loop form: a worker thread runs it (not cancellable midway).
                failed = await anyio.to_thread.run_sync(lib.aspy_execute, as_, req)
            else:
                await completions.acquire_slot(self._queue_timeout_ms)
                await completions.submit(as_, req)
                failed = req.err.code
            try:
                if failed:
                    raise error_from(req)
                return finish(req, context)
            finally:
                completions.give_back(req)
        finally:
            handle.active.pop()

    # -- info ----------------------------------------------------------------

    async def info_all(self, command: str, policy: Optional[dict[str, Any]] = None) -> list[InfoNodeResult]:
        return await self._run(cmd.prepare_info_all, command, policy)

    async def info_random_node(self, command: str, policy: Optional[dict[str, Any]] = None) -> str:
        return await self._run(cmd.prepare_info_random_node, command, policy)

    # -- key-value -----------------------------------------------------------

    async def put(self, key: Any, bins: dict[str, Any], meta: Optional[dict[str, Any]] = None,
                  policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_put, key, bins, meta, policy)

    async def get(self, key: Any, policy: Optional[dict[str, Any]] = None) -> Record:
        return await self._run(cmd.prepare_get, key, policy)

    async def select(self, key: Any, bins: list[str], policy: Optional[dict[str, Any]] = None) -> Record:
        return await self._run(cmd.prepare_select, key, bins, policy)

    async def exists(self, key: Any, policy: Optional[dict[str, Any]] = None) -> ExistsResult:
        return await self._run(cmd.prepare_exists, key, policy)

    async def remove(self, key: Any, meta: Optional[dict[str, Any]] = None,
                     policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_remove, key, meta, policy)

    async def touch(self, key: Any, val: int = 0, meta: Optional[dict[str, Any]] = None,
                    policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_touch, key, val, meta, policy)

    async def append(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
                     policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_append, key, bin, val, meta, policy)

    async def prepend(self, key: Any, bin: str, val: Any, meta: Optional[dict[str, Any]] = None,
                      policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_prepend, key, bin, val, meta, policy)

    async def increment(self, key: Any, bin: str, offset: int | float, meta: Optional[dict[str, Any]] = None,
                        policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_increment, key, bin, offset, meta, policy)

    async def remove_bin(self, key: Any, bin_names: list[str], meta: Optional[dict[str, Any]] = None,
                         policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_remove_bin, key, bin_names, meta, policy)

    async def operate(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                      policy: Optional[dict[str, Any]] = None) -> Record:
        return await self._run(cmd.prepare_operate, key, ops, meta, policy)

    async def operate_ordered(self, key: Any, ops: list[dict[str, Any]], meta: Optional[dict[str, Any]] = None,
                              policy: Optional[dict[str, Any]] = None) -> OperateOrderedResult:
        return await self._run(cmd.prepare_operate_ordered, key, ops, meta, policy)

    # -- batch -----------------------------------------------------------------

    async def batch_read(self, keys: list[Any], bins: Optional[list[str]] = None,
                         policy: Optional[dict[str, Any]] = None) -> LazyBatchRecords:
        return await self._run(cmd.prepare_batch_read, keys, bins, policy)

    async def batch_operate(self, keys: list[Any], ops: list[dict[str, Any]],
                            policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        return await self._run(cmd.prepare_batch_operate, keys, ops, policy)

    async def batch_write(self, records: list[Any], policy: Optional[dict[str, Any]] = None,
                          retry: int = 0) -> BatchWriteResult:
        return await self._run(cmd.prepare_batch_write, records, policy, retry)

    async def batch_remove(self, keys: list[Any], policy: Optional[dict[str, Any]] = None) -> BatchWriteResult:
        return await self._run(cmd.prepare_batch_remove, keys, policy)

    # -- indexes and truncate (worker thread: the C client has no async form) --

    async def index_integer_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                   policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 0, 0, policy)

    async def index_string_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                  policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 1, 0, policy)

    async def index_geo2dsphere_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                                       policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name, 3, 0, policy)

    async def index_create(self, namespace: str, set_name: str, bin_name: str, index_name: str,
                           index_datatype: int = 0, index_type: int = 0,
                           policy: Optional[dict[str, Any]] = None) -> None:
        """A secondary index of any INDEX_* data type and INDEX_TYPE_* collection type (list, map keys...)."""
        return await self._run(cmd.prepare_index_create, namespace, set_name, bin_name, index_name,
                               index_datatype, index_type, policy)

    async def index_remove(self, namespace: str, index_name: str, policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_index_remove, namespace, index_name, policy)

    async def truncate(self, namespace: str, set_name: str, nanos: int = 0,
                       policy: Optional[dict[str, Any]] = None) -> None:
        return await self._run(cmd.prepare_truncate, namespace, set_name, nanos, policy)

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
        self._spec = query._spec(policy)
        self._completions: Optional[_Completions] = None
        self._pending: Optional[_Pending] = None
        self._closed = False

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
            await completions.acquire_slot(self._client._queue_timeout_ms)
            self._completions = completions
            self._pending = completions.submit_stream(handle.ptr, req)
        finally:
            handle.active.pop()

    def __aiter__(self) -> "_QueryStream":
        return self

    async def __anext__(self) -> list[Record]:
        if self._pending is None and not self._closed:
            if not self._spec[0]:  # an empty partition filter
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
            if done:
                completions.end_stream(pending)
                self._closed = True
                if not chunk and req.err.code:
                    raise error_from(req)
            if chunk:
                return chunk
            if done:
                break
            try:
                await completions.wait_chunk(pending)
            except BaseException:
                self.close()
                raise
        pending = self._pending
        if pending is not None and pending.done and pending.req.err.code and not pending.abandoned:
            pending.abandoned = True  # report the error once
            raise error_from(pending.req)
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
